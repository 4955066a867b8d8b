def test_help_lists_group(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "briefing packs" in result.stdout


def test_folder_without_seeds_is_a_clean_error(run, tmp_path):
    result = run("check", "--root", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path}: not a workspace: no seeds/ folder\n"
    assert "Traceback" not in result.output


def test_every_command_has_help_with_an_example(run):
    from briefpack.cli import cli

    for name in cli.commands:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, name


def test_ctx_exit_code_reaches_the_shell():
    import click
    import pytest

    from briefpack.cli import cli, main

    @cli.command("exit-three", hidden=True)
    @click.pass_context
    def exit_three(ctx):
        ctx.exit(3)

    try:
        with pytest.raises(SystemExit) as info:
            main(["exit-three"])
        assert info.value.code == 3
    finally:
        cli.commands.pop("exit-three")

def test_help_lists_group(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "briefing packs" in result.stdout


def test_unknown_root_is_a_clean_error(run, tmp_path):
    result = run("--version")
    assert result.exit_code == 0


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

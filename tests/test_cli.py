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

    assert len(cli.list_commands(None)) == 16
    for name in cli.list_commands(None):
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


def test_a_command_loads_only_its_own_module():
    """``briefpack build`` loads commands/build.py, not the modules of the other commands (a fresh
    interpreter: nothing loaded before)."""
    import subprocess
    import sys

    code = ("import sys\nfrom briefpack.cli import cli\nassert cli.get_command(None, 'build').name == 'build'\n"
            "print(sorted(m for m in sys.modules if m.startswith('briefpack.commands.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["['briefpack.commands.build']"]

def test_help_lists_group(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "briefing packs" in result.stdout


def test_unknown_root_is_a_clean_error(run, tmp_path):
    result = run("--version")
    assert result.exit_code == 0

"""Approvals bound to a document's content, and the release policy that asks for them."""

import json
import subprocess

import pytest
from corpus_builder import REGIONAL, briefpack_command

POLICY = 'release: {approvals: 1, author: "N. Analyst"}\n'


@pytest.fixture
def desk(corpus, run):
    """The regional brief under a policy of one approval by someone other than N. Analyst, built."""
    corpus.brief("regional", REGIONAL + POLICY)

    def cli(*args):
        return run(*args, "--root", corpus.root)

    assert cli("build", "briefs/regional.yaml", "--quiet").exit_code == 0
    corpus.cli = cli
    return corpus


def test_publish_is_refused_without_the_approvals_the_policy_asks_for(desk):
    result = desk.cli("publish", "briefs/regional.yaml")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: briefs/regional.yaml:15: regional: not published: the release policy (briefs/regional.yaml) "
        "asks for 1 approval by someone other than the author (N. Analyst), and it has 0; none recorded "
        "(briefpack approve briefs/regional.yaml --by NAME)\n")
    assert not list(desk.root.glob("editions/*/edition-*.json"))


def test_the_authors_own_approval_does_not_count(desk):
    approved = desk.cli("approve", "briefs/regional.yaml", "--by", "n. analyst")
    assert approved.exit_code == 0
    assert "warning: n. analyst is the author of regional (briefs/regional.yaml): their approval is recorded " \
           "but does not count towards its release" in approved.stderr
    result = desk.cli("publish", "briefs/regional.yaml")
    assert result.exit_code == 1
    assert result.stderr.endswith("and it has 0; approval by n. analyst does not count: the author does not "
                                  "approve their own product\n")


def test_an_approval_by_a_reviewer_releases_the_edition_and_is_recorded_with_it(desk):
    approved = desk.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer", "--note", "Cleared")
    assert approved.stdout == ("Approved regional, the draft of edition 1, by A. Reviewer: "
                               "editions/regional/approval-1.json\n")
    record = json.loads((desk.root / "editions/regional/approval-1.json").read_text(encoding="utf-8"))
    built = desk.manifest()["documents"]["regional"]
    assert record["content"] == built["content"]  # the finished document's hash, whatever the format
    assert set(record["drafts"]) == {"regional.docx", "regional.pdf"}
    result = desk.cli("publish", "briefs/regional.yaml")
    assert result.exit_code == 0, result.output
    edition = json.loads((desk.root / "editions/regional/edition-1.json").read_text(encoding="utf-8"))
    assert [(a["by"], a["note"], a["record"]) for a in edition["approvals"]] == \
        [("A. Reviewer", "Cleared", "approval-1.json")]
    assert edition["review"] == "approved"
    assert "8 excerpts, 3 sources, approved by A. Reviewer" in desk.cli("editions").stdout


def test_a_change_to_a_cited_excerpt_voids_the_approval(desk):
    assert desk.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer").exit_code == 0
    desk.edit_excerpt("kz-recruit", summary="ISKP recruits Kazakhs abroad.")
    listed = desk.cli("editions")
    assert listed.stdout == ("regional (briefs/regional.yaml), edition 1 (not yet published)\n"
                             "  approval by A. Reviewer void: excerpt kz-recruit changed\n")
    result = desk.cli("build", "briefs/regional.yaml", "--publish", "--strict")
    assert result.exit_code == 1
    assert "and it has 0; approval by A. Reviewer void: excerpt kz-recruit changed" in result.stderr
    pending = json.loads(desk.cli("editions", "--json").stdout)
    assert pending == [{"document": "regional", "brief": "briefs/regional.yaml", "edition": 1, "pending": True,
                        "approvals": ["approval by A. Reviewer void: excerpt kz-recruit changed"]}]


def test_build_publish_builds_a_document_waiting_for_approval_as_its_draft(desk):
    result = desk.cli("build", "--publish", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: briefs/regional.yaml:15: regional: not published: the release policy (briefs/regional.yaml) "
        "asks for 1 approval by someone other than the author (N. Analyst), and it has 0; none recorded "
        "(briefpack approve briefs/regional.yaml --by NAME) (built as the draft of edition 1, for review)\n")
    from readback import pdf_text

    assert "Draft of edition 1" in pdf_text(desk.out / "regional.pdf")
    assert sorted(p.parent.name for p in desk.root.glob("editions/*/edition-1.json")) == ["handout-kg",
                                                                                          "handout-kz"]
    assert desk.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer").exit_code == 0
    assert desk.cli("build", "--publish", "--quiet").exit_code == 0  # the next run releases it
    assert "Edition 1" in pdf_text(desk.out / "regional.pdf")


def test_approve_takes_only_the_draft_as_it_is_now(desk):
    desk.edit_excerpt("kz-recruit", summary="ISKP recruits Kazakhs abroad.")
    result = desk.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer")
    assert result.exit_code == 1
    assert result.stderr == ("Error: briefs/regional.yaml: regional has changed since it was last built "
                             "(excerpt kz-recruit changed): build it again and review it before approving\n")
    assert desk.cli("build", "briefs/regional.yaml", "-q").exit_code == 0
    (desk.out / "regional.pdf").write_bytes(b"%PDF-1.7 edited")
    result = desk.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer")
    assert result.stderr == ("Error: briefs/regional.yaml: out/regional.pdf is not the draft that was built: "
                             "build it again and review it before approving\n")


def test_no_review_is_refused_where_the_policy_asks_for_review(desk, corpus):
    result = desk.cli("build", "briefs/regional.yaml", "--publish", "--no-review")
    assert result.exit_code == 1
    assert "regional: --no-review refused: the release policy (briefs/regional.yaml) asks for 1 approval " \
           "before release" in result.stderr
    corpus.brief("regional", REGIONAL)  # no policy: published, recorded as unreviewed
    assert desk.cli("build", "briefs/regional.yaml", "--publish", "--no-review").exit_code == 0
    edition = json.loads((desk.root / "editions/regional/edition-1.json").read_text(encoding="utf-8"))
    assert edition["review"] == "skipped" and edition["approvals"] == []


def test_the_workspace_sets_the_default_policy(corpus, run):
    (corpus.root / "release.yaml").write_text("approvals: 2\n", encoding="utf-8")
    assert run("build", "--root", corpus.root, "briefs/regional.yaml", "-q").exit_code == 0
    for who in ("A. Reviewer", "B. Chief"):
        result = run("publish", "--root", corpus.root, "briefs/regional.yaml")
        assert result.exit_code == 1 and "the release policy (release.yaml) asks for 2 approvals" in result.stderr
        assert run("approve", "--root", corpus.root, "briefs/regional.yaml", "--by", who).exit_code == 0
    assert run("build", "--root", corpus.root, "briefs/regional.yaml", "--publish").exit_code == 0


def test_a_bad_release_field_is_reported_at_its_line(corpus, run):
    corpus.brief("regional", REGIONAL + "release: {approvals: some}\n")
    result = run("check", "--root", corpus.root)
    assert "briefs/regional.yaml:15: release approvals must be a whole number, 0 or more" in result.output


def test_two_approvals_at_once_are_both_recorded_in_one_chain(desk):
    procs = [subprocess.Popen(briefpack_command() + ["approve", "--root", str(desk.root), "briefs/regional.yaml",
                                                     "--by", who], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for who in ("A. Reviewer", "B. Chief")]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    result = desk.cli("verify")
    assert result.stdout == "editions/: 2 records (2 approvals), the chain is intact.\n"
    assert sorted(p.name for p in (desk.root / "editions/regional").iterdir()) == ["approval-1.json",
                                                                                  "approval-2.json"]


def test_an_approval_waits_for_a_publish_that_holds_the_record(desk):
    import sys
    import textwrap
    import time

    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from briefpack.pipeline.records import records_lock
        with records_lock(Path({str(desk.root)!r}), wait=False):
            print("locked", flush=True)
            sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        refused = desk.cli("build", "briefs/regional.yaml", "--publish")
        assert refused.exit_code == 1
        assert refused.stderr == ("Error: editions: another publish or approval is running in this workspace's "
                                  "editions (use --wait to wait for it)\n")
        waiting = subprocess.Popen(briefpack_command() + ["approve", "--root", str(desk.root), "briefs/regional.yaml",
                                                          "--by", "A. Reviewer"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # the holder lets go only once the approval says it waits (however long it takes to start)
        assert waiting.stderr.readline() == "Waiting for another publish or approval to finish recording ...\n"
        time.sleep(0.5)
        assert waiting.poll() is None  # still waiting for the record
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert err == ""  # nothing more than the one line read above
    assert out.startswith("Approved regional, the draft of edition 1, by A. Reviewer")

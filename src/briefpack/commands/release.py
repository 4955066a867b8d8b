"""The commands of a release: ``approve`` (a reviewer's approval of the next
edition's content) and ``verify`` (the record's hash chain, or one released file)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ProblemsError
from ..workspace import resolve_root, root_option


@click.command()
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", required=True, metavar="NAME", help="Who approves (the reviewer's name).")
@click.option("--note", default="", metavar="TEXT", help="A note recorded with the approval.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder holding the reviewed draft. Default: out/ in the workspace.")
@root_option
def approve(briefs, by, note, out_dir, root):
    """Approve the reviewed draft of each document of BRIEF for release.

    Records, in editions/, an approval of the draft built in the output folder:
    who, when, and the content hash of the finished document (the same for
    every format). It counts for the next edition only while the document's
    inputs stay as approved: any change voids it (briefpack editions says which).
    A release policy (release: {approvals: 1, author: "N. Analyst"} in the brief)
    makes publish wait for enough approvals by people other than the author.

    \b
    Examples:
        briefpack build briefs/central-asia.yaml && briefpack approve briefs/central-asia.yaml --by "A. Reviewer"
        briefpack approve briefs/central-asia.yaml --by "B. Chief" --note "Cleared for partners"
    """
    from ..errors import problem_line
    from ..pipeline.approvals import approve as record_approval
    from ..pipeline.build import find_briefs
    from .build import check_paths

    root = resolve_root(root)
    check_paths(root, briefs, out_dir)
    paths = find_briefs(root, list(briefs))
    lines, warnings = record_approval(root, paths, by, note, out_dir or root / "out", on_wait=lambda: click.echo(
        "Waiting for another publish or approval to finish recording ...", err=True))
    for warning in warnings:
        click.echo(problem_line(warning), err=True)
    for line in lines:
        click.echo(line)


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was checked as JSON.")
@root_option
def verify(file, as_json, root):
    """Check the release record, or what a released PDF or DOCX is.

    Without FILE: walk the hash chain of editions/ (every edition, approval
    and copies record carries the hash of the one before) and say where it
    breaks. With FILE: which document and edition it is, whether its bytes are
    exactly that edition's (or a recipient's copy of it), whether its signature
    is valid and by whom, and who approved it. Exit 0 only when all hold.

    \b
    Examples:
        briefpack verify
        briefpack verify out/central-asia.pdf
        briefpack verify ~/Downloads/central-asia-for-j-smith.docx --json
    """
    import json

    root = resolve_root(root)
    if file is None:
        from ..pipeline.records import chain_problems, chain_summary

        problems, notes = chain_problems(root)
        if as_json:
            click.echo(json.dumps({"intact": not problems, "problems": problems, "notes": notes}, indent=2))
        else:
            click.echo(chain_summary(root) + (", the chain is intact." if not problems else "."))
            for note in notes:
                click.echo(f"  {note}")
        if problems:
            raise ProblemsError(problems)
        return
    from ..pipeline.verify import verification_lines, verify_file

    found = verify_file(root, file)
    click.echo(json.dumps(found, indent=2, ensure_ascii=False) if as_json else "\n".join(verification_lines(found)))
    if found["reasons"]:
        raise ProblemsError([f"{file}: {reason}" for reason in found["reasons"]])

"""The commands about editions: ``editions`` (what was published) and ``diff``
(what changed in the library between two editions)."""

from __future__ import annotations

from pathlib import Path

import click

from ..workspace import resolve_root, root_option
from .build import check_paths
from .library import echo_listing


@click.command()
@click.argument("brief", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of editions.")
@root_option
def editions(brief, as_json, root):
    """List the published editions of every document (or of BRIEF's), newest first,
    and the approvals recorded for each next edition: whether each still holds, or
    what change voided it.

    \b
    Examples:
        briefpack editions
        briefpack editions briefs/central-asia.yaml --json
    """
    from ..pipeline.published import edition_lines, edition_records

    root = resolve_root(root)
    check_paths(root, [brief] if brief else [], None)
    rel = None
    if brief is not None:
        from ..pipeline.build import find_briefs

        rel = _workspace_path(find_briefs(root, [brief])[0], root)
    from ..pipeline.approvals import next_edition_notes

    records, upcoming = edition_records(root, rel), next_edition_notes(root, rel)
    if as_json:
        echo_listing(records + [{**u, "pending": True} for u in upcoming], True)
        return
    lines = edition_lines(records) if records or not upcoming else []
    for u in upcoming:
        lines.append(f"{u['document']} ({u['brief']}), edition {u['edition']} (not yet published)")
        lines += [f"  {line}" for line in u["approvals"]]
    echo_listing(lines, False)


def _workspace_path(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@root_option
def diff(old, new, root):
    """Show what changed in the library between two editions.

    OLD and NEW are each a build manifest (out/manifest.json, a copy of it
    under any name, or the folder holding it) or a git revision of the
    workspace; without NEW, the library as it is on disk.

    \b
    Examples:
        briefpack diff HEAD~1
        briefpack diff v2024-05 v2024-06
        briefpack diff old-out/manifest.json out/manifest.json
    """
    from ..pipeline.editions import diff_lines, read_edition

    root = resolve_root(root)
    from ..terminal import visible

    for line in diff_lines(read_edition(old, root), read_edition(new, root)):
        click.echo(visible(line))

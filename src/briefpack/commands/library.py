"""The commands about the library: ``check``, ``excerpts``, ``sources``, ``tags``, ``rename`` and
``impact`` (where an excerpt or a source is cited)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import BriefpackError
from ..workspace import resolve_root, root_option


@click.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True, help="Check every file again, ignoring .briefpack-cache/.")
@root_option
def check(strict, no_cache, root):
    """Check the source library (formats, tags, that every quote is verbatim) and
    the analyst text of the briefs (ICD 203 estimative language, citations).

    Prints one line per problem (path:line: message), then a summary. Exits 0
    when there are no errors (warnings allowed), 1 when there are errors.

    \b
    Examples:
        briefpack check
        briefpack check --strict --root ~/work/central-asia
    """
    from ..compose.brief_check import check_briefs
    from ..errors import problem_line
    from ..library.check import check_library, summary
    from ..pipeline.build_checks import missing_glyphs, withdrawn_support
    from ..terminal import visible

    root = resolve_root(root)
    library, problems = check_library(root, use_cache=not no_cache)
    found, notes = check_briefs(root, library)
    found += [p for p in withdrawn_support(root, library) + missing_glyphs(library) if p not in found]
    problems = problems + found
    for problem in problems:
        click.echo(problem_line(problem))
    for note in notes:
        click.echo(visible(note))
    text, failed = summary(library, problems, strict)
    if failed:
        raise BriefpackError(text)
    click.echo(text)


@click.command()
@click.argument("query", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of excerpts.")
@root_option
def excerpts(query, as_json, root):
    """List the excerpts a tag QUERY selects (every excerpt without one).

    \b
    Examples:
        briefpack excerpts 'country:KZ and (topic:recruitment or topic:propaganda)'
        briefpack excerpts 'group:ISIS-K and not country:AF and date >= 2020'
        briefpack excerpts 'source:webber-2024-iskp-rising-threat and credibility <= 2' --json

    A query combines tags (facet:value, facet:* for any value, source:ID) and
    comparisons (date < 2017-06, credibility <= 2, reliability <= B) with
    and, or, not and parentheses.
    """
    from ..library.listing import excerpt_lines, excerpt_json
    from ..library.query import parse_query, select_excerpts

    parsed = parse_query(query) if query.strip() else None
    library = _checked_library(root)
    selected = select_excerpts(library, parsed)
    echo_listing([excerpt_json(e, library) for e in selected] if as_json else excerpt_lines(selected, library),
                  as_json)


def _listing_command(name: str, kind: str, summary: str) -> click.Command:
    """``briefpack sources`` or ``tags``: every record of a kind of the library,
    as lines of text or (``--json``) one JSON array."""

    @click.command(name, help=f"{summary}\n\n\b\nExamples:\n    briefpack {name}\n    briefpack {name} --json")
    @click.option("--json", "as_json", is_flag=True, help=f"Print a JSON array of {name}.")
    @root_option
    def command(as_json, root):
        from ..library import listing

        library = _checked_library(root)
        records, lines = getattr(listing, f"{kind}_records"), getattr(listing, f"{kind}_lines")
        echo_listing(records(library) if as_json else lines(library), as_json)

    return command


sources = _listing_command("sources", "source", "List the sources, with their grade and how many excerpts use each.")
tags = _listing_command("tags", "tag", "List the vocabulary: every facet and value, its label, aliases and use count.")


@click.command()
@click.argument("ident", metavar="EXCERPT-ID|SOURCE-ID")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of documents and places.")
@root_option
def impact(ident, as_json, root):
    """List every document, section and key judgment citing an excerpt (or any
    excerpt of a source), from the current briefs and library.

    Use it before withdrawing an excerpt or a source (withdrawn: "<reason>"):
    the next build names these places as having lost its support.

    \b
    Examples:
        briefpack impact webber-iskp-media-outreach
        briefpack impact webber-2024-iskp-threat --json
    """
    from ..pipeline.build import find_briefs
    from ..pipeline.impact import impact as find_impact, impact_lines

    root = resolve_root(root)
    results = find_impact(root, ident, find_briefs(root, []))
    echo_listing(results if as_json else impact_lines(ident, results), as_json)


def _checked_library(root: Path | None):
    """The checked library for a listing; with errors, ProblemsError (each printed as check prints it, exit 1)."""
    from ..errors import ProblemsError, plural
    from ..library.check import check_library

    library, problems = check_library(resolve_root(root))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ProblemsError([f"the library has {plural(len(errors), 'error')}; nothing is listed "
                             "until they are fixed (see briefpack check)"], errors)
    return library


def echo_listing(listing, as_json: bool) -> None:
    """JSON records as one array, or lines of text.

    A reader that stops early (``briefpack excerpts | head``) ends the command
    quietly with 141, the status a shell gives a command stopped by SIGPIPE, as git does.
    """
    import json
    import os

    from ..terminal import visible, visible_json

    try:
        if as_json:
            click.echo(visible_json(json.dumps(listing, indent=2, ensure_ascii=False)))
        else:
            for line in listing:
                click.echo(visible(line))
    except BrokenPipeError:
        try:  # what is still buffered goes nowhere, instead of failing again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise click.exceptions.Exit(141) from None


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--kind", type=click.Choice(["source", "excerpt"]),
              help="Which to rename when a source and an excerpt have the id OLD.")
@root_option
def rename(old, new, kind, root):
    """Rename the source or excerpt OLD to NEW, and every reference to it.

    A source: its file, its capture, every excerpt's source: and every via:;
    an excerpt: its id. Both: the briefs' citations ([@OLD]) and tag queries
    (source:OLD), and the records of published editions (editions/). Every
    file is changed, or none.

    \b
    Examples:
        briefpack rename source-2 ahmadi-2024-security-central-asia
        briefpack rename webber-2024-iskp webber-iskp-media-outreach
        briefpack rename webber-2024 webber-2024-media-quote --kind excerpt
    """
    from ..pipeline.renaming import apply_rename, plan_rename
    from ..terminal import visible

    root = resolve_root(root)
    plan = plan_rename(root, old, new, kind)
    apply_rename(plan)
    moved = dict(plan.moved)
    changed = sorted({moved.get(p, p).relative_to(root).as_posix() for p in plan.rewritten}
                     | {t.relative_to(root).as_posix() for _, t in plan.moved})
    click.echo(f"Renamed the {plan.kind} {visible(old)} to {visible(new)} in {len(changed)} files:")
    for name in changed:
        click.echo(f"  {visible(name)}")

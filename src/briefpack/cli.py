"""The command-line interface: one Click group, thin commands.

Commands import the heavy modules inside their function so that ``--help``
stays fast. Errors raised by the core (:class:`BriefpackError`) are turned into
``Error: path:line: message`` and an exit code in one place, :func:`main`.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BriefpackError
from .intake.commands import COMMANDS as INTAKE_COMMANDS
from .workspace import resolve_root, root_option
from .writers.registry import FORMATS


class _RegistryChoice(click.Choice):
    """The names of a registry, read when the command runs (what is registered then)."""

    def __init__(self, registry):
        self.registry = registry
        super().__init__([])

    @property
    def choices(self):
        return tuple(self.registry())

    @choices.setter
    def choices(self, value):
        pass


def template_limit_options(func):
    """--template-time and --template-output: the budget of one template render
    (README, Security), set before any template runs or worker process starts."""

    @click.option("--template-output", type=click.IntRange(min=1), default=20_000_000, show_default=True,
                  metavar="CHARS", help="Most characters one template (or brief text field) may produce.")
    @click.option("--template-time", type=click.FloatRange(min=0, min_open=True), default=10.0,
                  show_default=True, metavar="SECONDS", help="Most time one template may take to render.")
    @functools.wraps(func)
    def command(*args, template_time, template_output, **kwargs):
        from .compose.limits import Limits, set_limits

        set_limits(Limits(seconds=template_time, output=template_output))
        return func(*args, **kwargs)

    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefpack")
def cli():
    """Build printable briefing packs from tagged, verbatim source excerpts.

    \b
    Example:
        briefpack check
        briefpack build briefs/central-asia.yaml --format docx --format pdf
    """


@cli.command()
@click.argument("briefs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "formats", multiple=True, type=_RegistryChoice(lambda: FORMATS),
              help="Output format; repeat for several. Default: the brief's own formats.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder. Default: out/ in the workspace.")
@click.option("--reference-doc", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A house-style .docx whose styles the DOCX output takes.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Paper size (PDF, and DOCX without --reference-doc).")
@click.option("--pdf-style", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A PDF house style file (fonts, sizes, colours, margins).")
@click.option("--max-marking", metavar="LABEL", callback=lambda ctx, param, value: _marking(value),
              help="Use only excerpts whose TLP marking is no more restrictive than LABEL "
              "(TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED).")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to use. Default: one per core.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--keep-going", is_flag=True, help="Build what can be built; exit 3 if some outputs failed.")
@click.option("--wait", is_flag=True, help="Wait for another build in the same output folder to finish.")
@click.option("--publish", is_flag=True,
              help="Publish: record a new edition (in editions/) of every document that changed since its last.")
@click.option("--since", metavar="EDITION|DATE|GIT-REV",
              help="Compare against this edition (a number, the last one published on or before a "
              "YYYY-MM-DD date, or the last one at a git revision) instead of the last published.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON build report.")
@root_option
@template_limit_options
def build(briefs, formats, out_dir, reference_doc, paper, pdf_style, max_marking, force, jobs,
          strict, keep_going, wait, publish, since, quiet, as_json, root):
    """Build briefing packs from brief definitions.

    With no BRIEF, every briefs/*.yaml is built (sub-folders only when named). Outputs go to
    out/<brief-name>.docx and .pdf (a brief with for_each makes one pair per
    value: out/<brief-name>-<value>.docx). The library is checked first; an
    output whose inputs are unchanged since the last build (out/manifest.json)
    is not rebuilt.

    Each document opens with the changes since its last published edition
    (editions/ in the workspace). Builds in between are drafts of the next
    edition ("Draft of edition 5" on the cover); --publish makes this build
    the next edition ("Edition 5 · May 12, 2026") and records it.

    Exit codes: 0 built or up to date; 1 an error in the inputs (or another
    build holds the output folder); 2 a usage error; 3 with --keep-going, some
    outputs failed or the library has errors.

    \b
    Examples:
        briefpack build
        briefpack build briefs/central-asia.yaml --format docx
        briefpack build --max-marking TLP:GREEN --json
        briefpack build --publish --quiet --wait    # from cron or a systemd timer
        briefpack build briefs/central-asia.yaml --since 3
        briefpack build --since 2026-01-01 --out review/
    """
    from .pipeline.build import BuildSettings
    from .writers import WriterOptions, validate_options

    root = resolve_root(root if root is not None or not briefs else _workspace_of(briefs[0]))
    _check_paths(root, briefs, out_dir)
    writer_options = WriterOptions(reference_doc=reference_doc, paper=paper, pdf_style=pdf_style)
    for name, problem in validate_options(writer_options).items():
        raise click.BadParameter(problem, param_hint=f"'--{name.replace('_', '-')}'")
    settings = BuildSettings(
        root=root,
        briefs=list(briefs),
        formats=list(formats) or None,
        out_dir=out_dir,
        writer_options=writer_options,
        force=force,
        jobs=jobs,
        strict=strict,
        keep_going=keep_going,
        max_marking=max_marking,
        wait=wait,
        publish=publish,
        since=since,
    )
    _run_build(settings, quiet, as_json)


def _run_build(settings, quiet: bool, as_json: bool) -> None:
    """Run a build, print its report, exit as it ended."""
    from .pipeline.build import BuildReport, build as run_build
    from .reporting import build_progress, report_build, report_stopped_build

    progress = build_progress(quiet or as_json)
    report = BuildReport()
    try:
        run_build(settings, progress=progress, report=report)
    except BriefpackError as exc:
        report_stopped_build(exc, report, settings.root, as_json)
    finally:
        progress.close()
    if report_build(report, settings, quiet, as_json):
        sys.exit(3)


@cli.command()
@click.argument("briefs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder of the build to publish. Default: out/ in the workspace.")
@click.option("--wait", is_flag=True, help="Wait for another build in the same output folder to finish.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON build report.")
@root_option
def publish(briefs, out_dir, wait, quiet, as_json, root):
    """Publish what was last built: make each document the next edition.

    Every document of BRIEF (default: every document of the last builds in the
    output folder) must be unchanged since it was last built, so that what is
    published is the draft that was checked. Its outputs, in the formats last
    built, are written again with "Edition N · <date>" on the cover, and the
    edition is recorded in editions/<document>/edition-N.json, to be committed
    with the library. Use build --publish to build and publish in one step.

    \b
    Examples:
        briefpack build briefs/central-asia.yaml && briefpack publish briefs/central-asia.yaml
        briefpack publish
    """
    from .pipeline.build import BuildSettings
    from .pipeline.manifest import read_manifest

    root = resolve_root(root)
    _check_paths(root, briefs, out_dir)
    if not briefs:
        documents = read_manifest(out_dir or root / "out").get("documents", {})
        briefs = sorted({Path(r["brief"]) for r in documents.values()
                         if isinstance(r, dict) and (root / str(r.get("brief", ""))).is_file()})
        if not briefs:
            raise BriefpackError("nothing has been built in this output folder yet: build, check, then publish",
                                 path=out_dir or root / "out")
        briefs = [root / b for b in briefs]
    settings = BuildSettings(root=root, briefs=list(briefs), out_dir=out_dir, wait=wait, publish=True,
                             publish_built=True)
    _run_build(settings, quiet, as_json)


@cli.command()
@click.argument("brief", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of editions.")
@root_option
def editions(brief, as_json, root):
    """List the published editions of every document (or of BRIEF's), newest first.

    \b
    Examples:
        briefpack editions
        briefpack editions briefs/central-asia.yaml --json
    """
    from .pipeline.published import edition_lines, edition_records

    root = resolve_root(root)
    _check_paths(root, [brief] if brief else [], None)
    rel = None
    if brief is not None:
        from .pipeline.build import find_briefs

        rel = _workspace_path(find_briefs(root, [brief])[0], root)
    records = edition_records(root, rel)
    _echo_listing(records if as_json else edition_lines(records), as_json)


@cli.command()
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
    from .pipeline.build import find_briefs
    from .pipeline.impact import impact as find_impact, impact_lines

    root = resolve_root(root)
    results = find_impact(root, ident, find_briefs(root, []))
    _echo_listing(results if as_json else impact_lines(ident, results), as_json)


def _workspace_path(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)

def _check_paths(root: Path, briefs, out_dir: Path | None) -> None:
    """Usage errors: a BRIEF that is neither a file here nor in the workspace,
    an --out folder inside a file."""
    for name in briefs:
        if not (name.is_file() or (not name.exists() and (root / name).is_file())):
            raise click.BadParameter(f"no such brief file: {name}", param_hint="'BRIEF'")
    for folder in [out_dir, *out_dir.parents] if out_dir is not None else []:
        if folder.exists():
            if not folder.is_dir():
                raise click.BadParameter(f"'{folder}' is a file, not a folder.", param_hint="'--out'")
            break


def _marking(value: str | None) -> str | None:
    from .conventions.tlp import MarkingError, normalize_marking

    if value is None:
        return None
    try:
        return normalize_marking(value)[0]
    except MarkingError as exc:
        raise click.BadParameter(str(exc), param_hint="'--max-marking'") from None


@cli.command()
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
    from .pipeline.editions import diff_lines, read_edition

    root = resolve_root(root)
    from .terminal import visible

    for line in diff_lines(read_edition(old, root), read_edition(new, root)):
        click.echo(visible(line))


@cli.command()
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
    from .compose.brief_check import check_briefs
    from .errors import problem_line
    from .library.check import check_library, summary
    from .terminal import visible

    root = resolve_root(root)
    library, problems = check_library(root, use_cache=not no_cache)
    found, notes = check_briefs(root, library)
    problems = problems + found
    for problem in problems:
        click.echo(problem_line(problem))
    for note in notes:
        click.echo(visible(note))
    text, failed = summary(library, problems, strict)
    if failed:
        raise BriefpackError(text)
    click.echo(text)


@cli.command()
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
    from .library.listing import excerpt_lines, excerpt_record
    from .library.query import parse_query, select_excerpts

    parsed = parse_query(query) if query.strip() else None
    library = _checked_library(root)
    selected = select_excerpts(library, parsed)
    _echo_listing([excerpt_record(e, library) for e in selected] if as_json else excerpt_lines(selected, library),
                  as_json)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of sources.")
@root_option
def sources(as_json, root):
    """List the sources, with their grade and how many excerpts use each.

    \b
    Examples:
        briefpack sources
        briefpack sources --json
    """
    from .library.listing import source_lines, source_records

    library = _checked_library(root)
    _echo_listing(source_records(library) if as_json else source_lines(library), as_json)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of tags.")
@root_option
def tags(as_json, root):
    """List the vocabulary: every facet and value, its label, aliases and use count.

    \b
    Examples:
        briefpack tags
        briefpack tags --json
    """
    from .library.listing import tag_lines, tag_records

    library = _checked_library(root)
    _echo_listing(tag_records(library) if as_json else tag_lines(library), as_json)


def _checked_library(root: Path | None):
    """The checked library for a listing; with errors, each printed as check prints it, then exit 1."""
    from .errors import plural
    from .library.check import check_library
    from .reporting import echo_problems

    library, problems = check_library(resolve_root(root))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        echo_problems(errors)
        raise BriefpackError(f"the library has {plural(len(errors), 'error')}; nothing is listed "
                             "until they are fixed (see briefpack check)")
    return library


def _echo_listing(listing, as_json: bool) -> None:
    """JSON records as one array, or lines of text.

    A reader that stops early (``briefpack excerpts | head``) ends the command
    quietly with 141, the status a shell gives a command stopped by SIGPIPE, as git does.
    """
    import json
    import os

    from .terminal import visible, visible_json

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




def main(argv=None):
    """Entry point: run the group and turn project errors into messages."""
    try:
        # Outside standalone mode Click returns ctx.exit()'s code instead of exiting.
        code = cli.main(args=argv, prog_name="briefpack", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BriefpackError as exc:
        from .terminal import visible_lines

        click.echo(f"Error: {visible_lines(str(exc))}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug: one line, unless debugging
        import os

        if os.environ.get("BRIEFPACK_DEBUG"):
            raise
        click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(set BRIEFPACK_DEBUG=1 to see the traceback)", err=True)
        sys.exit(70)  # EX_SOFTWARE
    sys.exit(code if isinstance(code, int) else 0)


for _command in INTAKE_COMMANDS:
    cli.add_command(_command)

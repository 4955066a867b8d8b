"""How a build reports itself: progress on stderr (log lines, or a bar on a
terminal), the ``build --json`` report, and what a finished or stopped build
prints. Its errors are raised (:class:`ProblemsError`), for the CLI to print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import BriefpackError, ProblemsError, plural, relative_path
from .pipeline.build import Progress
from .terminal import visible_lines


def build_progress(silent: bool):
    """Plain log lines on stderr, a progress bar when stderr is a terminal, or nothing."""
    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    class Quiet(Progress):
        def close(self):
            pass

    class Log(Quiet):
        def waiting(self, folder):
            click.echo(f"Waiting for another build in {shown(folder)} to finish ...", err=True)

        def wrote(self, result):
            if result.status == "built":
                pages = f"{plural(result.pages, 'page')}, " if result.pages else ""
                click.echo(f"built   {shown(result.path)} ({pages}{plural(result.notes or 0, 'note')}, "
                           f"{result.seconds:.1f} s)", err=True)
            else:
                click.echo(f"failed  {shown(result.path)}", err=True)

    class Bar(Log):
        bar = None

        def writing(self, total):
            self.bar = click.progressbar(length=total, label="Writing", file=sys.stderr,
                                         item_show_func=lambda r: r and r.path.name)
            self.bar.__enter__()

        def wrote(self, result):
            self.bar.update(1, result)

        def close(self):
            if self.bar is not None:
                self.bar.__exit__(None, None, None)
                self.bar = None

    if silent:
        return Quiet()
    return Bar() if sys.stderr.isatty() else Log()


def build_report_json(report, root: Path, errors: list[str] | None = None) -> dict:
    """The ``build --json`` report; ``errors``: why the build stopped (else the
    errors of the outputs that failed)."""
    def rel(path: Path) -> str:
        return relative_path(path, root)

    return {
        "outputs": [
            {"path": rel(o.path), "brief": o.brief, "format": o.format, "status": o.status,
             "pages": o.pages, "notes": o.notes, "seconds": round(o.seconds, 3), "error": o.error or None}
            for o in report.outputs
        ],
        "built": [rel(o.path) for o in report.outputs if o.status == "built"],
        "also_rebuilt": [rel(o.path) for o in report.outputs if o.status == "built" and o.kept_in_step],
        "skipped": [rel(o.path) for o in report.outputs if o.status == "unchanged"],
        "failed": [rel(o.path) for o in report.outputs if o.status == "failed"],
        "pages": sum(o.pages or 0 for o in report.outputs if o.status == "built"),
        "notes": sum(o.notes or 0 for o in report.outputs if o.status == "built"),
        "warnings": [str(w) for w in report.warnings],
        "library_problems": [str(p) for p in report.library_problems],
        "published": [{"document": e.document, "edition": e.number, "date": e.date,
                       "file": rel(e.path)} for e in report.published],
        "errors": errors if errors is not None else list(dict.fromkeys(o.error for o in report.failed)),
        "seconds": round(report.seconds, 3),
    }


def report_stopped_build(exc: BriefpackError, report, root: Path, as_json: bool):
    """A build that stopped: what it did and why it stopped (with --json); raises
    why (with the library's problems)."""
    from .errors import LibraryError

    if as_json:  # the report of what was done, and why the build stopped
        failing = [p for p in getattr(exc, "problems", []) if p.severity == "error"] or \
            getattr(exc, "problems", [])
        errors = [str(p) for p in failing] or [str(exc)]
        click.echo(json.dumps(build_report_json(report, root, errors), indent=2, ensure_ascii=False))
    if not isinstance(exc, LibraryError):
        raise exc
    errors = sum(p.severity == "error" for p in exc.problems)
    what = plural(errors, "error") if errors else plural(len(exc.problems), "warning") + \
        " (warnings are errors with --strict)"
    why = (f"the library has {what}; nothing was built. Fix it (see briefpack check), or build without the "
           "faulty excerpts with --keep-going.")
    raise ProblemsError([why], exc.problems) from None


def report_build(report, settings, quiet: bool, as_json: bool) -> None:
    """What a build that ran prints: warnings, editions published, the report or
    a summary line. Raises (exit 3) when some outputs failed or the library has
    problems: the problems, then the errors."""
    root = settings.root
    for problem in report.warnings:
        click.echo(f"Warning: {visible_lines(str(problem))}", err=True)
    if not (as_json or quiet):
        for edition in report.published:
            click.echo(f"Published {edition.document}: {edition.label()}{edition.release_note()} "
                       f"({relative_path(edition.path.resolve(), Path(root).resolve())})")
    if as_json:
        click.echo(json.dumps(build_report_json(report, root), indent=2, ensure_ascii=False))
    elif not quiet:
        kept = [o.path.name for o in report.built if o.kept_in_step]
        if kept:
            click.echo(f"Also rebuilt {', '.join(kept)}: the formats of a document are one edition.")
        built, unchanged = len(report.built), len(report.outputs) - len(report.built)
        unchanged -= len(report.failed)
        if not report.built and not report.failed:
            click.echo(f"Up to date: {plural(unchanged, 'output')} unchanged, nothing written.")
        else:
            click.echo(f"Built {built}, unchanged {unchanged}, failed {len(report.failed)} in "
                       f"{report.seconds:.1f} s; the files are in {shown_folder(settings.out_dir or root / 'out')}/")
    errors = [str(error) for error in dict.fromkeys(failed.error for failed in report.failed)]
    if report.library_problems:
        errors.insert(0, f"the library has {plural(len(report.library_problems), 'problem')}; "
                      "built without the excerpts they concern.")
    if errors:
        raise ProblemsError(errors, report.library_problems, exit_code=3)


def shown_folder(folder: Path) -> str:
    """The output folder as the user can type it: relative to the current directory when under it."""
    folder = folder.resolve()
    try:
        return str(folder.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(folder)

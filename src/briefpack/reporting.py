"""How a build reports itself: progress on stderr (log lines, or a bar on a
terminal) and the ``build --json`` report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import plural
from .pipeline.build import Progress


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
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    return {
        "outputs": [
            {"path": rel(o.path), "brief": o.brief, "format": o.format, "status": o.status,
             "pages": o.pages, "notes": o.notes, "seconds": round(o.seconds, 3), "error": o.error or None}
            for o in report.outputs
        ],
        "built": [rel(o.path) for o in report.outputs if o.status == "built"],
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

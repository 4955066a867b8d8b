"""The build commands: ``build`` and ``publish``.

They import the heavy modules inside their function so that ``--help`` stays fast.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from ..errors import BriefpackError
from ..workspace import resolve_root, root_option, workspace_of
from ..writers.registry import FORMATS, writer_options


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


class _WriterOptionsCommand(click.Command):
    """A command that takes every registered writer option (``registry.writer_options``)
    after ``--out``: ``--reference-doc``, ``--paper``, ``--pdf-style``, read when the
    command runs, so an option is added in the registry only."""

    _options: tuple = ()

    @property
    def params(self) -> list:
        options = tuple(writer_options().values())
        if options != self._options:  # (one list while they stay the same: Click appends to it)
            own = self._own_params
            at = next((i + 1 for i, p in enumerate(own) if p.name == "out_dir"), len(own))
            self._options, self._params = options, own[:at] + [_writer_param(o) for o in options] + own[at:]
        return self._params

    @params.setter
    def params(self, value):
        self._own_params, self._options = value, None


@functools.cache
def _writer_param(option) -> click.Option:
    if option.file:
        kind = click.Path(exists=True, dir_okay=False, path_type=Path)
    else:
        kind = click.Choice(option.choices) if option.choices else option.type
    return click.Option([option.flag, option.name], type=kind, default=option.default,
                        show_default=option.default is not None, help=option.help)


def template_limit_options(func):
    """--template-time, --template-output and --template-memory: the budget of one
    template render (README, Security), set before any template runs or worker process starts."""

    @click.option("--template-memory", type=click.IntRange(min=1), default=512, show_default=True,
                  metavar="MB", help="Most memory one template may take to render, in megabytes.")
    @click.option("--template-output", type=click.IntRange(min=1), default=20_000_000, show_default=True,
                  metavar="CHARS", help="Most characters one template (or brief text field) may produce.")
    @click.option("--template-time", type=click.FloatRange(min=0, min_open=True), default=10.0,
                  show_default=True, metavar="SECONDS", help="Most time one template may take to render.")
    @functools.wraps(func)
    def command(*args, template_time, template_output, template_memory, **kwargs):
        from ..compose.budget import Limits, set_limits

        set_limits(Limits(seconds=template_time, output=template_output, memory=template_memory))
        return func(*args, **kwargs)

    return command


def recipient_options(func):
    """--to, --to-list and --per-recipient: who receives a published edition, and a copy for each."""

    @click.option("--per-recipient", is_flag=True,
                  help="With --to: write a copy for each recipient (<document>-for-<name>.docx/.pdf), "
                  '"Prepared for NAME · Edition N · <hash>" in every page foot and in its metadata.')
    @click.option("--to-list", "to_list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  metavar="FILE", help="Recipients, one a line (# starts a comment), as if each were given with --to.")
    @click.option("--to", "to", multiple=True, metavar="NAME",
                  help="Record NAME as a recipient of the published edition; repeat for several.")
    @functools.wraps(func)
    def command(*args, to, to_list, per_recipient, **kwargs):
        from ..pipeline.copies import read_recipients

        recipients = read_recipients(list(to), to_list)
        if per_recipient and not recipients:
            raise click.UsageError("--per-recipient goes with --to NAME (or --to-list FILE)")
        return func(*args, recipients=recipients, per_recipient=per_recipient, **kwargs)

    return command


def release_options(when: str = ""):
    """--stix, --no-review, --sign and --cert: how a published edition is released (``when``:
    what their help says they go with, for build: "With --publish: ")."""
    def text(help_text: str) -> str:
        return when + (help_text[:1].lower() if when else help_text[:1]) + help_text[1:]

    file = click.Path(exists=True, dir_okay=False, path_type=Path)
    options = [
        click.option("--stix", is_flag=True, help=text("Write each new edition as a STIX 2.1 bundle too "
                                                       "(<document>.stix.json in the output folder), recorded with it.")),
        click.option("--no-review", is_flag=True,
                     help=text("Publish without review; refused where the release policy asks for approvals.")),
        click.option("--sign", "sign_key", type=file, metavar="KEY",
                     help=text("Sign every published PDF (PAdES) with this private key (PEM, with --cert) or "
                               "PKCS#12 file (.p12, .pfx). Default: sign: in release.yaml, if any.")),
        click.option("--cert", "sign_cert", type=file, metavar="CERT", help="The certificate (PEM) of the --sign key."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


@click.command(cls=_WriterOptionsCommand)
@click.argument("briefs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "formats", multiple=True, type=_RegistryChoice(lambda: FORMATS),
              help="Output format; repeat for several. Default: the brief's own formats.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder. Default: out/ in the workspace.")
@click.option("--max-marking", metavar="LABEL", callback=lambda ctx, param, value: _marking(value),
              help="Use only excerpts whose TLP marking is no more restrictive than LABEL "
              "(TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED).")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), envvar="BRIEFPACK_JOBS",
              help="Processes to use. Default: BRIEFPACK_JOBS if set, else one per core.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--keep-going", is_flag=True, help="Build what can be built; exit 3 if some outputs failed.")
@click.option("--wait", is_flag=True, help="Wait for another build in the same output folder to finish.")
@click.option("--timeout", "wait_timeout", type=click.FloatRange(min=0), default=3600, show_default=True,
              metavar="SECONDS", help="With --wait: give up (exit 1) after waiting this long.")
@click.option("--publish", is_flag=True,
              help="Publish: record a new edition (in editions/) of every document that changed since its last.")
@release_options("With --publish: ")
@click.option("--since", metavar="EDITION|DATE|GIT-REV",
              help="Compare against this edition (a number, the last one published on or before a "
              "YYYY-MM-DD date, or the last one at a git revision) instead of the last published.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON build report.")
@root_option
@template_limit_options
@recipient_options
def build(briefs, formats, out_dir, max_marking, force, jobs, strict, keep_going, wait, wait_timeout,
          publish, stix, no_review, sign_key, sign_cert, since, quiet, as_json, root, recipients, per_recipient,
          **writer_values):
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
    build holds the output folder, past --timeout with --wait); 2 a usage
    error; 3 with --keep-going, some outputs failed or the library has errors;
    130 interrupted.

    \b
    Examples:
        briefpack build
        briefpack build briefs/central-asia.yaml --format docx
        briefpack build --max-marking TLP:GREEN --json
        briefpack build --publish --quiet --wait    # from cron or a systemd timer
        briefpack build --publish --stix             # each new edition as STIX 2.1 too
        briefpack build --publish --no-review        # where no release policy asks for review
        briefpack build --publish --sign desk.key --cert desk.pem    # signed PDFs (PAdES B-B)
        briefpack build --publish --to "J. Smith" --to "Partner desk" --per-recipient
        briefpack build briefs/central-asia.yaml --since 3
        briefpack build --since 2026-01-01 --out review/
        briefpack build --template-time 5 --template-memory 256    # tighter template budgets
    """
    from ..pipeline.build import BuildSettings

    if stix and not publish:
        raise click.UsageError("--stix goes with --publish (for a draft: briefpack export BRIEF --stix FILE)")
    if (no_review or sign_key or sign_cert or recipients) and not publish:
        flag = "--no-review" if no_review else "--sign" if sign_key or sign_cert else "--to"
        raise click.UsageError(f"{flag} goes with --publish")
    root = resolve_root(root if root is not None or not briefs else workspace_of(briefs[0]))
    check_paths(root, briefs, out_dir)
    settings = BuildSettings(root=root, briefs=list(briefs), formats=list(formats) or None, out_dir=out_dir,
                             writer_options=_writer_options(writer_values), force=force or bool(recipients),
                             jobs=jobs, strict=strict, recipients=recipients, per_recipient=per_recipient,
                             keep_going=keep_going, max_marking=max_marking, wait=wait, publish=publish, stix=stix,
                             since=since, wait_timeout=wait_timeout, no_review=no_review,
                             signing=signing_key(root, sign_key, sign_cert) if publish else None)
    _run_build(settings, quiet, as_json)


def _writer_options(values: dict):
    """The registered writer options as given: style files read into style sheets
    (the writers take data, not YAML), then each checked; a usage error names the option."""
    from ..writers import WriterOptions, validate_options

    registered = writer_options()
    for name, option in registered.items():
        if option.sheet and values.get(name) is not None:
            from ..pipeline.house_style import read_style_sheet  # YAML: loaded only for a style file

            try:
                values[name] = read_style_sheet(values[name])
            except BriefpackError as exc:
                if getattr(exc, "input_error", False):
                    raise  # beyond the bounds of what is read: an input error (exit 1), not a usage error
                raise click.BadParameter(str(exc), param_hint=f"'{option.flag}'") from None
    options = WriterOptions(**values)
    for name, problem in validate_options(options).items():
        raise click.BadParameter(problem, param_hint=f"'{registered[name].flag}'")
    return options


def _run_build(settings, quiet: bool, as_json: bool) -> None:
    """Run a build, print its report, exit as it ended."""
    from ..pipeline.build import BuildReport, build as run_build
    from ..reporting import build_progress, report_build, report_stopped_build

    progress = build_progress(quiet or as_json)
    report = BuildReport()
    try:
        run_build(settings, progress=progress, report=report)
    except BriefpackError as exc:
        report_stopped_build(exc, report, settings.root, as_json)
    finally:
        progress.close()
    report_build(report, settings, quiet, as_json)  # raises (exit 3) when something was left out


@click.command()
@click.argument("briefs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The output folder of the build to publish. Default: out/ in the workspace.")
@click.option("--wait", is_flag=True, help="Wait for another build in the same output folder to finish.")
@release_options()
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON build report.")
@root_option
@recipient_options
def publish(briefs, out_dir, wait, stix, no_review, sign_key, sign_cert, quiet, as_json, root, recipients,
            per_recipient):
    """Publish what was last built: make each document the next edition.

    Every document of BRIEF (default: every document of the last builds in the
    output folder) must be unchanged since it was last built, so that what is
    published is the draft that was checked. Its outputs, in the formats last
    built, are written again with "Edition N · <date>" on the cover, and the
    edition is recorded in editions/<document>/edition-N.json, to be committed
    with the library. Use build --publish to build and publish in one step.

    Where the release policy (release: in the brief, or release.yaml in the
    workspace) asks for approvals, a document is published only with that many
    approvals of its content (briefpack approve) by people other than its author.

    \b
    Examples:
        briefpack build briefs/central-asia.yaml && briefpack publish briefs/central-asia.yaml
        briefpack publish
        briefpack publish --stix
        briefpack publish briefs/weekly.yaml --no-review
        briefpack publish --sign desk.p12            # a PKCS#12 key (passphrase: BRIEFPACK_SIGN_PASSPHRASE)
        briefpack publish briefs/central-asia.yaml --to-list partners.txt --per-recipient
    """
    from ..pipeline.build import BuildSettings
    from ..pipeline.manifest import read_manifest

    root = resolve_root(root)
    check_paths(root, briefs, out_dir)
    if not briefs:
        documents = read_manifest(out_dir or root / "out").get("documents", {})
        briefs = sorted({Path(r["brief"]) for r in documents.values()
                         if isinstance(r, dict) and (root / str(r.get("brief", ""))).is_file()})
        if not briefs:
            raise BriefpackError("nothing has been built in this output folder yet: build, check, then publish",
                                 path=out_dir or root / "out")
        briefs = [root / b for b in briefs]
    settings = BuildSettings(root=root, briefs=list(briefs), out_dir=out_dir, wait=wait, publish=True,
                             publish_built=True, stix=stix, no_review=no_review, force=bool(recipients),
                             recipients=recipients, per_recipient=per_recipient,
                             signing=signing_key(root, sign_key, sign_cert))
    _run_build(settings, quiet, as_json)


def signing_key(root: Path, key: Path | None, cert: Path | None):
    """The key every published PDF is signed with: --sign (and --cert), else the
    workspace's release settings (``sign: {key:, cert:}`` in release.yaml), else None."""
    from ..pipeline.release import workspace_settings
    from ..pipeline.signing import SigningKey

    if cert is not None and key is None:
        raise click.UsageError("--cert goes with --sign KEY")
    settings = workspace_settings(root)
    if key is None and isinstance(settings.get("sign"), dict):
        key = root / str(settings["sign"].get("key", ""))
        cert = root / str(settings["sign"]["cert"]) if settings["sign"].get("cert") else None
        if not key.is_file() or (cert is not None and not cert.is_file()):
            raise BriefpackError("sign: the key or certificate it names is not a file", path=root / "release.yaml")
    if key is None:
        return None
    if cert is None and key.suffix.lower() not in (".p12", ".pfx"):
        raise click.UsageError("--sign KEY: give the certificate with --cert, or a PKCS#12 file (.p12, .pfx)")
    url = settings.get("timestamp_url")
    return SigningKey(key=key, cert=cert, timestamp_url=str(url) if url else None)


def check_paths(root: Path, briefs, out_dir: Path | None) -> None:
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
    from ..conventions.tlp import MarkingError, normalized

    try:
        return normalized(value)
    except MarkingError as exc:
        raise click.BadParameter(str(exc), param_hint="'--max-marking'") from None

"""The intake commands: ``init``, ``add-source`` and ``quote``.

Thin, as the other commands: the work is done in ``intake/``, imported inside
each command so that ``--help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..conventions.admiralty import RELIABILITY
from ..errors import BriefpackError
from ..terminal import visible
from ..intake.limits import Limits
from ..workspace import resolve_root, root_option


@click.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
def init(folder):
    """Make a new workspace in FOLDER (default: here) that builds at once.

    It holds seeds/ (sources, excerpts, captures and a vocabulary with the
    standard facets: country with the ISO 3166 codes and names, group, topic and
    measure), an example source with its excerpts, briefs/example.yaml and a
    .gitignore for out/.

    \b
    Examples:
        briefpack init my-desk && cd my-desk && briefpack build
    """
    from ..intake.starter import init_workspace

    written = init_workspace(folder)
    click.echo(f"Made a workspace in {visible(str(folder))}: {', '.join(written)}")
    click.echo("Next: briefpack add-source SAVED-PAGE.html, then briefpack quote SOURCE-ID \"TEXT\" "
               "--append seeds/excerpts/FILE.yaml, then briefpack build")


@click.command("add-source")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The address the file was saved from (else the one the file states).")
@click.option("--id", "source_id", help="The source id (default: author-year-title-words).")
@click.option("--reliability", type=click.Choice(list(RELIABILITY)), default="F", show_default=True,
              help="Admiralty grade of the source (F: cannot be judged yet).")
@click.option("--language", help="The language, e.g. en (else the one the file states).")
@click.option("--csl-json", "csl_json", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Take the metadata from this CSL-JSON file (Zotero: Export > CSL JSON).")
@root_option
@click.option("--max-pages", type=click.IntRange(1), default=Limits.max_pages, show_default=True,
              help="Refuse a PDF of more pages.")
@click.option("--max-operations", type=click.IntRange(1), default=Limits.max_operations, show_default=True,
              help="Refuse a PDF with a page that draws more operators and characters.")
@click.option("--max-bytes", type=click.IntRange(1), default=Limits.max_bytes, show_default=True,
              help="Refuse a page or text file, a PDF stream or a Word file's part that is (or expands to) "
                   "more bytes; a Word file's parts together, or a PDF or Word file: ten times as many.")
@click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True), default=Limits.max_seconds,
              show_default=True, help="Refuse a file that takes longer to read (a page, a PDF, a Word file).")
def add_source(file, url, source_id, reliability, language, csl_json, root, **limits):
    """Add FILE (a saved web page, a PDF, a .docx, a .txt or .md) as a source.

    The main text is extracted and written as seeds/sources/<id>.txt, one
    paragraph per block; the front matter holds only what the file (or the
    CSL-JSON export) states, and what it left out is printed. Debris the
    extractor kept (cookie notices, share buttons, "Recent Features", image
    credits) is proposed as non_body. The file itself is kept as
    seeds/captures/<id>.<ext>.

    \b
    Examples:
        briefpack add-source ~/Downloads/article.html --reliability B
        briefpack add-source report.pdf --csl-json zotero-item.json
        briefpack add-source notes.txt --id interview-2024-05 --language en
        briefpack add-source atlas.pdf --max-pages 3000 --max-operations 1000000 --max-seconds 300
        briefpack add-source big-page.html --max-bytes 100000000
    """
    from ..intake.importers import import_file
    from ..intake.source_file import add_source as write_source, fill_title
    from ..intake.vetting import given_language, given_url
    from ..library.load import source_files

    root = resolve_root(root)
    url = url and given_url(url)
    language = language and given_language(language)
    capture = import_file(file, limits=Limits(**limits))
    given = []
    if csl_json is not None:
        from ..intake.csl import csl_metadata

        given = csl_metadata(csl_json, capture, url)
    if url:
        capture.url = url
    if language:
        capture.language = language
    guessed = fill_title(capture, file)
    taken = {path.stem for path, _ in source_files(root)}
    added = write_source(root, file, capture, source_id=source_id, reliability=reliability, taken=taken)
    added.csl_fields = given
    for line in _report(added, guessed, reliability):
        click.echo(line)


def _report(added, guessed: str | None, reliability: str):
    capture = added.capture
    yield (f"Added {added.source_path.as_posix()}: {len(capture.paragraphs)} paragraphs from the "
           f"{capture.kind} file; the file as added is {added.capture_path.as_posix()}")
    for name in ("title", "author", "publisher", "published", "accessed", "url", "language"):
        value = getattr(capture, name)
        if value:
            shown = "; ".join(value) if isinstance(value, list) else value
            origin = " (CSL-JSON)" if name in added.csl_fields else ""
            yield f"  {name}: {visible(shown)}{origin}"
    yield f"  reliability: {reliability}" + ("" if reliability != "F" else
                                            " (cannot be judged: grade it with --reliability or in the file)")
    missing = [m for m in added.left_out if m != "title"]
    if guessed:
        yield f"Title: the file states none; taken from {guessed}: check it"
    if missing:
        yield f"Left out, as the file does not state them: {', '.join(missing)}"
        if "language" in missing:
            yield "  language written as 'und' (undetermined): set it with --language or in the file"
    for note in capture.notes:
        yield f"Note: {visible(note)}"
    if added.debris:
        yield "Proposed as non_body (not the work's text; remove a number from the list if it is):"
        for number, kind in added.debris:
            text = " ".join(capture.paragraphs[number - 1].split())
            yield f"  para. {number} ({kind}): {visible(text[:70])}{'…' if len(text) > 70 else ''}"
    yield f"Next: briefpack quote {added.source_id} \"a passage of its text\" --append seeds/excerpts/FILE.yaml"


@click.command()
@click.argument("source_id", metavar="SOURCE-ID")
@click.argument("text")
@click.option("--append", "append_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Add the excerpt at the end of this excerpts file (made if missing).")
@click.option("--id", "excerpt_id", help="The excerpt id (default: suggested from the source and quote).")
@root_option
def quote(source_id, text, append_to, excerpt_id, root):
    """Find TEXT in source SOURCE-ID and print it as a ready excerpt.

    TEXT is found as check finds a quote (white space, quotation marks and
    dashes forgiven; ... for an omission). The excerpt quotes the source's own
    characters, with tags suggested from the vocabulary names in the quote and
    its paragraph, its date, and any numbers as a figures skeleton to confirm.
    Not found: the closest passage, with the words that differ marked.

    \b
    Examples:
        briefpack quote webber-2024-iskp-rising-threat "ramping up its media outreach"
        briefpack quote webber-2024-iskp-rising-threat "ISKP ... is ramping up" --append seeds/excerpts/iskp.yaml
    """
    from ..intake.appending import append_excerpt, excerpts_file
    from ..intake.quoting import ExcerptIds, check_given_id, closest, excerpt_yaml, find, load_source, source_file
    from ..intake.quoting import excerpt_id as suggested_id
    from ..intake.suggest import TermFinder, suggest
    from ..library.load import VOCABULARY_FILE
    from ..library.matching import quote_parts
    from ..library.vocabulary import load_vocabulary

    root = resolve_root(root)
    source = load_source(root, source_file(root, source_id))
    if not quote_parts(text):
        raise BriefpackError("nothing to find: TEXT holds only white space or omission marks")
    found = find(source, text)
    if found is None:
        raise BriefpackError(visible(closest(source, text)).replace("\\n", "\n"))
    vocabulary, _ = load_vocabulary(root / VOCABULARY_FILE, VOCABULARY_FILE.as_posix())
    paragraph = source.paragraphs[found.paragraph - 1]
    hint = suggest(found.text, paragraph, TermFinder(vocabulary), vocabulary, source.published)
    taken = ExcerptIds(root)
    if excerpt_id is not None:
        check_given_id(excerpt_id, taken)
    item = excerpt_yaml(excerpt_id or suggested_id(source.id, found.text, taken), source, found, hint)
    where = f"para. {found.paragraph}" + ("" if found.in_body else " (listed as non_body: debris?)")
    if append_to is None:
        click.echo(f"# {visible(source.id)}, {where}", err=True)
        click.echo(visible_item(item), nl=False)
        return
    shown = excerpts_file(root, append_to)
    append_excerpt(append_to, item, shown)
    click.echo(f"Added to {shown} ({visible(source.id)}, {where}):")
    click.echo(visible_item(item), nl=False)


def visible_item(item: str) -> str:
    return "\n".join(visible(line) for line in item.split("\n"))


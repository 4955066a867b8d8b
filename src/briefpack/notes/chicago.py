"""Chicago notes-bibliography formatting of one source (17th/18th editions).

Pure functions from a :class:`~briefpack.library.model.Source` (and a locator) to
model inlines; the citation transform (``notes/citations.py``) decides which form a
citation takes and numbers the notes.

Forms produced (publication names in italics, an organization as publisher in roman, curly quotes, comma and period
inside the closing quotation mark)::

    full note      Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,”
                   Eurasianet, June 27, 2024, para. 5 (B2).
    short note     Webber, “ISKP Posing Rising Threat,” para. 7 (B2).
    another grade  Webber, “ISKP Posing Rising Threat,” para. 7 (B2); Webber, para. 9 (B3).
    bibliography   Webber, Lucas. “Perspectives: ISKP Posing Rising Threat to Central Asia.”
                   Eurasianet, June 27, 2024. https://example.org/webber.

* Authors: "A", "A and B", "A, B, and C", four or more "A et al." in notes;
  the bibliography inverts the first name only and lists up to ten (more than
  ten: the first seven, then "et al."). A name is stored "Given Surname"; the
  surname is its last word (a trailing Jr./Sr./II/III/IV stays with the one
  before).
* No author: the note begins with the title and the short note is the short
  title alone; in the bibliography the publication takes the author's place
  (and is sorted by), or the title when there is no publication either.
* Date: the publication date ("June 27, 2024", "June 2024", "2016"); a date
  the text only implies in brackets with a question mark ("[2016?]"); without
  either, the access date ("accessed March 16, 2022"; "Accessed ..." as its own
  sentence in the bibliography); without either, "n.d.".
* Locator: an ``int`` is a paragraph number ("para. 12"); a ``str`` is printed
  as given ("paras. 3, 7"); ``None`` prints nothing.
* Grade: an optional string (the Admiralty grade, e.g. "B2") printed in
  parentheses after a citation, before the punctuation that ends it.
* Titles: headline-style capitalization for English titles (language ``en`` or
  none; other titles as written), straight quotes made curly, double quotes
  inside a title made single; the short title has at most four words (see
  ``notes/titles.py``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..conventions.dates import format_date
from ..document.model import Inline, Link, Text
from ..library.model import Source
from .titles import format_title, short_title

SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


# ---------------------------------------------------------------- names
def _split_name(name: str) -> tuple[str, str]:
    """("Given", "Surname") from "Given Surname"; the surname is the last word,
    or the one before a trailing Jr./Sr./II/III/IV."""
    words = name.split()
    if len(words) >= 3 and words[-1].lower() in SUFFIXES:
        return " ".join(words[:-2]), words[-2]
    if len(words) >= 2:
        return " ".join(words[:-1]), words[-1]
    return "", name.strip()


def surname(name: str) -> str:
    return _split_name(name)[1]


def inverted_name(name: str) -> str:
    """"Lucas Webber" -> "Webber, Lucas"; "Martin Luther King Jr." -> "King, Martin Luther, Jr."."""
    given, family = _split_name(name)
    if not given:
        return family
    words = name.split()
    suffix = words[-1] if len(words) >= 3 and words[-1].lower() in SUFFIXES else ""
    return f"{family}, {given}" + (f", {suffix}" if suffix else "")


def _series(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def note_authors(authors: list[str]) -> str:
    """Authors as in a full note: "A", "A and B", "A, B, and C", "A et al."."""
    if len(authors) >= 4:
        return f"{authors[0]} et al."
    return _series(list(authors))


def short_authors(authors: list[str], organization: bool = False) -> str:
    """Surnames as in a short note: "Webber", "Webber and Smith", "Webber et al." (an
    organization's whole name)."""
    short = (lambda name: name) if organization else surname
    if len(authors) >= 4:
        return f"{short(authors[0])} et al."
    return _series([short(a) for a in authors])


def bibliography_authors(authors: list[str], organization: bool = False) -> str:
    """First author inverted (an organization's name as written); up to ten listed, more: the
    first seven and et al."""
    names = list(authors)
    if not names:
        return ""
    first = names[0] if organization else inverted_name(names[0])
    if len(names) > 10:
        return ", ".join([first] + names[1:7]) + ", et al."
    if len(names) == 2:
        return f"{first}, and {names[1]}"
    return _series([first] + names[1:])


# ---------------------------------------------------------------- pieces
def locator_text(locator) -> str:
    if locator is None or locator == "":
        return ""
    if isinstance(locator, int):
        return f"para. {locator}"
    return str(locator)


def _quoted(title: str, mark: str) -> str:
    """“Title,” with the mark inside the quotes; none after a ? or ! (or a
    second period)."""
    if title.endswith(("?", "!")) or (mark == "." and title.endswith(".")):
        mark = ""
    return f"“{title}{mark}”"


def source_date(source: Source) -> str | None:
    """The date a source was published as notes print it: "June 27, 2024", or a
    date only the text implies in brackets with a question mark ("[2016?]");
    None when neither is known."""
    if source.published:
        return format_date(source.published)
    if source.inferred_date:
        return f"[{format_date(source.inferred_date)}?]"
    return None


def _publisher(source: Source) -> list[Inline]:
    """A publication's name in italics; an organization's in roman."""
    if not source.publisher:
        return []
    return [Text(source.publisher, italic=source.publisher_type != "organization")]


def _note_date(source: Source) -> str:
    if source_date(source):
        return source_date(source)
    if source.accessed:
        return "accessed " + format_date(source.accessed)
    return "n.d."


def merge(inlines: list[Inline]) -> list[Inline]:
    """Adjacent Text nodes with the same formatting joined into one."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and not node.text:
            continue
        last = out[-1] if out else None
        if not isinstance(node, Text):
            out.append(node)
            continue
        if isinstance(last, Text) and (last.bold, last.italic) == (node.bold, node.italic):
            out[-1] = Text(last.text + node.text, last.bold, last.italic)
        else:
            out.append(node)
    return out


def _render(elements: list, grade: str | None, more: bool = False) -> list[Inline]:
    """Elements (str for a title, list of inlines otherwise) joined by commas (``more``: and
    followed by another, whose comma and space end these)."""
    out: list[Inline] = []
    for i, element in enumerate(elements):
        last = i == len(elements) - 1 and not more
        if isinstance(element, str):
            out.append(Text(_quoted(element, "" if last else ",")))
        else:
            out.extend(element)
            if not last:
                out.append(Text(","))
        if not last:
            out.append(Text(" "))
    if grade:
        out.append(Text(f" ({grade})"))
    return merge(out)


def finish(inlines: list[Inline], mark: str = ".") -> list[Inline]:
    """Close a note: the period goes inside a closing quotation mark and is not
    doubled after "et al." or a title ending in ? or !."""
    out = list(inlines)
    last = out[-1] if out else None
    if not isinstance(last, Text) or last.italic or last.bold:
        # after a link or an italic publication name: a roman mark of its own
        if isinstance(last, Text) and last.text.endswith((mark, "?", "!")):
            return out
        return out + [Text(mark)]
    text = last.text
    if text.endswith("”"):
        inner = text[:-1]
        text = inner + ("" if inner.endswith(("?", "!", ".")) else mark) + "”"
    elif not text.endswith((mark, "?", "!")):
        text += mark
    out[-1] = Text(text, last.bold, last.italic)
    return out


# ---------------------------------------------------------------- citations
def full_citation(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """A full citation without its closing period (one part of a note)."""
    elements: list = []
    if source.author:
        elements.append([Text(note_authors(source.author))])
    elements.append(format_title(source.title, source.language))
    if source.publisher:
        elements.append(_publisher(source))
    elements.append([Text(_note_date(source))])
    if locator_text(locator):
        elements.append([Text(locator_text(locator))])
    return _render(elements, grade)


def short_citation(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """A short citation without its closing period (one part of a note)."""
    located = locator_text(locator)
    out = list(_short_head(tuple(source.author or ()), source.author_type == "organization", source.title,
                           source.language, bool(located)))
    if located:
        out.append(Text(located))
    if grade:
        out.append(Text(f" ({grade})"))
    return merge(out)


@functools.lru_cache(maxsize=4096)  # a source's short notes differ only in their locators and grades
def _short_head(authors: tuple, organization: bool, title: str, language, located: bool) -> tuple:
    """A short citation's authors and title (followed by a locator when ``located``)."""
    elements: list = []
    if authors:
        elements.append([Text(short_authors(list(authors), organization))])
    elements.append(short_title(title, language))
    return tuple(_render(elements, None, more=located))


def repeated_citation(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """A citation of the source the part before it in the same note cites (another
    grade of it): the author's surname and the locator, "Webber, para. 6 (B3)", as
    Chicago's 17th edition shortens a consecutive citation; without an author, the
    short note."""
    if not source.author:
        return short_citation(source, locator, grade)
    elements: list = [[Text(short_authors(source.author))]]
    if locator_text(locator):
        elements.append([Text(locator_text(locator))])
    return _render(elements, grade)


def join_citations(parts: list[list[Inline]]) -> list[Inline]:
    """Several citations in one note: joined by "; ", ending with a period."""
    out: list[Inline] = []
    for i, part in enumerate(parts):
        if i:
            out.append(Text("; "))
        out.extend(part)
    return finish(merge(out))


# ---------------------------------------------------------------- bibliography
def bibliography_entry(source: Source) -> list[Inline]:
    """``Surname, Given. “Title.” Publication, Month Day, Year. URL.``"""
    sentences: list[list[Inline]] = []
    publisher = _publisher(source)
    if source.author:
        sentences.append([Text(bibliography_authors(source.author, source.author_type == "organization"))])
    elif publisher:
        sentences.append(publisher)
        publisher = []
    sentences.append([Text(_quoted(format_title(source.title, source.language), "."))])
    if source_date(source) or not source.accessed:
        date = source_date(source) or "n.d."
        sentences.append(publisher + [Text((", " if publisher else "") + date)])
    else:
        if publisher:
            sentences.append(publisher)
        sentences.append([Text("Accessed " + format_date(source.accessed))])
    if source.url:
        sentences.append([Link(source.url, source.url)])
    out: list[Inline] = []
    for i, sentence in enumerate(sentences):
        if i:
            out.append(Text(" "))
        out.extend(finish(sentence))
    return merge(out)


_LEADING = re.compile(r"^[\s\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a()\[\]\u00bf\u00a1]+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)


def sort_key(source: Source) -> tuple:
    """Alphabetical by the entry's first element as the Unicode Collation Algorithm orders
    any script (accents and case second), ignoring leading quotation marks and an initial
    article, as Chicago does: "A ‘Hotbed’ or a Slow Burn" files under H."""
    return sort_keys([source])[0]


def sort_keys(sources: list[Source], entries: list | None = None) -> list[tuple]:
    """:func:`sort_key` of each of ``sources`` (the collation table read once for them all);
    ``entries``: their :func:`bibliography_entry`, when made already."""
    from .collation import sort_keys as collated

    texts = [_filing_text(entry) for entry in (entries if entries is not None else map(bibliography_entry, sources))]
    return [(key, text.casefold(), source.id) for key, text, source in zip(collated(texts), texts, sources)]


def _filing_text(entry: list[Inline]) -> str:
    text = "".join(n.text for n in entry if isinstance(n, (Text, Link)))
    return _LEADING.sub("", _ARTICLE.sub("", _LEADING.sub("", unicodedata.normalize("NFC", text))))

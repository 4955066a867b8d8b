"""Chicago notes-bibliography formatting of one source (17th/18th editions).

Pure functions from a :class:`~briefpack.library.Source` (and a locator) to
model inlines; the citation transform (``citations.py``) decides which form a
citation takes and numbers the notes.

Forms produced (publication names in italics, curly quotes, comma and period
inside the closing quotation mark)::

    full note      Lucas Webber, “Perspectives: ISKP Posing Rising Threat to Central Asia,”
                   Eurasianet, June 27, 2024, para. 5 (B2).
    short note     Webber, “ISKP Posing Rising Threat,” para. 7 (B2).
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
* Date: the publication date ("June 27, 2024", "June 2024", "2016"); without
  one, the access date ("accessed March 16, 2022"; "Accessed ..." as its own
  sentence in the bibliography); without either, "n.d.".
* Locator: an ``int`` is a paragraph number ("para. 12"); a ``str`` is printed
  as given ("paras. 3, 7"); ``None`` prints nothing.
* Grade: an optional string (the Admiralty grade, e.g. "B2") printed in
  parentheses after a citation, before the punctuation that ends it.
* Titles: headline-style capitalization (:func:`headline_case`), straight
  quotes made curly, double quotes inside a title made single.
* Short title (:func:`short_title`): at most four words, see there.
"""

from __future__ import annotations

import re
import unicodedata

from .library import Source
from .model import Inline, Link, Text

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

ARTICLES = {"a", "an", "the"}
CONJUNCTIONS = {"and", "but", "for", "or", "nor"}
PREPOSITIONS = {
    "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as",
    "at", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond",
    "by", "despite", "during", "except", "from", "in", "inside", "into", "near", "of", "on",
    "onto", "outside", "over", "per", "through", "throughout", "to", "toward", "towards",
    "under", "underneath", "unlike", "unto", "upon", "v", "versus", "via", "vs", "with",
    "within", "without",
}
MINOR = ARTICLES | CONJUNCTIONS | PREPOSITIONS
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
DASHES = {"-", "–", "—", "--"}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)


# ---------------------------------------------------------------- dates
def format_date(partial) -> str:
    """"2024-06-27" -> "June 27, 2024"; "2024-06" -> "June 2024"; "2016" -> "2016"."""
    text = str(partial).strip()  # also takes a datetime.date
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"not a partial date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month out of range in date {text!r}")
    name = MONTHS[int(month) - 1]
    if day is None:
        return f"{name} {year}"
    if not 1 <= int(day) <= 31:
        raise ValueError(f"day out of range in date {text!r}")
    return f"{name} {int(day)}, {year}"


# ---------------------------------------------------------------- titles
def _has_inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:])


def _cap_part(part: str, lower: bool) -> str:
    """One word or one part of a hyphenated compound."""
    if not part or _has_inner_capital(part) or not part[0].isalpha():
        return part  # ISIS, ISKP, ISIS's, iPhone, McDonald, 9/11: as they are
    if lower:
        return part.lower()
    return part[0].upper() + part[1:]


def _cap_word(token: str, edge: bool) -> str:
    lead, core, trail = _WORD.match(token).groups()
    if core[:1].islower() and _has_inner_capital(core):
        return token  # al-Qaeda, iPhone, eBay: as they are
    parts = core.split("-")
    if len(parts) == 1:
        return lead + _cap_part(core, core.lower().rstrip(".") in MINOR and not edge) + trail
    out = []
    # a hyphenated compound: each part capitalised but minor words inside it
    # (Over-the-Counter, Islamic State-Khorasan)
    for i, part in enumerate(parts):
        inside = 0 < i < len(parts) - 1
        out.append(_cap_part(part, inside and part.lower() in MINOR))
    return lead + "-".join(out) + trail


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _ends_segment(token: str) -> bool:
    return token in DASHES or token.rstrip("\"'”’)").endswith((":", "?", "!"))


def headline_case(title: str) -> str:
    """Chicago headline-style capitalization (CMOS 8.159).

    Capitalise every word but articles, prepositions and the conjunctions
    and/but/for/or/nor, which stay lower case unless first or last in the
    title or in a subtitle (after a colon, question mark or spaced dash).
    Words with capitals after their first letter (ISIS, ISKP, US, ISIS's,
    al-Qaeda) are kept as they are; each part of a hyphenated compound is
    treated as a word. Dashes and spacing are kept.
    """
    tokens = re.split(r"(\s+)", title.strip())
    words = [i for i, t in enumerate(tokens) if _is_word(t)]
    edges = set(words[:1] + words[-1:])
    for prev, nxt in zip(words, words[1:]):
        if _ends_segment(tokens[prev]) or any(t in DASHES for t in tokens[prev + 1 : nxt]):
            edges.update((prev, nxt))
    return "".join(_cap_word(t, i in edges) if _is_word(t) else t for i, t in enumerate(tokens))


def smart_quotes(title: str) -> str:
    """Straight quotes made curly; double quotes made single (the title itself
    is set in double quotes)."""
    title = title.replace("“", "‘").replace("”", "’")
    title = re.sub(r'(^|[\s(\[{‘“—–-])["\']', lambda m: m.group(1) + "‘", title)
    return title.replace('"', "’").replace("'", "’")


def format_title(title: str) -> str:
    """The title as printed: headline case, curly quotes, inner quotes single."""
    return smart_quotes(headline_case(title))


def short_title(title: str) -> str:
    """At most four words of the (formatted) title.

    The main title when a subtitle follows and the main title has two words or
    more ("ISIS and Central Asia", "Exporting Jihad"); a one-word main title is
    taken for a column label ("Perspectives:") and the subtitle used instead.
    An initial A/An/The is dropped. Longer than four words: the first four,
    cut before a preposition or conjunction among them when that still leaves
    two words ("ISIS’s Resurgence", not "ISIS’s Resurgence in Central").
    Trailing colons, commas, semicolons and dashes are stripped.
    """
    tokens = format_title(title).split()
    split = next((i for i, t in enumerate(tokens) if _ends_segment(t)), None)
    if split is not None:
        main = tokens[: split + (0 if tokens[split] in DASHES else 1)]
        rest = tokens[split + 1 :]
        main_words = [t for t in main if _is_word(t)]
        if len(main_words) >= 2:
            tokens = main
        elif any(_is_word(t) for t in rest):
            tokens = rest
    words = [t for t in tokens if _is_word(t)]
    if len(words) > 1 and words[0].lower() in ARTICLES:
        tokens = tokens[tokens.index(words[0]) + 1 :]
    word_positions = [i for i, t in enumerate(tokens) if _is_word(t)]
    if len(word_positions) > 4:
        keep = word_positions[:4]
        cuts = [
            n for n in range(2, 4)
            if _WORD.match(tokens[keep[n]]).group(2).lower() in PREPOSITIONS | CONJUNCTIONS
        ]
        end = keep[cuts[-1] - 1] if cuts else keep[3]
        tokens = tokens[: end + 1]
    while tokens and tokens[-1] in DASHES:
        tokens.pop()
    text = " ".join(tokens)
    return text.rstrip(":,;–—- ")


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


def short_authors(authors: list[str]) -> str:
    """Surnames as in a short note: "Webber", "Webber and Smith", "Webber et al."."""
    if len(authors) >= 4:
        return f"{surname(authors[0])} et al."
    return _series([surname(a) for a in authors])


def bibliography_authors(authors: list[str]) -> str:
    """First author inverted; up to ten listed, more: the first seven and et al."""
    names = list(authors)
    if not names:
        return ""
    first = inverted_name(names[0])
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


def _note_date(source: Source) -> str:
    if source.published:
        return format_date(source.published)
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


def _render(elements: list, grade: str | None) -> list[Inline]:
    """Elements (str for a title, list of inlines otherwise) joined by commas."""
    out: list[Inline] = []
    for i, element in enumerate(elements):
        last = i == len(elements) - 1
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
    elements.append(format_title(source.title))
    if source.publisher:
        elements.append([Text(source.publisher, italic=True)])
    elements.append([Text(_note_date(source))])
    if locator_text(locator):
        elements.append([Text(locator_text(locator))])
    return _render(elements, grade)


def short_citation(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """A short citation without its closing period (one part of a note)."""
    elements: list = []
    if source.author:
        elements.append([Text(short_authors(source.author))])
    elements.append(short_title(source.title))
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


def full_note(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """The first note to a source, in full, ending with a period."""
    return finish(full_citation(source, locator, grade))


def short_note(source: Source, locator=None, grade: str | None = None) -> list[Inline]:
    """A later note to a source, in short form, ending with a period."""
    return finish(short_citation(source, locator, grade))


# ---------------------------------------------------------------- bibliography
def bibliography_entry(source: Source) -> list[Inline]:
    """``Surname, Given. “Title.” Publication, Month Day, Year. URL.``"""
    sentences: list[list[Inline]] = []
    publisher = [Text(source.publisher, italic=True)] if source.publisher else []
    if source.author:
        sentences.append([Text(bibliography_authors(source.author))])
    elif publisher:
        sentences.append(publisher)
        publisher = []
    sentences.append([Text(_quoted(format_title(source.title), "."))])
    if source.published or not source.accessed:
        date = format_date(source.published) if source.published else "n.d."
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


def sort_key(source: Source) -> tuple:
    """Alphabetical by the entry's first element, ignoring quotes, accents,
    case and an initial article."""
    text = "".join(n.text for n in bibliography_entry(source) if isinstance(n, (Text, Link)))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.lstrip("“‘\"'( ")
    text = re.sub(r"^(a|an|the)\s+", "", text)
    return (text, source.id)

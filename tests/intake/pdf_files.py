"""PDFs made at test time the ways real ones hold their text: whole pages inside Form XObjects,
list items whose wrapped lines the layout sets apart, text only in annotations' appearances
(which pdfminer does not read and poppler does), a scanned page, a real PDF whose pages after the first are moved into annotations, a slide whose lines not yet
revealed are drawn off the page, lines set sideways in the margin, list items marked by symbols
whose font does not say what they are, a heading set letter-spaced."""

from __future__ import annotations

from pathlib import Path

FORM_PAGES = [
    ["The Commission on Recruitment in Central Asia", "Summary of findings, 2024"],
    ["Labour migrants from Tajikistan were approached in prayer rooms and on building sites.",
     "Recruiters offered loans before they offered any instruction."],
    ["The prosecutor general reported 1,200 convictions for extremism offences.",
     "Returnees described debt as the first lever of recruitment."],
]


def form_xobject_pdf(path: Path, pages=FORM_PAGES, *, cover: bool = True) -> Path:
    """Each page's lines drawn inside a Form XObject of its own, as some producers do (the first
    page drawn directly when ``cover``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(pages, 1):
        direct = cover and number == 1
        if not direct:
            pdf.beginForm(f"page{number}")
        pdf.setFont("Helvetica", 11)
        for row, line in enumerate(lines):
            pdf.drawString(72, 760 - 40 * row, line)
        if not direct:
            pdf.endForm()
            pdf.doForm(f"page{number}")
        pdf.showPage()
    pdf.save()
    return path


BULLET_LINES = [  # (x, y, text): a bullet set apart, its item's second line far below the first
    (72, 760, "Findings of the study:"),
    (72, 730, "\u00b7"),
    (86, 730, "During the study period, 3.2 percent of Black male attorneys were placed on"),
    (86, 700, "probation, compared to 0.9 percent of white male attorneys."),
    (72, 660, "The disparity was largest among solo practitioners, whose cases were opened more"),
    (72, 646, "often after a com-"),
    (72, 610, "plaint from a client than after a bank report."),
]


def list_item_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    for x, y, text in BULLET_LINES:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return path


def _text_stream(lines: list[str]) -> bytes:
    return b"".join(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (760 - 16 * n, line.encode("latin-1"))
                    for n, line in enumerate(lines))


def annotated_pdf(path: Path, cover: list[str], annotated: list[list[str]]) -> Path:
    """A cover page drawn as usual, then pages whose text is only in a FreeText annotation's
    appearance stream (a filled-in form or a stamp): pdfminer reads none of it, poppler all."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(attrs: bytes, data: bytes) -> int:
        return add(b"<< %s /Length %d >>\nstream\n%s\nendstream" % (attrs, len(data), data))

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    resources = b"<< /Font << /F1 %d 0 R >> >>" % font
    pages_number = len(objects) + 1
    objects.append(b"")  # the page tree, written when its kids are known
    kids = []
    for number, lines in enumerate([cover] + annotated):
        if number == 0:
            content = stream(b"", _text_stream(lines))
            annots = b""
        else:
            content = stream(b"", b"")
            shown = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources,
                           _text_stream(lines))
            annot = add(b"<< /Type /Annot /Subtype /FreeText /Rect [0 0 595 842] /F 4 /Contents () "
                        b"/DA (/F1 11 Tf) /AP << /N %d 0 R >> >>" % shown)
            annots = b" /Annots [%d 0 R]" % annot
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R%s >>"
                        % (pages_number, resources, content, annots)))
    objects[pages_number - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_number)
    return _write_pdf(path, objects, catalog)


def _write_pdf(path: Path, objects: list[bytes], catalog: int) -> Path:
    """``objects`` (numbered from 1) written as a PDF file with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    path.write_bytes(bytes(out))
    return path


SYMBOL_ITEMS = [  # (font, code drawn before the item): F1 WinAnsi, F2 a symbol font's glyph named "C15"
    (b"F1", b"\x81", "Shortage of staff"),
    (b"F2", b"\x01", "The patient's perspective of the quality of care"),
]


def symbol_font_pdf(path: Path) -> Path:
    """List items marked as a typesetter's export marks them: in a WinAnsi font by a code WinAnsi
    leaves unused (0x81, a bullet by the PDF Reference), and in a symbol font by a glyph whose
    name says nothing ("C15") and no ToUnicode map."""
    objects = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /StandardEncoding /Differences [1 /C15] >> >>",
    ]
    shown = b"".join(b"BT /%s 11 Tf 72 %d Td (%s) Tj /F1 11 Tf ( %s) Tj ET\n"
                     % (font, 760 - 40 * n, code, text.encode("latin-1"))
                     for n, (font, code, text) in enumerate(SYMBOL_ITEMS))
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(shown), shown))
    objects.append(b"<< /Type /Page /Parent 5 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 1 0 R /F2 2 0 R >> >> /Contents 3 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
    objects.append(b"<< /Type /Catalog /Pages 5 0 R >>")
    return _write_pdf(path, objects, 6)


def scanned_pdf(path: Path, text_first: list[str]) -> Path:
    """A page of text, then a page that is only an image (a scan)."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(text_first):
        pdf.drawString(72, 760 - 16 * row, line)
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("L", (40, 60), 200)), 72, 200, 400, 600)
    pdf.showPage()
    pdf.save()
    return path


SLIDE_SHOWN = ["Why developers are on the blue team", "Shellshock", "Heartbleed"]
SLIDE_HIDDEN = ["Apple App Store", "A few design decisions with widespread effect on security"]


def off_page_slide_pdf(path: Path) -> Path:
    """A slide as beamer draws one step of it: the lines shown on the page, the lines still to
    come moved far off it (as ``\\pause`` does), and a footline running past the right edge."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(363, 272), invariant=1)
    pdf.setFont("Helvetica", 11)
    for row, line in enumerate(SLIDE_SHOWN):
        pdf.drawString(30, 230 - 20 * row, line)
    pdf.saveState()
    pdf.translate(2000, 2000)
    for row, line in enumerate(SLIDE_HIDDEN):
        pdf.drawString(30, 150 - 20 * row, line)
    pdf.restoreState()
    pdf.setFont("Helvetica", 6)
    pdf.drawString(320, 4, "What we can")
    pdf.drawString(366, 4, "learn in a red and blue world")  # past the right edge (363)
    pdf.showPage()
    pdf.save()
    return path


MARGIN_LINES = {90: "Printed in the margin: Jkt 250001 Frm 00012", -90: "Received from the Office of the Clerk, 2020"}
BACKWARDS_LINE = "Drawn last letter first"


def rotated_margin_pdf(path: Path, body: str) -> Path:
    """A page of text with a line set sideways in each margin, as the Federal Register prints its
    printer's slug and a journal its running head on a landscape page: one turned a quarter
    to the left, read upwards, one a quarter to the right, read downwards; and a sideways text
    box whose letters are drawn last to first, as a word processor draws one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, body)
    for x, (angle, line) in zip((40, 560), MARGIN_LINES.items()):
        pdf.saveState()
        pdf.translate(x, 400)
        pdf.rotate(angle)
        pdf.setFont("Helvetica", 7)
        pdf.drawString(0, 0, line)
        pdf.restoreState()
    pdf.saveState()
    pdf.translate(300, 300)
    pdf.rotate(90)
    advances = [pdf.stringWidth(BACKWARDS_LINE[:n], "Helvetica", 11) for n in range(len(BACKWARDS_LINE))]
    for letter, x in reversed(list(zip(BACKWARDS_LINE, advances))):
        pdf.drawString(x, 0, letter)
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return path


TABLE_FIGURES = [[1203, 877, 45, 3310], [96, 2048, 731, 12], [5120, 64, 388, 907]]


def table_pdf(path: Path) -> Path:
    """One page: a sentence, then a table whose every figure stands apart in a cell of its own."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 760, "Detentions by province and quarter.")
    for row, figures in enumerate(TABLE_FIGURES):
        for column, figure in enumerate(figures):
            pdf.drawRightString(160 + 110 * column, 700 - 40 * row, str(figure))
    pdf.showPage()
    pdf.save()
    return path


def pages_into_annotations(source: Path, path: Path) -> Path:
    """A copy of the PDF ``source`` whose pages after the first draw nothing themselves: each
    page's drawing moved, unchanged, into the appearance of a FreeText annotation covering the
    page, as a stamp or a filled-in form holds its text (poppler draws it, pdfminer does not)."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        for page in list(pdf.pages)[1:]:
            contents = page.obj.Contents
            data = b"\n".join(s.read_bytes() for s in (contents if isinstance(contents, pikepdf.Array) else [contents]))
            shown = pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=page.mediabox,
                                    Resources=page.obj.Resources)
            annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText, F=4,
                                            Rect=page.mediabox, Contents=pikepdf.String(""),
                                            DA=pikepdf.String("/F1 11 Tf"), AP=pikepdf.Dictionary(N=shown))
            page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation)]))
            page.obj.Contents = pdf.make_stream(b"")
        pdf.save(path)
    return path


SPACED_LINES = [("RESEARCH ARTICLE", 1.3), ("Open Access", 0), ("Let x y z w be the four corners.", 0)]


def letter_spaced_pdf(path: Path) -> Path:
    """A journal's heading set letter-spaced (1.3 pt between letters at 11 pt, as BMC sets
    "RESEARCH ARTICLE"), and lines set as usual, one of them with words of a single letter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for row, (line, spacing) in enumerate(SPACED_LINES):
        text = pdf.beginText(72, 760 - 40 * row)
        text.setFont("Helvetica", 11)
        text.setCharSpace(spacing)
        text.textOut(line)
        pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return path

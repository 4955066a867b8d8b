"""The links and destinations the PDF writer formats itself give reportlab's very bytes."""

from __future__ import annotations

import io

from reportlab.pdfbase.pdfdoc import Destination, LinkAnnotation, PDFDictionary

from briefpack.writers.pdf.objects import FastDestination, FastLink, NamedDestinations
from briefpack.writers.pdf.recording import RecordingCanvas


def drawn_canvas():
    """Three pages of links (to notes, with contents as the structure tree writes them) and
    destinations at points with fractions, one unbound but named later."""
    canv = RecordingCanvas(io.BytesIO(), invariant=1)
    for page in range(3):
        for i in range(7):
            y = 700.123456 - 37.3 * i - page
            canv.bookmarkHorizontal(f"ref-{page}-{i}", 72.5 + i / 3, y)
            canv.linkRect("", f"note-{page}-{i}", (72, y - 2, 80.25 + i, y + 8.0001), relative=1, thickness=0)
            canv.bookmarkHorizontal(f"note-{page}-{i}", 72, 100.5 + i * 0.333333)
        canv.showPage()
    return canv


def test_links_and_destinations_format_as_reportlab_formats_them():
    canv = drawn_canvas()
    doc = canv._doc
    links = [obj for obj in doc.idToObject.values() if isinstance(obj, LinkAnnotation)]
    assert len(links) == 21 and all(type(link) is FastLink for link in links)
    for i, link in enumerate(links):
        link.Contents = ["", "Note 12", "Section: Қазақстан (2024)", "Back to the reference of note 3"][i % 4]
        if i % 2:
            link.otherkw["StructParent"] = 3 + i
            link.permitted = LinkAnnotation.permitted + ("StructParent",)
        assert link.format(doc) == LinkAnnotation.format(link, doc)
    destinations = dict(canv._destinations)
    assert all(type(d) is FastDestination for d in destinations.values())
    for dest in destinations.values():
        assert dest.format(doc) == Destination.format(dest, doc)
    assert NamedDestinations(destinations).format(doc) == PDFDictionary(destinations).format(doc)
    odd = {"sec-a(1)": destinations["ref-0-0"], "sec-b": destinations["ref-0-1"]}  # a name written escaped
    assert NamedDestinations(odd).format(doc) == PDFDictionary(odd).format(doc)


def test_numbers_are_written_as_reportlab_writes_them():
    import random

    from reportlab.lib import rl_accel

    from briefpack.writers.pdf.objects import number

    rng = random.Random(7)
    values = [0, 1, -1, 0.5, -0.5, 1e-7, 2e-7, -2e-7, 9.9999999e-7, 10, 100, 1000.0, 1e6, 0.9999999, 1.0000001,
              999.9999999, 56.69291338582677, 841.8897637795275]
    values += [rng.uniform(-1000, 1000) for _ in range(5000)] + [rng.randint(-10**6, 10**6) for _ in range(2000)]
    values += [10 ** rng.uniform(-8, 8) * rng.choice((1, -1)) for _ in range(5000)]
    python_fp_str = getattr(rl_accel, "_py_fp_str", None) or rl_accel.fp_str
    assert [number(v) for v in values] == [python_fp_str(v) for v in values]


def test_the_file_is_written_as_reportlab_writes_it():
    from reportlab.pdfbase.pdfdoc import PDFDocument

    from briefpack.writers.pdf.objects import FastDocument

    fast, plain = drawn_canvas(), drawn_canvas()
    plain._doc.__class__ = PDFDocument
    for canv in (fast, plain):
        canv.beginForm("count")  # a page whose resources hold a form, with a dozen links
        canv.drawString(0, 0, "12")
        canv.endForm()
        canv.doForm("count")
        for i in range(12):
            canv.linkRect("", "note-0-0", (72, 10 * i, 90, 10 * i + 8), relative=1, thickness=0)
        canv.showPage()
        canv._doc.Reference(b"<</S/P/K 0>>", "SE0")  # an object already formatted, as the structure tree gives them
        canv.setTitle("Links (and a backslash \\)")
    assert type(fast._doc) is FastDocument
    data = fast.getpdfdata()
    assert data == plain.getpdfdata() and data.count(b" obj\n") == len(fast._doc.idToObject)


def test_a_run_of_objects_formatted_already_is_written_as_reportlab_writes_them():
    from reportlab.pdfbase.pdfdoc import PDFDocument

    run, named = drawn_canvas(), drawn_canvas()
    named._doc.__class__ = PDFDocument
    elements = [b"<</S/P/K 0>>", b"<</S/Document/K [1 0 R]>>\n"]
    objects = [b"", b""]
    first = run._doc.run(objects)
    objects[:] = elements  # filled in after the numbers are given, as the structure tree is
    for i, element in enumerate(elements):
        named._doc.Reference(element, f"SE{i}")
    for canv in (run, named):
        canv.drawString(10, 10, "after the run")
        canv.showPage()
    data = run.getpdfdata()
    assert b"%d 0 obj\n<</S/P/K 0>>" % first in data and data == named.getpdfdata()
    assert data.count(b" obj\n") == len(named._doc.idToObject)


def test_a_run_of_objects_is_written_by_reportlab_too_when_it_writes_the_file():
    """An encrypted file is written by reportlab itself: a run's objects are named for it, each
    at its number."""
    canv = RecordingCanvas(io.BytesIO(), invariant=1, encrypt="secret")
    canv.drawString(10, 10, "a page")
    canv.showPage()
    first = canv._doc.run([b"<</S/P/K 0>>", b"<</S/Document/K [1 0 R]>>"])
    data = canv.getpdfdata()
    assert b"%d 0 obj\n<</S/P/K 0>>" % first in data and b"%d 0 obj\n<</S/Document" % (first + 1) in data


def test_a_page_stream_formats_as_reportlab_formats_it():
    import zlib

    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream

    from briefpack.writers.pdf.objects import PageStream

    doc = RecordingCanvas(io.BytesIO(), invariant=1)._doc
    for content in (zlib.compress(b"BT /F1 12 Tf (x) Tj ET\n"), b"", b"ends with a newline\n"):
        plain = PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), content)
        assert PageStream(content).format(doc) == plain.format(doc)

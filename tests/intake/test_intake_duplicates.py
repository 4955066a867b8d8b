"""add-source recognises a file already captured, or a text already in the library."""

from __future__ import annotations

from intake_files import write_pdf, write_text


def test_the_same_file_twice_is_refused_naming_the_source(run, ws, tmp_path):
    pdf = write_pdf(tmp_path / "brief.pdf")
    assert run("add-source", pdf, "--root", ws.root, "--id", "saidov-brief").exit_code == 0
    copy = tmp_path / "brief (1).pdf"
    copy.write_bytes(pdf.read_bytes())
    again = run("add-source", copy, "--root", ws.root)
    assert again.exit_code == 1
    assert again.stderr == ("Error: " + str(copy) + ": this file is already in the library as the source "
                            "'saidov-brief' (seeds/sources/saidov-brief.txt): not added again (to add it anyway, "
                            "give --force)\n")
    assert sorted(p.name for p in (ws.root / "seeds/captures").iterdir()) == ["saidov-brief.pdf"]
    forced = run("add-source", copy, "--root", ws.root, "--force", "--id", "saidov-brief-copy")
    assert forced.exit_code == 0, forced.output
    assert (ws.root / "seeds/sources/saidov-brief-copy.txt").exists()


def test_the_same_text_in_another_file_is_refused(run, ws, tmp_path):
    note = write_text(tmp_path / "kulob.txt")
    assert run("add-source", note, "--root", ws.root, "--id", "kulob-note").exit_code == 0
    resaved = tmp_path / "kulob-resaved.txt"  # another file: other line ends, spacing and a BOM
    resaved.write_bytes(b"\xef\xbb\xbf" + note.read_text(encoding="utf-8").replace("\n", "  \r\n").encode("utf-8"))
    again = run("add-source", resaved, "--root", ws.root)
    assert again.exit_code == 1
    assert "its text is already in the library as the source 'kulob-note'" in again.stderr
    assert run("add-source", resaved, "--root", ws.root, "--force").exit_code == 0


def test_a_different_text_is_added(run, ws, tmp_path):
    note = write_text(tmp_path / "kulob.txt")
    assert run("add-source", note, "--root", ws.root, "--id", "kulob-note").exit_code == 0
    other = tmp_path / "kulob-2.txt"
    other.write_text(note.read_text(encoding="utf-8").replace("40 young men", "41 young men"), encoding="utf-8")
    assert run("add-source", other, "--root", ws.root).exit_code == 0

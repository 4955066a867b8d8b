"""Who received an edition: recipients recorded, a copy for each with their name in every page
foot and in the metadata, each copy traced back with briefpack verify."""

import json
import zipfile

import docx
import pytest
from pypdf import PdfReader

EPOCH = {"SOURCE_DATE_EPOCH": "1717200000"}  # June 1, 2024
NAMES = ["J. Smith", "Ødegård, K."]


@pytest.fixture
def sent(corpus, run):
    """Edition 1 of the regional pack, published to two recipients with a copy each."""
    corpus.cli = lambda *args, env=None: run(*args, "--root", corpus.root, env=env)
    result = corpus.cli("build", "briefs/regional.yaml", "--publish", "--to", NAMES[0], "--to", NAMES[1],
                        "--per-recipient", env=EPOCH)
    assert result.exit_code == 0, result.output
    return corpus


def line(corpus, name: str) -> str:
    content = corpus.manifest()["documents"]["regional"]["content"]
    return f"Prepared for {name} \u00b7 Edition 1 \u00b7 {content[:12]}"


def test_each_recipient_has_a_copy_with_their_name_in_every_page_foot_and_the_metadata(sent):
    for name, stem in zip(NAMES, ("regional-for-j-smith", "regional-for-ødegård-k")):
        pdf = PdfReader(sent.out / f"{stem}.pdf")
        assert all(line(sent, name) in page.extract_text() for page in pdf.pages)
        assert line(sent, name) in pdf.metadata["/Keywords"]
        document = docx.Document(str(sent.out / f"{stem}.docx"))
        assert [p.text for p in document.sections[0].footer.paragraphs][0] == line(sent, name)
        assert line(sent, name) in document.core_properties.keywords
    plain = PdfReader(sent.out / "regional.pdf")
    assert not any("Prepared for" in page.extract_text() for page in plain.pages)


def test_copies_differ_only_in_the_recipient_line_and_the_metadata(sent):
    def parts(path):
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    original, copy = parts(sent.out / "regional.docx"), parts(sent.out / "regional-for-j-smith.docx")
    assert original.keys() == copy.keys()
    assert sorted(n for n in original if original[n] != copy[n]) == ["docProps/core.xml", "word/footer1.xml"]

    def pages(path):
        return [" ".join(page.extract_text().replace(line(sent, "J. Smith"), " ").split())
                for page in PdfReader(path).pages]

    assert pages(sent.out / "regional.pdf") == pages(sent.out / "regional-for-j-smith.pdf")


def test_each_copy_is_recorded_and_verifies_as_its_recipients(sent, tmp_path):
    edition = json.loads((sent.root / "editions/regional/edition-1.json").read_text(encoding="utf-8"))
    assert edition["recipients"] == NAMES
    assert {name: (c["recipient"], c["format"]) for name, c in edition["copies"].items()} == {
        "regional-for-j-smith.docx": ("J. Smith", "docx"), "regional-for-j-smith.pdf": ("J. Smith", "pdf"),
        "regional-for-ødegård-k.docx": ("Ødegård, K.", "docx"), "regional-for-ødegård-k.pdf": ("Ødegård, K.", "pdf")}
    leaked = tmp_path / "leaked.pdf"
    leaked.write_bytes((sent.out / "regional-for-ødegård-k.pdf").read_bytes())
    result = sent.cli("verify", leaked)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("leaked.pdf: Ødegård, K.'s copy of edition 1 of regional; its bytes are "
                                    "exactly as released")
    data = bytearray(leaked.read_bytes())
    data[len(data) // 2] ^= 0x01
    leaked.write_bytes(bytes(data))
    result = sent.cli("verify", leaked)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {leaked}: does not match Ødegård, K.'s copy of edition 1 of regional: "
                             "modified after release\n")


def test_recipients_added_later_are_recorded_with_the_edition(sent, tmp_path):
    listed = tmp_path / "partners.txt"
    listed.write_text("# partners\nL. Late\n\nM. Next  # by post\n", encoding="utf-8")
    result = sent.cli("publish", "briefs/regional.yaml", "--to-list", listed, env=EPOCH)
    assert result.exit_code == 0, result.output
    copies = json.loads((sent.root / "editions/regional/copies-1.json").read_text(encoding="utf-8"))
    assert (copies["edition"], copies["recipients"]) == (1, ["L. Late", "M. Next"])
    assert "sent to J. Smith, Ødegård, K., L. Late, M. Next" in sent.cli("editions").stdout
    assert sent.cli("verify").exit_code == 0


def test_per_recipient_needs_recipients_and_to_needs_publish(corpus, run):
    result = run("publish", "--root", corpus.root, "--per-recipient")
    assert result.exit_code == 2 and "--per-recipient goes with --to NAME" in result.stderr
    result = run("build", "--root", corpus.root, "--to", "J. Smith")
    assert result.exit_code == 2 and "--to goes with --publish" in result.stderr
    result = run("build", "--root", corpus.root, "--publish", "--to", "J. Smith", "--to", "j smith",
                 "--per-recipient")
    assert result.exit_code == 1
    assert "recipients 'J. Smith' and 'j smith' would share one copy's file name" in result.stderr

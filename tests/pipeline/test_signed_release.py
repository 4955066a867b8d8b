"""Signed editions and briefpack verify FILE: a PAdES signature made with a key from a certificate
authority made at test time, validated by pyHanko's own command trusting the test root; one changed
byte of a released file found."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from certificates import make_ca, serve_timestamps
from corpus_builder import REGIONAL

PYHANKO = Path(sys.executable).parent / "pyhanko"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def released(corpus, run, ca):
    """Edition 1 of the regional pack, approved by A. Reviewer and signed."""
    corpus.brief("regional", REGIONAL + 'release: {approvals: 1, author: "N. Analyst"}\n')
    corpus.cli = lambda *args: run(*args, "--root", corpus.root)
    assert corpus.cli("build", "briefs/regional.yaml", "-q").exit_code == 0
    assert corpus.cli("approve", "briefs/regional.yaml", "--by", "A. Reviewer").exit_code == 0
    result = corpus.cli("publish", "briefs/regional.yaml", "--sign", ca.key, "--cert", ca.cert)
    assert result.exit_code == 0, result.output
    assert "Published regional: edition 1 (" in result.stdout
    assert "), approved by A. Reviewer, signed by Test Desk Release (editions/regional/edition-1.json)" \
        in result.stdout
    return corpus


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_byte_changed(path: Path, folder: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    copy = folder / path.name
    copy.write_bytes(bytes(data))
    return copy


def test_a_signed_pdf_validates_trusting_the_test_root(released, ca):
    pdf = released.out / "regional.pdf"
    result = subprocess.run([str(PYHANKO), "sign", "validate", "--trust", str(ca.root), "--trust-replace", str(pdf)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ":INTACT:TRUSTED,UNTOUCHED" in result.stdout
    detail = subprocess.run([str(PYHANKO), "sign", "validate", "--pretty-print", "--trust", str(ca.root),
                             "--trust-replace", str(pdf)], capture_output=True, text=True, timeout=120).stdout
    assert "Test Desk Release" in detail


def test_the_edition_records_every_output_and_its_signature(released, ca):
    edition = json.loads((released.root / "editions/regional/edition-1.json").read_text(encoding="utf-8"))
    assert edition["outputs"] == {name: sha256(released.out / name) for name in ("regional.docx", "regional.pdf")}
    signature = edition["signature"]
    assert (signature["signer"], signature["level"], signature["files"]) == \
        ("Test Desk Release", "PAdES B-B", ["regional.pdf"])
    assert signature["reason"] == "Edition 1 of regional, approved by A. Reviewer"
    assert edition["unsigned"]["regional.pdf"] != edition["outputs"]["regional.pdf"]
    from briefpack.pipeline.signing import signature_of

    found = signature_of(released.out / "regional.pdf")
    assert found["reason"] == signature["reason"] and found["intact"]  # the approvers in the reason field


@pytest.mark.parametrize("name", ["regional.pdf", "regional.docx"])
def test_verify_names_the_edition_its_signature_and_approvers(released, name):
    result = released.cli("verify", released.out / name)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{name}: edition 1 of regional; its bytes are exactly as released (SHA-256 ")
    if name.endswith(".pdf"):
        assert lines[1].startswith("Signature: valid, by Test Desk Release (")
    else:
        assert lines[1] == "Signature: none (only PDFs are signed; the edition records this file's SHA-256)."
    assert lines[-1] == "Approved by: A. Reviewer."


@pytest.mark.parametrize("name", ["regional.pdf", "regional.docx"])
def test_one_changed_byte_fails_verify_with_the_reason(released, tmp_path, name):
    copy = one_byte_changed(released.out / name, tmp_path)
    result = released.cli("verify", copy)
    assert result.exit_code == 1
    assert f"Error: {copy}: does not match edition 1 of regional: modified after release\n" in result.stderr
    if name.endswith(".pdf"):
        assert f"Error: {copy}: its signature by Test Desk Release is broken: the file was changed after it was " \
               "signed\n" in result.stderr


def test_a_file_from_elsewhere_is_not_a_release(released, tmp_path):
    stranger = tmp_path / "other.pdf"
    stranger.write_bytes(b"%PDF-1.7\n%%EOF\n")
    result = released.cli("verify", stranger)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {stranger}: no edition in the record has these bytes, and the file does "
                             "not say which document it is: not a released file of this workspace\n")


def test_a_pkcs12_key_signs_with_its_passphrase_and_a_wrong_one_publishes_nothing(corpus, run, ca, monkeypatch):
    def publish():
        return run("build", "--root", corpus.root, "briefs/regional.yaml", "--publish", "--format", "pdf",
                   "--sign", ca.pkcs12)

    monkeypatch.setenv("BRIEFPACK_SIGN_PASSPHRASE", "wrong")
    result = publish()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {ca.pkcs12}: cannot use the signing key")
    assert not (corpus.root / "editions").exists() or not list(corpus.root.glob("editions/*/*.json"))
    monkeypatch.setenv("BRIEFPACK_SIGN_PASSPHRASE", "desk")
    assert publish().exit_code == 0
    verified = run("verify", "--root", corpus.root, corpus.out / "regional.pdf")
    assert verified.exit_code == 0 and "Signature: valid, by Test Desk Release" in verified.stdout
    assert "Approved by: no one (no release policy asked for review)." in verified.stdout


def test_sign_goes_with_publish(run, corpus, ca):
    result = run("build", "--root", corpus.root, "--sign", ca.key, "--cert", ca.cert)
    assert result.exit_code == 2 and "--sign goes with --publish" in result.stderr
    result = run("build", "--root", corpus.root, "--publish", "--sign", ca.key)
    assert result.exit_code == 2 and "give the certificate with --cert" in result.stderr


def test_a_rebuild_without_the_signature_is_named_as_such(released):
    assert released.cli("build", "briefs/regional.yaml", "--force", "-q").exit_code == 0  # no --sign: unsigned
    result = released.cli("verify", released.out / "regional.pdf")
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {released.out / 'regional.pdf'}: is edition 1 of regional as built, without "
                             "the signature it was released with\n")


def test_a_timestamp_authority_in_the_release_settings_makes_it_b_t(corpus, run, ca):
    url, stop = serve_timestamps(ca)
    try:
        (corpus.root / "release.yaml").write_text(
            f"sign: {{key: {ca.key}, cert: {ca.cert}}}\ntimestamp_url: {url}\n", encoding="utf-8")
        result = run("build", "--root", corpus.root, "briefs/regional.yaml", "--publish", "--format", "pdf")
        assert result.exit_code == 0, result.output
    finally:
        stop()
    edition = json.loads((corpus.root / "editions/regional/edition-1.json").read_text(encoding="utf-8"))
    assert edition["signature"]["level"] == "PAdES B-T"
    shown = subprocess.run([str(PYHANKO), "sign", "validate", "--pretty-print", "--trust", str(ca.root),
                            "--trust-replace", str(corpus.out / "regional.pdf")], capture_output=True, text=True,
                           timeout=120)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "Test Timestamps" in shown.stdout  # the signature's timestamp token, by the test authority


def test_a_signature_that_cannot_be_made_publishes_nothing(corpus, run, ca):
    import socket

    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    (corpus.root / "release.yaml").write_text(
        f"sign: {{key: {ca.key}, cert: {ca.cert}}}\ntimestamp_url: http://127.0.0.1:{port}/\n", encoding="utf-8")
    result = run("build", "--root", corpus.root, "briefs/regional.yaml", "--publish", "--format", "pdf")
    assert result.exit_code == 1
    assert "Error: regional: cannot sign it or write its copies: " in result.stderr
    assert not list(corpus.root.glob("editions/*/*.json*")) and not (corpus.out / "regional.pdf").exists()
    assert not list(corpus.out.glob(".*.tmp"))


def test_a_draft_is_no_released_edition(released):
    released.edit_excerpt("kz-recruit", summary="ISKP recruits Kazakhs abroad.")
    assert released.cli("build", "briefs/regional.yaml", "-q").exit_code == 0
    result = released.cli("verify", released.out / "regional.docx")
    assert result.exit_code == 1
    assert result.stdout == "regional.docx: named like an output of regional.\n"
    assert result.stderr == (f"Error: {released.out / 'regional.docx'}: is no released edition of regional: a draft, "
                             "or a file modified after release\n")

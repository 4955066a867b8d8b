"""What reportlab reads of a font face, kept from one build to the next: the face made from it
is reportlab's own, a damaged or foreign file is ignored, and a build with it writes the same PDF."""

from __future__ import annotations

import marshal
import math
import os
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from reportlab import Version
from reportlab.pdfbase.ttfonts import TTFont

import briefpack
from briefpack.cache_files import write_sealed
from briefpack.writers import font_cache
from briefpack.writers.fonts import FONT_DIR, compact, face_values, keep_face, kept_font


def comparable(face) -> dict:
    values = {k: v for k, v in vars(face).items() if k not in ("_pos", "_pdfScale", "hmetrics", "glyphToChar")}
    values["names"] = [getattr(getattr(face, k), "ustr", None) for k in font_cache.NAMES]
    values["types"] = {k: type(v) for k, v in values.items()}
    values["order"] = (list(face.charToGlyph), list(face.charWidths))
    values["scale"] = face._pdfScale(1234)
    values["hmetrics"] = [face.hmetrics[g] for g in range(len(face.hmetrics))]
    values["glyphToChar"] = {g: face.glyphToChar[g] for g in face.glyphToChar}
    return values


def kept(tmp_path, file: Path, shaped: bool):
    """reportlab's font of ``file``, and the font made from the values kept of it."""
    data = file.read_bytes()
    key = font_cache.face_key(data, Version)
    with font_cache.kept_in(tmp_path):
        font = TTFont(f"own-{file.stem}", str(file))
        font_cache.write(key, *face_values(font.face))
        again = kept_font(f"kept-{file.stem}", file, data, key, shaped)
    compact(font.face, shaped)
    return font, again


@pytest.mark.parametrize("stem, shaped", [("DejaVuSerif", False), ("DejaVuSans-Bold", False),
                                          ("NotoNaskhArabic-Regular", True)])
def test_a_face_made_from_kept_values_is_reportlabs_own(tmp_path, stem, shaped):
    font, again = kept(tmp_path, FONT_DIR / f"{stem}.ttf", shaped)
    assert again is not None
    assert comparable(again.face) == comparable(font.face)
    assert again.face.makeSubset(list(range(32, 127))) == font.face.makeSubset(list(range(32, 127)))
    assert (again._asciiReadable, again.shapable) == (font._asciiReadable, font.shapable)


def damage(stored: tuple, how: str):
    fmt, key, values, arrays = stored
    if how == "format":
        return (fmt + 1, key, values, arrays)
    if how == "value":
        return (fmt, key, {**values, "numGlyphs": "many"}, arrays)
    if how == "missing":
        return (fmt, key, {k: v for k, v in values.items() if k != "flags"}, arrays)
    if how == "glyph":  # a character's glyph past the face's glyphs
        glyphs = bytearray(arrays["glyphs"][1])
        glyphs[0:8] = (10 ** 9).to_bytes(8, sys.byteorder)
        return (fmt, key, values, {**arrays, "glyphs": ("q", bytes(glyphs))})
    if how == "length":
        return (fmt, key, values, {**arrays, "offsets": ("q", arrays["offsets"][1][:-8])})
    if how == "type":
        return (fmt, key, values, {**arrays, "advances": ("u", arrays["advances"][1])})
    if how == "not a number":
        advances = array("d", [math.nan]) + array("d", arrays["advances"][1])[1:]
        return (fmt, key, values, {**arrays, "advances": ("d", advances.tobytes())})
    if how == "order":  # the glyphs' offsets the wrong way round
        offsets = array("q", arrays["offsets"][1])
        return (fmt, key, values, {**arrays, "offsets": ("q", array("q", reversed(offsets)).tobytes())})
    if how == "name":  # the face's PostScript name as text, which reportlab does not write
        return (fmt, key, {**values, "name": ("text", values["name"][1])}, arrays)
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["format", "value", "missing", "glyph", "length", "type", "not a number", "order",
                                 "name", "cut", "noise", "unsealed"])
def test_a_damaged_file_is_ignored(tmp_path, how):
    file = FONT_DIR / "DejaVuSerif-Bold.ttf"
    data = file.read_bytes()
    key = font_cache.face_key(data, Version)
    with font_cache.kept_in(tmp_path):
        font_cache.write(key, *face_values(TTFont("damaged", str(file)).face))
        path = tmp_path / f"{key}{font_cache.SUFFIX}"
        raw = path.read_bytes()
        if how == "cut":
            path.write_bytes(raw[: len(raw) // 2])
        elif how == "noise":
            path.write_bytes(b"\xff" * 64)
        elif how == "unsealed":  # the data alone, without the header naming the code that wrote it
            path.write_bytes(raw[len(font_cache.MAGIC) + 32:])
        else:  # sealed as briefpack seals it: the values themselves are checked
            code, stored = raw[len(font_cache.MAGIC):][:16], marshal.loads(raw[len(font_cache.MAGIC) + 32:])
            write_sealed(path, font_cache.MAGIC, code, marshal.dumps(damage(stored, how)))
        assert font_cache.read(key) is None
        assert kept_font("damaged", file, data, key, False) is None


def test_a_file_kept_for_other_bytes_is_not_read_for_these(tmp_path):
    file = FONT_DIR / "DejaVuSans.ttf"
    data = file.read_bytes()
    key = font_cache.face_key(data, Version)
    with font_cache.kept_in(tmp_path):
        font_cache.write(key, *face_values(TTFont("other", str(file)).face))
        other = font_cache.face_key(data + b"\0", Version)
        (tmp_path / f"{other}{font_cache.SUFFIX}").write_bytes((tmp_path / f"{key}{font_cache.SUFFIX}").read_bytes())
        assert font_cache.read(key) is not None
        assert font_cache.read(other) is None
    assert font_cache.read(key) is None  # outside the block, nothing is kept or read


def test_a_build_with_the_faces_kept_writes_the_same_pdf(corpus):
    """Fonts are registered once per process: each build here has one of its own."""
    env = {**os.environ, "PYTHONPATH": str(Path(briefpack.__file__).resolve().parents[1]), "BRIEFPACK_JOBS": "1"}

    def build(*args):
        done = subprocess.run([sys.executable, "-m", "briefpack", "build", "--root", str(corpus.root),
                               "--format", "pdf", "--quiet", *args], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return {p.name: p.read_bytes() for p in (corpus.root / "out").glob("*.pdf")}

    forced = build("--force")
    kept_folder = corpus.root / ".briefpack-cache" / "fonts"
    assert not kept_folder.exists()  # --force reads and keeps nothing
    for pdf in (corpus.root / "out").glob("*.pdf"):
        pdf.unlink()
    assert build() == forced
    assert len(list(kept_folder.glob("*.face"))) == 8  # two families of four faces
    for pdf in (corpus.root / "out").glob("*.pdf"):
        pdf.unlink()
    assert build() == forced  # read from the folder
    for face in kept_folder.glob("*.face"):
        face.write_bytes(face.read_bytes()[:100])
    for pdf in (corpus.root / "out").glob("*.pdf"):
        pdf.unlink()
    assert build() == forced  # damaged: read from the fonts again


def test_a_face_read_into_values_of_other_kinds_is_not_kept(tmp_path):
    file = FONT_DIR / "DejaVuSans-Oblique.ttf"
    face = TTFont("odd", str(file)).face
    key = font_cache.face_key(file.read_bytes(), Version)
    with font_cache.kept_in(tmp_path):
        face.charWidths = {32: "wide"}  # a width that is not a number
        keep_face(key, face)
        del face.glyphPos  # a table not read at all
        keep_face(key, face)
    assert list(tmp_path.iterdir()) == []

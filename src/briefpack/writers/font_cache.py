"""What reportlab reads of a TrueType face when it is registered (its names, metrics, the
character -> glyph map, widths, glyph offsets), kept from one build to the next, keyed by
the hash of the face's file.

Reading those tables is a walk over every glyph in Python, a good part of the time of a
small rebuild; the kept values are read back in a few array copies. The pipeline names the
folder (:func:`kept_in`, ``.briefpack-cache/fonts/``); with none named nothing is kept. A
file holds plain data written with ``marshal`` (values, and arrays as bytes), sealed with the
code that wrote it (:mod:`briefpack.cache_files`), and is read as untrusted input: bounded,
its shape and every array's type, length and range checked, any mismatch ignored and the
face read from its file. The values are those reportlab computes,
so the fonts, and the PDF, come out the same either way.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import math
from array import array
from pathlib import Path

from .. import __version__
from ..cache_files import read_sealed, write_sealed

FORMAT = 1
MAGIC = b"briefpack font 1\n"
MOST_BYTES = 16 * 1024 * 1024  # the most a file may hold
SUFFIX = ".face"

NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
WHOLE = ("unitsPerEm", "stemV", "underlinePosition", "underlineThickness", "flags", "numGlyphs")
NUMBERS = ("ascent", "descent", "capHeight", "italicAngle", "defaultWidth")
# the arrays kept, and the type codes each may have
ARRAYS = {"chars": "q", "glyphs": "q", "width_chars": "q", "widths": "qd", "glyph_of_chars": "q",
          "chars_of_glyphs": "q", "advances": "d", "bearings": "q", "offsets": "q"}

_folder: Path | None = None


@contextlib.contextmanager
def kept_in(folder: Path | None):
    """Faces kept in ``folder`` (None: none kept) while the block runs, in this process and the
    workers it forks."""
    global _folder
    before, _folder = _folder, Path(folder) if folder is not None else None
    try:
        yield
    finally:
        _folder = before


@functools.lru_cache(maxsize=None)
def _code() -> bytes:
    """What wrote a file: briefpack's and reportlab's versions and the code that reads and keeps a face."""
    from reportlab import Version

    digest = hashlib.blake2b(f"{__version__}/{Version}/{FORMAT}".encode(), digest_size=16)
    for module in (Path(__file__), Path(__file__).with_name("fonts.py")):
        digest.update(module.read_bytes())
    return digest.digest()


def face_key(data: bytes, version: str) -> str:
    """The key of a face file's values: its bytes, the reader's ``version`` and this format."""
    digest = hashlib.sha256(data)
    digest.update(f"\0{version}/{FORMAT}".encode())
    return digest.hexdigest()


def read(key: str) -> tuple[dict, dict] | None:
    """The values and arrays kept under ``key``, checked; None when there are none (or they
    are not what this module writes)."""
    if _folder is None:
        return None
    stored = read_sealed(_folder / f"{key}{SUFFIX}", MAGIC, _code(), MOST_BYTES)
    if not (isinstance(stored, tuple) and len(stored) == 4 and stored[:2] == (FORMAT, key)):
        return None
    values, arrays = _values(stored[2]), _arrays(stored[3])
    if values is None or arrays is None or not consistent(values, arrays):
        return None
    return values, arrays


def write(key: str, values: dict, arrays: dict) -> None:
    """Keep ``values`` and ``arrays`` under ``key`` (when they pass the checks a read makes);
    a folder that cannot be written costs the next build the reading, nothing more."""
    if _folder is None or _values(values) is None or not consistent(values, arrays):
        return
    stored = (FORMAT, key, values, {name: (a.typecode, a.tobytes()) for name, a in arrays.items()})
    try:
        _folder.mkdir(parents=True, exist_ok=True)
        write_sealed(_folder / f"{key}{SUFFIX}", MAGIC, _code(), marshal.dumps(stored))
    except (OSError, ValueError):
        pass


def _values(values) -> dict | None:
    """``values`` if each has its type (names: ("name" or "text", text))."""
    if not isinstance(values, dict) or set(values) != {*NAMES, *WHOLE, *NUMBERS, "fontRevision", "bbox",
                                                       "_full_font"}:
        return None
    # (names as reportlab reads them from a font file: a face whose names are otherwise is not kept)
    ok = all(isinstance(v, tuple) and len(v) == 2 and v[0] == "name" and isinstance(v[1], str)
             for v in (values[k] for k in NAMES))
    ok = ok and all(type(values[k]) is int for k in WHOLE) and values["unitsPerEm"] > 0
    ok = ok and all(type(values[k]) in (int, float) and math.isfinite(values[k]) for k in NUMBERS)
    ok = ok and _numbers(values["fontRevision"], 2, (int,)) and _numbers(values["bbox"], 4, (int, float))
    return values if ok and type(values["_full_font"]) is bool else None


def _numbers(value, count: int, types) -> bool:
    return isinstance(value, tuple) and len(value) == count and all(type(v) in types and math.isfinite(v)
                                                                    for v in value)


def _arrays(stored) -> dict | None:
    if not isinstance(stored, dict) or set(stored) != set(ARRAYS):
        return None
    arrays = {}
    for name, entry in stored.items():
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                and entry[0] in ARRAYS[name] and isinstance(entry[1], bytes)):
            return None
        values = array(entry[0])
        if len(entry[1]) % values.itemsize:
            return None
        values.frombytes(entry[1])
        arrays[name] = values
    return arrays


def consistent(values: dict, arrays: dict) -> bool:
    """Whether the arrays fit together and with the face: one glyph for each character, one
    width for each, an advance, a bearing and an offset for every glyph, and the characters'
    glyphs among them, every number finite and the glyphs' offsets in order (so reportlab
    never reads past a table nor computes with what no font holds)."""
    if set(arrays) != set(ARRAYS) or any(a.typecode not in ARRAYS[k] for k, a in arrays.items()):
        return False
    count = values["numGlyphs"]
    pairs = all(len(arrays[a]) == len(arrays[b]) for a, b in
                (("chars", "glyphs"), ("width_chars", "widths"), ("glyph_of_chars", "chars_of_glyphs")))
    if not (pairs and len(arrays["advances"]) == len(arrays["bearings"]) == count
            and len(arrays["offsets"]) == count + 1):
        return False
    glyphs = [arrays["glyphs"], arrays["glyph_of_chars"]]
    offsets = arrays["offsets"]
    # a sum is finite only if every number is (a sum too large to be finite refuses a face no font has)
    finite = all(math.isfinite(sum(arrays[name])) for name in ("widths", "advances") if arrays[name].typecode == "d")
    return (finite and all(not g or (min(g) >= 0 and max(g) < count) for g in glyphs)
            and offsets[0] >= 0 and offsets == array("q", sorted(offsets)))

"""The font chain reads a shipped script font only when a character needs one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import briefpack


def registered_after(text: str) -> list[str]:
    """The script fonts registered after the body font chain sets ``text`` (in a process of its own:
    fonts are registered once per process)."""
    code = textwrap.dedent(f"""
        import json
        from reportlab.pdfbase import pdfmetrics
        from briefpack.writers.fonts import SHAPED_FONTS
        from briefpack.writers.glyphs import Glyphs
        from briefpack.writers.pdf.style import load_house_style
        hs = load_house_style()
        Glyphs(hs.body_font, hs.heading_font).runs({text!r})
        print(json.dumps(sorted(set(pdfmetrics.getRegisteredFontNames()) & SHAPED_FONTS)))
    """)
    env = {**os.environ, "PYTHONPATH": str(Path(briefpack.__file__).resolve().parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out)


def test_latin_and_cyrillic_text_reads_no_script_font():
    assert registered_after("The border province of Қазақстан, Oʻzbekiston") == []


def test_arabic_text_reads_the_script_fonts():
    assert "NotoNaskhArabic-Regular" in registered_after("الحدود")

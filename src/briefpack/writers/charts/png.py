"""A chart Drawing as a PNG at print resolution, for the DOCX.

The Drawing holds flat shapes only (see :mod:`.draw`); each is painted
with Pillow at 300 dpi. Text is set (anti-aliased) with FreeType from the same
TrueType files the PDF embeds, at the same positions. The picture is then
mapped onto a fixed palette (the chart's own colours and their blends with
white), which keeps the file small and the step fast. The PNG carries no time
or software stamp: the same chart gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import math

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Line, Polygon, Rect, String
from reportlab.pdfbase import pdfmetrics

DPI = 300
BLEND_STEP = 16  # palette entries between a colour and white, per this much lightness


@functools.lru_cache(maxsize=64)
def _font(name: str, pixels: int):
    return ImageFont.truetype(pdfmetrics.getFont(name).face.filename, pixels)


def _rgb(colour):
    if colour is None:
        return None
    r, g, b = colour.rgb()
    return (round(r * 255), round(g * 255), round(b * 255))


class _Painter:
    def __init__(self, drawing, scale: float):
        self.scale, self.height = scale, drawing.height
        size = (max(1, round(drawing.width * scale)), max(1, round(drawing.height * scale)))
        self.image = Image.new("RGB", size, (255, 255, 255))
        self.draw = ImageDraw.Draw(self.image)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, (self.height - y) * self.scale

    def width(self, shape) -> int:
        return max(1, round((shape.strokeWidth or 0.5) * self.scale))

    def paint(self, shape) -> None:
        fill = _rgb(getattr(shape, "fillColor", None))
        stroke = _rgb(getattr(shape, "strokeColor", None))
        if isinstance(shape, Line):
            if stroke:
                self.line(shape, stroke)
        elif isinstance(shape, Rect):
            (x0, y1), (x1, y0) = self.xy(shape.x, shape.y), self.xy(shape.x + shape.width, shape.y + shape.height)
            self.draw.rectangle([x0, y0, x1, y1], fill=fill, outline=stroke,
                                width=self.width(shape) if stroke else 0)
        elif isinstance(shape, Circle):
            (cx, cy), r = self.xy(shape.cx, shape.cy), shape.r * self.scale
            self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=stroke,
                              width=self.width(shape) if stroke else 0)
        elif isinstance(shape, Polygon):
            pts = [self.xy(*shape.points[i:i + 2]) for i in range(0, len(shape.points), 2)]
            self.draw.polygon(pts, fill=fill, outline=stroke)
        elif isinstance(shape, String):
            self.text(shape, fill or (0, 0, 0))
        else:
            raise TypeError(f"cannot rasterise {type(shape).__name__}")

    def text(self, shape, fill) -> None:
        """A String word by word at the PDF's positions: hinting makes FreeType's
        advances a little narrower or wider, which would open or close the gap
        before a note number; within a word the drift stays under a pixel."""
        font = _font(shape.fontName, max(1, round(shape.fontSize * self.scale)))
        name, size, scale = shape.fontName, shape.fontSize, self.scale
        logical = getattr(shape, "bp_text", None)
        if logical is not None:  # a run of another script: drawn whole, shaped and ordered by raqm
            self.draw.text(self.xy(shape.x, shape.y), logical, font=font, fill=fill, anchor="ls")
            return
        words = shape.text.split(" ")
        space = pdfmetrics.stringWidth(" ", name, size) * scale
        widths = [pdfmetrics.stringWidth(w, name, size) * scale for w in words]
        total = sum(widths) + space * (len(words) - 1)
        x, y = self.xy(shape.x, shape.y)
        x -= {"middle": total / 2, "end": total}.get(shape.textAnchor, 0.0)
        for word, width in zip(words, widths):
            if word:
                self.draw.text((x, y), word, font=font, fill=fill, anchor="ls")
            x += width + space

    def line(self, shape, stroke) -> None:
        a, b = self.xy(shape.x1, shape.y1), self.xy(shape.x2, shape.y2)
        dash = getattr(shape, "strokeDashArray", None)
        if not dash:
            self.draw.line([a, b], fill=stroke, width=self.width(shape))
            return
        on, off = (d * self.scale for d in dash[:2])
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        pos = 0.0
        while pos < length:
            end = min(pos + on, length)
            p = [(a[0] + (b[0] - a[0]) * t / length, a[1] + (b[1] - a[1]) * t / length) for t in (pos, end)]
            self.draw.line(p, fill=stroke, width=self.width(shape))
            pos = end + off


def palette_image(drawing) -> Image.Image:
    """A "P" image whose palette is white, every colour of ``drawing`` and its
    blends towards white (what anti-aliased edges on white are made of)."""
    used = {(255, 255, 255)}
    for shape in drawing.contents:
        for name in ("fillColor", "strokeColor"):
            rgb = _rgb(getattr(shape, name, None))
            if rgb is not None:
                used.add(rgb)
    entries = [(255, 255, 255)]
    for colour in sorted(used):
        steps = max(1, math.ceil(max(255 - v for v in colour) / BLEND_STEP))
        for k in range(steps):
            t = k / steps
            entries.append(tuple(round(c * (1 - t) + 255 * t) for c in colour))
    entries = list(dict.fromkeys(entries))[:256]
    flat = [v for rgb in entries for v in rgb]
    image = Image.new("P", (1, 1))
    image.putpalette(flat + [0] * (768 - len(flat)))
    return image


def drawing_to_png(drawing, dpi: int = DPI) -> tuple[bytes, tuple[int, int]]:
    """The PNG bytes of ``drawing`` at ``dpi`` and its size in pixels."""
    painter = _Painter(drawing, dpi / 72.0)
    for shape in drawing.contents:
        painter.paint(shape)
    image = painter.image.quantize(palette=palette_image(drawing), dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi), optimize=False, compress_level=6)
    return out.getvalue(), image.size

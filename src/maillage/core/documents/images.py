"""Pictures for Word and ODT: the PNG of a chart drawn as SVG, so that each chart is drawn once."""

from __future__ import annotations

from functools import lru_cache

import cairosvg

PIXELS_PER_MM = 10  # about 250 dpi: sharp once printed


@lru_cache(maxsize=64)  # a plan repeats an indicator's chart under each of its fiches
def svg_to_png(svg: str, width_mm: float) -> bytes:
    """The chart as PNG bytes, wide enough to print sharp at ``width_mm``."""
    png: bytes = cairosvg.svg2png(
        bytestring=svg.encode(), output_width=round(width_mm * PIXELS_PER_MM)
    )
    return png


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height in pixels of PNG bytes, read from the header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def png_height_mm(data: bytes, width_mm: float) -> float:
    """The height the picture takes at ``width_mm``, keeping its proportions."""
    width, height = png_size(data)
    return round(width_mm * height / width, 2)

"""A page of an invoice as an image, with detected fields and findings drawn as labelled boxes.

pdfplumber renders the page (``Page.to_image``) and draws the rectangles; the labels are
written with Pillow in DejaVu Sans when it is installed (Debian's fonts-dejavu-core).
"""
from __future__ import annotations

import io
from pathlib import Path

FIELD_COLOUR = (31, 111, 235)  # blue
FINDING_COLOUR = (209, 36, 47)  # red
FONT_PATHS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_PATHS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def page_count(path: str | Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def annotated_page(path: str | Path, page_number: int, fields: list[tuple[str, tuple]],
                   findings: list[tuple[str, tuple]], resolution: int = 110) -> bytes:
    """PNG of page ``page_number`` (1-based) with (label, bbox) boxes: fields blue, findings red."""
    import pdfplumber
    from PIL import ImageDraw

    scale = resolution / 72
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_number - 1]
        image = page.to_image(resolution=resolution).original.convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    font = _font(max(9, int(resolution / 10)))
    for boxes, colour in ((fields, FIELD_COLOUR), (findings, FINDING_COLOUR)):
        for label, bbox in boxes:
            x0, top, x1, bottom = (v * scale for v in bbox)
            draw.rectangle((x0 - 2, top - 2, x1 + 2, bottom + 2), outline=colour + (255,), width=2,
                           fill=colour + (28,))
            text_box = draw.textbbox((0, 0), label, font=font)
            width, height = text_box[2] - text_box[0], text_box[3] - text_box[1]
            y = max(0, top - height - 6)
            draw.rectangle((x0 - 2, y, x0 + width + 4, y + height + 4), fill=colour + (230,))
            draw.text((x0 + 1, y + 1), label, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

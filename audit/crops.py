"""Page-image crops around findings: a PNG data URI of the printed figures that are wrong.

The finding's box (PDF points, top-left origin) is widened a little, rendered with pdfplumber
(``page.crop(bbox).to_image(resolution=...)``) and embedded as ``data:image/png;base64,...``.
With ``--redact`` the printed words inside masked spans are blacked out before encoding; a full
payment card number is blacked out always.
"""
from __future__ import annotations

import base64
import io
from pathlib import Path

from invoice_lint.audit.redact import Redactor, card_spans
from invoice_lint.foundation.model import Document


class DataURI(str):
    """An embedded image; never redacted or escaped as text (it is not text)."""


MARGIN_Y = 14.0  # the crop spans the page width, so the label beside a wrong figure shows too
RESOLUTION = 110


def _hidden_boxes(document: Document, page_number: int, box, redactor: Redactor) -> list[tuple]:
    """Word boxes to black out: everything the redactor masks, and full card numbers always."""
    boxes = []
    spans_of = redactor.spans if redactor.enabled else card_spans
    for page in document.pages:
        if page.number != page_number:
            continue
        for line in page.lines:
            if line.bottom < box[1] or line.top > box[3]:
                continue
            text, starts = "", []
            for word in line.words:
                if text:
                    text += " "
                starts.append(len(text))
                text += word.text
            for start, end, _ in spans_of(text):
                for word, word_start in zip(line.words, starts):
                    if word_start < end and word_start + len(word.text) > start:
                        boxes.append(word.bbox)
    return boxes


def crops_for(path: Path, document: Document, targets: list[tuple[int, tuple]], redactor: Redactor
              ) -> list[DataURI | None]:
    """One image per (page, bbox) target of one PDF; None where it cannot be rendered."""
    out: list[DataURI | None] = []
    try:
        import pdfplumber

        pdf = pdfplumber.open(path)
    except Exception:  # noqa: BLE001 - a crop is an illustration; its absence is not an error
        return [None] * len(targets)
    with pdf:
        for page_number, bbox in targets:
            try:
                page = pdf.pages[page_number - 1]
                x0, top, x1, bottom = bbox
                box = (page.bbox[0], max(page.bbox[1], top - MARGIN_Y), page.bbox[2],
                       min(page.bbox[3], bottom + MARGIN_Y))
                image = page.crop(box).to_image(resolution=RESOLUTION)
                hidden = _hidden_boxes(document, page_number, box, redactor)
                if hidden:
                    image.draw_rects(hidden, fill=(0, 0, 0, 255), stroke=(0, 0, 0, 255), stroke_width=1)
                buffer = io.BytesIO()
                image.save(buffer, format="PNG")
                out.append(DataURI("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")))
            except Exception:  # noqa: BLE001
                out.append(None)
    return out

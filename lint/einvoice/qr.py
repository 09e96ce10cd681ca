"""QR codes printed on a PDF's first page: the page rendered by PDFium (pypdfium2), decoded by
zxing-cpp (the ``qr`` extra: ``pip install "invoice-lint[qr]"``).

Why zxing-cpp: on the 114 PDFs of ``../shared/corpus`` rendered at 144 dpi it decoded a QR code on
all 9 pages that carry one (a girocode, seven Argentine AFIP codes, a text note) in 0.44 s for the whole
corpus; OpenCV's QRCodeDetector (a 64 MB wheel against zxing-cpp's 1.1 MB, no dependency)
decoded 1 of the 9 in 7.4 s.  pyzbar needs a system library.

Only the first page is read (the tax QR must be there).  A page is rendered with its longer side
at most ``MAX_PIXELS`` pixels; when nothing decodes at 144 dpi it is tried once more at 216 dpi
(a 30 mm code with small modules).  Results are kept per file (path, size, modification time), so
the rules that ask again do not render again.  Rendering has the reader's time limit per file
(``extract.pdf.time_limit``); a page that takes longer raises ``QRUnreadable`` (the check engine
then reports the file as one it could not check, naming the rule), once per file.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from invoice_lint.foundation.extras import installed

EXTRA = "qr"
MODULE = "zxingcpp"
SCALES = (2.0, 3.0)  # 144 and 216 dpi
MAX_PIXELS = 5000


RENDER_TIME_LIMIT = 30.0  # seconds for rendering and decoding the first page


class QRUnreadable(Exception):
    """The first page could not be rendered in time to look for a QR code."""


def available() -> bool:
    """Whether the decoder (the ``qr`` extra) is installed."""
    return installed(MODULE)


def first_page_codes(path: Path | str) -> tuple[str, ...]:
    """The texts of the QR codes on the first page of the PDF at ``path`` (empty when there are
    none, the decoder is not installed, or the page cannot be rendered)."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    found = _codes(str(path), st.st_size, st.st_mtime_ns)
    if isinstance(found, str):
        raise QRUnreadable(found)
    return found


@functools.lru_cache(maxsize=32)
def _codes(path: str, _size: int, _mtime: int) -> tuple[str, ...] | str:
    """The QR texts, or a problem in words (kept, so that it is met once per file)."""
    if not available():
        return ()
    from invoice_lint.extract.pdf import ExtractionFailed, time_limit

    try:
        with time_limit(RENDER_TIME_LIMIT, Path(path)):
            return _decode(path)
    except ExtractionFailed:
        return f"rendering its first page to find the tax QR code took longer than {RENDER_TIME_LIMIT:g} s"


def _decode(path: str) -> tuple[str, ...]:
    import pypdfium2 as pdfium
    import zxingcpp

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # noqa: BLE001 - an unreadable file is the reader's business (PDF001)
        return ()
    try:
        if len(pdf) == 0:
            return ()
        page = pdf[0]
        width, height = page.get_size()
        for scale in SCALES:
            scale = min(scale, MAX_PIXELS / max(width, height, 1))
            try:
                image = page.render(scale=scale, grayscale=True).to_numpy()
            except Exception:  # noqa: BLE001 - a page PDFium cannot draw has no code to read
                return ()
            if image.ndim == 3:
                image = image[:, :, 0]
            found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            texts = tuple(code.text for code in found if code.text)
            if texts:
                return texts
        return ()
    finally:
        pdf.close()


__all__ = ["available", "first_page_codes", "QRUnreadable", "EXTRA", "MODULE"]

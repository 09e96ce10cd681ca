"""Find the e-invoice XML files embedded in a PDF (Factur-X, ZUGFeRD, XRechnung hybrids).

PDFium (pypdfium2, which pdfplumber already brings) lists the document's embedded files.  Every
attachment whose name ends in ``.xml``, or whose content starts like XML, is a candidate; the
standard names come first (``factur-x.xml``, ``zugferd-invoice.xml``, ``ZUGFeRD-invoice.xml``,
``xrechnung.xml``), so a hybrid with an extra XML (a delivery note) is read by its invoice.
"""
from __future__ import annotations

from pathlib import Path

STANDARD_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class AttachmentsUnreadable(Exception):
    """The PDF's attachments could not be listed; ``str(exc)`` says why."""


def xml_attachments(path: Path) -> list[tuple[str, bytes]]:
    """(name, content) of each XML-looking attachment, standard e-invoice names first."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - pdfium's errors carry no stable type
        raise AttachmentsUnreadable(f"the PDF's attachments could not be listed ({exc})") from None
    found: list[tuple[str, bytes]] = []
    try:
        for index in range(pdf.count_attachments()):
            attachment = pdf.get_attachment(index)
            name = attachment.get_name() or f"attachment {index + 1}"
            try:
                data = bytes(attachment.get_data())
            except Exception:  # noqa: BLE001 - an attachment without a readable stream is not an invoice
                continue
            if len(data) > MAX_ATTACHMENT_BYTES:
                continue
            if name.lower().endswith(".xml") or _looks_like_xml(data):
                found.append((name, data))
    finally:
        pdf.close()
    return sorted(found, key=lambda item: (item[0].lower() not in STANDARD_NAMES, item[0].lower()))


def _looks_like_xml(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml")

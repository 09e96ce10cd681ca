"""Open a PDF with pdfplumber and turn it into a Document of pages, lines and words.

Every way a file can fail to be read becomes an ``ExtractionFailed`` carrying a
``ReadError`` with a sentence a user can act on; nothing here lets a traceback escape.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path

from invoice_lint.extract.layout import build_lines
from invoice_lint.model import Document, Page, ReadError, Word

DEFAULT_TIME_LIMIT = 60.0  # seconds per file
MAX_PAGES = 200


class ExtractionFailed(Exception):
    def __init__(self, error: ReadError):
        super().__init__(error.cause)
        self.error = error


def sniff(path: Path) -> str | None:
    """Return a reason the file is not a PDF at all, or None if it looks like one."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be opened ({exc.strerror or exc})"
    if size == 0:
        return "is empty (0 bytes)"
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return f"cannot be opened ({exc.strerror or exc})"
    if b"%PDF-" in head:
        return None
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]:
        return "is not a PDF (it looks like an HTML page renamed .pdf)"
    if lowered.startswith(b"<?xml"):
        return "is not a PDF (it looks like an XML file)"
    if lowered.startswith((b"\x89png", b"\xff\xd8\xff", b"gif8")):
        return "is not a PDF (it looks like an image file)"
    if lowered.startswith(b"pk\x03\x04"):
        return "is not a PDF (it looks like a ZIP or Office file)"
    try:
        head.decode("utf-8")
        return "is not a PDF (it looks like a plain text file)"
    except UnicodeDecodeError:
        return "is not a PDF (no %PDF header found)"


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so pdfminer's broad handlers don't swallow it."""


@contextlib.contextmanager
def time_limit(seconds: float | None, path: Path):
    """Abort a runaway extraction.  Uses SIGALRM, so only in the main thread."""
    use_alarm = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not use_alarm:
        yield
        return

    def _raise(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise ExtractionFailed(
            ReadError(str(path), "unreadable-pdf", f"took longer than the {seconds:g} s limit per file")
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _classify_open_error(exc: BaseException) -> str:
    # pdfplumber wraps pdfminer's errors in PdfminerException: look at what it wraps
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else (exc.__cause__ or exc.__context__)
    if type(exc).__name__ == "PdfminerException" and inner is not None:
        exc = inner
    name = type(exc).__name__
    text = str(exc)
    if "Password" in name or "password" in text.lower() or "Encrypt" in name:
        return "is encrypted with a password (the empty password did not open it)"
    if "PSEOF" in name or "EOF" in text or "startxref" in text.lower():
        return "is truncated or damaged (unexpected end of file)"
    if "PDFSyntaxError" in name or "No /Root" in text:
        return "is damaged (the PDF structure could not be parsed)"
    return f"could not be parsed as a PDF ({name}: {text[:120]})" if text else f"could not be parsed as a PDF ({name})"


def read_pdf(path: Path, time_limit_s: float | None = DEFAULT_TIME_LIMIT, with_tables: bool = False) -> Document:
    """Read one PDF into a Document (language not yet set).  Raises ExtractionFailed."""
    import pdfplumber  # imported here so `invoice-lint --help` stays fast

    reason = sniff(path)
    if reason:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", reason))

    with time_limit(time_limit_s, path):
        try:
            pdf = pdfplumber.open(path, password="")
        except Exception as exc:  # pdfminer raises many unrelated exception types
            raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", _classify_open_error(exc))) from None
        try:
            pages = _read_pages(pdf, path, with_tables)
        except ExtractionFailed:
            raise
        except Exception as exc:
            raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", _classify_open_error(exc))) from None
        finally:
            pdf.close()

    if not any(page.lines for page in pages):
        raise ExtractionFailed(
            ReadError(
                str(path),
                "no-text-layer",
                "has no text layer (it is probably a scan or an image); run OCR first, e.g. ocrmypdf",
            )
        )
    return Document(path=path, pages=pages, metadata={"pages": len(pages)})


def _join_touching(words: list[Word]) -> list[Word]:
    """Join fragments of one word that a PDF producer wrote as separate runs with no gap
    ("F" + "actuurnummer:"), which pdfplumber reports as two words."""
    out: list[Word] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and abs(prev.top - w.top) < 1.0
            and 0 <= w.x0 - prev.x1 < 0.3
            and prev.text[-1:].isalpha()
            and w.text[:1].isalpha()
        ):
            out[-1] = Word(prev.text + w.text, prev.x0, min(prev.top, w.top), w.x1, max(prev.bottom, w.bottom),
                           prev.page, prev.fontname, prev.size)
        else:
            out.append(w)
    return out


def _read_pages(pdf, path: Path, with_tables: bool) -> list[Page]:
    try:
        n_pages = len(pdf.pages)
    except Exception as exc:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", _classify_open_error(exc))) from None
    if n_pages == 0:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", "has no pages"))
    pages: list[Page] = []
    line_number = 0
    for index, plumb_page in enumerate(pdf.pages[:MAX_PAGES], start=1):
        words = [
            Word(
                text=w["text"],
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                page=index,
                fontname=str(w.get("fontname", "")),
                size=round(float(w.get("size", 0.0)), 2),
            )
            for w in plumb_page.extract_words(
                x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname", "size"]
            )
        ]
        words = _join_touching(words)
        lines = build_lines(words, page_width=float(plumb_page.width), first_number=line_number + 1)
        line_number += len(lines)
        tables = []
        if with_tables:
            try:
                tables = plumb_page.extract_tables()
            except Exception:  # a malformed table must not lose the page's text
                tables = []
        pages.append(
            Page(
                number=index,
                width=float(plumb_page.width),
                height=float(plumb_page.height),
                lines=lines,
                tables=tables,
                rotation=int(getattr(plumb_page, "rotation", 0) or 0),
            )
        )
    return pages

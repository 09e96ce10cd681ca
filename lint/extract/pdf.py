"""Open a PDF with pdfplumber and turn it into a Document of pages, lines and words.

Every way a file can fail to be read becomes an ``ExtractionFailed`` carrying a
``ReadError`` with a sentence a user can act on; nothing here lets a traceback escape.
"""
from __future__ import annotations

import contextlib
import dataclasses
import re
import signal
import threading
from pathlib import Path

from invoice_lint.extract.layout import build_lines, stamps
from invoice_lint.foundation.model import Document, Page, ReadError, Word

DEFAULT_TIME_LIMIT = 60.0  # seconds per file
MAX_PAGES = 200
# Per-file memory guards (see ``_guard``): what one invoice may decompress, and how many
# characters and drawings one page may hold.  An invoice page holds a few thousand.
MAX_DECODED_BYTES = 256 * 1024 * 1024
MAX_PAGE_OBJECTS = 200_000


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


_alarm = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float | None, path: Path):
    """Abort a runaway extraction.  Uses SIGALRM, so only in the main thread.  Nested uses
    (``read_invoice`` around ``read_pdf``) keep the outer limit: one budget per file."""
    use_alarm = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_alarm, "active", False)
    )
    if not use_alarm:
        yield
        return

    fired = False

    def _raise(signum, frame):
        nonlocal fired
        fired = True
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, _raise)
    _alarm.active = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except (_TimeUp, Exception):
        # what surfaces once the alarm has fired is the alarm, whatever a library made of it: ctypes
        # turns it into "ArgumentError: argument 1: _TimeUp" when it lands in a call into PDFium
        if not fired:
            raise
        raise ExtractionFailed(
            ReadError(str(path), "unreadable-pdf", f"took longer than the {seconds:g} s limit per file")
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _alarm.active = False


class _OverBudget(BaseException):
    """Raised by the memory guards; a BaseException so pdfminer's broad handlers don't swallow it."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class _Budget(threading.local):
    active = False
    decoded = 0  # bytes decompressed for this file
    page = 0  # the page being read (0: the document structure)
    objects = 0  # characters and drawings on this page


_budget = _Budget()


def _spend_decoded(n: int) -> None:
    if _budget.active:
        _budget.decoded += n
        if _budget.decoded > MAX_DECODED_BYTES:
            raise _OverBudget(f"expands to more than {MAX_DECODED_BYTES // 2**20} MB when decompressed "
                              "(a decompression bomb?); not read")


def _spend_object() -> None:
    if _budget.active:
        _budget.objects += 1
        if _budget.objects > MAX_PAGE_OBJECTS:
            raise _OverBudget(f"has more than {MAX_PAGE_OBJECTS:,} characters and drawings on page "
                              f"{_budget.page} (no invoice page holds that many); not read")


class _BoundedDecompressor:
    """zlib.decompressobj() whose output counts against the file's budget."""

    def __init__(self, *args):
        import zlib

        self._d = zlib.decompressobj(*args)

    def decompress(self, data, max_length=0):
        out = self._d.decompress(data, max_length)
        _spend_decoded(len(out))
        return out

    def flush(self, *args):
        out = self._d.flush(*args)
        _spend_decoded(len(out))
        return out

    def __getattr__(self, name):
        return getattr(self._d, name)


def _bounded_decompress(data, wbits=15, bufsize=16384):
    """zlib.decompress() that stops at the file's budget instead of filling memory."""
    import zlib

    d = _BoundedDecompressor(wbits)
    out = [d.decompress(data, 1 << 20)]
    while d.unconsumed_tail:
        out.append(d.decompress(d.unconsumed_tail, 1 << 20))
    out.append(d.flush())
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(out)


_guard_installed = False


def _install_guards() -> None:
    """Count what pdfminer decompresses and draws while a file is read (once per process).

    pdfminer decompresses whole streams in memory and keeps one object per character, so a
    small file can ask for gigabytes; the counters stop it with a cause instead.  Outside
    ``read_pdf`` (audit crops, the dashboard viewer) the counters are inactive."""
    global _guard_installed
    if _guard_installed:
        return
    import types
    import zlib

    import pdfminer.pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer

    bounded = types.ModuleType("zlib")
    bounded.__dict__.update({k: v for k, v in vars(zlib).items() if not k.startswith("__")})
    bounded.decompress = _bounded_decompress
    bounded.decompressobj = _BoundedDecompressor
    if getattr(pdfminer.pdftypes, "zlib", None) is zlib:
        pdfminer.pdftypes.zlib = bounded

    def counted(method):
        def wrapper(self, *args, **kwargs):
            _spend_object()
            return method(self, *args, **kwargs)

        wrapper.__wrapped__ = method
        return wrapper

    for name in ("render_char", "paint_path", "render_image"):
        method = getattr(PDFLayoutAnalyzer, name, None)
        if method is not None and not hasattr(method, "__wrapped__"):
            setattr(PDFLayoutAnalyzer, name, counted(method))
    _guard_installed = True


def _brief(exc: BaseException) -> str:
    """``Type: message`` on one line, at most 120 characters of message."""
    if type(exc).__name__ == "PdfminerException" and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    text = " ".join(str(exc).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
        return f"is damaged (the PDF structure could not be parsed: {_brief(exc)})"
    return f"could not be parsed as a PDF ({_brief(exc)})"


BACKENDS = ("pdfium", "pdfplumber")
DEFAULT_BACKEND = "pdfium"
# pdfplumber's extract_words settings; the pdfium backend groups its characters by the same rules
WORD_SETTINGS = {"x_tolerance": 1.5, "y_tolerance": 2, "keep_blank_chars": False, "extra_attrs": ["fontname", "size"]}


def read_pdf(path: Path | str, time_limit_s: float | None = DEFAULT_TIME_LIMIT, with_tables: bool = False,
             backend: str = DEFAULT_BACKEND) -> Document:
    """Read one PDF into a Document (language not yet set).  Raises ExtractionFailed.

    ``backend`` "pdfium" (pypdfium2's text page, the default) or "pdfplumber" (pdfminer); ruled
    tables (``with_tables``) need pdfplumber, so they read the file with it."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (known: {', '.join(BACKENDS)})")
    path = Path(path)
    reason = sniff(path)
    if reason:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", reason))

    use_pdfium = backend == "pdfium" and not with_tables
    metadata: dict = {}
    if not use_pdfium:
        _install_guards()
    with time_limit(time_limit_s, path):
        _budget.active, _budget.decoded, _budget.page, _budget.objects = True, 0, 0, 0
        try:
            if use_pdfium:
                from invoice_lint.extract import pdfium_text

                pages, metadata["attachments"] = pdfium_text.read_pages(path, _budget)
            else:
                import pdfplumber  # imported here so `invoice-lint --help` stays fast

                pages = _open_and_read(pdfplumber, path, with_tables)
        except _OverBudget as over:
            raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", over.cause)) from None
        finally:
            _budget.active = False

    if not any(page.lines for page in pages):
        raise ExtractionFailed(
            ReadError(
                str(path),
                "no-text-layer",
                "has no text layer (it is probably a scan or an image); read it with --ocr (Tesseract)",
            )
        )
    return Document(path=path, pages=pages, metadata={"pages": len(pages), **metadata})


# LaTeX's eurosym fonts (feymr10, feybo10 ...) hold only euro signs, at the code of 'e' and other
# letters, and usually no ToUnicode map: both PDF libraries read "20,00 e".  Their subset name
# ("KCXMNX+TeX-feymr10") says which font it is.
_EURO_FONT = re.compile(r"(?:^|[+-])fey[a-z]{2}\d+$", re.IGNORECASE)


def euro_glyphs(words: list[Word]) -> list[Word]:
    """Words set in a euro-symbol font read as the euro sign they show."""
    return [dataclasses.replace(w, text="€" * len(w.text)) if _EURO_FONT.search(w.fontname) else w for w in words]


# The standard 14 fonts a PDF may name without embedding them.  Without an /Encoding they use the
# font's built-in StandardEncoding, where twelve codes of the upper half are glyphs other than
# ISO Latin-1's: a producer that writes Latin-1 bytes with such a font shows "ÉchØance" for
# "Échéance" (0xE9 is 'Oslash' there, 'eacute' in Latin-1).  The other upper-half codes are
# undefined in StandardEncoding; pdfium reads them as Latin-1 and pdfminer as "(cid:233)".
_STANDARD_FONT = re.compile(r"^(?:Helvetica|Times|Courier)(?:-(?:Roman|Bold|Italic|Oblique|BoldItalic|BoldOblique))?$")
_LATIN1_OF_STANDARD = str.maketrans("ÆªŁØŒºæıłøœß", "áãèéêëñõøùúû")  # StandardEncoding's glyph -> Latin-1's
_MIXED_UP = re.compile(r"(?<=[a-z])[ÆŁØŒ]|(?<=\w)[ÆŁØŒ](?=[a-z])")
_UNDEFINED_CODE = re.compile(r"\(cid:(1[6-9]\d|2[0-4]\d|25[0-5])\)")


def latin1_in_standard_fonts(words: list[Word]) -> list[Word]:
    """Words in a standard font that show StandardEncoding's glyphs for Latin-1 letters read as
    the letters the producer wrote, when the page shows the mix-up in that font: one of 'Æ Ł Ø Œ'
    inside a word against a lower-case letter ("chØance", "RØf"), which no language writes
    (a capital 'Ø' or 'Æ' starts a word or stands among capitals: "Østergade", "KØBENHAVN").
    pdfminer's "(cid:201)" for a code StandardEncoding leaves undefined is the Latin-1 letter."""
    standard = {name for name in {w.fontname for w in words} if _STANDARD_FONT.match(name)}
    if not standard:
        return words
    mixed = {w.fontname for w in words if w.fontname in standard and _MIXED_UP.search(w.text)}
    out = []
    for w in words:
        if w.fontname in standard:
            text = _UNDEFINED_CODE.sub(lambda m: chr(int(m.group(1))), w.text) if "(cid:" in w.text else w.text
            if w.fontname in mixed:
                text = text.translate(_LATIN1_OF_STANDARD)
            if text != w.text:
                w = dataclasses.replace(w, text=text)
        out.append(w)
    return out


def join_touching(words: list[Word]) -> list[Word]:
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


def _open_and_read(pdfplumber, path: Path, with_tables: bool) -> list[Page]:
    """Open, read and close one PDF; whatever the libraries raise at any of the three steps
    becomes an ExtractionFailed naming the step (closing re-reads a damaged page tree)."""
    try:
        pdf = pdfplumber.open(path, password="")
    except Exception as exc:  # pdfminer raises many unrelated exception types
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", _classify_open_error(exc))) from None
    failure: ExtractionFailed | None = None
    pages: list[Page] = []
    try:
        pages = _read_pages(pdf, path, with_tables)
    except ExtractionFailed as failed:
        failure = failed
    except Exception as exc:
        where = f"page {_budget.page} could not be read" if _budget.page else "its structure could not be read"
        failure = ExtractionFailed(ReadError(str(path), "unreadable-pdf", f"is damaged: {where} ({_brief(exc)})"))
    try:
        pdf.close()
    except Exception as exc:
        # The first failure names the cause; closing a file that was read is still a failure.
        failure = failure or ExtractionFailed(
            ReadError(str(path), "unreadable-pdf", f"is damaged: closing it failed ({_brief(exc)})"))
    if failure is not None:
        raise failure from None
    return pages


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
        _budget.page, _budget.objects = index, 0
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
            for w in plumb_page.extract_words(**WORD_SETTINGS)
        ]
        words = join_touching(latin1_in_standard_fonts(euro_glyphs(words)))
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
                stamps=stamps(words),
            )
        )
        plumb_page.close()  # drop the page's parsed objects: memory stays one page deep
    return pages

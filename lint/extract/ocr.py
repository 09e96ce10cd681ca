"""Read the pages of a PDF that have no text layer through Tesseract (``--ocr``).

Each such page is rendered with pypdfium2 at 300 dpi and handed to the ``tesseract`` program,
whose TSV output gives every word with its box in pixels and a confidence.  The words become
``Word`` objects in PDF points (``confidence`` 0..1), and the existing layout code builds the
lines, so the rest of the house sees the same ``Document`` a text layer gives, marked
``ocr = True``.  Failures become ``ExtractionFailed`` with a cause, like any other reading
failure; a missing Tesseract is a ``UserError`` naming the Debian packages to install.
"""
from __future__ import annotations

import functools
import math
import os
import shutil
import subprocess
from pathlib import Path

from invoice_lint.extract.layout import build_lines
from invoice_lint.foundation.errors import UserError
from invoice_lint.foundation.model import Document, InvoiceFields, Page, ReadError, Word

DPI = 300
# A page is rendered at DPI unless that would exceed this many pixels (an A4 page at 300 dpi
# is 8.7 million): an absurd page size must not fill memory.
MAX_PIXELS = 40_000_000
# Words Tesseract reads with less confidence than this (percent) are dropped: at that level
# they are table rules, stamps or specks, not text.
MIN_WORD_CONFIDENCE = 10.0
# Without a forced language, a first look at the first page at this resolution with every
# language's data tells the document's language; the pages are then read with that language's
# data (and English's), which reads its diacritics far better than all languages at once.
FIRST_LOOK_DPI = 150
# Ink boxes start a glyph's side bearing right of where a text layer puts the word: segment starts
# this close together on a page are one left edge, as a text layer prints them.
ALIGN_SLACK = 1.5  # points
# A page fed into the scanner askew: when the OCR lines slope by more than this, the word boxes
# are turned back about the page's centre so that a row of the page is one row again.
MIN_SKEW_DEGREES = 0.1

def tesseract_table() -> dict[str, tuple[str, ...]]:
    """Tesseract's language data for each lexicon language (``ocr`` in rules/lexicon/<lang>.yaml,
    the first being the script the language is usually printed in) and for a language in
    another script (``ocr_by_script``: "sr-Cyrl")."""
    from invoice_lint.foundation.lexicon import all_lexicons

    table: dict[str, tuple[str, ...]] = {}
    for lex in all_lexicons():
        if lex.ocr:
            table[lex.language] = lex.ocr
        for script, codes in lex.ocr_by_script.items():
            table[f"{lex.language}-{script}"] = codes
    return table


def package_for(code: str) -> str:
    """The Debian package holding one Tesseract language: ``srp_latn`` -> ``tesseract-ocr-srp-latn``."""
    return "tesseract-ocr-" + code.replace("_", "-").lower()


def install_hint() -> str:
    """The apt-get line installing Tesseract with every lexicon language's data."""
    packages = dict.fromkeys(package_for(c) for codes in tesseract_table().values() for c in codes)
    return "apt-get install " + " ".join(("tesseract-ocr", *packages))


def _missing_tesseract() -> UserError:
    return UserError(f"--ocr needs Tesseract, and no 'tesseract' program is on the PATH; install it with "
                     f"`{install_hint()}` (see docs/ocr.md)")


@functools.lru_cache(maxsize=4)
def _installed_languages(binary: str) -> frozenset[str]:
    try:
        result = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise UserError(f"--ocr: the tesseract program at {binary} does not run ({exc}); reinstall it with "
                        f"`{install_hint()}`") from None
    # "List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (8):" then one per line
    lines = (result.stdout or result.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line.strip())


def _installed() -> frozenset[str]:
    binary = shutil.which("tesseract")
    if binary is None:
        raise _missing_tesseract()
    return _installed_languages(binary)


@functools.lru_cache(maxsize=1)
def engine_identity() -> str:
    """Tesseract's version and installed language data, for the cache key: OCR results read
    with another Tesseract or other language data are not served again."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "no-tesseract"
    try:
        result = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
        version = ((result.stdout or result.stderr).splitlines() or ["?"])[0].strip()
    except (OSError, subprocess.SubprocessError):
        version = "?"
    try:
        languages = ",".join(sorted(_installed_languages(binary)))
    except UserError:
        languages = "?"
    return f"{version}|{languages}"


def _codes(language: str) -> tuple[str, ...]:
    """Tesseract's language data for one document language (``de-AT`` falls back to ``de``)."""
    table = tesseract_table()
    return table.get(language) or table.get(language.split("-")[0], ())


def languages_for(decided: tuple[str, ...]) -> str | None:
    """The ``-l`` argument for a document whose language is known: its languages' data, then
    English's (invoices quote English words); None when none of it is installed."""
    installed = _installed()
    codes = [c for lang in decided for c in _codes(lang)]
    have = [c for c in dict.fromkeys([*codes, "eng"]) if c in installed]
    return "+".join(have) if codes and have else None


def tesseract_languages(language: str | None = None) -> str:
    """The ``-l`` argument for Tesseract: the forced document language's data, else the data of
    every lexicon language that is installed (English first).  Raises UserError when Tesseract
    or the language data it needs is missing."""
    installed = _installed()
    if language:
        wanted = _codes(language)
        if not wanted:
            raise UserError(f"--ocr: no Tesseract language is known for --language {language} "
                            f"(known: {', '.join(tesseract_table())})")
        have = [c for c in wanted if c in installed]
        if not have:
            raise UserError(f"--ocr --language {language}: Tesseract's language data for it is not installed; "
                            f"install it with `apt-get install {' '.join(package_for(c) for c in wanted)}`")
        return "+".join(have)
    from invoice_lint.foundation.lexicon import available_languages

    lexicon = available_languages()
    table = tesseract_table()
    codes = [c for lang in ("en", *lexicon) for c in table.get(lang, ())]  # English first: invoices quote it
    codes += [c for lang in table if "-" in lang for c in table[lang]]
    have = [c for c in dict.fromkeys(codes) if c in installed]
    if not have:
        raise UserError(f"--ocr: Tesseract has no language data for any invoice language "
                        f"({', '.join(lexicon)}); install it with `{install_hint()}`")
    return "+".join(have)


def require_tesseract(language: str | None = None) -> str:
    """Check, before any file is read, that ``--ocr`` can run; returns the ``-l`` argument."""
    return tesseract_languages(language)


def read_by_ocr(path: Path, document: Document | None, language: str | None = None,
                time_limit_s: float | None = None) -> Document:
    """OCR every page of ``path`` that ``document`` (from the text layer; None when it had none
    at all) read no text from.  Returns the document with those pages replaced and every line
    renumbered, ``ocr`` set when a page was read by OCR.  Raises ExtractionFailed."""
    from invoice_lint.extract.pdf import MAX_PAGES, ExtractionFailed

    if document is not None and all(page.lines for page in document.pages):
        return document
    try:
        every_language = tesseract_languages(language)
    except UserError as exc:  # checked once per run by the pipeline; here for direct callers
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", str(exc))) from None
    languages = every_language if language else None  # None: decided at the first page read
    known = {page.number: page for page in document.pages} if document else {}
    pages: list[Page] = []
    read_pages: list[int] = []
    for number, render in _rendered_pages(path, MAX_PAGES):
        page = known.get(number)
        if page is not None and page.lines:
            pages.append(page)
            continue
        image, width, height, scale, rotation = render()
        if languages is None:
            languages = _first_look(path, number, image, scale, every_language, time_limit_s)
        words = _ocr_words(path, number, image, scale, languages, time_limit_s)
        lines = _align_left_edges(build_lines(words, page_width=width)) if words else []
        pages.append(Page(number=number, width=width, height=height, lines=lines,
                          tables=page.tables if page else [], rotation=rotation))
        if lines:
            read_pages.append(number)
    if not any(page.lines for page in pages):
        raise ExtractionFailed(ReadError(str(path), "no-text-layer",
                                         "has no text layer, and OCR found no text on its pages"))
    line_number = 0
    for page in pages:
        for line in page.lines:
            line_number += 1
            line.number = line_number
    metadata = dict(document.metadata) if document else {}
    metadata.update(pages=len(pages), ocr_pages=read_pages, ocr_languages=languages or every_language)
    return Document(path=path, pages=pages, metadata=metadata, ocr=bool(read_pages))


def _first_look(path: Path, page: int, image, scale: float, every_language: str,
                time_limit_s: float | None) -> str:
    """The ``-l`` argument for the document: its language as decided from a quick reading of
    one page at FIRST_LOOK_DPI with every language; all of them when that says nothing."""
    from invoice_lint.extract.language import decide_language

    factor = FIRST_LOOK_DPI / (scale * 72)
    if factor < 0.9:
        image = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
        scale = scale * factor
    words = _ocr_words(path, page, image, scale, every_language, time_limit_s)
    if not words:
        return every_language
    text = "\n".join(line.text for line in build_lines(words, page_width=image.width / scale))
    decision = decide_language(text)
    if decision.reason == "no evidence":
        return every_language
    return languages_for(decision.label_languages) or every_language


def _align_left_edges(lines: list) -> list:
    """Give segments whose left edges lie within ALIGN_SLACK of each other one left edge (the
    leftmost), as a text layer's left-aligned column has."""
    from dataclasses import replace

    starts = sorted(((line.words[0].x0, index) for index, line in enumerate(lines)))
    edge = None
    for x0, index in starts:
        if edge is None or x0 - edge > ALIGN_SLACK:
            edge = x0
        elif x0 != edge:
            line = lines[index]  # a new Line: a line's edges are worked out once (model.Line)
            lines[index] = replace(line, words=[replace(line.words[0], x0=edge), *line.words[1:]])
    return lines


def _rendered_pages(path: Path, max_pages: int):
    """(page number, render) for each page, ``render()`` giving the page as a grayscale image
    with its size in points, the pixels per point and the page's rotation."""
    import pypdfium2 as pdfium

    from invoice_lint.extract.pdf import ExtractionFailed, _brief

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - pdfium raises PdfiumError and others
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                         f"could not be opened for OCR ({_brief(exc)})")) from None
    try:
        for index in range(min(len(pdf), max_pages)):
            yield index + 1, functools.partial(_render, pdf, index, path)
    finally:
        pdf.close()


def _render(pdf, index: int, path: Path):
    from invoice_lint.extract.pdf import ExtractionFailed, _brief

    try:
        page = pdf[index]
        try:
            width, height = page.get_size()
            rotation = int(page.get_rotation() or 0)
            scale = DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        finally:
            page.close()
    except Exception as exc:  # noqa: BLE001
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                         f"page {index + 1} could not be rendered for OCR ({_brief(exc)})")) from None
    # the image is the page as shown (rotation applied): its size in points is the page's
    return image, image.width / scale, image.height / scale, scale, rotation


def _ocr_words(path: Path, page: int, image, scale: float, languages: str,
               time_limit_s: float | None) -> list[Word]:
    """Run Tesseract on one page image; its words in PDF points."""
    import io

    from invoice_lint.extract.pdf import ExtractionFailed

    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # raw PGM: nothing to compress, Tesseract reads it directly
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")  # one core per file: the parallel path runs one file per core
    dpi = round(scale * 72)
    command = ["tesseract", "stdin", "stdout", "-l", languages, "--dpi", str(dpi), "--psm", "3", "tsv"]
    try:
        result = subprocess.run(command, input=buffer.getvalue(), capture_output=True, env=env,
                                timeout=time_limit_s or None)
    except FileNotFoundError:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf", str(_missing_tesseract()))) from None
    except subprocess.TimeoutExpired:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                         f"took longer than the {time_limit_s:g} s limit per file (OCR of page "
                                         f"{page})")) from None
    except OSError as exc:
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                         f"OCR of page {page} failed (tesseract: {exc})")) from None
    if result.returncode != 0:
        said = [line for line in result.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                         f"OCR of page {page} failed (tesseract exit {result.returncode}"
                                         f"{': ' + said[-1].strip()[:120] if said else ''})"))
    return words_from_tsv(result.stdout.decode("utf-8", "replace"), page, 1 / scale)


def words_from_tsv(tsv: str, page: int, points_per_pixel: float) -> list[Word]:
    """Tesseract's TSV (level 5 rows are words) as Words in points; a word's ``size`` is the
    ink height of its OCR line, the closest thing to a font size an image has."""
    rows = [line.split("\t") for line in tsv.splitlines()[1:]]
    line_height: dict[tuple[str, str, str, str], float] = {}
    words: list[Word] = []
    line_of: list[tuple[str, str, str, str]] = []
    for row in rows:
        if len(row) < 12:
            continue
        level, key = row[0], tuple(row[1:5])
        try:
            left, top, width, height = (int(v) for v in row[6:10])
            confidence = float(row[10])
        except ValueError:
            continue
        if level == "4":
            line_height[key] = height * points_per_pixel
            continue
        text = row[11].strip()
        if level != "5" or not text or confidence < MIN_WORD_CONFIDENCE:
            continue
        words.append(Word(
            text=text,
            x0=left * points_per_pixel,
            top=top * points_per_pixel,
            x1=(left + width) * points_per_pixel,
            bottom=(top + height) * points_per_pixel,
            page=page,
            size=round(line_height.get(key, height * points_per_pixel), 1),
            confidence=round(confidence / 100, 3),
        ))
        line_of.append(key)
    return _deskewed(words, line_of)


def _deskewed(words: list[Word], line_of: list) -> list[Word]:
    """Words of a page scanned askew, turned back by the median slope of Tesseract's lines (each
    fitted through its words' centres); unchanged when the page is straight."""
    from dataclasses import replace
    from statistics import median

    by_line: dict = {}
    for word, key in zip(words, line_of):
        by_line.setdefault(key, []).append(((word.x0 + word.x1) / 2, (word.top + word.bottom) / 2))
    slopes = []
    for centres in by_line.values():
        xs = [x for x, _ in centres]
        if len(centres) < 3 or max(xs) - min(xs) < 100:  # points: too short to tell a slope
            continue
        mx, my = sum(xs) / len(xs), sum(y for _, y in centres) / len(centres)
        var = sum((x - mx) ** 2 for x in xs)
        slopes.append(sum((x - mx) * (y - my) for x, y in centres) / var)
    if len(slopes) < 3:
        return words
    angle = math.atan(median(slopes))
    if abs(math.degrees(angle)) < MIN_SKEW_DEGREES:
        return words
    cx = (min(w.x0 for w in words) + max(w.x1 for w in words)) / 2
    cy = (min(w.top for w in words) + max(w.bottom for w in words)) / 2
    cos, sin = math.cos(angle), math.sin(angle)
    out = []
    for w in words:
        x, y = (w.x0 + w.x1) / 2 - cx, (w.top + w.bottom) / 2 - cy
        nx, ny = cx + x * cos + y * sin, cy - x * sin + y * cos
        half_w, half_h = (w.x1 - w.x0) / 2, (w.bottom - w.top) / 2
        out.append(replace(w, x0=nx - half_w, x1=nx + half_w, top=ny - half_h, bottom=ny + half_h))
    return out


def attach_confidences(document: Document, fields: InvoiceFields) -> None:
    """Give each field found on an OCR-read page the lowest confidence of the words it was read
    from (the words inside its box; for items and tax lines, inside theirs)."""
    by_page: dict[int, list[Word]] = {}
    for line in document.lines:
        for word in line.words:
            if word.confidence is not None:
                by_page.setdefault(word.page, []).append(word)
    if not by_page:
        return
    for field in fields.fields.values():
        boxes = [(field.page, field.bbox)] if field.page and field.bbox else []
        if isinstance(field.value, list):
            boxes += [(v.page, v.bbox) for v in field.value if getattr(v, "bbox", None) and getattr(v, "page", None)]
        found = [w.confidence for page, box in boxes for w in by_page.get(page, ()) if _inside(w, box)]
        if found:
            field.confidence = min(found)


def _inside(word: Word, box, slack: float = 1.0) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] - slack <= cx <= box[2] + slack and box[1] - slack <= cy <= box[3] + slack

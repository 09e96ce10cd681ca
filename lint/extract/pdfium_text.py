"""Read a PDF's words with pdfium (pypdfium2's text page API) instead of pdfminer.

pdfium parses a page about ten times faster than pdfminer.  This module turns its characters
into the character records pdfplumber builds from pdfminer (``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``upright``, ``fontname``, ``size``, in the content stream's order) and groups them
into words by the steps of pdfplumber's ``WordExtractor`` with the settings of
``pdf.WORD_SETTINGS`` (``_words``; a leaner loop over tuples than pdfplumber's over dicts), so
both backends split words, join fragments and build lines by one set of rules.  What has to be
rebuilt by hand, and why:

* **Order.**  pdfium's text page reorders text objects within a line and reverses right-to-left
  runs; pdfplumber keeps the content stream's order, and its word rules depend on it (a change
  of font between neighbours in the stream ends a word).  The characters are put back in stream
  order: text objects by their position in the page's (and forms') object lists, characters
  within an object by their index.
* **Boxes.**  pdfminer's box of a character is its advance width wide and one font size high,
  from the font's descent up; pdfium's "loose" box is the font's ascent and descent united with
  the glyph's ink.  So the box is computed from the character's origin, the text matrix, the
  font size, the advance width and pdfminer's descent (the font descriptor's, or the AFM
  metrics pdfminer uses for the standard fonts and their Arial/Times New Roman aliases).
  pdfium keeps widths as whole thousandths of the font size (a CID font's /W widths
  truncated), so an x coordinate can drift from pdfminer's along a line: a few hundredths of a
  point as a rule, up to half a point at the end of a long line in a font whose widths have
  fractions (StudentKickOff's .SFNSText); pdfium gives neither those widths nor the character
  codes to look them up by.  Words, lines and fields do not move on any PDF of the corpus
  (tests/test_backends_*.py).
* **Widths pdfium looks up wrong.**  Where a glyph's ink overhangs its advance, the advance
  is the font's width looked up by Unicode value, which pdfium maps back to a character code;
  where it cannot (a ToUnicode map that cannot be reversed, a simple font without one) it
  answers code 0's width.  Such an answer is not taken: the box's edge, narrowed to the step to
  the next character, is (``_lookup_check``).
* **Type3 fonts.**  pdfium gives them no name and a descent from the font's /FontBBox; pdfminer
  reads name and descent from the font descriptor when there is one.  pdfium does not expose
  the font dictionary, so a page with a Type3 font has its Type3 dictionaries read with
  pdfminer (``_Type3Fonts``; no other document pays for it).
* **Characters pdfium adds or rewrites.**  Generated spaces and line breaks are dropped (the
  gaps split words as they do in pdfplumber); a line-end hyphen pdfium marked as a soft hyphen
  is a '-' again.

Containment mirrors ``pdf.read_pdf``: the same time limit, page limit, characters-per-page
budget and decompression budget (checked on the raw file before pdfium inflates anything,
see ``_check_decoded_size``), each failure an ``ExtractionFailed`` with a cause a user can act on.
"""
from __future__ import annotations

import ctypes
import re
import threading
from pathlib import Path

from invoice_lint.foundation.model import Page, ReadError, Word

# pdfium is not thread-safe: one document at a time per process.
_lock = threading.Lock()


def read_pages(path: Path, budget) -> tuple[list[Page], int | None]:
    """Every page of ``path`` (up to ``pdf.MAX_PAGES``) as Pages of lines and words, and how many
    files the PDF has attached (0: no embedded e-invoice to look for; None: PDFium could not tell;
    the count costs nothing while the document is open).  Raises ExtractionFailed; ``budget`` is
    ``pdf._budget`` (its ``page`` names the page in a cause)."""
    from invoice_lint.extract import pdf

    _check_decoded_size(path)
    with _lock:
        return _read_locked(path, budget, pdf)


def _read_locked(path: Path, budget, pdf) -> tuple[list[Page], int | None]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path), password="")
    except pdfium.PdfiumError as exc:
        raise pdf.ExtractionFailed(ReadError(str(path), "unreadable-pdf", _open_cause(path, exc))) from None
    except Exception as exc:  # noqa: BLE001 - an unexpected failure is still this file's cause
        raise pdf.ExtractionFailed(ReadError(str(path), "unreadable-pdf",
                                             f"could not be parsed as a PDF ({pdf._brief(exc)})")) from None
    try:
        n_pages = len(document)
        if n_pages == 0:
            raise pdf.ExtractionFailed(ReadError(str(path), "unreadable-pdf", "has no pages"))
        pages: list[Page] = []
        line_number = 0
        global _api
        if _api is None:
            _api = _Api()
        fonts = _FontCache(_api, path)
        for index in range(1, min(n_pages, pdf.MAX_PAGES) + 1):
            budget.page, budget.objects = index, 0
            fonts.page_index = index - 1
            try:
                page = document[index - 1]
            except Exception as exc:  # noqa: BLE001
                raise pdf.ExtractionFailed(ReadError(
                    str(path), "unreadable-pdf", f"is damaged: page {index} could not be read ({pdf._brief(exc)})"
                )) from None
            try:
                width, height, rotation, words = _page_words(page, index, fonts, pdf)
            except pdf.ExtractionFailed:
                raise
            except Exception as exc:  # noqa: BLE001 - pdfium or a value it gave: this page's cause
                raise pdf.ExtractionFailed(ReadError(
                    str(path), "unreadable-pdf", f"is damaged: page {index} could not be read ({pdf._brief(exc)})"
                )) from None
            finally:
                page.close()
            words = pdf.join_touching(pdf.latin1_in_standard_fonts(pdf.euro_glyphs(words)))
            lines = pdf.build_lines(words, page_width=width, first_number=line_number + 1)
            line_number += len(lines)
            pages.append(Page(number=index, width=width, height=height, lines=lines, tables=[], rotation=rotation,
                              stamps=pdf.stamps(words)))
        return pages, _attachment_count(document)
    finally:
        document.close()


def _attachment_count(document) -> int | None:
    """How many files are attached to the open document; None when PDFium cannot tell."""
    try:
        return document.count_attachments()
    except Exception:  # noqa: BLE001 - then the e-invoice reader opens the file and says why
        return None


def _open_cause(path: Path, exc: Exception) -> str:
    """pdfium's reason a document did not open, as pdf.py words pdfplumber's."""
    code = getattr(exc, "err_code", None)
    text = " ".join(str(exc).split())
    if code == 4 or "password" in text.lower():
        return "is encrypted with a password (the empty password did not open it)"
    if code == 5:
        return "is encrypted with a security handler that cannot be opened"
    if code == 3:
        try:
            with path.open("rb") as fh:
                fh.seek(max(path.stat().st_size - 1024, 0))
                tail = fh.read()
        except OSError:
            tail = b"%%EOF"
        if b"%%EOF" not in tail:
            return "is truncated or damaged (unexpected end of file)"
        return "is damaged (the PDF structure could not be parsed: pdfium reports a data format error)"
    return f"could not be parsed as a PDF ({text})"


# --- characters -----------------------------------------------------------------------------

class _Api:
    """The pdfium functions the character loop calls, bound to take and return addresses (plain
    ints) rather than pointer objects: a page calls them a few thousand times, and converting
    pointer objects to hashable keys cost more than pdfium's own work."""

    def __init__(self):
        import pypdfium2.raw as raw

        self.raw = raw
        try:
            from pypdfium2_raw.bindings import _libs

            lib = _libs["pdfium"]
        except (ImportError, KeyError):  # another pypdfium2 layout: the library beside its bindings
            import pypdfium2_raw

            lib = ctypes.CDLL(str(next(Path(pypdfium2_raw.__file__).parent.glob("*pdfium*.*[!py]"))))
        vp, i32, dbl = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def bind(name, restype, *argtypes):
            function = lib[name]  # a fresh function object: pypdfium2's own binding is untouched
            function.restype, function.argtypes = restype, argtypes
            return function

        self.count_chars = bind("FPDFText_CountChars", i32, vp)
        self.unicode = bind("FPDFText_GetUnicode", ctypes.c_uint, vp, i32)
        self.text_object = bind("FPDFText_GetTextObject", vp, vp, i32)
        self.origin = bind("FPDFText_GetCharOrigin", i32, vp, i32, dbl, dbl)
        self.is_generated = bind("FPDFText_IsGenerated", i32, vp, i32)
        self.is_hyphen = bind("FPDFText_IsHyphen", i32, vp, i32)
        self.font_size = bind("FPDFText_GetFontSize", ctypes.c_double, vp, i32)
        self.matrix = bind("FPDFText_GetMatrix", i32, vp, i32, ctypes.POINTER(raw.FS_MATRIX))
        self.loose_box = bind("FPDFText_GetLooseCharBox", i32, vp, i32, ctypes.POINTER(raw.FS_RECTF))
        self.char_box = bind("FPDFText_GetCharBox", i32, vp, i32, dbl, dbl, dbl, dbl)
        self.object_font = bind("FPDFTextObj_GetFont", vp, vp)
        self.font_name = bind("FPDFFont_GetBaseFontName", ctypes.c_ulong, vp, ctypes.c_char_p, ctypes.c_ulong)
        self.font_descent = bind("FPDFFont_GetDescent", i32, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        self.font_ascent = bind("FPDFFont_GetAscent", i32, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        self.font_embedded = bind("FPDFFont_GetIsEmbedded", i32, vp)
        self.font_data = bind("FPDFFont_GetFontData", i32, vp, ctypes.c_void_p, ctypes.c_size_t,
                              ctypes.POINTER(ctypes.c_size_t))
        self.glyph_width = bind("FPDFFont_GetGlyphWidth", i32, vp, ctypes.c_uint, ctypes.c_float,
                                ctypes.POINTER(ctypes.c_float))
        self.count_objects = bind("FPDFPage_CountObjects", i32, vp)
        self.page_object = bind("FPDFPage_GetObject", vp, vp, i32)
        self.object_type = bind("FPDFPageObj_GetType", i32, vp)
        self.form_count = bind("FPDFFormObj_CountObjects", i32, vp)
        self.form_object = bind("FPDFFormObj_GetObject", vp, vp, ctypes.c_ulong)
        self.text_type, self.form_type = raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_FORM


_api: _Api | None = None


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


class _FontCache:
    """Per pdfium font (by address): pdfminer's font name, descent (in thousandths of the font
    size) and, for the standard fonts, pdfminer's AFM widths.  ``page_index`` is the page being
    read (Type3 fonts are looked up among its resources)."""

    def __init__(self, api: _Api, path: Path | None = None):
        self.api = api
        self.path = path
        self.page_index = 0
        self.by_font: dict[int, tuple[str, float, dict | None]] = {}
        # fonts whose name is pdfminer's own (read from their dictionary): words group by the
        # name alone, as in pdfplumber, not also by the pdfium font
        self.named_as_pdfminer: dict[int, int] = {}
        self.buf = ctypes.create_string_buffer(512)
        self._type3_pages: _Type3Fonts | None = None

    def get(self, font: int) -> tuple[str, float, dict | None]:
        found = self.by_font.get(font)
        if found is None:
            found = self.by_font[font] = self._describe(font)
        return found

    def _describe(self, font: int) -> tuple[str, float, dict | None]:
        api = self.api
        if not font:
            return "unknown", 0.0, None
        n = api.font_name(font, self.buf, len(self.buf))
        name = self.buf.raw[:max(n - 1, 0)].decode("utf-8", "replace") if n else "unknown"
        metrics = _standard_metrics(name)
        if metrics is not None:  # pdfminer reads these fonts' metrics from its AFM tables
            descriptor, widths = metrics
            return name, float(descriptor.get("Descent", 0)), widths
        descent = ctypes.c_float()
        if not api.font_descent(font, 1000.0, ctypes.byref(descent)):
            return name, 0.0, None
        if self.path is not None and self._is_type3(font):
            found = self._type3(font, float(descent.value))
            if found is not None:
                self.named_as_pdfminer[font] = 0
                return found[0], found[1], None
        return name, -abs(float(descent.value)), None

    def _is_type3(self, font: int) -> bool:
        """pdfium counts a Type3 font (glyphs drawn by content streams) as embedded, with no
        font program to give."""
        size = ctypes.c_size_t(0)
        return bool(self.api.font_embedded(font)) and (not self.api.font_data(font, None, 0, ctypes.byref(size))
                                                       or size.value == 0)

    def _type3(self, font: int, descent: float) -> tuple[str, float] | None:
        """pdfminer's name and descent of a Type3 font, from its dictionary among the page's
        resources.  pdfium takes a Type3 font's descent from the font dictionary's /FontBBox and
        never reads its font descriptor; pdfminer takes the descriptor's /FontBBox when there is
        a descriptor (no /FontBBox there: a descent of 0, the box rests on the baseline), the
        dictionary's otherwise, and its name from the descriptor.  pdfium does not say which
        dictionary a font comes from, so the page's Type3 dictionaries whose /FontBBox gives
        pdfium's ascent and descent are the candidates; None when they disagree or pdfminer
        cannot read them (pdfium's values stand)."""
        ascent = ctypes.c_float()
        if not self.api.font_ascent(font, 1000.0, ctypes.byref(ascent)):
            return None
        if self._type3_pages is None:
            self._type3_pages = _Type3Fonts(self.path)
        answers = {(name, pm_descent) for pm_ascent_d, name, pm_descent in self._type3_pages.on_page(self.page_index)
                   if abs(pm_ascent_d[0] - ascent.value) <= 1.0 and abs(pm_ascent_d[1] - descent) <= 1.0}
        return answers.pop() if len(answers) == 1 else None


class _Type3Fonts:
    """The Type3 font dictionaries of a document's pages (and of the forms they draw), read with
    pdfminer on first use: only documents with Type3 fonts pay for pdfminer's parsing."""

    MAX_FORMS = 200  # form XObjects walked per page

    def __init__(self, path: Path):
        self.path = path
        self.pages: list | None = None
        self.by_page: dict[int, list[tuple[tuple[float, float], str, float]]] = {}

    def on_page(self, index: int) -> list[tuple[tuple[float, float], str, float]]:
        """((pdfium's ascent, descent), pdfminer's name, pdfminer's descent) of each Type3 font
        of page ``index``, in thousandths of the font size; [] where pdfminer fails."""
        found = self.by_page.get(index)
        if found is None:
            try:
                found = self._read(index)
            except Exception:  # noqa: BLE001 - pdfminer raises many types; pdfium's values stand
                found = []
            self.by_page[index] = found
        return found

    def _read(self, index: int) -> list[tuple[tuple[float, float], str, float]]:
        import io
        from itertools import islice

        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfinterp import PDFResourceManager
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFStream, resolve1

        if self.pages is None:
            document = PDFDocument(PDFParser(io.BytesIO(self.path.read_bytes())), password="")
            from invoice_lint.extract import pdf

            self.pages = list(islice(PDFPage.create_pages(document), pdf.MAX_PAGES))
        if index >= len(self.pages):
            return []
        manager = PDFResourceManager(caching=False)
        found = []
        stack, seen, forms = [self.pages[index].resources], set(), 0
        while stack:
            resources = resolve1(stack.pop())
            if not isinstance(resources, dict):
                continue
            fonts = resolve1(resources.get("Font"))
            for spec in (fonts.values() if isinstance(fonts, dict) else ()):
                spec = resolve1(spec)
                if isinstance(spec, dict) and getattr(resolve1(spec.get("Subtype")), "name", None) == "Type3":
                    pm_font = manager.get_font(None, spec)
                    name = pm_font.fontname
                    found.append((_type3_box(spec), name if isinstance(name, str) else str(name),
                                  float(pm_font.get_descent()) * 1000.0))
            xobjects = resolve1(resources.get("XObject"))
            for ref in (xobjects.values() if isinstance(xobjects, dict) else ()):
                key = getattr(ref, "objid", None) or id(ref)
                if key in seen or forms >= self.MAX_FORMS:
                    continue
                seen.add(key)
                form = resolve1(ref)
                if isinstance(form, PDFStream) and getattr(resolve1(form.get("Subtype")), "name", None) == "Form":
                    forms += 1
                    stack.append(form.get("Resources"))
        return found


def _type3_box(spec) -> tuple[float, float]:
    """pdfium's ascent and descent of a Type3 font (thousandths of the font size): its /FontBBox
    through its /FontMatrix, top and bottom."""
    from pdfminer.pdftypes import resolve1

    try:
        x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(spec.get("FontBBox")))
        a, b, c, d, e, f = (float(resolve1(v)) for v in resolve1(spec.get("FontMatrix")))
    except (TypeError, ValueError):
        return 0.0, 0.0
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return max(ys) * 1000.0, min(ys) * 1000.0


def _standard_metrics(name: str):
    from pdfminer.fontmetrics import FONT_METRICS

    return FONT_METRICS.get(name)


def _page_words(page, number: int, fonts: _FontCache, pdf):
    """(width, height, rotation, words) of one pdfium page, in pdfplumber's coordinates."""
    left, bottom, right, top = page.get_mediabox()
    x0m, x1m = sorted((left, right))
    y0m, y1m = sorted((bottom, top))
    rotation = (page.get_rotation() or 0) % 360
    if rotation in (90, 270):
        width, height = y1m - y0m, x1m - x0m
    else:
        width, height = x1m - x0m, y1m - y0m
    # pdfminer's page matrix (pdfinterp.process_page), then pdfplumber's flip to a top-left origin
    page_matrix = {
        90: (0.0, -1.0, 1.0, 0.0, -y0m, x1m),
        180: (-1.0, 0.0, 0.0, -1.0, x1m, y1m),
        270: (0.0, 1.0, -1.0, 0.0, y1m, -x0m),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0m, -y0m))
    # pdfplumber adds the (rotated) media box's left edge back to x and its top edge to top
    mb_x0, mb_top = (y0m, -x0m) if rotation in (90, 270) else (x0m, -y0m)

    textpage = page.get_textpage()
    try:
        chars = _page_chars(_address(page.raw), _address(textpage.raw), fonts, pdf, page_matrix, height,
                            mb_x0, mb_top)
    finally:
        textpage.close()
    words = _words(chars, number, pdf.WORD_SETTINGS["x_tolerance"], pdf.WORD_SETTINGS["y_tolerance"])
    return float(width), float(height), rotation, words


_CONTROL = frozenset({0x0, 0x2, 0x3, 0xFFFE, 0xFFFF})
_SPECIAL = _CONTROL | {0x20, 0x0D, 0x0A}


def _page_chars(page: int, textpage: int, fonts: _FontCache, pdf, page_matrix, height, mb_x0, mb_top) -> list[tuple]:
    """pdfplumber's character records for one page, in content stream order, as tuples
    (text, x0, x1, top, bottom, upright, fontname, font, size); ``font`` is the pdfium font, or 0
    where ``fontname`` is pdfminer's own (it groups characters into words with the name)."""
    api = fonts.api
    textpage = ctypes.c_void_p(textpage)  # converted once, not on each of the calls below
    n = api.count_chars(textpage)
    if n < 0:
        raise RuntimeError("pdfium could not read the page's text")
    order, others = _object_order(page, api)
    pdf._budget.objects = n + others
    if pdf._budget.objects > pdf.MAX_PAGE_OBJECTS:
        pdf._spend_object()  # raises _OverBudget with the page's cause

    get_unicode, get_object, get_origin = api.unicode, api.text_object, api.origin
    is_generated, is_hyphen = api.is_generated, api.is_hyphen
    ox, oy = ctypes.c_double(), ctypes.c_double()
    ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
    matrix = api.raw.FS_MATRIX()
    matrix_ref = ctypes.byref(matrix)

    per_object: dict[int, tuple] = {}
    widths: dict[tuple[int, int], tuple[float, bool, float | None]] = {}
    # (rank, object, text, x, y, name, font, descent, width, a, b, c, d, tf, index)
    records: list[tuple] = []
    unsure: list[tuple[int, float | None]] = []  # records whose width is not exact (ink past the advance)
    for i in range(n):
        code = get_unicode(textpage, i)
        if code in _SPECIAL:
            if is_generated(textpage, i):
                continue  # pdfium's own spaces and line breaks: the gaps split words as in pdfplumber
            if code == 0x2:
                if not is_hyphen(textpage, i):
                    continue
                code = 0x2D  # a line-end hyphen pdfium marked as soft
            elif code in _CONTROL:
                continue
        obj = get_object(textpage, i)
        if not obj:
            continue
        info = per_object.get(obj)
        if info is None:
            font = api.object_font(obj) or 0
            name, descent, std_widths = fonts.get(font)
            api.matrix(textpage, i, matrix_ref)  # the text matrix times the CTM (and any form's matrix)
            info = per_object[obj] = (font, name, descent, std_widths, matrix.a, matrix.b, matrix.c, matrix.d,
                                      api.font_size(textpage, i), order.get(obj, 1 << 30))
        font, name, descent, std_widths, a, b, c, d, tf, rank = info
        text = chr(code) if code < 0x110000 else "\ufffd"
        get_origin(textpage, i, ox_ref, oy_ref)
        x, y = ox.value, oy.value
        if records:
            last = records[-1]
            if last[1] == obj and last[3] == x and last[4] == y:
                # one glyph, several characters (a ligature pdfium split into its letters): one
                # record, as wide as the glyph (not as its first letter)
                widths.pop((font, ord(last[2][0])), None)
                w = _advance(api, textpage, last[14], font, 0, "", x, y, a, b, tf, None, glyph=True)[0]
                records[-1] = (*last[:2], last[2] + text, *last[3:8], w, *last[9:])
                continue
        found = widths.get((font, code))
        if found is None:
            found = widths[(font, code)] = _advance(api, textpage, i, font, code, text, x, y, a, b, tf, std_widths)
        if not found[1]:
            unsure.append((len(records), found[2]))
        records.append((rank, obj, text, x, y, name, font, descent, found[0], a, b, c, d, tf, i))

    # a glyph whose ink overhangs its advance: the font's width for it if pdfium's lookup by
    # Unicode value is right for this font, and no wider than the step to the next character
    lookups: dict[int, tuple[bool | None, float]] = {}
    for k, ink_width in unsure:
        record = records[k]
        if ink_width is not None:  # its width came from the lookup by Unicode value
            font = record[6]
            if font not in lookups:
                lookups[font] = _lookup_check(api, font, widths)
            agrees, unmapped = lookups[font]
            if agrees is False or (agrees is None and record[8] == unmapped):
                record = records[k] = (*record[:8], ink_width, *record[9:])
        if k + 1 < len(records) and records[k + 1][1] == record[1]:
            nxt = records[k + 1]
            a, b, tf = record[9], record[10], record[13]
            step = ((nxt[3] - record[3]) * a + (nxt[4] - record[4]) * b) / ((a * a + b * b) or 1.0)
            if tf and step > 0:
                bound = step * 1000.0 / tf
                records[k] = (*record[:8], min(record[8], bound) if record[8] > 0 else bound, *record[9:])

    if any(records[k][0] > records[k + 1][0] for k in range(len(records) - 1)):
        records.sort(key=lambda r: r[0])  # stable: characters keep their order within an object
    pa, pb, pc, pd, pe, pf = page_matrix
    unrotated_page = pb == 0.0 and pc == 0.0 and pa == 1.0 and pd == 1.0
    chars: list[tuple] = []
    append = chars.append
    group_of = fonts.named_as_pdfminer
    for _rank, _obj, text, x, y, name, font, descent, w, ma, mb, mc, md, tf, _index in records:
        # pdfminer: (0, descent·fs) – (adv, descent·fs + fs) in text space, through the text
        # matrix to the character's origin, then the page's matrix
        adv = w * tf / 1000.0
        y_lo = descent * tf / 1000.0
        y_hi = y_lo + tf
        if unrotated_page and mb == 0.0 and mc == 0.0:  # the common case: no rotation anywhere
            cx0, cx1 = sorted((x + pe, x + ma * adv + pe))
            cy0, cy1 = sorted((y + md * y_lo + pf, y + md * y_hi + pf))
            upright = ma * md > 0
        else:
            xs, ys = [], []
            for tx, ty in ((0.0, y_lo), (adv, y_lo), (0.0, y_hi), (adv, y_hi)):
                ux = x + ma * tx + mc * ty
                uy = y + mb * tx + md * ty
                xs.append(pa * ux + pc * uy + pe)
                ys.append(pb * ux + pd * uy + pf)
            cx0, cx1 = min(xs), max(xs)
            cy0, cy1 = min(ys), max(ys)
            # pdfminer's test, on the text matrix times the page's rotation
            ra, rb = ma * pa + mb * pc, ma * pb + mb * pd
            rc, rd = mc * pa + md * pc, mc * pb + md * pd
            upright = ra * rd > 0 and rb * rc <= 0
        top = height - cy1 + mb_top
        append((text, cx0 + mb_x0, cx1 + mb_x0, top, height - cy0 + mb_top, upright, name, group_of.get(font, font),
                cy1 - cy0))
    return chars


# pdfplumber's ligature expansion (utils.text.LIGATURES), applied to a character's whole text
_LIGATURES = {"\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb01": "fi", "\ufb02": "fl", "\ufb06": "st",
              "\ufb05": "st"}


def _words(chars: list[tuple], page: int, x_tolerance: float, y_tolerance: float) -> list[Word]:
    """pdfplumber's ``WordExtractor(x_tolerance, y_tolerance, keep_blank_chars=False,
    extra_attrs=["fontname", "size"])`` over the character tuples, step for step — runs of
    neighbours sharing uprightness, font and size; lines by clustering tops (across: x0); order
    along the line; a new word at a blank, a step back, a gap over the tolerance or a change of
    line — with the font object as a further grouping key (pdfium drops some subset prefixes)."""
    from itertools import groupby

    words: list[Word] = []
    for (upright, fontname, _font, size), run in groupby(chars, key=lambda c: (c[5], c[6], c[7], c[8])):
        run = list(run)
        if upright:  # lines across the page: cluster tops, then left to right
            line_key, tolerance, sort_key = (lambda c: c[3]), y_tolerance, (lambda c: c[1])
        else:  # rotated text: lines are columns (cluster x0), read top to bottom
            line_key, tolerance, sort_key = (lambda c: c[1]), x_tolerance, (lambda c: (c[3], c[4]))
        for line in _clusters(run, line_key, tolerance):
            line.sort(key=sort_key)
            current: list[tuple] = []
            for char in line:
                if char[0].isspace():
                    if current:
                        words.append(_merge(current, page, fontname, size))
                    current = []
                elif current and _begins_word(current[-1], char, upright, x_tolerance, y_tolerance):
                    words.append(_merge(current, page, fontname, size))
                    current = [char]
                else:
                    current.append(char)
            if current:
                words.append(_merge(current, page, fontname, size))
    return words


def _clusters(run: list[tuple], key, tolerance: float) -> list[list[tuple]]:
    """pdfplumber's ``cluster_objects``: values chained within ``tolerance``; objects keep their
    order within a cluster, clusters come in the order of their values."""
    values = sorted(set(map(key, run)))
    index: dict[float, int] = {}
    cluster, last = 0, None
    for value in values:
        if last is not None and value > last + tolerance:
            cluster += 1
        index[value] = cluster
        last = value
    if cluster == 0:
        return [list(run)]
    groups: list[list[tuple]] = [[] for _ in range(cluster + 1)]
    for char in run:
        groups[index[key(char)]].append(char)
    return [g for g in groups if g]


def _begins_word(prev: tuple, char: tuple, upright: bool, x_tolerance: float, y_tolerance: float) -> bool:
    if upright:  # along x: a step back or a gap; across: the tops apart
        return char[1] < prev[1] or char[1] > prev[2] + x_tolerance or abs(char[3] - prev[3]) > y_tolerance
    return char[3] < prev[3] or char[3] > prev[4] + y_tolerance or abs(char[1] - prev[1]) > x_tolerance


def _merge(chars: list[tuple], page: int, fontname: str, size: float) -> Word:
    return Word(text="".join(_LIGATURES.get(c[0], c[0]) for c in chars),
                x0=float(min(c[1] for c in chars)), top=float(min(c[3] for c in chars)),
                x1=float(max(c[2] for c in chars)), bottom=float(max(c[4] for c in chars)),
                page=page, fontname=fontname, size=round(float(size), 2))


def _advance(api: _Api, textpage: int, index: int, font: int, code: int, text: str, x: float, y: float,
             a: float, b: float, tf: float, std_widths, glyph: bool = False) -> tuple[float, bool, float | None]:
    """The advance width of character ``index`` in thousandths of the font size, as pdfminer
    uses it for the box's right edge, whether it is exact, and (when the width was looked up
    by Unicode value) the width to the box's edge instead.  pdfium's loose box is the advance
    united with the ink: where the ink ends before the box does, the box's edge is the advance;
    otherwise (a glyph whose ink overhangs) the font's width for the character, looked up by its
    Unicode value, or the box's edge — an upper bound the caller narrows.  The lookup maps the
    Unicode value back to a character code through the font's ToUnicode map; where that map
    cannot be reversed it answers the width of code 0 (often the CID font's /DW), which is
    why the caller checks it (``_lookup_check``)."""
    if std_widths is not None:  # pdfminer's AFM widths for the standard fonts
        return float(std_widths.get(text[:1], 0)), True, None
    loose_width = 0.0
    if tf and (a or b):
        loose = api.raw.FS_RECTF()
        ink = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        if api.loose_box(textpage, index, ctypes.byref(loose)) and api.char_box(textpage, index,
                                                                                *map(ctypes.byref, ink)):
            left, right, bottom, top = (v.value for v in ink)
            edge = None
            if abs(b) < 1e-6:  # along the writing direction (a, b)
                edge, ink_edge, origin, along = (loose.right, right, x, a) if a > 0 else (loose.left, left, x, a)
            elif abs(a) < 1e-6:
                edge, ink_edge, origin, along = (loose.top, top, y, b) if b > 0 else (loose.bottom, bottom, y, b)
            if edge is not None:
                loose_width = (edge - origin) / along / (tf / 1000.0)
                if glyph or abs(edge - ink_edge) > 1e-3:
                    return loose_width, True, None
    width = ctypes.c_float()
    if not glyph and api.glyph_width(font, code, 1000.0, ctypes.byref(width)) and width.value > 0 \
            and (loose_width <= 0 or width.value <= loose_width + 1e-3):
        return float(width.value), False, (loose_width if loose_width > 0 else None)
    return loose_width, False, None


def _lookup_check(api: _Api, font: int, widths: dict, samples: int = 3) -> tuple[bool | None, float]:
    """How far pdfium's width lookup by Unicode value can be believed for ``font``: whether it
    gives, for up to ``samples`` characters whose advance the page measured exactly, that
    advance (to pdfium's rounding; None when there is none to compare with), and what it
    answers for a value no font maps (U+FFFF), i.e. when the lookup fails: the width of code 0.
    A width equal to that one says nothing unless the exact advances vouch for the lookup."""
    width = ctypes.c_float()
    unmapped = float(width.value) if api.glyph_width(font, 0xFFFF, 1000.0, ctypes.byref(width)) else -1.0
    checked = 0
    for (f, code), (exact_width, exact, _) in widths.items():
        if f != font or not exact or code < 0x21:
            continue
        if not api.glyph_width(font, code, 1000.0, ctypes.byref(width)) or abs(width.value - exact_width) > 1.0:
            return False, unmapped
        checked += 1
        if checked == samples:
            break
    return (True if checked else None), unmapped


def _object_order(page: int, api: _Api) -> tuple[dict[int, int], int]:
    """Stream rank of every text object on the page (forms walked in place), and the number
    of the page's other objects (drawings, images) for the per-page budget."""
    order: dict[int, int] = {}
    others = 0
    text_type, form_type = api.text_type, api.form_type
    # a stack of (count, getter, next index): forms are walked where they are drawn
    stack = [(api.count_objects(page), lambda k: api.page_object(page, k), 0)]
    while stack:
        count, getter, k = stack.pop()
        while k < count:
            obj = getter(k)
            k += 1
            kind = api.object_type(obj)
            if kind == text_type:
                order[obj] = len(order)
            elif kind == form_type:
                stack.append((count, getter, k))
                stack.append((api.form_count(obj), lambda j, form=obj: api.form_object(form, j), 0))
                break
            else:
                others += 1
    return order, others


# --- the decompression budget ---------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_ZLIB_HEADERS = (b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")
_MAX_DEFLATE_RATIO = 1032  # zlib's largest possible expansion
_TWICE_COMPRESSED = re.compile(rb"/Filter\s*\[[^\]]*(Fl|LZW|RL)[^\]]*/(Fl|LZW|RL)")


def _check_decoded_size(path: Path) -> None:
    """Stop a file whose compressed streams inflate past ``pdf.MAX_DECODED_BYTES`` before pdfium
    (which has no cap of its own) inflates them.  A file too small to reach the budget even at
    deflate's largest ratio, with no stream compressed twice, is not scanned at all."""
    from invoice_lint.extract import pdf

    limit = pdf.MAX_DECODED_BYTES
    try:
        data = path.read_bytes()
    except OSError:
        return  # sniff() already named an unreadable file; pdfium will say the rest
    if len(data) * _MAX_DEFLATE_RATIO <= limit and not _TWICE_COMPRESSED.search(data):
        return
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if data[start:start + 2] not in _ZLIB_HEADERS:
            continue
        head = data[max(0, match.start() - 2000):match.start()]
        if b"/Image" in head[head.rfind(b" obj") + 1:]:
            continue  # reading text never inflates an image (nor does pdfminer)
        total += _inflated_size(data, start, limit - total)
        if total > limit:
            raise pdf.ExtractionFailed(ReadError(
                str(path), "unreadable-pdf",
                f"expands to more than {limit // 2**20} MB when decompressed (a decompression bomb?); not read"))


def _inflated_size(data: bytes, start: int, allowance: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to (nested zlib streams included),
    stopping once past ``allowance``."""
    import zlib

    total = 0
    inflater = zlib.decompressobj()
    nested = None
    chunk_in = memoryview(data)[start:]
    try:
        out = inflater.decompress(chunk_in, 1 << 20)
        while True:
            total += len(out)
            if nested is None and total == len(out) and out[:2] in _ZLIB_HEADERS:
                nested = zlib.decompressobj()
            if nested is not None:
                try:
                    inner = nested.decompress(out, 0)
                    total += len(inner)
                except zlib.error:
                    nested = None
            if total > allowance or inflater.eof or not inflater.unconsumed_tail:
                break
            out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
    except zlib.error:
        pass
    return total

"""The invoice number (BT-1): under a label that can only mean it, after the title word
("Rechnung Nr. 12"), under a title-headed label row, and last under a bare number mark.
"""
from __future__ import annotations

import re

from invoice_lint.fields import dates, identifiers
from invoice_lint.fields.finders.context import (
    ID_TOKEN,
    MONEY_TOKEN,
    Context,
    field_at,
    next_in_column,
    ranked,
    under_heading,
)
from invoice_lint.fields.geometry import HEADING_SIZE, TOUCHING
from invoice_lint.fields.labels import LabelHit, ValueSpan
from invoice_lint.foundation.model import Field, Line
from invoice_lint.foundation.text import fold


def invoice_number(ctx: Context) -> Field | None:
    hits = [h for h in ranked(ctx.hits_for("invoice_number")) if h.line.page == 1]
    # more specific labels first ("Facture n°" before a bare "Numéro"); a bare number mark
    # ("Nr.", "Número", "#") only after the title line, since it also heads customer and order numbers
    hits.sort(key=lambda h: (0 if (h.at_start or " " in h.phrase) else 1, -len(h.phrase)))
    marks = ctx.lexicon.number_marks
    specific = [h for h in hits if h.phrase.strip(":") not in marks]
    generic = [h for h in hits if h.phrase.strip(":") in marks and not under_heading(ctx, h, {"seller", "buyer"})]
    return (_labelled_number(ctx, specific) or _titled_number(ctx) or _title_headed_number(ctx)
            or _labelled_number(ctx, generic))


def _labelled_number(ctx: Context, hits: list[LabelHit]) -> Field | None:
    for hit in hits:
        for span in ctx.spans(hit):
            token = span.text.split()[0] if span.text.split() else ""
            token = token.strip(":;,")
            if token in {"#", "№"} and len(span.text.split()) > 1:
                token = span.text.split()[1]
            if span.where == "inline" and token[:1].isalpha() and not any(c.isdigit() for c in token):
                break  # the label runs on into other words ("N° de facture associée")
            if not token or not any(c.isdigit() for c in token) or not ID_TOKEN.match(token):
                continue
            if dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst):
                continue
            if _opens_an_iban(span.text, token):
                break  # the label names an account ("Rekening No. NL91 ABNA 0417 1643 00")
            series = _series_before(ctx, hit) or (_series_in_column_before(ctx, hit, span)
                                                   if span.where == "below" else None)
            if series and not re.match(re.escape(series) + r"[-/.]", token):
                return field_at("invoice_number", f"{series}-{token.lstrip('#')}", span, hit,
                                text=f"{series} {token}")
            return field_at("invoice_number", token.lstrip("#"), span, hit, text=token)
    return None


def _opens_an_iban(text: str, token: str) -> bool:
    """Is the token the first group of an IBAN the value goes on to print?  A label that can name
    an invoice or an account (KOMA-Script's Dutch invoice caption "Rekening No.", whose words also
    say "account number") labels the account then."""
    return token[:2].isalpha() and any(m.text.startswith(token) for m in identifiers.find_ibans(text) if m.valid)


def _series_before(ctx: Context, hit: LabelHit) -> str | None:
    """The series or point of sale printed before the number's label, on its line or in the
    segment just left of it on its row, when the number is printed in two parts ("Punto de
    Venta: 0003  Comp. Nro: 00000871")."""
    row = ctx.rows.get((hit.line.page, hit.line.row), [])
    left = [seg for seg in row if seg.x1 <= hit.line.x0 + TOUCHING and seg.number != hit.line.number]
    places = [(hit.line, hit.first)] + ([(max(left, key=lambda seg: seg.x1), None)] if hit.first == 0 and left else [])
    for line, end in places:
        for series in ctx.hits_by_line.get(line.number, []):
            if "number_series" not in series.concepts:
                continue
            stop = end if end is not None else len(line.words)
            if series.last >= stop:
                continue
            between = line.words[series.last + 1:stop]
            if series.tail and not between:
                token = series.tail
            elif len(between) == 1 and not series.tail:
                token = between[0].text
            else:
                continue
            token = token.strip(":;,")
            if token.isalnum() and len(token) <= 8:
                return token
    return None


def _series_in_column_before(ctx: Context, hit: LabelHit, span: ValueSpan) -> str | None:
    """The series printed in the column just left of the number's, when both head columns of
    one table and their values stand below them in one row ("Serie | Folio" over "A | 123" is
    invoice A-123).  Only the heading nearest the number's on its row counts, and only a value
    in the number's own row: an empty series cell gives none."""
    row = ctx.rows.get((hit.line.page, hit.line.row), [])
    x0 = hit.line.words[hit.first].x0
    left = [seg for seg in row if seg.x1 <= x0 + TOUCHING]
    if hit.first > 0 or not left:
        return None
    nearest = max(left, key=lambda seg: seg.x1)
    for series in ctx.hits_by_line.get(nearest.number, []):
        if "number_series" not in series.concepts or series.tail or series.last != len(nearest.words) - 1:
            continue
        for below in ctx.spans(series):
            if below.where != "below" or below.line.row != span.line.row:
                continue
            # the series' cell ends where the number's begins (a centred cell may reach into the next column)
            cell = [w for w in below.words if w.x1 <= span.words[0].x0 + TOUCHING]
            token = cell[0].text.strip(":;,") if len(cell) == 1 else ""
            if token.isalnum() and len(token) <= 8:
                return token
    return None


def title_at(ctx: Context, line: Line) -> int | None:
    """How many words of the line's start are the document title ("Rechnung", "Invoice",
    "Handelsrechnung": a compound ending in a title word; "I N V O I C E" letter-spaced)."""
    words = [fold(w.text).strip(":") for w in line.words]
    if len(words) >= 4 and all(len(w) == 1 and w.isalpha() for w in words) and "".join(words) in ctx.lexicon.titles:
        return len(words)
    for title in ctx.lexicon.titles:
        parts = title.split()
        if words[:len(parts)] == parts:
            return len(parts)
    return 1 if words and _is_title_word(ctx, words[0]) else None


def _is_title_word(ctx: Context, word: str) -> bool:
    """A one-word title ("invoice", "račun"), or in a compounding language a word ending in one
    ("handelsrechnung")."""
    titles = ctx.lexicon.titles
    return word in titles or bool(ctx.lexicon.compounds) and any(
        " " not in t and word.endswith(t) and len(word) > len(t) + 2 for t in titles)


def _titled_number(ctx: Context) -> Field | None:
    """The number printed right after the title on the first page, with an optional number
    mark: "Rechnung RE1001", "Factura nº 2024-17", "Račun br. 12/2026"; or, under a title that
    stands alone, on the line just below it in its column ("INVOICE" / "No. 1721", or the
    number alone where a large heading wrapped, in the title's own type size).  A qualifier in
    brackets after the title ("(copy)", "(Gutschrift)") belongs to the title, and so does one
    word before it in a heading set larger than the body text ("Korrigierte Gutschrift")."""
    for line in ctx.lines:
        if line.page != 1:
            break
        n = title_at(ctx, line)
        if n is None and len(line.words) >= 3 and line.words[0].text.isalpha() \
                and _is_title_word(ctx, fold(line.words[1].text).strip(":")) and _larger_than_body(ctx, line):
            n = 2  # a heading that qualifies its title ("Korrigierte Gutschrift KG-7", "Final invoice 12")
        if n is None:
            continue
        while n < len(line.words) and _bracketed(line.words[n].text):
            n += 1
        if n >= len(line.words):
            below = next_in_column(ctx, line)
            if below is None or ctx.hits_by_line.get(below.number):
                continue
            if len(below.words) == 1 and _wrapped_heading(ctx, line, below):
                line, n = below, 0
            else:
                if len(below.words) < 2 or fold(below.words[0].text).rstrip(":") not in ctx.lexicon.number_marks:
                    continue
                line, n = below, 1
        rest = line.words[n:]
        if fold(rest[0].text).strip(":") in ctx.lexicon.number_marks and len(rest) > 1:
            rest = rest[1:]
        token = rest[0].text.strip(":;,")
        if not any(c.isdigit() for c in token) or not ID_TOKEN.match(token):
            continue
        if dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst) or MONEY_TOKEN.fullmatch(token):
            continue
        span = ValueSpan(token, [rest[0]], line, "inline")
        return field_at("invoice_number", token.lstrip("#"), span, text=token)
    return None


def _bracketed(text: str) -> bool:
    return len(text) > 2 and text[0] in "([" and text[-1] in ")]"


def _wrapped_heading(ctx: Context, title: Line, below: Line) -> bool:
    """Is ``below`` the rest of a heading that wrapped after its title: set in the title's own
    type size, larger than the page's body text?"""
    size = max(w.size for w in title.words)
    return _larger_than_body(ctx, title) and all(abs(w.size - size) < 0.5 for w in below.words)


def _larger_than_body(ctx: Context, line: Line) -> bool:
    """Is the line set larger than the document's body text, as a heading is?"""
    return bool(ctx.body_size) and max(w.size for w in line.words) > ctx.body_size * HEADING_SIZE


def title_headed_labels(ctx: Context) -> list[tuple[Line, int, ValueSpan]]:
    """Labels headed by the document's own title word ("Invoice ref.:", "Ref. facture:",
    "Račun #:", "Invoice amount", "Fecha factura:"): short segments whose words include the title
    and end with a colon or a number mark, or are followed by a value in the next segment.  The
    value's type says what the label names: an id the invoice number, a date the issue date, a
    figure the invoice total."""
    out = []
    for line in ctx.lines:
        words = [fold(w.text) for w in line.words]
        # a label of another concept that contains the title word ("Tekući račun", "Invoice to")
        others = [h for h in ctx.hits_by_line.get(line.number, [])
                  if not {"invoice_number", "issue_date", "total"} & set(h.concepts)]
        if any(h.first == 0 and line.words[h.last].text.endswith(":") for h in others):
            continue  # the line is another label's, the title word in its value ("Comprobante asociado: Factura C 0002-871")
        covered = {i for h in others for i in range(h.first, h.last + 1)}
        for end in range(min(4, len(words))):
            head = [w.strip(":#.") for w in words[: end + 1]]
            if not any(_is_title_word(ctx, h) and i not in covered for i, h in enumerate(head)):
                continue
            closing = words[end].endswith(":") or words[end] in ctx.lexicon.number_marks
            # "Invoice amount 9,603.94": two or more label words, then the figure
            value_next = end >= 1 and end + 1 < len(words) and bool(re.match(r"[\d$€£(+-]", words[end + 1]))
            if (closing or value_next) and end + 1 < len(line.words):
                rest = line.words[end + 1:]
                out.append((line, end, ValueSpan(" ".join(w.text for w in rest), rest, line, "inline")))
                break
            if end + 1 == len(line.words) and (closing or end >= 1):
                row = ctx.rows[(line.page, line.row)]
                right = [seg for seg in row if seg.x0 >= line.x1 - TOUCHING and seg.number != line.number]
                if right:
                    seg = min(right, key=lambda seg: seg.x0)
                    if not ctx.hits_by_line.get(seg.number):
                        out.append((line, end, ValueSpan(seg.text, seg.words, seg, "right")))
                break
    return out


def _title_headed_number(ctx: Context) -> Field | None:
    """An id after a title-headed label on page one is the invoice number."""
    for line, _end, span in title_headed_labels(ctx):
        token = span.text.split()[0].strip(":;,") if span.text.split() else ""
        if (line.page == 1 and token and any(c.isdigit() for c in token) and ID_TOKEN.match(token)
                and not dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst)
                and not MONEY_TOKEN.fullmatch(token)):
            return field_at("invoice_number", token.lstrip("#"), span, text=token)
    return None

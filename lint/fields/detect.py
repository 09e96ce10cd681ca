"""Find typed invoice fields in a Document: labels from the lexicon + typed value parsers.

Each field has one small finder.  A finder looks at the label hits for its concept, reads
the value texts next to them (see ``labels.value_spans``) with the right parser, and keeps
the page, box and printed text of what it used.  Nothing here names a language.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from decimal import Decimal

from invoice_lint.fields import amounts, buyer_ids, dates, identifiers, methods, terms
from invoice_lint.fields.items import find_line_items
from invoice_lint.fields.labels import LabelHit, ValueSpan, find_label_hits, generic_date_words, value_spans
from invoice_lint.foundation.lexicon import Lexicon, merged_lexicon
from invoice_lint.foundation.text import fold
from invoice_lint.model import Document, Field, InvoiceFields, Line, TaxLine, union_bbox

_PERCENT = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.I)
_ID_TOKEN = re.compile(r"^[#]?[\w][\w/\-_.\u2010\u2011]*$", re.UNICODE)


class _Context:
    def __init__(self, document: Document, lexicon: Lexicon):
        self.document = document
        self.lexicon = lexicon
        self.language = document.base_language
        self.hits = find_label_hits(document, lexicon)
        self.rows: dict[tuple[int, int], list[Line]] = {}
        for line in document.lines:
            self.rows.setdefault((line.page, line.row), []).append(line)
        for segs in self.rows.values():
            segs.sort(key=lambda s: s.x0)
        self.hits_by_line: dict[int, list[LabelHit]] = {}
        for hit in self.hits:
            self.hits_by_line.setdefault(hit.line.number, []).append(hit)
        self.dayfirst = _dayfirst(document, lexicon)

    def hits_for(self, concept: str) -> list[LabelHit]:
        return [h for h in self.hits if concept in h.concepts]

    def spans(self, hit: LabelHit, below: bool = True) -> list[ValueSpan]:
        return value_spans(hit, self.rows, self.hits_by_line, below=below)


def _dayfirst(document: Document, lexicon: Lexicon) -> bool:
    if lexicon.date_order != "MDY" and not lexicon.mdy_hints:
        return True
    text = " " + fold(document.text) + " "
    # numeric slash dates that can only be M/D/Y settle it
    for m in re.finditer(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    # otherwise the currency tells: US dollar invoices write month first
    hints = sum(1 for h in lexicon.mdy_hints if h and h in text)
    return hints == 0


def _field(name, value, span: ValueSpan | Line, hit: LabelHit | None = None, text: str | None = None,
           bbox=None, derived: bool = False) -> Field:
    line = span.line if isinstance(span, ValueSpan) else span
    return Field(
        name=name,
        value=value,
        page=line.page,
        bbox=bbox or span.bbox,
        text=text if text is not None else span.text,
        line=line.number,
        label=hit.label_text if hit else "",
        derived=derived,
    )


# --- finders -----------------------------------------------------------------------------

def _ranked(hits: list[LabelHit]) -> list[LabelHit]:
    """Strong labels first: a label opening its segment, or a phrase of several words, beats
    a lone generic word inside other text ("Order Date" vs "Invoice Date:")."""
    return sorted(hits, key=lambda h: 0 if (h.at_start or " " in h.phrase) else 1)


def _first_date(ctx: _Context, concept: str, hits: list[LabelHit] | None = None) -> Field | None:
    for hit in _ranked(ctx.hits_for(concept) if hits is None else hits):
        for span in ctx.spans(hit):
            found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
            # the date must follow the label directly; "Date de facture associée : ..." is
            # another date with a longer label
            if found and found[0].start <= 2:
                m = found[0]
                return _field(concept, m.value, span, hit, text=m.text)
            # one short word closing the label before the date: "Payment due before: 30/11/2026"
            if found and span.where == "inline" and _CLOSING_WORD.match(span.text[:found[0].start]):
                m = found[0]
                return _field(concept, m.value, span, hit, text=m.text)
            basic = dates.basic_iso_date(span.text)  # "Date : 20260815", under a label only
            if basic is not None:
                return _field(concept, basic.value, span, hit, text=basic.text)
            if span.where == "inline" and span.text[:1].isalpha():
                break
    return None


_CLOSING_WORD = re.compile(r"^\s*[^\W\d_]{1,6}\s*:\s*$")


def _issue_date(ctx: _Context) -> Field | None:
    """The issue date: under a label that can only mean it ("Rechnungsdatum", "Date of issue"),
    then the letter's date after its place ("München, den 01.11.2024"), then under a bare date
    word ("Datum:", which also heads print stamps and other dates) or a weak one ("... du
    06/12/2022" inside other text)."""
    generic_words = generic_date_words(ctx.lexicon)
    hits = ctx.hits_for("issue_date")
    strong = [h for h in hits if h.phrase.strip(":") not in generic_words and (h.at_start or " " in h.phrase)]
    rest = [h for h in hits if h not in strong]
    return _first_date(ctx, "issue_date", strong) or _letter_date(ctx) or _first_date(ctx, "issue_date", rest)


_LETTER_DATE = re.compile(r"^(?P<place>[^\W\d_][^\d,:;]{1,40}),\s*(?P<mark>[^\W\d_]+)(?:\s+(?P<rest>.*))?$")


def _letter_date(ctx: _Context) -> Field | None:
    """A date printed as a letter's, after its place and the lexicon's mark: "München, den
    01.11.2024", "Paris, le 3 mars 2024" (first page only)."""
    marks = ctx.lexicon.letter_date_marks
    if not marks:
        return None
    for line in ctx.document.lines:
        if line.page != 1:
            break
        m = _LETTER_DATE.match(line.text.strip())
        if not m or fold(m["mark"]) not in marks:
            continue
        if m["rest"]:
            span = ValueSpan(m["rest"], [w for w in line.words if w.text in m["rest"]] or line.words, line, "inline")
        else:  # the date in the next segment of the row
            right = [seg for seg in ctx.rows[(line.page, line.row)] if seg.x0 >= line.x1 - 1]
            if not right:
                continue
            seg = min(right, key=lambda seg: seg.x0)
            span = ValueSpan(seg.text, seg.words, seg, "right")
        found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
        if found and found[0].start <= 2:
            f = _field("issue_date", found[0].value, span, text=found[0].text)
            f.label = f"{m['place']}, {m['mark']}"
            return f
    return None


_ONE_WORD = re.compile(r"^\s*[^\W\d_]{1,6}\s+$")


def _due_in_sum_label(ctx: _Context) -> Field | None:
    """"TOTAL DUE BY 2/2/2000  125.89", "Balance due on 3 May 2026": an amount-due label, one
    short word and a date name the due date inside the label of the sum."""
    for hit in ctx.hits_for("amount_due"):
        for span in ctx.spans(hit, below=False):
            if span.where != "inline":
                continue
            found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
            if found and _ONE_WORD.match(span.text[:found[0].start]):
                m = found[0]
                return _field("due_date", m.value, span, hit, text=m.text)
    return None


def _terms_date(ctx: _Context) -> Field | None:
    """A payment-terms label followed by a date ("Zahlungsziel: 1. Februar 2024") gives the due date."""
    f = _first_date(ctx, "payment_terms")
    if f is None:
        return None
    return Field("due_date", f.value, f.page, f.bbox, f.text, f.line, f.label)


def _invoice_number(ctx: _Context) -> Field | None:
    hits = [h for h in _ranked(ctx.hits_for("invoice_number")) if h.line.page == 1]
    # more specific labels first ("Facture n°" before a bare "Numéro"); a bare number mark
    # ("Nr.", "Número", "#") only after the title line, since it also heads customer and order numbers
    hits.sort(key=lambda h: (0 if (h.at_start or " " in h.phrase) else 1, -len(h.phrase)))
    marks = ctx.lexicon.number_marks
    specific = [h for h in hits if h.phrase.strip(":") not in marks]
    generic = [h for h in hits if h.phrase.strip(":") in marks and not _under_party_heading(ctx, h)]
    return (_labelled_number(ctx, specific) or _titled_number(ctx) or _title_headed_number(ctx)
            or _labelled_number(ctx, generic))


def _under_party_heading(ctx: _Context, hit: LabelHit) -> bool:
    """A bare "Nummer:" / "No.:" printed in a seller's or buyer's block (a heading a few rows
    above, in the same column) is that party's number, not the invoice's."""
    x0 = hit.line.words[hit.first].x0
    for step in range(1, 5):
        for seg in ctx.rows.get((hit.line.page, hit.line.row - step), []):
            if abs(seg.x0 - x0) > 30:
                continue
            if any({"seller", "buyer"} & set(h.concepts) for h in ctx.hits_by_line.get(seg.number, [])):
                return True
    return False


def _labelled_number(ctx: _Context, hits: list[LabelHit]) -> Field | None:
    for hit in hits:
        for span in ctx.spans(hit):
            token = span.text.split()[0] if span.text.split() else ""
            token = token.strip(":;,")
            if token in {"#", "№"} and len(span.text.split()) > 1:
                token = span.text.split()[1]
            if span.where == "inline" and token[:1].isalpha() and not any(c.isdigit() for c in token):
                break  # the label runs on into other words ("N° de facture associée")
            if not token or not any(c.isdigit() for c in token) or not _ID_TOKEN.match(token):
                continue
            if dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst):
                continue
            return _field("invoice_number", token.lstrip("#"), span, hit, text=token)
    return None


_MONEY_TOKEN = re.compile(r"[$€£]?[\d.,' ]*\d[.,]\d{2}[$€£]?")  # "100.00", "1.234,56": a figure, not an id


def _title_at(ctx: _Context, line: Line) -> int | None:
    """How many words of the line's start are the document title ("Rechnung", "Invoice",
    "Handelsrechnung": a compound ending in a title word)."""
    words = [fold(w.text).strip(":") for w in line.words]
    for title in ctx.lexicon.titles:
        parts = title.split()
        if words[:len(parts)] == parts:
            return len(parts)
    return 1 if words and _is_title_word(ctx, words[0]) else None


def _is_title_word(ctx: _Context, word: str) -> bool:
    """A one-word title ("invoice", "račun"), or in a compounding language a word ending in one
    ("handelsrechnung")."""
    titles = ctx.lexicon.titles
    return word in titles or bool(ctx.lexicon.compounds) and any(
        " " not in t and word.endswith(t) and len(word) > len(t) + 2 for t in titles)


def _titled_number(ctx: _Context) -> Field | None:
    """The number printed right after the title on the first page, with an optional number
    mark: "Rechnung RE1001", "Factura nº 2024-17", "Račun br. 12/2026"."""
    for line in ctx.document.lines:
        if line.page != 1:
            break
        n = _title_at(ctx, line)
        if n is None or n >= len(line.words):
            continue
        rest = line.words[n:]
        if fold(rest[0].text).strip(":") in ctx.lexicon.number_marks and len(rest) > 1:
            rest = rest[1:]
        token = rest[0].text.strip(":;,")
        if not any(c.isdigit() for c in token) or not _ID_TOKEN.match(token):
            continue
        if dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst) or _MONEY_TOKEN.fullmatch(token):
            continue
        span = ValueSpan(token, [rest[0]], line, "inline")
        return _field("invoice_number", token.lstrip("#"), span, text=token)
    return None


def _title_headed_labels(ctx: _Context) -> list[tuple[Line, int, ValueSpan]]:
    """Labels headed by the document's own title word ("Invoice ref.:", "Ref. facture:",
    "Račun #:", "Invoice amount", "Fecha factura:"): short segments whose words include the title
    and end with a colon or a number mark, or are followed by a value in the next segment.  The
    value's type says what the label names: an id the invoice number, a date the issue date, a
    figure the invoice total."""
    out = []
    for line in ctx.document.lines:
        words = [fold(w.text) for w in line.words]
        # a label of another concept that contains the title word ("Tekući račun", "Invoice to")
        covered = {i for h in ctx.hits_by_line.get(line.number, [])
                   if not {"invoice_number", "issue_date", "total"} & set(h.concepts)
                   for i in range(h.first, h.last + 1)}
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
                right = [seg for seg in row if seg.x0 >= line.x1 - 1 and seg.number != line.number]
                if right:
                    seg = min(right, key=lambda seg: seg.x0)
                    if not ctx.hits_by_line.get(seg.number):
                        out.append((line, end, ValueSpan(seg.text, seg.words, seg, "right")))
                break
    return out


def _title_headed_number(ctx: _Context) -> Field | None:
    """An id after a title-headed label on page one is the invoice number."""
    for line, _end, span in _title_headed_labels(ctx):
        token = span.text.split()[0].strip(":;,") if span.text.split() else ""
        if (line.page == 1 and token and any(c.isdigit() for c in token) and _ID_TOKEN.match(token)
                and not dates.find_dates(token, ctx.language, dayfirst=ctx.dayfirst)
                and not _MONEY_TOKEN.fullmatch(token)):
            return _field("invoice_number", token.lstrip("#"), span, text=token)
    return None


def _title_headed_date(ctx: _Context) -> Field | None:
    """A date right after a title-headed label ("Fecha factura: 03/12/2026") is the issue date."""
    for _line, _end, span in _title_headed_labels(ctx):
        found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
        if found and found[0].start <= 2:
            return _field("issue_date", found[0].value, span, text=found[0].text)
    return None


def _title_headed_totals(ctx: _Context) -> list[tuple[LabelHit, ValueSpan, Decimal, str]]:
    """Figures after title-headed labels ("Invoice amount 9,603.94") as total candidates."""
    found = []
    for line, end, span in _title_headed_labels(ctx):
        figures = amounts.find_amounts(span.text, ctx.language)
        if figures and not dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst):
            m = figures[-1]
            hit = LabelHit(("total",), fold(" ".join(w.text for w in line.words[:end + 1])), line, 0, end, "")
            found.append((hit, span, m.value, m.text))
    return found


def _titled_date(ctx: _Context, number: Field | None) -> Field | None:
    """"Rechnung Nr. 471102 vom 05.03.2018", "Invoice #12 dated 3 May 2026": the date printed
    after the number on the title line, with no other label between, is the issue date."""
    if number is None:
        return None
    for line in ctx.document.lines:
        if line.number != number.line:
            continue
        idx = next((i for i, w in enumerate(line.words) if number.text and number.text in w.text), None)
        if idx is None or any(h.first > idx for h in ctx.hits_by_line.get(line.number, [])):
            return None
        after = " ".join(w.text for w in line.words[idx + 1:])
        found = dates.find_dates(after, ctx.language, dayfirst=ctx.dayfirst)
        if found and len(after[:found[0].start].split()) <= 2:
            m = found[0]
            return _field("issue_date", m.value, ValueSpan(after, line.words[idx + 1:], line, "inline"), text=m.text)
        if not after:
            return _lone_date_right(ctx, line)
    return None


def _lone_date_right(ctx: _Context, line: Line) -> Field | None:
    """"INVOICE NO. 98765432  ....  1/1/2000": a date printed alone, without a label, in the
    next cell of the number's row is the issue date."""
    right = [seg for seg in ctx.rows[(line.page, line.row)] if seg.x0 >= line.x1 - 1 and seg is not line]
    if not right:
        return None
    seg = min(right, key=lambda seg: seg.x0)
    if ctx.hits_by_line.get(seg.number):
        return None
    found = dates.find_dates(seg.text, ctx.language, dayfirst=ctx.dayfirst)
    if len(found) == 1 and found[0].start == 0 and not seg.text[found[0].end:].strip(" ."):
        m = found[0]
        return _field("issue_date", m.value, ValueSpan(seg.text, seg.words, seg, "right"), text=m.text)
    return None


def _amount_candidates(ctx: _Context, concept: str) -> list[tuple[LabelHit, ValueSpan, Decimal, str]]:
    """Figures printed under the concept's labels, in page order, except that weak ones come
    first (the preferred candidate is the last): a label that runs on into other words
    ("Gesamtbetrag der Abschläge -0,00", "Total TVA associée") is probably another label."""
    strong, weak = [], []
    for hit in ctx.hits_for(concept):
        if hit.first > 0 and hit.line.words[hit.first].text.startswith("("):
            continue  # "Extra charge (Tax: 0.00%): Surcharge €1.50": the label annotates a charge
        row_text = " ".join(s.text for s in ctx.rows[(hit.line.page, hit.line.row)])
        # a row of labels with no figures ("TOTAL HT  TOTAL TVA  TOTAL TTC") has them below
        label_row = not amounts.find_amounts(row_text, ctx.language)
        for span in ctx.spans(hit, below=label_row):
            found = amounts.find_amounts(span.text, ctx.language)
            if found:
                m = found[-1]
                runs_on = span.where == "inline" and bool(_RUNS_ON.match(span.text)) and not hit.tail
                (weak if runs_on else strong).append((hit, span, m.value, m.text))
                break
    return weak + strong


_RUNS_ON = re.compile(r"^[^\W\d_]{3,}")


def _column_totals(ctx: _Context, concept: str, item_lines: set[int]) -> list:
    """Totals printed as a row of figures under column headers ("Total facture  24.99  5.00
    29.99" below "Montant HT | Montant TVA | Montant TTC"): each figure takes the concept of
    the header label above it."""
    out = []
    for hit in ctx.hits:
        if not hit.at_start or not set(hit.concepts) & {"total", "subtotal", "amount_due"}:
            continue
        line = hit.line
        if line.number in item_lines:
            continue
        row = ctx.rows[(line.page, line.row)]
        figures = [seg for seg in row if seg.x0 > line.x0 and amounts.find_amounts(seg.text, ctx.language)]
        if len(figures) < 2:
            continue
        for seg in figures:
            header = _header_above(ctx, seg, line)
            if header and concept in header.concepts:
                m = amounts.find_amounts(seg.text, ctx.language)[-1]
                out.append((header, ValueSpan(seg.text, seg.words, seg, "below"), m.value, m.text))
    return out


def _header_above(ctx: _Context, seg: Line, start: Line) -> LabelHit | None:
    for step in range(1, 9):
        for upper in ctx.rows.get((start.page, start.row - step), []):
            for hit in ctx.hits_by_line.get(upper.number, []):
                words = upper.words[hit.first : hit.last + 1]
                x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
                if x0 - 5 <= (seg.x0 + seg.x1) / 2 <= x1 + 5 or x0 - 5 <= seg.x1 <= x1 + 5:
                    return hit
    return None


def _amount_field(name: str, candidate) -> Field:
    hit, span, value, text = candidate
    return _field(name, value, span, hit, text=text)


def _consistent_subtotal(ctx: _Context, candidates, out: InvoiceFields) -> Field | None:
    """When several net amounts are printed under subtotal labels, prefer the one for which
    net + tax = total (BR-CO-15).  With one candidate, or none consistent, this says nothing,
    so a real arithmetic error is still reported as printed."""
    total, tax = out.value("total"), out.value("tax_amount")
    if total is None or tax is None:
        return None
    options = []
    for hit, span, _value, _text in candidates:
        for m in amounts.find_amounts(span.text, ctx.language):
            options.append((hit, span, m.value, m.text))
    if len({o[2] for o in options}) < 2:
        return None
    for option in reversed(options):
        if abs(option[2] + tax - total) <= Decimal("0.02"):
            return _amount_field("subtotal", option)
    return None


def _rates(text: str) -> list[Decimal]:
    return [Decimal(m.group(1).replace(",", ".")).normalize() for m in _PERCENT.finditer(text)]


def _tax(ctx: _Context, item_lines: set[int]) -> tuple[Field | None, Field | None, Field | None]:
    """Tax amount, tax rate (when one) and the per-rate breakdown (when several)."""
    candidates = [c for c in _amount_candidates(ctx, "tax") if c[0].line.number not in item_lines]
    lines: list[TaxLine] = []
    seen: set[tuple] = set()
    for hit, span, value, text in candidates:
        row_text = " ".join(s.text for s in ctx.rows[(hit.line.page, hit.line.row)])
        rates = _rates(row_text)
        found = amounts.find_amounts(span.text, ctx.language)
        base = found[-2].value if len(found) >= 2 and rates else None
        key = (rates[0] if rates else None, value)
        if key in seen:
            continue
        seen.add(key)
        lines.append(TaxLine(rate=rates[0] if rates else None, base=base, amount=value, page=hit.line.page,
                             bbox=span.bbox, text=span.text, line=hit.line.number))
    lines += _tax_table_rows(ctx, item_lines, {(t.rate, t.amount) for t in lines})
    if not lines:
        rate_field = None
        for hit in ctx.hits_for("tax") + ctx.hits_for("tax_rate"):
            rates = _rates(hit.line.text)
            if rates and hit.line.number not in item_lines:
                rate_field = _field("tax_rate", rates[0], hit.line, hit, text=hit.line.text)
                break
        return None, rate_field, None
    rated = [t for t in lines if t.rate is not None]
    distinct_rates = sorted({t.rate for t in rated})
    if len(distinct_rates) > 1:
        per_rate = {}
        for t in rated:
            per_rate.setdefault(t.rate, t)
        breakdown = list(per_rate.values())
        total_tax = sum((t.amount for t in breakdown), Decimal("0"))
        first = breakdown[0]
        amount = Field("tax_amount", total_tax, first.page, union_bbox([t.bbox for t in breakdown]),
                       "; ".join(t.text for t in breakdown), first.line, derived=True)
        bd = Field("tax_breakdown", breakdown, first.page, amount.bbox, amount.text, first.line)
        return amount, None, bd
    based = [t for t in rated if t.base is not None and abs(t.base * t.rate / 100 - t.amount) <= _TOLERANCE]
    if len({t.line for t in based}) >= 2 and len({(t.base, t.amount) for t in based}) >= 2:
        # one rate on several bases ("USt. 19% auf 804,35: 152,83", "USt. 19% auf 4,99: 0,95"):
        # the lines are the breakdown; the VAT total (BT-110) is only a printed line equal to
        # their sum, never the last line's amount
        whole = sum((t.amount for t in based), Decimal("0"))
        totals = [t for t in lines if t.base is None and t.amount == whole]
        first, last = based[0], based[-1]
        bd = Field("tax_breakdown", based, first.page, union_bbox([t.bbox for t in based]),
                   "; ".join(t.text for t in based), first.line)
        rate = Field("tax_rate", distinct_rates[0], last.page, last.bbox, last.text, last.line)
        amount = (Field("tax_amount", totals[-1].amount, totals[-1].page, totals[-1].bbox, totals[-1].text,
                        totals[-1].line) if totals else None)
        return amount, rate, bd
    chosen = lines[-1]
    amount = Field("tax_amount", chosen.amount, chosen.page, chosen.bbox, chosen.text, chosen.line)
    rate = None
    if distinct_rates:
        t = rated[-1]
        rate = Field("tax_rate", distinct_rates[0], t.page, t.bbox, t.text, t.line)
    # a printed taxable base ("Tax 15% on 112.90") is kept so the VAT can be checked against it
    bd = Field("tax_breakdown", [chosen], chosen.page, chosen.bbox, chosen.text, chosen.line) if (
        chosen.base is not None and chosen.rate is not None) else None
    return amount, rate, bd


def _tax_table_rows(ctx: _Context, item_lines: set[int], known: set[tuple]) -> list[TaxLine]:
    """Rows of a VAT summary table: a rate, then a base and the tax on it (base × rate ≈ tax)."""
    out = []
    for (page, row), segs in ctx.rows.items():
        if any(s.number in item_lines for s in segs):
            continue
        text = " ".join(s.text for s in segs)
        rates = _rates(text)
        if len(rates) != 1:
            continue
        after = text[_PERCENT.search(text).end():]
        found = amounts.find_amounts(after, ctx.language)
        if len(found) < 2:
            continue
        base, tax = found[0].value, found[1].value
        if abs(base * rates[0] / 100 - tax) <= Decimal("0.02") and (rates[0], tax) not in known and tax != 0:
            out.append(TaxLine(rates[0], base, tax, page, union_bbox([s.bbox for s in segs]), text, segs[0].number))
    return out


def _tax_ids(ctx: _Context) -> Field | None:
    buyer_lines = {h.line.number for h in ctx.hits_for("buyer_tax_id")}
    for h in ctx.hits_for("buyer_tax_id"):
        rest = h.line.words[h.last + 1:]
        if h.at_start and not any(c.isdigit() for w in rest for c in w.text):  # the id is in the next segment
            right = [seg for seg in ctx.rows[(h.line.page, h.line.row)] if seg.x0 >= h.line.x1 - 1]
            if right:
                buyer_lines.add(min(right, key=lambda seg: seg.x0).number)
    labelled_lines = {h.line.number for h in ctx.hits_for("tax_id")}
    for line in ctx.document.lines:
        if line.number in buyer_lines:
            continue
        text = line.text
        row = ctx.rows[(line.page, line.row)]
        labelled = line.number in labelled_lines or any(
            s.number in labelled_lines and s.x1 <= line.x0 + 1 for s in row
        )
        for m in identifiers.find_vat_ids(text, labelled=labelled):
            if not labelled and m.kind not in ("eu_vat", "gb_vat"):
                continue  # a bare national id shape ("F20220026") needs its label
            span = ValueSpan(m.text, [w for w in line.words if w.text in m.text] or line.words, line, "inline")
            return _field("seller_tax_id", m.value, span, text=m.text)
    return None


def _labelled_tax_id(ctx: _Context) -> Field | None:
    """A tax id under its label in a scheme we cannot validate (an Indian GSTIN, a US EIN):
    still printed, so still reported, as written."""
    for hit in ctx.hits_for("tax_id"):
        if "buyer_tax_id" in hit.concepts:
            continue
        for span in ctx.spans(hit):
            token = span.text.split()[0].strip(":;,") if span.text.split() else ""
            if len(token) >= 8 and sum(c.isdigit() for c in token) >= 6 and token.isalnum():
                return _field("seller_tax_id", token, span, hit, text=token)
            # a national tax number printed with separators ("Steuernummer: 201/113/40209")
            if (re.fullmatch(r"\d[\d/ .-]{6,18}\d", token) and sum(c.isdigit() for c in token) >= 8
                    and not dates.find_dates(token, ctx.language) and not _MONEY_TOKEN.fullmatch(token)):
                return _field("seller_tax_id", token, span, hit, text=token)
    return None


_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}(?: ?[A-Z0-9]{2,4}){3,8}$")


def _iban(ctx: _Context) -> Field | None:
    for line in ctx.document.lines:
        for m in identifiers.find_ibans(line.text):
            if getattr(m, "masked", False) or "*" in m.text:
                continue
            span = ValueSpan(m.text, [w for w in line.words if w.text in m.text] or line.words, line, "inline")
            return _field("iban", m.value, span, text=m.text)
    wrapped = _wrapped_iban(ctx)
    if wrapped is not None:
        return wrapped
    # under an IBAN label, an IBAN-shaped value is read as printed even when its country or
    # check digits are wrong, so that invalid-iban can say so
    for hit in ctx.hits_for("iban"):
        for span in ctx.spans(hit, below=False):
            text = span.text.strip(" :")
            if _IBAN_SHAPE.match(text.upper()) and text.upper() == text:
                return _field("iban", text.replace(" ", ""), span, hit, text=text)
    return None


_IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4})+ ?[A-Z0-9]{0,4}$")


def _wrapped_iban(ctx: _Context) -> Field | None:
    """An IBAN its table cell wrapped onto the next line ("DE67 1004 8392 7221" over "8882 72"):
    the two parts joined are taken only when the joined IBAN has the country's length and right
    check digits, which a chance join almost never has (1 in 97)."""
    for line in ctx.document.lines:
        head = _IBAN_HEAD.search(line.text.rstrip())
        if head is None:
            continue
        below = _next_in_column(ctx, line)
        if below is None or not below.text[:1].isalnum():
            continue
        joined = head.group(0) + " " + below.text.strip()
        for m in identifiers.find_ibans(joined):
            if m.start == 0 and m.end > len(head.group(0)) + 1 and m.valid and not m.masked:
                words = [w for w in line.words if w.text in head.group(0)]
                words += [w for w in below.words if w.text in m.text]
                span = ValueSpan(m.text, words or line.words, line, "below")
                return _field("iban", m.value, span, text=m.text)
    return None


def _bank_account(ctx: _Context) -> Field | None:
    for line in ctx.document.lines:
        for m in identifiers.find_rs_accounts(line.text):
            words = [w for w in line.words if m.text in w.text or w.text in m.text] or line.words
            return _field("bank_account", m.value, ValueSpan(m.text, words, line, "inline"), text=m.text)
    for hit in ctx.hits_for("bank_account"):
        for span in ctx.spans(hit, below=False):
            token = next((t for t in span.text.split() if sum(c.isdigit() for c in t) >= 5), None)
            if token and not identifiers.find_ibans(span.text):
                return _field("bank_account", token.strip(".,;"), span, hit, text=token)
    return None


def _payment_terms(ctx: _Context) -> Field | None:
    for concept in ("payment_terms", "due_date"):
        for hit in ctx.hits_for(concept):
            for span in ctx.spans(hit, below=False):
                days = terms.parse_payment_terms(span.text, ctx.language)
                if days is not None:
                    return _field("payment_terms", days, span, hit)
            days = terms.parse_payment_terms(hit.line.text, ctx.language)
            if days is not None:
                return _field("payment_terms", days, hit.line, hit)
    # terms printed under a label we do not know ("Zahlungskonditionen: 14 Tage netto"): a line
    # that speaks of paying and parses as terms
    hints = tuple(h for h in ctx.lexicon.payment_link_hints if h not in ctx.lexicon.titles)
    for line in ctx.document.lines:
        words = line.match_text.split()
        if hints and any(w.startswith(h) for w in words for h in hints):
            days = terms.parse_payment_terms(line.text, ctx.language)
            if days is not None:
                return _field("payment_terms", days, line)
    return None


def _payment_methods(ctx: _Context, fields: InvoiceFields) -> Field | None:
    """Methods named on the page; printed payee bank details (an IBAN, a national account)
    offer a bank transfer unless the page says the amount is debited (direct debit)."""
    names: list[str] = []
    where: list[Line] = []
    for line in ctx.document.lines:
        found = methods.match_payment_methods(line.match_text, ctx.lexicon.payment_methods)
        new = [n for n in found if n not in names]
        if new:
            names += new
            where.append(line)
    account = fields.get("iban") or fields.get("bank_account")
    if account is not None and "bank_transfer" not in names and "direct_debit" not in names:
        names.append("bank_transfer")
        where.append(next(l for l in ctx.document.lines if l.number == account.line))
    if not names:
        return None
    first = where[0]
    return Field("payment_methods", sorted(names), first.page, first.bbox,
                 "; ".join(line.text for line in where), first.number)


def _payment_link(ctx: _Context) -> Field | None:
    link_lines = {h.line.number for h in ctx.hits_for("payment_link")}
    hints = ctx.lexicon.payment_link_hints
    for line in ctx.document.lines:
        for m in _URL.finditer(line.text):
            url = m.group(0).rstrip(".,;")
            folded = fold(url)
            if line.number in link_lines or any(h in folded for h in hints):
                return _field("payment_link", url, line, text=url)
    return None


def _thank_you(ctx: _Context) -> Field | None:
    for phrase in ctx.lexicon.thank_you:  # longest phrases first
        # "remerci*": any form of the thanking verb (remercie, remercions, remerciements)
        pattern = (re.compile(rf"(?<!\w){re.escape(phrase[:-1])}\w*") if phrase.endswith("*")
                   else re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"))
        for line in ctx.document.lines:
            if pattern.search(line.match_text):
                return _field("thank_you", line.text.strip(), line)
    return None


def _phrase_line(ctx: _Context, name: str, phrases: tuple[str, ...], skip: set[int] = frozenset()) -> Field | None:
    """The first line that prints one of the phrases (exemption notes and the like)."""
    if not phrases:
        return None
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
    for line in ctx.document.lines:
        if line.number not in skip and pattern.search(line.match_text):
            return _field(name, line.text.strip(), line)
    return None


def _record_labels(ctx: _Context, out: InvoiceFields, item_lines: set[int]) -> None:
    """Labels as printed, per concept, for consistency checks: only labels that introduce a
    value (they open a segment and something follows), outside the items table, and only
    phrases that name one concept."""
    for hit in ctx.hits:
        if not hit.at_start or hit.line.number in item_lines or len(hit.concepts) != 1:
            continue
        row = ctx.rows[(hit.line.page, hit.line.row)]
        followed = hit.tail or hit.last + 1 < len(hit.line.words) or any(s.x0 > hit.line.x1 for s in row)
        if followed:
            out.labels.setdefault(hit.concepts[0], []).append(hit.label_text)


def _party(ctx: _Context, concept: str) -> Field | None:
    name = "seller_name" if concept == "seller" else "buyer_name"
    for hit in ctx.hits_for(concept):
        if not hit.at_start:
            continue
        for span in ctx.spans(hit):
            text = span.text.strip(" :")
            if span.where == "right" and span.words and span.words[0].x0 - hit.line.x1 > 40:
                continue  # a party heading's block is below it; far to its right is the other party
            if len(text) >= 2 and any(c.isalpha() for c in text) and not _starts_with_label(ctx, span):
                return _field(name, text, span, hit)
        # the block under the label: the next segment in the same column
        nxt = _next_in_column(ctx, hit.line)
        if nxt is not None and any(c.isalpha() for c in nxt.text):
            return _field(name, nxt.text.strip(), nxt, hit)
    return None


def _beside_seller(ctx: _Context) -> Field | None:
    """No buyer heading we know, but the seller's heading shares its row with another short
    heading ("From ... Empfänger", "Vendeur ... Facturé à"): the block under that one is the
    buyer's, and its first line the buyer's name."""
    for hit in ctx.hits_for("seller"):
        if not hit.at_start or hit.last != len(hit.line.words) - 1:
            continue
        row = ctx.rows[(hit.line.page, hit.line.row)]
        beside = [seg for seg in row if seg.x0 > hit.line.x1 + 40 and len(seg.words) <= 3
                  and not any(c.isdigit() for c in seg.text) and not ctx.hits_by_line.get(seg.number)]
        if len(beside) != 1:
            continue
        heading = beside[0]
        below = _next_in_column(ctx, heading)
        if below is not None and any(c.isalpha() for c in below.text) and not ctx.hits_by_line.get(below.number):
            return _field("buyer_name", below.text.strip(), below, text=below.text.strip())
    return None


def _starts_with_label(ctx: _Context, span: ValueSpan) -> bool:
    return any(h.first == 0 for h in ctx.hits_by_line.get(span.line.number, [])) and span.where != "inline"


def _next_in_column(ctx: _Context, line: Line) -> Line | None:
    for (page, row) in sorted(ctx.rows):
        if page != line.page or row <= line.row or row > line.row + 2:
            continue
        for seg in ctx.rows[(page, row)]:
            if abs(seg.x0 - line.x0) < 20:
                return seg
    return None


def _letterhead(ctx: _Context) -> Field | None:
    """Without a seller label, the seller is the largest text near the top of page one."""
    page_lines = [l for l in ctx.document.lines if l.page == 1]
    if not page_lines:
        return None
    height = ctx.document.pages[0].height or 842
    titles = set(ctx.lexicon.titles)
    top = [l for l in page_lines if l.top < height * 0.3 and any(c.isalpha() for c in l.text)
           and l.match_text.strip(" .:") not in titles and l.number not in ctx.hits_by_line]
    if not top:
        return None
    best = max(top, key=lambda l: (max(w.size for w in l.words), -l.top))
    return _field("seller_name", best.text.strip(), best)


_DOLLAR_NAMED = re.compile(r"\bUSD\b|US\$|U\$S|\bdollars?\b|\bd[oó]lar(es)?\b", re.I)


def _currency_of(ctx: _Context, text: str) -> str | None:
    """The code a text names; a bare "$" only in a language whose lexicon says what it means."""
    code = amounts.detect_currency(text)
    if code == "USD" and not _DOLLAR_NAMED.search(text) and ctx.lexicon.dollar_sign != "USD":
        return None
    return code


def _currency(ctx: _Context, fields: InvoiceFields) -> Field | None:
    for name in ("total", "amount_due", "subtotal"):
        f = fields.get(name)
        if f:
            code = _currency_of(ctx, f.text) or _currency_of(
                ctx, " ".join(s.text for s in ctx.rows.get((f.page, _row_of(ctx, f.line)), []))
            )
            if code:
                return Field("currency", code, f.page, f.bbox, f.text, f.line)
    counts: Counter[str] = Counter()
    first: dict[str, Line] = {}
    for line in ctx.document.lines:
        code = _currency_of(ctx, line.text)
        if code:
            counts[code] += 1
            first.setdefault(code, line)
    if counts:
        code = counts.most_common(1)[0][0]
        line = first[code]
        return Field("currency", code, line.page, line.bbox, line.text, line.number)
    return None


def _currencies(ctx: _Context, fields: InvoiceFields) -> Field | None:
    """Every currency the document's amounts are printed in (the mark beside a figure), e.g. a
    EUR invoice that also states its VAT in GBP."""
    codes: list[str] = []
    first: Line | None = None
    main = fields.get("currency")
    if main is not None:
        codes.append(main.value)
    for line in ctx.document.lines:
        if not any(c.isdigit() for c in line.text):
            continue
        for m in amounts.find_amounts(line.text, ctx.language):
            if m.currency and m.currency not in codes:
                codes.append(m.currency)
                first = first or line
    if not codes:
        return None
    where = main if main is not None else first
    return Field("currencies", sorted(codes), where.page, where.bbox, where.text,
                 where.line if main is not None else where.number)


def _place_of_issue(ctx: _Context) -> Field | None:
    """The place printed after a place-of-issue label ("Mesto izdavanja: Beograd"); a date
    printed after it ("Mesto i datum izdavanja: Beograd, 03.11.2026.") is not part of it."""
    for hit in _ranked(ctx.hits_for("place_of_issue")):
        if not hit.at_start:
            continue
        for span in ctx.spans(hit):
            text = span.text
            found = dates.find_dates(text, ctx.language, dayfirst=ctx.dayfirst)
            if found:
                text = text[:found[0].start]
            place = text.strip(" ,;:-–")
            if len(place) >= 2 and place[0].isalpha() and not _starts_with_label(ctx, span):
                return _field("place_of_issue", place, span, hit, text=place)
    return None


def _row_of(ctx: _Context, number: int | None) -> int:
    for line in ctx.document.lines:
        if line.number == number:
            return line.row
    return -1


# --- letting the arithmetic decide ---------------------------------------------------------

def _derive_amount_due(out: InvoiceFields, resolved_by: str = "") -> None:
    """The amount due computed from the total and any prepayment (BR-CO-16), marked derived."""
    t = out.get("total")
    paid = out.value("prepaid_amount") or 0
    out.set(Field("amount_due", t.value - paid, t.page, t.bbox, t.text, t.line, t.label, derived=True,
                  resolved_by=resolved_by))


def _totals_block(ctx: _Context, out: InvoiceFields, item_lines: set[int]) -> None:
    """Sums the labels did not give, found by their arithmetic: below the items, three figure rows
    where the first plus the second is the third and the second carries a rate that is the first's
    VAT ("Net 100.00 / Impuesto 21% 21.00 / Bruto 121.00") are net, VAT and total (BR-CO-15,
    BR-S-08).  Only missing fields are filled, and only from one unambiguous triple."""
    if all(n in out for n in ("subtotal", "tax_amount", "total")):
        return
    start = max(item_lines) if item_lines else 0
    rows = []
    for line in ctx.document.lines:
        if line.number <= start or line.number in item_lines:
            continue
        row_text = " ".join(seg.text for seg in ctx.rows[(line.page, line.row)])
        if ctx.rows[(line.page, line.row)][-1].number != line.number:
            continue  # one entry per printed row, at its last segment
        found = amounts.find_amounts(row_text, ctx.language)
        if not found or dates.find_dates(row_text, ctx.language, dayfirst=ctx.dayfirst):
            continue
        concepts = {c for seg in ctx.rows[(line.page, line.row)] for h in ctx.hits_by_line.get(seg.number, [])
                    for c in h.concepts}
        if concepts & {"prepaid", "amount_due", "allowance_charge"}:
            continue
        if not re.search(r"\d[.,]\d{2}(?!\d)", found[-1].text):
            continue  # a figure with cents; "Registered No. 1234567" is not a sum
        rates = _rates(row_text)
        rows.append((line, found[-1], rates[0] if len(rates) == 1 else None))
        if len(rows) > 14:
            break
    triples = []
    largest = max((m.value for _l, m, _r in rows), default=None)
    for i in range(len(rows)):
        for j in range(i + 1, min(i + 3, len(rows))):
            for k in range(j + 1, min(j + 3, len(rows))):
                (li, a, _), (lj, b, rate), (lk, c, _) = rows[i], rows[j], rows[k]
                if rate is None or b.value == 0 or a.value <= 0:
                    continue
                if abs(a.value + b.value - c.value) > _TOLERANCE or c.value != largest:
                    continue  # the grand total is the largest sum printed below the items
                if abs(a.value * rate / 100 - b.value) > Decimal("0.01") * (1 + rate):
                    continue
                triples.append(((li, a), (lj, b), (lk, c)))
    if len(triples) != 1:
        return
    for name, (line, m) in zip(("subtotal", "tax_amount", "total"), triples[0]):
        have = out.get(name)
        if have is not None and have.value != m.value:
            return  # a labelled figure says otherwise: leave the page's words to the rules
    for name, (line, m) in zip(("subtotal", "tax_amount", "total"), triples[0]):
        if name in out:
            continue
        words = [w for w in line.words if w.text in m.text or m.text in w.text] or line.words
        f = _field(name, m.value, ValueSpan(m.text, words, line, "inline"), text=m.text)
        f.resolved_by = "arithmetic"
        out.set(f)
        if name == "tax_amount" and "tax_rate" not in out and "tax_breakdown" not in out:
            rate = next(r for (ln, _m, r) in rows if ln is line)
            out.set(Field("tax_rate", rate, line.page, line.bbox, line.text, line.number, resolved_by="arithmetic"))
    due = out.get("amount_due")
    if "total" in out and ((due is not None and due.derived) or (due is None and "prepaid_amount" not in out)):
        _derive_amount_due(out, "arithmetic")


def _drop_pre_discount_subtotal(ctx: _Context, out: InvoiceFields) -> None:
    """A "Subtotal" printed before a discount, shipping or other charge row is the sum of the
    lines (BT-106), not the net total (BT-109): when it does not balance with the VAT and the
    total, it is left out rather than reported as the net."""
    sub, total = out.get("subtotal"), out.get("total")
    if sub is None or total is None or sub.resolved_by:
        return
    tax = out.value("tax_amount") or Decimal("0")
    if abs(sub.value + tax - total.value) <= _TOLERANCE:
        return
    between = [h for h in ctx.hits_for("allowance_charge") if (sub.line or 0) < h.line.number < (total.line or 0)]
    if between:
        del out.fields["subtotal"]


def _net_against_breakdown(out: InvoiceFields) -> None:
    """With a VAT breakdown of several bases at one rate, the net total is their sum (EN 16931: BT-109 =
    Σ BT-116); a "netto" figure that is not ("Versandkosten netto 4,99" beside "Positionen netto
    804,35") is one of the bases, not the net total, and is left out."""
    sub, lines = out.get("subtotal"), out.value("tax_breakdown") or []
    if (sub is None or sub.resolved_by or len(lines) < 2 or any(t.base is None for t in lines)
            or len({t.rate for t in lines}) > 1):
        return  # several rates: their breakdown is read per rate and may miss a base
    if abs(sum((t.base for t in lines), Decimal("0")) - sub.value) > _TOLERANCE:
        del out.fields["subtotal"]


def _sum_printed(ctx: _Context, out: InvoiceFields, item_lines: set[int]) -> Field | None:
    """No total label we know, but the net and the VAT are read: the figure printed after them
    that equals their sum (BR-CO-15) is the invoice total ("Due payable: 571.04 €")."""
    net, tax = out.get("subtotal"), out.get("tax_amount")
    if net is None or tax is None or net.value is None or tax.value is None:
        return None
    want = net.value + tax.value
    after = max(net.line or 0, tax.line or 0)
    for line in ctx.document.lines:
        if line.number <= after or line.number in item_lines:
            continue
        found = amounts.find_amounts(line.text, ctx.language)
        if found and abs(found[-1].value - want) <= _TOLERANCE and found[-1].value != 0:
            m = found[-1]
            words = [w for w in line.words if w.text in m.text or m.text in w.text] or line.words
            f = _field("total", m.value, ValueSpan(m.text, words, line, "inline"), text=m.text)
            f.label = line.text[: line.text.find(m.text)].strip(" :") if m.text in line.text else ""
            f.resolved_by = "arithmetic"
            return f
    return None


_SUMS = ("subtotal", "tax_amount", "total", "prepaid_amount", "amount_due")
_TOLERANCE = Decimal("0.02")


def _balanced(v: dict) -> bool | None:
    """EN 16931 BR-CO-15 (net + VAT = gross) and BR-CO-16 (gross - paid = due) on the values
    present: True when every checkable equation holds, None when none can be checked."""
    checks = []
    if v["subtotal"] is not None and v["tax_amount"] is not None and v["total"] is not None:
        checks.append(abs(v["subtotal"] + v["tax_amount"] - v["total"]) <= _TOLERANCE)
    if v["total"] is not None and v["amount_due"] is not None:
        checks.append(abs(v["total"] - (v["prepaid_amount"] or 0) - v["amount_due"]) <= _TOLERANCE)
    return all(checks) if checks else None


def _resolve_by_arithmetic(out: InvoiceFields, candidates: dict[str, list]) -> None:
    """When the preferred figures break EN 16931's sums but another choice among the figures
    printed under the same labels satisfies them all, take that choice and say so
    (``resolved_by="arithmetic"``).  When no choice balances, the figures stay as printed, so
    a real arithmetic error is still reported."""
    due_derived = "amount_due" in out and out.get("amount_due").derived
    current = {n: out.value(n) for n in _SUMS}
    if _balanced(current) is not False:
        return
    options: dict[str, list] = {}
    for name in _SUMS:
        if name == "amount_due" and due_derived:
            options[name] = [None]
            continue
        seen: dict[Decimal, tuple] = {}
        present = out.get(name)
        if present is not None:  # the figure read now is always one of the choices
            seen[present.value] = ("current", None, present.value, present.text)
        for c in reversed(candidates.get(name) or []):  # best first
            seen.setdefault(c[2], c)
        opts = list(seen.values())[:6]
        options[name] = opts or [None]
    best, best_score = None, None
    for combo in itertools.product(*(options[n] for n in _SUMS)):
        values = {n: (c[2] if c is not None else None) for n, c in zip(_SUMS, combo)}
        if due_derived and values["total"] is not None:
            values["amount_due"] = values["total"] - (values["prepaid_amount"] or 0)
        if values["total"] is not None and values["total"] == 0 and any(
                values[n] for n in ("subtotal", "tax_amount") if values[n] is not None):
            continue
        if not _balanced(values):
            continue
        score = sum(options[n].index(c) for n, c in zip(_SUMS, combo) if c is not None)
        if best_score is None or score < best_score:
            best, best_score = combo, score
    if best is None:
        # nothing balances: a net or a VAT picked among several different printed figures is a
        # guess, and a guess is worse than nothing ("Positionen netto" and "Versandkosten netto")
        for name in ("subtotal", "tax_amount"):
            if len([o for o in options[name] if o is not None]) >= 2 and name in out and not (
                    name == "tax_amount" and "tax_breakdown" in out):
                del out.fields[name]
        return
    for name, c in zip(_SUMS, best):
        if c is None or c[0] == "current" or (out.value(name) == c[2] and name in out):
            continue
        f = _amount_field(name, c)
        f.resolved_by = "arithmetic"
        out.set(f)
    if due_derived and "total" in out:
        _derive_amount_due(out, out.get("total").resolved_by)


# --- the whole invoice -------------------------------------------------------------------

def detect_fields(document: Document) -> InvoiceFields:
    lexicon = merged_lexicon(document.label_languages or (document.language,))
    ctx = _Context(document, lexicon)
    out = InvoiceFields()

    def put(f: Field | None) -> None:
        if f is not None:
            out.set(f)

    put(_invoice_number(ctx))
    put(_issue_date(ctx) or _titled_date(ctx, out.get("invoice_number"))
        or _title_headed_date(ctx))
    put(_first_date(ctx, "supply_date"))
    put(_first_date(ctx, "due_date") or _terms_date(ctx) or _due_in_sum_label(ctx))
    put(_payment_terms(ctx))

    items = find_line_items(ctx.document, ctx.hits, ctx.language)
    item_lines: set[int] = set()
    if items:
        put(Field("line_items", items.items, items.items[0].page, items.bbox, "", items.items[0].line))
        item_lines = items.line_numbers

    def outside_items(cands):
        return [c for c in cands if c[0].line.number not in item_lines]

    tax_amount, tax_rate, breakdown = _tax(ctx, item_lines)
    put(tax_amount)
    put(tax_rate)
    put(breakdown)

    subtotal = outside_items(_amount_candidates(ctx, "subtotal")) or _column_totals(ctx, "subtotal", item_lines)
    total = outside_items(_amount_candidates(ctx, "total"))
    due = outside_items(_amount_candidates(ctx, "amount_due"))
    if not total and not due:  # "Invoice amount 9,603.94": only when no sum label is printed at all
        total = [c for c in outside_items(_title_headed_totals(ctx)) if _MONEY_TOKEN.search(c[3])]
    prepaid = outside_items(_amount_candidates(ctx, "prepaid"))
    # a phrase that names both concepts ("Total due") counts for the more specific one
    total = [c for c in total if not (c[0].phrase in {d[0].phrase for d in due} and len(total) > 1)] or total
    if total:
        put(_amount_field("total", total[-1]))
        # the net total is printed before the grand total
        before = [c for c in subtotal if c[0].line.number <= total[-1][0].line.number]
        subtotal = before or subtotal
    if subtotal:
        put(_consistent_subtotal(ctx, subtotal, out) or _amount_field("subtotal", subtotal[-1]))
    if prepaid:
        put(_amount_field("prepaid_amount", prepaid[-1]))
    if due:
        put(_amount_field("amount_due", due[-1]))
    elif "total" in out:
        _derive_amount_due(out)
    if "total" not in out and "amount_due" in out and not prepaid:
        d = out.get("amount_due")
        out.set(Field("total", d.value, d.page, d.bbox, d.text, d.line, d.label, derived=True))
    if "total" not in out:
        put(_sum_printed(ctx, out, item_lines))
        if "total" in out and "amount_due" not in out and not prepaid:
            _derive_amount_due(out, "arithmetic")
    tax_cands = [c for c in outside_items(_amount_candidates(ctx, "tax")) if not _rates(c[1].text) or
                 len(amounts.find_amounts(c[1].text, ctx.language)) == 1]
    _resolve_by_arithmetic(out, {"subtotal": subtotal, "tax_amount": tax_cands, "total": total,
                                 "prepaid_amount": prepaid, "amount_due": due})
    _drop_pre_discount_subtotal(ctx, out)
    _net_against_breakdown(out)
    _totals_block(ctx, out, item_lines)


    _record_labels(ctx, out, item_lines)
    put(_phrase_line(ctx, "tax_exemption", lexicon.exemption))
    allowance = [h for h in ctx.hits_for("allowance_charge")]
    if allowance:
        h = allowance[0]
        put(_field("allowance_charge", h.label_text, h.line, h, text=h.line.text))
    put(_tax_ids(ctx) or _labelled_tax_id(ctx))
    put(_iban(ctx))
    put(_bank_account(ctx))
    put(_payment_methods(ctx, out))
    put(_payment_link(ctx))
    put(_thank_you(ctx))
    put(_party(ctx, "seller") or _letterhead(ctx))
    put(_party(ctx, "buyer") or _beside_seller(ctx))
    put(buyer_ids.buyer_tax_id(ctx.document, ctx.hits, out))
    put(_currency(ctx, out))
    put(_currencies(ctx, out))
    put(_place_of_issue(ctx))

    if "due_date" not in out and "payment_terms" in out and "issue_date" in out:
        t = out.get("payment_terms")
        due = terms.due_from_terms(out.value("issue_date"), t.value)
        out.set(Field("due_date", due, t.page, t.bbox, t.text, t.line, t.label, derived=True))
    return out

"""The VAT: amount (BT-110), rate, the per-rate breakdown (BG-23), and the seller's tax id.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal

from invoice_lint.fields import dates, identifiers
from invoice_lint.fields.finders.context import (
    MONEY_TOKEN,
    PERCENT,
    Context,
    address_block_top,
    distinctive_label_words,
    field_at,
    in_party_block,
    own_label_lines,
    phrase_pattern,
    rates_in,
    under_heading,
)
from invoice_lint.fields.finders.totals import tax_candidates
from invoice_lint.fields.geometry import TOUCHING
from invoice_lint.fields.labels import ValueSpan
from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.model import SUM_TOLERANCE, Field, Line, TaxLine, rate_rounding, union_bbox


def read_vat(ctx: Context, item_lines: set[int]) -> tuple[Field | None, Field | None, Field | None]:
    """Tax amount, tax rate (when one) and the per-rate breakdown (when several)."""
    candidates = [c for c in tax_candidates(ctx) if c[0].line.number not in item_lines]
    lines: list[TaxLine] = []
    seen: set[tuple] = set()
    for hit, span, value, _text in candidates:
        # the rates printed from the label's segment rightwards: a rate in a column left of the label
        # is another table's ("10%" of a VAT table's first row, wrapped beside Tryton's "Impuestos:")
        row_text = " ".join(s.text for s in ctx.rows[(hit.line.page, hit.line.row)] if s.x1 > hit.line.x0)
        # the label's own rate first: a row of two VAT figures side by side ("IVA R (8 %): 120,00
        # IVA A (31 %): 38.418,30", the class 'factura' sets its sums in rows) has a rate for each
        rates = rates_in(row_text)
        if len(set(rates)) > 1:
            rates = rates_in(f"{hit.line.text} {span.text}") or rates
        found = ctx.numbers.find(span.text)
        base = found[-2].value if len(found) >= 2 and rates else None
        if base is not None and found[-2].text.startswith("(") and (base * value < 0 or (
                value == 0 and _right_after_the_rate(span.text, found[-2].start))):
            base = -base  # "USt. 19 % (1.390,80 EUR) 264,25 EUR": the brackets hold the base, no minus
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
            rates = rates_in(hit.line.text)
            if rates and hit.line.number not in item_lines:
                rate_field = field_at("tax_rate", rates[0], hit.line, hit, text=hit.line.text)
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
    based = [t for t in rated if t.base is not None and abs(t.base * t.rate / 100 - t.amount) <= SUM_TOLERANCE]
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


def _right_after_the_rate(text: str, start: int) -> bool:
    """Is the amount at ``start`` printed right after the row's rate ("Btw 0 % (3,20 EUR)")?"""
    rate = PERCENT.search(text)
    return rate is not None and rate.end() <= start and not text[rate.end():start].strip()


def _slack(rate: Decimal, base: Decimal) -> Decimal:
    """How far base × rate may be from a VAT summary row's VAT: two cents of rounding, and the
    rate's own rounding when it is printed as an effective rate (``rate_rounding``)."""
    return SUM_TOLERANCE + rate_rounding(rate, base)


_PERCENT_SIGN = re.compile("%")


def _tax_table_rows(ctx: Context, item_lines: set[int], known: set[tuple]) -> list[TaxLine]:
    """Rows of a VAT summary table: a rate, then a base and the tax on it (base × rate ≈ tax), or
    the tax first and then its base ("20.00%  £48.00  £240.00  £288.00").  A row of no tax is
    taken only where it names its exemption in the lexicon's words ("Reverse charge 0% on
    500.00  0.00"): a breakdown row of an exempt category (EN 16931 BG-23 with its BT-120)."""
    out = []
    exempt = phrase_pattern(ctx.lexicon.exemption) if ctx.lexicon.exemption else None
    # the rows with a rate: those with a '%' in a segment, from one search over the joined lines
    rated = {(line.page, line.row) for line in ctx.lines_with(_PERCENT_SIGN)}
    for (page, row), segs in ctx.rows.items():
        if (page, row) not in rated or any(s.number in item_lines for s in segs):
            continue
        text = " ".join(s.text for s in segs)
        rates = rates_in(text)
        if len(rates) != 1:
            continue
        # (the spaces after the rate left out: the same figures, and a figure alone, the VAT row's
        # most often, is read as a plain figure, not scanned as a new text)
        after = text[PERCENT.search(text).end():].lstrip(" ")
        found = ctx.numbers.find(after)
        if len(found) < 2:
            continue
        base, tax = found[0].value, found[1].value
        if abs(base * rates[0] / 100 - tax) > _slack(rates[0], base):
            base, tax = tax, base
        if tax == 0 and not (rates[0] == 0 and base > 0 and exempt is not None
                             and exempt.search(" ".join(s.match_text for s in segs))):
            continue
        if abs(base * rates[0] / 100 - tax) <= _slack(rates[0], base) and (rates[0], tax) not in known:
            out.append(TaxLine(rates[0], base, tax, page, union_bbox([s.bbox for s in segs]), text, segs[0].number))
    return out


def tax_ids(ctx: Context, seller_name: str | None = None, buyer_name: str | None = None) -> Field | None:
    """The seller's VAT id: labelled, or self-evident (a valid id with its country prefix), and
    never in the client's block: under the client's heading, or closing a headingless address
    block that starts with the client's name (the client's address with its VAT id under it, as
    Tryton prints it: "Société Lumière SA / 8 boulevard Haussmann / 75009 Paris / FRANCE /
    Numéro de TVA européen : FR…")."""
    buyer_lines = {h.line.number for h in ctx.hits_for("buyer_tax_id")}
    for h in ctx.hits_for("buyer_tax_id"):
        rest = h.line.words[h.last + 1:]
        if h.at_start and not any(c.isdigit() for w in rest for c in w.text):  # the id is in the next segment
            right = [seg for seg in ctx.rows[(h.line.page, h.line.row)] if seg.x0 >= h.line.x1 - TOUCHING]
            if right:
                buyer_lines.add(min(right, key=lambda seg: seg.x0).number)
    labelled_lines = _tax_id_labelled(ctx)
    # a label we do not know whose words are the lexicon's tax-id words ("Poreski broj:" beside
    # "poreski identifikacioni broj"): its value counts only when its check digits are right
    weak_lines = own_label_lines(ctx, distinctive_label_words(ctx.lexicon, "tax_id"))
    self_evident = ctx.self_evident_id_lines
    for line in ctx.lines:
        if line.number in buyer_lines:
            continue
        labelled = line.number in labelled_lines
        weak = not labelled and line.number in weak_lines
        if not (labelled or weak) and line.number not in self_evident:
            continue  # only a self-evident id would count here, and there can be none
        national = _national_tax_id(line) if labelled else None
        found = [m for m in identifiers.find_vat_ids(line.text, labelled=labelled or weak)
                 if (labelled or m.kind in identifiers.SELF_EVIDENT_KINDS or weak and m.valid)]
        # (a weak label's id needs its check digits right, a bare national id shape ("F20220026")
        # its label)
        if national is None and not found:
            continue  # no id here: whose block the line is in does not matter (asked only now)
        if in_party_block(ctx, line, {"buyer"}):
            continue  # the client's id ("Customer / Northwind Trading Ltd / ... / Vat in: GB…")
        if another_party(ctx, line, seller_name, buyer_name):
            continue
        # a national id printed at the end of a party block's row ("Razón social: ... R.I.F.:
        # J-…", the client's box the class 'factura' draws) is that party's
        if national is not None and not any(in_party_block(ctx, seg, {"buyer"})
                                            for seg in ctx.rows[(line.page, line.row)] if seg.number != line.number):
            return national
        if found:
            m = found[0]
            span = ValueSpan(m.text, [w for w in line.words if w.text in m.text] or line.words, line, "inline")
            return field_at("seller_tax_id", m.value, span, text=m.text)
    return None


@functools.cache
def _national_schemes() -> tuple:
    """The python-stdnum modules of the national tax-id schemes every lexicon declares
    (``tax_id_schemes``), imported once."""
    from invoice_lint.foundation.lexicon import all_lexicons

    names = dict.fromkeys(m for lex in all_lexicons() for m in lex.tax_id_schemes)
    return tuple(module for module in map(identifiers.id_scheme, names) if module is not None)


def _national_tax_id(line: Line) -> Field | None:
    """A labelled id of a national scheme a lexicon declares (``tax_id_schemes``), printed with its
    own separators and whole: "RIF: J-30123456-7" is a Venezuelan RIF, not a Spanish CIF
    "J30123456" with a stray "-7"."""
    if not _national_schemes():
        return None
    for word in line.words:
        token = word.text.strip(":;,")
        if sum(map(str.isdigit, token)) < 6:
            continue
        value = _national_id(token)
        if value is not None:
            span = ValueSpan(token, [word], line, "inline")
            return field_at("seller_tax_id", value, span, text=token)
    return None


@line_memo()
def _national_id(token: str) -> str | None:
    """The compact form of ``token`` when it is a valid id of the first national scheme that takes
    it; None when none does.  Remembered: the seller's id comes again on each of its invoices."""
    for module in _national_schemes():
        if module.is_valid(token):
            return module.compact(token)
    return None


def _tax_id_labelled(ctx: Context) -> set[int]:
    """The numbers of the lines a tax-id label labels: its own line, and the segments of its row
    that start where it ends or further right."""
    labels = {h.line.number: h.line for h in ctx.hits_for("tax_id")}
    return set(labels) | {seg.number for label in labels.values()
                          for seg in ctx.rows[(label.page, label.row)] if label.x1 <= seg.x0 + 1}


def another_party(ctx: Context, line: Line, seller_name: str | None, buyer_name: str | None) -> bool:
    """Does ``line`` (an id, or the label before it) close another party's address block: a
    headingless block whose first line is the client's name, or, with no client's name read, a
    name that is not the seller's (Tryton's customer address, headed by no label)?  With no
    seller's name read either, the block is not known to be another's: it stays the seller's."""
    first = address_block_top(ctx, line)
    if first is None:
        return False
    name = _compact(first.text)
    if seller_name and _same_name(name, _compact(seller_name)):
        return False  # the seller's own letterhead, its id closing it
    if buyer_name:
        return _same_name(name, _compact(buyer_name))
    return bool(seller_name)


def _compact(text: str) -> str:
    return "".join(c for c in text if c.isalnum()).casefold()


def _same_name(a: str, b: str) -> bool:
    """One name, printed whole or shortened ("muster" in "mustergmbh")."""
    return a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a))


def labelled_tax_id(ctx: Context, seller_name: str | None = None, buyer_name: str | None = None) -> Field | None:
    """A tax id under its label in a scheme we cannot validate (an Indian GSTIN, a US EIN):
    still printed, so still reported, as written."""
    for hit in ctx.hits_for("tax_id"):
        if "buyer_tax_id" in hit.concepts or under_heading(ctx, hit, {"buyer"}):
            continue  # the client's id, under the client's heading ("DATOS DEL RECEPTOR / CUIT:")
        if another_party(ctx, hit.line, seller_name, buyer_name):
            continue
        for span in ctx.spans(hit):
            token = span.text.split()[0].strip(":;,") if span.text.split() else ""
            if len(token) >= 8 and sum(c.isdigit() for c in token) >= 6 and token.isalnum():
                return field_at("seller_tax_id", token, span, hit, text=token)
            # a national tax number printed with separators ("Steuernummer: 201/113/40209"), also
            # in groups of digits between spaces ("Steuernummer: 013 122 13335", Hessen's form)
            grouped = identifiers.DIGIT_GROUPS.match(span.text)
            if grouped:
                token = grouped.group(0)
            if (re.fullmatch(r"\d[\d/ .-]{6,18}\d", token) and sum(c.isdigit() for c in token) >= 8
                    and not dates.find_dates(token, ctx.language) and not MONEY_TOKEN.fullmatch(token)):
                return field_at("seller_tax_id", token, span, hit, text=token)
    return None

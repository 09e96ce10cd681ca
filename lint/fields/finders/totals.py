"""The document totals (BT-106..BT-115): candidates under each sum label, the choice among
them by position and by arithmetic, and the totals block read as a column.
"""
from __future__ import annotations

import itertools
import re
import weakref
from decimal import Decimal

from invoice_lint.fields import dates
from invoice_lint.fields.finders.context import (
    MONEY_TOKEN,
    Context,
    field_at,
    figure_span,
    rates_in,
    row_of,
    wrapped_last_digit,
)
from invoice_lint.fields.finders.invoice_number import title_headed_labels
from invoice_lint.fields.geometry import HEADER_OVERHANG
from invoice_lint.fields.labels import LabelHit, ValueSpan
from invoice_lint.foundation.model import SUM_TOLERANCE, Field, InvoiceFields, Line, closes
from invoice_lint.foundation.text import fold


def title_headed_totals(ctx: Context) -> list[tuple[LabelHit, ValueSpan, Decimal, str]]:
    """Figures after title-headed labels ("Invoice amount 9,603.94") as total candidates."""
    found = []
    for line, end, span in title_headed_labels(ctx):
        figures = ctx.numbers.find(span.text)
        if figures and not dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst):
            m = figures[-1]
            hit = LabelHit(("total",), fold(" ".join(w.text for w in line.words[:end + 1])), line, 0, end, "")
            found.append((hit, span, m.value, m.text))
    return found


def amount_candidates(ctx: Context, concept: str) -> list[tuple[LabelHit, ValueSpan, Decimal, str]]:
    """Figures printed under the concept's labels, in page order, except that weak ones come
    first (the preferred candidate is the last): a label that runs on into other words
    ("Gesamtbetrag der Abschläge -0,00", "Total TVA associée") is probably another label."""
    strong, weak = [], []
    exempt = set(ctx.lexicon.exemption) if concept == "tax" else ()
    for hit in ctx.hits_for(concept):
        if hit.first > 0 and hit.line.words[hit.first].text.startswith("("):
            continue  # "Extra charge (Tax: 0.00%): Surcharge €1.50": the label annotates a charge
        if hit.tail and fold(hit.line.words[hit.last].text).strip(":") in exempt:
            continue  # "Mwst-befreit": a word naming an exemption labels the exempt base, not the VAT
        row_text = " ".join(s.text for s in ctx.rows[(hit.line.page, hit.line.row)])
        # a row of labels with no figures ("TOTAL HT  TOTAL TVA  TOTAL TTC") has them below
        label_row = not ctx.numbers.find(row_text)
        if concept == "tax" and label_row and _with_or_without(ctx, hit):
            continue  # a column headed "With VAT", "Total price with tax": gross or net figures
        for span in ctx.spans(hit, below=label_row):
            found = ctx.numbers.find(span.text)
            if found and _figure_in_prose(hit, span, found[-1]):
                break  # "No VAT charged (Section 19 ...)", "if paid within 10 days": a count, no sum
            if found and span.where == "below" and _labelled_below(span, found[-1]):
                break  # "VAT" over "credit: 10.00 EUR": the figure below has a label of its own
            if found:
                m = found[-1]
                m = wrapped_last_digit(ctx, span, m) or m
                runs_on = span.where == "inline" and bool(_RUNS_ON.match(span.text)) and not hit.tail
                (weak if runs_on else strong).append((hit, span, m.value, m.text))
                break
    return weak + strong


# the VAT candidates of each document being read, by its Context: the VAT finder and the totals
# both ask for them, and nothing they are read from changes between the two steps
_TAX_CANDIDATES: weakref.WeakKeyDictionary[Context, list] = weakref.WeakKeyDictionary()


def tax_candidates(ctx: Context) -> list[tuple[LabelHit, ValueSpan, Decimal, str]]:
    """``amount_candidates(ctx, "tax")``, read once per document (a new list on each call)."""
    found = _TAX_CANDIDATES.get(ctx)
    if found is None:
        found = _TAX_CANDIDATES[ctx] = amount_candidates(ctx, "tax")
    return list(found)


def _labelled_below(span: ValueSpan, m) -> bool:
    """Does the figure printed below a label come after words and a colon of its own ("credit:
    10.00 EUR", "total discount: 1.58 EUR")?  Then it is that label's figure, whatever the
    reader knows of its words, not the one the label above heads."""
    head, colon, _rest = span.text[: m.start].partition(":")
    words = head.split()
    return bool(colon) and 0 < len(words) <= 3 and all(w.isalpha() for w in words)


def _with_or_without(ctx: Context, hit: LabelHit) -> bool:
    """A tax word after a with/without word of the lexicon ("With VAT", "Total price with tax",
    "Excl. VAT"), in a row of column headings that has a tax column of its own ("VAT rate  Tax
    Without VAT  With VAT"): the heading names the gross or the net figures, not the tax.  A
    lone "zzgl. MwSt." or "Incl. VAT" heading may well head the tax, so it is kept."""
    def qualified(h: LabelHit) -> bool:
        if h.first == 0:
            return False
        before = [fold(w.text).strip(":.") for w in h.line.words[max(0, h.first - 2):h.first]]
        return before[-1] in markers or " ".join(before) in markers

    markers = set(ctx.lexicon.with_tax) | set(ctx.lexicon.without_tax)
    if not qualified(hit):
        return False
    row = ctx.rows[(hit.line.page, hit.line.row)]
    return any(h is not hit and "tax" in h.concepts and not qualified(h)
               for seg in row for h in ctx.hits_by_line.get(seg.number, []))


_RUNS_ON = re.compile(r"^[^\W\d_]{3,}")
_PROSE_WORD = re.compile(r"[^\W\d_]{3,}")


def _figure_in_prose(hit: LabelHit, span: ValueSpan, m) -> bool:
    """A whole number without a currency mark, after other words, following a label in the middle
    of a sentence: a section, a day count, a quantity in prose, not the labelled sum."""
    if hit.at_start or span.where != "inline" or m.currency or re.search(r"\d[.,]\d{2}(?!\d)", m.text):
        return False
    return bool(_PROSE_WORD.search(span.text[:m.start]))


def column_totals(ctx: Context, concept: str, item_lines: set[int]) -> list:
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
        figures = [seg for seg in row if seg.x0 > line.x0 and ctx.numbers.find(seg.text)]
        if len(figures) < 2:
            continue
        for seg in figures:
            header = _header_above(ctx, seg, line)
            if header and concept in header.concepts:
                m = ctx.numbers.find(seg.text)[-1]
                out.append((header, ValueSpan(seg.text, seg.words, seg, "below"), m.value, m.text))
    return out


def _header_above(ctx: Context, seg: Line, start: Line) -> LabelHit | None:
    for step in range(1, 9):
        for upper in ctx.rows.get((start.page, start.row - step), []):
            for hit in ctx.hits_by_line.get(upper.number, []):
                words = upper.words[hit.first : hit.last + 1]
                x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
                slack = HEADER_OVERHANG
                if x0 - slack <= (seg.x0 + seg.x1) / 2 <= x1 + slack or x0 - slack <= seg.x1 <= x1 + slack:
                    return hit
    return None


def amount_field(name: str, candidate) -> Field:
    hit, span, value, text = candidate
    return field_at(name, value, span, hit, text=text)


def consistent_subtotal(ctx: Context, candidates, out: InvoiceFields) -> Field | None:
    """When several net amounts are printed under subtotal labels, prefer the one for which
    net + tax = total (BR-CO-15).  With one candidate, or none consistent, this says nothing,
    so a real arithmetic error is still reported as printed."""
    total, tax = out.value("total"), out.value("tax_amount")
    if total is None or tax is None:
        return None
    options = []
    for hit, span, _value, _text in candidates:
        for m in ctx.numbers.find(span.text):
            options.append((hit, span, m.value, m.text))
    if len({o[2] for o in options}) < 2:
        return None
    for option in reversed(options):
        if abs(option[2] + tax - total) <= Decimal("0.02"):
            return amount_field("subtotal", option)
    return None


def derive_amount_due(out: InvoiceFields, resolved_by: str = "") -> None:
    """The amount due computed from the total and any prepayment (BR-CO-16), marked derived; less
    a tax withheld at source when the total is the net and the VAT before it (the buyer pays
    the seller what is not withheld)."""
    t = out.get("total")
    paid = out.value("prepaid_amount") or 0
    withheld = out.withheld_after_total() or 0  # none when the page does not tell
    out.set(Field("amount_due", t.value - paid - withheld, t.page, t.bbox, t.text, t.line, t.label, derived=True,
                  resolved_by=resolved_by))


def totals_block(ctx: Context, out: InvoiceFields, item_lines: set[int]) -> None:
    """Sums the labels did not give, found by their arithmetic: below the items, three figure rows
    where the first plus the second is the third and the second carries a rate that is the first's
    VAT ("Net 100.00 / Impuesto 21% 21.00 / Bruto 121.00") are net, VAT and total (BR-CO-15,
    BR-S-08).  Only missing fields are filled, and only from one unambiguous triple."""
    if all(n in out for n in ("subtotal", "tax_amount", "total")):
        return
    start = max(item_lines) if item_lines else 0
    rows = []
    for line in ctx.lines:
        if line.number <= start or line.number in item_lines:
            continue
        row_text = " ".join(seg.text for seg in ctx.rows[(line.page, line.row)])
        if ctx.rows[(line.page, line.row)][-1].number != line.number:
            continue  # one entry per printed row, at its last segment
        found = ctx.numbers.find(row_text)
        if not found or dates.find_dates(row_text, ctx.language, dayfirst=ctx.dayfirst):
            continue
        concepts = {c for seg in ctx.rows[(line.page, line.row)] for h in ctx.hits_by_line.get(seg.number, [])
                    for c in h.concepts}
        if concepts & {"prepaid", "amount_due", "allowance_charge"}:
            continue
        if not re.search(r"\d[.,]\d{2}(?!\d)", found[-1].text):
            continue  # a figure with cents; "Registered No. 1234567" is not a sum
        rates = rates_in(row_text)
        rows.append((line, found[-1], rates[0] if len(rates) == 1 else None))
        if len(rows) > 14:
            break
    triples = []
    largest = max((m.value for _l, m, _r in rows), default=None)
    for i in range(len(rows)):
        for j in range(i + 1, min(i + 3, len(rows))):
            for k in range(j + 1, min(j + 3, len(rows))):
                (li, a, _), (lj, b, rate), (lk, c, _) = rows[i], rows[j], rows[k]
                if rate is None or a.value <= 0 or (b.value == 0) != (rate == 0):
                    continue  # a VAT of nothing only at a 0% rate ("Tax 0%  0.00")
                if abs(a.value + b.value - c.value) > SUM_TOLERANCE or c.value != largest:
                    continue  # the grand total is the largest sum printed below the items
                if abs(a.value * rate / 100 - b.value) > Decimal("0.01") * (1 + rate):
                    continue
                triples.append(((li, a), (lj, b), (lk, c)))
    if len(triples) != 1:
        if not triples:
            _base_above_vat(out, rows)
            _net_is_total_without_vat(ctx, out, rows)
        return
    for name, (_line, m) in zip(("subtotal", "tax_amount", "total"), triples[0]):
        have = out.get(name)
        if have is not None and have.value != m.value:
            return  # a labelled figure says otherwise: leave the page's words to the rules
    for name, (line, m) in zip(("subtotal", "tax_amount", "total"), triples[0]):
        if name in out:
            continue
        out.set(_by_arithmetic(name, line, m))
        if name == "tax_amount" and "tax_rate" not in out and "tax_breakdown" not in out:
            rate = next(r for (ln, _m, r) in rows if ln is line)
            out.set(Field("tax_rate", rate, line.page, line.bbox, line.text, line.number, resolved_by="arithmetic"))
    due = out.get("amount_due")
    if "total" in out and ((due is not None and due.derived) or (due is None and "prepaid_amount" not in out)):
        derive_amount_due(out, "arithmetic")


def _base_above_vat(out: InvoiceFields, rows: list) -> None:
    """No total to close a triple ("Net 9 713,28 / Taxe 20% 1 942,66" and nothing below): a figure
    row right above the one rated VAT row, whose VAT is that rate of it (BR-S-08), is the taxable
    base, which with a single rate is the net total (BT-109 = BT-116).  Only when the net is
    missing, the VAT read is that row's, and exactly one such pair is printed."""
    tax = out.get("tax_amount")
    if "subtotal" in out or tax is None or "tax_breakdown" in out:
        return
    if len({r for _l, _m, r in rows if r is not None}) != 1:
        return
    pairs = []
    for (la, a, rate_a), (_lb, b, rate) in zip(rows, rows[1:]):
        if (rate_a is None and rate and a.value > 0 and b.value == tax.value
                and abs(a.value * rate / 100 - b.value) <= Decimal("0.01") * (1 + rate)):
            pairs.append((la, a))
    if len(pairs) != 1:
        return
    out.set(_by_arithmetic("subtotal", *pairs[0]))


def _by_arithmetic(name: str, line: Line, m) -> Field:
    """The field ``name`` read from the figure ``m`` on ``line`` because the sums say it is that one."""
    f = field_at(name, m.value, figure_span(line, m.text), text=m.text)
    f.resolved_by = "arithmetic"
    return f


def _net_is_total_without_vat(ctx: Context, out: InvoiceFields, rows: list) -> None:
    """A page that prints no VAT at all (a reverse charge, an exempt or small business, or a VAT
    left out) has net = total (BR-CO-15 with no VAT): of two figure rows next to each other below
    the items, equal, where one is the labelled net or total and the other's sum is missing, the
    other is that sum ("Net 14 529,20" above "Total 14 529,20"; "Osnovica 18.467,11" above
    "Ukupna vrednost 18.467,11").  Never when a VAT amount or rate is read, or a VAT label opens a
    segment outside the items."""
    if "tax_amount" in out or "tax_rate" in out or "tax_breakdown" in out:
        return
    if any(h.at_start and h.line.number not in ctx.item_lines and _heads_figure(ctx, h) for h in ctx.hits_for("tax")):
        return  # a VAT label (a tax word inside a sentence, "... accounts for the tax", is none)
    net, total = out.get("subtotal"), out.get("total")
    if (net is None) == (total is None) or (total is not None and total.derived):
        return
    known = net or total
    at = next((i for i, (line, _m, _r) in enumerate(rows) if row_of(ctx, line.number) == row_of(ctx, known.line)), None)
    if at is None:
        return
    other = at + 1 if net is not None else at - 1
    if not 0 <= other < len(rows):
        return
    line, m, rate = rows[other]
    if rate is not None or m.value != known.value:
        return
    f = _by_arithmetic("total" if net is not None else "subtotal", line, m)
    out.set(f)
    if f.name == "total" and "amount_due" not in out and "prepaid_amount" not in out:
        derive_amount_due(out, "arithmetic")


def _heads_figure(ctx: Context, hit: LabelHit) -> bool:
    """Does the label head a figure, or may it?  Not when the words it heads, beside or below
    it, are words alone ("VAT" above "Not a VAT payer", "VAT Reverse Charge"): that VAT label
    says no VAT is charged, it does not print a VAT the reader missed."""
    first = next(ctx.spans(hit), None)  # (the column below it is not worked out)
    if first is None:
        return True
    text = first.text
    return bool(ctx.numbers.find(text)) or not any(c.isalpha() for c in text)


def allowance_or_charge(ctx: Context) -> Field | None:
    """A document-level allowance or charge (BG-20, BG-21), or an allowance column, is printed:
    the first allowance or charge label that does not run on into a word no label claims
    ("Shipping Address", "Shipping Agent Code" head something else; "Disc.% Taxes" is a row of
    column headings)."""
    for hit in ctx.hits_for("allowance_charge"):
        nxt = hit.last + 1
        if nxt < len(hit.line.words) and _RUNS_ON.match(hit.line.words[nxt].text) and not any(
                h.first <= nxt <= h.last for h in ctx.hits_by_line.get(hit.line.number, [])):
            continue
        return field_at("allowance_charge", hit.label_text, hit.line, hit, text=hit.line.text)
    return None


def _allowance_adjustments(ctx: Context, out: InvoiceFields) -> tuple[Decimal, ...]:
    """``_allowance_adjustments_of`` the subtotal and the total read so far (none without both)."""
    sub, total = out.get("subtotal"), out.get("total")
    if sub is None or total is None:
        return ()
    return _allowance_adjustments_of(ctx, sub, total)


def _allowance_adjustments_of(ctx: Context, sub: Field, total: Field) -> tuple[Decimal, ...]:
    """What the rows printed between the subtotal and the total under an allowance or charge
    label ("Descuento 58.48", one figure each) may add to the subtotal: each figure and their
    sum, taken off (an allowance) or added (a charge); the label does not say which."""
    figures = []
    for hit in _allowances_between(ctx, sub, total):
        if not hit.at_start or hit.line.number in ctx.item_lines:
            continue
        found = ctx.numbers.find(" ".join(seg.text for seg in ctx.rows[(hit.line.page, hit.line.row)]))
        if len(found) == 1 and found[0].value > 0:
            figures.append(found[0].value)
    if not figures:
        return ()
    sums = set(figures) | {sum(figures, Decimal(0))}
    return tuple(sorted({-f for f in sums} | sums))


def _allowances_between(ctx: Context, sub: Field, total: Field) -> list[LabelHit]:
    """The allowance and charge labels printed between the subtotal's row and the total's (by
    printed row, not line number: a totals block read as two columns numbers labels first)."""
    sub_at, total_at = (sub.page, row_of(ctx, sub.line)), (total.page, row_of(ctx, total.line))
    return [h for h in ctx.hits_for("allowance_charge") if sub_at < (h.line.page, h.line.row) < total_at]


def drop_partial_subtotal(ctx: Context, out: InvoiceFields) -> None:
    """A net total that does not balance with the VAT and the total (BR-CO-15) is left out rather
    than reported as the net when it is one of these:
    - a "Subtotal" printed before a discount, shipping or other charge row: the sum of the lines
      (BT-106), not the net total (BT-109);
    - one printed on an earlier page than the total: that page's carried-over sum ("Zwischensumme"
      at the foot of page 1 of 2);
    - one that is the total itself while VAT is charged: a part summed with its VAT (invoice.sty's
      project subtotal, "Zwischensumme Website 2025" = "Gesamtsumme" under "MWSt. (19%)");
    - one whose label row names a rate ("BI G (16 %)", "Netto 19%"): the taxable base of one rate
      (BT-116), one of several rates' bases or an unused rate's zero printed beside them."""
    sub, total = out.get("subtotal"), out.get("total")
    if sub is None or total is None or sub.resolved_by:
        return
    tax = out.value("tax_amount") or Decimal("0")
    if closes(sub.value + tax, total.value, SUM_TOLERANCE, out.value("rounding_amount"), out.value("withholding_amount")):
        return
    if (_allowances_between(ctx, sub, total) or sub.page < total.page or (tax > 0 and sub.value == total.value)
            or rates_in(" ".join(seg.text for seg in ctx.rows.get((sub.page, row_of(ctx, sub.line)), [])))):
        del out.fields["subtotal"]
        net_after_allowance(ctx, out, sub, total)


def net_after_allowance(ctx: Context, out: InvoiceFields, lines_sum: Field, total: Field) -> None:
    """The net total after a document-level allowance or charge (EN 16931 BR-CO-13: BT-109 = BT-106
    - BT-107 + BT-108), when the page prints it as a figure of its own: "Subtotal 1,250.00",
    "Descuento 62.50", "Total 1,377.50" and, in the VAT table above, the base "1,187.50" beside its
    VAT "190.00".  ``lines_sum`` is the subtotal just left out as the sum before the allowance row.
    The net is taken only when exactly one allowance-or-charge figure balances (net + VAT = total,
    BR-CO-15) and the page prints that net once, outside the items, on the row of a VAT figure."""
    tax = out.get("tax_amount")
    if tax is None or tax.value is None:
        return
    nets = {lines_sum.value + change for change in _allowance_adjustments_of(ctx, lines_sum, total)
            if change and closes(lines_sum.value + change + tax.value, total.value, SUM_TOLERANCE,
                                 out.value("rounding_amount"), out.value("withholding_amount"))}
    if len(nets) != 1:
        return
    net = nets.pop()
    found = []
    for (page, row), segs in ctx.rows.items():
        if any(seg.number in ctx.item_lines for seg in segs):
            continue
        figures = ctx.numbers.find(" ".join(seg.text for seg in segs))
        values = [m.value for m in figures]
        if net in values and tax.value in values:
            found.append((page, row, segs, figures[values.index(net)]))
    if len(found) != 1:
        return
    _page, _row, segs, m = found[0]
    out.set(_by_arithmetic("subtotal", next((seg for seg in segs if m.text in seg.text), segs[0]), m))


def net_against_breakdown(out: InvoiceFields) -> None:
    """With a VAT breakdown of several bases at one rate, the net total is their sum (EN 16931: BT-109 =
    Σ BT-116); a "netto" figure that is not ("Versandkosten netto 4,99" beside "Positionen netto
    804,35") is one of the bases, not the net total, and is left out."""
    sub, lines = out.get("subtotal"), out.value("tax_breakdown") or []
    if (sub is None or sub.resolved_by or len(lines) < 2 or any(t.base is None for t in lines)
            or len({t.rate for t in lines}) > 1):
        return  # several rates: their breakdown is read per rate and may miss a base
    if abs(sum((t.base for t in lines), Decimal("0")) - sub.value) > SUM_TOLERANCE:
        del out.fields["subtotal"]


def net_of_one_rate(out: InvoiceFields) -> None:
    """No net total labelled, but a VAT breakdown of one rate that prints its taxable base
    ("20.00%  £48.00  £240.00" under "VAT rate  Tax  Without VAT"): with a single rate the base is
    the net total (BT-109 = BT-116), when base + VAT is the total (BR-CO-15)."""
    lines, tax, total = out.value("tax_breakdown") or [], out.get("tax_amount"), out.get("total")
    if "subtotal" in out or tax is None or total is None or len(lines) != 1:
        return
    line = lines[0]
    # (a grand total may be printed already rounded)
    if line.base is None or line.amount != tax.value or not closes(
            line.base + tax.value, total.value, SUM_TOLERANCE, out.value("rounding_amount"),
            out.value("withholding_amount")):
        return
    out.set(Field("subtotal", line.base, line.page, line.bbox, line.text, line.line, resolved_by="arithmetic"))


def net_above_tax(ctx: Context, out: InvoiceFields) -> None:
    """No net total labelled, but the VAT and the total are read under their labels: the one
    figure printed alone on its row below the items and above the VAT's row that is the total
    less the VAT (BR-CO-15, to the cent or two a total of per-rate rounded VAT may differ by) is
    the net total ("Base / 281025.00 EUR" above "VAT / 64635.75 EUR" and "Total due / 345660.75
    EUR").  Not with a VAT of nothing (the net is then the total,
    which any copy of the total would match), nor when two rows print that figure."""
    tax, total = out.get("tax_amount"), out.get("total")
    if "subtotal" in out or tax is None or total is None or tax.derived or total.derived or not tax.value:
        return
    if tax.resolved_by or total.resolved_by or "tax_breakdown" in out:
        return
    want = total.value - tax.value
    start = max(ctx.item_lines) if ctx.item_lines else 0
    tax_at = (tax.page, row_of(ctx, tax.line))
    found = []
    for line in ctx.lines:
        if line.number <= start or line.number in ctx.item_lines or (line.page, line.row) >= tax_at:
            continue
        segs = ctx.rows[(line.page, line.row)]
        figures = ctx.numbers.find(" ".join(seg.text for seg in segs))
        if len(figures) == 1 and abs(figures[0].value - want) <= SUM_TOLERANCE and segs[-1].number == line.number:
            found.append((line, figures[0]))
    if len(found) != 1:
        return
    out.set(_by_arithmetic("subtotal", *found[0]))


def sum_printed(ctx: Context, out: InvoiceFields, item_lines: set[int]) -> Field | None:
    """No total label we know, but the net and the VAT are read: the figure printed after them
    that equals their sum (BR-CO-15) is the invoice total ("Due payable: 571.04 €")."""
    found = printed_sum(ctx, out, item_lines)
    if found is None:
        return None
    _hit, span, value, text = found
    f = field_at("total", value, span, text=text)
    line = span.line
    f.label = line.text[: line.text.find(text)].strip(" :") if text in line.text else ""
    f.resolved_by = "arithmetic"
    return f


def printed_sum(ctx: Context, out: InvoiceFields, item_lines: set[int]):
    """(None, span, value, text) of the first figure printed after the net and the VAT that
    equals their sum, as a total candidate without a label; None when there is none."""
    net, tax = out.get("subtotal"), out.get("tax_amount")
    if net is None or tax is None or net.value is None or tax.value is None:
        return None
    want = net.value + tax.value
    after = max(net.line or 0, tax.line or 0)
    for line in ctx.lines:
        if line.number <= after or line.number in item_lines:
            continue
        found = ctx.numbers.find(line.text)
        if found and abs(found[-1].value - want) <= SUM_TOLERANCE and found[-1].value != 0:
            m = found[-1]
            return None, figure_span(line, m.text), m.value, m.text
    return None


_SUMS = ("subtotal", "tax_amount", "total", "prepaid_amount", "amount_due")


def _balanced(v: dict, adjustments: tuple[Decimal, ...] = ()) -> bool | None:
    """EN 16931 BR-CO-15 (net + VAT = gross) and BR-CO-16 (gross - paid + rounding = due) on the
    values present: True when every checkable equation holds, None when none can be checked.  A
    printed rounding amount (BT-114) closes one of the two: the amount due, as EN 16931 has it,
    or a grand total printed already rounded ("Rounding 0.16" above "Total with tax 8,020.00").
    ``adjustments``: what a document-level allowance or charge printed between the subtotal and
    the total may add to the subtotal (BT-109 = BT-106 - BT-107 + BT-108), besides nothing."""
    rounding = v.get("rounding_amount") or 0
    withheld = v.get("withholding_amount") or 0
    net, tax, total, due = v["subtotal"], v["tax_amount"], v["total"], v["amount_due"]
    gross_known = None not in (net, tax, total)
    due_known = None not in (total, due)
    if not gross_known and not due_known:
        return None

    def gross(change: Decimal) -> bool:
        return any(abs(net + a + tax + change - total) <= SUM_TOLERANCE for a in (Decimal(0), *adjustments))

    def owed(change: Decimal) -> bool:
        return abs(total - (v["prepaid_amount"] or 0) + change - due) <= SUM_TOLERANCE

    # the rounding is added once, and a tax withheld at source taken off once: to the grand total
    # (printed already rounded, or net of the withholding) or to the amount due, not to both
    places = ((0, 0), (1, 0), (0, 1))
    for r_gross, r_due in places if rounding else places[:1]:
        for w_gross, w_due in places if withheld else places[:1]:
            to_gross = rounding * r_gross - withheld * w_gross
            to_due = rounding * r_due - withheld * w_due
            if (not gross_known or gross(to_gross)) and (not due_known or owed(to_due)):
                return True
    return False


def resolve_by_arithmetic(out: InvoiceFields, candidates: dict[str, list],
                          adjustments: tuple[Decimal, ...] = ()) -> None:
    """When the preferred figures break EN 16931's sums but another choice among the figures
    printed under the same labels satisfies them all, take that choice and say so
    (``resolved_by="arithmetic"``).  When no choice balances, the figures stay as printed, so
    a real arithmetic error is still reported.  ``adjustments``: see ``_balanced``."""
    due_derived = "amount_due" in out and out.get("amount_due").derived
    current = {n: out.value(n) for n in _SUMS}
    current["rounding_amount"] = out.value("rounding_amount")
    current["withholding_amount"] = out.value("withholding_amount")
    if _balanced(current, adjustments) is not False:
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
        values["rounding_amount"] = current["rounding_amount"]
        values["withholding_amount"] = current["withholding_amount"]
        if due_derived and values["total"] is not None:
            values["amount_due"] = values["total"] - (values["prepaid_amount"] or 0)
        if values["total"] is not None and values["total"] == 0 and any(
                values[n] for n in ("subtotal", "tax_amount") if values[n] is not None):
            continue
        if not _balanced(values, adjustments):
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
        f = amount_field(name, c)
        f.resolved_by = "arithmetic"
        out.set(f)
    if due_derived and "total" in out:
        derive_amount_due(out, out.get("total").resolved_by)


def paid_and_due(ctx: Context, out: InvoiceFields) -> None:
    """EN 16931 BR-CO-16 on rows whose labels we do not know: right below a labelled total, a row
    with one figure A and the next with one figure B where total - A = B say what was paid and
    what is due ("Pagado 500,00" / "Queda por pagar 279.294,96").  Only when the page gave no
    prepaid amount (an amount due it labelled must be B), and never from rows with rates, dates
    or other sums' labels."""
    total, due = out.get("total"), out.get("amount_due")
    if total is None or total.derived or "prepaid_amount" in out:
        return
    rows = _paid_then_due(ctx, total.page, row_of(ctx, total.line), total.value)
    if rows is None:
        return
    (paid_line, paid), (due_line, rest) = rows
    printed_due = due is not None and not due.derived
    if printed_due and due.value != rest.value:
        return
    for name, line, m in (("prepaid_amount", paid_line, paid), ("amount_due", due_line, rest)):
        if name == "amount_due" and printed_due:
            continue
        out.set(_by_arithmetic(name, line, m))


def _paid_then_due(ctx: Context, page: int, row: int, total: Decimal):
    """((paid line, A), (due line, B)) of the two rows right below the total's row when each
    prints one figure, no rate, date or other sum's label, and total - A = B; else None."""
    rows = []
    for offset in (1, 2):
        segs = ctx.rows.get((page, row + offset))
        if not segs:
            return None
        text = " ".join(s.text for s in segs)
        found = ctx.numbers.find(text)
        # a label that may name the amount due counts as one ("Total a pagar": total or due)
        concepts = {c for s in segs for h in ctx.hits_by_line.get(s.number, [])
                    if not {"prepaid", "amount_due"} & set(h.concepts) for c in h.concepts}
        if (len(found) != 1 or rates_in(text) or concepts
                or dates.find_dates(text, ctx.language, dayfirst=ctx.dayfirst)):
            return None
        rows.append((segs[-1], found[0]))
    (_paid_line, paid), (_due_line, rest) = rows
    if paid.value <= 0 or rest.value == total or abs(total - paid.value - rest.value) > SUM_TOLERANCE:
        return None
    return rows


def _block_rows_below(ctx: Context, hit: LabelHit) -> list:
    """The figures of the rows a heading opens as a block ("- Retenciones | ISR | 189.34" over
    "IVA | 201.96": the taxes withheld, each named in a column of its own): each row below whose
    first cell starts where the name beside the heading starts, and that prints one figure and a
    name, until the first row that does not."""
    row = ctx.rows[(hit.line.page, hit.line.row)]
    after = [seg for seg in row if seg.x0 > hit.line.x0]
    if not after or ctx.numbers.find(after[0].text) or any(c.isdigit() for c in after[0].text):
        return []  # no name beside the heading: a row of its own ("Retención IRPF 15%  -150,00")
    column = after[0].x0
    found = []
    for step in range(1, 8):
        segs = ctx.rows.get((hit.line.page, hit.line.row + step))
        if not segs or abs(segs[0].x0 - column) > HEADER_OVERHANG or any(c.isdigit() for c in segs[0].text):
            break
        figures = ctx.numbers.find(" ".join(seg.text for seg in segs[1:]))
        if len(figures) != 1:
            break
        found.append(figures[0])
    return found


def find_totals(ctx: Context, out: InvoiceFields) -> None:
    """The sums: each from its labels outside the items table, the grand total before the net
    total that precedes it, the amount due from the total when not printed (BR-CO-16), the total
    from a printed sum line, then the choice among competing figures by arithmetic, and last
    the totals block read as a column."""
    def outside_items(cands):
        return [c for c in cands if c[0].line.number not in ctx.item_lines]

    def put(f: Field | None) -> None:
        if f is not None:
            out.set(f)

    subtotal = outside_items(amount_candidates(ctx, "subtotal")) or column_totals(ctx, "subtotal", ctx.item_lines)
    total = outside_items(amount_candidates(ctx, "total"))
    due = outside_items(amount_candidates(ctx, "amount_due"))
    if not total and not due:  # "Invoice amount 9,603.94": only when no sum label is printed at all
        total = [c for c in outside_items(title_headed_totals(ctx)) if MONEY_TOKEN.search(c[3])]
    prepaid = outside_items(amount_candidates(ctx, "prepaid"))
    # a rounding row may close the items table ("Rounding  €0.40" under the last item): only its
    # label opening the row is asked for
    rounding = [c for c in amount_candidates(ctx, "rounding") if c[0].at_start]
    if rounding:
        put(amount_field("rounding_amount", rounding[-1]))
    # a tax withheld at source ("Retención IRPF 15%  -150,00 €") is stated as what was withheld
    withheld = [c for c in outside_items(amount_candidates(ctx, "withholding")) if c[2]]
    if withheld:
        hit, span, value, text = withheld[-1]
        more = _block_rows_below(ctx, hit)
        put(amount_field("withholding_amount", (hit, span, abs(value) + sum((abs(m.value) for m in more), Decimal(0)),
                                                " + ".join([text, *(m.text for m in more)]))))
    if not (total and total[-1][2] < 0):
        # a payment printed as a deduction ("Bereits gezahlt (Abschlag): -119,00") is the amount
        # paid, which EN 16931 states as a positive BT-113 (only a credit note's sums are negative)
        prepaid = [(hit, span, abs(value), text) for hit, span, value, text in prepaid]
    # a phrase that names both concepts ("Total due") counts for the more specific one
    total = [c for c in total if not (c[0].phrase in {d[0].phrase for d in due} and len(total) > 1)] or total
    if total:
        put(amount_field("total", total[-1]))
        # the net total is printed before the grand total
        before = [c for c in subtotal if c[0].line.number <= total[-1][0].line.number]
        subtotal = before or subtotal
    if subtotal:
        put(consistent_subtotal(ctx, subtotal, out) or amount_field("subtotal", subtotal[-1]))
    if prepaid:
        put(amount_field("prepaid_amount", prepaid[-1]))
    if due:
        put(amount_field("amount_due", due[-1]))
    elif "total" in out:
        derive_amount_due(out)
    if "total" not in out and "amount_due" in out and not prepaid:
        # the net and the VAT may add up to a sum printed under a label we do not know ("Importe
        # bruto"): that is the total, and the amount due then follows a prepayment (BR-CO-15/16)
        printed = sum_printed(ctx, out, ctx.item_lines)
        if printed is not None and printed.value != out.value("amount_due"):
            out.set(printed)
        else:
            d = out.get("amount_due")
            out.set(Field("total", d.value, d.page, d.bbox, d.text, d.line, d.label, derived=True))
    if "total" not in out:
        put(sum_printed(ctx, out, ctx.item_lines))
        if "total" in out and "amount_due" not in out:
            derive_amount_due(out, "arithmetic")  # less what was paid, when a prepayment is printed
    tax_cands = [c for c in outside_items(tax_candidates(ctx)) if not rates_in(c[1].text) or
                 len(ctx.numbers.find(c[1].text)) == 1]
    other = None
    if total and total[-1][0].phrase in {d[0].phrase for d in due}:
        # the total was read under a label that may also name the amount due ("Total a pagar"):
        # the sum of the net and the VAT printed after them is another choice for it, which
        # the arithmetic takes when it balances with the prepayment and the amount due
        other = printed_sum(ctx, out, ctx.item_lines)
        if other is not None and other[2] != out.value("total"):
            total = [other] + total
    resolve_by_arithmetic(out, {"subtotal": subtotal, "tax_amount": tax_cands, "total": total,
                                "prepaid_amount": prepaid, "amount_due": due}, _allowance_adjustments(ctx, out))
    printed_due = out.get("amount_due")
    if (other is not None and out.value("total") != other[2] and "prepaid_amount" not in out
            and printed_due is not None and not printed_due.derived):
        # no prepayment read to balance that other total: the rows right below it may print one
        # whose label we do not know ("Ya pagado 500,00" above "Total a pagar 279.294,96")
        rows = _paid_then_due(ctx, other[1].line.page, other[1].line.row, other[2])
        if rows is not None and rows[1][1].value == printed_due.value:
            f = amount_field("total", other)
            f.resolved_by = "arithmetic"
            out.set(f)
    drop_partial_subtotal(ctx, out)
    net_against_breakdown(out)
    totals_block(ctx, out, ctx.item_lines)
    net_of_one_rate(out)
    net_above_tax(ctx, out)
    paid_and_due(ctx, out)

"""Line items: find the items table by its header labels, then read each row by column.

The header is the first row that carries a description label and at least one of the
quantity, unit-price or amount labels.  Each later row is split by the header's column
positions; a row with an amount starts an item, a row with only text continues the
description of the item above.  The table ends at a totals label or after a long gap; on the
next page it continues under a repeated header.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from invoice_lint.extract.layout import words_text
from invoice_lint.fields.amounts import NumberStyle
from invoice_lint.fields.finders.context import rates_in
from invoice_lint.fields.geometry import CONTINUATION_GAP, TABLE_END_GAP
from invoice_lint.fields.labels import LabelHit
from invoice_lint.foundation.model import BBox, Document, Line, LineItem, Word, union_bbox

_COLUMN_CONCEPTS = ("description", "quantity", "unit_price", "line_amount")
_END_CONCEPTS = {"subtotal", "total", "amount_due", "tax", "prepaid"}
_CENTS = Decimal("0.02")  # quantity × price and a sum of lines may differ by rounding up to this
_NOT_ITEM = {"subtotal", "total", "amount_due", "prepaid", "allowance_charge"}
_VAT_HEADINGS = {"tax", "tax_rate", "tax_base"}
_FIGURE_HEADINGS = frozenset({"quantity", "unit_price", "line_amount"})
_ADJUSTING_HEADINGS = frozenset({"tax", "allowance_charge", "tax_rate"})  # a column that adjusts the amounts
_TAX_HEADINGS = frozenset({"tax", "tax_rate"})
_SUM_HEADINGS = frozenset({"total", "subtotal", "line_total"})  # a sum word heading the line amounts
_NO_CONCEPTS: frozenset[str] = frozenset()


@dataclass
class ItemsTable:
    items: list[LineItem]
    line_numbers: set[int] = field(default_factory=set)
    boxes: list[BBox] = field(default_factory=list)

    @property
    def bbox(self) -> BBox | None:
        return union_bbox(self.boxes) if self.boxes else None


@dataclass
class _Column:
    concept: str
    x0: float
    x1: float


class _Columns(list):
    """An items header's columns (``_Column``), left to right, and where each one's cells lie
    (``bounds``): worked out once per header, not again for every row read under it."""

    @functools.cached_property
    def bounds(self) -> list[tuple[float, float, _Column]]:
        """(left, right, column) of each column: from halfway to the column before it to halfway
        to the one after it (the first and the last reach as far as the row does)."""
        out = []
        for i, col in enumerate(self):
            left = (self[i - 1].x1 + col.x0) / 2 if i else float("-inf")
            right = (col.x1 + self[i + 1].x0) / 2 if i + 1 < len(self) else float("inf")
            out.append((left, right, col))
        return out


def _header(row: list[Line], hits_by_line: dict[int, list[LabelHit]]) -> _Columns | None:
    columns: list[_Column] = []
    others: list[_Column] = []
    for seg in row:
        found = False
        seg_hits = hits_by_line.get(seg.number, [])
        adjusting = [h for h in seg_hits if not _ADJUSTING_HEADINGS.isdisjoint(h.concepts)]
        if adjusting:
            # cells printed without a wide gap read as one segment ("VAT %  Line Amount Excl. VAT"):
            # a column heading after the tax heading owns the segment's right part
            after = [(h, c) for h in seg_hits if h.first > adjusting[0].last
                     for c in _COLUMN_CONCEPTS if c in h.concepts and _TAX_HEADINGS.isdisjoint(h.concepts)]
            if after and not any(c.concept == after[0][1] for c in columns):
                hit, concept = after[0]
                others.append(_Column("adjusting", seg.x0, seg.words[hit.first - 1].x1))
                columns.append(_Column(concept, seg.words[hit.first].x0, seg.x1))
            else:
                others.append(_Column("adjusting", seg.x0, seg.x1))
            continue
        for hit in seg_hits:
            concept = next((c for c in _COLUMN_CONCEPTS if c in hit.concepts), None)
            if concept and not any(c.concept == concept for c in columns):
                words = seg.words[hit.first : hit.last + 1]
                columns.append(_Column(concept, min(w.x0 for w in words), max(w.x1 for w in words)))
                found = True
        if not found:
            # a header cell we have no concept for ("Disc.%", "Taxes") still owns its column
            others.append(_Column("other", seg.x0, seg.x1))
    kinds = {c.concept for c in columns}
    if kinds & {"quantity", "unit_price"} and "line_amount" not in kinds:
        # a sum word heading the rightmost column of a row that has quantity or price headers
        # ("Menge ... Preis  Gesamtbetrag") heads the line amounts
        for seg in sorted(row, key=lambda s: -s.x0)[:1]:
            if any(not _SUM_HEADINGS.isdisjoint(h.concepts) for h in hits_by_line.get(seg.number, [])):
                cell = next((c for c in others if c.x0 == seg.x0), None)
                if cell is not None:
                    others.remove(cell)
                    columns.append(_Column("line_amount", cell.x0, cell.x1))
                    kinds.add("line_amount")
    if "description" not in kinds and len(kinds & _FIGURE_HEADINGS) >= 2:
        # a description header we have no word for ("Produkt", "Leistung / Artikel"): the text
        # column left of every figure column with the most room before the next column
        first_figure = min(c.x0 for c in columns)
        cells = sorted(columns + others, key=lambda c: c.x0)
        left = [c for c in cells if c.concept == "other" and c.x1 < first_figure]
        if not left:  # quantity first ("Menge  Produkt  Preis  Betrag"): a text column between
            last = max(c.x0 for c in columns)
            left = [c for c in cells if c.concept == "other" and c.x0 < last]
        if left:
            def room(c: _Column) -> float:
                later = [d.x0 for d in cells if d.x0 > c.x0]
                return (min(later) if later else c.x1) - c.x0
            widest = max(left, key=room)
            widest.concept = "description"
            others.remove(widest)
            columns.append(widest)
            kinds.add("description")
    if "description" in kinds and not _FIGURE_HEADINGS.isdisjoint(kinds) and len(kinds) >= 2:
        return _Columns(sorted(columns + others, key=lambda c: c.x0))
    return None


def _figure_rows(hits: list[LabelHit]) -> set[tuple[int, int]]:
    """The (page, row) of the rows that may head the items table: those with a label of a
    quantity, price or amount column.  Every header ``_header`` finds names one (a description
    column alone heads none, and a sum word heads amounts only beside them), so the other rows are
    not asked (tests/test_finder_indexes.py checks that they would not head one).

    Nor is a row with no description label and only one kind of figure column (an item's row
    whose description holds a quantity word, "Consulting hours | 12 | 1,298.46"): ``_header``
    names a description column it has no label for only beside two kinds of figure columns,
    and every column it names is a concept of the row's labels, the line amounts a sum word's
    beside a quantity or price column (tests/test_finder_reuse.py checks that they head none)."""
    concepts: dict[tuple[int, int], set[str]] = {}
    for hit in hits:
        key = (hit.line.page, hit.line.row)
        listed = concepts.get(key)
        if listed is None:
            concepts[key] = set(hit.concepts)
        else:
            listed.update(hit.concepts)
    return {key for key, named in concepts.items() if not _FIGURE_HEADINGS.isdisjoint(named)
            and ("description" in named or len(_figure_kinds(named)) >= 2)}


def _figure_kinds(named: set[str]) -> set[str]:
    """The kinds of figure column a row whose labels name ``named`` may head: those, and the line
    amounts under a sum word beside a quantity or price column."""
    kinds = named & _FIGURE_HEADINGS
    if not kinds.isdisjoint({"quantity", "unit_price"}) and not _SUM_HEADINGS.isdisjoint(named):
        kinds.add("line_amount")
    return kinds


def _number(text: str, numbers: NumberStyle) -> Decimal | None:
    found = numbers.find(text)
    if found:
        return found[-1].value
    cleaned = text.strip().replace(",", ".")
    try:
        return Decimal(cleaned) if cleaned and cleaned.replace(".", "", 1).isdigit() else None
    except InvalidOperation:
        return None


def find_line_items(document: Document, hits: list[LabelHit], hits_by_line: dict[int, list[LabelHit]],
                    numbers: NumberStyle) -> ItemsTable | None:
    """The items table: ``hits`` the document's label hits, ``hits_by_line`` the same by line
    number (``Context.hits_by_line``)."""
    figure_rows = _figure_rows(hits)
    rows = document.rows
    keys = sorted(rows)
    table = ItemsTable(items=[])
    columns: _Columns | None = None
    last_bottom = 0.0
    # the description lines read one after another since the last row of another kind (an item's,
    # the header), as (text, top, bottom), and the bottom of that row: an item whose description
    # is centred on its row prints some of it above the row (``_centred_above``)
    between: list[tuple[str, float, float]] = []
    between_after = row_above = 0.0
    row_page = header_page = 0
    for page, row in keys:
        segs = rows[(page, row)]
        header = _header(segs, hits_by_line) if (page, row) in figure_rows else None
        if header:  # a header row (again on a later page) starts or restarts the columns
            columns = header
            last_bottom = max(s.bottom for s in segs)
            table.line_numbers.update(s.number for s in segs)
            between, row_above, row_page, header_page = [], last_bottom, page, page
            continue
        if columns is None:
            continue
        pending, between = (between if row_page == page else []), []  # kept while description lines follow
        after = between_after if pending else row_above
        row_above, row_page = max(s.bottom for s in segs), page
        top = min(s.top for s in segs)
        if table.items and (top - last_bottom > TABLE_END_GAP) and page == table.items[-1].page:
            columns = None
            continue
        if any(s.number in hits_by_line for s in segs):
            first_concepts = {c for h in hits_by_line.get(segs[0].number, []) if h.first == 0 for c in h.concepts}
            row_concepts = {c for s in segs for h in hits_by_line.get(s.number, []) if h.first == 0 for c in h.concepts}
        else:  # (most rows of a table: no label at all)
            first_concepts = row_concepts = _NO_CONCEPTS
        if (table.items and first_concepts & _VAT_HEADINGS and len(segs) >= 2
                and all(hits_by_line.get(s.number) for s in segs)
                and not numbers.find(" ".join(s.text for s in segs))):
            # a row of VAT column headings after the items ("VAT rate Tax | Without VAT | With
            # VAT") heads the VAT breakdown: the items have ended
            columns = None
            continue
        if first_concepts & _END_CONCEPTS or (row_concepts & _END_CONCEPTS and not _has_item_shape(segs, columns, numbers)):
            # a label-only row is the header's second line ("MwSt."); a section subtotal is
            # not an item but more items may follow; any other totals row ends the table
            figures = numbers.find(" ".join(s.text for s in segs))
            if not figures and table.items and "prepaid" in first_concepts:
                columns = None  # the heading of settled prepayments after the items ("Verrechnete Abschläge")
            elif not figures and table.items and page > max(table.items[-1].page, header_page):
                # a sum's heading alone on a later page that has no item yet and repeats no
                # header ("VAT", "Total" above their figures): the items ended on the page before
                columns = None
            elif not figures:
                table.line_numbers.update(s.number for s in segs)
            elif not (first_concepts | row_concepts) <= {"subtotal", "line_amount", "total"} or not _more_items_follow(
                    keys, rows, (page, row), columns, numbers):
                columns = None
            continue
        cells = _cells(segs, columns)
        amount = _number(cells.get("line_amount", ""), numbers) if cells.get("line_amount") else None
        qty = _number(cells.get("quantity", ""), numbers) if cells.get("quantity") else None
        price = _number(cells.get("unit_price", ""), numbers) if cells.get("unit_price") else None
        desc = cells.get("description", "").strip()
        if amount is None and price is not None and qty is None and "line_amount" not in {c.concept for c in columns}:
            amount = price
        if qty is not None and (price is None) != (amount is None) and cells.get("other"):
            # a figure under a header we have no word for takes the place the arithmetic gives
            # it: quantity × it = amount makes it the unit price, quantity × price = it the amount
            for m in numbers.find(cells["other"]):
                if price is None and abs(qty * m.value - amount) <= _CENTS:
                    price = m.value
                    break
                if amount is None and abs(qty * price - m.value) <= _CENTS:
                    amount = m.value
                    break
        discounted = False
        if qty is not None and price is not None and amount is not None and abs(qty * price - amount) > _CENTS:
            price, amount = _by_arithmetic(segs, qty, numbers) or (price, amount)
            discounted = _discount_on_row(segs, qty * price, qty * price - amount, numbers)
        if qty is not None and price is not None and amount is not None and not discounted:
            net = _after_line_discount(segs, amount, numbers)
            if net is not None:  # "10 | 88,20 | 882,00 | 12 % | 776,16": the amount is after the discount
                amount, discounted = net, True
        box = union_bbox([s.bbox for s in segs])
        number = min(s.number for s in segs)
        if (amount is not None and qty is None and price is None and len(table.items) >= 1
                and all(i.quantity is not None and i.amount is not None for i in table.items)
                and abs(sum(i.amount for i in table.items) - amount) <= _CENTS):
            # a figure alone under the amounts that equals their sum (BR-CO-10) is the line
            # total, whatever its label says: the table has ended
            columns = None
            continue
        if (amount is not None and qty is None and price is None and table.items
                and all(i.quantity is not None for i in table.items) and _label_only(segs[0], hits_by_line)):
            # a figure alone beside a row whose text is nothing but a label ("Net", "Amount": a
            # column word used as a sum's label) is a sum below the items, even when it does not
            # equal their sum (a printed arithmetic error): the table has ended
            columns = None
            continue
        if table.items and page > max(table.items[-1].page, header_page) and not desc and qty is None and price is None:
            continue  # a figure alone on a later page with no item yet: a sum below the items, no item
        if amount is not None or (price is not None and qty is not None):
            above = _centred_above(pending, after, top)
            if above and table.items and table.items[-1].page == page:
                item = table.items[-1]
                item.description = item.description.rsplit("\n", len(above))[0] if len(above) < len(
                    item.description.split("\n")) else ""
            if above:
                desc = "\n".join([*above, desc]).strip()
            adjusted = discounted or any(c.concept == "adjusting" for c in columns)
            table.items.append(LineItem(desc, qty, price, amount, page, box, " ".join(s.text for s in segs), number,
                                        adjusted))
            table.line_numbers.update(s.number for s in segs)
            table.boxes.append(box)
            last_bottom = max(s.bottom for s in segs)
            continue
        else:
            # inside the table but not an item: a header's second line or a description's.
            # Figures on it ("- 2,00 €", "= 18,00 €", "(3 kg)") adjust the item above: its
            # price has an allowance or a base quantity, so qty × price need not be its amount
            if table.items and table.items[-1].page == page and top - last_bottom < CONTINUATION_GAP and any(
                    ch.isdigit() for s in segs for ch in s.text):
                table.items[-1].adjusted = True
            description_line = desc and top - last_bottom < CONTINUATION_GAP and not (
                cells.get("quantity") or cells.get("unit_price") or _own_position(segs, columns)
                or _runs_across(segs, columns))
            if description_line and table.items and table.items[-1].page == page:
                item = table.items[-1]
                item.description = (item.description + "\n" + desc).strip()
                last_bottom = max(s.bottom for s in segs)
                between, between_after = [*pending, (desc, top, last_bottom)], after
            elif description_line and not table.items and not any(hits_by_line.get(s.number) for s in segs):
                # under the header, before the first item: its description's first lines, if
                # they are centred on its row, else nobody's (as before)
                between, between_after = [*pending, (desc, top, max(s.bottom for s in segs))], after
            table.line_numbers.update(s.number for s in segs)
    return table if table.items else _amount_rows(hits_by_line, rows, keys, numbers)


_CENTRED_MARGIN = 3.0  # points: how much nearer the next item's row its first lines must be


def _centred_above(between: list[tuple[str, float, float]], after: float, row_top: float) -> list[str]:
    """The description lines printed between two item rows (or under the header) that belong to
    the next item: a description centred on its row (a table cell aligned to its middle) prints
    its first lines above the row's figures.  The lines split at the widest gap: when it comes
    before some of them and is wider than their gap to the next row by ``_CENTRED_MARGIN``, those
    hug the next row and are its description's first lines; otherwise they all continue the
    item above."""
    if not between:
        return []
    tops = [t for _, t, _ in between] + [row_top]
    bottoms = [after] + [b for _, _, b in between]
    gaps = [t - b for t, b in zip(tops, bottoms)]
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], i))
    if widest == len(between) or gaps[widest] < gaps[-1] + _CENTRED_MARGIN:
        return []
    return [text for text, _, _ in between[widest:]]


def _runs_across(segs: list[Line], columns: _Columns) -> bool:
    """Is one of the row's segments a run of words under three or more headers?  Cells are
    printed apart; a run of text that crosses column after column is prose under the table
    (terms, a note), not the next line of an item's description."""
    return any(len(_cells([seg], columns)) >= 3 for seg in segs)


def _own_position(segs: list[Line], columns: list[_Column]) -> bool:
    """Does the row print a whole number of its own left of the description column?  Then it
    is a row of its own ("4  Dienstleistungen", the numbered heading of a group of items), not
    the next line of the description above."""
    described = [c.x0 for c in columns if c.concept == "description"]
    words = [w for s in segs for w in s.words]
    if not described or not words:
        return False
    first = min(words, key=lambda w: w.x0)
    return first.x1 <= described[0] and first.text.rstrip(".").isdigit()


def _by_arithmetic(segs: list[Line], qty: Decimal, numbers: NumberStyle) -> tuple[Decimal, Decimal] | None:
    """The row's (unit price, line amount) that make quantity × price = amount, when the cells
    under the headers do not: headers printed without a gap between them read as one cell
    ("Precio Unit. % Bonif.", "Subtotal Alíc. IVASubtotal c/IVA") and hand a column's figure to
    its neighbour.  The price is the first figure, left to right, that some later figure equals
    quantity times; a percentage is no price and no amount, the quantity's own cell neither, and
    an amount equal to the quantity proves nothing (a position number '1' times the quantity)."""
    figures = [m.value for seg in sorted(segs, key=lambda s: s.x0)
               for m in numbers.find(seg.text)
               if not seg.text[m.end:].lstrip().startswith("%")]
    if qty in figures:
        figures.remove(qty)  # the first figure equal to the quantity: its own cell
    for i, price in enumerate(figures):
        if price <= 0:
            continue
        for amount in figures[i + 1:]:
            if amount > 0 and amount != qty and abs(qty * price - amount) <= _CENTS:
                return price, amount
    return None


def _discount_on_row(segs: list[Line], gross: Decimal, gap: Decimal, numbers: NumberStyle) -> bool:
    """Does the row print, beside its figures, the discount that quantity × price less the line's
    amount leaves ("10,00 | 62500,00 | 15,00 | 93750,00 | 531250,00" under "% Bonif" and "Imp.
    Bonif."), or it as a share of quantity × price ("10 | 24,90 | 15 % | 211,65" under "Dcto.")?
    Then the amount is after that discount, not a wrong product."""
    return gap > _CENTS and (any(abs(m.value - gap) <= _CENTS for seg in segs for m in numbers.find(seg.text))
                             or any(abs(gross * rate / 100 - gap) <= _CENTS for rate in _percentages(segs)))


def _after_line_discount(segs: list[Line], gross: Decimal, numbers: NumberStyle) -> Decimal | None:
    """The figure the row prints after a line discount in percent, when the amount read is
    quantity × price before it ("10 | 88,20 | 882,00 | 12 % | 776,16": a column of the gross beside
    the discount and the net, EN 16931 BT-131 being the net): gross × (100 − rate) / 100."""
    for rate in _percentages(segs):
        if not 0 < rate < 100:
            continue
        want = gross * (100 - rate) / 100
        for seg in segs:
            for m in numbers.find(seg.text):
                if m.value != gross and abs(m.value - want) <= _CENTS and m.value > 0:
                    return m.value
    return None


def _percentages(segs: list[Line]) -> list[Decimal]:
    return [rate for seg in segs for rate in rates_in(seg.text)]


def _label_only(seg: Line, hits_by_line: dict[int, list[LabelHit]]) -> bool:
    """Is every word of the segment (but a colon) part of some label?"""
    covered = {i for h in hits_by_line.get(seg.number, []) for i in range(h.first, h.last + 1)}
    return bool(covered) and all(i in covered or not w.text.strip(":") for i, w in enumerate(seg.words))


def _more_items_follow(keys, rows, here, columns, numbers: NumberStyle) -> bool:
    """After a section subtotal, does an item row come before the next totals row?  A run of
    words across three columns is no item row, whatever figures fall under the quantities and
    the amounts (a footer's "IBAN: DE13 1007 0000 6604 8764 75")."""
    index = keys.index(here)
    for key in keys[index + 1 : index + 4]:
        if key[0] != here[0]:
            return False
        if _has_item_shape(rows[key], columns, numbers) and not _runs_across(rows[key], columns):
            return True
    return False


def _has_item_shape(segs: list[Line], columns: _Columns, numbers: NumberStyle) -> bool:
    cells = _cells(segs, columns)
    return bool(cells.get("quantity")) and bool(cells.get("line_amount")) and _number(cells["quantity"], numbers) is not None


def _cells(segs: list[Line], columns: _Columns) -> dict[str, str]:
    """Assign each word to the column whose header it sits under (nearest by x)."""
    out: dict[str, list[Word]] = {}
    bounds = columns.bounds
    for seg in segs:
        for word in seg.words:
            # numbers are right-aligned under their header: use the right edge for them
            x1 = word.x1
            probe = x1 if any(map(str.isdigit, word.text)) else (word.x0 + x1) / 2
            for i, (left, right, col) in enumerate(bounds):
                if left <= probe < right:
                    if i and probe == x1 and x1 < col.x0:
                        # a figure that ends before this header even begins overhangs its own
                        # header's right end ("Total price" over "£2,225.00", "Tax" further on)
                        col = bounds[i - 1][2]
                    cell = out.get(col.concept)
                    if cell is None:  # (no setdefault: it would make a list for every word)
                        out[col.concept] = [word]
                    else:
                        cell.append(word)
                    break
    # a cell's words as the line's text joins them: digit groups a thin space apart stay one figure
    return {k: v[0].text if len(v) == 1 else words_text(v) for k, v in out.items()}


def _amount_rows(hits_by_line, rows, keys, numbers: NumberStyle) -> ItemsTable | None:
    """Without an items header: a run of at least two rows that each print a description and
    then only figures ("AWS Data Transfer   $0.01") is a list of items with amounts."""
    runs: list[list[LineItem]] = [[]]
    last = None
    for key in keys:
        segs = rows[key]
        first = segs[0]
        first_hits = hits_by_line.get(first.number, [])
        # a sum, allowance or rated tax row is no item wherever its label starts ("Gross Total
        # Amount", "Extra charge (Tax: 0.00%): Surcharge")
        starts_with_label = any(h.first == 0 or set(h.concepts) & _NOT_ITEM for h in first_hits) or any(
            "tax" in h.concepts for h in first_hits) and "%" in first.text
        figures = [s for s in segs[1:] if numbers.find(s.text)
                   and sum(c.isalpha() for c in s.text) <= 3]
        is_item = (not starts_with_label and len(segs) >= 2 and len(figures) == len(segs) - 1
                   and sum(c.isalpha() for c in first.text) >= 4 and not numbers.find(first.text))
        if not is_item:
            continue
        if last is None or key[0] != last[0] or key[1] - last[1] > 3:
            runs.append([])
        value = numbers.find(figures[-1].text)[-1].value
        runs[-1].append(LineItem(first.text, None, None, value, key[0], union_bbox([s.bbox for s in segs]),
                                 " ".join(s.text for s in segs), first.number))
        last = key
    best = max(runs, key=len)
    if len(best) < 2:
        return None
    return ItemsTable(items=best, line_numbers={i.line for i in best}, boxes=[i.bbox for i in best])

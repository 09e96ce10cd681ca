"""What every finder works from: the document, its lexicon and label hits, the rows index,
and the small helpers that make a Field from what was read.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal
from itertools import accumulate

from invoice_lint.fields import identifiers
from invoice_lint.fields.amounts import DECIMAL_PART, NumberStyle
from invoice_lint.fields.geometry import PARTY_BLOCK_COLUMN, SAME_COLUMN, WRAP_ALIGN
from invoice_lint.fields.labels import (
    LabelHit,
    ValueSpan,
    find_label_hits,
    label_hint,
    value_spans,
)
from invoice_lint.foundation.lexicon import Lexicon
from invoice_lint.foundation.memo import line_memo, remembered
from invoice_lint.foundation.model import Document, Field, Line
from invoice_lint.foundation.text import fold, phrase_hint, phrase_pattern

PERCENT = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?%")


URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.I)
# a link's scheme or "www.", as a line's folded text (``match_text``, lower-case) prints it: in the
# folded text of every line URL finds a link in, and searched only where a ':' or a 'w' is (a
# search of the printed text for "[wW]{3}" is three times as slow)
URL_HINT = re.compile(r"://|www\.")


ID_TOKEN = re.compile(r"^[#]?[\w][\w/\-_.\u2010\u2011]*$", re.UNICODE)


class Context:
    def __init__(self, document: Document, lexicon: Lexicon):
        self.document = document
        # the document's lines in reading order, listed once: every finder reads them, and
        # ``Document.lines`` makes a new list on each read
        self.lines: list[Line] = document.lines
        self.lexicon = lexicon
        self.language = document.base_language
        # the amounts are read the way this document prints them (a German e-invoice rendering
        # printing '54.80' and '2.000' for two units: its own decimal mark, not its language's),
        # which only its lines with a figure with a decimal part tell (``printed_decimal``)
        self.numbers = NumberStyle.of((line.text for line in self.lines_with(DECIMAL_PART)), self.language)
        self._use_hits(find_label_hits(document, lexicon))
        self.rows: dict[tuple[int, int], list[Line]] = document.rows
        self.item_lines: set[int] = set()  # lines of the items table, once it is read
        self.dayfirst = _dayfirst(self)

    def _use_hits(self, hits: list[LabelHit]) -> None:
        """The label hits the finders read, and their indexes by line and by concept (in the
        document's order): looked up, not searched for, by every finder."""
        self.hits = hits
        by_line: dict[int, list[LabelHit]] = {}
        by_concept: dict[str, list[LabelHit]] = {}
        # (no setdefault: it would make an empty list for every hit)
        for hit in hits:
            listed = by_line.get(hit.line.number)
            if listed is None:
                by_line[hit.line.number] = [hit]
            else:
                listed.append(hit)
            concepts = hit.concepts
            for concept in concepts if len(concepts) == 1 else dict.fromkeys(concepts):
                listed = by_concept.get(concept)
                if listed is None:
                    by_concept[concept] = [hit]
                else:
                    listed.append(hit)
        self.hits_by_line = by_line
        self.hits_by_concept = by_concept

    def lines_with(self, pattern: re.Pattern[str], folded: bool = False) -> list[Line]:
        """The lines whose text (``match_text`` when ``folded``) ``pattern`` finds something in, in
        reading order, or a few more: one search over the document's lines joined by line breaks,
        not one call per line, for the finders that read only such lines.  Every line in which
        the pattern matches is in the list, provided the pattern asks nothing of where a text
        starts or ends (no ``^``, ``$``, ``\\A``, ``\\Z``, ``\\B``) and no look-around of it
        can match a line break (``(?<!\\w)``, ``(?![A-Za-z0-9])``, ``\\b`` see a line break as they
        see the start or end of a text)."""
        if not self.lines:
            return []
        text, starts = self._joined_match_texts if folded else self._joined_texts
        lines = self.lines
        out: list[Line] = []
        search = pattern.search
        pos, end = 0, len(text)
        while pos <= end:
            m = search(text, pos)
            if m is None:
                break
            index = bisect_right(starts, m.start()) - 1
            out.append(lines[index])
            pos = starts[index + 1]  # the next line on (past the end after the last line)
        return out

    @remembered
    def _joined_texts(self) -> tuple[str, list[int]]:
        """Every line's text joined by line breaks, and where each line starts in the joined text
        (and, last, where a line after the last would start: one past the text's end)."""
        return _joined([line.text for line in self.lines])

    @remembered
    def _joined_match_texts(self) -> tuple[str, list[int]]:
        """``_joined_texts`` of the lines' ``match_text``."""
        return _joined([line.match_text for line in self.lines])

    @remembered
    def folded_text(self) -> str:
        """The document's text folded, ``fold(document.text)``: its lines' ``match_text`` (each
        line's text folded by the layout) joined by spaces, as folding the whole text joins them
        (a line break is a space to ``fold``).  The whole text is folded again only when a line
        has no ``match_text`` (a line made by hand)."""
        texts = [line.match_text for line in self.lines]
        return " ".join(texts) if all(texts) else fold(self.document.text)

    @remembered
    def numbered(self) -> dict[int, Line]:
        """The lines by their number (the first line of a number, should two share one)."""
        # (from the last line back: the first of a number is written last and stays)
        return {line.number: line for line in reversed(self.lines)}

    @remembered
    def headed_parties(self) -> dict[int, frozenset[str]]:
        """The parties ("seller", "buyer") the label hits of a line head, by line number, for the
        lines with such a heading: the blocks' owners ``in_party_block`` and the others look up.
        (``in_every_language``'s copy reads the same: it keeps the document's party headings,
        and no tax-id label names a party.)"""
        out: dict[int, frozenset[str]] = {}
        for number, hits in self.hits_by_line.items():
            parties = _PARTIES.intersection(c for h in hits for c in h.concepts)
            if parties:
                out[number] = parties
        return out

    @remembered
    def own_labels(self) -> list[tuple[int, list[str]]]:
        """(number, ``own_label_words``) of each line with an own label, in reading order: only
        the lines with a colon are asked (one search over the joined lines finds them), once for
        the finders that read them (``own_label_lines``)."""
        return [(line.number, label) for line in self.lines_with(_COLON, folded=True)
                if (label := own_label_words(line))]

    @remembered
    def self_evident_id_lines(self) -> set[int]:
        """The numbers of the lines that may hold an id its prefix and check digits make one
        without a label (``identifiers.may_hold_self_evident_id``): the same whatever labels are
        read, so the seller's tax id read again in every language (``in_every_language``) asks
        them once."""
        return {line.number for pattern in identifiers.self_evident_hints() for line in self.lines_with(pattern)
                if identifiers.may_hold_self_evident_id(line.text)}

    @remembered
    def iban_lines(self) -> list[Line]:
        """The lines that may hold an IBAN (``identifiers.IBAN_HINT`` finds something in them), in
        reading order: the payee's IBAN, the one its cell wrapped and the debited account are read
        only there."""
        return self.lines_with(identifiers.IBAN_HINT)

    def hits_for(self, concept: str) -> list[LabelHit]:
        return list(self.hits_by_concept.get(concept, ()))

    @remembered
    def body_size(self) -> float:
        """The type size of the document's body text: the median of its words' sizes (0 when
        the PDF gives none)."""
        sizes = sorted(w.size for line in self.lines for w in line.words if w.size)
        return sizes[len(sizes) // 2] if sizes else 0.0

    def in_every_language(self) -> Context:
        """This document read with the tax-id labels of every language only (``identifier_lexicon``):
        for the seller's tax id when the document's own labels found none."""
        from invoice_lint.foundation.lexicon import identifier_lexicon

        lexicon = identifier_lexicon()
        other = Context.__new__(Context)
        other.__dict__.update(self.__dict__)
        # its few labels are read in the lines that print something they start from (and in a
        # line without a match_text, made by hand)
        hinted = {id(line) for line in self.lines_with(label_hint(lexicon), folded=True)}
        lines = [line for line in self.lines if id(line) in hinted or not line.match_text]
        other._use_hits(find_label_hits(self.document, lexicon, lines))
        # party headings stay the document's own: a tax id under the buyer's heading is the buyer's
        for number, hits in self.hits_by_line.items():
            other.hits_by_line.setdefault(number, []).extend(h for h in hits if {"seller", "buyer"} & set(h.concepts))
        return other

    def spans(self, hit: LabelHit, below: bool = True) -> Iterator[ValueSpan]:
        """The label's candidate values, best first, each worked out when it is asked for
        (``labels.value_spans``): a finder stops at the first that holds its value."""
        return value_spans(hit, self.rows, self.hits_by_line, below=below)


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    # each text starts one character (the line break) after the end of the one before
    starts = list(accumulate(map(_ONE_MORE, map(len, texts)), initial=0))
    return "\n".join(texts), starts


_ONE_MORE = (1).__add__


def _dayfirst(ctx: Context) -> bool:
    lexicon = ctx.lexicon
    if lexicon.date_order != "MDY" and not lexicon.mdy_hints:
        return True
    text = " " + ctx.folded_text + " "
    # numeric slash dates that can only be M/D/Y settle it
    for m in _SLASH_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    # otherwise the currency tells: US dollar invoices write month first
    hints = sum(1 for h in lexicon.mdy_hints if h and h in text)
    return hints == 0


_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")


def figure_span(line: Line, text: str) -> ValueSpan:
    """A figure (or id) printed in ``line`` as ``text``, as a value span: the words it is part of
    or that are part of it, else the whole line."""
    return ValueSpan(text, [w for w in line.words if w.text in text or text in w.text] or line.words, line, "inline")


def field_at(name, value, span: ValueSpan | Line, hit: LabelHit | None = None, text: str | None = None,
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


def ranked(hits: list[LabelHit]) -> list[LabelHit]:
    """Strong labels first: a label opening its segment, or a phrase of several words, beats
    a lone generic word inside other text ("Order Date" vs "Invoice Date:")."""
    return sorted(hits, key=lambda h: 0 if (h.at_start or " " in h.phrase) else 1)


MONEY_TOKEN = re.compile(r"[$€£]?[\d.,' ]*\d[.,]\d{2}[$€£]?")  # "100.00", "1.234,56": a figure, not an id


def rates_in(text: str) -> list[Decimal]:
    if "%" not in text:
        return []  # most rows, asked first: PERCENT, starting with a look back, is slow to scan
    return list(_rates(text))


@line_memo(maxsize=4096)
def _rates(text: str) -> tuple[Decimal, ...]:
    """The rates printed in a text with a '%': remembered, as the VAT finder and the totals each
    ask for the rates of the same rows (and an issuer's VAT row comes again on its invoices)."""
    return tuple([Decimal(m.group(1).replace(",", ".")).normalize() for m in PERCENT.finditer(text)])


def phrase_line(ctx: Context, name: str, phrases: tuple[str, ...], skip: set[int] = frozenset()) -> Field | None:
    """The first line that prints one of the phrases (exemption notes and the like)."""
    if not phrases:
        return None
    pattern = phrase_pattern(phrases)
    for line in ctx.lines_with(phrase_hint(phrases), folded=True):
        if line.number not in skip and pattern.search(line.match_text):
            return field_at(name, line.text.strip(), line)
    return None


@functools.cache
def distinctive_label_words(lexicon: Lexicon, concept: str) -> frozenset[str]:
    """The words of substance (four letters or more) of a concept's labels that no other
    concept's labels use: "uslovi" of "uslovi plaćanja" (terms), "poreski" of "poreski
    identifikacioni broj" (tax id), not "plaćanja" (also "rok plaćanja") nor "broj"."""
    def words(c: str) -> set[str]:
        return {w.strip(";:.,()") for phrase in lexicon.labels.get(c, ()) for w in phrase.split()}

    own = words(concept)
    others = {w for c in lexicon.labels if c != concept for w in words(c)}
    return frozenset(w for w in own - others if len(w) >= 4 and w.isalpha() and w not in lexicon.titles)


def own_label_words(line: Line) -> list[str]:
    """The folded words of a line's own label: the one to three words before its first colon
    ("Poreski broj: 108765434", "Uslovi: 15 dana"); none when the line has no such label."""
    if ":" not in line.match_text:
        return []
    head = line.match_text.split(":", 1)[0].split()
    return head if 0 < len(head) <= 3 else []


_COLON = re.compile(":")


def own_label_lines(ctx: Context, words: frozenset[str]) -> set[int]:
    """The numbers of the lines whose own label (``own_label_words``) holds one of ``words``."""
    # (``isdisjoint`` looks the label's few words up in ``words`` without a generator per line)
    return {number for number, label in ctx.own_labels if not words.isdisjoint(label)}


def starts_with_label(ctx: Context, span: ValueSpan) -> bool:
    return any(h.first == 0 for h in ctx.hits_by_line.get(span.line.number, [])) and span.where != "inline"


def next_in_column(ctx: Context, line: Line) -> Line | None:
    """The first segment of the next two rows below ``line`` that starts in its column: the two
    rows looked up in the rows index, not every row of the document searched."""
    for row in (line.row + 1, line.row + 2):
        for seg in ctx.rows.get((line.page, row), ()):
            if abs(seg.x0 - line.x0) < SAME_COLUMN:
                return seg
    return None


def row_of(ctx: Context, number: int | None) -> int:
    line = ctx.numbered.get(number)
    return line.row if line is not None else -1


def in_party_block(ctx: Context, line: Line, concepts: set[str], rows: int = 8, x0: float | None = None) -> bool:
    """Is ``line`` (or its text from ``x0`` on) in a party's block: a heading of one of
    ``concepts`` ("seller", "buyer") above it in its column, with no blank gap wider than two of
    the block's lines between (a footer far below the client's address is not in it)?  The
    nearest party heading above owns the block."""
    x0 = line.x0 if x0 is None else x0
    height = line.bottom - line.top
    top = line.top
    for step in range(1, rows + 1):
        row = ctx.rows.get((line.page, line.row - step), [])
        column = [seg for seg in row if abs(seg.x0 - x0) <= PARTY_BLOCK_COLUMN]
        if not column:
            column = _nearest_of_side_by_side_headings(ctx, row, (x0 + line.x1) / 2)
        if not column:
            continue  # a row of another column only (the meta block beside the address)
        if top - column[0].bottom > 2 * height:
            return False
        top = column[0].top
        for seg in column:
            headings = ctx.headed_parties.get(seg.number)
            if headings:
                return bool(headings & concepts)
    return False


# the most white between two lines of one address block, in line heights (set solid: no blank line)
ADDRESS_LEADING = 0.6
# a postcode and the town after it ("75009 Paris", "D-10115 Berlin", "1015 BS Amsterdam")
POSTCODE_CITY = re.compile(r"^(?:[A-Z]{1,2}-?)?\d{4,5}(?:\s?[A-Z]{2})?\s+[^\W\d_]")


def address_block_top(ctx: Context, line: Line, rows: int = 8) -> Line | None:
    """The name heading the address block ``line`` closes, the block headed by no party label:
    the lines set solid right above it in its column (a name, a street, a postcode with its town,
    a country), no blank line between.  None when no line of them is a postcode with its town,
    when the block's first line is no name (a street: the name stands apart, above), or when a
    party heading stands over them (``in_party_block`` knows whose block that is)."""
    height = line.bottom - line.top
    top, first, postcode = line.top, None, False
    for step in range(1, rows + 1):
        column = [seg for seg in ctx.rows.get((line.page, line.row - step), [])
                  if abs(seg.x0 - line.x0) <= PARTY_BLOCK_COLUMN]
        if not column or top - column[0].bottom > ADDRESS_LEADING * height:
            break
        seg = column[0]
        if seg.number in ctx.headed_parties:
            return None
        top, first = seg.top, seg
        postcode = postcode or bool(POSTCODE_CITY.match(seg.text.strip()))
    if not postcode or first is None or any(c.isdigit() for c in first.text):
        return None
    return first


def party_headings(ctx: Context, row: list[Line]) -> list[Line]:
    """The segments of a row that head a party, when the row heads both side by side (a table's
    header "Emisor | Receptor"); else none."""
    headed = ctx.headed_parties
    named: set[str] = set()
    for seg in row:
        concepts = headed.get(seg.number)
        if concepts:
            named |= concepts
    if named != _PARTIES:
        return []  # (most rows: no party heading at all)
    return [seg for seg in row if headed.get(seg.number)]


_PARTIES = frozenset({"seller", "buyer"})


def centre(seg: Line) -> float:
    return (seg.x0 + seg.x1) / 2


def _nearest_of_side_by_side_headings(ctx: Context, row: list[Line], middle: float) -> list[Line]:
    """In a row that heads both parties side by side, over blocks whose lines need not start
    under their heading (centred names, a cell's lines flush left), the heading nearest a line's
    centre heads the line's block; none elsewhere."""
    headings = party_headings(ctx, row)
    return [min(headings, key=lambda seg: abs(centre(seg) - middle))] if headings else []


def under_heading(ctx: Context, hit: LabelHit, concepts: set[str], rows: int = 4) -> bool:
    """Is the label printed in a party's block (``in_party_block`` from the label's first word)?
    A bare "Nummer:" there is that party's number, a "CUIT:" under "DATOS DEL RECEPTOR" the
    client's tax id."""
    return in_party_block(ctx, hit.line, concepts, rows, x0=hit.line.words[hit.first].x0)


_ONE_DECIMAL = re.compile(r"\d[.,]\d$")


def wrapped_last_digit(ctx: Context, span: ValueSpan, m):
    """The figure whose last digit the cell wrapped onto the next line ("EUR 17 474,6" over a lone
    "4" right-aligned under it, in a column too narrow for it: Tryton's totals as LibreOffice sets
    them): the figure with that digit.  None when the figure does not end the span with one decimal
    digit, or no lone digit stands right under its end."""
    if m.end < len(span.text.rstrip()) or not _ONE_DECIMAL.search(m.text):
        return None
    line = span.line
    height = line.bottom - line.top
    for seg in ctx.rows.get((line.page, line.row + 1), []):
        if (re.fullmatch(r"\d", seg.text.strip()) and abs(seg.x1 - line.x1) <= WRAP_ALIGN
                and 0 <= seg.top - line.top <= 1.5 * height):
            joined = ctx.numbers.find(span.text[:m.end] + seg.text.strip())
            return joined[-1] if joined else None
    return None

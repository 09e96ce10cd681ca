"""The plain data that flows through invoice-lint.

extract -> Document (pages, lines, words with boxes) -> InvoiceFields (typed Field values)
-> rules -> Finding -> reporters.  Every object keeps its page and bounding box so that
anything found can be drawn back on the page.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from invoice_lint.foundation.memo import remembered

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


def union_bbox(boxes: list[BBox]) -> BBox:
    """The box around ``boxes`` (ValueError for none)."""
    x0s, tops, x1s, bottoms = zip(*boxes)  # each edge's values in one pass, not four
    return min(x0s), min(tops), max(x1s), max(bottoms)


class _edge:  # noqa: N801 - used as a decorator, like functools.cached_property
    """One of a line's edges, or its box.  A line's edges are read again and again by the field
    finders, nearly always all of them, so the first read of any works all of them out in one pass
    over the line's words (``Line._measure``) and stores them in the instance's ``__dict__``, where
    later reads find them without calling anything (no lock, unlike ``functools.cached_property``:
    two threads measuring one line would store the same values)."""

    def __init__(self, read):
        self.name = read.__name__
        self.__doc__ = read.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        instance._measure()
        return getattr(instance, self.name)  # now the instance's own attribute


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int  # 1-based
    fontname: str = ""
    size: float = 0.0
    confidence: float | None = None  # 0..1, Tesseract's for a word read by OCR; None from a text layer

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    """A run of words on one baseline that belong together (a column segment).

    ``number`` is the 1-based line number in reading order across the whole document;
    it is what findings report as ``line``.  ``match_text`` is the text used for label
    matching: lower-cased, and Serbian Cyrillic transliterated to Latin.
    """

    words: list[Word]
    page: int
    number: int = 0
    text: str = ""
    match_text: str = ""
    row: int = 0  # index of the visual row on its page; segments of one row share it

    def __post_init__(self) -> None:
        if not self.text:
            self.text = " ".join(w.text for w in self.words)

    # A line's box is read again and again by the field finders (its neighbours, its column,
    # the rows above and below), so its edges are worked out once, on first use (``_edge``).  The
    # words of a line are not changed once it is made: a line with other words is a new Line.
    @_edge
    def bbox(self) -> BBox:
        """(x0, top, x1, bottom) around the line's words."""

    @_edge
    def x0(self) -> float:
        """The left edge of the leftmost word."""

    @_edge
    def x1(self) -> float:
        """The right edge of the rightmost word."""

    @_edge
    def top(self) -> float:
        """The highest word's top."""

    @_edge
    def bottom(self) -> float:
        """The lowest word's bottom."""

    def _measure(self) -> None:
        """Every edge in one pass: the same values as ``min``/``max`` over the words (the first
        of equal ones), and ValueError for a line without words, as ``min`` raises."""
        words = self.words
        if not words:
            raise ValueError("a line without words has no edges")
        first = words[0]
        x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
        if len(words) > 1:  # (a line of one word, nearly half of them, has its word's box)
            for w in words:  # the first word again: it changes nothing
                if w.x0 < x0:
                    x0 = w.x0
                if w.top < top:
                    top = w.top
                if w.x1 > x1:
                    x1 = w.x1
                if w.bottom > bottom:
                    bottom = w.bottom
        # set as attributes (an ``_edge`` has no setter, so they go to the instance, where later reads
        # find them), not through ``self.__dict__``, which would make the dict an object of its own
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.bbox = (x0, top, x1, bottom)

    def __getstate__(self) -> dict:
        # the edges are derived: not pickled into the cache
        return {k: v for k, v in self.__dict__.items() if k not in _LINE_EDGES}


_LINE_EDGES = frozenset({"bbox", "x0", "x1", "top", "bottom"})
_LEFT_EDGE = operator.attrgetter("x0")


@dataclass(frozen=True)
class Stamp:
    """Text set diagonally across a page, which its lines leave out: a watermark ("DUPLICATA",
    "Testrechnung") or a stamp ("PAID").  ``text`` is its letters left to right, without spaces
    (each letter of such text comes as a word of its own)."""

    text: str
    bbox: BBox


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[list[list[str | None]]] = field(default_factory=list)
    rotation: int = 0
    stamps: list[Stamp] = field(default_factory=list)


@dataclass
class Document:
    path: Path
    pages: list[Page]
    language: str = "en"  # en, es, sr, sr-Cyrl, de, fr, nl ...
    language_source: str = "detected"  # detected | config | cli
    # languages whose labels are read: the detected language, or several candidates when the
    # evidence for one is weak (a wrong language may cost wording rules, never fields)
    label_languages: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    ocr: bool = False  # some page was read by OCR (``--ocr``): its words carry confidences

    @property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @remembered
    def rows(self) -> dict[tuple[int, int], list[Line]]:
        """The lines (segments) of each printed row, keyed by (page, row), left to right: the
        index every field finder reads its neighbours from.  Built once, on first use."""
        rows: dict[tuple[int, int], list[Line]] = {}
        for line in self.lines:
            # the finders read every line's edges (each of them, reading any document): measured
            # here, each line once, not on the first read of each through its ``_edge``
            if line.words:
                line._measure()
            row = rows.get((line.page, line.row))
            if row is None:  # (not setdefault: it would make an empty list for every line)
                rows[(line.page, line.row)] = [line]
            else:
                row.append(line)
        for segs in rows.values():
            if len(segs) > 1:  # (a row of one segment is in order as it is)
                segs.sort(key=_LEFT_EDGE)
        return rows

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("rows", None)  # derived: not pickled into the cache
        return state

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])

    @property
    def base_language(self) -> str:
        """Language without script suffix: 'sr-Cyrl' -> 'sr'."""
        return self.language.split("-")[0]


@dataclass
class Field:
    """One detected invoice field: a typed value and where it was printed."""

    name: str
    value: Any  # str | Decimal | date | list[str] | list[LineItem] | list[TaxLine]
    page: int | None = None
    bbox: BBox | None = None
    text: str = ""  # the raw printed text the value came from
    line: int | None = None  # document line number
    label: str = ""  # the label text that introduced the value, if any
    derived: bool = False  # e.g. due date computed from payment terms
    resolved_by: str = ""  # "arithmetic" when EN 16931's sums chose among competing figures
    confidence: float | None = None  # 0..1 on an OCR-read page: the lowest OCR confidence of its words


@dataclass
class LineItem:
    description: str
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    page: int | None = None
    bbox: BBox | None = None
    text: str = ""
    line: int | None = None
    # the table also has tax or discount columns, so amount need not be quantity × unit price
    adjusted: bool = False


@dataclass
class TaxLine:
    rate: Decimal | None = None  # percent, e.g. Decimal("21")
    base: Decimal | None = None
    amount: Decimal | None = None
    page: int | None = None
    bbox: BBox | None = None
    text: str = ""
    line: int | None = None


def rate_rounding(rate: Decimal, base: Decimal) -> Decimal:
    """How far base × rate may be from the VAT because the rate is printed rounded.  A rate
    printed with two decimals or more may be an effective rate worked out from the sums ("8.88%"
    for 552.58 on 6,226.20) and then stands for anything within half a unit of its last digit:
    nothing finer can be read from it (for a true 7.25% that is 0.005% of the base, under a
    cent on 199.99).  A rate with at most one decimal (19, 5.5) is taken as exact."""
    exponent = rate.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or exponent > -2:
        return Decimal("0")
    return abs(base) * Decimal(1).scaleb(exponent) / 200


# two sums printed each rounded to the cent may differ by this from their printed sum
SUM_TOLERANCE = Decimal("0.02")


def closes(expected: Decimal, printed: Decimal, tolerance: Decimal, rounding: Decimal | None = None,
           withheld: Decimal | None = None) -> bool:
    """Is ``printed`` what ``expected`` comes to, within ``tolerance``: as it is, with the printed
    rounding amount (BT-114) added, or less a tax withheld at source that the page prints
    ("Retención IRPF 15% -150,00": the figure may be printed before or after it)?"""
    return any(abs(expected + r - w - printed) <= tolerance for r in (0, rounding or 0) for w in (0, withheld or 0))


FIELD_NAMES = (
    "invoice_number",
    "issue_date",
    "supply_date",
    "due_date",
    "payment_terms",
    "seller_name",
    "seller_tax_id",
    "buyer_name",
    "buyer_tax_id",  # the buyer's SIREN, SIRET or VAT id printed on the page (fields/buyer_ids.py)
    "line_items",
    "subtotal",
    "tax_rate",
    "tax_amount",
    "tax_breakdown",
    "prepaid_amount",
    "rounding_amount",  # BT-114: a printed rounding line ("Rounding 0.16", "Rundungsbetrag 0,01 €")
    "withholding_amount",  # a tax withheld at source, positive ("Retención IRPF 15% -150,00"; no EN 16931 term)
    "total",
    "amount_due",
    "payment_status",  # "paid" when a stamp across the page says so ("PAID" at 45°)
    "currency",
    "payment_methods",
    "iban",
    "bank_account",
    "debited_account",  # BT-91: the buyer's IBAN a direct debit draws on ("Wird von Konto DE12… abgebucht")
    "payment_link",
    "thank_you",
    "tax_exemption",  # the printed exemption / reverse-charge note
    "allowance_charge",  # a document-level discount or charge is printed (its label)
    "currencies",  # every currency the amounts are printed in (ISO codes), e.g. ["EUR", "GBP"]
    "place_of_issue",  # the town printed after "Mesto izdavanja" (Serbian VAT law)
)


@dataclass
class InvoiceFields:
    """All fields found in one document, by name (see FIELD_NAMES)."""

    fields: dict[str, Field] = field(default_factory=dict)
    # Every label occurrence seen, by concept, for consistency checks: concept -> [label text]
    labels: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> Field | None:
        return self.fields.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        f = self.fields.get(name)
        return default if f is None else f.value

    def __contains__(self, name: str) -> bool:
        return name in self.fields

    def set(self, f: Field) -> None:
        self.fields[f.name] = f

    def withheld_after_total(self) -> Decimal | None:
        """The tax withheld at source still to come off the total on the way to the amount due:
        all of it when the total is the net plus the VAT (the withholding printed after it),
        nothing when the total is printed net of it already; None when the page does not tell
        (no net or VAT read).  The withholding is taken off once (see ``closes``)."""
        withheld, total = self.value("withholding_amount"), self.value("total")
        net, tax = self.value("subtotal"), self.value("tax_amount")
        if not withheld or total is None:
            return Decimal(0)
        if net is None or tax is None:
            return None
        return withheld if closes(net + tax, total, SUM_TOLERANCE, self.value("rounding_amount")) else Decimal(0)


@dataclass
class Finding:
    code: str  # e.g. "INV101"
    rule: str  # kebab-case name, e.g. "missing-due-date"
    severity: str  # error | warning | info
    message: str
    path: str  # as given by the user (relative where possible)
    page: int | None = None
    line: int | None = None
    bbox: BBox | None = None
    snippet: str = ""
    pack: str = ""
    basis: str = ""

    def sort_key(self) -> tuple:
        return (self.path, self.page or 0, self.line or 0, self.code)


@dataclass
class ReadError:
    """An input that could not be read. ``kind`` maps to a rule: unreadable-pdf or no-text-layer."""

    path: str
    kind: str  # "unreadable-pdf" | "no-text-layer" | "xml-unreadable" (a bare XML file)
    cause: str  # human sentence: "encrypted with a password", "not a PDF (looks like HTML)", ...


@dataclass
class ExtractedInvoice:
    """What extract produces for one readable file."""

    document: Document
    fields: InvoiceFields
    # the e-invoice XML (invoice_lint.einvoice.EmbeddedXml) embedded in a hybrid PDF, or the bare
    # XML file itself; None when the PDF carries none
    xml: Any = None

    @property
    def einvoice(self) -> Any:
        """The e-invoice values the XML carries (invoice_lint.einvoice.EInvoice); None without an
        XML or when it could not be read."""
        return getattr(self.xml, "einvoice", None)

"""The EN 16931 values of one e-invoice XML (CII or UBL), typed: money is Decimal, dates are dates.

Every value read remembers where it was read (``EInvoice.paths``: attribute -> XML path such as
``/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/.../ram:GrandTotalAmount``), so a
finding can name the element; a value that is present but not in its declared format (a date
``2026-08-15`` declared as format 102, an amount ``12,50``) is left out and recorded in
``problems`` under its business term.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# The attribute of EInvoice holding each business term the checks use (EN 16931-1 numbering).
TERMS = {
    "BT-1": "invoice_number",
    "BT-2": "issue_date",
    "BT-3": "type_code",
    "BT-5": "currency",
    "BT-9": "due_date",
    "BT-20": "payment_terms",
    "BT-24": "specification",
    "BT-27": "seller_name",
    "BT-30": "seller_legal_id",
    "BT-31": "seller_vat_id",
    "BT-32": "seller_tax_number",
    "BT-40": "seller_country",
    "BT-44": "buyer_name",
    "BT-47": "buyer_legal_id",
    "BT-48": "buyer_vat_id",
    "BT-55": "buyer_country",
    "BT-63": "tax_representative_vat_id",
    "BT-72": "supply_date",
    "BT-84": "ibans",
    "BT-106": "line_total",
    "BT-107": "allowance_total",
    "BT-108": "charge_total",
    "BT-109": "tax_basis_total",
    "BT-110": "tax_total",
    "BT-112": "grand_total",
    "BT-113": "prepaid_amount",
    "BT-114": "rounding_amount",
    "BT-115": "amount_due",
    "BG-5": "seller_address",
    "BG-8": "buyer_address",
    "BG-25": "lines",
}
TERM_NAMES = {
    "BT-1": "invoice number",
    "BT-20": "payment terms",
    "BT-32": "seller tax registration identifier",
    "BT-63": "seller tax representative VAT identifier",
    "BT-72": "actual delivery date",
    "BT-2": "issue date",
    "BT-3": "invoice type code",
    "BT-5": "invoice currency code",
    "BT-9": "payment due date",
    "BT-24": "specification identifier",
    "BT-27": "seller name",
    "BT-31": "seller VAT identifier",
    "BT-40": "seller country code",
    "BT-44": "buyer name",
    "BT-47": "buyer legal registration identifier, the SIREN in France",
    "BT-55": "buyer country code",
    "BT-84": "payment account identifier (IBAN)",
    "BT-106": "sum of invoice line net amounts",
    "BT-107": "sum of allowances on document level",
    "BT-108": "sum of charges on document level",
    "BT-109": "invoice total amount without VAT",
    "BT-110": "invoice total VAT amount",
    "BT-112": "invoice total amount with VAT",
    "BT-113": "paid amount",
    "BT-114": "rounding amount",
    "BT-115": "amount due for payment",
    "BG-5": "seller postal address",
    "BG-8": "buyer postal address",
    "BG-25": "invoice line",
}
CREDIT_NOTE_TYPES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})


@dataclass
class Address:
    lines: list[str] = field(default_factory=list)
    city: str | None = None
    postcode: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 (BT-40 / BT-55)


@dataclass
class VatBreakdown:
    """One BG-23 VAT breakdown: category code, rate, taxable amount, tax amount, exemption."""

    category: str | None = None  # BT-118: S, Z, E, AE, K, G, O, L, M
    rate: Decimal | None = None  # BT-119, percent
    base: Decimal | None = None  # BT-116
    amount: Decimal | None = None  # BT-117
    exemption_reason: str | None = None  # BT-120
    exemption_code: str | None = None  # BT-121
    path: str = ""


@dataclass
class AllowanceCharge:
    """A document-level allowance (BG-20) or charge (BG-21)."""

    charge: bool  # True: a charge (BT-99), False: an allowance (BT-92)
    amount: Decimal | None = None
    category: str | None = None  # BT-95 / BT-102
    rate: Decimal | None = None  # BT-96 / BT-103
    reason: str | None = None
    path: str = ""


@dataclass
class InvoiceLine:
    """One BG-25 invoice line."""

    line_id: str | None = None  # BT-126
    name: str | None = None  # BT-153
    quantity: Decimal | None = None  # BT-129
    unit_code: str | None = None  # BT-130
    net_price: Decimal | None = None  # BT-146
    net_amount: Decimal | None = None  # BT-131
    net_amount_text: str = ""  # as written, for the decimals rule (BR-DEC-23)
    category: str | None = None  # BT-151
    rate: Decimal | None = None  # BT-152
    path: str = ""
    # Factur-X / ZUGFeRD EXTENDED sub-invoice lines: the parent's LineID, and DETAIL / GROUP / INFORMATION
    parent_id: str | None = None
    status: str | None = None


@dataclass
class XmlProblem:
    """A value present in the XML but not readable as its type (date format, amount)."""

    term: str  # "BT-2"
    path: str
    text: str
    problem: str  # "is not a date in format 102 (YYYYMMDD)"


@dataclass
class EInvoice:
    syntax: str  # "CII" (UN/CEFACT D16B), "ZUGFeRD 1.0" (CrossIndustryDocument), "UBL" (Invoice / CreditNote 2.1)
    specification: str | None = None  # BT-24, e.g. "urn:cen.eu:en16931:2017"
    profile: str | None = None  # the known profile it names ("EN 16931", "EXTENDED", "XRECHNUNG", ...)
    invoice_number: str | None = None
    type_code: str | None = None
    issue_date: date | None = None
    supply_date: date | None = None
    due_date: date | None = None
    payment_terms: str | None = None
    notes: list[str] = field(default_factory=list)
    seller_name: str | None = None
    seller_vat_id: str | None = None
    seller_tax_number: str | None = None
    seller_legal_id: str | None = None
    seller_address: Address | None = None
    seller_country: str | None = None
    tax_representative_vat_id: str | None = None
    buyer_name: str | None = None
    buyer_vat_id: str | None = None
    buyer_legal_id: str | None = None
    buyer_address: Address | None = None
    buyer_country: str | None = None
    delivery_address: Address | None = None
    currency: str | None = None  # BT-5
    tax_currency: str | None = None  # BT-6
    line_total: Decimal | None = None
    allowance_total: Decimal | None = None
    charge_total: Decimal | None = None
    tax_basis_total: Decimal | None = None
    tax_total: Decimal | None = None
    grand_total: Decimal | None = None
    prepaid_amount: Decimal | None = None
    rounding_amount: Decimal | None = None
    amount_due: Decimal | None = None
    vat_breakdown: list[VatBreakdown] = field(default_factory=list)
    allowances_charges: list[AllowanceCharge] = field(default_factory=list)
    lines: list[InvoiceLine] = field(default_factory=list)
    ibans: list[str] = field(default_factory=list)  # BT-84 of every credit-transfer means, compact
    payment_means: list[str] = field(default_factory=list)  # BT-81 codes (UNTDID 4461)
    paths: dict[str, str] = field(default_factory=dict)  # attribute -> XML path it was read from
    problems: list[XmlProblem] = field(default_factory=list)

    @property
    def top_lines(self) -> list[InvoiceLine]:
        """The lines the document totals add up: without EXTENDED sub-lines (a GROUP line's amount
        already holds its DETAIL lines) and without INFORMATION lines."""
        return [line for line in self.lines if line.parent_id is None and (line.status or "") != "INFORMATION"]

    @property
    def leaf_lines(self) -> list[InvoiceLine]:
        """The lines that carry VAT categories and rates: every line that is no other line's parent."""
        parents = {line.parent_id for line in self.lines if line.parent_id}
        return [line for line in self.lines if line.line_id not in parents and (line.status or "") != "INFORMATION"]

    @property
    def is_credit_note(self) -> bool:
        return (self.type_code or "").strip() in CREDIT_NOTE_TYPES

    def value(self, term: str):
        """The value of a business term ("BT-112"), None when absent."""
        return getattr(self, TERMS[term])

    def path(self, term: str) -> str:
        return self.paths.get(TERMS.get(term, term), "")


@dataclass
class EmbeddedXml:
    """What was found for one file: the e-invoice read, or why it could not be read.

    ``source`` is the attachment's name (``factur-x.xml``) or, for a bare XML file, its name."""

    source: str
    einvoice: EInvoice | None = None
    problem: str = ""  # one sentence: "is not well-formed XML (line 36, column 45: ...)"
    bare: bool = False  # the input file itself is the XML (no page)


# Collections a business rule may sum (EN 16931 term of the summed amount -> how to get them)
def summed(invoice: EInvoice, term: str) -> list[Decimal]:
    """The amounts a rule's Σ runs over: line net amounts (BT-131), document allowances (BT-92)
    and charges (BT-99), VAT category tax amounts (BT-117) and taxable amounts (BT-116)."""
    if term == "BT-131":
        return [line.net_amount for line in invoice.top_lines if line.net_amount is not None]
    if term == "BT-92":
        return [ac.amount for ac in invoice.allowances_charges if not ac.charge and ac.amount is not None]
    if term == "BT-99":
        return [ac.amount for ac in invoice.allowances_charges if ac.charge and ac.amount is not None]
    if term == "BT-117":
        return [b.amount for b in invoice.vat_breakdown if b.amount is not None]
    if term == "BT-116":
        return [b.base for b in invoice.vat_breakdown if b.base is not None]
    raise KeyError(term)


SUMMABLE = ("BT-131", "BT-92", "BT-99", "BT-117", "BT-116")

"""Kind `einvoice`: the e-invoice XML of a hybrid PDF (or a bare XML file) against itself and the page.

``check:``
- ``unreadable``: a PDF carries an XML attachment that is not a readable CII/UBL invoice.
- ``profile_unknown``: the XML names a specification identifier (BT-24) no known profile has.
- ``invalid_value``: a value present in the XML but not in its declared format (a date, an amount).
- ``page_xml``: each business term of ``terms`` the page prints and the XML carries must agree:
  amounts as Decimal after rounding both to the cent (the two decimals EN 16931 allows for
  document totals, BR-DEC-09 … BR-DEC-18; ``tolerance`` widens it), dates as dates, identifiers
  compacted (spaces, dots and dashes dropped, upper case).  A value the page does not print, or
  that the reader computed rather than read (``derived``), is never a mismatch.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from invoice_lint.checks.base import finding, show
from invoice_lint.checks.rules import Rule
from invoice_lint.einvoice.model import TERM_NAMES
from invoice_lint.einvoice.xmltree import compact_id
from invoice_lint.model import ExtractedInvoice, Field, Finding

CENT = Decimal("0.01")

# business term -> (page field, how to compare)
PAGE_TERMS = {
    "BT-1": ("invoice_number", "number"),
    "BT-2": ("issue_date", "date"),
    "BT-5": ("currency", "code"),
    "BT-9": ("due_date", "date"),
    "BT-31": ("seller_tax_id", "seller_id"),
    "BT-84": ("iban", "iban"),
    "BT-109": ("subtotal", "money"),
    "BT-110": ("tax_amount", "money"),
    "BT-112": ("total", "money"),
    "BT-113": ("prepaid_amount", "money"),
    "BT-115": ("amount_due", "money"),
}


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    xml = invoice.xml
    if xml is None:
        return []
    kind = rule.options["check"]
    if kind == "unreadable":
        if xml.einvoice is None and not xml.bare:
            return [_document_finding(rule, invoice, source=xml.source, cause=xml.problem)]
        return []
    if xml.einvoice is None:
        return []
    if kind == "profile_unknown":
        inv = xml.einvoice
        if inv.specification and inv.profile is None:
            return [_document_finding(rule, invoice, source=xml.source, specification=inv.specification,
                                      xml_path=inv.paths.get("specification", ""))]
        return []
    if kind == "invalid_value":
        return [_document_finding(rule, invoice, term=p.term, term_name=TERM_NAMES.get(p.term, p.term), text=p.text,
                                  problem=p.problem, xml_path=p.path, source=xml.source)
                for p in xml.einvoice.problems]
    if kind == "page_xml":
        if xml.bare:
            return []
        tolerance = Decimal(str(rule.options.get("tolerance", "0")))
        out = []
        for term in rule.options.get("terms") or list(PAGE_TERMS):
            out += _compare(rule, invoice, term, tolerance)
        return out
    return []


def _document_finding(rule: Rule, invoice: ExtractedInvoice, **values) -> Finding:
    f = finding(rule, invoice, snippet=values.get("xml_path", ""), **values)
    f.page = None if invoice.xml.bare else 1
    return f


def _compare(rule: Rule, invoice: ExtractedInvoice, term: str, tolerance: Decimal) -> list[Finding]:
    name, how = PAGE_TERMS[term]
    printed: Field | None = invoice.fields.get(name)
    inv = invoice.xml.einvoice
    if printed is None or printed.value is None or printed.derived:
        return []
    page_value = printed.value
    if how == "money":
        xml_value = inv.value(term)
        if xml_value is None or _same_money(page_value, xml_value, tolerance, inv.is_credit_note):
            return []
        return [_mismatch(rule, invoice, printed, term, page_value, xml_value, inv.path(term))]
    if how == "date":
        xml_value = inv.value(term)
        if xml_value is None or xml_value == page_value:
            return []
        return [_mismatch(rule, invoice, printed, term, page_value, xml_value, inv.path(term))]
    if how == "code":
        xml_value = inv.value(term)
        if not xml_value or str(page_value).strip().upper() == xml_value.strip().upper():
            return []
        return [_mismatch(rule, invoice, printed, term, page_value, xml_value, inv.path(term))]
    if how == "number":
        xml_value = inv.value(term)
        if not xml_value or _number(str(page_value)) == _number(xml_value):
            return []
        return [_mismatch(rule, invoice, printed, term, page_value, xml_value, inv.path(term))]
    if how == "iban":
        if not inv.ibans or compact_id(str(page_value)) in inv.ibans:
            return []
        return [_mismatch(rule, invoice, printed, term, page_value, " or ".join(inv.ibans), inv.path(term))]
    if how == "seller_id":
        return _seller_id(rule, invoice, printed, term)
    return []


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def _number(value: str) -> str:
    """An invoice number compared without spaces, case or the kind of dash (a PDF font's
    hyphen U+2010 prints the same as the XML's '-')."""
    return "".join(value.split()).translate(_DASHES).upper()


def _same_money(page: Decimal, xml: Decimal, tolerance: Decimal, credit_note: bool) -> bool:
    a, b = page.quantize(CENT, ROUND_HALF_UP), xml.quantize(CENT, ROUND_HALF_UP)
    return abs(a - b) <= tolerance or (credit_note and abs(a + b) <= tolerance)


def _seller_id(rule: Rule, invoice: ExtractedInvoice, printed: Field, term: str) -> list[Finding]:
    """The page's seller id against the XML's: a VAT id (two letters first) against BT-31 / BT-63,
    any other (a tax or registration number) against BT-32 / BT-30 — never a VAT id against a tax
    number, which are different identifiers of the same seller."""
    inv = invoice.xml.einvoice
    page_id = compact_id(str(printed.value)) or ""
    if page_id[:2].isalpha():
        known = [("BT-31", inv.seller_vat_id, "seller_vat_id"),
                 ("BT-63", inv.tax_representative_vat_id, "tax_representative_vat_id")]
    else:
        known = [("BT-32", inv.seller_tax_number, "seller_tax_number"), ("BT-30", inv.seller_legal_id,
                                                                          "seller_legal_id")]
    known = [(t, compact_id(v), a) for t, v, a in known if v]
    if not known or any(page_id == v for _t, v, _a in known):
        return []
    first_term, first_value, attribute = known[0]
    return [_mismatch(rule, invoice, printed, first_term, printed.value, first_value, inv.paths.get(attribute, ""))]


def _mismatch(rule: Rule, invoice: ExtractedInvoice, printed: Field, term: str, page_value, xml_value,
              xml_path: str) -> Finding:
    f = finding(rule, invoice, printed, term=term, term_name=TERM_NAMES.get(term, term), page_value=page_value,
                xml_value=xml_value, xml_path=xml_path, source=invoice.xml.source)
    return f


__all__ = ["check", "PAGE_TERMS", "show"]

"""Kind `einvoice`: the e-invoice XML of a hybrid PDF (or a bare XML file) against itself and the page.

``check:``
- ``unreadable``: a PDF carries an XML attachment that is not a readable CII/UBL invoice.
- ``profile_unknown``: the XML names a specification identifier (BT-24) no known profile has.
- ``invalid_value``: a value present in the XML but not in its declared format (a date, an amount).
- ``xml_required``: the invoice must be an e-invoice (a PDF without XML is reported).
- ``profile_not_einvoice``: the XML's profile is one of ``profiles``, which do not count as an
  e-invoice where the rule applies (ZUGFeRD MINIMUM and BASIC WL in Germany).
- ``page_xml``: each business term of ``terms`` the page prints and the XML carries must agree:
  amounts as Decimal after rounding both to the cent (the two decimals EN 16931 allows for
  document totals, BR-DEC-09 … BR-DEC-18; ``tolerance`` widens it), dates as dates, identifiers
  compacted (spaces, dots and dashes dropped, upper case).  A value the page does not print, or
  that the reader computed rather than read (``derived``), is never a mismatch.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
from invoice_lint.einvoice.model import TERM_NAMES, EInvoice
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
    kind = rule.options["check"]
    if kind == "xml_required":
        # a plain PDF: no e-invoice at all (an unreadable XML is xml-unreadable's business)
        return [finding(rule, invoice, snippet="")] if xml is None else []
    if xml is None:
        return []
    if kind == "profile_not_einvoice":
        inv = xml.einvoice
        if inv is not None and inv.profile in rule.options["profiles"]:
            return [_document_finding(rule, invoice, source=xml.source, profile=inv.profile,
                                      specification=inv.specification or "",
                                      xml_path=inv.paths.get("specification", ""))]
        return []
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
    name, _how = PAGE_TERMS[term]
    printed: Field | None = invoice.fields.get(name)
    if printed is None or printed.value is None or printed.derived:
        return []
    inv = invoice.xml.einvoice
    same, xml_term, xml_value, xml_path = agreement(term, printed.value, inv, tolerance)
    if same is not False:
        return []
    return [finding(rule, invoice, printed, term=xml_term, term_name=TERM_NAMES.get(xml_term, xml_term),
                    page_value=printed.value, xml_value=xml_value, xml_path=xml_path, source=invoice.xml.source)]


def agreement(term: str, page_value, inv: EInvoice, tolerance: Decimal = Decimal("0")):
    """(True | False | None, the XML's term, its value, its path) for one page value: None when the XML
    has nothing to compare it with.  The XML's term may be another seller identifier than BT-31 (a
    tax number, BT-32) when the page prints one of those."""
    how = PAGE_TERMS[term][1]
    if how == "seller_id":
        return _seller_id(page_value, inv)
    xml_value = inv.value(term)
    path = inv.path(term)
    if how == "iban":
        if not inv.ibans:
            return None, term, None, path
        return compact_id(str(page_value)) in inv.ibans, term, " or ".join(inv.ibans), path
    if xml_value in (None, ""):
        return None, term, None, path
    if how == "money":
        same = _same_money(page_value, xml_value, tolerance, inv.is_credit_note)
    elif how == "date":
        same = xml_value == page_value
    elif how == "code":
        same = str(page_value).strip().upper() == xml_value.strip().upper()
    else:  # number
        same = _number(str(page_value)) == _number(xml_value)
    return same, term, xml_value, path


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def _number(value: str) -> str:
    """An invoice number compared without spaces, case or the kind of dash (a PDF font's
    hyphen U+2010 prints the same as the XML's '-')."""
    return "".join(value.split()).translate(_DASHES).upper()


def _same_money(page: Decimal, xml: Decimal, tolerance: Decimal, credit_note: bool) -> bool:
    a, b = page.quantize(CENT, ROUND_HALF_UP), xml.quantize(CENT, ROUND_HALF_UP)
    return abs(a - b) <= tolerance or (credit_note and abs(a + b) <= tolerance)


def _seller_id(page_value, inv: EInvoice):
    """The page's seller id against the XML's: a VAT id (two letters first) against BT-31 / BT-63,
    any other (a tax or registration number) against BT-32 / BT-30 — never a VAT id against a tax
    number, which are different identifiers of the same seller."""
    page_id = compact_id(str(page_value)) or ""
    if page_id[:2].isalpha():
        known = [("BT-31", inv.seller_vat_id, "seller_vat_id"),
                 ("BT-63", inv.tax_representative_vat_id, "tax_representative_vat_id")]
    else:
        known = [("BT-32", inv.seller_tax_number, "seller_tax_number"),
                 ("BT-30", inv.seller_legal_id, "seller_legal_id")]
    known = [(t, compact_id(v), a) for t, v, a in known if v]
    if not known:
        return None, "BT-31", None, ""
    first_term, first_value, attribute = known[0]
    return any(page_id == v for _t, v, _a in known), first_term, first_value, inv.paths.get(attribute, "")


__all__ = ["check", "agreement", "PAGE_TERMS"]

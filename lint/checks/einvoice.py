"""Kind `einvoice`: the e-invoice XML of a hybrid PDF (or a bare XML file) against itself and the page.

``check:``
- ``unreadable``: a PDF carries an XML attachment that is not a readable CII/UBL invoice.
- ``profile_unknown``: the XML names a specification identifier (BT-24) no known profile has.
- ``invalid_value``: a value present in the XML but not in its declared format (a date, an amount).
- ``xml_required``: the invoice must be an e-invoice (a PDF without XML is reported); with
  ``exempt_up_to`` an invoice whose printed total is at most that amount is exempt (German
  Kleinbetragsrechnungen up to 250 EUR gross, § 33 UStDV).
- ``profile_not_einvoice``: the XML's profile is one of ``profiles``, which do not count as an
  e-invoice where the rule applies (ZUGFeRD MINIMUM and BASIC WL in Germany).
- ``page_xml``: each business term of ``terms`` the page prints and the XML carries must agree:
  amounts as Decimal after rounding both to the cent (the two decimals EN 16931 allows for
  document totals, BR-DEC-09 … BR-DEC-18; ``tolerance`` widens it), dates as dates, identifiers
  compacted (spaces, dots and dashes dropped, upper case).  A value the page does not print, or
  that the reader computed rather than read (``derived``), is never a mismatch.

The Spanish tax QR code (VeriFactu) on the first page of a PDF, read by ``einvoice.qr`` (the ``qr``
extra; without it these checks find nothing and ``check`` says once which extra to install):
- ``tax_qr_missing``: no AEAT tax QR code on the first page.
- ``tax_qr_invalid``: the QR's URL has a missing or malformed parameter, or points to the AEAT's
  test environment.
- ``tax_qr_page``: each of the QR's ``nif``, ``numserie``, ``fecha`` and ``importe`` the page also
  prints (seller tax id, invoice number, issue date, total) must agree: the NIF compacted and
  without an ``ES`` prefix, the number without spaces, case or the kind of dash (a page that prints
  the series apart may print only the number's end), the date as a date, the amount to the cent.
- ``tax_qr_legend``: a VERI*FACTU-mode QR (``ValidarQR``) needs one of ``phrases`` on the page.

``page_client_id`` (France): a PDF without e-invoice XML whose seller is French (its tax id a French
VAT id, SIREN or SIRET) must print the client's SIREN (or SIRET, or French VAT id, which contain
it); a client VAT id of another country makes it no domestic invoice.  Read by the page field
``buyer_tax_id`` (``fields/buyer_ids.py``).  A hybrid is judged on its XML (BT-47) instead.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from invoice_lint.checks import schema
from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, never
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.wording import _pattern
from invoice_lint.einvoice import qr as qr_codes
from invoice_lint.einvoice import verifactu
from invoice_lint.einvoice.model import TERM_NAMES, EInvoice
from invoice_lint.einvoice.xmltree import compact_id
from invoice_lint.foundation.model import ExtractedInvoice, Field, Finding

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


QR_CHECKS = ("tax_qr_missing", "tax_qr_invalid", "tax_qr_page", "tax_qr_legend")
# QR parameter -> (page field, what it is called in a finding)
QR_TERMS = {"nif": ("seller_tax_id", "issuer NIF"), "numserie": ("invoice_number", "series and number"),
            "fecha": ("issue_date", "issue date"), "importe": ("total", "total amount")}


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    xml = invoice.xml
    kind = rule.options["check"]
    if kind in QR_CHECKS:
        return _tax_qr(rule, invoice, kind)
    if kind == "page_client_id":
        return _page_client_id(rule, invoice)
    if kind == "xml_required":
        # a plain PDF: no e-invoice at all (an unreadable XML is xml-unreadable's business)
        if xml is not None or _small_amount(rule, invoice):
            return []
        return [finding(rule, invoice, snippet="")]
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


def _small_amount(rule: Rule, invoice: ExtractedInvoice) -> bool:
    limit = rule.options.get("exempt_up_to")
    total = invoice.fields.value("total")
    if limit is None or not isinstance(total, Decimal):
        return False
    return abs(total) <= Decimal(str(limit))


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


# the VeriFactu dates (RD 1007/2023 disp. final 4ª as worded by RDL 15/2025): corporate-tax payers
# (art. 3.1.a of the Reglamento) from 1 January 2027, the other taxpayers of art. 3.1 from 1 July 2027
VERIFACTU_START = {"corporate-tax": date(2027, 1, 1), "other": date(2027, 7, 1)}


def verifactu_dates(rules: list[Rule], taxpayer: str) -> list[Rule]:
    """The selected rules with the VeriFactu rules' ``in_force`` set for the config's
    ``verifactu-taxpayer`` (the packs carry the corporate-tax date; an invoice does not say
    which kind of taxpayer issued it)."""
    start = VERIFACTU_START[taxpayer]
    return [replace(r, in_force=start) if r.kind == "einvoice" and r.options.get("check") in QR_CHECKS
            and r.in_force == VERIFACTU_START["corporate-tax"] else r for r in rules]


def tax_qrs(invoice: ExtractedInvoice) -> list[verifactu.TaxQR]:
    """The AEAT tax QR codes on the invoice's first page (none for a bare XML or without the decoder)."""
    if not invoice.document.pages:
        return []
    return [code for code in map(verifactu.parse, qr_codes.first_page_codes(invoice.document.path)) if code]


def missing_decoder(rules) -> str | None:
    """One note when selected rules need the QR decoder and it is not installed (those rules then
    find nothing), in the words of the other extras."""
    codes = [r.code for r in rules if r.kind == "einvoice" and r.options.get("check") in QR_CHECKS]
    if not codes or qr_codes.available():
        return None
    return (f"rules {', '.join(codes)} (the VeriFactu tax QR code) need the {qr_codes.EXTRA} extra: "
            f'pip install "invoice-lint[{qr_codes.EXTRA}]"; they were skipped')


def _tax_qr(rule: Rule, invoice: ExtractedInvoice, kind: str) -> list[Finding]:
    if not invoice.document.pages or not qr_codes.available():
        return []
    codes = tax_qrs(invoice)
    if kind == "tax_qr_missing":
        return [] if codes else [finding(rule, invoice, snippet="")]
    if not codes:
        return []
    code = codes[0]
    if kind == "tax_qr_invalid":
        return [finding(rule, invoice, snippet=code.url, url=code.url, problem=problem) for problem in code.problems]
    if kind == "tax_qr_legend":
        if not code.verifactu:
            return []  # software not in VERI*FACTU mode prints no legend
        phrases = tuple(p for ps in rule.options["phrases"].values() for p in ps)
        pattern = _pattern(phrases)
        if pattern is None or pattern.search(" ".join(line.match_text for line in invoice.document.lines)):
            return []
        return [finding(rule, invoice, snippet=code.url, url=code.url,
                        phrases=" / ".join(f"'{p}'" for p in phrases[:3]))]
    out = []
    for name, (field_name, label) in QR_TERMS.items():
        printed = invoice.fields.get(field_name)
        qr_value = getattr(code, name)
        if printed is None or printed.value is None or printed.derived or qr_value is None:
            continue
        if not _qr_agrees(name, printed.value, qr_value):
            out.append(finding(rule, invoice, printed, parameter=name, term_name=label, page_value=printed.value,
                               qr_value=code.raw.get(name, qr_value), url=code.url))
    return out


def _french_id(value) -> str | None:
    """'vat' for a French VAT id, 'siren' for a SIREN or SIRET; None for anything else."""
    compact = compact_id(str(value or "")) or ""
    if compact.startswith("FR") and len(compact) == 13:
        return "vat"
    if compact.isdigit() and len(compact) in (9, 14):
        return "siren"
    return None


def _page_client_id(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    if invoice.xml is not None and invoice.xml.einvoice is not None:
        return []  # a hybrid: the XML's BT-47 decides (FR011)
    if not invoice.document.pages or _french_id(invoice.fields.value("seller_tax_id")) is None:
        return []  # not a French seller, or not known to be one
    buyer = invoice.fields.get("buyer_tax_id")
    if buyer is not None:
        return []  # a SIREN, a SIRET, a French VAT id (the SIREN is in it) or another country's VAT id
    return [finding(rule, invoice, snippet="")]


def _qr_agrees(name: str, page_value, qr_value) -> bool:
    if name == "nif":
        page_id = compact_id(str(page_value)) or ""
        if page_id.startswith("ES"):
            page_id = page_id[2:]
        return page_id == qr_value
    if name == "numserie":
        page_number, qr_number = _number(str(page_value)), _number(qr_value)
        return page_number == qr_number or (len(page_number) >= 3 and qr_number.endswith(page_number))
    if name == "fecha":
        return page_value == qr_value
    return _same_money(page_value, qr_value, Decimal("0"), True)  # a rectificativa may print its sign apart


CHECKS = ("unreadable", "profile_unknown", "invalid_value", "page_xml", "xml_required", "profile_not_einvoice",
          *QR_CHECKS, "page_client_id")


def validate(options: dict, key: tuple, reg: schema.Registry) -> None:
    check = schema.which_check("einvoice", CHECKS, options, key)
    schema.only(options, key, {"page_xml": {"check", "terms", "tolerance"},
                               "profile_not_einvoice": {"check", "profiles"},
                               "tax_qr_legend": {"check", "phrases"},
                               "xml_required": {"check", "exempt_up_to"}}.get(check, {"check"}))
    if "exempt_up_to" in options:
        schema.expect_number(options["exempt_up_to"], key + ("exempt_up_to",), minimum=0)
    if check == "tax_qr_legend":
        if "phrases" not in options:
            raise schema.PackError(key + ("phrases",), "missing: the legend's phrases, per language")
        schema.phrases_per_language(options, key, reg)
    if check == "profile_not_einvoice":
        if "profiles" not in options:
            raise schema.PackError(key + ("profiles",), "missing: the profiles that are not e-invoices here")
        for i, profile in enumerate(schema.expect_list(options["profiles"], key + ("profiles",))):
            schema.expect_text(profile, key + ("profiles", i))
    for i, term in enumerate(schema.expect_list(options.get("terms", list(PAGE_TERMS)), key + ("terms",))):
        schema.expect_choice(term, key + ("terms", i), tuple(PAGE_TERMS), "business term")
    if "tolerance" in options:
        schema.expect_number(options["tolerance"], key + ("tolerance",), minimum=0)


# each check knows what it needs of the page (a bare XML has none: ``page_xml`` and the QR checks skip it)
KIND = Kind("einvoice", check=lambda rule, invoice, config: check(rule, invoice), validate=validate,
            about_the_page=never, checks=CHECKS,
            summary="the e-invoice XML of a hybrid PDF or a bare XML: readable, a known profile, agreeing with "
                    "the page; the tax QR code; e-invoice duties",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in CHECKS) + "; `page_xml` may name "
                    "`terms` (business terms compared: " + ", ".join(f"`{t}`" for t in PAGE_TERMS) + ") and "
                    "`tolerance` (a number >= 0, default 0: amounts must agree to the cent); `xml_required` may "
                    "name `exempt_up_to` (a total up to which a plain PDF is allowed); `profile_not_einvoice` "
                    "needs `profiles`; `tax_qr_legend` needs `phrases` (`{language: [phrase, ...]}`)")

__all__ = ["check", "agreement", "PAGE_TERMS", "QR_CHECKS", "missing_decoder", "tax_qrs", "verifactu_dates"]

"""Invoices built by hand for the rule tests: what the reader would have found on a page (lines,
fields, labels) and an e-invoice XML (a real CII document, read by the real XML reader), without a
PDF.  ``invoice`` is the builder of tests/test_rules_kinds.py, ``cii`` that of
tests/test_en16931_rules.py; ``from_case`` builds one from a rule's case file
(``rules/packs/<pack>/cases/<CODE>.yaml``, docs/rules.md "Adding a rule, with its cases")."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from invoice_lint.einvoice import EmbeddedXml, XmlUnreadable, read_xml
from invoice_lint.foundation.model import (
    FIELD_NAMES,
    Document,
    ExtractedInvoice,
    Field,
    InvoiceFields,
    Line,
    LineItem,
    Page,
    TaxLine,
    Word,
)
from invoice_lint.foundation.text import fold

MONEY = ("subtotal", "tax_rate", "tax_amount", "prepaid_amount", "total", "amount_due")


def page_lines(lines) -> list[Line]:
    """Printed lines as the reader gives them: one row each, words 10 points apart, on page 1."""
    out = []
    for i, text in enumerate(lines, start=1):
        words = [Word(t, 10.0 * j, 10.0 * i, 10.0 * j + 8, 10.0 * i + 8, 1) for j, t in enumerate(text.split())]
        out.append(Line(words, 1, number=i, text=text, match_text=fold(text), row=i))
    return out


def invoice(lines=(), language="en", path="inv.pdf", **values) -> ExtractedInvoice:
    """A one-page invoice printing ``lines``, with the fields ``values`` (already typed)."""
    doc = Document(Path(path), [Page(1, 595, 842, page_lines(lines))], language=language)
    fields = InvoiceFields()
    for name, value in values.items():
        fields.set(Field(name, value, 1, (0, 0, 1, 1), str(value), 1))
    return ExtractedInvoice(doc, fields)


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (object 1 the catalog), with its cross-reference table: a file
    written byte by byte, for what no PDF library would write."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- a CII (EN 16931) e-invoice ------------------------------------------------------------------

def cii_line(line_id, amount, category="S", rate="20.00", parent=None, status=None) -> str:
    extra = (f"<ram:ParentLineID>{parent}</ram:ParentLineID>" if parent else "") + \
            (f"<ram:LineStatusReasonCode>{status}</ram:LineStatusReasonCode>" if status else "")
    return f"""<ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>{line_id}</ram:LineID>{extra}</ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Item {line_id}</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode>
        <ram:CategoryCode>{category}</ram:CategoryCode><ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation>
        <ram:LineTotalAmount>{amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>"""


def cii_tax(base, amount, category="S", rate="20.00", reason=None) -> str:
    why = f"<ram:ExemptionReason>{reason}</ram:ExemptionReason>" if reason else ""
    return (f"<ram:ApplicableTradeTax><ram:CalculatedAmount>{amount}</ram:CalculatedAmount><ram:TypeCode>VAT"
            f"</ram:TypeCode>{why}<ram:BasisAmount>{base}</ram:BasisAmount><ram:CategoryCode>{category}"
            f"</ram:CategoryCode><ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>")


def cii_charge(amount, charge=True, category="S", rate="20.00") -> str:
    return (f"<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>{str(charge).lower()}"
            f"</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>{amount}</ram:ActualAmount>"
            f"<ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>{category}</ram:CategoryCode>"
            f"<ram:RateApplicablePercent>{rate}</ram:RateApplicablePercent></ram:CategoryTradeTax>"
            f"</ram:SpecifiedTradeAllowanceCharge>")


# A complete, consistent EN 16931 invoice: two lines 2400.00 + 135.00 at 20% S, a 10.00 charge and a
# 10.00 allowance, VAT 507.00, total 3042.00, 42.00 paid, 3000.00 due.
CII_BASE = dict(spec="urn:cen.eu:en16931:2017", number="FA-1", type_code="380", issue="20260815", currency="EUR",
                seller="Atelier", vat="FR40392809137", seller_country="FR", buyer="Client", buyer_country="FR",
                buyer_id=None, lines=cii_line("1", "2400.00") + cii_line("2", "135.00"),
                taxes=cii_tax("2535.00", "507.00"), charges=cii_charge("10.00") + cii_charge("10.00", charge=False),
                line_total="2535.00", charge_total="10.00", allowance_total="10.00", basis="2535.00", tax="507.00",
                grand="3042.00", paid="42.00", due="3000.00")


def cii(**changes) -> bytes:
    """The consistent invoice's CII XML with ``changes`` (None leaves an element out)."""
    v = {**CII_BASE, **changes}

    def el(name, value, attrs=""):
        return f"<ram:{name}{attrs}>{value}</ram:{name}>" if value is not None else ""

    address = lambda country: (f"<ram:PostalTradeAddress>{el('CountryID', country)}</ram:PostalTradeAddress>"  # noqa: E731
                               if country is not None else "")
    tax_id = (f"<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">{v['vat']}</ram:ID>"
              f"</ram:SpecifiedTaxRegistration>" if v["vat"] else "")
    buyer_id = (f"<ram:SpecifiedLegalOrganization><ram:ID schemeID=\"0002\">{v['buyer_id']}</ram:ID>"
                f"</ram:SpecifiedLegalOrganization>" if v["buyer_id"] else "")
    spec = (f"<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>{el('ID', v['spec'])}"
            f"</ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>" if v["spec"] else "")
    issue = (f"<ram:IssueDateTime><udt:DateTimeString format=\"102\">{v['issue']}</udt:DateTimeString>"
             f"</ram:IssueDateTime>" if v["issue"] else "")
    return f"""<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
      xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">{spec}
     <rsm:ExchangedDocument>{el('ID', v['number'])}{el('TypeCode', v['type_code'])}{issue}</rsm:ExchangedDocument>
     <rsm:SupplyChainTradeTransaction>{v['lines']}
      <ram:ApplicableHeaderTradeAgreement>
       <ram:SellerTradeParty>{el('Name', v['seller'])}{address(v['seller_country'])}{tax_id}</ram:SellerTradeParty>
       <ram:BuyerTradeParty>{el('Name', v['buyer'])}{buyer_id}{address(v['buyer_country'])}</ram:BuyerTradeParty>
      </ram:ApplicableHeaderTradeAgreement>
      <ram:ApplicableHeaderTradeSettlement>{el('InvoiceCurrencyCode', v['currency'])}{v['taxes']}{v['charges']}
       <ram:SpecifiedTradeSettlementHeaderMonetarySummation>{el('LineTotalAmount', v['line_total'])}
        {el('ChargeTotalAmount', v['charge_total'])}{el('AllowanceTotalAmount', v['allowance_total'])}
        {el('TaxBasisTotalAmount', v['basis'])}{el('TaxTotalAmount', v['tax'], ' currencyID="EUR"')}
        {el('GrandTotalAmount', v['grand'])}{el('TotalPrepaidAmount', v['paid'])}{el('DuePayableAmount', v['due'])}
       </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
      </ram:ApplicableHeaderTradeSettlement>
     </rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>""".encode()


def cii_from_data(changes: dict) -> bytes:
    """``cii`` from a case's ``xml:`` mapping, where lines, taxes and charges are lists of mappings
    (the keyword arguments of ``cii_line``, ``cii_tax`` and ``cii_charge``; ``id`` for a line's id)."""
    values = dict(changes)
    unknown = set(values) - set(CII_BASE)
    assert not unknown, f"unknown xml keys {sorted(unknown)} (known: {sorted(CII_BASE)})"
    if "lines" in values:
        values["lines"] = "".join(cii_line(str(x.pop("id")), **{k: str(v) for k, v in x.items()})
                                  for x in map(dict, values["lines"] or []))
    if "taxes" in values:
        values["taxes"] = "".join(cii_tax(**{k: str(v) for k, v in x.items()}) for x in values["taxes"] or [])
    if "charges" in values:
        values["charges"] = "".join(cii_charge(**{k: (v if isinstance(v, bool) else str(v)) for k, v in x.items()})
                                    for x in values["charges"] or [])
    return cii(**{k: (v if v is None or isinstance(v, str) else str(v)) for k, v in values.items()})


# --- a rule's case ------------------------------------------------------------------------------

CASE_KEYS = {"fields", "printed", "labels", "text", "language", "path", "xml", "bare", "qr"}


def _value(name: str, value: Any) -> Any:
    if name == "line_items":
        return [LineItem(str(x["description"]), *(_decimal(x.get(k)) for k in ("quantity", "unit_price", "amount")))
                for x in value]
    if name == "tax_breakdown":
        return [TaxLine(*(_decimal(x.get(k)) for k in ("rate", "base", "amount"))) for x in value]
    if name in MONEY:
        return _decimal(value)
    if isinstance(value, (date, list, int)) or value is None:
        return value
    return str(value)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _embedded(spec: dict, bare: bool, source: str) -> EmbeddedXml:
    if "raw" in spec:
        try:
            return EmbeddedXml(source=source, einvoice=read_xml(spec["raw"].encode()), bare=bare)
        except XmlUnreadable as exc:
            return EmbeddedXml(source=source, problem=str(exc) if bare else f"{source} {exc}", bare=bare)
    return EmbeddedXml(source=source, einvoice=read_xml(cii_from_data(spec)), bare=bare)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_pdf(path: Path, rows: list[tuple], stamp: str | None = None) -> Path:
    """A one-page A4 PDF printing each (x, y from the top, text) in DejaVu at 10 pt, and, when
    given, ``stamp`` set at 35° across the middle at 60 pt (a "PAID" stamp)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuText", str(DEJAVU)))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("DejaVuText", 10)
    for x, y, text in rows:
        c.drawString(x, A4[1] - y, text)
    if stamp:
        c.saveState()
        c.translate(150, A4[1] - 520)
        c.rotate(35)
        c.setFont("DejaVuText", 60)
        c.setFillColorRGB(0.8, 0.1, 0.1)
        c.drawString(0, 0, stamp)
        c.restoreState()
    c.save()
    return path


def check_codes(path: Path) -> set[str]:
    """The rule codes the real CLI's ``check`` reports on ``path`` (JSON output, no cache)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "invoice_lint", "check", str(path), "--output-format", "json",
                           "--no-cache", "--no-progress", "--exit-zero"], capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return {f["code"] for f in json.loads(proc.stdout)["findings"]}


def qr_pdf(path: Path, text: str) -> Path:
    """A one-page PDF printing a real QR code of ``text`` (segno) in the top left corner, 35 mm, as
    the AEAT asks of the VeriFactu code."""
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    image = io.BytesIO()
    segno.make(text, error="m").save(image, kind="png", scale=4, border=4)
    image.seek(0)
    c.drawImage(ImageReader(image), 15 * mm, A4[1] - 50 * mm, 35 * mm, 35 * mm)
    c.save()
    return path


def from_case(spec: dict, folder: Path, default_path: str) -> ExtractedInvoice:
    """The invoice a case describes (its keys: docs/rules.md "Adding a rule, with its cases")."""
    unknown = set(spec) - CASE_KEYS
    assert not unknown, f"unknown case keys {sorted(unknown)} (known: {sorted(CASE_KEYS)})"
    path = Path(spec.get("path", default_path))
    bare = bool(spec.get("bare"))
    if "qr" in spec:
        path = qr_pdf(folder / path.name, spec["qr"])
    pages = [] if bare else [Page(1, 595, 842, page_lines(spec.get("text", ())))]
    document = Document(path, pages, language=spec.get("language", "en"))
    fields = InvoiceFields(labels={k: list(v) for k, v in (spec.get("labels") or {}).items()})
    printed = spec.get("printed") or {}
    for name, value in (spec.get("fields") or {}).items():
        assert name in FIELD_NAMES, f"unknown field {name!r}"
        typed = _value(name, value)
        fields.set(Field(name, typed, None if bare else 1, None if bare else (0, 0, 1, 1),
                         str(printed.get(name, value)), None if bare else 1))
    xml = None
    if "xml" in spec:
        xml = _embedded(spec["xml"] or {}, bare, path.name if bare else "factur-x.xml")
    return ExtractedInvoice(document, fields, xml=xml)

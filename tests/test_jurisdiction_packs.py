"""Jurisdiction packs fr / de / es (issue #15, part 4): rules that come into force on a date bind
invoices by their issue date (the page's, else the XML's), never by today's date."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, require_shared
from invoice_lint.checks.engine import check_invoices, load_rules
from invoice_lint.config import Config
from invoice_lint.einvoice import EmbeddedXml, embedded_xml, read_xml
from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.model import Document, ExtractedInvoice, Field, InvoiceFields
from invoice_lint.pipeline import read_invoice

RULES = load_rules(Config(jurisdiction=["fr", "de", "es"]))
CAS = "public-samples/VALENTINDML+facturx-cas-limites/cas"


def _codes(invoice, prefix=""):
    return sorted(f.code for f in check_invoices([invoice], ruleset=RULES) if f.code.startswith(prefix))


def _with_issue_date(invoice: ExtractedInvoice, day: date | None) -> ExtractedInvoice:
    if day is None:
        invoice.fields.fields.pop("issue_date", None)
    else:
        invoice.fields.set(Field(name="issue_date", value=day, page=1))
    return invoice


def _plain_pdf(day: date | None) -> ExtractedInvoice:
    doc = Document(path=Path("plain.pdf"), pages=[], language="de")
    return _with_issue_date(ExtractedInvoice(document=doc, fields=InvoiceFields()), day)


@pytest.mark.parametrize("day, codes", [
    (date(2026, 12, 31), []),
    (date(2027, 1, 1), ["DE001"]),  # turnover over 800,000 EUR: e-invoices from 2027
    (date(2028, 1, 1), ["DE001", "DE002"]),  # everybody from 2028
    (None, []),  # no issue date: not held to a dated rule (REQ002 reports the missing date)
])
def test_german_e_invoice_duty_follows_the_issue_date(day, codes):
    assert _codes(_plain_pdf(day), "DE") == codes


@pytest.mark.parametrize("total, codes", [("250.00", []), ("-180.00", []), ("250.01", ["DE001", "DE002"])])
def test_small_amount_invoices_need_no_e_invoice(total, codes):
    """Kleinbetragsrechnungen (gross total up to 250 EUR, § 33 UStDV) may always be other invoices."""
    from decimal import Decimal

    invoice = _plain_pdf(date(2028, 3, 1))
    invoice.fields.set(Field(name="total", value=Decimal(total), page=1))
    assert _codes(invoice, "DE") == codes


def test_a_hybrid_is_no_plain_pdf_and_the_xml_dates_an_invoice_whose_page_does_not():
    from invoice_lint.checks.engine import issue_date

    corpus = require_shared()
    pdf = corpus / CAS / "CALC-001/facture.pdf"  # the XML says issued 2026-08-15
    invoice = ExtractedInvoice(document=Document(path=pdf, pages=[], language="de"), fields=InvoiceFields(),
                               xml=embedded_xml(pdf))
    assert issue_date(invoice) == date(2026, 8, 15)  # no page date: the XML's
    assert _codes(_with_issue_date(invoice, date(2028, 3, 1)), "DE") == []  # a hybrid is an e-invoice
    assert issue_date(invoice) == date(2028, 3, 1)  # the page's date first
    unreadable = ExtractedInvoice(document=Document(path=pdf, pages=[]), fields=InvoiceFields(),
                                  xml=EmbeddedXml(source="factur-x.xml", problem="not well-formed"))
    assert issue_date(unreadable) is None


def test_zugferd_profiles_that_are_not_e_invoices_in_germany():
    corpus = require_shared()
    found = {}
    for pdf in sorted((corpus / "public-samples").rglob("*.pdf")):
        xml = embedded_xml(pdf)
        if xml and xml.einvoice and xml.einvoice.profile in ("BASIC WL", "ZUGFeRD 1.0 BASIC", "EN 16931"):
            found.setdefault(xml.einvoice.profile, (pdf, xml))
    for profile, (pdf, xml) in found.items():
        invoice = ExtractedInvoice(document=Document(path=pdf, pages=[]), fields=InvoiceFields(), xml=xml)
        _with_issue_date(invoice, date(2025, 6, 1))
        assert _codes(invoice, "DE003") == ([] if profile == "EN 16931" else ["DE003"]), profile
        _with_issue_date(invoice, date(2024, 12, 31))  # before the e-invoice law: not checked
        assert _codes(invoice, "DE003") == []


@pytest.fixture(scope="module")
def calc_001():
    return read_invoice(require_shared() / CAS / "CALC-001/facture.pdf")


def test_french_mentions_on_a_real_page(calc_001):
    # the page prints no penalties, no recovery indemnity and no escompte (they are only in the XML's notes)
    assert calc_001.fields.value("issue_date") == date(2026, 8, 15)
    assert _codes(calc_001, "FR") == ["FR001", "FR002", "FR003"]
    # the operation category and the client's SIREN bind invoices issued from 1 September 2026
    later = _with_issue_date(read_invoice(calc_001.document.path), date(2026, 9, 15))
    assert _codes(later, "FR") == ["FR001", "FR002", "FR003", "FR010"]  # the XML has the buyer's SIREN


def test_client_siren_in_the_xml_of_a_domestic_french_invoice():
    xml = (b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
           b'xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">'
           b'<rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement>'
           b'<ram:SellerTradeParty><ram:Name>A</ram:Name><ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID>'
           b'</ram:PostalTradeAddress></ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>B</ram:Name>'
           b'<ram:PostalTradeAddress><ram:CountryID>%s</ram:CountryID></ram:PostalTradeAddress>'
           b'</ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement></rsm:SupplyChainTradeTransaction>'
           b'</rsm:CrossIndustryInvoice>')

    def invoice(buyer_country: bytes, day: date) -> ExtractedInvoice:
        inv = ExtractedInvoice(document=Document(path=Path("x.xml"), pages=[]), fields=InvoiceFields(),
                               xml=EmbeddedXml(source="x.xml", einvoice=read_xml(xml % buyer_country), bare=True))
        return _with_issue_date(inv, day)

    assert _codes(invoice(b"FR", date(2026, 9, 1)), "FR011") == ["FR011"]
    assert _codes(invoice(b"FR", date(2026, 8, 31)), "FR011") == []
    assert _codes(invoice(b"DE", date(2026, 9, 1)), "FR011") == []  # not a domestic French invoice


def test_verifactu_qr_from_2027_on_a_spanish_page():
    """A page without the tax QR code: ES011 from 2027; the legend (ES010) is asked only beside a
    VERI*FACTU-mode QR code (tests/test_verifactu_qr.py prints real ones)."""
    pytest.importorskip("zxingcpp")
    invoice = read_invoice(ROOT / "sample_invoices" / "es-01-bordered-clean.pdf")
    assert invoice.document.base_language == "es"
    assert _codes(_with_issue_date(invoice, date(2026, 12, 31)), "ES01") == []
    assert _codes(_with_issue_date(invoice, date(2027, 1, 4)), "ES01") == ["ES011"]


def test_without_the_qr_extra_the_qr_rules_are_skipped_with_one_note():
    sample = ROOT / "sample_invoices" / "es-01-bordered-clean.pdf"
    code = ("import sys; sys.modules['zxingcpp'] = None; from invoice_lint.cli import main; "
            f"sys.exit(main(['check', '--jurisdiction', 'es', '--no-cache', '--output-format', 'json', {str(sample)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert 'rules ES010, ES011, ES012, ES013 (the VeriFactu tax QR code) need the qr extra: ' \
           'pip install "invoice-lint[qr]"; they were skipped' in result.stderr
    assert result.stderr.count("qr extra") == 1 and "Traceback" not in result.stderr


def test_the_cli_takes_the_packs_and_shows_when_a_rule_is_in_force():
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "rule", "FR010"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0
    assert "## In force\nFor invoices issued on or after 2026-09-01" in result.stdout
    assert "décret n° 2022-1299" in result.stdout


def test_in_force_must_be_a_date(tmp_path):
    from invoice_lint.checks.rules import load_catalogue

    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "rules.yaml").write_text("rules:\n  - code: HSE001\n    name: house-rule\n    kind: einvoice\n"
                                     "    severity: error\n    in_force: 1 September 2026\n"
                                     "    options: {check: xml_required}\n    message: m\n    rationale: r\n"
                                     "    basis: b\n")
    with pytest.raises(ConfigError, match=re.escape("in_force: must be a date written YYYY-MM-DD")):
        load_catalogue((tmp_path,))

"""The parsers on real invoices: what invoice2data's expected JSON and the Factur-X XML say
is printed must be read from the pdfplumber text of the page (used in place, never copied)."""
from __future__ import annotations

import functools
import json
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CORPUS
from invoice_lint.fields import amounts, dates, identifiers, terms

# Language of each invoice2data sample (the parsers take it from the detected document).
INVOICE2DATA = {
    "AmazonWebServices": "en",
    "AzureInterior": "en-US",
    "FlipkartInvoice": "en",
    "NetpresseInvoice": "fr",
    "QualityHosting": "de",
    "SammyMaystoneLinesTest": "en-US",
    "coolblue1": "nl",
    "coolblue2": "nl",
    "free_fiber": "fr",
    "oyo": "en",
    "saeco": "nl",
}
# Values the expected JSON states that are not in the page text: AzureInterior's "iban" is a
# bank account number without an IBAN country format; saeco prints its bank data in an image.
IBAN_NOT_IN_TEXT = {"AzureInterior", "saeco"}


@functools.cache
def _lines(path: Path) -> tuple[str, ...]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return tuple(line for page in pdf.pages for line in (page.extract_text() or "").splitlines())


def _amounts(path: Path, language: str) -> set[Decimal]:
    return {m.value for line in _lines(path) for m in amounts.find_amounts(line, language)}


def _dates(path: Path, language: str) -> set[date]:
    return {d.value for line in _lines(path) for d in dates.find_dates(line, language)}


def _expected(name: str) -> dict:
    return json.loads((CORPUS / "invoice2data" / f"{name}.json").read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize("name", sorted(INVOICE2DATA))
def test_invoice2data_amounts_and_dates_parse(corpus, name):
    language = INVOICE2DATA[name]
    path = corpus / "invoice2data" / f"{name}.pdf"
    expected = _expected(name)
    found_amounts = _amounts(path, language)
    for key in ("amount", "amount_untaxed", "amount_tax"):
        if key in expected:
            value = Decimal(str(expected[key])).quantize(Decimal("0.01"))
            assert value in found_amounts, f"{name}: {key} {value} not read"
    found_dates = _dates(path, language)
    for key in ("date", "date_due"):
        if key in expected:
            assert date.fromisoformat(expected[key]) in found_dates, f"{name}: {key} {expected[key]} not read"


@pytest.mark.parametrize("name", sorted(INVOICE2DATA))
def test_invoice2data_ids_parse(corpus, name):
    path = corpus / "invoice2data" / f"{name}.pdf"
    expected = _expected(name)
    lines = _lines(path)
    if "iban" in expected and name not in IBAN_NOT_IN_TEXT:
        ibans = {m.value: m.valid for line in lines for m in identifiers.find_ibans(line)}
        assert ibans.get(identifiers.compact_iban(expected["iban"])) is True
    if "vat" in expected:
        vat_ids = {m.value: m.valid for line in lines for m in identifiers.find_vat_ids(line)}
        assert vat_ids.get(expected["vat"].replace(" ", "")) is True


def test_invoice2data_currency_marks(corpus):
    for name, code in [("AmazonWebServices", "USD"), ("coolblue1", "EUR"), ("oyo", "INR"), ("QualityHosting", "EUR")]:
        codes = {m.currency for line in _lines(corpus / "invoice2data" / f"{name}.pdf")
                 for m in amounts.find_amounts(line, INVOICE2DATA[name]) if m.currency}
        assert codes == {code}, name


def test_masked_iban_on_a_real_invoice(corpus):
    found = [m for line in _lines(corpus / "invoice2data" / "free_fiber.pdf") for m in identifiers.find_ibans(line)]
    assert [(m.masked, m.valid, m.value[:4]) for m in found] == [(True, None, "FR76")]


def test_printed_payment_terms(corpus):
    def terms_in(name, language):
        return [terms.parse_payment_terms(line, language) for line in _lines(corpus / "invoice2data" / f"{name}.pdf")
                if "terms" in line.lower() or "zahlungsbedingungen" in line.lower()]

    assert terms_in("AzureInterior", "en") == [15]
    assert terms_in("SammyMaystoneLinesTest", "en") == [30]
    assert 14 in terms_in("QualityHosting", "de")
    facturx = _lines(corpus / "facturx-fr" / "Facture_F20220023-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.pdf")
    assert [terms.parse_payment_terms(line, "fr") for line in facturx if "CONDITIONS DE PAIEMENT" in line] == [30]


# --- Factur-X: the embedded CII XML is the ground truth ----------------------------------

NS = {
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def _facturx_pdfs() -> list[str]:
    folder = CORPUS / "facturx-fr"
    return sorted(p.name for p in folder.glob("*.pdf")) if folder.exists() else ["(corpus missing)"]


def _xml_truth(path: Path) -> dict:
    from facturx import get_xml_from_pdf

    _, xml = get_xml_from_pdf(path.read_bytes(), check_xsd=False)
    root = ET.fromstring(xml)

    def text(xpath):
        node = root.find(xpath, NS)
        return node.text.strip() if node is not None and node.text else None

    summary = ".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    return {
        "amounts": [Decimal(v) for v in (text(summary + k) for k in
                    ("TaxBasisTotalAmount", "TaxTotalAmount", "GrandTotalAmount", "DuePayableAmount")) if v],
        "dates": [date(int(v[:4]), int(v[4:6]), int(v[6:])) for v in (
            text(".//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
            text(".//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")) if v],
        "iban": text(".//ram:PayeePartyCreditorFinancialAccount/ram:IBANID"),
        "vat": text(".//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
    }


@pytest.mark.parametrize("filename", _facturx_pdfs())
def test_facturx_printed_values_match_the_xml(corpus, filename):
    path = corpus / "facturx-fr" / filename
    truth = _xml_truth(path)
    assert truth["amounts"] and truth["dates"]
    found_amounts = _amounts(path, "fr")
    for value in truth["amounts"]:
        assert value in found_amounts, f"{filename}: {value} not read"
    found_dates = _dates(path, "fr")
    for value in truth["dates"]:
        assert value in found_dates, f"{filename}: {value} not read"
    lines = _lines(path)
    if truth["iban"]:
        ibans = {m.value: m.valid for line in lines for m in identifiers.find_ibans(line)}
        assert ibans.get(identifiers.compact_iban(truth["iban"])) is True
    if truth["vat"]:
        vat_ids = {m.value for line in lines for m in identifiers.find_vat_ids(line)}
        assert truth["vat"] in vat_ids
    for line in lines:  # not every sample prints terms; those that do say 30 days net
        if "CONDITIONS DE PAIEMENT" in line.upper():
            assert terms.parse_payment_terms(line, "fr") == 30

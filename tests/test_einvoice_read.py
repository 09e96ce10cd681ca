"""Reading e-invoice XML (issue #15, part 1): the XML embedded in every hybrid PDF of the shared
corpus, CII (Factur-X / ZUGFeRD 2.x), ZUGFeRD 1.0 and UBL, typed values with their XML paths, and
the parser's refusals (DOCTYPE, entities, not well-formed, not an invoice)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import require_shared
from invoice_lint.einvoice import XmlUnreadable, embedded_xml, looks_like_einvoice, read_xml, xml_file
from invoice_lint.einvoice.attachments import xml_attachments

CAS = "public-samples/VALENTINDML+facturx-cas-limites/cas"


@pytest.fixture(scope="module")
def corpus_xml():
    corpus = require_shared()
    return {pdf: embedded_xml(pdf) for pdf in sorted(corpus.rglob("*.pdf"))}


def test_every_hybrid_in_the_corpus_has_its_xml_found_and_read(corpus_xml):
    corpus = require_shared()
    hybrids = {pdf: xml for pdf, xml in corpus_xml.items() if xml is not None}
    # 59 in public-samples (58 readable), 11 in facturx-fr, 1 (UBL) in invoice2data
    assert len(hybrids) == 71
    assert sum(1 for pdf in hybrids if "public-samples" in pdf.parts) == 59
    unreadable = {pdf.relative_to(corpus).as_posix(): xml.problem for pdf, xml in hybrids.items() if xml.einvoice is None}
    # the one planted broken XML (an unescaped '&' in an item name) and nothing else
    assert list(unreadable) == [f"{CAS}/RBT-002/facture.pdf"]
    assert "factur-x.xml is not well-formed XML" in unreadable[f"{CAS}/RBT-002/facture.pdf"]
    for pdf, xml in hybrids.items():
        inv = xml.einvoice
        if inv is None:
            continue
        assert inv.invoice_number and inv.currency and inv.grand_total is not None, pdf
        assert isinstance(inv.grand_total, Decimal) and isinstance(inv.amount_due, Decimal), pdf
        assert inv.issue_date is None or isinstance(inv.issue_date, date)
        if inv.syntax != "UBL":  # the one UBL (Odoo's) names no specification identifier
            assert inv.profile, (pdf, inv.specification)


def test_cii_values_types_and_paths(corpus_xml):
    corpus = require_shared()
    inv = corpus_xml[corpus / CAS / "CALC-001/facture.pdf"].einvoice
    assert (inv.syntax, inv.profile) == ("CII", "BASIC")
    assert inv.invoice_number == "FA-2026-0001" and inv.type_code == "380"
    assert (inv.issue_date, inv.due_date, inv.supply_date) == (date(2026, 8, 15), date(2026, 9, 14), date(2026, 8, 31))
    assert (inv.line_total, inv.tax_basis_total, inv.tax_total) == (Decimal("2535.00"), Decimal("2535.00"),
                                                                    Decimal("507.00"))
    assert (inv.grand_total, inv.amount_due) == (Decimal("3000.00"), Decimal("3042.00"))  # the planted difference
    assert inv.seller_vat_id == "FR40392809137" and inv.seller_legal_id == "392809137"
    assert inv.seller_country == "FR" and inv.buyer_name == "Communaute de communes du Val de Loire"
    assert [(b.category, b.rate, b.base, b.amount) for b in inv.vat_breakdown] == [
        ("S", Decimal("20.00"), Decimal("2535.00"), Decimal("507.00"))]
    assert [(line.quantity, line.net_price, line.net_amount) for line in inv.lines] == [
        (Decimal("1.00"), Decimal("2400.00"), Decimal("2400.00")), (Decimal("3.00"), Decimal("45.00"), Decimal("135.00"))]
    assert inv.path("BT-112") == ("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/"
                                  "ram:ApplicableHeaderTradeSettlement/"
                                  "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount")
    assert inv.lines[1].path.endswith("ram:IncludedSupplyChainTradeLineItem[2]")


def test_a_date_not_in_its_declared_format_is_a_problem_under_its_business_term(corpus_xml):
    inv = corpus_xml[require_shared() / CAS / "DATA-001/facture.pdf"].einvoice
    assert inv.issue_date is None
    [problem] = inv.problems
    assert (problem.term, problem.text) == ("BT-2", "2026-08-15")
    assert problem.path.endswith("ram:IssueDateTime/udt:DateTimeString") and "format 102" in problem.problem


def test_ubl_and_zugferd_1(corpus_xml):
    corpus = require_shared()
    ubl = corpus_xml[corpus / "invoice2data/AzureInterior.pdf"]
    assert ubl.source == "UBL-Invoice-2.1.xml"
    inv = ubl.einvoice
    assert (inv.syntax, inv.specification, inv.profile) == ("UBL", None, None)
    assert (inv.invoice_number, inv.issue_date, inv.due_date, inv.currency) == (
        "INV/2023/03/0008", date(2023, 3, 20), date(2023, 4, 4), "USD")
    assert (inv.line_total, inv.tax_total, inv.grand_total, inv.prepaid_amount, inv.amount_due) == (
        Decimal("262.90"), Decimal("16.94"), Decimal("279.84"), Decimal("0.00"), Decimal("279.84"))
    assert inv.seller_name == "Azure Interior" and len(inv.lines) == 7
    assert inv.path("BT-112") == "/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    [zf1] = [x.einvoice for x in corpus_xml.values() if x and x.einvoice and x.einvoice.syntax == "ZUGFeRD 1.0"]
    assert zf1.profile == "ZUGFeRD 1.0 BASIC" and zf1.grand_total is not None and zf1.issue_date is not None
    assert zf1.path("BT-112").endswith("ram:SpecifiedTradeSettlementMonetarySummation/ram:GrandTotalAmount")


CII_HEAD = (b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" '
            b'xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">')


@pytest.mark.parametrize("data, reason", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<Invoice>&b;</Invoice>', "DOCTYPE"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Invoice><ID>&x;</ID></Invoice>',
     "DOCTYPE"),
    (b"<Invoice><ID>1 & 2</ID></Invoice>", "not well-formed"),
    (b"%PDF-1.4 not xml", "not well-formed"),
    (b'<?xml version="1.0"?><config/>', "not an e-invoice"),
])
def test_refused_xml(data, reason):
    with pytest.raises(XmlUnreadable, match=reason):
        read_xml(data)


def test_a_minimal_cii_reads_with_missing_terms_left_none():
    inv = read_xml(CII_HEAD + b"<rsm:ExchangedDocument><ram:ID>A-1</ram:ID></rsm:ExchangedDocument>"
                              b"</rsm:CrossIndustryInvoice>")
    assert inv.invoice_number == "A-1" and inv.grand_total is None and inv.specification is None
    assert inv.profile is None and inv.lines == []


def test_bare_files(tmp_path):
    corpus = require_shared()
    [(name, data)] = xml_attachments(corpus / "invoice2data/AzureInterior.pdf")
    good = tmp_path / "azure.xml"
    good.write_bytes(data)
    other = tmp_path / "settings.xml"
    other.write_text('<?xml version="1.0"?><settings/>')
    broken = tmp_path / "broken.xml"
    broken.write_text("<Invoice><cbc:ID>")
    assert xml_file(good).einvoice.invoice_number == "INV/2023/03/0008"
    assert xml_file(good).bare
    assert "not well-formed" in xml_file(broken).problem
    assert xml_file(tmp_path / "empty.xml").problem.startswith("cannot be opened")  # no such file
    (tmp_path / "blank.xml").write_bytes(b" \n")
    assert xml_file(tmp_path / "blank.xml").problem == "is empty"
    # walking a folder: invoices and broken XML are taken, other XML documents are not
    assert looks_like_einvoice(good) and looks_like_einvoice(broken) and not looks_like_einvoice(other)


def _pdf_with(tmp_path, name: str, attachments: dict[str, bytes]):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    for filename, data in attachments.items():
        writer.add_attachment(filename, data)
    path = tmp_path / name
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_the_xml_is_found_whatever_the_attachment_is_called(tmp_path):
    invoice = CII_HEAD + b"<rsm:ExchangedDocument><ram:ID>A-7</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>"
    named = _pdf_with(tmp_path, "a.pdf", {"readme.txt": b"hello", "xrechnung.xml": invoice})
    assert embedded_xml(named).source == "xrechnung.xml"
    odd = _pdf_with(tmp_path, "b.pdf", {"data.bin": b'<?xml version="1.0"?>' + invoice, "page.html": b"<html/>"})
    found = embedded_xml(odd)
    assert (found.source, found.einvoice.invoice_number) == ("data.bin", "A-7")
    # the invoice is taken before another XML, and an XML-named attachment that is no invoice is reported
    both = _pdf_with(tmp_path, "c.pdf", {"delivery-note.xml": b"<note/>", "factur-x.xml": invoice})
    assert embedded_xml(both).source == "factur-x.xml"
    other = _pdf_with(tmp_path, "d.pdf", {"delivery-note.xml": b"<note/>"})
    assert "is XML but not an e-invoice" in embedded_xml(other).problem
    assert embedded_xml(_pdf_with(tmp_path, "e.pdf", {"page.html": b"<html/>"})) is None
    assert embedded_xml(_pdf_with(tmp_path, "f.pdf", {})) is None


def test_the_text_reader_counts_attachments_so_a_pdf_without_any_is_not_opened_again(corpus_xml, monkeypatch):
    """The PDFium reader counts the attached files while it has the PDF open: a count of 0 means
    no e-invoice (``embedded_xml`` would find none), so ``read_invoice`` skips the second open."""
    from invoice_lint import pipeline
    from invoice_lint.extract.pdf import ExtractionFailed, read_pdf

    counted = 0
    for pdf, xml in corpus_xml.items():
        try:
            document = read_pdf(pdf)
        except ExtractionFailed:  # a scan: the OCR path keeps looking for the XML as before
            continue
        counted += 1
        count = document.metadata["attachments"]
        assert (count == 0) <= (xml is None), pdf
        assert xml is None or count >= 1, pdf
    assert counted > 100

    import invoice_lint.einvoice as einvoice

    corpus = require_shared()
    hybrid = corpus / CAS / "CALC-001/facture.pdf"
    plain = next(pdf for pdf, xml in corpus_xml.items() if xml is None and "invoice2data" in pdf.parts)
    assert pipeline.read_invoice(hybrid).xml.einvoice.invoice_number == "FA-2026-0001"

    def must_not_open(path):
        raise AssertionError(f"{path} was opened again for attachments it does not have")

    monkeypatch.setattr(einvoice, "embedded_xml", must_not_open)
    assert pipeline.read_invoice(plain).xml is None

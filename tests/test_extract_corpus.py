"""Field accuracy and precision of `extract` on the real invoices in ../shared/corpus.

Truth: invoice2data's expected JSON and the Factur-X XML embedded in each French PDF,
counted only where the page's text prints the value.  Targets from the issue: accuracy
>= 90% per measured field, precision >= 97%.
"""
from __future__ import annotations

import pytest

from conftest import field_accuracy, require_shared

MEASURED = ["invoice_number", "issue_date", "due_date", "total", "amount_due", "subtotal", "tax_amount",
            "seller_tax_id", "iban"]




@pytest.fixture(scope="module")
def corpus_report():
    require_shared()
    bench = field_accuracy()
    items = bench.invoice2data_truth() + bench.facturx_truth()
    assert len(items) == 22
    report, misses = bench.measure({"corpus": items}, fields=MEASURED)
    print("\nreal corpus field accuracy:")
    for name, r in report["corpus"].items():
        print(f"  {name:<16} n={r['n']:>3} accuracy={r['accuracy']:.1%} precision={r['precision']:.1%}")
    for m in misses:
        print("  miss:", m)
    return report["corpus"]


@pytest.mark.parametrize("field", MEASURED)
def test_corpus_field_accuracy_at_least_90_percent(corpus_report, field):
    r = corpus_report[field]
    assert r["n"] >= 3, f"too few printed truths for {field} to measure"
    assert r["accuracy"] >= 0.90, f"{field}: accuracy {r['accuracy']:.1%} on {r['n']} documents"


@pytest.mark.parametrize("field", MEASURED)
def test_corpus_field_precision_at_least_97_percent(corpus_report, field):
    r = corpus_report[field]
    assert r["precision"] >= 0.97, f"{field}: precision {r['precision']:.1%}"


def test_languages_of_the_corpus(corpus):
    from invoice_lint.extract.language import detect_language
    from invoice_lint.extract.pdf import read_pdf

    expected = {"AmazonWebServices": "en", "AzureInterior": "en", "QualityHosting": "de",
                "NetpresseInvoice": "fr", "coolblue1": "nl", "free_fiber": "fr"}
    for stem, lang in expected.items():
        doc = read_pdf(corpus / "invoice2data" / f"{stem}.pdf")
        assert detect_language(doc.text) == lang, stem
    for pdf in sorted((corpus / "facturx-fr").glob("*.pdf")):
        assert detect_language(read_pdf(pdf).text) == "fr", pdf.name


def test_every_field_keeps_its_page_box_and_printed_text(corpus):
    from invoice_lint.pipeline import read_invoice

    inv = read_invoice(corpus / "invoice2data" / "AzureInterior.pdf")
    for name, field in inv.fields.fields.items():
        assert field.page == 1, name
        x0, top, x1, bottom = field.bbox
        assert 0 <= x0 <= x1 <= 700 and 0 <= top <= bottom <= 900, (name, field.bbox)
    assert inv.fields.get("total").text.endswith("279.84")
    assert inv.fields.get("due_date").text == "04/04/2023"
    assert inv.fields.value("payment_terms") == 15

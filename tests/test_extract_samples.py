"""`extract` on the bundled samples against the generator's manifest (targets: >= 98% per
field, precision >= 97%), plus the layouts the samples were made to exercise."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from conftest import SAMPLES, field_accuracy

MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
BY_FILE = {inv["file"]: inv for inv in MANIFEST["invoices"]}




@pytest.fixture(scope="module")
def extracted():
    from invoice_lint.pipeline import read_invoices

    invoices, errors = read_invoices([SAMPLES])
    assert not errors
    return {inv.document.path.name: inv for inv in invoices}


@pytest.fixture(scope="module")
def sample_report():
    bench = field_accuracy()
    report, misses = bench.measure({"samples": bench.sample_truth()})
    for m in misses:
        print("miss:", m)
    return report["samples"]


def test_the_set_covers_languages_layouts_and_defects():
    invoices = MANIFEST["invoices"]
    assert len(invoices) >= 30
    langs = [inv["language"] for inv in invoices]
    for lang, n in {"en": 8, "es": 6, "sr": 5, "sr-Cyrl": 3, "de": 5, "fr": 5}.items():
        assert langs.count(lang) >= n, lang
    layouts = {inv["layout"] for inv in invoices}
    assert {"bordered", "plain", "letter", "multipage", "two-column", "rotated"} <= layouts
    planted = {d for inv in invoices for d in inv["defects"]}
    for defect in ["missing-due-date", "missing-payment-methods", "missing-tax-info", "line-amount-mismatch",
                   "line-sum-mismatch", "total-mismatch", "tax-mismatch", "due-before-issue", "invalid-iban",
                   "missing-invoice-number", "missing-total"]:
        assert defect in planted, defect
    assert sorted(p.name for p in SAMPLES.glob("*.pdf")) == sorted(BY_FILE)


def test_every_manifest_field_is_read_at_least_98_percent(sample_report):
    for name, r in sample_report.items():
        assert r["accuracy"] >= 0.98, f"{name}: {r['accuracy']:.1%} of {r['n']}"
        assert r["precision"] >= 0.97, f"{name}: precision {r['precision']:.1%}"


def test_no_field_is_reported_that_the_page_does_not_print(extracted):
    from invoice_lint.fields.serialize import plain_values

    reported = wrong = 0
    for name, inv in extracted.items():
        truth = BY_FILE[name]["fields"]
        for field in plain_values(inv.fields):
            if field in {"tax_rate", "tax_breakdown"} and ("tax_rate" in truth or "tax_breakdown" in truth):
                continue
            reported += 1
            wrong += field not in truth
    assert wrong / reported <= 0.03, f"{wrong} of {reported} reported fields are not printed"


def test_languages_and_scripts(extracted):
    for name, inv in extracted.items():
        assert inv.document.language == BY_FILE[name]["language"], name


def test_unicode_text_survives(extracted):
    text = extracted["sr-01-bordered-clean.pdf"].document.text
    assert "Hvala na saradnji" in text and "ć" in text and "č" in text
    assert "Хвала на сарадњи" in extracted["sr-cyrl-01-bordered-clean.pdf"].document.text
    assert "ñ" in extracted["es-01-bordered-clean.pdf"].document.text or "í" in extracted[
        "es-01-bordered-clean.pdf"].document.text


def test_multipage_reads_every_item_across_pages(extracted):
    for name in ("en-07-multipage.pdf", "es-06-multipage-prepaid.pdf", "sr-cyrl-02-multipage.pdf"):
        inv = extracted[name]
        assert len(inv.document.pages) >= 2, name
        items = inv.fields.value("line_items")
        assert len(items) == len(BY_FILE[name]["fields"]["line_items"]) >= 30, name
        assert {i.page for i in items} >= {1, 2}, name
        assert inv.fields.get("total").page == len(inv.document.pages), name


def test_rotated_page_reads_upright(extracted):
    inv = extracted["de-04-rotated.pdf"]
    assert inv.document.pages[0].rotation == 90
    assert inv.fields.value("invoice_number") == BY_FILE["de-04-rotated.pdf"]["fields"]["invoice_number"]


def test_two_column_header_reads_seller_block_before_buyer_block(extracted):
    inv = extracted["en-03-two-column-missing-due.pdf"]
    texts = [line.text for line in inv.document.lines]
    seller = texts.index("BrightDesk Studio Ltd", 1)
    street = texts.index("14 Canal Street")
    buyer = texts.index("Acme Robotics Inc.")
    assert seller < street < buyer, "the buyer's block was interleaved with the seller's"


def test_due_date_from_payment_terms_is_marked_derived(extracted):
    inv = extracted["en-02-plain-terms.pdf"]
    due = inv.fields.get("due_date")
    assert due.derived and inv.fields.value("payment_terms") == 30
    assert due.value.isoformat() == BY_FILE["en-02-plain-terms.pdf"]["fields"]["due_date"]


def test_extract_json_schema_on_a_sample():
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "extract", str(SAMPLES / "sr-01-bordered-clean.pdf"),
                             "--format", "json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["language"] == "sr" and doc["pages"] == 1
    due = doc["fields"]["due_date"]
    assert due["value"] == "2026-11-25" and due["text"] == "25.11.2026." and due["page"] == 1
    assert len(due["bbox"]) == 4 and due["line"] >= 1
    assert doc["fields"]["total"]["value"].count(".") == 1
    assert isinstance(doc["fields"]["payment_methods"]["value"], list)
    assert doc["fields"]["line_items"]["value"][0].keys() >= {"description", "quantity", "unit_price", "amount"}


def test_generator_is_deterministic(tmp_path):
    subprocess.run([sys.executable, str(SAMPLES / "generate.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == hashlib.sha256(
            (tmp_path / pdf.name).read_bytes()).hexdigest(), f"{pdf.name} differs when regenerated"
    assert (tmp_path / "manifest.json").read_text() == (SAMPLES / "manifest.json").read_text()


def test_identifiers_in_the_manifest_are_valid_unless_planted():
    import stdnum.iban

    from invoice_lint.fields.identifiers import validate_rs_account, validate_tax_id

    for inv in MANIFEST["invoices"]:
        f = inv["fields"]
        if "iban" in f:
            assert stdnum.iban.is_valid(f["iban"]) == ("invalid-iban" not in inv["defects"]), inv["file"]
        if "bank_account" in f:
            assert validate_rs_account(f["bank_account"]), inv["file"]
        if "seller_tax_id" in f:
            country = "RS" if inv["language"].startswith("sr") else f["seller_tax_id"][:2]
            assert validate_tax_id(f["seller_tax_id"], country), inv["file"]


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_read_pdf_takes_a_path_given_as_text(backend):
    """The library's entry point takes the path a caller has: text reads like a Path."""
    from invoice_lint.extract.pdf import read_pdf

    path = SAMPLES / "en-01-bordered-clean.pdf"
    document = read_pdf(str(path), backend=backend)
    assert document.path == path
    assert document.text == read_pdf(path, backend=backend).text

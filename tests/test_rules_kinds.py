"""One unit test (or more) per check kind, on hand-built invoices: no PDF needed."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from invoice_lint.checks.engine import check_invoices, load_rules
from invoice_lint.config import Config
from invoice_lint.errors import ConfigError
from invoice_lint.fields.text import fold
from invoice_lint.model import (Document, ExtractedInvoice, Field, InvoiceFields, Line, LineItem, Page, TaxLine,
                                Word)


def invoice(lines=(), language="en", path="inv.pdf", **values) -> ExtractedInvoice:
    words_lines = []
    for i, text in enumerate(lines, start=1):
        words = [Word(t, 10.0 * j, 10.0 * i, 10.0 * j + 8, 10.0 * i + 8, 1) for j, t in enumerate(text.split())]
        words_lines.append(Line(words, 1, number=i, text=text, match_text=fold(text), row=i))
    doc = Document(Path(path), [Page(1, 595, 842, words_lines)], language=language)
    fields = InvoiceFields()
    for name, value in values.items():
        fields.set(Field(name, value, 1, (0, 0, 1, 1), str(value), 1))
    return ExtractedInvoice(doc, fields)


COMPLETE = dict(invoice_number="A-1", issue_date=date(2026, 11, 1), due_date=date(2026, 12, 1),
                line_items=[LineItem("Work", D("2"), D("50.00"), D("100.00"))], subtotal=D("100.00"),
                tax_rate=D("20"), tax_amount=D("20.00"), total=D("120.00"), amount_due=D("120.00"),
                payment_methods=["bank_transfer"], thank_you="Thank you!", payment_link="https://pay.example/1")


def rules_of(findings):
    return sorted(f.rule for f in findings)


def test_complete_invoice_is_clean():
    assert rules_of(check_invoices([invoice(**COMPLETE)])) == []


@pytest.mark.parametrize("field,rule", [("invoice_number", "missing-invoice-number"),
                                        ("issue_date", "missing-issue-date"), ("line_items", "missing-line-items"),
                                        ("payment_methods", "missing-payment-methods"),
                                        ("thank_you", "missing-thank-you"), ("payment_link", "missing-payment-link")])
def test_required_field(field, rule):
    values = {k: v for k, v in COMPLETE.items() if k != field}
    assert rule in rules_of(check_invoices([invoice(**values)]))


def test_required_when_amount_due_positive_needs_due_date_or_terms():
    values = {k: v for k, v in COMPLETE.items() if k != "due_date"}
    assert "missing-due-date" in rules_of(check_invoices([invoice(**values)]))
    assert "missing-due-date" not in rules_of(check_invoices([invoice(**values, payment_terms=30)]))
    credit = {**values, "amount_due": D("-120.00")}
    assert "missing-due-date" not in rules_of(check_invoices([invoice(**credit)]))


def test_required_tax_info_accepts_an_exemption_note():
    values = {k: v for k, v in COMPLETE.items() if k not in ("tax_rate", "tax_amount")}
    assert "missing-tax-info" in rules_of(check_invoices([invoice(**values)]))
    assert "missing-tax-info" not in rules_of(check_invoices([invoice(**values, tax_exemption="Reverse charge")]))


def test_qr_code_counts_as_a_payment_link():
    values = {**{k: v for k, v in COMPLETE.items() if k != "payment_link"}, "payment_methods": ["bank_transfer", "qr"]}
    assert "missing-payment-link" not in rules_of(check_invoices([invoice(**values)]))


def test_arithmetic_rules_and_tolerance():
    bad_line = {**COMPLETE, "line_items": [LineItem("Work", D("2"), D("50.00"), D("110.00"))]}
    assert rules_of(check_invoices([invoice(**bad_line)])) == ["line-amount-mismatch", "line-sum-mismatch"]
    assert rules_of(check_invoices([invoice(**{**COMPLETE, "total": D("121.00"), "amount_due": D("121.00")})])) \
        == ["total-mismatch"]
    assert rules_of(check_invoices([invoice(**{**COMPLETE, "tax_amount": D("21.00"), "total": D("121.00"),
                                                "amount_due": D("121.00")})])) == ["tax-mismatch"]
    # within 0.01 per summed item: no finding
    assert rules_of(check_invoices([invoice(**{**COMPLETE, "total": D("120.01"), "amount_due": D("120.01")})])) == []
    paid = {**COMPLETE, "prepaid_amount": D("20.00"), "amount_due": D("90.00")}
    assert rules_of(check_invoices([invoice(**paid)])) == ["amount-due-mismatch"]


def test_arithmetic_per_rate_and_credit_notes():
    two = {**COMPLETE, "tax_breakdown": [TaxLine(D("20"), D("50.00"), D("10.00")), TaxLine(D("10"), D("50.00"),
                                                                                           D("6.00"))]}
    assert "tax-mismatch" in rules_of(check_invoices([invoice(**two)]))
    credit = {**COMPLETE, "line_items": [LineItem("Refund", D("-2"), D("50.00"), D("-100.00"))],
              "subtotal": D("-100.00"), "tax_amount": D("-20.00"), "total": D("-120.00"), "amount_due": D("-120.00")}
    assert rules_of(check_invoices([invoice(**credit)])) == []


def test_date_order():
    late = {**COMPLETE, "due_date": date(2026, 10, 1)}
    assert rules_of(check_invoices([invoice(**late)])) == ["due-before-issue"]
    supply = {**COMPLETE, "supply_date": date(2026, 11, 20)}
    assert "supply-after-issue" in rules_of(check_invoices([invoice(**supply)]))
    config = Config(thresholds={"supply-gap-days": 30})
    assert "supply-after-issue" not in rules_of(check_invoices([invoice(**supply)], config))


def test_identifiers():
    bad = {**COMPLETE, "iban": "DE00370400440532013000"}
    assert rules_of(check_invoices([invoice(**bad)])) == ["invalid-iban"]
    good = {**COMPLETE, "iban": "DE89370400440532013000"}
    assert rules_of(check_invoices([invoice(**good)])) == []
    account = {**COMPLETE, "bank_account": "160-0000000012345-00"}
    assert rules_of(check_invoices([invoice(**account)])) == ["invalid-bank-account"]
    vat = {**COMPLETE, "seller_tax_id": "DE123456789"}
    assert rules_of(check_invoices([invoice(**vat)])) == ["invalid-tax-id"]


def test_existence_phrases_per_language_and_script():
    en = invoice(["Payment terms: payment due soon"], **COMPLETE)
    assert rules_of(check_invoices([en])) == ["vague-payment-terms"]
    cyrillic = invoice(["Рок: платити што пре"], language="sr-Cyrl", **COMPLETE)
    assert rules_of(check_invoices([cyrillic])) == ["vague-payment-terms"]
    custom = Config(rejected_terms={"en": ["at once"]})
    assert rules_of(check_invoices([invoice(["Pay at once please"], **COMPLETE)], custom)) == ["vague-payment-terms"]


LONG = ("Notwithstanding any provisions hereinabove articulated, remuneration obligations contemplated "
        "under this documentation shall subsequently become enforceable in accordance with contractually "
        "stipulated procedural requirements notwithstanding intermediate communications or representations "
        "potentially indicating alternative interpretations of corresponding responsibilities")


def test_readability_only_on_enough_prose():
    text = LONG + ". " + LONG
    lines = [text[i:i + 90] for i in range(0, len(text), 90)]
    assert "low-readability" in rules_of(check_invoices([invoice(lines, **COMPLETE)]))
    short = ["Please pay within thirty days of the invoice date. Thank you."]
    assert "low-readability" not in rules_of(check_invoices([invoice(short, **COMPLETE)]))
    figures = ["Item 1 2 3 4 5 6 7 8 9 10 11 12 13 14"] * 10
    assert "low-readability" not in rules_of(check_invoices([invoice(figures, **COMPLETE)]))


def test_english_readability_needs_no_download(tmp_path):
    code = ("import socket; socket.socket.connect = lambda *a, **k: (_ for _ in ()).throw(OSError('no network')); "
            "from invoice_lint.checks.readability import score; print(score('The cat sat on the mat. ' * 5, 'en')); "
            "import sys; print('nltk' in sys.modules)")
    env = {**os.environ, "NLTK_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Flesch" in result.stdout
    score = float(result.stdout.split(",")[1].split(")")[0])
    assert score > 90, "one-syllable words must score as easy English"
    assert result.stdout.strip().endswith("False"), "NLTK must not stay imported"


def test_consistency_within_and_across_documents():
    inv = invoice(**COMPLETE)
    inv.fields.labels = {"invoice_number": ["Invoice No.", "Invoice #"]}
    assert rules_of(check_invoices([inv])) == ["inconsistent-terms"]
    a = invoice(path="a.pdf", **{**COMPLETE, "seller_name": "Acme"})
    b = invoice(path="b.pdf", **{**COMPLETE, "seller_name": "Acme"})
    c = invoice(path="c.pdf", **{**COMPLETE, "seller_name": "Acme"})
    for inv, text in ((a, "01.11.2026"), (b, "02.11.2026"), (c, "11/03/2026")):
        inv.fields.get("issue_date").text = text
    findings = check_invoices([a, b, c])
    assert [(Path(f.path).name, f.rule) for f in findings] == [("c.pdf", "inconsistent-date-format")]


def test_rule_files_are_validated(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "bad.yaml").write_text("rules:\n  - code: X001\n    name: x\n    kind: magic\n    severity: error\n"
                                   "    message: m\n    rationale: r\n    basis: style\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:2: rule X001 has unknown kind 'magic'"):
        load_rules(Config(rule_paths=[tmp_path]))
    (pack / "bad.yaml").write_text("rules: [\n")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_rules(Config(rule_paths=[tmp_path]))


def test_a_user_pack_adds_a_rule_without_python(tmp_path):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "words.yaml").write_text(
        "rules:\n  - code: HSE001\n    name: no-kindly\n    kind: existence\n    severity: warning\n"
        "    packs: [house]\n    message: \"Avoid '{match}'.\"\n    rationale: r\n    basis: style\n"
        "    options: {phrases: {en: [kindly]}}\n")
    config = Config(rule_paths=[tmp_path], packs=["core", "style", "house"])
    findings = check_invoices([invoice(["Kindly pay now"], **COMPLETE)], config)
    assert rules_of(findings) == ["no-kindly"] and findings[0].message == "Avoid 'kindly'."


def test_readme_and_docs_catalogue_are_generated_from_the_rule_data():
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "invoice_lint.checks.catalogue", "--check", "--root", str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_substitution_suggests_the_preferred_term():
    findings = check_invoices([invoice(["Please remit the sum due"], **COMPLETE)])
    assert [(f.rule, f.message) for f in findings] == [
        ("preferred-term", "Prefer 'pay' to 'remit'."), ("preferred-term", "Prefer 'amount due' to 'sum due'.")]
    config = Config(preferred_terms={"en": {"invoice total": "total"}})
    assert [f.message for f in check_invoices([invoice(["Invoice total 10"], **COMPLETE)], config)] == [
        "Prefer 'total' to 'invoice total'."]

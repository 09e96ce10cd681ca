"""One unit test (or more) per check kind, on hand-built invoices: no PDF needed."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from invoice_lint.checks.engine import check_invoices, load_rules
from invoice_lint.config import Config
from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.model import LineItem, TaxLine
from invoices import invoice

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


def test_payment_methods_are_required_only_while_something_is_due():
    values = {k: v for k, v in COMPLETE.items() if k != "payment_methods"}
    assert "missing-payment-methods" in rules_of(check_invoices([invoice(**values)]))
    settled = {**values, "prepaid_amount": D("120.00"), "amount_due": D("0.00")}
    assert "missing-payment-methods" not in rules_of(check_invoices([invoice(**settled)]))


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


def test_an_effective_rate_is_checked_to_its_printed_precision():
    # 8.88% printed for 552.58 on 6,226.20 (8.8751%): base × 8.88% is 552.89, yet the rate stands
    # for 8.875-8.885%; a statutory rate is exact, and a VAT outside the rate's rounding is wrong
    def tax_rows(rate, base, tax):
        return {**COMPLETE, "subtotal": D(base), "tax_amount": D(tax), "total": D(base) + D(tax),
                "amount_due": D(base) + D(tax), "line_items": [], "tax_breakdown": [TaxLine(D(rate), D(base), D(tax))]}

    assert "tax-mismatch" not in rules_of(check_invoices([invoice(**tax_rows("8.88", "6226.20", "552.58"))]))
    assert "tax-mismatch" in rules_of(check_invoices([invoice(**tax_rows("8.88", "6226.20", "553.58"))]))
    assert "tax-mismatch" in rules_of(check_invoices([invoice(**tax_rows("19", "6226.20", "1182.78"))]))


def test_a_printed_rounding_amount_closes_the_total_or_the_amount_due():
    # BT-114: net + VAT + rounding = a grand total printed rounded; total - paid + rounding = due
    rounded = {**COMPLETE, "rounding_amount": D("0.03"), "total": D("120.03"), "amount_due": D("120.03")}
    assert rules_of(check_invoices([invoice(**rounded)])) == []
    paid = {**COMPLETE, "rounding_amount": D("-0.02"), "prepaid_amount": D("20.00"), "amount_due": D("99.98")}
    assert rules_of(check_invoices([invoice(**paid)])) == []
    assert "total-mismatch" in rules_of(check_invoices([invoice(**{**rounded, "rounding_amount": None})]))
    assert "amount-due-mismatch" in rules_of(check_invoices([invoice(**{**paid, "rounding_amount": None})]))


def test_a_tax_withheld_at_source_comes_off_once():
    # net 100 + VAT 20 = 120, 15 withheld: a total printed after the withholding (105) balances,
    # and so does a total of 120 with 105 left to pay; taking it off the total and the amount due
    # both (120 - 15 - 20 paid - 15 = 70) is an error
    after = {**COMPLETE, "withholding_amount": D("15.00"), "total": D("105.00"), "amount_due": D("105.00")}
    assert rules_of(check_invoices([invoice(**after)])) == []
    before = {**COMPLETE, "withholding_amount": D("15.00"), "prepaid_amount": D("20.00"), "amount_due": D("85.00")}
    assert rules_of(check_invoices([invoice(**before)])) == []
    twice = {**after, "prepaid_amount": D("20.00"), "amount_due": D("70.00")}
    assert "amount-due-mismatch" in rules_of(check_invoices([invoice(**twice)]))
    assert "amount-due-mismatch" not in rules_of(check_invoices([invoice(**{**twice, "amount_due": D("85.00")})]))


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
    # an item's allowance under its name, repeated down a long table, is a figure, not a sentence
    allowances = ["Remise: Remise fidélité exceptionnelle −2,14 EUR"] * 12 + ["Merci de votre confiance."]
    assert "low-readability" not in rules_of(check_invoices([invoice(allowances, language="fr", **COMPLETE)]))


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


def test_date_formats_are_compared_per_kind_of_date():
    """A template may print its letter date in words and its due date in figures, every time
    (KOMA-Script letters of benchmarks/texletter_source.py: '8 mai 2026', 'terme : 07/06/2026').
    Each kind of date is compared across the seller's invoices, so 'mai', a month word that is its
    own abbreviation, does not make one invoice's dates look numeric; an issue date printed in
    figures where the others print words is still reported, at that date."""
    def french(path, issued, due):
        inv = invoice(path=path, language="fr", **{**COMPLETE, "seller_name": "Menuiserie Leroux"})
        inv.fields.get("issue_date").text, inv.fields.get("due_date").text = issued, due
        return inv

    a, b = french("a.pdf", "8 mai 2026", "07/06/2026"), french("b.pdf", "27 décembre 2025", "10/01/2026")
    assert check_invoices([a, b]) == []
    c = french("c.pdf", "15/02/2026", "01/03/2026")
    findings = check_invoices([a, b, french("d.pdf", "3 mars 2026", "17/03/2026"), c])
    assert [(Path(f.path).name, f.rule) for f in findings] == [("c.pdf", "inconsistent-date-format")]
    assert findings[0].message == ("Dates written as DD/MM/YYYY here, but as D MONTH YYYY on this seller's "
                                   "other invoices.")


def test_rule_files_are_validated(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "bad.yaml").write_text("rules:\n  - code: X001\n    name: x\n    kind: magic\n    severity: error\n"
                                   "    message: m\n    rationale: r\n    basis: style\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:4: rule X001: kind: unknown kind 'magic'"):
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


def _of(rule, findings):
    return [f for f in findings if f.rule == rule]


def test_currency_style_within_a_document_reports_the_minority():
    inv = invoice(["Subtotal 1,000.00 EUR", "VAT 200.00 EUR", "Total 1,200.00 EUR", "Paid by card: €1,200.00",
                   "Deposit 1.234,56 EUR"], **COMPLETE)
    found = _of("inconsistent-currency-style", check_invoices([inv]))
    assert [(f.line, f.snippet) for f in found] == [(4, "Paid by card: €1,200.00"), (5, "Deposit 1.234,56 EUR")]
    assert "'€1,200.00' (symbol before the amount, decimal point)" in found[0].message
    assert "code after the amount, decimal point" in found[0].message
    assert "decimal comma" in found[1].message
    # one style throughout, or amounts without a currency mark: nothing to report
    same = invoice(["Subtotal 1,000.00 EUR", "Total 1,200.00 EUR", "Line 12.50"], **COMPLETE)
    assert not _of("inconsistent-currency-style", check_invoices([same]))
    # a currency code glued to digits is a tax id, not money ("ESB86345212")
    nif = invoice(["NIF ESB86345212", "Total 1.210,00 EUR"], language="es", **COMPLETE)
    assert not _of("inconsistent-currency-style", check_invoices([nif]))


def test_currency_style_across_one_sellers_invoices():
    docs = [invoice([text], path=f"{name}.pdf", **{**COMPLETE, "seller_name": "Acme"})
            for name, text in (("a", "Total 1,200.00 EUR"), ("b", "Total 99.00 EUR"), ("c", "Total €1,200.00"))]
    other = invoice(["Total €5.00"], path="d.pdf", **{**COMPLETE, "seller_name": "Other Ltd"})
    found = _of("inconsistent-currency-style", check_invoices([*docs, other]))
    assert [(Path(f.path).name, f.snippet) for f in found] == [("c.pdf", "Total €1,200.00")]
    assert "this seller's other invoices" in found[0].message
    # its invoices in another language follow that language's convention: not compared
    german = [invoice([text], path=f"{name}.pdf", language="de", **{**COMPLETE, "seller_name": "Acme"})
              for name, text in (("e", "Gesamt 1.200,00 EUR"), ("f", "Gesamt 99,00 EUR"))]
    found = _of("inconsistent-currency-style", check_invoices([*docs, other, *german]))
    assert [(Path(f.path).name, f.snippet) for f in found] == [("c.pdf", "Total €1,200.00")]


def test_currency_style_is_one_way_of_writing_each_currency():
    """Euros as '€' and Swiss francs as 'CHF' (a currency whose symbol is its code) is one template,
    within an invoice and across a seller's invoices; a second style of one currency still is not."""
    both = invoice(["Total 1.200,00 €", "Total in CHF 1.150,00 CHF", "MwSt. 228,00 €"], language="de", **COMPLETE)
    assert not _of("inconsistent-currency-style", check_invoices([both]))
    docs = [invoice([text], path=f"{name}.pdf", language="de", **{**COMPLETE, "seller_name": "Acme"})
            for name, text in (("a", "Gesamt 1.200,00 €"), ("b", "Gesamt 99,00 €"), ("c", "Gesamt 1.150,00 CHF"),
                               ("d", "Gesamt EUR 5,00"))]
    found = _of("inconsistent-currency-style", check_invoices(docs))
    assert [(Path(f.path).name, f.snippet) for f in found] == [("d.pdf", "Gesamt EUR 5,00")]


def test_register_mixed_within_a_document_and_across_a_seller():
    mixed = invoice(["Gracias por su confianza.", "Le rogamos abone el importe.", "Puedes pagar con tu tarjeta."],
                    language="es", **COMPLETE)
    found = _of("inconsistent-register", check_invoices([mixed]))
    assert [(f.line, f.message) for f in found] == [
        (3, "The client is addressed as 'tu' (informal), but formal elsewhere in this invoice.")]
    formal = [invoice(["Bitte überweisen Sie den Betrag."], language="de", path=f"{n}.pdf",
                      **{**COMPLETE, "seller_name": "Kessler"}) for n in "ab"]
    informal = invoice(["Bitte überweise den Betrag, danke für deinen Auftrag."], language="de", path="c.pdf",
                       **{**COMPLETE, "seller_name": "Kessler"})
    found = _of("inconsistent-register", check_invoices([*formal, informal]))
    assert [(Path(f.path).name, f.message) for f in found] == [
        ("c.pdf", "The client is addressed as 'bitte uberweise' (informal), but formal elsewhere in this seller's "
                  "other invoices.")]
    # English has no register words: never reported
    assert not _of("inconsistent-register", check_invoices([invoice(["Thank you, you rock"], **COMPLETE)]))


def test_register_words_marked_exact_match_with_their_capital():
    from invoice_lint.checks.consistency import register_of

    # German "sie" is "they"; only "Sie" addresses the reader.  Serbian polite "Vi" is capitalized.
    they = invoice(["Die Teile wurden geliefert, sie sind vollständig.", "Danke für deinen Auftrag."],
                   language="de", **COMPLETE)
    assert register_of(they.document) == "informal"
    assert not _of("inconsistent-register", check_invoices([they]))
    polite = invoice(["Bitte überweisen Sie den Betrag.", "Wir danken Ihnen."], language="de", **COMPLETE)
    assert register_of(polite.document) == "formal"
    assert register_of(invoice(["Molimo Vas da platite.", "Hvala Vam."], language="sr", **COMPLETE).document) \
        == "formal"
    assert register_of(invoice(["Молимо Вас да платите."], language="sr-Cyrl", **COMPLETE).document) == "formal"
    assert register_of(invoice(["Vi ste dobili robu."], language="sr", **COMPLETE).document) == "formal"
    assert register_of(invoice(["Oni i vi ste dobili robu."], language="sr", **COMPLETE).document) is None


def test_a_particle_of_a_name_heading_an_address_is_no_form_of_address():
    """A French client on a German invoice: 'du' in 'Imprimerie du Vieux Port', above its street
    and '13001 Marseille', is part of a name, not the informal 'du' beside 'Ihren Auftrag'; a
    sentence with 'du' still is."""
    from invoice_lint.checks.consistency import register_of

    client = ["Imprimerie du Vieux Port", "5 rue Sainte", "13001 Marseille", "Vielen Dank für Ihren Auftrag."]
    page = invoice(client, language="de", **COMPLETE)
    assert register_of(page.document) == "formal"
    assert not _of("inconsistent-register", check_invoices([page]))
    sentence = invoice(["Hast du Fragen zur Rechnung", "5 rue Sainte", "13001 Marseille"], language="de", **COMPLETE)
    assert register_of(sentence.document) == "informal"


def test_register_words_are_lexicon_data():
    from invoice_lint.foundation.lexicon import load_lexicon

    for language in ("es", "sr", "de", "fr"):
        register = load_lexicon(language).register
        assert register["formal"] and register["informal"], language


def test_seller_details_differ_across_documents():
    base = {**COMPLETE, "seller_name": "Acme Ltd", "seller_tax_id": "GB123456727", "iban": "GB29NWBK60161331926819"}
    a, b = invoice(path="a.pdf", **base), invoice(path="b.pdf", **base)
    c = invoice(path="c.pdf", **{**base, "iban": "GB94BARC10201530093459"})
    d = invoice(path="d.pdf", **{**base, "seller_tax_id": "GB980780684", "seller_name": "ACME LTD."})
    for inv in (a, b, c, d):  # names read under a label ("Seller:"), not guessed from the letterhead
        inv.fields.set(replace(inv.fields.get("seller_name"), label="Seller"))
    found = _of("inconsistent-seller-details", check_invoices([a, b, c, d]))
    assert [(Path(f.path).name, f.message) for f in found] == [
        ("c.pdf", "The seller's IBAN is 'GB94BARC10201530093459' here, but 'GB29NWBK60161331926819' on this "
                  "seller's other invoices."),
        ("d.pdf", "The seller's tax id is 'GB980780684' here, but 'GB123456727' on this seller's other invoices.")]
    stranger = invoice(path="e.pdf", **{**base, "seller_name": "Zeta GmbH", "seller_tax_id": "DE812345673",
                                        "iban": "DE89370400440532013000"})
    assert not _of("inconsistent-seller-details", check_invoices([a, b, stranger]))


def test_a_letterhead_guess_links_no_sellers_with_different_tax_ids():
    """Two sellers whose pages open with the same top line ("ORIGINAL", a slogan) and print
    different tax ids are two sellers: a seller name guessed from the letterhead (no label) links
    no invoices when a tax id says who the seller is; a labelled name still does."""
    one = invoice(path="a.pdf", **{**COMPLETE, "seller_name": "Comprobante Autorizado", "seller_tax_id": "20267565393"})
    two = invoice(path="b.pdf", **{**COMPLETE, "seller_name": "Comprobante Autorizado", "seller_tax_id": "30500010912"})
    assert not _of("inconsistent-seller-details", check_invoices([one, two]))
    for inv in (one, two):
        inv.fields.set(replace(inv.fields.get("seller_name"), label="Razón social"))
    assert len(_of("inconsistent-seller-details", check_invoices([one, two]))) == 1


def test_unmasked_card_numbers_and_masked_ones():
    full = invoice(["Paid by Visa 4111 1111 1111 1111"], **COMPLETE)
    found = _of("unmasked-card-number", check_invoices([full]))
    assert len(found) == 1 and found[0].line == 1
    # the report itself never repeats the full number
    assert found[0].snippet == "Paid by Visa 4111 11** **** 1111" and "1111 1111 1111" not in found[0].message
    bare = invoice(["Credit card: 5500000000000004"], **COMPLETE)
    assert len(_of("unmasked-card-number", check_invoices([bare]))) == 1
    partly = invoice(["Card 4111 1111 1*** 1111"], **COMPLETE)
    assert len(_of("unmasked-card-number", check_invoices([partly]))) == 1
    for fine in ("Visa **** **** **** 1111", "Card 411111******1111", "SIRET : 30000000700033",
                 "Order 4111111111111111", "Account 160-0000000012345-00"):
        assert not _of("unmasked-card-number", check_invoices([invoice([fine], **COMPLETE)])), fine


def test_jurisdiction_packs_are_data_with_cited_bases():
    ruleset = load_rules(Config(jurisdiction=["es", "rs", "uk"]))
    names = {r.name: r for r in ruleset.rules}
    for name, law in (("missing-place-of-issue", "čl. 42"), ("missing-supply-date", "čl. 42"),
                      ("missing-vat-amount", "RD 1619/2012"), ("missing-buyer-name", "RD 1619/2012"),
                      ("vat-not-in-sterling", "reg. 14"), ("missing-seller-tax-id", "reg. 14")):
        assert law in names[name].basis, name
        assert names[name].source.suffix == ".yaml"
    assert not {"missing-place-of-issue", "vat-not-in-sterling"} & {r.name for r in load_rules().rules}


def test_rs_pack_needs_place_of_issue_and_supply_date():
    config = Config(jurisdiction=["rs"])
    serbian = {**COMPLETE, "seller_tax_id": "101234569"}
    assert {"missing-place-of-issue", "missing-supply-date"} <= set(rules_of(check_invoices(
        [invoice(language="sr", **serbian)], config)))
    complete = invoice(language="sr", **serbian, place_of_issue="Beograd", supply_date=date(2026, 10, 30))
    assert not {"missing-place-of-issue", "missing-supply-date"} & set(rules_of(check_invoices([complete], config)))


def test_uk_pack_wants_the_vat_in_sterling():
    config = Config(jurisdiction=["uk"])
    uk = {**COMPLETE, "seller_tax_id": "GB123456727"}
    euro = invoice(**uk, currency="EUR", currencies=["EUR"])
    assert "vat-not-in-sterling" in rules_of(check_invoices([euro], config))
    both = invoice(**uk, currency="EUR", currencies=["EUR", "GBP"])
    assert "vat-not-in-sterling" not in rules_of(check_invoices([both], config))
    no_vat = invoice(**{**uk, "tax_amount": D("0.00")}, currency="EUR", currencies=["EUR"])
    assert "vat-not-in-sterling" not in rules_of(check_invoices([no_vat], config))


def test_place_of_issue_and_currencies_are_detected_from_the_lexicon():
    from invoice_lint.fields.detect import detect_fields

    latin = invoice(["Mesto i datum izdavanja: Beograd, 03.11.2026.", "Ukupno 1.200,00 RSD",
                     "Kurs: 1 EUR = 117,20 RSD"], language="sr")
    fields = detect_fields(latin.document)
    assert fields.value("place_of_issue") == "Beograd" and fields.value("currencies") == ["EUR", "RSD"]
    cyrillic = invoice(["Место издавања: Нови Сад"], language="sr-Cyrl")
    assert detect_fields(cyrillic.document).value("place_of_issue") == "Нови Сад"


def test_gtin_article_codes_are_not_card_numbers():
    """A 13-digit GTIN/EAN that happens to pass Luhn and start like a Visa card is an article
    code when it is labelled, under an article-number column, or in an article row."""
    gtin, other = "4039621723216", "4066848475130"  # valid GTIN-13 and Luhn, both
    cases = [
        ["Bezahlt mit Karte", f"{gtin} Mineralwasser 12 x 1,0l PET 6,99"],  # article row
        ["Kartenzahlung", f"GTIN {gtin}"],  # labelled
        ["Kartenzahlung", f"EAN: {gtin} Saft"],
        ["Artikelnummer Bezeichnung", f"{gtin} Etui", f"{other} Kreditkarte Huelle"],  # column header above
    ]
    for lines in cases:
        found = _of("unmasked-card-number", check_invoices([invoice(lines, language="de", **COMPLETE)]))
        assert not found, lines
    # a card named as one is still a card, 13 digits or not
    named = _of("unmasked-card-number", check_invoices([invoice([f"Paid by Visa {gtin}"], **COMPLETE)]))
    assert len(named) == 1
    assert len(_of("unmasked-card-number", check_invoices([invoice(["Paid by Visa 4222222222222"], **COMPLETE)]))) == 1


def test_a_partly_masked_card_is_not_called_unmasked():
    partly = _of("unmasked-card-number", check_invoices([invoice(["Card 4111 1111 1*** 1111"], **COMPLETE)]))
    assert len(partly) == 1 and "unmasked" not in partly[0].message
    assert "more digits visible than the first 6 and last 4" in partly[0].message
    full = _of("unmasked-card-number", check_invoices([invoice(["Paid by Visa 4111 1111 1111 1111"], **COMPLETE)]))
    assert "printed unmasked" in full[0].message

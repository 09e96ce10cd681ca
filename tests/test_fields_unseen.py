"""Field reading on label forms the lexicon does not list as whole strings (issue #10).

Each case prints a small real PDF (reportlab, DejaVu) with wording written here, not taken
from the lexicon, and reads it with the real reader: compound labels, a generic "total"
narrowed by its neighbour, "incl./excl. VAT" qualifiers, inline "title number date" forms,
the arithmetic choosing among competing sums, and the customer number never taken for the
invoice number.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from invoice_lint.pipeline import read_invoice

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _pdf(tmp_path: Path, rows: list[tuple], name: str = "inv.pdf", size: float = 10) -> Path:
    """A page of text at (x, y from the top): (x, y, text) drawn from x, (x, y, text, "r") ending
    at x; a number among the extras is that row's type size (else ``size``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if FONT.exists():
        pdfmetrics.registerFont(TTFont("DejaVuT", str(FONT)))
        font = "DejaVuT"
    path = tmp_path / name
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    for x, y, text, *extras in rows:
        c.setFont(font, next((e for e in extras if not isinstance(e, str)), size))
        (c.drawRightString if "r" in extras else c.drawString)(x, height - y, text)
    c.save()
    return path


def _fields(tmp_path, rows, language=None):
    inv = read_invoice(_pdf(tmp_path, rows), language=language)
    return inv.fields


GERMAN_LESBARMACHUNG = [
    (50, 60, "Lieferant GmbH · Lieferantenstraße 20 · 80333 München"),
    (50, 120, "Handelsrechnung Nr. 471102 vom 05.03.2018"),
    (50, 150, "Kunden-Nr.:"), (160, 150, "549910"),
    (50, 165, "Bestellnummer:"), (160, 165, "ORD-88"),
    (50, 220, "Pos."), (90, 220, "Bezeichnung"), (330, 220, "Menge"), (400, 220, "Preis"), (480, 220, "Betrag"),
    (50, 240, "1"), (90, 240, "Trennblätter A4"), (330, 240, "20"), (400, 240, "9,90"), (480, 240, "198,00"),
    (50, 255, "2"), (90, 255, "Joghurt Banane"), (330, 255, "50"), (400, 255, "5,50"), (480, 255, "275,00"),
    (300, 300, "Summe Positionen"), (480, 300, "473,00"),
    (300, 315, "Gesamtbetrag der Abschläge"), (480, 315, "-0,00"),
    (300, 330, "Rechnungssumme ohne USt."), (480, 330, "473,00"),
    (300, 345, "Steuerbetrag"), (480, 345, "56,87"),
    (300, 360, "Bruttosumme"), (480, 360, "529,87"),
    (300, 375, "Zahlbetrag"), (480, 375, "529,87"),
]


def test_german_e_invoice_rendering(tmp_path):
    f = _fields(tmp_path, GERMAN_LESBARMACHUNG, language="de")
    assert f.value("invoice_number") == "471102"  # never the customer number under it
    assert f.value("issue_date") == date(2018, 3, 5)
    assert f.value("subtotal") == Decimal("473.00")
    assert f.value("tax_amount") == Decimal("56.87")
    assert f.value("total") == Decimal("529.87")  # not the -0,00 allowance row
    assert f.value("amount_due") == Decimal("529.87")


def test_a_number_in_the_buyer_block_is_not_the_invoice_number(tmp_path):
    rows = [(50, 60, "Verkäufer GmbH · Straße 20 · 80333 München"), (50, 90, "Käufer"), (50, 105, "Nummer:"),
            (120, 105, "549910"), (50, 120, "Name:"), (120, 120, "Kunde AG"),
            (50, 160, "Handelsrechnung Nr. 471102 vom 05.03.2018")] + GERMAN_LESBARMACHUNG[4:]
    f = _fields(tmp_path, rows)  # language detected
    assert f.value("invoice_number") == "471102"
    assert f.value("issue_date") == date(2018, 3, 5)


@pytest.mark.parametrize("rows, language, number, issued", [
    ([(50, 100, "Factura n.º 2024-017 de fecha 14/03/2024")], "es", "2024-017", date(2024, 3, 14)),
    ([(50, 100, "Račun br. 12/2026 od 03.11.2026.")], "sr", "12/2026", date(2026, 11, 3)),
    ([(50, 100, "Invoice #A-77 dated 3 May 2026")], "en", "A-77", date(2026, 5, 3)),
    ([(50, 100, "Rechnung RE1001")], "de", "RE1001", None),
])
def test_inline_title_number_and_date(tmp_path, rows, language, number, issued):
    f = _fields(tmp_path, rows + [(50, 200, "Total"), (300, 200, "100.00")], language=language)
    assert f.value("invoice_number") == number
    assert f.value("issue_date") == issued


def test_a_tax_word_after_total_names_the_tax_not_the_total(tmp_path):
    rows = [(50, 100, "Invoice number: 881"), (300, 300, "Net amount"), (450, 300, "496.00"),
            (300, 315, "VAT total:"), (450, 315, "75.04 €"), (300, 330, "Due payable:"), (450, 330, "571.04 €")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("tax_amount") == Decimal("75.04")
    assert f.value("total") != Decimal("75.04")


def test_total_incl_vat_is_the_gross_total(tmp_path):
    rows = [(50, 100, "Invoice number: 881"), (300, 300, "Subtotal"), (450, 300, "573.00"),
            (300, 315, "19% VAT"), (450, 315, "108.87"), (300, 330, "Total € Incl. VAT"), (450, 330, "681.87")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("tax_amount") == Decimal("108.87")
    assert f.value("total") == Decimal("681.87")


def test_arithmetic_picks_the_balancing_sums_and_says_so(tmp_path):
    # two figures under total labels, the later (preferred) one not balancing net + VAT: the
    # balancing one wins, marked resolved_by=arithmetic
    rows = [(50, 100, "Invoice number: 12"), (300, 300, "Subtotal"), (450, 300, "100.00"),
            (300, 315, "VAT 20%"), (450, 315, "20.00"), (300, 330, "Total"), (450, 330, "120.00"),
            (50, 500, "Total"), (200, 500, "480.00")]
    inv = read_invoice(_pdf(tmp_path, rows), language="en")
    total = inv.fields.get("total")
    assert total.value == Decimal("120.00") and total.resolved_by == "arithmetic"


def test_a_real_arithmetic_error_stays_as_printed(tmp_path):
    rows = [(50, 100, "Invoice number: 12"), (300, 300, "Subtotal"), (450, 300, "100.00"),
            (300, 315, "VAT 20%"), (450, 315, "20.00"), (300, 330, "Total"), (450, 330, "125.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("125.00") and not f.get("total").resolved_by


def test_thank_you_lines_beyond_fixed_phrases(tmp_path):
    rows = [(50, 100, "Invoice number: 12"), (50, 400, "Thanks for choosing us.")]
    assert _fields(tmp_path, rows, language="en").value("thank_you") == "Thanks for choosing us."


def test_payment_terms_label_with_a_date_gives_the_due_date(tmp_path):
    rows = [(50, 100, "Rechnungsnummer:"), (200, 100, "INV-1"), (50, 115, "Zahlungsziel:"),
            (200, 115, "1. Februar 2024")]
    f = _fields(tmp_path, rows, language="de")
    assert f.value("due_date") == date(2024, 2, 1) and not f.get("due_date").derived


def test_buyer_vat_id_in_its_own_column_is_not_the_sellers(tmp_path):
    rows = [(50, 100, "Invoice Number:"), (300, 100, "DOC-12345"), (50, 115, "Customer VAT ID:"),
            (300, 115, "DE987654321"), (50, 700, "VAT ID: DE136695976")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("seller_tax_id") == "DE136695976"


@pytest.mark.parametrize("rows, expected", [
    ([(50, 700, "USt-IdNr.: DE 136 695 976")], "DE136695976"),
    ([(50, 700, "Umsatzsteuer-Identifikationsnummer: DE136695976")], "DE136695976"),
    ([(50, 700, "Steuernummer: 201/113/40209")], "201/113/40209"),
    ([(50, 700, "Verkäufer"), (50, 712, "Umsatzsteuer-ID"), (180, 712, "DE136695976")], "DE136695976"),
])
def test_seller_tax_ids_in_german_footers(tmp_path, rows, expected):
    base = [(50, 60, "Rechnung"), (50, 80, "Rechnungsnummer: 123"), (50, 95, "Rechnungsdatum: 01.02.2024")]
    assert _fields(tmp_path, base + rows, language="de").value("seller_tax_id") == expected


def test_a_gb_vat_number_is_read_without_its_label_language(tmp_path):
    rows = [(50, 60, "Rechnung"), (50, 80, "Rechnungsnummer: 123"), (50, 700, "VAT Reg. No. GB 123 4567 89")]
    assert _fields(tmp_path, rows, language="de").value("seller_tax_id") == "GB123456789"


def test_net_vat_and_total_found_by_their_arithmetic(tmp_path):
    rows = [(50, 80, "Invoice number: 77"),
            (50, 200, "Description"), (300, 200, "Qty"), (380, 200, "Price"), (480, 200, "Amount"),
            (50, 215, "Design work"), (300, 215, "2"), (380, 215, "50.00"), (480, 215, "100.00"),
            (300, 260, "Neto"), (480, 260, "100.00"),
            (300, 275, "Impost 21%"), (480, 275, "21.00"),
            (300, 290, "Bruto"), (480, 290, "121.00")]
    inv = read_invoice(_pdf(tmp_path, rows), language="en")
    f = inv.fields
    assert (f.value("subtotal"), f.value("tax_amount"), f.value("total")) == (
        Decimal("100.00"), Decimal("21.00"), Decimal("121.00"))
    assert f.get("tax_amount").resolved_by == "arithmetic"


def test_a_deposit_percentage_is_not_a_prepaid_amount(tmp_path):
    rows = [(50, 60, "FACTURE"), (50, 80, "Facture n° F-2026-12"), (50, 95, "Date de facture : 03/12/2026"),
            (300, 300, "Total HT"), (450, 300, "400,00 €"), (300, 315, "TVA 20%"), (450, 315, "80,00 €"),
            (300, 330, "Total TTC"), (450, 330, "480,00 €"),
            (50, 400, "Conditions de paiement : 30% d'acompte à la commande, solde à réception."),
            (50, 415, "Acompte : 30 %")]
    f = _fields(tmp_path, rows)
    assert f.value("prepaid_amount") is None and f.value("amount_due") == Decimal("480.00")


@pytest.mark.parametrize("language, words, expected", [
    ("es", ["Factura N° 0001-00000128", "Fecha: 03/12/2026", "Importe Total: $ 1.210,00"], None),
    ("es", ["Factura N° 0001-00000128", "Fecha: 03/12/2026", "Importe Total: US$ 1.210,00"], "USD"),
    ("en", ["Invoice No. 128", "Date: 12/03/2026", "Total: $1,210.00"], "USD"),
])
def test_a_bare_dollar_sign_names_a_currency_only_where_the_lexicon_says_which(tmp_path, language, words, expected):
    rows = [(50, 80 + 15 * i, w) for i, w in enumerate(words)]
    assert _fields(tmp_path, rows, language=language).value("currency") == expected


@pytest.mark.parametrize("label, value, concept, language", [
    # a date word, then a word of the lexicon's in another form, up to the colon
    ("Fecha facturación:", "14/10/2026", "issue_date", "es"),
    ("Datum valute:", "25.11.2026.", "due_date", "sr"),
    ("Date d'exigibilité limite:", "09/12/2026", None, "fr"),  # a qualifier we have no name for
    ("Date prestation:", "28/09/2026", "supply_date", "fr"),
    ("Date :", "31/01/2022", "issue_date", "fr"),  # the colon printed apart is no qualifier
])
def test_a_date_label_runs_to_its_colon_and_its_qualifier_decides(tmp_path, label, value, concept, language):
    rows = [(50, 60, "Empresa Ejemplo" if language == "es" else "Firma Primer"), (300, 100, label), (450, 100, value)]
    fields = _fields(tmp_path, rows, language=language)
    found = {n: fields.value(n) for n in ("issue_date", "supply_date", "due_date") if fields.value(n)}
    if concept is None:
        assert found == {}
    else:
        assert list(found) == [concept]


@pytest.mark.parametrize("rows, language, expected", [
    # the letter's date after its place beats a bare "Datum" printed as a stamp further down
    ([(50, 60, "Holzbau Krämer KG"), (330, 120, "Hamburg, den"), (440, 120, "03.04.2025"),
      (330, 135, "Rechnung"), (50, 700, "Datum: 05.04.2025 Zeit: 10:12:55")], "de", date(2025, 4, 3)),
    ([(50, 60, "Menuiserie Vidal"), (330, 120, "Lyon, le 3 mars 2024"), (330, 135, "Facture")], "fr",
     date(2024, 3, 3)),
    # a label that can only mean the issue date still comes first
    ([(50, 60, "Holzbau Krämer KG"), (330, 120, "Hamburg, den 03.04.2025"),
      (330, 135, "Rechnungsdatum: 01.04.2025")], "de", date(2025, 4, 1)),
])
def test_the_letter_date_after_its_place(tmp_path, rows, language, expected):
    assert _fields(tmp_path, rows, language=language).value("issue_date") == expected


def test_several_vat_lines_at_one_rate_are_a_breakdown_not_a_total(tmp_path):
    rows = [(50, 60, "Beispiel Handel GmbH"), (50, 100, "Rechnung 4711"), (330, 100, "Rechnungsdatum: 02.05.2025"),
            (250, 300, "Warenwert netto"), (480, 300, "500,00 €"),
            (250, 315, "Fracht netto"), (480, 315, "10,00 €"),
            (250, 330, "Warenwert USt. 19,00% auf 500,00 €"), (480, 330, "95,00 €"),
            (250, 345, "Fracht USt. 19,00% auf 10,00 €"), (480, 345, "1,90 €"),
            (250, 360, "Endsumme"), (480, 360, "606,90 €")]
    fields = _fields(tmp_path, rows, language="de")
    assert fields.value("total") == Decimal("606.90")
    assert fields.get("tax_amount") is None  # no VAT total is printed: neither line is one
    assert fields.get("subtotal") is None  # nor a net total: 10,00 is one of the bases
    assert [(t.base, t.amount) for t in fields.value("tax_breakdown")] == [(Decimal("500.00"), Decimal("95.00")),
                                                                           (Decimal("10.00"), Decimal("1.90"))]


def test_an_iban_wrapped_in_its_table_cell_is_joined_only_when_its_check_digits_hold(tmp_path):
    header = [(50, 60, "Example Supplies Ltd"), (50, 100, "Invoice 103767"),
              (50, 300, "Bank"), (200, 300, "IBAN"), (350, 300, "SWIFT Code")]
    good = _fields(tmp_path, header + [(200, 315, "DE67 1004 8392 7221"), (200, 327, "8882 72")])
    assert good.value("iban") == "DE67100483927221888272"
    # the same cell with a wrong last group: no IBAN is made up from the two lines
    bad = _fields(tmp_path, header + [(200, 315, "DE67 1004 8392 7221"), (200, 327, "8882 73")])
    assert bad.value("iban") != "DE67100483927221888273"


def test_a_lone_date_beside_the_invoice_number_is_the_issue_date(tmp_path):
    rows = [(50, 60, "Company"), (50, 100, "INVOICE NO. 98765432"), (450, 100, "3/14/2024"),
            (50, 200, "DESCRIPTION"), (300, 200, "QTY"), (450, 200, "TOTAL"),
            (50, 215, "Consulting"), (300, 215, "2"), (450, 215, "200.00"),
            (300, 260, "TOTAL"), (450, 260, "200.00")]
    assert _fields(tmp_path, rows).value("issue_date") == date(2024, 3, 14)


def test_a_lone_date_beside_the_number_with_more_text_is_not_taken(tmp_path):
    rows = [(50, 60, "Company"), (50, 100, "INVOICE NO. 98765432"), (450, 100, "printed 3/14/2024 by Anna"),
            (300, 260, "TOTAL"), (450, 260, "200.00")]
    assert _fields(tmp_path, rows).get("issue_date") is None


def test_due_date_inside_the_amount_due_label(tmp_path):
    rows = [(50, 60, "Company"), (50, 100, "Invoice 77"), (50, 115, "Invoice date: 1/25/2024"),
            (300, 260, "SUBTOTAL"), (480, 260, "100.00"),
            (300, 275, "BALANCE DUE BY 2/24/2024"), (480, 275, "100.00")]
    f = _fields(tmp_path, rows)
    assert f.value("due_date") == date(2024, 2, 24)
    assert f.value("amount_due") == Decimal("100.00")


def test_sum_and_charge_rows_are_no_items_and_a_sum_label_keeps_its_column_word(tmp_path):
    rows = [(50, 60, "Seller Company"), (50, 100, "Invoice DOC-1"),
            (70, 300, "Line Total Amount"), (480, 300, "€1,000.00"),
            (70, 315, "Allowance (Tax: 0.00%): Discount"), (480, 315, "- €10.00"),
            (70, 330, "Extra charge (Tax: 0.00%): Surcharge"), (480, 330, "€1.50"),
            (70, 345, "Extra charge (Tax: 0.00%): Freight"), (480, 345, "€8.50"),
            (70, 360, "Net Total Amount"), (480, 360, "€1,000.00"),
            (70, 375, "Gross Total Amount"), (480, 375, "€1,000.00")]
    f = _fields(tmp_path, rows)
    assert f.value("total") == Decimal("1000.00")
    assert f.value("subtotal") == Decimal("1000.00")
    assert f.get("tax_amount") is None  # "(Tax: 0.00%)" annotates a charge, it is no VAT line
    assert f.get("line_items") is None


def test_field_finders_declare_what_they_read_and_the_order_is_checked():
    from invoice_lint.fields.detect import STEPS, Step, check_steps

    check_steps(STEPS)
    # the issue date reads the invoice number (the date after it on the title line): run first,
    # the order is refused with both names
    moved = tuple(s for s in STEPS if s.name == "issue date") + tuple(s for s in STEPS if s.name != "issue date")
    with pytest.raises(RuntimeError, match="issue date.*invoice_number"):
        check_steps(moved)
    assert all(isinstance(s, Step) and s.finds for s in STEPS)


def test_a_diagonal_watermark_neither_merges_rows_nor_becomes_text(tmp_path):
    """A watermark set at 45° in a huge font ("ENTWURF" across the page) has letter boxes taller
    than many rows; they must not pull the rows they cross into one line, and are not text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuW", str(FONT)))
    path = tmp_path / "watermark.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    c.setFont("DejaVuW", 10)
    rows = [(60, 250, "Belegnummer"), (180, 250, "TEST-0815"), (300, 250, "Belegdatum"), (420, 250, "18.02.2025"),
            (60, 265, "Währung"), (180, 265, "EUR"), (60, 330, "Rechnungsbetrag"), (420, 330, "119,00 €")]
    for x, y, text in rows:
        c.drawString(x, height - y, text)
    c.saveState()
    c.translate(120, height - 420)
    c.rotate(45)
    c.setFont("DejaVuW", 150)
    c.setFillGray(0.9)
    c.drawString(0, 0, "ENTWURF")
    c.restoreState()
    c.save()
    invoice = read_invoice(path)
    fields = invoice.fields
    assert fields.value("invoice_number") == "TEST-0815"
    assert fields.value("issue_date") == date(2025, 2, 18)
    assert fields.value("total") == Decimal("119.00")
    texts = [line.text for line in invoice.document.lines]
    assert max(len(t) for t in texts) < 20, texts  # no row pulled into another
    assert not set("ENTWURF") & {t.strip() for t in texts}, texts


def test_tax_compound_with_a_linking_s_and_due_date_in_the_payment_sentence(tmp_path):
    rows = [(50, 60, "Muster GmbH"), (50, 100, "Rechnung Nr. 4711"), (50, 115, "Rechnungsdatum: 18.02.2025"),
            (50, 200, "Gesamtbetrag Netto"), (450, 200, "100,00 €"),
            (50, 215, "Umsatzssteuer (19,00 %)"), (450, 215, "19,00 €"),
            (50, 260, "Die Rechnung ist zahlbar zum 04.03.2025 rein netto ohne Abzug.")]
    fields = _fields(tmp_path, rows)  # no gross total printed: the arithmetic cannot name the tax row
    assert fields.value("tax_amount") == Decimal("19.00")
    assert fields.value("due_date") == date(2025, 3, 4)


def test_a_page_subtotal_carried_to_the_next_page_is_not_the_net_total(tmp_path):
    """Page 1 of 2 ends with the sum of its own lines ("Zwischensumme"); the invoice total is on
    page 2, and no VAT is charged: that page sum is not the invoice's net total."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuP", str(FONT)))
    path = tmp_path / "two-pages.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    pages = [[(50, 60, "Muster GmbH"), (50, 100, "Rechnung Nr. 2024-17"), (50, 115, "Rechnungsdatum: 02.05.2024"),
              (50, 200, "Leistung"), (450, 200, "Betrag"), (50, 215, "Planung"), (450, 215, "300,00 €"),
              (300, 780, "Zwischensumme"), (450, 780, "300,00 €")],
             [(50, 60, "Leistung"), (450, 60, "Betrag"), (50, 75, "Montage"), (450, 75, "150,00 €"),
              (300, 120, "Gesamtbetrag"), (450, 120, "450,00 €"),
              (50, 160, "Gemäß § 19 Abs. 1 UStG wird keine Umsatzsteuer berechnet.")]]
    for rows in pages:
        c.setFont("DejaVuP", 10)
        for x, y, text in rows:
            c.drawString(x, height - y, text)
        c.showPage()
    c.save()
    fields = read_invoice(path).fields
    assert fields.value("total") == Decimal("450.00")
    assert fields.get("subtotal") is None


def test_a_shipping_charge_between_subtotal_and_total_and_a_shipping_address(tmp_path):
    """'Shipping' before the total is a charge: the subtotal above it (the lines' sum) does not
    balance with tax and total, so it is not the net total; 'Shipping Address' heads an address
    and is no charge."""
    rows = [(50, 60, "Company"), (50, 100, "INVOICE NO. 4410"), (450, 100, "Date: 1/15/2024"),
            (50, 130, "Shipping Address"), (50, 145, "12 Harbour Road"),
            (50, 200, "DESCRIPTION"), (300, 200, "QTY"), (450, 200, "AMOUNT"),
            (50, 215, "Widgets"), (300, 215, "10"), (450, 215, "109.90"),
            (300, 250, "SUBTOTAL"), (450, 250, "109.90"),
            (300, 265, "SALES TAX"), (450, 265, "10.99"),
            (300, 280, "SHIPPING & HANDLING"), (450, 280, "5.00"),
            (300, 295, "TOTAL"), (450, 295, "125.89")]
    fields = _fields(tmp_path, rows)
    assert fields.get("allowance_charge").text.startswith("SHIPPING & HANDLING")
    assert fields.get("subtotal") is None
    assert fields.value("total") == Decimal("125.89")
    rows_without_charge = [r for r in rows if not r[2].startswith(("SHIPPING", "5.00"))]
    assert _fields(tmp_path, rows_without_charge).get("allowance_charge") is None  # the address is no charge


def test_an_amount_heading_printed_close_after_a_vat_heading_still_heads_the_amounts(tmp_path):
    """'VAT %' and 'Line Amount Excl. VAT' printed without a wide gap read as one segment: the
    amount heading after the VAT heading still owns the column of line amounts."""
    rows = [(50, 60, "Company"), (50, 100, "Invoice No. 5512"), (50, 115, "Invoice date: 1/25/2024"),
            (50, 200, "Description"), (250, 200, "Quantity"), (380, 200, "VAT % Line Amount Excl. VAT"),
            (50, 215, "Desk chair"), (250, 215, "3"), (380, 215, "19"), (500, 215, "573.00"),
            (300, 260, "Subtotal"), (500, 260, "573.00"), (300, 275, "19% VAT"), (500, 275, "108.87"),
            (300, 290, "Total"), (500, 290, "681.87")]
    items = _fields(tmp_path, rows).value("line_items")
    assert [(i.description, i.quantity, i.amount) for i in items] == [("Desk chair", Decimal("3"), Decimal("573.00"))]


def test_an_iban_in_a_direct_debit_sentence_is_the_debited_account_not_the_payees(tmp_path):
    """'Wird von Konto ... abgebucht': the amount is taken from the buyer's account (BT-91), so
    that IBAN is not where to pay (BT-84) and the method is a direct debit, not a transfer."""
    rows = [(50, 60, "Muster GmbH"), (50, 100, "Rechnung Nr. 2024-88"), (50, 115, "Rechnungsdatum: 02.05.2024"),
            (300, 200, "Gesamtbetrag"), (450, 200, "119,00 €"),
            (50, 240, "Der Betrag wird von Konto DE89 3704 0044 0532 0130 00 abgebucht.")]
    fields = _fields(tmp_path, rows)
    assert fields.get("iban") is None
    assert fields.value("debited_account") == "DE89370400440532013000"
    assert fields.value("payment_methods") == ["direct_debit"]


def test_a_german_debit_sentence_on_an_english_page_still_names_the_debited_account(tmp_path):
    """horstoeko/zugferd's print layout (development part): English labels, and the debit stated in
    German.  The document is read in English, but the debit sentence is recognised in any
    language's words: the IBAN is the buyer's debited account (BT-91), not the payee's (BT-84),
    while a payee IBAN printed elsewhere on the page is still the payee's."""
    rows = [(50, 60, "Kunden AG Mitte"), (50, 100, "Invoice R-2024/00001"), (50, 115, "Invoice date: 12/31/2024"),
            (50, 160, "Description"), (300, 160, "Quantity"), (450, 160, "Amount"),
            (50, 175, "Trennblätter A4"), (300, 175, "20"), (450, 175, "198.00"),
            (300, 200, "Net Total"), (450, 200, "198.00"), (300, 215, "Tax 19%"), (450, 215, "37.62"),
            (300, 230, "Amount to pay"), (450, 230, "235.62"),
            (50, 260, "Wird von Konto DE12500105170648489890 abgebucht")]
    fields = _fields(tmp_path, rows)
    assert fields.get("iban") is None
    assert fields.value("debited_account") == "DE12500105170648489890"
    assert fields.value("payment_methods") == ["direct_debit"]
    rows.append((50, 290, "Our bank: IBAN DE89 3704 0044 0532 0130 00"))
    fields = _fields(tmp_path, rows)
    assert fields.value("iban") == "DE89370400440532013000"
    assert fields.value("debited_account") == "DE12500105170648489890"


def test_paid_and_due_rows_under_the_total_are_read_by_their_arithmetic(tmp_path):
    """Two rows under the total whose labels are unknown: when total - first = second, the first
    was paid and the second is due (BR-CO-16); the due amount is not the total."""
    rows = [(50, 60, "Company"), (50, 100, "Invoice No. 7001"), (50, 115, "Invoice date: 2/3/2024"),
            (300, 200, "Net"), (450, 200, "1,000.00"), (300, 215, "VAT 20%"), (450, 215, "200.00"),
            (300, 230, "Total"), (450, 230, "1,200.00"),
            (300, 245, "Settled earlier"), (450, 245, "300.00"),
            (300, 260, "Still open"), (450, 260, "900.00")]
    fields = _fields(tmp_path, rows)
    assert fields.value("total") == Decimal("1200.00")
    assert fields.value("prepaid_amount") == Decimal("300.00")
    assert fields.value("amount_due") == Decimal("900.00")
    assert fields.get("amount_due").resolved_by == "arithmetic"
    # figures that do not add up say nothing: the due amount stays the total's
    rows[-1] = (450, 260, "800.00")
    fields = _fields(tmp_path, rows)
    assert fields.get("prepaid_amount") is None
    assert fields.value("amount_due") == Decimal("1200.00")
    # a labelled amount due that is the second row: the first row is what was paid
    rows[-2:] = [(300, 260, "Balance due"), (450, 260, "900.00")]
    fields = _fields(tmp_path, rows)
    assert (fields.value("prepaid_amount"), fields.value("amount_due")) == (Decimal("300.00"), Decimal("900.00"))


def test_a_zero_rate_vat_row_between_equal_net_and_total_makes_the_block(tmp_path):
    """'Net 9,603.94 / Tax 0% 0.00 / Invoice amount 9,603.94': at a 0% rate the VAT is nothing and
    the net is the total, so the arithmetic still names the net; a 0.00 at a non-zero rate does not."""
    rows = [(50, 60, "Company"), (50, 100, "Invoice No. 106"), (50, 115, "Invoice date: 2/3/2024"),
            (50, 160, "Description"), (300, 160, "Qty"), (450, 160, "Amount"),
            (50, 175, "Consulting"), (300, 175, "2"), (450, 175, "9,603.94"),
            (390, 200, "Net"), (500, 200, "9,603.94"), (390, 215, "Tax 0%"), (500, 215, "0.00"),
            (390, 230, "Invoice amount 9,603.94 USD")]
    fields = _fields(tmp_path, rows)
    assert (fields.value("subtotal"), fields.value("tax_amount")) == (Decimal("9603.94"), Decimal("0.00"))
    rows[11] = (390, 215, "Tax 20%")
    assert _fields(tmp_path, rows).get("subtotal") is None


# the layout of an Argentine invoice: copy mark, point of sale and number apart, the issuer's CUIT
ARGENTINE = [
    (250, 40, "ORIGINAL"),
    (330, 60, "FACTURA"),
    (300, 80, "A"), (330, 80, "Punto de Venta: 0007"), (450, 80, "Comp. Nro: 00001234"),
    (330, 95, "Fecha de Emisión: 14/03/2026"),
    (330, 110, "CUIT: 20-26756539-3"),
    (50, 140, "Período Facturado Desde:"), (220, 140, "Hasta:"), (390, 140, "Fecha de Vto. para el pago:"),
    (50, 155, "01/03/2026"), (220, 155, "31/03/2026"), (390, 155, "13/04/2026"),
    (50, 180, "DATOS DEL RECEPTOR"),
    (50, 195, "CUIT: 30-50001091-2"),
]


def test_an_argentine_invoice_number_in_two_parts_its_cuit_due_date_and_pesos(tmp_path):
    """'Punto de Venta: 0007  Comp. Nro: 00001234' is invoice 0007-00001234; the issuer's CUIT
    is the seller's tax id (not the client's below 'DATOS DEL RECEPTOR'); the due date is under
    'Fecha de Vto. para el pago'; a bare '$' beside a valid CUIT is the Argentine peso."""
    rows = ARGENTINE + [(350, 300, "Importe Neto Gravado:"), (480, 300, "$1.000,00"),
                        (350, 315, "IVA 21%:"), (480, 315, "$210,00"),
                        (350, 330, "Importe Total:"), (480, 330, "$1.210,00")]
    f = _fields(tmp_path, rows, language="es")
    assert f.value("invoice_number") == "0007-00001234"
    assert f.value("seller_tax_id").replace("-", "") == "20267565393"
    assert f.value("issue_date") == date(2026, 3, 14) and f.value("due_date") == date(2026, 4, 13)
    assert (f.value("subtotal"), f.value("tax_amount"), f.value("total")) == (
        Decimal("1000.00"), Decimal("210.00"), Decimal("1210.00"))
    assert f.value("currency") == "ARS" and f.value("currencies") == ["ARS"]
    assert f.value("seller_name") != "ORIGINAL"  # the copy mark is no name


def test_a_number_already_carrying_its_series_is_not_prefixed_again(tmp_path):
    rows = [(330, 80, "Punto de Venta: 0007"), (450, 80, "Comp. Nro: 0007-00001234"),
            (330, 95, "Fecha de Emisión: 14/03/2026"), (350, 330, "Importe Total:"), (480, 330, "$1.210,00")]
    assert _fields(tmp_path, rows, language="es").value("invoice_number") == "0007-00001234"


def test_a_bare_dollar_beside_an_invalid_cuit_names_no_currency(tmp_path):
    rows = [row for row in ARGENTINE if "CUIT" not in row[2]] + [
        (330, 110, "CUIT: 20-26756539-4"), (350, 330, "Importe Total:"), (480, 330, "$1.210,00")]
    f = _fields(tmp_path, rows, language="es")
    assert f.value("currency") is None and "USD" not in (f.value("currencies") or [])


def test_merged_column_headings_give_way_to_the_line_arithmetic(tmp_path):
    """Headings printed without a gap read as one cell ('Precio Unit. % Bonif.', 'Subtotal Alíc.
    IVASubtotal c/IVA'), which hands the discount to the price and the gross to the amount:
    quantity × price = amount among the row's figures decides instead, and a real error stays."""
    rows = [(50, 60, "Ferretería Don Julio S.R.L."), (330, 80, "Factura N° 0001-00000042"),
            (330, 95, "Fecha: 14/03/2026"),
            (30, 200, "Código"), (110, 200, "Cantidad"), (175, 200, "U. medida"),
            (245, 200, "Precio Unit. % Bonif."), (365, 200, "Subtotal Alíc. IVASubtotal c/IVA"),
            (30, 215, "Tornillos"), (120, 215, "3,00"), (175, 215, "unidades"), (245, 215, "$1.500,00"),
            (320, 215, "0,00"), (365, 215, "$4.500,00"), (440, 215, "21%"), (480, 215, "$5.445,00"),
            (30, 230, "Taladro"), (120, 230, "1,00"), (175, 230, "unidades"), (245, 230, "$20.000,00"),
            (320, 230, "0,00"), (365, 230, "$25.000,00"), (440, 230, "21%"), (480, 230, "$30.250,00"),
            (350, 300, "Importe Neto Gravado:"), (480, 300, "$29.500,00"),
            (350, 330, "Importe Total:"), (480, 330, "$35.695,00")]
    items = _fields(tmp_path, rows, language="es").value("line_items")
    assert [(i.quantity, i.unit_price, i.amount) for i in items][0] == (
        Decimal("3.00"), Decimal("1500.00"), Decimal("4500.00"))
    # 1 × 20.000 is no figure of the second row: it keeps what its cells say, so the error shows
    assert items[1].quantity * items[1].unit_price != items[1].amount


def test_a_tax_id_under_the_clients_heading_is_not_the_sellers(tmp_path):
    """The client's block printed first: its 'CUIT:' is under 'DATOS DEL RECEPTOR', so the
    seller's tax id is the issuer's further down, and with only the client's there is none."""
    client = [(50, 80, "DATOS DEL RECEPTOR"), (50, 95, "Razón Social: Hotel Los Andes S.A."),
              (50, 110, "CUIT: 30-50001091-2")]
    issuer = [(50, 200, "Emisor"), (50, 215, "CUIT: 20-26756539-3")]
    sums = [(350, 330, "Importe Total:"), (480, 330, "$1.210,00")]
    assert _fields(tmp_path, client + issuer + sums, language="es").value("seller_tax_id").replace("-", "") \
        == "20267565393"
    assert _fields(tmp_path, client + sums, language="es").value("seller_tax_id") is None


def test_a_vat_id_closing_the_clients_address_block_is_not_the_sellers(tmp_path):
    """The client's VAT id printed at the foot of its address block under 'RECHNUNGSEMPFÄNGER'
    (five rows down, beside the invoice's meta block) with the same label as the seller's in
    the footer: the seller's is the footer's; a footer far below the block is not in it."""
    client = [(50, 140, "RECHNUNGSEMPFÄNGER"), (330, 140, "Rechnungsnr."), (420, 140, "2025-0002"),
              (50, 155, "Gartenbau Ritter e.K."), (330, 155, "Rechnungsdatum"), (420, 155, "2025-03-12"),
              (50, 170, "Am Anger 2"), (50, 185, "99084 Erfurt"), (330, 192, "Lieferdatum"),
              (420, 192, "2025-03-10"), (50, 200, "DE"), (50, 215, "USt-IdNr. DE684605586")]
    rest = [(50, 60, "Rechnung"), (300, 400, "Gesamt brutto"), (480, 400, "1.256,90 EUR"),
            (50, 800, "Holzwerk Brandt GmbH · USt-IdNr. DE136695976")]
    fields = _fields(tmp_path, client + rest, language="de")
    assert fields.value("seller_tax_id") == "DE136695976"
    # ... and the client's id under any language's tax-id label is the buyer's (not only French ones)
    assert fields.value("buyer_tax_id") == "DE684605586"


def test_a_vat_rows_base_in_brackets_is_no_negative_amount(tmp_path):
    """'USt. 7 % (519,90 EUR)   36,39 EUR': the taxable base in brackets beside a positive VAT
    is the base, not an accountant's minus (a negative base cannot carry a positive tax)."""
    rows = [(50, 60, "Rechnung"), (330, 140, "Rechnungsnr."), (420, 140, "2025-0002"),
            (300, 380, "Gesamt netto"), (480, 380, "1.108,65 EUR"),
            (300, 395, "USt. 7 % (519,90 EUR)"), (480, 395, "36,39 EUR"),
            (300, 410, "USt. 19 % (588,75 EUR)"), (480, 410, "111,86 EUR"),
            (300, 425, "Gesamt brutto"), (480, 425, "1.256,90 EUR")]
    fields = _fields(tmp_path, rows, language="de")
    assert sorted((t.rate, t.base, t.amount) for t in fields.value("tax_breakdown")) == [
        (Decimal("7"), Decimal("519.90"), Decimal("36.39")), (Decimal("19"), Decimal("588.75"), Decimal("111.86"))]
    # a reverse-charge row: no VAT, so no sign to follow; the brackets follow the rate
    zero = [(50, 60, "Factuur"), (300, 380, "Totaal excl. btw"), (480, 380, "3,20 EUR"),
            (300, 395, "Btw 0 % (3,20 EUR)"), (480, 395, "0,00 EUR"), (300, 410, "Te betalen"), (480, 410, "3,20 EUR")]
    fields = _fields(tmp_path, zero, language="nl")
    assert [(t.rate, t.base, t.amount) for t in fields.value("tax_breakdown")] == [
        (Decimal("0"), Decimal("3.20"), Decimal("0.00"))]


def test_order_and_corrected_invoice_numbers_are_no_invoice_number_labels(tmp_path):
    """eu-einvoice's 'N.º de pedido' (the order) and 'Factura rectificada' (the invoice a credit
    note corrects) beside 'N.º de factura': other references, not a second way of labelling the
    invoice number (rules/lexicon/sources/eu-einvoice.yaml)."""
    rows = [(330, 140, "N.º de factura"), (440, 140, "2025-0006"),
            (330, 155, "Fecha"), (440, 155, "2025-02-25"), (330, 170, "N.º de pedido"), (440, 170, "PO-69120"),
            (330, 185, "Factura rectificada"), (440, 185, "2025-0005 2025-01-26"),
            (300, 400, "Total"), (480, 400, "224,64 EUR")]
    fields = _fields(tmp_path, rows, language="es")
    assert fields.value("invoice_number") == "2025-0006"
    assert fields.labels.get("invoice_number") == ["N.º de factura"]


@pytest.mark.parametrize("language, rows", [
    ("de", [(50, 60, "Rechnung"), (330, 140, "Rechnungsdatum"), (420, 140, "2025-03-12"),
            (50, 500, "Bedingungen: Zahlbar ohne Abzug innerhalb von 14 Tagen.")]),
    ("nl", [(50, 60, "Factuur"), (330, 140, "Factuurdatum"), (420, 140, "2025-03-12"),
            (50, 500, "Voorwaarden: Betaling binnen 14 dagen.")]),
])
def test_payment_terms_under_a_short_terms_label(tmp_path, language, rows):
    """eu-einvoice heads the payment terms 'Bedingungen:' / 'Voorwaarden:': the due date follows
    from them (14 days after the issue date), so the terms are no missing due date."""
    fields = _fields(tmp_path, rows + [(300, 400, "Zahlbetrag" if language == "de" else "Te betalen"),
                                       (480, 400, "1.655,05 EUR")], language=language)
    assert fields.value("due_date") == date(2025, 3, 26) and fields.get("due_date").derived


@pytest.mark.parametrize("language, seller, title, more, heading, number, columns", [
    ("es", "Estudio Marín Arquitectura S.L.P.", "Factura rectificativa", "(abono)", "CLIENTE", "N.º de factura",
     ("Descripción", "Cant.", "Importe neto")),
    # 'du' inside the name is no label ('Facture du 12/03'): only a label that starts its line is
    ("fr", "Imprimerie du Vieux Port", "Facture", "", "FACTURÉ À", "N° de facture",
     ("Désignation", "Qté", "Montant HT")),
])
def test_the_letterhead_is_above_the_items_and_not_the_clients_block(tmp_path, language, seller, title, more,
                                                                        heading, number, columns):
    """eu-einvoice's page: the seller's name small at the top right (8.5 pt), the title large
    (its bracketed second line too), the client's name in 9 pt under its heading, the item names
    in 9 pt below: the seller is the letterhead's top line, above the items and outside the
    client's block."""
    rows = [(400, 60, 8.5, seller), (40, 72, 20, title), (400, 72, 8.5, "Carrer de Balmes 77"),
            (400, 84, 8.5, "08008 Barcelona"), (40, 96, 20, more),
            (40, 140, 7.5, heading), (40, 153, 9, "Talleres Navarro S.L."), (40, 166, 9, "Calle de Alcalá 120"),
            (40, 179, 9, "28009 Madrid"), (300, 140, 8.5, number), (400, 140, 8.5, "F26/00001"),
            (40, 230, 8, "#"), (70, 230, 8, columns[0]), (300, 230, 8, columns[1]), (480, 230, 8, columns[2]),
            (40, 245, 9, "1"), (70, 245, 9, "Servicio de consultoría"), (300, 245, 9, "1"),
            (480, 245, 9, "85,00 EUR"), (300, 290, 8.5, "Total"), (480, 290, 8.5, "93,50 EUR")]
    path = _pdf(tmp_path, [(x, y, text, size) for x, y, size, text in rows], name="letterhead.pdf")
    fields = read_invoice(path, language=language).fields
    assert fields.value("seller_name") == seller
    assert fields.value("buyer_name") == "Talleres Navarro S.L."


# a final invoice in a DIN 5008 layout: settled prepayments after the items, then the sums
FINAL_INVOICE = [
    (70, 60, "Elektro Weber & Söhne OHG – Industriestr. 88 – 50667 Köln"),
    (340, 80, "Rechnungsnr.:"), (420, 80, "2025-0042"), (340, 95, "Datum:"), (420, 95, "12.04.2025"),
    (70, 140, "Schlussrechnung Nr. 2025-0042"),
    (75, 180, "Pos."), (110, 180, "Bezeichnung"), (300, 180, "Anzahl"), (350, 180, "Einzelpreis"),
    (470, 180, "Gesamtpreis"),
    (75, 195, "1"), (110, 195, "Montage vor Ort"), (320, 195, "10"), (380, 195, "68,00"), (500, 195, "680,00"),
    (70, 215, "Verrechnete Abschläge"),
    (70, 230, "AB-0002 27.10.2025"), (370, 230, "100,00 EUR + 19,00 EUR = 119,00 EUR"),
    (300, 255, "Gesamtbetrag (Netto):"), (480, 255, "680,00 EUR"),
    (300, 270, "Umsatzsteuer 19 %:"), (480, 270, "129,20 EUR"),
    (300, 285, "Gesamtbetrag (Brutto):"), (480, 285, "809,20 EUR"),
    (300, 300, "Bereits gezahlt (Abschlag):"), (480, 300, "-119,00 EUR"),
    (300, 315, "Zahlbetrag:"), (480, 315, "690,20 EUR"),
    (70, 360, "Elektro Weber & Söhne OHG"), (440, 360, "Steuernr.: 215/330/45678"),
]


def test_a_word_sharing_a_part_with_a_label_is_no_form_of_it():
    """'Gesamtbetrag (Netto)' is the net (Gesamt|betrag + netto), not another form of a line-amount
    label 'Gesamtpreis (netto)': two German words that share 'gesamt' are two words."""
    from invoice_lint.fields.labels import _inflected

    assert _inflected("osnova", "osnovica") and _inflected("amounts", "amount")
    assert not _inflected("gesamtbetrag", "gesamtpreis") and not _inflected("rechnungsdatum", "rechnungsbetrag")


def test_a_final_invoice_settles_its_prepayments_after_the_items(tmp_path):
    """The heading of the settled prepayments ends the items, so the prepayment is no item; the
    payment printed as a deduction is the positive amount paid (BT-113); 'Steuernr.' is the
    compound Steuer|nr. of the tax number."""
    f = _fields(tmp_path, FINAL_INVOICE, language="de")
    assert [i.amount for i in f.value("line_items")] == [Decimal("680.00")]
    assert (f.value("total"), f.value("prepaid_amount"), f.value("amount_due")) == (
        Decimal("809.20"), Decimal("119.00"), Decimal("690.20"))
    assert f.value("seller_tax_id") == "215/330/45678"


@pytest.mark.parametrize("sentence", [
    "No VAT charged (small business, Section 19 German VAT Act).",
    "A 2% discount applies if paid within 10 days.",
])
def test_a_whole_number_in_a_sentence_is_no_labelled_sum(tmp_path, sentence):
    rows = [(50, 60, "Grafikdesign Lena Fischer"), (50, 100, "Invoice No. 7"), (50, 115, "Date: 04/12/2025"),
            (350, 200, "Total (net):"), (480, 200, "640.00 EUR"), (350, 215, "Total (gross):"),
            (480, 215, "640.00 EUR"), (50, 260, sentence)]
    f = _fields(tmp_path, rows)
    assert f.get("tax_amount") is None and f.get("prepaid_amount") is None
    assert f.value("total") == Decimal("640.00") and f.value("amount_due") == Decimal("640.00")


def test_a_bold_subject_line_and_neighbouring_sum_rows_are_no_second_label(tmp_path):
    """'Rechnung Nr. 2025-0042' set in bold is the letter's subject line (DIN 5008), not a second
    label of the number beside 'Rechnungsnr.:'; 'Zwischensumme (Netto)' and 'Gesamtbetrag (Netto)'
    on neighbouring rows are two lines of one block.  'Rechnungs-Nr.' in the footer is a second
    label, and still recorded."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuT", str(FONT)))
    pdfmetrics.registerFont(TTFont("DejaVuTBold", str(FONT.with_name("DejaVuSans-Bold.ttf"))))
    path = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    for x, y, text, font in [
        (70, 60, "Büro Service Schulz e.K.", "DejaVuT"), (340, 80, "Rechnungsnr.:", "DejaVuT"),
        (420, 80, "2025-0042", "DejaVuT"), (340, 95, "Datum:", "DejaVuT"), (420, 95, "12.04.2025", "DejaVuT"),
        (70, 140, "Rechnung Nr. 2025-0042", "DejaVuTBold"),
        (350, 255, "Zwischensumme (Netto):", "DejaVuT"), (480, 255, "680,00 EUR", "DejaVuT"),
        (350, 270, "Gesamtbetrag (Netto):", "DejaVuT"), (480, 270, "680,00 EUR", "DejaVuT"),
        (350, 285, "Umsatzsteuer 19 %:", "DejaVuT"), (480, 285, "129,20 EUR", "DejaVuT"),
        (350, 300, "Gesamtbetrag (Brutto):", "DejaVuT"), (480, 300, "809,20 EUR", "DejaVuT"),
        (70, 420, "Rechnungs-Nr.: 2025-0042", "DejaVuT")]:
        c.setFont(font, 10)
        c.drawString(x, height - y, text)
    c.save()
    labels = read_invoice(path, language="de").fields.labels
    assert labels["invoice_number"] == ["Rechnungsnr.", "Rechnungs-Nr."] and len(labels["subtotal"]) == 1


def test_the_sender_line_above_the_address_names_the_seller(tmp_path):
    """'IT-Beratung Nord GmbH – Speicherstadt 21 – 20457 Hamburg' above the window address (DIN
    5008) names the seller; a label ('Telefon:') or a lone code is never a name."""
    rows = [(70, 120, "IT-Beratung Nord GmbH – Speicherstadt 21 – 20457 Hamburg"),
            (340, 80, "Telefon:"), (420, 80, "+49 40 1234567"), (340, 95, "Rechnungsnr.:"), (420, 95, "2025-0042"),
            (70, 140, "Anna Becker"), (70, 155, "Kundenweg 49"), (70, 170, "70173 Stuttgart"),
            (350, 300, "Gesamtbetrag (Brutto):"), (480, 300, "809,20 EUR")]
    assert _fields(tmp_path, rows, language="de").value("seller_name") == "IT-Beratung Nord GmbH"
    rows[0] = (70, 120, "Absender siehe Fußzeile")
    assert _fields(tmp_path, rows, language="de").value("seller_name") not in ("Telefon:", "2025-0042")


def test_a_small_sender_line_parted_by_commas_names_the_seller(tmp_path):
    """'Alphabet, Lilienthalallee 26, 80786 München' set small above the window address names the
    seller; the letter date's place beside the address ('München, den | 01.11.2024') names no one;
    a client's address run into one line at the body's size is not a sender line."""
    letter = [(330, 180, "Rechnungsnummer:"), (440, 180, "2015738820"), (330, 195, "München, den"),
              (440, 195, "01.11.2024"), (77, 187, "Muster GmbH"), (77, 200, "Musterweg 1"),
              (77, 213, "60325 Frankfurt am Main"), (60, 300, "Finanzrate vom 01.11.2024 bis 30.11.2024"),
              (300, 330, "Summe gesamt"), (480, 330, "447,88")]
    sender = (77, 130, "Alphabet, Lilienthalallee 26, 80786 München", 6)
    fields = _fields(tmp_path, [sender, *letter], language="de")
    assert fields.value("seller_name") == "Alphabet"
    assert fields.value("issue_date") == date(2024, 11, 1)
    run_in = (77, 130, "Kunde GmbH, Kundenweg 5, 60325 Frankfurt am Main")
    assert _fields(tmp_path, [run_in, *letter], language="de").value("seller_name") != "Kunde GmbH"
    dated_first = [(330, 60, "München, den"), (440, 60, "01.11.2024"), (77, 75, "Alphabet Leasing GmbH"), *letter[:2],
                   *letter[6:]]
    assert _fields(tmp_path, dated_first, language="de").value("seller_name") == "Alphabet Leasing GmbH"


@pytest.mark.parametrize("footer, expected", [
    ("Steuernr.: 215/330/45678", "215/330/45678"),
    ("USt-IdNr.: DE136695976", "DE136695976"),
    ("N° TVA intracommunautaire : FR40303265045", "FR40303265045"),
])
def test_a_tax_id_under_another_languages_label_on_an_english_page(tmp_path, footer, expected):
    """A German or French seller prints its tax id under its own country's label on an English
    invoice: a required detail is read whatever language the page is in."""
    rows = [(50, 60, "Büro Service Schulz e.K."), (50, 100, "Invoice No. 2025-0042"),
            (50, 115, "Date: 04/12/2025"), (50, 160, "Description"), (300, 160, "Quantity"), (450, 160, "Amount"),
            (50, 175, "Consulting services for the new office network"), (300, 175, "2"), (450, 175, "190.00"),
            (350, 230, "Total (net):"), (470, 230, "190.00 EUR"), (350, 245, "VAT 19 %:"), (470, 245, "36.10 EUR"),
            (350, 260, "Total (gross):"), (470, 260, "226.10 EUR"),
            (50, 320, "Thank you for your purchase. Please pay within 14 days."), (50, 360, footer)]
    fields = _fields(tmp_path, rows, language="en")
    assert fields.value("seller_tax_id").replace(" ", "") == expected


@pytest.mark.parametrize("title, below, expected", [
    ("I N V O I C E", "Ref: #1721", "1721"),  # a letter-spaced title
    ("INVOICE", "No. 2024-17", "2024-17"),
    ("FACTURE", "Réf. F-2025-031", "F-2025-031"),
    ("INVOICE", "Ref: 25/12/2023", None),  # a date is no number
])
def test_the_number_on_the_line_under_a_lone_title(tmp_path, title, below, expected):
    rows = [(40, 40, "Festrols Corp."), (40, 55, "1711 W. El Segundo Blvd"), (430, 40, title), (430, 55, below),
            (430, 85, "Due Date: 25/12/2023"), (50, 160, "Item"), (250, 160, "Qty"), (450, 160, "Total"),
            (50, 175, "Cloud VPS Server"), (250, 175, "1"), (450, 175, "720.00"),
            (350, 230, "Subtotal"), (450, 230, "720.00"), (350, 245, "Total"), (450, 245, "720.00")]
    language = "fr" if title == "FACTURE" else "en"
    assert _fields(tmp_path, rows, language=language).value("invoice_number") == expected


def test_a_sentence_naming_the_issue_date_is_no_second_label(tmp_path):
    """'Invoice date corresponds to the date of service' (billwright's note under the meta block)
    names the concept in a sentence; it labels no value, so 'Date' stays the one label."""
    rows = [(50, 60, "Sample Consulting GmbH"), (350, 100, "Date"), (450, 100, "18.09.2025"),
            (350, 115, "Invoice number"), (450, 115, "2025-001"),
            (350, 130, "PO-1234"), (350, 170, "Invoice date corresponds to the date of service"),
            (50, 260, "Net amount"), (450, 260, "100.00 CHF"), (50, 275, "Total due"), (450, 275, "100.00 CHF")]
    fields = _fields(tmp_path, rows, language="en")
    assert fields.value("issue_date") == date(2025, 9, 18)
    assert fields.labels["issue_date"] == ["Date"]


def test_an_iban_wrapped_at_the_end_of_a_paragraph_line_is_joined(tmp_path):
    """A centred running footer wraps 'IBAN CH93 0076 2011 6238 5295' onto a short centred '7 |
    BIC …' under the middle of the line, not under the IBAN: the two parts joined make the IBAN
    (length and check digits right)."""
    rows = [(50, 60, "Sample GmbH"), (50, 100, "Total due"), (450, 100, "100.00 CHF"),
            (60, 780, "Sample GmbH | Bahnhofstrasse 1, 8001 Zürich, CH | Example Bank | IBAN CH93 0076 2011 6238 5295"),
            (270, 792, "7 | BIC UBSWCHZH80A")]
    fields = _fields(tmp_path, rows, language="en")
    assert fields.value("iban") == "CH9300762011623852957"


def test_a_french_street_name_on_a_german_page_is_no_informal_address(tmp_path):
    """'Quai du Mont-Blanc 7' in a Swiss German sender line is a place: its 'du' is no 'du'
    (informal) beside the page's 'Ihnen' (formal); 'kannst du' in a sentence still is."""
    from invoice_lint.checks.consistency import register_hits

    rows = [(50, 60, "Sara Rossi · Quai du Mont-Blanc 7 · 1201 Genève · Schweiz"),
            (50, 100, "Rechnung"), (50, 120, "vielen Dank für Ihren Auftrag. Wir berechnen Ihnen:"),
            (50, 140, "Gesamtbetrag"), (450, 140, "100.00 CHF")]
    hits = register_hits(read_invoice(_pdf(tmp_path, rows), language="de").document)
    assert {r for r, _, _ in hits} == {"formal"}
    rows.append((50, 160, "Wenn du Fragen hast, kannst du uns anrufen."))
    hits = register_hits(read_invoice(_pdf(tmp_path, rows, "b.pdf"), language="de").document)
    assert "informal" in {r for r, _, _ in hits}


def test_a_swiss_uid_is_the_sellers_tax_id_without_a_label():
    """'UID CHE-116.281.710 MWST': the Swiss enterprise number with its VAT suffix is an id by its
    prefix and check digit, like a prefixed EU VAT id; a wrong check digit is none."""
    from invoice_lint.fields.identifiers import find_vat_ids, validate_tax_id

    found = find_vat_ids("Muster AG · UID CHE-116.281.710 MWST · Bahnhofstrasse 1, 8001 Zürich")
    assert [(m.value, m.kind, m.valid) for m in found] == [("CHE-116.281.710", "ch_uid", True)]
    assert not find_vat_ids("UID CHE-116.281.711 MWST")
    assert validate_tax_id("CHE-116.281.710", "ch_uid")


def test_a_sum_word_qualified_in_brackets_is_the_net_or_the_gross_sum(tmp_path):
    """"Betrag (netto)", "Betrag (brutto)": the bracket names which sum the bare sum word is (a
    DIN 5008 totals block, as dinbrief prints 'Summe (netto)'), not an annotation of a charge."""
    rows = [(50, 60, "Musterfirma · Finkengasse 1 · 12345 Musterort"), (50, 100, "Rechnung 2024-17"),
            (50, 220, "#"), (70, 220, "Beschreibung"), (330, 220, "Einzelpreis"), (480, 220, "Betrag"),
            (50, 240, "1"), (70, 240, "Wartung Heizung"), (330, 240, "250,00 €"), (480, 240, "250,00 €"),
            (330, 270, "Betrag (netto)"), (480, 270, "250,00 €"),
            (330, 285, "+19% USt"), (480, 285, "47,50 €"),
            (330, 300, "Betrag (brutto)"), (480, 300, "297,50 €")]
    f = _fields(tmp_path, rows)
    assert f.value("subtotal") == Decimal("250.00")
    assert f.value("tax_amount") == Decimal("47.50")
    assert f.value("total") == Decimal("297.50")


def test_the_din_5008_letter_date_beside_the_subject_is_the_issue_date(tmp_path):
    """A letter's date printed alone at the right of the subject line ("Rechnung ... 30.06.2025"),
    or after its place without "den" ("Hannover, 30.06.2025"), is the issue date, not the date
    column of the items below it nor the date of supply in the information block."""
    items = [(50, 300, "Pos."), (80, 300, "Leistung"), (280, 300, "Datum"), (480, 300, "Betrag"),
             (50, 320, "1"), (80, 320, "Gutachten Dachstuhl"), (280, 320, "26.06.2025"), (480, 320, "880,00 €"),
             (330, 350, "Gesamtbetrag"), (480, 350, "880,00 €")]
    info = [(350, 60, "Rechnungs-Nr."), (350, 72, "RE-4410"), (350, 90, "Lieferdatum"), (350, 102, "24.06.2025"),
            (50, 150, "Musterbüro · Am Ring 3 · 30159 Hannover"), (50, 170, "Herrn Paul Muster")]
    alone = _fields(tmp_path, info + items + [(50, 250, "Rechnung"), (500, 250, "30.06.2025")])
    assert alone.value("issue_date") == date(2025, 6, 30)
    placed = _fields(tmp_path, info + items + [(50, 250, "Ihre Rechnung"), (440, 250, "Hannover, 1.7.2025")])
    assert placed.value("issue_date") == date(2025, 7, 1)


def test_a_short_word_between_the_due_label_and_the_date_in_a_sentence(tmp_path):
    """"Fällig bis zum 20.03.2025 ohne Abzug": the label ('fällig bis') and the date are joined
    by one short word of the sentence; the date is still the due date."""
    rows = [(50, 60, "Musterfirma · Finkengasse 1 · 12345 Musterort"), (50, 100, "Rechnung 2024-17"),
            (50, 115, "Rechnungsdatum: 06.03.2025"),
            (330, 270, "Gesamtbetrag"), (480, 270, "297,50 €"),
            (50, 300, "Fällig bis zum 20.03.2025 ohne Abzug.")]
    f = _fields(tmp_path, rows)
    assert f.value("due_date") == date(2025, 3, 20)
    assert f.value("issue_date") == date(2025, 3, 6)


def test_a_tax_number_printed_in_groups_of_digits_is_the_seller_tax_id(tmp_path):
    """"Steuer-Nr. 045 228 10417" (a Land's form of the Steuernummer with spaces between its
    groups) is the whole number, not its first group."""
    rows = [(50, 60, "Musterfirma · Finkengasse 1 · 12345 Musterort"), (50, 100, "Rechnung 2024-17"),
            (330, 270, "Gesamtbetrag"), (480, 270, "297,50 €"),
            (50, 760, "Steuer-Nr. 045 228 10417"), (300, 760, "Amtsgericht Musterort HRB 1234")]
    f = _fields(tmp_path, rows)
    assert f.value("seller_tax_id") == "045 228 10417"


def test_the_net_sum_of_a_page_charging_no_vat_under_an_exemption_is_its_total(tmp_path):
    """A small business's page prints its net sum alone and says why no VAT is charged: that
    sum is the total (derived), and without the note it is not."""
    rows = [(50, 60, "Musterfirma · Finkengasse 1 · 12345 Musterort"), (50, 100, "Rechnung 2024-17"),
            (330, 270, "Nettobetrag"), (480, 270, "640,00 €")]
    note = [(50, 300, "Kein Ausweis der Umsatzsteuer, da Kleinunternehmer gemäß § 19 UStG.")]
    f = _fields(tmp_path, rows + note)
    assert f.value("total") == Decimal("640.00") and f.get("total").derived
    assert f.value("amount_due") == Decimal("640.00")
    assert _fields(tmp_path, rows).get("total") is None


def test_a_numbered_group_heading_in_the_items_is_no_line_of_the_description_above(tmp_path):
    """A text row with its own position number ("2  Montage", the heading of a group of items)
    starts a row of its own; a row of text without one still continues the description above."""
    rows = [(50, 60, "Musterfirma · Finkengasse 1 · 12345 Musterort"), (50, 100, "Rechnung 2024-17"),
            (50, 220, "Pos."), (90, 220, "Bezeichnung"), (330, 220, "Menge"), (400, 220, "Preis"), (480, 220, "Betrag"),
            (50, 240, "1"), (90, 240, "Kabelkanal weiß"), (330, 240, "4"), (400, 240, "12,50"), (480, 240, "50,00"),
            (90, 252, "mit Deckel, 2 m"),
            (50, 267, "2"), (90, 267, "Montage"),
            (50, 282, "3"), (90, 282, "Arbeitszeit Elektriker"), (330, 282, "2"), (400, 282, "65,00"), (480, 282, "130,00"),
            (330, 320, "Gesamtbetrag"), (480, 320, "180,00")]
    items = _fields(tmp_path, rows).value("line_items")
    assert [i.description for i in items] == ["Kabelkanal weiß\nmit Deckel, 2 m", "Arbeitszeit Elektriker"]


def test_a_description_centred_on_its_row_keeps_its_first_lines(tmp_path):
    """A table whose cells are centred on their rows (reportlab's and many HTML tables' middle
    alignment) prints a three-line description one line above its figures, one beside them and
    one below.  The lines above hug their own row and are far from the item before: they open
    that item's description, not close the one above.  Lines spaced evenly still continue the
    item above, as do lines nearer the item above."""
    header = [(50, 60, "Harbour Lane Analytics Ltd"), (50, 100, "Invoice 2024-117"),
              (60, 200, "Description"), (330, 200, "Qty"), (400, 200, "Price"), (480, 200, "Amount")]
    centred = [(60, 228, "Two-day"), (60, 240, "Workshop"), (330, 240, "1"), (400, 240, "1400.00"), (480, 240, "1400.00"),
               (60, 252, "facilitation"),
               (60, 276, "Remote"), (60, 288, "support,"), (330, 288, "2"), (400, 288, "95.50"), (480, 288, "191.00"),
               (60, 300, "hourly"),
               (400, 340, "Total:"), (480, 340, "1591.00")]
    items = _fields(tmp_path, header + centred).value("line_items")
    assert [i.description for i in items] == ["Two-day\nWorkshop\nfacilitation", "Remote\nsupport,\nhourly"]
    evenly = [(60, 228, "Workshop"), (330, 228, "1"), (400, 228, "1400.00"), (480, 228, "1400.00"),
              (60, 240, "two days,"), (60, 252, "facilitation"),
              (60, 264, "Remote support"), (330, 264, "2"), (400, 264, "95.50"), (480, 264, "191.00"),
              (400, 300, "Total:"), (480, 300, "1591.00")]
    items = _fields(tmp_path, header + evenly).value("line_items")
    assert [i.description for i in items] == ["Workshop\ntwo days,\nfacilitation", "Remote support"]


def test_a_party_block_printed_as_a_form_names_the_party_after_its_field_word(tmp_path):
    """"Name: Jane Doe" under the client's heading (PyInvoice's form of the parties) names Jane
    Doe: one word and a colon never begin a name."""
    rows = [(60, 80, "Invoice"), (60, 110, "Invoice number:"), (200, 110, "2024-117"),
            (342, 167, "Client"), (342, 193, "Name:"), (406, 193, "Jane Doe"), (342, 211, "Street:"),
            (406, 211, "1 High Street")]
    buyer = _fields(tmp_path, rows).get("buyer_name")
    assert buyer.value == "Jane Doe" and buyer.text == "Name: Jane Doe"


def test_an_account_number_printed_in_groups_of_digits_is_read_whole(tmp_path):
    """"Account Number: 1123 4567 2345 8765" (a template's payment block) is one account number,
    and printed bank details offer a bank transfer; a sort code's own token is read as before."""
    rows = [(60, 80, "INVOICE"), (60, 110, "Invoice#"), (200, 110, "4698018857"),
            (60, 300, "Total"), (200, 300, "$706.00"),
            (60, 340, "Payment Info:"), (60, 355, "Account Number: 1123 4567 2345 8765")]
    f = _fields(tmp_path, rows)
    assert f.value("bank_account") == "1123 4567 2345 8765"
    assert "bank_transfer" in f.value("payment_methods")
    uk = _fields(tmp_path, rows[:-1] + [(60, 355, "Sort code: 12-34-56")])
    assert uk.value("bank_account") == "12-34-56"


def test_a_date_set_large_at_the_top_is_no_sellers_name(tmp_path):
    """Without a seller label the letterhead is the largest text near the top, but a line that is
    nothing but a date ("August 3, 2019" beside the title) names no one."""
    rows = [(360, 60, "INVOICE", 22), (360, 100, "August 3, 2019", 16), (60, 100, "Lorem Studio", 12),
            (60, 200, "Total"), (200, 200, "$706.00")]
    assert _fields(tmp_path, rows).value("seller_name") == "Lorem Studio"

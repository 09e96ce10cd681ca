"""Reading the numbers of a page the way the page prints them (issue #10): a German e-invoice
rendering may print '54.80' and, for two units, '2.000'; a language's decimal mark would read
that quantity as two thousand.  The decimal mark the page's own figures show (at least two
figures with it, none with the language's) decides '2.000' / '1,234'; dates, times, rates and
ids are no evidence.  The wording is written here; each page is a small real PDF read by the
real reader, and `check` is the real CLI.
"""
from __future__ import annotations

from decimal import Decimal

from test_fields_unseen import _pdf

from invoice_lint.fields.amounts import NumberStyle, find_amounts, printed_decimal
from invoice_lint.pipeline import read_invoice
from invoices import check_codes

HEAD = [(50, 50, "Rechnung RE-2025-0002"), (50, 64, "Rechnungsdatum: 04.03.2025"),
        (50, 110, "Pos"), (80, 110, "Beschreibung"), (300, 110, "Menge"), (380, 110, "Einzelpreis"),
        (520, 110, "Betrag", "r")]


def _page(tmp_path, items: list[tuple[str, str, str, str]], totals: list[tuple[str, str]]):
    rows = list(HEAD)
    for i, (description, qty, price, amount) in enumerate(items, start=1):
        y = 110 + 14 * i
        rows += [(50, y, str(i)), (80, y, description), (300, y, qty), (380, y, price), (520, y, amount, "r")]
    y = 130 + 14 * len(items)
    for label, value in totals:
        rows += [(320, y, label), (520, y, value, "r")]
        y += 14
    return _pdf(tmp_path, rows)


DOT_ITEMS = [("Dachrinne Zink", "2.000", "27.40", "54.80"), ("Anfahrtspauschale", "40.000", "45.00", "1800.00")]
DOT_TOTALS = [("Nettobetrag", "1854.80"), ("MwSt. 19%", "352.41"), ("Gesamtbetrag", "2207.21 EUR")]


def test_a_german_page_printing_dot_decimals_reads_its_quantities_with_them(tmp_path):
    invoice = read_invoice(_page(tmp_path, DOT_ITEMS, DOT_TOTALS))
    items = invoice.fields.value("line_items")
    assert [(i.quantity, i.unit_price, i.amount) for i in items] == [
        (Decimal("2.000"), Decimal("27.40"), Decimal("54.80")), (Decimal("40.000"), Decimal("45.00"), Decimal("1800.00"))]
    assert invoice.fields.value("subtotal") == Decimal("1854.80")
    assert invoice.fields.value("total") == Decimal("2207.21")


def test_the_lines_of_such_a_page_add_up_in_check(tmp_path):
    """Read as two thousand and forty thousand units, the lines would not balance: no ARI error."""
    codes = check_codes(_page(tmp_path, DOT_ITEMS, DOT_TOTALS))
    assert not {c for c in codes if c.startswith("ARI")}


def test_a_german_page_printing_comma_decimals_keeps_its_languages_reading(tmp_path):
    items = [("Dachrinne Zink", "2.000", "27,40", "54.800,00"), ("Anfahrtspauschale", "3", "45,00", "135,00")]
    totals = [("Nettobetrag", "54.935,00"), ("MwSt. 19%", "10.437,65"), ("Gesamtbetrag", "65.372,65 EUR")]
    invoice = read_invoice(_page(tmp_path, items, totals))
    assert [i.quantity for i in invoice.fields.value("line_items")] == [Decimal("2000"), Decimal("3")]
    assert invoice.fields.value("total") == Decimal("65372.65")


def test_the_decimal_mark_needs_two_certain_figures_and_none_against_it():
    assert printed_decimal(["Menge 2.000 Preis 27.40", "Summe 54.80 EUR"], "de") == "."
    assert printed_decimal(["Summe 54.80 EUR"], "de") is None  # one figure is not enough
    assert printed_decimal(["Menge 27.40", "Summe 54.80", "MwSt 10,41"], "de") is None  # the page mixes: keep the language's
    assert printed_decimal(["Total 12,50 €", "VAT 2,38 €"], "en") == ","
    assert printed_decimal(["Total 12.50", "VAT 2.38"], "en") is None  # the language's own mark
    assert printed_decimal(["1.234 Stück", "2.000 kg"], "de") is None  # three digits after the mark: no evidence


def test_dates_times_rates_and_ids_are_no_evidence():
    lines = ["Leistungszeitraum 01.03. - 31.03.2025", "Öffnungszeiten Mo.-Fr. 08.30 - 17.00 Uhr",
             "MwSt. 19.00 %", "Tel. +49 30 12.34.56", "Gesamt 1.500 €"]
    assert printed_decimal(lines, "de") is None


def test_a_number_style_reads_what_the_page_prints():
    dot = NumberStyle("de", ".")
    assert [m.value for m in dot.find("2.000  27.40  54.80")] == [Decimal("2.000"), Decimal("27.40"), Decimal("54.80")]
    assert [m.value for m in NumberStyle("de").find("2.000  27.40")] == [Decimal("2000"), Decimal("27.40")]
    assert find_amounts("1.234", "de", decimal=".")[0].value == Decimal("1.234")
    assert NumberStyle.of(["Summe 54.80", "MwSt 10.41"], "de") == dot


def test_the_quantitys_own_cell_is_neither_price_nor_amount():
    """Cells that disagree are settled by quantity × price = amount; beside a position number '1'
    the quantity's own cell would make 1 × 5 = 5."""
    from invoice_lint.fields.items import _by_arithmetic
    from invoices import page_lines

    row = page_lines(["1 Schrauben 5 kg 20.00 € 19 % 100.00 €"])
    assert _by_arithmetic(row, Decimal("5"), NumberStyle("de", ".")) == (Decimal("20.00"), Decimal("100.00"))
    row = page_lines(["1 Reinigung 2 2.00 4.00"])  # the quantity's value may still be the price
    assert _by_arithmetic(row, Decimal("2"), NumberStyle("en")) == (Decimal("2.00"), Decimal("4.00"))


def _thin(x: float, y: float, head: str, rest: str) -> list[tuple]:
    """A figure whose thousands are set a thin space (1/6 em at 10 pt) apart, as siunitx and TeX's
    "\\," set them: two pieces of text with a gap and no space character between them."""
    return [(x, y, head, "r"), (x + 10 / 6, y, rest)]


def test_thousands_a_thin_space_apart_are_one_figure_in_a_totals_block(tmp_path):
    """An English page whose sums print their thousands a thin space apart ('2 010.00 GBP',
    invoice2's 'Net Total' under a LaTeX letter): the net is 2010.00, not the '010.00' after the
    gap; the figure is read whole where the label's value is taken from its words."""
    rows = [(50, 50, "Invoice no."), (50, 64, "F000044"), (300, 50, "Date"), (300, 64, "28/12/2025"),
            (80, 110, "Item"), (300, 110, "Unit Price"), (460, 110, "Price"),
            (80, 124, "Oak desk"), (300, 124, "95.00 GBP"), *_thin(420, 124, "1", "140.00 GBP"),
            (330, 150, "Net Total"), *_thin(420, 150, "2", "010.00 GBP"),
            (330, 164, "VAT"), (420 + 10 / 6, 164, "402.00 GBP"),
            (330, 178, "Gross Total"), *_thin(420, 178, "2", "412.00 GBP")]
    fields = read_invoice(_pdf(tmp_path, rows), language="en").fields
    assert (fields.value("subtotal"), fields.value("tax_amount"), fields.value("total")) == \
        (Decimal("2010.00"), Decimal("402.00"), Decimal("2412.00"))

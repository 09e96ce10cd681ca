"""Reading the Venezuelan invoices the LaTeX class ``factura`` typesets (the development source
benchmarks/factura_source.py): 'FACTURA Nº 000123' with the º raised after its N, the issuer's
'RIF: J-30123456-7' in the letterhead (a Venezuelan RIF, read whole, not a Spanish CIF cut
short), the class's currency mark 'Bs.' set against its figures ('Bs.3.346,04'), and the
reference of a credit note to the invoice it corrects, which is not the note's own number.

The wording is the class's (rules/lexicon/sources/factura-latex.yaml, from factura.def and its
documented examples); each page is a small real PDF read by the real reader, or word boxes laid
out by the real layout.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_fields_unseen import FONT, _pdf

from invoice_lint.extract.layout import build_lines
from invoice_lint.fields import amounts
from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.model import Word
from invoice_lint.pipeline import read_invoice

SELLER_RIF, CLIENT_RIF = "J-30123456-1", "J-12345678-4"


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT.exists():
        pdfmetrics.registerFont(TTFont("DejaVuT", str(FONT)))
        return pdfmetrics.stringWidth(text, "DejaVuT", size)
    return pdfmetrics.stringWidth(text, "Helvetica", size)


def _page(title: str = "FACTURA", lines=()) -> list[tuple]:
    """A page as the class lays it out: the letterhead, the title with its number (the º raised
    3 points after the N, touching it), the dates, the client's box, the items and the sums."""
    x = 40 + _width(f"{title} N", 12)
    return [(200, 40, "Ferretería El Tornillo, C.A.", 11), (200, 54, "Calle 72 con Av. 15, Maracaibo", 9),
            (200, 68, f"RIF: {SELLER_RIF}", 9),
            (40, 110, f"{title} N", 12), (x, 107, "º", 12), (x + _width("º ", 12), 110, "004712", 12),
            (380, 110, "Fecha de emisión: 02-07-2022", 10),
            (40, 140, "Datos del cliente", 10),
            (40, 154, "Razón social: Distribuidora Los Andes, C.A.", 10), (400, 154, f"R.I.F.: {CLIENT_RIF}", 10),
            (40, 168, "Dirección fiscal: Av. Urdaneta, Caracas", 10),
            (40, 200, "Cantidad"), (100, 200, "Descripción"), (400, 200, "Precio U. (Bs.)"),
            (520, 200, "Precio T. (Bs.)"),
            (60, 214, "2", "r"), (100, 214, "Taladro percutor"), (470, 214, "G 1.234,50", "r"),
            (580, 214, "G 2.469,00", "r"),
            (400, 240, "BI G (16 %)"), (580, 240, "Bs.2.469,00", "r"),
            (400, 254, "IVA G (16 %)"), (580, 254, "Bs.395,04", "r"),
            (400, 268, "TOTAL"), (580, 268, "Bs.2.864,04", "r"), *lines]


def test_the_class_s_bolivar_mark_is_read_against_its_figure():
    """'Bs.' (the class's \\@Moneda) set against the figure: the amount, in bolívares (VES); a
    figure the unknown mark touched was no amount at all."""
    found = amounts.find_amounts("TOTAL Bs.3.346,04", "es")
    assert [(m.value, m.currency) for m in found] == [(Decimal("3346.04"), "VES")]
    assert [m.value for m in amounts.find_amounts("3.346,04 Bs.", "es")] == [Decimal("3346.04")]
    assert amounts.detect_currency("IVA G (16 %) Bs.395,04") == "VES"


def test_the_bolivar_by_its_mark_needs_the_seller_s_rif(tmp_path):
    """'Bs.' is also how Bolivian invoices write the boliviano: the bolívar is the invoice's
    currency by its mark alone only where the seller's RIF is valid (es.yaml's
    mark_currency_by_tax_id); without it the currency stays unread, and a page that prints the
    ISO code 'VES' says so itself."""
    assert read_invoice(_pdf(tmp_path, _page()), language="es").fields.value("currency") == "VES"
    bolivian = [(r[0], r[1], r[2].replace(f"RIF: {SELLER_RIF}", "NIT: 1020703023"), *r[3:]) for r in _page()]
    fields = read_invoice(_pdf(tmp_path, bolivian, name="bo.pdf"), language="es").fields
    assert fields.value("total") == Decimal("2864.04") and fields.value("currency") is None
    assert "currencies" not in fields.fields
    coded = [(r[0], r[1], r[2].replace("Bs.2.864,04", "VES 2.864,04"), *r[3:]) for r in bolivian]
    assert read_invoice(_pdf(tmp_path, coded, name="ves.pdf"), language="es").fields.value("currency") == "VES"


def test_a_raised_ordinal_after_its_letter_is_one_word_with_it():
    """N and a raised º touching it ('Nº' as LaTeX's \\textordmasculine sets it) are one word;
    an º a space away stays a word of its own."""
    n = Word("N", 100, 110, 110, 124, page=1, size=14)
    raised = Word("º", 109.97, 103.2, 116, 117.2, page=1, size=14)
    number = Word("004712", 121, 110, 160, 124, page=1, size=14)
    lines = build_lines([Word("FACTURA", 28, 110, 96, 124, page=1, size=14), n, raised, number], page_width=612)
    assert [line.text for line in lines] == ["FACTURA Nº 004712"]
    apart = Word("º", 114, 103.2, 120, 117.2, page=1, size=14)
    assert build_lines([n, apart], page_width=612)[0].text == "N º"


def test_the_invoice_number_after_a_raised_ordinal(tmp_path):
    fields = read_invoice(_pdf(tmp_path, _page()), language="es").fields
    assert fields.value("invoice_number") == "004712"
    assert fields.value("issue_date") == date(2022, 7, 2)
    assert fields.value("total") == Decimal("2864.04")
    assert fields.value("tax_amount") == Decimal("395.04")
    assert fields.value("currency") == "VES"


def test_the_issuer_s_rif_is_read_whole_and_the_client_s_is_not_the_seller_s(tmp_path):
    """'RIF: J-30123456-7' in the letterhead is the seller's RIF, check digit and all (as a
    Spanish CIF it read 'J30123456'); the client's 'R.I.F.:' in 'Datos del cliente' is not."""
    fields = read_invoice(_pdf(tmp_path, _page()), language="es").fields
    assert fields.value("seller_tax_id") == SELLER_RIF.replace("-", "")
    rows = [r for r in _page() if SELLER_RIF not in r[2]]
    assert read_invoice(_pdf(tmp_path, rows, name="no-rif.pdf"), language="es").fields.value("seller_tax_id") is None


def test_a_rif_whose_check_digit_fails_is_not_read(tmp_path):
    rows = [(r[0], r[1], r[2].replace(SELLER_RIF, "J-30123456-7"), *r[3:]) for r in _page()]
    assert read_invoice(_pdf(tmp_path, rows), language="es").fields.value("seller_tax_id") is None


def test_the_invoice_a_credit_note_corrects_is_not_its_number(tmp_path):
    """'Nota de crédito sobre la factura 004650 de fecha 28-06-2022.' (\\TextoNotaDeCredito)
    names the corrected invoice; without the note's own number no number is read."""
    note = [(40, 300, "Nota de crédito sobre la factura 004650 de fecha 28-06-2022.", 10)]
    rows = [r for r in _page("NOTA DE CRÉDITO", note) if r[2] not in ("004712", "º")]
    rows = [(r[0], r[1], "NOTA DE CRÉDITO", *r[3:]) if r[2] == "NOTA DE CRÉDITO N" else r for r in rows]
    assert read_invoice(_pdf(tmp_path, rows), language="es").fields.value("invoice_number") is None


def test_the_lexicon_checks_its_schemes_and_marks(tmp_path, monkeypatch):
    from invoice_lint.foundation import lexicon

    with pytest.raises(ConfigError, match="tax_id_schemes"):
        lexicon._stdnum_module(tmp_path / "es.yaml", "tax_id_schemes", "ve.rfi")
    assert lexicon._stdnum_module(tmp_path / "es.yaml", "tax_id_schemes", "ve.rif") == "ve.rif"
    with pytest.raises(ConfigError, match=r"factura-latex.yaml: currency_marks"):
        lexicon._check_currency_marks(tmp_path / "factura-latex.yaml", {"Bs.": "Bolívar"})
    assert "ve.rif" in lexicon.load_lexicon("es").tax_id_schemes


def test_the_base_of_the_one_rate_is_the_net(tmp_path):
    """'BI G (16 %)' (\\@@BIG, the taxable base of the general rate) is the net total when it is
    the only base: base + IVA = TOTAL."""
    fields = read_invoice(_pdf(tmp_path, _page()), language="es").fields
    assert fields.value("subtotal") == Decimal("2469.00")


def test_one_rate_s_base_among_several_is_not_the_net(tmp_path):
    """With a second rate's base and IVA printed, or the exempt base, 'BI G (16 %)' is one base of
    two: the net (their sum, printed nowhere) is not read, rather than read as one of them."""
    rows = [r for r in _page() if r[2] not in ("TOTAL", "Bs.2.864,04")] + [
        (400, 282, "BI R (8 %)"), (580, 282, "Bs.500,00", "r"), (400, 296, "IVA R (8 %)"),
        (580, 296, "Bs.40,00", "r"), (400, 310, "TOTAL"), (580, 310, "Bs.3.404,04", "r")]
    fields = read_invoice(_pdf(tmp_path, rows), language="es").fields
    assert fields.value("total") == Decimal("3404.04")
    assert fields.value("tax_amount") == Decimal("435.04")
    assert fields.value("subtotal") is None
    # beside the exempt base ('Exento', \@@BIE): the general rate's base is not the net either
    exempt = [r for r in _page() if r[1] < 230] + [
        (400, 240, "Exento"), (580, 240, "Bs.500,00", "r"), (400, 254, "BI G (16 %)"), (580, 254, "Bs.2.469,00", "r"),
        (400, 268, "IVA G (16 %)"), (580, 268, "Bs.395,04", "r"), (400, 282, "TOTAL"), (580, 282, "Bs.3.364,04", "r")]
    fields = read_invoice(_pdf(tmp_path, exempt, name="exempt.pdf"), language="es").fields
    assert (fields.value("total"), fields.value("subtotal")) == (Decimal("3364.04"), None)


def test_two_vat_figures_side_by_side_keep_their_own_rates(tmp_path):
    """The class's totals 'in rows' (option ``filas``) set two rates' IVA in one row: each figure
    is its own label's rate ('IVA A (31 %)' is not the row's first rate, 8 %), and the VAT is the
    sum of both."""
    sums = [(60, 240, "BI R (8 %):"), (130, 240, "Bs.1.500,00"), (240, 240, "BI A (31 %):"), (320, 240, "Bs.1.000,00"),
            (60, 256, "IVA R (8 %):"), (130, 256, "Bs.120,00"), (240, 256, "IVA A (31 %):"), (320, 256, "Bs.310,00"),
            (420, 256, "TOTAL: Bs.2.930,00")]
    rows = [r for r in _page() if r[1] < 230] + sums
    fields = read_invoice(_pdf(tmp_path, rows), language="es").fields
    assert fields.value("tax_amount") == Decimal("430.00")
    assert [(t.rate, t.amount) for t in fields.value("tax_breakdown")] == [(8, Decimal("120.00")), (31, Decimal("310.00"))]


def test_the_printer_s_control_numbers_are_not_the_invoice_number(tmp_path):
    """The authorised printer's legend at the foot of a "forma libre" (factura-ejemplo-fondo.tex)
    names the range of control numbers it printed; on a form whose number the class does not
    print (``sindenominacion``) no invoice number is read."""
    legend = [(40, 700, "Imprenta: Impresos La Vega, C.A. RIF: J-60804750-5. Providencia SENIAT 01/01060 - "
                        "Control desde No. 00-000001 hasta No. 00-010000.", 7)]
    rows = [r for r in _page(lines=legend) if r[2] not in ("FACTURA N", "º", "004712")]
    fields = read_invoice(_pdf(tmp_path, rows), language="es").fields
    assert fields.value("invoice_number") is None
    assert fields.value("seller_tax_id") == SELLER_RIF.replace("-", "")


def test_the_dollar_code_against_its_figures_names_the_currency(tmp_path):
    """With the class's options ``divisa`` and ``monedaceldas`` every figure carries the sign
    'USD' set against it ('USD2.864,04'): that is the US dollar named, not a bare '$'."""
    rows = [(r[0], r[1], r[2].replace(" (Bs.)", "").replace("Bs.", "USD"), *r[3:]) for r in _page()]
    assert read_invoice(_pdf(tmp_path, rows), language="es").fields.value("currency") == "USD"


def _items_page(rows: list[tuple], subtotal: bool = True) -> list[tuple]:
    """The page with the class's item table under the options ``descuentos`` (a discount in
    percent per item, 'Dcto.') and ``subtotal`` (quantity × price before it)."""
    head = [r for r in _page() if r[1] < 190] + [(380, 200, "Subtotal")] * subtotal
    return head + [(40, 200, "Cantidad"), (100, 200, "Descripción"), (300, 200, "Precio U. (Bs.)"),
                   (440, 200, "Dcto."), (520, 200, "Precio T. (Bs.)"), *rows]


def test_the_line_amount_is_after_the_discount_in_percent(tmp_path):
    """'10 | Resma de papel carta | 88,20 | 882,00 | 12 % | 776,16': the line's amount is the net
    after the 12 % discount (EN 16931 BT-131), not the subtotal column's quantity × price; and
    without that column, '10 | 24,90 | 15 % | 211,65' is a discounted line, not a wrong product."""
    rows = [(60, 214, "10", "r"), (100, 214, "Resma de papel carta"), (350, 214, "88,20", "r"),
            (430, 214, "882,00", "r"), (470, 214, "12 %", "r"), (580, 214, "776,16", "r"),
            (60, 228, "10", "r"), (100, 228, "Cemento gris"), (350, 228, "24,90", "r"), (430, 228, "249,00", "r"),
            (470, 228, "15 %", "r"), (580, 228, "211,65", "r"),
            (400, 260, "BI G (16 %)"), (580, 260, "Bs.987,81", "r"), (400, 274, "IVA G (16 %)"),
            (580, 274, "Bs.158,05", "r"), (400, 288, "TOTAL"), (580, 288, "Bs.1.145,86", "r")]
    items = read_invoice(_pdf(tmp_path, _items_page(rows)), language="es").fields.value("line_items")
    assert [(i.quantity, i.unit_price, i.amount, i.adjusted) for i in items] == [
        (10, Decimal("88.20"), Decimal("776.16"), True), (10, Decimal("24.90"), Decimal("211.65"), True)]


def test_a_discount_in_percent_beside_a_line_makes_no_wrong_product(tmp_path):
    """Without the subtotal column (the class's German example mode: 'Menge', 'Einzelpreis',
    'Gesamt'), '10 | Kopierpapier A4 | 24,90 15% | 211,65' is a line discounted by 15 %, not a
    wrong product."""
    rows = [(40, 200, "Menge"), (100, 200, "Beschreibung"), (400, 200, "Einzelpreis"), (520, 200, "Gesamt"),
            (60, 214, "1", "r"), (100, 214, "Bürostuhl Modell Ergo"), (470, 214, "289,00 0%", "r"),
            (580, 214, "289,00", "r"), (60, 228, "10", "r"), (100, 228, "Kopierpapier A4"),
            (470, 228, "24,90 15%", "r"), (580, 228, "211,65", "r"),
            (400, 260, "Netto 19%"), (580, 260, "500,65 EUR", "r"), (400, 274, "MwSt A"), (580, 274, "95,12 EUR", "r"),
            (400, 288, "Brutto"), (580, 288, "595,77 EUR", "r")]
    head = [(200, 40, "Holzwerk Brandt GmbH", 11), (200, 68, "USt-IdNr: DE558073023", 9),
            (40, 110, "Rechnung-Nr: 4712", 12), (380, 110, "Datum: 02-07-2022", 10)]
    items = read_invoice(_pdf(tmp_path, head + rows), language="de").fields.value("line_items")
    assert [(i.quantity, i.unit_price, i.amount, i.adjusted) for i in items] == [
        (1, Decimal("289.00"), Decimal("289.00"), False), (10, Decimal("24.90"), Decimal("211.65"), True)]


def test_the_german_modes_exempt_base_is_not_a_vat_figure(tmp_path):
    """factura's German example labels the exempt base 'Mwst-befreit' (\\@@BIE; 'Exento' in
    Spanish): the word names an exemption (rules/lexicon/sources/factura-latex.yaml), so its figure
    is not read as VAT beside 'MwSt A (19%)', and the VAT is that row's."""
    rows = [(200, 40, "Buchhandlung Lesezeichen GmbH", 11), (200, 54, "Hauptstraße 5, 10115 Berlin", 9),
            (40, 110, "Rechnung Nr. 000917", 12), (380, 110, "Datum: 14.03.2025", 10),
            (40, 200, "Menge"), (100, 200, "Beschreibung"), (400, 200, "Einzelpreis (EUR)"), (520, 200, "Gesamt (EUR)"),
            (40, 214, "1"), (100, 214, "Fachbuch Steuerrecht"), (450, 214, "149,40", "r"), (560, 214, "149,40", "r"),
            (40, 228, "2"), (100, 228, "Beratung (Stunde)"), (450, 228, "285,00", "r"), (560, 228, "570,00", "r"),
            (380, 260, "Mwst-befreit"), (560, 260, "EUR 149,40", "r"),
            (380, 274, "Netto 19% (19%)"), (560, 274, "EUR 570,00", "r"),
            (380, 288, "MwSt A (19%)"), (560, 288, "EUR 108,30", "r"),
            (380, 302, "Brutto"), (560, 302, "EUR 827,70", "r")]
    fields = read_invoice(_pdf(tmp_path, rows), language="de").fields
    assert fields.value("tax_amount") == Decimal("108.30")
    assert fields.value("total") == Decimal("827.70")
    assert fields.value("tax_exemption") == "Mwst-befreit"

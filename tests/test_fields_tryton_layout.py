"""Reading Tryton's invoice report as its own template lays it out (the development source
benchmarks/tryton_source.py): the customer's address block, headed by no label, closes with the
customer's VAT id, which is not the seller's (the company's own id follows 'Date:'); a sum whose
label cell is set a few points apart from its amount is still that label's; a payment schedule
of one instalment of the amount due gives the due date, one of several instalments none; a figure
whose last digit wrapped onto the next line of its cell is read whole.  And the common letterhead
stays the seller's: its own block closing with its id, under a title printed with the number.

The wording is Tryton's (rules/lexicon/sources/tryton-account-invoice.yaml, the msgids and
translations of its report); each page is a small real PDF read by the real reader.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from test_fields_unseen import _pdf

from invoice_lint.pipeline import read_invoice

SELLER_VAT, BUYER_VAT = "DE558073023", "DE257368197"
# the company's header and name, the customer's address (with its VAT id), number, date, the
# company's VAT id under the date
GERMAN_HEAD = [(230, 40, "Holzwerk Brandt GmbH", 8), (190, 50, "Lindenstraße 12 10969 Berlin DEUTSCHLAND", 8),
               (40, 70, "Holzwerk Brandt GmbH"),
               (360, 100, "Müller Logistik AG"), (360, 112, "Hafenstraße 7"), (360, 124, "20457 Hamburg"),
               (360, 136, "DEUTSCHLAND"), (360, 148, f"Europäische USt-IdNr.: {BUYER_VAT}"),
               (200, 190, "Rechnung Nr.: RE-2025-0498"), (40, 210, "Beschreibung:"), (40, 222, "Referenz:"),
               (40, 234, "Datum: 25.04.2025"), (40, 246, f"Europäische USt-IdNr.: {SELLER_VAT}")]
GERMAN_SUMS = [(40, 270, "Beschreibung"), (260, 270, "Menge"), (330, 270, "Einzelpreis"), (420, 270, "Steuern"),
               (500, 270, "Betrag"),
               (40, 284, "Bürostuhl"), (300, 284, "2 Stk.", "r"), (390, 284, "289,0000 €", "r"), (430, 284, "[1]"),
               (550, 284, "578,00 €", "r"),
               (380, 320, "Netto:"), (550, 320, "578,00 €", "r"), (380, 332, "Steuern:"), (550, 332, "109,82 €", "r"),
               (380, 344, "Rechnungsbetrag:"), (550, 344, "687,82 €", "r")]


def _read(tmp_path, rows, language):
    return read_invoice(_pdf(tmp_path, rows, size=9), language=language).fields


def test_the_vat_id_closing_the_customers_address_is_not_the_sellers(tmp_path):
    """Tryton prints the customer's address with no 'Bill to' over it and the customer's VAT id
    under it, before the company's own id under 'Datum:': the id closing an address block whose
    name is not the seller's is the customer's (it was read as the seller's)."""
    f = _read(tmp_path, GERMAN_HEAD + GERMAN_SUMS, "de")
    assert f.value("seller_name") == "Holzwerk Brandt GmbH"
    assert f.value("seller_tax_id") == SELLER_VAT


def test_without_the_companys_own_id_the_customers_is_not_taken(tmp_path):
    """A company with no VAT id on the page: the customer's id in its address block stays the
    customer's, and no seller tax id is read (better absent than wrong)."""
    rows = [r for r in GERMAN_HEAD if SELLER_VAT not in r[2]] + GERMAN_SUMS
    assert _read(tmp_path, rows, "de").value("seller_tax_id") is None


def test_the_sellers_own_address_block_keeps_its_id(tmp_path):
    """The seller's block (its name first, as the letterhead names it) is no other party's: its id
    is the seller's."""
    rows = [(40, 60, "Holzwerk Brandt GmbH", 14), (40, 80, "Lindenstraße 12"), (40, 92, "10969 Berlin"),
            (40, 104, f"USt-IdNr.: {SELLER_VAT}"), (200, 190, "Rechnung Nr.: RE-2025-0498"),
            (40, 234, "Datum: 25.04.2025")] + GERMAN_SUMS
    assert _read(tmp_path, rows, "de").value("seller_tax_id") == SELLER_VAT


# the totals beside the tax table as LibreOffice sets Tryton's English report: the bold label
# cells sit four points below their amounts, and the tax table's rows (the rate wrapped under the
# tax's name) fall between, so "Total:" and its amount land on neighbouring rows
ENGLISH_SUMS = [(60, 440, "Tax"), (124, 440, "Base"), (190, 440, "Amount"),
                (373, 437, "Total (excl. taxes):"), (553, 434, "EUR 295.36", "r"),
                (60, 453, "[1] VAT"), (127, 453, "EUR 200.36 EUR 46.08"), (433, 457, "Taxes:"),
                (553, 453, "EUR 58.90", "r"), (60, 467, "23%"), (553, 471, "EUR 354.26", "r"), (436, 475, "Total:"),
                (60, 486, "[2] VAT"), (127, 486, "EUR 95.00 EUR 12.82"), (60, 500, "13.5%")]
ENGLISH_HEAD = [(200, 190, "Invoice No: 2198"), (40, 234, "Date: 02/24/2024")]


def test_a_sum_set_a_few_points_apart_from_its_label_is_the_labels(tmp_path):
    f = _read(tmp_path, ENGLISH_HEAD + ENGLISH_SUMS, "en")
    assert f.value("total") == Decimal("354.26")
    assert (f.value("subtotal"), f.value("tax_amount")) == (Decimal("295.36"), Decimal("58.90"))


ALIGNED_SUMS = [(373, 437, "Total (excl. taxes):"), (553, 437, "EUR 295.36", "r"), (433, 451, "Taxes:"),
                (553, 451, "EUR 58.90", "r"), (436, 465, "Total:"), (553, 465, "EUR 354.26", "r")]


def _schedule(rows):
    return [(405, 520, "Payment Term"), (387, 534, "Date"), (491, 534, "Amount")] + [
        (369, 548 + 12 * i, day) for i, (day, _) in enumerate(rows)] + [
        (553, 548 + 12 * i, amount, "r") for i, (_, amount) in enumerate(rows)]


def test_a_schedule_of_one_instalment_of_the_amount_due_gives_the_due_date(tmp_path):
    f = _read(tmp_path, ENGLISH_HEAD + ALIGNED_SUMS + _schedule([("03/25/2024", "EUR 354.26")]), "en")
    assert f.value("due_date") == date(2024, 3, 25)
    assert not f.get("due_date").derived


def test_a_schedule_of_several_instalments_gives_no_due_date(tmp_path):
    rows = _schedule([("03/25/2024", "EUR 177.13"), ("04/24/2024", "EUR 177.13")])
    assert _read(tmp_path, ENGLISH_HEAD + ALIGNED_SUMS + rows, "en").value("due_date") is None


def test_a_schedule_row_of_another_amount_gives_no_due_date(tmp_path):
    rows = _schedule([("03/25/2024", "EUR 100.00")])
    assert _read(tmp_path, ENGLISH_HEAD + ALIGNED_SUMS + rows, "en").value("due_date") is None


def test_a_schedule_amount_whose_last_digit_wrapped_is_read_whole(tmp_path):
    """The schedule's amount cell wraps like the totals' ('USD 23 404,9' over a lone '3'): the
    instalment is the amount due, and its date the due date (it was read as 23 404,90, which is
    not the amount due, so no due date was read)."""
    sums = [(360, 400, "Totaal:"), (553, 400, "USD 23 404,9", "r"), (553, 412, "3", "r")]
    schedule = [(400, 520, "Betalingstermijn"), (332, 534, "30 dagen netto"), (381, 560, "Datum"), (493, 560, "Bedrag"),
                (368, 575, "16-03-2024"), (553, 575, "USD 23 404,9", "r"), (553, 587, "3", "r")]
    rows = [(200, 190, "Factuur No: 2024/1850"), (40, 234, "Datum: 15-02-2024"), *sums, *schedule]
    f = _read(tmp_path, rows, "nl")
    assert f.value("amount_due") == Decimal("23404.93")
    assert f.value("due_date") == date(2024, 3, 16)
    assert not f.get("due_date").derived
    other = rows[:-2] + [(553, 575, "USD 23 404,9", "r"), (553, 587, "4", "r")]
    assert _read(tmp_path, other, "nl").value("due_date") is None


def test_a_figure_whose_last_digit_wrapped_is_read_whole(tmp_path):
    """'EUR 17 474,6' over a lone '4' right-aligned under it, in a totals column too narrow for
    the figure: the net is 17 474,64 (it was read as 17 474,60, and the total as 21 144,30)."""
    rows = [(200, 190, "Factuur No: RE-2025-5958"), (40, 234, "Datum: 21-03-2025"),
            (360, 400, "Totaal (excl. belasting):"), (553, 400, "EUR 17 474,6", "r"), (553, 412, "4", "r"),
            (400, 428, "Belastingen:"), (553, 428, "EUR 3 669,67", "r"),
            (430, 444, "Totaal:"), (553, 444, "EUR 21 144,3", "r"), (553, 456, "1", "r")]
    f = _read(tmp_path, rows, "nl")
    assert (f.value("subtotal"), f.value("tax_amount"), f.value("total")) == (
        Decimal("17474.64"), Decimal("3669.67"), Decimal("21144.31"))


# the common letterhead the rule above must leave alone: the seller's own block, headed by no
# label, closing with the seller's VAT id, over the client's address
LETTERHEAD = [(50, 40, "Muster GmbH"), (50, 52, "Musterstr. 1"), (50, 64, "10115 Berlin"), (50, 76, f"USt-IdNr. {SELLER_VAT}"),
              (50, 150, "Kunde AG"), (50, 162, "Hauptstr. 5"), (50, 174, "80331 München"),
              (50, 230, "Rechnung 2018-123", 14), (350, 244, "Rechnungsdatum: 05.03.2018")]


def test_the_title_with_the_number_is_not_the_sellers_name(tmp_path):
    """'Rechnung 2018-123', set larger than the letterhead, is the title: the seller is the
    letterhead's first line (the title was read as the seller's name, and the seller's own id
    then as another party's)."""
    f = _read(tmp_path, LETTERHEAD + GERMAN_SUMS, "de")
    assert f.value("seller_name") == "Muster GmbH"
    assert f.value("seller_tax_id") == SELLER_VAT


def test_a_letterhead_under_a_shortened_name_keeps_its_id(tmp_path):
    """A logo-like 'MUSTER' over the block 'Muster GmbH / ... / USt-IdNr.': one name, printed
    short and whole; the id closing the block is the seller's."""
    rows = [(50, 20, "MUSTER", 24)] + [(x, y + 20, t) for x, y, t, *_ in LETTERHEAD[:4]] + LETTERHEAD[4:]
    f = _read(tmp_path, rows + GERMAN_SUMS, "de")
    assert f.value("seller_tax_id") == SELLER_VAT


# Tryton's VAT table beside the sums, each rate wrapped onto the row below its tax's name: the
# first rate ("10%") shares a row with "Impuestos:", the VAT total of both rates
SPANISH_SUMS = [(40, 270, "Descripción"), (260, 270, "Cantidad"), (330, 270, "Precio"), (420, 270, "Impuestos"),
                (500, 270, "Importe"),
                (40, 284, "Licencia (año)"), (300, 284, "12 u", "r"), (390, 284, "1.200,0000 EUR", "r"),
                (430, 284, "[1]"), (550, 284, "14.400,00 EUR", "r"),
                (40, 296, "Instalación"), (300, 296, "5,00 h", "r"), (390, 296, "75,3500 EUR", "r"), (430, 296, "[2]"),
                (550, 296, "376,75 EUR", "r"),
                (40, 320, "Impuesto"), (120, 320, "Base"), (190, 320, "Importe"), (380, 320, "Total (sin impuestos):"),
                (550, 320, "14.776,75 EUR", "r"),
                (40, 332, "[1] IVA"), (160, 332, "14.400,00 EUR", "r"), (240, 332, "1.440,00 EUR", "r"),
                (40, 344, "10%"), (380, 344, "Impuestos:"), (550, 344, "1.519,12 EUR", "r"),
                (40, 356, "[2] IVA"), (160, 356, "376,75 EUR", "r"), (240, 356, "79,12 EUR", "r"),
                (380, 356, "Total:"), (550, 356, "16.295,87 EUR", "r"), (40, 368, "21%")]


def test_a_rate_in_the_vat_table_left_of_the_vat_total_is_not_the_totals_rate(tmp_path):
    """'Impuestos: 1.519,12' sums two rates; the '10%' printed in the VAT table's column on its
    row is the first rate's, not the total's: no single rate is read (it would make the total
    look like 10% of the net, a false `tax-mismatch`), and the VAT total is still read."""
    head = [(40, 70, "Panadería La Espiga"), (200, 190, "Factura N.º: F-2024-0107"), (40, 234, "Fecha: 20/11/2024")]
    fields = _read(tmp_path, head + SPANISH_SUMS, "es")
    assert fields.value("tax_amount") == Decimal("1519.12")
    assert fields.value("subtotal") == Decimal("14776.75") and fields.value("total") == Decimal("16295.87")
    assert fields.value("tax_rate") is None


def test_a_vat_total_beside_a_rates_table_leaves_the_breakdown_to_the_tables_rows(tmp_path):
    """The French layout of facturation-fr (benchmarks/facturationfr_source.py): 'Taux | Base HT | TVA'
    rows on the left, 'Total HT / Total TVA / Total TTC' on the right of the same rows.  The
    breakdown is the table's two rows with their bases; 'Total TVA' (both rates) is not a 20% row."""
    rows = [(40, 70, "Atelier Dupont SARL"), (200, 120, "Facture n° F-2025-0042"), (40, 140, "Date : 12/03/2025"),
            (40, 200, "Désignation"), (300, 200, "Qté"), (360, 200, "Prix unitaire HT"), (550, 200, "Total HT", "r"),
            (40, 214, "Conseil"), (300, 214, "1"), (390, 214, "54,00 €", "r"), (550, 214, "54,00 €", "r"),
            (40, 226, "Livres"), (300, 226, "2"), (390, 226, "10,95 €", "r"), (550, 226, "21,90 €", "r"),
            (40, 260, "Taux"), (90, 260, "Base HT"), (160, 260, "TVA"), (380, 260, "Total HT"),
            (550, 260, "75,90 €", "r"),
            (40, 274, "20 %"), (130, 274, "54,00 €", "r"), (200, 274, "10,80 €", "r"), (380, 274, "Total TVA"),
            (550, 274, "12,00 €", "r"),
            (40, 288, "5,5 %"), (130, 288, "21,90 €", "r"), (200, 288, "1,20 €", "r"), (380, 288, "Total TTC"),
            (550, 288, "87,90 €", "r")]
    fields = _read(tmp_path, rows, "fr")
    assert fields.value("tax_amount") == Decimal("12.00")
    assert [(t.rate, t.base, t.amount) for t in fields.value("tax_breakdown")] == [
        (Decimal("20"), Decimal("54.00"), Decimal("10.80")), (Decimal("5.5"), Decimal("21.90"), Decimal("1.20"))]

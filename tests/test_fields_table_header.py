"""Reading a page whose header is a table, as a printed Mexican CFDI has it: one row of column
headings ("Serie | Folio | Emisor | Receptor") over centred cells.  The series and the number
each in a column of their own are one invoice number; each party's block is the one under its
heading even where its lines do not start under it (a centred name, a cell's lines flush left);
a number mark followed by a word is no label; a letter-spaced heading or a label with its code
is no prose; a discount printed between the subtotal and the total balances the sums; a UUID
spells no currency; a bare '$' beside a valid RFC is the Mexican peso (issue #10).

The wording is written here; each page is a small real PDF read by the real reader.
"""
from __future__ import annotations

from decimal import Decimal

from test_fields_unseen import _pdf

from invoice_lint.checks.readability import prose_lines
from invoice_lint.fields.amounts import detect_currency
from invoice_lint.pipeline import read_invoice
from invoices import invoice

HEADINGS = [(45, 52, "Serie"), (98, 52, "Folio"), (225, 52, "Emisor"), (430, 52, "Receptor")]
TOTALS = [(350, 300, "Subtotal"), (520, 300, "705.00"), (350, 312, "IVA 16%"), (520, 312, "112.80"),
          (350, 324, "Total"), (520, 324, "817.80")]


def _fields(tmp_path, rows):
    return read_invoice(_pdf(tmp_path, rows, size=9), language="es").fields


def _header(series: str | None, issuer: list[tuple], receiver: list[tuple]) -> list[tuple]:
    cells = [(98, 64, "1003")] + ([(50, 64, series)] if series else [])
    return HEADINGS + cells + issuer + receiver + [(46, 76, "Fecha de Emisión"), (42, 88, "2024-06-16")]


# the issuer's name centred under "Emisor" and wrapped (it starts under "Folio"), its RFC below;
# the receiver's short name centred under "Receptor", its RFC flush left in its cell, one row higher
ISSUER = [(137, 64, "COMERCIALIZADORA TECNOLOGICA DEL"), (221, 76, "NORTE"), (135, 88, "RFC: CTN800920840")]
RECEIVER = [(391, 64, "DISTRIBUIDORA LA PAZ"), (344, 76, "RFC: DLP600915WN2"),
            (344, 88, "Régimen Fiscal: 601 - General de Ley")]


def test_the_series_in_the_column_left_of_the_number_is_part_of_it(tmp_path):
    """'Serie | Folio' over 'FAC | 1003' is invoice FAC-1003."""
    assert _fields(tmp_path, _header("FAC", ISSUER, RECEIVER) + TOTALS).value("invoice_number") == "FAC-1003"


def test_an_empty_series_cell_leaves_the_number_alone(tmp_path):
    """No series printed under 'Serie': the number is the folio (not a word of another row)."""
    assert _fields(tmp_path, _header(None, ISSUER, RECEIVER) + TOTALS).value("invoice_number") == "1003"


def test_each_party_block_is_the_one_under_its_side_by_side_heading(tmp_path):
    """The receiver's RFC, printed a row above the issuer's (whose name wraps), is the buyer's,
    not the seller's; the names are the lines centred under each heading."""
    fields = _fields(tmp_path, _header("FAC", ISSUER, RECEIVER) + TOTALS)
    assert fields.value("seller_tax_id") == "CTN800920840"
    assert fields.value("seller_name").startswith("COMERCIALIZADORA")
    assert fields.value("buyer_name") == "DISTRIBUIDORA LA PAZ"


def test_a_number_mark_followed_by_a_word_is_no_label(tmp_path):
    """'No aplica' (not applicable) under 'Exportación' is no second label of the invoice number."""
    rows = _header("FAC", ISSUER, RECEIVER) + [(180, 140, "Exportación"), (186, 152, "No aplica"),
                                                 (370, 140, "Condiciones de Pago"), (380, 152, "15 días")] + TOTALS
    assert _fields(tmp_path, rows).labels.get("invoice_number") == ["Folio"]


def test_a_letter_spaced_heading_and_a_labelled_code_are_no_prose():
    lines = ["C F D I d e I n g r e s o", "Objeto de Impuesto: 02 - Sí objeto de impuesto",
             "Régimen Fiscal: 601 - General de Ley Personas Morales",
             "Payment terms: 30 days net, please quote the invoice number"]
    assert [line.text for line in prose_lines(invoice(lines, language="es").document)] == [lines[-1]]


def test_a_discount_between_the_subtotal_and_the_total_balances_the_sums(tmp_path):
    """'Subtotal 1,000.00 / Descuento 50.00 / IVA 16% 152.00 / Total 1,102.00': the subtotal is
    the lines' sum before the discount (1,000.00 - 50.00 + 152.00 = 1,102.00), so the VAT of the
    totals block is the tax amount, not one of the items' own tax rows; the net total is printed
    nowhere and is not reported."""
    items = [(30, 200, "Descripción"), (330, 200, "Cantidad"), (440, 200, "Descuento"), (510, 200, "Importe"),
             (30, 214, "Soporte técnico mensual"), (330, 214, "1"), (510, 214, "600.00"),
             (66, 226, "+ Traslados"), (130, 226, "600.00"), (200, 226, "IVA"), (230, 226, "16%"), (295, 226, "96.00"),
             (30, 240, "Curso de capacitación"), (330, 240, "1"), (440, 240, "50.00"), (510, 240, "400.00"),
             (66, 252, "+ Traslados"), (130, 252, "350.00"), (200, 252, "IVA"), (230, 252, "16%"), (295, 252, "56.00")]
    totals = [(350, 290, "Subtotal"), (520, 290, "1,000.00"), (350, 302, "Descuento"), (520, 302, "50.00"),
              (350, 314, "IVA 16%"), (520, 314, "152.00"), (350, 326, "Total"), (520, 326, "1,102.00")]
    fields = _fields(tmp_path, _header("FAC", ISSUER, RECEIVER) + items + totals)
    assert (fields.value("tax_amount"), fields.value("total")) == (Decimal("152.00"), Decimal("1102.00"))
    assert fields.value("subtotal") is None


def test_the_net_after_a_discount_is_the_vat_base_printed_beside_the_vat(tmp_path):
    """'Subtotal 1,250.00 / Descuento 62.50 / IVA 16% 190.00 / Total 1,377.50' with the VAT table
    above printing '+ Traslados 1,187.50 IVA 16% 190.00': the net total is the subtotal less the
    discount (EN 16931 BR-CO-13), printed as the base beside the VAT; it is reported from there,
    resolved by the arithmetic.  The same net printed on no row with the VAT is not taken."""
    items = [(30, 200, "Descripción"), (330, 200, "Cantidad"), (440, 200, "Descuento"), (510, 200, "Importe"),
             (30, 214, "Consultoría administrativa"), (330, 214, "1"), (440, 214, "62.50"), (510, 214, "1,250.00")]
    base = [(126, 250, "Base"), (170, 250, "Impuesto"), (216, 250, "Tasa o Cuota"), (278, 250, "Importe"),
            (66, 262, "+ Traslados"), (130, 262, "1,187.50"), (200, 262, "IVA"), (230, 262, "16%"),
            (295, 262, "190.00")]
    totals = [(350, 290, "Subtotal"), (520, 290, "1,250.00"), (350, 302, "Descuento"), (520, 302, "62.50"),
              (350, 314, "IVA 16%"), (520, 314, "190.00"), (350, 326, "Total"), (520, 326, "1,377.50")]
    fields = _fields(tmp_path, _header("FAC", ISSUER, RECEIVER) + items + base + totals)
    assert (fields.value("subtotal"), fields.value("tax_amount"), fields.value("total")) == (
        Decimal("1187.50"), Decimal("190.00"), Decimal("1377.50"))
    assert fields.get("subtotal").resolved_by == "arithmetic"
    assert fields.get("subtotal").text == "1,187.50"
    apart = [(66, 262, "Base gravable"), (130, 262, "1,187.50")]
    assert _fields(tmp_path, _header("FAC", ISSUER, RECEIVER) + items + apart + totals).value("subtotal") is None


def test_no_currency_code_inside_a_hexadecimal_reference():
    """A stamped CFDI's UUID ('1CAD5603-DAC3-…', '08710D0B-09AD-4AED-…') spells no currency; a
    code glued to its figure still does."""
    assert detect_currency("Folio Fiscal: 1CAD5603-DAC3-4ED2-89BF-5AD4973721C1") is None
    assert detect_currency("08710D0B-09AD-4AED-93C4-D695F072A1FB") is None
    assert (detect_currency("12EUR"), detect_currency("1.234,56EUR"), detect_currency("EUR12")) == ("EUR",) * 3


def test_a_bare_dollar_beside_a_valid_mexican_rfc_is_the_peso(tmp_path):
    """'$' on a Mexican invoice whose issuer prints a valid RFC is the Mexican peso."""
    rows = [(50, 60, "COMERCIALIZADORA DEL NORTE"), (50, 72, "RFC: CTN800920840"), (330, 72, "Folio: 1003"),
            (350, 300, "Subtotal"), (480, 300, "$1,000.00"), (350, 312, "IVA 16%"), (480, 312, "$160.00"),
            (350, 324, "Total"), (480, 324, "$1,160.00")]
    fields = _fields(tmp_path, rows)
    assert (fields.value("seller_tax_id"), fields.value("currency")) == ("CTN800920840", "MXN")

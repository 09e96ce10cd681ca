"""Reading ARCA's "Comprobantes en línea" layout as facturador-afip draws it (the development
source benchmarks/facturadorafip_source.py): a party's 'Condición frente al IVA' is its VAT
status, never an amount of VAT (an address with a number on its row is no tax); the invoice a
credit note credits ('Comprobante asociado: Factura C 00025-00067541') is not the note's own
number; an export invoice's whole number after 'Compr. Nro:'; a discount printed on an item's
row (the columns '% Bonif' / 'Imp. Bonif.') that accounts for quantity × price less the line's
amount makes that amount no error, while a gap no printed figure explains still is one; the
invoice type's letter set large at the top ('C') is no seller name.

The wording is facturador-afip's (rules/lexicon/sources/facturador-afip.yaml); each page is a
small real PDF read by the real reader.
"""
from __future__ import annotations

from decimal import Decimal

from test_fields_unseen import _pdf

from invoice_lint.checks.engine import check_invoices
from invoice_lint.pipeline import read_invoice

HEADER = [(298, 42, "ORIGINAL"), (298, 74, "C"), (341, 77, "FACTURA"),
          (21, 117, "Razón Social: PANIFICADORA LA ESPIGA S.A."),
          (341, 115, "Fecha de Emisión: 09/05/2025"), (341, 138, "CUIT: 33853577958")]
# the receiver's row: its VAT status, then its address with a number in it
RECEIVER = [(21, 221, "Condición frente al IVA:", 8), (131, 221, "Consumidor Final", 8),
            (312, 221, "Domicilio: Av. Corrientes 1234 Piso 5 Dto. B", 8)]
C_SUMS = [(491, 562, "Subtotal: $", "r"), (573, 562, "43840,50", "r"),
          (491, 580, "Importe Otros Tributos: $", "r"), (573, 580, "0,00", "r"),
          (491, 599, "Importe Total: $", "r"), (573, 599, "43840,50", "r")]


def _read(tmp_path, rows):
    return read_invoice(_pdf(tmp_path, rows, size=9), language="es")


def test_the_vat_status_of_a_party_is_no_amount_of_vat(tmp_path):
    """A C invoice prints no VAT: the number in the address on the receiver's status row is not
    its tax (it was read as 5.00 and then broke net + tax = total)."""
    rows = HEADER + [(341, 99, "Punto de Venta: 00011"), (461, 99, "Comp. Nro: 00079039")] + RECEIVER + C_SUMS
    f = _read(tmp_path, rows).fields
    assert f.value("tax_amount") is None
    assert (f.value("subtotal"), f.value("total")) == (Decimal("43840.50"), Decimal("43840.50"))
    assert f.value("invoice_number") == "00011-00079039" and f.value("currency") == "ARS"


def test_the_credited_invoice_is_not_the_number_of_a_draft_credit_note(tmp_path):
    """A draft ('VISTA PREVIA') has no number yet: the invoice it credits, named after
    'Comprobante asociado:', is not its number."""
    rows = HEADER + [(341, 99, "Punto de Venta: se asigna al emitir"),
                     (57, 400, "Comprobante asociado: Factura C 00025-00067541 del 24/02/2025", 8)] + C_SUMS
    assert _read(tmp_path, rows).fields.value("invoice_number") is None


def test_an_export_invoice_number_after_compr_nro(tmp_path):
    rows = [(297, 33, "ORIGINAL"), (297, 62, "E"), (334, 65, "FACTURA DE EXPORTACIÓN"),
            (334, 93, "Compr. Nro:"), (396, 93, "00003-00001234"), (334, 107, "Fecha de Emisión:"),
            (424, 107, "17/10/2025"), (334, 126, "CUIT: 20197160528"),
            (398, 693, "Importe Total:"), (466, 692, "USD", 7), (572, 693, "64630,50", "r")]
    f = _read(tmp_path, rows).fields
    assert f.value("invoice_number") == "00003-00001234" and f.value("currency") == "USD"


def _discounted_row(tmp_path, amount: str):
    heads = [(19, 272, "Código", 8), (60, 272, "Producto / Servicio", 8), (211, 272, "Cantidad", 8),
             (264, 272, "U. Medida", 8), (324, 272, "Precio Unit.", 7), (387, 272, "% Bonif", 7),
             (434, 272, "Imp. Bonif.", 7), (520, 272, "Subtotal", 7)]
    row = [(57, 291, "Mantenimiento mensual", 8), (259, 291, "10,00", "r", 8), (268, 291, "unidades", 7),
           (382, 291, "62500,00", "r", 8), (408, 291, "15,00", "r", 8), (487, 291, "93750,00", "r", 8),
           (579, 291, amount, "r", 8)]
    sums = [(491, 562, "Subtotal: $", "r"), (573, 562, amount, "r"),
            (491, 599, "Importe Total: $", "r"), (573, 599, amount, "r")]
    return _read(tmp_path, HEADER + [(341, 99, "Punto de Venta: 00011"), (461, 99, "Comp. Nro: 00079039")]
                 + heads + row + sums)


def test_a_discount_printed_on_the_row_explains_a_line_amount_below_quantity_times_price(tmp_path):
    """Under '% Bonif' / 'Imp. Bonif.' the line's 'Subtotal' is after its discount: 10 × 62500
    less the 93750 printed on the row is 531250, no line-amount error."""
    invoice = _discounted_row(tmp_path, "531250,00")
    items = invoice.fields.value("line_items")
    assert [(i.quantity, i.unit_price, i.amount) for i in items] == [
        (Decimal("10.00"), Decimal("62500.00"), Decimal("531250.00"))]
    assert items[0].adjusted
    assert not [f for f in check_invoices([invoice]) if f.rule == "line-amount-mismatch"]


def test_a_line_amount_no_printed_discount_explains_is_still_an_error(tmp_path):
    invoice = _discounted_row(tmp_path, "531000,00")
    assert not invoice.fields.value("line_items")[0].adjusted
    assert [f.rule for f in check_invoices([invoice]) if f.rule == "line-amount-mismatch"] == ["line-amount-mismatch"]


def test_the_invoice_type_letter_set_large_is_no_seller_name(tmp_path):
    """The letter box ('C', 24 points) is the largest text at the top; the seller's name is the
    issuer's name above its 'Razón Social'."""
    rows = [(270, 42, "ORIGINAL", 14), (290, 74, "C", 24), (341, 77, "FACTURA", 18),
            (80, 77, "PANIFICADORA LA ESPIGA S.A.", 10)] + HEADER[3:] + C_SUMS
    assert _read(tmp_path, rows).fields.value("seller_name") == "PANIFICADORA LA ESPIGA S.A."

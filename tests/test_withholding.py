"""A tax withheld at source (the Spanish IRPF a business client withholds from a professional's
invoice; the Mexican ISR and IVA retenidos): the page prints the net, the VAT, the withholding
as a deduction, and the total either before it (then "a pagar" after it) or after it.

Net + VAT = total (ARI003, BR-CO-15) and total - paid = due (ARI005, BR-CO-16) hold with the
withholding taken off once, where the page takes it off; a real arithmetic error is still
reported.  Each page is a real PDF (reportlab, DejaVu) with wording written here, read by the
real reader and checked by the real CLI.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from invoice_lint.foundation.lexicon import load_lexicon
from invoice_lint.pipeline import read_invoice
from invoices import check_codes as _codes
from invoices import text_pdf

HEAD = [(60, 60, "Laura Martín Gómez"), (60, 74, "NIF: 12345678Z"), (60, 130, "FACTURA"),
        (60, 150, "Nº factura:"), (200, 150, "2024-031"), (60, 164, "Fecha de expedición:"), (200, 164, "15/03/2024"),
        (60, 178, "Vencimiento:"), (200, 178, "15/04/2024"),
        (60, 220, "Concepto"), (300, 220, "Cantidad"), (380, 220, "Precio"), (480, 220, "Importe"),
        (60, 236, "Diseño de logotipo"), (300, 236, "1"), (380, 236, "1.000,00"), (480, 236, "1.000,00"),
        (330, 290, "Base imponible"), (480, 290, "1.000,00 €"), (330, 304, "IVA 21%"), (480, 304, "210,00 €")]
PAY = [(60, 400, "Forma de pago: transferencia bancaria"), (60, 414, "IBAN: ES91 2100 0418 4502 0005 1332")]


def _page(tmp_path: Path, rows: list[tuple], name: str = "factura.pdf") -> Path:
    return text_pdf(tmp_path / name, HEAD + rows + PAY)


def test_a_total_printed_after_the_withholding_balances(tmp_path):
    path = _page(tmp_path, [(330, 318, "Retención IRPF 15%"), (480, 318, "-150,00 €"),
                            (330, 332, "Total factura"), (480, 332, "1.060,00 €")])
    fields = read_invoice(path).fields
    assert fields.value("withholding_amount") == Decimal("150.00")
    assert fields.value("total") == Decimal("1060.00") and fields.value("amount_due") == Decimal("1060.00")
    assert not {"ARI003", "ARI005"} & _codes(path)


def test_a_total_printed_before_the_withholding_and_what_is_left_to_pay(tmp_path):
    path = _page(tmp_path, [(330, 318, "Total factura"), (480, 318, "1.210,00 €"),
                            (330, 332, "IRPF (15%)"), (480, 332, "-150,00 €"),
                            (330, 346, "Total a pagar"), (480, 346, "1.060,00 €")])
    fields = read_invoice(path).fields
    assert fields.value("withholding_amount") == Decimal("150.00")
    assert fields.value("amount_due") == Decimal("1060.00")
    assert not {"ARI003", "ARI005"} & _codes(path)


def test_the_amount_due_left_unprinted_is_the_total_less_the_withholding(tmp_path):
    path = _page(tmp_path, [(330, 318, "Total factura"), (480, 318, "1.210,00 €"),
                            (330, 332, "Retención IRPF 15%"), (480, 332, "-150,00 €")])
    due = read_invoice(path).fields.get("amount_due")
    assert due.value == Decimal("1060.00") and due.derived


@pytest.mark.parametrize("total", ["1.070,00 €", "1.200,00 €"])
def test_a_wrong_total_is_still_reported(tmp_path, total):
    path = _page(tmp_path, [(330, 318, "Retención IRPF 15%"), (480, 318, "-150,00 €"),
                            (330, 332, "Total factura"), (480, 332, total)])
    assert "ARI003" in _codes(path)


def test_without_a_withholding_nothing_is_taken_off(tmp_path):
    path = _page(tmp_path, [(330, 318, "Total factura"), (480, 318, "1.060,00 €")])
    fields = read_invoice(path).fields
    assert "withholding_amount" not in fields.fields
    assert "ARI003" in _codes(path)


def test_the_withholding_labels_come_from_sources():
    assert "irpf" in load_lexicon("es").labels["withholding"]


def test_a_heading_over_rows_of_withheld_taxes_withholds_their_sum(tmp_path):
    """A Mexican CFDI's totals (satcfdi's template): "- Retenciones" heads one row per tax withheld,
    each named in a column of its own ("ISR 189.34", then "IVA 201.96" below).  The withholding is
    their sum, the VAT charged ("IVA 16.0000% 302.94") is told from the VAT withheld because only
    it balances, and the total does not mismatch; a row left of the names ("Total") ends the block."""
    rows = [(60, 130, "FACTURA"), (60, 150, "Folio:"), (200, 150, "A-10"),
            (60, 220, "Descripción"), (300, 220, "Cantidad"), (380, 220, "Valor"), (480, 220, "Importe"),
            (60, 236, "Servicio de consultoría"), (300, 236, "1"), (380, 236, "1,893.38"), (480, 236, "1,893.38"),
            (355, 436, "Subtotal"), (520, 436, "1,893.38"),
            (342, 458, "+ Traslados"), (420, 458, "IVA"), (460, 458, "16.0000%"), (527, 458, "302.94"),
            (333, 469, "- Retenciones"), (419, 469, "ISR"), (527, 469, "189.34"),
            (419, 480, "IVA"), (527, 480, "201.96"),
            (367, 491, "Total"), (520, 491, "1,805.02")]
    path = text_pdf(tmp_path / "cfdi.pdf", rows)
    fields = read_invoice(path).fields
    assert fields.value("withholding_amount") == Decimal("391.30")
    assert fields.value("tax_amount") == Decimal("302.94")
    assert fields.value("total") == Decimal("1805.02")
    assert "ARI003" not in _codes(path)

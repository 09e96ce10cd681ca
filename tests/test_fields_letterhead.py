"""The seller's name read from the letterhead (no seller label on the page): the largest text
near the top, but never the title (alone, 'NOTA DE CRÉDITO', 'Rechnung (Entwurf)', or with the
number, 'Facture F2025-00001'), and a line is as large as most of its letters (ARCA's large box
letter 'A' printed close before 'Punto de Venta: ...' does not make that line a name).

The titles come from sourced vocabularies (facturador-afip's and Tryton's report titles); each
page is a small real PDF read by the real reader.
"""
from __future__ import annotations

from test_fields_unseen import _pdf

from invoice_lint.pipeline import read_invoice

SUMS = [(300, 400, "Subtotal:"), (520, 400, "1.000,00", "r"), (300, 414, "IVA 21%:"), (520, 414, "210,00", "r"),
        (300, 428, "Importe Total:"), (520, 428, "1.210,00", "r")]


def _seller(tmp_path, rows, language):
    return read_invoice(_pdf(tmp_path, rows + SUMS, size=9), language=language).fields.value("seller_name")


def test_a_box_letter_beside_small_text_is_no_name(tmp_path):
    rows = [(60, 50, "Martín Gómez", 13), (300, 62, "A", 26), (322, 58, "Punto de Venta: 0016 Comp. Nro: 00014733"),
            (322, 72, "Fecha de Emisión: 21/02/2026")]
    assert _seller(tmp_path, rows, "es") == "Martín Gómez"


def test_a_title_alone_is_no_name(tmp_path):
    rows = [(60, 50, "BENITEZ LAURA SOFIA", 12), (340, 50, "NOTA DE CRÉDITO", 18),
            (340, 72, "Fecha de Emisión: 13/01/2024")]
    assert _seller(tmp_path, rows, "es") == "BENITEZ LAURA SOFIA"


def test_a_draft_title_is_no_name(tmp_path):
    rows = [(60, 50, "Nordlicht Software GmbH", 10), (200, 120, "Rechnung (Entwurf)", 16), (60, 140, "Datum: 25.04.2025")]
    assert _seller(tmp_path, rows, "de") == "Nordlicht Software GmbH"


def test_the_title_with_the_number_is_no_name(tmp_path):
    rows = [(60, 50, "Torréfaction des Quais", 9), (320, 58, "Facture F2025-00001", 16), (320, 80, "Date : 03/02/2025")]
    assert _seller(tmp_path, rows, "fr") == "Torréfaction des Quais"

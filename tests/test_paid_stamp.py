"""A stamp set across the page that says the invoice is paid ("PAID" at 45°, as PyInvoice and
many invoicing programs print it on a settled invoice).

Its letters are no text of the page's lines (a diagonal watermark never is), but the page keeps
them as a stamp; one that begins with a paid mark of the document's lexicon settles the invoice:
``payment_status`` is "paid" and the amount due it does not print is nil, so ``check`` asks for
no due date and no way to pay.  Each page is a real PDF (reportlab, DejaVu) read by the real
reader and checked by the real CLI; the wording is written here.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from invoice_lint.extract.layout import stamps
from invoice_lint.extract.pdf import read_pdf
from invoice_lint.foundation.lexicon import load_lexicon
from invoice_lint.foundation.model import Word
from invoice_lint.pipeline import read_invoice
from invoices import check_codes as _check
from invoices import text_pdf

ENGLISH = [(60, 80, "Invoice"), (60, 120, "Invoice number:"), (200, 120, "2024-117"),
           (60, 135, "Invoice date:"), (200, 135, "12/03/2024"),
           (60, 200, "Description"), (300, 200, "Qty"), (380, 200, "Unit price"), (480, 200, "Amount"),
           (60, 215, "Garden design, two visits"), (300, 215, "2"), (380, 215, "150.00"), (480, 215, "300.00"),
           (380, 260, "Total:"), (480, 260, "300.00")]
GERMAN = [(60, 80, "Rechnung"), (60, 120, "Rechnungsnummer:"), (200, 120, "R-5521"),
          (60, 135, "Rechnungsdatum:"), (200, 135, "12.03.2024"),
          (60, 200, "Bezeichnung"), (300, 200, "Menge"), (380, 200, "Einzelpreis"), (480, 200, "Betrag"),
          (60, 215, "Gartenplanung"), (300, 215, "2"), (380, 215, "150,00"), (480, 215, "300,00"),
          (380, 260, "Gesamtbetrag:"), (480, 260, "300,00 €")]


def _page(tmp_path: Path, rows: list[tuple], stamp: str | None, name: str = "invoice.pdf") -> Path:
    return text_pdf(tmp_path / name, rows, stamp)


def test_a_paid_stamp_settles_the_invoice(tmp_path):
    fields = read_invoice(_page(tmp_path, ENGLISH, "PAID")).fields
    assert fields.value("payment_status") == "paid"
    assert fields.get("payment_status").text == "PAID"
    assert fields.value("total") == Decimal("300.00")
    due = fields.get("amount_due")
    assert due.value == Decimal(0) and due.derived


def test_check_asks_a_stamped_paid_invoice_for_no_due_date_and_no_way_to_pay(tmp_path):
    assert not {"REQ003", "REQ007"} & _check(_page(tmp_path, ENGLISH, "PAID"))
    # the same page unstamped owes its total and says neither when nor how to pay it
    assert {"REQ003", "REQ007"} <= _check(_page(tmp_path, ENGLISH, None, "unstamped.pdf"))


@pytest.mark.parametrize("stamp", ["UNPAID", "NOT PAID", "COPY"])
def test_a_stamp_that_does_not_say_paid_settles_nothing(tmp_path, stamp):
    fields = read_invoice(_page(tmp_path, ENGLISH, stamp)).fields
    assert "payment_status" not in fields.fields
    assert fields.value("amount_due") == Decimal("300.00")


def test_the_paid_marks_are_the_documents_languages(tmp_path):
    """"Bezahlt" (a German invoicing package's status word) on a German page; "PAID IN FULL" begins
    with the English mark."""
    assert read_invoice(_page(tmp_path, GERMAN, "BEZAHLT")).fields.value("payment_status") == "paid"
    assert read_invoice(_page(tmp_path, ENGLISH, "PAID IN FULL", "full.pdf")).fields.value("payment_status") == "paid"
    assert "bezahlt" in load_lexicon("de").paid_marks and "paid" in load_lexicon("en").paid_marks


def test_a_printed_amount_due_is_kept_under_a_paid_stamp(tmp_path):
    rows = ENGLISH + [(380, 275, "Amount due:"), (480, 275, "300.00")]
    due = read_invoice(_page(tmp_path, rows, "PAID")).fields.get("amount_due")
    assert due.value == Decimal("300.00") and not due.derived


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_both_backends_keep_the_stamp_apart_from_the_lines(tmp_path, backend):
    document = read_pdf(_page(tmp_path, ENGLISH, "PAID"), backend=backend)
    assert [s.text for s in document.pages[0].stamps] == ["PAID"]
    assert not any("PAID" in line.text for line in document.lines)


def test_letters_far_apart_are_two_stamps_and_upright_words_none():
    def letter(text, x, top):  # a letter at 45°: its box about as wide as tall, far taller than the text
        return Word(text, x, top, x + 50, top + 50, 1)

    body = [Word("Total", 300, 600 + i * 12, 330, 610 + i * 12, 1) for i in range(20)]
    paid = [letter(c, 60 + 20 * i, 300 - 20 * i) for i, c in enumerate("PAID")]
    copy = [letter(c, 400 + 20 * i, 300 - 20 * i) for i, c in enumerate("COPY")]
    assert [s.text for s in stamps(body + copy + paid)] == ["PAID", "COPY"]
    assert stamps(body) == []

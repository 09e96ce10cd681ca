"""A standard font (Helvetica, not embedded, no /Encoding) shown with Latin-1 bytes: the PDF's own
StandardEncoding turns 'é' into 'Ø' and 'è' into 'Ł' ("ÉchØance", "LumiŁre"), and pdfminer reads
'É' as "(cid:201)".  Both readers give the letters the producer wrote once the page shows the
mix-up in that font, and the labels are read again (facturex's pages, a development source)."""
from __future__ import annotations

from datetime import date

import pytest
from test_containment import minimal_pdf

from invoice_lint.extract.pdf import latin1_in_standard_fonts, read_pdf
from invoice_lint.foundation.model import Word
from invoice_lint.pipeline import read_invoice


def _show(lines: list[bytes]) -> bytes:
    """A content stream printing each line (Latin-1 bytes) 16 points under the last."""
    body = b"".join(b"(" + line + b") Tj 0 -16 Td " for line in lines)
    return b"BT /F1 10 Tf 50 800 Td " + body + b"ET"


FACTURE = [b"FACTURE F-2025-017", b"Date : 2025-05-11", b"\311ch\351ance : 2025-06-10",
           b"\311metteur : Atelier Lumi\350re SARL", b"Audit de s\351curit\351 3 95.00 285.00",
           b"Total HT 285.00 EUR", b"Net \340 payer 285.00 EUR"]


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_latin1_bytes_in_a_standard_font_read_as_the_letters_written(tmp_path, backend):
    path = tmp_path / "facture.pdf"
    path.write_bytes(minimal_pdf(_show(FACTURE)))
    text = "\n".join(line.text for page in read_pdf(path, backend=backend).pages for line in page.lines)
    assert "Échéance : 2025-06-10" in text
    assert "Atelier Lumière SARL" in text
    assert "Audit de sécurité" in text
    assert "Net à" in text  # (an undefined code has no width of its own: where the next word starts varies)
    assert not any(c in text for c in "ØŁ(")


def test_the_due_date_is_read_under_its_label_again(tmp_path):
    path = tmp_path / "facture.pdf"
    path.write_bytes(minimal_pdf(_show(FACTURE)))
    fields = read_invoice(path, language="fr").fields
    assert fields.value("due_date") == date(2025, 6, 10)
    assert fields.get("due_date").label == "Échéance"


def _word(text: str, font: str = "Helvetica") -> Word:
    return Word(text, 0, 0, 10, 10, 1, font, 10)


def test_without_the_mix_up_a_page_keeps_its_letters():
    """Capitals among capitals or opening a word ('KØBENHAVN', 'Østergade'), and the lower-case
    'æ', 'ø', 'ß', 'œ' every language writes, show no mix-up: nothing changes."""
    words = [_word("KØBENHAVN"), _word("Østergade"), _word("Ærøskøbing"), _word("Straße"), _word("cœur")]
    assert [w.text for w in latin1_in_standard_fonts(words)] == [w.text for w in words]


def test_only_the_mixed_up_font_is_read_again():
    """The mix-up shown in Helvetica says nothing of an embedded font on the same page, nor of
    Times: their 'ø' stays."""
    words = [_word("RØf"), _word("Søren", "DejaVuSans"), _word("Søren", "Times-Roman"), _word("Espaæa")]
    assert [w.text for w in latin1_in_standard_fonts(words)] == ["Réf", "Søren", "Søren", "España"]

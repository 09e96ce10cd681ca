"""Reading Tryton's invoice report as its own template lays it out: the customer's address block,
headed by no label, closes with the customer's VAT id, which is not the seller's (the company's
own id follows 'Date:').

The wording is Tryton's (rules/lexicon/sources/tryton-account-invoice.yaml, the msgids and
translations of its report); each page is a small real PDF read by the real reader.
"""
from __future__ import annotations

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

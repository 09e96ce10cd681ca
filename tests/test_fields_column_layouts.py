"""Reading a page whose every cell is drawn on its own (a canvas layout, numbers right-aligned to
points of their own rather than under their header): gross and net column headings that are no
VAT label, a VAT breakdown printed tax first and then its base, the breakdown's headings ending
the items, a figure overhanging its header, the client's VAT id in the client's block, and the
printed date styles a month word decides (issue #10).

The wording is written here; each page is a small real PDF read by the real reader.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from test_fields_unseen import _pdf

from invoice_lint.checks.engine import check_invoices
from invoice_lint.fields.dates import find_dates
from invoice_lint.pipeline import read_invoice
from invoices import invoice


def _fields(tmp_path, cells, language="en"):
    return read_invoice(_pdf(tmp_path, cells, size=8), language=language).fields


HEAD = [(60, 40, "Northwind Consulting Ltd", "l"), (60, 52, "7 Dock Road, Hull", "l"),
        (330, 40, "Invoice no.: 2025-117", "l"), (330, 52, "Invoice date: 4 March 2025", "l")]
# an items table whose figures end a little right of their headers (the quantity's and the line
# amount's beyond the next header's half-way point), then the VAT column and a gross column
ITEMS = [(60, 200, "Description", "l"), (264, 200, "Qty", "l"), (306, 200, "Unit price", "l"),
         (383, 200, "Amount", "l"), (445, 200, "VAT", "l"), (471, 200, "Amount with VAT", "l"),
         (60, 214, "Site survey", "l"), (297, 214, "3", "r"), (368, 214, "£86.40", "r"),
         (437, 214, "£259.20", "r"), (465, 214, "20 %", "r"), (547, 214, "£311.04", "r"),
         (60, 226, "Report writing", "l"), (297, 226, "1", "r"), (368, 226, "£240.00", "r"),
         (437, 226, "£240.00", "r"), (465, 226, "20 %", "r"), (547, 226, "£288.00", "r")]
# the VAT summary: rate, then the VAT, then the base it is on, then the gross
SUMMARY = [(60, 250, "VAT rate   VAT", "l"), (133, 250, "Excl. VAT", "l"), (184, 250, "Incl. VAT", "l"),
           (60, 258, "20.00%   £99.84", "l"), (133, 258, "£499.20", "l"), (184, 258, "£599.04", "l"),
           (340, 280, "Total: £599.04", "l")]


def test_a_gross_column_heading_is_no_vat_label(tmp_path):
    """'With VAT' heads the gross figures in a row of headings that has a VAT column of its own:
    the gross (£599.04) is not the VAT."""
    items = [(60, 200, "Description", "l"), (300, 200, "Qty", "l"), (400, 200, "Amount", "l"),
             (60, 214, "Site survey", "l"), (300, 214, "2", "l"), (400, 214, "£499.20", "l")]
    summary = [(130, 250, "VAT", "l"), (200, 250, "Net", "l"), (270, 250, "With VAT", "l"),
               (130, 262, "£99.84", "l"), (200, 262, "£499.20", "l"), (270, 262, "£599.04", "l"),
               (340, 290, "Total: £599.04", "l")]
    assert _fields(tmp_path, HEAD + items + summary).value("tax_amount") == Decimal("99.84")


def test_a_figure_overhanging_its_header_stays_in_its_column(tmp_path):
    """'3' ends past the midpoint between 'Qty' and 'Unit price', '£259.20' past the one between
    'Amount' and 'VAT'; each ends before the next header even begins, so it is its own
    header's."""
    items = _fields(tmp_path, HEAD + ITEMS + SUMMARY).value("line_items")
    assert [(i.quantity, i.unit_price, i.amount) for i in items] == [
        (Decimal("3"), Decimal("86.40"), Decimal("259.20")), (Decimal("1"), Decimal("240.00"), Decimal("240.00"))]


def test_a_vat_summary_printed_tax_first_gives_the_vat_and_the_net(tmp_path):
    """Under 'VAT rate  VAT | Excl. VAT | Incl. VAT' the row '20.00%  £99.84 | £499.20 | £599.04'
    prints the VAT before its base (£499.20 × 20% = £99.84); its headings end the items above,
    and with one rate the base is the net total (£499.20 + £99.84 = the total)."""
    fields = _fields(tmp_path, HEAD + ITEMS + SUMMARY)
    assert len(fields.value("line_items")) == 2
    assert fields.value("tax_amount") == Decimal("99.84")
    assert fields.value("total") == Decimal("599.04")
    assert fields.value("subtotal") == Decimal("499.20")


def test_the_base_of_one_rate_that_does_not_balance_is_no_net(tmp_path):
    """A total that is not base + VAT (a discount or a second rate not read): no net is taken
    from the breakdown."""
    summary = SUMMARY[:-1] + [(340, 280, "Total: £650.00", "l")]
    fields = _fields(tmp_path, HEAD + ITEMS + summary)
    assert fields.value("tax_amount") == Decimal("99.84")
    assert fields.value("subtotal") is None


CLIENT_BLOCK = [(60, 40, "Harbour Lane Studio", "l"), (60, 52, "14 Quay Street, Bristol", "l"),
                (330, 40, "Invoice no.: 88", "l"), (330, 52, "Invoice date: 4 March 2025", "l"),
                (300, 100, "Bill to", "l"), (300, 112, "Acme Trading Ltd", "l"), (300, 124, "1 High Street", "l"),
                (300, 136, "LS1 1AA Leeds", "l"), (300, 148, "United Kingdom", "l"),
                (300, 160, "GB980780684", "l"), (340, 260, "Total: £120.00", "l")]


def test_a_vat_id_in_the_clients_block_is_not_the_sellers(tmp_path):
    """The only VAT id on the page is printed five rows under 'Bill to', in the client's column:
    the client's, so the seller's tax id is not read."""
    assert _fields(tmp_path, CLIENT_BLOCK).value("seller_tax_id") is None


def test_the_sellers_own_vat_id_is_still_read_beside_the_clients(tmp_path):
    cells = CLIENT_BLOCK + [(60, 64, "VAT: GB123456782", "l")]
    assert _fields(tmp_path, cells).value("seller_tax_id") == "GB123456782"


def test_a_dotted_or_own_language_abbreviation_is_a_short_month():
    """'mai.' (a dot after the word) and English 'Jun' / 'Jul' (full names only in other
    languages) are abbreviations; English 'May' is both, and says so."""
    assert find_dates("4 de mai. de 2025", "pt")[0].style == "D de MON de YYYY"
    assert find_dates("4 de jun. de 2025", "pt")[0].style == "D de MON de YYYY"
    assert find_dates("Jun 4, 2025", "en")[0].style == "MON D, YYYY"
    assert find_dates("Jul 4, 2025", "en")[0].style == "MON D, YYYY"
    assert find_dates("June 4, 2025", "en")[0].style == "MONTH D, YYYY"
    may = find_dates("May 4, 2025", "en")[0]
    assert may.either_width and not find_dates("Mar 4, 2025", "en")[0].either_width


def _dated(path: str, printed: str):
    inv = invoice(path=path, seller_name="Acme", issue_date=date(2025, 1, 1))
    inv.fields.get("issue_date").text = printed
    return inv


def test_may_fits_both_the_short_and_the_long_month_style():
    """A seller printing 'Mar 4, 2025' and 'Apr 2, 2025' prints 'May 1, 2025' in the same style
    (and one printing 'March 4, 2025' too); 'April 2, 2025' beside 'Mar 4, 2025' still differs."""
    def flagged(*printed):
        invoices = [_dated(f"{i}.pdf", p) for i, p in enumerate(printed)]
        return [Path(f.path).name for f in check_invoices(invoices) if f.rule == "inconsistent-date-format"]

    assert flagged("Mar 4, 2025", "Apr 2, 2025", "May 1, 2025") == []
    assert flagged("March 4, 2025", "April 2, 2025", "May 1, 2025") == []
    assert flagged("May 1, 2025", "Mar 4, 2025", "Mar 9, 2025", "April 2, 2025") == ["3.pdf"]

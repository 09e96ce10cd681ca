"""Sums printed as headings above their figures, the summary on the page after the items (a web
page's panels printed to PDF): the headings end the items on the page before; a figure alone on
that page is no item; the net is the figure above the VAT that the total less the VAT gives
(BR-CO-15); a figure with a label of its own below a heading is not the heading's; and a VAT
heading over words ("No VAT charged") is no VAT figure missed (issue #10).

The wording is written here; each page is a small real PDF read by the real reader.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from invoice_lint.pipeline import read_invoice

HEAD = [(60, 50, "Invoice 2025/41", 18), (60, 90, "Supplier"), (60, 104, "Lakeside Design Ltd"),
        (60, 118, "VAT no: GB980780684"), (60, 150, "Issue date"), (60, 164, "04.03.2025")]
ITEMS = [(60, 700, "Description"), (300, 700, "Quantity"), (380, 700, "Unit price"), (520, 700, "Line total", "r"),
         (60, 730, "Website redesign"), (350, 730, "10", "r"), (440, 730, "65.00", "r"), (520, 730, "650.00", "r"),
         (60, 760, "Hosting, one year"), (350, 760, "1", "r"), (440, 760, "120.00", "r"), (520, 760, "120.00", "r")]


def _two_pages(tmp_path: Path, first: list[tuple], second: list[tuple]) -> Path:
    """Two A4 pages of text at (x, y from the top); "r" among the extras draws the text ending at
    x, a number among them is the row's type size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "headed.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for rows in (first, second):
        for x, y, text, *extras in rows:
            size = next((e for e in extras if not isinstance(e, str)), 10)
            c.setFont("Helvetica", size)
            (c.drawRightString if "r" in extras else c.drawString)(x, A4[1] - y, text)
        c.showPage()
    c.save()
    return path


def _read(tmp_path, second):
    return read_invoice(_two_pages(tmp_path, HEAD + ITEMS, second), language="en").fields


def _headed(*pairs: tuple[str, str], top: float = 140) -> list[tuple]:
    """Each heading on a row of its own, its figure on the next row at the right edge."""
    rows, y = [], top
    for heading, figure in pairs:
        rows.append((60, y, heading, 14))
        if figure:
            rows.append((540, y + 24, figure, "r"))
        y += 48
    return rows


NOTE = [(60, 60, "Note:", 13), (60, 80, "Thank you for your custom."), (60, 110, "Summary:", 13)]


def test_sum_headings_on_the_next_page_end_the_items(tmp_path):
    """'VAT' and 'Total due' head their figures on page 2, which repeats no items header: the
    items ended on page 1, so the headings are read as the sums' labels and no figure of page 2
    becomes an item."""
    fields = _read(tmp_path, NOTE + _headed(("VAT", "154.00 GBP"), ("Total due", "924.00 GBP")))
    assert fields.value("tax_amount") == Decimal("154.00")
    assert fields.value("amount_due") == Decimal("924.00")
    assert [i.amount for i in fields.value("line_items")] == [Decimal("650.00"), Decimal("120.00")]


def test_a_figure_alone_on_the_next_page_is_no_item(tmp_path):
    """A figure under a heading the reader does not know ('Base'), alone on page 2 before any
    sum label, is not one more item of the table on page 1, even when it is not the items' sum
    (a credit of 10.00 taken off)."""
    fields = _read(tmp_path, NOTE + _headed(("Base", "760.00 GBP"), ("VAT", "152.00 GBP"), ("Total due", "912.00 GBP")))
    assert [i.amount for i in fields.value("line_items")] == [Decimal("650.00"), Decimal("120.00")]


def test_the_net_is_the_figure_above_the_vat_that_the_total_less_the_vat_gives(tmp_path):
    """No net label, but 'VAT 154.00' and 'Total due 924.00' are read: the one figure printed
    above the VAT, 770.00, is 924.00 - 154.00, so it is the net total (BR-CO-15)."""
    fields = _read(tmp_path, NOTE + _headed(("Base", "770.00 GBP"), ("VAT", "154.00 GBP"), ("Total due", "924.00 GBP")))
    assert fields.value("subtotal") == Decimal("770.00")
    assert fields.get("subtotal").resolved_by == "arithmetic"


def test_a_figure_above_the_vat_that_does_not_balance_is_no_net(tmp_path):
    """770.50 is not 924.00 - 154.00: it is not taken for the net."""
    fields = _read(tmp_path, NOTE + _headed(("Base", "770.50 GBP"), ("VAT", "154.00 GBP"), ("Total due", "924.00 GBP")))
    assert fields.value("subtotal") is None


def test_a_figure_with_a_label_of_its_own_below_a_heading_is_not_the_headings(tmp_path):
    """'VAT reverse charge' prints words beside its VAT word, no figure; the next figure below it
    in its column, past the 'Other' heading at the left, is 'credit: 10.00 GBP': it has a label
    of its own and is no VAT."""
    second = NOTE + [(60, 140, "VAT", 14), (540, 164, "VAT reverse charge", "r"), (60, 182, "Other", 12),
                     (540, 198, "credit: 10.00 GBP", "r"), (60, 240, "Total due", 14), (540, 264, "760.00 GBP", "r")]
    fields = _read(tmp_path, second)
    assert fields.value("tax_amount") is None
    assert fields.value("amount_due") == Decimal("760.00")


def test_a_vat_heading_over_words_leaves_the_net_equal_to_the_total(tmp_path):
    """'VAT' heads 'Not a VAT payer': words, no figure the reader missed.  The page charges no
    VAT, so the figure printed right above the labelled total that equals it is the net
    (BR-CO-15 with no VAT)."""
    second = NOTE + _headed(("Base", "770.00 GBP"), ("VAT", "Not a VAT payer"), ("Total", "770.00 GBP"))
    fields = _read(tmp_path, second)
    assert fields.value("total") == Decimal("770.00")
    assert fields.value("tax_amount") is None
    assert fields.value("subtotal") == Decimal("770.00")


def test_a_page_that_repeats_the_items_header_goes_on_with_the_items(tmp_path):
    """Page 2 repeats the header, with a tax word on its second line under the price ("Ohne /
    MwSt.", as QualityHosting's invoices print it): that line is the header's, the item under it
    is the table's seventh, and its amount is no VAT."""
    header = [(60, 343, "Description"), (300, 343, "Quantity"), (430, 343, "Unit price"), (520, 343, "Line total", "r"),
              (430, 352, "without"), (430, 361, "VAT")]
    second = header + [(60, 375, "Mailbox, May"), (350, 375, "1", "r"), (470, 375, "3.89", "r"), (520, 375, "3.89", "r"),
                       (400, 445, "Total EUR"), (520, 445, "773.89", "r")]
    fields = _read(tmp_path, second)
    assert [i.amount for i in fields.value("line_items")] == [Decimal("650.00"), Decimal("120.00"), Decimal("3.89")]
    assert fields.value("tax_amount") is None

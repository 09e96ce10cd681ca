"""Reading order from word boxes: rows, segments, two-column headers."""
from decimal import Decimal

import pytest

from invoice_lint.extract.layout import build_lines
from invoice_lint.foundation.model import Word


def _w(text, x0, top, size=10):
    return Word(text, x0, top, x0 + 6 * len(text), top + size, page=1, size=size)


def test_two_column_header_reads_left_block_then_right_block():
    words = [
        _w("Seller", 40, 100), _w("Buyer", 350, 100),
        _w("Acme", 40, 114), _w("Ltd", 70, 114), _w("Client", 350, 114), _w("GmbH", 392, 114),
        _w("Street", 40, 128), _w("1", 80, 128), _w("Weg", 350, 128), _w("2", 375, 128),
        _w("Total", 40, 300), _w("100.00", 350, 300),
    ]
    lines = build_lines(words, page_width=595)
    texts = [line.text for line in lines]
    assert texts[:6] == ["Seller", "Acme Ltd", "Street 1", "Buyer", "Client GmbH", "Weg 2"]
    # a label/value row after the block stays one row, left to right
    assert texts[6:] == ["Total", "100.00"]
    assert [line.number for line in lines] == list(range(1, 9))


def test_wide_gaps_split_segments_narrow_gaps_do_not():
    words = [_w("Invoice", 40, 50), _w("No.", 86, 50), _w("INV-7", 300, 50)]
    lines = build_lines(words, page_width=595)
    assert [line.text for line in lines] == ["Invoice No.", "INV-7"]
    assert lines[0].row == lines[1].row


def test_match_text_is_folded_for_cyrillic_and_accents():
    lines = build_lines([_w("Рок", 40, 50), _w("плаћања", 66, 50)], page_width=595)
    assert lines[0].match_text == "rok placanja"


def test_a_euro_symbol_font_reads_as_the_euro_sign():
    """LaTeX's eurosym fonts put the euro glyph at the code of 'e' with no ToUnicode map: a word
    set in one ("KCXMNX+TeX-feymr10") is the euro sign; an 'e' in any other font stays an 'e'."""
    from invoice_lint.extract.pdf import euro_glyphs

    words = [Word("20,00", 0, 0, 20, 8, 1, "SQQAPV+LMSans12-Regular", 10),
             Word("e", 22, 0, 28, 8, 1, "KCXMNX+TeX-feymr10", 10),
             Word("e", 30, 0, 34, 8, 1, "SQQAPV+LMSans12-Regular", 10),
             Word("e", 40, 0, 44, 8, 1, "Feyerabend-Sans", 10)]
    assert [w.text for w in euro_glyphs(words)] == ["20,00", "€", "e", "e"]


def test_digit_groups_a_thin_space_apart_are_one_figure():
    """siunitx and TeX's "\\," set thousands a thin space (1/6 em) apart, which the PDF holds as a
    gap only: "2 181.90" is one figure, read as 2181.90 even on an English page, while a word
    space (a quarter em or more) or a table's column gap keeps a quantity and a price apart.  The
    words stay as the page has them."""
    from invoice_lint.fields.amounts import find_amounts

    thin = [Word("Gross", 300, 0, 330, 12, 1, "SFRM1200", 12), Word("Total", 334, 0, 362, 12, 1, "SFRM1200", 12),
            Word("2", 365.87, 0, 371.72, 12, 1, "SFRM1200", 12), Word("181.90", 373.67, 0, 406.15, 12, 1, "SFRM1200", 12),
            Word("GBP", 408.1, 0, 433.5, 12, 1, "SFRM1200", 12)]
    line, = build_lines(thin, page_width=595)
    assert line.text == "Gross Total 2\u2009181.90 GBP" and len(line.words) == 5
    assert [m.value for m in find_amounts(line.text, "en")] == [Decimal("2181.90")]
    chain = [Word("1", 0, 0, 6, 10, 1, "", 10), Word("234", 7.6, 0, 25, 10, 1, "", 10),
             Word("567,89", 26.6, 0, 60, 10, 1, "", 10)]
    assert build_lines(chain, page_width=595)[0].text == "1\u2009234\u2009567,89"
    # a word space, and a leading 0 (a phone number's area code)
    for words in ([Word("2", 0, 0, 6, 12, 1, "", 12), Word("181.90", 9.5, 0, 40, 12, 1, "", 12)],
                  [Word("030", 200, 0, 218, 12, 1, "", 12), Word("123", 219, 0, 237, 12, 1, "", 12)]):
        assert "\u2009" not in build_lines(words, page_width=595)[0].text


def test_a_figure_whose_decimal_mark_is_in_another_font_is_one_word():
    """siunitx sets a figure in math mode: its point comes from the math font, its digits from the
    text font, and a change of font ends a word, so the PDF gives "38", "." and "00" touching each
    other.  They are one figure.  A point with a gap after it, or a mark in the digits' own font,
    is not joined."""
    from invoice_lint.fields.amounts import find_amounts

    parts = [Word("VAT", 358, 0, 385, 12, 1, "LMRoman12-Bold", 12),
             Word("38", 402.72, 0, 414.42, 12, 1, "LMRoman12-Regular", 12),
             Word(".", 414.42, 0, 417.68, 12, 1, "LMMathItalic12-Regular", 12),
             Word("00", 417.68, 0, 429.38, 12, 1, "LMRoman12-Regular", 12),
             Word("GBP", 431.33, 0, 456.77, 12, 1, "LMRoman12-Regular", 12)]
    lines = build_lines(parts, page_width=595)
    words = [w for line in lines for w in line.words]
    assert [w.text for w in words] == ["VAT", "38.00", "GBP"]
    assert words[1].fontname == "LMRoman12-Regular" and words[1].x1 == 429.38
    assert [m.value for line in lines for m in find_amounts(line.text, "en")] == [Decimal("38.00")]
    # a comma from the math font is punctuation there: the decimals follow a thin space later
    comma = [Word("650", 391.5, 0, 409.06, 12, 1, "LMRoman12-Regular", 12),
             Word(",", 409.06, 0, 412.31, 12, 1, "LMMathItalic12-Regular", 12),
             Word("00EUR", 414.3, 0, 453.31, 12, 1, "LMRoman12-Regular", 12)]
    assert [w.text for w in build_lines(comma, page_width=595)[0].words] == ["650,00EUR"]
    # a full stop a space after a number, and a number after a sentence's full stop, stay apart
    apart = [Word("No", 0, 0, 12, 12, 1, "A", 12), Word("5", 15, 0, 21, 12, 1, "A", 12), Word(".", 21, 0, 24, 12, 1, "B", 12),
             Word("12", 27, 0, 39, 12, 1, "A", 12)]
    assert [w.text for w in build_lines(apart, page_width=595)[0].words] == ["No", "5.", "12"]
    # a list's comma in the digits' own font ("12, 50") is no decimal mark
    listed = [Word("12", 0, 0, 12, 12, 1, "A", 12), Word(",", 12, 0, 15, 12, 1, "A", 12), Word("50", 17, 0, 29, 12, 1, "A", 12)]
    assert [w.text for w in build_lines(listed, page_width=595)[0].words] == ["12", ",", "50"]


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_latex_invoice_with_eurosym_reads_euro_amounts(backend):
    """A real LaTeX invoice (development part of the corpus) prints every amount with the eurosym
    font: with the euro sign read, its currency is EUR and its amounts carry the sign."""
    from conftest import require_shared
    from invoice_lint.pipeline import ReadOptions, read_invoice

    path = require_shared() / "public-samples" / "MJochim+LaTeX-Rechnung" / "rechnung.pdf"
    invoice = read_invoice(path, ReadOptions(backend=backend))
    assert invoice.fields.value("currency") == "EUR"
    assert invoice.fields.get("total").text.endswith("€")


def test_rows_half_their_height_apart_stay_apart_whatever_the_rounding():
    """Lines set half their height apart overlap by exactly half a height: no row of their own
    is shared.  pdfminer computes that tie in double precision, pdfium's positions are single
    precision (a few millionths of a point off either way): both read two rows."""
    height = 8.99244336
    for noise in (0.0, 6e-6, -6e-6):
        top = 641.85906264125
        words = [Word("factuurnummer.", 56.6, top, 124.4, top + height, page=1, size=8.99),
                 Word("BTW", 313.9, top + height / 2 - noise, 334.2, top + height * 1.5 - noise, page=1, size=8.99)]
        lines = build_lines(words, page_width=595)
        assert [line.text for line in lines] == ["factuurnummer.", "BTW"], noise
        assert lines[0].row != lines[1].row, noise


def test_a_word_a_point_below_its_neighbour_stays_on_its_line():
    """Mustang's leasing invoice sets 'Muster' a point lower than the 'GmbH' after it, and 'GmbH'
    shares its row with 'Rechnungsnummer:' at the right, which 'Muster' overlaps by just under
    half its height: the words touching on one line are one line ('Muster GmbH'), not two rows;
    a word as far down that touches nothing starts a row of its own."""
    label = Word("Rechnungsnummer:", 330.2, 181.83, 403.6, 191.83, page=1, size=10)
    gmbh = Word("GmbH", 106.85, 186.42, 132.85, 195.42, page=1, size=9)
    muster = Word("Muster", 76.84, 187.48, 104.3, 196.48, page=1, size=9)
    lines = build_lines([label, gmbh, muster], page_width=595)
    assert [line.text for line in lines][:2] == ["Muster GmbH", "Rechnungsnummer:"]
    alone = Word("Kunde", 20.0, 187.48, 45.0, 196.48, page=1, size=9)
    assert [line.text for line in build_lines([label, gmbh, alone], page_width=595)] == \
        ["GmbH", "Rechnungsnummer:", "Kunde"]

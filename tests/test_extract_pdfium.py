"""The pdfium backend rebuilds pdfminer's character boxes where pdfium's own answers differ:
each case on a small PDF written here (Type3 fonts need no font program), read with both
backends."""
from __future__ import annotations

from pathlib import Path

import pytest

from invoice_lint.extract.pdf import read_pdf
from invoices import pdf_of as _pdf


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _page(content: bytes, fonts: dict[bytes, int]) -> list[bytes]:
    """Objects 1-4: catalog, page tree, one A4 page using ``fonts`` (resource name -> object), its content."""
    names = b" ".join(b"/%s %d 0 R" % (name, number) for name, number in fonts.items())
    return [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << %s >> >> >>"
            % names,
            _stream(content)]


def _type3(bbox_bottom: int, descriptor: bytes | None, procs: dict[str, int], widths: list[int], first: int) -> bytes:
    encoding = b" ".join(b"%d /%s" % (ord(name), name.encode()) for name in procs)
    return (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 %d 800 700] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/FirstChar %d /LastChar %d /Widths [%s] /Encoding << /Type /Encoding /Differences [%s] >> "
            b"/CharProcs << %s >> %s >>") % (
        bbox_bottom, first, first + len(widths) - 1, b" ".join(b"%d" % w for w in widths), encoding,
        b" ".join(b"/%s %d 0 R" % (name.encode(), number) for name, number in procs.items()),
        b"/FontDescriptor %s" % descriptor if descriptor else b"")


def _words(path: Path, backend: str) -> list[tuple]:
    document = read_pdf(path, backend=backend)
    return [[(w.text, round(w.x0, 2), round(w.top, 2), round(w.x1, 2), round(w.bottom, 2)) for w in line.words]
            for page in document.pages for line in page.lines]


@pytest.fixture
def type3_heading(tmp_path) -> Path:
    """'ABCD' in two Type3 fonts whose descriptor has no /FontBBox (as Skia writes them) and
    whose own /FontBBox reaches 200 and 100 units below the baseline; 'EF' in a Type3 font
    without a descriptor, reaching 150 below."""
    letters = [chr(c) for c in range(ord("A"), ord("G"))]
    procs = dict.fromkeys(letters, 5)
    content = b"BT /FA 48 Tf 50 700 Td (AB) Tj /FB 48 Tf (CD) Tj ET BT /FC 48 Tf 50 600 Td (EF) Tj ET"
    objects = _page(content, {b"FA": 6, b"FB": 8, b"FC": 9}) + [
        _stream(b"600 0 0 0 600 700 d1 0 0 600 700 re f"),
        _type3(-200, b"7 0 R", procs, [600] * 6, ord("A")),
        b"<< /Type /FontDescriptor /FontName /Boxes /Flags 4 /ItalicAngle 0 >>",
        _type3(-100, b"7 0 R", procs, [600] * 6, ord("A")),
        _type3(-150, None, procs, [600] * 6, ord("A")),
    ]
    path = tmp_path / "type3.pdf"
    path.write_bytes(_pdf(objects))
    return path


def test_type3_font_boxes_rest_where_pdfminer_puts_them(type3_heading):
    """pdfium takes a Type3 font's descent from the font's /FontBBox; pdfminer from its
    descriptor's (none there: the box rests on the baseline) and only without a descriptor
    from the font's.  Read as pdfium had it, 'AB' hung 4.8 pt lower than 'CD' and the heading
    fell apart; as pdfminer has it, both backends read one word on one line, same boxes."""
    pdfium = _words(type3_heading, "pdfium")
    assert pdfium == _words(type3_heading, "pdfplumber")
    assert [[w[0] for w in line] for line in pdfium] == [["ABCD"], ["EF"]]
    assert pdfium[0][0][4] == pytest.approx(842 - 700)  # the bottom is the baseline
    assert pdfium[1][0][4] == pytest.approx(842 - 600 + 0.150 * 48)  # the font's own /FontBBox


def test_a_width_lookup_that_fails_is_not_taken_for_the_advance(tmp_path):
    """pdfium looks a glyph's width up by its Unicode value, through the font's ToUnicode map
    or encoding back to a character code; where that fails it answers code 0's width (a CID
    font's /DW).  'Y' (724 wide, its ink overhanging to 800) then got code 0's 500 and the word
    'YAYA' read 'Y AY A'."""
    widths = [500] + [600] * 90
    widths[ord("Y")] = 724
    objects = _page(b"BT /F 20 Tf 50 700 Td (YAYA) Tj ET", {b"F": 7}) + [
        _stream(b"600 0 0 0 500 700 d1 0 0 500 700 re f"),  # 'A': ink inside its advance
        _stream(b"724 0 0 0 800 700 d1 0 0 800 700 re f"),  # 'Y': ink past its advance
        _type3(-200, None, {"A": 5, "Y": 6}, widths, 0),
    ]
    path = tmp_path / "lookup.pdf"
    path.write_bytes(_pdf(objects))
    pdfium, plumber = _words(path, "pdfium"), _words(path, "pdfplumber")
    assert [[w[0] for w in line] for line in pdfium] == [["YAYA"]]
    assert [w[:3] for w in pdfium[0]] == [w[:3] for w in plumber[0]]
    assert pdfium[0][0][3] == pytest.approx(plumber[0][0][3], abs=0.1)


def test_haru_title_reads_as_written():
    """The corpus's Haru invoice: its CID font's ToUnicode map cannot be reversed, so pdfium's
    lookup gave the /DW 600 for 'Y' (724): 'Y our Company Inc.'."""
    from conftest import require_shared

    path = require_shared() / "public-samples" / "hugopl+invoicegenerator" / "examples" / "invoice.pdf"
    document = read_pdf(path, backend="pdfium")
    assert document.pages[0].lines[0].text == "Your Company Inc."

"""Group words into rows, split rows into segments at wide gaps, and order them for reading.

A *row* is the set of words sharing a baseline; a *segment* (a ``Line``) is a run of words in
a row without a wide gap: a table cell, a "Label: value" pair, one side of a two-column
header.  Two-column blocks (seller left, buyer right) are read left block first, then right.
"""
from __future__ import annotations

import re
from dataclasses import replace
from statistics import median

from invoice_lint.foundation.model import Line, Stamp, Word, union_bbox
from invoice_lint.foundation.text import fold

GAP_FACTOR = 1.6  # a gap wider than this many average character widths splits a segment
MIN_GAP = 9.0  # points
# Words whose heights differ more than this share no row: a heading beside body text stays well
# under it; a letter of a watermark set diagonally has a box taller than several rows and would
# pull every row it crosses into one line.
ROW_HEIGHT_RATIO = 4.0
# Coordinates closer than this are the same: a row test that compares two lengths decides a tie
# by what the PDF states, not by the last bits of one PDF library's arithmetic (pdfium keeps
# positions in single precision, pdfminer in double; rows set at half their height apart tie).
EPSILON = 1e-3  # points


def _set_at_an_angle(word: Word, typical_height: float) -> bool:
    """A letter of text set diagonally across the page ("DUPLICATA", "Testrechnung" at 45°): its
    box is far taller than the page's text and, per character, about as wide as it is tall,
    which no upright lettering is.  Such watermarks carry nothing an invoice states."""
    height = word.bottom - word.top
    return (height > ROW_HEIGHT_RATIO * typical_height
            and (word.x1 - word.x0) / max(len(word.text), 1) >= 0.8 * height)


def stamps(words: list[Word]) -> list[Stamp]:
    """The text set diagonally across the page, which ``build_lines`` leaves out: its letters
    left to right, a letter within a letter's height of the one before it being of the same
    stamp ("PAID" at 45°, "DUPLICATA")."""
    if not words:
        return []
    typical = median(w.bottom - w.top for w in words)
    letters = sorted((w for w in words if _set_at_an_angle(w, typical)), key=lambda w: (w.x0 + w.x1) / 2)
    groups: list[list[Word]] = []
    for letter in letters:
        if groups:
            last = groups[-1][-1]
            reach = max(last.bottom - last.top, letter.bottom - letter.top)
            if (letter.x0 - last.x1) <= reach and max(letter.top - last.bottom, last.top - letter.bottom) <= reach:
                groups[-1].append(letter)
                continue
        groups.append([letter])
    return [Stamp("".join(w.text for w in group), union_bbox([w.bbox for w in group])) for group in groups]


def _same_row(word: Word, ref: Word) -> bool:
    """Do the two words overlap by more than half the smaller one's height, being of like sizes?"""
    height, ref_h = max(word.bottom - word.top, 1.0), max(ref.bottom - ref.top, 1.0)
    overlap = min(word.bottom, ref.bottom) - max(word.top, ref.top)
    return overlap > 0.5 * min(height, ref_h) + EPSILON and max(height, ref_h) <= ROW_HEIGHT_RATIO * min(height, ref_h)


def _touches(word: Word, other: Word) -> bool:
    """Is ``other`` the word printed just before or after ``word`` on its line (a space apart at
    most)?  Then they are one line even where their baselines differ by a point ('Muster' set a
    point lower than its 'GmbH')."""
    space = 0.6 * max(word.bottom - word.top, other.bottom - other.top)
    return -EPSILON <= word.x0 - other.x1 <= space or -EPSILON <= other.x0 - word.x1 <= space


def _rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        placed = False
        for row in reversed(rows[-3:]):
            if _same_row(word, row[0]) or any(_touches(word, w) and _same_row(word, w) for w in row[1:]):
                row.append(word)
                placed = True
                break
        if not placed:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    rows.sort(key=lambda r: min(w.top for w in r))
    return rows


# Parts of one word that the word grouping sets apart, joined again:
# - a figure whose decimal mark is set in another font than its digits (LaTeX's siunitx and math
#   mode take the mark from the math font: "38.00" is 38 in the text font, "." in LMMathItalic,
#   00 in the text font) comes out of the PDF as three words, since a change of font ends a word
#   (pdfplumber's grouping).  The mark touches the digits before it; the decimals follow at once,
#   or, after a comma, which math mode sets as punctuation, a thin space (1/6 em) later.  A word
#   space is wider, and a mark in the digits' own font never comes apart from them;
# - an ordinal indicator raised after its letter ("Nº" set as N and a superscript º, as LaTeX's
#   \textordmasculine and word processors set it), on a baseline of its own.
_MARKS = (".", ",")
_THIN_AFTER_MARK = 0.2  # of the type size: a thin space, not a word space (a quarter em or more)
ORDINALS = frozenset("º°ª")


def _gap_within(prev: Word, word: Word, share: float) -> bool:
    return (-0.02 * word.size <= word.x0 - prev.x1 <= share * max(word.size, prev.size, 1.0)
            and abs(word.bottom - prev.bottom) < 1.0)


def _parts_joined(row: list[Word]) -> list[Word]:
    """The row's words with a raised ordinal joined to the letter it touches, and a figure's
    parts printed in different fonts joined into one word: digits and a decimal mark of another
    font touching them, then the decimals after it."""
    out: list[Word] = []
    after_mark = False  # the last word joined was a mark of another font
    for word in row:
        prev = out[-1] if out else None
        if prev is None:
            out.append(word)
            continue
        if (word.text in ORDINALS and prev.text[-1:].isalpha()
                and abs(word.x0 - prev.x1) <= 0.1 * (prev.bottom - prev.top)):
            out[-1] = replace(prev, text=prev.text + word.text, x1=word.x1)  # the letter's line and height
            after_mark = False
            continue
        if word.text in _MARKS and prev.text[-1:].isdigit() and word.fontname != prev.fontname:
            joined = _gap_within(prev, word, 0.02)
        elif after_mark and word.text[:1].isdigit():
            joined = _gap_within(prev, word, _THIN_AFTER_MARK if prev.text.endswith(",") else 0.02)
        else:
            joined = False
        after_mark = joined and word.text in _MARKS
        if joined:
            out[-1] = replace(prev, text=prev.text + word.text, top=min(prev.top, word.top), x1=word.x1,
                              bottom=max(prev.bottom, word.bottom))
        else:
            out.append(word)
    return out


def _segments(row: list[Word]) -> list[list[Word]]:
    segments: list[list[Word]] = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        char_w = max((prev.x1 - prev.x0) / max(len(prev.text), 1), (word.x1 - word.x0) / max(len(word.text), 1), 3.0)
        gap = word.x0 - prev.x1
        if gap > max(MIN_GAP, GAP_FACTOR * char_w):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def _two_column_runs(rows_segs: list[list[list[Word]]], page_width: float) -> list[tuple[int, int, float]]:
    """Find runs of rows that form a left and a right column separated by a clear corridor."""
    runs: list[tuple[int, int, float]] = []
    lo, hi = page_width * 0.25, page_width * 0.75
    i = 0
    while i < len(rows_segs):
        j = i
        corridor: tuple[float, float] | None = None
        both = 0
        while j < len(rows_segs):
            segs = rows_segs[j]
            if len(segs) > 2:
                break
            if j > i:
                prev = rows_segs[j - 1]
                prev_bottom = max(w.bottom for s in prev for w in s)
                height = max(w.bottom - w.top for s in segs for w in s)
                if min(w.top for s in segs for w in s) - prev_bottom > 2.5 * height:
                    break  # a blank band ends the block
            spans = [(min(w.x0 for w in s), max(w.x1 for w in s)) for s in segs]
            if len(segs) == 2:
                gap = (spans[0][1], spans[1][0])
            else:
                # a single segment fits if it stays clear of the corridor found so far
                if corridor is None:
                    break
                x0, x1 = spans[0]
                if x1 <= corridor[0] + 1 or x0 >= corridor[1] - 1:
                    j += 1
                    continue
                break
            new = gap if corridor is None else (max(corridor[0], gap[0]), min(corridor[1], gap[1]))
            if new[1] - new[0] < 6 or not (lo <= (new[0] + new[1]) / 2 <= hi):
                break
            corridor = new
            both += 1
            j += 1
        if both >= 2 and j - i >= 3 and corridor is not None:
            runs.append((i, j, (corridor[0] + corridor[1]) / 2))
            i = j
        else:
            i += 1
    return runs


# A thin space between digit groups (TeX's "\,", siunitx's and the SI brochure's thousands
# separator, 1/6 em) is no space character in the PDF, only a gap, which both PDF libraries take
# for a word break: "2 181.90" would read as 2 and 181.90 on an English page.  A word space is a
# quarter em or more (TeX's shrinks to about 0.22 em in a justified line); a gap below a fifth of
# the font size between a leading group of 1-3 digits and a group of exactly three (decimals
# after it) is a thin space, and the line's text says so (U+2009, which the amount reader joins
# as a thousands separator).  The words stay as they are.
_THIN_GAP = 0.2
_LEADING_GROUP = re.compile(r"[1-9]\d{0,2}")
_NEXT_GROUP = re.compile(r"\d{3}(?:[.,]\d{1,2})?")


def _thin_spaced(prev: Word, word: Word, chained: bool) -> bool:
    return (abs(prev.top - word.top) < 1.0 and prev.size == word.size
            and 0 <= word.x0 - prev.x1 < _THIN_GAP * word.size
            and (chained and len(prev.text) == 3 and prev.text.isdigit() or _LEADING_GROUP.fullmatch(prev.text))
            and _NEXT_GROUP.fullmatch(word.text) is not None)


def words_text(words: list[Word]) -> str:
    """The text of words in a row: a space between them, a thin space between digit groups set a
    thin space apart."""
    if len(words) < 2:
        return words[0].text if words else ""
    for w in words[1:]:
        if w.text[:1].isdigit():
            break
    else:
        return " ".join([w.text for w in words])  # no digit group after another: plain spaces
    parts, chained = [words[0].text], False
    for prev, word in zip(words, words[1:]):
        # (a word that starts with no digit is no digit group: ``_NEXT_GROUP`` needs three digits)
        chained = word.text[:1].isdigit() and _thin_spaced(prev, word, chained)
        parts += ["\u2009" if chained else " ", word.text]
    return "".join(parts)


def _make_line(words: list[Word], page: int, row: int) -> Line:
    text = words_text(words)
    return Line(words=words, page=page, text=text, match_text=fold(text), row=row)


def build_lines(words: list[Word], page_width: float, first_number: int = 1) -> list[Line]:
    """Return the page's segments in reading order, numbered from ``first_number``."""
    if not words:
        return []
    page = words[0].page
    typical = median(w.bottom - w.top for w in words)
    words = [w for w in words if not _set_at_an_angle(w, typical)]
    if not words:
        return []
    rows = _rows(words)
    rows_segs = [_segments(_parts_joined(r)) for r in rows]
    ordered: list[Line] = []
    runs = {start: (end, split) for start, end, split in _two_column_runs(rows_segs, page_width)}
    i = 0
    while i < len(rows_segs):
        if i in runs:
            end, split = runs[i]
            left = [(r, s) for r in range(i, end) for s in rows_segs[r] if max(w.x1 for w in s) <= split]
            right = [(r, s) for r in range(i, end) for s in rows_segs[r] if max(w.x1 for w in s) > split]
            ordered += [_make_line(s, page, r) for r, s in left + right]
            i = end
            continue
        ordered += [_make_line(s, page, i) for s in rows_segs[i]]
        i += 1
    for offset, line in enumerate(ordered):
        line.number = first_number + offset
    return ordered

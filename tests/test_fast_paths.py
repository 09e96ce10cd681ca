"""The shortcuts of the layout and the label reader give what the plain definitions give: a line's
edges are the extremes of its words' edges, ``words_text`` joins words as its docstring says,
``_clean_words`` drops the leading separators only.  Hypothesis runs derandomized, so runs repeat."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoice_lint.extract.layout import _thin_spaced, words_text
from invoice_lint.fields.labels import _SEPARATORS, _clean_words
from invoice_lint.foundation.model import Line, Word
from invoice_lint.foundation.text import fold

SETTINGS = settings(derandomize=True, deadline=None, max_examples=300,
                    suppress_health_check=[HealthCheck.too_slow])

coordinate = st.floats(min_value=0, max_value=800, allow_nan=False).map(lambda v: round(v, 1))
# digit groups, figures, separators and words: what the thin-space test and the separators look at
texts = st.one_of(st.sampled_from(["1", "12", "123", "1234", "234", "567,89", "000.5", "Nr.", ":", "#", "no",
                                   "Total", "EUR", "²", "١٢٣", ""]),
                  st.text(alphabet="0123456789.,:#aZ €", min_size=1, max_size=6))


@st.composite
def words(draw, min_size=1):
    out = []
    x = draw(coordinate)
    for text in draw(st.lists(texts, min_size=min_size, max_size=7)):
        top, size = draw(coordinate), draw(st.sampled_from([8.0, 9.0, 10.0]))
        width, gap = draw(st.floats(min_value=0, max_value=60, allow_nan=False)), draw(st.floats(0, 6))
        out.append(Word(text, x, top, x + width, top + size, page=1, size=size))
        x += width + gap
    if draw(st.booleans()):
        out.reverse()  # a line made by hand need not list its words left to right
    return out


@SETTINGS
@given(words())
def test_a_line_s_edges_are_its_words_extremes(ws):
    line = Line(words=ws, page=1)
    assert line.bbox == (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws),
                         max(w.bottom for w in ws))
    assert (line.x0, line.top, line.x1, line.bottom) == line.bbox


def _words_text_by_definition(ws: list[Word]) -> str:
    """A space between words, a thin space where ``_thin_spaced`` says so, pair by pair."""
    if not ws:
        return ""
    parts, chained = [ws[0].text], False
    for prev, word in zip(ws, ws[1:]):
        chained = _thin_spaced(prev, word, chained)
        parts += ["\u2009" if chained else " ", word.text]
    return "".join(parts)


@SETTINGS
@given(words(min_size=0))
def test_words_text_is_its_definition(ws):
    assert words_text(ws) == _words_text_by_definition(ws)


@SETTINGS
@given(words(min_size=0))
def test_clean_words_drops_the_leading_separators_only(ws):
    out = list(ws)
    while out and fold(out[0].text) in _SEPARATORS:
        out.pop(0)
    cleaned = _clean_words(ws)
    assert cleaned == out and cleaned is not ws


# letters of several scripts, the typographic hyphens and the figures dates are made of
mixed_text = st.text(alphabet="aZ09./- :äßéČčЉљРачунж\u2010\u2011\u2012\u2013\u2212€", max_size=24)


@SETTINGS
@given(mixed_text)
def test_to_latin_transliterates_as_its_table_does(text):
    from invoice_lint.foundation.text import _TRANSLIT, to_latin

    assert to_latin(text) == text.translate(_TRANSLIT)


@SETTINGS
@given(mixed_text)
def test_find_dates_reads_the_typographic_hyphens_as_hyphens(text):
    from invoice_lint.fields.dates import _HYPHENS, find_dates

    assert find_dates(text, "en") == find_dates(text.translate(_HYPHENS), "en")
    assert find_dates(text, "de") == find_dates(text.translate(_HYPHENS), "de")


def test_every_typographic_hyphen_reads_as_a_hyphen_in_a_date():
    from invoice_lint.fields.dates import _HYPHENS, find_dates

    for hyphen in map(chr, _HYPHENS):
        [found] = find_dates(f"Datum: 18{hyphen}08{hyphen}2026 €", "de")
        assert (found.value.isoformat(), found.text, found.style) == ("2026-08-18", "18-08-2026", "DD-MM-YYYY")

"""Property tests for the amount and date parsers.

Every amount formatted the way a locale prints it (CLDR via babel, Swiss grouping, currency
marks before/after, four ways of printing a negative) parses back to the same Decimal; every
date 1990-2099 formatted with each supported language's CLDR patterns and the numeric styles
parses back to the same date; and on arbitrary text the scanners never raise and never
return overlapping or misplaced matches.  Hypothesis runs derandomized, so runs repeat.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date as babel_format_date
from babel.dates import get_date_format
from babel.numbers import format_decimal, get_group_symbol
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoice_lint.fields import amounts, dates, identifiers, terms
from invoice_lint.foundation.text import cyrillic_share, fold, literal_alternation, to_latin

SETTINGS = settings(derandomize=True, deadline=None, max_examples=300,
                    suppress_health_check=[HealthCheck.too_slow])

# --- amounts -------------------------------------------------------------------------------

money = st.decimals(min_value=Decimal("-1000000000"), max_value=Decimal("1000000000"), places=2,
                    allow_nan=False, allow_infinity=False)

# (babel locale, language tag given to the parser)
NUMBER_LOCALES = [("en", "en"), ("es", "es"), ("de", "de"), ("fr", "fr"), ("sr", "sr"),
                  ("sr_Latn", "sr-Latn"), ("nl", "nl"), ("de_CH", "de-CH"), ("en_IN", "en")]
CURRENCY_MARKS = ["€", "$", "£", "EUR", "RSD", "din.", "дин.", "Rs", "USD", "kn", "CHF", "US$"]
SIGN_STYLES = ["-", "−", "()", "trailing", "-outside"]


def _digits(value: Decimal, locale: str, swiss_ascii: bool) -> str:
    if swiss_ascii:  # 1'234.56 as typed on a keyboard
        return format_decimal(abs(value), format="#,##0.00", locale="en").replace(",", "'")
    if locale == "de_CH":
        # Babel 2.19 groups de_CH numbers wrongly (1234567.89, 1000000'000.00): print the CLDR
        # Swiss style ourselves, western thousands with the locale's group symbol.
        return format_decimal(abs(value), format="#,##0.00", locale="en").replace(",", get_group_symbol("de_CH"))
    # en_IN groups lakhs (12,34,567.00); the project reads western thousands grouping
    return format_decimal(abs(value), format="#,##0.00", locale="en" if locale == "en_IN" else locale)


@st.composite
def printed_amounts(draw):
    value = draw(money)
    locale, language = draw(st.sampled_from(NUMBER_LOCALES))
    swiss_ascii = draw(st.booleans()) and locale == "de_CH"
    body = _digits(value, locale, swiss_ascii)
    mark = draw(st.sampled_from([None, *CURRENCY_MARKS]))
    before = draw(st.booleans())
    gap = draw(st.sampled_from(["", " ", "\u00a0"]))
    sign = draw(st.sampled_from(SIGN_STYLES))
    negative = value < 0
    if negative and sign in ("-", "−"):
        body = sign + body
    elif negative and sign == "trailing":
        body = body + "-"
    if mark and gap == "" and (mark[0].isalpha() and not before or mark[-1].isalpha() and before):
        gap = " "  # "12,00EUR" is fine, but "12,00din." reads as a word; keep marks readable
    if mark:
        text = f"{mark}{gap}{body}" if before else f"{body}{gap}{mark}"
    else:
        text = body
    if negative and sign == "()":
        text = f"({text})"
    elif negative and sign == "-outside":
        text = "-" + text  # "-€12.00", "-12,00 €"
    return value, language, text


@SETTINGS
@given(printed_amounts())
def test_printed_amounts_parse_back(case):
    value, language, text = case
    assert amounts.parse_amount(text, language) == value, text
    # two decimals are always printed, so the reading never depends on the language
    assert amounts.parse_amount(text) == value, text
    (found,) = amounts.find_amounts(f"Total: {text} ", language)
    assert found.value == value


@SETTINGS
@given(money, st.sampled_from(NUMBER_LOCALES))
def test_a_line_of_amounts_parses_back(value, locale_language):
    locale, language = locale_language
    other = (value / 3).quantize(Decimal("0.01"))
    line = f"{_digits(value, locale, False)} x {_digits(other, locale, False)}"
    assert [m.value for m in amounts.find_amounts(line, language)] == [abs(value), abs(other)]


@SETTINGS
@given(money)
def test_format_amount_round_trips(value):
    text = amounts.format_amount(value)
    assert Decimal(text) == value
    assert "." in text and len(text.split(".")[1]) >= 2


# --- dates ---------------------------------------------------------------------------------

# (babel locale, language tag given to the parser, numeric formats that language prints)
DATE_LOCALES = [
    ("en_US", "en-US", ["MM/dd/yyyy", "M/d/yy", "yyyy-MM-dd"]),
    ("en_GB", "en-GB", ["dd/MM/yyyy", "dd.MM.yyyy", "d-M-yyyy"]),
    ("en", "en", ["dd/MM/yyyy", "dd.MM.yyyy", "dd-MM-yyyy", "yyyy-MM-dd"]),
    ("es", "es", ["dd/MM/yyyy", "d/M/yy", "dd-MM-yyyy"]),
    ("sr", "sr", ["dd.MM.yyyy.", "d. M. yyyy.", "dd.MM.yyyy"]),
    ("sr_Latn", "sr-Latn", ["dd.MM.yyyy.", "d.M.yyyy."]),
    ("de", "de", ["dd.MM.yyyy", "d.M.yy", "yyyy-MM-dd"]),
    ("fr", "fr", ["dd/MM/yyyy", "dd.MM.yyyy", "d/M/yyyy"]),
    ("nl", "nl", ["dd-MM-yyyy", "d-M-yyyy", "dd/MM/yyyy"]),
]
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


def _two_digit_year(pattern: str) -> bool:
    return "yy" in pattern and "yyy" not in pattern


@SETTINGS
@given(days, st.sampled_from(DATE_LOCALES), st.sampled_from(["short", "medium", "long", "full"]))
def test_cldr_formatted_dates_parse_back(day, locale_entry, width):
    locale, language, _ = locale_entry
    pattern = get_date_format(width, locale=locale).pattern
    if _two_digit_year(pattern) and day.year < 2000:
        return  # two-digit years mean 2000+yy
    if language == "en" and width == "short":
        return  # CLDR's bare "en" prints US M/d/yy; the parser reads bare "en" day-first (en-US covers it)
    text = babel_format_date(day, width, locale=locale)
    assert dates.parse_date(text, language) == day, (text, pattern)


@SETTINGS
@given(days, st.sampled_from(DATE_LOCALES), st.data())
def test_numeric_dates_parse_back(day, locale_entry, data):
    locale, language, patterns = locale_entry
    pattern = data.draw(st.sampled_from(patterns))
    if _two_digit_year(pattern) and day.year < 2000:
        return
    text = babel_format_date(day, pattern, locale=locale)
    found = dates.find_dates(f"Datum: {text} ", language)
    assert [d.value for d in found] == [day], (text, pattern)
    assert dates.parse_date(text, language) == day


@SETTINGS
@given(days)
def test_format_date_round_trips(day):
    assert dates.parse_date(dates.format_date(day)) == day


# --- robustness on arbitrary text ----------------------------------------------------------

# text that is mostly the characters numbers, dates and marks are made of
number_like = st.text(
    alphabet=st.sampled_from(list("0123456789.,'’ -−()%/:+€$£*•xXRSDEUdin.дин\u00a0\u202f\u2009ab")),
    max_size=40,
)
any_text = st.one_of(st.text(max_size=80), number_like)
languages = st.sampled_from([None, "en", "en-US", "es", "sr", "sr-Cyrl", "de", "fr", "nl", "de-CH", "xx", "zz-ZZ"])


def _assert_ordered_and_placed(text, found):
    last_end = 0
    for m in found:
        assert 0 <= last_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        last_end = m.end


@SETTINGS
@given(any_text, languages)
def test_find_amounts_never_raises_nor_overlaps(text, language):
    found = amounts.find_amounts(text, language)
    _assert_ordered_and_placed(text, found)
    for m in found:
        assert isinstance(m.value, Decimal)
    amounts.find_amounts(text, language, strict=False)
    value = amounts.parse_amount(text, language)
    assert value is None or isinstance(value, Decimal)
    amounts.detect_currency(text)


# figures with currency marks, signs and spaces around them, and text between
_marks = st.sampled_from(["", "", *CURRENCY_MARKS, "GBP", "zł", "Kč", "Bs.", "Fr.", "x", "EURO", "(", ")"])
_gap = st.sampled_from(["", "", " ", "\u00a0", "  "])
_sign = st.sampled_from(["", "", "-", "–", "−", "+"])
marked_figure = st.builds("".join, st.tuples(_marks, _gap, _sign, _gap,
                                            st.from_regex(r"[0-9]{1,4}(?:[ .,][0-9]{1,3})?", fullmatch=True),
                                            _sign, _gap, _marks))
marked_like = st.lists(st.one_of(marked_figure, st.sampled_from([" ", ": ", "a", "%", "/"])), max_size=5).map("".join)


@SETTINGS
@given(st.one_of(any_text, marked_like), languages, st.sampled_from([None, ".", ","]), st.booleans())
def test_a_figure_has_a_currency_only_where_a_mark_is_printed_beside_one(text, language, decimal, strict):
    # the currencies finder reads the figures of only the lines where mark_beside_figure sees a mark
    if not amounts.mark_beside_figure(text):
        assert not any(m.currency for m in amounts.find_amounts(text, language, strict=strict, decimal=decimal))


# figures printed alone, and texts like them: digits, grouping and decimal marks in any order
figure_like = st.one_of(
    st.integers(0, 10**9).map(str),
    st.builds("{}{}{:02d}".format, st.sampled_from(["0", "7", "877", "1,194", "1.948", "12,345,678", "1.234.567", "1234",
                                                    "123456", "00", "1,23"]),
              st.sampled_from(".,"), st.integers(0, 99)),
    st.text(alphabet="0123456789.,", min_size=1, max_size=12),
)


@SETTINGS
@given(figure_like, languages, st.booleans(), st.sampled_from([None, ".", ","]))
def test_a_plain_figure_reads_as_the_scan_reads_it(text, language, strict, decimal):
    # _scan_line reads a text that is one plain figure without the scan: the same amount, in every
    # language, mode and document decimal mark
    plain = amounts._plain_figure(text)
    if plain is not None:
        scanned = amounts._scan(text, language, strict, whole=False, document_decimal=decimal)
        assert scanned == [plain] and scanned[0].decimal_mark == plain.decimal_mark


@SETTINGS
@given(any_text, languages, st.sampled_from([" ", "  "]))
def test_spaces_before_a_text_change_none_of_its_figures(text, language, spaces):
    # the VAT table's rows read the figures after the rate without the spaces before them
    assert ([m.value for m in amounts.find_amounts(spaces + text, language)]
            == [m.value for m in amounts.find_amounts(text, language)])


def test_mark_beside_figure_sees_the_marks_on_either_side():
    for text in ("€ -9,32", "-€12", "EUR12", "12,00- EUR", "(1.234,56 €)", "Total: 1,00 $", "US$ 5"):
        assert amounts.mark_beside_figure(text), text
    for text in ("", "Invoice 12", "12 345", "€ and 12", "12 - EUR"):
        assert not amounts.mark_beside_figure(text), text


# opening hours and near misses: weekdays, clock times (and figures that are none), "Uhr"
clock_like = st.builds("{}{}{}".format, st.integers(0, 29), st.sampled_from(".:hH,"),
                       st.sampled_from(["00", "30", "59", "5", "60"]))
hours_like = st.builds("{}{}{}{}{}".format, st.sampled_from(["", "Mo.-Fr. ", "lun-ven ", "Sa ", "Montag ", "tel "]),
                       clock_like, st.sampled_from(["", " - ", "–", " bis ", " to "]),
                       st.one_of(st.just(""), clock_like), st.sampled_from(["", " Uhr", "h", " hrs", " EUR"]))


@SETTINGS
@given(st.one_of(any_text, hours_like))
def test_opening_hours_are_looked_for_only_beside_a_clock(text):
    # amounts look for opening hours only in a line where _CLOCK_END finds a clock's end and
    # _HOURS_WORD a weekday or an "Uhr": that must never hide hours _HOURS would find
    assert not amounts._HOURS.search(text) or (amounts._CLOCK_END.search(text) and amounts._HOURS_WORD.search(text))


@SETTINGS
@given(st.one_of(any_text, hours_like, st.builds("{} {}".format, st.sampled_from(amounts._WEEKDAYS), hours_like)))
def test_opening_hours_with_grouped_weekdays_match_as_the_plain_alternation(text):
    # _HOURS writes its weekdays with their shared starts once (literal_alternation): the same
    # spans as the weekdays joined one by one
    plain = re.compile(amounts._HOURS.pattern.replace(amounts._WEEKDAY, "(?:" + "|".join(amounts._WEEKDAYS) + ")"),
                       re.IGNORECASE)
    assert plain.pattern != amounts._HOURS.pattern
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in amounts._HOURS.finditer(text)]


def test_every_weekday_opens_hours_the_prefilter_sees():
    for weekday in amounts._WEEKDAYS:
        for text in (f"{weekday.title()} 08.30-17.00", f"{weekday.upper()}: 8:30 bis 12:00 Uhr"):
            assert amounts._HOURS.search(text) and amounts._HOURS_WORD.search(text), text


@SETTINGS
@given(any_text, languages, st.sampled_from([None, True, False]))
def test_parse_date_never_raises(text, language, dayfirst):
    value = dates.parse_date(text, language, dayfirst)
    assert value is None or isinstance(value, date)
    _assert_ordered_and_placed(text, dates.find_dates(text, language, dayfirst))


@SETTINGS
@given(any_text, languages, st.booleans())
def test_identifier_and_terms_scanners_never_raise(text, language, labelled):
    for m in identifiers.find_ibans(text) + identifiers.find_vat_ids(text, labelled=labelled) \
            + identifiers.find_rs_accounts(text) + identifiers.find_card_numbers(text):
        assert text[m.start:m.end] == m.text
    days_ = terms.parse_payment_terms(text, language)
    assert days_ is None or 0 <= days_ <= 365


# --- folding -------------------------------------------------------------------------------

def _fold_the_long_way(s: str) -> str:
    import re
    import unicodedata

    s = to_latin(s).lower().replace("đ", "d").replace("ß", "ss")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", s).strip()


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
       | st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_fold_takes_marks_off_every_text_it_is_given(text):
    # fold skips the decomposition for ASCII text; on any text it gives what the full path gives
    assert fold(text) == _fold_the_long_way(text)


@SETTINGS
@given(st.text(max_size=60))
def test_cyrillic_share_counts_letters(text):
    letters = [c for c in text if c.isalpha()]
    expected = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) if letters else 0.0
    assert cyrillic_share(text) == expected


# --- phrase patterns -----------------------------------------------------------------------

# phrases that start alike, with the regex's own characters among them; one may be empty
phrase_like = st.text(alphabet=st.sampled_from(list("ab c.+*:ß")), max_size=5)


@SETTINGS
@given(st.lists(phrase_like, min_size=1, max_size=10), st.lists(phrase_like, max_size=6).map("".join))
def test_a_shared_start_alternation_matches_as_the_plain_one(phrases, text):
    plain = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
    shared = re.compile(r"(?<!\w)(?:" + literal_alternation(phrases) + r")(?!\w)")
    assert [(m.span(), m.group(0)) for m in shared.finditer(text)] == [
        (m.span(), m.group(0)) for m in plain.finditer(text)]


def test_phrases_that_start_alike_share_their_start():
    assert literal_alternation(["total due", "total", "tax"]) == r"t(?:otal(?:\ due|)|ax)"
    assert literal_alternation(["a", "", "ab"]) == "a||ab"  # nothing moves before an empty phrase


# --- lines found in one search -------------------------------------------------------------

def _hints_and_searches():
    """(hint, folded, the search the hint stands in for) of every ``Context.lines_with`` caller."""
    from invoice_lint.fields import methods
    from invoice_lint.fields.finders.context import _COLON, URL, URL_HINT
    from invoice_lint.fields.finders.payment import _IBAN_HEAD, word_starting_with
    from invoice_lint.fields.identifiers import IBAN_HINT
    from invoice_lint.foundation.lexicon import load_lexicon
    from invoice_lint.foundation.text import phrase_hint, phrase_pattern

    out = [(identifiers.RS_ACCOUNT_HINT, False, identifiers.find_rs_accounts), (URL_HINT, True, URL.search),
           (identifiers.self_evident_hints(), False, identifiers.may_hold_self_evident_id),
           (_COLON, True, _COLON.search), (IBAN_HINT, False, identifiers.find_ibans),
           (IBAN_HINT, False, lambda text: _IBAN_HEAD.search(text.rstrip()))]
    for language in ("en", "de", "sr"):
        lexicon = load_lexicon(language)
        out += [(methods.payment_method_hint(lexicon.payment_methods), True,
                 lambda text, lexicon=lexicon: methods.match_payment_methods(text, lexicon.payment_methods)),
                (phrase_hint(lexicon.exemption), True, phrase_pattern(lexicon.exemption).search),
                (phrase_hint(lexicon.payment_link_hints), True, word_starting_with(lexicon.payment_link_hints).search)]
    return out


# lines of the pieces those patterns look for: account numbers, VAT ids, links, method words
line_piece = st.sampled_from(["160-", "0000000012345", "-67", "DE", "CHE", "123456789", "-", " ", "\u00a0", ":",
                              "www.", "https://", "pay.example", "/", "card", "PayPal", "Überweisung",
                              "steuerfrei", "reverse charge", "x", "é", "\n", "pay", "zahl", "plat", "\t", "1,5", ".0",
                              "GB29", "NWBK", "6016", "1331", "9268", "19", "***", "de89"])


@SETTINGS
@given(st.lists(st.lists(line_piece, max_size=8).map("".join), max_size=8))
def test_lines_with_finds_every_line_a_line_by_line_search_finds(texts):
    from invoice_lint.fields.finders.context import Context
    from invoice_lint.foundation.model import Line

    ctx = Context.__new__(Context)
    ctx.lines = [Line(words=[], page=1, number=i + 1, text=text, match_text=fold(text)) for i, text in enumerate(texts)]
    for hints, folded, search in _hints_and_searches():
        found = set()
        for hint in hints if isinstance(hints, tuple) else (hints,):  # (the lines any of several find)
            lines = ctx.lines_with(hint, folded)
            assert lines == [line for line in ctx.lines if hint.search(line.match_text if folded else line.text)]
            found |= {line.number for line in lines}
        # ... and so every line the search it stands in for finds something in
        assert {line.number for line in ctx.lines if search(line.match_text if folded else line.text)} <= found


client_label_piece = st.sampled_from(["siren", "siret", "tva", "n° tva", "no tva", "numéro de tva", "identifiant tva",
                                       "intracommunautaire", "intra", "client", "du client", "de l'acheteur", "acheteur",
                                       "destinataire", "preneur", "de la ", " ", ":", "x", "\n", "sire", "n°"])


@SETTINGS
@given(st.lists(client_label_piece, max_size=8).map("".join))
def test_a_label_naming_the_client_holds_a_client_word_and_an_id_word(text):
    # buyer_ids searches the lines for _CLIENT_LABEL only when the document prints both words
    from invoice_lint.fields import buyer_ids

    if buyer_ids._CLIENT_LABEL.search(text):
        assert any(w in text for w in buyer_ids._CLIENT_WORDS) and any(w in text for w in buyer_ids._ID_WORDS)


link_piece = st.sampled_from(["http", "https", "HTTPS", ":", "/", "//", "www", "WWW", "wWw", "w", ".", "pay.example",
                              " ", "\u00a0", "é", "Ш", "x"])


@SETTINGS
@given(st.lists(link_piece, max_size=8).map("".join))
def test_a_text_with_a_link_holds_the_folded_link_hint_when_folded(text):
    # payment_link searches only the lines whose folded text URL_HINT finds something in
    from invoice_lint.fields.finders.context import URL, URL_HINT

    if URL.search(text):
        assert URL_HINT.search(fold(text))


@SETTINGS
@given(st.lists(st.sampled_from(["Lieferant GmbH", " ", "\u00a0", "·", "–", "-", "|", "•", ",", "80333 München", "x"]),
                max_size=8).map("".join))
def test_a_line_without_a_part_mark_is_no_sender_line(text):
    # sender_line reads only the lines _PART_MARK finds something in: any other is one part
    from invoice_lint.fields.finders.parties import _PART_MARK, _SENDER_PARTS

    if not _PART_MARK.search(text):
        assert len([p for p in _SENDER_PARTS.split(text) if p.strip()]) < 3
        assert len([p for p in text.split(",") if p.strip()]) < 3


def test_every_part_mark_of_a_sender_line_is_seen():
    from invoice_lint.fields.finders.parties import _PART_MARK

    for mark in ("–", "·", "|", "•", "-", ","):
        assert _PART_MARK.search(f"Lieferant GmbH {mark} Lieferantenstraße 20 {mark} 80333 München"), mark


@SETTINGS
@given(st.lists(st.sampled_from(["pay", "za", "", "a b", "é", "-"]), max_size=4).map(tuple),
       st.lists(st.sampled_from(["pay", "payment", "za", "Za", "x", " ", "\u00a0", "\t", "-", "é", "\n", "b"]),
                max_size=8).map("".join))
def test_word_starting_with_finds_what_the_words_start_with(starts, text):
    from invoice_lint.fields.finders.payment import word_starting_with

    expected = any(w.startswith(starts) for w in text.split()) if starts else False
    assert bool(word_starting_with(starts).search(text)) == expected


# line texts with what folding changes: case, Cyrillic, marks, ligatures, spaces of several kinds
fold_piece = st.sampled_from(["Total", "ΟΔΟΣ", "Рачун", "Ђ", "é", "e\u0301", "\u0301", "ﬁ", "ß", "İ", " ", "\u00a0",
                              "\u2009", "\t", "\x0c", "1.234,56", "$", "USD", "12/31/2026", "x"])


@SETTINGS
@given(st.lists(st.lists(fold_piece, max_size=6).map("".join), max_size=6))
def test_the_folded_text_is_the_whole_text_folded(texts):
    from invoice_lint.fields.finders.context import Context
    from invoice_lint.foundation.model import Document, Line, Page

    lines = [Line(words=[], page=1, number=i + 1, text=text, match_text=fold(text)) for i, text in enumerate(texts)]
    ctx = Context.__new__(Context)
    ctx.document = Document(path=None, pages=[Page(number=1, width=595, height=842, lines=lines)])
    ctx.lines = lines
    assert ctx.folded_text == fold(ctx.document.text)


# printed words of tax-id labels and what folding changes in them, glued or apart
label_piece = st.sampled_from(["USt-IdNr.", "Steuernummer", "Steuer", "nr.", "Nr", "VAT", "No", "Tax", "ID", "PIB",
                               "ПИБ", "Poreski", "broj", "N°", "TVA", "Numéro", "NIF", "CIF", "GSTIN", "e\u0301",
                               "ﬁ", "\u00a0", ":", "-", "x", "Kunden", "matični", "Matic"])


@SETTINGS
@given(st.lists(st.lists(label_piece, min_size=1, max_size=3).map("".join), max_size=6))
def test_a_line_with_a_label_hit_has_what_the_label_hint_finds(texts):
    from invoice_lint.extract.layout import words_text
    from invoice_lint.fields.labels import _line_label_hits, label_hint
    from invoice_lint.foundation.lexicon import identifier_lexicon, merged_lexicon
    from invoice_lint.foundation.model import Word

    words = [Word(t, 10.0 * i, 0.0, 10.0 * i + 8, 8.0, 1) for i, t in enumerate(texts)]
    match_text = fold(words_text(words))
    for lexicon in (identifier_lexicon(), merged_lexicon(("de", "sr"))):
        if _line_label_hits(lexicon, tuple(texts)):
            assert label_hint(lexicon).search(match_text)


box = st.tuples(*[st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)] * 4)


@SETTINGS
@given(st.lists(box, max_size=6))
def test_union_bbox_is_each_edge_s_extreme(boxes):
    from invoice_lint.foundation.model import union_bbox

    if not boxes:
        with pytest.raises(ValueError):
            union_bbox(boxes)
        return
    assert union_bbox(boxes) == (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                 max(b[2] for b in boxes), max(b[3] for b in boxes))

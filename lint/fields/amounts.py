"""Money amounts as printed on invoices, read into exact ``Decimal`` values.

The field detector runs these parsers on every line of every PDF, so they are pure, use
precompiled regular expressions, and load locale data (babel) only on first use.

How a printed number is read
----------------------------
* A *run* is digits joined by single ``. , ' ’`` or space characters.  Spaces split a run
  into pieces; the pieces are then joined back into one number only where that reading is
  a valid thousands grouping (a leading group of 1-3 digits, then groups of exactly 3).
* Inside a piece, the last ``.`` or ``,`` is the decimal mark when the separators before
  it are all one *other* character and form a valid grouping (``1.234,56``,
  ``1,234.56``, ``1'234.56``).  A separator repeated (``1.234.567``) is a grouping.
  ``'`` / ``’`` and spaces are never decimal marks.
* **Ambiguity**: one ``.`` or ``,`` followed by exactly three digits, with a leading part
  of 1-3 digits not starting with 0 (``1,234``, ``1.234``).  With a ``language`` the
  language's decimal symbol (CLDR via babel) decides: en → ``1,234`` is 1234 and
  ``1.234`` is 1.234; es/sr/de/fr/nl → ``1.234`` is 1234 and ``1,234`` is 1.234 — unless
  the document's own figures show the other mark (:func:`printed_decimal`: a German e-invoice
  rendering printing ``54.80``, and ``2.000`` for two units), which then decides.  Without
  a language, :func:`find_amounts` uses the other numbers of the same text: if one of them
  shows the decimal mark unambiguously (``12,50``, ``1.234,56``) that mark decides.  With
  no evidence at all the separator is read as a thousands grouping (money is nearly always
  printed with two decimals, so a three-digit tail is far more often a group).
* A normal space joins thousands groups in :func:`find_amounts` only when the language
  groups with spaces (fr, pl, cs, ...), or when the language uses a decimal comma (or is
  unknown) and the number ends in ``,d`` / ``,dd``; so ``1 234,56`` is one amount but the
  English table cells ``1 278.61`` stay "1" and "278.61".  No-break, narrow no-break and
  thin spaces (U+00A0, U+202F, U+2009) always join groups; a line's text holds U+2009 where the
  page sets digit groups a thin space apart with no character between them (``extract.layout``).  :func:`parse_amount` reads its
  whole text as one value, so there any valid space grouping is accepted.

What is not an amount
---------------------
Numbers inside dates (any form :mod:`dates` finds), percentages (``21%``), times and
ratios (``12:30``, ``3/64``), opening hours (``Mo.-Fr. 08.30 - 17.00 Uhr``, ``08.30 Uhr``), numbers glued to letters (``FR76``, ``16GB``, ``1er``) or
joined by hyphens (``40-42``, ``D-63571``), phone numbers (``+381 11 123 4567``,
``(870)-931-0505``, runs of three or more plain digit groups with eight or more digits such
as ``01 71 17 61 67`` or IBAN groups).  In the default ``strict`` mode a bare integer (no
currency, sign, grouping or decimals) is also refused when it looks like a year
(1900-2099), starts with 0, or has seven or more digits (ids, account numbers).  Pass
``strict=False`` where the caller knows the position holds money (an amount column);
then only the syntactic exclusions apply.

Signs: ``-12,00``, ``−12,00`` (U+2212), ``–12,00``, ``(12.00)``, ``12,00-`` and a sign on
either side of the currency (``-$5.00``, ``€ -9,32``).  A sign must touch the digits or the
currency mark: in ``pages 3 – 12`` or ``Total - 12,00`` the dash is punctuation.  Currency marks before or after:
ISO 4217 codes, CLDR symbols (``€ $ £ US$ CA$ R$ zł Kč Ft`` ...) and a few printed local
abbreviations that CLDR lacks (``din.``, ``дин.``, ``Rs``, ``kn``, ``Fr.``).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from invoice_lint.fields import dates
from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.text import fold, literal_alternation, phrase_pattern
from invoice_lint.foundation.user_cache import persistent, today

__all__ = ["AmountMatch", "parse_amount", "find_amounts", "printed_decimal", "NumberStyle", "detect_currency",
           "format_amount", "mark_beside_figure"]


@dataclass(frozen=True)
class AmountMatch:
    """One amount found in a text: its value, where it was printed and its currency mark."""

    value: Decimal
    start: int
    end: int
    text: str  # the printed form, including sign, parentheses and currency mark
    currency: str | None  # ISO 4217 code of the adjacent currency mark, if any
    # the decimal mark, when the figure's own printing leaves no doubt ("54.80", "1.234,56"; not "1.234")
    decimal_mark: str | None = field(default=None, compare=False)


# --- currency marks ------------------------------------------------------------------------

# Printed abbreviations that CLDR has no symbol for (or only for a locale we do not load).
_LOCAL_MARKS = {
    "din.": "RSD", "din": "RSD", "дин.": "RSD", "дин": "RSD", "Din.": "RSD", "Дин.": "RSD",
    "DIN.": "RSD", "ДИН.": "RSD",
    "Rs": "INR", "Rs.": "INR", "kn": "HRK", "Kn": "HRK", "Fr.": "CHF", "SFr.": "CHF",
    "€": "EUR",
}


@functools.lru_cache(maxsize=1)
def _currency_words() -> dict[str, str]:
    """Currency words, folded, for detect_currency on running text ("All prices are in US
    Dollars"): every language's ``currency_words`` (rules/lexicon/<lang>.yaml)."""
    from invoice_lint.foundation.lexicon import all_lexicons

    return {word: code for lex in all_lexicons() for word, code in lex.currency_words.items()}


# Three-letter currency codes that are also common upper-case words on invoices; they count
# in detect_currency only next to a number or in parentheses ("ALL PRICES", "TOP").
_WORDLIKE_CODES = frozenset({"ALL", "TOP", "CUP", "PEN", "TRY", "MAD", "GEL", "BOB", "MOP",
                             "SOS", "NAD", "ANG", "LAK", "AMD", "BAM", "DOP", "ERN"})
_NOT_MONEY_CODES = frozenset({"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA"})
_SYMBOL_LOCALES = ("en", "fr", "de", "es", "nl", "it", "pt", "sr", "hr", "pl", "cs", "hu", "ro",
                   "bg", "ja")


@functools.lru_cache(maxsize=1)
@persistent("cldr-current-currencies", ("invoice_lint.fields.amounts",), ("babel",), today)
def _current_codes() -> frozenset[str]:
    """ISO 4217 codes in use in some territory today (CLDR).  Historic codes are left out: a
    Spanish tax id "ESB86345212" is not 86,345,212 convertible pesetas (ESB)."""
    from datetime import date

    from babel.core import get_global
    from babel.numbers import get_territory_currencies

    current: set[str] = set()
    today = date.today()
    for territory in get_global("territory_currencies"):
        current.update(get_territory_currencies(territory, today))
    return frozenset(current)


@functools.lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    return frozenset(c for c in _current_codes() if len(c) == 3 and c not in _NOT_MONEY_CODES)


@functools.lru_cache(maxsize=1)
@persistent("cldr-currency-symbols", ("invoice_lint.fields.amounts",), ("babel",), today)  # currencies in use today
def _symbols() -> dict[str, str]:
    """Printed currency symbol -> ISO code: CLDR symbols of current currencies + local marks."""
    from babel import Locale

    current = _current_codes()
    table: dict[str, str] = {}
    for loc in _SYMBOL_LOCALES:
        for code, symbol in Locale.parse(loc).currency_symbols.items():
            if symbol == code or code not in current or code in _NOT_MONEY_CODES:
                continue
            if len(symbol) < 2 and symbol.isascii() and symbol.isalpha():
                continue  # a lone letter ("F") is not a usable mark
            table.setdefault(symbol, code)
    table.update(_LOCAL_MARKS)
    return table


@functools.lru_cache(maxsize=1)
def _marks() -> dict[str, str]:
    """Printed currency mark -> ISO code: CLDR's symbols (``_symbols``) and the marks the
    lexicons add (``currency_marks``: the Venezuelan bolívar's "Bs.", which CLDR gives only to the
    bolívar's earlier code)."""
    from invoice_lint.foundation.lexicon import all_lexicons

    table = dict(_symbols())
    for lex in all_lexicons():
        for mark, code in lex.currency_marks.items():
            table.setdefault(mark, code)
    return table


@functools.lru_cache(maxsize=1)
def _mark_re() -> re.Pattern[str]:
    """A currency mark: symbol, local abbreviation or three capital letters (checked later)."""
    marks = sorted(_marks(), key=lambda s: (-len(s), s))
    parts = []
    for mark in marks:
        body = re.escape(mark)
        if mark[0].isalpha():
            body = r"(?<![^\W\d_])" + body  # a word must start at a word boundary
        if mark[-1].isalpha():
            body += r"(?![^\W\d_])"
        parts.append(body)
    parts.append(r"(?<![^\W\d_])[A-Z]{3}(?![^\W\d_])")
    return re.compile("|".join(parts))


def _mark_code(mark: str | None) -> str | None:
    if not mark:
        return None
    code = _marks().get(mark)
    if code:
        return code
    if len(mark) == 3 and mark.isupper() and mark in _iso_codes():
        return mark
    return None


@functools.lru_cache(maxsize=1)
def _mark_shapes() -> tuple[tuple[int, ...], frozenset[str], frozenset[str]]:
    """What every currency mark (``_mark_code``) is like: its lengths, longest first, and the
    characters it can start and end with.  Text that is like none is passed at once."""
    marks = [*_marks(), *_iso_codes()]
    lengths = tuple(sorted({len(m) for m in marks if m}, reverse=True))
    return lengths, frozenset(m[0] for m in marks if m), frozenset(m[-1] for m in marks if m)


def _mark_before(text: str, j: int) -> tuple[int, str] | None:
    """(start, code) of a currency mark ending at j, longest first."""
    lengths, _, last = _mark_shapes()
    if j == 0 or text[j - 1] not in last:
        return None
    for length in lengths:
        if length > j:
            continue
        start = j - length
        code = _mark_code(text[start:j])
        # a mark of letters starts its word: "FCFA" inside the IBAN "IE06FCFA0001..." is a bank code
        if code and not (text[start].isalpha() and start > 0 and text[start - 1].isalnum()):
            return start, code
    return None


def _mark_after(text: str, j: int) -> tuple[int, str] | None:
    """(end, code) of a currency mark starting at j, longest first."""
    n = len(text)
    lengths, first, _ = _mark_shapes()
    if j >= n or text[j] not in first:
        return None
    for length in lengths:
        if length > n - j:
            continue
        end = j + length
        code = _mark_code(text[j:end])
        if code and not (text[end - 1].isalpha() and end < n and text[end].isalpha()):
            return end, code
    return None


@functools.lru_cache(maxsize=1)
def _detect_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = sorted(_currency_words(), key=lambda w: (-len(w), w))
    word_re = phrase_pattern(words)
    return _mark_re(), word_re


@line_memo()
def detect_currency(text: str) -> str | None:
    """The ISO 4217 code a text names, or None.

    Precedence: an ISO code (``EUR``, ``RSD``; ``EURO (EUR)`` → EUR) wins over symbols,
    symbols (``€``, ``£``, ``US$``, ``din.``) over currency words (``US Dollars``, ``dinara``).
    A bare ``$`` is USD unless a dollar variant (``CA$``, ``A$``, ``R$``...) or an ISO code
    says otherwise.  Code-like words (``ALL``, ``TOP``) count only next to a digit or in
    parentheses.  Remembered (``line_memo``): the finders ask about the same figures and rows
    again (the sums, every amount with a "$"), and scanning for every currency mark is slow.
    """
    if not text:
        return None
    mark_re, word_re = _detect_re()
    first_symbol: str | None = None
    for m in mark_re.finditer(text):
        mark = m.group(0)
        if len(mark) == 3 and mark.isupper() and mark not in _marks():
            if mark not in _iso_codes():
                continue
            if mark in _WORDLIKE_CODES and not _code_in_context(text, m.start(), m.end()):
                continue
            if not _own_token(text, m.start(), m.end()):
                continue  # inside a BIC or a reference: "HELADEF1GEL"
            return mark
        if first_symbol is None:
            first_symbol = _marks().get(mark)
    if first_symbol:
        return first_symbol
    m = word_re.search(fold(text))
    return _currency_words()[m.group(0)] if m else None


_TOKEN_LEFT = re.compile(r"[A-Za-z0-9]*\Z")
_TOKEN_RIGHT = re.compile(r"[A-Za-z0-9]*")
_CHAIN_LEFT = re.compile(r"[A-Za-z0-9-]*\Z")
_CHAIN_RIGHT = re.compile(r"[A-Za-z0-9-]*")


def _own_token(text: str, start: int, end: int) -> bool:
    """A code stands alone, or is glued only to digits ("12EUR", "EUR12") in a token that holds
    no other letters: in a hexadecimal reference ("1CAD5603-DAC3-…", "08710D0B-09AD-4AED-…": a
    UUID) its letters are no currency."""
    left = _TOKEN_LEFT.search(text, max(0, start - 24), start).group(0)
    right = _TOKEN_RIGHT.match(text, end).group(0)
    if not ((not left or left.isdigit()) and (not right or right.isdigit())):
        return False
    if not left and not right:
        return True
    chain = _CHAIN_LEFT.search(text, max(0, start - 48), start).group(0) + _CHAIN_RIGHT.match(text, end).group(0)
    return not any(c.isalpha() for c in chain)


def _code_in_context(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    return ("(" in before and ")" in after) or any(c.isdigit() for c in before + after)


# --- number shapes -------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\d+(?:[.,'’ \u00a0\u202f\u2009]\d+)*")
_HARD_SPACES = "\u00a0\u202f\u2009"
_PIECE_SPLIT = re.compile(r"([ \u00a0\u202f\u2009])")
_PIECE_SEP = re.compile(r"[.,'’]")
_PHONE = re.compile(
    r"\+\d[\d ()./-]{5,}\d"  # international: +381 11 123 4567
    r"|\(\d{2,5}\)[ .-]?\d{2,4}(?:[ .-]\d{2,4})+"  # (870)-931-0505
    r"|(?<![\d.,])\d{3}[.-]\d{3}[.-]\d{4}(?![\d])"  # 870-931-0505
)
# Opening hours are clock times, not money: "Mo.-Fr. 08.30 - 17.00 Uhr", "Sa 09.00-12.00",
# "lun-ven 8.30", "08.30 Uhr".  (Without this, "Fr." reads as Swiss francs and "-Fr. 08.30" as -8.30.)
_WEEKDAYS = ("mo", "di", "mi", "do", "fr", "sa", "so", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
             "sat", "sun", "lun", "mar", "mer", "mie", "mié", "jeu", "jue", "ven", "vie", "sam", "sab", "sáb", "dim",
             "dom", "ma", "wo", "vr", "za", "zo", "pon", "uto", "sre", "cet", "čet", "pet", "sub", "ned",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag",
             "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi",
             "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes",
             "sábado", "sabado", "domingo", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
             "zondag", "ponedeljak", "utorak", "sreda", "četvrtak", "cetvrtak", "petak", "subota", "nedelja")
# the weekdays with their shared starts written once (``literal_alternation``: the same matches, tried
# in the same order): _HOURS tries them at every place of a line it searches
_WEEKDAY = "(?:" + literal_alternation(_WEEKDAYS) + ")"
_CLOCK = r"(?:[01]?\d|2[0-3])[.:h][0-5]\d"
_TIME_RANGE = rf"{_CLOCK}(?:\s*(?:[-–]|bis|to|à|a|do|tot)\s*{_CLOCK})?"
_HOURS = re.compile(
    rf"(?<![^\W\d_]){_WEEKDAY}\.?\s*[-–]\s*{_WEEKDAY}\.?:?\s*{_TIME_RANGE}(?:\s*(?:uhr|h|hrs)(?![^\W\d_]))?"
    rf"|(?<![^\W\d_]){_WEEKDAY}\.?:?\s*{_CLOCK}\s*(?:[-–]|bis|to|à|a|do|tot)\s*{_CLOCK}"
    rf"(?:\s*(?:uhr|h|hrs)(?![^\W\d_]))?"
    rf"|(?<![\d.,]){_TIME_RANGE}\s*(?:uhr|hrs)(?![^\W\d_])",
    re.IGNORECASE)
# every alternative of _HOURS holds a clock, which ends in a digit, a separator and two digits, and
# a weekday opening a word or an "Uhr"/"hrs": a line without both holds no opening hours, and is not
# searched for them (its weekdays make _HOURS slow to scan; the shared starts make _HOURS_WORD fast)
_CLOCK_END = re.compile(r"\d[.:h][0-5]\d", re.IGNORECASE)
_HOURS_WORD = re.compile(rf"(?<![^\W\d_])(?:{literal_alternation(_WEEKDAYS)})|uhr|hrs", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"[ \u00a0\u202f]?[%‰]")
_SIGNS = "-−–"
_GAPS = " \u00a0"


@dataclass
class _Number:
    start: int
    end: int
    value: Decimal
    decimals: bool  # printed with a decimal part
    grouped: bool  # printed with thousands grouping
    digits: int
    mark: str | None = None  # the decimal mark used, when it is certain
    group: str | None = None  # the grouping separator used, when it is certain
    ambiguous: str | None = None  # the separator of a "1,234"-style number
    alt: Decimal | None = None  # the other reading of an ambiguous number


def _split_piece(piece: str) -> tuple[list[str], list[str]]:
    return _PIECE_SEP.split(piece), _PIECE_SEP.findall(piece)


def _grouping_ok(groups: list[str], seps: list[str]) -> bool:
    if not seps:
        return True
    first = seps[0]
    if any(s != first for s in seps):
        return False
    if not 1 <= len(groups[0]) <= 3 or groups[0][0] == "0":
        return False
    return all(len(g) == 3 for g in groups[1:])


def _read(groups: list[str], seps: list[str], decimal: str | None, start: int, end: int) -> _Number | None:
    """Read digit groups and their separators (" " for any space) as one number."""
    digits = sum(len(g) for g in groups)
    if not seps:
        return _Number(start, end, Decimal(groups[0]), False, False, digits)
    last = seps[-1]
    as_decimal = None
    if last in ".," and last not in seps[:-1] and _grouping_ok(groups[:-1], seps[:-1]):
        as_decimal = Decimal("".join(groups[:-1]) + "." + groups[-1])
    as_integer = Decimal("".join(groups)) if _grouping_ok(groups, seps) else None
    if as_decimal is not None and as_integer is not None:
        # "1,234" / "1.234": one separator, three digits after it
        if decimal is not None and last == decimal:
            return _Number(start, end, as_decimal, True, False, digits, ambiguous=last, alt=as_integer)
        return _Number(start, end, as_integer, False, True, digits, ambiguous=last, alt=as_decimal)
    if as_decimal is not None:
        group = seps[0] if len(seps) > 1 else None
        return _Number(start, end, as_decimal, True, len(seps) > 1, digits, mark=last, group=group)
    if as_integer is not None:
        return _Number(start, end, as_integer, False, True, digits, group=seps[0])
    return None


@functools.lru_cache(maxsize=64)
@persistent("cldr-number-symbols", ("invoice_lint.fields.amounts",), ("babel",))
def _number_symbols(language: str | None) -> tuple[str | None, bool]:
    """(decimal mark '.'/','/None, groups with spaces?) for a language tag, from CLDR."""
    if not language:
        return None, False
    try:
        from babel import Locale
        from babel.numbers import get_decimal_symbol, get_group_symbol

        locale = Locale.parse(language.replace("-", "_"))
        decimal = get_decimal_symbol(locale)
        group = get_group_symbol(locale)
    except Exception:  # noqa: BLE001 - an unknown tag is only a missing hint
        return None, False
    return (decimal if decimal in ".," else None), (group.isspace() or group in _HARD_SPACES)


def _space_join_ok(kinds: list[str], last_piece: str, decimal: str | None, space_groups: bool) -> bool:
    if space_groups or all(k in _HARD_SPACES for k in kinds):
        return True
    # a normal space groups only in decimal-comma style that ends in ",d" / ",dd"
    if decimal == ".":
        return False
    groups, seps = _split_piece(last_piece)
    return len(seps) == 1 and seps[0] == "," and 1 <= len(groups[1]) <= 2


def _can_lead(piece: str) -> bool:
    return piece.isdigit() and len(piece) <= 3 and piece[0] != "0"


def _can_follow(piece: str) -> tuple[bool, bool]:
    """(may continue a space-grouped number, ends it)."""
    if piece.isdigit():
        return len(piece) == 3, False
    groups, seps = _split_piece(piece)
    return len(seps) == 1 and seps[0] in ".," and len(groups[0]) == 3, True


def _numbers_in_run(run: str, offset: int, decimal: str | None, space_groups: bool,
                    whole: bool) -> list[_Number] | None:
    """Numbers of one run, left to right; None when the run as a whole is not money."""
    parts = _PIECE_SPLIT.split(run)
    pieces, kinds = parts[0::2], parts[1::2]
    starts, pos = [], offset
    for piece in pieces:
        starts.append(pos)
        pos += len(piece) + 1
    out: list[_Number] = []
    broken = False
    i = 0
    while i < len(pieces):
        best = i
        if _can_lead(pieces[i]):
            for j in range(i + 1, len(pieces)):
                follows, ends = _can_follow(pieces[j])
                if not follows:
                    break
                if whole or _space_join_ok(kinds[i:j], pieces[j], decimal, space_groups):
                    best = j
                if ends:
                    break
        last_groups, last_seps = _split_piece(pieces[best])
        groups = pieces[i:best] + last_groups
        seps = [" "] * (best - i) + last_seps
        number = _read(groups, seps, decimal, starts[i], starts[best] + len(pieces[best]))
        if number is None:
            if whole:
                return None
            broken = True  # a date or a version number: skip this piece
        else:
            number.grouped = number.grouped or best > i
            out.append(number)
        i = best + 1
    # three or more plain digit groups that do not read as one number: a phone number,
    # an account or an id printed in blocks
    if (len(out) + broken > 1 and len(pieces) >= 3 and all(p.isdigit() for p in pieces)
            and sum(map(len, pieces)) >= 8):
        return None
    return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


# --- finding amounts -----------------------------------------------------------------------

def _candidates(text: str, decimal: str | None, space_groups: bool, whole: bool) -> list[tuple[_Number, bool]]:
    """(number, preceded by '+') for every run in text."""
    out = []
    for m in _RUN.finditer(text):
        numbers = _numbers_in_run(m.group(0), m.start(), decimal, space_groups, whole)
        if not numbers:
            continue
        plus = m.start() > 0 and text[m.start() - 1] == "+"
        if plus and not any(n.decimals for n in numbers) and sum(n.digits for n in numbers) >= 7:
            continue  # +381 11 123 4567
        out.extend((n, plus) for n in numbers)
    return out


def _resolve_ambiguous(numbers: list[_Number]) -> None:
    """Without a language, let the unambiguous numbers of the same text decide "1,234"."""
    evidence = None
    for n in numbers:
        if n.mark:
            evidence = n.mark
            break
        if n.group in (".", ","):
            evidence = "," if n.group == "." else "."
            break
    if evidence is None:
        return
    for n in numbers:
        if n.ambiguous == evidence and n.alt is not None and not n.decimals:
            n.value, n.alt = n.alt, n.value
            n.decimals, n.grouped = True, False


def _excluded_spans(text: str, language: str | None) -> list[tuple[int, int]]:
    spans = [(d.start, d.end) for d in dates.find_dates(text, language)]
    spans += [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    if _CLOCK_END.search(text) and _HOURS_WORD.search(text):
        spans += [(m.start(), m.end()) for m in _HOURS.finditer(text)]
    return spans


def _scan(text: str, language: str | None, strict: bool, whole: bool,
          document_decimal: str | None = None) -> list[AmountMatch]:
    if not text or not _DIGIT.search(text):
        return []
    decimal, space_groups = _number_symbols(language)
    decimal = document_decimal or decimal
    found = _candidates(text, decimal, space_groups, whole)
    if not found:
        return []
    if decimal is None:
        _resolve_ambiguous([n for n, _ in found])
    excluded = _excluded_spans(text, language)
    kept = [(n, plus) for n, plus in found if not any(a < n.end and n.start < b for a, b in excluded)]
    sides = _mark_sides(text, [n for n, _ in kept])
    out: list[AmountMatch] = []
    for (number, plus), (left_mark, right_mark) in zip(kept, sides):
        match = _with_context(text, number, plus, strict, left_mark, right_mark)
        if match is not None and (not out or match.start >= out[-1].end):
            out.append(match)
    return out


def _right_mark(text: str, e: int) -> tuple[int, int] | None:
    right = _right_context(text, e)
    return (right.cur_start, right.cur_end) if right.code else None


def _left_mark(text: str, s: int) -> tuple[int, int] | None:
    left = _left_context(text, s)
    return (left.cur_start, left.cur_end) if left.code else None


def _mark_sides(text: str, numbers: list[_Number]) -> list[tuple[bool, bool]]:
    """Which side's currency mark each number may take.

    A mark printed between two numbers ("2 € 99,99") goes to the side the line's other,
    unshared marks are on (prefix or suffix); failing that to the number with decimals;
    failing that it stays a prefix of the number after it.
    """
    if len(numbers) < 2:
        return [(True, True)] * len(numbers)
    lefts = [_left_mark(text, n.start) for n in numbers]
    rights = [_right_mark(text, n.end) for n in numbers]
    shared = [i for i in range(len(numbers) - 1) if rights[i] is not None and rights[i] == lefts[i + 1]]
    sides = [[True, True] for _ in numbers]
    if not shared:
        return [tuple(s) for s in sides]  # type: ignore[misc]
    shared_marks = {rights[i] for i in shared}
    prefix = sum(1 for span in lefts if span is not None and span not in shared_marks)
    suffix = sum(1 for span in rights if span is not None and span not in shared_marks)
    for i in shared:
        if prefix != suffix:
            to_next = prefix > suffix
        else:
            to_next = numbers[i + 1].decimals or not numbers[i].decimals
        if to_next:
            sides[i][1] = False
        else:
            sides[i + 1][0] = False
    return [tuple(s) for s in sides]  # type: ignore[misc]


@dataclass
class _Left:
    start: int  # where the amount's printed text starts (sign or currency mark)
    negative: bool = False
    paren: int | None = None  # position of an opening parenthesis before it
    code: str | None = None
    cur_start: int | None = None
    cur_end: int | None = None
    glued: bool = False  # the currency mark touches the digits ("EUR12", "Rs.1939")


def _skip_gap(text: str, i: int) -> int:
    return i - 1 if i > 0 and text[i - 1] in _GAPS else i


def _is_sign_at(text: str, i: int) -> bool:
    return text[i] in _SIGNS and (i == 0 or not _is_word_char(text[i - 1]))


def _left_context(text: str, s: int, with_mark: bool = True) -> _Left:
    """Sign, currency mark and opening parenthesis printed before a number.

    Read right to left: ``( - € - 12`` with at most one space between the parts.
    ``with_mark=False`` when the mark before belongs to the number before it.
    """
    out = _Left(start=s)
    j = s
    if j > 0 and text[j - 1] in _SIGNS:  # "€ -9,32", "-12,00": a sign touches what it signs
        if not _is_sign_at(text, j - 1):
            return out
        out.start, out.negative = j - 1, True
        j -= 1
    j = _skip_gap(text, j)
    mark = _mark_before(text, j) if with_mark else None
    if mark:
        out.cur_start, out.code = mark
        out.cur_end = j
        out.glued = j == s
        out.start = min(out.start, mark[0])
        j = mark[0]
        if not out.negative and j > 0 and text[j - 1] in _SIGNS and _is_sign_at(text, j - 1):  # "-€12"
            out.start, out.negative = j - 1, True
            j -= 1
        j = _skip_gap(text, j)
    elif not with_mark:
        return out
    if j > 0 and text[j - 1] == "(" and (j == 1 or not _is_word_char(text[j - 2])):
        out.paren = j - 1
    return out


@dataclass
class _Right:
    trail1_end: int | None = None  # "12,00-"
    cur_start: int | None = None
    cur_end: int | None = None
    code: str | None = None
    close_end: int | None = None  # ")"
    trail2_end: int | None = None  # "12,00 EUR-"


def _right_context(text: str, e: int) -> _Right:
    """Trailing minus, currency mark and closing parenthesis printed after a number."""
    n = len(text)
    out = _Right()
    k = e
    if k < n and text[k] == "-" and (k + 1 == n or not _is_word_char(text[k + 1])):
        out.trail1_end = k = k + 1
    j = k + 1 if k < n and text[k] in _GAPS else k
    mark = _mark_after(text, j)
    if mark:
        out.cur_start, (out.cur_end, out.code) = j, mark
        k = mark[0]
    j = k + 1 if k < n and text[k] in _GAPS else k
    if j < n and text[j] == ")":
        out.close_end = k = j + 1
    if out.code and k < n and text[k] == "-" and (k + 1 == n or not _is_word_char(text[k + 1])):
        out.trail2_end = k + 1
    return out


def _with_context(text: str, n: _Number, plus: bool, strict: bool, left_mark: bool = True,
                  right_mark: bool = True) -> AmountMatch | None:
    s, e = n.start, n.end
    before = text[s - 1] if s else ""
    after = text[e] if e < len(text) else ""
    left = _left_context(text, s, with_mark=left_mark)
    if before and (_is_word_char(before) or before in ".,") and not left.glued:
        return None  # FR76, CON02858, ",50"
    if before and before in "/:#@_\\°":
        return None  # 3/64, 12:30
    if before == "-" and s >= 2 and _is_word_char(text[s - 2]):
        return None  # 40-42, D-63571
    if _PERCENT_AFTER.match(text, e):
        return None  # 21 %
    right = _right_context(text, e) if right_mark else _Right()
    if after and _is_word_char(after) and not (right.code and right.cur_start == e):
        return None  # 16GB, 1er, 3rd
    if after and after in "/:@_'\"″":
        return None  # 3/64, 15,4''
    if after == "-" and e + 1 < len(text) and _is_word_char(text[e + 1]):
        return None  # 40-42, 98109-5210
    start, end, negative = left.start, e, left.negative
    if right.trail1_end and n.decimals:
        end, negative = right.trail1_end, True
    if right.code and not left.code:
        end = max(end, right.cur_end)
        if right.trail2_end and n.decimals:
            end, negative = right.trail2_end, True
    code = left.code or right.code
    if left.paren is not None and right.close_end:
        if not (n.decimals or code):
            if strict:
                return None  # "(870)", "(3)": an area code or a note number
        else:
            start, end, negative = left.paren, right.close_end, True
    if plus:
        start = s - 1
    if strict and not (code or n.decimals or n.grouped or negative):
        printed = text[s:e]
        if (len(printed) == 4 and 1900 <= int(printed) <= 2099) or (printed[0] == "0" and len(printed) > 1) \
                or n.digits >= 7:
            return None  # a year, a code, an id
    if strict and n.grouped and not n.decimals and not code and n.digits >= 7 and n.group == " ":
        return None  # SIREN 123 456 782: space-grouped digits with no money mark
    value = -n.value if negative and n.value else n.value
    return AmountMatch(value=value, start=start, end=end, text=text[start:end], currency=code, decimal_mark=n.mark)


def find_amounts(text: str, language: str | None = None, *, strict: bool = True,
                 decimal: str | None = None) -> list[AmountMatch]:
    """All amounts in a line, left to right, never overlapping.

    ``language`` (``en``, ``sr-Cyrl``, ``de-CH``...) resolves ``1,234`` / ``1.234`` and
    whether a plain space groups thousands; see the module doc for every rule.  ``decimal``
    (``"."`` or ``","``), the decimal mark the document itself prints (:func:`printed_decimal`),
    resolves ``1,234`` / ``1.234`` in the language's place.
    ``strict=False`` accepts bare integers that look like years, ids or codes (use it for
    a column known to hold money).
    """
    return list(_scan_line(text, language, strict, decimal))


@line_memo()
def _scan_line(text: str, language: str | None, strict: bool, decimal: str | None = None) -> tuple[AmountMatch, ...]:
    # the finders ask for the same lines and rows many times per page; the matches are frozen
    plain = _plain_figure(text)
    if plain is not None:
        return (plain,)
    return tuple(_scan(text, language, strict, whole=False, document_decimal=decimal))


# a text that is one figure and nothing else, printed so that nothing is left to decide: a whole
# number of up to six digits, or a number with two decimals after a '.' or ',' whose whole part is
# not grouped or grouped by the other mark ("877,73", "1,194.59", "1.948,01")
_PLAIN_WHOLE = re.compile(r"0|[1-9][0-9]{0,5}")
_PLAIN_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,2}(?:(?P<group>[.,])[0-9]{3}(?:(?P=group)[0-9]{3})*)?|[1-9][0-9]{3,5})"
                            r"(?P<mark>[.,])[0-9]{2}")


def _plain_figure(text: str) -> AmountMatch | None:
    """The one amount of a text that is a plain figure (an items table's cells, a sum printed alone),
    as ``_scan`` reads it in any language, number style and mode, without the scan: such a text has
    no date, phone number, clock, sign or currency mark in it, and its figure is no year, code or
    id and has no other reading (tests/test_parsers_properties.py holds it to ``_scan``).  None for
    every other text."""
    if _PLAIN_WHOLE.fullmatch(text):
        if len(text) == 4 and 1900 <= int(text) <= 2099:
            return None  # a year: refused in the strict mode only
        return AmountMatch(Decimal(text), 0, len(text), text, None)
    m = _PLAIN_DECIMAL.fullmatch(text)
    if m is None or m.group("group") == m.group("mark"):
        return None
    mark = m.group("mark")
    whole = text[: m.start("mark")]
    if m.group("group"):
        whole = whole.replace(m.group("group"), "")
    return AmountMatch(Decimal(whole + "." + text[m.end("mark"):]), 0, len(text), text, None, decimal_mark=mark)


_DIGITS = re.compile(r"\d+")


@line_memo()
def mark_beside_figure(text: str) -> bool:
    """Is a currency mark printed where :func:`find_amounts` could give it to a figure: ending
    right before the figure's digits (a space and a sign between at most: ``€ -9,32``) or starting
    right after them (a minus and a space between at most: ``12,00- EUR``)?  Only then can an
    amount of the text have a currency (``AmountMatch.currency``), in any language and number
    style.  Each run of digits is asked where a figure's sign and mark would be, which is far
    cheaper than reading the figures: the currencies finder asks it of every line first."""
    n = len(text)
    for m in _DIGITS.finditer(text):
        j = m.start()
        if j and text[j - 1] in _SIGNS:
            j -= 1
        if j and text[j - 1] in _GAPS:
            j -= 1
        if _mark_before(text, j):
            return True
        k = m.end()
        if k < n and text[k] == "-":
            k += 1
        if k < n and text[k] in _GAPS:
            k += 1
        if _mark_after(text, k):
            return True
    return False


@dataclass(frozen=True)
class NumberStyle:
    """How one document prints its numbers: its language's way, or with the decimal mark its
    own figures show (:func:`printed_decimal`).  The finders read every amount through it."""

    language: str | None
    decimal: str | None = None

    @classmethod
    def of(cls, texts: Iterable[str], language: str | None) -> NumberStyle:
        return cls(language, printed_decimal(texts, language))

    def find(self, text: str, *, strict: bool = True) -> list[AmountMatch]:
        # ``find_amounts(text, self.language, strict=strict, decimal=self.decimal)``, its memo
        # asked directly: the finders ask this some thirty times a document
        return list(_scan_line(text, self.language, strict, self.decimal))


# a figure with a decimal part may be printed here: the only lines ``printed_decimal`` reads, and
# the lines ``Context`` works the number style out from
DECIMAL_PART = re.compile(r"\d[.,]\d")


def printed_decimal(texts: Iterable[str], language: str | None) -> str | None:
    """The decimal mark a document prints when it is not its language's: ``"."`` for a German
    e-invoice rendering that prints ``54.80`` and ``2.000`` (two units), ``","`` for an English
    page printing ``12,50``.  Only figures whose mark is certain count (``100.00``, ``1.234,56``;
    never ``1.234``, dates, times or phone numbers); at least two with the other mark and none
    with the language's settle it.  None: read the language's way."""
    own, _ = _number_symbols(language)
    if own is None:
        return None
    other = "," if own == "." else "."
    votes = {own: 0, other: 0}
    for text in texts:
        if not text or not DECIMAL_PART.search(text):
            continue  # most lines: no figure with a decimal part, nothing to read
        # money only (no dates, times, ids or rates), asked as the finders ask (``NumberStyle.find``
        # with no mark of the document's own yet): one memo entry per line, not two
        for m in _scan_line(text, language, True, None):
            if m.decimal_mark:
                votes[m.decimal_mark] += 1
        if votes[own]:
            return None
    return other if votes[other] >= 2 else None


def parse_amount(text: str, language: str | None = None, *, strict: bool = True) -> Decimal | None:
    """The single amount a text holds, or None when the text is not exactly one amount.

    Accepts every style of the module doc with an optional currency mark and sign around
    it.  ``"21%"``, ``"03.11.2026"``, ``"+381 11 123 4567"``, IBANs → None; ``"2026"`` →
    None unless ``strict=False``.
    """
    if not text:
        return None
    stripped = text.strip()
    if not stripped:
        return None
    found = _scan(stripped, language, strict, whole=True)
    if len(found) != 1:
        return None
    m = found[0]
    rest = (stripped[:m.start] + stripped[m.end:]).strip(" \u00a0\u202f\u2009:=")
    if rest:
        return None
    return m.value


def format_amount(value: Decimal) -> str:
    """Normalized JSON form: dot decimal, at least two places ("1234.56", "-10.00")."""
    try:
        if value.is_zero():
            value = abs(value)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > -2:
            value = value.quantize(Decimal("0.01"))
        return format(value, "f")
    except InvalidOperation:
        return format(value, "f")

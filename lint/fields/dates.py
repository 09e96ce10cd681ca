"""Dates as printed on invoices, read into ``datetime.date`` with the printed style kept.

The style (``DD.MM.YYYY``, ``MONTH D, YYYY``...) is what consistency checks compare, the
value is what arithmetic uses.  Month names come from CLDR via babel (en, es, sr Cyrillic
and Latin, de, fr, nl, plus the given language), wide and abbreviated, 'format' and
'stand-alone'; they are folded with ``text.fold`` and cached, and babel is imported only
on first use.

Rules
-----
* ISO ``YYYY-MM-DD`` (also with ``/`` or ``.``) is always year-month-day.
* Numeric ``a<sep>b<sep>year`` (sep ``.``, ``/`` or ``-``; ``3. 11. 2026.`` spaced; year
  of 4 digits, or 2 digits meaning 2000+yy): when only one of day/month readings is a real
  date, that one is used.  Otherwise ``dayfirst`` decides when given; without it ``.`` is
  always day-first, and ``/`` and ``-`` are month-first only when the language tag names a
  region whose CLDR short date pattern is month-first (``en-US``, ``en-PH``...).  Bare
  ``en`` is day-first.
* Month names: ``3 November 2026``, ``3rd November 2026``, ``3rd of November 2026``,
  ``3. November 2026``, ``3 de noviembre de 2026``, ``1er décembre 2026`` (``1 er décembre
  2026`` where the ordinal is a superscript),
  ``3. новембар 2026.``, ``03-Nov-2026``, ``November 3, 2026``, ``August 3 , 2014``,
  ``Nov. 3 2026``.
* A trailing dot (Serbian ``03.11.2026.``) belongs to the date, and to its style, when
  the language's CLDR date pattern ends in a dot (sr, hr, hu ...) or no language is given.
* Four-digit years outside 1900-2099 and impossible dates (``31.02.2026``) are no dates.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from invoice_lint.foundation.lexicon import base_locales
from invoice_lint.foundation.text import fold
from invoice_lint.foundation.user_cache import persistent

__all__ = ["DateMatch", "parse_date", "find_dates", "format_date"]


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text, with the family of the format it was printed in."""

    value: date
    start: int
    end: int
    text: str
    style: str  # "DD.MM.YYYY", "DD.MM.YYYY.", "MM/DD/YYYY", "YYYY-MM-DD", "D MONTH YYYY" ...
    # the month word is its own abbreviation in the document's language ("May", "Mai"): the
    # style could as well say MON for MONTH
    either_width: bool = False


_ISO = re.compile(
    r"(?<![\w.,/-])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)(?!(?P=sep)\d)"
)
_NUMERIC = re.compile(
    r"(?<![\w.,/])(?P<a>\d{1,2})(?P<sep>[./-])(?P<sp> ?)(?P<b>\d{1,2})(?P=sep)(?P=sp)"
    r"(?P<y>\d{4}|\d{2})(?!\d)(?P<ydot>\.(?!\d))?"
)
_ORDINAL = r"(?:st|nd|rd|th|er|º|°)"


def _locale_key(language: str | None) -> str | None:
    if not language:
        return None
    return language.replace("-", "_")


@functools.lru_cache(maxsize=32)
def _locale(language: str | None):
    key = _locale_key(language)
    if key is None:
        return None
    try:
        from babel import Locale

        return Locale.parse(key)
    except Exception:  # noqa: BLE001 - an unknown tag only means no locale hints
        return None


@functools.lru_cache(maxsize=32)
@persistent("cldr-month-table", ("invoice_lint.fields.dates", "invoice_lint.foundation.text"), ("babel",), base_locales)
def _month_table(language: str | None) -> dict[str, int]:
    """Folded month name (no trailing dot) -> month number, for every lexicon's locales
    (``cldr_locales``) + language."""
    from babel.dates import get_month_names

    locales: list[object] = list(base_locales())
    extra = _locale(language)
    if extra is not None and str(extra) not in locales:
        locales.insert(0, extra)  # the document's own language wins a clash
    table: dict[str, int] = {}
    for loc in locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                try:
                    names = get_month_names(width, context, loc)
                except Exception:  # noqa: BLE001
                    continue
                for month, name in names.items():
                    key = fold(name).rstrip(".")
                    if key and not key.isdigit():
                        table.setdefault(key, month)
    return table


@functools.lru_cache(maxsize=32)
@persistent("cldr-month-abbreviations", ("invoice_lint.fields.dates", "invoice_lint.foundation.text"), ("babel",),
            base_locales)
def _abbreviations(language: str | None) -> frozenset[str]:
    """Folded month names that are abbreviations (the style says MON rather than MONTH)."""
    from babel.dates import get_month_names

    wide: set[str] = set()
    locales: list[object] = list(base_locales())
    extra = _locale(language)
    if extra is not None:
        locales.append(extra)
    for loc in locales:
        for context in ("format", "stand-alone"):
            try:
                wide.update(fold(n).rstrip(".") for n in get_month_names("wide", context, loc).values())
            except Exception:  # noqa: BLE001
                continue
    return frozenset(k for k in _month_table(language) if k not in wide)


@functools.lru_cache(maxsize=32)
@persistent("cldr-own-month-names", ("invoice_lint.fields.dates", "invoice_lint.foundation.text"), ("babel",))
def _own_month_names(language: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The folded wide and abbreviated month names of the document's own language alone."""
    from babel.dates import get_month_names

    loc = _locale(language)
    widths: dict[str, set[str]] = {"wide": set(), "abbreviated": set()}
    if loc is not None:
        for width, names in widths.items():
            for context in ("format", "stand-alone"):
                try:
                    names.update(fold(n).rstrip(".") for n in get_month_names(width, context, loc).values())
                except Exception:  # noqa: BLE001
                    continue
    return frozenset(widths["wide"]), frozenset(widths["abbreviated"])


def _month_style(key: str, dotted: bool, language: str | None) -> tuple[str, bool]:
    """MON for an abbreviated month name, MONTH for a full one, and whether the word is both in
    the document's language.  A dot after the word marks an abbreviation ("mai."); the document's
    own language decides a word that is a full name only elsewhere ("Jun" is English for June and
    Serbian for it in full); a word that is both in it ("May", "Mai") and any other word go by
    every locale's names."""
    if dotted:
        return "MON", False
    wide, short = _own_month_names(language)
    if key in short and key not in wide:
        return "MON", False
    if key in wide and key not in short:
        return "MONTH", False
    return ("MON" if key in _abbreviations(language) else "MONTH"), key in wide and key in short


# The month slot takes any word; the word is then looked up in the folded CLDR table.  A
# generic letter run scans much faster than an alternation of every month spelling.
_MONTH_WORD = r"(?P<mon>[^\W\d_]{3,12})(?![^\W\d_])(?P<mdot>\.)?"
_DAY_FIRST = re.compile(
    # an ordinal set as a superscript ("1\textsuperscript{er} mars") comes out of the page as a
    # word of its own: "1 er mars 2025"
    rf"(?<![\w.,/-])(?P<day>[0-3]?\d)(?: ?(?P<ord>{_ORDINAL}))?(?P<ddot>\.)?"
    rf"(?:\s*(?P<de1>de|of)\s)?\s*(?P<dash1>[-/])?\s*{_MONTH_WORD}"
    r"(?P<comma>\s*,)?(?:\s*(?P<de2>de|del)\s)?\s*(?P<dash2>[-/'’])?\s*"
    r"(?P<year>\d{4}|\d{2})(?!\d)(?P<ydot>\.(?!\d))?",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"(?<![\w]){_MONTH_WORD}\s*(?P<dash1>-)?\s*"
    rf"(?P<day>[0-3]?\d)(?P<ord>{_ORDINAL})?(?!\d)(?P<comma>\s*,)?\s*(?P<dash2>-)?\s*"
    r"(?P<year>\d{4})(?!\d)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=32)
@persistent("cldr-trailing-dot", ("invoice_lint.fields.dates",), ("babel",))
def _trailing_dot(language: str | None) -> bool:
    """Does the language print a dot after the year (sr "03.11.2026.")?  True when unknown."""
    if not language:
        return True
    locale = _locale(language)
    if locale is None:
        return False
    try:
        from babel.dates import get_date_format

        return any(get_date_format(w, locale=locale).pattern.rstrip().endswith(".") for w in ("short", "medium", "long"))
    except Exception:  # noqa: BLE001
        return False


@functools.lru_cache(maxsize=32)
@persistent("cldr-month-first", ("invoice_lint.fields.dates",), ("babel",))
def _month_first(language: str | None) -> bool:
    """Month-first numeric dates: only for a tag with a region whose CLDR short date is M/d."""
    locale = _locale(language)
    if locale is None or not locale.territory:
        return False
    try:
        from babel.dates import get_date_format

        pattern = get_date_format("short", locale=locale).pattern
    except Exception:  # noqa: BLE001
        return False
    m, d = pattern.find("M"), pattern.find("d")
    return 0 <= m < d


def _year(text: str) -> int | None:
    value = int(text)
    if len(text) == 2:
        return 2000 + value
    return value if 1900 <= value <= 2099 else None


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric(text: str, m: re.Match[str], language: str | None, dayfirst: bool | None) -> DateMatch | None:
    sep = m.group("sep")
    start = m.start()
    if start >= 2 and text[start - 1] == sep and text[start - 2].isdigit():
        return None
    end = m.end("y")
    if end + 1 < len(text) and text[end] == sep and text[end + 1].isdigit():
        return None
    if m.group("sp") and sep != ".":
        return None
    year = _year(m.group("y"))
    if year is None:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    day_month = _make(year, b, a)
    month_day = _make(year, a, b)
    if day_month and month_day and a != b:
        if dayfirst is not None:
            first_is_day = dayfirst
        else:
            first_is_day = sep == "." or not _month_first(language)
    elif day_month or month_day:
        first_is_day = day_month is not None
    else:
        return None
    value = day_month if first_is_day else month_day
    ydot = bool(m.group("ydot")) and sep == "." and _trailing_dot(language)
    if ydot:
        end += 1
    order = ("DD", "MM") if first_is_day else ("MM", "DD")
    style = f"{order[0]}{sep}{order[1]}{sep}{'YYYY' if len(m.group('y')) == 4 else 'YY'}" + ("." if ydot else "")
    return DateMatch(value, start, end, text[start:end], style)


def _iso(text: str, m: re.Match[str]) -> DateMatch | None:
    year = _year(m.group("y"))
    value = _make(year, int(m.group("m")), int(m.group("d"))) if year else None
    if value is None:
        return None
    sep = m.group("sep")
    return DateMatch(value, m.start(), m.end(), m.group(0), f"YYYY{sep}MM{sep}DD")


def _tight_dashes(m: re.Match[str]) -> bool:
    """Day, month and year joined by one separator and no spaces: "03-Nov-26"."""
    dash1, dash2 = m.group("dash1"), m.group("dash2")
    if not dash1 or dash1 != dash2:
        return False
    return m.end("dash1") == m.start("mon") and m.start("dash1") == m.end("day") and \
        m.end("dash2") == m.start("year") and m.start("dash2") == m.end("mon") + len(m.group("mdot") or "")


def _textual(text: str, m: re.Match[str], language: str | None, day_first: bool) -> DateMatch | None:
    key = fold(m.group("mon")).rstrip(".")
    month = _month_table(language).get(key)
    if month is None:
        return None
    year_text = m.group("year")
    if len(year_text) == 2 and not _tight_dashes(m):
        return None  # "3 Nov 26" and "1 - July 31" are no dates; "03-Nov-26" is
    year = _year(year_text)
    value = _make(year, month, int(m.group("day"))) if year else None
    if value is None:
        return None
    name, either_width = _month_style(key, bool(m.group("mdot")), language)
    yy = "YYYY" if len(year_text) == 4 else "YY"
    end = m.end("year")
    if day_first:
        ydot = bool(m.group("ydot")) and bool(m.group("ddot")) and _trailing_dot(language)
        if ydot:
            end += 1
        if m.group("dash1") or m.group("dash2"):
            sep = (m.group("dash1") or m.group("dash2"))
            style = f"DD{sep}{name}{sep}{yy}"
        else:
            style = "D" + ("." if m.group("ddot") else "") + " "
            style += "de " if m.group("de1") and m.group("de1").lower() == "de" else ""
            style += name + ("," if m.group("comma") else "")
            style += " de" if m.group("de2") else ""
            style += f" {yy}" + ("." if ydot else "")
    else:
        style = f"{name} D" + ("," if m.group("comma") else "") + f" {yy}"
    start = m.start()
    return DateMatch(value, start, end, text[start:end], style, either_width)


def _textual_matches(text: str, pattern: re.Pattern[str], language: str | None, day_first: bool) -> list[DateMatch]:
    out = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return out
        d = _textual(text, m, language, day_first)
        if d is None:
            pos = m.start() + 1  # the words were no month: look again just after the start
        else:
            out.append(d)
            pos = m.end()


_BASIC = re.compile(r"^\s*((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def basic_iso_date(text: str) -> DateMatch | None:
    """A date in ISO 8601's basic form at the start of a text ("20260815").  Eight bare digits
    are a date only where a date label introduced them, so ``find_dates`` never reports this
    form; callers ask for it right after a date label."""
    m = _BASIC.match(text)
    if not m:
        return None
    try:
        value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return DateMatch(value, m.start(1), m.end(3), m.group(0).strip(), "YYYYMMDD")


# typographic hyphens some PDF producers print in dates and ids ("18‐08‐2026"): read as "-",
# one character for one, so positions in the text stay right
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"})
_HYPHEN = re.compile("[\u2010-\u2013\u2212]")  # any of them


def find_dates(text: str, language: str | None = None, dayfirst: bool | None = None) -> list[DateMatch]:
    """All dates in a text, left to right, never overlapping (see the module doc for the rules)."""
    if not text or not _DIGIT.search(text):
        return []
    if not text.isascii() and _HYPHEN.search(text):  # (``translate`` looks up every character: only where one is)
        text = text.translate(_HYPHENS)
    found: list[DateMatch] = []
    for m in _ISO.finditer(text):
        d = _iso(text, m)
        if d:
            found.append(d)
    for m in _NUMERIC.finditer(text):
        d = _numeric(text, m, language, dayfirst)
        if d:
            found.append(d)
    if _LETTER.search(text):
        found += _textual_matches(text, _DAY_FIRST, language, True)
        found += _textual_matches(text, _MONTH_FIRST, language, False)
    if len(found) <= 1:
        return found
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for d in found:
        if not out or d.start >= out[-1].end:
            out.append(d)
    return out


def parse_date(text: str, language: str | None = None, dayfirst: bool | None = None) -> date | None:
    """The one date a text holds, or None.

    The text may carry words around the date (a weekday, "le", a label) but no other
    digits: "mardi 3 novembre 2026" → 2026-11-03, "3 to 5 November 2026" → None.
    """
    if not text:
        return None
    found = find_dates(text, language, dayfirst)
    if len(found) != 1:
        return None
    m = found[0]
    rest = text[:m.start] + text[m.end:]
    if _DIGIT.search(rest):
        return None
    return m.value


def format_date(d: date) -> str:
    """The normalized JSON form: "YYYY-MM-DD"."""
    return d.isoformat()

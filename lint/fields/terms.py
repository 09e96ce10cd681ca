"""Payment terms ("Net 30", "30 días", "u roku od 15 dana", "à réception") as a number of days.

BR-CO-25 asks for a due date *or* payment terms; when only terms are printed the detector
derives the due date with :func:`due_from_terms`.

How terms are read (on ``text.fold``-ed text, so case, accents and Cyrillic do not matter)
-----------------------------------------------------------------------------------------
* ``<n> <day unit>``: the day (and week, × 7) unit words come from CLDR via babel
  (``duration-day`` / ``duration-week``, long and short forms, in every lexicon's
  ``cldr_locales`` and the given language), plus plural/case endings -n/-s/-e/-en ("Tagen").
* ``net <n>`` / ``<n> days net`` (also ``netto``, ``neto``): the net term wins over any
  other number in the text ("2/10 net 30", "14 Tage 2 % Skonto, 30 Tage netto" → 30).
* Otherwise the first term printed wins.
* Immediate payment ("due on receipt", "sofort", "à réception", "po prijemu"...) is 0.
* End of month ("30 jours fin de mois", "30 days EOM") gives the days with
  ``end_of_month=True`` in :func:`read_payment_terms`; :func:`parse_payment_terms` returns
  the days only (30), and :func:`due_from_terms` can apply the end of month.
* Terms are 0-365 days; words for numbers ("thirty days") and months are not read.

The phrases for immediate payment, end of month and "net" are each language's data
(``payment_terms`` in ``rules/lexicon/<lang>.yaml``): the grammar of how terms are written, not
judgements; vague wording ("payment due soon", "ASAP") is a rule's business.
"""
from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from invoice_lint.foundation.lexicon import all_lexicons, base_locales
from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.text import fold, phrase_pattern
from invoice_lint.foundation.user_cache import persistent

__all__ = ["PaymentTerms", "read_payment_terms", "parse_payment_terms", "due_from_terms"]



@functools.lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Folded (pay-at-once phrases, end-of-month phrases, "net" words) of every language's
    lexicon (``payment_terms`` in rules/lexicon/<lang>.yaml), longest first: terms are read
    in any of the languages, as a document's language may be uncertain."""
    lexicons = all_lexicons()

    def union(attr: str) -> tuple[str, ...]:
        return tuple(sorted({p for lex in lexicons for p in getattr(lex, attr)}, key=lambda p: (-len(p), p)))

    return union("immediate_terms"), union("end_of_month_terms"), union("net_terms")


@dataclass(frozen=True)
class PaymentTerms:
    """What a payment-terms text says."""

    days: int
    end_of_month: bool = False
    immediate: bool = False
    text: str = ""  # the folded phrase the days were read from


@functools.lru_cache(maxsize=32)
@persistent("cldr-unit-words", ("invoice_lint.fields.terms", "invoice_lint.foundation.text"), ("babel",), base_locales)
def _unit_words(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Folded (day words, week words) from CLDR unit patterns, in every lexicon's locales
    (``cldr_locales``) and the given language's."""
    from babel.units import format_unit

    locales = list(base_locales())
    if language and language.replace("-", "_") not in locales:
        locales.append(language.replace("-", "_"))
    days: set[str] = set()
    weeks: set[str] = set()
    for loc in locales:
        for unit, bucket in (("duration-day", days), ("duration-week", weeks)):
            for length in ("long", "short"):
                for count in (1, 2, 3, 5, 30):
                    try:
                        printed = format_unit(count, unit, length=length, locale=loc)
                    except Exception:  # noqa: BLE001 - an unknown locale adds nothing
                        continue
                    word = fold(re.sub(r"[\d\s\u00a0\u202f.,]+", " ", printed).strip() + ("." if printed.endswith(".") else ""))
                    if word and "duration" not in word and not word[0].isdigit():
                        bucket.add(word)
    return tuple(sorted(days, key=lambda w: (-len(w), w))), tuple(sorted(weeks, key=lambda w: (-len(w), w)))


def _alternatives(words: Iterable[str]) -> str:
    parts = []
    for w in words:
        if w.endswith(".") or len(w) == 1:
            parts.append(re.escape(w))
        else:
            parts.append(re.escape(w) + r"(?:en|n|s|e)?")
    return "|".join(parts)


@functools.lru_cache(maxsize=32)
def _patterns(language: str | None, immediate: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    day_words, week_words = _unit_words(language)
    immediate_phrases, end_of_month_phrases, net_words = _phrases()
    net_word = "(?:" + "|".join(re.escape(w) for w in net_words or ("net",)) + ")"
    count = r"(?<![\d.,/])(?P<n>\d{1,3})(?![\d.,]\d)\s*-?\s*"
    days = re.compile(
        count + rf"(?:(?P<day>{_alternatives(day_words)})|(?P<week>{_alternatives(week_words)}))"
        rf"(?!\w)(?P<net>\s*{net_word}(?!\w))?"
    )
    net = re.compile(rf"(?<!\w){net_word}\s*:?\s*(?P<n>\d{{1,3}})(?![\d.,]\d)")
    phrases = sorted(set(immediate_phrases) | {fold(p) for p in immediate}, key=lambda p: (-len(p), p))
    now = phrase_pattern(phrases)
    eom = phrase_pattern(end_of_month_phrases)
    return days, net, now, eom


def read_payment_terms(text: str, language: str | None = None, *,
                       immediate: Iterable[str] = ()) -> PaymentTerms | None:
    """The payment terms a text states, or None.  ``immediate`` adds phrases (e.g. from a
    lexicon) that mean payment at once."""
    if not text:
        return None
    folded = fold(text)
    days_re, net_re, now_re, eom_re = _patterns(language, tuple(immediate))
    candidates: list[tuple[int, bool, int, str]] = []  # (position, net, days, phrase)
    for m in days_re.finditer(folded):
        n = int(m.group("n")) * (7 if m.group("week") else 1)
        candidates.append((m.start(), bool(m.group("net")), n, m.group(0)))
    for m in net_re.finditer(folded):
        candidates.append((m.start(), True, int(m.group("n")), m.group(0)))
    candidates = [c for c in candidates if 0 <= c[2] <= 365]
    now = now_re.search(folded)
    end_of_month = eom_re.search(folded) is not None
    nets = [c for c in candidates if c[1]]
    if nets:
        chosen = min(nets)
    elif candidates and (now is None or min(candidates)[0] < now.start()):
        chosen = min(candidates)
    elif now is not None:
        return PaymentTerms(0, end_of_month=False, immediate=True, text=now.group(0))
    else:
        return None
    return PaymentTerms(chosen[2], end_of_month=end_of_month, text=chosen[3].strip())


@line_memo()
def parse_payment_terms(text: str, language: str | None = None) -> int | None:
    """Days of credit a payment-terms text gives: "Net 30" → 30, "Due on receipt" → 0.
    Remembered (``line_memo``): the finder asks it of the same labels' values and lines on every
    invoice of an issuer, and of one line by several ways on one page."""
    terms = read_payment_terms(text, language)
    return None if terms is None else terms.days


def due_from_terms(issue: date, days: int, end_of_month: bool = False) -> date:
    """The due date: issue date + days, moved to that month's last day for end-of-month terms."""
    due = issue + timedelta(days=days)
    if end_of_month:
        due = due.replace(day=calendar.monthrange(due.year, due.month)[1])
    return due

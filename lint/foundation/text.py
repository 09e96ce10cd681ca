"""Text folding for matching labels across case, scripts and diacritics."""
from __future__ import annotations

import functools
import os
import re
import unicodedata

from invoice_lint.foundation.memo import line_memo

# Serbian Cyrillic -> Latin (Gaj's alphabet), the official one-to-one mapping.
_CYR_TO_LAT = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž", "З": "Z",
    "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N", "Њ": "Nj", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U", "Ф": "F", "Х": "H", "Ц": "C",
    "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}
_CYR_TO_LAT.update({k.lower(): v.lower() for k, v in _CYR_TO_LAT.items()})
_TRANSLIT = str.maketrans(_CYR_TO_LAT)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def cyrillic_share(s: str) -> float:
    if not _CYRILLIC.search(s):
        return 0.0  # most documents: no need to count their letters
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)


def to_latin(s: str) -> str:
    """Transliterate Serbian Cyrillic to Latin; other text is unchanged."""
    # (text without Cyrillic, nearly all, is returned as it is, not passed through ``translate``,
    # which looks every character up in the table, about a microsecond a word)
    if s.isascii() or not _CYRILLIC.search(s):
        return s
    return s.translate(_TRANSLIT)


NEVER = re.compile(r"(?!x)x")  # a pattern that finds nothing anywhere


def phrase_pattern(phrases) -> re.Pattern[str]:
    """One regex for any of ``phrases`` (matched literally) as whole words: not inside a longer
    word on either side.  Alternatives are tried in the order given, so callers pass the longest
    first when one phrase begins another ("total due" before "total").  No phrases: a pattern
    that never matches."""
    return _phrase_pattern(tuple(phrases))


@functools.lru_cache(maxsize=512)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    # remembered: the finders ask for the same lexicon phrases on every document
    alts = literal_alternation(phrases)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)") if alts else NEVER


def phrase_hint(phrases) -> re.Pattern[str]:
    """Any of ``phrases`` wherever it is printed, inside a word too: it finds something in every
    text ``phrase_pattern(phrases)`` finds something in (and in a few more).  Without the look
    back that ``phrase_pattern`` tries at every character it skips through a text to the
    characters a phrase starts with: for choosing the lines worth a ``phrase_pattern`` search."""
    return _phrase_hint(tuple(phrases))


@functools.lru_cache(maxsize=512)
def _phrase_hint(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alts = literal_alternation(phrases)
    return re.compile(alts) if phrases else NEVER


def literal_alternation(phrases) -> str:
    """The regex ``"|".join(re.escape(p) for p in phrases)``, written with the phrases that start
    alike sharing their start: ``(?:total|total due|tax)`` becomes ``t(?:otal(?:| due)|ax)``.  It
    matches what the plain alternation matches, trying the phrases in the same order (two phrases
    that start with different characters never both match at one place; in a pattern compiled
    without IGNORECASE), but at each place of a text it compares a few characters, not every
    phrase of a lexicon: a lexicon's hundreds of label phrases are found ten times faster."""
    branches: list[str | list[str]] = []  # a phrase with nothing left, or the rests of one first character
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        if not phrase:
            branches.append("")
            by_first = {}  # an empty phrase matches before any character: no later phrase may move before it
        elif phrase[0] in by_first:
            by_first[phrase[0]].append(phrase)
        else:
            by_first[phrase[0]] = [phrase]
            branches.append(by_first[phrase[0]])
    out = []
    for branch in branches:
        if isinstance(branch, str) or len(branch) == 1:
            out.append(re.escape(branch if isinstance(branch, str) else branch[0]))
            continue
        shared = os.path.commonprefix(branch)
        out.append(re.escape(shared) + "(?:" + literal_alternation([p[len(shared):] for p in branch]) + ")")
    return "|".join(out)


@line_memo()
def fold(s: str) -> str:
    """Lower-case, Latin script, no diacritics, single spaces: the form used for matching
    (remembered: the same labels and lines are folded again and again)."""
    s = to_latin(s).lower().replace("đ", "d").replace("ß", "ss")
    if not s.isascii():  # ASCII has no marks to take off
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    return _SPACES.sub(" ", s).strip()

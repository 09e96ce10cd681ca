"""Payment methods named in a line, matched against the lexicon's phrases.

Nothing here knows a language: the lexicon (``rules/lexicon/<lang>.yaml``,
``payment_methods``) maps each normalized method name to its phrases.  Matching is on
folded text, on word boundaries ("card" does not match "cardboard"), longest phrase first
and without overlaps, so "ips qr kod" counts as ``ips_qr`` only, not also as ``qr``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence

from invoice_lint.foundation.text import fold, phrase_hint, phrase_pattern

__all__ = ["match_payment_methods"]


@functools.lru_cache(maxsize=64)
def _matcher(entries: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[re.Pattern[str] | None, dict[str, frozenset[str]]]:
    names_by_phrase: dict[str, set[str]] = {}
    for name, phrases in entries:
        for phrase in phrases:
            folded = fold(str(phrase))
            if folded:
                names_by_phrase.setdefault(folded, set()).add(name)
    if not names_by_phrase:
        return None, {}
    ordered = sorted(names_by_phrase, key=lambda p: (-len(p), p))
    pattern = phrase_pattern(ordered)
    return pattern, {p: frozenset(n) for p, n in names_by_phrase.items()}


def match_payment_methods(folded_text: str, lexicon_methods: Mapping[str, Sequence[str]]) -> list[str]:
    """Sorted unique method names whose phrases occur in ``folded_text`` (see ``text.fold``)."""
    return payment_method_matcher(lexicon_methods)(folded_text)


def payment_method_matcher(lexicon_methods: Mapping[str, Sequence[str]]) -> Callable[[str], list[str]]:
    """``match_payment_methods`` for one lexicon's methods, ready for every line of a document:
    the lexicon is looked up once, not once per line."""
    if not lexicon_methods:
        return _none
    key = tuple((name, tuple(phrases)) for name, phrases in lexicon_methods.items())
    pattern, names_by_phrase = _matcher(key)
    if pattern is None:
        return _none

    def match(folded_text: str) -> list[str]:
        if not folded_text:
            return []
        found: set[str] = set()
        for m in pattern.finditer(folded_text):
            found.update(names_by_phrase[m.group(0)])
        return sorted(found)

    return match


def payment_method_hint(lexicon_methods: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """``phrase_hint`` of the methods' phrases (one that finds nothing for a lexicon without
    methods): a text it finds nothing in names no method."""
    _, names_by_phrase = _matcher(tuple((name, tuple(phrases)) for name, phrases in lexicon_methods.items()))
    return phrase_hint(tuple(names_by_phrase))


def _none(folded_text: str) -> list[str]:
    return []

"""Detect a document's language from its own words, using the lexicons in ``rules/lexicon``.

Invoices are short and full of labels, so the lexicon itself is the best detector: each
language scores one point per word that is one of its marker words or starts a label
phrase.  Serbian Cyrillic is recognised by script and reported as ``sr-Cyrl``.  Adding a
language file adds a detectable language; nothing here names one.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from invoice_lint.fields.lexicon import available_languages, load_lexicon
from invoice_lint.fields.text import cyrillic_share, fold
from invoice_lint.model import Document

_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.lru_cache(maxsize=None)
def _vocabulary(language: str) -> frozenset[str]:
    lex = load_lexicon(language)
    words = set(lex.markers)
    for phrases in (*lex.labels.values(), *lex.payment_methods.values(), lex.thank_you, lex.titles):
        for phrase in phrases:
            words.update(_WORD.findall(phrase))
    # words shared by every language (e.g. "iban", "total") carry no signal; dropped below
    return frozenset(words)


@functools.lru_cache(maxsize=None)
def _distinctive() -> dict[str, frozenset[str]]:
    langs = available_languages()
    counts = Counter(w for lang in langs for w in _vocabulary(lang))
    return {lang: frozenset(w for w in _vocabulary(lang) if counts[w] < len(langs)) for lang in langs}


def detect_language(text: str) -> str:
    """Return a language code such as 'en', 'es', 'sr', 'sr-Cyrl', 'de', 'fr'."""
    if cyrillic_share(text) > 0.3:
        return "sr-Cyrl"
    tokens = Counter(_WORD.findall(fold(text)))
    if not tokens:
        return "en"
    scores = {
        lang: sum(n for word, n in tokens.items() if word in vocab) for lang, vocab in _distinctive().items()
    }
    best = max(sorted(scores), key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


def assign_language(document: Document, override: str | None = None, source: str = "cli") -> Document:
    if override:
        document.language = override
        document.language_source = source
    else:
        document.language = detect_language(document.text)
        document.language_source = "detected"
    return document

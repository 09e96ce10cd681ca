"""Recurring themes in free-text survey comments, found per language with TF-IDF + NMF.

Comments are tokenized with a blank spaCy pipeline of their language (no model download) and
its stop words, folded like the rest of invoice-lint (case, Cyrillic → Latin, diacritics), so
"Fälligkeitsdatum" and "fälligkeitsdatum" are one term and Serbian in either script is one
vocabulary.  Each theme is named by its top terms and shown with example comments.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from invoice_lint.foundation.text import fold

MIN_COMMENTS = 6
MAX_THEMES = 5


def _theme_languages() -> dict[str, tuple[str, str]]:
    """language -> (spaCy language, tokenizer) for every lexicon with ``themes`` (rules/lexicon/<lang>.yaml).
    tokenizer "multi-language": spaCy's "xx" rules with the language's stop words read from its data file
    (a blank French pipeline compiles ~20,000 tokenizer exceptions into one regular expression, about 5 s
    on every dashboard start)."""
    from invoice_lint.foundation.lexicon import all_lexicons

    return {lex.language: (lex.themes_spacy, lex.themes_tokenizer) for lex in all_lexicons() if lex.themes_spacy}


_THEMES = _theme_languages()
THEME_LANGUAGES = tuple(_THEMES)
_SLOW_BLANK = {lang for lang, (_code, tokenizer) in _THEMES.items() if tokenizer == "multi-language"}


@cache
def _pipeline(language: str):
    import spacy

    if language not in THEME_LANGUAGES:
        language = "xx"
    code = _THEMES[language][0] if language in _THEMES else "xx"
    if language in _SLOW_BLANK:
        return spacy.blank("xx"), _stop_words_of(code)
    nlp = spacy.blank(code)
    stop = frozenset(fold(w) for w in getattr(nlp.Defaults, "stop_words", set()))
    return nlp, stop


def _stop_words_of(language: str) -> frozenset[str]:
    """spaCy's stop words of one language, from its ``spacy/lang/<lang>/stop_words.py`` data file
    (plain data), without importing the language package and its tokenizer exceptions."""
    import importlib.util
    from pathlib import Path

    import spacy

    path = Path(spacy.__file__).parent / "lang" / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_invoice_lint_stop_words_{language}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(fold(w) for w in module.STOP_WORDS)


def tokens(text: str, language: str) -> list[str]:
    """Folded content words (and adjacent-word bigrams) of one comment."""
    nlp, stop = _pipeline(language)
    if language in _SLOW_BLANK:  # French elisions, which the French rules would split: "l'échéance"
        text = text.replace("’", " ").replace("'", " ")
    words = [fold(t.text) for t in nlp.make_doc(text) if t.is_alpha]
    words = [w for w in words if len(w) >= 3 and w not in stop]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def guess_language(text: str) -> str:
    """The theme language whose stop words cover most of the comment (fallback "xx")."""
    folded = fold(text).split()
    best, best_hits = "xx", 0
    for language in THEME_LANGUAGES:
        _, stop = _pipeline(language)
        hits = sum(1 for w in folded if w.strip(".,;:!?¿¡") in stop)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def comment_themes(comments: pd.DataFrame, max_themes: int = MAX_THEMES, examples: int = 3) -> list[dict]:
    """Themes per language from a frame with ``comment`` and ``language`` columns."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    frame = comments[comments["comment"].astype(str).str.strip() != ""].copy()
    if frame.empty:
        return []
    language = frame["language"].astype(str).str.lower().str.split("-").str[0]
    unknown = ~language.isin(THEME_LANGUAGES)
    if unknown.any():
        language[unknown] = frame.loc[unknown, "comment"].map(guess_language)
    frame["language"] = language
    themes: list[dict] = []
    for lang, part in frame.groupby("language", sort=True):
        texts = part["comment"].astype(str).tolist()
        if len(texts) < MIN_COMMENTS:
            continue
        docs = [tokens(t, lang) for t in texts]
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, min_df=2, sublinear_tf=True)
        try:
            matrix = vectorizer.fit_transform(docs)
        except ValueError:  # nothing left after stop words
            continue
        terms = np.array(vectorizer.get_feature_names_out())
        k = int(min(max_themes, max(1, len(texts) // 8), max(1, len(terms) - 1)))
        model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=500)
        weights = model.fit_transform(matrix)
        assigned = np.where(weights.sum(axis=1) > 0, weights.argmax(axis=1), -1)
        for topic in range(k):
            members = np.flatnonzero(assigned == topic)
            if len(members) == 0:
                continue
            top_terms = terms[np.argsort(-model.components_[topic])[:6]].tolist()
            order = members[np.argsort(-weights[members, topic], kind="stable")]
            shown: list[str] = []
            for i in order:
                if texts[i] not in shown:
                    shown.append(texts[i])
                if len(shown) == examples:
                    break
            unigrams = [t for t in top_terms if " " not in t][:3] or top_terms[:3]
            themes.append({
                "language": lang, "theme": " · ".join(unigrams), "terms": top_terms,
                "comments": int(len(members)), "share": float(len(members) / len(texts)), "examples": shown,
            })
    themes.sort(key=lambda t: (t["language"], -t["comments"]))
    return themes

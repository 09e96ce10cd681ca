"""Find label phrases from the lexicon in a document's lines, and the text each one introduces.

A ``LabelHit`` is one printed label ("Due date:", "Rok plaćanja", "Total TTC") with the
concepts it can stand for.  ``value_spans`` yields, for a hit, the candidate value texts in
order of preference: the rest of its own segment, the next segments of the same row (up to
the next label), and the words printed just below it.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from invoice_lint.extract.layout import words_text
from invoice_lint.fields.geometry import BELOW_LEFT_SLACK, MIN_LINE_HEIGHT, SEPARATE_HEADING, TOUCHING
from invoice_lint.foundation.lexicon import Lexicon, load_lexicon
from invoice_lint.foundation.memo import line_memo
from invoice_lint.foundation.model import Document, Line, Word, union_bbox
from invoice_lint.foundation.text import NEVER, fold, literal_alternation, phrase_hint

_SEPARATORS = {":", "-", "–", "#", "no", "no.", "nr", "nr.", "n°", "nº", "n.º", "no:", "br.", "br", "broj"}


@dataclass
class LabelHit:
    concepts: tuple[str, ...]
    phrase: str  # folded phrase that matched
    line: Line
    first: int  # index of the first label word in line.words
    last: int  # index of the last label word
    tail: str  # raw remainder of the last label word after the label ("Nº:123" -> "123")

    @property
    def label_text(self) -> str:
        words = self.line.words
        # (a label of one word, most of them, is its word's text)
        text = words[self.first].text if self.first == self.last else " ".join(
            [w.text for w in words[self.first : self.last + 1]])
        if self.tail and text.endswith(self.tail):
            text = text[: -len(self.tail)]
        return text.rstrip(" :")

    @property
    def at_start(self) -> bool:
        return self.first == 0


@dataclass
class ValueSpan:
    text: str
    words: list[Word]
    line: Line
    where: str  # "inline" | "right" | "below"

    @property
    def bbox(self):
        words = self.words
        if len(words) == 1:  # (most values: one word, its box)
            return words[0].bbox
        return union_bbox([w.bbox for w in words]) if words else self.line.bbox


@functools.cache
def _matcher(lex: Lexicon) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    owners: dict[str, list[str]] = {}
    for concept, phrases in lex.labels.items():
        for phrase in phrases:
            owners.setdefault(phrase, []).append(concept)
    phrases = sorted(owners, key=lambda p: (-len(p), p))
    alternation = literal_alternation(phrases)
    pattern = re.compile(rf"(?<![\w])(?:{alternation})(?![^\W_])") if phrases else NEVER
    return pattern, {p: tuple(c) for p, c in owners.items()}


def _word_offsets(words: list[Word]) -> tuple[str, list[tuple[int, int]]]:
    parts, spans, pos = [], [], 0
    for w in words:
        f = fold(w.text)
        parts.append(f)
        spans.append((pos, pos + len(f)))
        pos += len(f) + 1
    return " ".join(parts), spans


def _splits(rest: str, modifiers: tuple[str, ...], links: tuple[str, ...] = ("",)) -> bool:
    """Is ``rest`` one or more modifiers, each optionally followed by one of the lexicon's linking
    elements (``compound_links``: "s", "-", "en" ...)?"""
    if not rest:
        return True
    for m in modifiers:
        if rest.startswith(m):
            tail = rest[len(m):]
            for link in links:
                if tail.startswith(link) and _splits(tail[len(link):], modifiers, links):
                    return True
    return False


@line_memo(maxsize=4096)
def _compound_concepts(lex: Lexicon, word: str) -> tuple[str, ...]:
    """Concepts a compound word stands for ("rechnungsbetrag" -> total), from the lexicon's
    modifiers and heads; a head alone is not a compound."""
    word = word.rstrip(":")
    found = []
    for concept, specs in lex.compounds.items():
        for spec in specs:
            if not word.endswith(spec.heads):
                continue  # most words, asked first (``endswith`` tries every head at once)
            for head in spec.heads:
                if len(word) > len(head) and word.endswith(head):
                    rest = word[: -len(head)]
                    links = lex.compound_links
                    if _splits(rest, spec.modifiers, links) or (rest.endswith("-")
                                                                and _splits(rest[:-1], spec.modifiers, links)):
                        found.append(concept)
                        break
            else:
                continue
            break
    return tuple(dict.fromkeys(found))


# endings a one-word label may carry in the plural ("taxes", "impuestos", "unidades", "Steuern")
_PLURAL_ENDINGS = ("s", "es", "n", "en")


@functools.cache
def _singulars(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """The singular forms of the lexicon's one-word plural labels ("taxe" for "taxes",
    "impuesto" for "impuestos", "steuer" for "steuern"): a word form that opens a segment names
    the concept its plural does, unless the lexicon has that form as a label of its own."""
    phrases = {p for ps in lex.labels.values() for p in ps}
    out: dict[str, list[str]] = {}
    for concept, ps in lex.labels.items():
        for p in ps:
            if " " in p or not p.isalpha():
                continue
            for end in _PLURAL_ENDINGS:
                stem = p[: -len(end)]
                if p.endswith(end) and len(stem) >= 4 and stem not in phrases:
                    out.setdefault(stem, []).append(concept)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def find_label_hits(document: Document, lexicon: Lexicon | None = None,
                    lines: list[Line] | None = None) -> list[LabelHit]:
    """The label hits of the document's lines, or of ``lines`` of it (the others holding none)."""
    lex = lexicon or load_lexicon(document.language)
    hits: list[LabelHit] = []
    for line in document.lines if lines is None else lines:
        found = _line_label_hits(lex, tuple([w.text for w in line.words]))
        if found:  # (most lines have no label)
            for concepts, phrase, first, last, tail in found:
                hits.append(LabelHit(concepts, phrase, line, first, last, tail))
    return hits


@functools.cache
def label_hint(lex: Lexicon) -> re.Pattern[str]:
    """What every label hit of a line (``_hits_in_line``) starts from, found wherever it is printed
    in the line's ``match_text``: a label phrase, a compound's head, the singular of a plural
    label, the first five letters of a phrase's first word.  A line whose ``match_text`` it finds
    nothing in has no label hit: the words' folded texts ``_hits_in_line`` reads, joined by
    spaces, are its ``match_text`` (the layout joins the words by a space or a thin space, which
    ``fold`` makes a space).  For choosing the lines worth reading with a lexicon of few labels."""
    pieces = {phrase for phrases in lex.labels.values() for phrase in phrases}
    pieces |= {head for specs in lex.compounds.values() for spec in specs for head in spec.heads}
    pieces |= set(_singulars(lex)) | set(_phrase_heads(lex))
    return phrase_hint(sorted(pieces))


@line_memo()
def _line_label_hits(lex: Lexicon, texts: tuple[str, ...]) -> tuple[tuple, ...]:
    """(concepts, phrase, first, last, tail) of each label hit in a line of these printed words:
    what a line's labels are depends on its words' texts alone, and an issuer's label lines
    come again on every one of its invoices (remembered, like ``amounts.find_amounts``)."""
    line = _PrintedLine([_PrintedWord(text) for text in texts])
    return tuple((h.concepts, h.phrase, h.first, h.last, h.tail) for h in _hits_in_line(line, lex))


class _PrintedWord:
    """A word's text alone."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


class _PrintedLine:
    """A line's words' texts alone: all that ``_hits_in_line`` reads of a line (its words and their
    texts), without the boxes a ``Line`` of ``Word``s takes several times as long to make."""

    __slots__ = ("words",)

    def __init__(self, words: list[_PrintedWord]):
        self.words = words


def _hits_in_line(line: Line | _PrintedLine, lex: Lexicon) -> list[LabelHit]:
    pattern, owners = _matcher(lex)
    folded, spans = _word_offsets(line.words)
    compound_words: dict[int, tuple[str, ...]] = {}
    if lex.compounds:
        for i in range(len(line.words)):
            concepts = _compound_concepts(lex, folded[spans[i][0]:spans[i][1]])
            if concepts:
                compound_words[i] = concepts
    line_hits: list[LabelHit] = []
    for m in pattern.finditer(folded):
        if m.start() > 0 and folded[m.start() - 1] in "-./":
            continue  # a label never starts inside a printed word ("nr." in "Art.-Nr.")
        first = next(i for i, (s, e) in enumerate(spans) if e > m.start())
        last = next(i for i, (s, e) in enumerate(spans) if e >= m.end())
        if first == last and first in compound_words and (m.start() > spans[first][0] or m.end() < spans[first][1]
                                                          - (1 if folded[spans[first][1] - 1] == ":" else 0)):
            continue  # a phrase inside a compound word ("nr." in "kunden-nr.") is the compound's
        word = line.words[last]
        consumed = m.end() - spans[last][0]
        tail = ""
        if consumed < spans[last][1] - spans[last][0] and len(fold(word.text)) == len(word.text):
            tail = word.text[consumed:].lstrip(":.#°º ")
        line_hits.append(LabelHit(owners[m.group(0)], m.group(0), line, first, last, tail))
    covered = {i for h in line_hits for i in range(h.first, h.last + 1)}
    for i, concepts in compound_words.items():
        if i not in covered:
            word = folded[spans[i][0]:spans[i][1]].rstrip(":")
            line_hits.append(LabelHit(concepts, word, line, i, i, ""))
    if line.words and 0 not in covered and 0 not in compound_words:
        word = folded[spans[0][0]:spans[0][1]].rstrip(":")
        concepts = _singulars(lex).get(word)
        if concepts:
            line_hits.append(LabelHit(concepts, word, line, 0, 0, ""))
    line_hits = _word_form_phrases(line_hits, line, folded, spans, lex)
    if not line_hits:
        return line_hits  # what follows only joins, narrows or drops the hits found so far
    line_hits.sort(key=lambda h: h.first)
    line_hits = _join_totals(_qualified_after(line_hits, folded, spans, lex))
    return _qualified_dates(_qualified_sums(line_hits, folded, spans, lex), folded, spans, lex)


@functools.cache
def _phrase_heads(lex: Lexicon) -> dict[str, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]]:
    """Per stem, (first word, the other words, concepts) of the lexicon's phrases of several words
    whose first word has six letters or more ("osnov": ("osnovica", ("za", "pdv"), ...)), the
    longest phrases first: a printed word is looked up by its first five letters, not compared
    with every phrase of the lexicon."""
    owners: dict[str, list[str]] = {}
    for concept, phrases in lex.labels.items():
        for phrase in phrases:
            owners.setdefault(phrase, []).append(concept)
    out: dict[str, list] = {}
    for phrase, concepts in sorted(owners.items(), key=lambda item: -len(item[0].split())):
        words = phrase.split()
        if len(words) >= 2 and len(words[0]) >= 6 and words[0].isalpha():
            out.setdefault(words[0][:_STEM], []).append((words[0], tuple(words[1:]), tuple(dict.fromkeys(concepts))))
    return {stem: tuple(heads) for stem, heads in out.items()}


def _word_form_phrases(hits: list[LabelHit], line: Line, folded: str, spans, lex: Lexicon) -> list[LabelHit]:
    """A phrase of the lexicon printed with another form of its first word ("Osnova za PDV" for
    "osnovica za pdv": the same stem of five letters) and every other word as listed (the last may
    carry a case ending after a hyphen, "PDV-a") is that label; the labels inside it ("PDV") are
    its words."""
    words = [folded[a:b].rstrip(":") for a, b in spans]
    heads = _phrase_heads(lex)
    starts = {h.first for h in hits}
    for i, word in enumerate(words):
        candidates = heads.get(word[:_STEM])
        if not candidates or not word.isalpha():
            continue
        if i in starts and any(h.first == i and h.last > i for h in hits):
            continue  # already the start of a longer label
        for first, rest, concepts in candidates:
            if word == first or i + len(rest) >= len(words):
                continue
            if not _inflected(word, first):
                continue  # "Gesamtbetrag" is no form of "Gesamtpreis": another word that shares a part
            printed = words[i + 1:i + 1 + len(rest)]
            if printed[:-1] != list(rest[:-1]) or not (printed[-1] == rest[-1] or printed[-1].startswith(rest[-1] + "-")):
                continue
            last = i + len(rest)
            if any(h.first < i <= h.last or h.first <= last < h.last for h in hits):
                continue  # it would cut another label in two
            hits = [h for h in hits if not i <= h.first <= last]
            hits.append(LabelHit(concepts, " ".join(words[i:last + 1]), line, i, last, ""))
            break
    return hits


def _inflected(word: str, other: str) -> bool:
    """Two forms of one word: the same stem, and each differs from their common start by an ending
    of three letters at most ("osnova" / "osnovica", "amounts" / "amount"), not by a word
    ("gesamtbetrag" / "gesamtpreis" share only "gesamt")."""
    common = 0
    for a, b in zip(word, other):
        if a != b:
            break
        common += 1
    return common >= _STEM and len(word) - common <= 3 and len(other) - common <= 3


_DATE_CONCEPTS = ("issue_date", "supply_date", "due_date")
_STEM = 5  # letters that make two forms of one word ("facturación" ~ "factura", "valute" ~ "valuta")


@functools.cache
def generic_date_words(lex: Lexicon) -> frozenset[str]:
    """One-word issue-date labels that are also part of other dates' labels ("Datum" in
    "Lieferdatum", "Date" in "Due date", "Fecha" in "Fecha de vencimiento"): a bare date word,
    which names the issue date only when nothing more specific does."""
    others = [p for c in ("supply_date", "due_date", "other_date") for p in lex.labels.get(c, ())]
    out = set()
    for phrase in lex.labels.get("issue_date", ()):
        word = phrase.strip(":")
        if " " not in word and sum(word in other for other in others) >= 2:
            out.add(word)
    return frozenset(out)


@functools.cache
def _date_stems(lex: Lexicon) -> dict[str, frozenset[str]]:
    """Per date concept, the stems of the words that qualify a bare date word in the lexicon's
    own date labels ("fecha de *vencimiento*" -> due_date)."""
    heads = generic_date_words(lex)
    stems: dict[str, set[str]] = {}
    for concept in _DATE_CONCEPTS:
        for phrase in lex.labels.get(concept, ()):
            # the qualifier is the first word of substance after the head: "date d'*échéance* de
            # la facture" is a due date, whatever invoice it names; "*valuta* plaćanja" too
            words = [w for w in re.split(r"[\s/'’]+", phrase) if len(w) >= 4 and w not in heads]
            if words:
                stems.setdefault(words[0][:_STEM], set()).add(concept)
    return {k: frozenset(v) for k, v in stems.items()}


def _qualified_dates(hits: list[LabelHit], folded: str, spans, lex: Lexicon) -> list[LabelHit]:
    """A bare date word followed by more words up to the label's colon ("Fecha facturación:",
    "Date limite règlement:", "Datum valute:") is one label, and the qualifying words decide which
    date it is, by their stems against the lexicon's own date labels.  A qualifier that names no
    date we know, or several, leaves no date label at all: that date is not the issue date."""
    heads = generic_date_words(lex)
    if not any(hit.phrase in heads for hit in hits):
        return hits  # no bare date word: nothing to qualify (most lines)
    stems = _date_stems(lex)
    words = [folded[a:b] for a, b in spans]
    out: list[LabelHit] = []
    absorbed: set[int] = set()
    for hit in hits:
        if hit.phrase not in heads or hit.tail or hit.first != hit.last:
            out.append(hit)
            continue
        end = next((i for i in range(hit.last + 1, min(hit.last + 5, len(words)))
                    if words[i].endswith(":")), None)
        qualifier = [w.strip(":.-–") for w in words[hit.last + 1:end + 1]] if end is not None else []
        if end is None or words[hit.last].endswith(":") or not any(qualifier):
            out.append(hit)  # "Date:", "Date :" (the colon printed apart), or no colon at all
            continue
        inner = [h for h in hits if h is not hit and hit.last < h.first <= end]
        if any(set(h.concepts) & set(_DATE_CONCEPTS) for h in inner):
            continue  # "Date d'échéance:": the qualifier is a date label of its own and speaks for both
        concepts: set[str] = set()
        for word in qualifier:
            for part in re.split(r"[/'’]+", word):
                if len(part) >= 4:
                    concepts |= stems.get(part[:_STEM], frozenset())
        if len(concepts) == 1:
            phrase = " ".join(words[hit.first:end + 1]).rstrip(":")
            out.append(LabelHit((concepts.pop(),), phrase, hit.line, hit.first, end, ""))
            absorbed |= {id(h) for h in inner}  # "Date prestation:" is no "Prestation" column
        # else: a date we have no name for ("Date paid:", "Fecha de pedido:") is left out
    return [h for h in out if id(h) not in absorbed]


# A figure concept that narrows a generic "total" printed beside it: "VAT total", "Total TVA",
# "Net total", "Total à payer" name the tax, the net and the amount due, not the grand total.
_NARROWING = ("tax", "subtotal", "amount_due", "prepaid", "line_total")


_SUM_CONCEPTS = ("total", "subtotal", "line_total", "amount_due")


def _qualified_sums(hits: list[LabelHit], folded: str, spans, lex: Lexicon) -> list[LabelHit]:
    """"Total € incl. VAT", "Rechnungssumme ohne USt.", "Montant hors taxes": a sum label, a
    with/without word and a tax word are one label for the gross or the net sum, not a tax label."""
    if not (lex.with_tax or lex.without_tax):
        return hits
    out: list[LabelHit] = []
    starts = {h.first for h in hits}
    for hit in hits:
        nxt = hit.last + 1
        if ("total" in hit.concepts and not hit.tail and nxt < len(hit.line.words) and nxt not in starts):
            word = folded[spans[nxt][0]:spans[nxt][1]].strip(":.")
            if word in lex.without_tax and word not in lex.with_tax:  # "Montant total HT", "Gesamt netto"
                hit = LabelHit(("subtotal",), f"{hit.phrase} {word}", hit.line, hit.first, nxt, "")
        prev = out[-1] if out else None
        if (prev is not None and set(hit.concepts) == {"tax"} and any(c in _SUM_CONCEPTS for c in prev.concepts)
                and 0 < hit.first - prev.last <= 4 and not prev.tail):
            between = folded[spans[prev.last + 1][0]:spans[hit.first - 1][1]] if hit.first - prev.last > 1 else ""
            words = between.split()
            gross = any(w in lex.with_tax for w in words) or between in lex.with_tax
            net = any(w in lex.without_tax for w in words) or between in lex.without_tax
            if gross != net:
                concept = "total" if gross else "subtotal"
                out[-1] = LabelHit((concept,), f"{prev.phrase} {between} {hit.phrase}", prev.line, prev.first,
                                   hit.last, hit.tail)
                continue
            rest = folded[spans[hit.last][1]:]
            if (set(prev.concepts) == {"subtotal"} and words and not any(c.isdigit() for c in between)
                    and "%" not in rest):
                # "Osnovica za obračun PDV-a", "Base for the VAT": the tax word after the net's
                # label and words of its own is what the base is for; the figure is the net's
                out[-1] = LabelHit(prev.concepts, f"{prev.phrase} {between} {hit.phrase}", prev.line, prev.first,
                                   hit.last, hit.tail)
                continue
        out.append(hit)
    return out


def _qualified_after(hits: list[LabelHit], folded: str, spans, lex: Lexicon) -> list[LabelHit]:
    """"Total (IVA inc.)", "Total IVA excluído": a sum label, a tax word and then a with/without
    word (the lexicon's ``with_tax_after`` / ``without_tax_after``, for the languages that print
    it there) are one label for the gross or the net sum, not a tax label."""
    if not (lex.with_tax_after or lex.without_tax_after):
        return hits
    out: list[LabelHit] = []
    starts = {h.first for h in hits}
    for hit in hits:
        prev = out[-1] if out else None
        after = hit.last + 1
        if (prev is not None and set(hit.concepts) == {"tax"} and any(c in _SUM_CONCEPTS for c in prev.concepts)
                and hit.first == prev.last + 1 and not (prev.tail or hit.tail)
                and after < len(hit.line.words) and after not in starts):
            word = folded[spans[after][0]:spans[after][1]].strip("():")
            gross = bool({word, word.rstrip(".")} & set(lex.with_tax_after))
            net = bool({word, word.rstrip(".")} & set(lex.without_tax_after))
            if gross != net:
                out[-1] = LabelHit(("total" if gross else "subtotal",), f"{prev.phrase} {hit.phrase} {word}",
                                   prev.line, prev.first, after, "")
                continue
        out.append(hit)
    return out


def _join_totals(hits: list[LabelHit]) -> list[LabelHit]:
    out: list[LabelHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and prev.last + 1 == hit.first and not prev.tail:
            pair = (prev, hit)
            generic = [h for h in pair if "total" in h.concepts]
            narrow = [h for h in pair if any(c in _NARROWING for c in h.concepts) and "total" not in h.concepts]
            if len(generic) == 1 and len(narrow) == 1:
                concept = next(c for c in narrow[0].concepts if c in _NARROWING)
                out[-1] = LabelHit((concept,), f"{prev.phrase} {hit.phrase}", prev.line, prev.first, hit.last,
                                   hit.tail)
                continue
            if _bracketed_qualifier(prev, hit):  # the closing bracket is the label's, not a value's start
                out[-1] = LabelHit(hit.concepts, f"{prev.phrase} ({hit.phrase})", prev.line, prev.first, hit.last,
                                   hit.tail.lstrip(")]:"))
                continue
        out.append(hit)
    return out


def _bracketed_qualifier(prev: LabelHit, hit: LabelHit) -> bool:
    """"Summe (netto)", "Summe (brutto)", "Amount (gross)": a bare sum or column word and, in
    brackets right after it, a label of one sum that names which sum it is."""
    words = hit.line.words
    return (set(prev.concepts) <= _COLUMN_WORDS | {"total"} and bool(set(prev.concepts) & {"line_amount", "total"})
            and len(hit.concepts) == 1 and hit.concepts[0] in _SUM_CONCEPTS and hit.concepts != prev.concepts
            and words[hit.first].text.startswith("(") and words[hit.last].text.rstrip(":").endswith(")"))


def _clean_words(words: list[Word]) -> list[Word]:
    """The words without the separators they start with (":", "Nr.", "#"), as a new list."""
    start = 0
    while start < len(words) and fold(words[start].text) in _SEPARATORS:
        start += 1
    return words[start:]


_COLUMN_WORDS = {"line_amount", "unit_price", "quantity"}


def _offset_beside(line, rows: dict[tuple[int, int], list], hits_by_line: dict[int, list[LabelHit]]):
    """The segment right of ``line`` on the row just above or below whose box overlaps the line's
    by more than half the line's height, the nearest such; none when a label starts it."""
    height = max(line.bottom - line.top, MIN_LINE_HEIGHT)
    found = []
    for step in (-1, 1):
        for seg in rows.get((line.page, line.row + step), []):
            overlap = min(seg.bottom, line.bottom) - max(seg.top, line.top)
            if seg.x0 >= line.x1 - TOUCHING and overlap > 0.5 * height and not any(
                    h.first == 0 for h in hits_by_line.get(seg.number, [])):
                found.append(seg)
    return min(found, key=lambda seg: seg.x0) if found else None


def _first_word(hit: LabelHit) -> int:
    return hit.first


def _below_column(hit: LabelHit, row: list[Line], hits_by_line: dict[int, list[LabelHit]]) -> tuple[float, float]:
    """Where the column under a label starts and ends: from its first word to the next label on
    its row, or to another heading printed on its row."""
    line = hit.line
    words = line.words
    x0 = words[hit.first].x0
    for w in words[hit.first + 1 : hit.last + 1]:  # (the leftmost of the label's words)
        if w.x0 < x0:
            x0 = w.x0
    end = float("inf")
    # the column ends where the next label on the same row begins
    for seg in row:
        for h in hits_by_line.get(seg.number, ()):
            start = h.line.words[h.first].x0
            if start > x0 + 1 and start < end:
                end = start
    # ... and where another heading printed on the label's row begins ("From ... Buyer")
    for seg in row:
        if (seg.number != line.number and seg.x0 > line.x1 + SEPARATE_HEADING and seg.x0 < end
                and not any(c.isdigit() for c in seg.text)):
            end = seg.x0
    return x0, end


def value_spans(hit: LabelHit, rows: dict[tuple[int, int], list[Line]], hits_by_line: dict[int, list[LabelHit]],
                below: bool = True) -> Iterator[ValueSpan]:
    """Candidate value texts for a label, best first, each worked out when it is asked for: a
    finder that takes the value beside its label (the invoice number, a date: nearly always) never
    works out the column below it.  ``rows``: the document's rows index (``Document.rows``, each
    row's segments left to right)."""
    line = hit.line
    line_hits = hits_by_line.get(line.number, ())
    # 1. the rest of the label's own segment, up to the next label in it, and then
    # 2. the following segments of the same row, up to one that starts with a label
    last = hit.last
    if not hit.tail and (len(line_hits) > 1 or line_hits and line_hits[0] is not hit):
        # (a label alone on its line has no column word after it)
        # a column word right after a sum label belongs to it: "Net Total Amount", "Summe Betrag"
        for h in sorted(line_hits, key=_first_word):
            if h.first == last + 1 and set(h.concepts) <= _COLUMN_WORDS:
                last = h.last
    # the rest of the segment ends where the next label in it starts
    stop, next_in_line = len(line.words), False
    for h in line_hits:
        if h.first > last:
            next_in_line = True
            if h.first < stop:
                stop = h.first
    inline = _clean_words(line.words[last + 1 : stop])
    # (a label with a tail, "Rechnungsnr.12", has its own last word first: the tail stands for it)
    words = ([line.words[hit.last]] if hit.tail else []) + inline
    row = rows.get((line.page, line.row), [])
    where, anchor = "inline", line
    if not next_in_line:
        # (a row's segments are listed left to right: those right of the label are in order)
        right_of = line.x1 - TOUCHING
        for seg in row:
            if seg.x0 < right_of or seg.number == line.number:
                continue
            if any(h.first == 0 for h in hits_by_line.get(seg.number, ())):
                break
            seg_words = seg.words if words else _clean_words(seg.words)
            if not words and seg_words:
                where, anchor = "right", seg
            words += seg_words
    if not words and not next_in_line:
        # 2b. the value right of the label set a few points higher or lower, so counted on the
        # row above or below: its box overlaps the label's by more than half the label's height
        # (a bold label cell aligned apart from its amount: Tryton's "Total:  EUR 354.26")
        beside = _offset_beside(line, rows, hits_by_line)
        if beside is not None:
            where, anchor = "right", beside
            words += _clean_words(beside.words)
    rest = words_text(words[1:] if hit.tail else words)
    text = (f"{hit.tail} {rest}" if hit.tail else rest).strip(" :")
    if text:
        yield ValueSpan(text, words, anchor, where)
    # 3. words printed just below the label, in its column
    if below:
        height = max(line.bottom - line.top, MIN_LINE_HEIGHT)
        x1 = None  # worked out for the first row below that is near enough
        for step in (1, 2, 3):
            below_row = rows.get((line.page, line.row + step), [])
            if not below_row or below_row[0].top - line.bottom > (1.5 + step) * height:
                break
            if x1 is None:
                x0, x1 = _below_column(hit, row, hits_by_line)
            # whole segments that start in the label's column
            segs = [seg for seg in below_row if x0 - BELOW_LEFT_SLACK <= seg.x0 < x1]
            words = [w for seg in segs for w in seg.words]
            if words:
                yield ValueSpan(words_text(words), words, segs[0], "below")
                break

"""Wording the style rules read: the thank-you line and the labels as printed.
"""
from __future__ import annotations

import functools
import re

from invoice_lint.fields.finders.context import Context, field_at
from invoice_lint.fields.geometry import HEADING_SIZE, SAME_BLOCK_COLUMN
from invoice_lint.fields.labels import LabelHit
from invoice_lint.foundation.model import Field, InvoiceFields
from invoice_lint.foundation.text import fold, phrase_hint


def thank_you(ctx: Context) -> Field | None:
    for hint, pattern in _thanks_patterns(ctx.lexicon.thank_you):  # longest phrases first
        # only the lines with the phrase's words are searched (the look back makes that slow)
        for line in ctx.lines_with(hint, folded=True):
            if pattern.search(line.match_text):
                return field_at("thank_you", line.text.strip(), line)
    return None


@functools.lru_cache(maxsize=64)
def _thanks_patterns(phrases: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    """Per thank-you phrase, the hint for its words and the pattern of the phrase, made once."""
    out = []
    for phrase in phrases:
        # "remerci*": any form of the thanking verb (remercie, remercions, remerciements)
        words = phrase[:-1] if phrase.endswith("*") else phrase
        pattern = (re.compile(rf"(?<!\w){re.escape(words)}\w*") if phrase.endswith("*")
                   else re.compile(rf"(?<!\w){re.escape(words)}(?!\w)"))
        out.append((phrase_hint((words,)), pattern))
    return tuple(out)


def record_labels(ctx: Context, out: InvoiceFields, item_lines: set[int]) -> None:
    """Labels as printed, per concept, for consistency checks: only labels that introduce a
    value (they open a segment and something follows), outside the items table, and only
    phrases that name one concept."""
    titles = set(ctx.lexicon.titles)
    placed: dict[str, list[LabelHit]] = {}
    for hit in ctx.hits:
        if hit.first or len(hit.concepts) != 1 or hit.line.number in item_lines:
            continue  # (``hit.first``: ``not hit.at_start``, without the property's call for every hit)
        if fold(hit.line.words[0].text).strip(" :.") in titles and (
                (not hit.tail and hit.last + 1 == len(hit.line.words)) or _heading(hit.line, ctx)):
            continue  # the document's title ("FACTURA"; "Rechnung Nr. 2025001" as a heading) labels nothing
        concept = hit.concepts[0]
        same_concept = placed.get(concept)
        if same_concept and any(_same_block(hit, other) for other in same_concept):
            continue  # another row of one block ("Zwischensumme (Netto)", "Gesamtbetrag (Netto)"): another line
        row = ctx.rows[(hit.line.page, hit.line.row)]
        if _sentence(hit) and not any(s.x0 > hit.line.x1 for s in row):
            continue  # "Invoice date corresponds to the date of service": a sentence naming the concept
        followed = hit.tail or hit.last + 1 < len(hit.line.words) or any(s.x0 > hit.line.x1 for s in row)
        if followed and _bare_mark_without_figure(ctx, hit, row):
            continue  # "No aplica", "Fines no lucrativos": the word, not a number mark
        if followed:
            placed.setdefault(concept, []).append(hit)
            out.labels.setdefault(concept, []).append(hit.label_text)


def _bare_mark_without_figure(ctx: Context, hit: LabelHit, row) -> bool:
    """A bare number mark ("No", "Nr.", "#") labels the number right after it: followed by a
    word without a digit, it is a word of the text ("No aplica": not applicable)."""
    if hit.phrase.strip(":") not in ctx.lexicon.number_marks:
        return False
    rest = hit.line.words[hit.last + 1:]
    beside = sorted((s for s in row if s.x0 > hit.line.x1), key=lambda s: s.x0)
    after = hit.tail or (rest[0].text if rest else beside[0].words[0].text if beside else "")
    return not any(c.isdigit() for c in after)


def _sentence(hit: LabelHit) -> bool:
    """The label's words open a sentence rather than label a value: no colon after them, and the
    two or more words that follow on the line start in lower case (a verb: "corresponds",
    "entspricht") and hold no figure ("Mesto izdavanja: Novi Sad" is a label and its value)."""
    rest = hit.line.words[hit.last + 1:]
    return (not hit.tail and len(rest) >= 2 and not hit.line.words[hit.last].text.endswith(":")
            and rest[0].text[:1].islower() and not any(c.isdigit() for w in rest for c in w.text))


def _heading(line, ctx: Context) -> bool:
    """Set larger than the body text, or all in a bold face (a DIN 5008 subject line).  The body
    text's size is asked only here, of a title line with more after it: most documents need not
    sort the sizes of all their words for it."""
    return (max(w.size for w in line.words) > ctx.body_size * HEADING_SIZE
            or all("bold" in w.fontname.lower() for w in line.words))


def _same_block(a: LabelHit, b: LabelHit) -> bool:
    """Two labels on neighbouring rows in one column: rows of one block, not two places."""
    return (a.line.page == b.line.page and abs(a.line.row - b.line.row) <= 2
            and abs(a.line.x0 - b.line.x0) <= SAME_BLOCK_COLUMN)

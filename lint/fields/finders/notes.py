"""Wording the style rules read: the thank-you line and the labels as printed.
"""
from __future__ import annotations

import re

from invoice_lint.fields.finders.context import Context, field_at
from invoice_lint.foundation.model import Field, InvoiceFields


def thank_you(ctx: Context) -> Field | None:
    for phrase in ctx.lexicon.thank_you:  # longest phrases first
        # "remerci*": any form of the thanking verb (remercie, remercions, remerciements)
        pattern = (re.compile(rf"(?<!\w){re.escape(phrase[:-1])}\w*") if phrase.endswith("*")
                   else re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"))
        for line in ctx.document.lines:
            if pattern.search(line.match_text):
                return field_at("thank_you", line.text.strip(), line)
    return None


def record_labels(ctx: Context, out: InvoiceFields, item_lines: set[int]) -> None:
    """Labels as printed, per concept, for consistency checks: only labels that introduce a
    value (they open a segment and something follows), outside the items table, and only
    phrases that name one concept."""
    titles = set(ctx.lexicon.titles)
    for hit in ctx.hits:
        if not hit.at_start or hit.line.number in item_lines or len(hit.concepts) != 1:
            continue
        if hit.phrase.strip(" :") in titles and not hit.tail and hit.last + 1 == len(hit.line.words):
            continue  # the document's title alone on its segment ("FACTURA") labels nothing
        row = ctx.rows[(hit.line.page, hit.line.row)]
        followed = hit.tail or hit.last + 1 < len(hit.line.words) or any(s.x0 > hit.line.x1 for s in row)
        if followed:
            out.labels.setdefault(hit.concepts[0], []).append(hit.label_text)

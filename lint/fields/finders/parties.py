"""Seller and buyer names (BT-27, BT-44), the letterhead, and the place of issue.
"""
from __future__ import annotations

import re

from invoice_lint.fields import dates
from invoice_lint.fields.finders.context import (
    POSTCODE_CITY,
    Context,
    centre,
    field_at,
    in_party_block,
    next_in_column,
    party_headings,
    ranked,
    starts_with_label,
)
from invoice_lint.fields.finders.invoice_dates import letter_date_place
from invoice_lint.fields.finders.invoice_number import title_at
from invoice_lint.fields.geometry import A4_HEIGHT, LETTERHEAD_SHARE, PARTY_VALUE_GAP
from invoice_lint.foundation.model import Field, Line


def party(ctx: Context, concept: str) -> Field | None:
    name = "seller_name" if concept == "seller" else "buyer_name"
    for hit in ctx.hits_for(concept):
        if not hit.at_start:
            continue
        side_by_side = bool(party_headings(ctx, ctx.rows[(hit.line.page, hit.line.row)]))
        for span in ctx.spans(hit):
            text = span.text.strip(" :")
            if span.where == "right" and span.words and span.words[0].x0 - hit.line.x1 > PARTY_VALUE_GAP:
                continue  # a party heading's block is below it; far to its right is the other party
            if span.where == "below" and side_by_side:
                continue  # the column below is the centred cell's (below)
            if len(text) >= 2 and any(c.isalpha() for c in text) and not starts_with_label(ctx, span):
                return field_at(name, _after_field_word(text), span, hit)
        if side_by_side:
            below = _centred_below(ctx, hit.line)
            if below is not None and not ctx.hits_by_line.get(below.number):
                return field_at(name, _after_field_word(below.text.strip()), below, hit)
        # the block under the label: the next segment in the same column
        nxt = next_in_column(ctx, hit.line)
        if nxt is not None and any(c.isalpha() for c in nxt.text):
            return field_at(name, nxt.text.strip(), nxt, hit)
    return None


_FIELD_WORD = re.compile(r"^[^\W\d_]{2,12}:\s+(?=\S)")


def _after_field_word(text: str) -> str:
    """A party block printed as a form ("Name: Jane Doe", "Firma: Muster GmbH") names the party
    after its field word: one word and a colon never begin a name."""
    return _FIELD_WORD.sub("", text, count=1)


def _centred_below(ctx: Context, heading: Line) -> Line | None:
    """Under a row heading both parties side by side, the first line below that is centred
    nearer this heading than any other heading of the row ("Serie | Folio | Emisor | Receptor"
    over centred cells: the issuer's name may start left of "Emisor", under "Folio")."""
    row = ctx.rows[(heading.page, heading.row)]
    middles = [(centre(h), h) for h in row]  # (each heading's centre worked out once, not for every line below)
    for step in (1, 2):
        mine = [seg for seg in ctx.rows.get((heading.page, heading.row + step), [])
                if any(c.isalpha() for c in seg.text) and _nearest(middles, centre(seg)) is heading]
        if mine:
            return min(mine, key=lambda seg: abs(centre(seg) - centre(heading)))
    return None


def _nearest(middles: list[tuple[float, Line]], middle: float) -> Line:
    """The segment whose centre (of ``middles``: (centre, segment) in the row's order) is nearest
    ``middle``: the first of equally near ones, as ``min`` takes it."""
    best, distance = middles[0][1], abs(middles[0][0] - middle)
    for centre_of, seg in middles[1:]:
        if abs(centre_of - middle) < distance:
            best, distance = seg, abs(centre_of - middle)
    return best


def beside_seller(ctx: Context) -> Field | None:
    """No buyer heading we know, but the seller's heading shares its row with another short
    heading ("From ... Empfänger", "Vendeur ... Facturé à"): the block under that one is the
    buyer's, and its first line the buyer's name."""
    for hit in ctx.hits_for("seller"):
        if not hit.at_start or hit.last != len(hit.line.words) - 1:
            continue
        row = ctx.rows[(hit.line.page, hit.line.row)]
        beside = [seg for seg in row if seg.x0 > hit.line.x1 + PARTY_VALUE_GAP and len(seg.words) <= 3
                  and not any(c.isdigit() for c in seg.text) and not ctx.hits_by_line.get(seg.number)]
        if len(beside) != 1:
            continue
        heading = beside[0]
        below = next_in_column(ctx, heading)
        if below is not None and any(c.isalpha() for c in below.text) and not ctx.hits_by_line.get(below.number):
            return field_at("buyer_name", below.text.strip(), below, text=below.text.strip())
    return None


_SENDER_PARTS = re.compile(r"\s+[–·|•]\s+|\s+-\s+")
# a line parted by none of these (_SENDER_PARTS' marks, or a comma) is one part: no sender line
_PART_MARK = re.compile(r"[–·|•,-]")


def sender_line(ctx: Context) -> Field | None:
    """The one-line sender above a window envelope's address (DIN 5008, and letters across
    Europe): "Lieferant GmbH · Lieferantenstraße 20 · 80333 München".  Its first part, before the
    street and the postcode with the city, is the seller's name.  Its parts may be parted by
    commas ("Alphabet, Lilienthalallee 26, 80786 München") where the line is set smaller than the
    body text, as a sender line is (a client's address run into one line is not)."""
    height = (ctx.document.pages[0].height if ctx.document.pages else 0) or A4_HEIGHT
    for line in ctx.lines:
        if line.page != 1 or line.top > height / 2 or not _PART_MARK.search(line.text):
            continue
        parts = [p.strip() for p in _SENDER_PARTS.split(line.text) if p.strip()]
        if len(parts) < 3 and max(w.size for w in line.words) < ctx.body_size:
            parts = [p.strip() for p in line.text.split(",") if p.strip()]
        if len(parts) < 3 or not any(POSTCODE_CITY.match(p) for p in parts[1:]):
            continue
        name = parts[0]
        if any(c.isalpha() for c in name) and not any(c.isdigit() for c in name):
            return field_at("seller_name", name, line, text=name)
    return None


def _no_name(text: str) -> bool:
    """A label ("Telefon:"), a lone code ("RE-2025-0012") or a lone letter (the invoice type "A",
    "B", "C" set large in the box at the top of an Argentine invoice) is no one's name."""
    text = text.strip()
    return text.endswith(":") or (" " not in text and any(c.isdigit() for c in text)) or len(text) == 1


def _a_date(ctx: Context, text: str) -> bool:
    """A line that is nothing but a date ("August 3, 2019", set large beside the title), or a letter
    date's place and mark ("München, den", the date beside it), names no one."""
    return letter_date_place(ctx, text) or any(m.text.strip() == text.strip() for m in dates.find_dates(text, ctx.language, dayfirst=ctx.dayfirst))


def letterhead(ctx: Context) -> Field | None:
    """Without a seller label, the seller is the largest text near the top of page one."""
    page_lines = [line for line in ctx.lines if line.page == 1]
    if not page_lines:
        return None
    height = ctx.document.pages[0].height or A4_HEIGHT
    not_names = set(ctx.lexicon.titles) | set(ctx.lexicon.copy_marks)
    # above the items (whose names may be printed larger than a small sender block), and not the
    # title (nor its bracketed second line, "(abono)", nor the title with the number, "Rechnung
    # 2018-123"), a label, a code, or a line of the client's address block; a line is as large as
    # most of its letters (a large box letter "A" joined to the small text beside it is not)
    items = [line.top for line in page_lines if line.number in ctx.item_lines]
    above = min([height * LETTERHEAD_SHARE, *items])
    top = [line for line in page_lines
           if line.top < above and any(c.isalpha() for c in line.text)
           and line.match_text.strip(" .:()") not in not_names
           and not any(h.at_start for h in ctx.hits_by_line.get(line.number, []))  # a label starts its line
           and not _no_name(line.text)]
    # the largest (then highest) of them that is no date, no line of the client's block and not the
    # title: those dearer tests asked from the largest down, not of every line (a stable sort keeps
    # the page order among equals, so this is the line ``max`` of the lines passing them all gives)
    for best in sorted(top, key=lambda line: (_type_size(line), -line.top), reverse=True):
        if not _a_date(ctx, best.text) and not in_party_block(ctx, best, {"buyer"}) and not _titled(ctx, best):
            return field_at("seller_name", best.text.strip(), best)
    return None


def _type_size(line: Line) -> float:
    """The size most of the line's letters are set in."""
    sizes = sorted((w.size, len(w.text)) for w in line.words)
    half, seen = sum(n for _, n in sizes) / 2, 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return 0.0


def _titled(ctx: Context, line: Line) -> bool:
    """The title, alone ("Rechnung (Entwurf)", "NOTA DE CRÉDITO") or printed with the invoice's
    number ("Rechnung 2018-123", "Factura nº 17")."""
    words = title_at(ctx, line)
    return words is not None and (words == len(line.words) or any(c.isdigit() for c in line.text))


def place_of_issue(ctx: Context) -> Field | None:
    """The place printed after a place-of-issue label ("Mesto izdavanja: Beograd"); a date
    printed after it ("Mesto i datum izdavanja: Beograd, 03.11.2026.") is not part of it."""
    for hit in ranked(ctx.hits_for("place_of_issue")):
        if not hit.at_start:
            continue
        for span in ctx.spans(hit):
            text = span.text
            found = dates.find_dates(text, ctx.language, dayfirst=ctx.dayfirst)
            if found:
                text = text[:found[0].start]
            place = text.strip(" ,;:-–")
            if len(place) >= 2 and place[0].isalpha() and not starts_with_label(ctx, span):
                return field_at("place_of_issue", place, span, hit, text=place)
    return None

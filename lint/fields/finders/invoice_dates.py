"""The dates: issue (BT-2), supply (BT-72) and due (BT-9), with the issue date's tiers
(strong label, letter date, title line, generic word) and the due date's (label, terms, sum label).
"""
from __future__ import annotations

import re
from decimal import Decimal

from invoice_lint.fields import dates
from invoice_lint.fields.finders.context import Context, field_at, ranked, wrapped_last_digit
from invoice_lint.fields.finders.invoice_number import title_at, title_headed_labels
from invoice_lint.fields.geometry import TOUCHING
from invoice_lint.fields.labels import LabelHit, ValueSpan, generic_date_words
from invoice_lint.foundation.model import Field, Line
from invoice_lint.foundation.text import fold


def first_date(ctx: Context, concept: str, hits: list[LabelHit] | None = None) -> Field | None:
    for hit in ranked(ctx.hits_for(concept) if hits is None else hits):
        for span in ctx.spans(hit):
            found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
            # the date must follow the label directly; "Date de facture associée : ..." is
            # another date with a longer label
            if found and found[0].start <= 2:
                m = found[0]
                return field_at(concept, m.value, span, hit, text=m.text)
            # one short word closing the label before the date: "Payment due before: 30/11/2026"
            if found and span.where == "inline" and _CLOSING_WORD.match(span.text[:found[0].start]):
                m = found[0]
                return field_at(concept, m.value, span, hit, text=m.text)
            # one short lower-case word joining the label to the date in a sentence: "Zahlbar bis
            # zum 17.07.2026 ohne Abzug"
            if found and span.where == "inline" and _joining_word(span.text[:found[0].start]):
                m = found[0]
                return field_at(concept, m.value, span, hit, text=m.text)
            basic = dates.basic_iso_date(span.text)  # "Date : 20260815", under a label only
            if basic is not None:
                return field_at(concept, basic.value, span, hit, text=basic.text)
            if span.where == "inline" and span.text[:1].isalpha():
                break
    return None


_CLOSING_WORD = re.compile(r"^\s*[^\W\d_]{1,6}\s*:\s*$")


def _joining_word(text: str) -> bool:
    """One lower-case word of two or three letters ("zum", "am", "on", "by") and a space."""
    word = text.strip()
    return text.endswith(" ") and 2 <= len(word) <= 3 and word.isalpha() and word.islower()


def issue_date(ctx: Context) -> Field | None:
    """The issue date: under a label that can only mean it ("Rechnungsdatum", "Date of issue"),
    then the letter's date after its place ("München, den 01.11.2024"), then under a bare date
    word ("Datum:", which also heads print stamps and other dates) or a weak one ("... du
    06/12/2022" inside other text)."""
    generic_words = generic_date_words(ctx.lexicon)
    hits = ctx.hits_for("issue_date")
    strong = [h for h in hits if h.phrase.strip(":") not in generic_words and (h.at_start or " " in h.phrase)]
    rest = [h for h in hits if h not in strong]
    return (first_date(ctx, "issue_date", strong) or _letter_date(ctx) or _title_row_date(ctx)
            or first_date(ctx, "issue_date", rest))


_LETTER_DATE = re.compile(r"^(?P<place>[^\W\d_][^\d,:;]{1,40}),\s*(?P<mark>[^\W\d_]+)(?:\s+(?P<rest>.*))?$")
# "Kassel, 23.05.2025": the place and the date alone, without a mark (DIN 5008)
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d_][^\d,:;]{1,40}),\s*(?P<rest>\d.*)$")


def letter_date_place(ctx: Context, text: str) -> bool:
    """A line that is only a letter date's place and mark ("München, den"), its date printed
    in the next segment of the row."""
    m = _LETTER_DATE.match(text.strip())
    return bool(m and not m["rest"] and fold(m["mark"]) in ctx.lexicon.letter_date_marks)


def _letter_date(ctx: Context) -> Field | None:
    """A date printed as a letter's, after its place and the lexicon's mark: "München, den
    01.11.2024", "Paris, le 3 mars 2024" (first page only)."""
    marks = ctx.lexicon.letter_date_marks
    if not marks:
        return None
    for line in ctx.lines:
        if line.page != 1:
            break
        m = _LETTER_DATE.match(line.text.strip())
        if not m or fold(m["mark"]) not in marks:
            m = _PLACE_DATE.match(line.text.strip())
            found = dates.find_dates(m["rest"], ctx.language, dayfirst=ctx.dayfirst) if m else []
            if not (found and found[0].start == 0 and not m["rest"][found[0].end:].strip(" .")):
                continue  # without a mark, the date must be all that follows the place
            f = field_at("issue_date", found[0].value, ValueSpan(m["rest"], line.words[1:], line, "inline"),
                         text=found[0].text)
            f.label = m["place"]
            return f
        if m["rest"]:
            span = ValueSpan(m["rest"], [w for w in line.words if w.text in m["rest"]] or line.words, line, "inline")
        else:  # the date in the next segment of the row
            right = [seg for seg in ctx.rows[(line.page, line.row)] if seg.x0 >= line.x1 - TOUCHING]
            if not right:
                continue
            seg = min(right, key=lambda seg: seg.x0)
            span = ValueSpan(seg.text, seg.words, seg, "right")
        found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
        if found and found[0].start <= 2:
            f = field_at("issue_date", found[0].value, span, text=found[0].text)
            f.label = f"{m['place']}, {m['mark']}"
            return f
    return None


def _title_row_date(ctx: Context) -> Field | None:
    """"Rechnung 2024-17  ...  30.06.2025": a date printed alone at the right of the document
    title's row on the first page (the DIN 5008 letter date beside the subject)."""
    for line in ctx.lines:
        if line.page != 1:
            break
        if line.words and title_at(ctx, line) is not None:
            f = _lone_date_right(ctx, line)
            if f is not None:
                return f
    return None


_ONE_WORD = re.compile(r"^\s*[^\W\d_]{1,6}\s+$")


def due_in_sum_label(ctx: Context) -> Field | None:
    """"TOTAL DUE BY 2/2/2000  125.89", "Balance due on 3 May 2026": an amount-due label, one
    short word and a date name the due date inside the label of the sum."""
    for hit in ctx.hits_for("amount_due"):
        for span in ctx.spans(hit, below=False):
            if span.where != "inline":
                continue
            found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
            if found and _ONE_WORD.match(span.text[:found[0].start]):
                m = found[0]
                return field_at("due_date", m.value, span, hit, text=m.text)
    return None


def terms_date(ctx: Context) -> Field | None:
    """A payment-terms label followed by a date ("Zahlungsziel: 1. Februar 2024") gives the due date."""
    f = first_date(ctx, "payment_terms")
    if f is None:
        return None
    return Field("due_date", f.value, f.page, f.bbox, f.text, f.line, f.label)


def schedule_due_date(ctx: Context, due: Decimal | None) -> Field | None:
    """A payment schedule under the payment-terms heading, one row per instalment of a date and
    an amount (Tryton's "Payment Term / Date  Amount / 09.06.2025  4.458,96 €"): when it has a
    single row and that row's amount is the amount due, its date is the due date; several
    instalments name no single due date."""
    if due is None:
        return None
    for hit in ctx.hits_for("payment_terms"):
        if not hit.at_start or hit.last != len(hit.line.words) - 1:
            continue  # a heading stands alone on its segment
        line = hit.line
        left, right = line.x0 - 2 * (line.x1 - line.x0), line.x1 + 2 * (line.x1 - line.x0)
        instalments: list[tuple[Line, dates.DateMatch, Decimal]] = []
        for step in range(1, 7):
            segs = [seg for seg in ctx.rows.get((line.page, line.row + step), []) if left <= seg.x0 and seg.x1 <= right]
            text = " ".join(seg.text for seg in segs)
            found = dates.find_dates(text, ctx.language, dayfirst=ctx.dayfirst)
            money = ctx.numbers.find(text[found[0].end:]) if len(found) == 1 else []
            if len(money) == 1 and not text[:found[0].start].strip():
                # the amount's last digit may wrap under it, in a column too narrow for it
                last = segs[-1]
                in_last = ctx.numbers.find(last.text)
                whole = wrapped_last_digit(ctx, ValueSpan(last.text, last.words, last, "inline"), in_last[-1]) \
                    if in_last and in_last[-1].value == money[0].value else None
                instalments.append((segs[0], found[0], (whole or money[0]).value))
            elif instalments or found:
                break  # the schedule ends (or this is no schedule)
        if len(instalments) == 1 and instalments[0][2] == due:
            seg, m, _ = instalments[0]
            return field_at("due_date", m.value, seg, hit, text=m.text)
        if instalments:
            return None
    return None


def title_headed_date(ctx: Context) -> Field | None:
    """A date right after a title-headed label ("Fecha factura: 03/12/2026") is the issue date."""
    for _line, _end, span in title_headed_labels(ctx):
        found = dates.find_dates(span.text, ctx.language, dayfirst=ctx.dayfirst)
        if found and found[0].start <= 2:
            return field_at("issue_date", found[0].value, span, text=found[0].text)
    return None


def titled_date(ctx: Context, number: Field | None) -> Field | None:
    """"Rechnung Nr. 471102 vom 05.03.2018", "Invoice #12 dated 3 May 2026": the date printed
    after the number on the title line, with no other label between, is the issue date."""
    if number is None:
        return None
    for line in ctx.lines:
        if line.number != number.line:
            continue
        idx = next((i for i, w in enumerate(line.words) if number.text and number.text in w.text), None)
        if idx is None or any(h.first > idx for h in ctx.hits_by_line.get(line.number, [])):
            return None
        after = " ".join(w.text for w in line.words[idx + 1:])
        found = dates.find_dates(after, ctx.language, dayfirst=ctx.dayfirst)
        if found and len(after[:found[0].start].split()) <= 2:
            m = found[0]
            return field_at("issue_date", m.value, ValueSpan(after, line.words[idx + 1:], line, "inline"), text=m.text)
        if not after:
            return _lone_date_right(ctx, line)
    return None


def _lone_date_right(ctx: Context, line: Line) -> Field | None:
    """"INVOICE NO. 98765432  ....  1/1/2000": a date printed alone, without a label, in the
    next cell of the number's row is the issue date."""
    right = [seg for seg in ctx.rows[(line.page, line.row)] if seg.x0 >= line.x1 - TOUCHING and seg is not line]
    if not right:
        return None
    seg = min(right, key=lambda seg: seg.x0)
    if ctx.hits_by_line.get(seg.number):
        return None
    found = dates.find_dates(seg.text, ctx.language, dayfirst=ctx.dayfirst)
    if len(found) == 1 and found[0].start == 0 and not seg.text[found[0].end:].strip(" ."):
        m = found[0]
        return field_at("issue_date", m.value, ValueSpan(seg.text, seg.words, seg, "right"), text=m.text)
    return None

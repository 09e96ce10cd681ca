"""Find typed invoice fields in a Document: labels from the lexicon + typed value parsers.

The finders live in ``fields/finders/``, one module per topic (invoice number, dates, totals,
VAT, payment, parties, notes), and read the page through one ``Context`` (the document, its
lexicon, the label hits and the rows index).  A finder looks at the label hits for its
concept, reads the value texts next to them (``labels.value_spans``) with the right parser,
and keeps the page, box and printed text of what it used.  Nothing here names a language.

``STEPS`` is the order they run in.  Each step says which fields it may set and which fields
it reads; ``check_steps`` (run at import and by the tests) fails when a step reads a field that
no earlier step sets, so the order's dependencies are written down instead of hidden.  Fields
computed from others (the due date from the payment terms) come last.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from invoice_lint.fields import buyer_ids, terms
from invoice_lint.fields.finders.context import Context, phrase_line
from invoice_lint.fields.finders.invoice_dates import (
    due_in_sum_label,
    first_date,
    issue_date,
    schedule_due_date,
    terms_date,
    title_headed_date,
    titled_date,
)
from invoice_lint.fields.finders.invoice_number import invoice_number
from invoice_lint.fields.finders.notes import record_labels, thank_you
from invoice_lint.fields.finders.parties import (
    beside_seller,
    letterhead,
    party,
    place_of_issue,
    sender_line,
)
from invoice_lint.fields.finders.payment import (
    bank_account,
    currencies,
    currency,
    debited_account,
    dollar_sign,
    iban,
    payment_link,
    payment_methods,
    payment_status,
    payment_terms,
    unconfirmed_marks,
)
from invoice_lint.fields.finders.totals import allowance_or_charge, derive_amount_due, find_totals
from invoice_lint.fields.finders.vat import labelled_tax_id, read_vat, tax_ids
from invoice_lint.fields.items import find_line_items
from invoice_lint.foundation.lexicon import merged_lexicon
from invoice_lint.foundation.model import Document, Field, InvoiceFields


@dataclass(frozen=True)
class Step:
    """One finder run: the fields it may set, the fields it reads, and the function."""

    name: str
    finds: tuple[str, ...]
    needs: tuple[str, ...]
    run: Callable[[Context, InvoiceFields], None]


def _put(out: InvoiceFields, f: Field | None) -> None:
    if f is not None:
        out.set(f)


def _number(ctx: Context, out: InvoiceFields) -> None:
    _put(out, invoice_number(ctx))


def _issue_date(ctx: Context, out: InvoiceFields) -> None:
    # the strong label first, then the date after the number on the title line
    _put(out, issue_date(ctx) or titled_date(ctx, out.get("invoice_number")) or title_headed_date(ctx))


def _supply_date(ctx: Context, out: InvoiceFields) -> None:
    _put(out, first_date(ctx, "supply_date"))


def _due_date(ctx: Context, out: InvoiceFields) -> None:
    _put(out, first_date(ctx, "due_date") or terms_date(ctx) or due_in_sum_label(ctx))


def _terms(ctx: Context, out: InvoiceFields) -> None:
    _put(out, payment_terms(ctx))


def _items(ctx: Context, out: InvoiceFields) -> None:
    items = find_line_items(ctx.document, ctx.hits, ctx.hits_by_line, ctx.numbers)
    if items:
        _put(out, Field("line_items", items.items, items.items[0].page, items.bbox, "", items.items[0].line))
        ctx.item_lines = items.line_numbers


def _vat(ctx: Context, out: InvoiceFields) -> None:
    for f in read_vat(ctx, ctx.item_lines):
        _put(out, f)


def _labels_and_notes(ctx: Context, out: InvoiceFields) -> None:
    record_labels(ctx, out, ctx.item_lines)
    _put(out, phrase_line(ctx, "tax_exemption", ctx.lexicon.exemption))
    _put(out, allowance_or_charge(ctx))


def _exempt_total(ctx: Context, out: InvoiceFields) -> None:
    """Derived: a page that charges no VAT under an exemption note ("Gemäß § 19 UStG wird keine
    Umsatzsteuer berechnet") and prints its net sum alone has that sum for its total (BR-CO-15
    with no VAT), and the amount due follows (BR-CO-16)."""
    if "total" in out or "amount_due" in out or "subtotal" not in out or "tax_exemption" not in out:
        return
    if out.value("tax_amount") or any(t.amount for t in out.value("tax_breakdown") or []):
        return
    s = out.get("subtotal")
    out.set(Field("total", s.value, s.page, s.bbox, s.text, s.line, s.label, derived=True))
    derive_amount_due(out)


def _status(ctx: Context, out: InvoiceFields) -> None:
    """A stamp that says the invoice is paid settles it: the amount due it does not print is nil
    (derived), so nothing is asked of when or how to pay."""
    stamp = payment_status(ctx)
    if stamp is None:
        return
    out.set(stamp)
    due = out.get("amount_due")
    if "total" in out and (due is None or due.derived):
        out.set(Field("amount_due", Decimal(0), stamp.page, stamp.bbox, stamp.text, derived=True))


def _seller_tax_id(ctx: Context, out: InvoiceFields) -> None:
    names = out.value("seller_name"), out.value("buyer_name")
    found = tax_ids(ctx, *names) or labelled_tax_id(ctx, *names)
    if found is None and ctx.lines:
        everywhere = ctx.in_every_language()  # "Steuernr.:" on an English page
        found = tax_ids(everywhere, *names) or labelled_tax_id(everywhere, *names)
    _put(out, found)


def _bank(ctx: Context, out: InvoiceFields) -> None:
    _put(out, iban(ctx))
    _put(out, bank_account(ctx))
    _put(out, debited_account(ctx))


def _methods(ctx: Context, out: InvoiceFields) -> None:
    _put(out, payment_methods(ctx, out))
    _put(out, payment_link(ctx))


def _thanks(ctx: Context, out: InvoiceFields) -> None:
    _put(out, thank_you(ctx))


def _parties(ctx: Context, out: InvoiceFields) -> None:
    _put(out, party(ctx, "seller") or sender_line(ctx) or letterhead(ctx))
    _put(out, party(ctx, "buyer") or beside_seller(ctx))


def _buyer_tax_id(ctx: Context, out: InvoiceFields) -> None:
    _put(out, buyer_ids.buyer_tax_id(ctx.document, ctx.hits, out, ctx.folded_text))


def _currency(ctx: Context, out: InvoiceFields) -> None:
    dollar, unconfirmed = dollar_sign(ctx, out), unconfirmed_marks(ctx, out)
    _put(out, currency(ctx, out, dollar, unconfirmed))
    _put(out, currencies(ctx, out, dollar, unconfirmed))


def _place(ctx: Context, out: InvoiceFields) -> None:
    _put(out, place_of_issue(ctx))


def _due_from_schedule(ctx: Context, out: InvoiceFields) -> None:
    """A payment schedule of one instalment of the amount due gives the due date."""
    if "due_date" in out:
        return
    _put(out, schedule_due_date(ctx, out.value("amount_due")))


def _due_from_terms(ctx: Context, out: InvoiceFields) -> None:
    """Derived: the due date the payment terms give from the issue date ("30 days net")."""
    if "due_date" not in out and "payment_terms" in out and "issue_date" in out:
        t = out.get("payment_terms")
        due = terms.due_from_terms(out.value("issue_date"), t.value)
        out.set(Field("due_date", due, t.page, t.bbox, t.text, t.line, t.label, derived=True))


_SUMS = ("total", "subtotal", "tax_amount", "prepaid_amount", "rounding_amount", "withholding_amount", "amount_due")

STEPS: tuple[Step, ...] = (
    Step("invoice number", ("invoice_number",), (), _number),
    Step("issue date", ("issue_date",), ("invoice_number",), _issue_date),
    Step("supply date", ("supply_date",), (), _supply_date),
    Step("due date", ("due_date",), (), _due_date),
    Step("payment terms", ("payment_terms",), (), _terms),
    Step("line items", ("line_items",), (), _items),
    Step("VAT", ("tax_amount", "tax_rate", "tax_breakdown"), ("line_items",), _vat),
    # the sums choose among their candidates by arithmetic with the VAT read before them
    Step("totals", _SUMS, ("line_items", "tax_amount", "tax_breakdown"), find_totals),
    Step("labels and notes", ("tax_exemption", "allowance_charge"), ("line_items",), _labels_and_notes),
    Step("total without VAT", ("total", "amount_due"),
         ("subtotal", "tax_amount", "tax_breakdown", "tax_exemption", "prepaid_amount"), _exempt_total),
    Step("payment status", ("payment_status", "amount_due"), ("total", "amount_due"), _status),
    Step("bank details", ("iban", "bank_account", "debited_account"), (), _bank),
    # printed payee bank details offer a bank transfer when something is left to pay
    Step("payment methods", ("payment_methods", "payment_link"), ("iban", "bank_account", "debited_account", "amount_due"), _methods),
    Step("thank-you line", ("thank_you",), (), _thanks),
    # the letterhead is above the items
    Step("parties", ("seller_name", "buyer_name"), ("line_items",), _parties),
    # an id closing the client's headingless address block is not the seller's
    Step("seller tax id", ("seller_tax_id",), ("seller_name", "buyer_name"), _seller_tax_id),
    # never the seller's own SIREN
    Step("buyer tax id", ("buyer_tax_id",), ("seller_tax_id",), _buyer_tax_id),
    # the currency is the one printed beside the sums
    Step("currency", ("currency", "currencies"), (*_SUMS, "seller_tax_id"), _currency),
    Step("place of issue", ("place_of_issue",), (), _place),
    # a schedule of one instalment of the amount due: its date is printed, before any derived one
    Step("due date from the schedule", ("due_date",), ("amount_due",), _due_from_schedule),
    Step("derived due date", ("due_date",), ("payment_terms", "issue_date"), _due_from_terms),
)


def check_steps(steps: tuple[Step, ...] = STEPS) -> None:
    """Raise when a step reads a field that no earlier step sets."""
    found: set[str] = set()
    for step in steps:
        missing = [n for n in step.needs if n not in found]
        if missing:
            raise RuntimeError(f"field finder {step.name!r} reads {', '.join(missing)}, which no earlier step sets")
        found.update(step.finds)


check_steps()


def detect_fields(document: Document) -> InvoiceFields:
    ctx = Context(document, merged_lexicon(document.label_languages or (document.language,)))
    out = InvoiceFields()
    for step in STEPS:
        step.run(ctx, out)
    return out

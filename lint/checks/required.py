"""Kind `required`: a field (or one of `any_of`) must be present, optionally only `when` another
field is present (and positive), e.g. BR-CO-25: amount due > 0 => due date or payment terms.
`when` may also be a list of such conditions, all of which must hold.  An alternative written
`field:value` is met when the field's list value contains `value`.  On a hybrid e-invoice, a
field the page reader did not find is present when the page prints the XML's value
(``checks/printed.py``)."""
from __future__ import annotations

from decimal import Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.printed import printed_per_xml
from invoice_lint.checks.rules import Rule
from invoice_lint.foundation.model import ExtractedInvoice, Finding


def _present(invoice: ExtractedInvoice, alternative: str) -> bool:
    name, _, wanted = alternative.partition(":")
    value = invoice.fields.value(name)
    if value is None:
        # a hybrid's page that prints the XML's value has it, whatever label it used
        return not wanted and printed_per_xml(invoice, name)
    return wanted in value if wanted else True


def _applies(invoice: ExtractedInvoice, when: dict) -> bool:
    value = invoice.fields.value(when["field"])
    return value is not None and not (when.get("positive") and not (isinstance(value, Decimal) and value > 0))


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    when = rule.options.get("when")
    conditions = when if isinstance(when, list) else [when] if when else []
    if not all(_applies(invoice, c) for c in conditions):
        return []
    if any(_present(invoice, alt) for alt in rule.options.get("any_of", [])):
        return []
    return [finding(rule, invoice, snippet="")]

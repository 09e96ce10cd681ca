"""Kind `required`: a field (or one of `any_of`) must be present, optionally only `when` another
field is present (and positive), e.g. BR-CO-25: amount due > 0 => due date or payment terms.
An alternative written `field:value` is met when the field's list value contains `value`."""
from __future__ import annotations

from decimal import Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
from invoice_lint.model import ExtractedInvoice, Finding


def _present(invoice: ExtractedInvoice, alternative: str) -> bool:
    name, _, wanted = alternative.partition(":")
    value = invoice.fields.value(name)
    if value is None:
        return False
    return wanted in value if wanted else True


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    when = rule.options.get("when")
    if when:
        value = invoice.fields.value(when["field"])
        if value is None or (when.get("positive") and not (isinstance(value, Decimal) and value > 0)):
            return []
    if any(_present(invoice, alt) for alt in rule.options.get("any_of", [])):
        return []
    return [finding(rule, invoice, snippet="")]

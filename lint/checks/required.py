"""Kind `required`: a field (or one of `any_of`) must be present, optionally only `when` another
field is present (and positive), e.g. BR-CO-25: amount due > 0 => due date or payment terms.
`when` may also be a list of such conditions, all of which must hold.  An alternative written
`field:value` is met when the field's list value contains `value`.  On a hybrid e-invoice, a
field the page reader did not find is present when the page prints the XML's value
(``checks/printed.py``)."""
from __future__ import annotations

from decimal import Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind
from invoice_lint.checks.printed import printed_per_xml
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import (
    PackError,
    Registry,
    expect_alternative,
    expect_field,
    expect_list,
    expect_mapping,
    only,
    type_of,
)
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


def validate(options: dict, key: tuple, reg: Registry) -> None:
    only(options, key, {"any_of", "when"})
    if "any_of" not in options:
        raise PackError(key + ("any_of",), "missing: the fields of which one must be present")
    for i, alt in enumerate(expect_list(options["any_of"], key + ("any_of",))):
        expect_alternative(alt, key + ("any_of", i), reg)
    when = options.get("when")
    if when is None and "when" in options:
        raise PackError(key + ("when",), "must be a mapping {field: ..., positive: true} or a list of them, not empty")
    conditions = [(when, key + ("when",))] if isinstance(when, dict) else \
        [(c, key + ("when", i)) for i, c in enumerate(expect_list(when, key + ("when",)))] if when is not None else []
    for condition, ckey in conditions:
        condition = expect_mapping(condition, ckey)
        only(condition, ckey, {"field", "positive"})
        if "field" not in condition:
            raise PackError(ckey + ("field",), "missing: the field the rule depends on")
        expect_field(condition["field"], ckey + ("field",), reg)
        if "positive" in condition and not isinstance(condition["positive"], bool):
            raise PackError(ckey + ("positive",), f"must be true or false, not {type_of(condition['positive'])}")


def _options_doc() -> str:
    from invoice_lint.checks.schema import Registry

    methods = ", ".join(f"`{m}`" for m in Registry().methods)
    return ("`any_of` (required): fields, one of which must be present, or `payment_methods:<method>` "
            f"({methods}) / `currencies:<ISO 4217 code>`; `when` (optional): "
            "`{field: F, positive: true}` or a list of them, all of which must hold")


KIND = Kind("required", check=lambda rule, invoice, config: check(rule, invoice), validate=validate,
            summary="a field (or one of several) must be present, optionally only when another one is",
            options=_options_doc)

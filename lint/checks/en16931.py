"""Kind `en16931`: the EN 16931 business rules that can be checked on the XML's values.

Each rule file entry names its official id (``options.rule``: BR-01, BR-CO-15, BR-S-08 ...) and
one of a few checks; the rule texts are data in ``rules/packs/core/en16931.yaml``:

- ``presence``: one of ``terms`` must be present (BR-01 … BR-16; BR-S-02: ``when_category``
  limits it to invoices with a line, allowance, charge or breakdown of those VAT categories;
  ``countries`` to invoices whose seller and buyer are both in one of those countries).
- ``calculation``: ``total`` = the signed sum of ``terms`` (scalars such as ``-BT-107`` or sums
  such as ``sum(BT-131)``), exactly to the cent (BR-CO-10 … BR-CO-16), as the CEN schematron.
  An absent optional term counts as 0; an absent ``total`` is a presence rule's business.
- ``vat_amount``: each VAT breakdown of ``categories`` (all when left out): BT-117 = BT-116 × BT-119
  / 100 rounded half up to the cent, within ``tolerance`` (BR-CO-17, BR-S-09); with ``zero: true``
  BT-117 must be 0 (BR-Z-09, BR-E-09).
- ``vat_base``: each VAT breakdown of ``categories``: BT-116 = Σ line net amounts + Σ charges −
  Σ allowances of that category (and, for ``per_rate: true``, that rate) (BR-S-08, BR-Z-08, BR-E-08).
- ``exemption_reason``: breakdowns of ``categories`` must have (``required: true``, BR-E-10) or
  must not have (``required: false``, BR-Z-10) an exemption reason text or code (BT-120/121).
- ``decimals``: ``term`` (a total, or BT-131 / BT-116 / BT-117 of every line or breakdown) has at
  most ``max`` decimals (BR-DEC-09 … BR-DEC-23).
- ``line_rate``: lines of ``categories`` must have a rate above zero (``rate: positive``, BR-S-05)
  or of zero (``rate: zero``, BR-Z-05, BR-E-05).

``skip_profiles`` names profiles the rule does not bind (Factur-X MINIMUM and BASIC WL carry no
lines).  Nothing here runs without an e-invoice XML.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, never
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import (
    PackError,
    Registry,
    expect_choice,
    expect_list,
    expect_number,
    expect_text,
    only,
    type_of,
    which_check,
)
from invoice_lint.einvoice.model import TERM_NAMES, TERMS, EInvoice, summed
from invoice_lint.foundation.model import ExtractedInvoice, Finding

CENT = Decimal("0.01")
ZERO = Decimal("0")


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    xml = invoice.xml
    if xml is None or xml.einvoice is None:
        return []
    inv = xml.einvoice
    if inv.profile and inv.profile in (rule.options.get("skip_profiles") or []):
        return []
    return _CHECKS[rule.options["check"]](rule, invoice, inv)


def _finding(rule: Rule, invoice: ExtractedInvoice, xml_path: str, **values) -> Finding:
    f = finding(rule, invoice, snippet=xml_path, rule_id=rule.options["rule"], xml_path=xml_path,
                source=invoice.xml.source, **values)
    f.page = None if invoice.xml.bare else 1
    return f


def _present(inv: EInvoice, term: str) -> bool:
    value = getattr(inv, TERMS[term])
    return value not in (None, "", [])


def _categories(inv: EInvoice) -> set[str]:
    return ({line.category for line in inv.leaf_lines} | {ac.category for ac in inv.allowances_charges}
            | {b.category for b in inv.vat_breakdown}) - {None}


def _presence(rule, invoice, inv):
    when = rule.options.get("when_category")
    if when and not set(when) & _categories(inv):
        return []
    countries = rule.options.get("countries")
    if countries and not (inv.seller_country in countries and inv.buyer_country in countries):
        return []  # a domestic rule: seller and buyer both in one of these countries
    terms = rule.options["terms"]
    if any(_present(inv, t) for t in terms):
        return []
    names = " or ".join(f"{t} ({TERM_NAMES.get(t, TERMS[t].replace('_', ' '))})" for t in terms)
    return [_finding(rule, invoice, "", terms=names)]


def _operand(inv: EInvoice, operand: str) -> tuple[Decimal, bool]:
    """(value, present) of ``+BT-108``, ``-BT-107`` or ``sum(BT-131)``."""
    sign = -1 if operand.startswith("-") else 1
    name = operand.lstrip("+-")
    if name.startswith("sum("):
        values = summed(inv, name[4:-1])
        return sign * sum(values, ZERO), bool(values)
    value = getattr(inv, TERMS[name])
    return (sign * value if value is not None else ZERO), value is not None


def _calculation(rule, invoice, inv):
    total_term = rule.options["total"]
    total = getattr(inv, TERMS[total_term])
    if total is None:
        return []
    operands = [_operand(inv, o) for o in rule.options["terms"]]
    if not any(present for _v, present in operands):
        return []  # nothing to compute it from (e.g. a sum over no allowances, BT-107 absent)
    expected = sum((v for v, _p in operands), ZERO).quantize(CENT, ROUND_HALF_UP)
    if total.quantize(CENT, ROUND_HALF_UP) == expected:
        return []
    return [_finding(rule, invoice, inv.path(total_term), term=total_term, xml_value=total, expected=expected,
                     formula=" ".join(rule.options["terms"]))]


def _vat_amount(rule, invoice, inv):
    categories = rule.options.get("categories")
    tolerance = Decimal(str(rule.options.get("tolerance", 0)))
    out = []
    for b in inv.vat_breakdown:
        if categories and b.category not in categories:
            continue
        if b.amount is None:
            continue
        if rule.options.get("zero"):
            if b.amount != 0:
                out.append(_finding(rule, invoice, b.path, category=b.category, rate=b.rate, base=b.base,
                                    xml_value=b.amount, expected=Decimal("0.00")))
            continue
        if b.base is None or b.rate is None:
            continue
        expected = (b.base * b.rate / 100).quantize(CENT, ROUND_HALF_UP)
        if abs(b.amount - expected) > tolerance:
            out.append(_finding(rule, invoice, b.path, category=b.category, rate=b.rate, base=b.base,
                                xml_value=b.amount, expected=expected))
    return out


def _vat_base(rule, invoice, inv):
    out = []
    per_rate = rule.options.get("per_rate", False)
    for b in inv.vat_breakdown:
        if b.category not in rule.options["categories"] or b.base is None:
            continue

        def matches(category, rate, b=b):
            return category == b.category and (not per_rate or _same_rate(rate, b.rate))

        lines = inv.leaf_lines
        if not lines or any(line.net_amount is None for line in lines):
            continue  # a profile without lines (MINIMUM, BASIC WL): nothing to add up
        expected = (sum((line.net_amount for line in lines if matches(line.category, line.rate)), ZERO)
                    + sum((ac.amount if ac.charge else -ac.amount for ac in inv.allowances_charges
                           if ac.amount is not None and matches(ac.category, ac.rate)), ZERO))
        expected = expected.quantize(CENT, ROUND_HALF_UP)
        if b.base.quantize(CENT, ROUND_HALF_UP) != expected:
            out.append(_finding(rule, invoice, b.path, category=b.category, rate=b.rate, xml_value=b.base,
                                expected=expected))
    return out


def _same_rate(a: Decimal | None, b: Decimal | None) -> bool:
    return (a or ZERO) == (b or ZERO)


def _exemption_reason(rule, invoice, inv):
    required = rule.options["required"]
    out = []
    for b in inv.vat_breakdown:
        if b.category not in rule.options["categories"]:
            continue
        has = bool(b.exemption_reason or b.exemption_code)
        if has != required:
            out.append(_finding(rule, invoice, b.path, category=b.category,
                                reason=b.exemption_reason or b.exemption_code or ""))
    return out


def _line_rate(rule, invoice, inv):
    want = rule.options["rate"]
    out = []
    for line in inv.leaf_lines:
        if line.category not in rule.options["categories"]:
            continue
        ok = (line.rate is not None and line.rate > 0) if want == "positive" else (line.rate or ZERO) == 0
        if not ok:
            out.append(_finding(rule, invoice, line.path, category=line.category, line_id=line.line_id or "?",
                                rate=line.rate if line.rate is not None else "none"))
    return out


def _decimals(rule, invoice, inv):
    """Each value of ``term`` (a document total, or every line's / breakdown's) has at most ``max``
    decimals as written (a Decimal keeps its exponent: 100.005 has three)."""
    term, most = rule.options["term"], rule.options["max"]
    if term in ("BT-131", "BT-116", "BT-117"):
        items = ([(line.net_amount, line.path) for line in inv.lines] if term == "BT-131" else
                 [(b.base if term == "BT-116" else b.amount, b.path) for b in inv.vat_breakdown])
    else:
        items = [(getattr(inv, TERMS[term]), inv.path(term))]
    return [_finding(rule, invoice, path, term=term, xml_value=value, max=most) for value, path in items
            if value is not None and -value.as_tuple().exponent > most]


_CHECKS = {"decimals": _decimals, "presence": _presence, "calculation": _calculation, "vat_amount": _vat_amount, "vat_base": _vat_base,
           "exemption_reason": _exemption_reason, "line_rate": _line_rate}


CHECKS = ("presence", "calculation", "vat_amount", "vat_base", "exemption_reason", "line_rate", "decimals")
# what each check takes besides `check`, `rule` and `skip_profiles`
OPTIONS = {"presence": {"terms", "when_category", "countries"}, "calculation": {"total", "terms"},
           "vat_amount": {"categories", "tolerance", "zero"}, "vat_base": {"categories", "per_rate"},
           "exemption_reason": {"categories", "required"}, "line_rate": {"categories", "rate"},
           "decimals": {"term", "max"}}
VAT_CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O", "L", "M")  # UNTDID 5305 as EN 16931 uses it
_OFFICIAL_ID = re.compile(r"^BR-([A-Z]+-)?[0-9]{2}$")


def validate(options: dict, key: tuple, reg: Registry) -> None:
    from invoice_lint.einvoice.model import SUMMABLE

    check = which_check("en16931", CHECKS, options, key)
    only(options, key, {"check", "rule", "skip_profiles"} | OPTIONS[check])
    if "rule" not in options:
        raise PackError(key + ("rule",), "missing: the official id of the business rule, e.g. BR-CO-15")
    rule_id = expect_text(options["rule"], key + ("rule",))
    if rule_id.startswith("BR") and not _OFFICIAL_ID.match(rule_id):
        raise PackError(key + ("rule",), f"{rule_id!r} is not an EN 16931 rule id such as BR-02 or BR-CO-15")
    for i, profile in enumerate(expect_list(options.get("skip_profiles", ["-"]), key + ("skip_profiles",))):
        expect_text(profile, key + ("skip_profiles", i))
    for name in ("categories", "when_category"):
        for i, category in enumerate(expect_list(options.get(name, ["S"]), key + (name,))):
            expect_choice(category, key + (name, i), VAT_CATEGORIES, "VAT category")
    for i, country in enumerate(expect_list(options.get("countries", ["FR"]), key + ("countries",))):
        if not (isinstance(country, str) and len(country) == 2 and country.isalpha() and country.isupper()):
            raise PackError(key + ("countries", i), f"{country!r} is not an ISO 3166 country code such as FR")
    for name in ("zero", "per_rate", "required"):
        if name in options and not isinstance(options[name], bool):
            raise PackError(key + (name,), f"must be true or false, not {type_of(options[name])}")
    if "tolerance" in options:
        expect_number(options["tolerance"], key + ("tolerance",), minimum=0)
    if check in ("exemption_reason", "line_rate", "vat_base") and "categories" not in options:
        raise PackError(key + ("categories",), "missing: the VAT categories (S, Z, E ...) the rule is about")
    if check == "exemption_reason" and "required" not in options:
        raise PackError(key + ("required",), "missing: true (a reason must be given) or false (none may be)")
    if check == "line_rate":
        expect_choice(options.get("rate"), key + ("rate",), ("positive", "zero"), "rate requirement")
    if check == "presence":
        if "terms" not in options:
            raise PackError(key + ("terms",), "missing: the business terms of which one must be present")
        for i, term in enumerate(expect_list(options["terms"], key + ("terms",))):
            expect_choice(term, key + ("terms", i), tuple(TERMS), "business term")
    if check == "decimals":
        for name in ("term", "max"):
            if name not in options:
                raise PackError(key + (name,), "missing: `decimals` needs the business `term` and the `max` decimals")
        expect_choice(options["term"], key + ("term",), tuple(TERMS) + SUMMABLE, "business term")
        expect_number(options["max"], key + ("max",), minimum=0, integer=True)
    if check == "calculation":
        for name in ("total", "terms"):
            if name not in options:
                raise PackError(key + (name,), "missing: a calculation needs `total` and the signed `terms` it equals")
        expect_choice(options["total"], key + ("total",), tuple(TERMS), "business term")
        for i, operand in enumerate(expect_list(options["terms"], key + ("terms",))):
            name = expect_text(operand, key + ("terms", i)).lstrip("+-")
            if name.startswith("sum(") and name.endswith(")"):
                expect_choice(name[4:-1], key + ("terms", i), SUMMABLE, "summable business term")
            else:
                expect_choice(name, key + ("terms", i), tuple(TERMS), "business term")


# the XML's values: checked on a bare XML invoice as on a hybrid PDF
KIND = Kind("en16931", check=lambda rule, invoice, config: check(rule, invoice), validate=validate,
            about_the_page=never, checks=CHECKS,
            summary="the EN 16931 business rules on the e-invoice XML, reported under their official ids",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in CHECKS) + "; `rule` (required): the "
                    "official id (BR-02, BR-CO-15, BR-S-08 ...); `skip_profiles`: profiles it does not bind; "
                    "`presence`: `terms` (business terms, one must be present), `when_category`, `countries`; "
                    "`calculation`: `total` and signed `terms` (`+BT-109`, `-BT-113`, `sum(BT-131)`); "
                    "`vat_amount`: `categories`, `tolerance`, `zero`; `vat_base`: `categories`, `per_rate`; "
                    "`exemption_reason`: `categories`, `required`; `line_rate`: `categories`, `rate` (`positive` "
                    "or `zero`); `decimals`: `term`, `max`")

"""Kind `arithmetic`: printed figures must add up (EN 16931 BR-CO-10/13/15/16/17).

Only what is printed is checked: a missing term is the `missing-*` rules' business; a printed
rounding amount (BT-114) may close the total or the amount due.  The
tolerance is 0.01 per summed item (Factur-X BR-FXEXT-CO-15), and for a VAT rate printed as an
effective rate ("8.88%") the half unit of its last digit (``model.rate_rounding``).  Where the document prints
allowances or charges the line sum cannot be checked from the lines alone and is skipped;
a line table priced gross (VAT included) may sum to the total instead of the net total.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, always
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import check_only
from invoice_lint.foundation.model import ExtractedInvoice, Finding, closes, rate_rounding

CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    return _CHECKS[rule.options["check"]](rule, invoice)


def _line_amounts(rule, inv):
    out = []
    for index, item in enumerate(inv.fields.value("line_items") or [], start=1):
        if None in (item.quantity, item.unit_price, item.amount) or item.adjusted:
            continue
        expected = _round(item.quantity * item.unit_price)
        if abs(expected - item.amount) > CENT:
            out.append(finding(rule, inv, item, index=index, quantity=item.quantity, unit_price=item.unit_price,
                               expected=expected, printed=item.amount))
    return out


def _line_sum(rule, inv):
    items = inv.fields.value("line_items") or []
    subtotal = inv.fields.get("subtotal")
    if (not items or subtotal is None or any(i.amount is None or i.adjusted for i in items)
            or inv.fields.get("allowance_charge")):
        return []
    expected = sum((i.amount for i in items), Decimal("0"))
    tolerance = CENT * len(items)
    total = inv.fields.value("total")
    if abs(expected - subtotal.value) <= tolerance or (total is not None and abs(expected - total) <= tolerance):
        return []
    return [finding(rule, inv, subtotal, expected=expected, printed=subtotal.value)]


def _total(rule, inv):
    subtotal, tax, total = (inv.fields.value(n) for n in ("subtotal", "tax_amount", "total"))
    field = inv.fields.get("total")
    if None in (subtotal, tax, total) or field.derived or inv.fields.get("allowance_charge"):
        return []
    expected = subtotal + tax
    if closes(expected, total, CENT * 2, inv.fields.value("rounding_amount"), inv.fields.value("withholding_amount")):
        return []  # (or a grand total printed already rounded, or less the tax withheld at source)
    return [finding(rule, inv, field, subtotal=subtotal, tax=tax, expected=expected, printed=total)]


def _tax(rule, inv):
    out = []
    lines = [t for t in (inv.fields.value("tax_breakdown") or []) if None not in (t.rate, t.base, t.amount)]
    if lines:
        for t in lines:
            expected = _round(t.base * t.rate / 100)
            if abs(expected - t.amount) > CENT + rate_rounding(t.rate, t.base):
                out.append(finding(rule, inv, t, base=t.base, rate=t.rate, expected=expected, printed=t.amount))
        return out
    rate, base, tax = inv.fields.value("tax_rate"), inv.fields.value("subtotal"), inv.fields.get("tax_amount")
    if None in (rate, base, tax) or tax.derived or inv.fields.get("allowance_charge"):
        return []
    expected = _round(base * rate / 100)
    if abs(expected - tax.value) > CENT + rate_rounding(rate, base):
        out.append(finding(rule, inv, tax, base=base, rate=rate, expected=expected, printed=tax.value))
    return out


def _amount_due(rule, inv):
    total, prepaid, due = inv.fields.value("total"), inv.fields.value("prepaid_amount"), inv.fields.get("amount_due")
    if None in (total, prepaid, due) or due.derived:
        return []
    expected = total - prepaid
    # a tax withheld at source comes off here only when the total did not take it off already
    withheld = inv.fields.withheld_after_total()
    if closes(expected, due.value, CENT, inv.fields.value("rounding_amount"),
              inv.fields.value("withholding_amount") if withheld is None else withheld) or _xml_balances_the_page(
            inv, total, due.value):
        return []  # (BR-CO-16 adds the rounding amount, BT-114, when one is printed)
    return [finding(rule, inv, due, total=total, prepaid=prepaid, expected=expected, printed=due.value)]


def _xml_balances_the_page(inv, total, due) -> bool:
    """On a hybrid whose XML has the page's total and amount due and balances them (BR-CO-16),
    the paid figure read from the page is the one in doubt: a page that really prints another
    one is page-xml-mismatch's finding (BT-113), not an arithmetic error."""
    x = inv.einvoice
    if x is None or None in (x.grand_total, x.amount_due) or x.grand_total != total or x.amount_due != due:
        return False
    return abs(x.grand_total - (x.prepaid_amount or 0) + (x.rounding_amount or 0) - x.amount_due) <= CENT


_CHECKS = {"line_amount": _line_amounts, "line_sum": _line_sum, "total": _total, "tax": _tax,
           "amount_due": _amount_due}

# a bare XML's sums are the EN 16931 rules' business, reported with their official ids
KIND = Kind("arithmetic", topic="errors", check=lambda rule, invoice, config: check(rule, invoice),
            validate=check_only("arithmetic", tuple(_CHECKS)), about_the_page=always, checks=tuple(_CHECKS),
            summary="printed figures add up: line amounts, the line sum, total, tax, amount due (to the cent)",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in _CHECKS))

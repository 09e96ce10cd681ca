"""Kind `date-order`: the due date is not before the issue date; the supply date is not after
the issue date by more than `gap_days` (threshold `supply-gap-days` in config)."""
from __future__ import annotations

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import Registry, expect_number, only, which_check
from invoice_lint.foundation.model import ExtractedInvoice, Finding


def check(rule: Rule, invoice: ExtractedInvoice, thresholds: dict | None = None) -> list[Finding]:
    f = invoice.fields
    issue = f.value("issue_date")
    if issue is None:
        return []
    if rule.options["check"] == "due_before_issue":
        due = f.get("due_date")
        if due is not None and due.value < issue:
            return [finding(rule, invoice, due, due=due.value, issue=issue)]
        return []
    gap = int((thresholds or {}).get("supply-gap-days", rule.options.get("gap_days", 0)))
    supply = f.get("supply_date")
    if supply is not None and (supply.value - issue).days > gap:
        return [finding(rule, invoice, supply, supply=supply.value, issue=issue, days=(supply.value - issue).days)]
    return []


CHECKS = ("due_before_issue", "supply_after_issue")


def validate(options: dict, key: tuple, reg: Registry) -> None:
    what = which_check("date-order", CHECKS, options, key)
    only(options, key, {"check", "gap_days"} if what == "supply_after_issue" else {"check"})
    if "gap_days" in options:
        expect_number(options["gap_days"], key + ("gap_days",), minimum=0, integer=True)


KIND = Kind("date-order", topic="errors", check=lambda rule, invoice, config: check(rule, invoice, config.thresholds),
            validate=validate, checks=CHECKS,
            summary="dates in order: not due before issued, not supplied long after",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in CHECKS) +
            "; `gap_days` (whole number >= 0, `supply_after_issue` only)")

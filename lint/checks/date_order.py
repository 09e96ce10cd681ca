"""Kind `date-order`: the due date is not before the issue date; the supply date is not after
the issue date by more than `gap_days` (threshold `supply-gap-days` in config)."""
from __future__ import annotations

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
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

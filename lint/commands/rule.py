"""`invoice-lint rule CODE_OR_NAME`: one rule's documentation."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", metavar="CODE_OR_NAME", help="e.g. REQ003 or missing-due-date")


def document(rule) -> str:
    from invoice_lint.checks.rules import describe

    options = "".join(f"\n  {k}: {v}" for k, v in rule.options.items() if k != "phrases") or " none"
    return (f"# {rule.code} {rule.name}\n\n"
            f"Severity: {rule.severity} · Packs: {', '.join(rule.packs)} · Kind: {rule.kind}\n\n"
            f"## What it does\n{describe(rule.message, rule.name)}\n\n"
            f"## Why it matters\n{rule.rationale}\n\n"
            f"## Example\n{rule.example or '-'}\n\n"
            f"## Use instead\n{rule.use_instead or '-'}\n\n"
            f"## Basis\n{rule.basis}\n\n"
            + (f"## In force\nFor invoices issued on or after {rule.in_force.isoformat()} (the invoice's issue "
               f"date; an invoice without one is not checked).\n\n" if getattr(rule, "in_force", None) else "") +
            f"## Options\n{options.strip() if options.strip() != 'none' else 'none'}\n")


def run(args: argparse.Namespace) -> int:
    import difflib

    from invoice_lint.checks.rules import RuleSet, load_catalogue
    from invoice_lint.errors import UserError

    catalogue = load_catalogue()
    rule = RuleSet(rules=catalogue, catalogue=catalogue).lookup(args.rule)
    if rule is None:
        names = [r.code for r in catalogue] + [r.name for r in catalogue]
        close = difflib.get_close_matches(args.rule, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `invoice-lint rules`"
        raise UserError(f"unknown rule {args.rule!r}{hint}")
    print(document(rule), end="")
    return 0

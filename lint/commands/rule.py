"""`invoice-lint rule CODE_OR_NAME`: one rule's documentation."""
from __future__ import annotations

import argparse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", metavar="CODE_OR_NAME", help="e.g. REQ003 or missing-due-date")


def run(args: argparse.Namespace) -> int:
    import difflib

    from invoice_lint.checks.catalogue import document
    from invoice_lint.checks.rules import RuleSet, load_catalogue
    from invoice_lint.foundation.errors import UserError

    catalogue = load_catalogue()
    rule = RuleSet(rules=catalogue, catalogue=catalogue).lookup(args.rule)
    if rule is None:
        names = [r.code for r in catalogue] + [r.name for r in catalogue]
        close = difflib.get_close_matches(args.rule, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `invoice-lint rules`"
        raise UserError(f"unknown rule {args.rule!r}{hint}")
    print(document(rule), end="")
    return 0

"""`invoice-lint rules`: the rule catalogue (code, name, severity, packs)."""
from __future__ import annotations

import argparse

from invoice_lint.commands import packs


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help=f"only rules of this pack ({', '.join(packs())})")
    p.add_argument("--output-format", "--format", dest="output_format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    import json

    from invoice_lint.checks.rules import load_catalogue
    from invoice_lint.foundation.errors import UserError

    rules = sorted(load_catalogue(), key=lambda r: r.code)
    if args.pack:
        rules = [r for r in rules if args.pack in r.packs]
        if not rules:
            raise UserError(f"no rules in pack {args.pack!r}")
    if args.output_format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "packs": list(r.packs),
                           "kind": r.kind, "basis": r.basis} for r in rules], ensure_ascii=False, indent=2))
        return 0
    for r in rules:
        print(f"{r.code:<7} {r.name:<28} {r.severity:<8} {','.join(r.packs)}")
    return 0

"""The ``invoice-lint`` command line: a thin dispatcher over ``invoice_lint.commands``."""
from __future__ import annotations

import argparse
import importlib
import sys

from invoice_lint import __version__
from invoice_lint.commands import COMMANDS
from invoice_lint.errors import UserError


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="invoice-lint",
        description="Check invoices the way ruff checks code, and see which invoice styles get paid faster.",
    )
    parser.add_argument("--version", action="version", version=f"invoice-lint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name, help_text in COMMANDS.items():
        try:
            module = importlib.import_module(f"invoice_lint.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet in this checkout
            if exc.name != f"invoice_lint.commands.{name}":
                raise
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return int(modules[args.command].run(args) or 0)
    except UserError as exc:
        print(f"invoice-lint: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("invoice-lint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

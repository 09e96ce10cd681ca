"""The ``invoice-lint`` command line: a thin dispatcher over ``invoice_lint.commands``.

One contract for every command: a usage mistake (an unknown option, a bad value, an output that
cannot be written) is one line on stderr naming the problem and exit status 2 — never a
traceback, never a usage block.  Libraries' own log messages (pdfminer's "Could not get
FontBBox ..." and the like) are shown only with ``--verbose``.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from invoice_lint import __version__
from invoice_lint.commands import COMMANDS
from invoice_lint.foundation import extras
from invoice_lint.foundation.errors import UserError
from invoice_lint.foundation.library_logs import configure_logging


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``invoice-lint check: error: ...``), exit 2."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _verbose_option(parser: argparse.ArgumentParser, default) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="also show the log messages of the libraries used to read PDFs (pdfminer ...)")


def build_parser(command: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    """The parser of every command; with ``command``, only that command's options are set up (the
    others are listed, their modules not imported: some help texts read the rule and lexicon
    folders, which a fully cached ``check`` would otherwise pay for on every run)."""
    parser = Parser(
        prog="invoice-lint",
        description="Check invoices the way ruff checks code, and see which invoice styles get paid faster.",
    )
    parser.add_argument("--version", action="version", version=f"invoice-lint {__version__}")
    _verbose_option(parser, False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for name, help_text in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if command not in (None, name):
            modules[name] = None
            continue
        module = importlib.import_module(f"invoice_lint.commands.{name}")
        module.add_arguments(p)
        _verbose_option(p, argparse.SUPPRESS)  # `invoice-lint check -v` and `invoice-lint -v check` both work
        modules[name] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    command = next((a for a in given if not a.startswith("-")), None)  # (the global options take no value)
    parser, modules = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command and modules[args.command] is None:  # not the command guessed: set them all up
        parser, modules = build_parser()
        args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        print(f"invoice-lint: error: name a command: {', '.join(modules)} (see `invoice-lint --help`)",
              file=sys.stderr)
        return 2
    configure_logging(getattr(args, "verbose", False))
    try:
        extras.require(args.command, args)
        return int(modules[args.command].run(args) or 0)
    except extras.MissingExtra as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    except UserError as exc:
        print(f"invoice-lint: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ImportError as exc:  # an optional extra that is not installed, or broken
        missing = extras.missing_extra(args.command, exc, args)
        if missing is None:
            raise
        print(missing, file=sys.stderr)
        return missing.exit_code
    except KeyboardInterrupt:
        print("invoice-lint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

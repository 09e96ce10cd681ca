"""One module per sub-command; each has ``add_arguments(parser)`` and ``run(args) -> int``.

Modules here import only the standard library at import time, so ``invoice-lint --help``
and ``invoice-lint check`` start fast; heavy libraries are imported inside ``run``.
"""

COMMANDS = {
    "extract": "Show what invoice-lint reads from PDFs: language, pages and fields.",
    "check": "Lint invoice PDFs against rule packs (required details, arithmetic, wording).",
    "rules": "List the rule catalogue.",
    "rule": "Show the documentation of one rule.",
    "analyze": "Link invoice traits to payment delay and client survey answers.",
    "dashboard": "Start the Streamlit dashboard.",
    "audit": "Write a billing audit report (HTML/PDF) for a folder of invoices.",
    "experiment": "Plan, size and analyse a randomised template experiment (which style causes faster payment).",
    "clean": "Remove the cache of what was read and checked in each file (.invoice-lint-cache).",
}


def _data_names(folder: str, folders: bool = False) -> list[str]:
    """The YAML files (or folders) under ``rules/<folder>``, by name: help texts list languages
    and packs from the data, never by hand."""
    from pathlib import Path

    import invoice_lint.rules  # (its folder itself: importlib.resources cost every start ~10 ms)

    try:
        entries = list((Path(invoice_lint.rules.__file__).parent / folder).iterdir())
    except OSError:
        return []
    if folders:
        return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith(("_", ".")))
    return sorted(e.name[:-5] for e in entries if e.is_file() and e.name.endswith(".yaml"))


def languages_help() -> str:
    """``--language`` help: the languages of ``rules/lexicon/*.yaml``."""
    return (f"force the document language: {', '.join(_data_names('lexicon'))} (one per rules/lexicon/*.yaml; "
            "a script suffix such as sr-Cyrl is kept)")


def packs() -> list[str]:
    """Every rule pack (a folder of ``rules/packs``)."""
    return _data_names("packs", folders=True)


def jurisdiction_help() -> str:
    """``--jurisdiction`` help: the packs beyond the default ones."""
    from invoice_lint.config import Config

    default = Config().packs
    return (f"add jurisdiction packs (comma-separated): "
            f"{', '.join(p for p in packs() if p not in default)}")


def report_languages() -> list[str]:
    """The languages of the audit report's own text (``rules/report/*.yaml``)."""
    return _data_names("report")


def comma_list(value: str) -> list[str]:
    """An option value such as ``--jurisdiction eu-vat,rs`` as a list."""
    return [v.strip() for v in value.split(",") if v.strip()]


def _number(value: str, kind):
    import argparse

    try:
        number = kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {'a whole number' if kind is int else 'a number'}, "
                                         f"not {value!r}") from None
    if kind is float and number != number or number in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {value!r}")
    return number


def at_least(minimum: int):
    """An ``int`` option type that refuses values below ``minimum`` (one line, exit 2)."""
    def parse(value: str) -> int:
        import argparse

        number = _number(value, int)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {number}")
        return number
    parse.__name__ = f"integer >= {minimum}"
    return parse


def positive_seconds(value: str) -> float:
    """A time limit in seconds: a number above 0."""
    import argparse

    number = _number(value, float)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {value}")
    return number


def port_number(value: str) -> int:
    import argparse

    number = _number(value, int)
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"must be a port number from 1 to 65535, not {number}")
    return number


OCR_HELP = ("read PDFs (or pages) without a text layer, such as scans, through Tesseract OCR; slower, and "
            "needs the tesseract-ocr packages (docs/ocr.md)")


def check_language(language: str | None, option: str = "--language") -> None:
    """A forced document language must have a lexicon (``rules/lexicon/<language>.yaml``)."""
    if not language:
        return
    from invoice_lint.foundation.errors import UserError
    from invoice_lint.foundation.lexicon import unknown_language

    problem = unknown_language(language)
    if problem:
        raise UserError(f"{option}: {problem}")

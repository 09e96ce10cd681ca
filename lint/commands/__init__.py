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
}


def comma_list(value: str) -> list[str]:
    """An option value such as ``--jurisdiction eu-vat,rs`` as a list."""
    return [v.strip() for v in value.split(",") if v.strip()]

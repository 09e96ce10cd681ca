"""Generate the tables of docs/languages.md from the data: the languages of rules/lexicon, their
sources and settings, the audit report languages and the rule packs.

    python -m invoice_lint.languages_doc          # rewrite the tables in docs/languages.md
    python -m invoice_lint.languages_doc --check  # exit 1 when they are out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

START, END = "<!-- languages:start -->", "<!-- languages:end -->"


def tables() -> str:
    from invoice_lint.audit.i18n import available_languages as report_languages
    from invoice_lint.checks.rules import load_catalogue
    from invoice_lint.config import Config
    from invoice_lint.foundation.lexicon import all_lexicons

    reports = set(report_languages())
    rows = ["| code | name | sourced vocabulary | numbers | dates | readability | OCR | report text |",
            "|---|---|---|---|---|---|---|---|"]
    for lex in all_lexicons():
        readability = lex.readability_formula + (f" ≥ {lex.readability_minimum:g}"
                                                 if lex.readability_minimum is not None else "")
        group = {" ": "space", ".": ".", ",": ",", "'": "'"}.get(lex.group, lex.group)
        rows.append(f"| `{lex.language}` | {lex.name} | {', '.join(lex.sources) or '-'} | "
                    f"decimal `{lex.decimal}`, group {group} | {lex.date_order} | {readability} | "
                    f"{', '.join(lex.ocr) or '-'} | {'yes' if lex.language in reports else '-'} |")
    catalogue = load_catalogue()
    default = Config().packs
    packs = sorted({p for rule in catalogue for p in rule.packs})
    pack_rows = ["| pack | used |", "|---|---|"]
    for pack in packs:
        pack_rows.append(f"| `{pack}` | {'by default' if pack in default else '`--jurisdiction ' + pack + '`'} |")
    return "\n".join(["### Languages (rules/lexicon)", "", *rows, "", "### Rule packs (rules/packs)", "",
                      *pack_rows])


def render(current: str) -> str:
    before, rest = current.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{tables()}\n{END}{after}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when docs/languages.md is out of date")
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1], help="the project folder")
    args = ap.parse_args(argv)
    path = args.root / "docs" / "languages.md"
    current = path.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if wanted != current:
            print("out of date: docs/languages.md; run python -m invoice_lint.languages_doc", file=sys.stderr)
            return 1
        return 0
    path.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

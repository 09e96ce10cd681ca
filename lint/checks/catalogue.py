"""Generate the rule catalogue for README.md and docs/rules.md from the rule data.

    python -m invoice_lint.checks.catalogue          # rewrite both
    python -m invoice_lint.checks.catalogue --check  # exit 1 when they are out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from invoice_lint.checks.rules import describe, load_catalogue

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def document(rule) -> str:
    """One rule's documentation, as `invoice-lint rule CODE` prints it and docs/rules.md lists it."""
    options = "".join(f"\n  {k}: {v}" for k, v in rule.options.items() if k != "phrases") or " none"
    return (f"# {rule.code} {rule.name}\n\n"
            f"Severity: {rule.severity} · Packs: {', '.join(rule.packs)} · Kind: {rule.kind}\n\n"
            f"## What it does\n{describe(rule.message, rule.name)}\n\n"
            f"## Why it matters\n{rule.rationale}\n\n"
            f"## Example\n{rule.example or '-'}\n\n"
            f"## Use instead\n{rule.use_instead or '-'}\n\n"
            f"## Basis\n{rule.basis}\n\n"
            + (f"## In force\nFor invoices issued on or after {rule.in_force.isoformat()} (the invoice's issue "
               f"date; an invoice without one is not checked).\n\n" if rule.in_force else "") +
            f"## Options\n{options.strip() if options.strip() != 'none' else 'none'}\n")


def table() -> str:
    rows = ["| code | name | severity | packs | basis |", "|---|---|---|---|---|"]
    for r in sorted(load_catalogue(), key=lambda r: r.code):
        rows.append(f"| `{r.code}` | {r.name} | {r.severity} | {', '.join(r.packs)} | {r.basis} |")
    return "\n".join(rows)


def readme_text(current: str) -> str:
    block = f"{START}\n{table()}\n\nEvery rule's documentation: `invoice-lint rule CODE` or [docs/rules.md](docs/rules.md).\n{END}"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        return head + block + rest.split(END, 1)[1]
    return current.rstrip("\n") + "\n\n" + block + "\n"


def schema_doc() -> str:
    """What each kind's options may say, from the schema the loader validates with."""
    from invoice_lint.checks.schema import CHECKS, PAGE_XML_TERMS, SELLER_DETAILS, Registry

    reg = Registry()

    def names(items) -> str:
        return ", ".join(f"`{i}`" for i in items)

    rows = [
        ("required", f"`any_of` (required): fields, one of which must be present, or `payment_methods:<method>` "
                     f"({names(reg.methods)}) / `currencies:<ISO 4217 code>`; `when` (optional): "
                     "`{field: F, positive: true}` or a list of them, all of which must hold"),
        ("arithmetic", f"`check` (required): {names(CHECKS['arithmetic'])}"),
        ("date-order", f"`check` (required): {names(CHECKS['date-order'])}; `gap_days` (whole number >= 0, "
                       "`supply_after_issue` only)"),
        ("identifier", f"`check` (required): {names(CHECKS['identifier'])}"),
        ("existence", "`phrases`: `{language: [phrase, ...]}`, added to `wording: {rule name: [...]}` in "
                      "rules/lexicon/<language>.yaml"),
        ("substitution", "`terms`: `{language: {rejected: preferred}}` (preferred may be empty), added to "
                         "`preferred_terms: {rule name: {...}}` in rules/lexicon/<language>.yaml"),
        ("readability", "`min_words` (whole number >= 1), `minimum`: `{language: score}` (default: `readability."
                        "minimum` in rules/lexicon/<language>.yaml)"),
        ("consistency", f"`check` (required): {names(CHECKS['consistency'])}; `labels` needs `concepts` "
                        f"(label concepts); `seller_details` may name `details` ({names(SELLER_DETAILS)})"),
        ("einvoice", f"`check` (required): {names(CHECKS['einvoice'])}; `page_xml` may name `terms` (business "
                     f"terms compared: {names(PAGE_XML_TERMS)}) and `tolerance` (a number >= 0, default 0: "
                     "amounts must agree to the cent)"),
        ("mention", "`phrases` (required): `{language: [phrase, ...]}`, one of which the page must print "
                    "(a legal mention); not checked in a language the rule has no phrases for"),
        ("en16931", f"`check` (required): {names(CHECKS['en16931'])}; `rule` (required): the official id "
                    "(BR-02, BR-CO-15, BR-S-08 ...); `skip_profiles`: profiles it does not bind; `presence`: `terms` "
                    "(business terms, one must be present), `when_category`, `countries`; `calculation`: `total` and signed "
                    "`terms` (`+BT-109`, `-BT-113`, `sum(BT-131)`); `vat_amount`: `categories`, `tolerance`, "
                    "`zero`; `vat_base`: `categories`, `per_rate`; `exemption_reason`: `categories`, `required`; "
                    "`line_rate`: `categories`, `rate` (`positive` or `zero`); `decimals`: `term`, `max`"),
    ]
    lines = ["## Writing rules: what the loader checks\n",
             "Every rule file is validated when it loads (the bundled packs and your `rule-paths` alike). A "
             "problem stops the run with exit status 2 and one line naming the file, the line and the key, e.g.\n",
             "```\nhouse/due.yaml:9: rule HSE001 (kind required): options.any_of[0]: unknown field 'due_dat' "
             "(did you mean 'due_date'?)\n```\n",
             "Checked: the keys above (unknown keys are errors), `code` (capital letters then digits, unique across "
             "all packs), `name` (kebab-case, unique), `kind`, `severity`, `message` placeholders (plain names "
             "such as `{total}`), the type of every value, a key written twice, and each kind's options:\n",
             "| kind | options |", "|---|---|"]
    lines += [f"| `{kind}` | {text} |" for kind, text in rows]
    lines += ["", f"Fields (as `invoice-lint extract` prints them): {names(reg.fields)}.\n",
              "Label concepts: the concepts under `labels:` in `rules/lexicon/*.yaml` (`invoice_number`, `due_date`, "
              "`total` ...).\n",
              f"Language codes (one per `rules/lexicon/*.yaml`): {names(reg.languages)}.\n"]
    return "\n".join(lines)


def rules_doc() -> str:
    parts = ["# Rules\n", "Generated from `rules/packs/*/*.yaml` by `python -m invoice_lint.checks.catalogue`; "
             "do not edit by hand.\n",
             "A rule file is YAML: `rules:` is a list of rules, each with `code` (family prefix + 3 digits), `name` "
             "(kebab-case), `kind` (required, arithmetic, date-order, identifier, existence, substitution, "
             "readability, consistency, einvoice, en16931, mention), `severity` (error, warning, info), `message` (may use `{placeholders}`), `rationale`, "
             "`basis`, `example`, `use_instead`, optional `packs` (default: the folder's name), `in_force` (a date "
             "`YYYY-MM-DD`: the rule binds invoices issued on or after it, by the invoice's issue date) and `options` "
             "(language-specific data under `options.<kind data>.<language>`). Add your own pack folder with "
             "`rule-paths` in the config.\n", schema_doc(), table(), ""]
    for r in sorted(load_catalogue(), key=lambda r: r.code):
        parts.append(document(r).replace("# ", "## ", 1).replace("\n## ", "\n### "))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    readme, doc = args.root / "README.md", args.root / "docs" / "rules.md"
    want_readme = readme_text(readme.read_text(encoding="utf-8"))
    want_doc = rules_doc()
    if args.check:
        stale = [p.name for p, want in ((readme, want_readme), (doc, want_doc))
                 if not p.exists() or p.read_text(encoding="utf-8") != want]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python -m invoice_lint.checks.catalogue", file=sys.stderr)
            return 1
        return 0
    readme.write_text(want_readme, encoding="utf-8")
    doc.write_text(want_doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

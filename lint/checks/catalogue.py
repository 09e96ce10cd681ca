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
            f"## Options\n{options.strip() if options.strip() != 'none' else 'none'}\n" + cases(rule))


def case_file(rule) -> Path | None:
    """``<pack folder>/cases/<CODE>.yaml`` beside the rule's file: its failing and passing case."""
    return rule.source.parent / "cases" / f"{rule.code}.yaml" if rule.source is not None else None


def cases(rule) -> str:
    """The rule's cases (tests/test_rule_cases.py runs them), as its documentation shows them."""
    path = case_file(rule)
    if path is None or not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8").strip("\n")
    return (f"\n## Cases\nAn invoice that breaks the rule (`fail`) and one that meets it (`pass`), as read from "
            f"the invoice (`{path.parent.parent.name}/cases/{path.name}`):\n\n```yaml\n{text}\n```\n")


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
    """What each kind's options may say, from the kinds the loader validates with."""
    from invoice_lint.checks.kinds import KINDS
    from invoice_lint.checks.schema import Registry

    reg = Registry()

    def names(items) -> str:
        return ", ".join(f"`{i}`" for i in items)

    rows = [(name, kind.options_doc()) for name, kind in KINDS.items()]
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


def _on_bare_xml(kind) -> str:
    from invoice_lint.checks import kinds

    known = {kinds.always: "no", kinds.never: "yes", kinds.fields_only: "yes (not the style pack's rules)"}
    if kind.about_the_page in known:
        return known[kind.about_the_page]
    return (kind.about_the_page.__doc__ or "").split(":")[0].strip()


def kinds_doc() -> str:
    """The kinds table, and how to add a kind and a rule with its cases."""
    from invoice_lint.checks.kinds import KINDS, MODULES

    lines = ["## Check kinds\n",
             "A rule's `kind` names one of these (the registry `KINDS` in `lint/checks/kinds.py`). A kind "
             "checks one invoice at a time; a cross-document kind also checks the whole run (one seller's "
             "invoices together). A bare XML invoice (a `.xml` file, no page) is held only to kinds that read "
             "fields or the XML.\n",
             "| kind | what it checks | on a bare XML invoice | across invoices | module |", "|---|---|---|---|---|"]
    for name, kind in KINDS.items():
        lines.append(f"| `{name}` | {kind.summary} | {_on_bare_xml(kind)} | {'yes' if kind.cross_document else 'no'} "
                     f"| `lint/checks/{MODULES[name]}.py` |")
    lines += ["",
              "### Adding a kind\n",
              "1. A module in `lint/checks/` with the check and its `KIND = Kind(name, check=..., validate=..., "
              "summary=..., options=...)`: `check(rule, invoice, config)` returns the rule's findings on one "
              "invoice; `validate(options, key, registry)` raises `PackError(key, problem)` for a bad option "
              "(the helpers of `lint/checks/schema.py` name the key and suggest the closest known value); "
              "`check_run(rule, invoices)` only for a kind that compares invoices; `about_the_page(rule)` "
              "whether a document without pages is skipped (default: only the style pack's rules); `checks` "
              "the values of `options.check`, for a kind that dispatches on it; `topic` what its findings are "
              "about, as the audit report groups them (`errors`: a figure, identifier or date that is wrong; "
              "`wording`; or none).",
              "2. One line in `MODULES` in `lint/checks/kinds.py`.",
              "3. A rule that uses it, with its cases (below), and `python -m invoice_lint.checks.catalogue` to "
              "regenerate this page.\n",
              "### Adding a rule, with its cases\n",
              "A rule is an entry in a pack's YAML file. Beside it, `rules/packs/<pack>/cases/<CODE>.yaml` holds "
              "the rule's two cases, as ruff keeps a fixture per rule: `fail`, an invoice that breaks the rule "
              "(the rule alone, selected on it, must report it and nothing else), and `pass`, one that meets it "
              "(no finding). `tests/test_rule_cases.py` runs every case and fails for a rule without cases. A "
              "case describes what was read from an invoice, only as much as the rule looks at:\n",
              "```yaml",
              "# REQ003 missing-due-date: an amount due needs a due date or payment terms",
              "fail:",
              "  fields: {amount_due: \"120.00\"}",
              "pass:",
              "  fields: {amount_due: \"120.00\", due_date: 2026-12-01}",
              "```\n",
              "An invoice's keys: `fields` (by the names `invoice-lint extract` prints; amounts as text such as "
              "`\"120.00\"`, dates as `YYYY-MM-DD`, `line_items` as `{description, quantity, unit_price, amount}`, "
              "`tax_breakdown` as `{rate, base, amount}`), `printed` (the text a field was read from, "
              "`{issue_date: \"01.11.2026\"}`), `labels` (`{concept: [label, ...]}` as printed), `text` (the page's "
              "lines), `language` (default `en`), `path`, `xml` (an embedded CII e-invoice: the changes to a "
              "consistent EN 16931 invoice, `{}` for the invoice itself, or `{raw: ...}` for a file that does not "
              "read; its keys `spec` (BT-24), `number` (BT-1), `type_code` (BT-3), `issue` (BT-2, `YYYYMMDD`), "
              "`currency` (BT-5), `seller` (BT-27), `vat` (BT-31), `seller_country` (BT-40), `buyer` (BT-44), "
              "`buyer_id` (BT-47), `buyer_country` (BT-55), `lines` (`{id, amount, category, rate}`), `taxes` "
              "(`{base, amount, category, rate, reason}`), `charges` (`{amount, charge, category, rate}`), "
              "`line_total` (BT-106), `allowance_total` (BT-107), `charge_total` (BT-108), `basis` (BT-109), "
              "`tax` (BT-110), `grand` (BT-112), `paid` (BT-113), `due` (BT-115); `null` leaves one out), "
              "`bare: true` (the XML file alone, no page), `qr` (the text of a QR code printed on the first "
              "page: a real PDF is printed and read for it). A cross-document rule's case is `invoices:`, a list of "
              "them. `expect` (a number) pins how many findings the failing case gives, when more than one. The "
              "case files are small YAML (about 27 KB for all) and ship with the packs: `invoice-lint rule CODE` "
              "and this page show them.\n"]
    return "\n".join(lines)


def rules_doc() -> str:
    from invoice_lint.checks.kinds import NAMES

    parts = ["# Rules\n", "Generated from `rules/packs/*/*.yaml` by `python -m invoice_lint.checks.catalogue`; "
             "do not edit by hand.\n",
             "A rule file is YAML: `rules:` is a list of rules, each with `code` (family prefix + 3 digits), `name` "
             f"(kebab-case), `kind` ({', '.join(NAMES)}), `severity` (error, warning, info), `message` (may use "
             "`{placeholders}`), `rationale`, "
             "`basis`, `example`, `use_instead`, optional `packs` (default: the folder's name), `in_force` (a date "
             "`YYYY-MM-DD`: the rule binds invoices issued on or after it, by the invoice's issue date) and `options` "
             "(language-specific data under `options.<kind data>.<language>`). Add your own pack folder with "
             "`rule-paths` in the config.\n", kinds_doc(), schema_doc(), table(), ""]
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

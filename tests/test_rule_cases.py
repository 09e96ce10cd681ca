"""Every rule's own cases, kept beside its YAML as ruff keeps a fixture per rule:
``rules/packs/<pack>/cases/<CODE>.yaml`` holds ``fail``, an invoice that breaks the rule, and
``pass``, one that meets it (the format: docs/rules.md, "Adding a rule, with its cases").  The
rule, selected alone, runs through the check engine (its kind from the registry, ``in_force``, a
document without pages ...) on each: the failing case must give that rule's finding and nothing
else, the passing one nothing.  A rule without cases fails here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from invoice_lint.checks.catalogue import case_file
from invoice_lint.checks.einvoice import QR_CHECKS
from invoice_lint.checks.engine import check_invoices, load_rules
from invoice_lint.checks.rules import Rule, load_catalogue
from invoice_lint.config import Config
from invoices import from_case

RULES = [r for r in load_catalogue() if r.kind != "input"]  # `input` rules are the reader's (tests of extract)
CASE_KEYS = {"fail", "pass", "expect"}


def _case(rule: Rule) -> dict:
    path = case_file(rule)
    if not path.exists():
        pytest.fail(f"{rule.code} ({rule.name}, {rule.where}) has no cases: write {path} "
                    f"(docs/rules.md, 'Adding a rule, with its cases')")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and {"fail", "pass"} <= set(data) and not set(data) - CASE_KEYS, \
        f"{path}: a case file has `fail` and `pass` (and may pin `expect`), not {sorted(data or {})}"
    return data


_RULESETS: dict[str, object] = {}


def _findings(rule: Rule, spec: dict, which: str, folder: Path):
    if rule.code not in _RULESETS:
        _RULESETS[rule.code] = load_rules(Config(select=[rule.code]))
    ruleset = _RULESETS[rule.code]
    assert [r.code for r in ruleset.rules if r.kind != "input"] == [rule.code]
    if rule.kind == "einvoice" and rule.options.get("check") in QR_CHECKS:
        pytest.importorskip("zxingcpp", reason="the qr extra (zxing-cpp) decodes the case's QR code")
    if "invoices" in spec:
        invoices = [from_case(s, folder, f"{rule.code}-{which}-{i}.pdf") for i, s in enumerate(spec["invoices"], 1)]
    else:
        invoices = [from_case(spec, folder, f"{rule.code}-{which}.pdf")]
    errors: list = []
    found = check_invoices(invoices, ruleset=ruleset, errors=errors)
    assert not errors, f"{rule.code} could not be checked on its {which} case: {errors}"
    return found


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_the_rule_reports_its_failing_case_and_not_its_passing_one(rule, tmp_path):
    case = _case(rule)
    found = _findings(rule, case["fail"], "fail", tmp_path)
    shown = [f"{f.code}: {f.message}" for f in found]
    assert found, f"{rule.code} ({rule.name}) found nothing on its failing case ({case_file(rule)})"
    assert {f.code for f in found} == {rule.code}, shown
    assert len(found) == case.get("expect", 1), shown
    found = _findings(rule, case["pass"], "pass", tmp_path)
    assert not found, f"{rule.code} ({rule.name}) reported its passing case: {[f.message for f in found]}"


def test_every_case_file_belongs_to_a_rule_of_its_pack():
    packs = {r.source.parent for r in RULES}
    files = {p for folder in packs for p in (folder / "cases").glob("*.y*ml")}
    owned = {case_file(r) for r in RULES}
    assert not files - owned, f"case files without a rule of that pack: {sorted(map(str, files - owned))}"
    assert owned <= files, f"rules without cases: {sorted(p.stem for p in owned - files)}"


def test_invoice_lint_rule_shows_the_cases():
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "rule", "missing-due-date"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    shown = result.stdout.split("## Cases\n", 1)[1]
    assert "(`core/cases/REQ003.yaml`)" in shown
    assert shown.split("```yaml\n", 1)[1].split("```")[0] == (ROOT / "rules/packs/core/cases/REQ003.yaml").read_text()

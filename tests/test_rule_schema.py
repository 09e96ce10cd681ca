"""Rule packs are validated when they load: every bad pack is one line naming file:line and
key, exit status 2, never a traceback, never a rule that fires on every invoice."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from invoice_lint.checks.engine import load_rules
from invoice_lint.checks.rules import load_catalogue
from invoice_lint.config import Config
from invoice_lint.foundation.errors import ConfigError

GOOD = """\
rules:
  - code: HSE001
    name: missing-po-number
    kind: required
    severity: warning
    message: "No purchase-order number."
    rationale: r
    basis: house
    options: {any_of: [invoice_number]}
"""


def _pack(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    folder = tmp_path / "house" / "house"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "house"


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        load_rules(Config(rule_paths=[_pack(tmp_path, text)], packs=["core", "house"]))
    message = str(caught.value)
    assert "\n" not in message
    return message


# (case, the good pack changed so, file line, message pattern after "rules.yaml:LINE: ")
CASES = [
    ("unknown field", ("any_of: [invoice_number]", "any_of: [due_dat]"), 9,
     r"rule HSE001 \(kind required\): options\.any_of\[0\]: unknown field 'due_dat' \(did you mean 'due_date'\?\)"),
    ("unknown field in when", ("any_of: [invoice_number]", "any_of: [due_date], when: {field: amount_du}"), 9,
     r"options\.when\.field: unknown field 'amount_du' \(did you mean 'amount_due'\?\)"),
    ("unknown payment method", ("any_of: [invoice_number]", "any_of: ['payment_methods:venmo']"), 9,
     r"options\.any_of\[0\]: unknown payment method 'venmo'"),
    ("missing option", ("kind: required", "kind: arithmetic", "options: {any_of: [invoice_number]}",
                        "options: {}"), 9,
     r"rule HSE001 \(kind arithmetic\): options\.check: missing: which arithmetic check to run"),
    ("missing options block", ("kind: required", "kind: identifier", "    options: {any_of: [invoice_number]}\n", ""),
     2, r"options\.check: missing"),
    ("unknown check", ("kind: required", "kind: arithmetic", "any_of: [invoice_number]", "check: totl"), 9,
     r"options\.check: unknown arithmetic check 'totl' \(did you mean 'total'\?\)"),
    ("unknown option", ("any_of: [invoice_number]", "any_of: [invoice_number], anyof: [total]"), 9,
     r"options\.anyof: unknown option \(did you mean 'any_of'\?\)"),
    ("wrong type", ("any_of: [invoice_number]", "any_of: invoice_number"), 9,
     r"options\.any_of: must be a list, not text"),
    ("wrong type of a number", ("kind: required", "kind: readability", "any_of: [invoice_number]",
                                "min_words: many"), 9, r"options\.min_words: must be a whole number, not text"),
    ("unknown kind", ("kind: required", "kind: magic"), 4,
     r"rule HSE001: kind: unknown kind 'magic' \(known: required, arithmetic"),
    ("unknown severity", ("severity: warning", "severity: critical"), 5,
     r"severity: unknown severity 'critical' \(known: error, warning, info\)"),
    ("unknown language", ("kind: required", "kind: existence", "any_of: [invoice_number]",
                          "phrases: {english: [kindly]}"), 9, r"options\.phrases\.english: unknown language code"),
    ("missing key", ("    rationale: r\n", ""), 2, r"rationale: missing"),
    ("unknown key", ("    basis: house\n", "    basis: house\n    severty: info\n"), 9,
     r"severty: unknown key \(did you mean 'severity'\?\)"),
    ("bad placeholder", ('"No purchase-order number."', '"No PO {number"'), 6, r"message: .*brace"),
    ("duplicate key", ("    severity: warning\n", "    severity: warning\n    severity: error\n"), 6,
     r"key 'severity' is written twice in one mapping \(first on line 5\)"),
    ("bad YAML", ("options: {any_of: [invoice_number]}", "options: {any_of: [invoice_number}"), 9, r"invalid YAML"),
    ("control character", ('"No purchase-order number."', '"No purchase-order\x00 number."'), 6,
     r"invalid YAML \(unacceptable character #x0000"),
]


def _apply(change: tuple[str, ...]) -> str:
    text = GOOD
    for old, new in zip(change[::2], change[1::2]):
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("case,change,line,pattern", CASES, ids=[c[0] for c in CASES])
def test_each_bad_pack_is_one_line_naming_file_line_and_key(tmp_path, case, change, line, pattern):
    message = _error(tmp_path, _apply(change))
    assert re.search(rf"rules\.yaml:{line}: (rule HSE001[^:]*: )?{pattern}", message), message


def test_duplicate_code_names_both_places(tmp_path):
    text = GOOD + GOOD.split("rules:\n", 1)[1].replace("missing-po-number", "po-missing")
    message = _error(tmp_path, text)
    assert re.search(r"rules\.yaml:10: rule HSE001: code: HSE001 is already used \(.*rules\.yaml:2\)", message), message
    clash = GOOD.replace("HSE001", "REQ001")  # a code the core pack uses
    message = _error(tmp_path, clash)
    assert re.search(r"rules\.yaml:2: rule REQ001: code: REQ001 is already used \(.*core.required\.yaml:\d+\)",
                     message), message


def test_the_good_pack_loads_and_the_bundled_packs_are_valid(tmp_path):
    ruleset = load_rules(Config(rule_paths=[_pack(tmp_path, GOOD)], packs=["core", "house"]))
    assert ruleset.lookup("HSE001").line == 2
    assert all(r.line for r in load_catalogue() if r.source)


def test_schema_check_names_match_the_kinds():
    from invoice_lint.checks import arithmetic, consistency, en16931
    from invoice_lint.checks.kinds import KINDS

    assert set(KINDS["arithmetic"].checks) == set(arithmetic._CHECKS)
    assert set(KINDS["en16931"].checks) == set(en16931._CHECKS)
    assert set(KINDS["consistency"].checks) == set(consistency.CHECKS)
    for rule in load_catalogue():  # every bundled rule's `check` is one its kind has
        if rule.kind in KINDS and KINDS[rule.kind].checks:
            assert rule.options["check"] in KINDS[rule.kind].checks, rule.code
    used = {(rule.kind, rule.options.get("check")) for rule in load_catalogue()}
    for name, kind in KINDS.items():  # and every check a kind has is a bundled rule's (its cases run it)
        for check in kind.checks:
            assert (name, check) in used, f"no bundled rule runs the {name} check {check!r}: add one with its cases"


def test_the_audit_report_groups_findings_by_their_kinds_topic():
    from invoice_lint.checks import kinds

    # (audit.contents: the report's "errors" and "wording" sections; any other kind is in neither)
    assert set(kinds.about("errors")) == {"arithmetic", "identifier", "date-order"}
    assert set(kinds.about("wording")) == {"consistency", "existence", "substitution", "readability"}


@pytest.mark.parametrize("case,change,line,pattern", [CASES[0], CASES[3], CASES[16]], ids=["field", "option", "yaml"])
def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path, case, change, line, pattern):
    folder = _pack(tmp_path, _apply(change))
    (tmp_path / "invoice-lint.toml").write_text(f'rule-paths = ["{folder.as_posix()}"]\n')
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "check", "--config",
                             str(tmp_path / "invoice-lint.toml"), str(SAMPLES / "en-01-bordered-clean.pdf")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(rf"rules\.yaml:{line}: ", lines[0]), result.stderr

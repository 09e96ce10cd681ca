"""Run the selected rules over extracted invoices: per document, then across the run.

    ruleset = load_rules(config)
    findings = check_invoices(invoices, config, ruleset) + findings_for_errors(errors, ruleset)
"""
from __future__ import annotations

import fnmatch
from pathlib import Path

from invoice_lint.checks import arithmetic, consistency, dates, identifiers, readability, required, wording
from invoice_lint.checks.rules import RuleSet, load_catalogue, select_rules
from invoice_lint.config import Config
from invoice_lint.model import ExtractedInvoice, Finding, ReadError


def load_rules(config: Config | None = None) -> RuleSet:
    config = config or Config()
    catalogue = load_catalogue(tuple(config.rule_paths))
    packs = list(dict.fromkeys([*config.packs, *config.jurisdiction]))
    rules = select_rules(catalogue, packs, config.select, config.extend_select, config.ignore, config.severity)
    return RuleSet(rules=rules, catalogue=catalogue)


def check_invoices(invoices: list[ExtractedInvoice], config: Config | None = None,
                   ruleset: RuleSet | None = None) -> list[Finding]:
    config = config or Config()
    ruleset = ruleset or load_rules(config)
    findings: list[Finding] = []
    for invoice in invoices:
        for rule in ruleset.rules:
            if rule.kind == "required":
                findings += required.check(rule, invoice)
            elif rule.kind == "arithmetic":
                findings += arithmetic.check(rule, invoice)
            elif rule.kind == "date-order":
                findings += dates.check(rule, invoice, config.thresholds)
            elif rule.kind == "identifier":
                findings += identifiers.check(rule, invoice)
            elif rule.kind == "existence":
                findings += wording.check(rule, invoice, config.rejected_terms if rule.name == "vague-payment-terms"
                                          else None)
            elif rule.kind == "substitution":
                findings += wording.check_substitution(rule, invoice, config.preferred_terms)
            elif rule.kind == "readability":
                findings += readability.check(rule, invoice, config.thresholds)
            elif rule.kind == "consistency":
                findings += consistency.check(rule, invoice)
    for rule in ruleset.selected("consistency"):
        findings += consistency.check_run(rule, invoices)
    findings = [f for f in findings if not _ignored_for_file(f, config)]
    return sorted(findings, key=Finding.sort_key)


def _ignored_for_file(finding: Finding, config: Config) -> bool:
    for pattern, codes in config.per_file_ignores.items():
        path = finding.path
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
            if any(finding.code.startswith(c.upper()) or finding.rule == c for c in codes):
                return True
    return False


def findings_for_errors(errors: list[ReadError], ruleset: RuleSet) -> list[Finding]:
    out = []
    for error in errors:
        rule = ruleset.lookup(error.kind)
        out.append(Finding(code=rule.code, rule=rule.name, severity=rule.severity,
                           message=rule.message.format(cause=error.cause), path=error.path, page=None, line=None,
                           bbox=None, snippet="", pack="core", basis=rule.basis))
    return out


def apply_ignores(findings: list[Finding], config: Config) -> tuple[list[Finding], list[str]]:
    """External ignores from config (path glob + rule + optional matched text + reason)."""
    if not config.ignores:
        return findings, []
    used = [False] * len(config.ignores)
    kept = []
    for f in findings:
        hit = False
        for i, ig in enumerate(config.ignores):
            if (fnmatch.fnmatch(f.path, ig.path) or fnmatch.fnmatch(Path(f.path).name, ig.path)) and \
                    ig.rule in (f.code, f.rule) and (not ig.text or ig.text in f.snippet or ig.text in f.message):
                used[i] = hit = True
        if not hit:
            kept.append(f)
    notes = [f"warning: unused ignore for {ig.rule} on {ig.path} ({ig.reason})" for ig, u in zip(config.ignores, used)
             if not u]
    return kept, notes

"""Run the selected rules over extracted invoices: per document, then across the run.

    ruleset = load_rules(config)
    findings = check_invoices(invoices, config, ruleset) + findings_for_errors(errors, ruleset)

A rule's ``kind`` names its check in the registry (``checks.kinds.KINDS``).  The per-document
part (every rule's ``Kind.check`` on one invoice, ``check_document``) needs nothing but that
invoice, so ``check --jobs N`` runs it in the worker that read the file (``DocumentChecks``) and
hands the outcome to ``check_invoices(..., checked=...)``; only the cross-document part (the
``Kind.check_run`` of the consistency rules, over the whole run) runs in the main process.  The
findings are the same.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from invoice_lint.checks import consistency, einvoice
from invoice_lint.checks.kinds import KINDS
from invoice_lint.checks.rules import RuleSet, load_catalogue, select_rules
from invoice_lint.config import Config
from invoice_lint.foundation.model import ExtractedInvoice, Finding, ReadError


def load_rules(config: Config | None = None) -> RuleSet:
    config = config or Config()
    catalogue = load_catalogue(tuple(config.rule_paths))
    packs = list(dict.fromkeys([*config.packs, *config.jurisdiction]))
    rules = select_rules(catalogue, packs, config.select, config.extend_select, config.ignore, config.severity)
    rules = einvoice.verifactu_dates(rules, config.verifactu_taxpayer)
    return RuleSet(rules=rules, catalogue=catalogue)


# one invoice's per-document findings, its rule failure, and what they found that the cross-document
# rules ask again (``consistency.carried``)
Checked = tuple[list[Finding], ReadError | None, dict]


def check_invoices(invoices: list[ExtractedInvoice], config: Config | None = None,
                   ruleset: RuleSet | None = None, errors: list[ReadError] | None = None,
                   checked: list[Checked | None] | None = None) -> list[Finding]:
    """Findings of the selected rules.  A rule that fails on one file (a bug, or a value no rule
    foresaw) does not end the run: the file gets an ``unreadable-pdf`` error naming the rule,
    appended to ``errors`` when given (so it counts as unreadable input), else as a finding.
    ``checked`` (aligned with ``invoices``) holds per-document outcomes already computed with the
    same config and rules — by the worker that read the file; None where not computed."""
    config = config or Config()
    ruleset = ruleset or load_rules(config)
    findings: list[Finding] = []
    failed: dict[str, ReadError] = {}
    for position, invoice in enumerate(invoices):
        outcome = checked[position] if checked is not None else None
        if outcome is not None:
            found, failure, carried = outcome
            consistency.adopt(invoice, carried)
        else:
            found, failure, _ = check_document(invoice, config, ruleset.rules)
        findings += found
        if failure is not None and failure.path not in failed:
            failed[failure.path] = failure
    for rule in ruleset.rules:
        check_run = _check_run(rule)
        if check_run is None:
            continue
        try:
            findings += check_run(rule, invoices)
        except Exception:  # noqa: BLE001 - find the file(s) the rule fails on and leave them out
            culprits = [inv for inv in invoices if _fails_alone(rule, inv)]
            if not culprits:
                raise
            for inv in culprits:
                _failed(failed, str(inv.document.path), rule, None)
            findings += check_run(rule, [inv for inv in invoices if inv not in culprits])
    if errors is not None:
        errors += failed.values()
    else:
        findings += findings_for_errors(list(failed.values()), ruleset)
    findings = [f for f in findings if not _ignored_for_file(f, config)]
    return sorted(findings, key=Finding.sort_key)


def check_document(invoice: ExtractedInvoice, config: Config, rules) -> Checked:
    """Every rule's per-document findings on one invoice, the first rule that failed on it (as the
    file's ``unreadable-pdf`` error; the other rules still run), and what the cross-document rules
    will ask of it again."""
    findings: list[Finding] = []
    failed: dict[str, ReadError] = {}
    for rule in rules:
        try:
            found = _check_document(rule, invoice, config)
            if not invoice.document.pages:  # a bare XML invoice has no page to point at
                for f in found:
                    f.page = None
            findings += found
        except Exception as exc:  # noqa: BLE001 - one file's failure must not cost the others
            _failed(failed, str(invoice.document.path), rule, exc)
    return findings, next(iter(failed.values()), None), consistency.carried(invoice)


@dataclass(frozen=True)
class DocumentChecks:
    """The per-document part of a check run, sent to the worker processes that read the files
    (small and picklable: the config and the selected rules, ~45 KB pickled)."""

    config: Config
    rules: tuple

    @classmethod
    def of(cls, config: Config, ruleset: RuleSet) -> DocumentChecks:
        return cls(config, tuple(ruleset.rules))

    def __call__(self, invoice: ExtractedInvoice) -> Checked:
        return check_document(invoice, self.config, self.rules)

    def settle(self, invoice: ExtractedInvoice) -> tuple[ExtractedInvoice, Checked]:
        """The invoice's per-document outcome, and the invoice cut down to what the cross-document
        rules read (``consistency.for_the_run``): all ``check`` keeps of a file once this ran."""
        found, failure, _ = check_document(invoice, self.config, self.rules)
        kept = consistency.for_the_run(invoice, self.rules)
        return kept, (found, failure, consistency.carried(invoice))


def _check_run(rule):
    """The rule's cross-document check, None for a per-document kind (or a built-in `input` rule)."""
    kind = KINDS.get(rule.kind)
    return kind.check_run if kind is not None else None


def issue_date(invoice: ExtractedInvoice):
    """The invoice's issue date: the page's, else the XML's; None when neither is known."""
    printed = invoice.fields.value("issue_date")
    if printed is not None:
        return printed
    return invoice.einvoice.issue_date if invoice.einvoice is not None else None


def in_force(rule, invoice: ExtractedInvoice) -> bool:
    """A rule with ``in_force`` binds invoices issued on or after that date; an invoice whose issue
    date is unknown is not held to it (a missing issue date is REQ002's business)."""
    if rule.in_force is None:
        return True
    issued = issue_date(invoice)
    return issued is not None and issued >= rule.in_force


def _check_document(rule, invoice: ExtractedInvoice, config: Config) -> list[Finding]:
    kind = KINDS.get(rule.kind)
    if kind is None or not in_force(rule, invoice):
        return []  # (`input` rules are the reader's: ``findings_for_errors``)
    if not invoice.document.pages and kind.about_the_page(rule):
        return []  # a bare XML invoice has no page to read
    return kind.check(rule, invoice, config)


def _fails_alone(rule, invoice: ExtractedInvoice) -> bool:
    try:
        _check_run(rule)(rule, [invoice])
    except Exception:  # noqa: BLE001
        return True
    return False


def _failed(failed: dict[str, ReadError], path: str, rule, exc: BaseException | None) -> None:
    if path in failed:
        return  # the first failure names the cause
    detail = ""
    if exc is not None:
        text = " ".join(str(exc).split())
        detail = f" ({type(exc).__name__}: {text[:120]})" if text else f" ({type(exc).__name__})"
    failed[path] = ReadError(path, "unreadable-pdf", f"was read, but rule {rule.code} ({rule.name}) could not be "
                                                     f"checked on it{detail}")


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

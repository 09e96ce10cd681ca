"""One check run: the inputs read and checked with one config, the one way every command gets its
findings.  ``invoice-lint check``, the billing loader (``billing.load_billing``: the dashboard and
the audit) and ``analytics.api.analyze`` (the findings counts of the trait table) all call
``run_check``, so they report the same findings for the same folder:

    config, reading = folder_config(Path("invoices"))
    result = run_check([Path("invoices")], config, reading)
    result.findings, result.errors, result.notes

The steps: the inputs are listed (``pipeline.iter_pdf_paths``); the rules the config selects are
loaded (``checks.engine.load_rules``); every file is read and checked (``checks.engine``: the
per-document rules, then the cross-document ones over the run); each unreadable input becomes a
finding (``findings_for_errors``); the config's ``ignores`` apply (``apply_ignores``); the
findings are sorted; and a baseline, when given, takes out the known ones (``baseline``).

Two ways through the cache, the same findings:

- ``keep_invoices=False`` (``check``): the whole run is looked up before anything is read
  (``cache.CheckRun``), and otherwise each file's own findings (``cache.store_checked``): an
  unchanged run loads no document, and ``invoices`` is None;
- ``keep_invoices=True`` (billing and ``analyze``, whose trait table reads every invoice's fields
  and pages): the invoices come whole (from the extraction cache when unchanged) and the run's
  findings from ``cache.check_with_cache``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from invoice_lint.checks.rules import RuleSet
    from invoice_lint.config import Config
    from invoice_lint.foundation.model import ExtractedInvoice, Finding, ReadError
    from invoice_lint.pipeline import ReadOptions

@dataclass
class CheckResult:
    """What one check run found.  ``findings`` is what every command reports."""

    inputs: list  # what ``iter_pdf_paths`` listed: files, and a ReadError for a path that is none
    ruleset: RuleSet  # the rules that ran (``check`` lists them in its reports)
    findings: list[Finding]  # unreadable inputs included; the config's ignores and the baseline applied; sorted
    notes: list[str]  # unused ignores, then what the baseline suppressed and its stale entries
    errors: list[ReadError]  # inputs that could not be read, and rules that failed on a file
    read_paths: list[str]  # the invoices read, in input order
    rule_notes: list[str] = field(default_factory=list)  # about the rules themselves (a missing QR decoder)
    invoices: list[ExtractedInvoice] | None = None  # the invoices read, whole (``keep_invoices``), else None
    stale: list[dict] = field(default_factory=list)  # baseline entries that no longer match a finding

    @property
    def files(self) -> list[str]:
        """Every input file considered, readable or not (the reports' file list)."""
        files = [str(item) for item in self.inputs if isinstance(item, Path)]
        return files + [e.path for e in self.errors if e.path not in files]


def folder_config(folder: Path | str, reading: ReadOptions | None = None) -> tuple[Config, ReadOptions]:
    """The config of a run over ``folder`` for a caller with no config of its own (``load_config``:
    the closest config file at or above it), and ``reading`` (default ``ReadOptions()``) with the
    config's reading backend when it names one."""
    from invoice_lint.config import load_config
    from invoice_lint.pipeline import ReadOptions

    config = load_config(Path(folder))
    reading = reading or ReadOptions()
    if config.backend:
        reading = reading.with_(backend=config.backend)
    return config, reading


def reading_of(config: Config) -> ReadOptions:
    """How to read for a caller who gave a config but no reading options: the defaults, with the
    config's reading backend when it names one (``backend = "pdfplumber"``)."""
    from invoice_lint.pipeline import ReadOptions

    return ReadOptions(backend=config.backend) if config.backend else ReadOptions()


def run_check(paths: list[Path] | None, config: Config, reading: ReadOptions, *, items: list | None = None,
              progress: bool = False, baseline: Path | None = None, keep_invoices: bool = False,
              allow_empty: bool = False) -> CheckResult:
    """Read and check ``paths`` (files and folders; or ``items``, what ``iter_pdf_paths`` gave for
    them) with ``config``.  The config's language and OCR setting apply to ``reading``.
    ``baseline``: a baseline file (``check --baseline``) whose entries are taken out of the findings.
    ``keep_invoices``: also return the invoices read, whole (the module doc).  ``allow_empty``: a
    folder with no PDF in it is no error."""
    from invoice_lint.pipeline import EMPTY_FOLDER, iter_pdf_paths

    if items is None:
        items = list(iter_pdf_paths(paths or []))
    if allow_empty:  # (what ``iter_pdf_paths`` says of a folder with nothing to read: an error for ``check``)
        items = [i for i in items if isinstance(i, Path) or i.cause != EMPTY_FOLDER]
    reading = reading.with_(language=config.language or reading.language, ocr=config.ocr or reading.ocr)
    if keep_invoices:
        result = _with_invoices(items, config, reading, progress)
    else:
        result = _findings_only(items, config, reading, progress)
    if baseline is not None:
        _apply_baseline(result, baseline)
    return result


def _findings_only(items: list, config: Config, reading: ReadOptions, progress: bool) -> CheckResult:
    """With a cache, a run over unchanged inputs with the same options, config, rules and code is
    loaded whole before anything is read (``cache.CheckRun``); otherwise each unchanged file's own
    findings come from the cache and only the others are read (``runner``: the per-document rules
    run where each file is read, in the ``--jobs`` workers), and the cross-document rules run here
    on what every file left."""
    from invoice_lint.cache import CheckRun

    run_cache = CheckRun.open(reading, config, items)
    stored = run_cache.load() if run_cache is not None else None
    if stored is not None:
        ruleset, findings, notes, errors, read_paths, rule_notes = stored
        return CheckResult(items, ruleset, findings, notes, errors, read_paths, rule_notes)
    from invoice_lint.checks.engine import DocumentChecks, check_invoices, load_rules
    from invoice_lint.pipeline import read_and_check_items

    ruleset = load_rules(config)
    invoices, errors, checked = read_and_check_items(items, reading, DocumentChecks.of(config, ruleset), progress)
    every_file_read = len(errors) == sum(1 for item in items if not isinstance(item, Path))
    result = _finish(items, config, ruleset, invoices, errors, check_invoices(invoices, config, ruleset, errors, checked))
    if run_cache is not None and every_file_read:
        run_cache.store(reading, config, items, result.ruleset, result.findings, result.notes, result.errors,
                        result.read_paths, result.rule_notes)
    return result


def _with_invoices(items: list, config: Config, reading: ReadOptions, progress: bool) -> CheckResult:
    from invoice_lint.cache import check_with_cache
    from invoice_lint.checks.engine import load_rules
    from invoice_lint.pipeline import read_invoice_items

    ruleset = load_rules(config)
    invoices, errors = read_invoice_items(items, reading, progress)
    result = _finish(items, config, ruleset, invoices, errors,
                     check_with_cache(invoices, config, ruleset, errors, reading))
    result.invoices = invoices
    return result


def _finish(items: list, config: Config, ruleset: RuleSet, invoices: list, errors: list,
            found: list[Finding]) -> CheckResult:
    """The run's findings as every command reports them: unreadable inputs and rule failures
    (appended to ``errors`` while checking) as findings, the config's ignores applied, sorted."""
    from invoice_lint.checks.einvoice import missing_decoder
    from invoice_lint.checks.engine import apply_ignores, findings_for_errors

    findings, notes = apply_ignores(found + findings_for_errors(errors, ruleset), config)
    findings.sort(key=lambda f: f.sort_key())
    # (whether the QR decoder is installed is in the cache keys: its version is in code_fingerprint)
    rule_notes = [note for note in [missing_decoder(ruleset.rules)] if note]
    return CheckResult(items, ruleset, findings, notes, errors, [str(inv.document.path) for inv in invoices],
                       rule_notes)


def _apply_baseline(result: CheckResult, baseline: Path) -> None:
    from invoice_lint.baseline import apply_baseline

    before = len(result.findings)
    result.findings, result.stale = apply_baseline(baseline, result.findings)
    suppressed = before - len(result.findings)
    result.notes = [*result.notes,
                    f"baseline {baseline}: {suppressed} known finding{'s' if suppressed != 1 else ''} suppressed, "
                    f"{len(result.findings)} new"]
    result.notes += [f"stale baseline entry: {e['rule']} in {e['path']} ({e['text'][:60]!r}) no longer occurs; "
                     f"remove it from {baseline}" for e in result.stale]

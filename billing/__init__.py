"""One folder of sent invoices (plus, optionally, its payments ledger and survey), read once.

The dashboard and the audit report both start here, so their findings are exactly what
``invoice-lint check`` reports and their payment figures exactly what ``invoice-lint analyze``
reports: the PDFs are read and checked once, the trait table is built from those findings, and
``analytics.api.analyze`` is given that trait table instead of reading the PDFs again.

    billing = load_billing("sample_invoices", payments="sample_invoices/payments.csv")
    billing.findings, billing.traits, billing.analysis.report["kpis"]
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from invoice_lint.config import Config
from invoice_lint.foundation.errors import UserError
from invoice_lint.foundation.model import ExtractedInvoice, Finding, ReadError

if TYPE_CHECKING:
    from invoice_lint.analytics.options import AnalysisOptions
    from invoice_lint.pipeline import ReadOptions

# Names a ledger or survey file beside the invoices is recognized by (first match wins).
LEDGER_NAMES = ("payments", "ledger", "cobros", "pagos", "placanja", "plaćanja", "zahlungen", "paiements")
SURVEY_NAMES = ("survey", "encuesta", "anketa", "umfrage", "enquete", "enquête")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls", ".parquet")


@dataclass
class Billing:
    root: Path  # the audited folder (or the single file's folder)
    invoices: list[ExtractedInvoice]
    errors: list[ReadError]
    findings: list[Finding]  # check findings, unreadable files included, config ignores applied
    notes: list[str]  # e.g. unused ignores
    config: Config
    ruleset: object  # checks.rules.RuleSet
    traits: object  # pandas DataFrame, one row per readable invoice
    analysis: object | None = None  # analytics.api.AnalysisResult when a ledger was given
    payments: Path | None = None
    survey: Path | None = None

    def relative(self, path: str | Path) -> str:
        """A path as the user sees it inside the audited folder (never an outside absolute path)."""
        p = Path(path)
        try:
            return p.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return p.name


def find_companion(folder: Path, names: Iterable[str]) -> Path | None:
    """A ledger or survey file in ``folder`` whose stem starts with one of ``names``."""
    if not folder.is_dir():
        return None
    for name in names:
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in TABLE_SUFFIXES and path.stem.lower().startswith(name):
                return path
    return None


def load_billing(
    folder: Path | str,
    payments: Path | str | None = None,
    survey: Path | str | None = None,
    *,
    options: AnalysisOptions | None = None,
    config: Config | None = None,
    jurisdiction: Iterable[str] = (),
    progress: bool = False,
    read_options: ReadOptions | None = None,
    **analysis,
) -> Billing:
    """Read, check and (with a ledger) analyse one folder of invoices.  UserError on bad input.

    ``options``: how the ledger is analysed (``AnalysisOptions``; the same names as keywords,
    ``analysis``, change single options, as for ``analyze``); its ``language`` also forces the
    invoices' language.  ``config``: what the invoices are checked with (None: the folder's config
    file, whose reading backend then applies too; a given config's backend applies when no
    ``read_options`` are given); ``jurisdiction`` adds packs to it."""
    from invoice_lint.analytics.options import AnalysisOptions
    from invoice_lint.analytics.traits import traits_table
    from invoice_lint.checking import folder_config, reading_of, run_check
    from invoice_lint.pipeline import ReadOptions

    folder = Path(folder)
    if not folder.exists():
        raise UserError(f"{folder}: no such file or folder")
    root = folder if folder.is_dir() else folder.parent
    if config is None:  # the folder's config: its reading backend applies too (a caller's config was applied)
        config, read_options = folder_config(folder, read_options)
    elif read_options is None:  # a caller's config with no reading options: its backend applies
        read_options = reading_of(config)
    options = AnalysisOptions.of(options, **analysis)
    # the caller's config is left as it was given: the jurisdiction packs and a forced language go into a copy
    config = replace(
        config, jurisdiction=[*config.jurisdiction, *(j for j in jurisdiction if j not in config.jurisdiction)],
        language=options.language or config.language)
    # the same run as `check` (checking.run_check), keeping the invoices the trait table reads
    run = run_check([folder], config, read_options or ReadOptions(), progress=progress, keep_invoices=True,
                    allow_empty=True)
    invoices, errors, findings, notes, ruleset = run.invoices, run.errors, run.findings, run.notes, run.ruleset
    traits = traits_table(invoices, findings, root=root)
    billing = Billing(root=root, invoices=invoices, errors=errors, findings=findings, notes=notes, config=config,
                      ruleset=ruleset, traits=traits,
                      payments=Path(payments) if payments else None, survey=Path(survey) if survey else None)
    if payments is not None:
        from invoice_lint.analytics.api import analyze

        billing.analysis = analyze(None, payments, survey, options=options, traits=traits, progress=progress)
    elif survey is not None:
        raise UserError("--survey needs --payments: survey answers are linked to invoices through the ledger")
    return billing

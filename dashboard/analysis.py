"""Sidebar filters → the ledger rows they select → ``analytics.api.analyze`` on those rows.

Filtering chooses *ledger rows* (by issue date, client, and the traits of each row's invoice);
the analysis itself is the very function the ``analyze`` command runs, so every figure on the
dashboard is one the CLI would print for the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from invoice_lint.analytics.options import AnalysisOptions
from invoice_lint.dashboard.workspace import Workspace, trait_columns_of

# Fewer bootstrap replicates than the CLI's 1000 keep filter changes interactive; the pages say so.
REPLICATES = 300


@dataclass(frozen=True)
class Filters:
    start: date | None = None  # issue date from
    end: date | None = None  # issue date to
    as_of: date | None = None
    clients: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    traits: tuple[tuple[str, bool], ...] = ()  # (trait, wanted value)

    def narrows(self) -> bool:
        """Whether any filter other than the as-of date is set."""
        return bool(self.start or self.end or self.clients or self.languages or self.styles or self.traits)


def row_mask(joined: pd.DataFrame, filters: Filters) -> np.ndarray:
    """The joined ledger rows the filters keep."""
    keep = np.ones(len(joined), dtype=bool)
    issue = joined["issue_date"]
    if filters.start:
        keep &= (issue >= pd.Timestamp(filters.start)).to_numpy()
    if filters.end:
        keep &= (issue <= pd.Timestamp(filters.end)).to_numpy()
    if filters.clients:
        keep &= joined["client"].isin(filters.clients).to_numpy()
    if filters.languages and "language" in joined.columns:
        keep &= joined["language"].isin(filters.languages).to_numpy()
    if filters.styles and "style" in joined.columns:
        keep &= joined["style"].isin(filters.styles).to_numpy()
    for trait, wanted in filters.traits:
        if trait in joined.columns:
            values = joined[trait].astype("boolean")
            keep &= (values == wanted).fillna(False).to_numpy(dtype=bool)
    return keep


def dashboard_options(**changes) -> AnalysisOptions:
    """The analysis options of the dashboard: ``REPLICATES`` bootstrap replicates, and ``changes``
    (the ledger's column mapping, its date format, extra trait columns, from the sidebar)."""
    return AnalysisOptions(replicates=REPLICATES, **changes)


def run_analysis(workspace: Workspace, options: AnalysisOptions, filters: Filters = Filters(), full=None,
                 models: bool = True):
    """AnalysisResult for the rows the filters keep (``full``: the unfiltered result, if known).
    ``options``: the analysis options (``dashboard_options``); the filters' as-of date, when set,
    and the workspace's ledger trait columns are added to them.
    ``models=False``: the join, KPIs and aging only (``analyze(models=False)``), for the first page."""
    from invoice_lint.analytics.api import analyze

    options = options.with_(as_of=filters.as_of or options.as_of, models=models,
                            trait_columns=(*trait_columns_of(workspace), *options.trait_columns))
    if full is None or not filters.narrows():
        # by path when there is a file, so every row number in the results is the file's own
        full = analyze(None, workspace.ledger_path or workspace.ledger, workspace.survey_path or workspace.survey,
                       options=options, traits=workspace.traits)
        if not filters.narrows():
            return full
    mask = row_mask(full.joined, filters)
    first = workspace.ledger_first_row if workspace.ledger_path else 1  # frames number rows from 1
    positions = full.joined.loc[mask, "source_row"].to_numpy(dtype=np.int64) - first
    if len(positions) == 0:
        return None
    return analyze(None, workspace.ledger.iloc[np.sort(positions)].reset_index(drop=True), workspace.survey,
                   options=options, traits=workspace.traits)


# what an analysis result depends on besides its inputs: this code and the libraries that compute it
ANALYSIS_PACKAGES = ("invoice_lint", "invoice_lint.rules", "invoice_lint.analytics", "invoice_lint.dashboard")
ANALYSIS_LIBRARIES = ("pandas", "numpy", "scipy", "lifelines", "scikit-learn", "spacy", "statsmodels")
_code: str | None = None


def analysis_key(workspace: Workspace, options: AnalysisOptions, filters: Filters) -> str | None:
    """The disk-cache key of one complete analysis: what the workspace was loaded from (its files'
    content, ``workspace.workspace_key``), the analysis options, the filters and the code; None for
    a workspace the cache did not key (nothing is kept then)."""
    import hashlib

    from invoice_lint import cache

    global _code
    if not workspace.source_key:
        return None
    if _code is None:
        _code = cache.fingerprint(ANALYSIS_PACKAGES, ANALYSIS_LIBRARIES)
    return hashlib.blake2b(repr((_code, workspace.source_key, options, filters)).encode(),
                           digest_size=20).hexdigest()


def kept_analysis(workspace: Workspace, options: AnalysisOptions, filters: Filters,
                  cache_dir: str | None = None) -> tuple | None:
    """(the complete result for these filters,) as ``complete_analysis`` kept it, else None."""
    from invoice_lint import cache

    key = analysis_key(workspace, options, filters) if cache_dir else None
    return None if key is None else cache.load_value(cache_dir, "analysis", key)


def complete_analysis(workspace: Workspace, options: AnalysisOptions, filters: Filters = Filters(),
                      cache_dir: str | None = None):
    """(the unfiltered result, the result for the filters): ``run_analysis`` with every model,
    each kept in the cache folder ``cache_dir`` (as the check cache, ``cache.cache_dir_for``) by
    ``analysis_key``, so the same inputs are analysed once, also across dashboard starts."""
    from invoice_lint import cache

    def kept(chosen: Filters, full=None):
        stored = kept_analysis(workspace, options, chosen, cache_dir)
        if stored is not None:
            return stored[0]
        result = run_analysis(workspace, options, chosen, full=full)
        key = analysis_key(workspace, options, chosen) if cache_dir else None
        if key is not None:
            cache.store_value(cache_dir, "analysis", key, (result,))  # (a tuple: None is a result too)
        return result

    full = kept(Filters(as_of=filters.as_of))
    return full, (kept(filters, full) if filters.narrows() else full)


def file_row(workspace: Workspace, source_row):
    """The row of the user's ledger file for ``source_row`` (an int or a Series) of the unfiltered
    analysis: the same number when the file was analysed by path; an in-memory frame (a ledger
    rebuilt from an ``analyze --out`` folder) numbers rows from 1."""
    return source_row if workspace.ledger_path else source_row - 1 + workspace.ledger_first_row


def kpi_metrics(now: dict, before: dict) -> list[tuple[str, str, str | None, str]]:
    """The Overview's receivables KPIs as (label, value, change against the previous period, delta colour).

    Days read "16.3 d"; CEI is a percentage ("88.2 %") and its change is in percentage points
    ("+1.5 pp")."""
    def number(value):
        return None if value is None else float(value)

    out = []
    for label, key, unit, change_unit, colour in (
            ("DSO", "dso", " d", " d", "inverse"),
            ("Best-possible DSO", "best_possible_dso", " d", " d", "inverse"),
            ("Avg days delinquent", "add", " d", " d", "inverse"),
            ("CEI", "cei", " %", " pp", "normal")):
        a, b = number(now.get(key)), number(before.get(key))
        value = "–" if a is None else f"{a:.1f}{unit}"
        change = None if a is None or b is None else f"{a - b:+.1f}{change_unit}"
        out.append((label, value, change, colour))
    return out

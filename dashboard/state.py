"""The Streamlit side of the dashboard: where the data comes from, the sidebar, and the caches.

``prepare()`` runs on every rerun before the page: it loads (cached) the workspace, draws the
sidebar (data source, uploads, column mapping, filters) and stores a ``View`` that the pages
read with ``view()``.  All heavy work goes through ``st.cache_data``.

The page is drawn while the analysis finishes: ``prepare()`` gives the View a first look at the
payments (the join, the receivables KPIs, the aging: ``analyze(models=False)``, a fraction of a
second) and starts the complete analysis (effects with bootstrap intervals, survival models,
survey themes) on a background thread, kept on disk by its inputs (``analysis.complete_analysis``).
The Overview draws from the first look; a page that shows models calls ``complete(view)``, which
waits for the analysis under a spinner only if it has not finished yet.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from invoice_lint.analytics.options import AnalysisOptions
from invoice_lint.analytics.traits import TRAITS, YES_NO_TRAITS
from invoice_lint.dashboard.analysis import (
    REPLICATES,
    Filters,
    complete_analysis,
    dashboard_options,
    kept_analysis,
    run_analysis,
)
from invoice_lint.dashboard.uploads import UploadFolder
from invoice_lint.dashboard.workspace import Workspace, demo_folder, load_workspace_kept, trait_columns_of
from invoice_lint.foundation.errors import UserError

DATA_ENV = "INVOICE_LINT_DATA"
LEDGER_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet"]


@dataclass
class View:
    """What every page needs, for this rerun."""

    workspace: Workspace | None
    full: object | None  # AnalysisResult over every ledger row
    result: object | None  # AnalysisResult over the filtered rows (== full without filters)
    filters: Filters = field(default_factory=Filters)
    options: AnalysisOptions = field(default_factory=dashboard_options)
    ledger_error: str | None = None
    # full and result are a first look (no models) until ``complete`` swaps in this analysis's outcome
    pending: Future | None = None

    @property
    def has_payments(self) -> bool:
        return self.result is not None


def _signature(path: Path) -> str:
    """Changes when any file in the folder changes, so the cache reloads edited data."""
    if path.is_file():
        stat = path.stat()
        return f"{stat.st_mtime_ns}:{stat.st_size}"
    parts = [f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in sorted(path.rglob("*")) if p.is_file()]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


@st.cache_data(show_spinner="Reading and checking the invoices…", max_entries=4)
def cached_workspace(folder: str, signature: str, title: str) -> Workspace:
    from invoice_lint.cache import cache_dir_for

    return load_workspace_kept(folder, title, cache_dir_for(None))  # (also on disk, by the files' content)


@st.cache_data(show_spinner="Analysing payments…", max_entries=16)
def cached_first_look(folder: str, signature: str, title: str, options: AnalysisOptions, filters: Filters):
    """The join, KPIs and aging for the rows the filters keep, without the models (fast); the
    complete analysis instead when the cache already keeps it (a restart on the same data)."""
    from invoice_lint.cache import cache_dir_for

    workspace = cached_workspace(folder, signature, title)
    stored = kept_analysis(workspace, options, filters, cache_dir_for(None))
    if stored is not None:
        return stored[0]
    full = None
    if filters.narrows():
        full = cached_first_look(folder, signature, title, options, Filters(as_of=filters.as_of))
    return run_analysis(workspace, options, filters, full=full, models=False)


@st.cache_resource
def _analyses() -> dict:
    """The complete analyses of this server process: one background thread, futures by inputs."""
    return {"executor": ThreadPoolExecutor(max_workers=1, thread_name_prefix="invoice-lint-analysis"),
            "futures": OrderedDict(), "lock": threading.Lock()}


def analysis_future(folder: str, signature: str, title: str, options: AnalysisOptions, filters: Filters) -> Future:
    """The complete analysis ((unfiltered, filtered) results) of these inputs, started once per
    server process on the background thread, or already done (also from the disk cache)."""
    from invoice_lint.cache import cache_dir_for

    runs = _analyses()
    key = (folder, signature, title, options, filters)
    with runs["lock"]:
        future = runs["futures"].get(key)
        if future is None:
            workspace = cached_workspace(folder, signature, title)
            future = runs["executor"].submit(complete_analysis, workspace, options, filters,
                                             cache_dir_for(None))
            runs["futures"][key] = future
            while len(runs["futures"]) > 16:
                runs["futures"].popitem(last=False)
    return future


def complete(v: View) -> View:
    """``v`` with the complete analysis in ``full`` and ``result`` (effects, curves, survey), for a
    page that shows them: waits for the background analysis, under a spinner, if it is still running."""
    if v.pending is None:
        return v
    future, v.pending = v.pending, None
    try:
        if future.done():
            v.full, v.result = future.result()
        else:
            with st.spinner("Analysing payments: effects with bootstrap intervals, survival models, survey themes…"):
                v.full, v.result = future.result()
    except UserError as exc:
        v.full = v.result = None
        v.ledger_error = str(exc)
        st.error(f"The ledger could not be analysed: {exc}")
    return v


def _upload_folder() -> Path:
    """The session's folder of uploaded copies, removed with the session's state (``uploads``)."""
    if "upload_folder" not in st.session_state:
        st.session_state["upload_folder"] = UploadFolder("dashboard")
    return st.session_state["upload_folder"].path


def _drop_upload_folder() -> None:
    folder = st.session_state.pop("upload_folder", None)
    if folder is not None:
        folder.cleanup()


def _uploaded_files() -> tuple[dict[str, bytes], list[str]]:
    """The uploaded files to keep (name in the session folder → content) and messages about
    the files refused."""
    files: dict[str, bytes] = {}
    messages = []
    for item in st.session_state.get("upload_pdfs") or []:
        if Path(item.name).suffix.lower() != ".pdf":
            messages.append(f"{item.name}: not a PDF (only .pdf files are read as invoices)")
            continue
        files[Path(item.name).name] = item.getvalue()
    for key, stem in (("upload_ledger", "payments"), ("upload_survey", "survey")):
        item = st.session_state.get(key)
        if item is None:
            continue
        suffix = Path(item.name).suffix.lower()
        if suffix.lstrip(".") not in LEDGER_TYPES:
            messages.append(f"{item.name}: not a table (CSV, Excel or Parquet expected)")
            continue
        files[f"{stem}{suffix}"] = item.getvalue()
    return files, messages


def _sync_folder(folder: Path, files: dict[str, bytes], links: dict[str, Path]) -> None:
    """Make the session folder hold exactly ``files`` and ``links``, touching only what changed
    (so the data signature, and the caches, stay put across reruns)."""
    for old in folder.iterdir():
        if old.name not in files and old.name not in links:
            old.unlink()
    for name, content in files.items():
        target = folder / name
        if target.is_symlink() or not target.exists() or target.read_bytes() != content:
            target.unlink(missing_ok=True)
            target.write_bytes(content)
    for name, pdf in links.items():
        if not (folder / name).is_symlink():
            (folder / name).symlink_to(pdf)


def _source() -> tuple[Path, str, list[str]]:
    """(folder, title, upload messages): the uploads when there are any, else DATA, else the demo."""
    data = os.environ.get(DATA_ENV)
    files, messages = _uploaded_files()
    if files:
        folder = _upload_folder()
        links: dict[str, Path] = {}
        title = "your uploads"
        if not any(name.endswith(".pdf") for name in files):  # a ledger alone: analyse it against the invoices shown
            base = Path(data) if data else demo_folder()
            links = {pdf.name: pdf.resolve() for pdf in base.glob("*.pdf")} if base.is_dir() else {}
            title = "your ledger with " + (base.name if data else "the demo invoices")
        _sync_folder(folder, files, links)
        return folder, title, messages
    _drop_upload_folder()  # the uploads were removed: so are their copies
    if data:
        return Path(data), data, messages
    return demo_folder(), "demo (sample_invoices)", messages


def _mapping_form(workspace: Workspace, error: str) -> AnalysisOptions:
    """Let the user name the ledger columns (and the date format) when they were not recognized."""
    from invoice_lint.analytics.ledger import LEDGER_FIELDS, REQUIRED_FIELDS

    with st.sidebar.expander("Map ledger columns", expanded=True):
        st.caption("Pick the column that holds each field; leave optional ones empty.")
        columns = [""] + list(workspace.ledger.columns)
        mapping = []
        for name in LEDGER_FIELDS:
            label = name.replace("_", " ") + (" *" if name in REQUIRED_FIELDS else "")
            choice = st.selectbox(label, columns, key=f"map_{name}")
            if choice:
                mapping.append((name, choice))
        date_format = st.selectbox("Date format", ["inferred", "iso", "dmy", "mdy"], key="map_date_format")
    return dashboard_options(mapping=tuple(mapping), date_format=None if date_format == "inferred" else date_format)


def _options_from_state() -> AnalysisOptions:
    from invoice_lint.analytics.ledger import LEDGER_FIELDS

    mapping = tuple((n, st.session_state[f"map_{n}"]) for n in LEDGER_FIELDS if st.session_state.get(f"map_{n}"))
    fmt = st.session_state.get("map_date_format")
    return dashboard_options(mapping=mapping, date_format=None if fmt in (None, "inferred") else fmt,
                             trait_columns=tuple(st.session_state.get("ledger_traits") or ()))


def _ledger_trait_picker(workspace: Workspace, full) -> None:
    """Ledger columns that are not ledger fields can be analysed as traits (``--trait-column``)."""
    used = set(full.report["inputs"]["columns"].values())
    already = set(trait_columns_of(workspace)) | set(full.traits.columns)
    candidates = [c for c in workspace.ledger.columns if c not in used and c not in already]
    if candidates:
        st.sidebar.multiselect("Ledger columns as traits", candidates, key="ledger_traits",
                               help="Analyse these columns of the ledger as traits too, e.g. a delivery "
                               "channel (as `invoice-lint analyze --trait-column`).")


def _filters(full) -> Filters:
    joined = full.joined
    sidebar = st.sidebar
    sidebar.header("Filters")
    issued = joined["issue_date"].dropna()
    start = end = None
    if len(issued):
        low, high = issued.min().date(), issued.max().date()
        chosen = sidebar.date_input("Issue date", value=(low, high), min_value=low, max_value=high, key="f_dates")
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
            start = chosen[0] if chosen[0] != low else None
            end = chosen[1] if chosen[1] != high else None
    default_as_of = date.fromisoformat(full.report["inputs"]["as_of"])
    as_of = sidebar.date_input("As of", value=default_as_of, key="f_as_of",
                               help="Unpaid invoices count as open up to this date.")
    clients = sidebar.multiselect("Client", sorted(joined["client"].dropna().unique()), key="f_clients")
    languages = styles = []
    if "language" in joined.columns:
        languages = sidebar.multiselect("Language", sorted(joined["language"].dropna().astype(str).unique()),
                                        key="f_languages")
    if "style" in joined.columns:
        styles = sidebar.multiselect("Style", sorted(joined["style"].dropna().astype(str).unique()), key="f_styles")
    traits = []
    present = [t for t in YES_NO_TRAITS if t in joined.columns]
    if present:
        with sidebar.expander("Traits"):
            for trait in present:
                choice = st.radio(TRAITS[trait].label, ["any", "with", "without"], horizontal=True,
                                  key=f"f_trait_{trait}")
                if choice != "any":
                    traits.append((trait, choice == "with"))
    return Filters(start=start, end=end, as_of=as_of if as_of != default_as_of else None, clients=tuple(clients),
                   languages=tuple(languages), styles=tuple(styles), traits=tuple(traits))


def _uploads() -> None:
    with st.sidebar.expander("Use your own data"):
        # No ``type=`` filter: a wrong file gets our message naming it, not a generic refusal.
        st.file_uploader("Invoice PDFs", accept_multiple_files=True, key="upload_pdfs", help="PDF files")
        st.file_uploader("Payments ledger", key="upload_ledger",
                         help="CSV, Excel or Parquet; one row per invoice: number, client, issue / due / paid "
                         "dates, amount.")
        st.file_uploader("Survey answers", key="upload_survey", help="CSV, Excel or Parquet")


def prepare() -> View:
    """Load, draw the sidebar, and keep the View for the pages."""
    st.sidebar.title("invoice-lint")
    _uploads()
    folder, title, messages = _source()
    st.sidebar.caption(f"Data: {title}")
    for message in messages:
        st.error(message)
    signature = _signature(folder)
    try:
        workspace = cached_workspace(str(folder), signature, title)
    except UserError as exc:
        st.error(str(exc))
        view = View(workspace=None, full=None, result=None)
        st.session_state["view"] = view
        return view
    for problem in workspace.problems:
        st.error(problem)
    for item in workspace.unreadable:
        st.warning(f"{item['file']}: could not be read ({item['cause']})")
    view = View(workspace=workspace, full=None, result=None)
    if workspace.has_ledger:
        options = _options_from_state()
        try:
            view.full = cached_first_look(str(folder), signature, title, options, Filters())
        except UserError as exc:
            view.ledger_error = str(exc)
            st.error(f"The ledger could not be analysed: {exc}")
            options = _mapping_form(workspace, str(exc))
        if view.full is not None:
            view.options = options
            _ledger_trait_picker(workspace, view.full)
            view.filters = _filters(view.full)
            try:
                view.result = cached_first_look(str(folder), signature, title, options, view.filters)
            except UserError as exc:
                st.error(str(exc))
            if view.result is None:
                st.warning("No ledger rows match these filters.")
            # the page is drawn from the first look while the models run
            view.pending = analysis_future(str(folder), signature, title, options, view.filters)
    st.session_state["view"] = view
    return view


def view() -> View:
    return st.session_state["view"]


def needs_payments(v: View) -> bool:
    """Say so on the page and return False when there is no ledger analysis to show."""
    if v.result is None:
        if v.workspace is not None and not v.workspace.has_ledger:
            st.info("No payments ledger: add one under “Use your own data” in the sidebar "
                    "(or put payments.csv beside the invoices).")
        return False
    return True


__all__ = ["View", "prepare", "view", "complete", "needs_payments", "REPLICATES", "pd"]

"""What the dashboard shows, loaded once: invoices and their findings, the ledger, the survey.

A *workspace* is built from one of
* a folder of invoice PDFs, with its ledger and survey beside it (``payments.csv``,
  ``survey.csv``, … — ``billing.find_companion``), read and checked by ``billing.load_billing``;
* an ``invoice-lint analyze --out`` folder (``traits.csv``, ``joined.csv``, ``effects.json``):
  the ledger is rebuilt from ``joined.csv`` so filters can re-run the same analysis.

It holds only plain frames and dicts (picklable, so Streamlit can cache it).  Payment figures
are never computed here: ``analysis`` calls ``analytics.api.analyze`` on the selected ledger
rows, exactly as the ``analyze`` command does.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from invoice_lint.foundation.errors import UserError

FINDING_COLUMNS = ["file", "code", "rule", "severity", "pack", "page", "line", "message", "snippet", "basis", "bbox"]
LEDGER_OUT_COLUMNS = ["invoice_number", "client", "issue_date", "due_date", "paid_date", "service_date",
                      "written_off_date", "amount", "currency", "template"]


@dataclass
class Workspace:
    title: str  # shown in the sidebar
    root: str | None  # the invoice folder, when there are PDFs
    traits: pd.DataFrame  # one row per readable invoice PDF
    findings: pd.DataFrame  # FINDING_COLUMNS, one row per check finding
    unreadable: list[dict]  # {"file", "kind", "cause"}
    ledger: pd.DataFrame | None  # the ledger as read (text columns), None without one
    ledger_name: str = ""
    ledger_first_row: int = 2  # the file row of the ledger's first data row
    survey: pd.DataFrame | None = None
    survey_name: str = ""
    ledger_path: str | None = None  # the files themselves, analysed by path so row numbers are the file's
    survey_path: str | None = None
    problems: list[str] = field(default_factory=list)  # bad inputs, shown on every page
    rules: dict = field(default_factory=dict)  # code → checks.rules.Rule, for the rules that fired
    source_key: str | None = None  # what it was loaded from (``workspace_key``), when the cache keeps it

    @property
    def has_ledger(self) -> bool:
        return self.ledger is not None and not self.ledger.empty


def demo_folder() -> Path:
    """The bundled demo: ``sample_invoices/`` of a source checkout (beside the package sources for
    an editable install), else the copy an installed wheel ships in ``invoice_lint/dashboard/demo/``,
    else ``sample_invoices/`` in the current folder."""
    import invoice_lint

    candidates = [Path(invoice_lint.__file__).resolve().parents[1] / "sample_invoices",
                  Path(__file__).resolve().with_name("demo"), Path.cwd() / "sample_invoices"]
    for folder in candidates:
        if (folder / "payments.csv").is_file():
            return folder
    return candidates[-1]


def is_analyze_output(folder: Path) -> bool:
    return (folder / "joined.csv").is_file() and (folder / "effects.json").is_file()


def _findings_frame(findings, relative) -> pd.DataFrame:
    rows = [{"file": relative(f.path), "code": f.code, "rule": f.rule, "severity": f.severity, "pack": f.pack,
             "page": f.page, "line": f.line, "message": f.message, "snippet": f.snippet, "basis": f.basis,
             "bbox": tuple(f.bbox) if f.bbox else None} for f in findings]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for column in ("page", "line"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _read_table(path: Path | None, what: str, problems: list[str]) -> tuple[pd.DataFrame | None, int]:
    if path is None:
        return None, 2
    from invoice_lint.analytics.tables import read_table

    try:
        frame, info = read_table(path, what)
    except UserError as exc:
        problems.append(str(exc))
        return None, 2
    return frame, int(info.get("first_row", 2))


def from_invoice_folder(folder: Path, payments: Path | None = None, survey: Path | None = None,
                        title: str | None = None) -> Workspace:
    from invoice_lint.billing import LEDGER_NAMES, SURVEY_NAMES, find_companion, load_billing
    from invoice_lint.pipeline import ReadOptions, default_run_options

    # all cores and the cache, as the commands read by default (a small folder on spawned
    # workers is read in this process: runner._pool_worth)
    billing = load_billing(folder, read_options=ReadOptions(**default_run_options()))
    payments = payments or find_companion(billing.root, LEDGER_NAMES)
    survey = survey or find_companion(billing.root, SURVEY_NAMES)
    problems: list[str] = []
    ledger, first_row = _read_table(payments, "ledger", problems)
    survey_frame, _ = _read_table(survey, "survey", problems)
    return Workspace(
        title=title or str(folder), root=str(billing.root), traits=billing.traits,
        findings=_findings_frame(billing.findings, billing.relative),
        unreadable=[{"file": billing.relative(e.path), "kind": e.kind, "cause": e.cause} for e in billing.errors],
        ledger=ledger, ledger_name=payments.name if payments else "", ledger_first_row=first_row,
        survey=survey_frame, survey_name=survey.name if survey else "", problems=problems,
        ledger_path=str(payments) if ledger is not None else None,
        survey_path=str(survey) if survey_frame is not None else None,
        rules={code: billing.ruleset.lookup(code) for code in sorted({f.code for f in billing.findings})},
    )


def from_analyze_output(folder: Path) -> Workspace:
    """Rebuild a ledger from ``joined.csv`` (amounts back from cents) and take ``traits.csv``."""
    from invoice_lint.foundation.spreadsheet import restore

    # analyze --out wrote formula-like text with a leading apostrophe: read back what the ledger said
    joined = restore(pd.read_csv(folder / "joined.csv", dtype=str, keep_default_na=False))
    traits = restore(pd.read_csv(folder / "traits.csv")) if (folder / "traits.csv").is_file() else None
    try:
        report = json.loads((folder / "effects.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{folder / 'effects.json'}: cannot be read ({exc})") from None
    missing = [c for c in ("invoice_number", "client", "issue_date", "amount_cents") if c not in joined.columns]
    if missing:
        raise UserError(f"{folder / 'joined.csv'}: not an `invoice-lint analyze --out` table (no {', '.join(missing)})")
    kept = joined[joined["problem"] == ""] if "problem" in joined.columns else joined
    ledger = pd.DataFrame({c: kept[c] for c in LEDGER_OUT_COLUMNS if c in kept.columns and c != "amount"})
    cents = pd.to_numeric(kept["amount_cents"], errors="coerce")
    ledger["amount"] = [f"{int(c) / 100:.2f}" if pd.notna(c) else "" for c in cents]
    trait_names = [t for t in report.get("traits", []) if t in kept.columns]
    pdf_traits = set(traits.columns) if traits is not None else set()
    for name in trait_names:
        if name not in pdf_traits:  # a ledger trait column: keep it on the ledger
            ledger[name] = kept[name]
    if traits is None or traits.empty:
        traits = pd.DataFrame(columns=["file", "invoice_number", "invoice_key"])
    return Workspace(title=str(folder), root=None, traits=traits,
                     findings=pd.DataFrame(columns=FINDING_COLUMNS), unreadable=[], ledger=ledger.reset_index(drop=True),
                     ledger_name="joined.csv", ledger_first_row=2,
                     problems=[] if traits is not None else ["traits.csv is missing: only ledger traits are shown"])


def load_workspace(data: Path | str, payments: Path | str | None = None, survey: Path | str | None = None,
                   title: str | None = None) -> Workspace:
    """A workspace from a folder (of PDFs, or of ``analyze --out`` results).  UserError on bad input."""
    folder = Path(data)
    if not folder.exists():
        raise UserError(f"{folder}: no such folder")
    if folder.is_dir() and is_analyze_output(folder):
        return from_analyze_output(folder)
    return from_invoice_folder(folder, Path(payments) if payments else None, Path(survey) if survey else None,
                               title=title)


# what a workspace depends on besides the folder's files: this code and the libraries that read them
WORKSPACE_PACKAGES = ("invoice_lint", "invoice_lint.rules", "invoice_lint.analytics", "invoice_lint.billing",
                      "invoice_lint.dashboard")
WORKSPACE_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "py3langid", "zxing-cpp", "pandas", "numpy",
                       "scikit-learn", "babel")


def workspace_key(folder: Path, title: str | None, cache_dir: str) -> str | None:
    """The disk-cache key of ``load_workspace(folder, title=title)``: every file under the folder
    (path and content: the PDFs, the ledger and survey beside them), the folder's config, the read
    options the dashboard uses and the code; None when something cannot be read (loading says why)."""
    import hashlib

    from invoice_lint import cache
    from invoice_lint.config import load_config
    from invoice_lint.pipeline import ReadOptions, default_run_options

    try:
        folder = folder.resolve()
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]
        config = repr(load_config(folder))
    except (OSError, UserError):
        return None
    cache.load_digests(cache_dir)
    contents = []
    for path in files:
        digest = cache.content_digest(path)
        if digest is None:
            return None
        contents.append((str(path), digest))
    if Path(cache_dir).is_dir():
        cache.record_digests(cache_dir)
    code = cache.fingerprint(WORKSPACE_PACKAGES, WORKSPACE_LIBRARIES)
    options = cache.options_key(ReadOptions(**default_run_options()))
    return hashlib.blake2b(repr((code, str(folder), title, config, options, contents)).encode(),
                           digest_size=20).hexdigest()


def load_workspace_kept(data: Path | str, title: str | None = None, cache_dir: str | None = None) -> Workspace:
    """``load_workspace(data, title=title)``, kept in the cache folder ``cache_dir`` (the check
    cache's, ``cache.cache_dir_for``) by ``workspace_key``: a dashboard started again on unchanged
    data reads, checks and clusters nothing.  Bad input raises UserError as ``load_workspace`` does."""
    from invoice_lint import cache

    key = workspace_key(Path(data), title, cache_dir) if cache_dir else None
    if key is not None:
        stored = cache.load_value(cache_dir, "workspace", key)
        if stored is not None:
            return stored
    workspace = load_workspace(data, title=title)
    if key is not None:
        workspace.source_key = key
        cache.store_value(cache_dir, "workspace", key, workspace)
    return workspace


def trait_columns_of(workspace: Workspace) -> list[str]:
    """Ledger columns that are not ledger fields but traits (kept from an ``--out`` folder)."""
    if workspace.ledger is None or workspace.ledger_name != "joined.csv":
        return []
    return [c for c in workspace.ledger.columns if c not in LEDGER_OUT_COLUMNS]

"""The one analysis entry point shared by the CLI, the dashboard and the audit report.

``analyze`` reads what it is given (a folder of invoice PDFs, a payments ledger, a survey),
runs the pipeline once and returns an ``AnalysisResult`` of plain data — pandas frames and a
JSON-ready dict — with no open files or models, so callers can cache it (e.g. Streamlit's
``st.cache_data``) and render it however they like.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from invoice_lint import __version__
from invoice_lint.analytics.effects import payment_effects
from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.kpis import aging_by_client, receivables_kpis
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.options import AnalysisOptions
from invoice_lint.analytics.report import SCHEMA_VERSION, render_text
from invoice_lint.foundation.errors import UserError

if TYPE_CHECKING:
    from invoice_lint.config import Config
    from invoice_lint.pipeline import ReadOptions


@dataclass
class AnalysisResult:
    """Everything one analysis produced.  ``report`` is the versioned JSON (docs/analyze.md)."""

    report: dict
    traits: pd.DataFrame  # one row per invoice PDF (empty without a folder)
    joined: pd.DataFrame  # every ledger row: status, reason, traits, duration_days, paid, late
    effects: pd.DataFrame  # the report's effects as a frame
    curves: pd.DataFrame  # KM curves per trait level: trait, level, day, survival, ci_low, ci_high, at_risk
    aging: pd.DataFrame  # open amounts per client and aging bucket
    survey_answers: pd.DataFrame | None = None  # every survey row with status and traits
    survey_effects: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def text(self) -> str:
        return render_text(self.report)

    def to_json(self) -> str:
        return json.dumps(self.report, indent=2, ensure_ascii=False, default=str) + "\n"


class _Stages:
    """A one-line progress display on stderr (tqdm) naming the current stage; silent when off."""

    def __init__(self, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=None, desc="analyze", bar_format="{desc} [{elapsed}]", leave=False)

    def step(self, name: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(f"analyze: {name}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _read_pdf_traits(invoices_dir: Path, config: Config | None, read_options: ReadOptions | None,
                     language: str | None, progress: bool) -> tuple[pd.DataFrame, dict]:
    """The trait table of the invoices in ``invoices_dir``, their findings counted as ``check``
    reports them (``checking.run_check`` with the folder's config, or ``config``), and what was read."""
    if not invoices_dir.exists():
        raise UserError(f"{invoices_dir}: no such folder")
    from invoice_lint.analytics.traits import traits_table
    from invoice_lint.checking import folder_config, reading_of, run_check
    from invoice_lint.pipeline import ReadOptions

    if config is None:
        config, read_options = folder_config(invoices_dir, read_options)
    elif read_options is None:  # a caller's config with no reading options: its backend applies
        read_options = reading_of(config)
    if language:
        config = dataclasses.replace(config, language=language)
    run = run_check([invoices_dir], config, read_options or ReadOptions(), progress=progress, keep_invoices=True,
                    allow_empty=True)
    invoices = run.invoices
    findings = run.findings if invoices else None
    root = invoices_dir if invoices_dir.is_dir() else invoices_dir.parent
    table = traits_table(invoices, findings or (), root=root)
    if findings is None:
        for column in ("findings_error", "findings_warning", "findings_info"):
            table[column] = pd.NA
    info = {
        "folder": str(invoices_dir), "read": len(invoices),
        "unreadable": [{"file": e.path, "kind": e.kind, "cause": e.cause} for e in run.errors],
        "findings": "available" if findings is not None else "not available (no invoice was read)",
    }
    return table, info


def analyze(
    invoices_dir: Path | str | None,
    payments: Path | str | pd.DataFrame,
    survey: Path | str | pd.DataFrame | None = None,
    *,
    options: AnalysisOptions | None = None,
    read_options: ReadOptions | None = None,  # how the PDFs are read (pipeline.ReadOptions: OCR, time limit)
    config: Config | None = None,  # what the PDFs are checked with; None: the folder's config file
    traits: pd.DataFrame | None = None,
    progress: bool = False,
    **analysis,
) -> AnalysisResult:
    """Link invoice traits to payment timing and survey answers.

    ``invoices_dir``: folder of invoice PDFs (or None: traits come only from ledger columns or
    ``traits``, a precomputed frame as from ``traits.traits_table``).  ``payments`` / ``survey``:
    CSV, Excel or Parquet paths, or frames already in memory.  ``options``: how the analysis runs
    (``AnalysisOptions``: as_of, mapping, survey_mapping, trait_columns, references,
    template_column, date_format, language, replicates, seed, max_model_rows, period_days,
    predict, models); the same names as keywords (``analysis``) change single options:
    ``analyze(folder, ledger, replicates=300)``.  ``read_options`` and ``config``: how the PDFs
    are read and what they are checked with (``checking.run_check``; without a config, the
    folder's).  Raises UserError on bad input, named by the option.
    ``models=False``: only the join, the receivables KPIs and the aging, in a fraction of the time
    (no effects, curves, survey or prediction: the report's ``effects`` is empty and ``survey`` and
    ``prediction`` are None) — what the dashboard draws its first page from while the rest runs.
    """
    options = AnalysisOptions.of(options, **analysis)
    as_of_date, references, models = options.as_of, options.reference_levels, options.models
    replicates, seed = options.replicates, options.seed
    stages = _Stages(progress)
    invoices_info: dict | None = None
    if invoices_dir is not None:
        stages.step("reading invoice PDFs")
        traits, invoices_info = _read_pdf_traits(Path(invoices_dir), config, read_options, options.language, progress)
    stages.step("reading the ledger")
    ledger = read_ledger(payments, mapping=options.ledger_map, date_format=options.date_format,
                         trait_columns=options.trait_columns, template_column=options.template_column)
    stages.step("joining")
    joined = join_ledger(ledger, traits, as_of_date)
    effects, curves, method = [], pd.DataFrame(), {}
    if models:
        stages.step("payment effects")
        effects, curves, method = payment_effects(joined, references, replicates=replicates, seed=seed,
                                                  max_model_rows=options.max_model_rows, progress=progress)
    included = joined.included
    stages.step("receivables")
    kpis = receivables_kpis(included, joined.as_of, options.period_days)
    survey_block = None
    survey_answers = None
    survey_frame = pd.DataFrame()
    if survey is not None and models:
        from invoice_lint.analytics.survey import join_survey, read_survey, survey_effects, survey_rows
        from invoice_lint.analytics.themes import comment_themes

        stages.step("survey")
        answers = read_survey(survey, mapping=options.survey_map, date_format=options.date_format)
        survey_answers = join_survey(answers, joined, traits)
        reference_labels = {t: v["reference"] for t, v in method.get("levels", {}).items()}
        survey_list = survey_effects(survey_answers, joined.trait_names, answers.scales, references,
                                     replicates=replicates, seed=seed, reference_labels=reference_labels)
        comments = survey_answers[survey_answers["status"] != "excluded"]
        language = comments["answer_language"].copy()
        if "language" in joined.trait_names:  # the invoice's language when the answer has none
            missing = language == ""
            language[missing] = comments.loc[missing, "language"].fillna("").astype(str).str.split("-").str[0]
        themes = comment_themes(pd.DataFrame({"comment": comments["comment"], "language": language}))
        survey_block = {"rows": survey_rows(survey_answers, joined), "scales": {q: list(s) for q, s in answers.scales.items()},
                        "columns": answers.columns, "effects": survey_list, "themes": themes,
                        "method": {"mean_difference_ci": "percentile bootstrap over clients",
                                   "top2": "Wilson per group, Newcombe for the difference",
                                   "rank_test": "Mann–Whitney U (ignores clustering), rank-biserial effect size",
                                   "themes": "TF-IDF + NMF per language, spaCy blank tokenizers and stop words"}}
        survey_frame = pd.DataFrame(survey_list)
    prediction = None
    if options.predict and models:
        from invoice_lint.analytics.predict import late_payment_model

        stages.step("late-payment model")
        prediction = late_payment_model(included, joined.trait_names, seed=seed)
    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "invoice-lint", "version": __version__},
        "inputs": {
            "invoices": None if invoices_dir is None else str(invoices_dir),
            "payments": ledger.source, "survey": None if survey is None else (
                str(survey) if not isinstance(survey, pd.DataFrame) else "survey table"),
            "as_of": joined.as_of.isoformat(), "as_of_source": "given" if as_of_date else "latest date in the ledger",
            "columns": ledger.columns, "date_formats": ledger.date_formats,
            "trait_columns": ledger.trait_columns, "template_column": ledger.columns.get("template"),
            "references": dict(references or {}),
        },
        "rows": joined.rows,
        "invoices": invoices_info,
        "traits": joined.trait_names,
        "method": method,
        "effects": effects,
        "survey": survey_block,
        "kpis": kpis,
        "prediction": prediction,
        "notes": [
            "effect_days = median days to pay with the level minus with the reference; negative = paid sooner",
            "hazard_ratio > 1 = paid faster (adjusted for the other traits and amount; errors clustered by client)",
            "associations, not causes: see the summary text",
        ],
    }
    stages.close()
    return AnalysisResult(
        report=report,
        traits=traits if traits is not None else pd.DataFrame(columns=["file", "invoice_number", "invoice_key"]),
        joined=joined.frame, effects=pd.DataFrame(effects), curves=curves,
        aging=aging_by_client(included, joined.as_of), survey_answers=survey_answers, survey_effects=survey_frame,
    )


def write_outputs(result: AnalysisResult, out_dir: Path | str, option: str = "--out") -> list[Path]:
    """traits.csv, joined.csv, effects.json (the full report) and curves.csv for the dashboard.

    The folder is created when missing, but never its parents (``invoice_lint.foundation.outputs``)."""
    from invoice_lint.foundation.outputs import make_output_folder
    from invoice_lint.foundation.spreadsheet import write_csv

    out = make_output_folder(Path(out_dir), option)
    written = []
    paths = {"traits.csv": result.traits, "joined.csv": result.joined, "curves.csv": result.curves}
    try:
        for name, frame in paths.items():
            path = out / name
            write_csv(frame, path, date_format="%Y-%m-%d")  # formula-like text made inert
            written.append(path)
        path = out / "effects.json"
        path.write_text(result.to_json(), encoding="utf-8")
        written.append(path)
    except OSError as exc:
        raise UserError(f"{option} {out}: cannot write {path.name} ({exc.strerror or exc})") from None
    return written

"""Client survey answers: read them, tie them to invoices, and compare scores by invoice trait.

Answers are joined by invoice number or, failing that, to the same client's latest invoice
issued before the answer (within ``CLIENT_WINDOW_DAYS``).  Likert answers are ordinal, so next
to the difference in mean score (client-bootstrap interval) the report gives the top-2-box
share (Wilson / Newcombe) and a Mann–Whitney test with its rank-biserial effect size.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from invoice_lint.analytics.columns import header_key, recognize_columns
from invoice_lint.analytics.date_columns import parse_date_columns
from invoice_lint.analytics.join import INCLUDED, Joined
from invoice_lint.analytics.ledger import LEDGER_FIELDS
from invoice_lint.analytics.levels import trait_levels
from invoice_lint.analytics.numbers import normalize_invoice_numbers
from invoice_lint.analytics.rates import newcombe, wilson
from invoice_lint.analytics.survival import ClientBootstrap, percentile_interval
from invoice_lint.analytics.tables import table_from
from invoice_lint.foundation.errors import UserError

CLIENT_WINDOW_DAYS = 120


def _survey_names() -> dict[str, tuple[str, ...]]:
    """Each survey field's column names: the ledger's for the invoice number and client, else the
    field's own name and each language's (``survey.columns`` in rules/lexicon/<lang>.yaml)."""
    from invoice_lint.foundation.lexicon import SURVEY_FIELDS as FIELDS
    from invoice_lint.foundation.lexicon import all_lexicons

    names: dict[str, list[str]] = {name: [name] for name in FIELDS}
    for lex in all_lexicons():
        for name, columns in lex.survey_columns.items():
            names[name] += columns
    out = {name: tuple(dict.fromkeys(columns)) for name, columns in names.items()}
    return {**out, "invoice_number": LEDGER_FIELDS["invoice_number"], "client": LEDGER_FIELDS["client"]}


SURVEY_FIELDS: dict[str, tuple[str, ...]] = _survey_names()
SURVEY_STATUSES = ("matched_by_number", "matched_by_client_date", "unmatched", "excluded")


@dataclass
class Survey:
    source: str
    frame: pd.DataFrame  # one row per answer: source_row, invoice_key, client, date, question, score, comment, answer_language, problem
    columns: dict[str, str]
    scales: dict[str, tuple[int, int]] = field(default_factory=dict)  # question -> (min, max)


def read_survey(path: Path | str | pd.DataFrame, mapping: Mapping[str, str] | None = None,
                date_format: str | None = None, name: str = "survey table") -> Survey:
    """Read survey answers (long format: one row per question; wide: one column per question)."""
    raw, info, source = table_from(path, "survey", name)
    columns = recognize_columns(raw.columns, SURVEY_FIELDS, mapping, (), source, "survey", map_prefix="survey.")
    if "invoice_number" not in columns and "client" not in columns:
        raise UserError(f"{source}: survey needs an invoice number or a client column to tie answers to invoices; "
                        f"columns found: {', '.join(raw.columns)}. Name one with --map survey.invoice_number=COLUMN")
    if raw.empty:
        raise UserError(f"{source}: the survey has a header but no rows")
    raw = raw.reset_index(drop=True)
    raw["_source_row"] = np.arange(len(raw)) + int(info.get("first_row", 2))
    if "score" not in columns:
        taken = set(columns.values())
        questions = [c for c in raw.columns if c not in taken and c != "_source_row"
                     and pd.to_numeric(raw[c], errors="coerce").notna().mean() > 0.5]
        if not questions:
            raise UserError(f"{source}: survey has no score column (and no numeric question columns); "
                            f"columns found: {', '.join(c for c in raw.columns if c != '_source_row')}. "
                            f"Name it with --map survey.score=COLUMN")
        keep = [c for c in raw.columns if c not in questions]
        raw = raw.melt(id_vars=keep, value_vars=questions, var_name="_question", value_name="_score")
        raw = raw.sort_values(["_source_row", "_question"], kind="stable").reset_index(drop=True)
        columns = {**columns, "question": "_question", "score": "_score"}

    def text(field_name: str) -> pd.Series:
        if field_name not in columns:
            return pd.Series("", index=raw.index, dtype=object)
        values = raw[columns[field_name]].astype(object)
        return values.where(values.notna(), "").astype(str).str.strip()

    frame = pd.DataFrame({"source_row": raw["_source_row"].to_numpy()})
    frame["invoice_number"] = text("invoice_number")
    frame["invoice_key"] = normalize_invoice_numbers(frame["invoice_number"].tolist())
    frame["client"] = text("client")
    frame["question"] = text("question") if "question" in columns else "score"
    frame.loc[frame["question"] == "", "question"] = "score"
    frame["comment"] = text("comment")
    frame["answer_language"] = text("language").str.lower().str.split("-").str[0]
    problems = pd.Series("", index=frame.index, dtype=object)
    if "date" in columns:
        parsed = parse_date_columns({columns["date"]: raw[columns["date"]]}, source, date_format)[columns["date"]]
        frame["date"] = parsed.values.to_numpy()
        problems = problems.where(~(parsed.bad.to_numpy() & (problems == "")), "unparseable date")
    else:
        frame["date"] = pd.NaT
    score_text = text("score").str.replace(",", ".", regex=False)
    score = pd.to_numeric(score_text, errors="coerce")
    frame["score"] = score
    empty = score_text == ""
    problems = problems.where(~(empty & (problems == "")), "missing score")
    problems = problems.where(~(score.isna() & ~empty & (problems == "")), "score is not a number")
    out_of_range = score.notna() & ((score < 0) | (score > 10) | (score != np.round(score)))
    problems = problems.where(~(out_of_range & (problems == "")), "score outside the 0–10 / 1–5 scales")
    no_id = (frame["invoice_key"] == "") & (frame["client"] == "")
    problems = problems.where(~(no_id & (problems == "")), "no invoice number or client")
    frame["problem"] = problems
    scales = {}
    valid = frame["problem"] == ""
    for question, scores in frame.loc[valid].groupby("question")["score"]:
        low, high = scores.min(), scores.max()
        scales[question] = (1, 5) if low >= 1 and high <= 5 else (0, 10)
    return Survey(source=source, frame=frame, columns=columns, scales=scales)


def join_survey(survey: Survey, joined: Joined, pdf_traits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each answer with a status and the traits of its invoice (ledger row, else the PDF itself)."""
    frame = survey.frame.copy()
    ledger = joined.frame[joined.frame["status"].isin(INCLUDED)]
    traits = joined.trait_names
    frame["status"] = np.where(frame["problem"] == "", "", "excluded")
    frame["reason"] = frame["problem"]
    frame["ledger_index"] = -1
    key_to_row = pd.Series(ledger.index.to_numpy(), index=ledger["invoice_key"].to_numpy())
    key_to_row = key_to_row[~key_to_row.index.duplicated()]
    open_rows = (frame["status"] == "") & (frame["invoice_key"] != "")
    hit = frame.loc[open_rows, "invoice_key"].map(key_to_row)
    found = hit.notna()
    frame.loc[hit.index[found], "ledger_index"] = hit[found].astype(np.int64).to_numpy()
    frame.loc[hit.index[found], "status"] = "matched_by_number"

    by_date = (frame["status"] == "") & (frame["client"] != "") & frame["date"].notna()
    if by_date.any() and len(ledger):
        left = frame.loc[by_date, ["client", "date"]].copy()
        left["_client"] = left["client"].map(header_key)
        left["_i"] = left.index
        right = pd.DataFrame({"_client": ledger["client"].map(header_key).to_numpy(),
                              "issue_date": ledger["issue_date"].to_numpy(), "_row": ledger.index.to_numpy()})
        right = right.dropna(subset=["issue_date"]).sort_values("issue_date", kind="stable")
        merged = pd.merge_asof(left.sort_values("date", kind="stable"), right, left_on="date", right_on="issue_date",
                               by="_client", direction="backward", tolerance=pd.Timedelta(days=CLIENT_WINDOW_DAYS))
        merged = merged.dropna(subset=["_row"])
        frame.loc[merged["_i"].to_numpy(), "ledger_index"] = merged["_row"].astype(np.int64).to_numpy()
        frame.loc[merged["_i"].to_numpy(), "status"] = "matched_by_client_date"

    matched = frame["ledger_index"] >= 0
    for name in traits:
        frame[name] = pd.Series(pd.NA, index=frame.index, dtype=object)
        if matched.any():
            frame.loc[matched, name] = joined.frame.loc[frame.loc[matched, "ledger_index"].to_numpy(), name].to_numpy()
    frame["ledger_client"] = ""
    if matched.any():
        frame.loc[matched, "ledger_client"] = joined.frame.loc[frame.loc[matched, "ledger_index"].to_numpy(), "client"].to_numpy()
    # Answers about a PDF that is not in the ledger still carry its traits.
    if pdf_traits is not None and len(pdf_traits):
        pdf_by_key = pdf_traits.drop_duplicates("invoice_key").set_index("invoice_key")
        pdf_only = (frame["status"] == "") & frame["invoice_key"].isin(pdf_by_key.index) & (frame["invoice_key"] != "")
        for name in traits:
            if name in pdf_by_key.columns:
                frame.loc[pdf_only, name] = pdf_by_key.loc[frame.loc[pdf_only, "invoice_key"], name].to_numpy()
        frame.loc[pdf_only, "status"] = "matched_by_number"
    unmatched = frame["status"] == ""
    frame.loc[unmatched, "status"] = "unmatched"
    frame.loc[unmatched, "reason"] = "no ledger invoice with this number, or of this client before the answer"
    frame["cluster"] = np.where(frame["ledger_client"] != "", frame["ledger_client"], frame["client"])
    for name in traits:  # restore dtypes for level detection
        frame[name] = frame[name].infer_objects()
    return frame


def _rank_biserial(a: np.ndarray, b: np.ndarray) -> tuple[float | None, float | None]:
    from scipy.stats import mannwhitneyu

    if len(a) == 0 or len(b) == 0:
        return None, None
    if np.all(a == a[0]) and np.all(b == a[0]):
        return 1.0, 0.0
    result = mannwhitneyu(a, b, alternative="two-sided")
    return float(result.pvalue), float(2 * result.statistic / (len(a) * len(b)) - 1)


def survey_effects(answers: pd.DataFrame, traits: list[str], scales: Mapping[str, tuple[int, int]],
                   references: Mapping[str, str] | None = None, replicates: int = 1000, seed: int = 0,
                   reference_labels: Mapping[str, str] | None = None) -> list[dict]:
    """Per question and trait level: mean and top-2-box differences against the reference level."""
    references = dict(references or {})
    reference_labels = dict(reference_labels or {})
    usable = answers[answers["status"].isin(("matched_by_number", "matched_by_client_date"))].reset_index(drop=True)
    results: list[dict] = []
    if usable.empty:
        return results
    for question, part in usable.groupby("question", sort=True):
        part = part.reset_index(drop=True)
        low, high = scales.get(question, (1, 5))
        scores = part["score"].to_numpy(dtype=float)
        top2 = scores >= high - 1
        clients, _ = pd.factorize(part["cluster"])
        boot = ClientBootstrap(int(clients.max()) + 1, replicates, seed)
        for trait in traits:
            if trait not in part.columns:
                continue
            reference = references.get(trait) or reference_labels.get(trait)
            try:
                tl = trait_levels(part[trait], trait, reference)
            except UserError:
                tl = trait_levels(part[trait], trait, None)
            if tl is None:
                continue
            ref_mask = tl.codes == tl.reference
            for i, label in enumerate(tl.labels):
                mask = tl.codes == i
                if i == tl.reference or not mask.any():
                    continue
                agg = np.column_stack([
                    np.bincount(clients[mask], weights=scores[mask], minlength=boot.n_clients),
                    np.bincount(clients[mask], minlength=boot.n_clients),
                    np.bincount(clients[ref_mask], weights=scores[ref_mask], minlength=boot.n_clients),
                    np.bincount(clients[ref_mask], minlength=boot.n_clients),
                ]).astype(float)
                totals = boot.totals(agg)
                with np.errstate(divide="ignore", invalid="ignore"):
                    replicate_diff = totals[:, 0] / totals[:, 1] - totals[:, 2] / totals[:, 3]
                a, b = scores[mask], scores[ref_mask]
                ci = percentile_interval(replicate_diff)
                p, r = _rank_biserial(a, b)
                t2, t2_low, t2_high = newcombe(int(top2[mask].sum()), int(mask.sum()), int(top2[ref_mask].sum()), int(ref_mask.sum()))
                share_w = wilson(int(top2[mask].sum()), int(mask.sum()))
                share_wo = wilson(int(top2[ref_mask].sum()), int(ref_mask.sum()))
                flags = ["small-group"] if min(len(a), len(b)) < 30 else []
                if min(len(np.unique(clients[mask])), len(np.unique(clients[ref_mask]))) < 10:
                    flags.append("few-clients")
                results.append({
                    "question": question, "scale": [low, high], "trait": trait, "level": label,
                    "reference": tl.labels[tl.reference], "n_with": int(len(a)), "n_without": int(len(b)),
                    "mean_with": float(a.mean()), "mean_without": float(b.mean()),
                    "mean_difference": float(a.mean() - b.mean()), "ci_low": ci[0], "ci_high": ci[1],
                    "top2_with": share_w[0], "top2_with_ci": [share_w[1], share_w[2]],
                    "top2_without": share_wo[0], "top2_without_ci": [share_wo[1], share_wo[2]],
                    "top2_difference": t2, "top2_ci_low": t2_low, "top2_ci_high": t2_high,
                    "mannwhitney_p": p, "rank_biserial": r, "flags": flags,
                    "significant": ci[0] is not None and ci[1] is not None and (ci[0] > 0 or ci[1] < 0),
                })
    return results


def survey_rows(answers: pd.DataFrame, joined: Joined) -> dict:
    counts = answers["status"].value_counts()
    excluded = answers["status"] == "excluded"
    included_invoices = int(joined.frame["status"].isin(INCLUDED).sum())
    answered = answers.loc[answers["ledger_index"] >= 0, "ledger_index"].nunique()
    return {
        "read": int(len(answers)),
        **{s: int(counts.get(s, 0)) for s in SURVEY_STATUSES},
        "excluded_reasons": {str(k): int(v) for k, v in answers.loc[excluded, "reason"].value_counts().items()},
        "invoices_with_answers": int(answered),
        "response_rate": (answered / included_invoices) if included_invoices else None,
    }

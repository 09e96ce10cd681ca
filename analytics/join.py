"""Join the ledger to invoice traits and account for every row.

Each ledger row ends with one status — ``matched_by_number``, ``matched_by_template``,
``unmatched`` (used, but without PDF traits), ``duplicate`` or ``excluded`` — and, for the last
two, a reason.  Payment timing is set up here as survival data: unpaid invoices are censored at
the as-of date, never dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import numpy as np
import pandas as pd

from invoice_lint.analytics.ledger import Ledger

STATUSES = ("matched_by_number", "matched_by_template", "unmatched", "duplicate", "excluded")
INCLUDED = ("matched_by_number", "matched_by_template", "unmatched")
TRAIT_ID_COLUMNS = ("file", "invoice_number", "invoice_key")


@dataclass
class Joined:
    """Every ledger row with status, reason, traits and survival columns."""

    frame: pd.DataFrame
    as_of: date
    trait_names: list[str]  # PDF traits then ledger trait columns, as they appear in ``frame``
    rows: dict  # the accounting summary of the JSON report
    unmatched_pdfs: list[dict] = field(default_factory=list)

    @property
    def included(self) -> pd.DataFrame:
        return self.frame[self.frame["status"].isin(INCLUDED)]


def template_key(value: object) -> str:
    text = str(value or "").strip().replace("\\", "/")
    return PurePath(text).stem.lower() if text else ""


def _examples(frame: pd.DataFrame, mask: pd.Series, limit: int = 20) -> list[dict]:
    rows = frame.loc[mask, ["source_row", "invoice_number", "status", "reason"]].head(limit)
    return [{"row": int(r.source_row), "invoice_number": r.invoice_number, "status": r.status, "reason": r.reason}
            for r in rows.itertuples(index=False)]


def join_ledger(ledger: Ledger, traits: pd.DataFrame | None = None, as_of: date | None = None) -> Joined:
    """Account for every ledger row and attach the traits of its invoice PDF (by number or template)."""
    frame = ledger.frame.copy()
    traits = traits if traits is not None else pd.DataFrame(columns=list(TRAIT_ID_COLUMNS))
    pdf_traits = [c for c in traits.columns if c not in TRAIT_ID_COLUMNS]
    ok = frame["problem"] == ""
    if as_of is None:
        latest = pd.concat([frame.loc[ok, c] for c in ("issue_date", "paid_date", "written_off_date")]).max()
        if pd.isna(latest):
            latest = pd.Timestamp.today().normalize()
        as_of_ts = pd.Timestamp(latest)
    else:
        as_of_ts = pd.Timestamp(as_of)
    frame["reason"] = frame["problem"]
    late_issue = ok & (frame["issue_date"] > as_of_ts)
    frame.loc[late_issue, "reason"] = "issued after the as-of date"
    ok = frame["reason"] == ""

    status = np.where(ok, "", "excluded").astype(object)
    first_row = frame.loc[ok].groupby("invoice_key", sort=False)["source_row"].transform("first")
    duplicate = pd.Series(False, index=frame.index)
    duplicate.loc[first_row.index] = first_row.to_numpy() != frame.loc[first_row.index, "source_row"].to_numpy()
    status[duplicate.to_numpy()] = "duplicate"
    frame.loc[duplicate, "reason"] = "duplicate of row " + first_row[duplicate[first_row.index]].astype(str)

    # Traits by invoice number, then by template name.
    pdf_index = np.full(len(frame), -1, dtype=np.int64)
    by_key: dict[str, int] = {}
    by_template: dict[str, int] = {}
    for i, row in enumerate(traits.itertuples(index=False)):
        key = getattr(row, "invoice_key", "") or ""
        if key:
            by_key.setdefault(key, i)
        file = getattr(row, "file", "") or ""
        if file:
            by_template.setdefault(str(file).replace("\\", "/").lower(), i)
            by_template.setdefault(template_key(file), i)
    open_rows = status == ""
    keys = frame["invoice_key"].to_numpy()
    number_hit = np.array([by_key.get(k, -1) for k in keys], dtype=np.int64) if by_key else np.full(len(frame), -1)
    use_number = open_rows & (number_hit >= 0)
    pdf_index[use_number] = number_hit[use_number]
    status[use_number] = "matched_by_number"
    if by_template:
        templates = frame["template"].to_numpy()
        codes, uniques = pd.factorize(templates)
        hits = np.array([by_template.get(str(u).replace("\\", "/").lower(), by_template.get(template_key(u), -1))
                         for u in uniques], dtype=np.int64)
        template_hit = hits[codes] if len(uniques) else np.full(len(frame), -1)
        use_template = (status == "") & (template_hit >= 0)
        pdf_index[use_template] = template_hit[use_template]
        status[use_template] = "matched_by_template"
    unmatched = status == ""
    status[unmatched] = "unmatched"
    frame["status"] = status
    if len(traits):
        frame.loc[unmatched, "reason"] = "no invoice PDF with this number or template"
    frame["pdf_file"] = np.where(pdf_index >= 0, traits["file"].astype(str).to_numpy()[np.maximum(pdf_index, 0)]
                                 if len(traits) else "", "")
    for name in pdf_traits:
        values = traits[name].reset_index(drop=True)
        taken = values.reindex(np.where(pdf_index >= 0, pdf_index, len(values))).reset_index(drop=True)
        frame[name if name not in frame.columns else f"{name} (pdf)"] = taken.to_numpy()
    trait_names = [n if n not in ledger.frame.columns else f"{n} (pdf)" for n in pdf_traits] + list(ledger.trait_columns)

    # Survival set-up: paid by the as-of date is an event; everything else is censored at as-of.
    paid_by = frame["paid_date"].notna() & (frame["paid_date"] <= as_of_ts)
    end = frame["paid_date"].where(paid_by, as_of_ts)
    frame["paid"] = paid_by
    frame["duration_days"] = (end - frame["issue_date"]).dt.days.astype("Int64")
    frame["due_days"] = (frame["due_date"] - frame["issue_date"]).dt.days.astype("Int64")
    due_passed = frame["due_date"].notna() & (frame["due_date"] < as_of_ts)
    late = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    late[paid_by & frame["due_date"].notna()] = (frame["paid_date"] > frame["due_date"])[paid_by & frame["due_date"].notna()]
    late[~paid_by & due_passed] = True
    late[~paid_by & ~due_passed] = pd.NA
    frame["late"] = late
    frame.loc[~frame["status"].isin(INCLUDED), ["paid", "duration_days", "late"]] = [False, pd.NA, pd.NA]

    counts = frame["status"].value_counts()
    excluded = frame["status"] == "excluded"
    reasons = frame.loc[excluded, "reason"].value_counts()
    included = frame["status"].isin(INCLUDED)
    rows = {
        "read": int(len(frame)),
        "included": int(included.sum()),
        "matched_by_number": int(counts.get("matched_by_number", 0)),
        "matched_by_template": int(counts.get("matched_by_template", 0)),
        "unmatched": int(counts.get("unmatched", 0)),
        "duplicate": int(counts.get("duplicate", 0)),
        "excluded": int(excluded.sum()),
        "excluded_reasons": {str(k): int(v) for k, v in reasons.items()},
        "unpaid_censored": int((included & ~frame["paid"]).sum()),
        "examples": {
            "excluded": _examples(frame, excluded),
            "duplicate": _examples(frame, frame["status"] == "duplicate"),
            "unmatched": _examples(frame, frame["status"] == "unmatched"),
        },
    }
    used_numbers = set(frame.loc[frame["status"] == "matched_by_number", "invoice_key"])
    used_templates = set(pdf_index[frame["status"].to_numpy() == "matched_by_template"].tolist())
    unmatched_pdfs = []
    for i, row in enumerate(traits.itertuples(index=False)):
        key = getattr(row, "invoice_key", "") or ""
        if key and key in used_numbers:
            continue
        reason = "no invoice number read from the PDF" if not key else "invoice number not in the ledger"
        unmatched_pdfs.append({"file": str(getattr(row, "file", "")), "invoice_number": str(getattr(row, "invoice_number", "") or ""),
                               "reason": reason, "used_as_template": i in used_templates})
    rows["pdfs"] = {"read": int(len(traits)), "matched_by_number": int(len(traits) - len(unmatched_pdfs)),
                    "used_as_template": int(len(used_templates)), "unmatched": unmatched_pdfs}
    return Joined(frame=frame, as_of=as_of_ts.date(), trait_names=trait_names, rows=rows,
                  unmatched_pdfs=unmatched_pdfs)

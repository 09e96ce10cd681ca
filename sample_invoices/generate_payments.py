"""Generate the demo payments ledger and client survey for the sample invoices (deterministic).

Why: 32 sample PDFs are far too few to show any effect, so — like a consultant's real data — the
ledger holds ~2,400 invoices over two years for 60 clients, each row issued from one of the
sample PDFs (column ``template``) and inheriting its traits.  The 32 sample invoice numbers
appear as rows too (written the way an accounting system might: "inv 2024 42" for
"INV-2024-0042"), so the join by number is exercised.  Planted effects (see PLANTED_DAYS /
PLANTED_SCORES) let ``invoice-lint analyze`` be checked against the truth; a few bad rows
exercise the row accounting.

    python sample_invoices/generate_payments.py            # writes payments.csv and survey.csv here
    python sample_invoices/generate_payments.py --check    # fail if the committed files differ

Reads ``manifest.json`` (written by the sample-invoice generator):
``{"schema_version": 1, "invoices": [{"file", "language", "layout", "seller", "fields": {...}, "defects": [...]}]}``.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from invoice_lint.analytics.simulation.payments import CHANNELS, export_ledger, export_survey, simulate_payments

HERE = Path(__file__).resolve().parent
SEED = 20240607
N_ROWS = 2400
N_CLIENTS = 60
PLANTED_DAYS = {"has_payment_link": -5.0, "has_due_date": -8.0, "channel=portal": -3.0}
PLANTED_SCORES = {"has_thank_you": 0.5}
TEMPLATE_TRAITS = ("has_payment_link", "has_due_date", "has_thank_you", "has_qr", "payment_terms_days")


def template_traits(entry: dict) -> dict:
    """The traits a ledger row inherits from the sample PDF it was issued from (manifest truth)."""
    fields = entry.get("fields") or {}
    methods = [str(m).lower() for m in fields.get("payment_methods") or []]
    terms = fields.get("payment_terms")
    issue, due = fields.get("issue_date"), fields.get("due_date")
    if terms is None and issue and due:
        terms = (date.fromisoformat(due) - date.fromisoformat(issue)).days
    return {
        "template": entry["file"],
        "has_payment_link": bool(fields.get("payment_link")),
        "has_due_date": bool(due) or terms is not None,
        "has_thank_you": bool(fields.get("thank_you")),
        "has_qr": "qr" in methods,
        "payment_terms_days": None if terms is None else int(terms),
    }


def ledger_number(number: str, variant: int) -> str:
    """How an accounting system might have typed a printed invoice number."""
    if variant % 3 == 0:
        return number
    if variant % 3 == 1:
        return number.lower().replace("-", " ").replace("/", " ")
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", number).upper()


def build(manifest: dict) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    rng = np.random.default_rng(SEED)
    entries = [e for e in manifest["invoices"] if e.get("file")]
    templates = pd.DataFrame([template_traits(e) for e in entries])
    issue_dates = [e.get("fields", {}).get("issue_date") for e in entries]
    known = [date.fromisoformat(d) for d in issue_dates if d]
    end = (max(known) if known else date(2026, 10, 31)) + timedelta(days=60)
    start = end - timedelta(days=730)

    n_generated = N_ROWS - len(entries)
    pick = rng.integers(0, len(templates), n_generated)
    rows = pd.concat([templates.iloc[pick].reset_index(drop=True), templates], ignore_index=True)
    rows["sample"] = np.r_[np.full(n_generated, -1), np.arange(len(entries))]
    rows = rows.iloc[rng.permutation(len(rows))].reset_index(drop=True)  # sample rows at random dates
    rows["channel"] = rng.choice(CHANNELS, size=len(rows), p=(0.3, 0.5, 0.2))
    sim = simulate_payments(rows, seed=SEED, n_clients=N_CLIENTS, start=start, days=730,
                            day_effects=PLANTED_DAYS, score_effects=PLANTED_SCORES, survey_share=0.12)
    sim.ledger = sim.ledger.drop(columns=["sample"])
    ledger = sim.ledger
    ledger["currency"] = "EUR"
    # The sample PDFs' own rows: their printed number, date, due date, amount and currency.
    as_of = pd.Timestamp(sim.as_of)
    simulated_issue = ledger["issue_date"].copy()
    sample_rows = dict(zip(rows["sample"], rows.index))
    for i, entry in enumerate(entries):
        row = sample_rows[i]
        fields = entry.get("fields") or {}
        to_pay = ledger.at[row, "paid_date"] - ledger.at[row, "issue_date"] if pd.notna(ledger.at[row, "paid_date"]) else None
        if fields.get("invoice_number"):
            ledger.at[row, "invoice_number"] = ledger_number(str(fields["invoice_number"]), i)
        if fields.get("issue_date"):
            issue = pd.Timestamp(fields["issue_date"])
            ledger.at[row, "issue_date"] = issue
            terms = rows.at[row, "payment_terms_days"]
            ledger.at[row, "due_date"] = pd.Timestamp(fields["due_date"]) if fields.get("due_date") else \
                issue + pd.Timedelta(days=30 if pd.isna(terms) else int(terms))
            paid = issue + to_pay if to_pay is not None else pd.NaT
            ledger.at[row, "paid_date"] = paid if pd.notna(paid) and paid <= as_of else pd.NaT
        total = fields.get("amount_due") or fields.get("total")
        if total:
            ledger.at[row, "amount_cents"] = int(round(float(total) * 100))
        if fields.get("currency"):
            ledger.at[row, "currency"] = str(fields["currency"])
    ledger = ledger.sort_values(["issue_date", "invoice_number"], kind="stable").reset_index(drop=True)
    table = export_ledger(ledger)
    table["Currency"] = ledger["currency"].to_numpy()
    table["template"] = ledger["template"].to_numpy()
    table["channel"] = ledger["channel"].to_numpy()

    # A few bad rows, as real exports have them.
    bad = table.iloc[[10, 20, 30, 40, 50]].copy()
    bad.iloc[0, bad.columns.get_loc("Issue date")] = "2024-02-30"
    bad.iloc[0, bad.columns.get_loc("Invoice No")] = "LG-BAD-DATE"
    issue = pd.Timestamp(table.iloc[20]["Issue date"])
    bad.iloc[1, bad.columns.get_loc("Paid date")] = (issue - pd.Timedelta(days=6)).strftime("%Y-%m-%d")
    bad.iloc[1, bad.columns.get_loc("Invoice No")] = "LG-PAID-EARLY"
    bad.iloc[3, bad.columns.get_loc("Invoice No")] = "OLD-2019-17"
    bad.iloc[3, bad.columns.get_loc("template")] = "proforma-2019.pdf"
    bad.iloc[4, bad.columns.get_loc("Invoice No")] = bad.iloc[4]["Invoice No"].lower().replace("-", " ")
    table = pd.concat([table, bad], ignore_index=True)  # rows 30 and 50 reappear (50 retyped): duplicates
    table = table.iloc[np.argsort(pd.to_datetime(table["Issue date"], errors="coerce").fillna(pd.Timestamp(start)).to_numpy(),
                                  kind="stable")].reset_index(drop=True)

    survey = sim.survey.copy()
    survey["invoice_number"] = ledger_invoice_numbers(sim, ledger, survey)
    # Answers come some days after the invoice, also for the rows whose dates were replaced.
    moved = sim.ledger["issue_date"].to_numpy()[survey["row"]] - simulated_issue.to_numpy()[survey["row"]]
    survey["date"] = survey["date"] + moved
    survey_table = export_survey(survey, by_client_share=0.2, seed=SEED)
    extra = survey_table.iloc[[0, 1]].copy()
    extra.iloc[0, extra.columns.get_loc("Score")] = "n/a"
    extra.iloc[1, extra.columns.get_loc("Invoice")] = "UNKNOWN-999"
    survey_table = pd.concat([survey_table, extra], ignore_index=True)
    truth = {"planted_days": PLANTED_DAYS, "planted_scores": PLANTED_SCORES, "as_of": sim.as_of.isoformat(),
             "slow_clients": sim.truth["slow_clients"], "rows": len(table), "answers": len(survey_table)}
    return table, survey_table, truth


def ledger_invoice_numbers(sim, ledger: pd.DataFrame, survey: pd.DataFrame) -> list[str]:
    """Survey rows point at simulation rows; give them the (possibly rewritten) ledger numbers."""
    by_original = dict(zip(sim.ledger.index, sim.ledger["invoice_number"]))
    return [by_original.get(r, "") for r in survey["row"]]


def csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.json")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    if not args.manifest.exists():
        print(f"generate_payments: {args.manifest} not found; generate the sample invoices first", file=sys.stderr)
        return 2
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    ledger, survey, truth = build(manifest)
    outputs = {"payments.csv": csv_text(ledger), "survey.csv": csv_text(survey)}
    if args.check:
        stale = [name for name, text in outputs.items()
                 if not (args.out / name).exists() or (args.out / name).read_text(encoding="utf-8") != text]
        if stale:
            print(f"generate_payments: out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(json.dumps(truth, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

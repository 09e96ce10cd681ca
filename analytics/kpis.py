"""Accounts-receivable KPIs as of a date: DSO, best-possible DSO, ADD, CEI and aging buckets.

All sums are exact integer cents per currency (mixing currencies would be meaningless); values
are shown as Decimal strings.  Definitions (period P days ending at the as-of date):

* open AR at a date: invoices issued by then, not paid by then, not written off by then;
* DSO = open AR ÷ credit sales in P × P; best-possible DSO uses only the not-yet-due part;
  ADD (average days delinquent) = DSO − best-possible DSO;
* CEI = (AR at the start of P + sales in P − AR at the end) ÷ (AR at the start + sales −
  current AR at the end) × 100 — the period's sales taken whole (N = 1 period);
* aging of open AR by days past due: Current (not yet due) | 1–30 | 31–60 | 61–90 | 90+.
  An invoice without a due date counts as due on issue.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from invoice_lint.analytics.amounts import cents_to_decimal

AGING_BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
DEFAULT_PERIOD_DAYS = 90


def _open_mask(frame: pd.DataFrame, at: pd.Timestamp) -> np.ndarray:
    issued = frame["issue_date"] <= at
    unpaid = frame["paid_date"].isna() | (frame["paid_date"] > at)
    not_written_off = frame["written_off_date"].isna() | (frame["written_off_date"] > at)
    return (issued & unpaid & not_written_off).to_numpy()


def aging_bucket(days_past_due: np.ndarray) -> np.ndarray:
    """Bucket index 0..4 for each open invoice's days past due."""
    return np.select([days_past_due <= 0, days_past_due <= 30, days_past_due <= 60, days_past_due <= 90],
                     [0, 1, 2, 3], default=4)


def _ratio(numerator: int, denominator: int, scale: int = 1, places: str = "0.1") -> Decimal | None:
    if denominator == 0:
        return None
    return (Decimal(numerator) * scale / Decimal(denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _money(cents: int) -> str:
    return str(cents_to_decimal(int(cents)))


def receivables_kpis(frame: pd.DataFrame, as_of: date, period_days: int = DEFAULT_PERIOD_DAYS) -> dict:
    """KPIs per currency from the included ledger rows (with amounts)."""
    at = pd.Timestamp(as_of)
    start = at - pd.Timedelta(days=period_days)
    rows = frame[frame["amount_cents"].notna()]
    due = rows["due_date"].fillna(rows["issue_date"])
    result: dict = {"as_of": as_of.isoformat(), "period_days": period_days,
                    "period_start": (as_of - timedelta(days=period_days)).isoformat(),
                    "rows_without_amount": int(frame["amount_cents"].isna().sum()), "by_currency": {}}
    for currency, part in rows.groupby(rows["currency"].replace("", "(unspecified)"), sort=True):
        cents = part["amount_cents"].to_numpy(dtype=np.int64)
        part_due = due.loc[part.index]
        open_end = _open_mask(part, at)
        open_start = _open_mask(part, start)
        sales = int(cents[((part["issue_date"] > start) & (part["issue_date"] <= at)).to_numpy()].sum())
        ar_end = int(cents[open_end].sum())
        ar_start = int(cents[open_start].sum())
        past_due = (at - part_due).dt.days.to_numpy()
        current_end = int(cents[open_end & (past_due <= 0)].sum())
        buckets = aging_bucket(past_due)
        aging = {name: {"amount": _money(cents[open_end & (buckets == i)].sum()),
                        "invoices": int((open_end & (buckets == i)).sum())}
                 for i, name in enumerate(AGING_BUCKETS)}
        dso = _ratio(ar_end * period_days, sales)
        best = _ratio(current_end * period_days, sales)
        cei_denominator = ar_start + sales - current_end
        result["by_currency"][str(currency)] = {
            "sales_in_period": _money(sales), "open_ar": _money(ar_end), "current_ar": _money(current_end),
            "open_ar_at_period_start": _money(ar_start),
            "dso": None if dso is None else str(dso),
            "best_possible_dso": None if best is None else str(best),
            "add": None if dso is None or best is None else str(dso - best),
            "cei": None if cei_denominator == 0 else str(_ratio((ar_start + sales - ar_end) * 100, cei_denominator)),
            "aging": aging, "open_invoices": int(open_end.sum()),
        }
    return result


def aging_by_client(frame: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Open amount per client, currency and bucket (Decimal values) — the drill-down table."""
    at = pd.Timestamp(as_of)
    rows = frame[frame["amount_cents"].notna()]
    open_rows = rows[_open_mask(rows, at)]
    if open_rows.empty:
        return pd.DataFrame(columns=["client", "currency", *AGING_BUCKETS, "total"])
    due = open_rows["due_date"].fillna(open_rows["issue_date"])
    bucket = aging_bucket((at - due).dt.days.to_numpy())
    table = pd.DataFrame({"client": open_rows["client"].to_numpy(), "currency": open_rows["currency"].to_numpy(),
                          "bucket": np.array(AGING_BUCKETS)[bucket],
                          "cents": open_rows["amount_cents"].to_numpy(dtype=np.int64)})
    pivot = table.pivot_table(index=["client", "currency"], columns="bucket", values="cents", aggfunc="sum",
                              fill_value=0).reindex(columns=list(AGING_BUCKETS), fill_value=0)
    pivot["total"] = pivot.sum(axis=1)
    pivot = pivot.sort_values("total", ascending=False)
    for column in [*AGING_BUCKETS, "total"]:
        pivot[column] = pivot[column].map(lambda c: cents_to_decimal(int(c)))
    return pivot.reset_index()


def payment_timing(frame: pd.DataFrame, as_of: date, period_days: int = DEFAULT_PERIOD_DAYS) -> dict:
    """How the invoices paid in the period ending at ``as_of`` were paid.

    ``paid``: how many were paid in the period; ``share_late``: the share paid after their due
    date (an invoice without a due date counts as due on issue); ``median_days``: the median
    days from issue to payment.  None when nothing was paid in the period.
    """
    at = pd.Timestamp(as_of)
    start = at - pd.Timedelta(days=period_days)
    paid = frame[frame["paid_date"].notna() & (frame["paid_date"] > start) & (frame["paid_date"] <= at)]
    if paid.empty:
        return {"paid": 0, "share_late": None, "median_days": None}
    due = paid["due_date"].fillna(paid["issue_date"])
    days = (paid["paid_date"] - paid["issue_date"]).dt.days
    return {"paid": int(len(paid)), "share_late": float((paid["paid_date"] > due).mean()),
            "median_days": float(days.median())}


def open_invoices(frame: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Open invoices at ``as_of`` with days past due and aging bucket, most overdue first."""
    at = pd.Timestamp(as_of)
    rows = frame[frame["amount_cents"].notna()]
    rows = rows[_open_mask(rows, at)]
    due = rows["due_date"].fillna(rows["issue_date"])
    past_due = (at - due).dt.days.to_numpy()
    out = pd.DataFrame({
        "invoice_number": rows["invoice_number"].to_numpy(), "client": rows["client"].to_numpy(),
        "issue_date": rows["issue_date"].dt.date.to_numpy(), "due_date": due.dt.date.to_numpy(),
        "days_past_due": past_due.astype(int), "bucket": np.array(AGING_BUCKETS)[aging_bucket(past_due)],
        "amount": [cents_to_decimal(int(c)) for c in rows["amount_cents"].to_numpy()],
        "currency": rows["currency"].to_numpy(),
    })
    return out.sort_values(["days_past_due", "client"], ascending=[False, True], kind="stable").reset_index(drop=True)

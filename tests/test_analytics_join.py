"""Join accounting: every ledger row ends with exactly one status, and reasons are given."""
from __future__ import annotations

import pandas as pd

from invoice_lint.analytics.join import INCLUDED, STATUSES, join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.numbers import normalize_invoice_number

LEDGER = """invoice,client,issue date,due date,paid date,amount,template,channel
inv 42,A,2024-01-01,2024-01-31,2024-01-20,10.00,old/a.pdf,paper
INV-0043,A,2024-01-02,2024-02-01,,10.00,b,email
X1,B,2024-01-03,2024-02-02,2024-01-10,10.00,A.PDF,email
x-01,B,2024-01-03,2024-02-02,2024-01-10,10.00,a.pdf,email
X2,B,2024-02-30,2024-02-02,2024-01-10,10.00,a.pdf,email
X3,B,2024-01-05,2024-02-02,2024-01-01,10.00,a.pdf,email
X4,C,2024-01-05,2024-02-02,2024-03-01,10.00,unknown-2019.pdf,portal
X5,C,2024-03-05,2024-04-02,,10.00,,portal
"""


def traits() -> pd.DataFrame:
    table = pd.DataFrame({"file": ["sub/a.pdf", "b.pdf", "c.pdf"], "invoice_number": ["INV-00042", "B-9", "INV-9"],
                          "has_payment_link": [True, False, True]})
    table["invoice_key"] = table["invoice_number"].map(normalize_invoice_number)
    return table


def joined(tmp_path, as_of=None):
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    return join_ledger(read_ledger(path, trait_columns=["channel"]), traits(), as_of)


def test_every_row_is_accounted_for(tmp_path):
    result = joined(tmp_path)
    frame, rows = result.frame, result.rows
    assert len(frame) == rows["read"] == 8
    assert set(frame["status"]) <= set(STATUSES)
    assert rows["included"] + rows["duplicate"] + rows["excluded"] == rows["read"]
    assert rows["matched_by_number"] + rows["matched_by_template"] + rows["unmatched"] == rows["included"]
    assert (frame.loc[~frame["status"].isin(INCLUDED), "reason"] != "").all()
    assert frame["status"].tolist() == ["matched_by_number", "matched_by_template", "matched_by_template", "duplicate",
                                        "excluded", "excluded", "unmatched", "unmatched"]
    assert frame.loc[3, "reason"] == "duplicate of row 4"
    assert rows["excluded_reasons"] == {"unparseable issue date": 1, "paid before issue": 1}


def test_invoice_number_normalization_joins_inv_00042_to_inv_42(tmp_path):
    frame = joined(tmp_path).frame
    assert frame.loc[0, "pdf_file"] == "sub/a.pdf"
    assert bool(frame.loc[0, "has_payment_link"]) is True
    # Template names match by file name, case-insensitively, with or without folder or extension.
    assert frame.loc[1, "pdf_file"] == "b.pdf" and frame.loc[2, "pdf_file"] == "sub/a.pdf"


def test_unmatched_pdfs_are_listed(tmp_path):
    pdfs = joined(tmp_path).rows["pdfs"]
    assert pdfs["read"] == 3 and pdfs["matched_by_number"] == 1
    unmatched = {p["file"]: p for p in pdfs["unmatched"]}
    assert set(unmatched) == {"b.pdf", "c.pdf"}
    assert unmatched["b.pdf"]["used_as_template"] and not unmatched["c.pdf"]["used_as_template"]


def test_unpaid_invoices_are_censored_at_as_of_not_dropped(tmp_path):
    result = joined(tmp_path, as_of=pd.Timestamp("2024-03-10").date())
    frame = result.frame.set_index("invoice_number")
    assert not frame.loc["INV-0043", "paid"] and frame.loc["INV-0043", "duration_days"] == 68
    assert bool(frame.loc["INV-0043", "late"]) is True  # unpaid past its due date
    assert frame.loc["X5", "duration_days"] == 5 and pd.isna(frame.loc["X5", "late"])  # not yet due
    assert result.rows["unpaid_censored"] == 2
    # Paid after the as-of date counts as unpaid at that date.
    early = joined(tmp_path, as_of=pd.Timestamp("2024-02-15").date()).frame.set_index("invoice_number")
    assert not early.loc["X4", "paid"] and early.loc["X5", "status"] == "excluded"
    assert early.loc["X5", "reason"] == "issued after the as-of date"


def test_default_as_of_is_the_latest_ledger_date(tmp_path):
    assert joined(tmp_path).as_of.isoformat() == "2024-03-05"

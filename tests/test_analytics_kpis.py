"""Receivables KPIs on a ledger small enough to check by hand."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.kpis import aging_by_client, receivables_kpis
from invoice_lint.analytics.ledger import read_ledger

LEDGER = """Invoice,Client,Issue date,Due date,Paid date,Written off,Amount,Currency
A,X,2023-12-01,2023-12-31,2024-01-15,,100.00,EUR
B,X,2024-01-10,2024-02-09,,,200.00,EUR
C,Y,2024-03-20,2024-04-19,,,300.00,EUR
D,Y,2024-02-01,2024-03-02,2024-03-01,,400.00,EUR
E,Z,2023-11-01,2023-12-01,,,50.00,EUR
F,Z,2024-01-05,2024-02-04,,2024-03-15,70.00,EUR
G,Z,2024-03-01,2024-03-31,,,1000.00,USD
"""


def kpis(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text(LEDGER, encoding="utf-8")
    joined = join_ledger(read_ledger(path), as_of=date(2024, 3, 31))
    return receivables_kpis(joined.included, joined.as_of, period_days=90), joined


def test_dso_best_possible_add_and_cei_by_hand(tmp_path):
    result, _ = kpis(tmp_path)
    assert result["period_start"] == "2024-01-01"
    eur = result["by_currency"]["EUR"]
    # Sales B+C+D+F = 970; open AR B+C+E = 550 (F written off); current C = 300; AR at start A+E = 150.
    assert (eur["sales_in_period"], eur["open_ar"], eur["current_ar"], eur["open_ar_at_period_start"]) == \
        ("970.00", "550.00", "300.00", "150.00")
    assert eur["dso"] == "51.0"  # 550 / 970 × 90 = 51.03
    assert eur["best_possible_dso"] == "27.8"  # 300 / 970 × 90 = 27.84
    assert eur["add"] == "23.2"
    assert eur["cei"] == "69.5"  # (150 + 970 − 550) / (150 + 970 − 300) × 100 = 69.51
    assert {k: v["amount"] for k, v in eur["aging"].items()} == {
        "current": "300.00", "1-30": "0.00", "31-60": "200.00", "61-90": "0.00", "90+": "50.00"}
    assert eur["open_invoices"] == 3


def test_currencies_are_never_mixed(tmp_path):
    result, _ = kpis(tmp_path)
    usd = result["by_currency"]["USD"]
    assert usd["open_ar"] == "1000.00" and usd["aging"]["current"]["amount"] == "1000.00"
    assert usd["dso"] == "90.0"


def test_aging_by_client_is_decimal(tmp_path):
    _, joined = kpis(tmp_path)
    table = aging_by_client(joined.included, joined.as_of)
    row = table[(table["client"] == "X") & (table["currency"] == "EUR")].iloc[0]
    assert row["31-60"] == Decimal("200.00") and row["total"] == Decimal("200.00")
    assert isinstance(row["current"], Decimal)


def test_payment_timing_by_hand(tmp_path):
    from invoice_lint.analytics.kpis import payment_timing

    _, joined = kpis(tmp_path)
    rows = joined.included
    # Paid in the 90 days to 2024-03-31: A (2024-01-15, due 2023-12-31: late, 45 days)
    # and D (2024-03-01, due 2024-03-02: on time, 29 days).
    timing = payment_timing(rows, date(2024, 3, 31), 90)
    assert timing == {"paid": 2, "share_late": 0.5, "median_days": 37.0}
    assert payment_timing(rows, date(2023, 12, 31), 90) == {"paid": 0, "share_late": None, "median_days": None}


def test_open_invoices_most_overdue_first(tmp_path):
    from invoice_lint.analytics.kpis import open_invoices

    _, joined = kpis(tmp_path)
    table = open_invoices(joined.included, date(2024, 3, 31))
    # Open at 2024-03-31: E (due 2023-12-01), B (due 2024-02-09), G (due 2024-03-31), C (due 2024-04-19).
    assert table["invoice_number"].tolist() == ["E", "B", "G", "C"]
    assert table["days_past_due"].tolist() == [121, 51, 0, -19]
    assert table["bucket"].tolist() == ["90+", "31-60", "current", "current"]
    assert table["amount"].tolist() == [Decimal("50.00"), Decimal("200.00"), Decimal("1000.00"), Decimal("300.00")]

"""Overview: receivables KPIs against the previous period, aging by client, invoices to remind."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from invoice_lint.analytics.join import INCLUDED
from invoice_lint.analytics.kpis import open_invoices, payment_timing, receivables_kpis
from invoice_lint.dashboard import state
from invoice_lint.dashboard.analysis import kpi_metrics
from invoice_lint.dashboard.widgets import table

st.header("Overview")
v = state.view()
if state.needs_payments(v):
    result = v.result
    kpis = result.report["kpis"]
    as_of = date.fromisoformat(kpis["as_of"])
    period = int(kpis["period_days"])
    currencies = list(kpis["by_currency"])
    if currencies:
        sales = {c: float(kpis["by_currency"][c]["sales_in_period"]) for c in currencies}
        currency = st.selectbox("Currency", currencies, index=currencies.index(max(sales, key=sales.get)),
                                key="overview_currency", help="Receivables are never summed across currencies.")
        included = result.joined[result.joined["status"].isin(INCLUDED)]
        in_currency = included[included["currency"].replace("", "(unspecified)") == currency]
        now = kpis["by_currency"][currency]
        before = receivables_kpis(in_currency, as_of - timedelta(days=period), period)["by_currency"].get(currency, {})
        timing = payment_timing(in_currency, as_of, period)
        timing_before = payment_timing(in_currency, as_of - timedelta(days=period), period)
        st.caption(f"As of {as_of.isoformat()}; period: the {period} days before. Changes are against the "
                   f"{period} days before that.")

        def delta(a, b, unit="", scale=1.0):
            if a is None or b is None:
                return None
            return f"{(a - b) * scale:+.1f}{unit}"

        cols = st.columns(6)
        for col, (label, value, change, colour) in zip(cols, kpi_metrics(now, before)):
            col.metric(label, value, change, delta_color=colour)
        late, late_before = timing["share_late"], timing_before["share_late"]
        cols[4].metric("Paid late", "–" if late is None else f"{100 * late:.0f} %",
                       delta(late, late_before, " pp", 100), delta_color="inverse",
                       help=f"{timing['paid']} invoices paid in the period")
        median, median_before = timing["median_days"], timing_before["median_days"]
        cols[5].metric("Median days to pay", "–" if median is None else f"{median:.0f} d",
                       delta(median, median_before, " d"), delta_color="inverse")

        st.subheader("Aging of open invoices by client")
        aging = result.aging[result.aging["currency"].replace("", "(unspecified)") == currency]
        table(aging.rename(columns={"current": "Current", "1-30": "1–30", "31-60": "31–60", "61-90": "61–90",
                                    "90+": "90+"}), f"aging {currency}")
        opened = open_invoices(in_currency, as_of)
        if len(aging):
            client = st.selectbox("Drill down to a client's open invoices", ["—"] + aging["client"].tolist(),
                                  key="aging_client")
            if client != "—":
                table(opened[opened["client"] == client], f"open invoices {client}")
        st.subheader("Overdue invoices that need a reminder")
        overdue = opened[opened["days_past_due"] > 0]
        st.caption(f"{len(overdue)} open invoices are past due, most overdue first.")
        table(overdue, f"overdue {currency}")

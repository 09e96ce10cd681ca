"""Styles & traits: time to payment by trait and style family, and the effects with 95% intervals."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from invoice_lint.analytics.report import ASSOCIATION_NOTE, FLAG_WORDS
from invoice_lint.dashboard import state
from invoice_lint.dashboard.analysis import REPLICATES
from invoice_lint.dashboard.widgets import chart, pick_traits, table

SMALL_FLAGS = {"small-group", "few-payments", "few-clients"}

st.header("Styles & traits")
v = state.complete(state.view())  # effects, curves, survey: waits if the analysis still runs
if state.needs_payments(v):
    result = v.result
    st.info(ASSOCIATION_NOTE)
    curves, effects = result.curves, result.effects
    if curves.empty or effects.empty:
        st.warning("Not enough paid invoices with known traits to compare.")
    else:
        traits = [t for t in dict.fromkeys(curves["trait"]) if t != "style"]
        trait = st.selectbox("Trait", traits, key="styles_trait")
        chart("km", curves[curves["trait"] == trait], f"Time to payment by {trait}", name=f"km {trait}")
        if "style" in set(curves["trait"]):
            st.subheader("By style family")
            chart("km", curves[curves["trait"] == "style"], "Time to payment by style family", name="km style")

        st.subheader("Effects on the median days to pay")
        rows = effects[effects["trait"].isin(pick_traits(effects, "styles_traits"))].copy()
        rows["small"] = rows["flags"].map(lambda f: bool(SMALL_FLAGS & set(f or ())))
        rows["label"] = [f"{r.trait}: {r.level} vs {r.reference} (n={r.n_with} vs {r.n_without})"
                         for r in rows.itertuples()]
        st.caption(f"Difference in median days from issue to payment against the reference level, with 95% "
                   f"intervals from a bootstrap over clients ({REPLICATES} replicates). Negative = paid sooner. "
                   "⚠ and hollow points: small groups (fewer than 30 invoices, 10 payments or 10 clients).")
        chart("forest", rows[["effect_days", "ci_low", "ci_high", "label", "small"]], "effect_days", "ci_low", "ci_high", "label",
              "days (negative = sooner)", name="effects forest")
        shown = pd.DataFrame({
            "trait": rows["trait"], "level": rows["level"], "reference": rows["reference"],
            "n with": rows["n_with"], "n without": rows["n_without"],
            "median days with": rows["median_days_with"], "median days without": rows["median_days_without"],
            "effect (days)": rows["effect_days"], "95% low": rows["ci_low"], "95% high": rows["ci_high"],
            "hazard ratio (adjusted)": rows["hazard_ratio"],
            "notes": rows["flags"].map(lambda f: "; ".join(FLAG_WORDS.get(x, x) for x in (f or ()))),
        })
        table(shown, "effects")

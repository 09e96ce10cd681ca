"""Client feedback: survey scores by trait and style with intervals; comment themes with examples."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from invoice_lint.analytics.report import ASSOCIATION_NOTE
from invoice_lint.dashboard import state
from invoice_lint.dashboard.widgets import chart, pick_traits, table

SMALL_FLAGS = {"small-group", "few-answers", "few-clients"}

st.header("Client feedback")
v = state.complete(state.view())  # effects, curves, survey: waits if the analysis still runs
if state.needs_payments(v):
    survey = v.result.report.get("survey")
    if not survey:
        st.info("No survey answers: add a survey file under “Use your own data” (or survey.csv beside the invoices).")
    else:
        rows = survey["rows"]
        st.caption(f"{rows['read']} answers read; {rows['invoices_with_answers']} invoices have answers "
                   f"(response rate {100 * (rows.get('response_rate') or 0):.0f} %). {ASSOCIATION_NOTE}")
        effects = v.result.survey_effects
        if effects.empty:
            st.warning("Too few answers to compare groups.")
        else:
            question = st.selectbox("Question", list(dict.fromkeys(effects["question"])), key="feedback_question")
            part = effects[effects["question"] == question].copy()
            part = part[part["trait"].isin(pick_traits(part, "feedback_traits"))]
            part["small"] = part["flags"].map(lambda f: bool(SMALL_FLAGS & set(f or ())))
            part["label"] = [f"{r.trait}: {r.level} vs {r.reference} (n={r.n_with} vs {r.n_without})"
                             for r in part.itertuples()]
            st.caption("Mean score with the level minus without, 95% bootstrap interval over clients.")
            chart("forest", part[["mean_difference", "ci_low", "ci_high", "label", "small"]], "mean_difference",
                  "ci_low", "ci_high", "label", "difference in mean score", name=f"survey {question}")
            table(pd.DataFrame({
                "trait": part["trait"], "level": part["level"], "reference": part["reference"],
                "n with": part["n_with"], "n without": part["n_without"],
                "mean with": part["mean_with"], "mean without": part["mean_without"],
                "difference": part["mean_difference"], "95% low": part["ci_low"], "95% high": part["ci_high"],
                "top-2 with": part["top2_with"], "top-2 without": part["top2_without"],
                "flags": part["flags"].map(lambda f: ", ".join(f or ())),
            }), f"survey effects {question}")
        st.subheader("What clients write about")
        themes = survey.get("themes") or []
        if not themes:
            st.caption("Too few comments for themes.")
        for theme in themes:
            with st.expander(f"{theme['language']} · {theme['theme']} — {theme['comments']} comments "
                             f"({100 * theme['share']:.0f} %)"):
                for example in theme["examples"]:
                    st.text("“" + " ".join(str(example).split()) + "”")

"""Template findings: what `invoice-lint check` found, per file and rule, with each rule's documentation."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from invoice_lint.checks.rules import describe
from invoice_lint.dashboard import state
from invoice_lint.dashboard.widgets import table

SEVERITIES = ["error", "warning", "info"]


def rule_doc(rule) -> str:
    """The rule's documentation (the sections of `invoice-lint rule`) as Markdown."""
    return (f"#### {rule.code} {rule.name}\n\n"
            f"Severity: {rule.severity} · Packs: {', '.join(rule.packs)} · Kind: {rule.kind}\n\n"
            f"**What it does** — {describe(rule.message, rule.name)}\n\n"
            f"**Why it matters** — {rule.rationale}\n\n"
            f"**Example** — {rule.example or '–'}\n\n"
            f"**Use instead** — {rule.use_instead or '–'}\n\n"
            f"**Basis** — {rule.basis}")


st.header("Template findings")
v = state.view()
ws = v.workspace
if ws is not None:
    findings = ws.findings
    if ws.root is None:
        st.info("These results come from an `analyze --out` folder, which holds no PDFs: open the invoice folder "
                "itself to see lint findings.")
    elif findings.empty:
        st.success(f"No findings in {len(ws.traits)} invoices.")
    else:
        left, right = st.columns(2)
        severities = left.multiselect("Severity", SEVERITIES, default=SEVERITIES, key="findings_severity")
        packs = sorted(findings["pack"].dropna().unique())
        chosen_packs = right.multiselect("Pack", packs, default=packs, key="findings_pack")
        shown = findings[findings["severity"].isin(severities) & findings["pack"].isin(chosen_packs)]
        errors = int((shown["severity"] == "error").sum())
        st.caption(f"{len(shown)} findings ({errors} errors) in {shown['file'].nunique()} of "
                   f"{len(ws.traits) + len(ws.unreadable)} files. Select a rule below for its documentation.")
        listing = shown.drop(columns=["bbox"]).copy()
        listing["docs"] = "findings?rule=" + listing["code"]
        table(listing, "findings", column_config={"docs": st.column_config.LinkColumn("docs", display_text="rule docs")})

        st.subheader("Per file and rule")
        if len(shown):
            counts = pd.crosstab(shown["file"], shown["code"]).reset_index()
            table(counts, "findings by file and rule")

        st.subheader("Consistency across templates")
        consistency = shown[shown["code"].map(lambda c: c in ws.rules and ws.rules[c].kind == "consistency")]
        if consistency.empty:
            st.caption("Labels, date formats and other conventions agree across these templates.")
        else:
            table(consistency.drop(columns=["bbox"]), "consistency findings")

    codes = sorted(ws.rules)
    if codes:
        st.subheader("Rule documentation")
        wanted = st.query_params.get("rule")
        index = codes.index(wanted) if wanted in codes else 0
        code = st.selectbox("Rule", codes, index=index, key="findings_rule",
                            format_func=lambda c: f"{c} {ws.rules[c].name}")
        st.markdown(rule_doc(ws.rules[code]))

"""Data quality: how every ledger and survey row was matched or excluded, and why."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from invoice_lint.dashboard import state
from invoice_lint.dashboard.analysis import file_row
from invoice_lint.dashboard.widgets import table

STATUS_WORDS = {
    "matched_by_number": "joined to its invoice PDF by number",
    "matched_by_template": "joined to the PDF of its template",
    "unmatched": "kept, without PDF traits",
    "duplicate": "left out: the same invoice again",
    "excluded": "left out: unusable values",
    "matched_by_client_date": "joined to the client's latest invoice before the answer",
}

st.header("Data quality")
v = state.view()  # the ledger rows from the first look; the survey below waits for the analysis
ws = v.workspace
if ws is not None:
    st.subheader("Invoice PDFs")
    st.write(f"{len(ws.traits)} PDFs read, {len(ws.unreadable)} could not be read.")
    if ws.unreadable:
        table(pd.DataFrame(ws.unreadable), "unreadable pdfs")
    if v.ledger_error:
        st.error(f"Ledger: {v.ledger_error}")
    if v.full is not None:
        full = v.full
        joined = full.joined
        st.subheader(f"Ledger rows ({ws.ledger_name})")
        counts = joined["status"].value_counts()
        summary = pd.DataFrame({"status": counts.index, "rows": counts.to_numpy(),
                                "meaning": [STATUS_WORDS.get(s, s) for s in counts.index]})
        table(summary, "ledger status")
        st.caption(f"Every one of the {len(joined)} rows is accounted for. Unpaid invoices are kept as open up to "
                   f"{full.report['inputs']['as_of']} ({full.report['inputs']['as_of_source']}).")
        detail = joined[joined["reason"].astype(str) != ""]
        rows = pd.DataFrame({"file row": file_row(ws, detail["source_row"]).to_numpy(),
                             "invoice number": detail["invoice_number"], "client": detail["client"],
                             "status": detail["status"], "reason": detail["reason"]})
        st.write("Rows left out or kept without traits, and why:")
        table(rows, "ledger row reasons")
        pdfs = (full.report.get("rows") or {}).get("pdfs") or {}
        if pdfs.get("unmatched"):
            st.write("PDFs not joined by number:")
            table(pd.DataFrame(pdfs["unmatched"]), "pdfs not in ledger")
        complete = state.complete(v).full  # the survey answers come with the complete analysis
        answers = complete.survey_answers if complete is not None else None
        if answers is not None:
            st.subheader(f"Survey answers ({ws.survey_name})")
            counts = answers["status"].value_counts()
            table(pd.DataFrame({"status": counts.index, "answers": counts.to_numpy(),
                                "meaning": [STATUS_WORDS.get(s, s) for s in counts.index]}), "survey status")
            odd = answers[answers["status"].isin(["excluded", "unmatched"])]
            table(pd.DataFrame({"file row": odd["source_row"].to_numpy(),
                                "invoice number": odd["invoice_number"], "client": odd["client"],
                                "status": odd["status"], "reason": odd["reason"]}), "survey row reasons")

"""The invoice-lint dashboard (run it with `invoice-lint dashboard [DATA]`)."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from invoice_lint.dashboard import state
from invoice_lint.foundation.library_logs import configure_logging

configure_logging(os.environ.get("INVOICE_LINT_VERBOSE") == "1")  # pdfminer's noise only with --verbose

HERE = Path(__file__).parent
PAGES = [
    ("views/overview.py", "Overview", "overview", ":material/dashboard:"),
    ("views/styles.py", "Styles & traits", "styles", ":material/insights:"),
    ("views/feedback.py", "Client feedback", "feedback", ":material/reviews:"),
    ("views/findings.py", "Template findings", "findings", ":material/rule:"),
    ("views/viewer.py", "Invoice viewer", "viewer", ":material/description:"),
    ("views/data_quality.py", "Data quality", "data-quality", ":material/fact_check:"),
    ("views/experiments.py", "Experiments", "experiments", ":material/science:"),
]

st.set_page_config(page_title="invoice-lint", page_icon=":material/receipt_long:", layout="wide")
state.prepare()
navigation = st.navigation([st.Page(path, title=title, url_path=url, icon=icon, default=i == 0)
                            for i, (path, title, url, icon) in enumerate(PAGES)])
navigation.run()

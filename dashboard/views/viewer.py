"""Invoice viewer: a page image with detected fields and findings as labelled boxes, beside the values."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from invoice_lint.dashboard import state, viewer


@st.cache_data(show_spinner=False, max_entries=64)
def read_fields(path: str, signature: str, language: str | None) -> list[dict]:
    from invoice_lint.fields.serialize import jsonable
    from invoice_lint.pipeline import read_invoice

    invoice = read_invoice(Path(path), language=language)
    rows = []
    for name, field in invoice.fields.fields.items():
        value = jsonable(field.value, name)
        if isinstance(value, list):
            value = f"{len(value)} rows" if value and isinstance(value[0], dict) else ", ".join(map(str, value))
        rows.append({"field": name, "value": str(value), "label": field.label, "page": field.page,
                     "bbox": tuple(field.bbox) if field.bbox else None, "derived": field.derived})
    return rows


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(path: str, signature: str, page: int, fields: tuple, findings: tuple) -> bytes:
    return viewer.annotated_page(path, page, list(fields), list(findings))


st.header("Invoice viewer")
v = state.view()
ws = v.workspace
if ws is not None:
    if ws.root is None or ws.traits.empty:
        st.info("No invoice PDFs in this data.")
    else:
        files = ws.traits["file"].tolist()
        name = st.selectbox("Invoice", files, key="viewer_file")
        path = Path(ws.root) / name
        stat = path.stat()
        signature = f"{stat.st_mtime_ns}:{stat.st_size}"
        pages = viewer.page_count(path)
        page = st.number_input("Page", min_value=1, max_value=pages, value=1, key="viewer_page") if pages > 1 else 1
        fields = read_fields(str(path), signature, None)
        findings = ws.findings[ws.findings["file"] == name]
        show_fields = st.toggle("Show fields", value=True, key="viewer_fields")
        field_boxes = tuple((f["field"], f["bbox"]) for f in fields
                            if show_fields and f["bbox"] and f["page"] == page)
        finding_boxes = tuple((f"{r.code} {r.rule}", r.bbox) for r in findings.itertuples()
                              if r.bbox and (pd.isna(r.page) or int(r.page) == page))
        left, right = st.columns([3, 2])
        left.image(page_png(str(path), signature, int(page), field_boxes, finding_boxes),
                   caption=f"{name}, page {page}: fields in blue, findings in red")
        right.subheader("Extracted values")
        right.dataframe(pd.DataFrame(fields).drop(columns=["bbox"]), hide_index=True, width="stretch")
        right.subheader("Findings")
        if findings.empty:
            right.success("No findings.")
        for r in findings.itertuples():
            where = f"page {r.page}, line {r.line}" if not pd.isna(r.line) else "whole document"
            right.markdown(f"**{r.code} {r.rule}** ({r.severity}, {where})")
            right.text(r.message)

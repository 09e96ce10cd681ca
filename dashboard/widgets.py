"""Page building blocks: a table with CSV/Excel downloads, a chart with PNG/SVG downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from invoice_lint.dashboard import charts
from invoice_lint.dashboard.downloads import csv_bytes, excel_bytes, figure_bytes


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def table(frame: pd.DataFrame, name: str, **kwargs) -> None:
    """Show ``frame`` and offer it as CSV and Excel (formula injection neutralized)."""
    shown = frame.copy()
    for column in shown.columns:  # Decimal and other objects as text, so Arrow shows them exactly
        if shown[column].dtype == object:
            shown[column] = shown[column].map(lambda v: v if v is None or isinstance(v, (str, bool)) else str(v))
    st.dataframe(shown, width="stretch", hide_index=True, **kwargs)
    left, right, _ = st.columns([1, 1, 4])
    key = slug(name)
    # The files are made when clicked (a callable), not on every rerun; a click doesn't rerun the page.
    left.download_button("CSV", lambda: csv_bytes(frame), file_name=f"{key}.csv", mime="text/csv",
                         key=f"csv-{key}", on_click="ignore")
    right.download_button("Excel", lambda: excel_bytes(frame, name), file_name=f"{key}.xlsx", key=f"xlsx-{key}",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")


@st.cache_data(show_spinner=False, max_entries=128)
def _render(kind: str, frame: pd.DataFrame, args: tuple, fmt: str) -> bytes:
    fig = getattr(charts, f"{kind}_figure")(frame, *args)
    try:
        return figure_bytes(fig, fmt)
    finally:
        charts.close(fig)


def chart(kind: str, frame: pd.DataFrame, *args, name: str) -> None:
    """Draw ``charts.<kind>_figure(frame, *args)`` (cached), show it and offer it as PNG and SVG
    (the SVG is drawn when asked for)."""
    png = _render(kind, frame, tuple(args), "png")
    st.image(png)
    left, right, _ = st.columns([1, 1, 4])
    key = slug(name)
    left.download_button("PNG", png, file_name=f"{key}.png", mime="image/png", key=f"png-{key}", on_click="ignore")
    right.download_button("SVG", lambda: _render(kind, frame, tuple(args), "svg"), file_name=f"{key}.svg",
                          mime="image/svg+xml", key=f"svg-{key}", on_click="ignore")


def pick_traits(effects: pd.DataFrame, key: str, max_levels: int = 5) -> list[str]:
    """A multiselect of the traits to compare; by default those with few levels (yes/no traits,
    style), since numeric traits such as word count have one comparison per value."""
    counts = effects.groupby("trait", sort=False).size()
    default = [t for t, n in counts.items() if n <= max_levels]
    return st.multiselect("Traits to compare", list(counts.index), default=default, key=key)

"""Tables and charts the user can take away: CSV, Excel, PNG and SVG.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or
carriage return) as a formula, so text from invoices and ledgers could run code on the
reader's machine.  Every *text* cell that starts so is prefixed with an apostrophe (OWASP's
advice); numbers stay numbers, so a negative amount is still a negative amount.
"""
from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with formula-like text cells made inert (header names too)."""
    out = frame.copy()
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: str(v) if isinstance(v, Decimal) else neutralize_cell(v))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return neutralize(frame).to_csv(index=False).encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    safe = neutralize(frame)
    for column in safe.columns:  # Excel has no time zones and no Python objects
        if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_localize(None)
        elif safe[column].dtype == object:
            safe[column] = safe[column].map(lambda v: v if v is None or isinstance(v, (str, int, float)) else str(v))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def figure_bytes(figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=130 if fmt == "png" else None)
    return buffer.getvalue()

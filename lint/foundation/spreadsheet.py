"""Tables invoice-lint writes for spreadsheets (CSV, Excel): safe to open.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or
carriage return) as a formula, so text from invoices and ledgers — a client named
``=HYPERLINK("http://…","x")`` — could run on the reader's machine.  Every *text* cell that
starts so is prefixed with an apostrophe (OWASP's advice); numbers stay numbers, so a negative
amount is still a negative amount.  A text cell whose apostrophes are followed by one of those
characters gets one more, so ``restore_cell`` gives back exactly what was written.

Every CSV or Excel file the tool writes goes through here: ``analyze --out`` (traits.csv,
joined.csv, curves.csv) and the dashboard's downloads.  ``invoice-lint dashboard`` reading an
``--out`` folder back calls ``restore_cell``.
"""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value):
    """The cell as it may be written: formula-like text made inert; anything else unchanged."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(value):
    """The inverse of ``neutralize_cell`` for text read back from a file we wrote."""
    if isinstance(value, str) and value.startswith("'") and neutralize_cell(value[1:]) == value:
        return value[1:]
    return value


def neutralize(frame):
    """A copy of a DataFrame with formula-like text cells made inert (header names too)."""
    out = frame.copy()
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "category"):
            out[column] = out[column].astype(object).map(
                lambda v: str(v) if isinstance(v, Decimal) else neutralize_cell(v))
    return out


def restore(frame):
    """A DataFrame read back from a file we wrote, with ``neutralize`` undone."""
    out = frame.copy()
    out.columns = [restore_cell(c) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(restore_cell)
    return out


def write_csv(frame, path: Path | str, **to_csv) -> None:
    """``frame.to_csv(path, index=False, **to_csv)`` with formula-like text made inert."""
    to_csv.setdefault("index", False)
    neutralize(frame).to_csv(path, **to_csv)


def csv_bytes(frame) -> bytes:
    return neutralize(frame).to_csv(index=False).encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def excel_bytes(frame, sheet: str = "data") -> bytes:
    import pandas as pd

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

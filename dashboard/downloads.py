"""Tables and charts the user can take away: CSV, Excel, PNG and SVG.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or
carriage return) as a formula, so text from invoices and ledgers could run code on the
reader's machine.  Every *text* cell that starts so is prefixed with an apostrophe (OWASP's
advice); numbers stay numbers, so a negative amount is still a negative amount.  The function
lives in ``invoice_lint.foundation.spreadsheet``, shared with every other CSV/Excel the tool writes.
"""
from __future__ import annotations

import io

# One neutralising function for every CSV/Excel the tool writes (analyze --out too).
from invoice_lint.foundation.spreadsheet import FORMULA_STARTS, csv_bytes, excel_bytes, neutralize, neutralize_cell  # noqa: F401


def figure_bytes(figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=130 if fmt == "png" else None)
    return buffer.getvalue()

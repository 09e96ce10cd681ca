"""Ledger amounts as exact integer cents, whatever the number style ("1.234,56", "1,234.56", "€ 99").

Money is never summed as floats: amounts become integer minor units (cents) here and turn
into ``Decimal`` only where they are shown.  Plain numbers take a fast vectorized path; the
rest (thousands separators, currency signs, parentheses) go through a careful parser once per
distinct value.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

_KEEP = re.compile(r"[^0-9,.\-()'\u2212]")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_ledger_amount(text: object, decimal_comma: bool | None = None) -> Decimal | None:
    """One amount as Decimal, or None when it is not a number.

    >>> parse_ledger_amount("1.234,56"), parse_ledger_amount("1,234.56"), parse_ledger_amount("(12.50)"), parse_ledger_amount("EUR 99")
    (Decimal('1234.56'), Decimal('1234.56'), Decimal('-12.50'), Decimal('99'))

    ``decimal_comma`` settles "1,234" (the column's other values tell; None: thousands only when
    the groups make that the only reading, e.g. "1,234,567").
    """
    if text is None:
        return None
    s = str(text).strip()
    if not s:
        return None
    negative = s.startswith("(") and s.endswith(")")
    s = _KEEP.sub("", s).replace("'", "").replace("\u2212", "-").strip("()")
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    if s.endswith("-"):  # "12,50-" as some ERPs print credits
        negative, s = not negative, s[:-1]
    if not s or not any(c.isdigit() for c in s):
        return None
    if "," in s and "." in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        s = s.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in s:
        grouped = _THOUSANDS_COMMA.match(s) and (s.count(",") > 1 or decimal_comma is False)
        s = s.replace(",", "") if grouped else s.replace(",", ".")
    elif s.count(".") > 1 and _THOUSANDS_DOT.match(s):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return -value if negative else value


_COMMA_DECIMAL = re.compile(r"(\.\d{3},\d{1,2}$)|(,\d{1,2}$)")
_DOT_DECIMAL = re.compile(r"(,\d{3}\.\d{1,2}$)|(\.\d{1,2}$)")


def _column_uses_decimal_comma(uniques) -> bool | None:
    comma = sum(1 for u in uniques if _COMMA_DECIMAL.search(str(u).strip(" )-")))
    dot = sum(1 for u in uniques if _DOT_DECIMAL.search(str(u).strip(" )-")))
    if comma == dot:
        return None
    return comma > dot


def amounts_to_cents(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(cents as nullable Int64, bad mask) for a text column; empty cells are missing, not bad."""
    text = series.astype(object)
    empty = text.isna() | (text.astype(str).str.strip() == "")
    fast = pd.to_numeric(text.where(~empty), errors="coerce")
    cents = pd.Series(pd.NA, index=series.index, dtype="Int64")
    ok = fast.notna() & np.isfinite(fast)
    cents[ok] = np.round(fast[ok].to_numpy(dtype=float) * 100).astype(np.int64)
    slow = ~ok & ~empty
    bad = pd.Series(False, index=series.index)
    if slow.any():
        codes, uniques = pd.factorize(text[slow])
        decimal_comma = _column_uses_decimal_comma(uniques)
        parsed = [parse_ledger_amount(u, decimal_comma) for u in uniques]
        values = np.array([pd.NA if p is None else int((p * 100).quantize(Decimal(1))) for p in parsed], dtype=object)
        cents[slow] = pd.array(values[codes], dtype="Int64")
        bad[slow] = np.array([p is None for p in parsed], dtype=bool)[codes]
    return cents, bad


def cents_to_decimal(cents: int | None) -> Decimal | None:
    if cents is None or cents is pd.NA:
        return None
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))

"""The payments ledger: one typed row per invoice, whatever the accounting system called things.

Columns are recognized by the names each language's lexicon lists (``ledger.columns`` in
rules/lexicon/<lang>.yaml; ``--map field=Column`` overrides),
dates are parsed with a refusal to guess ambiguous conventions, invoice numbers get a matching
key, amounts become exact cents.  Rows that cannot be used keep a ``problem`` saying why; the
join stage accounts for them, nothing is dropped here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from invoice_lint.analytics.amounts import amounts_to_cents
from invoice_lint.analytics.columns import header_key, recognize_columns
from invoice_lint.analytics.date_columns import parse_date_columns
from invoice_lint.analytics.numbers import normalize_invoice_numbers
from invoice_lint.analytics.tables import table_from
from invoice_lint.foundation.errors import UserError


def _ledger_names() -> dict[str, tuple[str, ...]]:
    """Every field's known column names: the field's own name, then each language's (``ledger.columns``
    in rules/lexicon/<lang>.yaml), in language-code order; the first that matches a column wins."""
    from invoice_lint.foundation.lexicon import LEDGER_FIELDS as FIELDS
    from invoice_lint.foundation.lexicon import all_lexicons

    names: dict[str, list[str]] = {name: [name] for name in FIELDS}
    for lex in all_lexicons():
        for name, columns in lex.ledger_columns.items():
            names[name] += columns
    return {name: tuple(dict.fromkeys(columns)) for name, columns in names.items()}


LEDGER_FIELDS: dict[str, tuple[str, ...]] = _ledger_names()
REQUIRED_FIELDS = ("invoice_number", "issue_date", "due_date", "paid_date", "amount", "client")
DATE_FIELDS = ("issue_date", "due_date", "paid_date", "service_date", "written_off_date")
# Column names the analysis uses itself; a ledger trait column of the same name gets " (ledger)".
RESERVED_NAMES = frozenset({
    "source_row", "invoice_number", "invoice_key", "client", *DATE_FIELDS, "amount_cents", "currency", "template",
    "problem", "reason", "status", "pdf_file", "paid", "duration_days", "due_days", "late",
})

def _yes_no() -> tuple[set[str], set[str]]:
    """A trait column's yes and no: symbols, and each language's words (``ledger.yes_words`` / ``no_words``)."""
    from invoice_lint.foundation.lexicon import all_lexicons

    lexicons = all_lexicons()
    return ({"1", "true", "x", "t", *(w for lex in lexicons for w in lex.true_words)},
            {"0", "false", "f", "", *(w for lex in lexicons for w in lex.false_words)})


_TRUE, _FALSE = _yes_no()


@dataclass
class Ledger:
    """A ledger read into typed columns; ``frame`` keeps every input row, in file order."""

    source: str
    frame: pd.DataFrame
    columns: dict[str, str]  # ledger field -> column of the file
    date_formats: dict[str, str]
    trait_columns: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)


def clean_text(values: pd.Series) -> pd.Series:
    """Text cells stripped, missing as "" — each distinct value handled once (fast on big ledgers)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    cleaned = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=values.index, dtype=object)


def coerce_trait(values: pd.Series) -> pd.Series:
    """A user trait column as bool, number or category text (missing stays missing)."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return values
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    texts = [str(u).strip() for u in uniques]
    present = [t for t in texts if t]
    if not present:
        return pd.Series(pd.NA, index=values.index, dtype=object)
    lowered = {t.lower() for t in present}
    if lowered <= (_TRUE | _FALSE) and len(lowered) <= 2 and not lowered <= {"x"}:
        mapped = np.array([(t.lower() in _TRUE) if t else pd.NA for t in texts] + [pd.NA], dtype=object)
        return pd.Series(mapped[codes], index=values.index).astype("boolean")
    numbers = pd.to_numeric(pd.Series(present), errors="coerce")
    if numbers.notna().all():
        mapped = np.array([float(t) if t else np.nan for t in texts] + [np.nan], dtype=float)
        return pd.Series(mapped[codes], index=values.index)
    mapped = np.array([t if t else None for t in texts] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _find_column(name: str, columns: Iterable[str], source: str, option: str) -> str:
    columns = list(columns)
    if name in columns:
        return name
    key = header_key(name)
    for column in columns:
        if header_key(column) == key:
            return column
    raise UserError(f"{source}: {option} {name}: no such column; columns found: {', '.join(columns) or '(none)'}")


def read_ledger(
    path: Path | str | pd.DataFrame,
    mapping: Mapping[str, str] | None = None,
    date_format: str | None = None,
    trait_columns: Iterable[str] = (),
    template_column: str | None = None,
    name: str = "payments table",
) -> Ledger:
    """Read a CSV / Excel / Parquet ledger (or a frame already in memory) into a ``Ledger``."""
    raw, info, source = table_from(path, "ledger", name)
    mapping = dict(mapping or {})
    if template_column:
        mapping["template"] = _find_column(template_column, raw.columns, source, "--template-column")
    columns = recognize_columns(raw.columns, LEDGER_FIELDS, mapping, REQUIRED_FIELDS, source, "ledger")
    if raw.empty:
        raise UserError(f"{source}: the ledger has a header but no rows")
    traits = [_find_column(t, raw.columns, source, "--trait-column") for t in trait_columns]
    clash = [t for t in traits if t in columns.values() and columns.get("template") != t]
    if clash:
        raise UserError(f"{source}: --trait-column {clash[0]} is the ledger's {[f for f, c in columns.items() if c == clash[0]][0]} column")

    frame = pd.DataFrame(index=raw.index)
    frame["source_row"] = np.arange(len(raw), dtype=np.int64) + int(info.get("first_row", 2))
    frame["invoice_number"] = clean_text(raw[columns["invoice_number"]])
    frame["invoice_key"] = normalize_invoice_numbers(frame["invoice_number"].tolist())
    frame["client"] = clean_text(raw[columns["client"]])
    present_dates = {f: raw[columns[f]] for f in DATE_FIELDS if f in columns}
    parsed = parse_date_columns({columns[f]: s for f, s in present_dates.items()}, source, date_format)
    date_formats = {}
    problems = pd.Series("", index=raw.index, dtype=object)

    def flag(mask: pd.Series, reason: str) -> None:
        nonlocal problems
        problems = problems.where(~(mask & (problems == "")), reason)

    flag(frame["invoice_number"] == "", "missing invoice number")
    flag(frame["client"] == "", "missing client")
    for f in DATE_FIELDS:
        if f in columns:
            result = parsed[columns[f]]
            frame[f] = result.values
            date_formats[f] = result.format
            flag(result.bad, f"unparseable {f.replace('_', ' ')}")
        else:
            frame[f] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    flag(frame["issue_date"].isna(), "missing issue date")
    cents, bad_amount = amounts_to_cents(raw[columns["amount"]])
    frame["amount_cents"] = cents
    flag(bad_amount, "unparseable amount")
    flag(frame["paid_date"].notna() & (frame["paid_date"] < frame["issue_date"]), "paid before issue")
    frame["currency"] = clean_text(raw[columns["currency"]]).str.upper() if "currency" in columns else ""
    frame["template"] = clean_text(raw[columns["template"]]) if "template" in columns else ""
    names = []
    for t in traits:
        name = t if t not in RESERVED_NAMES else f"{t} (ledger)"
        frame[name] = coerce_trait(raw[t])
        names.append(name)
    frame["problem"] = problems
    frame = frame.reset_index(drop=True)
    return Ledger(source=source, frame=frame, columns=columns, date_formats=date_formats,
                  trait_columns=names, info=info)

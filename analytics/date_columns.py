"""Date columns of ledgers and surveys: parse them fast, and never guess day-first vs month-first.

"03/04/2025" is 3 April in Madrid and March 4 in Boston.  A column's format is inferred from
all its distinct values; when both readings fit every value, the other date columns of the same
file may settle it (a file uses one convention), otherwise the user is asked for
``--date-format``.  Distinct values are parsed once, so a million rows cost as much as a few
hundred dates.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from invoice_lint.foundation.errors import UserError

# (pattern, order) — order is what a user chooses with --date-format iso|dmy|mdy.
DATE_FORMATS: tuple[tuple[str, str], ...] = (
    ("%Y-%m-%d", "iso"), ("%Y/%m/%d", "iso"), ("%Y.%m.%d", "iso"), ("%Y%m%d", "iso"),
    ("%d.%m.%Y", "dmy"), ("%d.%m.%Y.", "dmy"), ("%d/%m/%Y", "dmy"), ("%d-%m-%Y", "dmy"),
    ("%d.%m.%y", "dmy"), ("%d/%m/%y", "dmy"), ("%d %b %Y", "dmy"), ("%d %B %Y", "dmy"),
    ("%m/%d/%Y", "mdy"), ("%m-%d-%Y", "mdy"), ("%m.%d.%Y", "mdy"), ("%m/%d/%y", "mdy"),
    ("%b %d, %Y", "mdy"), ("%B %d, %Y", "mdy"), ("%b %d %Y", "mdy"), ("%B %d %Y", "mdy"),
)
ORDERS = ("iso", "dmy", "mdy")
_TIME_SUFFIX = re.compile(r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$")


@dataclass(frozen=True)
class ParsedDates:
    values: pd.Series  # datetime64[ns], NaT where empty or unparseable
    bad: pd.Series  # bool: a non-empty value that could not be read
    format: str  # the pattern used, "native" for typed cells, "" when the column is empty


def _parse_uniques(uniques: np.ndarray, pattern: str) -> np.ndarray:
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format=pattern, errors="coerce")
    return parsed.to_numpy(dtype="datetime64[ns]")


def _patterns_for(date_format: str) -> list[str]:
    key = date_format.strip().lower()
    if key in ORDERS:
        return [p for p, order in DATE_FORMATS if order == key]
    if "%" not in date_format:
        raise UserError(
            f"--date-format {date_format!r}: use iso, dmy, mdy or a pattern such as %d/%m/%Y"
        )
    return [date_format]


def _best_of(uniques: np.ndarray, patterns: list[str]) -> tuple[str, np.ndarray]:
    best_pattern, best, best_count = "", np.full(len(uniques), np.datetime64("NaT"), "datetime64[ns]"), -1
    for pattern in patterns:
        parsed = _parse_uniques(uniques, pattern)
        count = int((~np.isnat(parsed)).sum())
        if count > best_count:
            best_pattern, best, best_count = pattern, parsed, count
    # Values one pattern misses may be read by a sibling of the same order (e.g. "5.3.2025." next to "05.03.2025").
    for pattern in patterns:
        if pattern == best_pattern or np.isnat(best).sum() == 0:
            continue
        missing = np.isnat(best)
        best[missing] = _parse_uniques(uniques[missing], pattern)
    return best_pattern, best


@dataclass
class _Candidate:
    column: str
    index: pd.Index
    codes: np.ndarray  # per row: index into ``uniques``, -1 for empty
    uniques: np.ndarray  # distinct non-empty text values, time of day removed
    typed: np.ndarray  # per distinct raw value: a native datetime (Excel/Parquet cells), else NaT
    raw_to_text: np.ndarray  # per distinct raw value: index into ``uniques`` or -1
    raw_codes: np.ndarray  # per row: index of its distinct raw value, -1 for missing
    scores: dict[str, tuple[int, str, np.ndarray]]  # order -> (count, pattern, parsed uniques)


def _candidate(column: str, series: pd.Series, date_format: str | None) -> _Candidate:
    if pd.api.types.is_datetime64_any_dtype(series):
        values = pd.to_datetime(series)
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        raw_codes, raw = pd.factorize(values.dt.normalize())
        typed = np.asarray(raw, dtype="datetime64[ns]")
        raw_to_text = np.full(len(raw), -1, dtype=np.int64)
        uniques = np.array([], dtype=object)
    else:
        raw_codes, raw = pd.factorize(series.astype(object))
        typed = np.full(len(raw), np.datetime64("NaT"), dtype="datetime64[ns]")
        raw_to_text = np.full(len(raw), -1, dtype=np.int64)
        text_index: dict[str, int] = {}
        for i, value in enumerate(raw):
            if hasattr(value, "year") and hasattr(value, "month"):
                typed[i] = np.datetime64(pd.Timestamp(value).normalize().to_datetime64(), "ns")
                continue
            text = _TIME_SUFFIX.sub("", str(value).strip()).strip()
            if text and text.lower() not in {"nan", "nat", "none", "null"}:
                raw_to_text[i] = text_index.setdefault(text, len(text_index))
        uniques = np.array(list(text_index), dtype=object)
    scores: dict[str, tuple[int, str, np.ndarray]] = {}
    if len(uniques):
        for order in (("custom",) if date_format else ORDERS):
            patterns = _patterns_for(date_format) if date_format else [p for p, o in DATE_FORMATS if o == order]
            pattern, parsed = _best_of(uniques, patterns)
            scores[order] = (int((~np.isnat(parsed)).sum()), pattern, parsed)
    return _Candidate(column, series.index, np.asarray(raw_codes), uniques, typed, raw_to_text,
                      np.asarray(raw_codes), scores)


def _examples(values: np.ndarray, n: int = 3) -> str:
    return ", ".join(repr(str(v)) for v in values[:n])


def parse_date_columns(
    columns: Mapping[str, pd.Series], source: str, date_format: str | None = None
) -> dict[str, ParsedDates]:
    """Parse several date columns of one file, inferring one convention for the file.

    Raises UserError when a column cannot be read as dates at all, or when day-first and
    month-first both fit and nothing in the file tells them apart.
    """
    candidates = {name: _candidate(name, series, date_format) for name, series in columns.items()}
    chosen: dict[str, str] = {}
    ambiguous: list[str] = []
    for name, cand in candidates.items():
        if not cand.scores:
            continue
        top = max(count for count, _, _ in cand.scores.values())
        if top < max(1, 0.5 * len(cand.uniques)):
            hint = "" if date_format else "; say how dates are written with --date-format (iso, dmy, mdy or a pattern like %d.%m.%Y)"
            shown = f" with --date-format {date_format}" if date_format else ""
            raise UserError(
                f"{source}: column {name!r} does not look like dates{shown} "
                f"(e.g. {_examples(cand.uniques)}){hint}"
            )
        best = [o for o, (count, _, parsed) in cand.scores.items() if count == top]
        if len(best) > 1:
            # Orders that read every value identically are not a real choice.
            first = cand.scores[best[0]][2]
            if all(np.array_equal(cand.scores[o][2], first) for o in best[1:]):
                best = best[:1]
        if len(best) == 1:
            chosen[name] = best[0]
        else:
            ambiguous.append(name)
    for name in ambiguous:
        cand = candidates[name]
        top = max(count for count, _, _ in cand.scores.values())
        settled = {chosen[o] for o in chosen if chosen[o] in ("dmy", "mdy")}
        fitting = [o for o in settled if cand.scores.get(o, (0,))[0] == top]
        if len(fitting) == 1:
            chosen[name] = fitting[0]
            continue
        sample = [v for v in cand.uniques if re.search(r"\d", str(v))][:2]
        raise UserError(
            f"{source}: column {name!r} has dates such as {_examples(np.array(sample, dtype=object))} "
            f"that read both day-first and month-first; refusing to guess. "
            f"Say which with --date-format dmy (or mdy, or a pattern such as %d/%m/%Y)"
        )
    result: dict[str, ParsedDates] = {}
    for name, cand in candidates.items():
        per_raw = cand.typed.copy()
        bad_raw = np.zeros(len(per_raw), dtype=bool)
        formats = ["native"] if (~np.isnat(cand.typed)).any() else []
        if name in chosen:
            _, pattern, parsed = cand.scores[chosen[name]]
            formats.append(pattern)
            has_text = cand.raw_to_text >= 0
            per_raw[has_text] = parsed[cand.raw_to_text[has_text]]
            bad_raw = has_text & np.isnat(per_raw)
        present = cand.raw_codes >= 0
        values = np.full(len(cand.raw_codes), np.datetime64("NaT"), dtype="datetime64[ns]")
        values[present] = per_raw[cand.raw_codes[present]]
        bad = np.zeros(len(cand.raw_codes), dtype=bool)
        bad[present] = bad_raw[cand.raw_codes[present]]
        result[name] = ParsedDates(
            values=pd.Series(values, index=cand.index), bad=pd.Series(bad, index=cand.index),
            format="+".join(formats),
        )
    return result


def parse_one_date(text: str, what: str = "--as-of") -> pd.Timestamp:
    """A single date typed by the user (``--as-of``): ISO only, to leave no doubt."""
    try:
        return pd.Timestamp(pd.to_datetime(text.strip(), format="%Y-%m-%d"))
    except (ValueError, TypeError):
        raise UserError(f"{what} {text!r}: write the date as YYYY-MM-DD") from None

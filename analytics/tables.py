"""Read a user's table (CSV, Excel or Parquet) as text columns, refusing anything else clearly.

Everything is read as text (invoice numbers keep their leading zeros; dates and amounts are
parsed later with their own rules).  Files are only ever opened for reading.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from invoice_lint.foundation.errors import UserError

_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PAR1", "parquet"),
    (b"PK\x03\x04", "xlsx"),
    (b"\xd0\xcf\x11\xe0", "xls"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def sniff_kind(path: Path) -> str:
    """"csv", "xlsx", "xls" or "parquet" from the file's first bytes; UserError otherwise."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, expected a CSV, Excel or Parquet file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind in ("parquet", "xlsx", "xls"):
                return kind
            raise UserError(f"{path}: is {kind}, not a CSV, Excel or Parquet table")
    if not head.strip():
        raise UserError(f"{path}: is empty")
    if b"\x00" in head:
        raise UserError(f"{path}: is a binary file, not a CSV, Excel or Parquet table")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise UserError(f"{path}: looks like HTML/XML, not a CSV, Excel or Parquet table")
    return "csv"


def _decode_sample(raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def _delimiter(sample: str) -> str:
    """The header line decides (its cells rarely contain a delimiter); the csv sniffer otherwise."""
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines:
        return ","
    counts = {d: lines[0].count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] > 0 and sorted(counts.values())[-2] < counts[best]:
        return best
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_table(path: Path, what: str = "table") -> tuple[pd.DataFrame, dict]:
    """Return (frame of text columns, info) — info has kind, encoding, delimiter, sheet, first data row."""
    path = Path(path)
    kind = sniff_kind(path)
    info: dict = {"kind": kind, "first_row": 2}
    try:
        if kind == "parquet":
            frame = pd.read_parquet(path)
            info["first_row"] = 1
        elif kind in ("xlsx", "xls"):
            book = pd.ExcelFile(path)
            info["sheet"] = book.sheet_names[0]
            frame = book.parse(book.sheet_names[0], dtype=object)
        else:
            with path.open("rb") as handle:
                sample_bytes = handle.read(65536)
            sample, encoding = _decode_sample(sample_bytes)
            delimiter = _delimiter(sample)
            info.update(encoding=encoding, delimiter=delimiter)
            frame = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, na_values=[""],
                                encoding=encoding, skipinitialspace=True, on_bad_lines="error")
    except UserError:
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError, OSError,
            ImportError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if isinstance(exc, pd.errors.EmptyDataError):
            raise UserError(f"{path}: the {what} is empty (no header row)") from None
        raise UserError(f"{path}: cannot be read as {kind.upper()} ({first})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if len(frame.columns) == 1 and kind == "csv" and len(frame) and any(sep in frame.columns[0] for sep in ";\t|"):
        raise UserError(f"{path}: only one column found ({frame.columns[0]!r}); is the delimiter unusual?")
    return frame, info


def frame_source(frame: pd.DataFrame, name: str) -> tuple[pd.DataFrame, dict]:
    """A table already in memory (the dashboard's uploads) gets the same treatment as a file."""
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, {"kind": "frame", "first_row": 1, "name": name}


def table_from(source: Path | str | pd.DataFrame, what: str, name: str) -> tuple[pd.DataFrame, dict, str]:
    """(frame, info, how messages name it) for a file (``read_table``, named by its path) or a
    table already in memory (``frame_source``, named ``name``): what the ledger and the survey take."""
    if isinstance(source, pd.DataFrame):
        return (*frame_source(source, name), name)
    return (*read_table(Path(source), what), str(source))

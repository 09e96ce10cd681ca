"""Recognize the columns of a user's table by their header, in several languages.

Real ledgers and survey exports name columns their own way ("Invoice No", "Nº factura",
"Broj računa", "Rechnungsnummer").  Headers are folded (case, script, diacritics) and
compared with known names; ``--map field=Column`` overrides any guess.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from invoice_lint.foundation.errors import UserError
from invoice_lint.foundation.text import fold

_NON_WORD = re.compile(r"[^a-z0-9]+")


def header_key(name: object) -> str:
    """A header reduced for comparison: folded, punctuation and spaces removed."""
    return _NON_WORD.sub("", fold(str(name)))


def recognize_columns(
    found: Iterable[str],
    known_names: Mapping[str, Iterable[str]],
    mapping: Mapping[str, str] | None,
    required: Iterable[str],
    source: str,
    what: str = "ledger",
    map_prefix: str = "",
) -> dict[str, str]:
    """Return ``{field: column}`` for every field that could be found.

    ``mapping`` (from ``--map``) wins; otherwise the first column whose folded header equals one
    of the field's known names.  Raises UserError naming the missing required fields and listing
    the columns that were found.
    """
    columns = [str(c) for c in found]
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(header_key(column), column)
    result: dict[str, str] = {}
    for field, column in (mapping or {}).items():
        if field not in known_names:
            raise UserError(
                f"--map {map_prefix}{field}={column}: unknown {what} field {field!r}; "
                f"known fields: {', '.join(known_names)}"
            )
        if column not in columns:
            match = by_key.get(header_key(column))
            if match is None:
                raise UserError(
                    f"{source}: --map {map_prefix}{field}={column}: no column {column!r}; "
                    f"columns found: {', '.join(columns) or '(none)'}"
                )
            column = match
        result[field] = column
    taken = set(result.values())
    for field, names in known_names.items():
        if field in result:
            continue
        for name in names:
            column = by_key.get(header_key(name))
            if column is not None and column not in taken:
                result[field] = column
                taken.add(column)
                break
    missing = [f for f in required if f not in result]
    if missing:
        raise UserError(
            f"{source}: {what} is missing column(s) for {', '.join(missing)}; "
            f"columns found: {', '.join(columns) or '(none)'}. "
            f"Name them with --map {map_prefix}FIELD=COLUMN"
        )
    return result


def parse_mapping(items: Iterable[str] | None) -> tuple[dict[str, str], dict[str, str]]:
    """Split ``--map`` items into ledger and ``survey.``-prefixed mappings."""
    ledger: dict[str, str] = {}
    survey: dict[str, str] = {}
    for item in items or ():
        field, sep, column = item.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not field or not column:
            raise UserError(f"--map {item!r}: expected FIELD=COLUMN, e.g. --map paid_date='Fecha de cobro'")
        if field.startswith("survey."):
            survey[field[len("survey."):]] = column
        else:
            ledger[field] = column
    return ledger, survey

"""Normalized JSON forms of field values (schema_version 1 of `invoice-lint extract`).

Dates "YYYY-MM-DD"; money a decimal string with a dot ("1234.56"); percentages a plain
decimal string ("21", "5.5"); ids compact; lists and items as plain JSON.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from invoice_lint.foundation.model import Field, InvoiceFields, LineItem, TaxLine

PERCENT_FIELDS = {"tax_rate"}


def money(value: Decimal) -> str:
    q = value.quantize(Decimal("0.01")) if value == value.quantize(Decimal("0.01")) else value
    return format(q, "f")


def number(value: Decimal) -> str:
    """Quantities and rates: no trailing zeros ("2", "1.5", "5.5")."""
    text = format(value.normalize(), "f")
    return text


def bbox(box) -> list[float] | None:
    return [round(v, 2) for v in box] if box else None


def _given(form, value: Decimal | None) -> str | None:
    return None if value is None else form(value)


def _row(item: LineItem | TaxLine, **values) -> dict[str, Any]:
    """A line item's or tax line's figures (in the order given), then where it stands on the page."""
    return {**values, "page": item.page, "bbox": bbox(item.bbox), "text": item.text}


def jsonable(value: Any, name: str = "") -> Any:
    if isinstance(value, Decimal):
        return number(value) if name in PERCENT_FIELDS else money(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, LineItem):
        return _row(value, description=value.description, quantity=_given(number, value.quantity),
                    unit_price=_given(money, value.unit_price), amount=_given(money, value.amount))
    if isinstance(value, TaxLine):
        return _row(value, rate=_given(number, value.rate), base=_given(money, value.base),
                    amount=_given(money, value.amount))
    if isinstance(value, (list, tuple)):
        return [jsonable(v, name) for v in value]
    return value


def field_json(field: Field) -> dict[str, Any]:
    out = {
        "value": jsonable(field.value, field.name),
        "page": field.page,
        "bbox": bbox(field.bbox),
        "text": field.text,
        "line": field.line,
    }
    if field.label:
        out["label"] = field.label
    if field.derived:
        out["derived"] = True
    if field.resolved_by:
        out["resolved_by"] = field.resolved_by
    return out


def fields_json(fields: InvoiceFields) -> dict[str, Any]:
    return {name: field_json(f) for name, f in fields.fields.items()}


def plain_values(fields: InvoiceFields) -> dict[str, Any]:
    """Just the normalized values, as the sample manifest states them."""
    out = {}
    for name, f in fields.fields.items():
        value = jsonable(f.value, name)
        if name in {"line_items", "tax_breakdown"}:
            value = [{k: v for k, v in item.items() if k not in {"page", "bbox", "text"}} for item in value]
        out[name] = value
    return out

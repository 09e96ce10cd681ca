"""What every check kind shares: turning a rule and a location into a Finding."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoice_lint.checks.rules import Rule
from invoice_lint.foundation.model import ExtractedInvoice, Field, Finding, LineItem


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def show(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def finding(rule: Rule, invoice: ExtractedInvoice, where: Field | LineItem | None = None,
            snippet: str | None = None, line=None, **values: Any) -> Finding:
    message = rule.message.format_map(_Blank({k: show(v) for k, v in values.items()}))
    page = getattr(where, "page", None) if where is not None else (line.page if line is not None else 1)
    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=rule.severity,
        message=message,
        path=str(invoice.document.path),
        page=page,
        line=getattr(where, "line", None) if where is not None else (line.number if line is not None else None),
        bbox=getattr(where, "bbox", None) if where is not None else (line.bbox if line is not None else None),
        snippet=(snippet if snippet is not None else (getattr(where, "text", "") if where is not None else
                                                       (line.text if line is not None else ""))),
        pack=",".join(rule.packs),
        basis=rule.basis,
    )

"""The e-invoice XML in `invoice-lint extract --output-format json` (key "xml" of each document):
null without XML; else its source, syntax, profile, problem, and the EN 16931 values by business
term, each with the XML path it was read from.  Money as decimal strings, dates ISO."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoice_lint.einvoice.model import TERMS


def _plain(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def einvoice_json(xml) -> dict | None:
    if xml is None:
        return None
    out = {"source": xml.source, "bare": xml.bare, "problem": xml.problem or None}
    inv = xml.einvoice
    if inv is None:
        return out
    terms = {}
    for term, attribute in TERMS.items():
        value = getattr(inv, attribute)
        if value in (None, "", []) or term in ("BG-5", "BG-8", "BG-25"):
            continue
        terms[term] = {"name": attribute, "value": _plain(value), "path": inv.paths.get(attribute, "")}
    out.update({
        "syntax": inv.syntax, "specification": inv.specification, "profile": inv.profile, "terms": terms,
        "vat_breakdown": [{"category": b.category, "rate": _plain(b.rate), "base": _plain(b.base),
                           "amount": _plain(b.amount), "exemption_reason": b.exemption_reason,
                           "exemption_code": b.exemption_code} for b in inv.vat_breakdown],
        "lines": [{"id": line.line_id, "name": line.name, "quantity": _plain(line.quantity),
                   "net_price": _plain(line.net_price), "net_amount": _plain(line.net_amount),
                   "category": line.category, "rate": _plain(line.rate)} for line in inv.lines],
        "problems": [{"term": p.term, "text": p.text, "problem": p.problem, "path": p.path} for p in inv.problems],
    })
    return out

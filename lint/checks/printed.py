"""Is a value the embedded e-invoice XML states printed on the page, where the page reader
found no label for it?  A hybrid invoice whose page prints its number under a label we do not
know still prints it: ``missing-*`` must not say otherwise (issue #10: a false error on a real,
compliant invoice is what makes a CI team switch the linter off).

Only what the page's text shows counts: the XML's invoice number as a printed token, its dates
among the page's dates, its sums among the page's amounts, its VAT id in the page's text, and
every one of its invoice lines by name and net amount.
The page reader's own fields are not changed; the field-accuracy figures stay the page's.
"""
from __future__ import annotations

import re

from invoice_lint.foundation.model import ExtractedInvoice


def _compact(text: str) -> str:
    return re.sub(r"[\W_]", "", text).upper()


def _lines(invoice: ExtractedInvoice) -> list[str]:
    return [line.text for line in invoice.document.lines]


def _token_printed(invoice: ExtractedInvoice, value: str | None) -> bool:
    want = _compact(value or "")
    if len(want) < 3:
        return False
    for text in _lines(invoice):
        for token in re.split(r"[\s:;,]+", text):
            if _compact(token) == want:
                return True
        if want in _compact(text) and len(want) >= 8:  # an id printed in groups: "DE 123 456 789"
            return True
    return False


def _date_printed(invoice: ExtractedInvoice, value) -> bool:
    if value is None:
        return False
    from invoice_lint.fields.dates import find_dates

    language = invoice.document.language
    return any(m.value == value for text in _lines(invoice) for m in find_dates(text, language))


def _page_amounts(invoice: ExtractedInvoice) -> set:
    from invoice_lint.fields.amounts import NumberStyle

    lines = _lines(invoice)
    numbers = NumberStyle.of(lines, invoice.document.language)  # as the fields were read
    return {m.value for text in lines for m in numbers.find(text)}


def _amount_printed(invoice: ExtractedInvoice, value) -> bool:
    return value is not None and value != 0 and value in _page_amounts(invoice)


def _lines_printed(invoice: ExtractedInvoice, lines) -> bool:
    """The page shows the XML's invoice lines: every line's name and net amount are printed."""
    named = [line for line in lines if line.name and line.net_amount is not None]
    if not named or len(named) > 200:
        return False
    page, amounts = _compact(" ".join(_lines(invoice))), _page_amounts(invoice)
    return all(_compact(line.name)[:24] in page and line.net_amount in amounts for line in named
               if line.net_amount != 0) and any(line.net_amount != 0 for line in named)


def printed_per_xml(invoice: ExtractedInvoice, field: str) -> bool:
    """True when the e-invoice XML gives ``field`` and the page prints that value."""
    einvoice = invoice.einvoice
    if einvoice is None or not invoice.document.pages:
        return False
    if field == "invoice_number":
        return _token_printed(invoice, einvoice.invoice_number)
    if field in ("issue_date", "due_date"):
        return _date_printed(invoice, getattr(einvoice, field))
    if field == "total":
        return _amount_printed(invoice, einvoice.grand_total)
    if field == "amount_due":
        return _amount_printed(invoice, einvoice.amount_due)
    if field == "line_items":
        return _lines_printed(invoice, einvoice.top_lines)
    if field == "seller_tax_id":
        return any(_token_printed(invoice, v) for v in (einvoice.seller_vat_id, einvoice.seller_tax_number) if v)
    return False

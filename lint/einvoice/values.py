"""Typed EN 16931 values out of XML elements, for the CII and UBL readers: each value keeps the
XML path it was read from (``EInvoice.paths``), and a value written in the wrong form is
recorded as an ``XmlProblem`` under its business term instead of being guessed."""
from __future__ import annotations

from invoice_lint.einvoice.model import EInvoice, XmlProblem
from invoice_lint.einvoice.xmltree import amount, compact_id, path_of, text


class ValueReader:
    """Shared by the syntax readers; each adds ``day`` for its own date form."""

    def __init__(self, root, syntax: str):
        self.root = root
        self.inv = EInvoice(syntax=syntax)

    def record(self, attribute: str, el) -> None:
        if el is not None and attribute:
            self.inv.paths.setdefault(attribute, path_of(el))

    def text(self, attribute: str, el) -> str | None:
        value = text(el)
        if value is not None:
            self.record(attribute, el)
        return value

    def typed(self, attribute: str, term: str, el, parse, wrong_form: str):
        """``parse`` of the element's text; None when absent, and when written in the wrong form
        (then an ``XmlProblem`` under ``term`` saying it ``wrong_form``)."""
        raw = text(el)
        if raw is None:
            return None
        value = parse(raw)
        if value is None:
            self.inv.problems.append(XmlProblem(term, path_of(el), raw, wrong_form))
            return None
        self.record(attribute, el)
        return value

    def money(self, attribute: str, term: str, el):
        return self.typed(attribute, term, el, amount, "is not a decimal amount")

    def payment_means(self, code_el, account_el) -> None:
        """One payment means: its code (BT-81) and the payee's account (BT-84, compacted)."""
        code = text(code_el)
        if code:
            self.inv.payment_means.append(code)
        if text(account_el):
            self.record("ibans", account_el)
            self.inv.ibans.append(compact_id(text(account_el)))

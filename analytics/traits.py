"""One row of traits per invoice PDF, from its extracted fields, layout and lint findings.

Traits are what an owner could change in a template (a due date, a payment link, a thank-you
line, wording, layout) and are what the payment and survey analyses compare.  The ``style``
trait is a whole-template family found by clustering (see ``styles``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from invoice_lint.analytics.numbers import normalize_invoice_number
from invoice_lint.foundation.model import Document, ExtractedInvoice, Finding


@dataclass(frozen=True)
class Trait:
    """One trait, defined once: its column, and how the text report and the dashboard name it.
    (The audit report's words for it, per language, are ``traits.<name>`` in rules/report/.)"""

    name: str
    phrase: str | None = None  # the text report's "with ... / without ...", for a yes/no trait
    label: str | None = None  # the dashboard's filter title, for a yes/no trait
    yes_no: bool = False  # a template has it or not: a dashboard filter (with / without)


# The trait table's columns, in order (invoice_traits computes each).
TRAITS: dict[str, Trait] = {t.name: t for t in (
    Trait("has_due_date", "a due date or payment terms", "Due date", yes_no=True),
    Trait("due_date_explicit", "an explicit due date (not only terms)", "Explicit due date", yes_no=True),
    Trait("payment_terms_days"),
    Trait("n_payment_methods"),
    Trait("has_payment_link", "a payment link", "Payment link", yes_no=True),
    Trait("has_qr", "a QR code for payment", "QR code", yes_no=True),
    Trait("has_thank_you", "a thank-you line", "Thank-you line", yes_no=True),
    Trait("readability"),
    Trait("n_line_items"),
    Trait("n_pages"),
    Trait("word_count"),
    Trait("language"),
    Trait("has_tax_info", "tax details", "Tax information", yes_no=True),
    Trait("register"),
    Trait("issue_lag_days"),
    Trait("findings_error"),
    Trait("findings_warning"),
    Trait("findings_info"),
    Trait("style"),
)}
TRAIT_COLUMNS = tuple(TRAITS)
YES_NO_TRAITS = tuple(name for name, trait in TRAITS.items() if trait.yes_no)
TAX_FIELDS = ("tax_amount", "tax_rate", "seller_tax_id", "tax_breakdown")


def readability_of(document: Document) -> float | None:
    """The checks' readability score (lazy import: the readability tables load on first use)."""
    from invoice_lint.checks.readability import readability_score

    score = readability_score(document)
    return None if score is None else float(score)


def register_of_document(document: Document) -> str | None:
    """"formal" / "informal" / None from the consistency checks (lazy import)."""
    from invoice_lint.checks.consistency import register_of

    return register_of(document)


def _days(later: object, earlier: object) -> int | None:
    if isinstance(later, date) and isinstance(earlier, date):
        return (later - earlier).days
    return None


def invoice_traits(invoice: ExtractedInvoice, findings: Iterable[Finding] = ()) -> dict:
    """The trait row of one invoice (without ``style``, which needs the whole folder)."""
    fields, document = invoice.fields, invoice.document
    due = fields.get("due_date")
    terms = fields.value("payment_terms")
    issue = fields.value("issue_date")
    if terms is None and due is not None and not due.derived:
        terms = _days(due.value, issue)
    methods = fields.value("payment_methods") or []
    items = fields.value("line_items") or []
    severities = Counter(f.severity for f in findings)
    number = fields.value("invoice_number")
    return {
        "invoice_number": "" if number is None else str(number),
        "invoice_key": normalize_invoice_number(number),
        "has_due_date": due is not None or terms is not None,
        "due_date_explicit": due is not None and not due.derived,
        "payment_terms_days": None if terms is None else int(terms),
        "n_payment_methods": len(methods),
        "has_payment_link": "payment_link" in fields,
        "has_qr": any(str(m).lower() == "qr" for m in methods),
        "has_thank_you": "thank_you" in fields,
        "readability": readability_of(document),
        "n_line_items": len(items),
        "n_pages": len(document.pages),
        "word_count": sum(len(line.words) for line in document.lines),
        "language": document.language,
        "has_tax_info": any(name in fields for name in TAX_FIELDS),
        "register": register_of_document(document),
        "issue_lag_days": _days(issue, fields.value("supply_date")),
        "findings_error": severities.get("error", 0),
        "findings_warning": severities.get("warning", 0),
        "findings_info": severities.get("info", 0),
    }


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def traits_table(invoices: list[ExtractedInvoice], findings: Iterable[Finding] = (), root: Path | None = None,
                 styles: bool = True) -> pd.DataFrame:
    """One row per invoice: ``file``, ``invoice_number``, ``invoice_key`` and the TRAIT_COLUMNS."""
    by_path: dict[Path, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(Path(finding.path).resolve(), []).append(finding)
    rows = []
    for invoice in invoices:
        path = Path(invoice.document.path)
        row = {"file": _relative(path, root)}
        row.update(invoice_traits(invoice, by_path.get(path.resolve(), ())))
        rows.append(row)
    columns = ["file", "invoice_number", "invoice_key", *TRAIT_COLUMNS]
    table = pd.DataFrame(rows, columns=[c for c in columns if c != "style"])
    if styles and len(invoices):
        from invoice_lint.analytics.styles import style_families

        table["style"] = style_families(invoices)
    else:
        table["style"] = None
    # Keep integer traits integer where known, with pandas' nullable types.
    for column in ("payment_terms_days", "issue_lag_days"):
        table[column] = table[column].astype("Int64")
    for column in ("readability",):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return table[columns]

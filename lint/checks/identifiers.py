"""Kind `identifier`: IBAN (ISO 13616), tax ids (EU VAT, ES NIF, RS PIB, GB VAT) and Serbian
accounts (mod 97), all through python-stdnum via ``invoice_lint.fields.identifiers``."""
from __future__ import annotations

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
from invoice_lint.fields import identifiers
from invoice_lint.model import ExtractedInvoice, Finding


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    what = rule.options["check"]
    f = invoice.fields
    if what == "iban":
        field = f.get("iban")
        if field is not None and not identifiers.validate_iban(field.value):
            return [finding(rule, invoice, field, value=field.text or field.value)]
    elif what == "bank_account":
        field = f.get("bank_account")
        if field is not None and identifiers.normalize_rs_account(field.value) and not identifiers.validate_rs_account(
                field.value):
            return [finding(rule, invoice, field, value=field.value)]
    elif what == "tax_id":
        field = f.get("seller_tax_id")
        if field is not None:
            matches = identifiers.find_vat_ids(field.text or field.value, labelled=True)
            if matches and matches[0].valid is False:
                return [finding(rule, invoice, field, value=field.value, kind=matches[0].kind)]
    return []

"""A bare XML e-invoice as an ExtractedInvoice: no page, fields taken from the XML's values.

The rules then see the same field names as for a PDF (``invoice_number``, ``total`` ...), so the
core rules (a missing due date, VAT that does not add up) check an XML invoice as they check a
page; rules that read printed wording have no text to read and find nothing.
"""
from __future__ import annotations

from pathlib import Path

from invoice_lint.einvoice.model import EInvoice, EmbeddedXml
from invoice_lint.foundation.model import Document, ExtractedInvoice, Field, InvoiceFields, LineItem, TaxLine

# UNTDID 4461 payment means codes -> invoice-lint's payment method names
PAYMENT_MEANS = {
    "10": "cash", "20": "cheque", "30": "bank_transfer", "31": "bank_transfer", "42": "bank_transfer",
    "58": "bank_transfer", "48": "card", "54": "card", "55": "card", "49": "direct_debit", "59": "direct_debit",
}


def xml_document(path: Path, xml: EmbeddedXml) -> ExtractedInvoice:
    """The invoice of a bare XML file whose e-invoice was read (``xml.einvoice`` is set)."""
    document = Document(path=path, pages=[], language="en", language_source="xml")
    return ExtractedInvoice(document=document, fields=fields_from_einvoice(xml.einvoice), xml=xml)


def fields_from_einvoice(inv: EInvoice) -> InvoiceFields:
    out = InvoiceFields()

    def put(name: str, value, attribute: str = "") -> None:
        if value is None or value == [] or value == "":
            return
        out.set(Field(name=name, value=value, text=inv.paths.get(attribute or name, ""), label="XML"))

    put("invoice_number", inv.invoice_number)
    put("issue_date", inv.issue_date)
    put("supply_date", inv.supply_date)
    put("due_date", inv.due_date)
    put("seller_name", inv.seller_name)
    if inv.seller_vat_id or inv.seller_tax_number:
        put("seller_tax_id", inv.seller_vat_id or inv.seller_tax_number,
            "seller_vat_id" if inv.seller_vat_id else "seller_tax_number")
    put("buyer_name", inv.buyer_name)
    # adjusted: the XML's line amount may follow a price base quantity or line allowances, so the
    # page rules' quantity × price check does not apply; BR-CO-10 checks the lines' sum on the XML
    put("line_items", [LineItem(description=line.name or "", quantity=line.quantity, unit_price=line.net_price,
                                amount=line.net_amount, text=line.path,
                                adjusted=True) for line in inv.lines], "lines")
    put("subtotal", inv.tax_basis_total, "tax_basis_total")
    put("tax_amount", inv.tax_total, "tax_total")
    rates = {b.rate for b in inv.vat_breakdown if b.rate is not None}
    if len(rates) == 1:
        put("tax_rate", rates.pop())
    put("tax_breakdown", [TaxLine(rate=b.rate, base=b.base, amount=b.amount, text=b.path) for b in inv.vat_breakdown])
    put("prepaid_amount", inv.prepaid_amount)
    put("total", inv.grand_total, "grand_total")
    put("amount_due", inv.amount_due)
    put("currency", inv.currency)
    put("currencies", [inv.currency] if inv.currency else [], "currency")
    put("payment_methods", sorted({PAYMENT_MEANS[c] for c in inv.payment_means if c in PAYMENT_MEANS}))
    put("iban", inv.ibans[0] if inv.ibans else None, "ibans")
    reasons = [b.exemption_reason or b.exemption_code for b in inv.vat_breakdown
               if b.exemption_reason or b.exemption_code]
    put("tax_exemption", reasons[0] if reasons else None)
    if inv.allowances_charges:
        put("allowance_charge", ", ".join(ac.reason or ("charge" if ac.charge else "allowance")
                                          for ac in inv.allowances_charges))
    return out

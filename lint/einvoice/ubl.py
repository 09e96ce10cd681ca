"""Read an OASIS UBL 2.1 Invoice or CreditNote (XRechnung UBL, Peppol BIS 3, Serbian SEF) into an
EInvoice.  Business terms as bound by EN 16931-3-2; elements matched by local name."""
from __future__ import annotations

from invoice_lint.einvoice.model import Address, AllowanceCharge, EInvoice, InvoiceLine, VatBreakdown
from invoice_lint.einvoice.values import ValueReader
from invoice_lint.einvoice.xmltree import children, compact_id, find, find_all, iso_date, path_of, text

UBL_ROOTS = ("Invoice", "CreditNote")


class _Reader(ValueReader):
    def __init__(self, root):
        super().__init__(root, "UBL")

    def day(self, attribute: str, term: str, el):
        return self.typed(attribute, term, el, iso_date, "is not a date (YYYY-MM-DD)")


def read_ubl(root) -> EInvoice:
    r = _Reader(root)
    inv = r.inv
    inv.specification = r.text("specification", find(root, "CustomizationID"))  # BT-24
    inv.invoice_number = r.text("invoice_number", find(root, "ID"))  # BT-1
    inv.issue_date = r.day("issue_date", "BT-2", find(root, "IssueDate"))  # BT-2
    inv.type_code = r.text("type_code", find(root, "InvoiceTypeCode|CreditNoteTypeCode"))  # BT-3
    inv.notes = [t for t in (text(n) for n in children(root, "Note")) if t]  # BT-22
    inv.currency = r.text("currency", find(root, "DocumentCurrencyCode"))  # BT-5
    inv.tax_currency = r.text("tax_currency", find(root, "TaxCurrencyCode"))  # BT-6
    inv.due_date = r.day("due_date", "BT-9", find(root, "DueDate"))  # BT-9 (Invoice)
    if inv.due_date is None:  # CreditNote, and UBL written before EN 16931: the payment means' due date
        inv.due_date = r.day("due_date", "BT-9", find(root, "PaymentMeans", "PaymentDueDate"))

    seller = find(root, "AccountingSupplierParty", "Party")
    inv.seller_name = (r.text("seller_name", find(seller, "PartyLegalEntity", "RegistrationName"))  # BT-27
                       or r.text("seller_name", find(seller, "PartyName", "Name")))
    inv.seller_legal_id = r.text("seller_legal_id", find(seller, "PartyLegalEntity", "CompanyID"))  # BT-30
    for scheme in find_all(seller, "PartyTaxScheme"):
        company = find(scheme, "CompanyID")
        if (text(find(scheme, "TaxScheme", "ID")) or "").upper() == "VAT":
            inv.seller_vat_id = inv.seller_vat_id or compact_id(r.text("seller_vat_id", company))  # BT-31
        else:
            inv.seller_tax_number = inv.seller_tax_number or r.text("seller_tax_number", company)  # BT-32
    inv.seller_address = _address(r, "seller_address", find(seller, "PostalAddress"))  # BG-5
    inv.seller_country = inv.seller_address.country if inv.seller_address else None  # BT-40
    r.record("seller_country", find(seller, "PostalAddress", "Country", "IdentificationCode"))
    inv.tax_representative_vat_id = compact_id(r.text(  # BT-63
        "tax_representative_vat_id", find(root, "TaxRepresentativeParty", "PartyTaxScheme", "CompanyID")))

    buyer = find(root, "AccountingCustomerParty", "Party")
    inv.buyer_name = (r.text("buyer_name", find(buyer, "PartyLegalEntity", "RegistrationName"))  # BT-44
                      or r.text("buyer_name", find(buyer, "PartyName", "Name")))
    inv.buyer_legal_id = r.text("buyer_legal_id", find(buyer, "PartyLegalEntity", "CompanyID"))  # BT-47
    for scheme in find_all(buyer, "PartyTaxScheme"):
        if (text(find(scheme, "TaxScheme", "ID")) or "").upper() == "VAT":
            inv.buyer_vat_id = compact_id(r.text("buyer_vat_id", find(scheme, "CompanyID")))  # BT-48
            break
    inv.buyer_address = _address(r, "buyer_address", find(buyer, "PostalAddress"))  # BG-8
    inv.buyer_country = inv.buyer_address.country if inv.buyer_address else None  # BT-55
    r.record("buyer_country", find(buyer, "PostalAddress", "Country", "IdentificationCode"))

    delivery = find(root, "Delivery")
    inv.supply_date = r.day("supply_date", "BT-72", find(delivery, "ActualDeliveryDate"))  # BT-72
    inv.delivery_address = _address(r, "delivery_address", find(delivery, "DeliveryLocation", "Address"))  # BG-15

    for means in find_all(root, "PaymentMeans"):
        r.payment_means(find(means, "PaymentMeansCode"), find(means, "PayeeFinancialAccount", "ID"))
    inv.payment_terms = " ".join(t for t in (r.text("payment_terms", find(p, "Note"))
                                             for p in find_all(root, "PaymentTerms")) if t) or None  # BT-20

    for ac in find_all(root, "AllowanceCharge"):  # BG-20 / BG-21 (document level: direct children only)
        charge = (text(find(ac, "ChargeIndicator")) or "").lower() == "true"
        inv.allowances_charges.append(AllowanceCharge(
            charge=charge, amount=r.money("", "BT-99" if charge else "BT-92", find(ac, "Amount")),
            category=text(find(ac, "TaxCategory", "ID")), rate=r.money("", "BT-96", find(ac, "TaxCategory", "Percent")),
            reason=text(find(ac, "AllowanceChargeReason")), path=path_of(ac)))

    # BT-110 is the TaxTotal in the invoice currency; a second one in the VAT accounting currency is BT-111
    tax_totals = find_all(root, "TaxTotal")
    main_total = next((t for t in tax_totals if inv.currency and (find(t, "TaxAmount") is not None)
                       and find(t, "TaxAmount").get("currencyID") == inv.currency), tax_totals[0] if tax_totals else None)
    inv.tax_total = r.money("tax_total", "BT-110", find(main_total, "TaxAmount"))
    for sub in find_all(main_total, "TaxSubtotal"):  # BG-23
        inv.vat_breakdown.append(VatBreakdown(
            category=text(find(sub, "TaxCategory", "ID")),
            rate=r.money("", "BT-119", find(sub, "TaxCategory", "Percent")),
            base=r.money("", "BT-116", find(sub, "TaxableAmount")),
            amount=r.money("", "BT-117", find(sub, "TaxAmount")),
            exemption_reason=text(find(sub, "TaxCategory", "TaxExemptionReason")),
            exemption_code=text(find(sub, "TaxCategory", "TaxExemptionReasonCode")),
            path=path_of(sub)))

    totals = find(root, "LegalMonetaryTotal")
    inv.line_total = r.money("line_total", "BT-106", find(totals, "LineExtensionAmount"))
    inv.tax_basis_total = r.money("tax_basis_total", "BT-109", find(totals, "TaxExclusiveAmount"))
    inv.grand_total = r.money("grand_total", "BT-112", find(totals, "TaxInclusiveAmount"))
    inv.allowance_total = r.money("allowance_total", "BT-107", find(totals, "AllowanceTotalAmount"))
    inv.charge_total = r.money("charge_total", "BT-108", find(totals, "ChargeTotalAmount"))
    inv.prepaid_amount = r.money("prepaid_amount", "BT-113", find(totals, "PrepaidAmount"))
    inv.rounding_amount = r.money("rounding_amount", "BT-114", find(totals, "PayableRoundingAmount"))
    inv.amount_due = r.money("amount_due", "BT-115", find(totals, "PayableAmount"))

    for line in find_all(root, "InvoiceLine|CreditNoteLine"):  # BG-25
        net = find(line, "LineExtensionAmount")
        quantity = find(line, "InvoicedQuantity|CreditedQuantity")
        inv.lines.append(InvoiceLine(
            line_id=text(find(line, "ID")),
            name=text(find(line, "Item", "Name")),
            quantity=r.money("", "BT-129", quantity),
            unit_code=quantity.get("unitCode") if quantity is not None else None,
            net_price=r.money("", "BT-146", find(line, "Price", "PriceAmount")),
            net_amount=r.money("", "BT-131", net),
            net_amount_text=text(net) or "",
            category=text(find(line, "Item", "ClassifiedTaxCategory", "ID")),
            rate=r.money("", "BT-152", find(line, "Item", "ClassifiedTaxCategory", "Percent")),
            path=path_of(line)))
    r.record("lines", find(root, "InvoiceLine|CreditNoteLine"))
    return inv


def _address(r: _Reader, attribute: str, el) -> Address | None:
    if el is None:
        return None
    r.record(attribute, el)
    lines = [t for t in (text(find(el, name)) for name in ("StreetName", "AdditionalStreetName")) if t]
    lines += [t for t in (text(find(a, "Line")) for a in find_all(el, "AddressLine")) if t]
    return Address(lines=lines, city=text(find(el, "CityName")), postcode=text(find(el, "PostalZone")),
                   country=text(find(el, "Country", "IdentificationCode")))

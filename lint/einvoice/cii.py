"""Read a UN/CEFACT Cross Industry Invoice (Factur-X / ZUGFeRD 2.x / XRechnung CII, D16B) or a
ZUGFeRD 1.0 CrossIndustryDocument into an EInvoice.

The two generations differ in a few element names (``ExchangedDocument`` vs
``HeaderExchangedDocument``, ``ApplicableHeaderTradeSettlement`` vs
``ApplicableSupplyChainTradeSettlement`` ...); each step below lists both ("A|B").  The EN 16931
business term of each value is noted beside it (EN 16931-1, CII binding EN 16931-3-3).
"""
from __future__ import annotations

from invoice_lint.einvoice.model import Address, AllowanceCharge, EInvoice, InvoiceLine, VatBreakdown
from invoice_lint.einvoice.values import ValueReader
from invoice_lint.einvoice.xmltree import children, cii_date, compact_id, find, find_all, local, path_of, text

CII_ROOTS = {"CrossIndustryInvoice": "CII", "CrossIndustryDocument": "ZUGFeRD 1.0"}

CONTEXT = "ExchangedDocumentContext|SpecifiedExchangedDocumentContext"
DOCUMENT = "ExchangedDocument|HeaderExchangedDocument"
TRANSACTION = "SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction"
AGREEMENT = "ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement"
DELIVERY = "ApplicableHeaderTradeDelivery|ApplicableSupplyChainTradeDelivery"
SETTLEMENT = "ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement"
SUMMATION = "SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation"
LINE_AGREEMENT = "SpecifiedLineTradeAgreement|SpecifiedSupplyChainTradeAgreement"
LINE_DELIVERY = "SpecifiedLineTradeDelivery|SpecifiedSupplyChainTradeDelivery"
LINE_SETTLEMENT = "SpecifiedLineTradeSettlement|SpecifiedSupplyChainTradeSettlement"
RATE = "RateApplicablePercent|ApplicablePercent"


class _Reader(ValueReader):
    def day(self, attribute: str, term: str, el):
        """A udt:DateTimeString (or its parent holding one)."""
        if el is None:
            return None
        string = el if local(el) == "DateTimeString" else find(el, "DateTimeString")
        if string is None:
            return None
        fmt = string.get("format")
        declared = f"format {fmt}" if fmt else "format 102 (the default)"
        return self.typed(attribute, term, string, lambda raw: cii_date(raw, fmt),
                          f"is not a date in {declared}; EN 16931 wants YYYYMMDD (format 102)")


def read_cii(root) -> EInvoice:
    r = _Reader(root, CII_ROOTS[local(root)])
    inv = r.inv
    inv.specification = r.text("specification", find(root, CONTEXT, "GuidelineSpecifiedDocumentContextParameter",
                                                     "ID"))
    document = find(root, DOCUMENT)
    inv.invoice_number = r.text("invoice_number", find(document, "ID"))  # BT-1
    inv.type_code = r.text("type_code", find(document, "TypeCode"))  # BT-3
    inv.issue_date = r.day("issue_date", "BT-2", find(document, "IssueDateTime"))  # BT-2
    inv.notes = [t for t in (text(find(n, "Content")) for n in children(document, "IncludedNote")) if t] \
        if document is not None else []

    transaction = find(root, TRANSACTION)
    agreement = find(transaction, AGREEMENT)
    seller = find(agreement, "SellerTradeParty")
    buyer = find(agreement, "BuyerTradeParty")
    inv.seller_name = r.text("seller_name", find(seller, "Name"))  # BT-27
    inv.seller_legal_id = r.text("seller_legal_id", find(seller, "SpecifiedLegalOrganization", "ID"))  # BT-30
    for registration in find_all(seller, "SpecifiedTaxRegistration", "ID"):
        scheme = (registration.get("schemeID") or "").upper()
        if scheme == "VA" and inv.seller_vat_id is None:  # BT-31
            inv.seller_vat_id = compact_id(r.text("seller_vat_id", registration))
        elif scheme == "FC" and inv.seller_tax_number is None:  # BT-32
            inv.seller_tax_number = r.text("seller_tax_number", registration)
    inv.seller_address = _address(r, "seller_address", find(seller, "PostalTradeAddress"))  # BG-5
    inv.seller_country = inv.seller_address.country if inv.seller_address else None  # BT-40
    if inv.seller_address and inv.seller_address.country:
        r.record("seller_country", find(seller, "PostalTradeAddress", "CountryID"))
    representative = find(agreement, "SellerTaxRepresentativeTradeParty")
    inv.tax_representative_vat_id = compact_id(r.text(  # BT-63
        "tax_representative_vat_id", find(representative, "SpecifiedTaxRegistration", "ID")))
    inv.buyer_name = r.text("buyer_name", find(buyer, "Name"))  # BT-44
    inv.buyer_legal_id = r.text("buyer_legal_id", find(buyer, "SpecifiedLegalOrganization", "ID"))  # BT-47
    for registration in find_all(buyer, "SpecifiedTaxRegistration", "ID"):
        if (registration.get("schemeID") or "").upper() == "VA":  # BT-48
            inv.buyer_vat_id = compact_id(r.text("buyer_vat_id", registration))
            break
    inv.buyer_address = _address(r, "buyer_address", find(buyer, "PostalTradeAddress"))  # BG-8
    inv.buyer_country = inv.buyer_address.country if inv.buyer_address else None  # BT-55
    if inv.buyer_address and inv.buyer_address.country:
        r.record("buyer_country", find(buyer, "PostalTradeAddress", "CountryID"))

    delivery = find(transaction, DELIVERY)
    inv.supply_date = r.day("supply_date", "BT-72", find(delivery, "ActualDeliverySupplyChainEvent",
                                                          "OccurrenceDateTime"))
    inv.delivery_address = _address(r, "delivery_address", find(delivery, "ShipToTradeParty",
                                                                  "PostalTradeAddress"))  # BG-15

    settlement = find(transaction, SETTLEMENT)
    inv.currency = r.text("currency", find(settlement, "InvoiceCurrencyCode"))  # BT-5
    inv.tax_currency = r.text("tax_currency", find(settlement, "TaxCurrencyCode"))  # BT-6
    for means in find_all(settlement, "SpecifiedTradeSettlementPaymentMeans"):
        r.payment_means(find(means, "TypeCode"), find(means, "PayeePartyCreditorFinancialAccount", "IBANID"))
    for tax in find_all(settlement, "ApplicableTradeTax"):  # BG-23
        inv.vat_breakdown.append(VatBreakdown(
            category=text(find(tax, "CategoryCode")),
            rate=r.money("", "BT-119", find(tax, RATE)),
            base=r.money("", "BT-116", find(tax, "BasisAmount")),
            amount=r.money("", "BT-117", find(tax, "CalculatedAmount")),
            exemption_reason=text(find(tax, "ExemptionReason")),
            exemption_code=text(find(tax, "ExemptionReasonCode")),
            path=path_of(tax)))
    for ac in find_all(settlement, "SpecifiedTradeAllowanceCharge"):  # BG-20 / BG-21
        indicator = (text(find(ac, "ChargeIndicator", "Indicator")) or "").lower()
        inv.allowances_charges.append(AllowanceCharge(
            charge=indicator == "true",
            amount=r.money("", "BT-92" if indicator != "true" else "BT-99", find(ac, "ActualAmount")),
            category=text(find(ac, "CategoryTradeTax", "CategoryCode")),
            rate=r.money("", "BT-96", find(ac, "CategoryTradeTax", RATE)),
            reason=text(find(ac, "Reason")),
            path=path_of(ac)))
    terms = find_all(settlement, "SpecifiedTradePaymentTerms")
    descriptions = [t for t in (r.text("payment_terms", find(term, "Description")) for term in terms) if t]
    inv.payment_terms = " ".join(descriptions) or None  # BT-20
    for term in terms:
        due = r.day("due_date", "BT-9", find(term, "DueDateDateTime"))
        if due is not None:
            inv.due_date = due  # BT-9
            break

    summation = find(settlement, SUMMATION)
    inv.line_total = r.money("line_total", "BT-106", find(summation, "LineTotalAmount"))
    inv.charge_total = r.money("charge_total", "BT-108", find(summation, "ChargeTotalAmount"))
    inv.allowance_total = r.money("allowance_total", "BT-107", find(summation, "AllowanceTotalAmount"))
    inv.tax_basis_total = r.money("tax_basis_total", "BT-109", find(summation, "TaxBasisTotalAmount"))
    inv.tax_total = _tax_total(r, summation, inv.currency)  # BT-110 (BT-111 is the one in the tax currency)
    inv.rounding_amount = r.money("rounding_amount", "BT-114", find(summation, "RoundingAmount"))
    inv.grand_total = r.money("grand_total", "BT-112", find(summation, "GrandTotalAmount"))
    inv.prepaid_amount = r.money("prepaid_amount", "BT-113", find(summation, "TotalPrepaidAmount"))
    inv.amount_due = r.money("amount_due", "BT-115", find(summation, "DuePayableAmount"))

    for item in find_all(transaction, "IncludedSupplyChainTradeLineItem"):  # BG-25
        line_settlement = find(item, LINE_SETTLEMENT)
        net = find(line_settlement, "SpecifiedTradeSettlementLineMonetarySummation|"
                                    "SpecifiedTradeSettlementMonetarySummation", "LineTotalAmount")
        quantity = find(item, LINE_DELIVERY, "BilledQuantity")
        inv.lines.append(InvoiceLine(
            line_id=text(find(item, "AssociatedDocumentLineDocument", "LineID")),
            name=text(find(item, "SpecifiedTradeProduct", "Name")),
            quantity=r.money("", "BT-129", quantity),
            unit_code=quantity.get("unitCode") if quantity is not None else None,
            net_price=r.money("", "BT-146", find(item, LINE_AGREEMENT, "NetPriceProductTradePrice", "ChargeAmount")),
            net_amount=r.money("", "BT-131", net),
            net_amount_text=text(net) or "",
            category=text(find(line_settlement, "ApplicableTradeTax", "CategoryCode")),
            rate=r.money("", "BT-152", find(line_settlement, "ApplicableTradeTax", RATE)),
            path=path_of(item),
            parent_id=text(find(item, "AssociatedDocumentLineDocument", "ParentLineID")),
            status=text(find(item, "AssociatedDocumentLineDocument", "LineStatusReasonCode"))))
    if inv.lines:
        r.record("lines", find(transaction, "IncludedSupplyChainTradeLineItem"))
    return inv


def _tax_total(r: _Reader, summation, currency: str | None):
    """BT-110: the TaxTotalAmount in the invoice currency (a second one, in the VAT accounting
    currency, is BT-111); without currencyID attributes, the first."""
    totals = list(children(summation, "TaxTotalAmount")) if summation is not None else []
    chosen = next((t for t in totals if currency and t.get("currencyID") == currency), totals[0] if totals else None)
    return r.money("tax_total", "BT-110", chosen)


def _address(r: _Reader, attribute: str, el) -> Address | None:
    if el is None:
        return None
    r.record(attribute, el)
    lines = [t for t in (text(find(el, name)) for name in ("LineOne", "LineTwo", "LineThree")) if t]
    return Address(lines=lines, city=text(find(el, "CityName")), postcode=text(find(el, "PostcodeCode")),
                   country=text(find(el, "CountryID")))

"""An English development source: invoices drawn by PyInvoice.

The corpus's English pages are few and most are held out (tests/truth/split.yaml).
``PyInvoice`` (PyPI, MIT, github.com/CiCiApp/PyInvoice, a Python library) draws a US-letter
invoice with reportlab's sample stylesheet (Helvetica) in its own fixed English wording: an
"Invoice" heading over "Invoice id:", "Invoice date:" and "Invoice due date:", a "Service
Provider" / "Client" table of "Name:", "Street:", ..., "Vat/Tax number:", "Email:", "Client id:",
a "Detail" table ("Name", "Description", "Units", "Unit Price", "Amount") closed by "Subtotal",
"Vat/Tax (20%)" and "Total", a "Transaction" table and a red "PAID" stamp on a paid invoice, and
a free line at the bottom.  It prints dates as ISO (a datetime with its minutes), amounts as plain
decimals with a point and no currency (so the truth has no currency), one tax rate for the whole
invoice.  We choose the values (seeded: sellers in the United Kingdom, Ireland, the United States,
Australia and Canada, their tax numbers, buyers, items, tax rates, dates, due dates, payments,
the bottom line); the truth is what we drew, counted only where the page prints it.  A
development source: the reader may be tuned on it, and its figures are development figures.

Run: python benchmarks/pyinvoice_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import gb_vat, ie_vat, kept, main  # noqa: E402

CENT = Decimal("0.01")
# (name, street, city, state, country, post code) per country of the seller
SELLERS = {
    "GB": [("Harbour Lane Analytics Ltd", "14 Quay Street", "Bristol", "", "United Kingdom", "BS1 4DJ"),
           ("Pennine Joinery Ltd", "Unit 3, Mill Road", "Halifax", "West Yorkshire", "", "HX1 2PQ")],
    "IE": [("Liffey Translation Services", "22 Ormond Quay Upper", "Dublin", "", "Ireland", "D07 F2X8")],
    "US": [("Redwood Web Studio LLC", "410 Market Street, Suite 5", "San Francisco", "CA", "USA", "94105"),
           ("Hudson Valley Print Co.", "75 Main Street", "Kingston", "NY", "United States", "12401")],
    "AU": [("Southern Cross IT Pty Ltd", "200 George Street", "Sydney", "NSW", "Australia", "2000")],
    "CA": [("Maple Leaf Consulting Inc.", "100 King Street West", "Toronto", "ON", "Canada", "M5X 1A9")],
}
# (name, street, city, state, country, post code)
BUYERS = [("Northwind Trading Ltd", "1 High Street", "Leeds", "", "United Kingdom", "LS1 1AA"),
          ("Example Research Institute", "Science Park 4", "Cambridge", "", "", "CB4 0WS"),
          ("Blue Harbor Foods Inc.", "88 Pier Avenue", "Boston", "MA", "USA", "02110"),
          ("Kerry Outdoor Gear", "Main Street", "Killarney", "Co. Kerry", "Ireland", "V93 X2C4"),
          ("Wattle Creek Vineyards", "12 Vine Road", "Adelaide", "SA", "Australia", "5000"),
          ("Jane Doe", "", "", "", "", "")]
# (name, description, unit price); the library takes the units as a whole number
ITEMS = [("Consulting", "Data pipeline review", "160.00"), ("Workshop", "Two-day workshop facilitation", "1400.00"),
         ("Translation", "Technical manual, EN-DE, per page", "48.50"), ("Maintenance", "Software maintenance, hourly",
                                                                          "135.00"),
         ("Licence", "Annual licence renewal", "890"), ("Hosting", "Managed hosting with backups and monitoring",
                                                        "24.99"),
         ("Design", "Logo and brand guidelines", "2400.00"), ("Support", "Remote support, hourly", "95.50"),
         ("Travel", "Travel expenses", "86.40")]
# the tax a seller of that country charges (None: no tax row)
RATES = {"GB": [20, 20, 5, None], "IE": [23, 23, "13.5"], "US": ["8.875", "7.25", 6, None],
         "AU": [10, 10, None], "CA": [13, 5, 13]}
GATEWAYS = ["PayPal", "Stripe", "Bank transfer", "Credit card"]
TIPS = ["", "", "Thank you for your business!", "Questions about this invoice? Email accounts@example.com",
        "Please include the invoice id with your payment."]


def _us_ein(rnd: random.Random) -> str:
    return f"{rnd.choice([12, 27, 45, 84, 94])}-{rnd.randint(1_000_000, 9_999_999)}"


def _au_abn(rnd: random.Random) -> str:
    from stdnum.au import abn

    body = "".join(str(rnd.randint(0, 9)) for _ in range(9))
    return abn.format(abn.calc_check_digits(body) + body)


def _ca_bn(rnd: random.Random) -> str:
    from stdnum.ca import bn

    while True:
        body = "".join(str(rnd.randint(0, 9)) for _ in range(9))
        if bn.is_valid(body):
            return body + " RT0001"


TAX_IDS = {"GB": gb_vat, "IE": ie_vat, "US": _us_ein, "AU": _au_abn, "CA": _ca_bn}


def _round(x: Decimal) -> Decimal:
    """An amount as the page prints it: the library rounds to the cent half up."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _one(rnd: random.Random, number: int):
    """(invoice values, truth) of one invoice."""
    country = rnd.choice(["GB", "GB", "IE", "US", "US", "AU", "CA"])
    which = rnd.randrange(len(SELLERS[country]))
    name, street, city, state, land, postcode = SELLERS[country][which]
    own = random.Random(f"{country}{which}")  # one seller, one tax number on all its invoices
    tax_id = TAX_IDS[country](own) if rnd.random() < 0.85 else None
    seller = {"name": name, "street": street, "city": city, "state": state, "country": land,
              "post_code": postcode, "vat_tax_number": tax_id}
    bname, bstreet, bcity, bstate, bland, bpostcode = rnd.choice(BUYERS)
    buyer = {"name": bname, "street": bstreet, "city": bcity, "state": bstate, "country": bland,
             "post_code": bpostcode, "email": rnd.choice(["", "ap@client.example", "jane.doe@mail.example"]),
             "client_id": rnd.choice(["", f"C-{rnd.randint(100, 999)}", str(rnd.randint(1000, 99999))])}
    issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 700))
    due = issued + timedelta(days=rnd.choice([7, 14, 15, 30, 45, 60])) if rnd.random() < 0.8 else None
    # a date, or a datetime the library prints with its minutes
    when = datetime(issued.year, issued.month, issued.day, rnd.randint(8, 18), rnd.choice([0, 15, 30, 47])) \
        if rnd.random() < 0.3 else issued
    invoice_id = rnd.choice([number + 1000, f"INV-{issued.year}-{number:04d}", f"{issued.year}{number:04d}",
                             f"A{number:05d}"])
    rate = rnd.choice(RATES[country])
    lines = []
    for _ in range(rnd.randint(1, 6)):
        item, description, price = rnd.choice(ITEMS)
        lines.append((item, description, rnd.choice([1, 1, 2, 3, 5, 10, 12]), price))
    net = sum((units * Decimal(price) for _, _, units, price in lines), Decimal(0))
    tax = net * Decimal(str(rate)) / 100 if rate is not None else None
    gross = net + (tax or Decimal(0))
    paid = rnd.random() < 0.25
    values = {"seller": seller, "buyer": buyer, "invoice_id": invoice_id, "issued": when, "due": due,
              "rate": rate, "lines": lines, "paid": paid,
              "transactions": [(rnd.choice(GATEWAYS), f"TX{rnd.randint(10**7, 10**8 - 1)}",
                                datetime(issued.year, issued.month, issued.day) + timedelta(
                                    days=rnd.randint(0, 10), hours=rnd.randint(8, 20)),
                                _round(gross))] if paid else [],
              "tip": rnd.choice(TIPS)}
    truth = {"invoice_number": str(invoice_id), "issue_date": issued.isoformat(), "subtotal": str(_round(net)),
             "total": str(_round(gross))}
    if due:
        truth["due_date"] = due.isoformat()
    if tax is not None:
        truth["tax_amount"] = str(_round(tax))
    if tax_id:
        truth["seller_tax_id"] = tax_id
    return values, truth


def _draw(path: Path, values: dict) -> None:
    from pyinvoice.models import ClientInfo, InvoiceInfo, Item, ServiceProviderInfo, Transaction
    from pyinvoice.templates import SimpleInvoice

    doc = SimpleInvoice(str(path))
    doc.is_paid = values["paid"]
    doc.invoice_info = InvoiceInfo(values["invoice_id"], values["issued"], values["due"])
    doc.service_provider_info = ServiceProviderInfo(**values["seller"])
    doc.client_info = ClientInfo(**values["buyer"])
    for item, description, units, price in values["lines"]:
        doc.add_item(Item(item, description, units, price))
    if values["rate"] is not None:
        doc.set_item_tax_rate(values["rate"])
    for gateway, transaction_id, when, amount in values["transactions"]:
        doc.add_transaction(Transaction(gateway, transaction_id, when, amount))
    if values["tip"]:
        doc.set_bottom_tip(values["tip"])
    doc.finish()


def generate(out: Path, count: int = 30, seed: int = 2029) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        values, truth = _one(rnd, i + 1)
        path = out / f"pyinvoice-{i:03d}.pdf"
        _draw(path, values)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2029))

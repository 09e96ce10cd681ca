"""An English (and Swiss German) development source: invoices drawn by billwright.

The corpus's English pages that print a net subtotal are few, and most are held out
(tests/truth/split.yaml).  ``billwright`` (PyPI, Apache-2.0, github.com/danielvogler/billwright)
typesets Swiss invoices from HTML/CSS with WeasyPrint, in English or Swiss German, with its own
wording ("Net amount", "VAT 8.1%", "Total due", "Invoice number"), Swiss amounts ("1’234.50 CHF",
a right single quotation mark between thousands) and a Swiss QR-bill payment part drawn from SVG.
Its layout engine is not reportlab's: the text comes out of HTML boxes.  We choose the values
(seeded); the truth is what we drew, counted only where the page prints it.  A development
source: the reader may be tuned on it, and its figures are development figures.

Run: python benchmarks/billwright_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import kept, main  # noqa: E402

COMPANIES = [("Alpine Data Consulting GmbH", "Dr. Petra Keller", "Bahnhofstrasse", "12", "8001", "Zürich"),
             ("Keller Translations", "Martin Keller", "Marktgasse", "4", "3011", "Bern"),
             ("Lakeside Design AG", "Sara Rossi", "Quai du Mont-Blanc", "7", "1201", "Genève"),
             ("Meier Software Engineering", "Thomas Meier", "Steinenvorstadt", "33", "4051", "Basel")]
CLIENTS = [("Example Research Institute", "Prof. Dr. R. Muster", "Rämistrasse", "101", "8092", "Zürich", "CH"),
           ("Northwind Trading Ltd", "Ms Jane Doe", "Seestrasse", "250", "8810", "Horgen", "CH"),
           ("Helvetic Foods SA", "", "Avenue de la Gare", "5", "1003", "Lausanne", "CH"),
           ("Berliner Verlag GmbH", "Herr Jonas Wolf", "Friedrichstrasse", "68", "10117", "Berlin", "DE")]
ITEMS = [("Data pipeline review", "hours", "160.00"), ("Workshop facilitation", "days", "1400.00"),
         ("Translation DE-EN", "pages", "48.50"), ("Software maintenance", "hours", "135.00"),
         ("Licence renewal", "pieces", "890.00"), ("Travel expenses", "pieces", "86.40")]
IBANS = ["CH93 0076 2011 6238 5295 7", "CH56 0483 5012 3456 7800 9", "CH49 0023 0000 0123 4567 8"]


def _uid(rnd: random.Random) -> str:
    from stdnum.ch import uid

    while True:
        body = "".join(str(rnd.randint(0, 9)) for _ in range(8))
        digits = body + uid.calc_check_digit(body)
        if uid.is_valid("CHE" + digits):
            return f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}"


def _one(rnd: random.Random, number: int):
    from billwright.model import Address, Bill, Client, Company, LineItem

    which = rnd.randrange(len(COMPANIES))
    name, person, street, house, postcode, city = COMPANIES[which]
    own = random.Random(which)  # one company, one UID and one IBAN on all its bills
    registered = rnd.random() < 0.7
    company = Company(name=name, person=person,
                      address=Address(name=name, street=street, house_number=house, postal_code=postcode, city=city),
                      email=rnd.choice(["", "billing@example.ch"]), iban=IBANS[which % len(IBANS)],
                      bank=rnd.choice(["", "Zürcher Kantonalbank", "PostFinance"]),
                      phone=rnd.choice(["", "+41 44 123 45 67"]), website=rnd.choice(["", "example.ch"]),
                      uid=_uid(own) + (" MWST" if registered else ""),
                      vat_registered=registered, vat_rate=Decimal(rnd.choice(["8.1", "8.1", "2.6", "3.8"])))
    cname, contact, cstreet, chouse, cpostcode, ccity, country = rnd.choice(CLIENTS)
    language = "en" if rnd.random() < 0.75 else "de"
    client = Client(key=f"c{number}", contact=contact, language=language,
                    address=Address(name=cname, street=cstreet, house_number=chouse, postal_code=cpostcode,
                                    city=ccity, country=country),
                    salutations={"en": f"Dear {contact}," if contact else "", "de": ""},
                    reference=rnd.choice(["", f"PO-{rnd.randint(1000, 9999)}"]))
    items = []
    for _ in range(rnd.randint(1, 6)):
        text, unit, price = rnd.choice(ITEMS)
        items.append(LineItem(description=text, quantity=Decimal(rnd.choice(["1", "2", "3", "7.5", "12"])),
                              unit=unit, unit_price=Decimal(price)))
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
    bill = Bill(number=rnd.choice([f"RE-{issued.year % 100}{number:03d}", f"{issued.year}-{number:03d}"]),
                date=issued, client=client, items=tuple(items), language=language,
                terms_days=rnd.choice([10, 14, 30]), note=rnd.choice(["", "Thank you for your business."]))
    rate = company.effective_vat_rate
    truth = {"invoice_number": bill.number, "issue_date": issued.isoformat(), "currency": "CHF",
             "subtotal": str(bill.net), "total": str(bill.total(rate)), "iban": company.iban_compact}
    if rate:
        truth["tax_amount"] = str(bill.vat(rate))
    if company.uid:
        truth["seller_tax_id"] = company.uid.split()[0]
    return bill, company, truth


def generate(out: Path, count: int = 30, seed: int = 2027) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    from billwright.model import Brand
    from billwright.paths import DEFAULT_ASSETS
    from billwright.render import render_bill

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        bill, company, truth = _one(rnd, i + 1)
        brand = Brand(colors={"ink": "#14171A", "muted": "#6B7280", "rule": "#D9DDE1",
                              "accent": rnd.choice(["#2F5C86", "#8A3B12", "#1F6F43"]), "accent-soft": "#DCE6EF",
                              "accent-faint": "#F1F5F9", "paper": "#FFFFFF"},
                      wordmark={"line2": company.name.split()[0].lower(), "dot": "."} if rnd.random() < 0.7 else {})
        path = out / f"billwright-{i:03d}.pdf"
        render_bill(bill, company, brand, DEFAULT_ASSETS, path, with_qr=rnd.random() < 0.7)
        made.append((path, truth))
    return kept(out, made)



if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2027))

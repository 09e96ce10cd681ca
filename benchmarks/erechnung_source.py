"""A German (and English) development source: ZUGFeRD hybrids drawn by erechnung.

``erechnung`` (PyPI, MIT, github.com/frnzskac/erechnung) writes ZUGFeRD/Factur-X invoices in a
DIN 5008 layout with its own German and English wording: standard, small-business, deposit, final,
recurring invoices, credit notes, reverse charge and intra-Community supplies, early-payment
discounts, invoice-level allowances and charges, payments already made.  We choose the values
(seeded); the truth of each page is the XML the library embeds in it, read by the product's own
e-invoice reader, counted only where the page prints the value.  A development source: the reader
may be tuned on it, and its figures are development figures.

Run: python benchmarks/erechnung_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import kept, main, xml_truth  # noqa: E402

SELLERS = [("Schreinerei Holzmann GmbH", "Werkstattweg", "12", "80331", "München"),
           ("Büro Service Schulz e.K.", "Hauptstraße", "5a", "10115", "Berlin"),
           ("Elektro Weber & Söhne OHG", "Industriestr.", "88", "50667", "Köln"),
           ("Grafikdesign Lena Fischer", "Am Markt", "3", "01067", "Dresden"),
           ("IT-Beratung Nord GmbH", "Speicherstadt", "21", "20457", "Hamburg")]
CUSTOMERS = [("Anna", "Becker", ""), ("Jonas", "Wagner", ""), ("", "", "Müller Logistik AG"),
             ("", "", "Stadtwerke Beispielstadt"), ("Sophie", "Hoffmann", "Hoffmann Consulting")]
ITEMS = [("Beratung", "Stunde", 95), ("Montage vor Ort", "Stunde", 68), ("Schreibtisch Eiche", "Stück", 640),
         ("Lizenz Jahresabo", "Stück", 1200), ("Druck Flyer A5", "Stück", 0.18), ("Fachbuch", "Stück", 39.9),
         ("Anfahrtspauschale", "Stück", 35)]
UNITS = {"Stunde": "HUR", "Stück": "C62"}
IBANS = ["DE89370400440532013000", "DE02120300000000202051", "DE44500105175407324931"]  # one per seller


def _vat_id(rnd: random.Random) -> str:
    from stdnum.de import vat

    while True:
        body = "".join(str(rnd.randint(0, 9)) for _ in range(8))
        for check in "0123456789":
            if vat.is_valid(body + check) and body[0] != "0":
                return "DE" + body + check


def _one(rnd: random.Random, number: int):
    import erechnung as er

    name, street, house, postcode, city = rnd.choice(SELLERS)
    kind = rnd.choice(["standard"] * 5 + ["kleinunternehmer", "deposit", "final", "recurring", "reverse"])
    with_vat_id = rnd.random() < 0.6 or kind == "reverse"
    seller = er.Seller(name, street, house, postcode, city,
                       tax_number="" if with_vat_id and rnd.random() < 0.5 else
                       f"{rnd.randint(100, 299)}/{rnd.randint(100, 999)}/{rnd.randint(10000, 99999)}",
                       vat_id=_vat_id(rnd) if with_vat_id else "",
                       iban=IBANS[SELLERS.index((name, street, house, postcode, city)) % len(IBANS)],
                       bic="COBADEFFXXX",
                       phone="+49 89 1234567" if rnd.random() < 0.5 else "",
                       email="rechnung@example.de" if rnd.random() < 0.5 else "")
    first, last, company = rnd.choice(CUSTOMERS)
    b2b = bool(company) or kind == "reverse"
    customer = er.Customer(first_name=first, last_name=last, company=company or ("Beispiel GmbH" if b2b else ""),
                           street="Kundenweg", house_number=str(rnd.randint(1, 99)), postal_code="70173",
                           city="Stuttgart", country="AT" if kind == "reverse" else "DE",
                           customer_type=er.CustomerType.B2B if b2b else er.CustomerType.B2C,
                           vat_id="ATU13585627" if kind == "reverse" else "",
                           customer_number=f"K-{rnd.randint(1000, 9999)}" if rnd.random() < 0.5 else "")
    items = []
    for _ in range(rnd.randint(1, 6)):
        text, unit, price = rnd.choice(ITEMS)
        items.append(er.LineItem(text, Decimal(rnd.choice([1, 1, 2, 3, 5, 10])), Decimal(str(price)),
                                 tax_rate=Decimal(rnd.choice(["19", "19", "19", "7"])), unit=UNITS[unit]))
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
    args = dict(seller=seller, customer=customer, line_items=items,
                invoice_number=rnd.choice([f"RE-{issued.year}-{number:04d}", f"{issued.year}{number:05d}",
                                           f"R{number:06d}"]),
                issue_date=issued, service_date=issued - timedelta(days=rnd.randint(0, 10)),
                due_date=issued + timedelta(days=rnd.choice([7, 14, 30])) if rnd.random() < 0.8 else None,
                language=er.Language.EN if rnd.random() < 0.25 else er.Language.DE,
                fold_marks=rnd.random() < 0.7)
    if kind == "kleinunternehmer":
        args["kleinunternehmer"] = True
        for item in items:
            item.tax_rate = Decimal("0")
    elif kind == "reverse":
        args["reverse_charge"] = True
        for item in items:
            item.tax_rate = Decimal("0")
    elif kind == "deposit":
        args["invoice_type"] = er.InvoiceType.DEPOSIT
    elif kind == "recurring":
        args.update(invoice_type=er.InvoiceType.RECURRING, service_from=issued.replace(day=1),
                    service_to=issued.replace(day=28), service_date=None)
    elif kind == "final":
        args["invoice_type"] = er.InvoiceType.FINAL
        args["settled_deposits"] = [er.Deposit(f"AB-{number:04d}", issued - timedelta(days=40),
                                               Decimal("119.00"), Decimal("19.00"))]
    if rnd.random() < 0.3 and kind not in ("final",):
        args["skonto"] = er.Skonto(days=rnd.choice([7, 10, 14]), percent=Decimal(rnd.choice(["2", "3"])))
    if rnd.random() < 0.3:
        args["payment_method"] = rnd.choice([er.PaymentMethod.BANK_TRANSFER, er.PaymentMethod.CASH,
                                             er.PaymentMethod.CARD])
        if args["payment_method"] is er.PaymentMethod.CARD:
            args["card_number"] = "4821"
    return er.Invoice(**args)


def generate(out: Path, count: int = 40, seed: int = 2025) -> list[tuple[Path, dict]]:
    """Write ``count`` hybrids into ``out``; their (path, truth) pairs."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        path = out / f"erechnung-{i:03d}.pdf"
        _one(rnd, i + 1).zugferd_file(str(path))
        made.append((path, xml_truth(path)))
    return kept(out, made)



if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=40, seed=2025))

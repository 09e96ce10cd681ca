"""A German development source: invoice PDFs rendered by django-xrechnung.

German is the weakest language on unseen pages, and every German development source we had
read at 100%.  ``django-xrechnung`` (PyPI, BSD-3-Clause, codeberg.org/fsbraun/django-xrechnung)
is a Django app for XRechnung e-invoices; beside the XML it renders a printable PDF with
WeasyPrint from its own template (``templates/django_xrechnung/invoice_pdf.html``, ``pdf.py``
``render_pdf``): a heading 'Rechnung <number>' ('Rechnungskorrektur (Gutschrift)' for a credit
note, with 'Bezug: Rechnung ... vom ...' and 'Grund: ...'), 'Rechnungssteller' and
'Rechnungsempfänger' side by side with 'USt-IdNr.:' / 'Steuernummer:' under the seller's
address, a details block of 'Label: value' lines ('Liefer-/Leistungsdatum', 'Rechnungsdatum',
'Käuferreferenz / Leitweg-ID', 'Bestellnummer', 'Kontakt', the electronic addresses), an item
table ('Pos.', 'Leistung', 'Menge', 'Einzelpreis EUR', 'USt.', 'Netto EUR', line discounts as
'Abschlag: ...'), a summary ('Nettobetrag', one row per VAT rate as '<label> 19.00% auf <base>
EUR', 'Bruttobetrag' and 'Bereits gezahlt' when something was prepaid, 'Zahlbetrag' or
'Gutschriftbetrag') and a payment block ('Zahlung per SEPA-Überweisung', 'IBAN:', 'Kontoinhaber:',
'Verwendungszweck:', 'Fällig am:', Skonto lines, the payment terms).  Its amounts are Python's
('1234.50', a point and no grouping), its dates 'd.m.Y'; its VAT labels come from the library's
German translation (``vat.PDF_LABELS``: 'Umsatzsteuer', 'Reverse Charge', 'Umsatzsteuerbefreit').

The invoices are made the way the library's own code makes them: Django configured in this
process (an in-memory SQLite database with the library's migrations, ``LANGUAGE_CODE="de"``),
drafts saved as its models (lines, line discounts, Skonto rows), its ``calculate_totals`` and
``validate_invoice`` (each drawn invoice passes the library's finalization checks, save that a
credit note's preceding invoice is not run through its finalization, which needs its XML
validator), then ``render_pdf``.  Its ``[hybrid]`` extra (which would embed the XML) pins
factur-x and pypdf versions other than our venv's, so the pages are plain PDFs and the truth is
the values we drew.  We choose the values (seeded): German sellers and buyers (public buyers with
a Leitweg-ID), 1-6 items at 7% and 19%, valid German VAT ids and IBANs (python-stdnum), small
businesses under § 19 UStG (category E, Steuernummer only), reverse charge (§ 13b UStG, category
AE), due dates and/or payment terms, Skonto, prepaid amounts, credit notes and corrected invoices.
The truth is counted only where the page prints it.  A development source: the reader may be
tuned on it, and its figures are development figures.

Run: python benchmarks/djangoxrechnung_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_iban, de_vat, kept, main  # noqa: E402

# name, street, postcode, city, contact, phone, mail domain
SELLERS = [("Schreinerei Holzmann GmbH", "Sägewerkstraße 12", "86150", "Augsburg", "Jonas Holzmann", "0821 4471230",
            "holzmann-schreinerei.de"),
           ("Elektro Weber & Söhne OHG", "Industriestraße 5a", "44137", "Dortmund", "Sabine Weber", "0231 998877",
            "elektro-weber.de"),
           ("Lektorat Federstrich", "Am Markt 3", "17489", "Greifswald", "Henrike Voss", "03834 51620",
            "federstrich-lektorat.de"),
           ("IT-Service Nordlicht GmbH", "Hafenstraße 88", "24103", "Kiel", "Malte Jensen", "0431 2209914",
            "nordlicht-it.de"),
           ("Gebäudereinigung Glanzpunkt e.K.", "Rheinallee 40", "55118", "Mainz", "Ayşe Demir", "06131 778020",
            "glanzpunkt-mainz.de"),
           ("Dachdeckerei Schiefer & Ziegel GmbH", "Bergstraße 17", "01069", "Dresden", "Frank Lehmann",
            "0351 4860231", "schiefer-ziegel.de")]
SMALL = 2  # the Lektorat: a small business under § 19 UStG, a Steuernummer and no VAT id
BUILDERS = (0, 5)  # construction work for other builders: reverse charge under § 13b UStG
BUYERS = [("Landratsamt Oberallgäu", "Oberallgäuer Platz 2", "87527", "Sonthofen", True),
          ("Stadtverwaltung Lüneburg", "Am Ochsenmarkt 1", "21335", "Lüneburg", True),
          ("Hausverwaltung Krämer GmbH", "Kastanienweg 8", "50667", "Köln", False),
          ("Bauunternehmung Steinbach GmbH", "Werkstraße 21", "39104", "Magdeburg", False),
          ("Praxis Dr. Anna Seidel", "Bahnhofstraße 9", "72070", "Tübingen", False),
          ("Verlag Blaue Feder KG", "Schillerplatz 6", "70173", "Stuttgart", False)]
# description, UN/ECE unit, unit price, VAT rate, sellers that sell it
ITEMS = [("Einbauschrank Eiche nach Maß", "C62", "1890.00", "19.00", (0,)),
         ("Montage vor Ort", "HUR", "62.50", "19.00", (0, 1, 5)),
         ("Anfahrtspauschale", "LS", "45.00", "19.00", (0, 1, 4, 5)),
         ("Installation Unterverteilung", "C62", "740.00", "19.00", (1,)),
         ("NYM-J 3x1,5 Installationsleitung", "MTR", "1.19", "19.00", (1,)),
         ("Lektorat Manuskript", "HUR", "48.00", "19.00", (2,)),
         ("Korrekturlesen Fachbuch", "C62", "350.00", "19.00", (2,)),
         ("Fachbuch Typografie", "C62", "39.90", "7.00", (2,)),
         ("Wartungsvertrag Server", "MON", "189.00", "19.00", (3,)),
         ("Notebook 14 Zoll", "H87", "1149.00", "19.00", (3,)),
         ("Fachzeitschrift IT-Recht (Abonnement)", "ANN", "96.00", "7.00", (3,)),
         ("Unterhaltsreinigung Büroflächen", "MTK", "2.35", "19.00", (4,)),
         ("Glasreinigung", "HUR", "38.00", "19.00", (4,)),
         ("Dachziegel Biberschwanz", "C62", "0.89", "19.00", (5,)),
         ("Dachrinne Zink", "MTR", "27.40", "19.00", (5,)),
         ("Grundreinigung Teppichboden", "MTK", "4.10", "19.00", (4,)),
         ("Kaffeebohnen für die Teeküche", "KGM", "18.50", "7.00", (4,))]
BANKS = ["10070000", "50010517", "37040044", "76050101", "20050550", "86055592"]
NUMBERS = ["RE-{y}-{n:04d}", "{y}{n:05d}", "R{n:06d}", "{y}/{n:03d}", "GR-{n:05d}", "{y}-{n:04d}"]  # one per seller
REASONS = ["Rücksendung beschädigter Ware", "Berechnung zu vieler Stunden", "Preisnachlass nach Reklamation"]


def _tax_number(rnd: random.Random) -> str:
    """A Steuernummer in a Land's own form (FF/BBB/UUUUP)."""
    from stdnum.de import stnr

    while True:
        number = f"{rnd.randint(10, 99)}/{rnd.randint(100, 999)}/{rnd.randint(10000, 99999)}"
        if stnr.is_valid(number):
            return number


def _leitweg_id(rnd: random.Random) -> str:
    """A Leitweg-ID (coarse address, fine address, ISO 7064 MOD 97-10 check digits)."""
    body = f"{rnd.randint(5, 16):02d}{rnd.randint(0, 999):03d}{rnd.randint(0, 9999):04d}-{rnd.randint(1, 99999)}"
    digits = "".join(str(int(char, 36)) for char in body.replace("-", ""))
    return f"{body}-{98 - int(digits + '00') % 97:02d}"


def _django() -> None:
    """django-xrechnung in this process: its app with the two it relies on, an in-memory database
    with its migrations, its templates, German."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LANGUAGE_CODE="de", USE_TZ=True,
                           INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django_xrechnung"],
                           DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
                           DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
                           TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                                       "APP_DIRS": True}])
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", run_syncdb=True, verbosity=0)
    from django.utils import translation

    translation.activate("de")


class _Seller:
    """One seller: the same bank account, VAT id, tax number and numbering on all its invoices."""

    def __init__(self, which: int):
        own = random.Random(which)
        self.name, self.street, self.postcode, self.city, self.contact, self.phone, domain = SELLERS[which]
        self.mail = f"rechnung@{domain}"
        self.iban = de_iban(own, BANKS[which])
        self.small = which == SMALL
        self.vat_id = "" if self.small else de_vat(own)
        self.tax_number = _tax_number(own) if self.small or own.random() < 0.4 else ""
        self.numbers = NUMBERS[which]
        self.days = own.choice([10, 14, 30])
        self.count = 0


def _one(rnd: random.Random, seller: _Seller, which: int, issued: date):
    """One invoice saved as the library's models, checked by its rules, rendered by its PDF."""
    from django_xrechnung.models import (
        XRechnungCashDiscount,
        XRechnungInvoice,
        XRechnungLineAllowanceCharge,
        XRechnungLineItem,
    )
    from django_xrechnung.pdf import render_pdf
    from django_xrechnung.rules import calculate_totals, validate_invoice

    seller.count += rnd.randint(1, 4)  # numbers rise, now and then past one issued to someone else
    number = seller.numbers.format(y=issued.year, n=seller.count)
    buyer, street, postcode, city, public = rnd.choice(BUYERS)
    reverse = which in BUILDERS and not public and rnd.random() < 0.35
    if reverse:
        buyer, street, postcode, city, public = BUYERS[3]  # § 13b: the recipient is a builder himself
    values = dict(invoice_number=number, invoice_date=issued,
                  service_date=issued - timedelta(days=rnd.randint(0, 14)),
                  supplier_name=seller.name, supplier_street=seller.street, supplier_postcode=seller.postcode,
                  supplier_city=seller.city, supplier_vat_id=seller.vat_id, supplier_tax_id=seller.tax_number,
                  supplier_contact_name=seller.contact, supplier_contact_phone=seller.phone,
                  supplier_contact_email=seller.mail, supplier_endpoint=seller.mail,
                  buyer_name=buyer, buyer_street=street, buyer_postcode=postcode, buyer_city=city,
                  payment_account=seller.iban,
                  payment_account_name=seller.name if rnd.random() < 0.7 else "")
    if seller.small:
        values["supplier_identifier"] = seller.tax_number  # BR-CO-26: an identifier where no VAT id is given
        values["tax_exemption_reason"] = "Kein Ausweis von Umsatzsteuer, da Kleinunternehmer gemäß § 19 UStG"
    if public:
        leitweg = _leitweg_id(random.Random(buyer))
        values.update(buyer_endpoint=leitweg, buyer_endpoint_scheme="0204", buyer_reference=leitweg)
    else:
        values.update(buyer_endpoint=f"buchhaltung@{buyer.split()[0].lower()}.example",
                      buyer_reference=rnd.choice(["Einkauf", f"Auftrag {rnd.randint(1000, 9999)}", "Frau Krämer"]))
    if reverse or rnd.random() < 0.3:
        values["buyer_vat_id"] = de_vat(random.Random(buyer))
    if rnd.random() < 0.4:
        values["order_reference"] = f"BE-{rnd.randint(10000, 99999)}"
    if rnd.random() < 0.15:
        values["project_reference"] = rnd.choice(["Neubau Kita Sonnenschein", "Sanierung Rathaus", "Relaunch 2025"])
    terms = rnd.choice(["due", "due", "terms", "both"])
    if terms in ("due", "both"):
        values["due_date"] = issued + timedelta(days=seller.days)
    if terms in ("terms", "both"):
        values["payment_terms"] = rnd.choice([f"Zahlbar innerhalb von {seller.days} Tagen ohne Abzug.",
                                              f"Zahlungsziel: {seller.days} Tage netto.",
                                              "Bitte überweisen Sie den Rechnungsbetrag unter Angabe der Rechnungsnummer."])
    kind = rnd.choices(["380", "381", "384"], [80, 14, 6])[0]
    if kind != "380":
        earlier = issued - timedelta(days=rnd.randint(10, 60))
        values["preceding_invoice"] = XRechnungInvoice.objects.create(**{
            **values, "invoice_number": seller.numbers.format(y=earlier.year, n=seller.count + 5000),
            "invoice_date": earlier, "service_date": earlier})
        values.update(invoice_type=kind, adjustment_reason=rnd.choice(REASONS))
    invoice = XRechnungInvoice.objects.create(**values)

    category = "E" if seller.small else "AE" if reverse else "S"
    offer = [item for item in ITEMS if which in item[4]]
    for position, (text, unit, price, rate, _sellers) in enumerate(
            rnd.sample(offer, min(len(offer), rnd.randint(1, 6))), 1):
        quantity = Decimal(rnd.choice(["1", "1", "2", "3", "5", "8", "12", "2.5", "40", "120"]))
        line = XRechnungLineItem.objects.create(invoice=invoice, position=position, description=text,
                                                quantity=quantity, unit_code=unit, unit_price=Decimal(price),
                                                tax_category=category,
                                                tax_rate=Decimal(rate) if category == "S" else Decimal("0"))
        if rnd.random() < 0.15:
            XRechnungLineAllowanceCharge.objects.create(line=line, is_charge=False, reason="Treuerabatt",
                                                        amount=(line.line_total / 10).quantize(Decimal("0.01")))
    if kind == "380" and rnd.random() < 0.25:
        invoice.prepaid_amount = Decimal(rnd.choice(["50.00", "100.00", "250.00"]))
    invoice.save()
    lines = list(invoice.line_items.all())
    totals = calculate_totals(lines, invoice.prepaid_amount, invoice.rounding_amount)
    if totals.payable <= 0:  # a deposit larger than the invoice: none
        invoice.prepaid_amount = Decimal("0")
        invoice.save()
        totals = calculate_totals(lines, invoice.prepaid_amount, invoice.rounding_amount)
    if kind == "380" and rnd.random() < 0.2:
        XRechnungCashDiscount.objects.create(invoice=invoice, days=rnd.choice([7, 10]),
                                             percentage=Decimal(rnd.choice(["2", "3"])))
    try:
        validate_invoice(invoice, lines)
    except Exception as exc:  # the library's finalization checks; only the unfinalized preceding invoice is ours
        errors = set(getattr(exc, "message_dict", {"": exc}))
        if errors - {"preceding_invoice"}:
            raise
    pdf = render_pdf(invoice, lines, totals)

    truth = {"invoice_number": number, "issue_date": issued.isoformat(), "currency": "EUR",
             "subtotal": f"{totals.net:.2f}", "total": f"{totals.tax_inclusive:.2f}",
             "amount_due": f"{totals.payable:.2f}", "iban": seller.iban,
             "seller_tax_id": seller.vat_id or seller.tax_number}
    if len(totals.breakdown) == 1:  # with two rates the page prints each rate's VAT, never their sum
        truth["tax_amount"] = f"{totals.tax:.2f}"
    if invoice.due_date:
        truth["due_date"] = invoice.due_date.isoformat()
    return pdf, truth


def generate(out: Path, count: int = 30, seed: int = 2031) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    _django()
    rnd = random.Random(seed)
    sellers = [_Seller(which) for which in range(len(SELLERS))]
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        which = i % len(SELLERS) if i < len(SELLERS) else rnd.randrange(len(SELLERS))
        issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
        pdf, truth = _one(rnd, sellers[which], which, issued)
        path = out / f"djangoxrechnung-{i:03d}.pdf"
        path.write_bytes(pdf)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2031))

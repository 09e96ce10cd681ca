"""An English development source: invoices printed from django-invoicing's own HTML formatter.

``django-invoicing`` (PyPI, Pragmatic Mates, github.com/PragmaticMates/django-invoicing; its
LICENSE file is the GPL v2, its classifier says BSD) is a Django app for EU invoicing.  Its PDF
path is ``utils.get_invoices_in_pdf``: the ``BootstrapHTMLFormatter`` renders
``invoicing/formatters/bootstrap.html`` around ``html.html`` and an HTML-to-PDF service prints it.
Here WeasyPrint prints it, with the Bootstrap 4 stylesheet the page links taken from the
XStatic-Bootstrap package instead of the CDN (nothing is fetched).  Its wording is its own:
the title '<type> <number>' ('Invoice', 'Proforma invoice', 'Advance invoice'), a 'Supplier'
panel ('Reg. No.:', 'Tax No.:', 'VAT No.:', 'Bank:', 'Title:', 'Bank IBAN code:', 'SWIFT / BIC:',
'Issuer:'), a 'Customer' panel, the dates as panel headings above their values ('Issue date',
'Time of supply', 'Due date' with '(14 days)'), 'Payment method:', 'Variable symbol:', an item
table ('ID', 'Description', 'Quantity', 'Unit', 'Unit price', 'Discount', 'Price', 'Tax rate',
'VAT amount', 'Line total with taxes') and a summary of headings above their amounts ('Base',
'VAT' or 'Not a VAT payer' or 'VAT Reverse Charge', 'Other' with 'credit:', 'price before
discount:', 'total discount:', then 'Total' with 'Sum', 'Already paid' and 'Total due').  Its
amounts are '1234.50 EUR' (a point, no grouping, the code after), its dates 'd.m.Y'.  Its German
catalogue (locale/de) has no translated string, so every page is English; its other catalogues
(cs, hu, pl, ro, sk) are languages the reader does not know.

The invoices are made as its models: Django configured in this process (an in-memory SQLite
database with the library's migrations), an ``Invoice`` saved (its sequence generator and number
formatter give the number, one format and prefix per seller), its ``Item`` rows.  Its totals
are its own formulas (``Invoice.calculate_total``/``calculate_vat``, per VAT rate, then rounded)
computed in Python: its ``vat_summary`` SQL divides the rate by 100 as integers on SQLite (it
is written for PostgreSQL) and would give no VAT.  We choose the values (seeded): suppliers in
Ireland, Slovakia, the Czech Republic, Malta and Great Britain with valid VAT ids (python-stdnum),
one not a VAT payer, their IBANs, customers in and out of the EU (reverse charge), 1-6 items,
unit prices, discounts, credits, amounts already paid, due dates, currencies.  The truth is what
we drew, counted only where the page prints it.  A development source: the reader may be tuned on
it, and its figures are development figures.

Run: python benchmarks/djangoinvoicing_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import gb_vat, ie_vat, kept, main  # noqa: E402

# name, street, zip, city, country, bank, BIC, bank code for the IBAN, number format, prefix
SELLERS = [("Harbourlight Studio Ltd", "14 Merchants Quay", "D08 X2P3", "Dublin", "IE", "Bank of Ireland", "BOFIIE2D",
            "BOFI900017", "HL-{{ invoice.date_issue|date:'Y' }}-{{ invoice.sequence|stringformat:'04d' }}", "HL-"),
           ("Tatra Code s.r.o.", "Mlynské nivy 5", "821 09", "Bratislava", "SK", "Tatra banka", "TATRSKBX", "1100",
            "{{ invoice.date_issue|date:'Y' }}{{ invoice.sequence|stringformat:'05d' }}", "20"),
           ("Vltava Print s.r.o.", "Na Poříčí 12", "110 00", "Praha 1", "CZ", "Česká spořitelna", "GIBACZPX", "0800",
            "FV{{ invoice.date_issue|date:'y' }}{{ invoice.sequence|stringformat:'04d' }}", "FV"),
           ("Valletta Yacht Services Ltd", "23 Triq il-Merkanti", "VLT 1175", "Valletta", "MT", "Bank of Valletta",
            "VALLMTMT", "VALL22013", "VYS/{{ invoice.sequence }}/{{ invoice.date_issue|date:'Y' }}", "VYS/"),
           ("Greenfield Consulting Ltd", "8 Castle Street", "EH2 3AH", "Edinburgh", "GB", "Barclays", "BUKBGB22",
            "BUKB202015", "{{ invoice.date_issue|date:'Y' }}/{{ invoice.sequence }}", ""),
           ("Anna Kováčová - Translations", "Hlavná 22", "040 01", "Košice", "SK", "VÚB banka", "SUBASKBX", "0200",
            "{{ invoice.date_issue|date:'Y' }}-{{ invoice.sequence|stringformat:'03d' }}", "")]
NOT_VAT_PAYER = 5  # a sole trader under the registration threshold: a tax number, no VAT id, no VAT
RATES = {"IE": "23", "SK": "23", "CZ": "21", "MT": "18", "GB": "20"}
CUSTOMERS = [("Nordwind Logistics GmbH", "Hafenstraße 7", "20457", "Hamburg", "DE"),
             ("Acme Widgets Ltd", "1 High Street", "SW1A 1AA", "London", "GB"),
             ("Brightside Media Ltd", "4 Grand Parade", "T12 K8AF", "Cork", "IE"),
             ("Kaffee & Co s.r.o.", "Obchodná 9", "811 06", "Bratislava", "SK"),
             ("Blue Harbor Inc.", "500 Market Street", "94105", "San Francisco", "US"),
             ("Studio Nord ApS", "Vesterbrogade 20", "1620", "København", "DK")]
ITEMS = [("Website redesign", "HOURS", "65.00"), ("Logo design", "PIECES", "450.00"),
         ("Hosting (12 months)", "PIECES", "120.00"), ("Printing of brochures A5", "PIECES", "0.38"),
         ("Translation EN-SK, per page", "PIECES", "18.50"), ("Consulting", "HOURS", "95.00"),
         ("Yacht cleaning", "HOURS", "42.00"), ("Mooring fee", "EMPTY", "310.00"),
         ("Software licence", "PIECES", "1249.00"), ("Travel expenses", "EMPTY", "86.40")]
CURRENCIES = {"IE": "EUR", "SK": "EUR", "CZ": "CZK", "MT": "EUR", "GB": "GBP"}


def _vat_id(rnd: random.Random, country: str) -> str:
    """A VAT id of ``country`` that python-stdnum accepts."""
    if country == "IE":
        return ie_vat(rnd)
    if country == "GB":
        return gb_vat(rnd)
    from stdnum.util import get_cc_module

    module = get_cc_module(country.lower(), "vat")
    while True:
        if country == "SK":
            number = str(rnd.randint(20, 49)) + "".join(str(rnd.randint(0, 9)) for _ in range(8))
        elif country == "CZ":
            number = str(rnd.randint(10, 99)) + "".join(str(rnd.randint(0, 9)) for _ in range(6))
        else:  # MT
            number = str(rnd.randint(10, 99)) + "".join(str(rnd.randint(0, 9)) for _ in range(6))
        if module.is_valid(number):
            return country + number


def _iban(rnd: random.Random, country: str, bank: str) -> str:
    """An IBAN of ``country`` at ``bank`` (its bank or sort code), the account drawn."""
    from stdnum import iban

    digits = {"IE": 8, "SK": 16, "CZ": 16, "MT": 18, "GB": 8}[country]
    bban = bank + "".join(str(rnd.randint(0, 9)) for _ in range(digits))
    if country in ("SK", "CZ"):  # the national account number's own check (weights 6,3,7,9,10,5,8,4,2,1)
        while not _cz_sk_account_ok(bban[4:]):
            bban = bank + "".join(str(rnd.randint(0, 9)) for _ in range(digits))
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    assert iban.is_valid(number), number
    return number


def _cz_sk_account_ok(account: str) -> bool:
    weights = (6, 3, 7, 9, 10, 5, 8, 4, 2, 1)
    prefix, number = account[:6], account[6:]
    return all(sum(int(d) * w for d, w in zip(part.rjust(10, "0"), weights)) % 11 == 0 for part in (prefix, number))


def _quiet():
    import contextlib
    import io

    return contextlib.redirect_stdout(io.StringIO())


def _django() -> None:
    """django-invoicing in this process: its app and the two it relies on, an in-memory database
    with its migrations, English."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LANGUAGE_CODE="en", USE_TZ=True, LANGUAGES=[("en", "English")],
                           INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "invoicing"],
                           DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
                           DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
                           TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                                       "APP_DIRS": True}],
                           LOGGING_CONFIG=None)
        import django

        django.setup()
        from django.core.management import call_command

        with _quiet():  # its data migrations print what they do
            call_command("migrate", run_syncdb=True, verbosity=0)


def _offline():
    """WeasyPrint's fetcher for the page: the Bootstrap stylesheet it links, from XStatic-Bootstrap;
    anything else refused."""
    import xstatic.pkg.bootstrap as bootstrap
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    css = (Path(bootstrap.BASE_DIR) / "css" / "bootstrap.min.css").read_bytes()

    class Offline(URLFetcher):
        def fetch(self, url, headers=None):
            if url.endswith("/bootstrap.min.css"):
                return URLFetcherResponse(url, css, {"Content-Type": "text/css"})
            raise ValueError(f"offline: {url}")

    return Offline()


def _totals(invoice, items) -> tuple[Decimal, Decimal | None]:
    """The library's ``calculate_total`` and ``calculate_vat``: per VAT rate the base and its VAT
    rounded to the cent, then the credit subtracted."""
    base, vat = defaultdict(Decimal), defaultdict(Decimal)
    for item in items:
        net = item.quantity * item.unit_price * (100 - item.discount) / 100
        base[item.tax_rate] += net
        vat[item.tax_rate] += net * item.tax_rate / 100 if item.tax_rate is not None else 0
    if list(vat) == [None]:
        tax = None
    else:
        tax = sum((round(vat[rate], 2) for rate in vat if rate is not None), Decimal(0))
    total = sum((base[rate] + (round(vat[rate], 2) if rate is not None else 0) for rate in base), Decimal(0))
    return round(total - invoice.credit, 2), tax


def _one(rnd: random.Random, which: int, issued: date, fetcher):
    from django.utils import translation
    from invoicing.formatters.html import BootstrapHTMLFormatter
    from invoicing.models import Invoice, Item
    from weasyprint import HTML

    name, street, postcode, city, country, bank, bic, bank_code, number_format, prefix = SELLERS[which]
    own = random.Random(which)
    payer = which != NOT_VAT_PAYER
    vat_id = _vat_id(own, country) if payer else ""
    tax_id = "".join(str(own.randint(0, 9)) for _ in range(10)) if country in ("SK", "CZ") else ""
    reg_id = f"{own.randint(10_000_000, 99_999_999)}" if own.random() < 0.7 else ""
    iban = _iban(own, country, bank_code)
    customer, cstreet, czip, ccity, ccountry = rnd.choice(CUSTOMERS)
    customer_vat = _vat_id(random.Random(customer), ccountry) if ccountry in RATES and rnd.random() < 0.7 else ""
    if ccountry == "DE":
        from _drawn import de_vat

        customer_vat = de_vat(random.Random(customer))
    reverse = payer and customer_vat and customer_vat[:2] != country and country != "GB"
    kind = rnd.choices([Invoice.TYPE.INVOICE, Invoice.TYPE.PROFORMA, Invoice.TYPE.ADVANCE], [85, 8, 7])[0]
    term = rnd.choice([7, 14, 14, 30])
    invoice = Invoice(language="en", type=kind, date_issue=issued, date_tax_point=issued - timedelta(rnd.randint(0, 10)),
                      date_due=issued + timedelta(days=term), currency=CURRENCIES[country],
                      payment_method=rnd.choice([Invoice.PAYMENT_METHOD.BANK_TRANSFER] * 4
                                                + [Invoice.PAYMENT_METHOD.PAYMENT_CARD]),
                      bank_name=bank, bank_iban=iban, bank_swift_bic=bic,
                      supplier_name=name, supplier_street=street, supplier_zip=postcode, supplier_city=city,
                      supplier_country=country, supplier_registration_id=reg_id, supplier_tax_id=tax_id,
                      supplier_vat_id=vat_id, issuer_name=rnd.choice(["", "Mary Byrne", "Peter Novák"]),
                      issuer_email=f"billing@{name.split()[0].lower()}.example",
                      customer_name=customer, customer_street=cstreet, customer_zip=czip, customer_city=ccity,
                      customer_country=ccountry, customer_vat_id=customer_vat,
                      delivery_method=rnd.choice(list(Invoice.DELIVERY_METHOD._db_values)))
    invoice.number_format = number_format
    invoice.number_prefix = prefix or None
    if country in ("SK", "CZ"):
        invoice.variable_symbol = rnd.randint(10_000, 99_999_999)
    if rnd.random() < 0.2:
        invoice.reference = f"PO {rnd.randint(1000, 9999)}"
    if rnd.random() < 0.1:
        invoice.credit = Decimal(rnd.choice(["10.00", "25.00"]))
    if kind == Invoice.TYPE.INVOICE and rnd.random() < 0.2:
        invoice.already_paid = Decimal(rnd.choice(["50.00", "100.00", "200.00"]))
    with _quiet():  # its sequence generator prints that the counter is not kept per type
        invoice.save()
    discount = rnd.random() < 0.2
    rate = None if reverse or not payer else Decimal(RATES[country])
    for text, unit, price in rnd.sample(ITEMS, rnd.randint(1, 6)):
        Item.objects.create(invoice=invoice, title=text, unit=unit, unit_price=Decimal(price),
                            quantity=Decimal(rnd.choice(["1", "1", "2", "3", "5", "10", "2.5", "0.75", "250"])),
                            discount=Decimal(rnd.choice(["0", "5", "10"])) if discount else Decimal(0), tax_rate=rate)
    items = list(invoice.item_set.all())
    total, tax = _totals(invoice, items)
    if total - invoice.already_paid <= 0:
        invoice.already_paid = Decimal(0)
    Invoice.objects.filter(pk=invoice.pk).update(total=total, vat=tax, already_paid=invoice.already_paid)
    invoice = Invoice.objects.get(pk=invoice.pk)
    with translation.override("en"):
        html = BootstrapHTMLFormatter(invoice).get_response().content.decode()
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()

    truth = {"invoice_number": invoice.number, "issue_date": issued.isoformat(), "due_date": invoice.date_due.isoformat(),
             "currency": invoice.currency, "subtotal": f"{invoice.subtotal:.2f}", "total": f"{invoice.total:.2f}",
             "amount_due": f"{invoice.to_pay:.2f}", "iban": iban}
    if tax is not None and payer:
        truth["tax_amount"] = f"{tax:.2f}"
    if vat_id or tax_id:
        truth["seller_tax_id"] = vat_id or tax_id
    return pdf, truth


def generate(out: Path, count: int = 30, seed: int = 2034) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    _django()
    fetcher = _offline()
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    days = sorted(rnd.randint(0, 600) for _ in range(count))  # its sequences count in order of issue
    for i in range(count):
        which = i % len(SELLERS) if i < len(SELLERS) else rnd.randrange(len(SELLERS))
        pdf, truth = _one(rnd, which, date(2025, 1, 1) + timedelta(days=days[i]), fetcher)
        path = out / f"djangoinvoicing-{i:03d}.pdf"
        path.write_bytes(pdf)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2034))

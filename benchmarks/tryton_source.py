"""A German, French, Spanish, Dutch and English development source: invoices printed by Tryton's own invoice report.

Tryton is an open-source ERP; its ``account_invoice`` module (PyPI ``trytond_account_invoice``
8.2.0, GPL-3.0-or-later) prints an invoice with an OpenDocument template, ``invoice.fodt``,
rendered by relatorio (Genshi) and translated by the Tryton community: the company's header and
footer text, the customer's address and tax identifier, 'Invoice No: 2025/0042' ('Rechnung Nr.:',
'N° de facture :', 'Factura Nº:', 'Factuur No:'), 'Draft Invoice' or 'Pro forma Invoice' before it
is posted, 'Date:', the company's tax identifier ('European VAT Number: DE…', the type named in the
language of the party module), the lines 'Description / Quantity / Unit Price / Taxes / Amount',
the tax table 'Tax / Base / Amount', the sums 'Total (excl. taxes):', 'Taxes:', 'Total:'
('Netto:', 'Steuern:', 'Rechnungsbetrag:'), and once posted the 'Payment Term' with one line per
installment ('Date / Amount'), the customer's 'Reference' (an ISO 11649 creditor reference) and
the 'Payment Means' ('IBAN: DE89 …').  Nothing of that wording or layout is ours: we render the
module's own template with relatorio, translate its labels with the module's own ``locale/*.po``
through Genshi's Translator as Tryton's Report does (msgctxt ``report:account.invoice:``; the
identifier types and unit symbols with trytond_party's and trytond_product's ``.po`` the same
way), and format dates and amounts with Tryton's own ``ir.lang`` code and the language records
trytond ships (``ir/lang.xml``: '31.01.2025' and '1.234,56 EUR' in German, '31.01.2025' and
'1 234,56 €' in French, '31/01/2025' in Spanish, '31-01-2025' in Dutch, '01/31/2025' and
'EUR 1,234.56' in English); the unit prices with Tryton's four price digits.  In cells too narrow
for them LibreOffice wraps long figures ('EUR 17 474,6' over '4'), as it does for a real Tryton
user.
LibreOffice (``soffice``, Debian's ``libreoffice-writer-nogui``) turns the rendered documents into
PDF, all of a drawing in one call.  No Tryton database is involved: the template is fed plain
objects with the attributes it reads.

We choose the values (seeded): the language (de and fr twice as often as es, nl and en), the
company in that country with or without a VAT id (valid under python-stdnum) and the header and
footer text a company would type (Tryton substitutes ${name}, ${address}, ${tax_identifier}, …),
the customer with or without a tax identifier of its own, 1-6 lines (now and then under a title
line), one or two tax rates of the country, a draft, a validated (pro forma), a posted or a paid
invoice and its number in one of a few sequence styles, for posted and paid invoices a payment
term of one line (its date is the due date) or several installments (a paid invoice's are
reconciled, and the report leaves them out), a payment reference and an IBAN payment mean now and
then, the currency (EUR mostly, CHF or USD now and then; printed as the symbol the user set, or
as the code when none is set, as Tryton does).  The truth counts only what the page prints: the
number (none on a draft or pro forma), the date printed as 'Date:', the due date only when the
schedule prints a single line, the 'Total (excl. taxes)', the taxes and the total (the amount
due: the report prints no payment), the currency, the company's tax identifier (never the
customer's) where the page prints it (under 'Date:' or in the footer text), the IBAN where a
payment mean prints it.  The language drawn (the customer's, in which Tryton prints) is not part
of the truth: the benchmark compares fields.  A development source: the reader may be tuned on
it, and its figures are development figures.

The files are written to a folder the caller gives (a temporary one in the benchmark and the
tests) and never kept.

Run: python benchmarks/tryton_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from string import Template
from types import SimpleNamespace as NS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_iban, de_vat, es_vat, fr_siren, fr_vat, ie_vat, kept, main, nl_vat  # noqa: E402

CENT = Decimal("0.01")
LANGUAGES = ["de", "de", "fr", "fr", "es", "nl", "en"]
# the company of each language: its country line, VAT id drawing, addresses, tax rates (with the
# description a user would give the tax), payment-term descriptions (by days to the due date)
COMPANIES = {
    "de": {"country": "DEUTSCHLAND", "vat": de_vat, "iban": "DE",
           "names": ["Holzwerk Brandt GmbH", "Kanzlei Vogel & Partner", "Bäckerei Sonnenschein e.K.",
                     "Nordlicht Software GmbH"],
           "streets": [("Lindenstraße 12", "10969 Berlin"), ("Am Hafen 3", "28195 Bremen"),
                       ("Karlsplatz 8", "80335 München")],
           "taxes": [("19", "USt. 19 %"), ("7", "USt. 7 %")],
           "terms": {0: "Sofort zahlbar ohne Abzug", 14: "Zahlbar innerhalb von 14 Tagen ohne Abzug", 30: "30 Tage netto"},
           "split": "Zahlbar in zwei Raten"},
    "fr": {"country": "FRANCE", "vat": lambda rnd: fr_vat(fr_siren(rnd)), "iban": "FR",
           "names": ["Atelier Duval SARL", "Boulangerie des Lilas", "Conseil Horizon SAS", "Menuiserie Leroux"],
           "streets": [("12 rue des Tanneurs", "69002 Lyon"), ("4 place du Marché", "33000 Bordeaux"),
                       ("27 avenue Jean Jaurès", "75019 Paris")],
           "taxes": [("20", "TVA 20 %"), ("10", "TVA 10 %"), ("5.5", "TVA 5,5 %")],
           "terms": {0: "À réception de facture", 14: "Paiement à 14 jours", 30: "Paiement à 30 jours"},
           "split": "Paiement en trois fois"},
    "es": {"country": "ESPAÑA", "vat": es_vat, "iban": "ES",
           "names": ["Talleres Olmedo S.L.", "Consultoría Brisa S.A.", "Panadería La Espiga"],
           "streets": [("Calle Mayor 15", "28013 Madrid"), ("Avinguda Diagonal 401", "08008 Barcelona")],
           "taxes": [("21", "IVA 21%"), ("10", "IVA 10%")],
           "terms": {0: "Contado", 14: "Pago a 14 días", 30: "Pago a 30 días"}, "split": "Pago en dos plazos"},
    "nl": {"country": "NEDERLAND", "vat": nl_vat, "iban": "NL",
           "names": ["Bakkerij De Molen B.V.", "Van Dijk Advies", "Groen Installatietechniek B.V."],
           "streets": [("Herengracht 120", "1015 BS Amsterdam"), ("Oudegracht 45", "3511 AB Utrecht")],
           "taxes": [("21", "BTW 21%"), ("9", "BTW 9%")],
           "terms": {0: "Direct bij ontvangst", 14: "Betaling binnen 14 dagen", 30: "30 dagen netto"}, "split": "Betaling in twee termijnen"},
    "en": {"country": "IRELAND", "vat": ie_vat, "iban": "IE",
           "names": ["Harbour Joinery Ltd", "Bright Path Consulting", "Oakfield Bakery Ltd"],
           "streets": [("14 Dame Street", "Dublin 2"), ("3 Eyre Square", "Galway H91 X2Y3")],
           "taxes": [("23", "VAT 23%"), ("13.5", "VAT 13.5%")],
           "terms": {0: "Due on receipt", 14: "Net 14 days", 30: "Net 30 days"}, "split": "Payable in two installments"},
}
CUSTOMERS = [("Müller Logistik AG", "Hafenstraße 7", "20457 Hamburg", "DEUTSCHLAND", "DE"),
             ("Société Lumière SA", "8 boulevard Haussmann", "75009 Paris", "FRANCE", "FR"),
             ("Distribuciones Sur S.L.", "Calle Larios 4", "29005 Málaga", "ESPAÑA", "ES"),
             ("Stichting Groen Wonen", "Stationsweg 2", "2312 AV Leiden", "NEDERLAND", "NL"),
             ("Brasserie Wallonne SPRL", "Rue Neuve 55", "1000 Bruxelles", "BELGIQUE", "BE"),
             ("Anna Schmidt", "Gartenweg 4", "70173 Stuttgart", "DEUTSCHLAND", ""),
             ("Claire Martin", "3 impasse des Roses", "44000 Nantes", "FRANCE", "")]
# (name and description in each language, unit (trytond_product's data: symbol, digits), unit price)
PRODUCTS = [({"de": ("Beratung", "Workshop und Vorbereitung"), "fr": ("Conseil", "Atelier et préparation"),
              "es": ("Consultoría", "Taller y preparación"), "nl": ("Advies", "Workshop en voorbereiding"),
              "en": ("Consulting", "Workshop and preparation")}, ("h", 2), "95"),
            ({"de": ("Montage", ""), "fr": ("Installation", ""), "es": ("Instalación", ""), "nl": ("Montage", ""),
              "en": ("Installation", "")}, ("h", 2), "68.5"),
            ({"de": ("Bürostuhl", "Modell Ergo 3, schwarz"), "fr": ("Chaise de bureau", "Modèle Ergo 3, noir"),
              "es": ("Silla de oficina", "Modelo Ergo 3, negro"), "nl": ("Bureaustoel", "Model Ergo 3, zwart"),
              "en": ("Office chair", "Model Ergo 3, black")}, ("u", 0), "289"),
            ({"de": ("Papier A4", "Karton mit 5 Paketen"), "fr": ("Papier A4", "Carton de 5 ramettes"),
              "es": ("Papel A4", "Caja de 5 paquetes"), "nl": ("Papier A4", "Doos met 5 pakken"),
              "en": ("Paper A4", "Box of 5 reams")}, ("u", 0), "24.9"),
            ({"de": ("Weizenmehl Type 550", ""), "fr": ("Farine T55", ""), "es": ("Harina de trigo", ""),
              "nl": ("Tarwebloem", ""), "en": ("Wheat flour", "")}, ("kg", 3), "1.35"),
            ({"de": ("Lizenz (Jahr)", "Cloud-Edition"), "fr": ("Licence (an)", "Édition cloud"),
              "es": ("Licencia (año)", "Edición en la nube"), "nl": ("Licentie (jaar)", "Cloudeditie"),
              "en": ("Licence (year)", "Cloud edition")}, ("u", 0), "1200"),
            ({"de": ("Lieferung", ""), "fr": ("Livraison", ""), "es": ("Envío", ""), "nl": ("Levering", ""),
              "en": ("Delivery", "")}, ("u", 0), "35")]
TITLES = {"de": "Leistungen", "fr": "Prestations", "es": "Servicios", "nl": "Diensten", "en": "Services"}
HEADERS = ["${name}\n${address}", "${name}\n${address}\n${phone} - ${email}", "${address}\n${website}", ""]
FOOTERS = ["${name} - ${address} - ${tax_identifier}", "${email} - ${website}", "${name} - ${phone}", ""]
STATES = ["posted", "posted", "posted", "paid", "draft", "validated"]
NUMBERS = ["{n}", "{y}/{n:04d}", "INV{y}-{n:05d}", "RE-{y}-{n:04d}", "F{y}{n:05d}"]
CURRENCIES = [("EUR", "€", 0.75), ("CHF", "CHF", 0.1), ("USD", "$", 0.15)]


def _module_dir(name: str) -> Path:
    import importlib.util

    return Path(importlib.util.find_spec(f"trytond.modules.{name}").submodule_search_locations[0])


@cache
def _po(module: str, lang: str, context: str) -> dict[str, str]:
    """msgid -> msgstr of ``module``'s ``locale/<lang>.po`` under ``context`` (translated entries only)."""
    import polib

    path = _module_dir(module) / "locale" / f"{lang}.po"
    if not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path))
            if e.msgctxt == context and e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


class _Translate:
    """What Tryton's TranslateFactory gives Genshi's Translator: the report's label in the party's
    language, or the label itself when the .po has none."""

    def __init__(self, lang: str):
        self.labels = _po("account_invoice", lang, "report:account.invoice:")

    def gettext(self, text):
        return self.labels.get(text, text)

    def ngettext(self, text, plural, n):
        return self.gettext(text if n == 1 else plural)


@cache
def _lang_record(code: str) -> dict:
    """The ``ir.lang`` record trytond ships for ``code`` (ir/lang.xml), as field -> value."""
    import importlib.util

    from lxml import etree

    xml = Path(importlib.util.find_spec("trytond.ir").submodule_search_locations[0]) / "lang.xml"
    record = etree.parse(str(xml)).find(f".//record[@id='lang_{code}']")
    fields = {}
    for field in record.findall("field"):
        value = field.get("eval")
        fields[field.get("name")] = (value == "True" if value in ("True", "False") else int(value)) \
            if value is not None else (field.text or "")
    return fields


def _lang(code: str):
    """A language as Tryton's report formats with it: Tryton's own ``ir.lang`` methods on the record."""
    from trytond.ir.lang import Lang

    class _Lang:
        _group, format, currency = Lang._group, Lang.format, Lang.currency
        format_number, format_number_symbol = Lang.format_number, Lang.format_number_symbol

        def __init__(self, fields):
            self.__dict__.update(fields)

        def strftime(self, value):  # ir.lang's strftime for a numeric date format
            return value.strftime(self.date).replace(" ", "\u00a0")

    return _Lang(_lang_record(code))


class _Line:
    """An invoice line; its class carries the unit price's digits as the template reads them
    (``line.__class__.unit_price.digits[1]``: Tryton's price digits, 4 by default)."""

    unit_price = NS(digits=(16, 4))

    def __init__(self, **values):
        self.__dict__.update(values)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _identifier(lang: str, code: str, kind: str = "eu_vat"):
    names = {"eu_vat": "European VAT Number", "de_vat": "German VAT Number", "fr_tva": "French VAT Number"}
    label = _po("party", lang, "selection:party.configuration,identifier_types:").get(names[kind], names[kind])
    return NS(type_string=label, code=code)


def _iban(rnd: random.Random, country: str) -> str:
    from stdnum import iban

    if country == "DE":
        return de_iban(rnd, rnd.choice(["37040044", "10020500", "50010517"]))
    length = {"FR": 23, "ES": 20, "NL": 14, "IE": 18}[country]
    prefix = {"NL": rnd.choice(["ABNA", "INGB", "RABO"]), "IE": rnd.choice(["AIBK", "BOFI"]) + "9"}.get(country, "")
    while True:  # drawn again until the national check digits (Spain's, France's RIB key) hold too
        bban = prefix + "".join(str(rnd.randint(0, 9)) for _ in range(length - len(prefix)))
        number = country + iban.calc_check_digits(country + "00" + bban) + bban
        if iban.is_valid(number):
            return number


def _invoice(rnd: random.Random):
    """One invoice as the template reads it, and its truth."""
    from stdnum import iban as iban_mod
    from stdnum import iso11649
    from stdnum.iso7064 import mod_97_10

    lang = rnd.choice(LANGUAGES)
    co = COMPANIES[lang]
    issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 700))
    code, symbol = rnd.choices([(c, s) for c, s, _ in CURRENCIES], [w for _, _, w in CURRENCIES])[0]
    name = rnd.choice(co["names"])
    # what a company set up once is the same on all its invoices: its contact details, its bank
    # account, and whether its currencies have a symbol (else Tryton prints the code)
    own = random.Random(name)
    slug = "".join(c for c in name.lower() if c.isalnum())[:16]
    currency = NS(code=code, symbol=symbol if own.random() < 0.5 else None, digits=2)

    street, city = own.choice(co["streets"])
    company_vat = co["vat"](own) if own.random() < 0.8 else None
    values = {"name": name, "address": f"{street} {city} {co['country']}", "phone": f"+{own.randint(30, 49)} "
              f"{own.randint(10, 99)} {own.randint(100000, 999999)}", "email": f"invoice@{slug}.example.org",
              "website": f"www.{slug}.example.org", "mobile": "", "fax": "",
              "tax_identifier": company_vat or ""}
    account = _iban(own, co["iban"])
    header, footer = rnd.choice(HEADERS), rnd.choice(FOOTERS)
    company = NS(header=header, footer=footer, logo=None, rec_name=name,
                 header_used=Template(header).safe_substitute(values),
                 footer_used=Template(footer).safe_substitute(values))

    cname, cstreet, ccity, ccountry, cvat_country = rnd.choice(CUSTOMERS)
    party_vat = None
    if cvat_country and rnd.random() < 0.7:
        draw = {"DE": de_vat, "ES": es_vat, "NL": nl_vat, "FR": COMPANIES["fr"]["vat"]}.get(
            cvat_country, lambda r: "BE0" + _be(r))
        party_vat = _identifier(lang, draw(rnd))
    address = NS(full_address="\n".join([cname, cstreet, ccity, ccountry]))

    rates = rnd.sample(co["taxes"], 2) if rnd.random() < 0.35 else [rnd.choice(co["taxes"][:1] * 3 + co["taxes"])]
    taxes = [NS(rate=Decimal(r), description=d, sequence_number=i + 1, base=Decimal(0), amount=Decimal(0),
                legal_notice="") for i, (r, d) in enumerate(rates)]
    lines = []
    if rnd.random() < 0.2:
        lines.append(_Line(type="title", description=TITLES[lang]))
    for _ in range(rnd.randint(1, 6)):
        names, (unit_symbol, digits), price = rnd.choice(PRODUCTS)
        product, description = names[lang]
        unit_symbol = _po("product", lang, f"model:product.uom,symbol:uom_"
                          f"{ {'h': 'hour', 'u': 'unit', 'kg': 'kilogram'}[unit_symbol]}").get(unit_symbol, unit_symbol)
        quantity = Decimal(rnd.choice(["1", "2", "3", "5", "10", "12"]))
        if digits:
            quantity += Decimal(rnd.choice(["0", "0.5", "0.25"]))
        unit_price = Decimal(price) * Decimal(rnd.choice(["1", "1", "0.9", "1.1"]))
        amount = _round(quantity * unit_price)
        tax = rnd.choice(taxes)
        tax.base += amount
        unit = NS(digits=digits, get_symbol=lambda value, s=unit_symbol: (s, 1))
        lines.append(_Line(type="line", product_name=product, description=description, quantity=quantity,
                           unit=unit, unit_price=unit_price.quantize(Decimal("0.0001")),
                           invoice_taxes=[tax], amount=amount))
    for tax in taxes:
        tax.amount = _round(tax.base * tax.rate / 100)
    taxes = [t for t in taxes if t.base]
    untaxed = sum((line.amount for line in lines if line.type == "line"), Decimal(0))
    tax_amount = sum((t.amount for t in taxes), Decimal(0))
    total = untaxed + tax_amount

    state = rnd.choice(STATES)
    number = None
    if state in ("posted", "paid"):
        number = rnd.choice(NUMBERS).format(y=issued.year, n=rnd.randint(1, 9999))
    invoice_date = issued if state != "draft" or rnd.random() < 0.5 else None
    truth = {"issue_date": issued.isoformat(), "subtotal": str(untaxed), "tax_amount": str(tax_amount),
             "total": str(total), "amount_due": str(total), "currency": code}
    if number:
        truth["invoice_number"] = number
    if company_vat and (rnd.random() < 0.85 or "${tax_identifier}" in footer):
        tax_identifier = _identifier(lang, company_vat, rnd.choice(["eu_vat", "eu_vat", f"{lang}_vat"])
                                     if lang == "de" else "eu_vat")
    else:
        tax_identifier = None
    if company_vat and (tax_identifier or "${tax_identifier}" in footer):
        truth["seller_tax_id"] = company_vat

    lines_to_pay, payment_term, means, reference = [], None, [], None
    if state in ("posted", "paid"):
        # a paid invoice's lines to pay are reconciled: the report leaves them out of the schedule
        reconciliation = NS(name="paid") if state == "paid" else None
        installments = 1 if rnd.random() < 0.7 else rnd.randint(2, 3)
        if installments == 1:
            days = rnd.choice([0, 14, 30, 30, 45])
            due = issued + timedelta(days=days)
            lines_to_pay = [NS(reconciliation=reconciliation, maturity_date=due, amount_second_currency=None,
                               debit=total, credit=Decimal(0))]
            if state == "posted":
                truth["due_date"] = due.isoformat()
            description = co["terms"].get(days, "") if rnd.random() < 0.8 else ""
        else:
            part = _round(total / installments)
            parts = [part] * (installments - 1) + [total - part * (installments - 1)]
            lines_to_pay = [NS(reconciliation=reconciliation, maturity_date=issued + timedelta(days=30 * (i + 1)),
                               amount_second_currency=None, debit=p, credit=Decimal(0)) for i, p in enumerate(parts)]
            description = co["split"]
        payment_term = NS(description=description) if description else None
        if rnd.random() < 0.5:
            alnum = "".join(ch for ch in number if ch.isalnum()).upper()[-25:]
            reference = iso11649.format(f"RF{mod_97_10.calc_check_digits(alnum + 'RF')}{alnum}")
        if rnd.random() < 0.6:
            means = [NS(rec_name=f"IBAN: {iban_mod.format(account)}")]
            truth["iban"] = account

    invoice = NS(party=NS(lang=lang), set_lang=lambda lang: None, invoice_address=address,
                 party_tax_identifier=party_vat, type="out", state=state, number=number,
                 description="",
                 origins=None, reference=rnd.choice(["", "", f"PO-{rnd.randint(1000, 9999)}"]),
                 invoice_date=invoice_date, tax_identifier=tax_identifier, lines=lines, taxes=taxes,
                 untaxed_amount=untaxed, tax_amount=tax_amount, total_amount=total, currency=currency,
                 lines_to_pay=lines_to_pay, payment_term=payment_term, customer_payment_reference=reference,
                 payment_means=means, comment="", company=company)
    return invoice, issued, truth


def _be(rnd: random.Random) -> str:
    """The nine digits after 'BE0' of a Belgian VAT number (its check: 97 - first seven mod 97)."""
    body = f"{rnd.randint(2_000_000, 9_999_999)}"
    return body + f"{97 - int(body) % 97:02d}"


def _render(invoice, today: date, lang: str) -> bytes:
    """The ODT Tryton's report renders of ``invoice`` (its Report.render, without a database)."""
    from genshi.filters import Translator
    from relatorio.templates.opendocument import Template as OpenDocument

    with open(_module_dir("account_invoice") / "invoice.fodt", "rb") as fh:
        template = OpenDocument(fh)
    translate = _Translate(lang)
    translator = Translator(translate)
    template.filters.append(translator)  # as Tryton does: after set_lang is evaluated
    template.add_directives(Translator.NAMESPACE, translator)
    formats = _lang(lang)
    context = {"records": [invoice], "record": invoice, "invoice": invoice, "today": today, "data": {},
               "set_lang": lambda language=None: None, "datetime": __import__("datetime"),
               "format_date": lambda value, lang=None, format=None: formats.strftime(value),
               "format_currency": lambda value, lang, currency, symbol=True, grouping=True, digits=None:
               formats.currency(value, currency, symbol=symbol, grouping=grouping, digits=digits),
               "format_number": lambda value, lang, digits=None, grouping=True, monetary=None:
               formats.format_number(value, digits=digits, grouping=grouping, monetary=monetary),
               "format_number_symbol": lambda value, lang, symbol, digits=None, grouping=True:
               formats.format_number_symbol(value, symbol, digits=digits, grouping=grouping),
               "gettext": translate.gettext, "ngettext": translate.ngettext}
    data = template.generate(**context).render()
    return data.getvalue() if hasattr(data, "getvalue") else data


def _to_pdf(documents: list[Path], out: Path) -> None:
    """All ``documents`` to PDF into ``out`` in one LibreOffice call, with a profile of its own."""
    soffice = shutil.which("soffice")
    if not soffice:
        raise RuntimeError("soffice is missing: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="tryton-soffice-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), *map(str, documents)],
                       check=True, capture_output=True, timeout=600)


def generate(out: Path, count: int = 30, seed: int = 8020) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made, documents = [], []
    with tempfile.TemporaryDirectory(prefix="tryton-odt-") as work:
        for i in range(count):
            invoice, today, truth = _invoice(rnd)
            odt = Path(work) / f"tryton-{i:03d}.odt"
            odt.write_bytes(_render(invoice, today, invoice.party.lang))
            documents.append(odt)
            made.append((out / f"tryton-{i:03d}.pdf", truth))
        _to_pdf(documents, out)
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=8020))

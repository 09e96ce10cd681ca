"""A German development source: DIN 5008 letters with invoices typeset by dinbrief.

German invoices are the weakest language on unseen pages.  ``dinbrief`` (PyPI, BSD-2-Clause OR
MIT OR Apache-2.0, github.com/bikeshedder/dinbrief) sets business letters that fit a DIN-lang
window envelope (DIN 5008 / DIN 676) with reportlab: the sender line above the address window,
the information block at the right, the letter date right-aligned above the subject, fold marks,
and for invoices its own item table ('Beschreibung', 'Einzelpreis', 'Anzahl', 'Gesamtpreis',
discount rows '25,00% Rabatt', item-group titles, a period or date column), totals ('Summe
(netto)', '+19,00% USt', 'Summe (brutto)') and a bank transfer form ('Kontoinhaber', 'IBAN',
'BIC', 'Betrag', 'Verwendungszweck', optionally a SEPA (EPC069-12) QR code).  Its German words are
its Django translation (locale/de/django.po), and its German numbers and dates Django's German
formats, so the letters are drawn as a Django project would draw them (``settings.configure``
with ``LANGUAGE_CODE="de"`` and ``dinbrief`` installed, the way its README gives).  What dinbrief
leaves to its user we fill in plain DIN 5008 fashion, varied: the subject ('Rechnung 2012-0815'
as in dinbrief's own example), the letter date, the information block (label above value in
dinbrief's Infobox styles), the payment terms and the footer with the seller's tax number and
bank (dinbrief's Footer styles, drawn from the template's ``draw_footer`` hook).

We choose the values (seeded); the truth is what we drew, counted only where the page prints it.
A development source: the reader may be tuned on it, and its figures are development figures.

Run: python benchmarks/dinbrief_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_iban, de_vat, kept, main  # noqa: E402

SELLERS = [("Bäckerei Sonnenkorn GmbH", "Mühlenweg", "7", "34117", "Kassel", "Inh. Klara Sonnleitner"),
           ("Ingenieurbüro Brandt & Partner", "Lindenallee", "42", "30159", "Hannover", "Dipl.-Ing. Ole Brandt"),
           ("Gartenbau Grünwerk e.K.", "Feldstraße", "19b", "90402", "Nürnberg", "Uwe Grünewald"),
           ("Übersetzungsbüro Wortlaut", "Kaiserstraße", "3", "60311", "Frankfurt am Main", "Mira Lindqvist"),
           ("Veranstaltungstechnik Hallmann GmbH & Co. KG", "Am Hafen", "11", "28217", "Bremen", "Tobias Hallmann")]
BUYERS = [("Stadtbibliothek Musterstadt", "z. Hd. Frau Weiß", "Schulstraße 4", "99084 Erfurt"),
          ("Kanzlei Roth Rechtsanwälte", "", "Goethestraße 27", "04109 Leipzig"),
          ("Herrn Paul Zimmermann", "", "Birkenweg 9", "79098 Freiburg im Breisgau"),
          ("Autohaus Krüger GmbH", "Einkauf", "Gewerbepark 2", "48153 Münster"),
          ("Frau Dr. Hanna Vogt", "", "Rosenstraße 61", "55116 Mainz")]
ITEMS = [("Vollkornbrot 1 kg", "Stück", "3.20", "0.07"), ("Brezel", "Stück", "0.65", "0.07"),
         ("Statische Berechnung Carport", "Std.", "88.00", "0.19"), ("Ortstermin mit Aufmaß", "Pauschale", "240.00", "0.19"),
         ("Heckenschnitt", "Std.", "46.50", "0.19"), ("Rollrasen", "m²", "7.90", "0.19"),
         ("Fachübersetzung DE-EN", "Zeile", "1.45", "0.19"), ("Beglaubigung", "Stück", "25.00", "0.19"),
         ("Miete Beschallungsanlage", "Tag", "180.00", "0.19"), ("Fachbuch Bauphysik", "Stück", "49.90", "0.07")]
GROUPS = ["Material", "Dienstleistungen", "Lieferung", "Arbeitsleistung"]
BANKS = [("10070000", "DEUTDEBB"), ("50010517", "INGDDEFFXXX"), ("37040044", "COBADEFFXXX"),
         ("76050101", "SSKNDE77XXX")]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
CENT = Decimal("0.01")


def _iban(rnd: random.Random, blz: str) -> str:
    """A valid German IBAN, printed in groups of four."""
    number = de_iban(rnd, blz)
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def _tax_number(rnd: random.Random) -> str:
    """A Steuernummer in a Land's own form (Hessen 0FF BBB UUUUP, Niedersachsen FF/BBB/UUUUP ...)."""
    from stdnum.de import stnr

    while True:
        number = rnd.choice([f"{rnd.randint(10, 99)}/{rnd.randint(100, 999)}/{rnd.randint(10000, 99999)}",
                             f"{rnd.randint(201, 249)}/{rnd.randint(100, 999)}/{rnd.randint(10000, 99999)}",
                             f"0{rnd.randint(10, 99)} {rnd.randint(100, 999)} {rnd.randint(10000, 99999)}"])
        if stnr.is_valid(number):
            return number


def _german_django() -> None:
    """dinbrief prints German through Django: its translations (``dinbrief`` an installed app) and
    the German number and date formats."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LANGUAGE_CODE="de", INSTALLED_APPS=["dinbrief"],
                           USE_THOUSAND_SEPARATOR=True)
        import django

        django.setup()
    from django.utils import translation

    translation.activate("de")


def _printed(amount: Decimal) -> Decimal:
    """An amount as dinbrief prints it (Django's German format, two places), read back."""
    from django.utils.formats import number_format

    return Decimal(number_format(amount, 2, use_l10n=False))


def _de(value: date, style: str) -> str:
    return {"numeric": f"{value:%d.%m.%Y}", "short": f"{value.day}.{value.month}.{value.year}",
            "long": f"{value.day}. {MONTHS[value.month - 1]} {value.year}"}[style]


def _one(rnd: random.Random, number: int):
    """One letter: the document, the template, the truth."""
    from dinbrief.document import Document
    from dinbrief.invoice import BankTransferForm, Invoice, Item, ItemTable, TotalTable
    from dinbrief.styles import styles
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    which = rnd.randrange(len(SELLERS))
    name, street, house, postcode, city, owner = SELLERS[which]
    own = random.Random(which)  # one seller, one bank account and one tax number on all its letters
    blz, bic = BANKS[which % len(BANKS)]
    iban = _iban(own, blz)
    vat_id, tax_number = de_vat(own), _tax_number(own)
    # one seller, one letter template: what its information block, subject, terms and footer print
    house = {"date": ("numeric", "short", "long")[which % 3], "place": which in (2, 4),
             "numbers": own.choice(["{y}-{n:04d}", "RE{y}{n:05d}", "R-{n:06d}", "{y}/{n:03d}"]),
             "heading": own.random() < 0.5, "number_label": own.choice(["Rechnungsnummer", "Rechnungs-Nr."]),
             "customer": own.random() < 0.6, "date_label": own.choice(["", "Rechnungsdatum", "Datum"]),
             "supply": own.random() < 0.4, "contact": own.random() < 0.5, "phone": own.random() < 0.5,
             "subject_number": own.random() < 0.7, "greeting": own.random() < 0.6,
             "terms": own.choice(["", "Zahlbar bis zum {due} ohne Abzug.",
                                  "Bitte überweisen Sie den Betrag bis zum {due}.", "Zahlungsziel: {days} Tage netto"]),
             "days": own.choice([7, 14, 30]), "prints": own.choice(["vat_id", "vat_id", "tax_number", "both"]),
             "iban": own.choice(["IBAN: {}", "IBAN {}"])}
    small_business = which == 3  # § 19 UStG: no VAT charged, dinbrief prints the net sum only
    prints = house["prints"]

    items, position = [], 0
    grouped = rnd.random() < 0.3
    lines = (1, 4) if rnd.random() < 0.85 else (12, 18)  # a long letter runs onto dinbrief's later-page template
    dated = rnd.choice(["", "", "period", "date"])
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
    for group in (rnd.sample(GROUPS, 2) if grouped else [None]):
        if group:
            position += 1
            items.append(Item(position, group, type="title"))
        for _ in range(rnd.randint(*lines)):
            text, unit, price, rate = rnd.choice(ITEMS)
            position += 1
            served = issued - timedelta(days=rnd.randint(1, 20))
            quantity = Decimal(rnd.choice(["1", "2", "3", "4", "10", "12.5", "40"]))
            discount = Decimal(rnd.choice(["0"] * 6 + ["0.1", "0.25"]))
            if not dated or (Decimal(price) * quantity * (1 - discount)) % CENT:
                # dinbrief 0.5.2 sets a discount row only beside a period or date column (else its
                # empty zero-width cell fails), and a net sum in fractions of a cent is no invoice's
                discount = Decimal(0)
            items.append(Item(position, text, price=Decimal(price), unit=unit if rnd.random() < 0.7 else "",
                              quantity=quantity, vat_rate=Decimal("0") if small_business else Decimal(rate),
                              discount=discount,
                              period=f"{served:%d.%m.%Y} - {issued:%d.%m.%Y}" if dated == "period" else "",
                              date=served if dated == "date" else None))
    invoice = Invoice(items=items)
    # the sums as the page prints them (dinbrief keeps each rate's VAT unrounded and rounds on printing)
    net, gross = _printed(invoice.net), _printed(invoice.gross)
    vat = _printed(invoice.vat_items[0].amount) if len(invoice.vat_items) == 1 else None

    invoice_number = house["numbers"].format(y=issued.year, n=number)
    letter_date = _de(issued, house["date"])
    if house["place"]:
        letter_date = f"{city}, {letter_date}"
    due = issued + timedelta(days=house["days"]) if house["terms"] else None

    infobox = []
    if house["heading"]:
        infobox.append(Paragraph("Rechnung", styles["InfoboxH1"]))
    info = [(house["number_label"], invoice_number)]
    if house["customer"]:
        info.append(("Kundennummer", f"{rnd.randint(10000, 99999)}"))
    if house["date_label"]:
        info.append((house["date_label"], _de(issued, "numeric")))
    if house["supply"]:
        info.append(("Leistungsdatum", _de(issued - timedelta(days=rnd.randint(1, 10)), "numeric")))
    if house["contact"]:
        info.append(("Ihr Ansprechpartner", owner))
    if house["phone"]:
        info.append(("Telefon", f"0{which + 30} {own.randint(100000, 9999999)}"))
    for label, value in info:
        infobox += [Paragraph(label, styles["InfoboxTitle"]), Paragraph(value, styles["InfoboxText"])]

    content = [Paragraph(f"Rechnung {invoice_number}" if house["subject_number"] else "Rechnung", styles["Subject"])]
    if house["greeting"]:
        content += [Paragraph("Sehr geehrte Damen und Herren,", styles["Greeting"]),
                    Paragraph("für unsere Leistungen erlauben wir uns, Ihnen folgende Posten in Rechnung zu stellen:",
                              styles["Message"])]
    content += [Spacer(1, 2 * mm), ItemTable(_Template(), invoice), TotalTable(_Template(), invoice)]
    terms = []
    if small_business:
        terms.append("Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.")
    if due:
        terms.append(house["terms"].format(due=_de(due, "numeric"), days=house["days"]))
    content += [Paragraph(t, styles["Terms"]) for t in terms]
    form = rnd.random() < 0.6
    if form:
        content += [Spacer(1, 8 * mm),
                    BankTransferForm(account_holder=name[:60], iban=iban, bic=bic, reference=invoice_number,
                                     amount=gross, show_qrcode=rnd.random() < 0.6)]
    content.append(Paragraph("Mit freundlichen Grüßen", styles["Closing"]))
    content.append(Paragraph(owner, styles["Signature"]))

    tax_lines = {"vat_id": [("USt-IdNr.", vat_id)], "tax_number": [("Steuernummer", tax_number)],
                 "both": [("Steuernummer", tax_number), ("USt-IdNr.", vat_id)]}[prints]
    footer = [[name, f"{street} {house}", f"{postcode} {city}"],
              [f"{label}: {value}" for label, value in tax_lines],
              [house["iban"].format(iban), f"BIC: {bic}"]]
    template = _Template(footer=footer)
    document = Document(sender=[name, f"{street} {house}", f"{postcode} {city}"],
                        recipient=[line for line in rnd.choice(BUYERS) if line],
                        date=letter_date, infobox=infobox, content=content,
                        title=f"Rechnung {invoice_number}", author=name)
    truth = {"invoice_number": invoice_number, "issue_date": issued.isoformat(), "currency": "EUR",
             "subtotal": str(net), "total": str(gross), "iban": iban.replace(" ", ""),
             "seller_tax_id": vat_id if prints != "tax_number" else tax_number}
    if vat is not None:  # with two rates the page prints each rate's VAT, never their sum
        truth["tax_amount"] = str(vat)
    if form:
        truth["amount_due"] = str(gross)  # the transfer form's 'Betrag'
    if due:
        truth["due_date"] = due.isoformat()
    return document, template, truth


class _Template:
    """dinbrief's BriefTemplate with a footer drawn from its ``draw_footer`` hook (made on first use,
    so that importing this module needs neither dinbrief nor Django)."""

    def __new__(cls, footer=None):
        from dinbrief.styles import styles
        from dinbrief.template import BriefTemplate, FirstPageTemplate, LaterPageTemplate
        from reportlab.lib.units import mm
        from reportlab.platypus import Frame, Paragraph

        columns = footer or []

        def draw_footer(page, canvas):
            width = page.brief_template.CONTENT_WIDTH / max(len(columns), 1)
            for i, lines in enumerate(columns):
                frame = Frame(page.brief_template.CONTENT_LEFT + i * width, 8 * mm, width, 22 * mm, 0, 0, 0, 0)
                frame.addFromList([Paragraph("<br/>".join(lines), styles["FooterText"])], canvas)

        class First(FirstPageTemplate):
            pass

        class Later(LaterPageTemplate):
            pass

        First.draw_footer = draw_footer
        Later.draw_footer = draw_footer

        class Template(BriefTemplate):
            def get_first_page_template(self, document):
                return First(self, document)

            def get_later_page_template(self, document):
                return Later(self, document)

        return Template()


def generate(out: Path, count: int = 30, seed: int = 2029) -> list[tuple[Path, dict]]:
    """Write ``count`` letters into ``out``; their (path, truth) pairs."""
    _german_django()
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        document, template, truth = _one(rnd, i + 1)
        path = out / f"dinbrief-{i:03d}.pdf"
        with path.open("wb") as fh:
            template.render(document, fh)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2029))

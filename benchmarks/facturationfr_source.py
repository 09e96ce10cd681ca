"""A French development source: Factur-X invoices issued by django-facturation-fr.

French pages are few in the corpus and mostly held out (tests/truth/split.yaml), and our one
French development source drawn by a library (facturex) has its own wording.  ``django-facturation-fr``
(PyPI, AGPL-3.0-or-later, github.com/MatRai-hexa/django-compta-facturation-fr) is a Django app
that issues numbered French invoices and credit notes ("avoirs") as Factur-X hybrids: its
``document.render_pdf`` draws the page with reportlab in wording of its own (the title 'Facture
F2025-00001' or 'Avoir AV2025-00001' beside 'Date :', 'Date de la vente :', 'Échéance :',
'Référence :'; 'Facturé à' with the buyer's 'SIREN :' and 'N° TVA :'; an item table
'Désignation / Qté / PU HT / TVA / Montant HT'; a VAT table 'Taux / Base HT / TVA' beside
'Total HT', 'Total TVA', 'Total TTC' and, once paid, 'Déjà réglé' and 'Net à payer'; the
payment line 'Règlement par virement : IBAN ...' or 'Facture acquittée le ...'; 'Nature des
opérations : ...'; the late-payment mentions for business buyers; a footer 'NAME FORM au capital
de ... · SIREN ... · SIRET ... · RCS ... · TVA FR...').  Its amounts are French ('1 234,56 €',
a space between thousands), its rates '20 %', its dates 'dd/mm/YYYY'.

The invoices are issued the way the library's own API issues them (``api.issue_invoice``,
``api.credit_invoice``): Django configured in this process (an in-memory SQLite database with
the library's migrations, its files under a temporary MEDIA_ROOT), the seller's identity saved
in its ``InvoicingSettings`` before each seller's invoices, consumer sales in prices including
VAT and business sales in prices before VAT, as its API takes them.  We choose the values
(seeded): French sellers (companies with SIREN, SIRET, RCS and a valid VAT number, and a
'franchise en base' micro-business without one), French and other EU buyers, 1-6 items at 20%,
10% and 5.5%, allowances ('remises'), due dates and payment terms, invoices already paid, credit
notes.  The truth of each page is the CII XML the library attaches to it, read by the product's
own e-invoice reader, counted only where the page prints the value.  A development source: the
reader may be tuned on it, and its figures are development figures.

Run: python benchmarks/facturationfr_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_vat, fr_siren, fr_siret, fr_vat, kept, main, xml_truth  # noqa: E402

# name, legal form, capital, street, postcode, city, email, phone, invoice prefix, operations
SELLERS = [("Torréfaction des Quais", "SARL", "8 000 €", "12 quai Saint-Antoine", "69002", "Lyon",
            "contact@torrefaction-quais.fr", "04 78 42 17 90", "F", "goods"),
           ("Ateliers Bois & Fer", "SAS", "25 000 €", "ZA du Moulin, 4 rue des Artisans", "49300", "Cholet",
            "facturation@boisetfer.fr", "02 41 58 33 12", "FA", "both"),
           ("Cabinet Géomètre Rivière", "SELARL", "15 000 €", "7 boulevard Gambetta", "30000", "Nîmes",
            "secretariat@geometre-riviere.fr", "04 66 21 09 87", "G", "services"),
           ("Librairie La Page Blanche", "SARL", "10 000 €", "45 rue Nationale", "37000", "Tours",
            "bonjour@lapageblanche.fr", "02 47 05 66 81", "LPB", "goods"),
           ("Élodie Marchand Traduction", "EI", "", "3 impasse des Lilas", "33000", "Bordeaux",
            "elodie@marchand-traduction.fr", "06 12 48 77 30", "T", "services")]
MICRO = 4  # a micro-entrepreneur under the 'franchise en base': no VAT number, no VAT
BUYERS = [("Camille Martin", "8 rue de la Paix", "75002", "Paris", "FR", False),
          ("Hôtel du Lac SAS", "2 avenue du Lac", "74000", "Annecy", "FR", True),
          ("Mairie de Saint-Pierre-des-Corps", "Place Maurice Thorez", "37700", "Saint-Pierre-des-Corps", "FR", True),
          ("Julien Roussel", "15 allée des Cerisiers", "44000", "Nantes", "FR", False),
          ("Brasserie Les Halles SARL", "1 place des Halles", "67000", "Strasbourg", "FR", True),
          ("Kaffeehaus Lindner GmbH", "Kirchgasse 4", "79098", "Freiburg", "DE", True)]
# description, unit, price, VAT rate, sellers that sell it
ITEMS = [("Café en grains Éthiopie 1 kg", "KGM", "28.50", "0.055", (0,)),
         ("Moulin à café manuel", "C62", "64.00", "0.20", (0,)),
         ("Atelier dégustation (2 h)", "C62", "45.00", "0.20", (0,)),
         ("Escalier hélicoïdal acier", "C62", "4890.00", "0.20", (1,)),
         ("Pose et fixation", "HUR", "58.00", "0.20", (1,)),
         ("Garde-corps chêne massif", "MTR", "310.00", "0.10", (1,)),
         ("Bornage de terrain", "C62", "1150.00", "0.20", (2,)),
         ("Plan topographique", "C62", "680.00", "0.20", (2,)),
         ("Déplacement", "C62", "35.00", "0.20", (1, 2)),
         ("Roman grand format", "C62", "21.90", "0.055", (3,)),
         ("Carnet de notes cuir", "C62", "18.00", "0.20", (3,)),
         ("Traduction anglais-français (page)", "C62", "32.00", "0", (4,)),
         ("Relecture et mise en page", "HUR", "40.00", "0", (4,))]
BANKS = ["30004", "10278", "20041", "18306", "16606"]
TERMS = {30: "Paiement à 30 jours date de facture.", 45: "Paiement à 45 jours date de facture.",
         15: "Paiement à 15 jours.", 0: "Paiement comptant à réception."}
METHODS = ["Carte bancaire", "Virement", "Chèque", "Espèces"]
REASONS = ["retour de marchandise", "erreur de facturation", "annulation de la commande"]


def _fr_vat(siren: str) -> str:
    from stdnum.fr import tva

    number = fr_vat(siren)
    assert tva.is_valid(number)
    return number


def _fr_iban(rnd: random.Random, bank: str) -> str:
    """A French IBAN: the bank and branch codes, an eleven-character account and its RIB key."""
    from stdnum import iban

    branch = f"{rnd.randint(0, 99999):05d}"
    account = f"{rnd.randint(0, 10 ** 11 - 1):011d}"
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    number = "FR" + iban.calc_check_digits("FR00" + bban) + bban
    assert iban.is_valid(number)
    return number


def _django(media: str) -> None:
    """django-facturation-fr in this process: its app, an in-memory database with its migrations,
    its files under ``media``."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True, LANGUAGE_CODE="fr", USE_TZ=True, TIME_ZONE="Europe/Paris",
                           INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "facturation_fr"],
                           DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
                           DEFAULT_AUTO_FIELD="django.db.models.BigAutoField", MEDIA_ROOT=media,
                           TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                                       "APP_DIRS": True}])
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", run_syncdb=True, verbosity=0)


class _Seller:
    """One seller: the same SIREN, SIRET, VAT number, IBAN and numbering on all its invoices."""

    def __init__(self, which: int):
        own = random.Random(which)
        self.which = which
        (self.name, self.form, self.capital, self.street, self.postcode, self.city, self.email, self.phone,
         self.prefix, self.operations) = SELLERS[which]
        self.micro = which == MICRO
        self.siren = fr_siren(own, 30_000_000)
        self.siret = fr_siret(self.siren, own)
        self.vat = "" if self.micro else _fr_vat(self.siren)
        self.rcs = "" if self.micro else f"RCS {self.city} {self.siren[:3]} {self.siren[3:6]} {self.siren[6:]}"
        self.iban = _fr_iban(own, BANKS[which]) if own.random() < 0.85 else ""
        self.days = own.choice([15, 30, 45])

    def settle(self) -> None:
        """The seller's identity and mentions in the library's settings (one row), as its admin saves them."""
        from facturation_fr.models import InvoicingSettings

        settings = InvoicingSettings.get()
        settings.seller_name, settings.seller_legal_form, settings.seller_capital = self.name, self.form, self.capital
        settings.seller_address, settings.seller_postal_code, settings.seller_city = self.street, self.postcode, self.city
        settings.seller_siren, settings.seller_siret, settings.seller_vat_number = self.siren, self.siret, self.vat
        settings.seller_rcs, settings.seller_email, settings.seller_phone = self.rcs, self.email, self.phone
        settings.seller_iban = self.iban
        settings.invoice_prefix, settings.credit_note_prefix = self.prefix, "AV" + self.prefix
        settings.operation_category = self.operations
        settings.vat_on_debits = self.operations == "services" and not self.micro
        settings.vat_exemption = "TVA non applicable, art. 293 B du CGI" if self.micro else ""
        settings.save()


def _one(rnd: random.Random, seller: _Seller, issued: date, key: str):
    """One invoice issued by the library's API; its Factur-X PDF and, now and then, a credit note of it."""
    from facturation_fr import api

    name, street, postcode, city, country, business = rnd.choice(BUYERS)
    buyer = api.Buyer(name, street, postcode, city, country=country,
                      email=f"compta@{name.split()[0].lower()}.example" if business else "")
    if business and country == "FR":
        buyer.siren = fr_siren(random.Random(name), 30_000_000)
        if rnd.random() < 0.6:
            buyer.vat_number = _fr_vat(buyer.siren)
    elif business:
        buyer.vat_number = de_vat(random.Random(name))
    if rnd.random() < 0.3:
        buyer.reference = rnd.choice([f"BC-{rnd.randint(1000, 9999)}", f"Commande {rnd.randint(100, 999)}",
                                      "Chantier Dupuis"])
    if rnd.random() < 0.1:
        buyer.delivery_address = "Entrepôt Sud, 18 rue du Port, 13002 Marseille"
    offer = [item for item in ITEMS if seller.which in item[4]]
    items = []
    for text, unit, price, rate, _sellers in rnd.sample(offer, min(len(offer), rnd.randint(1, 6))):
        quantity = Decimal(rnd.choice(["1", "1", "2", "3", "4", "10", "2.5", "12"]))
        price = Decimal(price) if business else (Decimal(price) * (1 + Decimal(rate))).quantize(Decimal("0.01"))
        items.append(api.Item(text, quantity, price, vat_rate=Decimal(rate), unit=unit))
    allowances = []
    if rnd.random() < 0.15:
        allowances.append(api.Allowance(rnd.choice(["Remise fidélité", "Code BIENVENUE", "Remise commerciale"]),
                                        Decimal(rnd.choice(["5.00", "10.00", "20.00"])), vat_rate=items[0].vat_rate))
    paid = not business and rnd.random() < 0.5
    values = dict(prices_include_tax=not business, issue_date=issued, key=key)
    if rnd.random() < 0.4:
        values["sale_date"] = issued - timedelta(days=rnd.randint(1, 20))
    if paid:
        values.update(paid_at=issued, payment_method=rnd.choice(METHODS))
    else:
        days = rnd.choice([seller.days, seller.days, 0])
        if rnd.random() < 0.8:
            values["due_date"] = issued + timedelta(days=days)
        if rnd.random() < 0.6:
            values["payment_terms"] = TERMS.get(days, TERMS[30])
    if rnd.random() < 0.15:
        values["note"] = rnd.choice(["Merci de votre confiance.", "Livraison offerte dès 50 € d'achat."])
    invoice = api.issue_invoice(buyer=buyer, items=items, allowances=allowances, **values)
    if rnd.random() < 0.12:
        invoice = api.credit_invoice(key + ":avoir", invoice, reason=rnd.choice(REASONS),
                                     issue_date=issued + timedelta(days=rnd.randint(3, 30)))
    return invoice.pdf.read()


def generate(out: Path, count: int = 30, seed: int = 2033) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    media = tempfile.mkdtemp(prefix="facturationfr-")
    _django(media)
    rnd = random.Random(seed)
    sellers = [_Seller(which) for which in range(len(SELLERS))]
    out.mkdir(parents=True, exist_ok=True)
    made = []
    days = sorted(rnd.randint(0, 600) for _ in range(count))  # the library numbers in order of issue
    for i in range(count):
        which = i % len(SELLERS) if i < len(SELLERS) else rnd.randrange(len(SELLERS))
        seller = sellers[which]
        seller.settle()
        pdf = _one(rnd, seller, date(2025, 1, 1) + timedelta(days=days[i]), f"drawn:{i}")
        path = out / f"facturationfr-{i:03d}.pdf"
        path.write_bytes(pdf)
        made.append((path, xml_truth(path)))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2033))

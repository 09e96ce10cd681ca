"""A Spanish (Spain), German, French, Dutch and English development source: Factur-X hybrids drawn by eu-einvoice.

The corpus's one Spanish source is held out (tests/truth/split.yaml) and German is the weakest
language on unseen pages.  ``eu-einvoice`` (PyPI, MIT, github.com/uulucky/claude-skill-eu-einvoice)
builds EN 16931 invoices and renders them with reportlab in its own layout and wording for
German, English, French, Dutch, Italian and Spanish (``eu_einvoice/render.py``; the language
follows the seller's country), then embeds the CII XML as Factur-X/ZUGFeRD.  Its amounts are
localised ("1.234,50 EUR", "1 234,50 EUR" with a narrow no-break space, "1,234.50 EUR"), its dates
ISO.  We choose the values (seeded): sellers and buyers in Germany, Spain, France, the Netherlands
and Ireland (the English pages; German and Dutch exporters write to foreign clients in English
too, now and then in GBP or USD), each country's VAT rates, valid VAT ids and IBANs made with python-stdnum, register
entries in the footer, line and document allowances, charges, amounts paid in advance, credit
notes, reverse charge to clients in other member states, invoices long enough for a second page.
Italian is left out: the reader has no Italian lexicon.  The truth of each page is the XML the
library embeds, read by the product's own e-invoice reader (the usual terms, and the parties'
names and the client's VAT id, which every page prints), counted only where the page prints
the value.  A development source: the reader may be tuned on it, and its figures are
development figures.

Run: python benchmarks/eueinvoice_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import kept, main, xml_truth  # noqa: E402

# country -> (page language, VAT rates, BBAN shape: n digit, a letter, c either)
COUNTRIES = {"DE": ("de", ["19", "19", "7"], "n" * 18),
             "ES": ("es", ["21", "21", "10", "4"], "n" * 20),
             "FR": ("fr", ["20", "20", "10", "5.5"], "n" * 10 + "c" * 11 + "nn"),
             "NL": ("nl", ["21", "21", "9"], "aaaa" + "n" * 10),
             "IE": ("en", ["23", "23", "13.5"], "aaaa" + "n" * 14)}
ORDER = ["ES", "DE", "FR", "IE", "NL"]  # one language after another, so a dozen pages hold them all
PARTIES = {
    "DE": [("Holzwerk Brandt GmbH", "Lindenstraße 14", "04109", "Leipzig"),
           ("Kanzlei Vogt & Partner mbB", "Königsallee 60", "40212", "Düsseldorf"),
           ("Gartenbau Ritter e.K.", "Am Anger 2", "99084", "Erfurt")],
    "ES": [("Talleres Navarro S.L.", "Calle de Alcalá 120", "28009", "Madrid"),
           ("Distribuciones Ebro S.A.", "Avenida de Cataluña 8", "50014", "Zaragoza"),
           ("Estudio Marín Arquitectura S.L.P.", "Carrer de Balmes 77", "08008", "Barcelona")],
    "FR": [("Menuiserie Garnier SARL", "8 rue des Tanneurs", "67000", "Strasbourg"),
           ("Conseil Rivage SAS", "41 quai de la Fosse", "44000", "Nantes"),
           ("Imprimerie du Vieux Port", "5 rue Sainte", "13001", "Marseille")],
    "NL": [("Van Dijk Installatietechniek B.V.", "Stationsweg 33", "3511 ED", "Utrecht"),
           ("Bakkerij De Molen V.O.F.", "Grote Markt 9", "9711 LV", "Groningen")],
    "IE": [("Liffey Software Services Ltd", "14 Ormond Quay", "D07 X2F3", "Dublin"),
           ("Atlantic Print Works Ltd", "3 Eyre Square", "H91 K2R4", "Galway")],
}
ITEMS = {
    "de": [("Beratungsleistung", "HUR", "95.00"), ("Montage vor Ort", "HUR", "72.50"), ("Eichenregal", "C62", "480.00"),
           ("Wartungsvertrag", "MON", "149.00"), ("Fachbuch Steuerrecht", "C62", "39.90"), ("Pflanzerde 40 l", "C62", "6.49")],
    "es": [("Servicio de consultoría", "HUR", "85.00"), ("Instalación eléctrica", "HUR", "48.00"),
           ("Mesa de oficina", "C62", "320.00"), ("Mantenimiento mensual", "MON", "210.00"),
           ("Libro técnico", "C62", "28.50"), ("Aceite de oliva 5 l", "C62", "34.90")],
    "fr": [("Prestation de conseil", "HUR", "110.00"), ("Pose de parquet", "HUR", "55.00"),
           ("Bibliothèque en chêne", "C62", "740.00"), ("Abonnement maintenance", "MON", "89.00"),
           ("Ouvrage de référence", "C62", "32.00"), ("Ramettes papier A4", "C62", "4.75")],
    "nl": [("Advieswerkzaamheden", "HUR", "92.00"), ("Installatie cv-ketel", "HUR", "64.00"),
           ("Bureaustoel", "C62", "289.00"), ("Onderhoudscontract", "MON", "39.50"),
           ("Vakboek", "C62", "45.00"), ("Roggebrood", "C62", "3.20")],
    "en": [("Software development", "HUR", "120.00"), ("On-site support", "DAY", "650.00"),
           ("Laptop stand", "C62", "45.00"), ("Hosting plan", "MON", "79.00"),
           ("Reference handbook", "C62", "36.00"), ("Printed brochures", "C62", "0.85")],
}
WORDS = {  # our own reasons and notes, in the page's language (the labels around them are the library's)
    "de": ("Treuerabatt", "Versandkosten", "Vielen Dank für Ihren Auftrag.", "Zahlbar ohne Abzug innerhalb von 14 Tagen."),
    "es": ("Descuento comercial", "Portes", "Gracias por su confianza.", "Pago por transferencia a 30 días."),
    "fr": ("Remise fidélité", "Frais de port", "Merci de votre confiance.", "Paiement à 30 jours."),
    "nl": ("Vaste-klantkorting", "Verzendkosten", "Bedankt voor uw opdracht.", "Betaling binnen 14 dagen."),
    "en": ("Loyalty discount", "Delivery", "Thank you for your business.", "Payment within 30 days."),
}


def _until(rnd: random.Random, draw, valid) -> str:
    while True:
        value = draw()
        if valid(value):
            return value


def _digits(rnd: random.Random, n: int) -> str:
    return "".join(str(rnd.randint(0, 9)) for _ in range(n))


def _vat_id(rnd: random.Random, country: str) -> str:
    """A VAT id that passes python-stdnum's check for ``country``."""
    from stdnum.de import vat as de_vat
    from stdnum.es import nif as es_nif
    from stdnum.fr import tva as fr_tva
    from stdnum.ie import vat as ie_vat
    from stdnum.nl import btw as nl_btw

    draw, valid = {
        "DE": (lambda: "DE" + str(rnd.randint(1, 9)) + _digits(rnd, 8), de_vat.is_valid),
        "ES": (lambda: "ES" + rnd.choice("AB") + _digits(rnd, 8), es_nif.is_valid),
        "FR": (lambda: "FR" + _digits(rnd, 2) + str(rnd.randint(1, 9)) + _digits(rnd, 8), fr_tva.is_valid),
        "NL": (lambda: "NL" + _digits(rnd, 9) + "B01", nl_btw.is_valid),
        "IE": (lambda: "IE" + _digits(rnd, 7) + rnd.choice("ABCDEFGHJKLMNPRSTWX"), ie_vat.is_valid),
    }[country]
    return _until(rnd, draw, valid)


def _iban(rnd: random.Random, country: str) -> str:
    """An IBAN of ``country`` that passes python-stdnum's check (the national check digits too)."""
    from stdnum import iban

    shape = COUNTRIES[country][2]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def draw():
        bban = "".join(str(rnd.randint(0, 9)) if c == "n" else rnd.choice(letters) if c == "a"
                       else rnd.choice(letters + "0123456789") for c in shape)
        return country + iban.calc_check_digits(country + "00" + bban) + bban

    return _until(rnd, draw, iban.is_valid)


def _party(rnd: random.Random, country: str, with_vat: bool, other: str = "") -> dict:
    name, street, postcode, city = rnd.choice([p for p in PARTIES[country] if p[0] != other])
    party = {"name": name, "address": {"line1": street, "postal_code": postcode, "city": city, "country": country}}
    if with_vat:
        party["vat_id"] = _vat_id(rnd, country)
    return party


def _one(rnd: random.Random, number: int) -> dict:
    country = ORDER[(number - 1) % len(ORDER)]
    lang, rates, _ = COUNTRIES[country]
    seller = _party(rnd, country, with_vat=False)
    own = random.Random(seller["name"])  # one seller, one VAT id and one IBAN on all its invoices
    seller["vat_id"] = _vat_id(own, country)
    seller_iban = _iban(own, country)
    seller["electronic_address"] = {"id": f"invoices{number}@example.com", "scheme": "EM"}
    registered = rnd.random() < 0.5  # the register entry beside the VAT id in the footer
    if country == "FR" and registered:
        seller["legal_id"] = {"id": seller["vat_id"][4:], "scheme": "0002"}  # the SIREN
    elif country == "DE" and registered:
        seller.update(legal_id={"id": f"HRB {own.randint(1000, 99999)}"},
                      legal_info=f"Amtsgericht {seller['address']['city']}")
    elif country == "ES" and registered:
        seller["legal_info"] = (f"Inscrita en el Registro Mercantil de {seller['address']['city']}, "
                                f"Tomo {own.randint(1000, 40000)}, Folio {own.randint(1, 220)}")
    elif country == "NL" and registered:
        seller["legal_id"] = {"id": _digits(own, 8), "scheme": "0106"}  # KvK number
    elif country == "IE" and registered:
        seller["legal_info"] = f"Registered in Ireland No. {own.randint(100000, 799999)}"
    kind = rnd.choice(["standard"] * 6 + ["credit_note", "allowance", "prepaid", "charge", "long"])
    # a business client in another member state is invoiced without VAT (reverse charge, category AE)
    reverse = rnd.random() < 0.2
    buyer_country = rnd.choice([c for c in ORDER if c != country]) if reverse or rnd.random() < 0.2 else country
    buyer = _party(rnd, buyer_country, with_vat=reverse or rnd.random() < 0.7, other=seller["name"])
    currency = "EUR"
    if country in ("DE", "NL") and buyer_country != country and rnd.random() < 0.6:
        lang = "en"  # a German or Dutch exporter writes to its foreign client in English, now and then in GBP or USD
        currency = rnd.choice(["EUR", "EUR", "GBP", "USD"])
    discount, freight, thanks, terms = WORDS[lang]
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
    lines = []
    for _ in range(rnd.randint(28, 45) if kind == "long" else rnd.randint(1, 5)):  # a long one runs onto page 2
        name, unit, price = rnd.choice(ITEMS[lang])
        line = {"name": name, "quantity": rnd.choice(["1", "1", "2", "3", "4.5", "10", "25"]), "unit": unit,
                "price": price, "vat_category": "S", "vat_rate": rnd.choice(rates)}
        if reverse:
            line.update(vat_category="AE", vat_rate=None)
        if rnd.random() < 0.15:
            line["allowances"] = [{"reason": discount, "percent": rnd.choice(["5", "10"])}]
        lines.append(line)
    inv = {"type": "credit_note" if kind == "credit_note" else "invoice",
           "number": rnd.choice([f"{issued.year}-{number:04d}", f"F{issued.year % 100}/{number:05d}",
                                 f"INV-{issued.year}{number:04d}"]),
           "issue_date": issued.isoformat(), "currency": currency, "seller": seller, "buyer": buyer, "lines": lines,
           "language": lang}
    if kind != "credit_note" and rnd.random() < 0.85:
        inv["due_date"] = (issued + timedelta(days=rnd.choice([14, 30, 60]))).isoformat()
    if rnd.random() < 0.4:
        inv["delivery"] = {"date": (issued - timedelta(days=rnd.randint(0, 10))).isoformat()}
    elif rnd.random() < 0.3:
        inv["period"] = {"start": issued.replace(day=1).isoformat(), "end": issued.replace(day=28).isoformat()}
    if rnd.random() < 0.4:
        inv["order_reference"] = f"PO-{rnd.randint(1000, 99999)}"
    if rnd.random() < 0.3:
        inv["buyer_reference"] = f"REF-{rnd.randint(100, 999)}"
    rate = rnd.choice(rates)
    category = {"vat_category": "AE"} if reverse else {"vat_category": "S", "vat_rate": rate}
    if kind == "allowance":
        inv["allowances"] = [{"reason": discount, "amount": f"{rnd.randint(5, 60)}.00", **category}]
    elif kind == "charge":
        inv["charges"] = [{"reason": freight, "amount": f"{rnd.randint(5, 40)}.50", **category}]
    elif kind == "prepaid":
        inv["prepaid_amount"] = f"{rnd.randint(20, 200)}.00"
    if kind == "credit_note":
        inv["preceding_invoices"] = [{"number": f"{issued.year}-{max(number - 1, 1):04d}",
                                      "date": (issued - timedelta(days=30)).isoformat()}]
    payment = {"means_code": "58", "credit_transfers": [{"iban": seller_iban}]}
    if rnd.random() < 0.5:
        payment["remittance_info"] = inv["number"]
    if rnd.random() < 0.5 or "due_date" not in inv:
        payment["terms"] = terms
    inv["payment"] = payment
    if rnd.random() < 0.4:
        inv["notes"] = [thanks]
    return inv


def _prepaid_fits(inv: dict) -> dict:
    """``inv`` with the amount paid in advance below the invoice's gross total."""
    from eu_einvoice.model import prepare

    if "prepaid_amount" in inv:
        prepared, _ = prepare(inv, "facturx")
        gross = prepared["totals"]["tax_inclusive"]
        if gross <= 2:
            del inv["prepaid_amount"]
        else:
            inv["prepaid_amount"] = str(min(int(inv["prepaid_amount"].split(".")[0]), int(gross) // 2)) + ".00"
    return inv


def _party_truth(pdf: Path) -> dict:
    """The parties of the XML embedded in ``pdf`` (BT-27, BT-44, BT-48), which every page of this
    library prints: the seller's name at the top and in the footer, the client's name and VAT id
    in its address block."""
    from invoice_lint.einvoice import embedded_xml

    inv = embedded_xml(pdf).einvoice
    out = {name: str(inv.value(term)) for term, name in (("BT-27", "seller_name"), ("BT-44", "buyer_name"),
                                                           ("BT-48", "buyer_tax_id")) if inv.value(term)}
    return out


def generate(out: Path, count: int = 30, seed: int = 2031) -> list[tuple[Path, dict]]:
    """Write ``count`` hybrids into ``out``; their (path, truth) pairs."""
    from eu_einvoice import cii, pdf
    from eu_einvoice.model import prepare
    from eu_einvoice.profiles import get_profile

    key, profile = get_profile("facturx")
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        inv, issues = prepare(_prepaid_fits(_one(rnd, i + 1)), key)
        if issues.errors:
            raise ValueError(f"eu-einvoice rejects drawn invoice {i}: {list(issues.errors)}")
        path = out / f"eueinvoice-{i:03d}.pdf"
        path.write_bytes(pdf.make_facturx(inv, cii.generate(inv, profile)))
        made.append((path, {**xml_truth(path), **_party_truth(path)}))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2031))

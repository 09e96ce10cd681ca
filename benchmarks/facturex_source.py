"""A French development source: Factur-X invoices drawn by facturex.

The corpus's French pages are few and mostly held out (tests/truth/split.yaml), so the reader
had little French layout to be developed on.  ``facturex`` (PyPI, MIT, "facturex-py",
github.com/Kapturo-ai/Librairies-meta-creator) writes French Factur-X invoices and credit notes
with two page renderers of its own, a minimal one and a "rich" one (themes "sobre" and "moderne",
an EPC payment QR code), each with its own French wording ("Total HT", "TVA S 20%", "Net à
payer", "Échéance", "Émetteur" ...).  We choose the values (seeded); the truth of each page is
the CII XML the library attaches to it, read by the product's own e-invoice reader, counted only
where the page prints the value.  A development source: the reader may be tuned on it, and its
figures are development figures.

Run: python benchmarks/facturex_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import fr_siren, fr_siret, fr_vat, kept, main, xml_truth  # noqa: E402

SELLERS = [("Atelier Lumière SARL", "14 rue des Tanneurs", "69002", "Lyon"),
           ("Boulangerie Martin & Fils", "3 place du Marché", "35000", "Rennes"),
           ("Conseil Numérique Durand", "27 avenue Jean Jaurès", "31000", "Toulouse"),
           ("Menuiserie Lefèvre SAS", "ZA des Pins, 8 allée des Chênes", "44300", "Nantes"),
           ("Studio Graphique Caron", "5 quai de la Loire", "75019", "Paris")]
BUYERS = [("Mairie de Saint-Aubin", "1 place de la République", "14750", "Saint-Aubin-sur-Mer"),
          ("Hôtel Les Tilleuls SARL", "12 boulevard Victor Hugo", "06000", "Nice"),
          ("Clinique du Parc SA", "40 rue Pasteur", "59000", "Lille"),
          ("Librairie Le Passage", "2 passage Choiseul", "75002", "Paris")]
ITEMS = [("Développement web", "DAY", "650.00"), ("Maintenance mensuelle", "MON", "180.00"),
         ("Pose de parquet chêne", "MTK", "42.50"), ("Pain de campagne", "C62", "3.20"),
         ("Audit de sécurité", "HUR", "95.00"), ("Création de logo", "C62", "850.00"),
         ("Déplacement", "C62", "45.00"), ("Livre broché", "C62", "18.90")]
RATES = ["20", "20", "20", "10", "5.5"]
# payment terms and the days to the due date they give (a page's terms and due date agree); "45
# jours fin de mois" is left out: French practice reads it two ways, so no single date is its truth
TERMS = {"Paiement à 30 jours": 30, "Paiement à 15 jours": 15, "Paiement à réception de facture": 0,
         "Escompte pour paiement anticipé : néant": None}
NOTES = ["Pénalités de retard : trois fois le taux d'intérêt légal.",
         "Indemnité forfaitaire pour frais de recouvrement : 40 euros.",
         "Merci de votre confiance."]
IBANS = ["FR7630006000011234567890189", "FR1420041010050500013M02606", "FR7610107001011234567890129"]


def _one(rnd: random.Random, number: int):
    import facturex as fx

    which = rnd.randrange(len(SELLERS))
    name, street, postcode, city = SELLERS[which]
    own = random.Random(which)  # one seller, one SIREN, SIRET and IBAN on all its invoices
    siren = fr_siren(own)
    siret = fr_siret(siren, own)
    exempt = rnd.random() < 0.15  # exempt supplies (category E): BR-E-02 still wants the seller's VAT id
    seller = fx.Party(name=name, address=fx.Address(line1=street, postcode=postcode, city=city, country_code="FR"),
                      vat_id=fr_vat(siren), legal_id=siren, siret=siret if rnd.random() < 0.7 else None)
    bname, bstreet, bpostcode, bcity = rnd.choice(BUYERS)
    buyer = fx.Party(name=bname, address=fx.Address(line1=bstreet, postcode=bpostcode, city=bcity, country_code="FR"),
                     siret=fr_siret(fr_siren(rnd), rnd) if rnd.random() < 0.5 else None)
    lines = []
    for i in range(rnd.randint(1, 7)):
        text, unit, price = rnd.choice(ITEMS)
        lines.append(fx.LineItem(id=str(i + 1), name=text, quantity=Decimal(rnd.choice([1, 1, 2, 3, 5, 12])),
                                 unit_code=unit, unit_price=Decimal(price),
                                 vat_category="E" if exempt else "S",
                                 vat_rate=Decimal("0") if exempt else Decimal(rnd.choice(RATES))))
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 600))
    credit = rnd.random() < 0.1
    terms = rnd.choice(sorted(TERMS)) if rnd.random() < 0.7 else None
    days = TERMS[terms] if terms else None
    if days is None and rnd.random() < 0.8:
        days = rnd.choice([0, 15, 30, 45])
    invoice = fx.Invoice(
        number=rnd.choice([f"FA-{issued.year}-{number:04d}", f"F{issued.year}{number:05d}", f"{number:06d}"]),
        issue_date=issued, type_code="381" if credit else "380", currency="EUR",
        specification="urn:cen.eu:en16931:2017", profile=fx.Profile.EN16931,
        buyer_reference=f"BC-{rnd.randint(100, 999)}" if rnd.random() < 0.4 else None,
        seller=seller, buyer=buyer, payment_means_code=rnd.choice(["30", "30", "58", "49", "20"]),
        iban=IBANS[which % len(IBANS)] if rnd.random() < 0.7 else None,
        payment_terms=terms,
        due_date=issued + timedelta(days=days) if days is not None else None,
        lines=lines,
        notes=(["Exonération de TVA, article 261 du CGI."] if exempt else [])
        + rnd.sample(NOTES, rnd.randint(0, 2)))
    if exempt:
        invoice.vat_breakdown = [fx.VatBreakdown(category="E", rate=Decimal("0"),
                                                 taxable_amount=invoice.computed_line_net_sum(),
                                                 vat_amount=Decimal("0.00"),
                                                 exemption_reason="Exonération de TVA, article 261 du CGI")]
    # no prepayment is drawn: the library's pages do not print one, so "Net à payer" could not
    # be told from the total
    return invoice


def generate(out: Path, count: int = 40, seed: int = 2026) -> list[tuple[Path, dict]]:
    """Write ``count`` Factur-X invoices into ``out``; their (path, truth) pairs."""
    from facturex.pdfgen import invoice_pdf_rich
    from facturex.writers import write_pdf

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        invoice = _one(rnd, i + 1)
        path = out / f"facturex-{i:03d}.pdf"
        style = rnd.choice(["minimal", "sobre", "moderne"])
        if style == "minimal":
            write_pdf(invoice, path)
        else:
            path.write_bytes(invoice_pdf_rich(invoice, theme=style, qr=rnd.random() < 0.6))
        made.append((path, xml_truth(path)))
    return kept(out, made)



if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=40, seed=2026))

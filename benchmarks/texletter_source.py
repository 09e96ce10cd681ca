"""A German, French, Spanish, Dutch and English development source: invoices written as LaTeX business letters.

Many European businesses write their invoices as LaTeX letters: KOMA-Script's ``scrlttr2`` class
(LPPL-1.3c, Debian's texlive-latex-recommended) sets a DIN 5008 / DIN 676 letter, or one of its
other letter layouts (``.lco`` files: DIN, DINmtext, DIN5008A, DIN5008B, SN and SNleft (Swiss),
NF (French), UScommercial9), with its reference line: label-above-value fields printed
with KOMA's own captions in each babel language ('Rechnungsnummer', 'Kundennummer', 'Ihr Zeichen',
'Datum'; 'Numéro de facture', 'Numéro de client'; 'No. de factura'; 'Rekening No.', 'Klant No.';
'Invoice no.', 'Customer no.'), the date in babel's own form ('4. März 2025', '4 mars 2025',
'4 de marzo de 2025', '4 maart 2025', 'March 4, 2025', or numeric with ``numericaldate``), the
sender's head (``fromalign``, ``fromrule``, ``fromphone``/``fromemail`` with KOMA's 'Telefon:'
captions), the back address, fold marks, the subject, and the first page's foot (``firstfoot``)
with the bank details under KOMA's ``\\bankname`` caption ('Bankverbindung', 'Compte en banque',
'Cuenta bancaria', 'Bankrekening', 'Bank account') in the form of scrguide's own example
(section 4.10: a foot of columns, 'Geschäftsführung:' and 'Gerichtsstand:' / 'Managing Director:'
and 'Court Jurisdiction:', and the ``frombank`` column).  pdflatex typesets it (Latin Modern,
scalable Type 1 fonts in the T1 encoding, whose text the ``cmap`` package makes readable; babel
for the language).

The invoice table is typeset by one of the two LaTeX invoice packages, with its own words and
its own arithmetic: ``invoice2`` (GPL-3.0-or-later; its ``invoice2-{german,english}.trsl``
dictionaries: 'Anzahl', 'Posten', 'USt', 'Stückpreis', 'Preis' (each line with its VAT),
'Nettobetrag', 'USt', 'Gesamtbetrag'; 'Amount', 'Item', 'VAT', 'Unit Price', 'Price', 'Net Total',
'VAT', 'Gross Total'; siunitx sets the figures, in math mode, a thin space between thousands) or
``invoice`` (LPPL; ``invoicelabels.sty`` in every babel language: 'Aktivität', 'Rate/Einheit',
'Anzahl', 'Betrag (EUR)', 'Zwischensumme Honorare', 'MWSt. (19%)', 'Gesamtsumme'; 'Activité',
'Prix/Unité', 'Quantité', 'Montant (EUR)', 'Sous-Total Honoraires', 'Total TVA', 'Total'; ...;
fp computes the sums, the VAT truncated to the cent, and prints them with a decimal point, or
babel's math decimal mark: a comma in Spanish).  Debian ships
siunitx in texlive-science.  Our Decimal sums, computed the way each package computes, are the
truth, and every letter's page is checked to print them.
Words neither KOMA-Script nor the invoice packages give (the subject 'Rechnung', the payment block
'Zahlungsdaten:' with 'Zahlungstermin', 'Bank', 'BIC', 'IBAN', 'USt-IdNr.'; English
'Deadline') come from the isodoc class and the simpleinvoice package (LPPL), recorded with their
source in rules/lexicon/sources/texletter.yaml and drawn from there.

We choose the values (seeded): the language (de and fr twice as often), the seller of that
country (its VAT id valid under python-stdnum, its IBAN) and its one letter template (the
layout, the class options, the invoice package, where its VAT id is printed, its date style: a
seller's letters look alike, as real ones do), the buyer, 1-5 items, the VAT rate, the numbers,
the references, the dates and the payment terms ('Zahlungstermin: 30 Tage' or the due date
itself).  The truth counts what the page prints: the invoice number and date of the
reference line, the table's net, VAT and total, the seller's VAT id, the IBAN, the currency, the
due date.  Every printed figure is checked against the page's text after typesetting.  A
development source: the reader may be tuned on it, and its figures are development figures.

The files are written to a folder the caller gives (a temporary one in the benchmark and the
tests) and never kept.

Run: python benchmarks/texletter_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_iban, de_vat, es_vat, fr_siren, fr_vat, gb_vat, kept, main, nl_vat, tex_escape, tex_missing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CENT = Decimal("0.01")
LANGUAGES = ["de", "de", "fr", "fr", "es", "nl", "en"]
# babel's name of each language (Dutch from babel's ini file: Debian's texlive-lang-european has its .ldf)
BABEL = {"de": "ngerman", "fr": "french", "es": "spanish", "nl": "dutch", "en": "british"}
# the .lco layouts a letter of that language may use (not KOMAold: it defines \\invoice, which the
# invoice environment of both invoice packages cannot be beside)
LAYOUTS = {"de": ["DIN", "DINmtext", "DIN5008A", "DIN5008B", "SN", "SNleft"],
           "fr": ["NF", "NF", "DIN", "SN"], "es": ["DIN", "DIN5008B"], "nl": ["DIN", "DIN5008A"],
           "en": ["DIN", "UScommercial9"]}
SELLERS = {
    "de": [("Tischlerei Holzwurm GmbH", "Lindenstraße 12", "10969 Berlin", "Anna Holzer"),
           ("Kanzlei Vogt & Partner", "Karlsplatz 8", "80335 München", "Dr. Jens Vogt"),
           ("Grafikbüro Farbklang", "Am Hafen 3", "28195 Bremen", "Lena Sommer")],
    "fr": [("Atelier Duval SARL", "12 rue des Tanneurs", "69002 Lyon", "Claire Duval"),
           ("Conseil Horizon SAS", "27 avenue Jean Jaurès", "75019 Paris", "Marc Lefèvre"),
           ("Menuiserie Leroux", "4 place du Marché", "33000 Bordeaux", "Paul Leroux")],
    "es": [("Talleres Olmedo S.L.", "Calle Mayor 15", "28013 Madrid", "Lucía Olmedo"),
           ("Consultoría Brisa S.A.", "Avinguda Diagonal 401", "08008 Barcelona", "Jordi Puig"),
           ("Panadería La Espiga", "Calle Larios 12", "29005 Málaga", "Carmen Ruiz")],
    "nl": [("Bakkerij De Molen B.V.", "Herengracht 120", "1015 BS Amsterdam", "Sanne de Vries"),
           ("Van Dijk Advies", "Oudegracht 45", "3511 AB Utrecht", "Pieter van Dijk"),
           ("Groen Installatietechniek B.V.", "Stationsplein 9", "9726 AE Groningen", "Eva Groen")],
    "en": [("Harbour Joinery Ltd", "14 Quay Street", "Bristol BS1 4DJ", "Tom Harper"),
           ("Bright Path Consulting Ltd", "3 King's Road", "Brighton BN1 2FL", "Amy Clarke"),
           ("Oakfield Bakery Ltd", "58 High Street", "Oxford OX1 4AP", "Ben Walker")],
}
BUYERS = {
    "de": [("Müller Logistik AG", "Hafenstraße 7", "20457 Hamburg"), ("Frau Anna Weiß", "Gartenweg 4", "70173 Stuttgart"),
           ("Stadtwerke Nordheim", "Bahnhofstraße 1", "74226 Nordheim")],
    "fr": [("Société Lumière SA", "8 boulevard Haussmann", "75009 Paris"), ("Mme Claire Martin", "3 impasse des Roses", "44000 Nantes")],
    "es": [("Distribuciones Sur S.L.", "Calle Larios 4", "29005 Málaga"), ("Sr. Andrés Núñez", "Plaza de España 2", "41013 Sevilla")],
    "nl": [("Stichting Groen Wonen", "Stationsweg 2", "2312 AV Leiden"), ("Dhr. J. Bakker", "Dorpsstraat 18", "3732 HJ De Bilt")],
    "en": [("Northwind Trading Ltd", "22 Mill Lane", "Leeds LS1 5AB"), ("Ms Sarah Jones", "7 Church Street", "York YO1 8BE")],
}
ITEMS = {
    "de": ["Beratung", "Montage vor Ort", "Schreibtisch Eiche", "Entwurf Logo", "Reisekosten", "Wartung Server"],
    "fr": ["Conseil", "Installation sur site", "Bureau en chêne", "Création du logo", "Frais de déplacement"],
    "es": ["Consultoría", "Instalación", "Mesa de roble", "Diseño de logotipo", "Gastos de viaje"],
    "nl": ["Advies", "Montage op locatie", "Eiken bureau", "Ontwerp logo", "Reiskosten"],
    "en": ["Consulting", "On-site installation", "Oak desk", "Logo design", "Travel expenses"],
}
RATES = {"de": ["19", "19", "7"], "fr": ["20", "20", "10"], "es": ["21", "21", "10"], "nl": ["21", "21", "9"],
         "en": ["20"]}
BANKS = {"de": ("Berliner Sparkasse", "BELADEBEXXX"), "fr": ("Crédit Lyonnais", "CRLYFRPPXXX"),
         "es": ("Banco Santander", "BSCHESMMXXX"), "nl": ("ABN AMRO", "ABNANL2A"), "en": ("Barclays Bank", "BARCGB22")}
# what the letters need of TeX Live, and the Debian packages that hold it
TEX_FILES = ("scrlttr2.cls", "invoice.sty", "invoice2.sty", "siunitx.sty", "lmodern.sty", "ngerman.ldf",
             "french.ldf", "spanish.ldf")
TEX_PACKAGES = ("texlive-latex-extra", "texlive-lang-german", "texlive-lang-french", "texlive-lang-spanish",
                "texlive-science", "lmodern")
# the projects invoice.sty's \\ProjectTitle names (values, like the items)
PROJECTS = {"de": ["Umbau Lindenhof", "Website 2025", "Jahreswartung"], "fr": ["Rénovation Bellevue", "Site web 2025"],
            "es": ["Reforma Almendros", "Web 2025"], "nl": ["Verbouwing Lindehof", "Website 2025"],
            "en": ["Refit Elm House", "Website 2025"]}
# isodoc.cls words left out of texletter.yaml's labels (see its notes): \daystext, \banknametext
ISODOC = {"de": ("Tage", "Bank"), "fr": ("jours", "banque"), "es": ("días", "banco"), "nl": ("dagen", "bank"),
          "en": ("days", "bank")}
# scrguide (KOMA-Script's manual, section 4.10, the firstfoot example): the foot's other columns
FOOT = {"de": ("Geschäftsführung:", "Gerichtsstand:"), "en": ("Managing Director:", "Court Jurisdiction:")}


@cache
def _words() -> dict:
    """texletter.yaml's vocabulary: the words the letters print that KOMA-Script and the invoice
    packages do not."""
    import yaml

    path = ROOT / "rules" / "lexicon" / "sources" / "texletter.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["vocabulary"]


def _word(language: str, concept: str) -> str:
    vocabulary = _words()[language]
    return vocabulary["titles"][0] if concept == "title" else vocabulary["labels"][concept][0]


def _figure(amount: Decimal, mark: str) -> str:
    """An amount to the cent with the decimal mark the package prints, as the page's text gives it
    with its spaces taken out (siunitx's thin space between thousands is no character)."""
    return f"{amount.quantize(CENT, ROUND_HALF_UP):.2f}".replace(".", mark)


def _vat_id(language: str, rnd: random.Random) -> str:
    return {"de": de_vat, "es": es_vat, "nl": nl_vat, "en": gb_vat,
            "fr": lambda r: fr_vat(fr_siren(r))}[language](rnd)


def _iban(language: str, rnd: random.Random) -> str:
    from stdnum import iban

    if language == "de":
        return de_iban(rnd, "10050000")
    country, bban = {"fr": ("FR", lambda: "30002" + "00550" + "".join(str(rnd.randint(0, 9)) for _ in range(13))),
                     "es": ("ES", lambda: "0049" + "1500" + "00" + "".join(str(rnd.randint(0, 9)) for _ in range(10))),
                     "nl": ("NL", lambda: "ABNA" + "".join(str(rnd.randint(0, 9)) for _ in range(10))),
                     "en": ("GB", lambda: "BARC" + "200000" + "".join(str(rnd.randint(0, 9)) for _ in range(8)))}[language]
    body = bban()
    if country == "FR":  # the RIB key of bank, branch and account
        digits = int(body[:5]) * 89 + int(body[5:10]) * 15 + int(body[10:21]) * 3
        body = body[:21] + f"{97 - digits % 97:02d}"
    if country == "ES":  # the CCC's two control digits after bank and branch
        from stdnum.es import ccc

        body = body[:8] + ccc.calc_check_digits(body) + body[10:]
    number = country + iban.calc_check_digits(country + "00" + body) + body
    assert iban.is_valid(number), number
    return number


def _town(city: str, language: str) -> str:
    """The town of a postal line ('10969 Berlin', '1015 BS Amsterdam', 'Bristol BS1 4DJ')."""
    words = city.split()
    return words[0] if language == "en" else " ".join(words[2:] if language == "nl" else words[1:])


def _ascii(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def _spaced(number: str) -> str:
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def _date(value: date, language: str, numeric: bool) -> str:
    """A date as the letter's text prints it (the due date; the letter's own date is babel's)."""
    if numeric:
        return {"en": f"{value:%d/%m/%Y}", "nl": f"{value:%d-%m-%Y}", "es": f"{value:%d/%m/%Y}",
                "fr": f"{value:%d/%m/%Y}"}.get(language, f"{value:%d.%m.%Y}")
    from babel.dates import format_date

    return format_date(value, "long", locale={"en": "en_GB"}.get(language, language))


def _items(rnd: random.Random, language: str, rate: Decimal):
    lines = []
    for text in rnd.sample(ITEMS[language], rnd.randint(1, min(5, len(ITEMS[language])))):
        quantity = Decimal(rnd.choice(["1", "1", "2", "3", "5", "2.5", "10"]))
        price = Decimal(rnd.choice(["45", "68.50", "95", "120", "289", "1250", "12.90", "640"]))
        lines.append((text, quantity, price, rate))
    return lines


def _invoice2_table(language: str, lines, currency: str):
    """The table invoice2 typesets: its ``invoice`` environment with one ``\\invoiceitem`` per
    line (quantity, item, unit price; the VAT rate as its ``vat`` option); the package prints each
    line's price with its VAT and computes the net, VAT and gross totals itself (each the sum of
    the unrounded line figures, rounded by siunitx when printed).  Our sums, computed the same
    way, are the truth, and the page is checked to print them."""
    rate = lines[0][3]
    items = [f"\\invoiceitem{{{q}}}{{{tex_escape(text)}}}{{{p}}}" for text, q, p, _ in lines]
    body = "\n".join([f"\\begin{{invoice}}[vat={rate / 100}, currency-symbol={currency}]", *items, "\\end{invoice}"])
    net = sum(q * p for _, q, p, _ in lines)
    tax = sum(q * p * r / 100 for _, q, p, r in lines)
    gross = sum(q * p * (1 + r / 100) for _, q, p, r in lines)
    return body, net, tax, gross


def _invoice_table(language: str, lines, currency: str, rate: Decimal, project: str):
    """The table invoice.sty typesets: its ``invoice`` environment (currency, VAT rate), a project
    title and one ``\\Fee`` per line (activity, unit rate, count); the package prints its own
    labels in the babel language ('Activité', 'Prix/Unité', 'Quantité', 'Montant (EUR)',
    'Sous-Total Honoraires', 'TVA (20%)', 'Total TVA', 'Total'), computes the fees' subtotal, the
    VAT and the total with fp, and prints them with a decimal point in every language.  Our sums,
    computed the same way, are the truth, and the page is checked to print them."""
    fees = [f"\\Fee{{{tex_escape(text)}}}{{{p:.2f}}}{{{q}}}" for text, q, p, _ in lines]
    body = "\n".join([f"\\begin{{invoice}}{{{currency}}}{{{rate}}}", f"\\ProjectTitle{{{tex_escape(project)}}}", *fees,
                      "\\end{invoice}"])
    net = sum(q * p for _, q, p, _ in lines)
    tax = (net * rate / 100).quantize(CENT, ROUND_DOWN)  # invoice.sty truncates to the cent (\\FPtrunc)
    gross = net.quantize(CENT, ROUND_HALF_UP) + tax
    return body, net, tax, gross


def _one(rnd: random.Random, number: int) -> tuple[str, dict, list[str]]:
    """One letter: its LaTeX source, its truth, and the figures its page must print."""
    language = rnd.choice(LANGUAGES)
    which = rnd.randrange(len(SELLERS[language]))
    name, street, city, owner = SELLERS[language][which]
    own = random.Random(f"{language}{which}")  # one seller, one VAT id and one account on all its letters
    vat_id, iban = _vat_id(language, own), _iban(language, own)
    bank, bic = BANKS[language]
    buyer = rnd.choice(BUYERS[language])
    issued = date(2025, 1, 1) + timedelta(days=rnd.randint(0, 500))
    invoice_number = rnd.choice(["{y}-{n:04d}", "RE{y}{n:05d}", "{y}/{n:03d}", "F{n:06d}"]).format(
        y=issued.year, n=number + 40)
    rate = Decimal(rnd.choice(RATES[language]))
    lines = _items(rnd, language, rate)
    currency = {"en": "GBP"}.get(language, "EUR")
    # one seller, one letter template: its layout, options, invoice package and date style
    house = {"refline": own.choice(["wide", "narrow"]), "fromalign": own.choice(["left", "center", "right", "locationright"]),
             "fromrule": own.choice(["false", "aftername", "afteraddress"]), "foldmarks": own.choice(["true", "false"]),
             "backaddress": own.choice(["plain", "underlined", "false"]),
             "numericaldate": own.choice(["true", "false", "false"]), "firstfoot": own.random() < 0.7,
             "lco": own.choice(LAYOUTS[language]), "invoice2": language in ("de", "en") and own.random() < 0.5,
             "numeric_due": own.random() < 0.5, "seller_id": own.choice(["foot", "block"])}
    if house["invoice2"]:
        table, net, tax, gross = _invoice2_table(language, lines, currency)
    else:
        table, net, tax, gross = _invoice_table(language, lines, currency, rate, rnd.choice(PROJECTS[language]))

    options = [BABEL[language], *(f"{key}={house[key]}" for key in
                                  ("refline", "fromalign", "fromrule", "foldmarks", "backaddress", "numericaldate")),
               "fromphone=true", "fromemail=true", f"firstfoot={'true' if house['firstfoot'] else 'false'}"]
    lco = house["lco"]
    foot = house["firstfoot"]
    babel = "\\usepackage[provide=*,dutch]{babel}" if language == "nl" else "\\usepackage{babel}"
    doc = [f"\\documentclass[{','.join(o for o in options if o != BABEL[language] or language != 'nl')}]{{scrlttr2}}",
           f"\\LoadLetterOption{{{lco}}}",
           "\\usepackage{cmap}", "\\usepackage[T1]{fontenc}", "\\usepackage{lmodern}", "\\usepackage[utf8]{inputenc}", babel,
           "\\usepackage{booktabs,longtable}",
           "\\usepackage{invoice2}" if house["invoice2"] else "\\usepackage{invoice}",
           f"\\year={issued.year} \\month={issued.month} \\day={issued.day}",  # babel's \today is the letter's date
           f"\\setkomavar{{fromname}}{{{tex_escape(name)}}}", f"\\setkomavar{{fromaddress}}{{{street}\\\\{city}}}",
           f"\\setkomavar{{fromphone}}{{0{rnd.randint(100, 999)}\\,{rnd.randint(100000, 999999)}}}",
           f"\\setkomavar{{fromemail}}{{info@{_ascii(name.split()[0])}.example}}",
           f"\\setkomavar{{invoice}}{{{invoice_number}}}"]
    if rnd.random() < 0.7:
        doc.append(f"\\setkomavar{{customer}}{{{rnd.randint(10000, 99999)}}}")
    if rnd.random() < 0.3:
        doc.append(f"\\setkomavar{{yourref}}{{{rnd.choice(['PO', 'B'])}-{rnd.randint(1000, 9999)}}}")
    if rnd.random() < 0.3:
        doc.append(f"\\setkomavar{{myref}}{{{owner.split()[-1][:2].upper()}/{rnd.randint(10, 99)}}}")
    title = _word(language, "title")
    doc.append(f"\\setkomavar{{subject}}{{{title}{' ' + invoice_number if rnd.random() < 0.6 else ''}}}")
    spaced_iban = _spaced(iban)
    doc.append(f"\\setkomavar{{frombank}}{{IBAN {spaced_iban}\\\\{bank}\\\\BIC {bic}}}")
    vat_label = _word(language, "tax_id")
    seller_id_where = house["seller_id"] if foot else "block"
    if foot:
        columns = []
        if language in FOOT:
            director, court = FOOT[language]
            columns.append(f"\\begin{{tabular}}[t]{{l@{{}}}}\\multicolumn{{1}}{{@{{}}l@{{}}}}{{{director}}}\\\\{owner}"
                           f"\\\\[1ex]\\multicolumn{{1}}{{@{{}}l@{{}}}}{{{court}}}\\\\{_town(city, language)}\\end{{tabular}}")
        if seller_id_where == "foot":
            columns.append(f"\\begin{{tabular}}[t]{{l@{{}}}}{tex_escape(name)}\\\\{vat_label}: {vat_id}\\end{{tabular}}")
        columns.append("\\begin{tabular}[t]{l@{}}\\multicolumn{1}{@{}l@{}}{\\usekomavar*{frombank}:}\\\\"
                       "\\usekomavar{frombank}\\end{tabular}")
        doc.append("\\setkomavar{firstfoot}{\\parbox[t]{\\textwidth}{\\footnotesize " + "\\hfill".join(columns) + "}}")
    # the payment block in isodoc's form (\paymentdata): 'Zahlungsdaten:' over label: value rows
    days = rnd.choice([14, 30])
    due = issued + timedelta(days=days)
    term_label = _word(language, "payment_terms")
    if language == "fr":
        term_label = term_label.lower()  # isodoc prints its French 'terme' so
    dated_due = rnd.random() < 0.5
    if language == "en" and dated_due and rnd.random() < 0.5:
        term_label = _word("en", "due_date")  # simpleinvoice's 'Deadline' over a date
    term = _date(due, language, house["numeric_due"]) if dated_due else f"{days} {ISODOC[language][0]}"
    rows = [(term_label, term), (ISODOC[language][1], bank), ("BIC", bic), ("IBAN", spaced_iban)]
    if seller_id_where == "block":
        rows.append((vat_label, vat_id))
    block = ([] if foot and seller_id_where == "foot" and rnd.random() < 0.3 else
             ["\\textbf{" + _word(language, "payment_methods") + ":}\\\\",
              "\\begin{tabular}{@{}rl@{}}", *[f"{label}: & {value}\\\\" for label, value in rows], "\\end{tabular}"])
    if not block and seller_id_where == "block":
        block = [f"{vat_label}: {vat_id}"]
    # no salutation and no closing words: neither KOMA-Script nor a cited source gives them for an
    # invoice (\opening prints the address, reference line and subject; \closing the signature)
    doc += ["\\begin{document}", f"\\begin{{letter}}{{{tex_escape(buyer[0])}\\\\{buyer[1]}\\\\{buyer[2]}}}",
            "\\opening{}", table, "", *block, "\\closing{}", "\\end{letter}",
            "\\end{document}"]
    truth = {"invoice_number": invoice_number, "issue_date": issued.isoformat(), "currency": currency,
             "subtotal": str(net.quantize(CENT, ROUND_HALF_UP)), "tax_amount": str(tax.quantize(CENT, ROUND_HALF_UP)),
             "total": str(gross.quantize(CENT, ROUND_HALF_UP)), "iban": iban, "seller_tax_id": vat_id}
    if block and rows[0][0] == term_label:
        truth["due_date"] = due.isoformat()
    # siunitx (invoice2) prints the language's decimal mark, fp (invoice.sty) a point everywhere
    mark = "." if language == "en" or not house["invoice2"] else ","
    figures = [_figure(v, mark) for v in (net, tax, gross)]
    return "\n".join(doc) + "\n", truth, figures


def _typeset(tex: str, work: Path, stem: str) -> Path:
    (work / f"{stem}.tex").write_text(tex, encoding="utf-8")
    for _ in range(2):  # longtable and the letter's last page settle on the second run
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{stem}.tex"], cwd=work,
                              capture_output=True, text=True, errors="replace", timeout=300)
        if proc.returncode:
            raise RuntimeError(f"pdflatex failed on {stem}: {proc.stdout[-2000:]}")
    return work / f"{stem}.pdf"


def _prints(pdf: Path, figures: list[str]) -> bool:
    """Does the typeset page print each figure (spaces aside), with a point or a comma?  fp's
    figures take babel's math decimal mark: Spanish babel sets the point as a comma."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join("".join((page.extract_text() or "").split()) for page in doc.pages)
    return all(figure in text or figure.replace(".", ",") in text for figure in figures)


def missing() -> str:
    """Why the letters cannot be typeset here ("" when they can)."""
    return tex_missing(TEX_FILES, TEX_PACKAGES)


def generate(out: Path, count: int = 30, seed: int = 2035) -> list[tuple[Path, dict]]:
    """Write ``count`` letters into ``out``; their (path, truth) pairs."""
    if missing():
        raise RuntimeError(missing())
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    letters = [_one(rnd, i + 1) for i in range(count)]
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        work = Path(tmp)
        pdfs = list(pool.map(lambda i: _typeset(letters[i][0], work, f"texletter-{i:03d}"), range(count)))
        made = []
        for pdf, (_, truth, figures) in zip(pdfs, letters):
            if not _prints(pdf, figures):
                raise RuntimeError(f"{pdf.name}: the page does not print {figures}")
            target = out / pdf.name
            shutil.copyfile(pdf, target)
            made.append((target, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2035))

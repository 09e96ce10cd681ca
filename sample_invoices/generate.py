"""Generate the bundled sample invoices, their manifest, and bulk invoices for benchmarks.

    python sample_invoices/generate.py                    # writes sample_invoices/*.pdf + manifest.json
    python sample_invoices/generate.py --out DIR          # elsewhere
    python sample_invoices/generate.py --count-bulk 200 --bulk-out DIR   # one-page invoices for benchmarks

Deterministic: fixed seed, fixed dates, reportlab's invariant mode (no timestamps), so the
output is byte-identical across runs.  DejaVu Sans is embedded so č ć đ š ž ñ € and Cyrillic
print.  Every identifier is made valid (checked with python-stdnum) unless an invalid one is a
planted defect.  The manifest lists each file's true field values, normalized as
`invoice-lint extract --format json` prints them, and the contract rules the default packs
(core + style) must report for it.  The printed labels (field labels, headings, method words, the
thank-you line, ...) are drawn per invoice from label_variants.yaml -- wording sourced from other
invoicing software, not from the reader's lexicon -- with a generator-seeded RNG; every other value
is independent of that choice.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")
LOCALES = {"en": "en_GB", "en-US": "en_US", "es": "es", "sr": "sr_Latn", "sr-Cyrl": "sr_Cyrl", "de": "de", "fr": "fr"}


# --- fonts -----------------------------------------------------------------------------------

def _font_paths() -> tuple[Path, Path]:
    debian = Path("/usr/share/fonts/truetype/dejavu")
    if (debian / "DejaVuSans.ttf").exists() and (debian / "DejaVuSans-Bold.ttf").exists():
        return debian / "DejaVuSans.ttf", debian / "DejaVuSans-Bold.ttf"
    import matplotlib

    mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return mpl / "DejaVuSans.ttf", mpl / "DejaVuSans-Bold.ttf"


def register_fonts() -> None:
    regular, bold = _font_paths()
    pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))


# --- identifiers (valid by construction, verified with python-stdnum) -------------------------

def _complete(prefix: str, validate, digits: int = 1, alphabet: str = "0123456789") -> str:
    """Append the check character(s) that make `validate` accept the number."""
    import itertools

    for tail in itertools.product(alphabet, repeat=digits):
        candidate = prefix + "".join(tail)
        try:
            if validate(candidate):
                return candidate
        except Exception:
            continue
    raise ValueError(f"no check digits complete {prefix}")


def iban(country: str, bban: str) -> str:
    import stdnum.iban

    def ok(candidate):
        return stdnum.iban.is_valid(candidate)

    for check in range(2, 99):
        candidate = f"{country}{check:02d}{bban}"
        if ok(candidate):
            return candidate
    raise ValueError(bban)


def spaced(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def vat(country: str, body: str) -> str:
    import stdnum.eu.vat

    return _complete(country + body, stdnum.eu.vat.is_valid)


def gb_vat(body: str) -> str:
    import stdnum.gb.vat

    return _complete("GB" + body, stdnum.gb.vat.is_valid, digits=2)


def rs_pib(body: str) -> str:
    import stdnum.rs.pib

    return _complete(body, stdnum.rs.pib.is_valid)


def rs_account(bank: str, account: str) -> str:
    number = int(bank + account.zfill(13))
    control = 98 - (number * 100) % 97
    return f"{bank}-{account.zfill(13)}-{control:02d}"


# --- formatting --------------------------------------------------------------------------------

def _locale(language: str) -> str:
    return LOCALES.get(language) or data_languages()[language]["locale"]


def money(value: Decimal, language: str) -> str:
    return format_decimal(value, format="#,##0.00;-#,##0.00", locale=_locale(language))


def qty(value: Decimal, language: str) -> str:
    text = format(value.normalize(), "f")
    comma = data_languages()[language]["decimal_comma"] if language in data_languages() else \
        language not in ("en", "en-US")
    return text.replace(".", ",") if comma else text


def numeric_date(d: date, language: str, style: str | None = None) -> str:
    style = style or {"en": "%d/%m/%Y", "en-US": "%m/%d/%Y", "es": "%d/%m/%Y", "sr": "%d.%m.%Y.",
                      "sr-Cyrl": "%d.%m.%Y.", "de": "%d.%m.%Y", "fr": "%d/%m/%Y"}.get(language) or \
        data_languages()[language]["numeric_date"]
    return d.strftime(style)


def long_date(d: date, language: str) -> str:
    return format_date(d, format="long", locale=_locale(language))


def norm_money(value: Decimal) -> str:
    return format(value.quantize(CENT), "f")


def norm_number(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- words printed per language ------------------------------------------------------------------
#
# Labels (title, field labels, column headers, totals, payment headings and method words, the
# thank-you and pay-online lines, the "{n} days" terms phrase) are NOT written here: each invoice
# draws them from label_variants.yaml, whose wording comes from other invoicing software and
# published templates -- never from the reader's lexicon -- so the samples test the reader instead
# of echoing it.  PROSE holds what is not a label: letter sentences, the QR caption, page numbers,
# the planted vague terms, the exemption note (a manifest value) and the Serbian city (a value).

LABEL_VARIANTS = HERE / "label_variants.yaml"
LABEL_SEED = 20261124  # the generator's seed; each invoice's labels come from Random(f"{seed}:{file}")

PROSE = {
    "en": {
        "qr": "Scan the QR code to pay", "page": "Page {} of {}", "vague": "Payment due soon",
        "exempt": "Reverse charge: VAT to be accounted for by the customer.",
        "letter": ("Dear {buyer},", "Please find below our invoice {number} dated {issue} for the services listed.",
                   "Please pay {total} {currency} no later than {due} to IBAN {iban}."),
    },
    "es": {
        "qr": "Escanee el código QR para pagar", "page": "Página {} de {}", "vague": "Pago a la mayor brevedad",
        "exempt": "Inversión del sujeto pasivo (art. 84 Ley 37/1992).",
        "letter": ("Estimado cliente {buyer}:", "Le remitimos la factura {number} de fecha {issue} por los servicios indicados.",
                   "Le rogamos abone {total} {currency} antes del {due} en la cuenta IBAN {iban}."),
    },
    "sr": {
        "qr": "IPS QR kod – skenirajte za plaćanje", "page": "Strana {} od {}", "vague": "Platiti što pre",
        "exempt": "Promet oslobođen PDV-a po članu 24. Zakona o PDV.", "city": "Beograd",
        "letter": ("Poštovani {buyer},", "dostavljamo Vam račun {number} od {issue} za navedene usluge.",
                   "Molimo Vas da iznos od {total} {currency} uplatite do {due} na tekući račun {account}."),
    },
    "sr-Cyrl": {
        "qr": "IPS QR код – скенирајте за плаћање", "page": "Страна {} од {}", "vague": "Платити што пре",
        "exempt": "Промет ослобођен ПДВ-а по члану 24. Закона о ПДВ.", "city": "Нови Сад",
        "letter": ("Поштовани {buyer},", "достављамо Вам рачун {number} од {issue} за наведене услуге.",
                   "Молимо Вас да износ од {total} {currency} уплатите до {due} на текући рачун {account}."),
    },
    "de": {
        "qr": "QR-Code scannen und bezahlen", "page": "Seite {} von {}", "vague": "Zahlung baldmöglichst",
        "exempt": "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).",
        "letter": ("Sehr geehrte Damen und Herren der {buyer},", "anbei erhalten Sie unsere Rechnung {number} vom {issue} für die aufgeführten Leistungen.",
                   "Bitte überweisen Sie {total} {currency} bis zum {due} auf das Konto IBAN {iban}."),
    },
    "fr": {
        "qr": "Scannez le code QR pour payer", "page": "Page {} sur {}", "vague": "Paiement dès que possible",
        "exempt": "Autoliquidation – article 283-2 du CGI.",
        "letter": ("Madame, Monsieur ({buyer}),", "veuillez trouver ci-dessous notre facture {number} du {issue} pour les prestations réalisées.",
                   "Merci de régler {total} {currency} avant le {due} par virement sur l'IBAN {iban}."),
    },
}
PROSE["en-US"] = PROSE["en"]

# The house wording the bundled samples have printed since the first release: one fixed label
# per concept.  It overlaps the reader's lexicon, so on its own it cannot show what the reader
# misses; ``--wording variants`` draws every label from label_variants.yaml instead (wording from
# other invoicing software) and is what benchmarks/field_accuracy.py measures the reader on.
HOUSE_WORDS = {
    "en": {
        "title": "INVOICE", "number": ["Invoice No.", "Invoice #", "Invoice number"], "issue": "Invoice date",
        "supply": "Date of supply", "due": "Due date", "terms": "Payment terms", "seller": "From",
        "buyer": "Bill to", "taxid": "VAT No.", "desc": "Description", "qty": "Qty", "price": "Unit price",
        "amount": "Amount", "subtotal": "Subtotal", "tax": "VAT", "total": "Total", "due_amount": "Amount due",
        "prepaid": "Deposit paid", "methods": "Payment methods", "iban": "IBAN", "link": "Pay online",
        "qr": "Scan the QR code to pay", "thanks": "Thank you for your business!", "page": "Page {} of {}",
        "net": "Net {}", "vague": "Payment due soon", "exempt": "Reverse charge: VAT to be accounted for by the customer.",
        "methods_words": {"bank_transfer": "Bank transfer", "card": "Credit card", "paypal": "PayPal",
                          "direct_debit": "Direct debit", "cheque": "Cheque"},
        "letter": ("Dear {buyer},", "Please find below our invoice {number} dated {issue} for the services listed.",
                   "Please pay {total} {currency} no later than {due} to IBAN {iban}."),
        "notes": "Notes",
    },
    "es": {
        "title": "FACTURA", "number": ["Nº de factura", "Número de factura", "Factura nº"], "issue": "Fecha de expedición",
        "supply": "Fecha de operación", "due": "Fecha de vencimiento", "terms": "Condiciones de pago", "seller": "Emisor",
        "buyer": "Cliente", "taxid": "NIF", "desc": "Concepto", "qty": "Cantidad", "price": "Precio unitario",
        "amount": "Importe", "subtotal": "Base imponible", "tax": "IVA", "total": "Total", "due_amount": "Total a pagar",
        "prepaid": "Anticipo", "methods": "Formas de pago", "iban": "IBAN", "link": "Pague en línea",
        "qr": "Escanee el código QR para pagar", "thanks": "Gracias por su confianza.", "page": "Página {} de {}",
        "net": "{} días", "vague": "Pago a la mayor brevedad", "exempt": "Inversión del sujeto pasivo (art. 84 Ley 37/1992).",
        "methods_words": {"bank_transfer": "Transferencia bancaria", "card": "Tarjeta", "bizum": "Bizum",
                          "direct_debit": "Domiciliación bancaria", "cash": "Efectivo"},
        "letter": ("Estimado cliente {buyer}:", "Le remitimos la factura {number} de fecha {issue} por los servicios indicados.",
                   "Le rogamos abone {total} {currency} antes del {due} en la cuenta IBAN {iban}."),
        "notes": "Observaciones",
    },
    "sr": {
        "title": "RAČUN", "number": ["Broj računa", "Račun broj", "Faktura br."], "issue": "Datum izdavanja",
        "supply": "Datum prometa", "due": "Rok plaćanja", "terms": "Uslovi plaćanja", "seller": "Prodavac",
        "buyer": "Kupac", "taxid": "PIB", "desc": "Opis", "qty": "Količina", "price": "Jedinična cena",
        "amount": "Iznos", "subtotal": "Osnovica", "tax": "PDV", "total": "Ukupno", "due_amount": "Za uplatu",
        "prepaid": "Avans", "methods": "Način plaćanja", "iban": "IBAN", "link": "Platite onlajn",
        "qr": "IPS QR kod – skenirajte za plaćanje", "thanks": "Hvala na saradnji!", "page": "Strana {} od {}",
        "net": "{} dana", "vague": "Platiti što pre", "exempt": "Promet oslobođen PDV-a po članu 24. Zakona o PDV.",
        "methods_words": {"bank_transfer": "Uplata na tekući račun", "card": "Platnom karticom", "cash": "Gotovina",
                          "ips_qr": "IPS QR"},
        "account": "Tekući račun", "place": "Mesto izdavanja", "city": "Beograd",
        "letter": ("Poštovani {buyer},", "dostavljamo Vam račun {number} od {issue} za navedene usluge.",
                   "Molimo Vas da iznos od {total} {currency} uplatite do {due} na tekući račun {account}."),
        "notes": "Napomena",
    },
    "sr-Cyrl": {
        "title": "РАЧУН", "number": ["Број рачуна", "Рачун број"], "issue": "Датум издавања",
        "supply": "Датум промета", "due": "Рок плаћања", "terms": "Услови плаћања", "seller": "Продавац",
        "buyer": "Купац", "taxid": "ПИБ", "desc": "Опис", "qty": "Количина", "price": "Јединична цена",
        "amount": "Износ", "subtotal": "Основица", "tax": "ПДВ", "total": "Укупно", "due_amount": "Укупно за плаћање",
        "prepaid": "Аванс", "methods": "Начин плаћања", "iban": "IBAN", "link": "Платите онлајн",
        "qr": "IPS QR код – скенирајте за плаћање", "thanks": "Хвала на сарадњи!", "page": "Страна {} од {}",
        "net": "{} дана", "vague": "Платити што пре", "exempt": "Промет ослобођен ПДВ-а по члану 24. Закона о ПДВ.",
        "methods_words": {"bank_transfer": "Уплата на текући рачун", "card": "Платном картицом", "cash": "Готовина",
                          "ips_qr": "IPS QR"},
        "account": "Текући рачун", "place": "Место издавања", "city": "Нови Сад",
        "letter": ("Поштовани {buyer},", "достављамо Вам рачун {number} од {issue} за наведене услуге.",
                   "Молимо Вас да износ од {total} {currency} уплатите до {due} на текући рачун {account}."),
        "notes": "Напомена",
    },
    "de": {
        "title": "RECHNUNG", "number": ["Rechnungsnummer", "Rechnungs-Nr."], "issue": "Rechnungsdatum",
        "supply": "Leistungsdatum", "due": "Fällig am", "terms": "Zahlungsbedingungen", "seller": "Rechnungssteller",
        "buyer": "Rechnungsempfänger", "taxid": "USt-IdNr.", "desc": "Beschreibung", "qty": "Menge",
        "price": "Einzelpreis", "amount": "Betrag", "subtotal": "Nettobetrag", "tax": "MwSt.", "total": "Gesamtbetrag",
        "due_amount": "Zu zahlen", "prepaid": "Anzahlung", "methods": "Zahlungsarten", "iban": "IBAN",
        "link": "Online bezahlen", "qr": "QR-Code scannen und bezahlen", "thanks": "Vielen Dank für Ihren Auftrag!",
        "page": "Seite {} von {}", "net": "Zahlbar innerhalb von {} Tagen", "vague": "Zahlung baldmöglichst",
        "exempt": "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).",
        "methods_words": {"bank_transfer": "Überweisung", "direct_debit": "SEPA-Lastschrift", "card": "Kreditkarte",
                          "paypal": "PayPal"},
        "letter": ("Sehr geehrte Damen und Herren der {buyer},", "anbei erhalten Sie unsere Rechnung {number} vom {issue} für die aufgeführten Leistungen.",
                   "Bitte überweisen Sie {total} {currency} bis zum {due} auf das Konto IBAN {iban}."),
        "notes": "Hinweise",
    },
    "fr": {
        "title": "FACTURE", "number": ["N° de facture", "Facture n°"], "issue": "Date de facture",
        "supply": "Date de livraison", "due": "Date d'échéance", "terms": "Conditions de paiement", "seller": "Vendeur",
        "buyer": "Client", "taxid": "N° TVA", "desc": "Désignation", "qty": "Quantité", "price": "Prix unitaire",
        "amount": "Montant HT", "subtotal": "Total HT", "tax": "TVA", "total": "Total TTC", "due_amount": "Net à payer",
        "prepaid": "Acompte", "methods": "Modes de règlement", "iban": "IBAN", "link": "Payer en ligne",
        "qr": "Scannez le code QR pour payer", "thanks": "Merci de votre confiance.", "page": "Page {} sur {}",
        "net": "à {} jours", "vague": "Paiement dès que possible", "exempt": "Autoliquidation – article 283-2 du CGI.",
        "methods_words": {"bank_transfer": "Virement", "card": "Carte bancaire", "cheque": "Chèque",
                          "direct_debit": "Prélèvement SEPA"},
        "letter": ("Madame, Monsieur ({buyer}),", "veuillez trouver ci-dessous notre facture {number} du {issue} pour les prestations réalisées.",
                   "Merci de régler {total} {currency} avant le {due} par virement sur l'IBAN {iban}."),
        "notes": "Remarques",
    },
}
HOUSE_WORDS["en-US"] = HOUSE_WORDS["en"]
WORDINGS = ("house", "variants")

_VARIANTS: dict | None = None


def label_variants() -> dict:
    """language -> concept -> [texts] (methods_words: method -> [texts]) from label_variants.yaml."""
    global _VARIANTS
    if _VARIANTS is None:
        import yaml

        data = yaml.safe_load(LABEL_VARIANTS.read_text(encoding="utf-8"))
        _VARIANTS = {
            lang: {concept: ({m: [v["text"] for v in vs] for m, vs in items.items()} if isinstance(items, dict)
                             else [v["text"] for v in items])
                   for concept, items in concepts.items()}
            for lang, concepts in data["languages"].items()}
    return _VARIANTS


# --- languages added as data ----------------------------------------------------------------------------
#
# A language whose samples are drawn from sample_invoices/languages/<lang>.yaml alone: its locale,
# date style, labels (house and variants, with their sources), prose, items, rates, parties and the
# invoices to draw.  The bundled set stays the languages above; ``--languages pt`` draws a data
# language's invoices (see sample_invoices/languages/pt.yaml).

LANGUAGE_DATA = HERE / "languages"
_DATA_KEYS = {"schema", "language", "locale", "numeric_date", "decimal_comma", "qr_method", "jurisdiction_pack",
              "sources", "house", "variants", "prose", "low_readability", "items", "rates", "sellers", "buyers",
              "invoices"}
_DATA: dict | None = None


def data_languages() -> dict[str, dict]:
    """language -> the data of sample_invoices/languages/<lang>.yaml (an unknown key stops the run)."""
    global _DATA
    if _DATA is None:
        import yaml

        _DATA = {}
        for path in sorted(LANGUAGE_DATA.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            unknown = sorted(set(data) - _DATA_KEYS)
            if unknown:
                raise SystemExit(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_DATA_KEYS))})")
            needed = set(HOUSE_WORDS["en"])  # every word an invoice may print, in both wordings
            for wording, have in (("house", {*data.get("house", {}), *data.get("prose", {})}),
                                  ("variants", {*data.get("variants", {}), *data.get("prose", {})})):
                if needed - have:
                    raise SystemExit(f"{path}: {wording} wording has no {sorted(needed - have)[0]!r} "
                                     f"(needed: {', '.join(sorted(needed))})")
            _DATA[data["language"]] = data
    return _DATA


def _data_words(language: str, wording: str) -> tuple[dict, dict]:
    """(fixed words, variants {concept: [texts]}) of a data language."""
    data = data_languages()[language]
    prose = dict(data["prose"])
    prose["letter"] = tuple(prose["letter"])
    variants = {concept: ({m: [v["text"] for v in vs] for m, vs in items.items()} if isinstance(items, dict)
                          else [v["text"] for v in items])
                for concept, items in data["variants"].items()}
    return ({**data["house"], **prose} if wording == "house" else prose), variants


def pick_words(spec: Spec, wording: str = "house") -> dict:
    """The words one invoice prints: its prose, and one variant per label concept.

    The choice is seeded by the file name alone, so it is deterministic, independent of every other
    value the generator draws (items, amounts), and the same in both passes of a multi-page draw.
    An invoice with the planted inconsistent_label defect also gets a second, different
    invoice-number label."""
    if spec.language in data_languages():
        fixed, variants = _data_words(spec.language, wording)
    else:
        fixed, variants = HOUSE_WORDS.get(spec.language), None
    if wording == "house":
        w = dict(fixed)
        numbers = w["number"]
        w["number"], w["number_other"] = numbers[0], numbers[1 % len(numbers)]
        return w
    rng = random.Random(f"{LABEL_SEED}:{spec.file}")
    lang = "en" if spec.language == "en-US" else spec.language
    if variants is None:
        fixed, variants = PROSE[spec.language], label_variants()[lang]
    w = dict(fixed)
    for concept, options in variants.items():
        if isinstance(options, dict):
            w[concept] = {m: rng.choice(texts) for m, texts in options.items()}
        else:
            w[concept] = rng.choice(options)
    numbers = variants["number"]
    w["number_other"] = rng.choice([n for n in numbers if n != w["number"]])
    return w


LOW_READABILITY = {
    "en": ("Notwithstanding any provisions hereinabove or hereinafter articulated, remuneration obligations "
           "contemplated under this documentation shall, subsequent to the acknowledgement of satisfactory "
           "performance characteristics and the reconciliation of supplementary administrative considerations, "
           "become enforceable in accordance with contractually stipulated procedural requirements, "
           "notwithstanding intermediate communications, correspondence or representations potentially "
           "indicating alternative interpretations of corresponding responsibilities."),
    "es": ("Sin perjuicio de las estipulaciones anteriormente consignadas, las obligaciones remuneratorias "
           "correspondientes a la documentación contractual resultarán exigibles, con posterioridad a la "
           "verificación administrativa complementaria y a la conciliación contable pormenorizada de las "
           "correspondientes responsabilidades, de conformidad con los procedimientos reglamentariamente "
           "establecidos, independientemente de comunicaciones intermedias o interpretaciones alternativas "
           "eventualmente manifestadas por cualesquiera intervinientes."),
    "de": ("Ungeachtet vorstehender beziehungsweise nachstehender Vertragsbestimmungen werden "
           "Vergütungsverpflichtungen entsprechend ordnungsgemäßer Leistungserbringungsbestätigung sowie "
           "nachfolgender Verwaltungsabstimmungsverfahren gemäß vertraglich vereinbarter "
           "Zahlungsabwicklungsmodalitäten fällig, unbeschadet zwischenzeitlicher Korrespondenzinterpretationen "
           "hinsichtlich etwaiger Verantwortlichkeitsabgrenzungsfragen sämtlicher Vertragsbeteiligter."),
}


# --- the invoice spec ------------------------------------------------------------------------------

@dataclass
class Party:
    name: str
    address: list[str]
    tax_id: str | None = None
    tax_id_printed: str | None = None
    iban: str | None = None
    account: str | None = None


@dataclass
class Item:
    description: str
    quantity: Decimal
    unit_price: Decimal
    rate: Decimal
    amount: Decimal | None = None  # printed amount (may be wrong on purpose)


@dataclass
class Spec:
    file: str
    language: str
    layout: str
    seller: Party
    buyer: Party
    number: str | None
    issue: date
    currency: str
    items: list[Item]
    due: date | None = None
    terms_days: int | None = None
    supply: date | None = None
    methods: list[str] = field(default_factory=list)
    link: str | None = None
    qr: bool = False
    thanks: bool = True
    date_style: str | None = None  # strftime for numeric dates, or "long"
    exempt: bool = False
    prepaid: Decimal | None = None
    vague: bool = False
    low_readability: bool = False
    inconsistent_label: bool = False
    print_total: bool = True
    print_tax: bool = True
    print_seller_tax_id: bool = True
    bad_iban: bool = False
    sum_error: Decimal = Decimal("0")  # added to the printed subtotal
    total_error: Decimal = Decimal("0")  # added to the printed total
    tax_error: Decimal = Decimal("0")  # added to the printed tax
    line_error: bool = False  # the second line's printed amount is off by 50.00
    letter_due: bool = False  # letter layout: the due date is given inside a sentence
    siret: bool = False  # French sellers print a SIRET instead of a VAT number
    footnote: str = ""  # one more line at the end (a planted style defect)
    defects: list[str] = field(default_factory=list)
    other_defects: list[str] = field(default_factory=list)  # planted defects of non-contract rules
    notes: str = ""


def seller_pool() -> dict[str, Party]:
    return {
        "brightdesk": Party("BrightDesk Studio Ltd", ["14 Canal Street", "Manchester M1 3HE", "United Kingdom"],
                            tax_id=gb_vat("1234567"), iban=iban("GB", "NWBK60161331926819")),
        "northwind": Party("Northwind Consulting LLC", ["200 Market Street", "San Francisco, CA 94105", "USA"],
                           tax_id=None),
        "solaris": Party("Solaris Energía S.L.", ["Calle de Alcalá 120", "28009 Madrid", "España"],
                         tax_id=vat("ES", "B8634521"), iban=iban("ES", "21000418450200051332")),
        "olivo": Party("Panadería El Olivo S.L.", ["Avenida del Puerto 8", "46021 Valencia", "España"],
                       tax_id=vat("ES", "B9712345"), iban=iban("ES", "01821234" + "86" + "1234567890")),
        "dunav": Party("Dunav Soft d.o.o.", ["Bulevar kralja Aleksandra 73", "11000 Beograd", "Srbija"],
                       tax_id=rs_pib("10123456"), account=rs_account("160", "12345"),
                       iban=iban("RS", "160000000001234567")),
        "zora": Party("Зора Дизајн д.о.о.", ["Булевар ослобођења 30", "21000 Нови Сад", "Србија"],
                      tax_id=rs_pib("10876543"), account=rs_account("205", "987654")),
        "kessler": Party("Kessler Maschinenbau GmbH", ["Industriestraße 12", "70565 Stuttgart", "Deutschland"],
                         tax_id=vat("DE", "81234567"), iban=iban("DE", "370400440532013000")),
        "atelier": Party("Atelier Lumière SARL", ["12 rue des Lilas", "69003 Lyon", "France"],
                         tax_id=None, iban=iban("FR", "30006000011234567890189")),
    }


def buyer_pool() -> list[Party]:
    return [
        Party("Harbour Foods plc", ["3 Dock Road", "Liverpool L3 4AA"], tax_id=gb_vat("9876543")),
        Party("Clínica Dental Sonrisa S.L.", ["Calle Mayor 5", "28013 Madrid"], tax_id=vat("ES", "B1234567")),
        Party("Marković i sinovi d.o.o.", ["Knez Mihailova 10", "11000 Beograd"], tax_id=rs_pib("10555444")),
        Party("Јовановић Транс д.о.о.", ["Цара Душана 5", "21000 Нови Сад"], tax_id=rs_pib("10222333")),
        Party("Müller & Söhne KG", ["Hauptstraße 5", "80331 München"], tax_id=vat("DE", "13579246")),
        Party("Boulangerie Ducœur", ["8 place Bellecour", "69002 Lyon"], tax_id=None),
        Party("Acme Robotics Inc.", ["500 Pine Street", "Seattle, WA 98101"], tax_id=None),
    ]


ITEMS = {
    "en": ["Website design", "Hosting (12 months)", "Consulting hours", "Logo redesign", "SEO audit",
           "Copywriting", "Maintenance plan", "Training session"],
    "es": ["Diseño de página web", "Mantenimiento mensual", "Horas de consultoría", "Instalación de paneles",
           "Revisión técnica", "Pan artesanal (caja)", "Formación del personal"],
    "sr": ["Razvoj softvera", "Održavanje sistema", "Konsultantske usluge", "Obuka korisnika", "Licenca (godišnja)",
           "Izrada dokumentacije"],
    "sr-Cyrl": ["Графички дизајн", "Израда логотипа", "Штампа каталога", "Консултантске услуге", "Превоз робе"],
    "de": ["Wartung Hydraulikpresse", "Ersatzteil Dichtungssatz", "Montage vor Ort", "Fahrtkosten", "Schulung",
           "Softwarelizenz"],
    "fr": ["Création graphique", "Séance photo", "Retouche d'images", "Impression affiches", "Conseil éditorial",
           "Frais de déplacement"],
}
RATES = {"en": ["20"], "en-US": ["0"], "es": ["21"], "sr": ["20", "10"], "sr-Cyrl": ["20"], "de": ["19", "7"],
         "fr": ["20", "10", "5.5"]}


# --- planning the set -------------------------------------------------------------------------------

def plan() -> list[Spec]:
    rnd = random.Random(20261124)
    sellers = seller_pool()
    buyers = buyer_pool()
    specs: list[Spec] = []

    def items_for(language, n, rate_choices):
        names = ITEMS["sr" if language == "sr" else language if language in ITEMS else "en"]
        out = []
        for i in range(n):
            name = names[i % len(names)] + (f" ({i // len(names) + 1})" if i >= len(names) else "")
            q = Decimal(rnd.choice(["1", "2", "3", "4", "5", "10", "1.5", "12"]))
            p = Decimal(rnd.randrange(1500, 250000)) / 100
            out.append(Item(name, q, p, Decimal(rnd.choice(rate_choices))))
        return out

    def add(file, language, layout, seller, buyer, **kw):
        n_items = kw.pop("n_items", 3)
        rates = kw.pop("rates", RATES[language][:1])
        issue = kw.pop("issue", date(2026, 10, 1) + timedelta(days=len(specs)))
        if kw.get("supply"):
            kw["supply"] = issue - timedelta(days=3 + len(specs) % 9)  # delivered before invoicing
        spec = Spec(file=file, language=language, layout=layout, seller=seller, buyer=buyer,
                    number=kw.pop("number", None), issue=issue, currency=kw.pop("currency", "EUR"),
                    items=items_for(language, n_items, rates), **kw)
        if spec.number is None:
            spec.number = f"{seller.name[:3].upper()}-2026-{len(specs) + 101:04d}"
        specs.append(spec)
        return spec

    S, B = sellers, buyers
    # English (8): UK and US sellers
    add("en-01-bordered-clean.pdf", "en", "bordered", S["brightdesk"], B[0], currency="GBP", due=date(2026, 10, 31),
        methods=["bank_transfer", "card"], link="https://pay.brightdesk.example/inv/101")
    add("en-02-plain-terms.pdf", "en", "plain", S["brightdesk"], B[0], currency="GBP", terms_days=30,
        methods=["bank_transfer"], qr=True)
    add("en-03-two-column-missing-due.pdf", "en", "two-column", S["brightdesk"], B[6], currency="GBP",
        methods=["bank_transfer", "paypal"], link="https://pay.brightdesk.example/inv/103", defects=["missing-due-date"])
    add("en-04-letter-clean.pdf", "en", "letter", S["brightdesk"], B[0], currency="GBP", due=None, terms_days=None,
        methods=["bank_transfer"], link="https://pay.brightdesk.example/inv/104", letter_due=True)
    add("en-05-bordered-arithmetic.pdf", "en-US", "bordered", S["northwind"], B[6], currency="USD",
        due=None, terms_days=15, methods=["card", "cheque"], link="https://checkout.northwind.example/pay/105",
        rates=["0"], sum_error=Decimal("10.00"), defects=["line-sum-mismatch"], print_seller_tax_id=False)
    add("en-06-plain-vague-no-thanks.pdf", "en-US", "plain", S["northwind"], B[6], currency="USD", vague=True,
        methods=["card"], link="https://checkout.northwind.example/pay/106", thanks=False, rates=["0"],
        defects=["missing-due-date", "vague-payment-terms", "missing-thank-you"], print_seller_tax_id=False,
        footnote="Card on file: Visa 4111 1111 1111 1111", other_defects=["unmasked-card-number"])
    add("en-07-multipage.pdf", "en", "multipage", S["brightdesk"], B[0], currency="GBP", n_items=34,
        due=date(2026, 12, 15), methods=["bank_transfer", "direct_debit"], link="https://pay.brightdesk.example/inv/107")
    add("en-08-bordered-low-readability.pdf", "en", "bordered", S["brightdesk"], B[0], currency="GBP",
        due=date(2026, 11, 30), methods=["bank_transfer"], qr=True, low_readability=True,
        defects=["low-readability"])
    # Spanish (6)
    add("es-01-bordered-clean.pdf", "es", "bordered", S["solaris"], B[1], due=date(2026, 11, 20),
        methods=["bank_transfer", "bizum"], link="https://pagos.solaris.example/f/201", supply=date(2026, 10, 10))
    add("es-02-plain-missing-payment.pdf", "es", "plain", S["solaris"], B[1], terms_days=30, methods=[],
        link="https://pagos.solaris.example/f/202", defects=["missing-payment-methods"])
    add("es-03-two-column-due-before-issue.pdf", "es", "two-column", S["olivo"], B[1],
        due=date(2026, 10, 1), issue=date(2026, 10, 20), methods=["bank_transfer", "cash"],
        link="https://pagos.olivo.example/f/203", defects=["due-before-issue"])
    add("es-04-letter-vague.pdf", "es", "letter", S["olivo"], B[1], vague=True, methods=["bank_transfer"],
        qr=True, letter_due=False, defects=["missing-due-date", "vague-payment-terms"],
        footnote="Si tienes cualquier duda sobre la factura, te informamos encantados.",
        other_defects=["inconsistent-register"])
    add("es-05-bordered-tax-mismatch.pdf", "es", "bordered", S["solaris"], B[1], due=date(2026, 12, 1),
        methods=["direct_debit"], link="https://pagos.solaris.example/f/205", tax_error=Decimal("5.00"),
        total_error=Decimal("5.00"), defects=["tax-mismatch"])
    add("es-06-multipage-prepaid.pdf", "es", "multipage", S["solaris"], B[1], n_items=38, due=date(2026, 12, 10),
        methods=["bank_transfer", "card"], link="https://pagos.solaris.example/f/206", prepaid=Decimal("500.00"))
    # Serbian Latin (5)
    add("sr-01-bordered-clean.pdf", "sr", "bordered", S["dunav"], B[2], currency="RSD", due=date(2026, 11, 25),
        supply=date(2026, 10, 28), methods=["bank_transfer", "ips_qr"], qr=True, rates=["20", "10"])
    add("sr-02-plain-terms.pdf", "sr", "plain", S["dunav"], B[2], currency="RSD", terms_days=15,
        supply=date(2026, 10, 30), methods=["bank_transfer"], qr=True)
    add("sr-03-two-column-missing-tax.pdf", "sr", "two-column", S["dunav"], B[2], currency="RSD",
        due=date(2026, 12, 5), methods=["bank_transfer"], qr=True, print_tax=False, print_seller_tax_id=False,
        rates=["0"], defects=["missing-tax-info"])
    add("sr-04-bordered-line-amount.pdf", "sr", "bordered", S["dunav"], B[2], currency="RSD", due=date(2026, 12, 8),
        supply=date(2026, 11, 1), methods=["bank_transfer", "card"], qr=True, line_error=True,
        defects=["line-amount-mismatch"])
    add("sr-05-letter-date-format.pdf", "sr", "letter", S["dunav"], B[2], currency="RSD", letter_due=True,
        methods=["bank_transfer"], qr=True, date_style="%d/%m/%Y", defects=["inconsistent-date-format"])
    # Serbian Cyrillic (3)
    add("sr-cyrl-01-bordered-clean.pdf", "sr-Cyrl", "bordered", S["zora"], B[3], currency="RSD",
        due=date(2026, 11, 28), supply=date(2026, 11, 2), methods=["bank_transfer", "cash"], qr=True)
    add("sr-cyrl-02-multipage.pdf", "sr-Cyrl", "multipage", S["zora"], B[3], currency="RSD", n_items=38,
        terms_days=30, supply=date(2026, 11, 3), methods=["bank_transfer"], qr=True)
    add("sr-cyrl-03-plain-missing-number.pdf", "sr-Cyrl", "plain", S["zora"], B[3], currency="RSD", number="",
        due=date(2026, 12, 2), methods=["bank_transfer"], qr=True, defects=["missing-invoice-number"])
    # German (5)
    add("de-01-bordered-clean.pdf", "de", "bordered", S["kessler"], B[4], due=date(2026, 11, 30),
        supply=date(2026, 10, 20), methods=["bank_transfer", "direct_debit"], link="https://zahlung.kessler.example/r/501",
        rates=["19", "7"])
    add("de-02-plain-invalid-iban.pdf", "de", "plain", S["kessler"], B[4], terms_days=14, methods=["bank_transfer"],
        link="https://zahlung.kessler.example/r/502", bad_iban=True, defects=["invalid-iban"],
        other_defects=["inconsistent-seller-details"])
    add("de-03-two-column-total-mismatch.pdf", "de", "two-column", S["kessler"], B[4], due=date(2026, 12, 1),
        methods=["bank_transfer"], link="https://zahlung.kessler.example/r/503", total_error=Decimal("100.00"),
        defects=["total-mismatch"])
    add("de-04-rotated.pdf", "de", "rotated", S["kessler"], B[4], due=date(2026, 12, 4), methods=["bank_transfer"],
        link="https://zahlung.kessler.example/r/504")
    add("de-05-letter-low-readability.pdf", "de", "letter", S["kessler"], B[4], letter_due=True,
        methods=["bank_transfer"], link="https://zahlung.kessler.example/r/505", low_readability=True,
        defects=["low-readability"])
    # French (5)
    add("fr-01-bordered-clean.pdf", "fr", "bordered", S["atelier"], B[5], due=date(2026, 11, 15),
        methods=["bank_transfer", "card"], link="https://paiement.atelier.example/f/601", rates=["20", "10"],
        print_seller_tax_id=False, siret=True)
    add("fr-02-plain-missing-total.pdf", "fr", "plain", S["atelier"], B[5], terms_days=30,
        methods=["bank_transfer", "cheque"], link="https://paiement.atelier.example/f/602", print_total=False,
        print_seller_tax_id=False, siret=True, defects=["missing-total"])
    add("fr-03-two-column-no-link.pdf", "fr", "two-column", S["atelier"], B[5], due=date(2026, 12, 3),
        methods=["bank_transfer"], link=None, print_seller_tax_id=False, siret=True, defects=["missing-payment-link"])
    add("fr-04-bordered-reverse-charge.pdf", "fr", "bordered", S["atelier"], B[4], due=date(2026, 12, 6),
        methods=["bank_transfer"], link="https://paiement.atelier.example/f/604", exempt=True, rates=["0"],
        print_seller_tax_id=False, siret=True)
    add("fr-05-plain-inconsistent-terms.pdf", "fr", "plain", S["atelier"], B[5], due=date(2026, 12, 9),
        methods=["bank_transfer"], link="https://paiement.atelier.example/f/605", inconsistent_label=True,
        print_seller_tax_id=False, siret=True, defects=["inconsistent-terms"],
        footnote="Indemnité forfaitaire pour frais de recouvrement en cas de retard : 40,00 €",
        other_defects=["inconsistent-currency-style"])
    return specs


# --- arithmetic -----------------------------------------------------------------------------------

@dataclass
class Totals:
    lines: list[Decimal]
    subtotal: Decimal
    breakdown: list[tuple[Decimal, Decimal, Decimal]]  # rate, base, tax
    tax: Decimal
    total: Decimal
    due: Decimal


def totals(spec: Spec) -> Totals:
    lines = []
    for i, item in enumerate(spec.items):
        amount = (item.quantity * item.unit_price).quantize(CENT, ROUND_HALF_UP)
        if spec.line_error and i == 1:
            amount += Decimal("50.00")
        item.amount = amount
        lines.append(amount)
    # the net total adds up the amounts as printed (a wrong line amount is carried into it)
    true_lines = lines
    subtotal = sum(true_lines, Decimal("0")) + spec.sum_error
    by_rate: dict[Decimal, Decimal] = {}
    for item, amount in zip(spec.items, true_lines):
        by_rate[item.rate] = by_rate.get(item.rate, Decimal("0")) + amount
    if spec.sum_error:
        first = next(iter(by_rate))
        by_rate[first] += spec.sum_error
    breakdown = [(rate, base, (base * rate / 100).quantize(CENT, ROUND_HALF_UP)) for rate, base in by_rate.items()]
    tax = sum((b[2] for b in breakdown), Decimal("0"))
    printed_tax = tax + spec.tax_error
    total = subtotal + tax + spec.total_error
    due = total - (spec.prepaid or Decimal("0"))
    return Totals(lines, subtotal, breakdown, printed_tax, total, due)


# --- drawing ------------------------------------------------------------------------------------------

class Pen:
    """A tiny layout helper over a reportlab canvas: text at (x, y-from-top)."""

    def __init__(self, c: canvas.Canvas, width: float, height: float):
        self.c, self.w, self.h = c, width, height

    def text(self, x, y, s, size=9.5, bold=False, right=False):
        self.c.setFont("DejaVu-Bold" if bold else "DejaVu", size)
        if right:
            self.c.drawRightString(x, self.h - y, s)
        else:
            self.c.drawString(x, self.h - y, s)

    def line(self, x0, y0, x1, y1, width=0.6):
        self.c.setLineWidth(width)
        self.c.line(x0, self.h - y0, x1, self.h - y1)

    def rect(self, x, y, w, h):
        self.c.setLineWidth(0.6)
        self.c.rect(x, self.h - y - h, w, h)


def fmt_date(d: date, spec: Spec) -> str:
    if spec.date_style == "long":
        return long_date(d, spec.language)
    return numeric_date(d, spec.language, spec.date_style)


def draw_invoice(spec: Spec, path: Path, wording: str = "house") -> tuple[dict, int]:
    """Draw the invoice; a multi-page one is drawn twice so "Page 1 of N" knows N."""
    w = pick_words(spec, wording)
    fields, pages = _draw(spec, w, path, total_pages=1)
    if pages > 1:
        fields, pages = _draw(spec, w, path, total_pages=pages)
    return fields, pages


def _fit_left(x: float, right_limit: float, text: str, size: float = 9.5, bold: bool = False, gap: float = 8) -> float:
    """x, moved left just enough that `text` ends `gap` points before `right_limit` (long variants)."""
    width = pdfmetrics.stringWidth(text, "DejaVu-Bold" if bold else "DejaVu", size)
    return min(x, right_limit - gap - width)


def _draw(spec: Spec, w: dict, path: Path, total_pages: int) -> tuple[dict, int]:
    t = totals(spec)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(f"{w['title']} {spec.number or ''}".strip())
    c.setAuthor(spec.seller.name)
    width, height = A4
    if spec.layout == "rotated":
        c.setPageRotation(90)
    pages = 1

    def new_pen():
        if spec.layout == "rotated":
            # the page is displayed turned 90°; draw in the displayed (landscape) frame
            c.translate(width, 0)
            c.rotate(90)
            return Pen(c, height, width)
        return Pen(c, width, height)

    pen = new_pen()
    lang = spec.language
    iban_text = spec.seller.iban
    if spec.bad_iban and iban_text:
        iban_text = iban_text[:2] + ("00" if iban_text[2:4] != "00" else "01") + iban_text[4:]
    y = 50.0

    # header: seller letterhead, title and number block
    pen.text(40, y, spec.seller.name, size=15, bold=True)
    pen.text(pen.w - 40, y, w["title"], size=18, bold=True, right=True)
    y += 26
    meta = []
    if spec.number:
        meta.append(f"{w['number']}: {spec.number}")
    meta.append(f"{w['issue']}: {fmt_date(spec.issue, spec)}")
    if spec.supply:
        meta.append(f"{w['supply']}: {fmt_date(spec.supply, spec)}")
    if spec.due and spec.layout != "letter":
        meta.append(f"{w['due']}: {fmt_date(spec.due, spec)}")
    if lang in ("sr", "sr-Cyrl"):
        meta.append(f"{w['place']}: {w['city']}")
    x_meta = min(_fit_left(pen.w - 200, pen.w - 32, line) for line in meta)  # a long label shifts the block left
    y_meta = y
    for line in meta:
        pen.text(x_meta, y_meta, line)
        y_meta += 14

    # parties
    y = max(y_meta, y) + 16
    seller_lines = [spec.seller.name, *spec.seller.address]
    if spec.print_seller_tax_id and spec.seller.tax_id:
        seller_lines.append(f"{w['taxid']}: {spec.seller.tax_id}")
    if spec.siret:
        seller_lines.append("SIRET : 812 345 678 00019")
    buyer_lines = [spec.buyer.name, *spec.buyer.address]
    if spec.layout in ("two-column", "bordered", "multipage", "rotated", "plain"):
        pen.text(40, y, w["seller"], bold=True)
        pen.text(320, y, w["buyer"], bold=True)
        for i in range(max(len(seller_lines), len(buyer_lines))):
            if i < len(seller_lines):
                pen.text(40, y + 13 * (i + 1), seller_lines[i])
            if i < len(buyer_lines):
                pen.text(320, y + 13 * (i + 1), buyer_lines[i])
        y += 13 * (max(len(seller_lines), len(buyer_lines)) + 2)
    else:  # letter
        for i, line in enumerate(seller_lines[1:]):
            pen.text(40, y + 12 * i, line, size=8.5)
        y += 12 * len(seller_lines) + 10
        pen.text(40, y, f"{w['buyer']}: {spec.buyer.name}")
        y += 24
        opening, body, pay = w["letter"]
        pen.text(40, y, opening.format(buyer=spec.buyer.name))
        y += 16
        pen.text(40, y, body.format(number=spec.number, issue=fmt_date(spec.issue, spec)))
        y += 22

    # items table
    x_desc, x_qty, x_price, x_amount = 40, 330, 420, pen.w - 40

    def table_header(yy):
        pen.text(x_desc, yy, w["desc"], bold=True)
        pen.text(x_qty + 30, yy, w["qty"], bold=True, right=True)
        pen.text(x_price + 70, yy, w["price"], bold=True, right=True)
        pen.text(x_amount, yy, w["amount"], bold=True, right=True)
        if spec.layout in ("bordered", "rotated", "multipage"):
            pen.line(36, yy + 4, pen.w - 36, yy + 4)
        return yy + 16

    y = table_header(y)
    rows_top = y - 12
    for item in spec.items:
        if y > pen.h - 120:
            pen.text(pen.w / 2, pen.h - 30, w["page"].format(pages, total_pages), size=8)
            c.showPage()
            pages += 1
            pen = new_pen()
            y = table_header(50)
            rows_top = y - 12
        pen.text(x_desc, y, item.description)
        pen.text(x_qty + 30, y, qty(item.quantity, lang), right=True)
        pen.text(x_price + 70, y, money(item.unit_price, lang), right=True)
        pen.text(x_amount, y, money(item.amount, lang), right=True)
        if spec.layout in ("bordered", "rotated"):
            pen.line(36, y + 4, pen.w - 36, y + 4, width=0.3)
        y += 15
    if spec.layout in ("bordered", "rotated"):
        pen.rect(36, rows_top - 16, pen.w - 72, y - rows_top + 1)
    y += 10
    if y > pen.h - 260:  # the totals and payment block go together on a fresh page
        pen.text(pen.w / 2, pen.h - 30, w["page"].format(pages, total_pages), size=8)
        c.showPage()
        pages += 1
        pen = new_pen()
        y = 60

    # totals
    def label_x(label, right_text, bold=False, right_edge=None):
        """Totals labels start at x_price - 30 unless a long one would run into its amount."""
        right_edge = x_amount if right_edge is None else right_edge
        value_left = right_edge - pdfmetrics.stringWidth(right_text, "DejaVu-Bold" if bold else "DejaVu", 9.5)
        return _fit_left(x_price - 30, value_left, label, bold=bold)

    def total_row(label, value):
        nonlocal y
        pen.text(label_x(label, money(value, lang)), y, label)
        pen.text(x_amount, y, money(value, lang), right=True)
        y += 15

    total_row(w["subtotal"], t.subtotal)
    if spec.print_tax and not spec.exempt:
        if len(t.breakdown) > 1:
            for rate, base, tax in t.breakdown:
                label = f"{w['tax']} {qty(rate, lang)}%"
                pen.text(label_x(label, money(base, lang), right_edge=x_price + 70), y, label)
                pen.text(x_price + 70, y, money(base, lang), right=True)
                pen.text(x_amount, y, money(tax, lang), right=True)
                y += 15
        else:
            rate = t.breakdown[0][0]
            total_row(f"{w['tax']} {qty(rate, lang)}%", t.tax)
    if spec.print_total:
        shown = f"{money(t.total, lang)} {spec.currency}"
        pen.text(label_x(w["total"], shown, bold=True), y, w["total"], bold=True)
        pen.text(x_amount, y, shown, bold=True, right=True)
        y += 15
        if spec.prepaid:
            total_row(w["prepaid"], spec.prepaid)
            shown = f"{money(t.due, lang)} {spec.currency}"
            pen.text(label_x(w["due_amount"], shown, bold=True), y, w["due_amount"], bold=True)
            pen.text(x_amount, y, shown, bold=True, right=True)
            y += 15
    y += 12
    if spec.exempt:
        pen.text(40, y, w["exempt"])
        y += 16

    # payment section
    printed_iban = None
    if spec.layout == "letter" and spec.letter_due:
        due = spec.due or spec.issue + timedelta(days=30)
        spec.due = due
        pay = w["letter"][2].format(total=money(t.due, lang), currency=spec.currency, due=fmt_date(due, spec),
                                    iban=spaced(iban_text or ""), account=spec.seller.account or "")
        pen.text(40, y, pay)
        y += 18
        if iban_text and lang not in ("sr", "sr-Cyrl"):
            printed_iban = iban_text
    if spec.terms_days is not None:
        pen.text(40, y, f"{w['terms']}: {w['net'].format(spec.terms_days)}")
        y += 14
    if spec.vague:
        pen.text(40, y, f"{w['terms']}: {w['vague']}")
        y += 14
    if spec.methods:
        words = [w["methods_words"][m] for m in spec.methods if m in w["methods_words"]]
        pen.text(40, y, f"{w['methods']}: {', '.join(words)}")
        y += 14
    if spec.seller.account and lang in ("sr", "sr-Cyrl"):
        pen.text(40, y, f"{w['account']}: {spec.seller.account}")
        y += 14
    # an invoice that names no payment method prints no bank details either: the planted
    # missing-payment-methods defect is an invoice without payment instructions (EN 16931 BG-16)
    if iban_text and spec.methods and lang not in ("sr-Cyrl",) and spec.layout != "letter":
        pen.text(40, y, f"{w['iban']}: {spaced(iban_text)}")
        printed_iban = iban_text
        y += 14
    if spec.link:
        pen.text(40, y, f"{w['link']}: {spec.link}")
        y += 14
    if spec.qr:
        widget = QrCodeWidget(f"{spec.seller.name}|{spec.number}|{norm_money(t.due)}")
        b = widget.getBounds()
        size = 70
        drawing = Drawing(size, size, transform=[size / (b[2] - b[0]), 0, 0, size / (b[3] - b[1]), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, c, pen.w - 40 - size, pen.h - y - size + 10)
        pen.text(pen.w - 40, y + 70, w["qr"][:40], size=7, right=True)
        y += 14
    if spec.low_readability:
        y += 6
        pen.text(40, y, w["notes"] + ":", bold=True)
        y += 13
        text = LOW_READABILITY.get(lang) or data_languages().get(lang, {}).get("low_readability") or \
            LOW_READABILITY["en"]
        for chunk in _wrap(text, 95):
            pen.text(40, y, chunk, size=8.5)
            y += 11
    if spec.thanks:
        y += 10
        pen.text(40, y, w["thanks"], bold=True)
        y += 14
    if spec.footnote:
        y += 6
        pen.text(40, y, spec.footnote, size=8.5)
        y += 12
    if spec.inconsistent_label:
        # the footer names the invoice number with a second, different label
        pen.text(40, pen.h - 40, f"{w['number_other']} {spec.number}", size=7.5)
    if pages > 1:
        pen.text(pen.w / 2, pen.h - 30, w["page"].format(pages, total_pages), size=8)
    c.showPage()
    c.save()
    return manifest_fields(spec, t, printed_iban, w), pages


def _wrap(text: str, width: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return out + ([line] if line else [])


# --- manifest ---------------------------------------------------------------------------------------

def manifest_fields(spec: Spec, t: Totals, printed_iban: str | None, w: dict) -> dict:
    f: dict = {}
    if spec.number:
        f["invoice_number"] = spec.number
    f["issue_date"] = spec.issue.isoformat()
    if spec.supply:
        f["supply_date"] = spec.supply.isoformat()
    if spec.terms_days is not None:
        f["payment_terms"] = spec.terms_days
    if spec.due:
        f["due_date"] = spec.due.isoformat()
    elif spec.terms_days is not None:
        f["due_date"] = (spec.issue + timedelta(days=spec.terms_days)).isoformat()
        f["due_date_derived"] = True
    f["seller_name"] = spec.seller.name
    if spec.print_seller_tax_id and spec.seller.tax_id:
        f["seller_tax_id"] = spec.seller.tax_id
    f["buyer_name"] = spec.buyer.name
    if spec.language in ("sr", "sr-Cyrl"):
        f["place_of_issue"] = w["city"]
    f["line_items"] = [{"description": i.description, "quantity": norm_number(i.quantity),
                        "unit_price": norm_money(i.unit_price), "amount": norm_money(i.amount)} for i in spec.items]
    f["subtotal"] = norm_money(t.subtotal)
    if spec.print_tax and not spec.exempt:
        if len(t.breakdown) > 1:
            f["tax_breakdown"] = [{"rate": norm_number(r), "base": norm_money(b), "amount": norm_money(x)}
                                  for r, b, x in t.breakdown]
        else:
            f["tax_rate"] = norm_number(t.breakdown[0][0])
        f["tax_amount"] = norm_money(t.tax)
    if spec.exempt:
        f["tax_exemption"] = w["exempt"]
    if spec.print_total:
        f["total"] = norm_money(t.total)
        f["amount_due"] = norm_money(t.due)
        if spec.prepaid:
            f["prepaid_amount"] = norm_money(spec.prepaid)
    if spec.print_total or (spec.layout == "letter" and spec.letter_due):
        f["currency"] = spec.currency  # printed beside the total
        f["currencies"] = sorted({spec.currency} | ({"EUR"} if "€" in spec.footnote else set()))
    qr_method = data_languages()[spec.language]["qr_method"] if spec.language in data_languages() else \
        "ips_qr" if spec.language in ("sr", "sr-Cyrl") else "qr"
    qr = {qr_method} if spec.qr else set()
    methods = sorted(set(spec.methods) | qr)
    if methods:
        f["payment_methods"] = methods
    if printed_iban:
        f["iban"] = printed_iban
    if spec.seller.account and spec.language in ("sr", "sr-Cyrl"):
        f["bank_account"] = spec.seller.account
    if spec.link:
        f["payment_link"] = spec.link
    if spec.thanks:
        f["thank_you"] = w["thanks"]
    return f


def expected_defects(spec: Spec, fields: dict) -> list[str]:
    defects = set(spec.defects)
    if "thank_you" not in fields:
        defects.add("missing-thank-you")
    if not spec.link and not spec.qr:
        defects.add("missing-payment-link")
    return sorted(defects)


def jurisdiction_defects(spec: Spec) -> dict:
    """What the seller's own jurisdiction pack reports beyond the default packs."""
    packs = {"en": "uk", "en-US": None, "es": "es", "sr": "rs", "sr-Cyrl": "rs", "de": "eu-vat", "fr": "eu-vat"}
    pack = packs[spec.language] if spec.language in packs else data_languages()[spec.language]["jurisdiction_pack"]
    if not pack:
        return {}
    out = []
    if not (spec.print_seller_tax_id and spec.seller.tax_id):
        out.append("missing-seller-tax-id")
    if pack == "rs" and not spec.supply:
        out.append("missing-supply-date")  # ZPDV čl. 42: the date of supply is always required
    if pack == "es" and not spec.print_tax and not spec.exempt:
        out.append("missing-vat-amount")
    if pack == "uk" and spec.currency != "GBP" and spec.print_tax and not spec.exempt:
        out.append("vat-not-in-sterling")
    return {pack: sorted(out)}


def _data_party(entry: dict) -> Party:
    tax_id = vat(entry["vat"]["country"], entry["vat"]["body"]) if entry.get("vat") else None
    account = iban(entry["iban"]["country"], entry["iban"]["bban"]) if entry.get("iban") else None
    return Party(entry["name"], list(entry["address"]), tax_id=tax_id, iban=account)


_SPEC_KEYS = {"file", "layout", "seller", "buyer", "number", "currency", "due", "terms_days", "supply", "methods",
              "link", "qr", "thanks", "date_style", "exempt", "prepaid", "vague", "low_readability",
              "inconsistent_label", "print_total", "print_tax", "print_seller_tax_id", "bad_iban", "sum_error",
              "total_error", "tax_error", "line_error", "letter_due", "footnote", "defects", "other_defects", "notes",
              "rates", "n_items"}
_MONEY_KEYS = ("prepaid", "sum_error", "total_error", "tax_error")


def plan_data(language: str) -> list[Spec]:
    """The invoices of a data language, from its file's ``invoices`` (its own RNG, so the bundled
    set is unchanged whatever languages are added)."""
    data = data_languages()[language]
    rnd = random.Random(f"{LABEL_SEED}:{language}")
    sellers = {key: _data_party(entry) for key, entry in data["sellers"].items()}
    buyers = {key: _data_party(entry) for key, entry in data["buyers"].items()}
    specs = []
    for i, entry in enumerate(data["invoices"]):
        unknown = sorted(set(entry) - _SPEC_KEYS)
        if unknown:
            raise SystemExit(f"{LANGUAGE_DATA / (language + '.yaml')}: invoice {entry.get('file')}: unknown key "
                             f"{unknown[0]!r}")
        kw = dict(entry)
        rates = kw.pop("rates", data["rates"][:1])
        n_items = kw.pop("n_items", 3)
        issue = date(2026, 10, 1) + timedelta(days=i)
        kw["supply"] = issue - timedelta(days=3 + i % 9) if kw.get("supply") else None
        for key in _MONEY_KEYS:
            if key in kw:
                kw[key] = Decimal(str(kw[key]))
        items = []
        for n in range(n_items):
            name = data["items"][n % len(data["items"])]
            q = Decimal(rnd.choice(["1", "2", "3", "4", "5", "10", "1.5", "12"]))
            p = Decimal(rnd.randrange(1500, 250000)) / 100
            items.append(Item(name, q, p, Decimal(rnd.choice(rates))))
        seller = sellers[kw.pop("seller")]
        spec = Spec(language=language, seller=seller, buyer=buyers[kw.pop("buyer")], issue=issue,
                    number=kw.pop("number", f"{seller.name[:3].upper()}-2026-{i + 101:04d}"),
                    currency=kw.pop("currency", "EUR"), items=items, **kw)
        specs.append(spec)
    return specs


def languages() -> list[str]:
    """Every language the generator can draw: the bundled ones and the data languages."""
    return sorted({s.language for s in plan()} | set(data_languages()))


# --- entry points -------------------------------------------------------------------------------------

def generate(out: Path, wording: str = "house", only: list[str] | None = None) -> list[dict]:
    """Draw the bundled set (or only the invoices of the ``only`` languages, data languages included)
    and its manifest into ``out``."""
    register_fonts()
    out.mkdir(parents=True, exist_ok=True)
    records = []
    specs = plan() if not only else [s for s in plan() if s.language in only] + \
        [s for lang in sorted(set(only) & set(data_languages())) for s in plan_data(lang)]
    for spec in specs:
        fields, pages = draw_invoice(spec, out / spec.file, wording)
        records.append({
            "file": spec.file,
            "language": "en" if spec.language == "en-US" else spec.language,
            "layout": spec.layout,
            "pages": pages,
            "seller": spec.seller.name,
            "fields": fields,
            "defects": expected_defects(spec, fields),
            "jurisdiction_defects": jurisdiction_defects(spec),
            "other_defects": sorted(spec.other_defects),
            "notes": spec.notes,
        })
    manifest = {"schema_version": 1, "generator": "sample_invoices/generate.py", "wording": wording,
                "invoices": records}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return records


def generate_bulk(count: int, out: Path) -> list[Path]:
    """One-page invoices in every language and layout, for benchmarks (never committed)."""
    register_fonts()
    out.mkdir(parents=True, exist_ok=True)
    base = [s for s in plan() if s.layout != "multipage"]
    paths = []
    for i in range(count):
        # a copy: the plan's spec keeps its own name (renaming it in place prefixed every later
        # round's names again, until past ~560 files a name was too long for the file system)
        spec = dataclasses.replace(base[i % len(base)])
        spec.file = f"bulk-{i:05d}-{spec.file}"
        spec.number = f"B{i:05d}"
        draw_invoice(spec, out / spec.file)
        paths.append(out / spec.file)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=HERE, help="folder for the samples and manifest.json")
    ap.add_argument("--wording", choices=WORDINGS, default="house",
                    help="house: the bundled samples' fixed labels; variants: labels drawn from label_variants.yaml")
    ap.add_argument("--languages", type=lambda v: [x.strip() for x in v.split(",") if x.strip()],
                    help="only these languages (comma-separated), including those added as data in "
                    "sample_invoices/languages/*.yaml; default: the bundled set")
    ap.add_argument("--count-bulk", type=int, default=0, help="write this many one-page invoices instead")
    ap.add_argument("--bulk-out", type=Path, help="folder for --count-bulk")
    args = ap.parse_args(argv)
    if args.count_bulk:
        if not args.bulk_out:
            ap.error("--count-bulk needs --bulk-out")
        paths = generate_bulk(args.count_bulk, args.bulk_out)
        print(f"wrote {len(paths)} invoices to {args.bulk_out}")
        return 0
    if args.languages:
        unknown = sorted(set(args.languages) - set(languages()))
        if unknown:
            ap.error(f"--languages: unknown language {unknown[0]!r} (known: {', '.join(languages())})")
    records = generate(args.out, args.wording, args.languages)
    print(f"wrote {len(records)} invoices and manifest.json to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

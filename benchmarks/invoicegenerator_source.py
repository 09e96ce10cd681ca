"""An English (and Brazilian Portuguese) development source: invoices drawn by InvoiceGenerator.

The corpus's English pages are few and most are held out (tests/truth/split.yaml).
``InvoiceGenerator`` (PyPI, BSD, github.com/by-cx/InvoiceGenerator, a Python library; not the
Crystal/Ruby github.com/hugopl/invoicegenerator held out in the test part) draws invoices with
reportlab and its bundled DejaVu fonts, in the wording of its gettext catalogue: English msgids
("Taxable invoice num.:", "Date of exposure", "Vat in:", "Price per one", "Breakdown VAT",
"Total with tax:") and a Brazilian Portuguese translation ("Fatura num.:", "Data de exposição",
"Total com imposto:").  Amounts and dates are Babel's for the invoice's currency locale ("£1,234.50",
"R$ 1.234,50", "Mar 4, 2025", "4 de mar. de 2025").  Three renderers of its own: the simple
invoice (with or without a VAT breakdown, a rounding line, a QR payment code), the proforma
invoice and the correcting document.  We choose the values (seeded); the truth is what we drew,
counted only where the page prints it.  A development source: the reader may be tuned on it,
and its figures are development figures.

Run: python benchmarks/invoicegenerator_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import os
import random
import sys
import warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import gb_vat, ie_vat, kept, main  # noqa: E402

CENT = Decimal("0.01")
# (name, street, postcode, city, country, phone, email, bank) per country of the seller
SELLERS = {
    "GB": [("Harbour Lane Analytics Ltd", "14 Quay Street", "BS1 4DJ", "Bristol", "United Kingdom",
            "+44 117 496 0123", "accounts@harbourlane.example", "Barclays Bank UK"),
           ("Pennine Joinery Ltd", "Unit 3, Mill Road", "HX1 2PQ", "Halifax", "", "01422 555 010", "", "Lloyds Bank")],
    "IE": [("Liffey Translation Services", "22 Ormond Quay Upper", "D07 F2X8", "Dublin", "Ireland",
            "+353 1 555 0199", "billing@liffey.example", "AIB")],
    "US": [("Redwood Web Studio LLC", "410 Market Street, Suite 5", "CA 94105", "San Francisco", "USA",
            "(415) 555-0142", "invoices@redwood.example", "First Republic Bank")],
    "BR": [("Serra Azul Tecnologia Ltda.", "Rua Augusta, 1500", "01304-001", "São Paulo", "Brasil",
            "(11) 5555-0101", "financeiro@serraazul.example", "Banco do Brasil"),
           ("Oficina Carioca de Design ME", "Av. Atlântica, 2300", "22041-001", "Rio de Janeiro", "",
            "(21) 5555-0177", "", "Itaú Unibanco")],
}
BUYERS = {
    "en": [("Northwind Trading Ltd", "1 High Street", "LS1 1AA", "Leeds", "United Kingdom"),
           ("Example Research Institute", "Science Park 4", "CB4 0WS", "Cambridge", ""),
           ("Blue Harbor Foods Inc.", "88 Pier Avenue", "02110", "Boston", "USA"),
           ("Kerry Outdoor Gear", "Main Street", "V93 X2C4", "Killarney", "Ireland")],
    "pt_BR": [("Comercial Horizonte S.A.", "Rua XV de Novembro, 200", "80020-310", "Curitiba", "Brasil"),
              ("Padaria Pão Quente Ltda.", "Rua das Flores, 45", "90010-150", "Porto Alegre", ""),
              ("Clínica Bem Estar Ltda.", "Av. Sete de Setembro, 900", "40060-001", "Salvador", "Brasil")],
}
ITEMS = {
    "en": [("Data pipeline review", "h", "160.00"), ("Workshop facilitation", "days", "1400.00"),
           ("Translation EN-DE, technical manual", "pages", "48.50"), ("Software maintenance", "h", "135.00"),
           ("Licence renewal", "pcs", "890.00"), ("Oak worktop, fitted", "m", "212.40"),
           ("Travel expenses", "", "86.40"), ("Hosting (12 months), managed backups and monitoring", "", "240.00")],
    "pt_BR": [("Consultoria técnica", "h", "180.00"), ("Desenvolvimento de software", "h", "150.00"),
              ("Criação de identidade visual", "un", "2400.00"), ("Licença anual", "un", "980.00"),
              ("Suporte remoto", "h", "95.50"), ("Treinamento da equipe", "dias", "1200.00")],
}
# VAT (or sales tax) rates a seller of that country charges
RATES = {"GB": ["20", "20", "5", "0"], "IE": ["23", "23", "13.5", "9"], "US": ["8.875", "7.25"],
         "BR": ["18", "5", "12"]}
# (language, currency locale, currency) per country of the seller: Babel writes the amounts
MONEY = {"GB": [("en", "en_GB", "GBP")], "IE": [("en", "en_IE", "EUR")], "US": [("en", "en_US", "USD")],
         "BR": [("pt_BR", "pt_BR", "BRL")]}
SWIFT = {"GB": "NWBKGB2L", "IE": "AIBKIE2D", "BR": "BRASBRRJ"}
TITLES = {"en": ["Invoice", "INVOICE", "Tax invoice", ""], "pt_BR": ["Fatura", ""]}
PAYTYPES = {"en": ["Bank transfer", "Bank transfer", "Card", ""], "pt_BR": ["Transferência bancária", "Boleto", ""]}
NOTES = {"en": ["", "Registered in England and Wales", "Thank you for your business."],
         "pt_BR": ["", "Obrigado pela preferência."]}


def _cnpj(rnd: random.Random) -> str:
    from stdnum.br import cnpj

    body = "".join(str(rnd.randint(0, 9)) for _ in range(8)) + "0001"
    return cnpj.format(body + cnpj.calc_check_digits(body))


def _iban(rnd: random.Random, country: str) -> str | None:
    from stdnum import iban

    if country == "GB":
        bban = rnd.choice(["NWBK", "BUKB", "LOYD"]) + "".join(str(rnd.randint(0, 9)) for _ in range(14))
    elif country == "IE":
        bban = "AIBK" + "".join(str(rnd.randint(0, 9)) for _ in range(14))
    elif country == "BR":
        bban = "".join(str(rnd.randint(0, 9)) for _ in range(23)) + "C1"
    else:
        return None
    number = country + "00" + bban
    number = country + iban.calc_check_digits(number) + bban
    assert iban.is_valid(number)
    return iban.format(number) if rnd.random() < 0.5 else number


def _money(x: Decimal) -> str:
    """An amount as the page prints it: Babel rounds to the cent half to even."""
    return str(x.quantize(CENT))


def _one(rnd: random.Random, number: int):
    """(renderer name, language, invoice values, truth) of one invoice."""
    country = rnd.choice(["GB", "GB", "IE", "US", "BR", "BR"])
    language, money_locale, currency = rnd.choice(MONEY[country])
    which = rnd.randrange(len(SELLERS[country]))
    name, street, postcode, city, land, phone, email, bank = SELLERS[country][which]
    own = random.Random(f"{country}{which}")  # one seller, one VAT id and one IBAN on all its invoices
    tax_id = {"GB": gb_vat, "IE": ie_vat, "BR": _cnpj}.get(country, lambda r: "")(own)
    iban = _iban(own, country)
    renderer = rnd.choice(["simple", "simple", "simple", "simple", "proforma", "correcting"])
    # a US seller adds sales tax (the library calls every tax VAT); the others may sell without
    # VAT, and then print their VAT id (a page with no tax information at all is a true finding)
    use_tax = country == "US" or rnd.random() < (0.4 if renderer == "proforma" else 0.75)
    seller = {"summary": name, "address": street, "zip_code": postcode, "city": city, "country": land,
              "phone": phone, "email": email, "bank_name": bank, "note": rnd.choice(NOTES[language]),
              "vat_id": tax_id if (not use_tax or rnd.random() < 0.9) else "",
              "ir": str(own.randint(1_000_000, 99_999_999)) if rnd.random() < 0.4 else ""}
    if country == "US":
        seller["bank_account"], seller["bank_code"] = str(own.randint(10**9, 10**10 - 1)), "021000021"
    elif country == "GB":
        seller["bank_account"] = iban.replace(" ", "")[-8:]
        seller["bank_code"] = rnd.choice(["", "-".join(iban.replace(" ", "")[8:14][i:i + 2] for i in (0, 2, 4))])
    else:
        seller["bank_account"] = rnd.choice([iban, str(own.randint(10**5, 10**7))])
    bname, bstreet, bpostcode, bcity, bland = rnd.choice(BUYERS[language])
    buyer = {"summary": bname, "address": bstreet, "zip_code": bpostcode, "city": bcity, "country": bland,
             "vat_id": (gb_vat(rnd) if language == "en" else _cnpj(rnd)) if rnd.random() < 0.4 else ""}
    issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 700))
    values = {"title": rnd.choice(TITLES[language]), "number": rnd.choice(
                  [f"INV-{issued.year}-{number:04d}", f"{issued.year}{number:04d}", f"{number:05d}/{issued.year % 100}"]),
              "date": issued, "payback": issued + timedelta(days=rnd.choice([7, 14, 30])) if rnd.random() < 0.85 else None,
              "taxable_date": issued - timedelta(days=rnd.randint(0, 10)) if use_tax and rnd.random() < 0.4 else None,
              "paytype": rnd.choice(PAYTYPES[language]), "iban": iban if iban and rnd.random() < 0.8 else None,
              "swift": rnd.choice(["", SWIFT.get(country, "")]) if iban else "",
              "variable_symbol": str(rnd.randint(10**6, 10**8)) if rnd.random() < 0.3 else None,
              "currency": currency, "currency_locale": money_locale, "use_tax": use_tax,
              "rounding_result": rnd.random() < 0.2}
    # what the library takes apart from the invoice's attributes
    drawing = {"creator": rnd.choice(["Jane Smith", "Tomás Ribeiro", "Accounts Team", "M. Okafor"]),
               "qr": renderer == "simple" and rnd.random() < 0.4,
               "reason": "Wrong unit price" if language == "en" else "Preço incorreto"}
    rates = RATES[country]
    lines = []
    for _ in range(rnd.randint(1, 7)):
        text, unit, price = rnd.choice(ITEMS[language])
        count = Decimal(rnd.choice(["1", "1", "2", "3", "5", "12", "0.5", "2.5"]))
        rate = Decimal(rnd.choice(rates[:2] if rnd.random() < 0.8 else rates)) if use_tax else Decimal(0)
        lines.append((count, Decimal(price), text, unit, rate))
    net = sum((c * p for c, p, *_ in lines), Decimal(0))
    taxes = {}
    for c, p, _, _, rate in lines:
        taxes[rate] = taxes.get(rate, Decimal(0)) + c * p * rate / 100
    if use_tax and language == "en" and set(taxes) == {Decimal(0)}:
        buyer["vat_note"] = "Zero-rated supply"  # the page's note under the VAT breakdown
    gross = net + sum(taxes.values(), Decimal(0))
    total = gross if use_tax else net
    if values["rounding_result"]:
        total = total.quantize(Decimal(1))  # half to even, the library's default strategy
    truth = {"invoice_number": values["number"], "issue_date": issued.isoformat(), "currency": currency,
             "total": _money(total)}
    if values["payback"]:
        truth["due_date"] = values["payback"].isoformat()
    if use_tax and len(taxes) == 1:  # several rates: the breakdown prints one net and one VAT per rate, no sum
        truth["subtotal"] = _money(net)
        truth["tax_amount"] = _money(sum(taxes.values(), Decimal(0)))
    if seller["vat_id"]:
        truth["seller_tax_id"] = seller["vat_id"]
    if values["iban"]:
        truth["iban"] = values["iban"]
    return renderer, language, seller, buyer, values, drawing, lines, truth


def _draw(path: Path, renderer: str, language: str, seller, buyer, values, drawing, lines) -> None:
    from InvoiceGenerator import api, conf, pdf

    # The library reads its language from INVOICE_LANG (the page's labels at drawing time, the
    # address lines' "Vat in:" when api is imported): set here for this invoice, then restored.
    before = os.environ.get("INVOICE_LANG")
    os.environ["INVOICE_LANG"] = language
    api_gettext = api._
    api._ = conf.get_gettext(language)
    try:
        kind = api.Correction if renderer == "correcting" else api.Invoice
        invoice = kind(api.Client(**buyer), api.Provider(**seller), api.Creator(drawing["creator"]))
        for key, value in values.items():
            setattr(invoice, key, value)
        if renderer == "correcting":
            invoice.reason = drawing["reason"]
        for count, price, text, unit, rate in lines:
            invoice.add_item(api.Item(count, price, description=text, unit=unit, tax=rate))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "currency attribute is deprecated"
            if renderer == "correcting":
                pdf.CorrectingInvoice(invoice).gen(str(path))
            elif renderer == "proforma":
                pdf.ProformaInvoice(invoice).gen(str(path))
            else:
                pdf.SimpleInvoice(invoice).gen(str(path), generate_qr_code=drawing["qr"])
    finally:
        api._ = api_gettext
        if before is None:
            os.environ.pop("INVOICE_LANG", None)
        else:
            os.environ["INVOICE_LANG"] = before


def generate(out: Path, count: int = 30, seed: int = 2028) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        renderer, language, seller, buyer, values, drawing, lines, truth = _one(rnd, i + 1)
        path = out / f"invoicegenerator-{i:03d}.pdf"
        _draw(path, renderer, language, seller, buyer, values, drawing, lines)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2028))

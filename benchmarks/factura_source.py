"""A Spanish (Venezuelan) development source: fiscal invoices typeset by the LaTeX class ``factura``.

Our Spanish development sources are Argentine (facturador-afip, arca) and Mexican (satcfdi); the
LaTeX class ``factura`` (CTAN, v4.32 of 2022/01/22, LPPL 1.3c, Emilio Augusto Lazo Zaia; Debian's
texlive-latex-extra: ``tex/latex/factura/factura.cls`` and ``factura.def``) typesets the
invoices, credit and debit notes and pro formas of Venezuela's "forma libre" under SENIAT's
rules, in a layout and wording nobody here wrote.  The class prints its own labels
(``factura.def``): 'FACTURA Nº 000123' (the number in six digits; 'NOTA DE CRÉDITO', 'NOTA DE
DÉBITO'), 'Fecha de emisión:' and, for an invoice on credit (``\\Credito{días}``, or the option
``vencimiento``), 'Fecha de vencimiento:' which it computes; the client's box 'Datos del
cliente' with 'Razón social:' / 'Nombre:', 'R.I.F.:' / 'C.I.:', 'Persona de contacto:',
'Dirección fiscal:', 'Teléfono:', 'E-mail:'; the item table 'Cantidad / Descripción / Precio U.
(Bs.) / Precio T. (Bs.)' with each price marked by its tax ('G' general 16 %, 'R' reduced 8 %,
'A' additional 31 %, '(E)' exempt); the sums per tax 'Exento', 'BI G (16 %)', 'IVA G (16 %)',
... and 'TOTAL', which it computes, amounts as '1.234,56' with the currency sign before or after
them; a credit or debit note's reference to the invoice it corrects ('Nota de crédito sobre la
factura 000122 de fecha 01-07-2022.'); 'Recibí conforme' / 'PAGADO' under the signature lines.
The seller's own name and RIF are not the class's to print: a real "forma libre" carries them in
the letterhead its authorised printer (imprenta) prints, which the class takes as ``\\Membrete``
(its example ``factura-ejemplo-membrete.tex`` prints the issuer's name, address and
'RIF: V-87.654.321-0'), and the printer's own legend at the foot ('Imprenta: ... RIF: ...',
``factura-ejemplo-fondo.tex``).  Its German example (``factura-beispiel-rechnung.tex``) redefines
the labels ('Rechnung-Nr: 1', 'Datum:', 'Kunde:', 'USt-IdNr:', 'Menge', 'Einzelpreis', 'Gesamt',
'Netto 19%', 'MwSt A', 'Mwst-befreit', 'Brutto') and the rates (19 %, 7 %): we draw that mode too.

We write each document's LaTeX source ourselves, setting only the class's documented
parameters (its manual, ``factura.pdf``, and the examples in texlive-latex-extra-doc; none is
copied): the kind (factura, nota de crédito / débito with the invoice it corrects, prefactura),
the layout options (``numitem``, ``descuentos`` with a discount per item, ``subtotal``, ``dcu`` /
``duc``, ``iva``, ``filas``, ``agrupatotales``, ``G``, ``ivadescripcion``, the ``sinlineas*`` and
``conlineasha`` rules, ``monedaceldas``, ``monedadespues``, ``sinmonedatotales``, ``todosiva``,
``expandecuadro`` / ``sinexpandir``, ``unafirma`` / ``sinfirmas``, ``sindenominacion``), the date
format (``\\FormatoFecha``: '-', '/' or '.'), the currency (the default 'Bs.', ``\\Moneda{VES}``
or ``\\Moneda{Bs.D}``, or with ``divisa`` ``\\Divisa{USD}`` or the class's default '$'), 1-6
items at one or several of the rates and exempt, the client (a company with its RIF or a person
with a cédula), a credit of 0-60 days.  Values are ours and seeded; RIFs pass python-stdnum's
``ve.rif``.  The fonts are the class's defaults (T1 Computer Modern: with cm-super Type 1, or
bitmaps where it is missing, which pypdfium2 reads, pdfminer not).

The truth is what the page prints, checked against the page: the number as printed (none under
``sindenominacion``), the issue date, the due date where printed, the currency (VES for 'Bs.',
'Bs.D' and 'VES', USD for 'USD', EUR for the German mode's 'EUR'; none for a bare '$', which
the page does not name), the net (the sum of the bases and the exempt), the VAT (the sum of
the rates' IVA), the total and the amount due (the total: nothing is paid), and the seller's
tax id (its RIF in the letterhead, never the client's nor the printer's; in the German mode its
USt-IdNr).  Every sum is computed here in Decimal and must be printed by the class's own
arithmetic (fp) on the page: a figure the page does not print is an error of this generator.
A credit note's amounts are printed, and counted, positive.  'Bs.D', the mark many invoices
print for the bolívar since its redenomination of October 2021, is drawn too, though neither the
class nor CLDR names it: the reader has no published source for it, so those pages' figures stay
unread (and uncounted: the benchmark counts a figure it finds printed).  A development source:
the reader may be tuned on it, and its figures are development figures.

It needs ``pdflatex`` and the class (Debian texlive-latex-extra, with texlive-plain-generic for
``tracklang``, which datetime2 loads); ``texlive-latex-recommended`` and ``texlive-pictures``
(TikZ).  At most two pdflatex run at once.  The files are written to a folder the caller gives
(a temporary one in the benchmark and the tests) and never kept.

Run: python benchmarks/factura_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import de_vat, kept, main, tex_escape, tex_missing  # noqa: E402

CENT = Decimal("0.01")
# the class's rates (factura.def: \@AlicuotaG, R, A) and its German example's
RATES = {"es": {"G": Decimal("16"), "R": Decimal("8"), "A": Decimal("31")},
         "de": {"G": Decimal("19"), "R": Decimal("7")}}
SELLERS = [("Ferretería El Tornillo, C.A.", "J", "Calle 72 con Av. 15, Maracaibo, Zulia"),
           ("Inversiones Morichal 2020, C.A.", "J", "Av. Francisco de Miranda, Torre Parque, Piso 4, Caracas"),
           ("Panadería y Pastelería La Trinidad", "J", "Av. Bolívar Norte, Local 3, Valencia, Carabobo"),
           ("Servicios Técnicos Araguaney, S.R.L.", "J", "Carrera 19 entre Calles 25 y 26, Barquisimeto"),
           ("Rosa Elena Méndez Quintero", "V", "Urb. Las Acacias, Calle 3, Casa 12, Mérida"),
           ("Alcaldía del Municipio Sucre", "G", "Av. Principal de Petare, Caracas")]
CLIENTS = [("Distribuidora Los Andes, C.A.", "J", "Av. Urdaneta, Edif. Central, Piso 3, Caracas", "Carlos Ruiz"),
           ("Comercializadora Orinoco, S.A.", "J", "Zona Industrial Matanzas, Puerto Ordaz, Bolívar", "Ana Salas"),
           ("Clínica Santa Sofía, C.A.", "J", "Av. Las Delicias, Maracay, Aragua", ""),
           ("José Gregorio Hernández Pérez", "V", "Calle Real de Sabana Grande, Caracas", ""),
           ("María Fernanda Rojas", "E", "Urb. El Parral, Valencia, Carabobo", "")]
ITEMS = [("Taladro percutor 750 W", "89.90"), ("Cemento gris (saco 42,5 kg)", "12.75"),
         ("Harina de maíz precocida (bulto)", "31.20"), ("Mantenimiento de aire acondicionado", "145.00"),
         ("Servicio de transporte de carga", "420.00"), ("Licencia de software contable (anual)", "1250.00"),
         ("Consulta médica especializada", "60.00"), ("Resma de papel carta", "7.35"),
         ("Cable eléctrico THW 12 (rollo)", "98.40"), ("Honorarios profesionales", "850.00")]
GERMAN_ITEMS = [("Beratung (Stunde)", "95.00"), ("Bürostuhl Modell Ergo", "289.00"), ("Kopierpapier A4", "24.90"),
                ("Montage vor Ort", "68.50"), ("Fachbuch Steuerrecht", "49.80")]
# the printer of the "forma libre" (factura-ejemplo-fondo.tex prints its legend at the foot)
PRINTERS = ["Impresos La Vega, C.A.", "Litografía Tamanaco, C.A.", "Gráficas Caribe, S.A."]
LAYOUT = ["numitem", "dcu", "duc", "iva", "filas", "agrupatotales", "G", "ivadescripcion", "sinlineasve",
          "sinlineasvi", "sinlineash", "conlineasha", "monedaceldas", "monedadespues", "sinmonedatotales", "todosiva",
          "expandecuadro", "sinexpandir", "unafirma", "sinfirmas"]


def _rif(rnd: random.Random, kind: str) -> str:
    """A RIF valid under python-stdnum's ``ve.rif``, printed 'J-30123456-7' (kind, eight digits, check)."""
    from stdnum.ve import rif

    body = kind + "".join(str(rnd.randint(0, 9)) for _ in range(8))
    return f"{kind}-{body[1:]}-{rif.calc_check_digit(body)}"


def _cedula(rnd: random.Random, kind: str) -> str:
    number = rnd.randint(3_000_000, 30_000_000)
    return f"{kind}-{number:,}".replace(",", ".")


def _money(value: Decimal) -> str:
    """A figure as the class prints it (numprint, factura.def: '.' thousands, ',' decimals)."""
    whole, cents = f"{abs(value):.2f}".split(".")
    return ("-" if value < 0 else "") + f"{int(whole):,}".replace(",", ".") + "," + cents


def _document(rnd: random.Random) -> tuple[str, dict, list[str]]:
    """One document's LaTeX source, its truth, and the figures the page must print."""
    german = rnd.random() < 0.12
    lang = "de" if german else "es"
    kind = "prefactura" if german else rnd.choices(
        ["factura", "notadecredito", "notadedebito", "prefactura"], [60, 15, 10, 15])[0]
    options = [] if kind == "factura" else [kind]
    if german:
        options.append("nospanish")
    for option in rnd.sample(LAYOUT, rnd.randint(0, 5)):
        clash = {"dcu": "duc", "duc": "dcu", "filas": "agrupatotales", "agrupatotales": "filas",
                 "expandecuadro": "sinexpandir", "sinexpandir": "expandecuadro", "unafirma": "sinfirmas",
                 "sinfirmas": "unafirma"}.get(option)
        if clash not in options:
            options.append(option)
    discounts = rnd.random() < 0.25 and "filas" not in options
    if discounts:
        options.append("descuentos")
        if rnd.random() < 0.5:
            options.append("subtotal")
    numbered = "sindenominacion" not in options and (german or rnd.random() > 0.1)
    if not numbered and not german:
        options.append("sindenominacion")

    issued = date(2022, 1, 1) + timedelta(days=rnd.randint(0, 1000))
    credit = rnd.choice([0, 0, 0, 7, 15, 30, 30, 45, 60]) if not german else 0
    if credit == 0 and not german and rnd.random() < 0.15:
        options.append("vencimiento")  # the due date printed, on the issue date
    separator = rnd.choice(["-", "-", "/", "."])

    # the currency: the class's 'Bs.' (\Moneda), the ISO code or 'Bs.D', or a foreign one (divisa)
    money = "EUR" if german else rnd.choice(["Bs.", "Bs.", "VES", "Bs.D", "USD", "$"])
    code = {"Bs.": "VES", "VES": "VES", "Bs.D": "VES", "USD": "USD", "EUR": "EUR", "$": None}[money]
    if money in ("USD", "$"):
        options.append("divisa")

    number = rnd.randint(1, 999_999)
    seller, seller_kind, seller_address = rnd.choice(SELLERS)
    seller_id = de_vat(rnd) if german else _rif(rnd, seller_kind)
    client, client_kind, client_address, contact = rnd.choice(CLIENTS)
    company = client_kind == "J"

    rates = RATES[lang]
    rows, lines = [], []
    catalogue = GERMAN_ITEMS if german else ITEMS
    kinds = ["G"] * 4 + list(rates)[1:] + ["E"]
    for _ in range(rnd.randint(1, 6)):
        name, price = rnd.choice(catalogue)
        price = (Decimal(price) * Decimal(rnd.choice(["1", "1", "1.5", "3", "12", "40"]))).quantize(CENT)
        quantity = rnd.choice([1, 1, 2, 3, 4, 5, 10, 12, 25])
        tax = rnd.choice(kinds)
        discount = rnd.choice([0, 0, 5, 10, 12, 15]) if discounts else 0
        amount = (quantity * price * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
        lines.append((tax, amount))
        command = {"G": r"\Item", "R": r"\ItemR", "A": r"\ItemA", "E": r"\ItemE"}[tax]
        rows.append(f" {command}{{{quantity}}}{{{tex_escape(name)}}}{{{price}}}" + (f"{{{discount}}}" if discounts else ""))
    bases = {t: sum((a for k, a in lines if k == t), Decimal(0)) for t in ["E", *rates]}
    vat = {t: (bases[t] * rates[t] / 100).quantize(CENT, ROUND_HALF_UP) for t in rates}
    net = sum(bases.values(), Decimal(0))
    tax_amount = sum(vat.values(), Decimal(0))
    total = net + tax_amount
    must_print = [_money(total)] + [_money(bases[t]) for t in bases if bases[t]] + \
                 [_money(vat[t]) for t in rates if bases[t]]

    truth = {"issue_date": issued.isoformat(), "subtotal": str(net), "tax_amount": str(tax_amount),
             "total": str(total), "amount_due": str(total), "seller_tax_id": seller_id.replace("-", "")}
    if code:
        truth["currency"] = code
    if numbered:
        truth["invoice_number"] = f"{number:06d}"
    if credit or "vencimiento" in options:
        truth["due_date"] = (issued + timedelta(days=credit)).isoformat()

    tex = [r"\documentclass[" + ",".join(options) + "]{factura}", r"\usepackage[utf8]{inputenc}"]
    if german:  # the class's German example: babel ngerman and the labels it redefines
        tex += [r"\usepackage[ngerman]{babel}", r"\usepackage[T1]{fontenc}", r"\makeatletter",
                r"\def\@AlicuotaG{0.19}\def\@AlicuotaR{0.07}", r"\def\@SimboloAlicuotaG{A}",
                r"\def\@SimboloAlicuotaR{C}\def\@SimboloAlicuotaE{B}", r"\def\@@Datos{Kundenidentifikation}",
                r"\def\@@Fecha{Datum:}\def\@@Nombre{Kunde:}\def\@@RazonSocial{Kunde:}",
                r"\def\@@RIF{USt-IdNr:}\def\@@Contacto{Kontactperson:}\def\@@Direccion{Adresse:}",
                r"\def\@@Telefono{Telefon:}\def\@@Email{E-mail:}\def\@@Cantidad{Menge}",
                r"\def\@@Descripcion{Beschreibung}\def\@@PrecioU{Einzelpreis}\def\@@PrecioT{Gesamt}",
                r"\def\@@Precio{Preis}\def\@@AlicuotaG{MwSt A}\def\@@AlicuotaR{MwSt C}",
                r"\def\@@BIG{Netto 19\%}\def\@@BIR{Netto 7\%}\def\@@BIE{Mwst-befreit}\def\@@Total{Brutto}",
                r"\def\@@Conforme{der Kunde}\def\@@DenominacionFactura{Rechnung}",
                r"\renewcommand{\@EstiloDenominacion}{\@LetraDenominacion\@Denominacion-"
                r"\ifsinnumero\else\@LetraNumeracion Nr:\space\@Num\fi}",
                r"\renewcommand{\@EstiloNumControl}{}\renewcommand{\@EstiloFormalibre}{}", r"\makeatother"]
    if money in ("VES", "Bs.D", "EUR"):
        tex.append(rf"\Moneda{{{money}}}")
    elif money == "USD":
        tex.append(r"\Divisa{USD}")
    tex.append(rf"\Num{{{number}}}")
    if kind == "prefactura":
        tex += [rf"\NumControl{{{rnd.randint(1, 99999)}}}", rf"\NumSerieControl{{{rnd.randint(0, 9):02d}}}"]
    if company:
        tex += [rf"\RazonSocial{{{tex_escape(client)}}}", rf"\RIF{{{_rif(rnd, client_kind)}}}"]
    else:
        tex += [rf"\Nombre{{{tex_escape(client)}}}", rf"\CI{{{_cedula(rnd, client_kind)}}}"]
    if contact:
        tex.append(rf"\Contacto{{{contact}}}")
    tex.append(rf"\Direccion{{{tex_escape(client_address)}}}")
    if rnd.random() < 0.7:
        tex.append(rf"\Telefono{{+58 ({rnd.choice(['212', '241', '261', '414', '424'])}) "
                   rf"{rnd.randint(100, 999)}.{rnd.randint(10, 99)}.{rnd.randint(10, 99)}}}")
    if rnd.random() < 0.6:
        tex.append(rf"\Email{{compras@cliente{rnd.randint(1, 99)}.example.com.ve}}")
    if separator != "-":
        tex.append(rf"\FormatoFecha{{ddmmyyyy}}{{{separator}}}")
    tex.append(rf"\Fecha{{{issued:%d-%m-%Y}}}")
    if credit:
        tex.append(rf"\Credito{{{credit}}}")
    if kind in ("notadecredito", "notadedebito"):
        corrected = issued - timedelta(days=rnd.randint(1, 40))
        tex += [rf"\NumNota{{{rnd.randint(1, max(1, number - 1))}}}", rf"\FechaNota{{{corrected:%d-%m-%Y}}}"]
    label = "USt-IdNr:" if german else rnd.choice(["RIF:", "RIF:", "R.I.F.:"])
    letterhead = [rf"{{\large\bfseries {tex_escape(seller)}}}", tex_escape(seller_address), f"{label} {seller_id}"]
    if rnd.random() < 0.5:
        letterhead.insert(2, rf"Teléfono: +58 (212) {rnd.randint(100, 999)}.{rnd.randint(10, 99)}.{rnd.randint(10, 99)}"
                          if not german else "Telefon: +49 30 1234567")
    tex.append(r"\Membrete{\centering " + r"\par ".join(letterhead) + "}")
    if not german and kind != "prefactura" and rnd.random() < 0.35:
        printer = rnd.choice(PRINTERS)
        tex.append(rf"\NotaFinal{{\tiny Imprenta: {tex_escape(printer)} RIF: {_rif(rnd, 'J')}. Providencia SENIAT "
                   rf"01/0{rnd.randint(1000, 2999)} - Control desde No. 00-000001 hasta No. 00-010000.}}")
    tex += [r"\begin{document}", r"\begin{factura}", *rows, r"\end{factura}", r"\end{document}"]
    return "\n".join(tex) + "\n", truth, must_print


def _render(source: str, pdf: Path, work: Path) -> str:
    """``source`` typeset by pdflatex into ``pdf``; the page's text (pypdfium2)."""
    import pypdfium2

    stem = pdf.stem
    (work / f"{stem}.tex").write_text(source, encoding="utf-8")
    for _ in range(2):  # a second pass when the class's saved positions moved
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{stem}.tex"], cwd=work,
                              capture_output=True, text=True, errors="replace", timeout=300)
        if proc.returncode != 0:
            raise RuntimeError(f"pdflatex failed on {stem}: {proc.stdout[-1500:]}")
        if "Rerun" not in (work / f"{stem}.log").read_text(encoding="latin-1"):
            break
    shutil.copy(work / f"{stem}.pdf", pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


# what the class needs of TeX Live (datetime2 loads tracklang, which Debian puts in
# texlive-plain-generic), and the Debian packages that hold it
TEX_FILES = ("factura.cls", "datetime2.sty", "tracklang.sty")
TEX_PACKAGES = ("texlive-latex-extra", "texlive-plain-generic")


def missing() -> str:
    """Why the documents cannot be typeset here ("" when they can)."""
    return tex_missing(TEX_FILES, TEX_PACKAGES)


def generate(out: Path, count: int = 30, seed: int = 5822) -> list[tuple[Path, dict]]:
    """Write ``count`` documents into ``out``; their (path, truth) pairs."""
    if missing():
        raise RuntimeError(missing())
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    drawn = [_document(rnd) for _ in range(count)]
    made = [(out / f"factura-{i:03d}.pdf", truth) for i, (_, truth, _) in enumerate(drawn)]
    with tempfile.TemporaryDirectory(prefix="factura-tex-") as work, ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(lambda i: _render(drawn[i][0], made[i][0], Path(work)), range(count)))
    for (pdf, _), (_, _, must_print), text in zip(made, drawn, texts):
        printed = set(re.findall(r"\d[\d.]*,\d\d", text))
        unprinted = [figure for figure in must_print if figure not in printed]
        if unprinted:  # the class's own sums differ from ours: the truth would be wrong
            raise RuntimeError(f"{pdf.name}: the page does not print {unprinted}")
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=5822))

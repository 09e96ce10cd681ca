"""What the drawn development sources (benchmarks/*_source.py) share: the truth of a hybrid from
the XML it embeds, the truth file written beside the drawn PDFs, and the command line."""
from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

# business term -> page field, for the truth of a hybrid
XML_FIELDS = (("BT-1", "invoice_number"), ("BT-2", "issue_date"), ("BT-9", "due_date"), ("BT-5", "currency"),
              ("BT-109", "subtotal"), ("BT-110", "tax_amount"), ("BT-112", "total"), ("BT-115", "amount_due"))


def xml_truth(pdf: Path) -> dict:
    """The page's truth: the EN 16931 values of the XML embedded in ``pdf``, read by the product's
    own e-invoice reader (dates ISO, amounts to the cent, the seller's VAT id or else tax number,
    the first IBAN)."""
    from invoice_lint.einvoice import embedded_xml

    inv = embedded_xml(pdf).einvoice
    out = {}
    for term, name in XML_FIELDS:
        value = inv.value(term)
        if value in (None, ""):
            continue
        out[name] = value.isoformat() if isinstance(value, date) else (
            format(Decimal(value).quantize(Decimal("0.01")), "f") if isinstance(value, Decimal) else str(value))
    seller_id = inv.value("BT-31") or inv.value("BT-32")
    if seller_id:
        out["seller_tax_id"] = str(seller_id)
    if inv.ibans:
        out["iban"] = inv.ibans[0]
    return out


# --- seeded identifiers that pass python-stdnum's checks, for the sources that print them -----

def gb_vat(rnd) -> str:
    """A British VAT number (GB and nine digits)."""
    from stdnum.gb import vat

    while True:
        number = "".join(str(rnd.randint(0, 9)) for _ in range(9))
        if vat.is_valid(number):
            return "GB" + number


def ie_vat(rnd) -> str:
    """An Irish VAT number (IE, seven digits and the check letter)."""
    from stdnum.ie import vat

    body = "".join(str(rnd.randint(0, 9)) for _ in range(7))
    return "IE" + body + vat.calc_check_digit(body)


def de_vat(rnd) -> str:
    """A German USt-IdNr. (DE and nine digits, the first not 0)."""
    from stdnum.de import vat

    while True:
        body = str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in range(7))
        for check in "0123456789":
            if vat.is_valid(body + check):
                return "DE" + body + check


def es_vat(rnd) -> str:
    """A Spanish VAT id of a company (ES, a letter, seven digits and the check character)."""
    from stdnum.es import cif

    body = rnd.choice("ABG") + "".join(str(rnd.randint(0, 9)) for _ in range(7))
    return "ES" + body + cif.calc_check_digits(body)[0]


def nl_vat(rnd) -> str:
    """A Dutch VAT id (NL, a nine-digit number passing the eleven test, B01)."""
    from stdnum.nl import bsn

    while True:
        number = str(rnd.randint(1, 9)) + "".join(str(rnd.randint(0, 9)) for _ in range(8))
        if bsn.is_valid(number):
            return "NL" + number + "B01"


def fr_siren(rnd, low: int = 10_000_000) -> str:
    """A French SIREN: eight digits from ``low`` and a Luhn check digit."""
    from stdnum import luhn

    body = str(rnd.randint(low, 99_999_999))
    return body + luhn.calc_check_digit(body)


def fr_siret(siren: str, rnd) -> str:
    """A SIRET of that SIREN: a four-digit establishment number and a Luhn check digit."""
    from stdnum import luhn

    body = siren + f"{rnd.randint(1, 99):04d}"
    return body + luhn.calc_check_digit(body)


def fr_vat(siren: str) -> str:
    """The French VAT id of that SIREN (FR, the key, the SIREN)."""
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def ar_cuit(rnd, prefix: str) -> str:
    """An Argentine CUIT: the two-digit kind ("20", "27" a person, "30", "33" a company), eight
    digits and the check digit (drawn again where the check would be two digits)."""
    from stdnum.ar import cuit

    while True:
        body = prefix + "".join(str(rnd.randint(0, 9)) for _ in range(8))
        check = cuit.calc_check_digit(body)
        if len(check) == 1:
            return body + check


def de_iban(rnd, blz: str) -> str:
    """A German IBAN (DE, check digits, the bank code ``blz``, a ten-digit account), unspaced."""
    from stdnum import iban

    bban = blz + "".join(str(rnd.randint(0, 9)) for _ in range(10))
    number = "DE" + iban.calc_check_digits("DE00" + bban) + bban
    assert iban.is_valid(number)
    return number


def tex_escape(text: str) -> str:
    """Text for a LaTeX document: its special characters escaped (& % # $ _)."""
    return text.replace("&", r"\&").replace("%", r"\%").replace("#", r"\#").replace("$", r"\$").replace("_", r"\_")


def tex_missing(files: tuple[str, ...], packages: tuple[str, ...]) -> str:
    """Why a TeX source cannot typeset here ("" when it can): pdflatex, and each class, package or
    language file it loads (found by kpsewhich), with the Debian packages that hold them."""
    import shutil
    import subprocess

    install = f"apt-get install -y --no-install-recommends {' '.join(packages)}; .ci/run installs them"
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        return f"pdflatex is missing ({install})"
    absent = [file for file in files
              if not subprocess.run(["kpsewhich", file], capture_output=True, text=True).stdout.strip()]
    return f"{', '.join(absent)} missing ({install})" if absent else ""


def kept(out: Path, made: list[tuple[Path, dict]]) -> list[tuple[Path, dict]]:
    """``made`` (the drawn PDFs and their truth), with the truth written to ``out/truth.json``."""
    (out / "truth.json").write_text(json.dumps({p.name: t for p, t in made}, indent=1), encoding="utf-8")
    return made


def main(doc: str, generate, count: int, seed: int) -> int:
    """``python benchmarks/<name>_source.py OUT [--count N] [--seed S]``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=count)
    ap.add_argument("--seed", type=int, default=seed)
    args = ap.parse_args()
    made = generate(args.out, args.count, args.seed)
    print(f"{len(made)} invoices in {args.out}")
    return 0

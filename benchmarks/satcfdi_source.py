"""A Spanish (Mexican) development source: CFDI 4.0 invoices rendered by satcfdi.

The corpus's only real Spanish source is held out (tests/truth/split.yaml), and the Spanish
development sources are narrow (arca: the Argentine ARCA layout; eu-einvoice: Spanish Factur-X
hybrids).  ``satcfdi`` (PyPI, MIT, github.com/SAT-CFDI/python-satcfdi) builds Mexican CFDI 4.0
comprobantes and renders them to PDF through WeasyPrint with its own Jinja templates
(satcfdi/render/templates/Comprobante.html, Conceptos.html, TimbreFiscalDigital.html): a
letter-spaced "CFDI de Ingreso" heading, a table whose header row is "Serie" / "Folio" /
"Emisor" / "Receptor" (the series and the folio each in a column of their own, the issuer's and
the receiver's "RFC:" side by side below their names), "Fecha de Emisión" (ISO date and time),
"Moneda" / "Método de Pago" / "Forma de Pago" / "Uso CFDI" printed as the SAT catalogues'
descriptions ("MXN - Peso Mexicano", "Transferencia electrónica de fondos"), the "Conceptos"
table with each item's "+ Traslados" / "- Retenciones" below it, and the totals block
("Subtotal", "Descuento", one "+ Traslados" row per tax and rate, "- Retenciones", "Total"),
amounts as "1,250.50" without a currency sign.

Nothing is signed or stamped: stamping (timbrado) needs a PAC online, which is never asked.  The
comprobante is built by satcfdi (cfdi40.Comprobante computes the taxes and totals), turned into
its XML and read back (as a received CFDI is, so the catalogue codes carry their descriptions),
and rendered offline (the catalogues are bundled).  About two thirds of the invoices carry a
fake Timbre Fiscal Digital added to that XML before it is read back, as a stamped CFDI's printed
form does: a drawn UUID ("Folio Fiscal"), a stamping time, a PAC's RFC, certificate numbers,
and random bytes in base64 where the seals are (no signature of anything; 96 bytes where a real
seal has 256, since WeasyPrint lays such a long unbroken string out slowly); the template
prints it with its QR code.  We choose the values (seeded: Mexican sellers and buyers with RFCs that
pass python-stdnum's check, series and folio, dates, items with IVA at 16 %, 8 %, 0 % or exempt,
on some invoices ISR and IVA withheld, MXN or USD, payment form and method, payment
conditions); the truth is what we drew, counted only where the page prints it: the invoice
number is the series and the folio together ("A-123"; the folio alone without a series), the
subtotal the net total (the lines less their discounts, which the page's "Subtotal" is only
when no "Descuento" row follows it), the total the page's "Total" (after any withholding), the
tax amount the sum of the taxes transferred ("+ Traslados"; printed only when one row gives
it), the payment methods the payment form's ("Por definir" names none).  The page prints no due
date.  A development source: the reader may be tuned on it, and its figures are development
figures.

Run: python benchmarks/satcfdi_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import base64
import random
import sys
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import kept, main  # noqa: E402

# (name, RFC prefix: three letters for a company, four for a person, regime, post code)
SELLERS = [("SERVICIOS DIGITALES DEL BAJIO", "SDB", "601", "37000"),
           ("COMERCIALIZADORA TECNOLOGICA DEL NORTE", "CTN", "601", "64000"),
           ("CONSULTORES FISCALES ASOCIADOS", "CFA", "601", "06600"),
           ("MARIA FERNANDA LOPEZ GARCIA", "LOGM", "612", "44100"),
           ("JORGE RAMIREZ SOTO", "RASJ", "626", "22000"),
           ("INDUSTRIAS PLASTICAS DE OCCIDENTE", "IPO", "601", "45010")]
BUYERS = [("DISTRIBUIDORA LA PAZ", "DLP", "601", "03100", "G03"),
          ("GRUPO HOTELERO DEL PACIFICO", "GHP", "601", "48300", "G03"),
          ("UNIVERSIDAD DEL VALLE DE ANAHUAC", "UVA", "603", "52786", "G03"),
          ("ANA SOFIA HERNANDEZ CRUZ", "HECA", "612", "76000", "G01"),
          ("LOGISTICA INTEGRAL MONTERREY", "LIM", "601", "66220", "I04")]
# (product or service key, unit key, unit name or None, description, unit price)
ITEMS = [("81111504", "E48", None, "Desarrollo de módulo de facturación", "18500.00"),
         ("81112501", "E48", "Servicio", "Licencia anual de software contable", "7990.00"),
         ("81111811", "MON", "Mes", "Soporte técnico mensual", "3450.50"),
         ("43211503", "H87", "Pieza", "Computadora portátil 14 pulgadas", "15299.00"),
         ("80101500", "HUR", "Hora", "Consultoría administrativa", "1250.00"),
         ("86111604", "ACT", None, "Curso de capacitación en línea", "4800.00"),
         ("84111506", "E48", None, "Timbrado de comprobantes (paquete de 500)", "675.86"),
         ("44121600", "XBX", "Caja", "Papelería de oficina", "389.90")]
# IVA as it is transferred: a rate, or "Exento"
IVA = [Decimal("0.160000")] * 5 + [Decimal("0.080000"), Decimal("0.000000"), "Exento"]
# payment form (FormaPago) -> the payment methods it names
FORMS = {"01": ["cash"], "02": ["cheque"], "03": ["bank_transfer"], "04": ["card"], "28": ["card"]}
CONDITIONS = [None, None, None, "Crédito a 30 días", "Pago en parcialidades", "15 días naturales"]


def _rfc(rnd: random.Random, prefix: str) -> str:
    """An RFC (a company's three letters, a person's four, a birth or founding date, two
    characters of the homonym key and the check digit) that python-stdnum accepts."""
    from stdnum.mx import rfc

    while True:
        born = datetime(rnd.randint(1960, 2015), rnd.randint(1, 12), rnd.randint(1, 28))
        body = prefix + born.strftime("%y%m%d") + "".join(rnd.choice("ABCDEFGHJKLMNPRSTUVWXYZ123456789")
                                                          for _ in range(2))
        number = body + rfc.calc_check_digit(body)
        if rfc.is_valid(number):
            return number


def _one(rnd: random.Random, number: int):
    """(comprobante arguments, stamp or None, truth) of one invoice."""
    from satcfdi.create.cfd import cfdi40

    which = rnd.randrange(len(SELLERS))
    name, prefix, regime, postcode = SELLERS[which]
    seller_rfc = _rfc(random.Random(f"seller{which}"), prefix)  # one seller, one RFC on all its invoices
    bwhich = rnd.randrange(len(BUYERS))
    bname, bprefix, bregime, bpostcode, use = BUYERS[bwhich]
    buyer_rfc = _rfc(random.Random(f"buyer{bwhich}"), bprefix)
    # a person selling services to a company has ISR and two thirds of the IVA withheld
    withheld = len(prefix) == 4 and len(bprefix) == 3 and rnd.random() < 0.6
    currency = rnd.choice(["MXN", "MXN", "MXN", "USD"])
    concepts = []
    for _ in range(rnd.randint(1, 5)):
        key, unit_key, unit, text, price = rnd.choice(ITEMS)
        price = Decimal(price) if currency == "MXN" else (Decimal(price) / 17).quantize(Decimal("0.01"))
        iva = rnd.choice(IVA)
        transferred = cfdi40.Traslado(impuesto="002", tipo_factor="Exento") if iva == "Exento" else \
            cfdi40.Traslado(impuesto="002", tipo_factor="Tasa", tasa_o_cuota=iva)
        retained = [cfdi40.Retencion(impuesto="001", tipo_factor="Tasa", tasa_o_cuota=Decimal("0.100000")),
                    cfdi40.Retencion(impuesto="002", tipo_factor="Tasa", tasa_o_cuota=Decimal("0.106667"))] \
            if withheld and iva == Decimal("0.160000") else None
        quantity = Decimal(rnd.choice(["1", "1", "2", "3", "5", "10", "1.5"]))
        discount = (quantity * price * Decimal(rnd.choice(["0.05", "0.10"]))).quantize(Decimal("0.01")) \
            if rnd.random() < 0.1 else None
        concepts.append(cfdi40.Concepto(clave_prod_serv=key, cantidad=quantity, clave_unidad=unit_key, unidad=unit,
                                        descripcion=text, valor_unitario=price, descuento=discount,
                                        no_identificacion=rnd.choice([None, None, f"SKU-{rnd.randint(100, 999)}"]),
                                        impuestos=cfdi40.Impuestos(traslados=transferred, retenciones=retained)))
    issued = datetime(2024, 1, 2, 8) + timedelta(days=rnd.randint(0, 650), seconds=rnd.randint(0, 10 * 3600))
    deferred = rnd.random() < 0.25
    form = "99" if deferred else rnd.choice(["01", "02", "03", "03", "03", "04", "28"])
    series = rnd.choice(["A", "F", "FAC", "MTY", None])
    folio = str(rnd.choice([number, 1000 + number, rnd.randint(1, 99999)]))
    arguments = {
        "emisor": cfdi40.Emisor(rfc=seller_rfc, nombre=name, regimen_fiscal=regime),
        "lugar_expedicion": postcode,
        "receptor": cfdi40.Receptor(rfc=buyer_rfc, nombre=bname, domicilio_fiscal_receptor=bpostcode,
                                    regimen_fiscal_receptor=bregime, uso_cfdi=use),
        "conceptos": concepts, "moneda": currency, "serie": series, "folio": folio, "forma_pago": form,
        "metodo_pago": "PPD" if deferred else "PUE", "condiciones_de_pago": rnd.choice(CONDITIONS),
        "tipo_cambio": Decimal(f"{rnd.uniform(16.5, 20.5):.4f}") if currency == "USD" else None,
        "fecha": issued}
    stamp = None
    if rnd.random() < 0.67:
        stamp = {"UUID": str(uuid.UUID(int=rnd.getrandbits(128), version=4)).upper(),
                 "FechaTimbrado": (issued + timedelta(seconds=rnd.randint(20, 900))).isoformat(),
                 "RfcProvCertif": rnd.choice(["SPR190613I52", "AAA010101AAA"]),
                 "NoCertificadoSAT": f"{rnd.randint(10**19, 10**20 - 1)}",
                 "certificate": f"{rnd.randint(10**19, 10**20 - 1)}",
                 "seal": base64.b64encode(rnd.randbytes(96)).decode(),
                 "sat_seal": base64.b64encode(rnd.randbytes(96)).decode()}
    truth = {"invoice_number": f"{series}-{folio}" if series else folio, "issue_date": issued.date().isoformat(),
             "currency": currency, "seller_tax_id": seller_rfc}
    if form in FORMS:
        truth["payment_methods"] = FORMS[form]
    return arguments, stamp, truth


def _comprobante(arguments: dict, stamp: dict | None):
    """The comprobante as satcfdi builds it, read back from its XML (with the fake stamp)."""
    from lxml import etree
    from satcfdi.cfdi import CFDI
    from satcfdi.create.cfd import cfdi40

    built = cfdi40.Comprobante(**arguments)
    root = built.to_xml()
    if stamp:
        root.set("Sello", stamp["seal"])
        root.set("NoCertificado", stamp["certificate"])
        complement = etree.SubElement(root, "{http://www.sat.gob.mx/cfd/4}Complemento")
        tfd = "http://www.sat.gob.mx/TimbreFiscalDigital"
        etree.SubElement(complement, f"{{{tfd}}}TimbreFiscalDigital", nsmap={"tfd": tfd}, attrib={
            "Version": "1.1", "UUID": stamp["UUID"], "FechaTimbrado": stamp["FechaTimbrado"],
            "RfcProvCertif": stamp["RfcProvCertif"], "SelloCFD": stamp["seal"],
            "NoCertificadoSAT": stamp["NoCertificadoSAT"], "SelloSAT": stamp["sat_seal"]})
    return built, CFDI.from_xml(root)


def _money(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def generate(out: Path, count: int = 30, seed: int = 2031) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    from satcfdi.render import pdf_write

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        arguments, stamp, truth = _one(rnd, i + 1)
        built, comprobante = _comprobante(arguments, stamp)
        # the net total (EN 16931 BT-109) is the sum of the lines less their discounts: the page's
        # "Subtotal" when no "Descuento" row follows it, else printed nowhere
        truth["subtotal"] = _money(built["SubTotal"] - (built.get("Descuento") or 0))
        truth["total"] = _money(built["Total"])
        taxes = built.get("Impuestos") or {}
        if taxes.get("TotalImpuestosTrasladados") is not None:
            truth["tax_amount"] = _money(taxes["TotalImpuestosTrasladados"])
        path = out / f"satcfdi-{i:03d}.pdf"
        pdf_write(comprobante, str(path))
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=2031))

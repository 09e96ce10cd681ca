"""A Spanish (Argentine) development source: invoices drawn by facturador-afip in ARCA's own layout.

The corpus's only real Spanish source (Argentine AFIP/ARCA invoices) is held out for testing
(tests/truth/split.yaml), and our other Argentine source (arca_source.py, arca-factura-pdf) lays
its pages out in a design of its own.  ``facturador-afip`` (PyPI 0.1.0, MIT) issues invoices
through ARCA's web services and draws their PDF "with the same design as ARCA's 'Comprobantes en
línea'" (facturador_afip/pdf.py), the layout most real Argentine invoices have: the 'ORIGINAL'
banner, the letter box ('A', 'COD. 001'), 'Punto de Venta: 00003  Comp. Nro: 00001234',
'Fecha de Emisión:', the issuer's 'CUIT:', 'Ingresos Brutos:' and 'Fecha de Inicio de
Actividades:', for services the billed period with 'Fecha de Vto. para el pago:', the receiver's
block with 'Condición de venta:', the item table 'Código / Producto / Servicio / Cantidad /
U. Medida / Precio Unit. / % Bonif / Imp. Bonif. / Subtotal', and the sums 'Importe Neto
Gravado: $', 'IVA: $' (a C invoice: 'Subtotal: $'), 'Importe Otros Tributos: $', 'Importe
Total: $', amounts as '1234,56'; the export invoice E ('FACTURA DE EXPORTACIÓN', 'Compr. Nro:
00003-00001234', 'Divisa: USD - Dólar Estadounidense', 'Fecha de Pago:', 'Importe Total: USD')
in a layout of its own (``generar``).  The wording and layout are the library's; we call its
``generar_desde`` with the JSON it keeps of an issued invoice, and compute the sums with its own
``emision.calcular_comun``.  Nothing is sent to ARCA: the CAE is drawn.

We choose the values (seeded): invoices A, B and C and their credit notes (with the invoice they
credit, 'Comprobante asociado: Factura A 00002-00000871 del 03/02/2025'), export invoices E in
US dollars or euros with an exchange rate, goods or services (services print the billed period
and 'Fecha de Vto. para el pago'), 1-5 items at 21 %, 10.5 % or 27 % VAT with a 'bonificación'
now and then (not on E: its layout prints no discount, so its lines would not balance), valid CUITs (python-stdnum), receivers with a CUIT, a DNI or none (final
consumer), ARCA's sale conditions, pesos or now and then dollars on an A or B invoice, and a
'VISTA PREVIA – SIN VALOR FISCAL' draft (no number, no CAE) now and then.  The truth is what we
drew, counted only where the page prints it: the invoice number is the point of sale and the
number as the page prints them ('00003-00001234'; none on a draft), the due date only the
period's 'Fecha de Vto. para el pago' (an export invoice's 'Fecha de Pago' is left out: it is
the agreed payment date of WSFEX, but the words name a date paid as well), the net the 'Importe
Neto Gravado' of A and B and the 'Subtotal' of C, the tax the 'IVA' of A and B (a C invoice
states none; an export invoice prints only its total), the amount due the total (nothing is
prepaid), the currency ARS for '$' and the ISO code printed otherwise, the seller's tax id its
CUIT.  The amounts of a credit note are printed, and counted, positive.  A development source:
the reader may be tuned on it, and its figures are development figures.

The files are written to a folder the caller gives (a temporary one in the benchmark and the
tests) and never kept: the pages carry a made-up CAE.

Run: python benchmarks/facturadorafip_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import ar_cuit, kept, main  # noqa: E402

CENT = Decimal("0.01")
SELLERS = [("ESTUDIO CONTABLE RIVAS S.R.L.", "30"), ("PANIFICADORA LA ESPIGA S.A.", "30"),
           ("TECNO INSUMOS DEL PLATA S.A.", "33"), ("GOMEZ MARTIN ALBERTO", "20"), ("BENITEZ LAURA SOFIA", "27"),
           ("CONSULTORA PATAGONIA S.A.S.", "30"), ("SERVICIOS INTEGRALES CUYO S.R.L.", "30")]
STREETS = ["Av. Corrientes 1234 Piso 5 Dto. B - Ciudad de Buenos Aires", "San Martín 455 - Mendoza, Mendoza",
           "Bv. Oroño 980 - Rosario, Santa Fe", "Calle 7 N° 1020 - La Plata, Buenos Aires",
           "Av. Colón 3300 - Córdoba, Córdoba", "Belgrano 77 - San Miguel de Tucumán, Tucumán"]
CLIENTS = ["DISTRIBUIDORA EL FARO S.R.L.", "LOPEZ MARIA", "COMERCIAL DEL SUR S.A.", "PEREZ JUAN CARLOS",
           "HOTEL LOS ANDES S.A.", "CLUB ATLETICO VILLA CRESPO", "CLINICA SAN MARTIN S.A."]
GOODS = [("Resma A4 75 g (caja x 10)", "4350.00"), ("Cartucho de tóner negro", "28990.50"),
         ("Silla ergonómica de oficina", "189000.00"), ("Cable UTP Cat. 6 (metro)", "720.00"),
         ("Monitor LED 24 pulgadas", "245999.99"), ("Pan francés (kg)", "2100.00")]
SERVICES = [("Servicio de consultoría informática", "85000.00"), ("Honorarios profesionales", "150000.00"),
            ("Mantenimiento mensual de equipos", "62500.00"), ("Clases de inglés (hora)", "12000.00"),
            ("Diseño gráfico de piezas para redes", "47300.75"), ("Alquiler de sala de reuniones", "38000.00")]
EXPORTS = [("Desarrollo de software (sprint)", "4500.00"), ("Horas de consultoría", "95.00"),
           ("Servicio de traducción técnica", "1250.50"), ("Soporte técnico remoto (mensual)", "800.00")]
# ARCA's conditions of sale (Comprobantes en línea)
CONDITIONS = ["Contado", "Contado", "Cuenta Corriente", "Tarjeta de Débito", "Tarjeta de Crédito", "Cheque",
              "Transferencia Bancaria", "Otra"]
# export destinations: (country, the receiver's 'CUIT País', its description)
DESTINATIONS = [("ESTADOS UNIDOS", "55000002206", "ESTADOS UNIDOS - Persona Jurídica"),
                ("URUGUAY", "50000008587", "URUGUAY - Persona Jurídica"),
                ("ESPAÑA", "50000001754", "ESPAÑA - Persona Jurídica"), ("CHILE", "", "")]
CURRENCIES = {"DOL": "Dólar Estadounidense", "060": "Euro"}


def _ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


def _items(rnd: random.Random, catalogue, rates: bool, discounts: bool = True) -> list[dict]:
    items = []
    for _ in range(rnd.randint(1, 5)):
        name, price = rnd.choice(catalogue)
        item = {"descripcion": name, "cantidad": rnd.choice([1, 1, 2, 3, 5, 10, 12]), "precio": price}
        if discounts and rnd.random() < 0.3:
            gross = (Decimal(item["cantidad"]) * Decimal(price)).quantize(CENT)
            item["bonificacion"] = str((gross * Decimal(rnd.choice([5, 10, 15])) / 100).quantize(CENT))
        if rates:
            item["iva"] = rnd.choice([21, 21, 21, 10.5, 27])
        if rnd.random() < 0.5:
            item["codigo"] = f"P{rnd.randint(1, 999):03d}"
        items.append(item)
    return items


def _seller(rnd: random.Random, tipo: str) -> dict:
    name, prefix = rnd.choice(SELLERS)
    number = ar_cuit(rnd, prefix)
    return {"razon_social": name, "domicilio_comercial": rnd.choice(STREETS), "cuit": number,
            "condicion_iva": "Responsable Monotributo" if tipo == "C" else "IVA Responsable Inscripto",
            "ingresos_brutos": rnd.choice([number, f"901-{rnd.randint(100000, 999999)}-{rnd.randint(0, 9)}", "Exento"]),
            "inicio_actividades": f"20{rnd.randint(5, 22):02d}-{rnd.randint(1, 12):02d}-01"}


def _common(rnd: random.Random, issued: date) -> tuple[dict, dict]:
    """An invoice or credit note A, B or C: the JSON facturador-afip keeps of it, and its truth."""
    from facturador_afip.emision import calcular_comun

    tipo = rnd.choice(["A", "A", "B", "B", "C", "C"])
    services = rnd.random() < 0.55
    items = _items(rnd, SERVICES if services else GOODS, tipo != "C")
    neto, iva, total, _ = calcular_comun({"tipo": tipo, "items": items})
    doc_tipo = 80 if tipo == "A" else rnd.choice([80, 96, 99, 99])
    receptor = {"doc_tipo": doc_tipo, "condicion_iva": 1 if tipo == "A" else (5 if doc_tipo != 80 else rnd.choice([1, 4, 6])),
                "nombre": rnd.choice(CLIENTS) if doc_tipo != 99 else "", "domicilio": rnd.choice(STREETS)}
    receptor["doc_nro"] = {80: ar_cuit(rnd, rnd.choice(["20", "27", "30"])), 96: str(rnd.randint(10_000_000, 45_000_000)),
                           99: "0"}[doc_tipo]
    dollars = tipo != "C" and rnd.random() < 0.15
    s = {"tipo": tipo, "punto_venta": rnd.randint(1, 30), "numero": rnd.randint(1, 99999), "fecha": _ymd(issued),
         "moneda": "DOL" if dollars else "PES", "cotizacion": f"{rnd.randint(850, 1450)}.{rnd.randint(0, 99):02d}"
         if dollars else "1", "neto": str(neto), "iva": str(iva), "total": str(total), "receptor": receptor,
         "condicion_venta": rnd.choice(CONDITIONS), "factura": {"tipo": tipo, "items": items}}
    truth = {"invoice_number": f"{s['punto_venta']:05d}-{s['numero']:08d}", "issue_date": issued.isoformat(),
             "subtotal": str(neto if tipo != "C" else total), "total": str(total), "amount_due": str(total),
             "currency": "USD" if dollars else "ARS"}
    if tipo != "C":
        truth["tax_amount"] = str(iva)
    if services:
        start = issued.replace(day=1)
        due = issued + timedelta(days=rnd.choice([0, 10, 15, 30]))
        s["periodo"] = {"desde": _ymd(start), "hasta": _ymd(start + timedelta(days=27)), "vto_pago": _ymd(due)}
        truth["due_date"] = due.isoformat()
    if rnd.random() < 0.25:
        credited = issued - timedelta(days=rnd.randint(5, 60))
        s["nota_credito"] = True
        s["asociado"] = {"tipo": tipo, "punto_venta": s["punto_venta"], "numero": rnd.randint(1, s["numero"]),
                         "fecha": _ymd(credited)}
    return s, truth


def _export(rnd: random.Random, issued: date) -> tuple[dict, dict]:
    """An export invoice E in dollars or euros: the JSON facturador-afip keeps of it, and its truth."""
    # no bonificación: the export layout prints no discount column, only quantity, price and a net
    items = _items(rnd, EXPORTS, False, discounts=False)
    total = sum(((Decimal(it["cantidad"]) * Decimal(it["precio"])).quantize(CENT) - Decimal(it.get("bonificacion", 0))
                 for it in items), Decimal(0))
    moneda = rnd.choice(["DOL", "DOL", "060"])
    country, cuit_pais, cuit_pais_ds = rnd.choice(DESTINATIONS)
    cliente = {"nombre": rnd.choice(["Acme Corp.", "Globex LLC", "Soluciones Ibéricas S.L.", "Importadora Andina SpA"]),
               "domicilio": rnd.choice(["350 Fifth Avenue, New York", "Rambla 1200, Montevideo", "Gran Vía 28, Madrid"])}
    if cuit_pais:
        cliente["cuit_pais"] = cuit_pais
    else:
        cliente["id_impositivo"] = f"7{rnd.randint(1000000, 9999999)}-{rnd.randint(0, 9)}"
    s = {"tipo": "E", "punto_venta": rnd.randint(1, 30), "numero": rnd.randint(1, 9999), "fecha": _ymd(issued),
         "moneda": moneda, "cotizacion": f"{rnd.randint(850, 1600)}.{rnd.randint(0, 999999):06d}", "total": str(total),
         "descripciones": {"pais": country, "cuit_pais": cuit_pais_ds, "moneda": CURRENCIES[moneda], "unidad": "unidades"},
         "factura": {"cliente": cliente, "items": items,
                     "forma_pago": rnd.choice(["Transferencia bancaria", "Wire transfer", "Contado", "Carta de crédito"])}}
    if rnd.random() < 0.7:
        s["fecha_pago"] = _ymd(issued + timedelta(days=rnd.choice([15, 30, 60])))
    truth = {"invoice_number": f"{s['punto_venta']:05d}-{s['numero']:08d}", "issue_date": issued.isoformat(),
             "total": str(total), "amount_due": str(total), "currency": {"DOL": "USD", "060": "EUR"}[moneda]}
    return s, truth


def _one(rnd: random.Random) -> tuple[dict, dict]:
    issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 700))
    s, truth = (_export if rnd.random() < 0.2 else _common)(rnd, issued)
    s["emisor"] = _seller(rnd, s["tipo"])
    truth["seller_tax_id"] = s["emisor"]["cuit"]
    if rnd.random() < 0.15:  # a draft: no number, no CAE, a watermark
        s["vista_previa"] = True
        truth.pop("invoice_number")
    else:
        s["cae"] = str(rnd.randint(70_000_000_000_000, 79_999_999_999_999))
        s["vencimiento_cae"] = _ymd(issued + timedelta(days=10))
    return s, truth


def generate(out: Path, count: int = 30, seed: int = 1904) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    from facturador_afip.pdf import generar_desde

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        s, truth = _one(rnd)
        path = out / f"facturadorafip-{i:03d}.pdf"
        generar_desde(s, path)
        made.append((path, truth))
    return kept(out, made)


if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=30, seed=1904))

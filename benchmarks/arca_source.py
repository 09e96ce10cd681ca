"""A Spanish (Argentine) development source: invoices drawn by another project's software.

The only real Spanish source of ../shared/corpus (Argentine AFIP invoices) is held out for
testing (tests/truth/split.yaml), so the reader had no Spanish page to be developed on.  This
module draws one: ``arca-factura-pdf`` (PyPI, MIT; the rendering layer of FactuARCA's production
invoicing, github.com/puppetmaster886/arca-factura-pdf) lays out Argentine invoices in the
ARCA/AFIP format with its own wording, fonts and styles; we only choose the values (seeded), so
the truth is known and the wording is not ours.  It is a development source: the reader may be
tuned on it, and its figures are reported as development figures.

The files are written to a folder the caller gives (a temporary one in the benchmark and the
tests) and never kept: a fiscal-mode page carries a made-up CAE and must not leave that folder.

Run: python benchmarks/arca_source.py OUT [--count N] [--seed S]  (writes OUT/*.pdf + truth.json)
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _drawn import ar_cuit, kept, main  # noqa: E402

CENT = Decimal("0.01")
# what the AFIP code of each VAT rate (alícuota id) is
RATES = {5: Decimal("0.21"), 4: Decimal("0.105"), 6: Decimal("0.27")}
COMPANIES = ["Estudio Rivas y Asociados S.R.L.", "Panificadora La Espiga S.A.", "Tecno Insumos del Plata S.A.",
             "Martín Gómez", "Ferretería Don Julio S.R.L.", "Consultora Patagonia S.A.S.", "Laura Benítez",
             "Servicios Integrales Cuyo S.R.L.", "Distribuidora Norte Grande S.A.", "Imprenta Río de la Plata S.R.L."]
CLIENTS = ["Distribuidora El Faro S.R.L.", "María López", "Comercial del Sur S.A.", "Juan Pérez",
           "Hotel Los Andes S.A.", "Club Atlético Villa Crespo", "Clínica San Martín S.A."]
STREETS = ["Av. Corrientes 1234, CABA", "San Martín 455, Mendoza", "Bv. Oroño 980, Rosario",
           "Calle 7 N° 1020, La Plata", "Av. Colón 3300, Córdoba"]
ITEMS = [("Consultoría técnica", "Relevamiento y diagnóstico"), ("Desarrollo de software", "Sprint quincenal"),
         ("Resma A4 75g", "Caja x10 resmas"), ("Servicio de logística", ""), ("Honorarios profesionales", ""),
         ("Mantenimiento de equipos", "Visita técnica"), ("Diseño gráfico", "Piezas para redes"),
         ("Alquiler de sala", "Jornada completa"), ("Soporte técnico remoto", "Bolsa de horas")]
BANKS = ["Banco Nación", "Banco Galicia", "Banco Santander Argentina", "Banco Macro"]
MEDIOS = ["Transferencia bancaria", "Transferencia o depósito", "Mercado Pago", "Efectivo o transferencia"]


def _money(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def _one(rnd: random.Random):
    """(detail, arca_data, result, cuit_emisor, branding overrides, fiscal, truth) of one invoice."""
    tipo = rnd.choice([1, 1, 6, 6, 11])
    pv, nro = rnd.randint(1, 30), rnd.randint(1, 99999)
    issued = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 900))
    due = issued + timedelta(days=rnd.choice([10, 15, 30, 45]))
    concepto = rnd.choice([1, 2, 3])
    items, net = [], Decimal(0)
    for _ in range(rnd.randint(1, 8)):
        name, desc = rnd.choice(ITEMS)
        qty = Decimal(rnd.choice([1, 1, 2, 3, 5, 10]))
        rate = Decimal(rnd.randint(5000, 6000000)) / 100
        amount = _money(qty * rate)
        items.append({"name": name, "description": desc, "quantity": float(qty), "rate": float(rate),
                      "item_total": float(amount)})
        net += amount
    alicuotas = []
    if tipo != 11:
        ids = rnd.choice([[5], [5], [4], [5, 4]]) if len(items) > 1 else [rnd.choice([5, 5, 4])]
        if len(ids) == 2:
            half = sum(Decimal(str(i["item_total"])) for i in items[: len(items) // 2])
            bases = [half, net - half]
        else:
            bases = [net]
        alicuotas = [{"id": i, "base_imp": float(b), "importe": float(_money(b * RATES[i]))} for i, b in zip(ids, bases)]
    tax = sum((Decimal(str(a["importe"])) for a in alicuotas), Decimal(0))
    total = net + tax
    seller_cuit = ar_cuit(rnd, rnd.choice(["20", "27", "30", "33"]))
    client_cuit = ar_cuit(rnd, "30") if tipo == 1 or rnd.random() < 0.4 else ""
    seller = rnd.choice(COMPANIES)
    detail = {"invoice_number": f"INV-{rnd.randint(1000, 999999):06d}", "date": issued.isoformat(),
              "due_date": due.isoformat(), "customer_name": rnd.choice(CLIENTS) if client_cuit else "Consumidor Final",
              "total": float(total), "tax_total": float(tax), "notes": rnd.choice(["", "Gracias por su compra."]),
              "line_items": items, "custom_fields": []}
    arca = {"tipo_cbte": tipo, "punto_venta": pv, "fecha": issued.isoformat(), "fecha_vto": due.isoformat(),
            "cuit_receptor": client_cuit, "importe_neto": float(net), "importe_iva": float(tax),
            "importe_total": float(total), "concepto": concepto, "alicuotas": alicuotas}
    result = {"cae": rnd.randint(70_000_000_000_000, 79_999_999_999_999),
              "cae_vto": (issued + timedelta(days=10)).strftime("%Y%m%d"), "nro_comprobante": nro}
    pay = rnd.random() < 0.5
    branding = {
        "brand_name": seller if rnd.random() < 0.7 else "", "emisor_razon_social": seller,
        "emisor_domicilio": rnd.choice(STREETS), "emisor_iibb": seller_cuit if rnd.random() < 0.5 else "",
        "emisor_inicio_act": f"01/0{rnd.randint(1, 9)}/20{rnd.randint(10, 22)}",
        "emisor_iva": "Responsable Monotributo" if tipo == 11 else "IVA Responsable Inscripto",
        "style": {"preset": rnd.choice(["clasico", "moderno", "minimal", "corporativo", "elegante"])},
        "options": {"iva_breakdown": rnd.choice(["all", "all", "main"]), "show_proforma": rnd.random() < 0.5,
                    "layout": rnd.choice(["expandido", "compacto"]), "show_customer_notes": True,
                    "payment": {"titular": seller, "cbu": "".join(str(rnd.randint(0, 9)) for _ in range(22)),
                                "alias": "PAGO.FACTURAS." + str(rnd.randint(10, 99)), "banco": rnd.choice(BANKS),
                                "medios": rnd.choice(MEDIOS)} if pay else {}},
    }
    truth = {"invoice_number": f"{pv:04d}-{nro:08d}", "issue_date": issued.isoformat(),
             "due_date": due.isoformat(), "total": str(_money(total)), "subtotal": str(_money(net)), "tax_amount": str(_money(tax)),
             "seller_tax_id": seller_cuit, "currency": "ARS"}
    if concepto == 1:  # goods: the page prints no billed period and no payment due date
        truth.pop("due_date")
    if tipo == 11:  # a Factura C states no VAT and no net: its one amount is the total
        truth.pop("tax_amount")
        truth.pop("subtotal")
    return detail, arca, result, seller_cuit, branding, True, truth


def generate(out: Path, count: int = 40, seed: int = 2024) -> list[tuple[Path, dict]]:
    """Write ``count`` invoices into ``out``; their (path, truth) pairs."""
    from factura_pdf import PdfBranding, branding_from_dict, generate_invoice_pdf

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        detail, arca, result, seller_cuit, branding, fiscal, truth = _one(rnd)
        pdf = generate_invoice_pdf(detail, arca, result, seller_cuit, branding_from_dict(branding, PdfBranding()),
                                   fiscal=fiscal)
        path = out / f"arca-{i:03d}.pdf"
        path.write_bytes(pdf)
        made.append((path, truth))
    return kept(out, made)



if __name__ == "__main__":
    sys.exit(main(__doc__, generate, count=40, seed=2024))

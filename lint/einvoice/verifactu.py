"""The Spanish tax QR code (VeriFactu, RD 1007/2023): what the AEAT's cotejo URL in it says.

Every invoice from billing software (Sistemas Informáticos de Facturación) prints on its first
page a QR code holding a URL of the AEAT's verification service (Orden HAC/1177/2024 arts. 20-21;
AEAT, "Detalle de las especificaciones técnicas del código «QR» de la factura y de la «URL» del
servicio de cotejo o remisión de información por parte del receptor de la factura")::

    https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&numserie=12345678%26G33&fecha=01-01-2024&importe=241.4

- path ``ValidarQR`` for software in VERI*FACTU mode (it sends each record to the AEAT), or
  ``ValidarQRNoVerifactu`` for the other mode; host ``www2.agenciatributaria.gob.es`` in
  production, ``prewww2.aeat.es`` for the AEAT's test environment (not for real invoices);
- four parameters, UTF-8 and URL-encoded: ``nif`` (the issuer's NIF, 9 characters), ``numserie``
  (series and number, up to 60 characters), ``fecha`` (issue date, DD-MM-AAAA) and ``importe``
  (the total, a point for decimals, at most 12 digits and 2 decimals).

``parse`` reads one decoded QR text; anything that is not such a URL is None (a girocode, a
payment link, an Argentine AFIP code ...).  Values are typed (a ``date``, a ``Decimal``) and
each malformed or missing parameter is a problem in words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

PRODUCTION_HOSTS = ("www2.agenciatributaria.gob.es",)
TEST_HOSTS = ("prewww2.aeat.es",)
PATHS = {"/wlpl/TIKE-CONT/ValidarQR": "VERI*FACTU", "/wlpl/TIKE-CONT/ValidarQRNoVerifactu": "no VERI*FACTU"}
PARAMETERS = ("nif", "numserie", "fecha", "importe")
_IMPORTE = re.compile(r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$")
_FECHA = re.compile(r"^([0-9]{2})-([0-9]{2})-([0-9]{4})$")
_NIF = re.compile(r"^[0-9A-Z]{9}$")


@dataclass
class TaxQR:
    """One AEAT tax QR: its URL, mode, and typed parameters (None when missing or malformed)."""

    url: str
    mode: str  # "VERI*FACTU" or "no VERI*FACTU"
    test_environment: bool
    nif: str | None = None
    numserie: str | None = None
    fecha: date | None = None
    importe: Decimal | None = None
    raw: dict[str, str] = field(default_factory=dict)  # each parameter as written
    problems: list[str] = field(default_factory=list)

    @property
    def verifactu(self) -> bool:
        return self.mode == "VERI*FACTU"


def parse(text: str) -> TaxQR | None:
    """The AEAT tax QR a decoded text holds, or None when it is not one (another kind of QR)."""
    url = text.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path.rstrip("/")
    mode = next((m for p, m in PATHS.items() if path.lower() == p.lower()), None)
    if parts.scheme.lower() not in ("http", "https") or mode is None or \
            not (host.endswith("agenciatributaria.gob.es") or host.endswith("aeat.es")):
        return None
    qr = TaxQR(url=url, mode=mode, test_environment=host in TEST_HOSTS)
    if qr.test_environment:
        qr.problems.append(f"it points to the AEAT's test environment ({host}), not to its production service "
                           f"({PRODUCTION_HOSTS[0]})")
    if parts.scheme.lower() != "https":
        qr.problems.append("the URL is not https")
    try:
        values = parse_qs(parts.query, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                          errors="strict")
    except UnicodeDecodeError:
        qr.problems.append("its parameters are not UTF-8")
        return qr
    for name in PARAMETERS:
        given = values.get(name)
        if not given or not given[0].strip():
            qr.problems.append(f"the parameter '{name}' is missing")
            continue
        if len(given) > 1:
            qr.problems.append(f"the parameter '{name}' is given {len(given)} times")
        qr.raw[name] = value = given[0].strip()
        if name == "nif":
            if _NIF.match(value.upper()):
                qr.nif = value.upper()
            else:
                qr.problems.append(f"nif={value!r} is not a 9-character NIF")
        elif name == "numserie":
            if len(value) <= 60:
                qr.numserie = value
            else:
                qr.problems.append(f"numserie is {len(value)} characters long (at most 60)")
        elif name == "fecha":
            qr.fecha = _date(value)
            if qr.fecha is None:
                qr.problems.append(f"fecha={value!r} is not a date written DD-MM-AAAA")
        else:
            qr.importe = _amount(value)
            if qr.importe is None:
                qr.problems.append(f"importe={value!r} is not an amount with a decimal point and at most "
                                   f"2 decimals")
    return qr


def _date(value: str) -> date | None:
    match = _FECHA.match(value)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _amount(value: str) -> Decimal | None:
    if not _IMPORTE.match(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


__all__ = ["TaxQR", "parse", "PARAMETERS"]

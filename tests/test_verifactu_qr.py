"""The Spanish tax QR code (VeriFactu, issue #15): found and decoded on the first page, its URL read,
and its NIF, number, date and total held against the page, through the real CLI.

The PDFs are printed here (reportlab) with a real QR code (segno) holding an AEAT cotejo URL, then
read by the real reader, rendered by PDFium and decoded by zxing-cpp (the ``qr`` extra).
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from invoice_lint.einvoice import verifactu

pytest.importorskip("zxingcpp", reason="the qr extra (zxing-cpp) is part of the test install")

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
URL = ("https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=B12345674&numserie=F2027-0042"
       "&fecha=15-03-2027&importe=1210.00")


def _pdf(path: Path, qr_url: str | None, legend: str | None = "VERI*FACTU", issued: str = "15/03/2027") -> Path:
    import segno
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if FONT.exists():
        pdfmetrics.registerFont(TTFont("DejaVuQ", str(FONT)))
        font = "DejaVuQ"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    c.setFont(font, 10)
    if qr_url:  # 35 mm, error correction M, top left: as the AEAT's specification asks
        image = io.BytesIO()
        segno.make(qr_url, error="m").save(image, kind="png", scale=4, border=4)
        image.seek(0)
        c.drawImage(ImageReader(image), 15 * mm, height - 50 * mm, 35 * mm, 35 * mm)
        if legend:
            c.drawString(15 * mm, height - 55 * mm, legend)
    rows = [(160, 40, "Construcciones Norte S.L."), (160, 55, "Calle Mayor 12, 28013 Madrid"),
            (160, 70, "NIF: B12345674"), (300, 150, "FACTURA"), (300, 170, "Nº factura: F2027-0042"),
            (300, 185, f"Fecha de expedición: {issued}"), (50, 150, "Cliente: Distribuciones Sur S.A."),
            (50, 165, "NIF: A87654323"), (50, 240, "Descripción"), (400, 240, "Importe"),
            (50, 260, "Servicios de consultoría marzo"), (400, 260, "1.000,00 €"),
            (300, 320, "Base imponible"), (450, 320, "1.000,00 €"), (300, 335, "IVA 21 %"), (450, 335, "210,00 €"),
            (300, 350, "Total factura"), (450, 350, "1.210,00 €")]
    for x, y, text in rows:
        c.drawString(x, height - y, text)
    c.save()
    return path


def _check(*paths: Path, config: Path | None = None) -> list[dict]:
    args = [sys.executable, "-m", "invoice_lint", "check", "--jurisdiction", "es", "--select", "ES01",
            "--output-format", "json", "--no-cache", *map(str, paths)]
    if config is not None:
        args += ["--config", str(config)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def _by_file(findings: list[dict]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for f in findings:
        out.setdefault(Path(f["path"]).name, []).append((f["code"], f["message"]))
    return {name: sorted(found) for name, found in out.items()}


def test_the_tax_qr_through_the_cli(tmp_path):
    files = [
        _pdf(tmp_path / "consistent.pdf", URL),
        _pdf(tmp_path / "mismatch.pdf", URL.replace("fecha=15-03-2027", "fecha=16-03-2027")
             .replace("importe=1210.00", "importe=1100.00").replace("nif=B12345674", "nif=B1234567D")),
        _pdf(tmp_path / "no-legend.pdf", URL, legend=None),
        _pdf(tmp_path / "other-mode.pdf", URL.replace("ValidarQR?", "ValidarQRNoVerifactu?"), legend=None),
        _pdf(tmp_path / "no-qr.pdf", None),
        _pdf(tmp_path / "malformed.pdf", URL.replace("fecha=15-03-2027", "fecha=2027-03-15")
             .replace("importe=1210.00", "importe=1210,00")),
        _pdf(tmp_path / "before.pdf", None, issued="31/12/2026"),
    ]
    found = _by_file(_check(*files))
    assert "consistent.pdf" not in found
    assert "other-mode.pdf" not in found  # no VERI*FACTU mode: no legend needed
    assert "before.pdf" not in found  # issued before 1 January 2027: not bound
    assert [code for code, _ in found["mismatch.pdf"]] == ["ES013", "ES013", "ES013"]
    messages = " | ".join(m for _, m in found["mismatch.pdf"])
    assert "fecha (issue date) is 16-03-2027, but the page shows 2027-03-15" in messages
    assert "importe (total amount) is 1100.00, but the page shows 1210.00" in messages
    assert "nif (issuer NIF) is B1234567D, but the page shows B12345674" in messages
    assert [code for code, _ in found["no-legend.pdf"]] == ["ES010"]
    assert [code for code, _ in found["no-qr.pdf"]] == ["ES011"]
    assert [code for code, _ in found["malformed.pdf"]] == ["ES012", "ES012"]
    assert "fecha='2027-03-15' is not a date written DD-MM-AAAA" in found["malformed.pdf"][0][1] + \
        found["malformed.pdf"][1][1]


def test_the_later_date_for_taxpayers_outside_corporate_tax(tmp_path):
    late = _pdf(tmp_path / "march.pdf", None)  # 15 March 2027, no QR
    config = tmp_path / "invoice-lint.toml"
    assert [f["code"] for f in _check(late)] == ["ES011"]
    config.write_text('verifactu-taxpayer = "other"\n')
    assert _check(late, config=config) == []  # bound from 1 July 2027
    config.write_text('verifactu-taxpayer = "autonomo"\n')
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "check", "--config", str(config), str(late)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "'verifactu-taxpayer' must be \"corporate-tax\" or \"other\", not 'autonomo'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("text, expected", [
    (URL, ("VERI*FACTU", "B12345674", "F2027-0042", date(2027, 3, 15), Decimal("1210.00"), [])),
    ("https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQRNoVerifactu?nif=89890001K"
     "&numserie=12345678%26G33&fecha=01-01-2024&importe=241.4",
     ("no VERI*FACTU", "89890001K", "12345678&G33", date(2024, 1, 1), Decimal("241.4"), [])),
    ("https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR?nif=89890001K&fecha=31-02-2024&importe=1e3",
     ("VERI*FACTU", "89890001K", None, None, None,
      ["the parameter 'numserie' is missing", "fecha='31-02-2024' is not a date written DD-MM-AAAA",
       "importe='1e3' is not an amount with a decimal point and at most 2 decimals"])),
])
def test_the_aeat_url_is_read_into_typed_values(text, expected):
    qr = verifactu.parse(text)
    assert (qr.mode, qr.nif, qr.numserie, qr.fecha, qr.importe, qr.problems) == expected


@pytest.mark.parametrize("text", ["BCD\n002\n1\nSCT\n\nCRONUS\nDE67100483927221888272\nEUR681.87",
                                  "https://www.afip.gob.ar/fe/qr/?p=eyJ2ZXIiOjF9",
                                  "https://example.com/wlpl/TIKE-CONT/ValidarQR?nif=89890001K"])
def test_other_qr_codes_are_not_tax_qrs(text):
    assert verifactu.parse(text) is None


def test_a_page_that_renders_too_slowly_is_an_error_not_a_missing_qr(tmp_path, monkeypatch):
    from invoice_lint.einvoice import qr

    path = _pdf(tmp_path / "slow.pdf", URL)
    import time

    def slow(path):  # a page that takes PDFium longer than the limit to draw
        time.sleep(5)
        return ()

    monkeypatch.setattr(qr, "_decode", slow)
    monkeypatch.setattr(qr, "RENDER_TIME_LIMIT", 0.2)
    qr._codes.cache_clear()
    with pytest.raises(qr.QRUnreadable, match="took longer than"):
        qr.first_page_codes(path)
    with pytest.raises(qr.QRUnreadable):  # met once: the second rule is told from the cache
        qr.first_page_codes(path)
    qr._codes.cache_clear()

"""The buyer's SIREN / SIRET / VAT id read from the page (field buyer_tax_id, issue #15), and the
French client-SIREN mention on plain PDFs (FR012) through the real CLI."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require_shared
from invoice_lint.pipeline import read_invoice

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SELLER = [(50, 60, "Atelier Berthier SARL"), (50, 75, "14 rue des Fabriques, 45000 Orléans"),
          (50, 90, "SIREN : 392 809 137"), (50, 105, "N° TVA : FR 32 392 809 137"),
          (330, 60, "FACTURE N° FA-2026-0107"), (330, 75, "Date : 01/10/2026")]
LINES = [(50, 300, "Désignation"), (450, 300, "Montant HT"), (50, 320, "Maintenance préventive octobre"),
         (450, 320, "1 000,00 €"), (330, 360, "Total HT"), (450, 360, "1 000,00 €"), (330, 375, "TVA 20 %"),
         (450, 375, "200,00 €"), (330, 390, "Total TTC"), (450, 390, "1 200,00 €"),
         (50, 430, "Prestation de services. Pas d'escompte pour paiement anticipé."),
         (50, 445, "Pénalités de retard : trois fois le taux d'intérêt légal ; indemnité forfaitaire de 40 €.")]


def _pdf(path: Path, client: list[str], date: str = "01/10/2026") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if FONT.exists():
        pdfmetrics.registerFont(TTFont("DejaVuB", str(FONT)))
        font = "DejaVuB"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(font, 10)
    rows = [(x, y, t.replace("01/10/2026", date)) for x, y, t in SELLER]
    rows += [(330, 150 + 15 * i, text) for i, text in enumerate(["Client", *client])] + LINES
    for x, y, text in rows:
        c.drawString(x, A4[1] - y, text)
    c.save()
    return path


CLIENTS = {
    "siren.pdf": (["Distribution Sud SAS", "8 avenue du Port, 13002 Marseille", "SIREN : 987 654 321",
                   "N° TVA : FR 05 987 654 321"], "987654321"),
    "siret.pdf": (["Distribution Sud SAS", "8 avenue du Port, 13002 Marseille", "SIRET : 987 654 321 00029"],
                  "98765432100029"),
    "belgian.pdf": (["Brasserie Zenne SRL", "Rue Haute 5, 1000 Bruxelles", "TVA : BE0477472701"], "BE0477472701"),
    "none.pdf": (["Distribution Sud SAS", "8 avenue du Port, 13002 Marseille"], None),
}


@pytest.mark.parametrize("name", list(CLIENTS))
def test_the_buyer_id_is_read_from_the_client_block_and_never_the_sellers(tmp_path, name):
    client, expected = CLIENTS[name]
    fields = read_invoice(_pdf(tmp_path / name, client)).fields
    assert fields.value("seller_tax_id") == "FR32392809137"
    assert fields.value("buyer_tax_id") == expected


def test_french_client_siren_on_plain_pdfs_through_the_cli(tmp_path):
    paths = [_pdf(tmp_path / name, client) for name, (client, _) in CLIENTS.items()]
    paths.append(_pdf(tmp_path / "august.pdf", CLIENTS["none.pdf"][0], date="31/08/2026"))
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "check", "--jurisdiction", "fr", "--select", "FR01",
                             "--no-cache", "--output-format", "json", *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    found = sorted((Path(f["path"]).name, f["code"]) for f in json.loads(result.stdout)["findings"])
    # only the invoice without a client id, issued from 1 September 2026, lacks the mention
    assert found == [("none.pdf", "FR012")]


def test_on_the_corpus_every_buyer_id_read_is_the_xmls():
    """Precision against the XML's BT-47 / BT-48 on every hybrid of the facturx-fr corpus and the
    French cas-limites: what is read is the client's id (a SIRET's SIREN counts), never another."""
    corpus = require_shared()
    files = sorted((corpus / "facturx-fr").glob("*.pdf"))
    files += sorted((corpus / "public-samples" / "VALENTINDML+facturx-cas-limites" / "cas").glob("*/facture.pdf"))
    assert files
    read = right = 0
    for path in files:
        invoice = read_invoice(path)
        value = invoice.fields.value("buyer_tax_id")
        xml = invoice.einvoice
        if value is None or xml is None or not (xml.buyer_legal_id or xml.buyer_vat_id):
            continue
        read += 1
        truth = {re.sub(r"\W", "", v).upper() for v in (xml.buyer_legal_id, xml.buyer_vat_id) if v}
        sirens = {t[4:] if t.startswith("FR") else t[:9] for t in truth}
        right += value in truth or value[:9] in sirens or (value.startswith("FR") and value[4:] in sirens)
    assert read >= 12 and right == read

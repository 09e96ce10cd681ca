"""A business letter's reference line: KOMA-Script's scrlttr2 prints the invoice and customer
numbers as captions above their values in a row with the date ('No. de cliente  No. de factura
Fecha' over '46099  RE202600055  14 de abril de 2026'; Dutch 'Klant No.  Rekening No.  Datum').
The captions are KOMA-Script's own (rules/lexicon/sources/koma-script-scrlttr2.yaml); the number
is the invoice caption's value, never the customer number beside it.  Below the letter's table
a payment block in the words of the isodoc class ('Zahlungsdaten:', 'Zahlungstermin:';
rules/lexicon/sources/texletter.yaml) gives the due date.  Each page is a small real PDF read
by the real reader (issue #10).
"""
from __future__ import annotations

import pytest
from test_fields_unseen import _pdf

from invoice_lint.pipeline import read_invoice

SUMS = {"es": [(300, 400, "Subtotal de honorarios"), (520, 400, "240,00", "r"), (300, 414, "Total IVA"),
               (520, 414, "50,40", "r"), (300, 428, "Total"), (520, 428, "290,40", "r")],
        "nl": [(300, 400, "Subtotaal Honorarium"), (520, 400, "240,00", "r"), (300, 414, "Totaal BTW"),
               (520, 414, "50,40", "r"), (300, 428, "Totaal"), (520, 428, "290,40", "r")]}


@pytest.mark.parametrize("language, captions, date_text", [
    ("es", ("Su ref.", "No. de cliente", "No. de factura", "Fecha"), "14 de abril de 2026"),
    ("nl", ("Uw kenmerk", "Klant No.", "Rekening No.", "Datum"), "14 april 2026"),
])
def test_the_invoice_caption_of_the_reference_line_heads_the_number(tmp_path, language, captions, date_text):
    xs = (57, 139, 228, 325, 441)
    rows = [(60, 60, "Consultoría Brisa S.A.", 12), (57, 287, captions[0], 8), (xs[2], 287, captions[1], 8),
            (xs[3], 287, captions[2], 8), (xs[4], 287, captions[3], 8),
            (57, 299, "B-2170"), (xs[2], 299, "46099"), (xs[3], 299, "RE202600055"), (xs[4], 299, date_text)]
    fields = read_invoice(_pdf(tmp_path, rows + SUMS[language], size=10), language=language).fields
    assert fields.value("invoice_number") == "RE202600055"


@pytest.mark.parametrize("language, heading, term, due_text, due", [
    ("de", "Zahlungsdaten:", "Zahlungstermin:", "15.03.2025", "2025-03-15"),
    ("es", "Detalles de pago:", "Plazo de pago:", "1 de abril de 2025", "2025-04-01"),
    ("fr", "Détails de paiement:", "terme :", "25/03/2025", "2025-03-25"),
    ("nl", "Betaalgegevens:", "Betalingstermijn:", "24-03-2025", "2025-03-24"),
    ("en", "Payment details:", "Deadline:", "17 March 2025", "2025-03-17"),
])
def test_the_payment_block_of_a_letter_gives_the_due_date(tmp_path, language, heading, term, due_text, due):
    """The payment block in isodoc's words (rules/lexicon/sources/texletter.yaml): its term of
    payment, or simpleinvoice's 'Deadline', over the due date; the letter's own date is the
    issue date."""
    issued = {"de": "1. März 2025", "es": "1 de marzo de 2025", "fr": "1 mars 2025", "nl": "1 maart 2025",
              "en": "1 March 2025"}[language]
    rows = [(60, 60, "Atelier Duval", 12), (441, 287, "Date", 8), (441, 299, issued),
            (90, 500, heading), (90, 514, term, "r"), (94, 514, due_text), (90, 528, "IBAN:", "r"),
            (94, 528, "DE89 3704 0044 0532 0130 00")]
    sums = [(300, 400, "Total"), (520, 400, "290,40" if language != "en" else "290.40", "r")]
    fields = read_invoice(_pdf(tmp_path, rows + sums, size=10), language=language).fields
    assert str(fields.value("due_date")) == due


@pytest.mark.parametrize("line", ["Rekening No. NL91 ABNA 0417 1643 00", "Rekening No.: NL91ABNA0417164300"])
def test_an_iban_after_the_dutch_caption_is_an_account_not_the_invoice_number(tmp_path, line):
    """'Rekening No.' is KOMA-Script's Dutch invoice caption, but the words also say "account
    number": followed by an IBAN it labels the account, and the IBAN's first group ('NL91') is no
    invoice number."""
    rows = [(60, 60, "Bakkerij De Korenaar B.V.", 12), (60, 100, "Factuur"), (60, 145, "Datum: 14-04-2026"),
            (60, 300, line), (60, 315, "Totaal: 290,40")]
    fields = read_invoice(_pdf(tmp_path, rows), language="nl").fields
    assert fields.value("invoice_number") is None
    assert fields.value("iban") == "NL91ABNA0417164300"


def test_invoice_sty_project_subtotal_with_vat_is_not_the_net(tmp_path):
    """invoice.sty sums each project with its VAT ('Zwischensumme Website 2025', the total of
    the one project) above the fees' sum: a 'subtotal' that is the total while VAT is charged is
    no net total (BR-CO-15); the figure that balances is ('Summe Honorare')."""
    rows = [(60, 60, "Tischlerei Holzwurm GmbH", 12), (60, 120, "Rechnung 2025-0041"), (60, 135, "Datum: 3. März 2025"),
            (90, 200, "Aktivität"), (300, 200, "Rate/Einheit"), (380, 200, "Anzahl"), (430, 200, "Betrag (EUR)"),
            (90, 215, "Schreibtisch Eiche"), (350, 215, "120.00", "r"), (400, 215, "10", "r"), (500, 215, "1200.00", "r"),
            (90, 230, "MWSt. (19%)"), (500, 230, "228.00", "r"),
            (90, 250, "Zwischensumme Website 2025"), (500, 250, "1428.00", "r"),
            (90, 270, "Summe Honorare"), (500, 270, "1200.00", "r"), (90, 285, "Summe MWSt."), (500, 285, "228.00", "r"),
            (90, 300, "Gesamtsumme"), (500, 300, "1428.00", "r")]
    fields = read_invoice(_pdf(tmp_path, rows), language="de").fields
    assert str(fields.value("total")) == "1428.00" and str(fields.value("tax_amount")) == "228.00"
    assert str(fields.value("subtotal")) == "1200.00"

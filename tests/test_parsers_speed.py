"""The parsers run on every line of every PDF: 10,000 typical lines must take well under a
second or two.  The bound is loose (5 s) so a busy CI machine does not fail it; the measured
figure is printed (pytest -s) and reported in the README of the area."""
from __future__ import annotations

import time

from invoice_lint.fields import amounts, dates

# Typical invoice lines in the supported languages: amounts, dates, ids, prose.
LINES = [
    ("Invoice Date: August 3 , 2014", "en"),
    ("TOTAL AMOUNT DUE ON August 3 , 2014 $4.11", "en"),
    ("Total 1 278.61 40.39 319.00", "en"),
    ("Tax 15% on $ 112.90 $ 16.94", "en"),
    ("Greetings from Amazon Web Services, we're writing to provide you with an electronic invoice", "en"),
    ("(870)-931-0505 azure.Interior24@example.com http://www.azure-interior.com", "en"),
    ("Facture n°562044387 du 02 Juillet 2015", "fr"),
    ("Date d'échéance : 02/03/2022 NET A PAYER 104,90 EUR", "fr"),
    ("SIREN : 303656847 - IBAN : FR20 1254 2547 2569 8542 5874 698 - BIC : BIC_MONCOMPTE", "fr"),
    ("Les réglements reçus avant la date d'échéance ne donneront pas lieu à escompte. 100,00 4,90 104,90", "fr"),
    ("Rechnungsdatum 7. Mai 2014", "de"),
    ("1 1 Small Business StandardExchange 2010 3,89 3,89", "de"),
    ("Tel. +49 6051 916 44 10 Habermann (Vorsitz) Blz: 507 500 94", "de"),
    ("Apple iPad Air Wifi 16 GB Zilver 1 € 399,00 21% € 399,00", "nl"),
    ("SCONL0303006280999 SCONL000000444 8-9-2022 VF1005193039 22-9-2022", "nl"),
    ("Datum izdavanja: 03.11.2026. Rok plaćanja: 3. decembar 2026.", "sr"),
    ("Укупно за уплату: 12.345,67 дин.", "sr"),
    ("Fecha de expedición: 3 de noviembre de 2026", "es"),
    ("Base imponible 1.234,56 € IVA 21% 259,26 € Total 1.493,82 €", "es"),
    ("Thank you for your business!", "en"),
]


def test_ten_thousand_lines_of_amounts_and_dates():
    lines = (LINES * (10_000 // len(LINES) + 1))[:10_000]
    for text, language in LINES:  # locale tables load once, outside the measurement
        amounts.find_amounts(text, language)
        dates.find_dates(text, language)
    start = time.perf_counter()
    found = 0
    for text, language in lines:
        found += len(amounts.find_amounts(text, language))
        found += len(dates.find_dates(text, language))
    elapsed = time.perf_counter() - start
    print(f"\nfind_amounts + find_dates on 10,000 lines: {elapsed:.3f} s ({elapsed * 100:.1f} µs/line)")
    assert found > 10_000  # the lines do hold amounts and dates
    assert elapsed < 5.0

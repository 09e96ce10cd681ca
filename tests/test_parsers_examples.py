"""Table-driven examples for the typed field parsers: every printed form the spec names,
and the look-alikes that must not be read (percentages, dates, phones, years, IBAN digits)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from invoice_lint.fields import amounts, dates, identifiers, methods, terms
from invoice_lint.foundation.text import fold

D = Decimal

# --- amounts -------------------------------------------------------------------------------

AMOUNTS = [
    ("1,234.56", None, D("1234.56")),
    ("1.234,56", None, D("1234.56")),
    ("1 234,56", None, D("1234.56")),
    ("1\u00a0234,56", None, D("1234.56")),
    ("1\u202f234,56", None, D("1234.56")),
    ("1\u2009234,56", None, D("1234.56")),
    ("1'234.56", None, D("1234.56")),
    ("1’234.56", None, D("1234.56")),
    ("1234", None, D("1234")),
    ("1234.5", None, D("1234.5")),
    ("0,00", None, D("0.00")),
    ("12 345 678,90", "fr", D("12345678.90")),
    ("1.234.567", None, D("1234567")),
    ("1,234,567.89", "de", D("1234567.89")),
    ("0.0125", "en", D("0.0125")),
    # currency marks before and after
    ("€1,234.56", None, D("1234.56")),
    ("1.234,56 €", None, D("1234.56")),
    ("$4.11", "en", D("4.11")),
    ("£ 12.50", "en", D("12.50")),
    ("EUR 12,00", None, D("12.00")),
    ("12,00 RSD", "sr", D("12.00")),
    ("1.200,00 din.", "sr", D("1200.00")),
    ("1.200,00 дин.", "sr", D("1200.00")),
    ("Rs 1939", "en", D("1939")),
    ("Rs.1939", "en", D("1939")),
    ("USD 5", "en", D("5")),
    ("100 kn", "hr", D("100")),
    ("EUR12.00", None, D("12.00")),
    ("12.00EUR", None, D("12.00")),
    ("CHF 1'234.50", "de-CH", D("1234.50")),
    # negatives
    ("-12,00", "de", D("-12.00")),
    ("−12,00", "de", D("-12.00")),
    ("(12.00)", "en", D("-12.00")),
    ("12,00-", "de", D("-12.00")),
    ("€ -9,32", "nl", D("-9.32")),
    ("(€12.00)", "en", D("-12.00")),
    ("-$5.00", "en", D("-5.00")),
    ("$-5.00", "en", D("-5.00")),
]


@pytest.mark.parametrize("text,language,expected", AMOUNTS)
def test_parse_amount_examples(text, language, expected):
    value = amounts.parse_amount(text, language)
    assert value == expected
    assert isinstance(value, Decimal)
    assert str(value) == str(expected)  # exact digits, not just numerically equal


AMBIGUOUS = [
    # one separator and exactly three digits: the language decides
    ("1,234", "en", D("1234")),
    ("1.234", "en", D("1.234")),
    ("1.234", "es", D("1234")),
    ("1,234", "es", D("1.234")),
    ("1.234", "sr", D("1234")),
    ("1,234", "sr-Cyrl", D("1.234")),
    ("1.234", "de", D("1234")),
    ("1.234", "nl", D("1234")),
    ("1,234", "fr", D("1.234")),
    ("1,234", "en-US", D("1234")),
    ("1.234", "de-CH", D("1.234")),
    # no language and no context: a thousands group
    ("1,234", None, D("1234")),
    ("1.234", None, D("1234")),
    # a leading zero cannot start a thousands group
    ("0,125", None, D("0.125")),
    # four or more digits before the separator: a decimal
    ("1234,567", None, D("1234.567")),
]


@pytest.mark.parametrize("text,language,expected", AMBIGUOUS)
def test_ambiguous_separator_rule(text, language, expected):
    assert str(amounts.parse_amount(text, language)) == str(expected)


def test_ambiguous_separator_takes_the_lines_decimal_mark():
    # the other amount in the line shows ',' is the decimal mark, so "1,234" is 1.234
    assert [m.value for m in amounts.find_amounts("1,234 kg 12,50")] == [D("1.234"), D("12.50")]
    # ... and here ',' is a decimal mark, so '.' groups thousands
    assert [m.value for m in amounts.find_amounts("1.234 12,50")] == [D("1234"), D("12.50")]
    assert [m.value for m in amounts.find_amounts("1,234 12.50")] == [D("1234"), D("12.50")]


NOT_AMOUNTS = [
    "21%", "21 %", "5,5 %", "03.11.2026", "3.11.26", "2026-11-03", "03/11/2026", "+381 11 123 4567",
    "2026", "NL50INGB0683251309", "FR76 1010 7002 4500 6170 5231 739", ",50", "12:30", "3/64",
    "1.2.3", "16GB", "1er", "3rd", "40-42", "D-63571", "011 123 4567", "01 71 17 61 67", "(870)-931-0505",
    "12 5", "abc", "", "   ", "€", "(3)", "Invoice 42183017", "0683", "1234567",
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text):
    assert amounts.parse_amount(text) is None
    assert amounts.parse_amount(text, "en") is None


def test_money_column_accepts_bare_integers():
    assert amounts.parse_amount("2026") is None
    assert amounts.parse_amount("2026", strict=False) == D("2026")
    assert amounts.parse_amount("1234567", strict=False) == D("1234567")
    # still never a date or a percentage
    assert amounts.parse_amount("03.11.2026", strict=False) is None
    assert amounts.parse_amount("21%", strict=False) is None


def _found(text, language=None, **kw):
    return [(m.value, m.text, m.currency) for m in amounts.find_amounts(text, language, **kw)]


FIND = [
    ("Total 1 278.61 40.39 319.00", "en",
     [(D("1"), "1", None), (D("278.61"), "278.61", None), (D("40.39"), "40.39", None), (D("319.00"), "319.00", None)]),
    ("Total : 1 234,56 €", "fr", [(D("1234.56"), "1 234,56 €", "EUR")]),
    ("Ukupno 1 234,56 RSD", "sr", [(D("1234.56"), "1 234,56 RSD", "RSD")]),
    ("Tax 15% on $ 112.90 $ 16.94", "en", [(D("112.90"), "$ 112.90", "USD"), (D("16.94"), "$ 16.94", "USD")]),
    ("TOTAL AMOUNT DUE ON August 3 , 2014 $4.11", "en", [(D("4.11"), "$4.11", "USD")]),
    ("Rechnungsdatum 03.11.2026 Betrag 1.234,56 EUR", "de", [(D("1234.56"), "1.234,56 EUR", "EUR")]),
    ("Tel: +381 11 123 4567 Iznos: 12.000,00 din.", "sr", [(D("12000.00"), "12.000,00 din.", "RSD")]),
    ("IBAN : FR76 10107 00245 00617052317 39 - BIC : BREDFRPP", "fr", []),
    ("IBAN NL50INGB0683251309 BIC INGBNL2A", "nl", []),
    ("PDV 20% 1.000,00 200,00", "sr", [(D("1000.00"), "1.000,00", None), (D("200.00"), "200,00", None)]),
    ("Bruin 2 € 99,99 21% € 199,98", "nl", [(D("2"), "2", None), (D("99.99"), "€ 99,99", "EUR"), (D("199.98"), "€ 199,98", "EUR")]),
    ("Papier 0 3,50 € 0 €", "fr", [(D("0"), "0", None), (D("3.50"), "3,50 €", "EUR"), (D("0"), "0 €", "EUR")]),
    ("Credit (1,250.00) balance", "en", [(D("-1250.00"), "(1,250.00)", None)]),
    ("Afschrijvingskosten op 31 mei 2015 € -9,32", "nl", [(D("-9.32"), "€ -9,32", "EUR")]),
    ("Blz: 507 500 94 Kto-Nr. 48567", "de", [(D("48567"), "48567", None)]),
    ("Uferweg 40-42, D-63571 Gelnhausen, Tel. +49 6051 916 44 10", "de", []),
    ("SIREN : 123 456 782", "fr", []),
    ("capital de 10 000€", "fr", [(D("10000"), "10 000€", "EUR")]),
    ("Invoice Date: August 3 , 2014", "en", []),
    ("pages 3 – 12, Total - 12,00", "en", [(D("3"), "3", None), (D("12"), "12", None), (D("12.00"), "12,00", None)]),
    ("Rabatt -12,00 € / Skonto −3,00", "de", [(D("-12.00"), "-12,00 €", "EUR"), (D("-3.00"), "−3,00", None)]),
    ("Page 1/1 Facture n° 2022089083", "fr", []),
    # a Spanish tax id is not convertible pesetas (ESB, a historic code); a current code glued is money
    ("NIF: ESB86345212 Total EUR12.00", "es", [(D("12.00"), "EUR12.00", "EUR")]),
]


@pytest.mark.parametrize("text,language,expected", FIND)
def test_find_amounts_examples(text, language, expected):
    assert _found(text, language) == expected


def test_a_currency_mark_inside_an_iban_is_no_amount():
    """'FCFA' (the CFA franc's sign) as the bank code of the Irish IBAN 'IE06FCFA0001...': a mark
    of letters starts its word, so the digits after it are no money; glued marks still are."""
    assert amounts.find_amounts("IBAN: IE06FCFA00019922496113", "en") == []
    assert [(m.value, m.currency) for m in amounts.find_amounts("Total:EUR12,00 FCFA1500", "fr")] == [
        (D("12.00"), "EUR"), (D("1500"), "XAF")]


def test_find_amounts_positions_point_at_the_printed_text():
    text = "Subtotal: 1.234,56 € + PDV 246,91 €"
    for m in amounts.find_amounts(text, "sr"):
        assert text[m.start:m.end] == m.text


CURRENCIES = [
    ("€", "EUR"), ("1.234,56 €", "EUR"), ("$ 4.11", "USD"), ("US$ 4", "USD"), ("CA$ 5", "CAD"),
    ("A$ 5", "AUD"), ("£5", "GBP"), ("RSD", "RSD"), ("din.", "RSD"), ("дин.", "RSD"),
    ("Rs 1939", "INR"), ("DEVISE : EURO (EUR)", "EUR"), ("Total CHF 5", "CHF"), ("100 kn", "HRK"),
    ("All charges and prices are in US Dollars", "USD"), ("iznos u dinarima: 100 dinara", "RSD"),
    ("Prices in euros", "EUR"), ("$ 100 CAD", "CAD"), ("10 zł", "PLN"),
    ("ALL PRICES INCLUDE VAT", None), ("SWIFT HELADEF1GEL", None), ("Invoice 2026", None), ("", None),
]


@pytest.mark.parametrize("text,code", CURRENCIES)
def test_detect_currency(text, code):
    assert amounts.detect_currency(text) == code


@pytest.mark.parametrize("value,expected", [
    (D("1234.56"), "1234.56"), (D("-10"), "-10.00"), (D("1234.5"), "1234.50"), (D("0.0125"), "0.0125"),
    (D("1E+3"), "1000.00"), (D("-0.00"), "0.00"), (D("0"), "0.00"),
])
def test_format_amount(value, expected):
    assert amounts.format_amount(value) == expected


# --- dates ---------------------------------------------------------------------------------

NOV3 = date(2026, 11, 3)
DATES = [
    ("2026-11-03", None, NOV3, "YYYY-MM-DD"),
    ("03.11.2026", None, NOV3, "DD.MM.YYYY"),
    ("03.11.2026.", "sr", NOV3, "DD.MM.YYYY."),
    ("3. 11. 2026.", "sr", NOV3, "DD.MM.YYYY."),
    ("3.11.26", "de", NOV3, "DD.MM.YY"),
    ("03/11/2026", "en", NOV3, "DD/MM/YYYY"),
    ("03/11/2026", "fr", NOV3, "DD/MM/YYYY"),
    ("11/03/2026", "en-US", NOV3, "MM/DD/YYYY"),
    ("13/11/2026", "en-US", date(2026, 11, 13), "DD/MM/YYYY"),  # 13 cannot be a month
    ("11/13/2026", "en", date(2026, 11, 13), "MM/DD/YYYY"),
    ("03-11-2026", "nl", NOV3, "DD-MM-YYYY"),
    ("8-9-2022", "nl", date(2022, 9, 8), "DD-MM-YYYY"),
    ("November 3, 2026", "en", NOV3, "MONTH D, YYYY"),
    ("Nov 3, 2026", "en", NOV3, "MON D, YYYY"),
    ("Nov. 3 2026", "en", NOV3, "MON D YYYY"),
    ("August 3 , 2014", "en", date(2014, 8, 3), "MONTH D, YYYY"),
    ("3rd November 2026", "en", NOV3, "D MONTH YYYY"),
    ("3rd of November 2026", "en", NOV3, "D MONTH YYYY"),
    ("03-Nov-26", "en", NOV3, "DD-MON-YY"),
    ("3 de noviembre de 2026", "es", NOV3, "D de MONTH de YYYY"),
    ("3 nov 2026", "es", NOV3, "D MON YYYY"),
    ("3. novembar 2026.", "sr", NOV3, "D. MONTH YYYY."),
    ("3. новембар 2026.", "sr", NOV3, "D. MONTH YYYY."),
    ("3. новембар 2026.", "sr-Cyrl", NOV3, "D. MONTH YYYY."),
    ("3. November 2026", "de", NOV3, "D. MONTH YYYY"),
    ("7. Mai 2014", "de", date(2014, 5, 7), "D. MONTH YYYY"),
    ("3. März 2026", "de", date(2026, 3, 3), "D. MONTH YYYY"),
    ("3 novembre 2026", "fr", NOV3, "D MONTH YYYY"),
    ("1er décembre 2026", "fr", date(2026, 12, 1), "D MONTH YYYY"),
    ("1 er mars 2025", "fr", date(2025, 3, 1), "D MONTH YYYY"),  # babel's superscript \ier, a word of its own
    ("02 Juillet 2015", "fr", date(2015, 7, 2), "D MONTH YYYY"),
    ("3 févr. 2026", "fr", date(2026, 2, 3), "D MON YYYY"),
    ("19 april 2014", "nl", date(2014, 4, 19), "D MONTH YYYY"),
    ("3 mrt 2026", "nl", date(2026, 3, 3), "D MON YYYY"),
]


@pytest.mark.parametrize("text,language,expected,style", DATES)
def test_dates(text, language, expected, style):
    assert dates.parse_date(text, language) == expected
    found = dates.find_dates(text, language)
    assert len(found) == 1
    assert found[0].value == expected
    assert found[0].style == style
    assert text[found[0].start:found[0].end] == found[0].text


@pytest.mark.parametrize("text,language,dayfirst,expected", [
    ("03/11/2026", "en", False, date(2026, 3, 11)),
    ("03/11/2026", "en-US", True, NOV3),
    ("03.11.2026", None, False, date(2026, 3, 11)),
    ("31/12/2017", "en-US", False, date(2017, 12, 31)),  # the only possible reading wins
])
def test_dayfirst_override(text, language, dayfirst, expected):
    assert dates.parse_date(text, language, dayfirst=dayfirst) == expected


@pytest.mark.parametrize("text", [
    "31.02.2026", "29.02.2027", "2026", "1.2.3", "12.50", "21%", "Net 30", "3/64", "00.11.2026",
    "32.11.2026", "13.13.2026", "3 to 5 November 2026", "November 2026", "1234-56-78", "3 Nov 26", "", "03.11.1850",
])
def test_not_dates(text):
    assert dates.parse_date(text, "en") is None


def test_date_in_running_text_and_ranges():
    found = dates.find_dates("Dienst: OUDJQ 01.05.14-31.05.14", "de")
    assert [d.value for d in found] == [date(2014, 5, 1), date(2014, 5, 31)]
    found = dates.find_dates("This invoice is for the billing period July 1 - July 31 , 2014", "en")
    assert [d.value for d in found] == [date(2014, 7, 31)]
    assert dates.parse_date("Tuesday, November 3, 2026", "en-US") == NOV3
    assert dates.parse_date("Paris, le 3 novembre 2026", "fr") == NOV3
    assert dates.parse_date("уторак, 3. новембар 2026.", "sr") == NOV3


def test_trailing_dot_only_where_the_language_prints_it():
    assert dates.find_dates("Datum: 03.11.2026.", "sr")[0].text == "03.11.2026."
    assert dates.find_dates("Datum: 03.11.2026.", "de")[0].text == "03.11.2026"
    assert dates.find_dates("Datum: 03.11.2026.", "de")[0].style == "DD.MM.YYYY"


def test_format_date():
    assert dates.format_date(date(2026, 1, 5)) == "2026-01-05"


# --- identifiers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,valid", [
    ("IBAN : FR76 10107 00245 00617052317 39 - BIC : BREDFRPP", "FR7610107002450061705231739", True),
    ("IBAN NL50INGB0683251309 BIC INGBNL2A", "NL50INGB0683251309", True),
    ("IBAN: RS35 2600 0560 1001 6113 79", "RS35260005601001611379", True),
    ("GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", True),
    ("NL50 INGB 0683 2513 08", "NL50INGB0683251308", False),  # one digit off
])
def test_find_ibans(text, value, valid):
    (m,) = identifiers.find_ibans(text)
    assert (m.value, m.valid, m.kind, m.masked) == (value, valid, "iban", False)
    assert text[m.start:m.end] == m.text


def test_masked_iban_is_reported_masked_not_invalid():
    (m,) = identifiers.find_ibans("FR76 ***************************")
    assert m.masked is True and m.valid is None
    assert m.value.startswith("FR76*")


@pytest.mark.parametrize("text", [
    "Bank Account: US1234567890", "UStId DE232446240", "GB82 WEST 1234 5698 7654 3",
    "FO10479674 10577874 35 RUE du logiciel libre",  # a line number and a client id, not a Faroese IBAN
])
def test_not_ibans(text):
    assert identifiers.find_ibans(text) == []


def test_iban_helpers():
    assert identifiers.validate_iban("FR76 1010 7002 4500 6170 5231 739")
    assert not identifiers.validate_iban("FR76 1010 7002 4500 6170 5231 738")
    assert identifiers.compact_iban("nl50 ingb 0683 2513 09") == "NL50INGB0683251309"


VAT = [
    ("N° TVA : FR 11 123 456 782", False, "FR11123456782", "eu_vat", True),
    ("UStId DE 232 446 240 SWIFT HELADEF1GEL", False, "DE232446240", "eu_vat", True),
    ("BTW NL810433941B01", False, "NL810433941B01", "eu_vat", True),
    ("N° de TVA intra communautaire: FR 604 219 388 61", False, "FR60421938861", "eu_vat", True),
    ("TVA :FR 05 987 654 321", False, "FR05987654321", "eu_vat", False),  # check digits wrong
    ("VAT: EL094259216", False, "EL094259216", "eu_vat", True),
    ("NIF: ESB12345674", False, "ESB12345674", "eu_vat", True),
    ("NIF: B12345674", False, "B12345674", "es_nif", True),
    ("CIF B-12345674", False, "B12345674", "es_nif", True),
    ("DNI 12345678Z", False, "12345678Z", "es_nif", True),
    ("VAT Reg No: GB 980 7806 84", False, "GB980780684", "gb_vat", True),
    ("PIB: 101134702", False, "101134702", "rs_pib", True),
    ("ПИБ 101134702", False, "101134702", "rs_pib", True),
    ("PIB 101134703", False, "101134703", "rs_pib", False),
    ("101134702", True, "101134702", "rs_pib", True),
    ("Uw BTW nummer: NL00333599698", True, "NL00333599698", "eu_vat", False),
]


@pytest.mark.parametrize("text,labelled,value,kind,valid", VAT)
def test_find_vat_ids(text, labelled, value, kind, valid):
    (m,) = identifiers.find_vat_ids(text, labelled=labelled)
    assert (m.value, m.kind, m.valid) == (value, kind, valid)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text,labelled", [
    ("101134702", False),  # a bare nine-digit number is not a PIB
    ("Uw BTW nummer: NL00333599698", False),  # malformed and unlabelled
    ("IBAN DE30507500940000048567", False),  # IBAN digits are not a VAT id
    ("Kundennr. 47774 DEUTSCHE BANK", False),
    ("SIREN : 123 456 782", True),
])
def test_not_vat_ids(text, labelled):
    assert identifiers.find_vat_ids(text, labelled=labelled) == []


def test_labelled_nine_digits_with_country():
    (m,) = identifiers.find_vat_ids("Poreski broj 101134703", labelled=True, country="RS")
    assert (m.kind, m.valid) == ("rs_pib", False)
    assert identifiers.find_vat_ids("Poreski broj 101134703", labelled=True, country="FR") == []


@pytest.mark.parametrize("value,kind,expected", [
    ("FR11123456782", "FR", True), ("FR11123456783", "FR", False), ("EL094259216", "EL", True),
    ("101134702", "RS", True), ("B12345674", "ES", True), ("DE232446240", "eu_vat", True),
    ("GB980780684", "gb_vat", True), ("101134702", "rs_pib", True), ("12345678Z", "es_nif", True),
    ("840-711122843-32", "rs_account", True), ("4111 1111 1111 1111", "card", True),
    ("NL50INGB0683251309", "iban", True),
])
def test_validate_tax_id(value, kind, expected):
    assert identifiers.validate_tax_id(value, kind) is expected


def test_validate_tax_id_unknown_kind():
    with pytest.raises(ValueError):
        identifiers.validate_tax_id("123", "xx_unknown")


@pytest.mark.parametrize("text,normal,valid", [
    # known-valid: the treasury account below, and the domestic part of the registry's
    # example Serbian IBAN RS35 2600 0560 1001 6113 79
    ("840-711122843-32", "840-0000711122843-32", True),
    ("840-0000711122843-32", "840-0000711122843-32", True),
    ("260-0056010016113-79", "260-0056010016113-79", True),
    ("260-56010016113-79", "260-0056010016113-79", True),
    ("260-56010016113-78", "260-0056010016113-78", False),
    ("840-711122843-33", "840-0000711122843-33", False),
])
def test_rs_accounts(text, normal, valid):
    (m,) = identifiers.find_rs_accounts(f"Tekući račun: {text}")
    assert (m.value, m.valid, m.kind) == (normal, valid, "rs_account")
    assert identifiers.validate_rs_account(text) is valid
    assert identifiers.normalize_rs_account(text) == normal


def test_no_rs_account_inside_a_longer_token():
    """A UUID (a CFDI's 'Folio Fiscal: 79B0B373-3990-45FA-A0D4-…') and a reference glued to
    letters hold no Serbian account; one set off by a colon or a space still is."""
    assert identifiers.find_rs_accounts("Folio Fiscal: 79B0B373-3990-45FA-A0D4-37AFED843147") == []
    assert identifiers.find_rs_accounts("REF840-711122843-32X") == []
    assert [m.value for m in identifiers.find_rs_accounts("Račun:840-711122843-32")] == ["840-0000711122843-32"]


def test_rs_account_control_pair_is_98_minus_mod97():
    # the rule in the words of the spec, checked against stdnum's ISO 7064 mod 97-10
    bank_account = int("840" + "0000711122843")
    assert 98 - (bank_account * 100) % 97 == 32
    assert identifiers.validate_rs_account("260005601001611379")
    assert identifiers.normalize_rs_account("26000560100161137") is None


@pytest.mark.parametrize("text,value,masked_ok,valid", [
    ("Card: **** **** **** 1234", "************1234", True, None),
    ("Visa 4111 11** **** 1111", "411111******1111", True, None),
    ("XXXX-XXXX-XXXX-1234", "************1234", True, None),
    ("411111******1111", "411111******1111", True, None),
    ("•••• 1234", "****1234", True, None),
    ("4111 1111 11** 1111", "4111111111**1111", False, None),  # digits 7-8 shown: BR-51 broken
    ("4111 1111 1111 1111", "4111111111111111", False, True),  # not masked at all
])
def test_find_card_numbers(text, value, masked_ok, valid):
    (m,) = identifiers.find_card_numbers(text)
    assert (m.value, m.masked_ok, m.valid, m.kind) == (value, masked_ok, valid, "card")


@pytest.mark.parametrize("text", ["Order 12345678903", "1939 x 1", "Ref 12-**-34", "4111 1111 1111 1112"])
def test_not_card_numbers(text):
    assert identifiers.find_card_numbers(text) == []


# --- payment terms -------------------------------------------------------------------------

TERMS = [
    ("Net 30", "en", 30), ("net 30 days", "en", 30), ("30 days", None, 30), ("within 14 days", "en", 14),
    ("Due on receipt", "en", 0), ("upon receipt", "en", 0), ("30 días", "es", 30), ("a 30 días", "es", 30),
    ("pago a 30 días fecha factura", "es", 30), ("30 dana", "sr", 30), ("u roku od 15 dana", "sr", 15),
    ("рок 30 дана", "sr", 30), ("30 Tage", "de", 30), ("zahlbar innerhalb von 14 Tagen", "de", 14),
    ("sofort zahlbar", "de", 0), ("à 30 jours", "fr", 30), ("30 jours fin de mois", "fr", 30),
    ("à réception", "fr", 0), ("Payment terms: 15 Days", "en", 15), ("2/10 net 30", "en", 30),
    ("14 Tage 2 % Skonto, 30 Tage netto", "de", 30), ("PAIEMENT 30 JOURS NET", "fr", 30),
    ("within 2 weeks", "en", 14), ("binnen 30 dagen", "nl", 30), ("bij ontvangst", "nl", 0),
]


@pytest.mark.parametrize("text,language,days", TERMS)
def test_payment_terms(text, language, days):
    assert terms.parse_payment_terms(text, language) == days


@pytest.mark.parametrize("text", ["Invoice date", "Payment: direct debit", "", "Net amount 1.234,56", "2026"])
def test_no_payment_terms(text):
    assert terms.parse_payment_terms(text, "en") is None


def test_end_of_month_terms():
    t = terms.read_payment_terms("30 jours fin de mois", "fr")
    assert (t.days, t.end_of_month, t.immediate) == (30, True, False)
    assert terms.read_payment_terms("Due on receipt", "en").immediate
    assert terms.due_from_terms(date(2026, 1, 31), 30) == date(2026, 3, 2)
    assert terms.due_from_terms(date(2026, 1, 31), 30, end_of_month=True) == date(2026, 3, 31)
    assert terms.due_from_terms(date(2026, 11, 3), 0) == date(2026, 11, 3)


def test_extra_immediate_phrases_from_a_lexicon():
    assert terms.parse_payment_terms("pagamento alla consegna", "it") is None
    t = terms.read_payment_terms("pagamento alla consegna", "it", immediate=["alla consegna"])
    assert t is not None and t.days == 0


def test_terms_module_holds_no_vague_wording_list():
    assert not hasattr(terms, "VAGUE_TERMS")


# --- payment methods -----------------------------------------------------------------------

LEXICON = {
    "card": ["card", "credit card", "kartica", "karticom"],
    "bank_transfer": ["bank transfer", "virement", "uplata na tekući račun"],
    "ips_qr": ["ips qr", "ips qr kod"],
    "qr": ["qr kod", "qr code"],
    "cash": ["cash", "gotovina", "gotovinom"],
}


@pytest.mark.parametrize("text,expected", [
    ("Payment by credit card or bank transfer", ["bank_transfer", "card"]),
    ("Shipped in a cardboard box", []),
    ("Plaćanje: IPS QR kod ili gotovinom", ["cash", "ips_qr"]),
    ("Uplata na tekući račun ili QR kod", ["bank_transfer", "qr"]),
    ("Virement", ["bank_transfer"]),
    ("Cash, card, CASH", ["card", "cash"]),
    ("cashback", []),
    ("", []),
])
def test_match_payment_methods(text, expected):
    assert methods.match_payment_methods(fold(text), LEXICON) == expected


def test_match_payment_methods_with_the_real_lexicon():
    from invoice_lint.foundation.lexicon import load_lexicon

    sr = load_lexicon("sr").payment_methods
    assert methods.match_payment_methods(fold("Плаћање готовином или картицом"), sr) == ["card", "cash"]
    assert methods.match_payment_methods(fold("anything"), {}) == []


@pytest.mark.parametrize("text, language", [
    ("Öffnungszeiten: Mo.-Fr. 08.30 - 17.00 Uhr", "de"),
    ("Mo.-Fr. 08.30", "de"),
    ("Mo-Fr 8.30 bis 17.00 Uhr, Sa 9.00-12.00", "de"),
    ("Sa. 09.00 - 12.00", "de"),
    ("Opening hours Mon-Fri 8.30-17.30", "en"),
    ("Horaires : lun.-ven. 08.30 - 18.00", "fr"),
    ("Telefonisch erreichbar 08.30 Uhr bis 16.00 Uhr", "de"),
])
def test_office_hours_are_not_money(text, language):
    assert amounts.find_amounts(text, language) == []
    assert amounts.find_amounts(text) == []


def test_swiss_francs_and_amounts_beside_weekdays_still_read():
    assert [str(a.value) for a in amounts.find_amounts("Gesamt Fr. 14.50", "de")] == ["14.50"]
    assert [str(a.value) for a in amounts.find_amounts("Netto 1.234,56 Fr.", "de")] == ["1234.56"]
    assert [str(a.value) for a in amounts.find_amounts("Do 12.50 EUR", "de")] == ["12.50"]


@pytest.mark.parametrize("text, expected", [
    ("20260815", date(2026, 8, 15)), (" 20260815 · Échéance", date(2026, 8, 15)),
    ("20261315", None), ("202608151", None), ("12345678", None), ("Date 20260815", None),
])
def test_basic_iso_date_only_at_the_start(text, expected):
    found = dates.basic_iso_date(text)
    assert (found.value if found else None) == expected
    assert not dates.find_dates("20260815")  # never in running text

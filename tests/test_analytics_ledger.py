"""Ledger and survey reading: column names in several languages, dates, amounts, bad files."""
from __future__ import annotations

import hashlib
from decimal import Decimal

import pandas as pd
import pytest

from invoice_lint.analytics.amounts import amounts_to_cents, parse_ledger_amount
from invoice_lint.analytics.api import analyze, write_outputs
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.numbers import normalize_invoice_number
from invoice_lint.analytics.survey import read_survey
from invoice_lint.foundation.errors import UserError

SPANISH = (
    "Nº factura;Cliente;Fecha;Vencimiento;Fecha de cobro;Importe;Canal\n"
    "INV-0001;ACME;13/01/2024;12/02/2024;01/02/2024;1.234,50;papel\n"
    "inv 2;Beta;14/01/2024;13/02/2024;;99,00;email\n"
)


def write(path, text: str, encoding: str = "utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_spanish_headers_semicolons_day_first_and_decimal_commas(tmp_path):
    ledger = read_ledger(write(tmp_path / "cobros.csv", SPANISH), trait_columns=["canal"])
    assert ledger.columns == {"invoice_number": "Nº factura", "client": "Cliente", "issue_date": "Fecha",
                              "due_date": "Vencimiento", "paid_date": "Fecha de cobro", "amount": "Importe"}
    frame = ledger.frame
    assert frame["issue_date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-13", "2024-01-14"]
    assert frame["amount_cents"].tolist() == [123450, 9900]
    assert frame["paid_date"].isna().tolist() == [False, True]
    assert frame["Canal"].tolist() == ["papel", "email"]
    assert ledger.date_formats["issue_date"] == "%d/%m/%Y"
    assert frame["source_row"].tolist() == [2, 3]


@pytest.mark.parametrize("headers", [
    "Broj računa,Kupac,Datum izdavanja,Datum dospeća,Datum plaćanja,Iznos",
    "Rechnungsnummer,Kunde,Rechnungsdatum,Fällig am,Zahlungsdatum,Betrag",
    "N° facture,Client,Date de facture,Échéance,Date de paiement,Montant TTC",
    "Invoice #,Customer,Invoice Date,Due Date,Date Paid,Total",
])
def test_headers_in_other_languages(tmp_path, headers):
    path = write(tmp_path / "l.csv", headers + "\nA-1,X,2024-01-05,2024-02-04,2024-01-30,10.00\n")
    ledger = read_ledger(path)
    assert set(ledger.columns) == {"invoice_number", "client", "issue_date", "due_date", "paid_date", "amount"}
    assert ledger.frame.loc[0, "invoice_key"] == "a-1"


def test_map_overrides_and_unknown_map_field(tmp_path):
    path = write(tmp_path / "l.csv", "Doc,Who,D1,D2,D3,Sum\n1,X,2024-01-05,2024-02-04,,10\n")
    mapping = {"invoice_number": "Doc", "client": "who", "issue_date": "D1", "due_date": "D2", "paid_date": "D3",
               "amount": "Sum"}
    assert read_ledger(path, mapping=mapping).columns["client"] == "Who"
    with pytest.raises(UserError, match="unknown ledger field 'paid'"):
        read_ledger(path, mapping={**mapping, "paid": "D3"})
    with pytest.raises(UserError, match="no column 'Nope'"):
        read_ledger(path, mapping={**mapping, "amount": "Nope"})


def test_missing_columns_error_names_them_and_lists_found(tmp_path):
    path = write(tmp_path / "ledger.csv", "Invoice No,Client,Issue date,Amount,Notes\n1,X,2024-01-05,10,hi\n")
    with pytest.raises(UserError) as caught:
        read_ledger(path)
    message = str(caught.value)
    assert str(path) in message
    assert "due_date, paid_date" in message
    assert "columns found: Invoice No, Client, Issue date, Amount, Notes" in message
    assert "--map" in message


def test_ambiguous_dates_are_refused_with_a_hint(tmp_path):
    text = "Invoice,Client,Issue date,Due date,Paid date,Amount\n1,X,03/04/2024,05/06/2024,04/05/2024,10\n" \
           "2,X,01/02/2024,02/03/2024,,10\n"
    path = write(tmp_path / "l.csv", text)
    with pytest.raises(UserError) as caught:
        read_ledger(path)
    assert "refusing to guess" in str(caught.value) and "--date-format" in str(caught.value)
    assert "'Issue date'" in str(caught.value)
    day_first = read_ledger(path, date_format="dmy").frame
    month_first = read_ledger(path, date_format="mdy").frame
    assert day_first.loc[0, "issue_date"] == pd.Timestamp("2024-04-03")
    assert month_first.loc[0, "issue_date"] == pd.Timestamp("2024-03-04")
    assert read_ledger(path, date_format="%m/%d/%Y").frame.loc[0, "issue_date"] == pd.Timestamp("2024-03-04")


def test_one_unambiguous_column_settles_the_file(tmp_path):
    text = "Invoice,Client,Issue date,Due date,Paid date,Amount\n1,X,03/04/2024,25/04/2024,,10\n"
    frame = read_ledger(write(tmp_path / "l.csv", text)).frame
    assert frame.loc[0, "issue_date"] == pd.Timestamp("2024-04-03")


def test_unparseable_and_impossible_rows_are_flagged_not_dropped(tmp_path):
    text = ("Invoice,Client,Issue date,Due date,Paid date,Amount\n"
            "1,X,2024-02-30,2024-03-01,,10\n2,X,2024-02-01,2024-03-01,2024-01-01,10\n"
            "3,,2024-02-01,2024-03-01,,10\n4,X,2024-02-01,2024-03-01,,ten\n5,X,2024-02-01,2024-03-01,,\n")
    frame = read_ledger(write(tmp_path / "l.csv", text)).frame
    assert frame["problem"].tolist() == ["unparseable issue date", "paid before issue", "missing client",
                                         "unparseable amount", ""]
    assert len(frame) == 5


def test_empty_ledger_and_wrong_file_types(tmp_path):
    with pytest.raises(UserError, match="header but no rows"):
        read_ledger(write(tmp_path / "empty.csv", "Invoice,Client,Issue date,Due date,Paid date,Amount\n"))
    with pytest.raises(UserError, match="is empty"):
        read_ledger(write(tmp_path / "nothing.csv", ""))
    pdf = tmp_path / "ledger.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(UserError, match="is a PDF, not a CSV, Excel or Parquet table"):
        read_ledger(pdf)
    binary = tmp_path / "ledger.bin"
    binary.write_bytes(b"\x00\x01\x02garbage")
    with pytest.raises(UserError, match="binary file"):
        read_ledger(binary)
    with pytest.raises(UserError, match="no such file"):
        read_ledger(tmp_path / "missing.csv")
    with pytest.raises(UserError, match="is a folder"):
        read_ledger(tmp_path)


def test_excel_and_parquet_ledgers(tmp_path):
    frame = pd.DataFrame({
        "Invoice No": ["007", "8"], "Client": ["X", "Y"],
        "Issue date": pd.to_datetime(["2024-01-05", "2024-01-06"]),
        "Due date": pd.to_datetime(["2024-02-04", "2024-02-05"]),
        "Paid date": [pd.Timestamp("2024-01-20"), pd.NaT], "Amount": [10.5, 20.0],
    })
    frame.to_excel(tmp_path / "l.xlsx", index=False)
    frame.to_parquet(tmp_path / "l.parquet")
    for name in ("l.xlsx", "l.parquet"):
        ledger = read_ledger(tmp_path / name).frame
        assert ledger["invoice_key"].tolist() == ["7", "8"]
        assert ledger["amount_cents"].tolist() == [1050, 2000]
        assert ledger["paid_date"].isna().tolist() == [False, True]
        assert (ledger["problem"] == "").all()


def test_invoice_number_normalization():
    assert normalize_invoice_number("INV-00042") == normalize_invoice_number("inv 42") == "42"
    assert normalize_invoice_number("Rechnungs-Nr. 2024-015") == "2024-15"
    assert normalize_invoice_number("Factura nº A-2024/007") == "a-2024-7"
    assert normalize_invoice_number("Račun br. 12/2024") == normalize_invoice_number("РАЧУН БР. 12/2024")
    assert normalize_invoice_number("A-1") != normalize_invoice_number("B-1")
    assert normalize_invoice_number("") == normalize_invoice_number(None) == ""


def test_amount_styles():
    assert parse_ledger_amount("1.234,56") == parse_ledger_amount("1,234.56") == parse_ledger_amount("1 234,56") == Decimal("1234.56")
    assert parse_ledger_amount("(12.50)") == parse_ledger_amount("12,50-") == Decimal("-12.50")
    assert parse_ledger_amount("n/a") is None
    # "1,234" is read the way the column's other values write decimals.
    cents, bad = amounts_to_cents(pd.Series(["1,234", "1,234.50", "", "x"]))
    assert cents.tolist()[:2] == [123400, 123450] and cents.isna().tolist()[2:] == [True, True]
    assert bad.tolist() == [False, False, False, True]
    assert amounts_to_cents(pd.Series(["1,234", "1.234,50"]))[0].tolist() == [123, 123450]


def test_survey_wide_format_and_scales(tmp_path):
    path = write(tmp_path / "s.csv", "Invoice,Client,Clarity,NPS,Comment\n1,X,4,9,ok\n2,Y,5,10,\n3,Y,x,3,\n")
    survey = read_survey(path)
    frame = survey.frame
    assert sorted(frame["question"].unique()) == ["Clarity", "NPS"]
    assert survey.scales == {"Clarity": (1, 5), "NPS": (0, 10)}
    assert frame.loc[frame["problem"] != "", "problem"].tolist() == ["score is not a number"]
    with pytest.raises(UserError, match="needs an invoice number or a client"):
        read_survey(write(tmp_path / "t.csv", "Score,Comment\n3,x\n"))


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_input_files_are_never_modified(tmp_path):
    from invoice_lint.analytics.simulation.payments import (
        export_ledger,
        export_survey,
        random_traits,
        simulate_payments,
    )

    traits = random_traits(300, seed=5)
    sim = simulate_payments(traits, seed=5, n_clients=20)
    ledger_path, survey_path = tmp_path / "payments.csv", tmp_path / "survey.csv"
    export_ledger(sim.ledger, trait_columns=("channel",)).to_csv(ledger_path, index=False)
    export_survey(sim.survey, by_client_share=0.2).to_csv(survey_path, index=False)
    before = (sha(ledger_path), sha(survey_path), ledger_path.stat().st_mtime_ns)
    result = analyze(None, ledger_path, survey_path, trait_columns=["channel"], replicates=200)
    write_outputs(result, tmp_path / "out")
    assert (sha(ledger_path), sha(survey_path), ledger_path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["curves.csv", "effects.json", "joined.csv", "traits.csv"]

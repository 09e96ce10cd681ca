"""Files we write are safe to open, and files we are given are never touched.

Every command runs once, as a user runs it, over an input folder holding invoices (good and
damaged), a hostile payments ledger (cells starting with = + - @ tab CR), a survey and a
config file; the outputs go elsewhere.  Then:

- no cell of any CSV or Excel file any command wrote starts a formula; numbers stay numbers;
- the input tree (every file's hash and mtime, every folder's listing and mtime) is exactly as
  before each command.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
HOSTILE_CLIENTS = ['=HYPERLINK("http://x","y")', "+SUM(1,2)", "-2+3", "@cmd", "\tTAB", "\rCR", "'=quoted"]
PDFS = ["en-01-bordered-clean.pdf", "es-05-bordered-tax-mismatch.pdf", "sr-02-plain-terms.pdf",
        "de-03-two-column-total-mismatch.pdf"]


def _hostile_ledger(source: Path, target: Path) -> None:
    rows = list(csv.reader(source.open(encoding="utf-8", newline="")))
    header, body = rows[0], rows[1:]
    column = {name: i for i, name in enumerate(header)}
    for i, client in enumerate(HOSTILE_CLIENTS):
        body[i][column["Client"]] = client
    body[10][column["Invoice No"]] = "=1+1"
    body[11][column["channel"]] = "=cmd|' /C calc'!A0"
    body[12][column["channel"]] = "@SUM(A1:A9)"
    body[13][column["Amount"]] = "-12.50"  # a credit: stays a number
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])


def snapshot(root: Path) -> dict[str, tuple]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        out[folder.relative_to(root).as_posix() + "/"] = (os.stat(folder).st_mtime_ns, tuple(sorted(dirnames)),
                                                         tuple(sorted(filenames)))
        for name in filenames:
            path = folder / name
            st = os.stat(path)
            out[path.relative_to(root).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mtime_ns,
                                                      st.st_size, st.st_mode)
    return out


def _commands(inputs: Path, out: Path) -> dict[str, list[str]]:
    pdfs, ledger, survey = str(inputs / "invoices"), str(inputs / "payments.csv"), str(inputs / "survey.csv")
    return {
        "extract": ["extract", pdfs, "--format", "json", "--tables", "-o", str(out / "extract.json")],
        "check": ["check", pdfs, "--output-format", "json", "-o", str(out / "check.json")],
        "check-sarif": ["check", pdfs, "--output-format", "sarif", "-o", str(out / "check.sarif")],
        "check-write-baseline": ["check", pdfs, "--write-baseline", str(out / "baseline.json")],
        "check-baseline": ["check", pdfs, "--baseline", str(out / "baseline.json"), "--output-format", "junit",
                           "-o", str(out / "check.xml")],
        "analyze": ["analyze", pdfs, "--payments", ledger, "--survey", survey, "--trait-column", "channel",
                    "--out", str(out / "analysis"), "--bootstrap", "100", "--format", "json"],
        "audit": ["audit", pdfs, "--payments", ledger, "--survey", survey, "-o", str(out / "audit.html"),
                  "--bootstrap", "100"],
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    out = tmp_path_factory.mktemp("outputs")
    (inputs / "invoices").mkdir()
    for name in PDFS:
        (inputs / "invoices" / name).write_bytes((SAMPLES / name).read_bytes())
    (inputs / "invoices" / "truncated.pdf").write_bytes((SAMPLES / PDFS[0]).read_bytes()[:4000])
    (inputs / "invoices" / "empty.pdf").write_bytes(b"")
    (inputs / "invoices" / "invoice-lint.toml").write_text('severity = { "missing-payment-link" = "warning" }\n')
    _hostile_ledger(SAMPLES / "payments.csv", inputs / "payments.csv")
    (inputs / "survey.csv").write_bytes((SAMPLES / "survey.csv").read_bytes())
    old = 1_600_000_000_000_000_000  # mtimes in the past, so a rewrite with the same bytes still shows
    for path in sorted(inputs.rglob("*"), reverse=True):
        os.utime(path, ns=(old, old))
    os.utime(inputs, ns=(old, old))
    results = {}
    for name, args in _commands(inputs, out).items():
        before = snapshot(inputs)
        result = subprocess.run([sys.executable, "-m", "invoice_lint", *args], capture_output=True, text=True,
                                cwd=inputs, timeout=600, env={**os.environ, "CI": "true"})
        results[name] = (result, before, snapshot(inputs))
    return inputs, out, results


@pytest.mark.parametrize("command", list(_commands(Path("i"), Path("o"))))
def test_inputs_are_never_modified(runs, command):
    inputs, out, results = runs
    result, before, after = results[command]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"{command} changed the input tree: {changed}"


def _spreadsheet_cells(path: Path):
    if path.suffix.lower() in (".csv", ".tsv"):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t" if path.suffix == ".tsv" else ","):
            yield from row
    else:
        from openpyxl import load_workbook

        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{path.name}!{cell.coordinate} is a formula: {cell.value!r}"
                    yield cell.value


def _assert_inert(cells, where: str) -> int:
    n = 0
    for value in cells:
        n += 1
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            assert NUMBER.match(value), f"{where}: cell {value!r} starts a formula"
    return n


def test_no_csv_or_excel_cell_any_command_wrote_starts_a_formula(runs):
    inputs, out, results = runs
    spreadsheets = sorted(p for p in out.rglob("*") if p.suffix.lower() in (".csv", ".tsv", ".xlsx", ".xls"))
    # analyze --out is the command that writes tables; a new one must be added here and neutralised
    assert [p.relative_to(out).as_posix() for p in spreadsheets] == [
        "analysis/curves.csv", "analysis/joined.csv", "analysis/traits.csv"]
    for path in spreadsheets:
        _assert_inert(_spreadsheet_cells(path), path.name)
    joined = list(csv.DictReader((out / "analysis" / "joined.csv").open(encoding="utf-8", newline="")))
    clients = {row["client"] for row in joined}
    assert "'=HYPERLINK(\"http://x\",\"y\")" in clients and "'+SUM(1,2)" in clients and "'@cmd" in clients
    assert "''=quoted" in clients  # an apostrophe already there is escaped too: reading back is exact
    assert any(row["invoice_number"] == "'=1+1" for row in joined)
    assert {row["channel"] for row in joined} >= {"'=cmd|' /C calc'!A0", "'@SUM(A1:A9)"}
    amounts = [row["amount_cents"] for row in joined if row["amount_cents"]]
    assert "-1250" in amounts and all(NUMBER.match(a) for a in amounts)  # numbers stay numbers


def test_dashboard_downloads_and_reading_back_an_out_folder(runs):
    from openpyxl import load_workbook

    from invoice_lint.dashboard.downloads import csv_bytes, excel_bytes
    from invoice_lint.dashboard.workspace import load_workspace

    inputs, out, _ = runs
    ws = load_workspace(inputs / "invoices", payments=inputs / "payments.csv", survey=inputs / "survey.csv")
    for frame in (ws.ledger, ws.traits, ws.findings):
        _assert_inert(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline="")), "download.csv")
        book = load_workbook(io.BytesIO(excel_bytes(frame)))
        for row in book.active.iter_rows():
            _assert_inert([c.value for c in row if c.data_type != "f"], "download.xlsx")
            assert all(c.data_type != "f" for c in row)
    back = load_workspace(out / "analysis")  # the dashboard reading analyze --out: what the ledger said
    kept = set(back.ledger["client"])  # rows the ledger check excluded (a bad date) are not kept
    assert {'=HYPERLINK("http://x","y")', "+SUM(1,2)", "-2+3", "'=quoted"} <= kept, kept


def test_neutralize_and_restore_are_inverse():
    from invoice_lint.foundation.spreadsheet import neutralize_cell, restore_cell

    for value in ["=1", "+1", "-x", "@a", "\tt", "\rr", "'=x", "''=x", "'plain", "''p", "plain", "", "'", 5, -3.5,
                  None]:
        written = neutralize_cell(value)
        assert restore_cell(written) == value
        if isinstance(written, str):
            assert not written.startswith(FORMULA_STARTS)

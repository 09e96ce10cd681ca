"""`invoice-lint analyze` end to end, as a user runs it (subprocess), plus the demo data generator."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from invoice_lint.analytics.numbers import normalize_invoice_number
from invoice_lint.analytics.schema import REPORT_SCHEMA
from invoice_lint.analytics.simulate import export_ledger, export_survey, random_traits, simulate_payments

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_invoices"
CLI = Path(sys.executable).parent / "invoice-lint"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), "analyze", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ledger")
    traits = random_traits(1500, seed=21)
    sim = simulate_payments(traits, seed=21, n_clients=50, day_effects={"has_payment_link": -5},
                            score_effects={"has_thank_you": 0.5})
    export_ledger(sim.ledger, trait_columns=tuple(traits.columns)).to_csv(folder / "payments.csv", index=False)
    export_survey(sim.survey, by_client_share=0.2).to_csv(folder / "survey.csv", index=False)
    return folder


def test_json_output_follows_the_schema_and_out_writes_the_files(generated, tmp_path):
    result = run("--payments", str(generated / "payments.csv"), "--survey", str(generated / "survey.csv"),
                 "--trait-column", "has_payment_link", "--trait-column", "channel", "--reference", "channel=paper",
                 "--format", "json", "--out", str(tmp_path / "out"), "--bootstrap", "300")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    effects = {(e["trait"], e["level"]): e for e in report["effects"]}
    assert effects[("has_payment_link", "yes")]["ci_low"] <= -5 <= effects[("has_payment_link", "yes")]["ci_high"]
    assert effects[("channel", "email")]["reference"] == "paper"
    assert report["rows"]["read"] == 1500 and report["survey"]["rows"]["matched_by_client_date"] > 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["curves.csv", "effects.json", "joined.csv", "traits.csv"]
    assert json.loads((tmp_path / "out" / "effects.json").read_text())["effects"] == report["effects"]


def test_text_summary_is_plain_language(generated):
    result = run("--payments", str(generated / "payments.csv"), "--trait-column", "has_payment_link",
                 "--bootstrap", "200", "--as-of", "2025-06-30")
    assert result.returncode == 0, result.stderr
    assert "Invoices with a payment link were paid" in result.stdout and "days sooner" in result.stdout
    assert "95% CI" in result.stdout and "associations, not proof of cause" in result.stdout
    assert "As of 2025-06-30" in result.stdout


@pytest.mark.parametrize("content, message", [
    ("Invoice,Client,Amount\n1,X,10\n", "missing column(s) for issue_date, due_date, paid_date"),
    ("Invoice,Client,Issue date,Due date,Paid date,Amount\n1,X,03/04/2024,05/06/2024,,10\n", "--date-format"),
    ("Invoice,Client,Issue date,Due date,Paid date,Amount\n", "header but no rows"),
])
def test_user_errors_are_one_line_exit_2(tmp_path, content, message):
    path = tmp_path / "ledger.csv"
    path.write_text(content, encoding="utf-8")
    result = run("--payments", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_options_are_user_errors(generated):
    result = run("--payments", str(generated / "payments.csv"), "--trait-column", "nope")
    assert result.returncode == 2 and "--trait-column nope: no such column" in result.stderr
    result = run("--payments", str(generated / "payments.csv"), "--reference", "channel=fax", "--trait-column", "channel")
    assert result.returncode == 2 and "no such level; levels:" in result.stderr
    result = run("--payments", str(generated / "payments.csv"), "--as-of", "30/06/2025")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_payments", SAMPLES / "generate_payments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def small_manifest() -> dict:
    languages = ["en", "es", "sr", "de", "fr"]
    invoices = []
    for i in range(12):
        fields = {"invoice_number": f"INV-2026-{i + 1:04d}", "issue_date": f"2026-0{1 + i % 9}-1{i % 9}",
                  "total": f"{100 + 7 * i}.50", "currency": "EUR", "payment_methods": ["bank_transfer"]}
        if i % 4:
            fields["due_date"] = f"2026-0{2 + i % 8}-1{i % 9}"
        if i % 3 == 0:
            fields["payment_link"] = "https://pay.example/x"
        if i % 2 == 0:
            fields["thank_you"] = "Thank you"
        invoices.append({"file": f"{languages[i % 5]}-{i:02d}.pdf", "language": languages[i % 5], "layout": "a",
                         "seller": "s", "fields": fields, "defects": []})
    return {"schema_version": 1, "invoices": invoices}


def test_demo_generator_is_deterministic_small_and_plants_bad_rows(tmp_path):
    generator = load_generator()
    ledger, survey, truth = generator.build(small_manifest())
    again, survey_again, _ = generator.build(small_manifest())
    assert generator.csv_text(ledger) == generator.csv_text(again)
    assert generator.csv_text(survey) == generator.csv_text(survey_again)
    assert len(generator.csv_text(ledger)) + len(generator.csv_text(survey)) < 500_000
    numbers = set(ledger["Invoice No"])
    assert {"inv 2026 0002", "INV-2026-3"} <= numbers  # sample numbers, retyped as a ledger would
    assert "2024-02-30" in set(ledger["Issue date"]) and "OLD-2019-17" in numbers
    assert set(ledger["channel"]) == {"paper", "email", "portal"} and ledger["template"].str.endswith(".pdf").all()


@pytest.mark.skipif(not (SAMPLES / "manifest.json").exists(), reason="sample invoices not generated yet")
def test_demo_data_is_up_to_date_with_the_manifest():
    result = subprocess.run([sys.executable, str(SAMPLES / "generate_payments.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not (SAMPLES / "manifest.json").exists(), reason="sample invoices not generated yet")
def test_analyze_demo_data_out_of_the_box(tmp_path):
    result = run("sample_invoices/", "--payments", "sample_invoices/payments.csv",
                 "--survey", "sample_invoices/survey.csv", "--trait-column", "channel", "--format", "json",
                 "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    rows = report["rows"]
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    keys = [normalize_invoice_number(e.get("fields", {}).get("invoice_number")) for e in manifest["invoices"]]
    repeated = sum(1 for i, key in enumerate(keys) if key and key in keys[:i])  # samples sharing a number
    assert rows["matched_by_number"] >= 25 and rows["matched_by_template"] > 2000
    assert rows["duplicate"] == 2 + repeated
    assert rows["excluded_reasons"] == {"unparseable issue date": 1, "paid before issue": 1}
    assert rows["included"] + rows["duplicate"] + rows["excluded"] == rows["read"]
    effects = {(e["trait"], e["level"]): e for e in report["effects"]}
    portal = effects[("channel", "portal")]
    assert portal["ci_low"] <= -3 <= portal["ci_high"]
    text = run("sample_invoices/", "--payments", "sample_invoices/payments.csv",
               "--survey", "sample_invoices/survey.csv")
    assert text.returncode == 0 and "Time to payment" in text.stdout and "Client survey" in text.stdout

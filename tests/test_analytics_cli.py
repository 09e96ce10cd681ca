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
from invoice_lint.analytics.simulation.payments import export_ledger, export_survey, random_traits, simulate_payments

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


def _effect(trait, level, reference, days, low, high, n, clients=(60, 60), flags=(), kind="binary", **extra):
    return {"trait": trait, "level": level, "reference": reference, "kind": kind, "n_with": n[0], "n_without": n[1],
            "clients_with": clients[0], "clients_without": clients[1], "events_with": n[0], "events_without": n[1],
            "median_days_with": 10.0, "median_days_without": 10.0 - days, "effect_days": days, "ci_low": low,
            "ci_high": high, "late_share_with": 0.1, "late_share_without": 0.2, "flags": list(flags),
            "hazard_ratio": None, "significant": not (low <= 0 <= high), **extra}


def _report(effects, survey=None):
    rows = {"read": 2405, "included": 2401, "matched_by_number": 31, "matched_by_template": 2369, "unmatched": 1,
            "duplicate": 2, "excluded": 2, "excluded_reasons": {}, "unpaid_censored": 122}
    kpis = {"as_of": "2026-12-31", "period_days": 90, "by_currency": {"EUR": {
        "dso": "16.3", "best_possible_dso": "4.9", "add": "11.4", "cei": "88.2",
        "aging": {"current": {"amount": "47122.32"}, "90+": {"amount": "68271.71"}}}}}
    return {"rows": rows, "inputs": {"payments": "payments.csv", "survey": "survey.csv"}, "method": {
        "as_of": "2026-12-31", "bootstrap": {"clients": 60}}, "kpis": kpis, "effects": effects, "survey": survey}


def test_text_summary_leads_with_clear_well_supported_effects():
    """The demo's clearest finding (a payment link, n = 1,484 vs 916, clear interval) comes first;
    a larger 'effect' of a trait unknown on 90% of invoices is listed as not well supported, and why."""
    from invoice_lint.analytics.report import render_text

    effects = [
        _effect("readability", "69.9", "-66.4", 8.3, 5.3, 11.8, (80, 89), clients=(30, 35), kind="categorical",
                flags=["not-adjusted"], not_adjusted_reason="unknown for 90% of invoices"),
        _effect("has_thank_you", "yes", "no", -5.5, -8.8, -3.3, (2337, 63), clients=(60, 36)),
        _effect("has_payment_link", "yes", "no", -4.9, -6.4, -4.0, (1484, 916),
                flags=["unclear-after-adjustment"]),
        _effect("has_tax_info", "yes", "no", -0.5, -1.5, 0.6, (2000, 400)),
    ]
    text = render_text(_report(effects))
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- Invoices"))
    assert lines[first - 1].startswith("Clear and well supported")
    assert lines[first].startswith("- Invoices with a payment link were paid 4.9 days sooner than without")
    assert "95% CI 4.0 to 6.4 days; n = 1,484 vs 916" in lines[first]
    weak_header = lines.index("Clear but not well supported — too little to act on:")
    assert weak_header > first
    weak = "\n".join(lines[weak_header:])
    assert "readability 69.9" in weak and "the trait is unknown for 90% of invoices" in weak
    assert "only 2,337 vs 63 invoices" in weak
    assert "No clear difference (interval includes 0): has_tax_info." in text
    # one number format: thousands separators for money and counts, CEI as a percentage
    assert "CEI 88.2%" in text and "current 47,122.32" in text and "DSO 16.3 days" in text
    assert "--format json" not in text


def test_text_summary_says_when_nothing_is_well_supported():
    from invoice_lint.analytics.report import render_text

    text = render_text(_report([_effect("has_qr", "yes", "no", 3.0, 1.0, 5.0, (40, 900), clients=(8, 60))]))
    assert "No difference is both clear and well supported." in text
    assert "only 40 vs 900 invoices; only 8 clients on one side" in text

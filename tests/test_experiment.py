"""`invoice-lint experiment`: planning, power, analysis, checks — on simulated experiments with
planted effects (small seeded versions of benchmarks/experiment_validation.py) and the real CLI."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

from invoice_lint.analytics.experiment.analysis import analyze_experiment
from invoice_lint.analytics.experiment.design import LoadedAssignment, assign, write_plan
from invoice_lint.analytics.experiment.power import estimate_power, read_pools, simulate_power
from invoice_lint.analytics.experiment.schema import ANALYSIS_SCHEMA, POWER_SCHEMA
from invoice_lint.analytics.simulation.experiment import planted_rmst_difference, simulate_experiment
from invoice_lint.analytics.simulation.payments import export_ledger, simulate_payments

ROOT = Path(__file__).resolve().parents[1]
DEMO_LEDGER = ROOT / "sample_invoices" / "payments.csv"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoice_lint", "experiment", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _report(seed: int, replicates: int = 200, **options) -> dict:
    sim = simulate_experiment(seed, **options)
    table = export_ledger(sim.ledger)
    table["template"] = sim.ledger["template"].to_numpy()
    loaded = LoadedAssignment(sim.plan, sim.plan.assignment, "assignment", "plan")
    return analyze_experiment(loaded, table, as_of=sim.as_of, replicates=replicates, seed=seed, cox=False).report


def test_assignment_is_reproducible_balanced_within_strata_and_order_free():
    units = pd.DataFrame({"unit": [f"C{i:02d}" for i in range(30)], "stratum": ["a"] * 11 + ["b"] * 19})
    first = assign(units, ["A", "B"], [0.5, 0.5], seed=7)
    again = assign(units.iloc[::-1].reset_index(drop=True), ["A", "B"], [0.5, 0.5], seed=7)[::-1]
    assert list(first) == list(again)
    for stratum in ("a", "b"):
        counts = pd.Series(first[units["stratum"] == stratum]).value_counts()
        assert abs(counts["A"] - counts["B"]) <= 1
    assert list(assign(units, ["A", "B"], [0.5, 0.5], seed=8)) != list(first)


def test_coverage_and_false_positives_on_planted_experiments():
    """40 seeds each (the benchmark runs ≥ 300): wide enough bounds to be honest, tight enough to fail
    if the interval were the naive invoice-level one or ignored the planted effect."""
    truth = planted_rmst_difference(-5.0, 90, n_clients=1500)
    assert -5.0 < truth < -4.5
    covered = [(_c := _report(seed, effects={"B": -5.0})["comparisons"][0])["rmst_difference_days"]["ci"][0]
               <= truth <= _c["rmst_difference_days"]["ci"][1] for seed in range(40)]
    assert 0.85 <= np.mean(covered) <= 1.0
    false = [_report(seed)["comparisons"][0]["clear"] for seed in range(1000, 1040)]
    assert np.mean(false) <= 0.125  # 5% expected; 12.5% is 2.2 Monte Carlo standard errors above


def test_checks_detect_planted_srm_and_violations():
    report = _report(3, unit="invoice", effects={"B": -5.0}, drop_clients_of="B", drop_share=0.4)
    assert report["checks"]["sample_ratio"]["mismatch"]
    clean = _report(3, unit="invoice", effects={"B": -5.0})
    assert not clean["checks"]["sample_ratio"]["mismatch"]
    sim = simulate_experiment(4, effects={"B": -5.0}, violation_share=0.1)
    planted = int((sim.ledger["template"] != sim.ledger["assigned"]).sum())
    report = _report(4, effects={"B": -5.0}, violation_share=0.1)
    assert planted > 0 and report["checks"]["assignment_violations"]["invoices"] == planted


def test_power_estimate_follows_the_effect_and_the_sample_size(capsys):
    n = int(60 * 3.0 * 730 / 30.4)
    history = export_ledger(simulate_payments(pd.DataFrame(index=range(n)), seed=5, n_clients=60, days=730,
                                              survey_share=0.0).ledger)
    pools = read_pools(history, horizon_days=90)
    small = simulate_power(pools, 40, "client", -2.0, simulations=120, replicates=100, seed=1)["power"]
    large = simulate_power(pools, 40, "client", -8.0, simulations=120, replicates=100, seed=1)["power"]
    more = simulate_power(pools, 160, "client", -2.0, simulations=120, replicates=100, seed=1)["power"]
    assert small < large and small < more
    assert large > 0.8
    report = json.loads(json.dumps(estimate_power(pools, -8.0, clients=40, simulations=50, replicates=50,
                                                  effects=[-8.0], progress=True)))
    assert "experiment power" in capsys.readouterr().err  # the bar of a long run (experiment power on a terminal)
    jsonschema.validate(report, POWER_SCHEMA)
    by_design = {r["design"]: r for r in report["results"]}
    assert by_design["invoice"]["clients_needed"] <= by_design["client"]["clients_needed"]


def test_cli_plan_analyze_and_peeking(tmp_path):
    sim = simulate_experiment(11, effects={"B": -10.0}, violation_share=0.03, survey_share=0.3)
    table = export_ledger(sim.ledger)
    table["template"] = sim.ledger["template"].to_numpy()
    table.to_csv(tmp_path / "payments.csv", index=False)
    write_plan(sim.plan, tmp_path / "assignment.csv")
    done = _cli("analyze", "--assignment", "assignment.csv", "--payments", "payments.csv", "--as-of",
                sim.as_of.isoformat(), "--bootstrap", "200", "--format", "json", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    jsonschema.validate(report, ANALYSIS_SCHEMA)
    assert report["schema_version"] == 1 and report["status"] == "final"
    comparison = report["comparisons"][0]
    assert comparison["clear"] and comparison["rmst_difference_days"]["estimate"] < 0
    assert comparison["cox"]["hazard_ratio"] > 1
    assert report["checks"]["assignment_violations"]["invoices"] > 0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"experiment.json", "rows.csv", "violations.csv"}
    early = _cli("analyze", "--assignment", "assignment.csv", "--payments", "payments.csv", "--as-of",
                 "2025-04-01", "--bootstrap", "100", cwd=tmp_path)
    assert early.returncode == 0, early.stderr
    assert "INTERIM LOOK" in early.stdout and "— a clear difference" not in early.stdout


def test_cli_plan_on_the_demo_ledger_writes_assignment_and_balance(tmp_path):
    done = _cli("plan", "--variants", "A,B", "--clients", str(DEMO_LEDGER), "--stratify", "days-to-pay",
                "--start", "2026-01-05", "--seed", "3", "-o", "assignment.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Assigned 60 clients to A (30), B (30) with seed 3" in done.stdout
    assert "mean days to pay" in done.stdout
    plan = json.loads((tmp_path / "assignment.plan.json").read_text())
    assert plan["seed"] == 3 and plan["analysis_date"] == "2026-10-03" and plan["units"] == 60
    again = _cli("plan", "--variants", "A,B", "--clients", str(DEMO_LEDGER), "--stratify", "days-to-pay",
                 "--start", "2026-01-05", "--seed", "3", "-o", "again.csv", cwd=tmp_path)
    assert again.returncode == 0
    assert (tmp_path / "again.csv").read_text() == (tmp_path / "assignment.csv").read_text()


@pytest.mark.parametrize("args, message", [
    (["plan", "--variants", "A", "--clients", "{ledger}", "-o", "a.csv"], "at least two variants"),
    (["plan", "--variants", "A,B", "--clients", "{ledger}", "--client-column", "Kunde", "-o", "a.csv"],
     "--client-column Kunde: no such column"),
    (["plan", "--variants", "A,B", "--clients", "missing.csv", "-o", "a.csv"], "--clients missing.csv: no such file"),
    (["power", "--payments", "{ledger}", "--effect", "soon"], "expected days sooner such as 3d"),
    (["analyze", "--assignment", "{assignment}", "--payments", "{ledger}"], "appears in the ledger"),
])
def test_cli_bad_input_is_one_clear_line(tmp_path, args, message):
    (tmp_path / "assignment.csv").write_text("client,variant\nNobody Ltd,A\nNo One GmbH,B\n")
    args = [a.format(ledger=DEMO_LEDGER, assignment=tmp_path / "assignment.csv") for a in args]
    done = _cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_audit_has_an_experiment_section_with_analyze_experiments_figures(tmp_path):
    """`audit --assignment`: the section shows the plan, the variants' figures and the checks, as
    `experiment analyze` computes them (two sample PDFs keep the run short)."""
    import re
    import shutil
    from datetime import date

    from invoice_lint.analytics.experiment.design import read_assignment

    folder = ROOT / "sample_invoices" / "experiment"
    invoices = tmp_path / "invoices"
    invoices.mkdir()
    for name in ("en-01-bordered-clean.pdf", "en-02-plain-terms.pdf"):
        shutil.copyfile(ROOT / "sample_invoices" / name, invoices / name)
    done = subprocess.run([sys.executable, "-m", "invoice_lint", "audit", str(invoices), "--payments",
                           str(folder / "payments.csv"), "--assignment", str(folder / "assignment.csv"),
                           "--as-of", "2027-09-28", "--bootstrap", "100", "--no-progress", "-o",
                           str(tmp_path / "report.html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="experiment">'):]
    section = " ".join(re.sub(r"<[^>]+>", " ", section[:section.index("</section>")]).split())
    expected = analyze_experiment(read_assignment(folder / "assignment.csv"), folder / "payments.csv",
                                  as_of=date(2027, 9, 28), replicates=100).report
    comparison = expected["comparisons"][0]
    assert "seed 20260105" in section and "Final analysis" in section
    assert f"B / A {comparison['rmst_difference_days']['estimate']:.1f}" in section
    assert "clear difference" in section and "22 invoices (2.1%) were sent with another variant" in section
    assert "en-01-bordered-clean.pdf" in section
    refused = subprocess.run([sys.executable, "-m", "invoice_lint", "audit", str(invoices), "--assignment",
                              str(folder / "assignment.csv"), "-o", str(tmp_path / "r.html")],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--assignment needs --payments" in refused.stderr


def test_demo_experiment_files_are_up_to_date():
    """sample_invoices/experiment/ is what generate_experiment.py writes (the docs' worked example reads it)."""
    result = subprocess.run([sys.executable, str(ROOT / "sample_invoices" / "generate_experiment.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_cli_plan_reads_the_ledger_with_map(tmp_path):
    """plan's --map names the ledger's columns, as in power and analyze (it was accepted and ignored)."""
    lines = DEMO_LEDGER.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "ledger.csv").write_text(lines[0].replace("Paid date", "Zahlung Q") + "".join(lines[1:]),
                                         encoding="utf-8")
    args = ("plan", "--variants", "A,B", "--clients", "ledger.csv", "--stratify", "days-to-pay", "--seed", "3")
    unmapped = _cli(*args, "-o", "a.csv", cwd=tmp_path)
    assert unmapped.returncode == 2 and "needs the clients' history" in unmapped.stderr
    mapped = _cli(*args, "--map", "paid_date=Zahlung Q", "-o", "b.csv", cwd=tmp_path)
    assert mapped.returncode == 0, mapped.stderr
    assert "stratified by days-to-pay" in mapped.stdout and "mean days to pay" in mapped.stdout

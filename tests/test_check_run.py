"""One check run (``checking.run_check``): `check`, `analyze` (the findings counts of its trait table)
and the billing loader behind the dashboard and the audit report the same findings for the same
folder — with the folder's config applied by all three (its ``ignore`` and its ``ignores``)."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import SAMPLES

CLI = Path(sys.executable).parent / "invoice-lint"
PDFS = ("en-02-plain-terms.pdf", "en-06-plain-vague-no-thanks.pdf", "en-08-bordered-low-readability.pdf",
        "es-04-letter-vague.pdf")
CONFIG = """[tool.invoice-lint]
ignore = ["WRD001"]

[[tool.invoice-lint.ignores]]
path = "en-06-*.pdf"
rule = "IDN004"
reason = "a test card number printed on purpose"
"""
SEVERITIES = ("error", "warning", "info")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=cwd, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return done


def _counts(findings) -> dict[str, Counter]:
    """file name -> severity -> number of findings."""
    out: dict[str, Counter] = {name: Counter() for name in PDFS}
    for path, severity in findings:
        out[Path(path).name][severity] += 1
    return out


def test_check_analyze_and_the_billing_loader_apply_the_folders_config_alike(tmp_path):
    from invoice_lint.billing import load_billing
    from invoice_lint.checking import run_check
    from invoice_lint.config import Config
    from invoice_lint.pipeline import ReadOptions

    folder = tmp_path / "invoices"
    folder.mkdir()
    for name in PDFS:  # copied to the test's temporary folder only
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    ledger = tmp_path / "ledger.csv"
    shutil.copy(SAMPLES / "payments.csv", ledger)

    # without the config these invoices have findings of both rules it takes out (so this test can fail)
    unconfigured = run_check([folder], Config(), ReadOptions())
    codes = {(Path(f.path).name, f.code) for f in unconfigured.findings}
    assert ("en-06-plain-vague-no-thanks.pdf", "IDN004") in codes and any(c == "WRD001" for _, c in codes)

    report = json.loads(_cli("check", "invoices", "--format", "json", "--no-cache", cwd=tmp_path).stdout)
    checked = _counts((f["path"], f["severity"]) for f in report["findings"])
    assert not any(f["code"] == "WRD001" for f in report["findings"])
    assert ("en-06-plain-vague-no-thanks.pdf", "IDN004") not in {(Path(f["path"]).name, f["code"])
                                                                  for f in report["findings"]}
    assert sum(sum(c.values()) for c in checked.values()) > 0

    _cli("analyze", "invoices", "--payments", "ledger.csv", "--bootstrap", "100", "--no-cache", "--jobs", "1",
         "--format", "json", "-o", "out", cwd=tmp_path)
    with open(tmp_path / "out" / "traits.csv", encoding="utf-8", newline="") as fh:
        traits = {Path(row["file"]).name: row for row in csv.DictReader(fh)}
    analyzed = {name: Counter({s: int(float(traits[name][f"findings_{s}"])) for s in SEVERITIES
                               if float(traits[name][f"findings_{s}"])}) for name in PDFS}
    assert analyzed == checked

    billing = load_billing(folder)
    assert _counts((f.path, f.severity) for f in billing.findings) == checked
    assert [(Path(f.path).name, f.code, f.line) for f in billing.findings] == \
        [(Path(f["path"]).name, f["code"], f["line"]) for f in report["findings"]]


def test_analyze_checks_the_invoices_with_the_config_its_option_names(tmp_path):
    """`analyze --config FILE` checks as `check --config FILE` does, not with the folder's own config."""
    from invoice_lint.checking import run_check
    from invoice_lint.config import Config
    from invoice_lint.pipeline import ReadOptions

    folder = tmp_path / "invoices"
    folder.mkdir()
    name = "en-06-plain-vague-no-thanks.pdf"
    shutil.copy(SAMPLES / name, folder / name)
    (folder / "invoice-lint.toml").write_text('select = ["IDN"]\n', encoding="utf-8")  # the one --config replaces
    (tmp_path / "elsewhere.toml").write_text('ignore = ["IDN004"]\n', encoding="utf-8")
    shutil.copy(SAMPLES / "payments.csv", tmp_path / "ledger.csv")
    # unconfigured, the invoice has IDN004 and findings of other rules (so this test can fail)
    codes = {f.code for f in run_check([folder], Config(), ReadOptions()).findings}
    assert "IDN004" in codes and codes - {"IDN004"}

    report = json.loads(_cli("check", "invoices", "--config", "elsewhere.toml", "--format", "json", "--no-cache",
                             cwd=tmp_path).stdout)
    assert report["findings"] and not any(f["code"] == "IDN004" for f in report["findings"])
    _cli("analyze", "invoices", "--config", "elsewhere.toml", "--payments", "ledger.csv", "--bootstrap", "100",
         "--no-cache", "--jobs", "1", "--format", "json", "-o", "out", cwd=tmp_path)
    with open(tmp_path / "out" / "traits.csv", encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if Path(r["file"]).name == name)
    analyzed = Counter({s: int(float(row[f"findings_{s}"])) for s in SEVERITIES if float(row[f"findings_{s}"])})
    assert analyzed == _counts((f["path"], f["severity"]) for f in report["findings"])[name]


def test_an_empty_folder_is_an_error_for_check_and_nothing_to_report_for_billing_and_analyze(tmp_path):
    from invoice_lint.checking import run_check
    from invoice_lint.config import Config
    from invoice_lint.pipeline import ReadOptions

    (tmp_path / "empty").mkdir()
    checked = run_check([tmp_path / "empty"], Config(), ReadOptions(cache_dir=None))
    assert [e.cause for e in checked.errors] == ["is a folder with no PDF files in it"]
    assert [f.code for f in checked.findings] == ["PDF001"]
    loaded = run_check([tmp_path / "empty"], Config(), ReadOptions(cache_dir=None), keep_invoices=True,
                       allow_empty=True)
    assert loaded.errors == [] and loaded.findings == [] and loaded.invoices == []


def test_the_billing_loader_leaves_the_callers_config_as_given(tmp_path):
    from invoice_lint.billing import load_billing
    from invoice_lint.config import Config

    shutil.copy(SAMPLES / "en-02-plain-terms.pdf", tmp_path / "a.pdf")
    config = Config()
    billing = load_billing(tmp_path, config=config, jurisdiction=["uk"], language="en")
    assert billing.config.jurisdiction == ["uk"] and billing.config.language == "en"  # what the run used
    assert config == Config()
    assert "UK" in {r.code[:2] for r in billing.ruleset.rules}


def test_a_callers_config_names_the_reading_backend_when_no_reading_options_are_given(tmp_path, monkeypatch):
    """``load_billing(config=...)`` and ``analyze(config=...)`` without ``read_options`` read with the
    config's backend, as a folder's config file does; given reading options win."""
    import dataclasses

    from invoice_lint import pipeline
    from invoice_lint.billing import load_billing
    from invoice_lint.checking import reading_of
    from invoice_lint.config import Config

    config = dataclasses.replace(Config(), backend="pdfplumber")
    assert reading_of(config).backend == "pdfplumber" and reading_of(Config()) == pipeline.ReadOptions()
    shutil.copy(SAMPLES / "en-02-plain-terms.pdf", tmp_path / "a.pdf")
    used = []
    real = pipeline.read_pdf

    def spy(path, **kwargs):
        used.append(kwargs.get("backend"))
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline, "read_pdf", spy)
    monkeypatch.setenv("INVOICE_LINT_CACHE_DIR", str(tmp_path / "cache"))
    load_billing(tmp_path, config=config, read_options=None)
    assert used == ["pdfplumber"]
    load_billing(tmp_path, config=config, read_options=pipeline.ReadOptions(backend="pdfium", jobs=1))
    assert used[1:] == ["pdfium"]

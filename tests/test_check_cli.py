"""`invoice-lint check` end to end: the real CLI on real PDFs, every output format, exit codes,
and the planted defects of the samples (precision and recall of contract rules >= 98%)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SAMPLES, SHARED, require_shared

CONTRACT = {"missing-invoice-number", "missing-issue-date", "missing-due-date", "missing-line-items", "missing-total",
            "missing-tax-info", "missing-payment-methods", "missing-seller-tax-id", "line-amount-mismatch",
            "line-sum-mismatch", "total-mismatch", "tax-mismatch", "due-before-issue", "invalid-iban",
            "invalid-tax-id", "vague-payment-terms", "low-readability", "inconsistent-terms",
            "inconsistent-date-format", "missing-thank-you", "missing-payment-link", "unreadable-pdf",
            "no-text-layer"}
MANIFEST = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def cli(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "invoice_lint", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300, env={**os.environ, **(env or {})})


def _json(*args):
    result = cli("check", *args, "--output-format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return result, json.loads(result.stdout)


def _precision_recall(findings, invoices, key="defects", pack=None):
    got: dict[str, set] = {}
    for f in findings:
        got.setdefault(Path(f["path"]).name, set()).add(f["rule"])
    tp = fp = fn = 0
    for inv in invoices:
        want = set(inv[key]) if pack is None else set(inv["defects"]) | set(inv[key].get(pack, []))
        have = got.get(inv["file"], set()) & CONTRACT
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
    return tp / (tp + fp), tp / (tp + fn), tp


def test_every_planted_defect_is_reported_and_nothing_else():
    result, payload = _json(SAMPLES)
    assert result.returncode == 1
    precision, recall, tp = _precision_recall(payload["findings"], MANIFEST["invoices"])
    print(f"\nsamples: precision {precision:.1%}, recall {recall:.1%} ({tp} planted defects found)")
    assert precision >= 0.98 and recall >= 0.98


def test_jurisdiction_pack_adds_missing_seller_tax_id():
    invoices = [i for i in MANIFEST["invoices"] if "eu-vat" in i["jurisdiction_defects"]]
    result, payload = _json(*[SAMPLES / i["file"] for i in invoices], "--jurisdiction", "eu-vat")
    precision, recall, _ = _precision_recall(payload["findings"], invoices, "jurisdiction_defects", "eu-vat")
    assert precision >= 0.98 and recall >= 0.98
    assert any(f["rule"] == "missing-seller-tax-id" for f in payload["findings"])


def test_real_invoices_get_no_false_required_arithmetic_or_identifier_findings():
    corpus = require_shared()
    # hand-checked: these real invoices really do not print these details (or print an invalid id)
    true_findings = {
        ("AmazonWebServices.pdf", "missing-payment-methods"), ("AzureInterior.pdf", "missing-payment-methods"),
        ("FlipkartInvoice.pdf", "missing-due-date"), ("FlipkartInvoice.pdf", "missing-payment-methods"),
        ("NetpresseInvoice.pdf", "missing-due-date"), ("SammyMaystoneLinesTest.pdf", "missing-payment-methods"),
        ("coolblue1.pdf", "missing-due-date"), ("coolblue2.pdf", "missing-due-date"),
        ("Facture_F20220030-LE_FOURNISSEUR-POUR-LE_CLIENT_EN_16931.pdf", "invalid-tax-id"),
    }
    # the two hand-checked corpora; public-samples is measured by test_corpus_public.py
    _, payload = _json(corpus / "invoice2data", corpus / "facturx-fr")
    checked = {f["rule"] for f in payload["findings"] if f["code"][:3] in {"REQ", "ARI", "IDN", "DAT"}}
    false = {(Path(f["path"]).name, f["rule"]) for f in payload["findings"]
             if f["rule"] in checked and (Path(f["path"]).name, f["rule"]) not in true_findings}
    files = {name for name, _ in false}
    print(f"\nreal corpus: {len(files)} of 22 files with a false required/arithmetic/identifier finding: {false}")
    assert len(files) / 22 <= 0.05


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
def test_each_output_format_on_real_files(fmt, tmp_path):
    corpus = require_shared()
    out = tmp_path / f"report.{fmt}"
    result = cli("check", corpus / "invoice2data", "--output-format", fmt, "-o", out,
                 env={"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    assert result.returncode == 1, result.stderr
    text = out.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    if fmt == "text":
        assert "AzureInterior.pdf" in text and "Found " in text
    elif fmt == "json":
        payload = json.loads(text)
        assert payload["schema_version"] == 1
        f = payload["findings"][0]
        assert {"code", "rule", "severity", "message", "page", "line", "bbox", "snippet"} <= set(f)
    elif fmt == "sarif":
        import jsonschema

        doc = json.loads(text)
        schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
        jsonschema.validate(doc, schema)
        run = doc["runs"][0]
        assert run["tool"]["driver"]["rules"] and all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
        assert all(r["partialFingerprints"] for r in run["results"])
    elif fmt == "github":
        assert text.startswith(("::error ", "::warning ", "::notice "))
        assert "| rule | severity | count |" in (tmp_path / "summary.md").read_text()
    elif fmt == "junit":
        root = ET.fromstring(text)
        names = [(s.get("name"), c.get("name")) for s in root for c in s]
        assert len(names) == len(set(names)), "JUnit testcase names must be unique"
        assert root.findall(".//failure")
    elif fmt == "gitlab":
        issues = json.loads(text)
        assert issues and {"description", "check_name", "fingerprint", "severity", "location"} <= set(issues[0])
        assert issues[0]["severity"] in {"info", "minor", "major", "critical", "blocker"}


def test_github_escaping():
    from invoice_lint.report.github_format import escape_data, escape_property

    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_exit_codes(tmp_path):
    clean = SAMPLES / "en-01-bordered-clean.pdf"
    assert cli("check", clean).returncode == 0
    broken = SAMPLES / "de-02-plain-invalid-iban.pdf"
    assert cli("check", broken).returncode == 1
    assert cli("check", broken, "--exit-zero").returncode == 0
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    both = cli("check", broken, empty)
    assert both.returncode == 2 and "Traceback" not in both.stderr
    assert "PDF001" in both.stdout and "is empty" in both.stdout
    assert cli("check", clean, "--select", "NOPE999").returncode == 2
    warn = SAMPLES / "fr-05-plain-inconsistent-terms.pdf"
    assert cli("check", warn).returncode == 0
    assert cli("check", warn, "--max-warnings", "0").returncode == 1
    assert cli("check", warn, "--fail-on", "warning").returncode == 1
    missing = cli("check", tmp_path / "nope.pdf")
    assert missing.returncode == 2 and "does not exist" in missing.stdout


def test_select_ignore_and_statistics():
    result = cli("check", SAMPLES, "--select", "ARI", "--statistics")
    lines = [line.split() for line in result.stdout.splitlines() if line.strip()]
    assert lines and all(words[1].startswith("ARI") for words in lines)
    result, payload = _json(SAMPLES, "--ignore", "STY,WRD003")
    assert not any(f["code"].startswith("STY") or f["code"] == "WRD003" for f in payload["findings"])


def test_config_in_pyproject_and_errors(tmp_path):
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes((SAMPLES / "fr-03-two-column-no-link.pdf").read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.invoice-lint]\nignore = ["missing-payment-link"]\n')
    _, payload = _json(pdf)
    assert not payload["findings"]
    (tmp_path / "pyproject.toml").write_text('[tool.invoice-lint]\nignor = ["STY"]\n')
    result = cli("check", pdf)
    assert result.returncode == 2 and "pyproject.toml:2: unknown key 'ignor'" in result.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.invoice-lint]\nignores = [{path = "*.pdf", rule = "STY002"}]\n')
    result = cli("check", pdf)
    assert result.returncode == 2 and "reason" in result.stderr


def test_external_ignores_and_unused_warning(tmp_path):
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes((SAMPLES / "fr-03-two-column-no-link.pdf").read_bytes())
    (tmp_path / "invoice-lint.toml").write_text(
        'ignores = [{path = "inv.pdf", rule = "missing-payment-link", reason = "paper-only client"},\n'
        '           {path = "other.pdf", rule = "REQ001", reason = "legacy"}]\n')
    result = cli("check", pdf)
    assert "STY002" not in result.stdout
    assert "unused ignore for REQ001 on other.pdf" in result.stdout


def test_rules_catalogue_and_rule_docs():
    listing = cli("rules").stdout
    names = {line.split()[1] for line in listing.splitlines() if line.strip()}
    assert CONTRACT - {"invalid-tax-id", "missing-seller-tax-id"} <= names | {"invalid-tax-id"}
    assert {"invalid-tax-id", "missing-seller-tax-id"} <= names
    doc = cli("rule", "missing-due-date").stdout
    for section in ("## What it does", "## Why it matters", "## Example", "## Use instead", "## Basis"):
        assert section in doc
    assert "BR-CO-25" in doc
    bad = cli("rule", "missing-due")
    assert bad.returncode == 2 and "did you mean" in bad.stderr


def test_baseline_suppresses_known_findings_and_fails_on_stale_entries(tmp_path):
    work = tmp_path / "invoices"
    work.mkdir()
    for name in ("de-02-plain-invalid-iban.pdf", "fr-03-two-column-no-link.pdf"):
        (work / name).write_bytes((SAMPLES / name).read_bytes())
    baseline = tmp_path / "baseline.json"
    assert cli("check", work, "--write-baseline", baseline).returncode == 0
    data = json.loads(baseline.read_text())
    assert data["tool"]["version"] and all("page" not in e and "bbox" not in e for e in data["entries"])
    assert cli("check", work, "--baseline", baseline).returncode == 0
    (work / "en-06.pdf").write_bytes((SAMPLES / "en-06-plain-vague-no-thanks.pdf").read_bytes())
    new = cli("check", work, "--baseline", baseline)
    assert new.returncode == 1 and "en-06.pdf" in new.stdout and "de-02" not in new.stdout
    (work / "en-06.pdf").unlink()
    (work / "de-02-plain-invalid-iban.pdf").unlink()
    stale = cli("check", work, "--baseline", baseline)
    assert stale.returncode == 1 and "stale baseline entry: IDN001" in stale.stdout


# --- issue 11: one vocabulary, honest summaries ------------------------------------------------


def test_select_prefix_stays_within_the_active_packs_and_the_summary_names_them():
    result, payload = _json(SAMPLES, "--select", "REQ,ARI")
    codes = {f["code"] for f in payload["findings"]}
    assert codes and all(c.startswith(("REQ", "ARI", "PDF")) for c in codes)
    assert "REQ010" not in codes, "a prefix must not pull in the jurisdiction packs' rules"
    assert payload["summary"]["packs"] == ["core", "style"]
    text = cli("check", SAMPLES, "--select", "REQ,ARI")
    assert "Rule packs: core, style." in text.stdout.splitlines()[-1]
    # an exact code still enables a rule of another pack, as ruff's --select does
    exact, payload = _json(SAMPLES, "--select", "REQ010")
    assert {f["code"] for f in payload["findings"]} == {"REQ010"}
    assert payload["summary"]["packs"] == ["core", "style", "+REQ010"]
    assert "plus REQ010" in cli("check", SAMPLES, "--select", "REQ010").stdout
    # with the pack active, the prefix reaches it
    _, payload = _json(SAMPLES, "--select", "REQ", "--jurisdiction", "eu-vat")
    assert "REQ010" in {f["code"] for f in payload["findings"]}
    outside = cli("check", SAMPLES, "--select", "RS")
    assert outside.returncode == 2 and "--jurisdiction rs" in outside.stderr
    assert len(outside.stderr.strip().splitlines()) == 1


def test_max_warnings_says_why_it_fails_and_refuses_negatives():
    warn = SAMPLES / "fr-05-plain-inconsistent-terms.pdf"
    result = cli("check", warn, "--max-warnings", "0")
    assert result.returncode == 1
    assert "more than --max-warnings 0 allows" in result.stdout
    as_json = cli("check", warn, "--max-warnings", "0", "--output-format", "json")
    assert "more than --max-warnings 0 allows" in as_json.stderr
    negative = cli("check", warn, "--max-warnings", "-1")
    assert negative.returncode == 2 and "All checks passed" not in negative.stdout
    assert "--max-warnings" in negative.stderr and len(negative.stderr.strip().splitlines()) == 1


def test_baseline_says_how_many_findings_it_suppressed(tmp_path):
    work = tmp_path / "invoices"
    work.mkdir()
    for name in ("de-02-plain-invalid-iban.pdf", "fr-03-two-column-no-link.pdf"):
        (work / name).write_bytes((SAMPLES / name).read_bytes())
    baseline = tmp_path / "baseline.json"
    assert cli("check", work, "--write-baseline", baseline).returncode == 0
    _, payload = _json(work)
    total = len(payload["findings"])
    result = cli("check", work, "--baseline", baseline)
    assert result.returncode == 0
    assert f"{total} known findings suppressed, 0 new" in result.stdout


def test_junit_tests_count_equals_the_test_cases(tmp_path):
    out = tmp_path / "report.xml"
    cli("check", SAMPLES, "--output-format", "junit", "-o", out)
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases)
    assert int(root.get("failures")) == len(root.findall(".//failure"))
    assert all(int(s.get("tests")) == len(s.findall("testcase")) for s in root.findall("testsuite"))


def test_files_passed_one_by_one_say_cross_document_rules_compare_only_them(tmp_path):
    """pre-commit passes only the changed files: the output says what the consistency rules compared."""
    work = tmp_path / "invoices"
    work.mkdir()
    for name in ("sr-01-bordered-clean.pdf", "sr-02-plain-terms.pdf", "sr-05-letter-date-format.pdf"):
        (work / name).write_bytes((SAMPLES / name).read_bytes())
    one = cli("check", work / "sr-05-letter-date-format.pdf")
    assert "cross-document rules" in one.stdout and "compared only the 1 file given, not the 2 other PDFs" in one.stdout
    assert "cross-document rules" not in cli("check", work).stdout
    machine = cli("check", work / "sr-05-letter-date-format.pdf", "--output-format", "json")
    assert "cross-document rules" in machine.stderr
    assert any("cross-document" in n for n in json.loads(machine.stdout)["summary"]["notes"])


@pytest.mark.parametrize("toml, message", [
    ('thresholds = { "readability-minimum" = 5 }\n', ":1: unknown threshold 'readability-minimum'; did you mean "
                                                     "'readability-min'?"),
    ('per-file-ignores = { "legacy/*.pdf" = ["REQ03"] }\n', "unknown rule code, prefix or name 'REQ03'; did you mean "
                                                           "REQ003"),
    ('rejected-terms = { en = "at once" }\n', "'rejected-terms.en' must be a list of strings"),
    ('[tool.invoice-lint]\njurisdiction = ["eu-vat"]\n', "drop the '[tool.invoice-lint]' header"),
    ('severity = { "missing-payment-method" = "error" }\n', "did you mean missing-payment-methods"),
    ('ignore = ["STY001"]\nselect = ["REQ", "XYZ"]\n', ":2: 'select': unknown rule code, prefix or name 'XYZ'"),
    ('ignores = [{ path = "p/*.pdf", rule = "missing-payment-lnk", reason = "x" }]\n',
     "did you mean missing-payment-link"),
    ('ignores = [{ path = "p/*.pdf", rule = "STY002", reson = "x" }]\n', "unknown key 'reson' in an ignore; did you "
                                                                         "mean 'reason'?"),
    ('jurisdiction = ["eu-vta"]\n', "unknown pack 'eu-vta'; did you mean 'eu-vat'?"),
    ('language = "srb"\n', "unknown language 'srb'; did you mean 'sr'?"),
    ('selct = ["REQ"]\n', "unknown key 'selct'; did you mean 'select'?"),
    ('[thresholds]\nreadability-mn = 3\n', ":2: unknown threshold 'readability-mn'"),
    ('thresholds = { "readability-min" = "high" }\n', "'thresholds.readability-min' must be a number"),
    ('fail-on = "warn"\n', "did you mean 'warning'?"),
])
def test_every_config_key_code_and_type_is_checked(tmp_path, toml, message):
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes((SAMPLES / "en-01-bordered-clean.pdf").read_bytes())
    (tmp_path / "invoice-lint.toml").write_text(toml)
    result = cli("check", pdf)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "invoice-lint.toml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_the_readme_config_example_is_valid(tmp_path):
    """The README's [tool.invoice-lint] table, pasted into a pyproject.toml, loads as documented."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n[tool.invoice-lint]\n", 1)[1].split("```", 1)[0]
    (tmp_path / "house-rules").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.invoice-lint]\n" + block)
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes((SAMPLES / "en-01-bordered-clean.pdf").read_bytes())
    result = cli("check", pdf)
    assert result.returncode in (0, 1) and not result.stderr.startswith("invoice-lint: error"), result.stderr
    (tmp_path / "pyproject.toml").unlink()
    (tmp_path / "invoice-lint.toml").write_text("[tool.invoice-lint]\n" + block)
    pasted = cli("check", pdf)
    assert pasted.returncode == 2 and "drop the '[tool.invoice-lint]' header" in pasted.stderr

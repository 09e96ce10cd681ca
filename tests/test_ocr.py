"""Scanned invoices (`--ocr`): a sample rendered to an image and wrapped in an image-only PDF at
test time is a clear no-text-layer finding naming --ocr without it, and with it reaches the rules
with the same required-detail findings as the original text PDF.  The real CLI, the real
Tesseract (Debian packages installed by .ci/run)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import IN_CI, SAMPLES

# planted: missing-due-date, missing-thank-you, vague-payment-terms, unmasked-card-number
SAMPLE = SAMPLES / "en-06-plain-vague-no-thanks.pdf"
PLANTED = {"missing-due-date", "missing-thank-you", "vague-payment-terms", "unmasked-card-number"}

if shutil.which("tesseract") is None and not IN_CI:
    pytest.skip("tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng ...)",
                allow_module_level=True)


def cli(*args, env=None, cwd=None):
    # every run reads for itself: an extraction cached by an earlier test would hide what OCR does
    cache = tempfile.mkdtemp(prefix="il-ocr-test-cache-")
    try:
        result = subprocess.run([sys.executable, "-m", "invoice_lint", *map(str, args)], capture_output=True,
                                text=True, timeout=300, cwd=cwd,
                                env={**os.environ, "INVOICE_LINT_CACHE_DIR": cache, **(env or {})})
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def make_scan(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """An image-only PDF of ``pdf``: each page rendered to a grayscale image, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    return make_scan(SAMPLE, folder / "scanned-invoice.pdf")


def _rules(payload: dict, name: str) -> set[str]:
    return {f["rule"] for f in payload["findings"] if Path(f["path"]).name == name}


def test_the_scan_has_no_text_layer_and_the_finding_names_the_option(scan):
    result = cli("check", scan, "--format", "json")
    assert result.returncode == 2
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings] == ["no-text-layer"]
    assert "--ocr" in findings[0]["message"]
    extracted = cli("extract", scan)
    assert extracted.returncode == 2 and "no text layer" in extracted.stderr and "--ocr" in extracted.stderr


def test_check_ocr_reaches_the_rules_with_the_findings_of_the_text_pdf(scan):
    # one run: --ocr leaves a PDF with a text layer as it is
    result = cli("check", "--ocr", SAMPLE, scan, "--format", "json")
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    want = _rules(json.loads(result.stdout), SAMPLE.name)
    assert PLANTED <= want
    assert _rules(json.loads(result.stdout), scan.name) == want
    # and the findings point at the same lines
    where = {name: {(f["rule"], f["page"], f["line"]) for f in findings if Path(f["path"]).name == name}
             for name in (SAMPLE.name, scan.name)}
    assert where[scan.name] == where[SAMPLE.name]


def test_extract_ocr_marks_the_document_and_gives_each_field_a_confidence(scan):
    result = cli("extract", "--ocr", scan, SAMPLE, "--format", "json")
    assert result.returncode == 0, result.stderr
    by_name = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    ocr, text = by_name[scan.name], by_name[SAMPLE.name]
    assert ocr["ocr"] is True and text["ocr"] is False
    assert not any("confidence" in f for f in text["fields"].values())
    for name, field in ocr["fields"].items():
        assert 0.5 <= field["confidence"] <= 1, (name, field)
    for name in ("invoice_number", "issue_date", "total", "buyer_name", "payment_link"):
        assert ocr["fields"][name]["value"] == text["fields"][name]["value"], name
        # boxes in PDF points: where the text layer puts the same value, within a few points
        assert all(abs(a - b) < 4 for a, b in zip(ocr["fields"][name]["bbox"], text["fields"][name]["bbox"])), name
    assert ocr["fields"]["line_items"]["value"] == text["fields"]["line_items"]["value"] or \
        [i["amount"] for i in ocr["fields"]["line_items"]["value"]] == \
        [i["amount"] for i in text["fields"]["line_items"]["value"]]


def test_ocr_true_in_the_config_reads_scans_and_a_wrong_value_is_a_config_error(scan, tmp_path):
    folder = tmp_path / "project"
    folder.mkdir()
    shutil.copy(scan, folder / scan.name)
    (folder / "invoice-lint.toml").write_text('ocr = true\n')
    result = cli("check", folder, "--format", "json")
    assert result.returncode == 1, result.stderr
    assert PLANTED <= _rules(json.loads(result.stdout), scan.name)
    (folder / "invoice-lint.toml").write_text('packs = ["core"]\nocr = "yes"\n')
    bad = cli("check", folder)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0
    assert "invoice-lint.toml:2" in bad.stderr and "'ocr' must be true or false" in bad.stderr


def test_without_tesseract_one_line_names_what_to_install(scan, tmp_path):
    bin_dir = tmp_path / "bin"  # a PATH with Python but no tesseract
    bin_dir.mkdir()
    for command in ("extract", "check"):
        result = cli(command, "--ocr", scan, env={"PATH": str(bin_dir)})
        assert result.returncode == 2
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "tesseract-ocr" in lines[0] and "--ocr" in lines[0]


def test_an_ocr_failure_or_the_time_limit_costs_only_that_file(scan, tmp_path):
    # a tesseract that lists its languages but fails on every page (a broken install)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "tesseract"
    fake.write_text('#!/bin/sh\nif [ "$1" = "--list-langs" ]; then printf "List of available languages (1):\\neng\\n";'
                    ' exit 0; fi\necho "Error: out of memory" >&2\nexit 3\n')
    fake.chmod(0o755)
    result = cli("extract", "--ocr", scan, SAMPLE, "--format", "json",
                 env={"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in payload["documents"]] == [SAMPLE.name]
    [error] = payload["errors"]
    assert error["kind"] == "unreadable-pdf"
    assert "OCR of page 1 failed (tesseract exit 3: Error: out of memory)" in error["cause"]
    # the per-file time limit holds while Tesseract runs (and stops it)
    slow = cli("extract", "--ocr", "--time-limit", "0.3", scan, "--format", "json")
    assert slow.returncode == 2
    [error] = json.loads(slow.stdout)["errors"]
    assert error["kind"] == "unreadable-pdf" and "took longer than the 0.3 s limit per file" in error["cause"]


def test_the_cache_key_of_ocr_reading_names_the_tesseract_and_its_languages(monkeypatch):
    from invoice_lint.cache import options_key
    from invoice_lint.extract import ocr
    from invoice_lint.pipeline import ReadOptions

    plain, scanned = ReadOptions(), ReadOptions(ocr=True)
    assert "ocr_engine" not in options_key(plain)
    first = options_key(scanned)
    ocr.engine_identity.cache_clear()
    monkeypatch.setattr(ocr, "engine_identity", lambda: "tesseract 9.9.9|eng")  # another installation
    assert options_key(scanned) != first

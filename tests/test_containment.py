"""One file's failure never costs the others: whatever goes wrong while opening, reading,
closing, detecting or checking one PDF becomes that file's `unreadable-pdf` cause naming the
step, in every command (extract, check, analyze, audit) and in the dashboard's loader."""
from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLES
from invoice_lint.extract import pdf as pdf_module
from invoice_lint.pipeline import read_invoices
from invoices import pdf_of

GOOD = SAMPLES / "en-01-bordered-clean.pdf"


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "invoice_lint", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def close_crash_bytes() -> bytes:
    """A sample whose page dictionary lost a value: pdfplumber opens it, then raises on the page
    tree while reading *and again inside ``close()``* — the crash that used to end the run."""
    data = GOOD.read_bytes()
    assert b"/Rotate 0" in data
    return data.replace(b"/Rotate 0", b"/Rotate  ", 1)


def minimal_pdf(content: bytes, compress: bool = True) -> bytes:
    """A one-page PDF with the given content stream (Helvetica as /F1)."""
    stream = zlib.compress(content, 9) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if compress else b"")
        + stream + b"\nendstream",
    ]
    return pdf_of(objects)


@pytest.fixture
def mixed(tmp_path) -> Path:
    folder = tmp_path / "invoices"
    folder.mkdir()
    (folder / "a-good.pdf").write_bytes(GOOD.read_bytes())
    (folder / "b-close-crash.pdf").write_bytes(close_crash_bytes())
    (folder / "c-truncated.pdf").write_bytes(GOOD.read_bytes()[:3000])
    (folder / "d-good.pdf").write_bytes((SAMPLES / "es-01-bordered-clean.pdf").read_bytes())
    return folder


def test_close_raising_after_a_failed_read_is_the_files_error(mixed):
    # pdfplumber's close() re-reads the damaged page tree (pdfium repairs it: see the next test)
    invoices, errors = read_invoices([mixed], backend="pdfplumber")
    assert [p.document.path.name for p in invoices] == ["a-good.pdf", "d-good.pdf"]
    causes = {Path(e.path).name: e.cause for e in errors}
    assert set(causes) == {"b-close-crash.pdf", "c-truncated.pdf"}
    assert "Invalid dictionary construct" in causes["b-close-crash.pdf"], causes


def test_the_pdfium_backend_repairs_what_it_can_and_names_the_rest(mixed):
    invoices, errors = read_invoices([mixed])  # the default backend
    assert [p.document.path.name for p in invoices] == ["a-good.pdf", "b-close-crash.pdf", "d-good.pdf"]
    assert [(Path(e.path).name, e.kind, e.cause) for e in errors] == [
        ("c-truncated.pdf", "unreadable-pdf", "is truncated or damaged (unexpected end of file)")]
    # the page whose /Rotate lost its value reads as the intact file does
    intact = read_invoices([GOOD])[0][0]
    assert [line.text for line in invoices[1].document.lines] == [line.text for line in intact.document.lines]


def test_close_raising_after_a_good_read_is_reported(tmp_path, monkeypatch):
    import pdfplumber.pdf

    def broken_close(self):
        raise RuntimeError("page tree gone")

    monkeypatch.setattr(pdfplumber.pdf.PDF, "close", broken_close)
    invoices, errors = read_invoices([GOOD], backend="pdfplumber")
    assert not invoices and errors[0].kind == "unreadable-pdf"
    assert errors[0].cause == "is damaged: closing it failed (RuntimeError: page tree gone)"


@pytest.mark.parametrize("step,target,expected", [
    ("language", "invoice_lint.extract.language.assign_language",
     "was read, but its language could not be detected (ValueError: boom)"),
    ("fields", "invoice_lint.fields.detect.detect_fields",
     "was read, but its fields could not be found (ValueError: boom)"),
])
def test_detection_failure_names_the_step(monkeypatch, tmp_path, step, target, expected):
    # read_invoice imports the readers when it reads (a cached run imports none), so they are patched at home
    module, name = target.rsplit(".", 1)
    real = getattr(importlib.import_module(module), name)

    def flaky(document, *args):
        if document.path.name == "bad.pdf":
            raise ValueError("boom")
        return real(document, *args)

    monkeypatch.setattr(target, flaky)
    (tmp_path / "bad.pdf").write_bytes(GOOD.read_bytes())
    (tmp_path / "ok.pdf").write_bytes(GOOD.read_bytes())
    invoices, errors = read_invoices([tmp_path])
    assert [i.document.path.name for i in invoices] == ["ok.pdf"]
    assert [(Path(e.path).name, e.cause) for e in errors] == [("bad.pdf", expected)]


def test_the_time_limit_covers_field_detection(monkeypatch):
    from invoice_lint.fields import detect

    real = detect.detect_fields

    def slow(document):
        time.sleep(5)
        return real(document)

    monkeypatch.setattr(detect, "detect_fields", slow)
    started = time.perf_counter()
    invoices, errors = read_invoices([GOOD], time_limit_s=0.5)
    assert time.perf_counter() - started < 4
    assert not invoices and "took longer than the 0.5 s limit per file" in errors[0].cause


def test_the_time_limit_holds_when_a_library_wraps_the_alarm():
    """The alarm may land inside a call into PDFium, and ctypes then raises "ArgumentError:
    argument 1: _TimeUp" instead: still the time limit, not an unreadable file.  An error raised
    before the alarm fires is left as it is."""
    import ctypes

    def wrapped_alarm():
        try:
            while True:
                time.sleep(0.001)
        except BaseException as exc:  # noqa: BLE001 - what ctypes does with an exception in a conversion
            raise ctypes.ArgumentError(f"argument 1: {type(exc).__name__}: {exc}") from None

    with pytest.raises(pdf_module.ExtractionFailed, match="took longer than the 0.05 s limit per file"):
        with pdf_module.time_limit(0.05, Path("slow.pdf")):
            wrapped_alarm()
    with pytest.raises(ValueError, match="its own"):
        with pdf_module.time_limit(5, Path("bad.pdf")):
            raise ValueError("its own problem")


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_a_decompression_bomb_stops_with_a_clear_cause(tmp_path, monkeypatch, backend):
    monkeypatch.setattr(pdf_module, "MAX_DECODED_BYTES", 2 * 2**20)
    bomb = b"BT /F1 12 Tf 72 720 Td (Invoice 1) Tj ET\n" + b" " * (8 * 2**20)
    (tmp_path / "bomb.pdf").write_bytes(minimal_pdf(bomb))
    (tmp_path / "small.pdf").write_bytes(minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Invoice 1 Total 10.00) Tj ET\n"))
    invoices, errors = read_invoices([tmp_path], backend=backend)
    assert [i.document.path.name for i in invoices] == ["small.pdf"]
    assert [Path(e.path).name for e in errors] == ["bomb.pdf"]
    assert "expands to more than 2 MB when decompressed (a decompression bomb?)" in errors[0].cause


def test_a_large_image_is_not_a_decompression_bomb(tmp_path, monkeypatch):
    """The pdfium backend checks the budget on the raw file before pdfium reads it; an image
    stream is skipped there, since reading text never inflates one (neither does pdfminer)."""
    monkeypatch.setattr(pdf_module, "MAX_DECODED_BYTES", 2 * 2**20)
    data = minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Invoice 1 Total 10.00) Tj ET\n")
    image = zlib.compress(b"\0" * (8 * 2**20), 9)
    # an unused image object, appended as an incremental update would add it
    data += (b"6 0 obj\n<< /Type /XObject /Subtype /Image /Width 4096 /Height 2048 /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(image) + image
             + b"\nendstream\nendobj\n")
    (tmp_path / "image.pdf").write_bytes(data)
    invoices, errors = read_invoices([tmp_path])
    assert not errors and [i.document.path.name for i in invoices] == ["image.pdf"]


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_a_page_with_too_many_characters_stops_with_a_clear_cause(tmp_path, monkeypatch, backend):
    monkeypatch.setattr(pdf_module, "MAX_PAGE_OBJECTS", 1500)
    crowded = b"BT /F1 6 Tf 10 800 Td " + b"(x) Tj " * 3000 + b"ET\n"
    (tmp_path / "crowded.pdf").write_bytes(minimal_pdf(crowded))
    invoices, errors = read_invoices([tmp_path, GOOD], backend=backend)
    assert [i.document.path.name for i in invoices] == [GOOD.name]
    assert "has more than 1,500 characters and drawings on page 1" in errors[0].cause


def test_the_guards_stay_off_outside_reading():
    import pdfplumber

    pdf_module._install_guards()
    with pdfplumber.open(GOOD) as pdf:  # as audit crops and the dashboard viewer open files
        assert pdf.pages[0].extract_words()
    assert not pdf_module._budget.active


def test_a_rule_failing_on_one_file_is_that_files_error(monkeypatch):
    from invoice_lint.checks import required
    from invoice_lint.checks.engine import check_invoices, findings_for_errors, load_rules

    invoices, errors = read_invoices([GOOD, SAMPLES / "es-01-bordered-clean.pdf"])
    real = required.check

    def flaky(rule, invoice):
        if invoice.document.path.name.startswith("es-") and rule.code == "REQ001":
            raise KeyError("invoice_number")
        return real(rule, invoice)

    monkeypatch.setattr(required, "check", flaky)  # the required kind calls its module's check
    ruleset = load_rules()
    findings = check_invoices(invoices, ruleset=ruleset, errors=errors) + findings_for_errors(errors, ruleset)
    assert [(Path(e.path).name, e.cause) for e in errors] == [
        ("es-01-bordered-clean.pdf",
         "was read, but rule REQ001 (missing-invoice-number) could not be checked on it (KeyError: 'invoice_number')")]
    assert any(f.code == "PDF001" and f.path.endswith("es-01-bordered-clean.pdf") for f in findings)
    # without an errors list the failure is a finding, and the other file is still checked
    findings = check_invoices(invoices, ruleset=ruleset)
    assert [f.code for f in findings if f.code == "PDF001"] == ["PDF001"]


def test_check_and_extract_report_every_file(mixed):
    # --backend pdfplumber: the close-crash file is unreadable there (pdfium repairs it, see below)
    check = _cli("check", "--output-format", "json", "--backend", "pdfplumber", mixed)
    assert check.returncode == 2 and "Traceback" not in check.stderr, check.stderr
    report = json.loads(check.stdout)
    assert sorted(Path(f).name for f in report["files"]) == ["a-good.pdf", "b-close-crash.pdf", "c-truncated.pdf",
                                                               "d-good.pdf"]
    assert sorted(Path(f["path"]).name for f in report["findings"] if f["code"] == "PDF001") == [
        "b-close-crash.pdf", "c-truncated.pdf"]
    extract = _cli("extract", "--format", "json", "--backend", "pdfplumber", mixed)
    assert extract.returncode == 2 and "Traceback" not in extract.stderr
    payload = json.loads(extract.stdout)
    assert sorted(Path(d["path"]).name for d in payload["documents"]) == ["a-good.pdf", "d-good.pdf"]
    assert sorted(Path(e["path"]).name for e in payload["errors"]) == ["b-close-crash.pdf", "c-truncated.pdf"]


def test_check_and_extract_report_every_file_with_the_default_backend(mixed):
    check = _cli("check", "--output-format", "json", mixed)
    assert check.returncode == 2 and "Traceback" not in check.stderr, check.stderr
    report = json.loads(check.stdout)
    assert len(report["files"]) == 4
    unreadable = [f for f in report["findings"] if f["code"] == "PDF001"]
    assert [Path(f["path"]).name for f in unreadable] == ["c-truncated.pdf"]
    assert "is truncated or damaged (unexpected end of file)" in unreadable[0]["message"]
    extract = _cli("extract", "--format", "json", mixed)
    assert extract.returncode == 2 and "Traceback" not in extract.stderr
    payload = json.loads(extract.stdout)
    assert sorted(Path(d["path"]).name for d in payload["documents"]) == ["a-good.pdf", "b-close-crash.pdf",
                                                                           "d-good.pdf"]
    assert [(Path(e["path"]).name, e["cause"]) for e in payload["errors"]] == [
        ("c-truncated.pdf", "is truncated or damaged (unexpected end of file)")]


def test_analyze_and_audit_go_on(mixed, tmp_path):
    analyze = _cli("analyze", mixed, "--payments", SAMPLES / "payments.csv", "--format", "json", "--bootstrap", "100",
                   "--backend", "pdfplumber")
    assert analyze.returncode == 0 and "Traceback" not in analyze.stderr, analyze.stderr
    info = json.loads(analyze.stdout)["invoices"]
    assert info["read"] == 2
    assert sorted(Path(u["file"]).name for u in info["unreadable"]) == ["b-close-crash.pdf", "c-truncated.pdf"]
    audit = _cli("audit", mixed, "-o", tmp_path / "report.html", "--bootstrap", "100", "--backend", "pdfplumber")
    assert audit.returncode == 2 and "Traceback" not in audit.stderr, audit.stderr
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "b-close-crash.pdf" in html and "c-truncated.pdf" in html


def test_dashboard_loader_lists_the_damaged_files(mixed):
    from invoice_lint.dashboard.workspace import load_workspace

    # the folder's config chooses pdfplumber, which cannot read the close-crash file
    (mixed / "invoice-lint.toml").write_text('backend = "pdfplumber"\n', encoding="utf-8")
    ws = load_workspace(mixed)
    assert sorted(ws.traits["file"]) == ["a-good.pdf", "d-good.pdf"]
    assert sorted(u["file"] for u in ws.unreadable) == ["b-close-crash.pdf", "c-truncated.pdf"]

"""Bad input: every unreadable file gets one clear line naming it and the cause; the other
files are still processed; exit status 2; never a traceback; inputs are not modified."""
from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import require_shared


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "invoice_lint", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def _good_pdf() -> Path:
    return require_shared() / "invoice2data" / "AzureInterior.pdf"


@pytest.fixture
def bad_folder(tmp_path) -> dict[str, Path]:
    from PIL import Image
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    good = _good_pdf().read_bytes()
    files = {
        "empty.pdf": b"",
        "truncated.pdf": good[: len(good) * 2 // 5],
        "random.pdf": bytes(range(256)) * 20,
        "page.html.pdf": b"<!DOCTYPE html><html><body>Invoice</body></html>",
        "notes.txt.pdf": b"Invoice 42, total 100 EUR\n",
    }
    out = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    # encrypted with a real user password: cannot be opened
    writer = PdfWriter(clone_from=PdfReader(_good_pdf()))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        writer.write(fh)
    out["locked.pdf"] = tmp_path / "locked.pdf"
    # encrypted with an empty user password: readable
    writer = PdfWriter(clone_from=PdfReader(_good_pdf()))
    writer.encrypt(user_password="", owner_password="owner")
    with open(tmp_path / "owner-only.pdf", "wb") as fh:
        writer.write(fh)
    out["owner-only.pdf"] = tmp_path / "owner-only.pdf"
    # a scan: one raster image, no text layer
    img = Image.new("RGB", (400, 300), "white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 50, 400, 400, 300)
    c.save()
    out["scan.pdf"] = tmp_path / "scan.pdf"
    (tmp_path / "good.pdf").write_bytes(good)
    out["good.pdf"] = tmp_path / "good.pdf"
    return out


EXPECTED_CAUSES = {
    "empty.pdf": "empty",
    "truncated.pdf": "",
    "random.pdf": "not a PDF",
    "page.html.pdf": "HTML",
    "notes.txt.pdf": "text file",
    "locked.pdf": "password",
    "scan.pdf": "no text layer",
}


def test_each_bad_file_is_named_with_its_cause_and_the_rest_is_processed(bad_folder, tmp_path):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad_folder.values()}
    result = _cli("extract", tmp_path, "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    read = {Path(d["path"]).name for d in payload["documents"]}
    assert read == {"good.pdf", "owner-only.pdf"}
    errors = {Path(e["path"]).name: e for e in payload["errors"]}
    assert set(errors) == set(EXPECTED_CAUSES)
    for name, cause in EXPECTED_CAUSES.items():
        assert cause in errors[name]["cause"], (name, errors[name]["cause"])
        assert any(name in line and errors[name]["cause"] in line for line in result.stderr.splitlines()), name
    assert errors["scan.pdf"]["kind"] == "no-text-layer"
    assert errors["locked.pdf"]["kind"] == "unreadable-pdf"
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad_folder.values()}
    assert before == after, "an input file was modified"


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty-dir").mkdir()
    result = _cli("extract", tmp_path / "nope.pdf", tmp_path / "empty-dir", _good_pdf())
    assert result.returncode == 2
    assert "nope.pdf: does not exist" in result.stderr
    assert "empty-dir: is a folder with no PDF files in it" in result.stderr
    assert "AzureInterior.pdf" in result.stdout and "Traceback" not in result.stderr


def test_per_file_time_limit_stops_a_slow_file(tmp_path):
    result = _cli("extract", _good_pdf(), "--time-limit", "0.0001")
    assert result.returncode == 2
    assert "took longer than" in result.stderr and "Traceback" not in result.stderr


def test_unknown_language_is_a_usage_error():
    result = _cli("extract", _good_pdf(), "--language", "xx")
    assert result.returncode == 2
    assert "unknown language 'xx'" in result.stderr and "Traceback" not in result.stderr


def test_text_output_is_a_readable_table():
    result = _cli("extract", _good_pdf())
    assert result.returncode == 0, result.stderr
    assert "AzureInterior.pdf  (en, 1 page)" in result.stdout
    assert "invoice_number" in result.stdout and "INV/2023/03/0008" in result.stdout

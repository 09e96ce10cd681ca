"""The Spanish development source end to end: Argentine invoices laid out by another project's
software (arca-factura-pdf, benchmarks/arca_source.py), read by the real reader and checked by
the real CLI.  Values are drawn here; wording, fonts and layout are the library's."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("factura_pdf", reason="the test extra installs arca-factura-pdf")


def _source():
    spec = importlib.util.spec_from_file_location("arca_source", ROOT / "benchmarks" / "arca_source.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    return _source().generate(tmp_path_factory.mktemp("arca"), count=12, seed=31)


def test_every_field_of_the_drawn_invoices_is_read(drawn):
    from invoice_lint.fields.serialize import plain_values
    from invoice_lint.pipeline import read_invoice

    wrong = []
    for pdf, truth in drawn:
        got = plain_values(read_invoice(pdf).fields)
        for name, want in truth.items():
            have = got.get(name)
            if name == "seller_tax_id" and have:
                have = have.replace("-", "")
            if str(have) != str(want):
                wrong.append((pdf.name, name, want, have))
    assert not wrong


def test_check_finds_no_false_arithmetic_or_seller_inconsistency(drawn):
    """The line amounts balance (quantity × price = the net column, not the gross one beside it)
    and twelve sellers sharing the copy mark "ORIGINAL" at the top are not one seller."""
    folder = drawn[0][0].parent
    proc = subprocess.run([sys.executable, "-m", "invoice_lint", "check", str(folder), "--output-format", "json",
                           "--no-cache", "--no-progress", "--exit-zero"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    rules = {f["rule"] for f in json.loads(proc.stdout)["findings"]}
    assert not rules & {"line-amount-mismatch", "line-sum-mismatch", "total-mismatch", "inconsistent-seller-details",
                        "missing-invoice-number", "missing-issue-date", "missing-tax-info", "inconsistent-terms"}

"""missing-* on a hybrid e-invoice: a value the XML states and the page prints is not missing,
even where the page reader found no label for it (lint/checks/printed.py)."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from invoice_lint.checks.printed import printed_per_xml
from invoice_lint.pipeline import read_invoice

HYBRID = (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "public-samples" / "ahelmberger+factur-x-kit"
          / "test" / "pdfs" / "ZFdemo_2p1_en16931_67b499beca63e.pdf")
pytestmark = pytest.mark.skipif(not HYBRID.exists(), reason="needs ../shared/corpus")


@pytest.fixture(scope="module")
def hybrid():
    return read_invoice(HYBRID)


def test_the_page_prints_what_the_xml_says_though_the_reader_found_no_label(hybrid):
    # the page reader's own fields are not filled from the XML
    assert hybrid.fields.get("invoice_number") is None
    assert printed_per_xml(hybrid, "invoice_number")
    assert printed_per_xml(hybrid, "issue_date")


def test_a_value_the_page_does_not_print_is_still_missing(hybrid):
    other = dataclasses.replace(hybrid.xml.einvoice, invoice_number="R-2099-000111")
    changed = dataclasses.replace(hybrid, xml=dataclasses.replace(hybrid.xml, einvoice=other))
    assert not printed_per_xml(changed, "invoice_number")
    assert not printed_per_xml(dataclasses.replace(hybrid, xml=None), "invoice_number")


def test_check_reports_no_false_missing_detail_on_the_hybrid():
    out = subprocess.run([sys.executable, "-m", "invoice_lint", "check", str(HYBRID), "--output-format", "json",
                          "--no-cache"], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    names = {f["rule"] for f in json.loads(out.stdout)["findings"]}
    assert not names & {"missing-invoice-number", "missing-issue-date", "missing-total"}

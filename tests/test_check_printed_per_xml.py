"""missing-* on a hybrid e-invoice: a value the XML states and the page prints is not missing,
even where the page reader found no label for it (lint/checks/printed.py)."""
from __future__ import annotations

import copy
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
    # the reader now reads both from their labels; without them, the page still prints the XML's values
    unread = copy.deepcopy(hybrid)
    for name in ("invoice_number", "issue_date"):
        del unread.fields.fields[name]
    assert unread.fields.get("invoice_number") is None  # the page reader's fields are not filled from the XML
    assert printed_per_xml(unread, "invoice_number")
    assert printed_per_xml(unread, "issue_date")


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


def _hybrid_page(einvoice, **page):
    from decimal import Decimal

    from invoice_lint.einvoice import EmbeddedXml
    from invoice_lint.foundation.model import Document, ExtractedInvoice, Field, InvoiceFields

    fields = InvoiceFields()
    for name, value in page.items():
        fields.set(Field(name=name, value=Decimal(value), page=1, bbox=(10, 20, 30, 40), text=value, line=7))
    return ExtractedInvoice(document=Document(path=Path("x.pdf"), pages=[]), fields=fields,
                            xml=EmbeddedXml(source="factur-x.xml", einvoice=einvoice) if einvoice else None)


def test_amount_due_mismatch_defers_to_a_balanced_xml_with_the_same_total_and_due():
    from test_einvoice_check import _cii

    from invoice_lint.checks.arithmetic import check
    from invoice_lint.checks.engine import load_rules

    rule = load_rules().lookup("ARI005")
    page = {"total": "3042.00", "prepaid_amount": "42.00", "amount_due": "3042.00"}  # a misread "paid" figure
    assert check(rule, _hybrid_page(None, **page))  # a plain PDF: the page does not add up
    assert not check(rule, _hybrid_page(_cii(), **page))  # the XML has 3042 and 3042 and balances them
    # the XML says another amount due: the page's arithmetic is still reported
    assert check(rule, _hybrid_page(_cii(due="3000.00"), **page))

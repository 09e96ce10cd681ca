"""Shared by test_backends_*.py: read one PDF with both backends and compare what the rules see.

The pdfium backend (the default) must give the same fields and the same findings as pdfplumber
on every sample and every PDF of the shared corpus.  Coordinates may differ by the little pdfium
rounds character widths to, so boxes are compared to a point; everything else exactly."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from conftest import CORPUS, SAMPLES
from invoice_lint.extract.language import assign_language
from invoice_lint.extract.pdf import ExtractionFailed, read_pdf
from invoice_lint.fields.detect import detect_fields
from invoice_lint.fields.serialize import plain_values
from invoice_lint.foundation.model import ExtractedInvoice

BOX_TOLERANCE = 1.0  # points

# Where pdfium's text page cannot give what pdfminer gives: strict xfails, so a fix shows up.
# None now.  pdfium still keeps a CID font's /W widths as whole numbers (.SFNSText: 'a'
# 551.75781 -> 551) and places characters by them, so x drifts up to 0.5 pt left along a long
# line of StudentKickOff's output.pdf (within BOX_TOLERANCE); the one thing that drift moved, a
# word of a paragraph under the items crossing a column bound, no longer counts: a run of words
# across three columns is not an item's description (items._runs_across).
KNOWN_DIFFERENCES: dict[str, str] = {}


def all_pdfs() -> list:
    import pytest

    params = []
    for path in sorted(SAMPLES.glob("*.pdf")) + sorted(CORPUS.rglob("*.pdf")):
        reason = next((why for name, why in KNOWN_DIFFERENCES.items() if path.as_posix().endswith(name)), None)
        params.append(pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else path)
    return params


def pdf_id(path) -> str:
    path = Path(path)
    root = SAMPLES if path.is_relative_to(SAMPLES) else CORPUS
    return str(path.relative_to(root.parent))


@lru_cache(maxsize=1)
def _rules():
    from invoice_lint.checks.engine import load_rules
    from invoice_lint.config import Config

    config = Config()
    return config, load_rules(config)


def reading(path: Path, backend: str):
    """(error cause, fields, findings) of one file read with ``backend``."""
    from invoice_lint.checks.engine import check_invoices

    try:
        document = read_pdf(path, backend=backend)
    except ExtractionFailed as failed:
        return failed.error.cause, None, None
    assign_language(document, None)
    fields = detect_fields(document)
    config, ruleset = _rules()
    errors: list = []
    findings = check_invoices([ExtractedInvoice(document=document, fields=fields)], config, ruleset, errors)
    rows = sorted((f.code, f.rule, f.severity, f.message, f.page, f.line, f.snippet, f.bbox) for f in findings)
    return (errors[0].cause if errors else None), (document.language, plain_values(fields)), rows


def assert_same_reading(path: Path) -> None:
    cause_a, fields_a, findings_a = reading(path, "pdfplumber")
    cause_b, fields_b, findings_b = reading(path, "pdfium")
    assert cause_b == cause_a, f"{path.name}: unreadable with one backend only"
    assert fields_b == fields_a, f"{path.name}: language or fields differ"
    strip = [row[:-1] for row in findings_a], [row[:-1] for row in findings_b]
    assert strip[1] == strip[0], f"{path.name}: findings differ"
    for a, b in zip(findings_a, findings_b):
        if a[-1] is None or b[-1] is None:
            assert a[-1] == b[-1]
        else:
            assert max(abs(p - q) for p, q in zip(a[-1], b[-1])) <= BOX_TOLERANCE, (path.name, a, b)

"""pdfium (default) and pdfplumber give the same fields and findings: the second half of the
samples-and-corpus list (see test_backends_samples.py)."""
from __future__ import annotations

import pytest

from backend_equivalence import all_pdfs, assert_same_reading, pdf_id

PDFS = all_pdfs()
REST = PDFS[len(PDFS) // 2:]


def test_the_list_holds_samples_and_corpus():
    assert len(PDFS) >= 140, len(PDFS)  # 38 samples (32 PDFs) and 114 corpus PDFs when this was written


@pytest.mark.slow
@pytest.mark.parametrize("path", REST, ids=pdf_id)
def test_same_fields_and_findings(path):
    assert_same_reading(path)

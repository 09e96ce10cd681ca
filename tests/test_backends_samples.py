"""pdfium (default) and pdfplumber give the same fields and findings: the samples and the first
half of the shared corpus (the other half: test_backends_corpus.py, so xdist runs both at once)."""
from __future__ import annotations

import pytest

from backend_equivalence import all_pdfs, assert_same_reading, pdf_id

PDFS = all_pdfs()
HALF = PDFS[: len(PDFS) // 2]


@pytest.mark.slow
@pytest.mark.parametrize("path", HALF, ids=pdf_id)
def test_same_fields_and_findings(path):
    assert_same_reading(path)

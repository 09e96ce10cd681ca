"""What the finders work out once per document and reuse (the VAT candidates, the cells of an
items row, ...) is exactly what working it out again gives, on the sample invoices."""
from __future__ import annotations

import pytest

from conftest import SAMPLES


@pytest.fixture(scope="module")
def contexts():
    from invoice_lint.extract.language import assign_language
    from invoice_lint.extract.pdf import read_pdf
    from invoice_lint.fields.finders.context import Context
    from invoice_lint.foundation.lexicon import merged_lexicon

    out = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        document = assign_language(read_pdf(pdf))
        out.append(Context(document, merged_lexicon(document.label_languages or (document.language,))))
    assert out
    return out


def test_the_vat_candidates_read_once_are_those_read_again(contexts):
    from invoice_lint.fields.finders.totals import amount_candidates, tax_candidates

    for ctx in contexts:
        first = tax_candidates(ctx)
        assert first == amount_candidates(ctx, "tax")
        first.clear()  # each caller gets a list of its own
        assert tax_candidates(ctx) == amount_candidates(ctx, "tax")

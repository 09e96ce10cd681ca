"""The line memos (foundation/memo.py): every per-line memo of the reader is registered, and
``forget`` empties them all, so a benchmark's timed run starts cold."""
from __future__ import annotations

from invoice_lint.extract.language import _glued, _line_evidence
from invoice_lint.fields.amounts import _scan_line, detect_currency, find_amounts
from invoice_lint.fields.finders.context import _rates
from invoice_lint.fields.finders.vat import _national_id
from invoice_lint.fields.identifiers import _ibans_in, _vat_ids_in
from invoice_lint.fields.labels import _compound_concepts, _line_label_hits
from invoice_lint.fields.terms import parse_payment_terms
from invoice_lint.foundation.memo import _MEMOS, forget, remembered
from invoice_lint.foundation.text import fold

LINE_MEMOS = (_glued, _line_evidence, _scan_line, _ibans_in, _vat_ids_in, _compound_concepts, _line_label_hits, fold,
              detect_currency, _national_id, parse_payment_terms, _rates)


def test_every_line_memo_is_registered():
    assert all(any(memo is registered for registered in _MEMOS) for memo in LINE_MEMOS)


def test_forget_empties_them_all():
    find_amounts("Total 1.234,56 EUR", "de")
    fold("Échéance")
    assert _scan_line.cache_info().currsize and fold.cache_info().currsize
    forget()
    assert all(memo.cache_info().currsize == 0 for memo in _MEMOS)
    assert find_amounts("Total 1.234,56 EUR", "de")[0].text == "1.234,56 EUR"  # and they fill again


def test_a_remembered_value_is_worked_out_once_per_object():
    class Document:
        reads = 0

        @remembered
        def rows(self) -> list[int]:
            """The rows."""
            Document.reads += 1
            return [Document.reads]

    first, second = Document(), Document()
    assert first.rows == [1] and first.rows is first.rows and Document.reads == 1
    assert second.rows == [2] and first.rows == [1]  # each object its own
    assert first.__dict__ == {"rows": [1]}  # stored where later reads find it without a call
    assert isinstance(Document.rows, remembered) and Document.rows.__doc__ == "The rows."

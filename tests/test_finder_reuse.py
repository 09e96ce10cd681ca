"""What the finders work out once per document and reuse (the VAT candidates, the cells of an
items row, ...) is exactly what working it out again gives, on the sample invoices."""
from __future__ import annotations


def test_the_vat_candidates_read_once_are_those_read_again(contexts):
    from invoice_lint.fields.finders.totals import amount_candidates, tax_candidates

    for ctx in contexts:
        first = tax_candidates(ctx)
        assert first == amount_candidates(ctx, "tax")
        first.clear()  # each caller gets a list of its own
        assert tax_candidates(ctx) == amount_candidates(ctx, "tax")


def test_the_letterhead_asks_its_dearer_tests_from_the_largest_line_down(contexts):
    from invoice_lint.fields.finders import parties
    from invoice_lint.fields.finders.context import in_party_block
    from invoice_lint.fields.geometry import A4_HEIGHT, LETTERHEAD_SHARE

    def every_line_asked(ctx):  # the letterhead as every line of the top asked all the tests reads it
        page_lines = [line for line in ctx.lines if line.page == 1]
        height = ctx.document.pages[0].height or A4_HEIGHT
        not_names = set(ctx.lexicon.titles) | set(ctx.lexicon.copy_marks)
        above = min([height * LETTERHEAD_SHARE, *(line.top for line in page_lines if line.number in ctx.item_lines)])
        top = [line for line in page_lines
               if line.top < above and any(c.isalpha() for c in line.text)
               and line.match_text.strip(" .:()") not in not_names
               and not any(h.at_start for h in ctx.hits_by_line.get(line.number, []))
               and not parties._no_name(line.text) and not parties._a_date(ctx, line.text)
               and not in_party_block(ctx, line, {"buyer"}) and not parties._titled(ctx, line)]
        return max(top, key=lambda line: (parties._type_size(line), -line.top)) if top else None

    read = 0
    for ctx in contexts:
        best = every_line_asked(ctx)
        found = parties.letterhead(ctx)
        assert (found.line if found else None) == (best.number if best else None), ctx.document.path.name
        read += found is not None
    assert read


def test_an_id_is_valid_in_a_scheme_as_its_checker_says_asked_again_or_not():
    from stdnum.ar import cuit

    from invoice_lint.fields import identifiers
    from invoice_lint.foundation.memo import forget

    forget()
    for value in ("20-26756539-3", "20267565393", "20-26756539-4", "", None, "ESB12345674"):
        for _ in range(2):  # the second time from the memo
            assert identifiers.valid_in("ar.cuit", value) == bool(value and cuit.is_valid(value))
    assert not identifiers.valid_in("xx.none", "20267565393")


def test_no_row_left_out_of_the_figure_rows_heads_the_items(contexts):
    from invoice_lint.fields.items import _FIGURE_HEADINGS, _figure_rows, _header

    left_out = 0
    for ctx in contexts:
        figure_rows = _figure_rows(ctx.hits)
        for key, row in ctx.rows.items():
            if key not in figure_rows:
                assert _header(row, ctx.hits_by_line) is None, (ctx.document.path.name, key)
                named = {c for seg in row for h in ctx.hits_by_line.get(seg.number, []) for c in h.concepts}
                left_out += not _FIGURE_HEADINGS.isdisjoint(named)  # a figure label, and still no header
    assert left_out  # the samples have rows the refinement leaves out

"""What the finders look up once per document instead of asking every line (``Context.lines_with``,
``own_label_lines``, the lines a tax-id label labels) finds on the sample invoices exactly what
asking line by line finds."""
from __future__ import annotations


def test_lines_with_finds_the_lines_a_line_by_line_search_finds(contexts):
    from invoice_lint.fields import identifiers, methods
    from invoice_lint.fields.finders.context import URL, URL_HINT
    from invoice_lint.fields.finders.payment import _IBAN_HEAD, word_starting_with
    from invoice_lint.fields.identifiers import IBAN_HINT
    from invoice_lint.foundation.text import phrase_hint, phrase_pattern

    for ctx in contexts:
        lexicon = ctx.lexicon
        searches = [(identifiers.RS_ACCOUNT_HINT, False, identifiers.find_rs_accounts), (URL_HINT, True, URL.search),
                    (IBAN_HINT, False, identifiers.find_ibans), (IBAN_HINT, False, lambda t: _IBAN_HEAD.search(t.rstrip())),
                    (identifiers.self_evident_hints(), False, identifiers.may_hold_self_evident_id),
                    (methods.payment_method_hint(lexicon.payment_methods), True,
                     lambda text, lexicon=lexicon: methods.match_payment_methods(text, lexicon.payment_methods)),
                    (phrase_hint(lexicon.exemption), True, phrase_pattern(lexicon.exemption).search),
                    (phrase_hint(lexicon.payment_link_hints), True, word_starting_with(lexicon.payment_link_hints).search),
                    *((phrase_hint((words,)), True, lambda text, words=words: words in text)
                      for words in (phrase[:-1] if phrase.endswith("*") else phrase for phrase in lexicon.thank_you))]
        for hints, folded, search in searches:
            found = set()
            for hint in hints if isinstance(hints, tuple) else (hints,):  # (the lines any of several find)
                lines = ctx.lines_with(hint, folded)
                assert lines == [line for line in ctx.lines if hint.search(line.match_text if folded else line.text)]
                found |= {line.number for line in lines}
            assert {line.number for line in ctx.lines if search(line.match_text if folded else line.text)} <= found, (
                ctx.document.path.name, search)


def test_the_folded_link_hint_chooses_every_line_with_a_link(contexts):
    from invoice_lint.fields.finders.context import URL, URL_HINT

    for ctx in contexts:
        chosen = {line.number for line in ctx.lines_with(URL_HINT, folded=True)}
        assert {line.number for line in ctx.lines if URL.search(line.text)} <= chosen


def test_own_label_lines_are_the_lines_whose_own_label_has_the_words(contexts):
    from invoice_lint.fields.finders.context import distinctive_label_words, own_label_lines, own_label_words

    for ctx in contexts:
        for concept in ("tax_id", "payment_terms"):
            words = distinctive_label_words(ctx.lexicon, concept)
            assert own_label_lines(ctx, words) == {
                line.number for line in ctx.lines if any(w in words for w in own_label_words(line))}


def test_the_lines_a_tax_id_label_labels(contexts):
    from invoice_lint.fields.finders.vat import _tax_id_labelled

    for ctx in contexts:
        labelled = {h.line.number for h in ctx.hits_for("tax_id")}
        assert _tax_id_labelled(ctx) == {
            line.number for line in ctx.lines if line.number in labelled or any(
                s.number in labelled and s.x1 <= line.x0 + 1 for s in ctx.rows[(line.page, line.row)])}


def test_next_in_column_and_row_of_read_the_rows_index_as_a_search_of_every_row(contexts):
    from invoice_lint.fields.finders.context import next_in_column, row_of
    from invoice_lint.fields.geometry import SAME_COLUMN

    def searched(ctx, line):  # every row of the document, in order
        for page, row in sorted(ctx.rows):
            if page == line.page and line.row < row <= line.row + 2:
                for seg in ctx.rows[(page, row)]:
                    if abs(seg.x0 - line.x0) < SAME_COLUMN:
                        return seg
        return None

    for ctx in contexts:
        for line in ctx.lines:
            assert next_in_column(ctx, line) is searched(ctx, line)
            assert row_of(ctx, line.number) == next(other.row for other in ctx.lines if other.number == line.number)
        assert row_of(ctx, None) == row_of(ctx, -5) == -1


def test_a_line_s_label_hits_come_from_its_words_texts_alone(contexts):
    from invoice_lint.fields.labels import _hits_in_line, _line_label_hits

    for ctx in contexts:
        for line in ctx.lines:  # read from the line itself, with its words' boxes and fonts
            expected = tuple((h.concepts, h.phrase, h.first, h.last, h.tail) for h in _hits_in_line(line, ctx.lexicon))
            assert _line_label_hits(ctx.lexicon, tuple(w.text for w in line.words)) == expected


def test_only_the_rows_with_a_figure_heading_are_asked_whether_they_head_the_items(contexts):
    from invoice_lint.fields.items import _figure_rows, _header

    for ctx in contexts:
        figure_rows = _figure_rows(ctx.hits)
        assert figure_rows
        for key, row in ctx.rows.items():
            if key not in figure_rows:
                assert _header(row, ctx.hits_by_line) is None


def test_the_folded_text_and_number_style_are_the_whole_text_s(contexts):
    from invoice_lint.fields.amounts import NumberStyle
    from invoice_lint.foundation.text import fold

    for ctx in contexts:
        assert ctx.folded_text == fold(ctx.document.text)
        # the number style read from the lines with a figure with a decimal part only
        assert ctx.numbers == NumberStyle.of((line.text for line in ctx.lines), ctx.language)


def test_the_language_decided_from_the_lines_folded_text_is_the_text_s(contexts):
    from invoice_lint.extract.language import _folded_lines, decide_language

    for ctx in contexts:
        text = ctx.document.text
        folded = _folded_lines(ctx.document, text)
        assert folded is not None  # a document the layout made
        assert decide_language(text, folded) == decide_language(text)


def test_every_line_with_a_label_hit_has_what_the_label_hint_finds(contexts):
    from invoice_lint.fields.labels import _line_label_hits, find_label_hits, label_hint
    from invoice_lint.foundation.lexicon import identifier_lexicon

    for ctx in contexts:
        for lexicon in (ctx.lexicon, identifier_lexicon()):
            hint = label_hint(lexicon)
            for line in ctx.lines:
                if _line_label_hits(lexicon, tuple(w.text for w in line.words)):
                    assert hint.search(line.match_text), (ctx.document.path.name, line.text)
        # the tax-id labels read in every language from the hinted lines are those of every line
        everywhere = ctx.in_every_language()
        expected = find_label_hits(ctx.document, identifier_lexicon())
        assert [(h.line.number, h.concepts, h.first, h.last) for h in everywhere.hits] == [
            (h.line.number, h.concepts, h.first, h.last) for h in expected]


def test_the_parties_a_line_heads_are_those_its_hits_name(contexts):
    for ctx in contexts:
        for context in (ctx, ctx.in_every_language()):
            for line in context.lines:
                parties = {c for h in context.hits_by_line.get(line.number, []) for c in h.concepts} & {"seller", "buyer"}
                assert context.headed_parties.get(line.number, frozenset()) == parties


def test_a_labels_spans_without_the_column_below_are_its_spans_but_the_one_below(contexts):
    for ctx in contexts:
        for hit in ctx.hits:
            beside = list(ctx.spans(hit, below=False))
            assert beside == [s for s in ctx.spans(hit) if s.where != "below"]
            assert len(beside) <= 1 and len(list(ctx.spans(hit))) <= len(beside) + 1


def test_the_rates_remembered_per_text_are_the_rates_read(contexts):
    from decimal import Decimal

    from invoice_lint.fields.finders.context import PERCENT, rates_in

    for ctx in contexts:
        for line in ctx.lines:
            read = [Decimal(m.group(1).replace(",", ".")).normalize() for m in PERCENT.finditer(line.text)]
            assert rates_in(line.text) == read
            rates_in(line.text).append(Decimal(1))  # a caller's own list: the memo is not changed
            assert rates_in(line.text) == read

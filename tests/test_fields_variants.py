"""Field reading on wording the lexicon does not list (issue #10, the variant samples' misses).

Each case prints a small real PDF with wording written here (not taken from the lexicon, nor from
sample_invoices/label_variants.yaml) and reads it with the real reader; each fails without the
generalisation it is named after.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from test_fields_unseen import _fields, _pdf


def test_terms_under_a_word_of_the_lexicons_terms_labels(tmp_path):
    # "Délai" alone: a word of the lexicon's "délai de paiement", and the line parses as terms
    rows = [(50, 60, "Studio Nord SARL"), (380, 60, "FACTURE"), (380, 80, "Facture n° SN-2026-7"),
            (380, 95, "Date : 01/10/2026"),
            (50, 200, "Délai : 45 jours"), (50, 215, "IBAN : FR76 3000 6000 0112 3456 7890 189")]
    f = _fields(tmp_path, rows, language="fr")
    assert f.value("payment_terms") == 45
    assert f.value("due_date") == date(2026, 11, 15)
    assert f.get("due_date").derived


def test_a_terms_word_needs_a_line_that_reads_as_terms(tmp_path):
    rows = [(50, 60, "Studio Nord SARL"), (380, 60, "FACTURE"), (380, 80, "Facture n° SN-2026-7"),
            (380, 95, "Date : 01/10/2026"), (50, 200, "Délai : à convenir")]
    f = _fields(tmp_path, rows, language="fr")
    assert f.value("payment_terms") is None


def test_a_terms_word_in_a_sentence_is_no_terms_label(tmp_path):
    # "conditions" opens no label here: the sentence speaks of returns, not of paying
    rows = [(50, 60, "Studio Nord SARL"), (380, 60, "FACTURE"), (380, 80, "Facture n° SN-2026-7"),
            (380, 95, "Date : 01/10/2026"),
            (50, 200, "Retour possible sous 14 jours selon nos conditions générales de vente.")]
    f = _fields(tmp_path, rows, language="fr")
    assert f.value("payment_terms") is None


def test_days_before_a_label_inside_a_sentence_are_no_terms(tmp_path):
    # a legal note that names the due date ("Fälligkeit") after a number of days: those days
    # count from the due date and are the debtor's grace period, not the invoice's terms
    rows = [(50, 60, "Holzbau Kranich GmbH"), (380, 60, "RECHNUNG"), (380, 80, "Rechnungsnummer: HK-311"),
            (380, 95, "Rechnungsdatum: 02.03.2026"),
            (50, 200, "Der Kunde gerät spätestens in Verzug, wenn er nicht binnen 30 Tagen nach Fälligkeit zahlt.")]
    f = _fields(tmp_path, rows, language="de")
    assert f.value("payment_terms") is None
    assert f.value("due_date") is None


def test_a_label_inside_a_sentence_announces_the_days_after_it(tmp_path):
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-90"),
            (380, 95, "Invoice date: 01/10/2026"),
            (50, 200, "Please note: payment due within 21 days of the invoice date.")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("payment_terms") == 21


def test_a_row_that_is_only_a_label_ends_the_items_table(tmp_path):
    # "Amount" is a column word; beside a lone figure below the items it is a sum, even one that
    # does not equal the lines (130.00 printed as 140.00): not a third item.  The arithmetic of the
    # rows below (140.00 + 20% = 168.00) then names it the net
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-88"),
            (380, 95, "Invoice date: 01/10/2026"),
            (50, 200, "Description"), (300, 200, "Qty"), (380, 200, "Price"), (480, 200, "Amount"),
            (50, 215, "Survey work"), (300, 215, "2"), (380, 215, "50.00"), (480, 215, "100.00"),
            (50, 230, "Site visit"), (300, 230, "1"), (380, 230, "30.00"), (480, 230, "30.00"),
            (380, 255, "Amount"), (480, 255, "140.00"),
            (380, 270, "VAT 20%"), (480, 270, "28.00"),
            (380, 285, "Total"), (480, 285, "168.00")]
    f = _fields(tmp_path, rows, language="en")
    assert [i.amount for i in f.value("line_items")] == [Decimal("100.00"), Decimal("30.00")]
    assert f.value("subtotal") == Decimal("140.00")
    assert f.get("subtotal").resolved_by == "arithmetic"
    assert f.value("total") == Decimal("168.00")


def test_the_singular_of_a_plural_label_opening_a_row(tmp_path):
    # the Portuguese lexicon has "tributos"; "Tributo 23%" opening the row is the VAT
    rows = [(50, 60, "Oficina Azul Lda"), (380, 60, "FATURA"), (380, 80, "Fatura n.º OA-2026-4"),
            (380, 95, "Data: 01/10/2026"),
            (300, 200, "Subtotal"), (480, 200, "200,00"),
            (300, 215, "Tributo 23%"), (480, 215, "46,00")]
    f = _fields(tmp_path, rows, language="pt")
    assert f.value("tax_amount") == Decimal("46.00")
    assert f.value("tax_rate") == Decimal("23")


def test_the_singular_is_no_label_inside_a_row(tmp_path):
    rows = [(50, 60, "Oficina Azul Lda"), (380, 60, "FATURA"), (380, 80, "Fatura n.º OA-2026-4"),
            (50, 200, "Sem tributo 46,00")]
    f = _fields(tmp_path, rows, language="pt")
    assert f.value("tax_amount") is None


def test_a_tax_id_under_the_lexicons_tax_id_words(tmp_path):
    # "Poreski ID" is no label the lexicon lists, but "poreski" is a word only its tax-id labels
    # use ("poreski identifikacioni broj"); the nine digits' check digit is right
    rows = [(50, 60, "Sava Alati d.o.o."), (50, 75, "Poreski ID: 101134702"), (380, 60, "RAČUN"),
            (380, 80, "Broj računa: SA-2026-3"), (380, 95, "Datum računa: 01.10.2026.")]
    f = _fields(tmp_path, rows, language="sr")
    assert f.value("seller_tax_id") == "101134702"


def test_a_tax_id_under_such_words_needs_its_check_digit(tmp_path):
    rows = [(50, 60, "Sava Alati d.o.o."), (50, 75, "Poreski ID: 101134703"), (380, 60, "RAČUN"),
            (380, 80, "Broj računa: SA-2026-3"), (380, 95, "Datum računa: 01.10.2026.")]
    f = _fields(tmp_path, rows, language="sr")
    assert f.value("seller_tax_id") is None


def test_another_form_of_a_phrases_first_word(tmp_path):
    # "Amounts due" for the lexicon's "amount due": the same stem, the other words as listed
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-88"),
            (380, 95, "Invoice date: 01/10/2026"),
            (380, 255, "Total"), (480, 255, "120.00"),
            (380, 270, "Amounts due"), (480, 270, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("amount_due") == Decimal("100.00")
    assert not f.get("amount_due").derived


def test_the_tax_word_a_net_label_is_for(tmp_path):
    # "Subtotal for VAT": the tax word after the net's label and a word of its own says what the
    # base is for; the figure is the net's, not a second VAT amount
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-88"),
            (380, 95, "Invoice date: 01/10/2026"),
            (380, 255, "Subtotal for VAT"), (480, 255, "100.00"),
            (380, 270, "VAT 20%"), (480, 270, "20.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") == Decimal("100.00")
    assert f.value("tax_amount") == Decimal("20.00")


def test_a_net_label_before_a_tax_rate_row_stays_apart(tmp_path):
    # a rate after the tax word makes it a VAT row of its own, whatever label is printed before it
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-88"),
            (300, 255, "Subtotal on VAT 20%"), (480, 255, "20.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") is None
    assert f.value("tax_amount") == Decimal("20.00")


def test_both_spellings_of_a_letter():
    from invoice_lint.foundation.lexicon import _both_spellings

    assert _both_spellings(["Medjuzbir", "Rođendan", "Broj"], {"dj": "đ"}) == [
        "Medjuzbir", "međuzbir", "Rođendan", "rodjendan", "Broj"]


def test_a_serbian_label_written_with_dj_reads_with_its_letter(tmp_path):
    # Odoo's sr.po writes the net "Medjuzbir"; a page prints the letter
    rows = [(50, 60, "Sava Alati d.o.o."), (380, 60, "RAČUN"), (380, 80, "Broj računa: SA-2026-3"),
            (300, 255, "MEĐUZBIR"), (480, 255, "1.000,00")]
    f = _fields(tmp_path, rows, language="sr")
    assert f.value("subtotal") == Decimal("1000.00")


_HEAD = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-88"),
         (380, 95, "Invoice date: 01/10/2026")]


def test_net_and_vat_name_the_total_under_a_label_we_do_not_know(tmp_path):
    # "Gross" is no total label we list; net + VAT = 120.00 makes it the total, and the labelled
    # amount due below it, 100.00, then says 20.00 was paid (BR-CO-15, BR-CO-16)
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00"),
                    (380, 285, "Gross"), (480, 285, "120.00"), (380, 300, "Received"), (480, 300, "20.00"),
                    (380, 315, "Balance due"), (480, 315, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("120.00")
    assert f.get("total").resolved_by == "arithmetic"
    assert f.value("amount_due") == Decimal("100.00")
    assert f.value("prepaid_amount") == Decimal("20.00")


def test_what_was_paid_above_a_due_label_that_may_also_name_the_total(tmp_path):
    # "Total due" may name the total or the amount due; below a labelled total it is the due
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00"),
                    (380, 285, "Total"), (480, 285, "120.00"), (380, 300, "Received"), (480, 300, "20.00"),
                    (380, 315, "Total due"), (480, 315, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("120.00")
    assert f.value("prepaid_amount") == Decimal("20.00")
    assert f.value("amount_due") == Decimal("100.00")


def test_a_label_that_may_name_the_total_or_the_due_beside_a_prepayment(tmp_path):
    # the only total label also names the amount due ("Total due"); with a prepayment printed,
    # net + VAT = 120.00 printed under "Gross" is the total that balances (BR-CO-15, BR-CO-16)
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00"),
                    (380, 285, "Gross"), (480, 285, "120.00"), (380, 300, "Amount paid"), (480, 300, "20.00"),
                    (380, 315, "Total due"), (480, 315, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("prepaid_amount") == Decimal("20.00")
    assert f.value("total") == Decimal("120.00")
    assert f.get("total").resolved_by == "arithmetic"
    assert f.value("amount_due") == Decimal("100.00")


def test_the_base_above_the_one_rated_vat_row_is_the_net(tmp_path):
    # no total printed: "Goods" is no label we list, but 20% of it is the VAT printed below it
    rows = _HEAD + [(380, 255, "Goods"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") == Decimal("100.00")
    assert f.get("subtotal").resolved_by == "arithmetic"


def test_a_figure_above_the_vat_row_that_is_not_its_base_is_no_net(tmp_path):
    rows = _HEAD + [(380, 255, "Goods"), (480, 255, "90.00"), (380, 270, "VAT 20%"), (480, 270, "20.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") is None


def test_without_vat_the_figure_above_the_total_that_equals_it_is_the_net(tmp_path):
    rows = _HEAD + [(380, 255, "Goods"), (480, 255, "100.00"), (380, 270, "Total"), (480, 270, "100.00"),
                    (50, 300, "Reverse charge: the customer accounts for the tax.")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") == Decimal("100.00")
    assert f.get("subtotal").resolved_by == "arithmetic"


def test_without_vat_the_figure_below_the_net_that_equals_it_is_the_total(tmp_path):
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "Gross"), (480, 270, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("100.00")
    assert f.get("total").resolved_by == "arithmetic"
    assert f.value("amount_due") == Decimal("100.00")


def test_a_page_with_a_vat_label_is_not_read_as_without_vat(tmp_path):
    rows = _HEAD + [(380, 255, "Goods"), (480, 255, "100.00"), (380, 270, "VAT"), (380, 285, "Total"),
                    (480, 285, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("subtotal") is None


def test_a_total_found_by_its_sum_less_a_printed_prepayment_is_the_amount_due(tmp_path):
    # no due label we know ("Outstanding"): the amount due is the total less what was paid (BR-CO-16)
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00"),
                    (380, 285, "Gross"), (480, 285, "120.00"), (380, 300, "Amount paid"), (480, 300, "20.00"),
                    (380, 315, "Outstanding"), (480, 315, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("120.00")
    assert f.value("amount_due") == Decimal("100.00")


def test_a_prepayment_we_cannot_name_below_the_sum_that_balances(tmp_path):
    # "Total due" (total or due) is the only total label and "Received" no label we know: below the
    # printed net + VAT, 120.00 - 20.00 = 100.00 is the labelled amount due, so 120.00 is the total
    rows = _HEAD + [(380, 255, "Subtotal"), (480, 255, "100.00"), (380, 270, "VAT 20%"), (480, 270, "20.00"),
                    (380, 285, "Gross"), (480, 285, "120.00"), (380, 300, "Received"), (480, 300, "20.00"),
                    (380, 315, "Total due"), (480, 315, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("total") == Decimal("120.00")
    assert f.value("prepaid_amount") == Decimal("20.00")
    assert f.value("amount_due") == Decimal("100.00")


def test_the_accounts_own_line_says_how_it_is_paid_in_any_language(tmp_path):
    # an English page whose account line is a German debit note: the account is debited, so the
    # page offers no bank transfer
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-91"),
            (380, 95, "Invoice date: 01/10/2026"), (50, 200, "Description of the services rendered"),
            (380, 300, "Total"), (480, 300, "120.00 EUR"),
            (50, 340, "Einzug per Lastschrift vom Konto DE89370400440532013000")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("payment_methods") == ["direct_debit"]


def test_prose_running_across_the_columns_is_not_an_items_description(tmp_path):
    # a note printed right under the items, one run of words across the date, description and
    # amount columns: not the next line of the last item's description (a line of the item's
    # own column still is)
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-92"),
            (380, 95, "Invoice date: 01/10/2026"),
            (50, 200, "Date"), (150, 200, "Description"), (480, 200, "Amount"),
            (50, 215, "01/09/2026"), (150, 215, "Survey work"), (480, 215, "100.00"),
            (150, 227, "north field"),
            (50, 239, "Every order placed with us is governed by our general terms of business, which we send on request"),
            (380, 280, "Total"), (480, 280, "100.00")]
    f = _fields(tmp_path, rows, language="en")
    assert [i.description for i in f.value("line_items")] == ["Survey work\nnorth field"]


def test_a_footer_running_across_the_columns_is_no_item_after_a_subtotal(tmp_path):
    # after the net sum, the VAT row (its rate first) and a bank footer whose digits fall under
    # the quantities and the amounts: the footer is no further item, so the net sum ends the
    # items and the VAT row is the VAT
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-93"),
            (380, 95, "Invoice date: 01/10/2026"),
            (50, 200, "Description"), (300, 200, "Price"), (400, 200, "Qty"), (480, 200, "Amount"),
            (50, 215, "Survey work"), (300, 215, "50.00"), (400, 215, "2"), (480, 215, "100.00"),
            (50, 230, "Site visit"), (300, 230, "30.00"), (400, 230, "1"), (480, 230, "30.00"),
            (340, 250, "Net total"), (480, 250, "130.00"),
            (340, 262, "+20.00% VAT"), (480, 262, "26.00"),
            (340, 274, "Gross total"), (480, 274, "156.00"),
            (200, 286, "Bank: IBAN GB33 BUKB 2020 1555 5555 55 BIC BUKBGB22")]
    f = _fields(tmp_path, rows, language="en")
    assert [i.amount for i in f.value("line_items")] == [Decimal("100.00"), Decimal("30.00")]
    assert f.value("tax_amount") == Decimal("26.00")


def test_an_effective_rate_printed_to_two_decimals_keeps_its_vat_row(tmp_path):
    # a VAT summary whose rate is worked out from the sums and rounded (6.67% of 9,999.00 is
    # 666.93; the VAT is 667.00): the row is still the breakdown, and with one rate its base is
    # the net, as net + VAT is the total
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-94"),
            (380, 95, "Invoice date: 01/10/2026"),
            (60, 300, "VAT rate"), (140, 300, "Tax"), (220, 300, "Without VAT"), (320, 300, "With VAT"),
            (60, 312, "6.67%"), (140, 312, "$667.00"), (220, 312, "$9,999.00"), (320, 312, "$10,666.00"),
            (380, 340, "Total with tax: $10,666.00")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("tax_amount") == Decimal("667.00")
    assert f.value("subtotal") == Decimal("9999.00")


def test_a_settled_invoices_bank_details_offer_no_transfer(tmp_path):
    # the whole amount was paid in advance: the account in the footer is the letterhead's, not
    # an offer to pay by transfer (an account still offers one while something is due)
    head = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-95"),
            (380, 95, "Invoice date: 01/10/2026"), (340, 250, "Total"), (480, 250, "120.00"),
            (50, 320, "IBAN GB33 BUKB 2020 1555 5555 55")]
    settled = [(340, 262, "Amount paid"), (480, 262, "120.00"), (340, 274, "Amount due"), (480, 274, "0.00")]
    assert _fields(tmp_path, head + settled, language="en").value("payment_methods") is None
    due = [(340, 274, "Amount due"), (480, 274, "120.00")]
    assert _fields(tmp_path, head + due, language="en").value("payment_methods") == ["bank_transfer"]


def test_a_qualifier_in_brackets_after_the_title_belongs_to_the_title(tmp_path):
    # "(Duplikat)" between the title and its number: the number is still the title's
    rows = [(50, 60, "Malerbetrieb Farbton KG"), (50, 100, "Gutschrift (Duplikat) GS-4417"),
            (50, 120, "Datum: 12.02.2026"), (300, 300, "Gesamtbetrag"), (480, 300, "84,00 EUR")]
    f = _fields(tmp_path, rows, language="de")
    assert f.value("invoice_number") == "GS-4417"


_BODY = [(50, 150, "Malerbetrieb Farbton KG", 9), (50, 162, "Lindenhof 4", 9), (50, 174, "06108 Halle (Saale)", 9),
         (50, 200, "Datum: 12.02.2026", 9), (50, 212, "Wir schreiben Ihnen den folgenden Betrag gut.", 9),
         (300, 300, "Gesamtbetrag", 9), (480, 300, "84,00 EUR", 9)]


def test_the_number_of_a_wrapped_heading_in_the_titles_size(tmp_path):
    # a large heading wrapped after its bracketed qualifier: the number stands alone below it,
    # in the heading's size
    from invoice_lint.pipeline import read_invoice

    rows = [(50, 60, "Gutschrift (Teilstorno)", 20), (50, 84, "GS-4418", 20)] + _BODY
    assert read_invoice(_pdf(tmp_path, rows, name="sized.pdf"), language="de").fields.value("invoice_number") == "GS-4418"


def test_a_body_line_under_a_lone_title_is_no_number(tmp_path):
    # the same heading, then a line of body text with digits: not the heading's number
    from invoice_lint.pipeline import read_invoice

    rows = [(50, 60, "Gutschrift (Teilstorno)", 20), (50, 84, "06108", 9)] + _BODY
    assert read_invoice(_pdf(tmp_path, rows, name="sized.pdf"), language="de").fields.value("invoice_number") is None



_EXEMPT_HEAD = [(50, 60, "Trockenbau Falkner GmbH"), (380, 60, "RECHNUNG"), (380, 80, "Rechnungsnummer: TF-2026-12"),
                (380, 95, "Rechnungsdatum: 03.02.2026"), (50, 200, "Ständerwand Obergeschoss"),
                (300, 280, "Summe netto"), (480, 280, "1.250,00 EUR")]


def test_a_zero_vat_row_that_names_its_exemption_is_the_vat(tmp_path):
    # an exempt category's breakdown row: no tax, its reason named in the row, on its base
    rows = _EXEMPT_HEAD + [(50, 300, "Steuerschuldnerschaft des Leistungsempfängers 0 % von 1.250,00 EUR"),
                           (480, 300, "0,00 EUR"), (50, 315, "Steuerschuldnerschaft des Leistungsempfängers"),
                           (300, 330, "Zu zahlen"), (480, 330, "1.250,00 EUR")]
    f = _fields(tmp_path, rows, language="de")
    assert f.value("tax_amount") == Decimal("0.00")
    assert f.value("total") == Decimal("1250.00")


def test_a_zero_row_without_an_exemption_is_no_vat(tmp_path):
    rows = _EXEMPT_HEAD + [(50, 300, "Nachlass 0 % von 1.250,00 EUR"), (480, 300, "0,00 EUR"),
                           (300, 330, "Zu zahlen"), (480, 330, "1.250,00 EUR")]
    f = _fields(tmp_path, rows, language="de")
    assert f.value("tax_amount") is None


def test_a_word_before_the_title_of_a_large_heading_belongs_to_the_title(tmp_path):
    # "Korrigierte Gutschrift": the heading qualifies its title, the number follows
    from invoice_lint.pipeline import read_invoice

    rows = [(50, 60, "Korrigierte Gutschrift KG-771", 20)] + _BODY
    assert read_invoice(_pdf(tmp_path, rows, name="sized.pdf"), language="de").fields.value("invoice_number") == "KG-771"


def test_a_word_before_the_title_in_body_text_is_no_heading(tmp_path):
    # the same words in the body's size: a reference in a sentence, not the document's title
    from invoice_lint.pipeline import read_invoice

    rows = [(50, 60, "Malerbetrieb Farbton KG", 20), (50, 120, "Korrigierte Gutschrift KG-771", 9)] + _BODY
    assert read_invoice(_pdf(tmp_path, rows, name="sized.pdf"), language="de").fields.value("invoice_number") is None


def test_a_rounding_line_closes_a_grand_total_printed_rounded(tmp_path):
    # the VAT summary's base and VAT do not make the total printed below it; the rounding line
    # printed above it does (BT-114): the base is the net, and the rounding is read
    rows = [(50, 60, "Kestrel Works Ltd"), (380, 60, "INVOICE"), (380, 80, "Invoice number: KW-96"),
            (380, 95, "Invoice date: 01/10/2026"),
            (60, 280, "Rounding"), (250, 280, "€0.31"),
            (60, 300, "VAT rate"), (140, 300, "Tax"), (220, 300, "Without VAT"), (320, 300, "With VAT"),
            (60, 312, "23.00%"), (140, 312, "€157.09"), (220, 312, "€683.00"), (320, 312, "€840.09"),
            (380, 340, "Total with tax: €840.40")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("rounding_amount") == Decimal("0.31")
    assert f.value("subtotal") == Decimal("683.00")
    assert f.value("total") == Decimal("840.40")


def test_a_canadian_business_number_keeps_its_program_account(tmp_path):
    # the nine digits name the business, "RT0001" its GST/HST account: the registration is both
    rows = [(50, 60, "Northern Lights Bakery Inc."), (50, 75, "Tax ID: 812345676 RT0001"), (380, 60, "INVOICE"),
            (380, 80, "Invoice number: NL-2026-14"), (380, 95, "Invoice date: 01/10/2026")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("seller_tax_id") == "812345676RT0001"


def test_a_program_account_with_a_wrong_check_digit_is_not_joined(tmp_path):
    rows = [(50, 60, "Northern Lights Bakery Inc."), (50, 75, "Tax ID: 812345677 RT0001"), (380, 60, "INVOICE"),
            (380, 80, "Invoice number: NL-2026-14"), (380, 95, "Invoice date: 01/10/2026")]
    f = _fields(tmp_path, rows, language="en")
    assert f.value("seller_tax_id") == "812345677"

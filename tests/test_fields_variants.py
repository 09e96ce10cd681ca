"""Field reading on wording the lexicon does not list (issue #10, the variant samples' misses).

Each case prints a small real PDF with wording written here (not taken from the lexicon, nor from
sample_invoices/label_variants.yaml) and reads it with the real reader; each fails without the
generalisation it is named after.
"""
from __future__ import annotations

from datetime import date

from test_fields_unseen import _pdf

from invoice_lint.pipeline import read_invoice


def _fields(tmp_path, rows, language=None):
    return read_invoice(_pdf(tmp_path, rows), language=language).fields


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

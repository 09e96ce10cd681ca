"""Survey answers: joined by invoice number or client and date, planted score effect recovered, themes."""
from __future__ import annotations

import pytest

from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.rates import newcombe, wilson
from invoice_lint.analytics.simulation.payments import export_ledger, export_survey, random_traits, simulate_payments
from invoice_lint.analytics.survey import join_survey, read_survey, survey_effects, survey_rows
from invoice_lint.analytics.themes import comment_themes, guess_language, tokens

TRAITS = ("has_payment_link", "has_due_date", "has_thank_you", "has_qr", "formal_register", "channel")


@pytest.fixture(scope="module")
def survey_run():
    traits = random_traits(2000, seed=11)
    sim = simulate_payments(traits, seed=11, score_effects={"has_thank_you": 0.5}, survey_share=0.35)
    joined = join_ledger(read_ledger(export_ledger(sim.ledger, trait_columns=TRAITS), trait_columns=TRAITS))
    survey = read_survey(export_survey(sim.survey, by_client_share=0.25, seed=11))
    answers = join_survey(survey, joined)
    effects = survey_effects(answers, joined.trait_names, survey.scales, replicates=400, seed=0)
    return sim, joined, survey, answers, effects


def test_answers_are_joined_by_number_or_client_and_date(survey_run):
    sim, joined, survey, answers, _ = survey_run
    rows = survey_rows(answers, joined)
    assert rows["read"] == len(sim.survey)
    assert rows["matched_by_number"] + rows["matched_by_client_date"] + rows["unmatched"] + rows["excluded"] == rows["read"]
    assert rows["matched_by_client_date"] > 100 and rows["unmatched"] == 0
    # By client and date, an answer goes to that client's latest invoice before it — right in most cases.
    by_date = answers[answers["status"] == "matched_by_client_date"]
    truth = sim.survey.loc[by_date.index, "invoice_number"].to_numpy()
    found = joined.frame.loc[by_date["ledger_index"], "invoice_number"].to_numpy()
    assert (truth == found).mean() > 0.5
    assert (by_date["ledger_client"] == by_date["client"]).all()


def test_planted_thank_you_effect_is_recovered_and_others_are_not(survey_run):
    *_, effects = survey_run
    by_key = {(e["question"], e["trait"], e["level"]): e for e in effects}
    for question in ("clarity", "satisfaction"):
        effect = by_key[(question, "has_thank_you", "yes")]
        assert effect["ci_low"] <= 0.5 <= effect["ci_high"] and effect["significant"]
        assert effect["top2_difference"] > 0 and effect["mannwhitney_p"] < 0.001 and effect["rank_biserial"] > 0
        assert effect["scale"] == [1, 5]
    # No planted score effect elsewhere: at 95 % about 1 in 20 comparisons is a false alarm.
    null = [e for e in by_key.values() if e["trait"] != "has_thank_you"]
    assert len(null) == 12 and sum(e["significant"] for e in null) <= 2


def test_wilson_and_newcombe_against_known_values():
    share, low, high = wilson(81, 263)  # Newcombe (1998), example: 81/263
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    difference, low, high = newcombe(56, 70, 48, 80)  # Newcombe (1998) method 10: 0.0524 to 0.3339
    assert round(difference, 4) == 0.2 and (round(low, 4), round(high, 4)) == (0.0524, 0.3339)
    assert wilson(0, 0) == (None, None, None)


def test_comment_themes_per_language_with_examples(survey_run):
    sim, *_ = survey_run
    comments = sim.survey.loc[sim.survey["comment"] != "", ["comment", "language"]]
    themes = comment_themes(comments)
    assert {t["language"] for t in themes} == {"en", "es", "sr", "de", "fr"}
    for theme in themes:
        assert theme["examples"] and all(e in set(comments["comment"]) for e in theme["examples"])
    by_language = {}
    for theme in themes:
        by_language.setdefault(theme["language"], set()).update(theme["terms"])
    assert {"date", "due"} & by_language["en"] and "vencimiento" in by_language["es"]
    assert {"rok", "placanja"} <= by_language["sr"] and "falligkeitsdatum" in by_language["de"]
    assert themes == comment_themes(comments)  # deterministic


def test_tokens_fold_scripts_and_drop_stop_words():
    assert tokens("Рок плаћања није био јасан", "sr")[:2] == tokens("Rok plaćanja nije bio jasan", "sr")[:2]
    assert "the" not in tokens("The due date was unclear", "en")
    assert guess_language("No encontré la fecha de vencimiento") == "es"
    assert guess_language("Ich konnte das Fälligkeitsdatum nicht finden") == "de"


def test_survey_rows_with_bad_scores_are_excluded_with_reasons(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("Invoice,Client,Date,Question,Score\nA1,X,2024-01-05,q,4\nA2,X,2024-01-05,q,\n"
                    "A3,X,2024-01-05,q,12\nA4,X,2024-01-05,q,3.5\n,,2024-01-05,q,3\n", encoding="utf-8")
    frame = read_survey(path).frame
    assert frame["problem"].tolist() == ["", "missing score", "score outside the 0–10 / 1–5 scales",
                                         "score outside the 0–10 / 1–5 scales", "no invoice number or client"]


def test_french_comments_are_tokenized_without_compiling_the_french_exceptions():
    import sys

    from invoice_lint.analytics.themes import tokens

    words = tokens("Merci pour la facture claire, mais l’échéance n'était pas indiquée.", "fr")
    assert {"facture", "claire", "echeance", "indiquee"} <= set(words)
    assert not {"pour", "mais", "pas", "la"} & set(words)  # spaCy's French stop words
    assert "spacy.lang.fr.tokenizer_exceptions" not in sys.modules

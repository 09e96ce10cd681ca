"""The optional late-payment model: grouped by client, held-out metrics, planted traits rank first."""
from __future__ import annotations

from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.predict import late_payment_model
from invoice_lint.analytics.simulation.payments import export_ledger, random_traits, simulate_payments

TRAITS = ("has_payment_link", "has_due_date", "has_thank_you", "has_qr", "formal_register", "channel")


def test_late_payment_model_on_held_out_clients():
    traits = random_traits(3000, seed=4)
    sim = simulate_payments(traits, seed=4, day_effects={"has_payment_link": -5, "has_due_date": -8})
    joined = join_ledger(read_ledger(export_ledger(sim.ledger, trait_columns=TRAITS), trait_columns=TRAITS))
    result = late_payment_model(joined.included, joined.trait_names, seed=0)
    assert result["grouped_by"] == "client" and result["folds"] == 5
    assert 0.55 < result["roc_auc"] < 0.8  # invoice fields carry a real but weak signal
    assert result["brier"] <= result["brier_of_base_rate"] * 1.02
    top = [p["feature"] for p in result["permutation_importance"][:2]]
    assert set(top) == {"has_payment_link", "has_due_date"}
    assert sum(row["n"] for row in result["calibration"]) == result["rows"]
    assert "paid_date" not in result["predictors"] and "duration_days" not in result["predictors"]


def test_too_little_data_is_skipped_with_a_reason():
    traits = random_traits(50, seed=1)
    sim = simulate_payments(traits, seed=1, n_clients=5)
    joined = join_ledger(read_ledger(export_ledger(sim.ledger, trait_columns=TRAITS), trait_columns=TRAITS))
    assert "skipped" in late_payment_model(joined.included, joined.trait_names)

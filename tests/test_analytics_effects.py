"""Payment effects on generated ledgers with planted effects: recovered, honest, censoring-aware."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from invoice_lint.analytics.effects import payment_effects
from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.analytics.simulation.payments import export_ledger, random_traits, simulate_payments
from invoice_lint.analytics.survival import ClientBootstrap, group_curves, survival_data

PLANTED = {"has_payment_link": -5, "has_due_date": -8}
TRAITS = ("has_payment_link", "has_due_date", "has_thank_you", "has_qr", "formal_register", "channel")
SEEDS = range(5)


def analyse(seed: int, n: int = 2000, replicates: int = 400):
    traits = random_traits(n, seed=seed)
    sim = simulate_payments(traits, seed=seed, day_effects=PLANTED)
    ledger = read_ledger(export_ledger(sim.ledger, trait_columns=TRAITS), trait_columns=TRAITS)
    effects, curves, method = payment_effects(join_ledger(ledger), replicates=replicates, seed=seed)
    return {(e["trait"], e["level"]): e for e in effects}, curves, method


@pytest.fixture(scope="module")
def runs():
    return {seed: analyse(seed) for seed in SEEDS}


def test_planted_effects_are_recovered_with_covering_intervals(runs):
    for trait, planted in PLANTED.items():
        covered = [runs[s][0][(trait, "yes")]["ci_low"] <= planted <= runs[s][0][(trait, "yes")]["ci_high"] for s in SEEDS]
        estimates = [runs[s][0][(trait, "yes")]["effect_days"] for s in SEEDS]
        assert sum(covered) >= 4, (trait, covered, estimates)
        assert abs(np.mean(estimates) - planted) < 1.0, (trait, estimates)
        for s in SEEDS:
            effect = runs[s][0][(trait, "yes")]
            assert effect["significant"] and effect["hazard_ratio"] > 1 and effect["hr_ci_low"] > 1
            assert effect["time_ratio"] < 1


def test_traits_without_an_effect_are_not_significant_in_most_seeds(runs):
    for key in [("has_thank_you", "yes"), ("has_qr", "yes"), ("formal_register", "yes"), ("channel", "paper"),
                ("channel", "portal")]:
        significant = [runs[s][0][key]["significant"] for s in SEEDS]
        assert sum(significant) <= 1, (key, significant)


def test_effect_rows_have_the_documented_fields(runs):
    effects, curves, method = runs[0]
    row = effects[("has_payment_link", "yes")]
    for name in ("trait", "level", "reference", "n_with", "n_without", "median_days_with", "median_days_without",
                 "effect_days", "ci_low", "ci_high", "hazard_ratio", "hr_ci_low", "hr_ci_high", "flags"):
        assert name in row
    assert row["reference"] == "no" and row["n_with"] + row["n_without"] == 2000
    assert row["effect_days"] == pytest.approx(row["median_days_with"] - row["median_days_without"])
    assert effects[("channel", "paper")]["reference"] == "email"  # the most common level
    assert set(curves["trait"]) == set(TRAITS) and curves["survival"].between(0, 1).all()
    assert method["bootstrap"]["resampled"] == "clients" and not method["adjusted"]["subsampled"]


def censored_ledger() -> pd.DataFrame:
    """Two templates; one's invoices take long (exponential, median 60·ln 2 ≈ 41.6 days).

    Invoices are issued over 120 days and the as-of date is day 120, so many slow invoices are
    still open: the paid ones are mostly the quick ones.
    """
    rng = np.random.default_rng(7)
    n = 1200
    slow = np.arange(n) % 2 == 0
    issue = rng.integers(0, 120, n)
    days = np.where(slow, np.round(rng.exponential(60, n)), np.round(rng.exponential(15, n))).astype(int)
    start = np.datetime64("2024-01-01")
    paid = issue + days
    return pd.DataFrame({
        "invoice": [f"I{i}" for i in range(n)], "client": [f"C{i % 40}" for i in range(n)],
        "issue": (start + issue).astype("datetime64[ns]"), "due": (start + issue + 30).astype("datetime64[ns]"),
        "paid": pd.Series((start + paid).astype("datetime64[ns]")).where(paid <= 120),
        "amount": 100.0, "slow_template": slow,
    })


AS_OF = pd.Timestamp("2024-04-30")  # day 120


def test_censoring_is_handled_where_dropping_unpaid_would_mislead():
    frame = censored_ledger()
    mapping = {"invoice_number": "invoice", "client": "client", "issue_date": "issue", "due_date": "due",
               "paid_date": "paid", "amount": "amount"}
    ledger = read_ledger(frame, mapping=mapping, trait_columns=["slow_template"])
    joined = join_ledger(ledger, as_of=AS_OF.date())
    effects, _, _ = payment_effects(joined, replicates=400)
    effect = effects[0]
    true_slow, true_fast = 60 * np.log(2), 15 * np.log(2)
    assert effect["median_with_ci"][0] <= true_slow <= effect["median_with_ci"][1]
    assert effect["ci_low"] <= true_slow - true_fast <= effect["ci_high"]
    # What dropping the unpaid invoices would have said: a far smaller gap, outside the interval.
    paid = frame[frame["paid"].notna()]
    days = (paid["paid"] - paid["issue"]).dt.days
    naive_gap = days[paid["slow_template"]].median() - days[~paid["slow_template"]].median()
    assert naive_gap < effect["ci_low"] - 5
    assert days[paid["slow_template"]].median() < effect["median_with_ci"][0] - 10
    assert joined.rows["unpaid_censored"] > 200


def test_small_groups_and_few_payments_are_flagged_not_hidden():
    traits = random_traits(400, seed=3, shares={"rare_trait": 0.04})
    sim = simulate_payments(traits, seed=3, n_clients=30)
    ledger = read_ledger(export_ledger(sim.ledger, trait_columns=("rare_trait",)), trait_columns=["rare_trait"])
    effects, _, _ = payment_effects(join_ledger(ledger), replicates=200)
    assert len(effects) == 1 and "small-group" in effects[0]["flags"]
    assert effects[0]["n_with"] < 30


def test_kaplan_meier_matches_lifelines():
    from lifelines import KaplanMeierFitter
    from lifelines.utils import restricted_mean_survival_time

    frame = censored_ledger()
    paid = frame["paid"].notna()
    duration = (frame["paid"].where(paid, AS_OF) - frame["issue"]).dt.days
    table = pd.DataFrame({"duration_days": duration, "paid": paid, "client": frame["client"],
                          "late": pd.array([pd.NA] * len(frame), dtype="boolean")})
    data = survival_data(table)
    mask = frame["slow_template"].to_numpy()
    group = group_curves(data, mask, ClientBootstrap(data.n_clients, 100))
    fitter = KaplanMeierFitter().fit(duration[mask], paid[mask])
    days = np.arange(data.horizon)
    assert np.allclose(fitter.survival_function_at_times(days).to_numpy(), group.survival[: data.horizon])
    assert float(np.argmax(group.survival <= 0.5)) == fitter.median_survival_time_
    assert restricted_mean_survival_time(fitter, t=data.horizon) == pytest.approx(group.survival[: data.horizon].sum())


def test_weibull_model_errors_match_lifelines():
    from lifelines import WeibullAFTFitter

    from invoice_lint.analytics.levels import trait_levels
    from invoice_lint.analytics.models import design_matrix, weibull_cluster_errors

    traits = random_traits(600, seed=2)
    sim = simulate_payments(traits, seed=2, n_clients=25, day_effects=PLANTED)
    ledger = sim.ledger
    paid = ledger["paid_date"].notna().to_numpy()
    duration = (ledger["paid_date"].fillna(pd.Timestamp(sim.as_of)) - ledger["issue_date"]).dt.days.to_numpy()
    levels = [trait_levels(ledger[c], c) for c in ("has_payment_link", "has_due_date", "channel")]
    design, _, _ = design_matrix(levels, None)
    frame = design.assign(T=np.maximum(duration, 0.5), E=paid)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = WeibullAFTFitter().fit(frame, "T", "E")
    model_se, cluster_se = weibull_cluster_errors(fitted.params_, design, frame["T"].to_numpy(), paid.astype(float),
                                                  ledger["client"].to_numpy())
    expected = [fitted.standard_errors_[("lambda_", c)] for c in design.columns]
    expected += [fitted.standard_errors_[("lambda_", "Intercept")], fitted.standard_errors_[("rho_", "Intercept")]]
    assert np.allclose(model_se, expected, rtol=1e-3)
    assert (cluster_se[:-1] > model_se[:-1]).all()  # slow clients make invoices of one client alike


def test_collinear_traits_are_left_out_of_the_adjusted_model_with_a_reason():
    traits = random_traits(800, seed=4)
    traits["copy_of_link"] = traits["has_payment_link"]
    sim = simulate_payments(traits, seed=4, n_clients=40, day_effects=PLANTED)
    columns = ("has_payment_link", "copy_of_link")
    ledger = read_ledger(export_ledger(sim.ledger, trait_columns=columns), trait_columns=columns)
    effects, _, method = payment_effects(join_ledger(ledger), replicates=200)
    by_trait = {e["trait"]: e for e in effects}
    assert by_trait["has_payment_link"]["hazard_ratio"] > 1
    assert by_trait["copy_of_link"]["hazard_ratio"] is None
    assert "not-adjusted" in by_trait["copy_of_link"]["flags"]
    assert "collinear" in by_trait["copy_of_link"]["not_adjusted_reason"]

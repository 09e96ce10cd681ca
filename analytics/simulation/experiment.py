"""A randomised template experiment with a planted effect, from the project's payment simulator.

Used by the worked example in docs/experiments.md, the tests and
``benchmarks/experiment_validation.py``: clients are assigned to variants by the real planner
(``design.assign``), then ``analytics.simulate.simulate_payments`` makes their invoices and
payments with the effect planted on the assigned variant (clients keep their own speed, slow
payers, never-paid invoices and censoring).  Invoices are issued for ``days`` days and the
ledger is as of ``days + follow_up`` days after the start, the plan's analysis date.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from invoice_lint.analytics.experiment.design import Plan, Variant, assign, balance_table
from invoice_lint.analytics.simulation.payments import simulate_payments

INVOICES_PER_CLIENT_MONTH = 3.0


@dataclass
class SimulatedExperiment:
    plan: Plan
    ledger: pd.DataFrame  # typed, as simulate_payments returns it, with the assigned (and sent) variant
    survey: pd.DataFrame
    as_of: date


def experiment_plan(clients: list[str], variants: tuple[str, ...] = ("A", "B"), *, unit: str = "client",
                    seed: int = 0, start: date = date(2025, 1, 6), days: int = 182, horizon_days: int = 90,
                    alpha: float = 0.05, strata: pd.Series | None = None) -> Plan:
    allocation = [1.0 / len(variants)] * len(variants)
    stratum = strata if strata is not None else pd.Series("all", index=range(len(clients)))
    frame = pd.DataFrame({"client": clients, "stratum": stratum.astype(str).to_numpy()})
    frame["variant"] = assign(pd.DataFrame({"unit": frame["client"], "stratum": frame["stratum"]}),
                              list(variants), allocation, seed)
    plan = Plan(variants=[Variant(v) for v in variants], unit=unit, seed=seed, start=start,
                end=start + timedelta(days=days - 1), horizon_days=horizon_days, alpha=alpha,
                assignment=frame[["client", "variant", "stratum"]], allocation=allocation)
    plan.balance = balance_table(plan.assignment, pd.DataFrame(), list(variants))
    return plan


def simulate_experiment(
    seed: int,
    *,
    n_clients: int = 40,
    days: int = 182,
    horizon_days: int = 90,
    effects: Mapping[str, float] | None = None,
    variants: tuple[str, ...] = ("A", "B"),
    unit: str = "client",
    invoices_per_client_month: float = INVOICES_PER_CLIENT_MONTH,
    start: date = date(2025, 1, 6),
    survey_share: float = 0.0,
    violation_share: float = 0.0,
    drop_clients_of: str | None = None,
    drop_share: float = 0.0,
    plan: Plan | None = None,
    **simulate_options,
) -> SimulatedExperiment:
    """One experiment: ``effects`` maps a variant to its planted shift in days to pay (e.g. {"B": -5}).

    ``violation_share``: that share of invoices is sent with another variant than assigned (the
    effect follows what was *sent*, as in life).  ``drop_clients_of`` / ``drop_share``: that share
    of the named variant's clients (invoices, with ``unit="invoice"``) never reach the ledger (a
    planted sample-ratio mismatch, as when one template's sends fail)."""
    effects = dict(effects or {})
    rng = np.random.default_rng([seed, 7])
    clients = [f"C{i:03d}" for i in range(n_clients)]
    if plan is None:
        plan = experiment_plan(clients, variants, unit=unit, seed=seed, start=start, days=days,
                               horizon_days=horizon_days)
    else:  # a plan made by `experiment plan` for the simulator's clients C000, C001, …
        variants = tuple(v.name for v in plan.variants)
        unit, start, days, horizon_days = plan.unit, plan.start, (plan.end - plan.start).days + 1, plan.horizon_days
        if unit != "client" or set(plan.assignment["client"]) != set(clients):
            raise ValueError("the plan must assign by client exactly the clients C000 … of the simulation")
    total_days = days + horizon_days
    # The simulator runs a year past the analysis date so every payment day is known before the
    # shift; the ledger is then cut back to what was known at the analysis date.
    simulated_days = total_days + 365
    n_invoices = int(round(n_clients * invoices_per_client_month * simulated_days / 30.4))
    if unit == "client":
        client_traits = pd.DataFrame({"assigned": plan.assignment.set_index("client").loc[clients, "variant"].to_numpy()})
        traits = pd.DataFrame(index=range(n_invoices))
    else:
        client_traits = None
        labels = np.asarray(variants, dtype=object)
        traits = pd.DataFrame({"assigned": labels[rng.integers(0, len(variants), n_invoices)]})
    # The payments get their own random stream: the assignment must not share one with the clients.
    sim = simulate_payments(traits, seed=[seed, 1], n_clients=n_clients, start=start, days=simulated_days,
                            day_effects={}, client_traits=client_traits, survey_share=survey_share,
                            **simulate_options)
    ledger = sim.ledger
    assigned = ledger["assigned"].to_numpy(dtype=object)
    sent = assigned.copy()
    if violation_share:
        swap = rng.random(len(ledger)) < violation_share
        others = {v: [w for w in variants if w != v] for v in variants}
        sent[swap] = [others[v][rng.integers(0, len(others[v]))] for v in assigned[swap]]
    ledger["template"] = sent
    # The planted effect follows the variant sent, on the simulator's days to pay.
    shift = np.array([effects.get(v, 0.0) for v in sent])
    as_of = start + timedelta(days=total_days)
    ledger = _shift_payments(ledger, shift, as_of)
    issued = ledger["issue_date"] <= pd.Timestamp(plan.end)
    if drop_clients_of and drop_share and unit == "client":
        members = plan.assignment.loc[plan.assignment["variant"] == drop_clients_of, "client"].to_numpy()
        dropped = members[rng.random(len(members)) < drop_share]
        issued &= ~ledger["client"].isin(dropped)
    elif drop_clients_of and drop_share:  # invoice design: that share of the variant's invoices is missing
        issued &= ~((ledger["assigned"] == drop_clients_of).to_numpy() & (rng.random(len(ledger)) < drop_share))
    ledger = ledger[issued].reset_index(drop=True)
    if unit == "invoice":
        plan.assignment = pd.DataFrame({"invoice_number": ledger["invoice_number"], "client": ledger["client"],
                                        "variant": ledger["assigned"], "stratum": "all"})
        from invoice_lint.analytics.numbers import normalize_invoice_numbers

        plan.assignment["invoice_key"] = normalize_invoice_numbers(plan.assignment["invoice_number"].tolist())
        plan.balance = balance_table(plan.assignment, pd.DataFrame(), list(variants))
    survey = sim.survey[sim.survey["invoice_number"].isin(set(ledger["invoice_number"]))].reset_index(drop=True)
    return SimulatedExperiment(plan=plan, ledger=ledger, survey=survey, as_of=as_of)


def _shift_payments(ledger: pd.DataFrame, shift: np.ndarray, as_of: date) -> pd.DataFrame:
    """Days to pay + shift (at least 0) for invoices that get paid, then paid only if by the as-of date.

    Never-paid invoices stay unpaid: an additive effect on days to pay, as the simulator plants it."""
    ledger = ledger.copy()
    issue = ledger["issue_date"]
    paid = ledger["paid_date"]
    days_to_pay = (paid - issue).dt.days
    moved = np.maximum(0, days_to_pay.to_numpy(dtype=float) + shift)
    new_paid = issue + pd.to_timedelta(moved, unit="D")
    ledger["paid_date"] = new_paid.where(paid.notna() & (new_paid <= pd.Timestamp(as_of)))
    return ledger


def planted_rmst_difference(effect_days: float, horizon_days: int = 90, n_clients: int = 4000, seed: int = 99,
                            **simulate_options) -> float:
    """The planted effect on the restricted-mean scale: mean over invoices of
    min(max(0, T + effect), τ) − min(T, τ), never-paid invoices contributing 0 (they stay unpaid).

    A shift of −5 days is a little less than −5 days of RMST, because never-paid invoices do not
    move and a payment cannot come before day 0; this is the number a 95 % interval should cover."""
    n = int(n_clients * INVOICES_PER_CLIENT_MONTH * 12)
    sim = simulate_payments(pd.DataFrame(index=range(n)), seed=seed, n_clients=n_clients, days=365 * 3,
                            survey_share=0.0, **simulate_options)
    ledger = sim.ledger[sim.ledger["issue_date"] < pd.Timestamp(sim.as_of) - pd.Timedelta(days=730)]
    days = (ledger["paid_date"] - ledger["issue_date"]).dt.days.to_numpy(dtype=float)
    paid = ~np.isnan(days)
    before = np.minimum(days[paid], horizon_days)
    after = np.minimum(np.maximum(0, days[paid] + effect_days), horizon_days)
    return float((after - before).sum() / len(days))

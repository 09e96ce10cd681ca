"""Statistical validation of `invoice-lint experiment` on simulated experiments (issue 16).

    python benchmarks/experiment_validation.py                    # the figures in docs/experiments.md
    python benchmarks/experiment_validation.py --seeds 200 --null-seeds 200

Each seed is one experiment from ``analytics.experiment.simulate`` (40 clients, invoices issued
for 182 days, analysed 90 days later, payment link variant B planted at −5 days, the simulator's
slow payers, never-paid invoices and censoring), analysed by the real ``analyze_experiment`` on
the ledger as an accounting export writes it (text dates, amounts).  Reported:

1. coverage: share of 95 % intervals of the RMST difference that contain the planted effect on
   that scale (−5 days minus what never-paid invoices and day 0 take away, computed from a large
   simulation) — target 93–97 %; and the plain percentile interval beside it;
2. false-positive rate with nothing planted (interval excludes 0; and the randomisation test) —
   target 4–6 %;
3. power: ``experiment power``'s simulation (``simulate_power``) for 40 clients from a *historical*
   ledger of the same population (600 other clients) against the rejection rate of (1) — target
   within 5 points; and, as a caution, the spread of the estimate from ledgers of 60 clients;
4. planted sample-ratio mismatch and assignment violations: how often they are flagged.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from invoice_lint.analytics.experiment.analysis import analyze_experiment
from invoice_lint.analytics.experiment.design import LoadedAssignment
from invoice_lint.analytics.experiment.power import read_pools, simulate_power
from invoice_lint.analytics.simulation.experiment import planted_rmst_difference, simulate_experiment
from invoice_lint.analytics.simulation.payments import export_ledger, simulate_payments

EFFECT = -5.0


def run(seed: int, replicates: int, **options) -> dict:
    sim = simulate_experiment(seed, **options)
    table = export_ledger(sim.ledger)
    table["template"] = sim.ledger["template"].to_numpy()
    loaded = LoadedAssignment(sim.plan, sim.plan.assignment, "simulated assignment", "simulated plan")
    result = analyze_experiment(loaded, table, as_of=sim.as_of, replicates=replicates, seed=seed, cox=False)
    return result.report



def run_fast(seed: int, replicates: int, **options) -> dict:
    """The same statistics (``outcomes.compare_arms``) on the simulator's typed ledger, without the
    export and re-parsing of ``run``: ~10x faster, identical estimates (checked on 1,000 seeds)."""
    from invoice_lint.analytics.experiment.outcomes import ArmArrays, compare_arms

    sim = simulate_experiment(seed, **options)
    ledger, as_of = sim.ledger, pd.Timestamp(sim.as_of)
    paid = ledger["paid_date"].notna() & (ledger["paid_date"] <= as_of)
    end = ledger["paid_date"].where(paid, as_of)
    known = paid | (ledger["due_date"] < as_of)
    on_time = np.where(known, (paid & (ledger["paid_date"] <= ledger["due_date"])).astype(int), -1).astype(np.int8)
    codes, names = pd.factorize(ledger["client"])
    arrays = ArmArrays((end - ledger["issue_date"]).dt.days.to_numpy(dtype=np.int64), paid.to_numpy(), on_time,
                       codes.astype(np.int64), (ledger["assigned"] == "B").to_numpy().astype(np.int64), len(names), 2)
    d = compare_arms(arrays, sim.plan.horizon_days, 0.95, replicates, seed)["comparisons"][0]["rmst_difference"]
    return {"comparisons": [{"rmst_difference_days": d.as_dict(), "clear": d.clear, "randomization_p": None}]}


def historical_ledger(seed: int = 12345, clients: int = 600, days: int = 730) -> pd.DataFrame:
    n = int(clients * 3.0 * days / 30.4)
    sim = simulate_payments(pd.DataFrame(index=range(n)), seed=seed, n_clients=clients, days=days, survey_share=0.0)
    return export_ledger(sim.ledger)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=600, help="experiments with the planted effect (default 600)")
    parser.add_argument("--null-seeds", type=int, default=400, help="experiments with no effect (default 400)")
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--power-simulations", type=int, default=1000)
    parser.add_argument("--check-seeds", type=int, default=100, help="experiments per planted SRM / violation check")
    parser.add_argument("--parts", default="1,2,3,4", help="which parts to run (3 without 1 needs --rejection)")
    parser.add_argument("--rejection", type=float, help="the rejection rate of part 1, when part 1 is not run")
    parser.add_argument("--first-seed", type=int, default=0, help="first seed of parts 1 and 2 (default 0)")
    parser.add_argument("--fast", action="store_true",
                        help="parts 1 and 2 through the statistics function on the typed ledger (no export/parse)")
    args = parser.parse_args(argv)
    parts = {int(p) for p in args.parts.split(",")}
    analyse = run_fast if args.fast else run
    started = time.time()
    truth = planted_rmst_difference(EFFECT, 90)
    print(f"planted: {EFFECT:g} days to pay = {truth:.3f} days on the RMST scale (τ = 90)")

    covered = rejected = 0
    estimates = []
    t = time.time()
    for seed in range(args.first_seed, args.first_seed + (args.seeds if 1 in parts else 0)):
        c = analyse(seed, args.bootstrap, effects={"B": EFFECT})["comparisons"][0]
        low, high = c["rmst_difference_days"]["ci"]
        covered += low <= truth <= high
        rejected += c["clear"]
        estimates.append(c["rmst_difference_days"]["estimate"])
    if 1 not in parts:
        rejection = args.rejection
    else:
        coverage, rejection = covered / args.seeds, rejected / args.seeds
        se = np.sqrt(coverage * (1 - coverage) / args.seeds)
        print(f"1. coverage of the 95% CI: {100 * coverage:.1f}% over {args.seeds} seeds (MC s.e. {100 * se:.1f}); "
              f"mean estimate {np.mean(estimates):.2f} (truth {truth:.2f}); {time.time() - t:.0f} s")

    false_ci = false_random = 0
    t = time.time()
    for seed in range(10_000 + args.first_seed, 10_000 + args.first_seed + (args.null_seeds if 2 in parts else 0)):
        c = analyse(seed, args.bootstrap)["comparisons"][0]
        false_ci += c["clear"]
        false_random += (c["randomization_p"] or 1) < 0.05
    n = args.null_seeds
    if 2 in parts:
        randomisation = "not run (--fast)" if args.fast else f"{100 * false_random / n:.1f}%"
        print(f"2. false-positive rate, no effect: interval {100 * false_ci / n:.1f}%, randomisation test "
              f"{randomisation} over {n} seeds (MC s.e. {100 * np.sqrt(0.05 * 0.95 / n):.1f}); "
              f"{time.time() - t:.0f} s")

    if 3 in parts:
        t = time.time()
        pools = read_pools(historical_ledger(clients=600), horizon_days=90)
        power = simulate_power(pools, 40, "client", EFFECT, days=182, horizon=90, alpha=0.05,
                               simulations=args.power_simulations, replicates=200, seed=1)
        print(f"3. power for 40 clients from a historical ledger of 600 other clients of the same population: "
              f"{100 * power['power']:.1f}% ({args.power_simulations} simulations) vs simulated rejection rate "
              f"{100 * rejection:.1f}% ({args.seeds if 1 in parts else 'given'} experiments): difference {100 * abs(power['power'] - rejection):.1f} "
              f"points; {time.time() - t:.0f} s")
        small = []
        for seed in range(5):  # a ledger of the demo's size: the estimate is only as good as its clients
            pools = read_pools(historical_ledger(seed=100 + seed, clients=60), horizon_days=90)
            small.append(simulate_power(pools, 40, "client", EFFECT, days=182, horizon=90, alpha=0.05,
                                        simulations=args.power_simulations // 2, replicates=200, seed=1)["power"])
        print(f"   from five 60-client ledgers instead: {', '.join(f'{100 * x:.0f}%' for x in small)}")

    if 4 in parts:
        t = time.time()
        n = args.check_seeds
        for share in (0.2, 0.4):
            flagged = sum(run(seed, 200, unit="invoice", effects={"B": EFFECT}, drop_clients_of="B",
                              drop_share=share)["checks"]["sample_ratio"]["mismatch"]
                          for seed in range(20_000, 20_000 + n))
            print(f"4. sample-ratio mismatch, {100 * share:.0f}% of variant B's invoices missing (invoice randomisation, "
                  f"~360 invoices per variant): flagged in {100 * flagged / n:.0f}% of {n} experiments")
        for share in (0.3, 0.6):
            flagged = sum(run(seed, 200, effects={"B": EFFECT}, drop_clients_of="B",
                              drop_share=share)["checks"]["sample_ratio"]["mismatch"]
                          for seed in range(20_000, 20_000 + n))
            print(f"   {100 * share:.0f}% of variant B's clients missing (client randomisation, 20 per variant): "
                  f"flagged in {100 * flagged / n:.0f}%")
        flagged_null = sum(run(seed, 200, unit="invoice", effects={"B": EFFECT})["checks"]["sample_ratio"]["mismatch"]
                           for seed in range(20_000, 20_000 + n))
        planted_violations = found_violations = 0
        for seed in range(20_000, 20_000 + n):
            sim = simulate_experiment(seed, effects={"B": EFFECT}, violation_share=0.05)
            planted_violations += int((sim.ledger["template"] != sim.ledger["assigned"]).sum())
            found_violations += run(seed, 200, effects={"B": EFFECT}, violation_share=0.05)[
                "checks"]["assignment_violations"]["invoices"]
        print(f"   nothing missing: flagged in {100 * flagged_null / n:.0f}%. Assignment violations (5% of invoices sent "
              f"with the other variant): {found_violations} found of {planted_violations} planted; "
              f"{time.time() - t:.0f} s")
    print(f"total {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

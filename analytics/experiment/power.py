"""``estimate_power``: how many clients an experiment needs, by simulating it from your own ledger.

Each simulated experiment draws clients with replacement from the ledger, gives each as many
invoices as its own invoicing rate makes over the experiment's days (Poisson), and gives each
invoice the days to pay of one of that client's *mature* invoices — issued at least the horizon
before the ledger's as-of date, so each was watched for the whole horizon; unpaid ones stay
unpaid (censored), nothing is dropped.  The treated variant's invoices are paid ``effect`` days
sooner (never before day 0; unpaid ones stay unpaid), or — for a share effect — that many more
points of them are paid by the due date.  Each simulated experiment is analysed exactly as
``experiment analyze`` does (``outcomes.compare_arms``: client-bootstrap interval at the plan's
alpha) and counts as detected when the interval excludes 0.  Power is the share detected.

Clients needed: the standard error seen at the simulated size, scaled by √(n₀/n) to the size
where (z₁₋α/₂ + z_power) standard errors equal the simulated difference; that size is then
simulated again and its power reported, so the answer is checked, not only extrapolated.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from invoice_lint.analytics.experiment.design import DEFAULT_DAYS, DEFAULT_HORIZON_DAYS
from invoice_lint.analytics.experiment.outcomes import ArmArrays, compare_arms
from invoice_lint.analytics.join import join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.foundation.errors import UserError

SCHEMA_VERSION = 1
DESIGNS = ("client", "invoice")
MAX_CLIENTS = 5000


@dataclass
class Pools:
    """The ledger's clients as resampling pools."""

    rate: np.ndarray  # invoices per day per client
    start: np.ndarray  # offset of each client's mature invoices in the flat arrays
    count: np.ndarray
    duration: np.ndarray  # days to pay (or to the as-of date when unpaid)
    paid: np.ndarray
    due_days: np.ndarray  # -1 unknown
    clients: int
    invoices: int
    mature: int
    late_share: float | None
    source: str
    as_of: date


def read_pools(payments, *, as_of=None, mapping=None, date_format=None, horizon_days: int = DEFAULT_HORIZON_DAYS) -> Pools:
    ledger = read_ledger(payments, mapping=mapping, date_format=date_format)
    joined = join_ledger(ledger, None, as_of)
    rows = joined.included
    if rows.empty:
        raise UserError(f"{ledger.source}: no usable ledger rows to simulate from")
    as_of_ts = pd.Timestamp(joined.as_of)
    span = max(1, (as_of_ts - rows["issue_date"].min()).days)
    mature = rows[rows["issue_date"] <= as_of_ts - pd.Timedelta(days=horizon_days)]
    codes, names = pd.factorize(rows["client"])
    per_client = np.bincount(codes, minlength=len(names))
    mature_codes = pd.Index(names).get_indexer(mature["client"])
    order = np.argsort(mature_codes, kind="stable")
    count = np.bincount(mature_codes, minlength=len(names))
    keep = count > 0
    if not keep.any():
        raise UserError(f"{ledger.source}: no invoice was issued {horizon_days} days or more before the as-of date "
                        f"{joined.as_of}; the ledger is too recent to simulate payments over the horizon")
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    due = mature["due_days"].astype("Float64").fillna(-1).to_numpy(dtype=float).astype(np.int64)[order]
    late = mature["late"].dropna()
    return Pools(rate=(per_client / span)[keep], start=start[keep], count=count[keep],
                 duration=mature["duration_days"].to_numpy(dtype=np.int64)[order],
                 paid=mature["paid"].to_numpy(dtype=bool)[order], due_days=due,
                 clients=int(keep.sum()), invoices=int(len(rows)), mature=int(len(mature)),
                 late_share=float(late.astype(bool).mean()) if len(late) else None, source=ledger.source,
                 as_of=joined.as_of)


def _one(pools: Pools, n: int, design: str, days: int, horizon: int, effect: float, kind: str,
         rng: np.random.Generator) -> ArmArrays:
    picked = rng.integers(0, pools.clients, n)
    k = rng.poisson(pools.rate[picked] * days)
    slot = np.repeat(np.arange(n), k)
    source = pools.start[picked][slot] + (rng.random(len(slot)) * pools.count[picked][slot]).astype(np.int64)
    duration, paid, due = pools.duration[source].copy(), pools.paid[source].copy(), pools.due_days[source]
    if design == "client":
        arm = (slot >= n // 2).astype(np.int64)
    else:
        arm = (rng.random(len(slot)) < 0.5).astype(np.int64)
    treated = arm == 1
    if kind == "days":
        move = treated & paid
        duration[move] = np.maximum(0, duration[move] + int(round(effect))) if float(effect).is_integer() else \
            np.maximum(0, np.round(duration[move] + effect)).astype(np.int64)
    follow = days + horizon - (rng.random(len(slot)) * days).astype(np.int64)
    known = (due >= 0) & ((paid & (duration <= follow)) | (due < follow))
    on_time = np.where(known, (paid & (duration <= due)).astype(np.int8), -1).astype(np.int8)
    if kind == "share" and pools.late_share:
        flip = treated & (on_time == 0) & (rng.random(len(slot)) < min(1.0, effect / pools.late_share))
        on_time[flip] = 1
        duration[flip] = np.minimum(duration[flip], np.maximum(due[flip], 0))
        paid[flip] = True
    paid_seen = paid & (duration <= follow)
    duration = np.where(paid_seen, duration, np.minimum(np.maximum(duration, 0), follow))
    # Clients without invoices do not exist for the analysis (nor for its bootstrap): renumber.
    present, client = np.unique(slot, return_inverse=True)
    return ArmArrays(duration=duration, paid=paid_seen, on_time=on_time, client=client.astype(np.int64), arm=arm,
                     n_clients=len(present), n_arms=2)


def simulate_power(pools: Pools, n: int, design: str, effect: float, kind: str = "days", *, days: int = DEFAULT_DAYS,
                   horizon: int = DEFAULT_HORIZON_DAYS, alpha: float = 0.05, simulations: int = 400,
                   replicates: int = 200, seed: int = 0) -> dict:
    """Simulated power of one design at ``n`` clients: share of experiments whose interval excludes 0."""
    rng = np.random.default_rng([seed, n, DESIGNS.index(design), int(round(effect * 1000)) & 0xFFFFFFFF])
    n = max(4, int(n))
    detected, estimates, ses, invoices = 0, [], [], []
    key = "rmst_difference" if kind == "days" else "on_time_difference"
    for i in range(simulations):
        arrays = _one(pools, n, design, days, horizon, effect, kind, rng)
        if len(arrays.arm) == 0 or len(np.unique(arrays.arm)) < 2:
            continue
        # the bootstrap exactly as `experiment analyze` draws it for these clients
        diff = compare_arms(arrays, horizon, 1 - alpha, replicates, seed + i)["comparisons"][0][key]
        invoices.append(len(arrays.arm))
        if diff.se is None:
            continue
        detected += diff.clear
        estimates.append(diff.estimate)
        ses.append(diff.se)
    return {"clients": n, "design": design, "effect": effect, "power": detected / simulations,
            "mean_difference": float(np.mean(estimates)) if estimates else None,
            "se": float(np.sqrt(np.mean(np.square(ses)))) if ses else None,
            "invoices": float(np.mean(invoices)) if invoices else 0.0, "simulations": simulations}


def _needed(result: dict, alpha: float, power: float) -> int | None:
    from scipy.stats import norm

    if not result["se"] or not result["mean_difference"]:
        return None
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    n = result["clients"] * (z * result["se"] / abs(result["mean_difference"])) ** 2
    return int(min(MAX_CLIENTS, max(4, 2 * np.ceil(n / 2))))


def estimate_power(pools: Pools, effect: float, kind: str = "days", *, clients: int | None = None,
                   days: int = DEFAULT_DAYS, horizon: int = DEFAULT_HORIZON_DAYS, alpha: float = 0.05,
                   power: float = 0.8, variants: int = 2, simulations: int = 400, replicates: int = 200,
                   seed: int = 0, effects: list[float] | None = None, progress: bool = False) -> dict:
    """The JSON of ``experiment power`` (docs/experiments.md).  ``progress``: a bar on stderr
    counting the table's cells (design × effect), each ``simulations`` experiments."""
    alpha_pair = alpha / max(1, variants - 1)
    n0 = clients or pools.clients
    pair = max(4, int(round(n0 * 2 / variants)))
    per_client_invoices = float(pools.rate.mean() * days)
    effects = effects or sorted({round(effect * f, 2) for f in (0.5, 1.0, 1.5, 2.0)})
    rows = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(DESIGNS) * len(effects), desc="experiment power", unit="cell", leave=False)
    for design in DESIGNS:
        for e in effects:
            if bar is not None:
                bar.set_postfix_str(f"{design} randomisation, effect {e:g}")
            sim = simulate_power(pools, pair, design, e, kind, days=days, horizon=horizon, alpha=alpha_pair,
                                 simulations=simulations, replicates=replicates, seed=seed)
            need = _needed(sim, alpha_pair, power)
            row = {"design": design, "effect": e, "clients": int(round(pair * variants / 2)), "power": sim["power"],
                   "invoices": sim["invoices"] * variants / 2, "mean_difference": sim["mean_difference"],
                   "se": sim["se"],
                   "clients_needed": None if need is None else int(round(need * variants / 2)),
                   "invoices_needed": None if need is None else round(need * variants / 2 * per_client_invoices)}
            if e == effects[effects.index(min(effects, key=lambda x: abs(x - effect)))] and need is not None:
                # Check the extrapolated size by simulating it; 10 % more clients while short (at most 3 times).
                for attempt in range(4):
                    check = simulate_power(pools, need, design, e, kind, days=days, horizon=horizon,
                                           alpha=alpha_pair, simulations=simulations, replicates=replicates,
                                           seed=seed + 1 + attempt)
                    if check["power"] >= power or attempt == 3 or need >= MAX_CLIENTS:
                        break
                    need = int(min(MAX_CLIENTS, 2 * np.ceil(need * 1.1 / 2)))
                row["power_at_needed"] = check["power"]
                row["clients_needed"] = int(round(need * variants / 2))
                row["invoices_needed"] = round(need * variants / 2 * per_client_invoices)
            rows.append(row)
            if bar is not None:
                bar.update()
    if bar is not None:
        bar.close()
    return {
        "schema_version": SCHEMA_VERSION,
        "inputs": {"payments": pools.source, "as_of": pools.as_of.isoformat()},
        "ledger": {"clients": pools.clients, "invoices": pools.invoices, "mature_invoices": pools.mature,
                   "late_share": pools.late_share},
        "settings": {"effect": effect, "effect_kind": kind, "alpha": alpha, "alpha_per_comparison": alpha_pair,
                     "power": power, "variants": variants, "days": days, "horizon_days": horizon,
                     "clients": n0, "simulations": simulations, "bootstrap": replicates, "seed": seed},
        "results": rows,
        "method": "simulated experiments resampling the ledger's clients (their invoicing rate and days to pay, "
                  "unpaid invoices kept as censored), each analysed as `experiment analyze` does",
    }


def render_power(report: dict) -> str:
    from invoice_lint.analytics.experiment.report import table

    s = report["settings"]
    kind = s["effect_kind"]
    unit = lambda e: f"{abs(e):g} days sooner" if kind == "days" else f"{100 * e:g} points more paid by the due date"  # noqa: E731
    lines = []
    by = {(r["design"], r["effect"]): r for r in report["results"]}
    target = min({r["effect"] for r in report["results"]}, key=lambda e: abs(e - s["effect"]))
    for design, words in (("client", "if each client sees one variant (cluster randomisation)"),
                          ("invoice", "if variants are mixed per invoice")):
        r = by[(design, target)]
        need = r["clients_needed"]
        lines.append(f"To detect invoices paid {unit(target)} with {100 * s['power']:.0f}% power at alpha "
                     f"{s['alpha']:g} {words}: about {need:,} clients (~{r['invoices_needed']:,} invoices over "
                     f"{s['days']} days)" + (f"; simulated power at that size {100 * r['power_at_needed']:.0f}%."
                                             if r.get("power_at_needed") is not None else ".")
                     if need else f"Could not estimate the size needed {words}.")
        lines.append(f"  With {r['clients']:,} clients the power is {100 * r['power']:.0f}%.")
    lines += ["", f"Simulated from {report['ledger']['clients']:,} clients and {report['ledger']['mature_invoices']:,} "
              f"mature invoices of {report['inputs']['payments']}; {s['simulations']} experiments per cell, "
              f"horizon {s['horizon_days']} days.", ""]
    rows = []
    for e in sorted({r["effect"] for r in report["results"]}):
        c, i = by[("client", e)], by[("invoice", e)]
        rows.append([unit(e), f"{100 * c['power']:.0f}%", f"{c['clients_needed'] or 'n/a':,}" if c['clients_needed'] else "n/a",
                     f"{100 * i['power']:.0f}%", f"{i['clients_needed']:,}" if i["clients_needed"] else "n/a"])
    lines.append(table(["effect", f"power, {s['clients']:,} clients (client)", "clients needed (client)",
                        f"power, {s['clients']:,} clients (invoice)", "clients needed (invoice)"], rows))
    return "\n".join(lines) + "\n"

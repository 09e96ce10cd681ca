"""Per-trait payment effects: each level against its reference, in days, with honest intervals.

For every trait level this combines the Kaplan–Meier comparison (medians, RMST, late shares,
client-bootstrap intervals, log-rank p) with the adjusted Cox/AFT estimates, and flags what a
reader must know: small groups, few payments, few clients, a violated PH assumption.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from invoice_lint.analytics.join import Joined
from invoice_lint.analytics.levels import TraitLevels, trait_levels
from invoice_lint.analytics.models import MAX_MODEL_ROWS, column_name, fit_adjusted
from invoice_lint.analytics.survival import (
    ClientBootstrap,
    compare,
    curve_table,
    group_curves,
    logrank_p,
    survival_data,
)
from invoice_lint.foundation.errors import UserError

MIN_GROUP = 30
MIN_EVENTS = 10
MIN_CLIENTS = 10
PH_ALPHA = 0.05


def resolve_levels(frame: pd.DataFrame, trait_names: list[str], references: Mapping[str, str] | None) -> list[TraitLevels]:
    references = dict(references or {})
    unknown = [t for t in references if t not in trait_names]
    if unknown:
        raise UserError(f"--reference {unknown[0]}=...: no trait {unknown[0]!r}; traits: {', '.join(trait_names) or '(none)'}")
    levels = []
    for name in trait_names:
        tl = trait_levels(frame[name], name, references.get(name))
        if tl is not None:
            levels.append(tl)
    return levels


def _flags(row: dict) -> list[str]:
    flags = []
    if min(row["n_with"], row["n_without"]) < MIN_GROUP:
        flags.append("small-group")
    if min(row["events_with"], row["events_without"]) < MIN_EVENTS:
        flags.append("few-payments")
    if min(row["clients_with"], row["clients_without"]) < MIN_CLIENTS:
        flags.append("few-clients")
    if row["median_days_with"] is None or row["median_days_without"] is None:
        flags.append("median-not-reached")
    return flags


def payment_effects(
    joined: Joined,
    references: Mapping[str, str] | None = None,
    replicates: int = 1000,
    seed: int = 0,
    max_model_rows: int = MAX_MODEL_ROWS,
    progress: bool = False,
) -> tuple[list[dict], pd.DataFrame, dict]:
    """(effects, KM curves, method) for every trait of the joined table."""
    included = joined.included.reset_index(drop=True)
    if included.empty:
        return [], pd.DataFrame(), {"skipped": "no ledger rows to analyse"}
    data = survival_data(included)
    levels = resolve_levels(included, joined.trait_names, references)
    boot = ClientBootstrap(data.n_clients, replicates, seed)
    effects: list[dict] = []
    curves: list[pd.DataFrame] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(levels), desc="effects", unit="trait", leave=False)
    for tl in levels:
        groups = {}
        for i, label in enumerate(tl.labels):
            mask = tl.codes == i
            if mask.any():
                groups[i] = group_curves(data, mask, boot)
                curves.append(curve_table(tl.trait, label, groups[i], data.horizon))
        reference = groups[tl.reference]
        for i, label in enumerate(tl.labels):
            if i == tl.reference or i not in groups:
                continue
            row = {"trait": tl.trait, "level": label, "reference": tl.labels[tl.reference], "kind": tl.kind}
            row.update(compare(groups[i], reference, data.horizon))
            row["logrank_p"] = logrank_p(groups[i], reference)
            row["flags"] = _flags(row)
            effects.append(row)
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    amount = included["amount_cents"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    models = fit_adjusted(levels, data.duration.astype(float), data.event, data.client, amount,
                          seed=seed, max_rows=max_model_rows)
    for row in effects:
        name = column_name(row["trait"], row["level"])
        hr = models.hazard_ratios.get(name)
        tr = models.time_ratios.get(name)
        row["hazard_ratio"], row["hr_ci_low"], row["hr_ci_high"] = hr if hr else (None, None, None)
        row["time_ratio"], row["tr_ci_low"], row["tr_ci_high"] = tr if tr else (None, None, None)
        row["ph_p"] = models.ph_p.get(name)
        if row["ph_p"] is not None and np.isfinite(row["ph_p"]) and row["ph_p"] < PH_ALPHA:
            row["flags"].append("ph-violated")
        why = models.left_out.get(name) or models.left_out.get(row["trait"])
        if hr is None:
            row["flags"].append("not-adjusted")
            row["not_adjusted_reason"] = why or models.method.get("skipped", "not in the adjusted model")
        row["significant"] = row["ci_low"] is not None and row["ci_high"] is not None and (
            row["ci_low"] > 0 or row["ci_high"] < 0)
        if row["significant"] and hr is not None:
            sooner = row["effect_days"] is not None and row["effect_days"] < 0
            if (sooner and hr[2] < 1) or (not sooner and hr[1] > 1):
                row["flags"].append("reversed-after-adjustment")
            elif hr[1] <= 1 <= hr[2]:
                row["flags"].append("unclear-after-adjustment")
    method = {
        "as_of": joined.as_of.isoformat(),
        "duration": "days from issue to payment; unpaid invoices censored at the as-of date",
        "horizon_days": data.horizon,
        "median": "Kaplan–Meier, 50 % crossing interpolated within the day",
        "bootstrap": {"replicates": replicates, "resampled": "clients", "clients": data.n_clients, "seed": seed,
                      "interval": "percentile"},
        "rows": int(len(included)),
        "adjusted": models.method,
        "levels": {tl.trait: {"kind": tl.kind, "levels": tl.labels, "reference": tl.labels[tl.reference],
                              "counts": tl.counts().tolist()} for tl in levels},
        "left_out_of_adjusted_model": models.left_out,
    }
    curve_frame = pd.concat(curves, ignore_index=True) if curves else pd.DataFrame()
    return effects, curve_frame, method

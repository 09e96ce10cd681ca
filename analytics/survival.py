"""Time to payment as survival data: Kaplan–Meier by group, and a bootstrap over clients.

Durations are whole days, so every curve is computed from counts per day — events and
exits — which makes a million invoices as cheap as a few thousand.  The bootstrap resamples
*clients* (invoices of one client are correlated): each replicate's counts are a weighted sum
of precomputed per-client histograms, one matrix product for all replicates at once.

Definitions (also in docs/analyze.md):

* median days to pay: where the daily KM curve crosses 50 %, linearly interpolated within the
  day (an invoice paid on day d is taken as paid during (d−1, d]); +inf when not reached;
* restricted mean days (RMST): the area under the KM curve up to the horizon τ;
* share paid late, P(T > due): among invoices whose due date had passed at the as-of date.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DEFAULT_HORIZON = 365
DENSE_CELLS = 4_000_000  # per-client histograms up to this size are dense (BLAS); beyond, sparse


@dataclass
class SurvivalData:
    """The analysed rows as arrays: whole days to payment or to the as-of date."""

    duration: np.ndarray  # int64, capped at horizon + 1 ("beyond the horizon", censored there)
    event: np.ndarray  # bool: paid by the as-of date (before the cap)
    client: np.ndarray  # int64 codes 0..n_clients-1
    late: np.ndarray  # int8: 1 paid late / still unpaid past due, 0 paid on time, -1 not yet known
    n_clients: int
    horizon: int
    client_names: np.ndarray

    @property
    def grid(self) -> int:
        return self.horizon + 2


def survival_data(frame: pd.DataFrame, horizon: int | None = None) -> SurvivalData:
    """Arrays from the included rows of the joined table."""
    duration = frame["duration_days"].to_numpy(dtype=np.int64)
    if horizon is None:
        horizon = int(min(DEFAULT_HORIZON, max(1, duration.max() if len(duration) else 1)))
    event = frame["paid"].to_numpy(dtype=bool) & (duration <= horizon)
    duration = np.minimum(duration, horizon + 1)
    codes, names = pd.factorize(frame["client"])
    late = frame["late"].astype("Int8").fillna(-1).to_numpy(dtype=np.int8)
    return SurvivalData(duration=duration, event=event, client=codes.astype(np.int64), late=late,
                        n_clients=len(names), horizon=horizon, client_names=np.asarray(names))


def kaplan_meier(events: np.ndarray, exits: np.ndarray) -> np.ndarray:
    """Survival after each day from per-day counts (events = paid that day, exits = paid or censored)."""
    at_risk = np.cumsum(exits[..., ::-1], axis=-1)[..., ::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, events / np.where(at_risk > 0, at_risk, 1), 0.0)
    return np.cumprod(1.0 - hazard, axis=-1)


def median_days(survival: np.ndarray) -> np.ndarray:
    """Interpolated crossing of 50 % along the last axis; +inf where the curve stays above."""
    below = survival <= 0.5
    reached = below.any(axis=-1)
    i = below.argmax(axis=-1)
    current = np.take_along_axis(survival, i[..., None], axis=-1)[..., 0]
    previous = np.where(i > 0, np.take_along_axis(survival, np.maximum(i - 1, 0)[..., None], axis=-1)[..., 0], 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(previous > current, (previous - 0.5) / (previous - current), 1.0)
    value = np.where(i > 0, (i - 1) + fraction, 0.0)
    return np.where(reached, value, np.inf)


def restricted_mean(survival: np.ndarray, horizon: int) -> np.ndarray:
    """Area under the KM step curve from day 0 to ``horizon`` (days)."""
    return survival[..., :horizon].sum(axis=-1)


class ClientBootstrap:
    """Multinomial resampling of clients; per-client aggregates in, replicate totals out."""

    def __init__(self, n_clients: int, replicates: int = 1000, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.replicates = replicates
        self.n_clients = n_clients
        self.weights = rng.multinomial(n_clients, np.full(n_clients, 1.0 / n_clients), size=replicates).astype(np.float64) \
            if n_clients else np.zeros((replicates, 0))

    def totals(self, per_client) -> np.ndarray:
        """(replicates × m) from a (clients × m) matrix, dense or scipy.sparse."""
        if hasattr(per_client, "tocsc"):
            return np.asarray((per_client.T @ self.weights.T).T)
        return self.weights @ per_client


def _per_client_histogram(client: np.ndarray, day: np.ndarray, n_clients: int, grid: int):
    if n_clients * grid <= DENSE_CELLS:
        return np.bincount(client * grid + day, minlength=n_clients * grid).reshape(n_clients, grid).astype(np.float64)
    from scipy import sparse

    return sparse.coo_matrix((np.ones(len(day)), (client, day)), shape=(n_clients, grid)).tocsr()


@dataclass
class GroupCurves:
    """One group's KM curve on the full data and in every bootstrap replicate."""

    n: int
    events: int
    clients: int
    survival: np.ndarray  # (grid,)
    replicates: np.ndarray  # (B, grid)
    late: int
    late_known: int
    late_replicates: np.ndarray  # (B, 2): late, known
    day_events: np.ndarray
    day_exits: np.ndarray


def group_curves(data: SurvivalData, mask: np.ndarray, boot: ClientBootstrap) -> GroupCurves:
    grid = data.grid
    duration, event, client = data.duration[mask], data.event[mask], data.client[mask]
    day_events = np.bincount(duration[event], minlength=grid).astype(np.float64)
    day_exits = np.bincount(duration, minlength=grid).astype(np.float64)
    events_hist = _per_client_histogram(client[event], duration[event], data.n_clients, grid)
    exits_hist = _per_client_histogram(client, duration, data.n_clients, grid)
    replicate_events = boot.totals(events_hist)
    replicate_exits = boot.totals(exits_hist)
    late = data.late[mask]
    known = late >= 0
    per_client_late = np.column_stack([
        np.bincount(client[late == 1], minlength=data.n_clients),
        np.bincount(client[known], minlength=data.n_clients),
    ]).astype(np.float64)
    return GroupCurves(
        n=int(mask.sum()), events=int(event.sum()), clients=int(len(np.unique(client))),
        survival=kaplan_meier(day_events, day_exits),
        replicates=kaplan_meier(replicate_events, replicate_exits),
        late=int((late == 1).sum()), late_known=int(known.sum()),
        late_replicates=boot.totals(per_client_late),
        day_events=day_events, day_exits=day_exits,
    )


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float | None, float | None]:
    """Percentile interval without interpolation (works with ±inf); None where undefined."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0 or np.isnan(values).mean() > (1 - level) / 2:
        return None, None
    ordered = np.sort(np.where(np.isnan(values), np.inf, values))
    low = ordered[int(np.floor((1 - level) / 2 * (len(ordered) - 1)))]
    high = ordered[int(np.ceil((1 + level) / 2 * (len(ordered) - 1)))]
    return (float(low) if np.isfinite(low) else None, float(high) if np.isfinite(high) else None)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def compare(with_group: GroupCurves, without_group: GroupCurves, horizon: int) -> dict:
    """Medians, RMST and late shares of two groups, with client-bootstrap intervals."""
    from invoice_lint.analytics.rates import wilson

    med_w, med_wo = median_days(with_group.survival), median_days(without_group.survival)
    boot_w, boot_wo = median_days(with_group.replicates), median_days(without_group.replicates)
    with np.errstate(invalid="ignore"):
        diff = boot_w - boot_wo
    rmst_w, rmst_wo = restricted_mean(with_group.survival, horizon), restricted_mean(without_group.survival, horizon)
    rmst_boot_w = restricted_mean(with_group.replicates, horizon)
    rmst_boot_wo = restricted_mean(without_group.replicates, horizon)
    ci_low, ci_high = percentile_interval(diff)
    out = {
        "n_with": with_group.n, "n_without": without_group.n,
        "events_with": with_group.events, "events_without": without_group.events,
        "clients_with": with_group.clients, "clients_without": without_group.clients,
        "median_days_with": _finite(med_w), "median_days_without": _finite(med_wo),
        "median_with_ci": list(percentile_interval(boot_w)), "median_without_ci": list(percentile_interval(boot_wo)),
        "effect_days": _finite(med_w - med_wo) if np.isfinite(med_w) and np.isfinite(med_wo) else None,
        "ci_low": ci_low, "ci_high": ci_high,
        "rmst_days_with": float(rmst_w), "rmst_days_without": float(rmst_wo),
        "rmst_effect_days": float(rmst_w - rmst_wo),
        "rmst_ci": list(percentile_interval(rmst_boot_w - rmst_boot_wo)),
    }
    share_w, low_w, high_w = wilson(with_group.late, with_group.late_known)
    share_wo, low_wo, high_wo = wilson(without_group.late, without_group.late_known)
    out.update({
        "late_share_with": share_w, "late_share_with_ci": [low_w, high_w], "late_known_with": with_group.late_known,
        "late_share_without": share_wo, "late_share_without_ci": [low_wo, high_wo],
        "late_known_without": without_group.late_known,
    })
    if share_w is not None and share_wo is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            rep = (with_group.late_replicates[:, 0] / with_group.late_replicates[:, 1]
                   - without_group.late_replicates[:, 0] / without_group.late_replicates[:, 1])
        out["late_share_difference"] = share_w - share_wo
        out["late_share_difference_ci"] = list(percentile_interval(rep))
    else:
        out["late_share_difference"], out["late_share_difference_ci"] = None, [None, None]
    return out


def logrank_p(with_group: GroupCurves, without_group: GroupCurves) -> float | None:
    """Log-rank test from the per-day counts (lifelines); it ignores clustering by client."""
    from lifelines.statistics import logrank_test

    def arrays(group: GroupCurves):
        days = np.arange(len(group.day_exits))
        censored = group.day_exits - group.day_events
        durations = np.concatenate([days[group.day_events > 0], days[censored > 0]])
        observed = np.concatenate([np.ones((group.day_events > 0).sum()), np.zeros((censored > 0).sum())])
        weights = np.concatenate([group.day_events[group.day_events > 0], censored[censored > 0]])
        return durations, observed, weights

    d1, e1, w1 = arrays(with_group)
    d2, e2, w2 = arrays(without_group)
    if not (e1.any() or e2.any()):
        return None
    result = logrank_test(d1, d2, event_observed_A=e1, event_observed_B=e2, weights_A=w1, weights_B=w2)
    return float(result.p_value)


def curve_table(trait: str, label: str, group: GroupCurves, horizon: int) -> pd.DataFrame:
    """The KM curve of one level with pointwise 95 % bands (lifelines, from the per-day counts)."""
    from lifelines import KaplanMeierFitter

    days = np.arange(len(group.day_exits))
    censored = group.day_exits - group.day_events
    durations = np.concatenate([days[group.day_events > 0], days[censored > 0]])
    observed = np.concatenate([np.ones((group.day_events > 0).sum(), dtype=bool), np.zeros((censored > 0).sum(), dtype=bool)])
    weights = np.concatenate([group.day_events[group.day_events > 0], censored[censored > 0]])
    fitter = KaplanMeierFitter()
    fitter.fit(durations, observed, weights=weights, timeline=np.arange(horizon + 1))
    bands = fitter.confidence_interval_survival_function_
    at_risk = np.cumsum(group.day_exits[::-1])[::-1][: horizon + 1]
    return pd.DataFrame({
        "trait": trait, "level": label, "day": np.arange(horizon + 1),
        "survival": fitter.survival_function_.iloc[:, 0].to_numpy(),
        "ci_low": bands.iloc[:, 0].to_numpy(), "ci_high": bands.iloc[:, 1].to_numpy(),
        "at_risk": at_risk.astype(np.int64),
    })

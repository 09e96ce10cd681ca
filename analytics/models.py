"""Adjusted estimates: Cox proportional hazards and Weibull AFT over all traits at once (lifelines).

In payment data the event is good news, so a hazard ratio above 1 means *paid faster*; a time
ratio below 1 means paid in less time.  Cox errors are clustered by client (lifelines'
``cluster_col``); the AFT's cluster-robust errors are computed here from its per-invoice
scores, because lifelines offers none.  Above ``max_rows`` rows both models use a seeded
random subsample of that size (reported), since clustered Cox errors cost O(n²) in lifelines.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from invoice_lint.analytics.levels import TraitLevels

MAX_MODEL_ROWS = 10_000
MAX_MISSING_SHARE = 0.5
DROP_MISSING_SHARE = 0.05  # up to this share, rows with the trait unknown leave the model; above, "(unknown)" is a level
UNKNOWN = "(unknown)"


@dataclass
class AdjustedModels:
    hazard_ratios: dict[str, tuple[float, float, float]] = field(default_factory=dict)  # column -> (hr, low, high)
    time_ratios: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    ph_p: dict[str, float] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # column or trait -> why not in the model
    method: dict = field(default_factory=dict)


def column_name(trait: str, label: str) -> str:
    return f"{trait}={label}"


def design_matrix(levels: list[TraitLevels], amount_cents: np.ndarray | None) -> tuple[pd.DataFrame, dict[str, str], np.ndarray]:
    """Dummies for every non-reference level (+ log amount), and the rows the model can use.

    A trait unknown for a few rows (≤ 5 %) drops those rows; unknown for more (a PDF without
    payment terms, say) gets an "(unknown)" indicator, since dropping them would select on it;
    unknown for more than half, it stays out of the model.
    """
    columns: dict[str, np.ndarray] = {}
    left_out: dict[str, str] = {}
    n = len(levels[0].codes) if levels else (len(amount_cents) if amount_cents is not None else 0)
    complete = np.ones(n, dtype=bool)
    for tl in levels:
        missing = (tl.codes < 0).mean()
        if missing > MAX_MISSING_SHARE:
            left_out[tl.trait] = f"unknown for {missing:.0%} of invoices"
            continue
        if missing <= DROP_MISSING_SHARE:
            complete &= tl.codes >= 0
        for i, label in enumerate(tl.labels):
            if i != tl.reference:
                columns[column_name(tl.trait, label)] = (tl.codes == i).astype(np.float64)
        if missing > DROP_MISSING_SHARE:
            columns[column_name(tl.trait, UNKNOWN)] = (tl.codes < 0).astype(np.float64)
    if amount_cents is not None:
        amount = np.asarray(amount_cents, dtype=float)
        ok = np.isfinite(amount) & (amount > 0)
        if ok.mean() > 1 - MAX_MISSING_SHARE:
            complete &= ok
            columns["log_amount"] = np.log(np.where(ok, amount, 1.0) / 100.0)
    return pd.DataFrame(columns), left_out, complete


def drop_collinear(design: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """Keep columns in order while each adds rank (with an intercept); constant columns go too."""
    kept: list[str] = []
    left_out: dict[str, str] = {}
    basis = np.ones((len(design), 1))
    rank = 1
    for name in design.columns:
        column = design[name].to_numpy()
        if column.std() == 0:
            left_out[name] = "the same for every invoice in the model"
            continue
        trial = np.column_stack([basis, (column - column.mean()) / column.std()])
        new_rank = np.linalg.matrix_rank(trial, tol=1e-8 * np.sqrt(len(design)))
        if new_rank > rank:
            basis, rank = trial, new_rank
            kept.append(name)
        else:
            left_out[name] = "collinear with other traits (fixed by the template)"
    return design[kept], left_out


def weibull_cluster_errors(params: pd.Series, design: pd.DataFrame, t: np.ndarray, e: np.ndarray,
                           cluster: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Model-based and client-clustered standard errors of a lifelines Weibull AFT fit.

    Parameterization as in lifelines: log λ = Xβ + β0, ρ = exp(γ0); S(t) = exp(−(t/λ)^ρ).
    Returns (model_se, cluster_se) for [β..., β0, γ0].
    """
    covariates = list(design.columns)
    beta = np.array([params[("lambda_", c)] for c in covariates] + [params[("lambda_", "Intercept")]])
    gamma = params[("rho_", "Intercept")]
    x = np.column_stack([design.to_numpy(dtype=float), np.ones(len(design))])
    rho = np.exp(gamma)
    u = np.log(t) - x @ beta
    z = np.exp(rho * u)
    score_eta = rho * (z - e)  # d loglik / d log λ
    score = np.column_stack([score_eta[:, None] * x, e * (1 + rho * u) - rho * z * u])
    h_eta = -rho ** 2 * z
    h_eta_gamma = rho * (z - e) + rho ** 2 * z * u
    h_gamma = e * rho * u - rho * z * u - rho ** 2 * z * u ** 2
    k = x.shape[1]
    hessian = np.empty((k + 1, k + 1))
    hessian[:k, :k] = (x * h_eta[:, None]).T @ x
    hessian[:k, k] = hessian[k, :k] = (x * h_eta_gamma[:, None]).sum(axis=0)
    hessian[k, k] = h_gamma.sum()
    bread = np.linalg.pinv(-hessian)
    codes, _ = pd.factorize(cluster)
    per_cluster = np.zeros((codes.max() + 1, k + 1))
    np.add.at(per_cluster, codes, score)
    meat = per_cluster.T @ per_cluster
    n_clusters = len(per_cluster)
    correction = n_clusters / (n_clusters - 1) if n_clusters > 1 else 1.0
    robust = bread @ meat @ bread * correction
    return np.sqrt(np.diag(bread)), np.sqrt(np.clip(np.diag(robust), 0, None))


def fit_adjusted(levels: list[TraitLevels], duration: np.ndarray, event: np.ndarray, client: np.ndarray,
                 amount_cents: np.ndarray | None, seed: int = 0, max_rows: int = MAX_MODEL_ROWS) -> AdjustedModels:
    """Cox (HR, clustered CIs, PH test) and Weibull AFT (time ratios, clustered CIs) on all traits."""
    from lifelines import CoxPHFitter, WeibullAFTFitter
    from lifelines.exceptions import ConvergenceError
    from lifelines.statistics import proportional_hazard_test

    result = AdjustedModels()
    design, left_out, complete = design_matrix(levels, amount_cents)
    result.left_out.update(left_out)
    rows = np.flatnonzero(complete)
    total = len(rows)
    if total > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=max_rows, replace=False))
    design = design.iloc[rows].reset_index(drop=True)
    design, dropped = drop_collinear(design)
    result.left_out.update(dropped)
    result.method = {"rows_complete": int(total), "rows_used": int(len(rows)), "subsampled": bool(total > len(rows)),
                     "max_rows": max_rows, "covariates": list(design.columns), "penalizer": 0.0,
                     "cluster": "client", "ties": "Efron"}
    if design.shape[1] == 0 or len(rows) < 20 or event[rows].sum() < 10:
        result.method["skipped"] = "too few invoices or payments for an adjusted model"
        return result
    frame = design.copy()
    frame["_duration"] = duration[rows].astype(float)
    frame["_paid"] = event[rows].astype(bool)
    frame["_client"] = client[rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cox = None
        for penalizer in (0.0, 0.01, 0.1):
            try:
                cox = CoxPHFitter(penalizer=penalizer).fit(frame, "_duration", "_paid", cluster_col="_client")
                result.method["penalizer"] = penalizer
                break
            except (ConvergenceError, np.linalg.LinAlgError, ValueError):
                continue
        if cox is None:
            result.method["skipped"] = "the Cox model did not converge"
            return result
        summary = cox.summary
        for name in design.columns:
            result.hazard_ratios[name] = (float(summary.loc[name, "exp(coef)"]),
                                          float(summary.loc[name, "exp(coef) lower 95%"]),
                                          float(summary.loc[name, "exp(coef) upper 95%"]))
        try:
            ph = proportional_hazard_test(cox, frame, time_transform="rank")
            p_values = ph.summary["p"]
            for name in design.columns:
                result.ph_p[name] = float(p_values.loc[name]) if name in p_values.index else float("nan")
            result.method["ph_test"] = "Schoenfeld residuals against rank(time)"
        except Exception as exc:  # the PH check is a diagnostic; report, do not fail the analysis
            result.method["ph_test"] = f"not computed ({type(exc).__name__})"

        aft_frame = design.copy()
        # Paid on the day of issue counts as half a day: the AFT needs positive times.
        aft_frame["_duration"] = np.maximum(duration[rows].astype(float), 0.5)
        aft_frame["_paid"] = event[rows].astype(bool)
        try:
            aft = WeibullAFTFitter().fit(aft_frame, "_duration", "_paid")
            _, cluster_se = weibull_cluster_errors(aft.params_, design, aft_frame["_duration"].to_numpy(),
                                                   aft_frame["_paid"].to_numpy(dtype=float), client[rows])
            for i, name in enumerate(design.columns):
                coef = float(aft.params_[("lambda_", name)])
                result.time_ratios[name] = (float(np.exp(coef)), float(np.exp(coef - 1.959964 * cluster_se[i])),
                                            float(np.exp(coef + 1.959964 * cluster_se[i])))
            result.method["aft"] = "Weibull AFT, client-clustered sandwich errors"
        except (ConvergenceError, np.linalg.LinAlgError, ValueError) as exc:
            result.method["aft"] = f"not computed ({type(exc).__name__})"
    return result

"""Optional late-payment model: how well do invoice traits alone predict a late payment?

Trained with GroupKFold by client, so a client's invoices are never both trained on and scored
(otherwise the model memorises clients).  Only facts known when the invoice is issued are
predictors — traits, amount, payment terms, month — never anything after issue.  Reports ROC
AUC, Brier score, a calibration table and permutation importances, all on held-out folds.
Research finds the client's own history predicts far better than invoice fields; say so.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

MAX_ROWS = 100_000
MIN_ROWS = 100


def _features(frame: pd.DataFrame, trait_names: list[str]) -> tuple[pd.DataFrame, list[bool]]:
    columns: dict[str, np.ndarray] = {}
    categorical: list[bool] = []
    for name in trait_names:
        values = frame[name]
        if pd.api.types.is_bool_dtype(values) or values.dropna().map(lambda v: isinstance(v, (bool, np.bool_))).all():
            columns[name] = values.astype("boolean").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            categorical.append(False)
        elif pd.api.types.is_numeric_dtype(values):
            columns[name] = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
            categorical.append(False)
        else:
            codes, _ = pd.factorize(values.astype(object).where(values.notna(), None))
            columns[name] = np.where(codes >= 0, codes, np.nan).astype(float)
            categorical.append(True)
    amount = frame["amount_cents"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    columns["log_amount"] = np.log(np.where(amount > 0, amount, np.nan) / 100)
    categorical.append(False)
    columns["terms_days"] = frame["due_days"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    categorical.append(False)
    columns["issue_month"] = frame["issue_date"].dt.month.to_numpy(dtype=float)
    categorical.append(False)
    return pd.DataFrame(columns), categorical


def late_payment_model(frame: pd.DataFrame, trait_names: list[str], seed: int = 0, folds: int = 5,
                       max_rows: int = MAX_ROWS) -> dict:
    """Out-of-fold metrics of a gradient-boosting classifier of ``late`` (known rows only)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import brier_score_loss, roc_auc_score
    from sklearn.model_selection import GroupKFold

    known = frame[frame["late"].notna()]
    if len(known) > max_rows:
        known = known.sample(n=max_rows, random_state=seed)
    known = known.reset_index(drop=True)
    y = known["late"].astype(bool).to_numpy().astype(int)
    groups, _ = pd.factorize(known["client"])
    n_groups = int(groups.max()) + 1 if len(groups) else 0
    if len(known) < MIN_ROWS or len(np.unique(y)) < 2 or n_groups < 3:
        return {"skipped": "too few invoices with a known late/on-time outcome, or too few clients"}
    X, categorical = _features(known, trait_names)
    splits = GroupKFold(n_splits=min(folds, n_groups))
    predicted = np.full(len(known), np.nan)
    importances = np.zeros(X.shape[1])
    used_folds = 0
    for train, test in splits.split(X, y, groups):
        if len(np.unique(y[train])) < 2:
            continue
        # Shallow and regularized: invoice fields carry a weak signal, and new clients must be scored.
        model = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=40,
                                               l2_regularization=1.0, categorical_features=np.array(categorical),
                                               random_state=seed)
        model.fit(X.iloc[train], y[train])
        predicted[test] = model.predict_proba(X.iloc[test])[:, 1]
        if len(np.unique(y[test])) == 2:
            scored = permutation_importance(model, X.iloc[test], y[test], scoring="roc_auc", n_repeats=3,
                                            random_state=seed)
            importances += scored.importances_mean
            used_folds += 1
    ok = ~np.isnan(predicted)
    if ok.sum() < MIN_ROWS or len(np.unique(y[ok])) < 2:
        return {"skipped": "the folds left too few scored invoices"}
    bins = pd.qcut(predicted[ok], q=10, duplicates="drop")
    calibration = (pd.DataFrame({"bin": bins, "p": predicted[ok], "y": y[ok]})
                   .groupby("bin", observed=True).agg(mean_predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size")))
    ranking = sorted(zip(X.columns, importances / max(used_folds, 1)), key=lambda kv: -kv[1])
    return {
        "target": "paid after the due date (or unpaid past it)",
        "rows": int(ok.sum()), "late_share": float(y[ok].mean()), "folds": int(splits.get_n_splits()),
        "grouped_by": "client",
        "roc_auc": float(roc_auc_score(y[ok], predicted[ok])),
        "brier": float(brier_score_loss(y[ok], predicted[ok])),
        "brier_of_base_rate": float(np.mean((y[ok] - y[ok].mean()) ** 2)),
        "calibration": [{"mean_predicted": float(r.mean_predicted), "observed": float(r.observed), "n": int(r.n)}
                        for r in calibration.itertuples()],
        "permutation_importance": [{"feature": k, "auc_drop": float(v)} for k, v in ranking],
        "predictors": list(X.columns),
        "note": "invoice fields only; a client's own payment history usually predicts far better",
    }

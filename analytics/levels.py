"""Turn a trait column into comparison groups: levels, a reference level, and per-row codes.

Booleans compare "yes" with "no"; categories compare each level with the most common one;
small counts (pages, payment methods) are categories; other numbers are cut into thirds.
``--reference TRAIT=LEVEL`` picks another reference.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from invoice_lint.foundation.errors import UserError

MAX_LEVELS = 12
SMALL_COUNT_LEVELS = 6
_YES = {"yes", "true", "1", "y"}
_NO = {"no", "false", "0", "n"}


@dataclass
class TraitLevels:
    trait: str
    kind: str  # binary | categorical | binned
    labels: list[str]
    reference: int
    codes: np.ndarray  # per row: index into labels, -1 when the trait is unknown for the row

    def counts(self) -> np.ndarray:
        return np.bincount(self.codes[self.codes >= 0], minlength=len(self.labels))


def _number_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def _is_boolean(values: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(values):
        return True
    present = values.dropna()
    return len(present) > 0 and present.map(lambda v: isinstance(v, (bool, np.bool_))).all()


def trait_levels(values: pd.Series, trait: str, reference: str | None = None) -> TraitLevels | None:
    """Levels of one trait over the analysed rows; None when it does not vary."""
    present = values.notna()
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    if _is_boolean(values):
        labels = ["no", "yes"]
        codes = np.where(present, values.astype("boolean").fillna(False).to_numpy(dtype=bool).astype(np.int64), -1)
        kind, ref = "binary", 0
    elif pd.api.types.is_numeric_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
        distinct = np.sort(numbers.dropna().unique())
        if len(distinct) <= SMALL_COUNT_LEVELS:
            labels = [_number_label(v) for v in distinct]
            codes = np.where(numbers.notna(), np.searchsorted(distinct, numbers.fillna(distinct[0] if len(distinct) else 0)), -1)
            kind = "categorical"
            ref = int(np.argmax(np.bincount(codes[codes >= 0], minlength=len(labels)))) if len(labels) else 0
        else:
            low, high = np.quantile(numbers.dropna(), [1 / 3, 2 / 3])
            edges = sorted({float(low), float(high)})
            cut = np.searchsorted(edges, numbers.fillna(edges[0]).to_numpy(), side="left")
            if len(edges) == 2:
                labels = [f"≤ {_number_label(edges[0])}", f"{_number_label(edges[0])}–{_number_label(edges[1])}",
                          f"> {_number_label(edges[1])}"]
            else:
                labels = [f"≤ {_number_label(edges[0])}", f"> {_number_label(edges[0])}"]
            codes = np.where(numbers.notna(), cut, -1)
            used = np.unique(codes[codes >= 0])
            remap = np.full(len(labels), -1, dtype=np.int64)
            remap[used] = np.arange(len(used))
            labels = [labels[i] for i in used]
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
            kind, ref = "binned", 0
    else:
        raw_codes, uniques = pd.factorize(values.astype(object).where(present, None))
        names = np.array([str(u) for u in uniques], dtype=object)
        counts = np.bincount(raw_codes[raw_codes >= 0], minlength=len(names))
        order = np.argsort(-counts, kind="stable")
        keep = order[:MAX_LEVELS]
        labels = [str(names[i]) for i in keep]
        remap = np.full(len(names), len(labels) if len(names) > MAX_LEVELS else -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        if len(names) > MAX_LEVELS:
            labels.append("other")
        codes = np.where(raw_codes >= 0, remap[np.maximum(raw_codes, 0)] if len(names) else -1, -1)
        kind, ref = "categorical", 0
    codes = np.asarray(codes, dtype=np.int64)
    if len(labels) < 2 or len(np.unique(codes[codes >= 0])) < 2:
        return None
    if reference is not None:
        wanted = reference.strip().lower()
        matches = [i for i, label in enumerate(labels) if label.lower() == wanted]
        if not matches and kind == "binary":
            matches = [1] if wanted in _YES else [0] if wanted in _NO else []
        if not matches:
            raise UserError(f"--reference {trait}={reference}: no such level; levels: {', '.join(labels)}")
        ref = matches[0]
    return TraitLevels(trait=trait, kind=kind, labels=labels, reference=ref, codes=codes)

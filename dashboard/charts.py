"""The dashboard's charts as matplotlib figures (so the same figure is shown and downloaded)."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

COLORS = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0a3069", "#57606a")


def km_figure(curves: pd.DataFrame, title: str):
    """Share still unpaid by day, one line (with its 95% band) per level."""
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for i, (level, part) in enumerate(curves.groupby("level", sort=False)):
        color = COLORS[i % len(COLORS)]
        n = int(part["at_risk"].iloc[0]) if len(part) else 0
        ax.step(part["day"], part["survival"], where="post", color=color, label=f"{level} (n={n})")
        ax.fill_between(part["day"], part["ci_low"], part["ci_high"], step="post", color=color, alpha=0.15)
    ax.set_xlabel("days since issue")
    ax.set_ylabel("share still unpaid")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(left=0, right=min(float(curves["day"].max()), 180.0) if len(curves) else 1)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def forest_figure(rows: pd.DataFrame, value: str, low: str, high: str, label: str, xlabel: str):
    """Point estimates with 95% intervals; rows flagged as small are drawn hollow and marked."""
    rows = rows.reset_index(drop=True)
    height = max(2.2, 0.42 * len(rows) + 1.0)
    fig, ax = plt.subplots(figsize=(7.5, height))
    for i, row in rows.iterrows():
        y = len(rows) - 1 - i
        small = bool(row.get("small", False))
        x, lo, hi = row[value], row[low], row[high]
        if lo is not None and hi is not None and not (pd.isna(lo) or pd.isna(hi)):
            ax.plot([lo, hi], [y, y], color="#57606a", linewidth=1.6)
        if x is not None and not pd.isna(x) and math.isfinite(float(x)):
            ax.plot([x], [y], marker="o", markersize=7, color="#1f6feb",
                    markerfacecolor="white" if small else "#1f6feb")
    ax.axvline(0, color="#d1242f", linewidth=1, linestyle="--")
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([("⚠ " if bool(r.get("small", False)) else "") + str(r[label]) for _, r in rows.iloc[::-1].iterrows()],
                       fontsize=8)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def close(fig) -> None:
    plt.close(fig)

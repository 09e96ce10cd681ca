"""Intervals for shares: Wilson for one proportion, Newcombe's hybrid score for a difference.

Used for the share of invoices paid late and the top-2-box share of survey answers, where the
plain normal interval misbehaves near 0 and 1.
"""
from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float | None, float | None, float | None]:
    """(share, low, high); all None when n == 0."""
    if n <= 0:
        return None, None, None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return p, max(0.0, centre - half), min(1.0, centre + half)


def newcombe(s1: int, n1: int, s2: int, n2: int, z: float = Z95) -> tuple[float | None, float | None, float | None]:
    """Difference p1 − p2 with Newcombe's method 10 interval (from the two Wilson intervals)."""
    p1, l1, u1 = wilson(s1, n1, z)
    p2, l2, u2 = wilson(s2, n2, z)
    if p1 is None or p2 is None:
        return None, None, None
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high

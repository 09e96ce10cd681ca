"""Inline SVG charts for the audit report, drawn by hand (no files, no scripts, no fonts to fetch).

Every label is escaped here; the returned ``Markup`` is inserted as-is by the template.
"""
from __future__ import annotations

from markupsafe import Markup, escape

COLORS = {"current": "#4c9a6a", "1-30": "#e0b040", "31-60": "#e08a3a", "61-90": "#d0603a", "90+": "#a8323a"}
INK, MUTED, GRID, ACCENT = "#1f2933", "#6b7785", "#d9dee4", "#2b6cb0"


def _text(x, y, s, anchor="start", size=11, fill=INK, weight="normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}">{escape(s)}</text>')


def bars(items: list[tuple[str, float, str]], *, title: str, width: int = 560, color_of=None) -> Markup:
    """Horizontal bars: (label, value, value text)."""
    if not items:
        return Markup("")
    row, left, right = 24, 150, 110
    height = row * len(items) + 34
    top = max((v for _, v, _ in items), default=0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">', f"<title>{escape(title)}</title>",
             _text(0, 14, title, size=12, weight="bold")]
    span = width - left - right
    for i, (label, value, shown) in enumerate(items):
        y = 26 + i * row
        w = max(0.0, value) / top * span
        color = (color_of or (lambda _: ACCENT))(label)
        parts += [_text(left - 8, y + 14, label, anchor="end"),
                  f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{color}" rx="2"/>',
                  _text(left + w + 6, y + 14, shown, fill=MUTED)]
    parts.append("</svg>")
    return Markup("".join(parts))


def forest(rows: list[dict], *, title: str, axis: str, sooner: str, later: str, width: int = 720) -> Markup:
    """Effects in days with 95 % intervals: one row per (label, effect, low, high), 0 marked."""
    rows = [r for r in rows if r.get("effect") is not None]
    if not rows:
        return Markup("")
    row, left, right, top_pad = 22, 300, 30, 44
    height = top_pad + row * len(rows) + 34
    values = [v for r in rows for v in (r["effect"], r.get("low"), r.get("high")) if v is not None]
    lo, hi = min(values + [0.0]), max(values + [0.0])
    pad = (hi - lo) * 0.08 or 1.0
    lo, hi = lo - pad, hi + pad
    span = width - left - right

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}">', f"<title>{escape(title)}</title>",
             _text(0, 14, title, size=12, weight="bold"),
             _text(x(0) - 6, 32, "← " + sooner, anchor="end", size=10, fill=MUTED),
             _text(x(0) + 6, 32, later + " →", size=10, fill=MUTED),
             f'<line x1="{x(0):.1f}" y1="{top_pad - 6}" x2="{x(0):.1f}" y2="{height - 28}" stroke="{MUTED}" '
             f'stroke-dasharray="3,3"/>']
    for i, r in enumerate(rows):
        y = top_pad + i * row + row / 2
        color = ACCENT if r.get("significant") else MUTED
        parts.append(_text(left - 10, y + 4, r["label"], anchor="end", size=10.5))
        if r.get("low") is not None and r.get("high") is not None:
            parts.append(f'<line x1="{x(r["low"]):.1f}" y1="{y:.1f}" x2="{x(r["high"]):.1f}" y2="{y:.1f}" '
                         f'stroke="{color}" stroke-width="2"/>')
        parts.append(f'<circle cx="{x(r["effect"]):.1f}" cy="{y:.1f}" r="4" fill="{color}"/>')
    axis_y = height - 24
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + span}" y2="{axis_y}" stroke="{GRID}"/>')
    step = _nice_step(hi - lo)
    tick = (lo // step + 1) * step
    while tick < hi:
        parts.append(_text(x(tick), axis_y + 14, f"{tick:g}", anchor="middle", size=10, fill=MUTED))
        tick += step
    parts.append(_text(left + span / 2, height - 1, axis, anchor="middle", size=10, fill=MUTED))
    parts.append("</svg>")
    return Markup("".join(parts))


def _nice_step(extent: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100):
        if extent / step <= 8:
            return float(step)
    return 200.0

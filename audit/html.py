"""Render ``AuditContents`` as one self-contained HTML file (Jinja2, autoescape on).

Styles are inline, charts are inline SVG (charts.py), page crops are PNG data URIs: the file
opens offline and can be mailed as it is.  Fixed text comes from ``Texts`` (i18n.py).
"""
from __future__ import annotations

from pathlib import Path

from invoice_lint.analytics.kpis import AGING_BUCKETS
from invoice_lint.audit import charts
from invoice_lint.audit.contents import AuditContents, Msg, TextKey
from invoice_lint.audit.i18n import Texts

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(contents: AuditContents, language: str = "en") -> str:
    texts = Texts(language)

    def tx(value) -> str:
        """Translate a TextKey; anything else is data and shown as it is."""
        if isinstance(value, TextKey):
            return texts(value) if texts.has(value) else str(value).split(".", 1)[-1].replace("_", " ")
        return "—" if value is None else value

    def msg(m: Msg) -> str:
        return texts(m.key, **{k: "—" if v is None else tx(v) if isinstance(v, TextKey) else v
                               for k, v in m.params.items()})

    def num(value, digits: int = 1) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                return value
        return texts.number(float(value) if digits else int(round(value)), digits)

    def money(value) -> str:
        return "—" if value in (None, "") else texts.money(value)

    def flag(name: str) -> str:
        key = f"flags.{name}"
        return texts(key) if texts.has(key) else name

    def versus(row: dict) -> str:
        return texts("payments.versus", trait=tx(row["trait"]), level=tx(row["level"]), reference=tx(row["reference"]))

    payment_charts = _payment_charts(contents, texts, versus)
    template = _environment().get_template("report.html.j2")
    return template.render(c=contents, t=texts, tx=tx, msg=msg, num=num, money=money, flag=flag, versus=versus,
                           lang=language, charts=payment_charts, buckets=AGING_BUCKETS)


def _payment_charts(contents: AuditContents, texts: Texts, versus) -> dict:
    out: dict = {"aging": [], "effects": ""}
    payments = contents.payments
    if not payments:
        return out
    for kpi in payments["kpis"]:
        if not any(kpi["aging"].values()):
            continue
        items = [(texts(f"aging.{b}"), float(kpi["aging"].get(b, 0)),  # a bar length; the label shows the Decimal
                  f"{texts.money(kpi['aging'].get(b, 0))} {kpi['currency']} · "
                  f"{texts('payments.invoices_short', count=kpi['aging_counts'].get(b, 0))}") for b in AGING_BUCKETS]
        colors = {texts(f"aging.{b}"): charts.COLORS[b] for b in AGING_BUCKETS}
        out["aging"].append(charts.bars(items, title=texts("payments.aging_chart", currency=kpi["currency"]),
                                        color_of=lambda label, colors=colors: colors.get(label, charts.ACCENT)))
    rows = [{"label": versus(e), "effect": e["effect_days"], "low": e["ci_low"], "high": e["ci_high"],
             "significant": e["significant"]} for e in payments["effects"]]
    out["effects"] = charts.forest(rows, title=texts("payments.effects_chart"), axis=texts("payments.axis_days"),
                                   sooner=texts("payments.sooner"), later=texts("payments.later"))
    return out

"""The analysis result as versioned JSON (schema_version 1, see docs/analyze.md) and as plain words.

The text is for owners.  It leads with the effects that are clear *and* well supported (the
95% interval excludes 0, at least 100 invoices and 10 clients on each side, the trait known for
most invoices, no warning flag), strongest evidence first; then, one line each, the clear
differences that rest on too little to act on and why; then the traits with no clear difference;
and a clear word that these are associations.  Numbers are written one way throughout: days
with one decimal, counts and money with thousands separators, shares as whole percentages,
intervals as "a to b".  Text and JSON come from the same dict, so they cannot disagree.
"""
from __future__ import annotations

import math

from invoice_lint.analytics.traits import TRAITS

SCHEMA_VERSION = 1

FLAG_WORDS = {
    "small-group": "fewer than 30 invoices in a group",
    "few-payments": "fewer than 10 payments in a group",
    "few-clients": "fewer than 10 clients in a group",
    "median-not-reached": "half of a group is not yet paid",
    "ph-violated": "the hazard ratio is not constant over time",
    "not-adjusted": "not in the adjusted model",
    "unclear-after-adjustment": "no clear difference once the other traits are taken into account",
    "reversed-after-adjustment": "the direction reverses once the other traits are taken into account",
}
ASSOCIATION_NOTE = (
    "These are associations, not proof of cause: invoices that differ in one trait also differ in client, "
    "amount, timing and the sender's overall care (a thank-you line, a payment link and clear wording tend "
    "to travel together). The adjusted hazard ratios account for the other traits listed and for amount, "
    "not for everything. To know what works, send template variants at random and compare again."
)


# An effect is "well supported" when each side has at least this many invoices and clients.
WELL_SUPPORTED_INVOICES = 100
WELL_SUPPORTED_CLIENTS = 10
# Flags that make a clear difference too thin to act on (the others are cautions on the line).
WEAK_FLAGS = ("small-group", "few-payments", "few-clients", "median-not-reached", "reversed-after-adjustment")


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def _count(n: int) -> str:
    return f"{n:,}"


def _money(value) -> str:
    """An amount as the JSON holds it (a decimal string) with thousands separators: 47,122.32."""
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{100 * share:.0f}%"


def _level(level) -> str:
    """A level as text: 82.0 → 82 (survey levels arrive as floats), other text unchanged."""
    text = str(level)
    if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
        return text[:-2]
    return text


def describe_level(trait: str, level: str, kind: str) -> str:
    if kind == "binary":
        phrase = (TRAITS[trait].phrase if trait in TRAITS else None) or trait.replace("_", " ")
        return f"with {phrase}" if level == "yes" else f"without {phrase}"
    return f"with {trait.replace('_', ' ')} {_level(level)}"


def describe_reference(trait: str, reference: str, kind: str) -> str:
    if kind == "binary":
        return "without" if reference == "no" else "with"
    return f"{trait.replace('_', ' ')} {_level(reference)}"


def weaknesses(e: dict) -> list[str]:
    """Why a clear difference is not well supported (empty: it is)."""
    why = []
    n = min(e.get("n_with") or 0, e.get("n_without") or 0)
    if n < WELL_SUPPORTED_INVOICES:
        why.append(f"only {_count(e['n_with'])} vs {_count(e['n_without'])} invoices")
    clients = min(e.get("clients_with") or 0, e.get("clients_without") or 0)
    if "clients_with" in e and clients < WELL_SUPPORTED_CLIENTS:
        why.append(f"only {clients} client{'s' if clients != 1 else ''} on one side")
    reason = e.get("not_adjusted_reason") or ""
    if reason.startswith("unknown"):
        why.append(f"the trait is {reason}")
    why += [FLAG_WORDS.get(f, f) for f in e.get("flags", []) if f in WEAK_FLAGS
            and not (f == "small-group" and n < WELL_SUPPORTED_INVOICES)]
    return why


def _support(e: dict) -> float:
    """How far the interval stays from 0: the effect the data support at the least."""
    return min(abs(e["ci_low"]), abs(e["ci_high"]))


def _ci(low, high, digits: int = 1) -> str:
    return f"95% CI {_num(low, digits)} to {_num(high, digits)}"


def _effect_sentence(e: dict) -> str:
    days = e["effect_days"]
    direction = "sooner" if days < 0 else "later"
    subject = describe_level(e["trait"], e["level"], e.get("kind", ""))
    reference = describe_reference(e["trait"], e["reference"], e.get("kind", ""))
    low, high = sorted((abs(e["ci_low"]), abs(e["ci_high"])))
    text = (f"Invoices {subject} were paid {_num(abs(days))} days {direction} than {reference} "
            f"(median {_num(e['median_days_with'])} vs {_num(e['median_days_without'])} days; {_ci(low, high)} days; "
            f"n = {_count(e['n_with'])} vs {_count(e['n_without'])}).")
    if e.get("late_share_with") is not None and e.get("late_share_without") is not None:
        text += f" Paid late: {_percent(e['late_share_with'])} vs {_percent(e['late_share_without'])}."
    if e.get("hazard_ratio") is not None:
        text += (f" Adjusted hazard ratio {_num(e['hazard_ratio'], 2)} ({_ci(e['hr_ci_low'], e['hr_ci_high'], 2)}; "
                 f"above 1 = paid faster).")
    cautions = [FLAG_WORDS.get(f, f) for f in e.get("flags", []) if f not in WEAK_FLAGS and f != "not-adjusted"]
    if "not-adjusted" in e.get("flags", []):
        reason = e.get("not_adjusted_reason")
        cautions.append(f"not in the adjusted model: {reason}" if reason else FLAG_WORDS["not-adjusted"])
    if cautions:
        text += " Caution: " + "; ".join(cautions) + "."
    return text


def _weak_line(e: dict) -> str:
    days = e["effect_days"]
    subject = describe_level(e["trait"], e["level"], e.get("kind", ""))
    reference = describe_reference(e["trait"], e["reference"], e.get("kind", ""))
    low, high = sorted((abs(e["ci_low"]), abs(e["ci_high"])))
    return (f"Invoices {subject} (vs {reference}): {_num(abs(days))} days {'sooner' if days < 0 else 'later'} "
            f"({_ci(low, high)} days) — but {'; '.join(weaknesses(e))}.")


def _survey_sentence(s: dict) -> str:
    subject = describe_level(s["trait"], s["level"], "binary" if s["reference"] in ("no", "yes") else "")
    text = (f"{s['question']}: invoices {subject} scored {s['mean_difference']:+.2f} points "
            f"({_ci(s['ci_low'], s['ci_high'], 2)}; mean {_num(s['mean_with'], 2)} vs "
            f"{_num(s['mean_without'], 2)} on {_level(s['scale'][0])}–{_level(s['scale'][1])}; n = {_count(s['n_with'])} "
            f"vs {_count(s['n_without'])}); top-2-box {_percent(s['top2_with'])} vs {_percent(s['top2_without'])}.")
    cautions = [FLAG_WORDS.get(f, f) for f in s.get("flags", []) if f not in WEAK_FLAGS]
    if cautions:
        text += " Caution: " + "; ".join(cautions) + "."
    return text


def _days(value) -> str:
    return "n/a" if value in (None, "") else f"{_num(float(value))} days"


def _pct_text(value) -> str:
    """CEI as the JSON holds it (a percentage, "88.2") written "88.2%"."""
    return "n/a" if value in (None, "") else f"{_num(float(value))}%"


def _survey_weak(s: dict) -> list[str]:
    return [FLAG_WORDS.get(f, f) for f in s.get("flags", []) if f in WEAK_FLAGS]


def _rows_lines(report: dict) -> list[str]:
    rows = report["rows"]
    lines = [
        f"Ledger {report['inputs']['payments']}: {_count(rows['read'])} rows read — {_count(rows['included'])} analysed "
        f"({_count(rows['matched_by_number'])} joined to a PDF by invoice number, {_count(rows['matched_by_template'])} "
        f"by template, {_count(rows['unmatched'])} without PDF traits), {_count(rows['duplicate'])} duplicates, "
        f"{_count(rows['excluded'])} excluded."
    ]
    if rows["excluded_reasons"]:
        lines.append("Excluded: " + ", ".join(f"{n} {reason}" for reason, n in rows["excluded_reasons"].items()) + ".")
    pdfs = rows.get("pdfs") or {}
    invoices = report.get("invoices") or {}
    if invoices.get("read") is not None:
        text = f"Invoice PDFs: {invoices['read']} read"
        if invoices.get("unreadable"):
            text += f", {len(invoices['unreadable'])} unreadable"
        not_in_ledger = [p for p in pdfs.get("unmatched", []) if not p["used_as_template"]]
        text += f"; {pdfs.get('matched_by_number', 0)} found in the ledger by number"
        if not_in_ledger:
            text += f"; {len(not_in_ledger)} neither in the ledger nor used as a template"
        lines.append(text + ".")
    lines.append(f"As of {report['method'].get('as_of', report['kpis'].get('as_of', ''))}: "
                 f"{_count(rows['unpaid_censored'])} unpaid invoices are counted as still open (censored), not dropped.")
    return lines


def _bullets(effects: list, line, most: int) -> list[str]:
    """One "- " line per effect (``line(effect)``), the first ``most``, then how many more the JSON has."""
    out = ["- " + line(e) for e in effects[:most]]
    if len(effects) > most:
        out.append(f"- … and {len(effects) - most} more in the JSON output (--output-format json).")
    return out


def render_text(report: dict, max_effects: int = 8) -> str:
    """The plain-language summary printed by ``invoice-lint analyze``."""
    out = ["invoice-lint analyze", ""]
    out.extend(_rows_lines(report))
    out.append("")
    effects = report.get("effects", [])
    clear = [e for e in effects if e.get("significant")]
    strong = sorted([e for e in clear if not weaknesses(e)], key=lambda e: -_support(e))
    weak = sorted([e for e in clear if weaknesses(e)], key=lambda e: -_support(e))
    unclear = [e for e in effects if not e.get("significant")]
    method = report.get("method", {})
    boot = method.get("bootstrap", {})
    out.append("Time to payment (Kaplan–Meier medians; 95% intervals from a bootstrap over "
               f"{_count(boot['clients']) if 'clients' in boot else '?'} clients):")
    if not effects:
        out.append("- No trait varies across the analysed invoices, so there is nothing to compare.")
    elif strong:
        out.append(f"Clear and well supported (interval excludes 0; at least {WELL_SUPPORTED_INVOICES} invoices and "
                   f"{WELL_SUPPORTED_CLIENTS} clients on each side), strongest evidence first:")
    elif clear:
        out.append("- No difference is both clear and well supported.")
    out += _bullets(strong, _effect_sentence, max_effects)
    if weak:
        out.append("Clear but not well supported — too little to act on:")
        out += _bullets(weak, _weak_line, max_effects)
    if unclear:
        names = [e["trait"] if e.get("kind") == "binary" else f"{e['trait']}={_level(e['level'])}" for e in unclear]
        out.append("No clear difference (interval includes 0): " + ", ".join(names) + ".")
    adjusted = method.get("adjusted", {})
    if adjusted.get("subsampled"):
        out.append(f"  (Adjusted models use a random subsample of {_count(adjusted['rows_used'])} of "
                   f"{_count(adjusted['rows_complete'])} invoices.)")
    survey = report.get("survey")
    if survey:
        out.append("")
        srows = survey["rows"]
        rate = srows.get("response_rate")
        out.append(f"Client survey {report['inputs'].get('survey')}: {_count(srows['read'])} answers, "
                   f"{_count(srows['matched_by_number'] + srows['matched_by_client_date'])} tied to invoices; "
                   f"{_num(100 * rate, 0) if rate is not None else 'n/a'}% of invoices have an answer "
                   f"(those who answer may differ from those who do not).")
        clear = sorted([s for s in survey["effects"] if s.get("significant")], key=lambda s: -abs(s["mean_difference"]))
        strong_scores = [s for s in clear if not _survey_weak(s)]
        weak_scores = [s for s in clear if _survey_weak(s)]
        if strong_scores:
            out.append("Clear and well supported (interval excludes 0; at least 30 answers and 10 clients on each side):")
        for s in strong_scores[:max_effects]:
            out.append("- " + _survey_sentence(s))
        if not clear:
            out.append("- No trait goes with a clear difference in scores.")
        elif not strong_scores:
            out.append("- No difference in scores is both clear and well supported.")
        if weak_scores:
            out.append("Clear but not well supported: " + "; ".join(
                f"{s['question']} {describe_level(s['trait'], s['level'], 'binary' if s['reference'] in ('no', 'yes') else '')}"
                f" {s['mean_difference']:+.2f} ({', '.join(_survey_weak(s))})" for s in weak_scores[:max_effects]) + ".")
        themes = survey.get("themes", [])
        if themes:
            out.append("Comment themes (TF-IDF + NMF, per language):")
            by_language: dict[str, list[dict]] = {}
            for theme in themes:
                by_language.setdefault(theme["language"], []).append(theme)
            for language, items in by_language.items():
                shown = "; ".join(f"“{t['theme']}” ({t['comments']}), e.g. “{t['examples'][0]}”" for t in items[:3])
                out.append(f"- {language}: {shown}")
    kpis = report.get("kpis") or {}
    if kpis.get("by_currency"):
        out.append("")
        out.append(f"Receivables as of {kpis['as_of']} (last {kpis['period_days']} days):")
        for currency, k in kpis["by_currency"].items():
            aging = ", ".join(f"{name} {_money(v['amount'])}" for name, v in k["aging"].items())
            out.append(f"- {currency}: DSO {_days(k['dso'])}, best possible {_days(k['best_possible_dso'])}, "
                       f"average days delinquent {_days(k['add'])}, CEI {_pct_text(k['cei'])}. Aging: {aging}.")
    prediction = report.get("prediction")
    if prediction and "roc_auc" in prediction:
        out.append("")
        top = ", ".join(p["feature"] for p in prediction["permutation_importance"][:3])
        out.append(f"Late-payment model (invoice fields only, held-out clients): ROC AUC {prediction['roc_auc']:.2f}, "
                   f"Brier {prediction['brier']:.3f} (base rate {prediction['brier_of_base_rate']:.3f}); "
                   f"most useful: {top}.")
    out.append("")
    out.append(ASSOCIATION_NOTE)
    return "\n".join(out) + "\n"

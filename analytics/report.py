"""The analysis result as versioned JSON (schema_version 1, see docs/analyze.md) and as plain words.

The text is for owners: a few sentences per finding with the interval and the group sizes,
what is *not* clearly different, what is flagged, and a clear word that these are
associations.  Both come from the same dict, so they cannot disagree.
"""
from __future__ import annotations

import math

SCHEMA_VERSION = 1

TRAIT_PHRASES = {
    "has_due_date": "a due date or payment terms",
    "due_date_explicit": "an explicit due date (not only terms)",
    "has_payment_link": "a payment link",
    "has_qr": "a QR code for payment",
    "has_thank_you": "a thank-you line",
    "has_tax_info": "tax details",
}
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


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def _count(n: int) -> str:
    return f"{n:,}"


def describe_level(trait: str, level: str, kind: str) -> str:
    if kind == "binary":
        phrase = TRAIT_PHRASES.get(trait, trait.replace("_", " "))
        return f"with {phrase}" if level == "yes" else f"without {phrase}"
    return f"with {trait.replace('_', ' ')} {level}"


def describe_reference(trait: str, reference: str, kind: str) -> str:
    if kind == "binary":
        return "without" if reference == "no" else "with"
    return f"{trait.replace('_', ' ')} {reference}"


def _effect_sentence(e: dict) -> str:
    days = e["effect_days"]
    direction = "sooner" if days < 0 else "later"
    subject = describe_level(e["trait"], e["level"], e.get("kind", ""))
    reference = describe_reference(e["trait"], e["reference"], e.get("kind", ""))
    low, high = sorted((abs(e["ci_low"]), abs(e["ci_high"])))
    text = (f"Invoices {subject} were paid {_num(abs(days))} days {direction} than {reference} "
            f"(median {_num(e['median_days_with'])} vs {_num(e['median_days_without'])} days; 95% CI {_num(low)}–{_num(high)}; "
            f"n = {_count(e['n_with'])} vs {_count(e['n_without'])}).")
    if e.get("late_share_with") is not None and e.get("late_share_without") is not None:
        text += f" Paid late: {100 * e['late_share_with']:.0f}% vs {100 * e['late_share_without']:.0f}%."
    if e.get("hazard_ratio") is not None:
        text += (f" Adjusted hazard ratio {_num(e['hazard_ratio'], 2)} ({_num(e['hr_ci_low'], 2)}–{_num(e['hr_ci_high'], 2)}; "
                 f"above 1 = paid faster).")
    if e.get("flags"):
        text += " Caution: " + "; ".join(FLAG_WORDS.get(f, f) for f in e["flags"]) + "."
    return text


def _survey_sentence(s: dict) -> str:
    subject = describe_level(s["trait"], s["level"], "binary" if s["reference"] in ("no", "yes") else "")
    text = (f"{s['question']}: invoices {subject} scored {s['mean_difference']:+.2f} points "
            f"(95% CI {_num(s['ci_low'], 2)} to {_num(s['ci_high'], 2)}; mean {_num(s['mean_with'], 2)} vs "
            f"{_num(s['mean_without'], 2)} on {s['scale'][0]}–{s['scale'][1]}; n = {_count(s['n_with'])} vs "
            f"{_count(s['n_without'])}); top-2-box {_num(100 * s['top2_with'], 0)}% vs {_num(100 * s['top2_without'], 0)}%.")
    if s.get("flags"):
        text += " Caution: " + "; ".join(FLAG_WORDS.get(f, f) for f in s["flags"]) + "."
    return text


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


def render_text(report: dict, max_effects: int = 8) -> str:
    """The plain-language summary printed by ``invoice-lint analyze``."""
    out = ["invoice-lint analyze", ""]
    out.extend(_rows_lines(report))
    out.append("")
    effects = report.get("effects", [])
    significant = sorted([e for e in effects if e.get("significant")], key=lambda e: -abs(e["effect_days"] or 0))
    unclear = [e for e in effects if not e.get("significant")]
    method = report.get("method", {})
    boot = method.get("bootstrap", {})
    out.append("Time to payment (Kaplan–Meier medians; 95% intervals from a bootstrap over "
               f"{_count(boot['clients']) if 'clients' in boot else '?'} clients):")
    if not effects:
        out.append("- No trait varies across the analysed invoices, so there is nothing to compare.")
    for e in significant[:max_effects]:
        out.append("- " + _effect_sentence(e))
    if len(significant) > max_effects:
        out.append(f"- … and {len(significant) - max_effects} more in the JSON output (--format json).")
    if unclear:
        names = [e["trait"] if e.get("kind") == "binary" else f"{e['trait']}={e['level']}" for e in unclear]
        out.append("- No clear difference (interval includes 0): " + ", ".join(names) + ".")
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
        for s in clear[:max_effects]:
            out.append("- " + _survey_sentence(s))
        if not clear:
            out.append("- No trait goes with a clear difference in scores.")
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
            aging = ", ".join(f"{name} {v['amount']}" for name, v in k["aging"].items())
            out.append(f"- {currency}: DSO {k['dso'] or 'n/a'} days, best possible {k['best_possible_dso'] or 'n/a'}, "
                       f"average days delinquent {k['add'] or 'n/a'}, CEI {k['cei'] or 'n/a'}%. Aging: {aging}.")
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

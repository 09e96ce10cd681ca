"""The experiment commands' answers in plain words, then as tables (from the same JSON dict)."""
from __future__ import annotations

from invoice_lint.analytics.report import _num


def _pct(value) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def _pp(value) -> str:
    return "n/a" if value is None else f"{100 * value:+.1f} points"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _days_phrase(d: dict) -> str:
    est, (low, high) = d["estimate"], d["ci"]
    if est is None:
        return "could not be estimated"
    way = "sooner" if est < 0 else "later"
    text = f"paid {_num(abs(est))} days {way} on average"
    if low is not None:
        text += f" (95% CI {_num(low)} to {_num(high)} days)"
    return text


def render_analysis(report: dict) -> str:
    design, status = report["design"], report["status"]
    horizon = design["horizon_days"]
    checks = report["checks"]
    lines = [f"Experiment: {', '.join(design['variants'])} (control {design['control']}), randomised by "
             f"{design['unit']}; as of {checks['peeking']['as_of']}.", ""]
    peek = checks["peeking"]
    if status == "interim":
        lines.append(f"INTERIM LOOK — no conclusion yet. The plan fixed the analysis for {peek['analysis_date']} "
                     f"(the last invoice then has had {horizon} days to be paid). Deciding now, or stopping when a "
                     f"difference looks clear, makes false alarms much more likely than 5%.")
    elif status == "no plan":
        lines.append("No plan file beside the assignment: no horizon was fixed in advance, so treat this as a "
                     "description, not a test.")
    for c in report["comparisons"]:
        rd, sd = c["rmst_difference_days"], c["on_time_share_difference"]
        head = f"Variant {c['variant']} vs {c['control']}: invoices were {_days_phrase(rd)} within the first {horizon} days"
        if status == "final":
            verdict = ("— a clear difference." if c["clear"] else
                       "— no clear difference: the interval includes 0.")
        else:
            verdict = "— not a conclusion yet." if status == "interim" else ""
        lines.append(f"{head} {verdict}".rstrip())
        if sd["estimate"] is not None:
            lines.append(f"  Paid by the due date: {_pp(sd['estimate'])} (95% CI {_pp(sd['ci'][0])} to "
                         f"{_pp(sd['ci'][1])}).")
        if c.get("cox"):
            hr = c["cox"]
            lines.append(f"  Cox hazard ratio {_num(hr['hazard_ratio'], 2)} (95% CI {_num(hr['ci'][0], 2)} to "
                         f"{_num(hr['ci'][1], 2)}; above 1 = paid faster; errors clustered by client).")
        if c.get("randomization_p") is not None:
            lines.append(f"  Randomisation test p = {c['randomization_p']:.3f}.")
    lines.append("")
    srm = checks["sample_ratio"]
    if srm.get("mismatch"):
        lines.append(f"WARNING sample-ratio mismatch: {srm['unit']} per variant "
                     f"{', '.join(f'{k} {v}' for k, v in srm['observed'].items())} is unlikely under the planned "
                     f"allocation (p = {srm['p']:.2g}). Some invoices of a variant are missing or were not sent; "
                     f"find out why before trusting the comparison.")
    av = checks["assignment_violations"]
    if av["invoices"]:
        lines.append(f"WARNING {av['invoices']} invoices ({_pct(av['share'])}) were sent with another variant than "
                     f"assigned. The comparison is by assignment (intention to treat), which dilutes a real effect "
                     f"toward 0; fix the sending before the next invoices.")
    elif av.get("note"):
        lines.append(f"Note: {av['note']}.")
    if av.get("unrecognised", {}).get("invoices") and av.get("checked"):
        u = av["unrecognised"]
        lines.append(f"Note: {u['invoices']} invoices name a template that is no variant of the plan "
                     f"({', '.join(u['values'][:3])}); they are not checked.")
    if checks["clients_not_assigned"]["invoices"]:
        na = checks["clients_not_assigned"]
        lines.append(f"Note: {na['invoices']} invoices of {na['clients']} clients not in the assignment were issued "
                     f"during the experiment; they are left out.")
    if checks["assignment_changed_since_plan"]:
        lines.append("WARNING the assignment file differs from the one the plan wrote (checksum): was it edited?")
    lines += ["", table(
        ["variant", "clients", "invoices", "paid", f"mean days (≤{horizon})", "paid by due"],
        [[a["variant"], f"{a['clients']:,}", f"{a['invoices']:,}", f"{a['paid']:,}", _num(a["rmst_days"]),
          _pct(a["on_time_share"])] for a in report["arms"]])]
    lines += ["", table(
        ["comparison", "days difference", "95% CI", "paid-by-due difference", "95% CI", "conclusion"],
        [[f"{c['variant']} vs {c['control']}", _num(c["rmst_difference_days"]["estimate"]),
          f"{_num(c['rmst_difference_days']['ci'][0])} to {_num(c['rmst_difference_days']['ci'][1])}",
          _pp(c["on_time_share_difference"]["estimate"]),
          f"{_pp(c['on_time_share_difference']['ci'][0])} to {_pp(c['on_time_share_difference']['ci'][1])}",
          c["conclusion"]] for c in report["comparisons"]])]
    survey = report.get("survey")
    if survey and survey.get("effects"):
        lines += ["", "Survey scores against the control:", table(
            ["question", "variant", "answers", "mean", "control mean", "difference", "95% CI"],
            [[e["question"], e["level"], f"{e['n_with']:,}", _num(e["mean_with"], 2), _num(e["mean_without"], 2),
              _num(e["mean_difference"], 2), f"{_num(e['ci_low'], 2)} to {_num(e['ci_high'], 2)}"]
             for e in survey["effects"]])]
    lines += ["", "What this may conclude: because variants were assigned at random, a clear difference at the "
              "planned date is caused by the variant (for these clients, over this period). It may not say why, "
              "nor that the effect lasts or holds for other clients."]
    return "\n".join(lines) + "\n"


def render_plan(plan: dict, written: list[str]) -> str:
    counts = plan["units_per_variant"]
    unit = "clients" if plan["unit"] == "client" else "invoices"
    lines = [f"Assigned {plan['units']:,} {unit} to {', '.join(f'{k} ({v:,})' for k, v in counts.items())} "
             f"with seed {plan['seed']}" + (f", stratified by {plan['stratify']}" if plan["stratify"] else "") + ".",
             f"Send invoices issued {plan['start']} to {plan['end']} from each {plan['unit']}'s variant; analyse on "
             f"{plan['analysis_date']} (after {plan['horizon_days']} days of follow-up), not before.",
             f"Written: {', '.join(written)}.", ""]
    rows = []
    for b in plan["balance"]:
        row = [b["variant"], f"{b['units']:,}", f"{b['clients']:,}"]
        if "past_invoices" in b:
            smd = b.get("smd") or {}
            row += [f"{b['past_invoices']:,}", _num(b["mean_days_to_pay"]), _pct(b["late_share"]),
                    _num(smd.get("mean_days_to_pay"), 2) if smd else "—"]
        rows.append(row)
    headers = ["variant", unit, "clients"]
    if unit == "clients":
        headers, rows = ["variant", "clients"] + headers[3:], [[r[0]] + r[2:] for r in rows]
    if any("past_invoices" in b for b in plan["balance"]):
        headers += ["past invoices", "mean days to pay", "paid late", "SMD days"]
    lines.append("Balance (clients' history before the experiment):" if len(headers) > 3 else "Balance:")
    lines.append(table(headers, rows))
    strata = sorted({s for b in plan["balance"] for s in b["strata"]})
    if len(strata) > 1:
        lines += ["", table(["stratum"] + [b["variant"] for b in plan["balance"]],
                            [[s] + [str(b["strata"].get(s, 0)) for b in plan["balance"]] for s in strata])]
    return "\n".join(lines) + "\n"

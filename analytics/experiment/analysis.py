"""``analyze_experiment``: the randomised comparison of template variants, intention to treat.

Every ledger invoice of an assigned client (or an assigned invoice) issued inside the plan's
window counts in the variant it was *assigned*, whatever was sent; unpaid invoices are censored
at the as-of date.  Per variant against the control: the difference in restricted mean days to
payment and in the share paid by the due date (client-bootstrap intervals, ``outcomes``), a
randomisation test, a Cox model with errors clustered by client, and survey scores.  Checks:
sample-ratio mismatch, invoices sent with another variant than assigned, ledger clients not in
the assignment, an assignment file changed since the plan, and the peeking guard (before the
plan's analysis date the result is interim and concludes nothing).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from invoice_lint.analytics.columns import header_key
from invoice_lint.analytics.experiment.design import DEFAULT_HORIZON_DAYS, LoadedAssignment
from invoice_lint.analytics.experiment.outcomes import ArmArrays, _histograms, compare_arms, randomization_p
from invoice_lint.analytics.join import INCLUDED, Joined, join_ledger
from invoice_lint.analytics.ledger import read_ledger
from invoice_lint.foundation.errors import UserError

SCHEMA_VERSION = 1
SRM_ALPHA = 0.001  # a sample-ratio mismatch this unlikely by chance means the delivery is broken


@dataclass
class ExperimentResult:
    report: dict  # the versioned JSON (docs/experiments.md)
    rows: pd.DataFrame  # every ledger row with its experiment status, assigned and sent variant
    assignment: pd.DataFrame
    violations: pd.DataFrame
    survey_effects: pd.DataFrame = field(default_factory=pd.DataFrame)
    curves: pd.DataFrame = field(default_factory=pd.DataFrame)  # KM per variant: level, day, survival, bands, at_risk

    @property
    def text(self) -> str:
        from invoice_lint.analytics.experiment.report import render_analysis

        return render_analysis(self.report)

    def to_json(self) -> str:
        return json.dumps(self.report, indent=2, ensure_ascii=False, default=str) + "\n"


def _sent_variant(templates: pd.Series, plan_variants: list) -> pd.Series:
    """The variant each ledger row was sent with, from its template column ("" when not said)."""
    lookup = {}
    for variant in plan_variants:
        for key in variant.keys:
            lookup[key] = variant.name
    keys = templates.fillna("").astype(str).map(lambda t: header_key(Path(t).stem) if t else "")
    direct = templates.fillna("").astype(str).map(header_key)
    by_name, by_stem = direct.map(lookup), keys.map(lookup)
    sent = by_name.where(by_name.notna(), by_stem)
    unknown = (templates.fillna("").astype(str) != "") & sent.isna()
    return sent.where(sent.notna(), "").astype(object).where(~unknown, "?")


def srm_test(observed: dict[str, int], allocation: dict[str, float]) -> dict:
    from scipy.stats import chisquare

    names = list(allocation)
    counts = np.array([observed.get(n, 0) for n in names], dtype=float)
    total = counts.sum()
    if total == 0 or len(names) < 2:
        return {"observed": observed, "expected": {}, "p": None, "mismatch": False}
    expected = np.array([allocation[n] for n in names]) * total
    p = float(chisquare(counts, expected).pvalue)
    return {"observed": {n: int(c) for n, c in zip(names, counts)},
            "expected": {n: float(e) for n, e in zip(names, expected)}, "p": p, "mismatch": p < SRM_ALPHA}


def _cox(frame: pd.DataFrame, variants: list[str], horizon: int, level: float) -> dict:
    """Cox model of time to payment on the assigned variant, robust errors clustered by client."""
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError

    data = pd.DataFrame({"duration": np.minimum(frame["duration"].to_numpy(float), horizon + 1),
                         "event": (frame["paid"] & (frame["duration"] <= horizon)).astype(int).to_numpy(),
                         "cluster": pd.factorize(frame["client"])[0]})
    for v in variants[1:]:
        data[f"v_{v}"] = (frame["assigned"] == v).astype(int).to_numpy()
    data["duration"] = data["duration"].clip(lower=0.5)  # same-day payments: lifelines needs positive times
    if data["event"].sum() < 2 or len(variants) < 2:
        return {"skipped": "too few payments"}
    try:
        fitter = CoxPHFitter(alpha=1 - level).fit(data, "duration", "event", cluster_col="cluster", robust=True)
    except (ConvergenceError, ValueError, np.linalg.LinAlgError) as exc:
        return {"skipped": f"the model did not converge ({type(exc).__name__})"}
    summary = fitter.summary
    out = {}
    for v in variants[1:]:
        row = summary.loc[f"v_{v}"]
        out[v] = {"hazard_ratio": float(row["exp(coef)"]),
                  "ci": [float(row[f"exp(coef) lower {100 * level:g}%"]), float(row[f"exp(coef) upper {100 * level:g}%"])],
                  "p": float(row["p"])}
    return {"method": "Cox proportional hazards on the assigned variant, robust (sandwich) errors clustered by "
                      "client; hazard ratio above 1 = paid faster", "variants": out}


def analyze_experiment(
    loaded: LoadedAssignment,
    payments: Path | str | pd.DataFrame,
    survey: Path | str | pd.DataFrame | None = None,
    *,
    as_of: date | None = None,
    mapping: dict | None = None,
    survey_mapping: dict | None = None,
    variant_column: str | None = None,
    date_format: str | None = None,
    replicates: int = 1000,
    seed: int = 0,
    cox: bool = True,
) -> ExperimentResult:
    plan = loaded.plan
    assignment = loaded.assignment
    variants = [v.name for v in plan.variants] if plan else sorted(assignment["variant"].unique())
    if plan is None and len(variants) < 2:
        raise UserError(f"{loaded.source}: only one variant ({variants[0]}) in the assignment")
    try:
        ledger = read_ledger(payments, mapping=mapping, date_format=date_format, template_column=variant_column)
    except UserError as exc:
        raise UserError(str(exc).replace("--template-column", "--variant-column")) from None
    joined = join_ledger(ledger, None, as_of)
    frame = joined.frame.copy()
    horizon = plan.horizon_days if plan else DEFAULT_HORIZON_DAYS
    level = 1 - (plan.alpha_per_comparison if plan else 0.05 / max(1, len(variants) - 1))
    unit = plan.unit if plan else ("invoice" if "invoice_key" in assignment.columns else "client")

    # Who is in the experiment: assigned units, inside the window, usable rows.
    if unit == "client":
        assigned_of = dict(zip(assignment["client"].map(header_key), assignment["variant"]))
        frame["assigned"] = frame["client"].map(header_key).map(assigned_of).fillna("")
    else:
        assigned_of = dict(zip(assignment["invoice_key"], assignment["variant"]))
        frame["assigned"] = frame["invoice_key"].map(assigned_of).fillna("")
    usable = frame["status"].isin(INCLUDED)
    matched = usable & (frame["assigned"] != "")
    if not matched.any():
        what = "client" if unit == "client" else "invoice number"
        raise UserError(f"{loaded.source}: no {what} of the assignment appears in the ledger {ledger.source} "
                        f"(ledger column {ledger.columns['client' if unit == 'client' else 'invoice_number']!r}); "
                        f"is it the right ledger?")
    frame["experiment"] = np.where(~usable, "excluded", np.where(frame["assigned"] == "", "not assigned", "in"))
    if plan:
        before = frame["issue_date"] < pd.Timestamp(plan.start)
        after = frame["issue_date"] > pd.Timestamp(plan.end)
        frame.loc[(frame["experiment"] == "in") & before, "experiment"] = "before the start"
        frame.loc[(frame["experiment"] == "in") & after, "experiment"] = "after the end"
    inside = frame["experiment"] == "in"
    if not inside.any():
        raise UserError(f"{ledger.source}: no invoice of an assigned {unit} was issued between {plan.start} and "
                        f"{plan.end} (the plan's window, {loaded.plan_source})")
    frame["sent"] = _sent_variant(frame["template"], plan.variants if plan else
                                  [type("V", (), {"name": v, "keys": {header_key(v)}})() for v in variants])
    part = frame[inside].reset_index(drop=True)

    # Outcomes per variant (ITT).
    client_codes, client_names = pd.factorize(part["client"].map(header_key))
    arm = part["assigned"].map({v: i for i, v in enumerate(variants)}).to_numpy(dtype=np.int64)
    late = part["late"]
    on_time = np.where(late.isna(), -1, (~late.fillna(False).astype(bool)).astype(int)).astype(np.int8)
    arrays = ArmArrays(duration=part["duration_days"].to_numpy(dtype=np.int64), paid=part["paid"].to_numpy(bool),
                       on_time=on_time, client=client_codes.astype(np.int64), arm=arm,
                       n_clients=len(client_names), n_arms=len(variants))
    compared = compare_arms(arrays, horizon, level, replicates, seed)
    strata = None
    if unit == "client" and "stratum" in assignment.columns:
        stratum_of = dict(zip(assignment["client"].map(header_key), assignment["stratum"]))
        strata = pd.factorize(pd.Series(client_names).map(stratum_of).fillna(""))[0]
    p_random = randomization_p(arrays, horizon, replicates, seed, strata)
    part = part.rename(columns={"duration_days": "duration"})
    cox_block = _cox(part, variants, horizon, level) if cox else {"skipped": "not asked for"}

    as_of_date = joined.as_of
    final = plan is not None and as_of_date >= plan.analysis_date
    status = "final" if final else ("interim" if plan else "no plan")
    arms = []
    for a, name in enumerate(variants):
        row = compared["arms"][a]
        row["variant"] = name
        arms.append(row)
    comparisons = []
    for item in compared["comparisons"]:
        name = variants[item["arm"]]
        rmst_d, share_d = item["rmst_difference"], item["on_time_difference"]
        comparisons.append({
            "variant": name, "control": variants[0],
            "rmst_difference_days": rmst_d.as_dict(),
            "on_time_share_difference": share_d.as_dict(),
            "randomization_p": p_random[item["arm"]],
            "cox": (cox_block.get("variants") or {}).get(name),
            "clear": bool(rmst_d.clear), "on_time_clear": bool(share_d.clear),
            "conclusion": ("clear" if rmst_d.clear else "no clear difference") if final else "none yet",
        })

    # Checks.
    if unit == "client":
        active = part.groupby("assigned")["client"].nunique().to_dict()
    else:
        active = part["assigned"].value_counts().to_dict()
    planned = assignment["variant"].value_counts()
    allocation = dict(zip(variants, plan.allocation)) if plan and plan.allocation else \
        {v: planned.get(v, 0) / planned.sum() for v in variants}
    srm = srm_test({v: int(active.get(v, 0)) for v in variants}, allocation)
    srm["unit"] = "clients with invoices" if unit == "client" else "invoices"
    known_sent = ~part["sent"].isin(("", "?"))
    has_sent = bool(known_sent.any())
    wrong = part[known_sent & (part["sent"] != part["assigned"])]
    unrecognised = part.loc[part["sent"] == "?", "template"].astype(str)
    violations = pd.DataFrame({"row": wrong["source_row"], "invoice_number": wrong["invoice_number"],
                               "client": wrong["client"], "issue_date": wrong["issue_date"].dt.date,
                               "assigned": wrong["assigned"], "sent": wrong["sent"].replace("?", "(unknown)"),
                               "template": wrong["template"]})
    counts = frame["experiment"].value_counts()
    not_assigned = frame[(frame["experiment"] == "not assigned")]
    if plan:
        not_assigned = not_assigned[(not_assigned["issue_date"] >= pd.Timestamp(plan.start))
                                    & (not_assigned["issue_date"] <= pd.Timestamp(plan.end))]
    checks = {
        "sample_ratio": srm,
        "assignment_violations": {
            "checked": bool(has_sent), "invoices": int(len(wrong)),
            "share": float(len(wrong) / len(part)) if len(part) else 0.0,
            "by_assigned": {k: int(v) for k, v in wrong["assigned"].value_counts().items()},
            "examples": [{k: (str(v) if k == "issue_date" else v) for k, v in r.items()}
                         for r in violations.head(20).to_dict("records")],
            "note": None if has_sent else (
                "the ledger's template column names no variant of the plan (name each variant's template with "
                "--variants A=file.pdf when planning): what was sent cannot be checked" if len(unrecognised)
                else "the ledger has no template/variant column: what was sent cannot be checked"),
            "unrecognised": {"invoices": int(len(unrecognised)),
                             "values": sorted(unrecognised.unique().tolist())[:10]},
        },
        "clients_not_assigned": {"invoices": int(len(not_assigned)), "clients": int(not_assigned["client"].nunique()),
                                 "examples": sorted(not_assigned["client"].unique().tolist())[:20]},
        "assigned_without_invoices": sorted(set(assignment["client"].map(header_key)) - set(part["client"].map(header_key)))[:50],
        "assignment_changed_since_plan": bool(loaded.changed_since_plan),
        "peeking": {
            "status": status,
            "as_of": as_of_date.isoformat(),
            "analysis_date": plan.analysis_date.isoformat() if plan else None,
            "rule": "fixed horizon recorded in the plan" if plan else "no plan file: no horizon was fixed in advance",
        },
    }
    survey_block, survey_frame = None, pd.DataFrame()
    if survey is not None:
        survey_block, survey_frame = _survey(survey, survey_mapping, date_format, frame, joined, variants,
                                             replicates, seed)
    from invoice_lint import __version__

    report = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "invoice-lint", "version": __version__},
        "inputs": {"assignment": loaded.source, "plan": loaded.plan_source, "payments": ledger.source,
                   "survey": None if survey is None else (str(survey) if not isinstance(survey, pd.DataFrame)
                                                          else "survey table"),
                   "as_of": as_of_date.isoformat(), "columns": ledger.columns},
        "plan": plan.to_dict() if plan else None,
        "design": {"unit": unit, "variants": variants, "control": variants[0], "horizon_days": horizon,
                   "confidence": level, "alpha_per_comparison": 1 - level},
        "status": status,
        "rows": {"read": int(len(frame)), "in_experiment": int(inside.sum()),
                 **{k.replace(" ", "_"): int(v) for k, v in counts.items() if k != "in"}},
        "arms": arms,
        "comparisons": comparisons,
        "cox": cox_block,
        "checks": checks,
        "survey": survey_block,
        "method": {
            "analysis": "intention to treat: invoices count in the variant assigned, whatever was sent",
            "rmst": f"restricted mean days to payment up to {horizon} days (area under the Kaplan–Meier curve); "
                    "unpaid invoices censored at the as-of date",
            "on_time": "share paid by the due date among invoices whose due date has passed or that are paid",
            "interval": "estimate ± t(clients of the smaller variant − 1) × client-bootstrap standard error"
                        + (" (clients resampled within variant)" if unit == "client" else " (clients resampled)"),
            "bootstrap": {"replicates": replicates, "seed": seed, "clients": int(arrays.n_clients)},
            "randomization_test": "units re-assigned as the plan did (within strata), same replicates",
            "sample_ratio": f"chi-square of {srm['unit']} per variant against the allocation; mismatch when p < {SRM_ALPHA}",
        },
    }
    return ExperimentResult(report=report, rows=frame, assignment=assignment, violations=violations,
                            survey_effects=survey_frame, curves=_curves(arrays, variants, horizon))


def _curves(arrays: ArmArrays, variants: list[str], horizon: int) -> pd.DataFrame:
    """Kaplan–Meier "still unpaid" per assigned variant with pointwise 95 % bands, up to the horizon."""
    from types import SimpleNamespace

    from invoice_lint.analytics.survival import curve_table

    events, exits = _histograms(arrays, horizon)  # arms × clients × day
    events, exits = events.sum(axis=1), exits.sum(axis=1)
    parts = []
    for a, name in enumerate(variants):
        if not exits[a].any():
            continue
        counts = SimpleNamespace(day_events=events[a], day_exits=exits[a])
        parts.append(curve_table("variant", name, counts, horizon))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _survey(survey, survey_mapping, date_format, frame, joined: Joined, variants, replicates, seed):
    from invoice_lint.analytics.survey import join_survey, read_survey, survey_effects, survey_rows

    answers = read_survey(survey, mapping=survey_mapping, date_format=date_format)
    experiment = frame.copy()
    experiment["variant"] = experiment["assigned"]
    experiment.loc[experiment["experiment"] != "in", "status"] = "excluded"
    experiment.loc[experiment["experiment"] != "in", "variant"] = None
    view = Joined(frame=experiment, as_of=joined.as_of, trait_names=["variant"], rows=joined.rows)
    joined_answers = join_survey(answers, view)
    effects = survey_effects(joined_answers, ["variant"], answers.scales, {"variant": variants[0]},
                             replicates=replicates, seed=seed)
    means = []
    usable = joined_answers[joined_answers["status"].isin(("matched_by_number", "matched_by_client_date"))]
    for (question, variant), part in usable.groupby(["question", "variant"]):
        means.append({"question": question, "variant": variant, "answers": int(len(part)),
                      "mean": float(part["score"].mean())})
    block = {"rows": survey_rows(joined_answers, view), "means": means, "effects": effects,
             "method": "difference in mean score against the control, percentile bootstrap over clients"}
    return block, pd.DataFrame(effects)


def write_outputs(result: ExperimentResult, out_dir: Path | str, option: str = "-o") -> list[Path]:
    """experiment.json (the report), rows.csv (every ledger row with its experiment status) and
    violations.csv, through the safe spreadsheet writer."""
    from invoice_lint.foundation.outputs import make_output_folder, write_text
    from invoice_lint.foundation.spreadsheet import write_csv

    out = make_output_folder(Path(out_dir), option)
    path = out / "experiment.json"
    write_text(path, result.to_json(), option)
    written = [path]
    columns = ["source_row", "invoice_number", "client", "issue_date", "due_date", "paid_date", "assigned", "sent",
               "template", "experiment", "status", "reason", "paid", "duration_days", "late"]
    for name, frame in (("rows.csv", result.rows[[c for c in columns if c in result.rows.columns]]),
                        ("violations.csv", result.violations)):
        path = out / name
        try:
            write_csv(frame, path, date_format="%Y-%m-%d")
        except OSError as exc:
            raise UserError(f"{option} {out}: cannot write {name} ({exc.strerror or exc})") from None
        written.append(path)
    return written

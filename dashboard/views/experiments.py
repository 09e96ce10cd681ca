"""Experiments: the assignment, its balance, and the running comparison of template variants with
its fixed horizon — and what it may and may not conclude yet (``experiment analyze``'s figures)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from invoice_lint.dashboard import state
from invoice_lint.dashboard.uploads import UploadFolder
from invoice_lint.dashboard.widgets import chart, table
from invoice_lint.foundation.errors import UserError

TABLES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".parquet")


def _find(folder: Path, stem: str, suffixes=TABLES) -> Path | None:
    if not folder.is_dir():
        return None
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.stem.lower().startswith(stem) and path.suffix.lower() in suffixes \
                and not path.name.lower().endswith(".plan.json"):
            return path
    return None


def _experiment_files(v) -> dict[str, Path | None]:
    """The assignment in the data folder or its ``experiment/`` folder; the ledger beside it, else
    the dashboard's ledger; the survey beside it."""
    files = {"assignment": None, "plan": None, "payments": None, "survey": None}
    root = Path(v.workspace.root) if v.workspace is not None and v.workspace.root else None
    for folder in ([root / "experiment", root] if root else []):
        assignment = _find(folder, "assignment")
        if assignment is not None:
            files["assignment"] = assignment
            files["payments"] = _find(folder, "payments") or _find(folder, "ledger")
            files["survey"] = _find(folder, "survey")
            break
    if files["payments"] is None and v.workspace is not None and v.workspace.ledger_path:
        files["payments"] = Path(v.workspace.ledger_path)
    return files


def _uploads(files: dict) -> dict:
    with st.expander("Use your own experiment files"):
        st.caption("The assignment written by `invoice-lint experiment plan` and its `.plan.json`, and the "
                   "ledger of the experiment's invoices (default: the ledger shown on the other pages).")
        items = {"assignment": st.file_uploader("Assignment", key="exp_assignment"),
                 "plan": st.file_uploader("Plan (.plan.json)", key="exp_plan"),
                 "payments": st.file_uploader("Ledger", key="exp_payments")}
    if items["assignment"] is None:
        held = st.session_state.pop("exp_folder", None)  # the uploads were removed: so are their copies
        if held is not None:
            held.cleanup()
        return files
    if "exp_folder" not in st.session_state:
        st.session_state["exp_folder"] = UploadFolder("experiment")
    folder = st.session_state["exp_folder"].path
    out = dict(files, plan=None, survey=None)
    for key, item in items.items():
        if item is None:
            continue
        suffix = Path(item.name).suffix.lower()
        if key != "plan" and suffix not in TABLES:
            st.error(f"{item.name}: not a table (CSV, Excel or Parquet expected)")
            return files
        name = "assignment.plan.json" if key == "plan" else f"{key}{suffix}"
        (folder / name).write_bytes(item.getvalue())
        out[key] = folder / name
    if out["plan"] is None:  # an earlier upload's plan must not pair with a new assignment
        (folder / "assignment.plan.json").unlink(missing_ok=True)
    return out


def _signature(paths) -> str:
    return "|".join(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in paths if p is not None and p.exists())


@st.cache_data(show_spinner="Analysing the experiment…", max_entries=8)
def cached_experiment(assignment: str, plan: str | None, payments: str, survey: str | None, as_of: date | None,
                      signature: str, replicates: int):
    from invoice_lint.analytics.experiment.analysis import analyze_experiment
    from invoice_lint.analytics.experiment.design import read_assignment

    loaded = read_assignment(Path(assignment), Path(plan) if plan else None)
    return analyze_experiment(loaded, payments, survey, as_of=as_of, replicates=replicates)


def _number(value, digits=1):
    return None if value is None else round(value, digits)


st.header("Experiments")
v = state.view()
files = _uploads(_experiment_files(v))
if files["assignment"] is None:
    st.info("No experiment here. Plan one with `invoice-lint experiment plan --variants A,B --clients ledger.csv "
            "-o assignment.csv`, put `assignment.csv` (and its `.plan.json`) beside the invoices or in an "
            "`experiment/` folder, or upload it above. See docs/experiments.md.")
    st.stop()
if files["payments"] is None:
    st.info(f"{files['assignment'].name}: no ledger to compare the variants with; add one beside it or above.")
    st.stop()
as_of = st.date_input("As of", value=None, key="exp_as_of",
                      help="Unpaid invoices are open up to this date (default: the latest date in the ledger).")
try:
    result = cached_experiment(str(files["assignment"]), str(files["plan"]) if files["plan"] else None,
                               str(files["payments"]), str(files["survey"]) if files["survey"] else None, as_of,
                               _signature(files.values()), state.REPLICATES)
except UserError as exc:
    st.error(str(exc))
    st.stop()
report = result.report
design, checks = report["design"], report["checks"]
st.caption(f"Assignment {files['assignment'].name}, ledger {Path(report['inputs']['payments']).name}; as of "
           f"{checks['peeking']['as_of']}. Intervals use {state.REPLICATES} bootstrap replicates "
           f"(`experiment analyze` uses 1000).")
peek = checks["peeking"]
if report["status"] == "final":
    st.success(f"Final analysis: the plan's analysis date {peek['analysis_date']} has passed, so the comparison "
               f"may be read as the experiment's result.")
elif report["status"] == "interim":
    st.warning(f"Interim look — no conclusion yet. The plan fixed the analysis for {peek['analysis_date']}. "
               f"Stopping or deciding now because a difference looks clear makes false alarms far more likely "
               f"than {100 * design['alpha_per_comparison']:.0f} %.")
else:
    st.info("No plan file beside the assignment: no horizon was fixed in advance; read this as a description.")

plan = report.get("plan")
left, middle, right, last = st.columns(4)
left.metric("Variants", ", ".join(design["variants"]))
middle.metric("Randomised by", design["unit"])
right.metric("Horizon", f"{design['horizon_days']} days")
last.metric("Analysis date", peek["analysis_date"] or "not fixed")
if plan:
    st.caption(f"Seed {plan['seed']}; invoices issued {plan['start']} to {plan['end']}"
               + (f"; stratified by {plan['stratify']}" if plan.get("stratify") else "") + ". "
               + "; ".join(f"{x['name']}: {x['template']}" for x in plan["variants"] if x.get("template")))

st.subheader("Running comparison")
arms = pd.DataFrame(report["arms"])
table(pd.DataFrame({"variant": arms["variant"], "clients": arms["clients"], "invoices": arms["invoices"],
                    "paid": arms["paid"], f"mean days to pay (≤{design['horizon_days']})": arms["rmst_days"].map(_number),
                    "paid by due date": arms["on_time_share"].map(lambda s: None if s is None else round(100 * s))}),
      "experiment variants")
rows = []
for c in report["comparisons"]:
    d, s = c["rmst_difference_days"], c["on_time_share_difference"]
    rows.append({"comparison": f"{c['variant']} vs {c['control']}", "days difference": _number(d["estimate"]),
                 "95% low": _number(d["ci"][0]), "95% high": _number(d["ci"][1]),
                 "paid-by-due difference (points)": None if s["estimate"] is None else round(100 * s["estimate"], 1),
                 "randomisation p": _number(c["randomization_p"], 3),
                 "hazard ratio": _number((c.get("cox") or {}).get("hazard_ratio"), 2),
                 "conclusion": c["conclusion"]})
comparisons = pd.DataFrame(rows)
table(comparisons, "experiment comparisons")
forest = comparisons.rename(columns={"days difference": "value", "95% low": "low", "95% high": "high"})
forest["label"] = forest["comparison"]
chart("forest", forest[["value", "low", "high", "label"]], "value", "low", "high", "label",
      "difference in mean days to pay (negative = sooner)", name="experiment forest")
if not result.curves.empty:
    chart("km", result.curves, "Share still unpaid by variant (assigned)", name="experiment curves")

st.subheader("Checks")
srm = checks["sample_ratio"]
text = ", ".join(f"{k}: {n}" for k, n in srm["observed"].items())
if srm.get("mismatch"):
    st.error(f"Sample-ratio mismatch: {srm['unit']} per variant ({text}) is unlikely under the planned allocation "
             f"(p = {srm['p']:.2g}). Find out why before trusting the comparison.")
else:
    st.caption(f"Sample ratio: {srm['unit']} per variant {text}" +
               (f" (p = {srm['p']:.2f}, no mismatch)." if srm.get("p") is not None else "."))
violations = checks["assignment_violations"]
if violations["invoices"]:
    st.warning(f"{violations['invoices']} invoices ({100 * violations['share']:.0f} %) were sent with another "
               f"variant than assigned; they still count in their assigned variant (intention to treat), which "
               f"pulls a real difference toward 0.")
    table(result.violations, "assignment violations")
elif violations.get("note"):
    st.caption(violations["note"] + ".")
if checks["assignment_changed_since_plan"]:
    st.warning("The assignment file differs from the one the plan wrote (checksum): was it edited?")

st.subheader("Assignment and balance")
if plan and plan.get("balance"):
    balance = pd.DataFrame([{k: val for k, val in b.items() if k not in ("strata", "smd")} for b in plan["balance"]])
    table(balance, "experiment balance")
table(result.assignment.drop(columns=[c for c in ("invoice_key",) if c in result.assignment.columns]),
      "experiment assignment")

st.subheader("What it may and may not conclude yet")
st.markdown(
    "- Variants were assigned at random, so at the analysis date a clear difference is **caused** by the variant — "
    "for these clients, over this period.\n"
    "- Before the analysis date nothing is concluded: differences come and go as invoices get paid, and "
    "stopping at a good-looking moment turns chance into false findings.\n"
    "- It does not say *why* a variant works, whether the effect lasts, or that it holds for other clients.\n"
    "- Invoices sent with the wrong variant still count as assigned, so a real effect looks smaller, never larger.")

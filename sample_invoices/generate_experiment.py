"""Generate the demo template experiment in sample_invoices/experiment/ (deterministic).

The worked example of docs/experiments.md: the 60 clients of the demo ledger (payments.csv) are
assigned by the real planner — variant A is sent from en-02-plain-terms.pdf (no payment link),
variant B from en-01-bordered-clean.pdf (with one), stratified by past days to pay — and the
project's payment simulator then issues their invoices for six months from the day after the
demo ledger ends, with a planted effect of B: paid 8 days sooner.  2 % of invoices go out with
the other variant (a sending mistake, for the assignment check), and a survey is answered.

    python sample_invoices/generate_experiment.py           # writes experiment/ here
    python sample_invoices/generate_experiment.py --check   # fail if the committed files differ

Files: experiment/assignment.csv and assignment.plan.json (as `invoice-lint experiment plan`
writes them), experiment/payments.csv (the ledger at the plan's analysis date, the template
each invoice was sent from in ``template``), experiment/survey.csv.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd

from invoice_lint.analytics.experiment.design import Variant, plan_experiment, read_clients, write_plan
from invoice_lint.analytics.simulation.experiment import simulate_experiment
from invoice_lint.analytics.simulation.payments import export_ledger, export_survey

HERE = Path(__file__).resolve().parent
SEED = 20260105
VARIANTS = [Variant("A", "en-02-plain-terms.pdf"), Variant("B", "en-01-bordered-clean.pdf")]
PLANTED = {"B": -8.0}


def csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def build(out: Path) -> dict[str, str]:
    ledger = HERE / "payments.csv"
    table = read_clients(ledger)
    last = table.ledger.frame["issue_date"].max().date()
    plan = plan_experiment(table, VARIANTS, seed=SEED, stratify="days-to-pay", strata=2,
                           start=last + timedelta(days=1), days=182, horizon_days=90)
    plan.created = plan.start.isoformat()  # not today's date: the files must not change from day to day
    plan.clients_source = plan.payments_source = "payments.csv"
    # The clients pay as fast as they did in the demo ledger (their mean days to pay there, less
    # the simulator's base), so the strata and the balance table mean what they say.
    history = table.history.set_index("client").loc[sorted(plan.assignment["client"])]
    delay = (history["mean_days_to_pay"] - history["mean_days_to_pay"].mean()).fillna(0).to_numpy()
    sim = simulate_experiment(SEED, plan=plan, n_clients=len(plan.assignment), effects=PLANTED,
                              violation_share=0.02, survey_share=0.25, client_delay=delay)
    payments = export_ledger(sim.ledger)
    templates = {v.name: v.template for v in VARIANTS}
    payments["Currency"] = "EUR"
    payments["template"] = sim.ledger["template"].map(templates).to_numpy()
    survey = export_survey(sim.survey, seed=SEED)
    files = {"payments.csv": csv_text(payments), "survey.csv": csv_text(survey)}
    scratch = out / ".assignment.tmp.csv"
    try:
        write_plan(plan, scratch)
        files["assignment.csv"] = scratch.read_text(encoding="utf-8")
        data = json.loads(scratch.with_name(".assignment.tmp.plan.json").read_text(encoding="utf-8"))
    finally:
        scratch.unlink(missing_ok=True)
        scratch.with_name(".assignment.tmp.plan.json").unlink(missing_ok=True)
    files["assignment.plan.json"] = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "experiment")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    args.out.mkdir(exist_ok=True)
    files = build(args.out)
    if args.check:
        stale = [n for n, text in files.items()
                 if not (args.out / n).exists() or (args.out / n).read_text(encoding="utf-8") != text]
        if stale:
            print(f"generate_experiment: out of date: {', '.join(stale)}", file=sys.stderr)
            return 1
        return 0
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(sorted(files))} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`invoice-lint experiment plan|power|analyze`: find out which invoice style *causes* faster payment."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from invoice_lint.commands import at_least


def _share(value: str) -> float:
    number = float(value) if value.replace(".", "", 1).isdigit() else -1
    if not 0 < number < 1:
        raise argparse.ArgumentTypeError(f"must be a number between 0 and 1, not {value!r}")
    return number


def _effect(value: str) -> tuple[float, str]:
    """``3d`` (3 days sooner) or ``10pp`` (10 more points paid by the due date)."""
    text = value.strip().lower()
    for suffix, kind in (("pp", "share"), ("%", "share"), ("days", "days"), ("day", "days"), ("d", "days")):
        if text.endswith(suffix):
            try:
                number = float(text[: -len(suffix)])
            except ValueError:
                break
            if number <= 0 or number != number or number == float("inf"):
                raise argparse.ArgumentTypeError(f"must be above 0, not {value!r}")
            if kind == "share" and number >= 100:
                raise argparse.ArgumentTypeError(f"a share effect must be below 100 points, not {value!r}")
            return (-number, "days") if kind == "days" else (number / 100, "share")
    raise argparse.ArgumentTypeError(f"expected days sooner such as 3d, or points paid on time such as 10pp, not {value!r}")


def _common_ledger(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="name the ledger column for a field, e.g. --map client=Kunde (repeatable)")
    p.add_argument("--date-format", metavar="FORMAT", help="ledger dates: iso, dmy, mdy or a pattern such as %%d/%%m/%%Y")
    p.add_argument("--output-format", "--format", dest="output_format", choices=["text", "json"], default="text",
                   help="text (plain words and tables, default) or json (schema_version 1, docs/experiments.md)")
    p.add_argument("--seed", type=at_least(0), default=0, help="random seed (default 0)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = "See docs/experiments.md. Exit status: 0 done; 2 bad usage or input (one line on stderr)."
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan = sub.add_parser("plan", help="assign clients (or invoices) to template variants with a recorded seed",
                          description="Assign clients (or invoices) to template variants at random, write the "
                          "assignment and its plan (seed, dates, horizon), and show the balance.")
    plan.add_argument("--variants", required=True, metavar="A,B[,C]",
                      help="variant names, the first is the control; NAME=template.pdf names the PDF a variant is sent from")
    plan.add_argument("--clients", required=True, type=Path, metavar="FILE",
                      help="clients to randomise: a list with a client column, or a ledger (CSV, Excel, Parquet)")
    plan.add_argument("--client-column", metavar="NAME", help="the clients file's client column (default: recognized)")
    plan.add_argument("--payments", type=Path, metavar="LEDGER", help="past ledger for strata and the balance table")
    plan.add_argument("--unit", choices=["client", "invoice"], default="client",
                      help="client (default: each client sees one variant) or invoice (the file lists invoices)")
    plan.add_argument("--stratify", metavar="BY", help="size, days-to-pay (from the ledger) or a column of the clients file")
    plan.add_argument("--strata", type=at_least(2), default=2, metavar="K", help="bins for a numeric --stratify (default 2)")
    plan.add_argument("--allocation", metavar="SHARES", help="shares per variant, e.g. 1,1 (default equal)")
    plan.add_argument("--start", metavar="DATE", help="first issue date in the experiment, YYYY-MM-DD (default today)")
    plan.add_argument("--days", type=at_least(1), default=182, metavar="N", help="days invoices are issued in the experiment (default 182)")
    plan.add_argument("--horizon", type=at_least(1), default=90, metavar="DAYS",
                      help="days each invoice is followed; the analysis date is the last issue date + this (default 90)")
    plan.add_argument("--alpha", type=_share, default=0.05, help="false-alarm rate of the final analysis (default 0.05)")
    plan.add_argument("-o", "--output", dest="out", type=Path, required=True, metavar="FILE",
                      help="the assignment CSV; FILE's name with .plan.json is written beside it")
    _common_ledger(plan)

    power = sub.add_parser("power", help="clients and invoices needed, simulated from your ledger",
                           description="Estimate by simulation from your own ledger how many clients and invoices "
                           "an experiment needs to detect a given effect, for client and invoice randomisation.")
    power.add_argument("--payments", required=True, type=Path, metavar="LEDGER", help="the payments ledger")
    power.add_argument("--effect", required=True, type=_effect, metavar="EFFECT",
                       help="3d = paid 3 days sooner; 10pp = 10 points more paid by the due date")
    power.add_argument("--alpha", type=_share, default=0.05, help="false-alarm rate (default 0.05)")
    power.add_argument("--power", type=_share, default=0.8, help="wanted chance to detect the effect (default 0.8)")
    power.add_argument("--clients", type=at_least(4), metavar="N", help="clients in the experiment (default: the ledger's)")
    power.add_argument("--variants", type=at_least(2), default=2, metavar="K", help="number of variants (default 2)")
    power.add_argument("--days", type=at_least(1), default=182, metavar="N", help="days invoices are issued (default 182)")
    power.add_argument("--horizon", type=at_least(1), default=90, metavar="DAYS", help="follow-up per invoice (default 90)")
    power.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD; the ledger's as-of date (default its latest date)")
    power.add_argument("--simulations", type=at_least(50), default=400, metavar="N",
                       help="simulated experiments per table cell, 50 or more (default 400)")
    power.add_argument("--bootstrap", type=at_least(50), default=200, metavar="N", help="bootstrap replicates per simulated experiment (default 200)")
    _common_ledger(power)

    analyze = sub.add_parser("analyze", help="compare the variants: intention to treat, censoring, checks",
                             description="Compare the variants of an experiment: restricted mean days to payment "
                             "and share paid by the due date, with client-bootstrap intervals; checks for "
                             "sample-ratio mismatch, assignment violations and peeking.")
    analyze.add_argument("--assignment", required=True, type=Path, metavar="FILE",
                         help="the assignment written by `experiment plan` (its .plan.json is read from beside it)")
    analyze.add_argument("--plan", type=Path, metavar="FILE", help="the plan file, when it is not beside the assignment")
    analyze.add_argument("--payments", required=True, type=Path, metavar="LEDGER", help="the payments ledger")
    analyze.add_argument("--survey", type=Path, metavar="FILE", help="client survey answers")
    analyze.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD (default: the latest date in the ledger)")
    analyze.add_argument("--variant-column", metavar="NAME",
                         help="ledger column naming the variant or template sent (default: a column called template)")
    analyze.add_argument("--bootstrap", type=at_least(100), default=1000, metavar="N", help="bootstrap replicates (default 1000)")
    analyze.add_argument("-o", "--output", dest="out", type=Path, metavar="DIR",
                         help="also write experiment.json, rows.csv and violations.csv into DIR (created if missing)")
    _common_ledger(analyze)


def _input(option: str, path: Path | None) -> None:
    from invoice_lint.foundation.errors import UserError

    if path is not None and not path.is_file():
        raise UserError(f"{option} {path}: {'is a folder' if path.is_dir() else 'no such file'}")


def run(args: argparse.Namespace) -> int:
    return {"plan": _plan, "power": _power, "analyze": _analyze}[args.action](args)


def _ledger_map(args) -> tuple[dict, dict]:
    from invoice_lint.analytics.columns import parse_mapping

    return parse_mapping(args.map)


def _plan(args) -> int:
    import json

    from invoice_lint.analytics.date_columns import parse_one_date
    from invoice_lint.analytics.experiment.design import (
        parse_allocation,
        parse_variants,
        plan_experiment,
        plan_path,
        read_clients,
        write_plan,
    )
    from invoice_lint.analytics.experiment.report import render_plan
    from invoice_lint.foundation.outputs import check_output_file

    _input("--clients", args.clients)
    _input("--payments", args.payments)
    inputs = [p for p in (args.clients, args.payments) if p]
    check_output_file(args.out, "-o", inputs)
    check_output_file(plan_path(args.out), "-o", inputs)
    variants = parse_variants(args.variants)
    allocation = parse_allocation(args.allocation, len(variants))
    start = parse_one_date(args.start, "--start").date() if args.start else None
    mapping, _ = _ledger_map(args)
    table = read_clients(args.clients, args.unit, args.client_column, args.payments, args.date_format, mapping)
    plan = plan_experiment(table, variants, unit=args.unit, seed=args.seed, stratify=args.stratify,
                           strata=args.strata, allocation=allocation, start=start, days=args.days,
                           horizon_days=args.horizon, alpha=args.alpha)
    written = write_plan(plan, args.out)
    data = plan.to_dict()
    if args.output_format == "json":
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_plan(data, [str(p) for p in written]))
    return 0


def _power(args) -> int:
    import json

    from invoice_lint.analytics.date_columns import parse_one_date
    from invoice_lint.analytics.experiment.power import estimate_power, read_pools, render_power
    from invoice_lint.commands.analyze import _progress_wanted

    _input("--payments", args.payments)
    mapping, _ = _ledger_map(args)
    as_of = parse_one_date(args.as_of).date() if args.as_of else None
    pools = read_pools(args.payments, as_of=as_of, mapping=mapping, date_format=args.date_format,
                       horizon_days=args.horizon)
    effect, kind = args.effect
    if kind == "share" and not pools.late_share:
        from invoice_lint.foundation.errors import UserError

        raise UserError(f"{args.payments}: no invoice in the ledger was paid late, so a share effect cannot be simulated")
    report = estimate_power(pools, effect, kind, clients=args.clients, days=args.days, horizon=args.horizon,
                            alpha=args.alpha, power=args.power, variants=args.variants,
                            simulations=args.simulations, replicates=args.bootstrap, seed=args.seed,
                            progress=not args.no_progress and _progress_wanted(args.output_format == "json"))
    sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n" if args.output_format == "json"
                     else render_power(report))
    return 0


def _analyze(args) -> int:
    from invoice_lint.analytics.experiment.analysis import analyze_experiment, write_outputs
    from invoice_lint.analytics.experiment.design import read_assignment
    from invoice_lint.commands.analysis_options import analysis_options
    from invoice_lint.foundation.outputs import check_output_folder

    for option, path in (("--assignment", args.assignment), ("--plan", args.plan), ("--payments", args.payments),
                         ("--survey", args.survey)):
        _input(option, path)
    if args.out:
        check_output_folder(args.out, "-o")
    options = analysis_options(args)  # every value checked before the files are read, as for analyze
    loaded = read_assignment(args.assignment, args.plan)
    result = analyze_experiment(loaded, args.payments, args.survey, as_of=options.as_of, mapping=options.ledger_map,
                                survey_mapping=options.survey_map, variant_column=args.variant_column,
                                date_format=options.date_format, replicates=options.replicates, seed=options.seed)
    if args.out:
        write_outputs(result, args.out, "-o")
    sys.stdout.write(result.to_json() if args.output_format == "json" else result.text)
    return 0

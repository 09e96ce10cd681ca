"""`invoice-lint analyze`: which invoice traits go with faster payment and happier clients."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from invoice_lint.commands import OCR_HELP, at_least, check_language, languages_help
from invoice_lint.commands.analysis_options import analysis_options
from invoice_lint.commands.reading import add_reading_arguments, reading_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("invoices", nargs="?", type=Path, metavar="INVOICES_DIR",
                   help="folder of invoice PDFs whose traits are analysed (optional); checked as `check` checks "
                   "them, with the folder's config file (or --config)")
    p.add_argument("--payments", required=True, type=Path, metavar="FILE",
                   help="payments ledger (CSV, Excel or Parquet): invoice number, client, issue/due/paid dates, amount")
    p.add_argument("--survey", type=Path, metavar="FILE", help="client survey answers (CSV, Excel or Parquet)")
    p.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD; unpaid invoices are open (censored) up to this date "
                   "(default: the latest date in the ledger)")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="name the ledger column for a field, e.g. --map paid_date='Fecha de cobro'; "
                   "survey.FIELD=COLUMN for the survey (repeatable)")
    p.add_argument("--trait-column", action="append", default=[], metavar="NAME",
                   help="analyse this ledger column as a trait too, e.g. a delivery channel (repeatable)")
    p.add_argument("--template-column", metavar="NAME",
                   help="ledger column naming the PDF each row was issued from (default: a column called "
                   "template / plantilla / šablon / Vorlage / modèle)")
    p.add_argument("--reference", action="append", default=[], metavar="TRAIT=LEVEL",
                   help="compare the trait's levels against this one (default: 'no', or the most common level)")
    p.add_argument("--date-format", metavar="FORMAT",
                   help="how dates are written: iso, dmy, mdy or a pattern such as %%d/%%m/%%Y (default: inferred; "
                   "ambiguous columns are refused)")
    p.add_argument("--language", help=languages_help())
    p.add_argument("--ocr", action="store_true", help=OCR_HELP)
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="check INVOICES_DIR with this config file instead of the closest one (as check does)")
    p.add_argument("--predict", action="store_true", help="also fit a late-payment model (GroupKFold by client)")
    p.add_argument("--output-format", "--format", dest="output_format", choices=["text", "json"], default="text",
                   help="text (a plain-language summary, default) or json (schema_version 1, docs/analyze.md)")
    p.add_argument("-o", "--output", "--out", dest="out", type=Path, metavar="DIR",
                   help="also write traits.csv, joined.csv, effects.json and curves.csv into DIR (created if "
                   "missing; its parent folder must exist)")
    p.add_argument("--bootstrap", type=at_least(100), default=1000, metavar="N",
                   help="bootstrap replicates, 100 or more (default 1000)")
    p.add_argument("--seed", type=at_least(0), default=0, help="random seed for bootstrap and subsamples (default 0)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    add_reading_arguments(p)
    p.epilog = "Exit status: 0 analysed; 2 bad usage or input (one line on stderr)."


def _progress_wanted(machine_format: bool) -> bool:
    """Progress bars on stderr only for a person at a terminal (not CI, not JSON)."""
    return not machine_format and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in {"1", "true", "yes"}


def run(args: argparse.Namespace) -> int:
    from invoice_lint.analytics.api import analyze, write_outputs
    from invoice_lint.foundation.errors import UserError
    from invoice_lint.foundation.outputs import check_output_folder
    from invoice_lint.pipeline import ReadOptions

    if args.out:
        check_output_folder(args.out, "-o")
    check_language(args.language)
    for option, value in (("--payments", args.payments), ("--survey", args.survey)):
        if value is not None and not value.is_file():
            raise UserError(f"{option} {value}: {'is a folder' if value.is_dir() else 'no such file'}")
    if args.invoices is not None and not args.invoices.exists():
        raise UserError(f"{args.invoices}: no such folder")
    if args.config is not None and args.invoices is None:
        raise UserError(f"--config {args.config}: needs INVOICES_DIR (the config says how the invoices are checked)")
    options = analysis_options(args)
    config = None
    if args.invoices is not None:  # the invoices are checked as `check` checks them: with their folder's config
        from invoice_lint.config import load_config

        config = load_config(args.invoices, args.config)
        config.ocr = config.ocr or args.ocr
    result = analyze(args.invoices, args.payments, args.survey, options=options, config=config,
                     read_options=ReadOptions(ocr=args.ocr, **reading_options(args, config)),
                     progress=not args.no_progress and _progress_wanted(args.output_format == "json"))
    if args.out:
        write_outputs(result, args.out, "-o")
    sys.stdout.write(result.to_json() if args.output_format == "json" else result.text)
    return 0

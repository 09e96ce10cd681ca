"""`invoice-lint audit`: a billing audit report (HTML, PDF) a consultant can hand to a client."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from invoice_lint.commands import (
    OCR_HELP,
    at_least,
    check_language,
    comma_list,
    jurisdiction_help,
    languages_help,
    report_languages,
)
from invoice_lint.commands.analysis_options import analysis_options
from invoice_lint.commands.reading import add_reading_arguments, reading_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("invoices", type=Path, metavar="INVOICES_DIR", help="folder of invoice PDFs (searched recursively)")
    p.add_argument("-o", "--output", action="append", type=Path, required=True, metavar="FILE",
                   help="write the report here: report.html, or report.pdf; give -o twice for both (the folder "
                   "must exist)")
    p.add_argument("--output-format", "--format", dest="output_format", choices=["html", "pdf"],
                   help="html (default) or pdf (printed by headless Chromium); with one -o only — "
                   "otherwise each file's suffix decides")
    p.add_argument("--payments", type=Path, metavar="FILE",
                   help="payments ledger (CSV, Excel or Parquet): adds payment performance, KPIs and aging")
    p.add_argument("--survey", type=Path, metavar="FILE", help="client survey answers (needs --payments)")
    p.add_argument("--assignment", type=Path, metavar="FILE",
                   help="a template experiment's assignment (`experiment plan`, its .plan.json beside it): adds an "
                   "Experiment section comparing the variants in the --payments ledger")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="name the ledger column for a field; survey.FIELD=COLUMN for the survey (repeatable)")
    p.add_argument("--date-format", metavar="FORMAT", help="ledger dates: iso, dmy, mdy or a pattern such as %%d/%%m/%%Y")
    p.add_argument("--as-of", metavar="DATE", help="YYYY-MM-DD; unpaid invoices are open up to this date")
    p.add_argument("--trait-column", action="append", default=[], metavar="NAME",
                   help="analyse this ledger column as a trait too (repeatable)")
    p.add_argument("--jurisdiction", type=comma_list, default=[], help=jurisdiction_help())
    p.add_argument("--language", help=languages_help())
    p.add_argument("--ocr", action="store_true", help=OCR_HELP + "; also `ocr = true` in the config")
    p.add_argument("--config", type=Path, help="use this config file instead of the closest one")
    p.add_argument("--redact", action="store_true",
                   help="mask IBANs, account and card numbers, tax ids and personal names in the report")
    p.add_argument("--report-language", default="en", metavar="LANG",
                   help=f"language of the report's own text: {', '.join(report_languages())} (default en; "
                   "one per rules/report/*.yaml)")
    p.add_argument("--bootstrap", type=at_least(100), default=1000, metavar="N",
                   help="bootstrap replicates, 100 or more (default 1000)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    add_reading_arguments(p, dask=False)
    p.epilog = ("Exit status: 0 report written; 2 bad usage or input (one line on stderr), or some invoice files "
                "could not be read — the report is still written and lists them with the reason.")


def _shown(path: Path | None) -> str:
    """A path for the report's 'command to repeat it': relative to here, never an outside absolute path."""
    if path is None:
        return ""
    try:
        rel = os.path.relpath(Path(path).resolve(), Path.cwd())
    except ValueError:
        return Path(path).name
    return Path(path).name if rel.startswith("..") else rel


def _outputs(args) -> list[tuple[Path, str]]:
    from invoice_lint.foundation.errors import UserError

    outputs = args.output
    if len(outputs) > 2:
        raise UserError("-o: give one HTML and/or one PDF file")
    if len(outputs) == 1:
        out = outputs[0]
        kind = "pdf" if args.output_format == "pdf" or out.suffix.lower() == ".pdf" else "html"
        return [(out, kind)]
    kinds = [(o, "pdf" if o.suffix.lower() == ".pdf" else "html") for o in outputs]
    if kinds[0][1] == kinds[1][1]:
        raise UserError("-o twice: give one .html and one .pdf file")
    return kinds


def _command(args) -> str:
    parts = ["invoice-lint", "audit", _shown(args.invoices)]
    for option, value in (("--payments", args.payments), ("--survey", args.survey), ("--config", args.config),
                          ("--assignment", args.assignment)):
        if value is not None:
            parts += [option, _shown(value)]
    for item in args.map:
        parts += ["--map", item]
    for option, value in (("--date-format", args.date_format), ("--as-of", args.as_of), ("--language", args.language)):
        if value:
            parts += [option, value]
    for name in args.trait_column:
        parts += ["--trait-column", name]
    if args.jurisdiction:
        parts += ["--jurisdiction", ",".join(args.jurisdiction)]
    if args.ocr:
        parts.append("--ocr")
    if args.redact:
        parts.append("--redact")
    if args.report_language != "en":
        parts += ["--report-language", args.report_language]
    if args.bootstrap != 1000:
        parts += ["--bootstrap", str(args.bootstrap)]
    return " ".join(f"'{p}'" if " " in p else p for p in parts)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from invoice_lint.audit.contents import build_contents
    from invoice_lint.audit.html import render_html
    from invoice_lint.audit.i18n import load_texts
    from invoice_lint.billing import load_billing
    from invoice_lint.config import load_config
    from invoice_lint.foundation.errors import UserError
    from invoice_lint.foundation.outputs import check_output_file, write_text
    from invoice_lint.pipeline import ReadOptions, show_progress

    outputs = _outputs(args)
    for out, _ in outputs:
        check_output_file(out, "-o", [args.invoices, *(p for p in (args.payments, args.survey, args.config) if p)])
    check_language(args.language)
    load_texts(args.report_language)  # an unknown report language fails before the PDFs are read
    if not args.invoices.is_dir():
        raise UserError(f"{args.invoices}: no such folder")
    for option, value in (("--payments", args.payments), ("--survey", args.survey), ("--assignment", args.assignment)):
        if value is not None and not value.is_file():
            raise UserError(f"{option} {value}: no such file")
    if args.assignment is not None and args.payments is None:
        raise UserError("--assignment needs --payments: the ledger holds the experiment's invoices")
    options = analysis_options(args)
    experiment = None
    if args.assignment is not None:  # read and checked before the PDFs, so a bad file fails at once
        from invoice_lint.analytics.experiment.analysis import analyze_experiment
        from invoice_lint.analytics.experiment.design import read_assignment

        experiment = analyze_experiment(
            read_assignment(args.assignment), args.payments, as_of=options.as_of, mapping=options.ledger_map,
            date_format=options.date_format, replicates=options.replicates).report
    config = load_config(args.invoices, args.config)
    config.ocr = config.ocr or args.ocr
    progress = not args.no_progress and show_progress(False)
    billing = load_billing(args.invoices, args.payments, args.survey, options=options, config=config,
                           jurisdiction=args.jurisdiction, progress=progress,
                           read_options=ReadOptions(**reading_options(args, config)))
    if not billing.invoices and not billing.errors:
        raise UserError(f"{args.invoices}: no PDF files to audit")
    contents = build_contents(billing, redact=args.redact, options={
        "command": _command(args), "as_of": args.as_of, "replicates": args.bootstrap if billing.analysis else None,
        "generated": date.today().isoformat()}, experiment=experiment)
    html = render_html(contents, args.report_language)
    for out, kind in outputs:
        if kind == "pdf":
            from invoice_lint.audit.pdf import html_to_pdf

            html_to_pdf(html, out)
        else:
            write_text(out, html, "-o")
    for error in contents.unreadable:  # one line each, as check and extract print them
        print(f"invoice-lint: {error['file']}: {error['cause']}", file=sys.stderr)
    s = contents.summary
    unreadable = f", {s['unreadable']} unreadable (listed in the report)" if s["unreadable"] else ""
    print(f"invoice-lint audit: {s['readable']} invoices read{unreadable}; {s['compliant']} show every required "
          f"detail; {s['findings']} findings. Wrote {', '.join(str(o) for o, _ in outputs)}.", file=sys.stderr)
    return 2 if billing.errors else 0

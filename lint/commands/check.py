"""`invoice-lint check`: lint invoice PDFs against the selected rule packs."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from invoice_lint.commands import OCR_HELP, at_least, check_language, comma_list, jurisdiction_help, languages_help
from invoice_lint.commands.reading import add_reading_arguments, reading_options

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, default=[Path(".")], metavar="PATH",
                   help="PDF files, e-invoice XML files (CII or UBL) or folders (searched recursively); "
                        "default: the current folder")
    p.add_argument("--output-format", "--format", dest="output_format", choices=FORMATS, default="text")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to this file (its folder must exist)")
    p.add_argument("--config", type=Path, help="use this config file instead of the closest one")
    p.add_argument("--select", type=comma_list,
                   help="only these codes, prefixes or names (comma-separated); a prefix selects within the active "
                   "packs, an exact code or name may enable a rule of another pack")
    p.add_argument("--extend-select", type=comma_list, default=[], help="add these to the selection (same rules)")
    p.add_argument("--ignore", type=comma_list, default=[], help="skip these codes, prefixes or names")
    p.add_argument("--language", help=languages_help())
    p.add_argument("--jurisdiction", type=comma_list, default=[], help=jurisdiction_help())
    p.add_argument("--ocr", action="store_true", help=OCR_HELP + "; also `ocr = true` in the config")
    p.add_argument("--fail-on", choices=["error", "warning", "info"], help="lowest severity that fails the run")
    p.add_argument("--max-warnings", type=at_least(0), metavar="N", help="fail when there are more than N warnings")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings (unreadable input still 2)")
    p.add_argument("--statistics", action="store_true", help="print counts per rule instead of each finding")
    p.add_argument("--write-baseline", type=Path, metavar="FILE",
                   help="record today's findings in FILE (keyed by file, rule and matched text) and exit 0")
    p.add_argument("--baseline", type=Path, metavar="FILE",
                   help="suppress the findings recorded in FILE; entries that no longer match fail the run")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    add_reading_arguments(p)
    p.epilog = ("Exit status: 0 clean; 1 findings at or above --fail-on (default error) or more than "
                "--max-warnings warnings; 2 usage or configuration error, or a file that could not be read "
                "(2 wins when both apply).")


CROSS_DOCUMENT = ("date_format", "currency_style", "register", "seller_details")


def _cross_document_note(paths: list[Path], checked: list[str], rules) -> str | None:
    """Files named one by one (pre-commit passes only the changed ones) are compared only with
    each other by the cross-document rules; say so when their folders hold other PDFs."""
    codes = [r.code for r in rules if r.kind == "consistency" and r.options.get("check") in CROSS_DOCUMENT]
    folders = {p.resolve().parent for p in paths if p.is_file()}
    if not codes or not folders:
        return None
    seen = {Path(c).resolve() for c in checked}
    others = sum(1 for folder in folders for p in folder.glob("*") if p.suffix.lower() == ".pdf" and p.is_file()
                 and not p.name.startswith(".") and p.resolve() not in seen)
    if not others:
        return None
    return (f"note: cross-document rules ({', '.join(codes)}: one style per seller across invoices) compared only "
            f"the {len(checked)} file{'s' if len(checked) != 1 else ''} given, not the {others} other PDF"
            f"{'s' if others != 1 else ''} in {'their folders' if len(folders) > 1 else 'the same folder'}; "
            f"check the folder for the full comparison")


def run(args: argparse.Namespace) -> int:
    import os

    from invoice_lint.checking import run_check
    from invoice_lint.config import load_config
    from invoice_lint.foundation.errors import UserError
    from invoice_lint.foundation.outputs import check_output_file, write_text
    from invoice_lint.pipeline import ReadOptions, show_progress
    from invoice_lint.report import MACHINE_FORMATS, RunReport, render
    from invoice_lint.report.text_format import statistics

    # every output and the baseline are checked before a single PDF is read
    if args.output:
        check_output_file(args.output, "-o", args.paths)
    if args.write_baseline:
        check_output_file(args.write_baseline, "--write-baseline", args.paths)
    if args.baseline and not args.baseline.is_file():
        raise UserError(f"--baseline {args.baseline}: "
                        f"{'is a folder' if args.baseline.is_dir() else 'no such file'} "
                        f"(create one with --write-baseline)")
    check_language(args.language)
    config = load_config(args.paths[0] if args.paths else Path("."), args.config)
    if args.select is not None:
        config.select = args.select
    config.extend_select += args.extend_select
    config.ignore += args.ignore
    config.jurisdiction += [j for j in args.jurisdiction if j not in config.jurisdiction]
    if args.language:
        config.language = args.language
    if args.fail_on:
        config.fail_on = args.fail_on
    config.ocr = config.ocr or args.ocr

    progress = not args.no_progress and show_progress(args.output_format in MACHINE_FORMATS)
    reading = ReadOptions(language=config.language, ocr=config.ocr, **reading_options(args, config))
    result = run_check(args.paths, config, reading, progress=progress,
                       baseline=None if args.write_baseline else args.baseline)
    findings, notes, errors = result.findings, result.notes, result.errors
    if args.write_baseline:
        from invoice_lint.baseline import write_baseline

        n = write_baseline(args.write_baseline, findings)
        print(f"invoice-lint: wrote {n} baseline entries for {len(findings)} findings to {args.write_baseline}",
              file=sys.stderr)
        return 2 if errors else 0
    cross = _cross_document_note(args.paths, result.read_paths, result.ruleset.rules)
    if cross:
        notes.append(cross)
    notes += result.rule_notes
    order = {"info": 0, "warning": 1, "error": 2}
    failing = [f for f in findings if order[f.severity] >= order[config.fail_on] and not f.code.startswith("PDF")]
    warnings = sum(1 for f in findings if f.severity == "warning")
    too_many = args.max_warnings is not None and warnings > args.max_warnings
    if too_many:
        notes.append(f"{'' if args.exit_zero else 'failing: '}{warnings} warning{'s' if warnings != 1 else ''} "
                     f"found, more than --max-warnings {args.max_warnings} allows")
    code = 0
    if (failing or too_many) and not args.exit_zero:
        code = 1
    if result.stale and not args.exit_zero:
        code = 1
    if errors:
        code = 2
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    report = RunReport(findings=findings, files=result.files, rules=result.ruleset.rules, unreadable=len(errors),
                       exit_code=code, color=color and not args.output, notes=notes,
                       packs=ruleset_packs(config, result.ruleset))
    text = statistics(report) if args.statistics else render(args.output_format, report)
    if args.output:
        write_text(args.output, text, "-o")
    else:
        sys.stdout.write(text)
    if args.output_format != "text" or args.statistics:
        for note in notes:
            print(f"invoice-lint: {note}", file=sys.stderr)
    return code


def ruleset_packs(config, ruleset) -> list[str]:
    """The packs whose rules ran, and any rule named exactly from another pack (``+REQ010``)."""
    active = list(dict.fromkeys([*config.packs, *config.jurisdiction]))
    extra = [r.code for r in ruleset.rules if r.kind != "input" and not set(r.packs) & set(active)]
    return active + [f"+{code}" for code in extra]

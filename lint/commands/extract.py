"""`invoice-lint extract`: show exactly what the rules see — language, pages and fields."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from invoice_lint.commands import OCR_HELP, check_language, languages_help, positive_seconds
from invoice_lint.commands.reading import add_reading_arguments, reading_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="PDF files, e-invoice XML files (CII or UBL) or folders (searched recursively)")
    p.add_argument("--output-format", "--format", dest="output_format", choices=["text", "json"], default="text",
                   help="text (a readable table, default) or json (schema_version 1, see README)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write to this file instead of standard output (its folder must exist)")
    p.add_argument("--language", help=languages_help())
    p.add_argument("--tables", action="store_true", help="also extract ruled tables (slower); listed in the text and the JSON output")
    p.add_argument("--ocr", action="store_true", help=OCR_HELP)
    p.add_argument("--time-limit", type=positive_seconds, default=60.0, metavar="SECONDS",
                   help="give up on a file after this many seconds (default 60)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    add_reading_arguments(p)
    p.epilog = "Exit status: 0 all files read; 2 some input could not be read (listed on stderr) or bad usage."


def run(args: argparse.Namespace) -> int:
    from invoice_lint import __version__
    from invoice_lint.einvoice.serialize import einvoice_json
    from invoice_lint.fields.serialize import fields_json
    from invoice_lint.foundation.outputs import check_output_file, write_text
    from invoice_lint.pipeline import ReadOptions, read_invoices, show_progress

    if args.output:
        check_output_file(args.output, "-o", args.paths)
    check_language(args.language)
    options = ReadOptions(language=args.language, time_limit_s=args.time_limit, with_tables=args.tables,
                          ocr=args.ocr, **reading_options(args))
    invoices, errors = read_invoices(
        args.paths, options, progress=not args.no_progress and show_progress(args.output_format == "json"))
    if args.output_format == "json":
        payload = {
            "schema_version": 1,
            "tool": {"name": "invoice-lint", "version": __version__},
            "documents": [
                {
                    "path": str(inv.document.path),
                    "language": inv.document.language,
                    "language_source": inv.document.language_source,
                    "label_languages": list(inv.document.label_languages or (inv.document.language,)),
                    "pages": len(inv.document.pages),
                    "ocr": inv.document.ocr,
                    "fields": _with_confidence(fields_json(inv.fields), inv.fields),
                    "xml": einvoice_json(inv.xml),
                    **({"tables": [
                        {"page": page.number, "rows": table} for page in inv.document.pages for table in page.tables
                    ]} if args.tables else {}),
                }
                for inv in invoices
            ],
            "errors": [{"path": e.path, "kind": e.kind, "cause": e.cause} for e in errors],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        text = _as_text(invoices, tables=args.tables)
    if args.output:
        write_text(args.output, text, "-o")
    else:
        sys.stdout.write(text)
    for e in errors:
        print(f"invoice-lint: {e.path}: {e.cause}", file=sys.stderr)
    return 2 if errors else 0


def _with_confidence(payload: dict, fields) -> dict:
    """A field read by OCR carries ``confidence``: the lowest OCR confidence (0..1) of its words."""
    for name, f in fields.fields.items():
        if f.confidence is not None:
            payload[name]["confidence"] = f.confidence
    return payload


def _as_text(invoices, tables: bool = False) -> str:
    from invoice_lint.fields.serialize import jsonable

    out: list[str] = []
    for inv in invoices:
        doc = inv.document
        out.append(f"{doc.path}  ({doc.language}, {len(doc.pages)} page{'s' if len(doc.pages) != 1 else ''}"
                   f"{', read by OCR' if doc.ocr else ''})")
        if inv.xml is not None:
            out.append(f"  e-invoice XML: {_xml_summary(inv.xml)}")
        rows = []
        for name, f in inv.fields.fields.items():
            if name == "line_items":
                value = f"{len(f.value)} items"
            elif name == "tax_breakdown":
                value = "; ".join(f"{t['rate']}%: {t['amount']}" for t in jsonable(f.value))
            else:
                v = jsonable(f.value, name)
                value = ", ".join(v) if isinstance(v, list) else str(v)
            where = (f"p{f.page} l{f.line}" if f.line is not None else f"p{f.page}") if f.page else ""
            printed = (f.text or "").replace("\n", " ")
            if f.confidence is not None:  # OCR: how sure Tesseract was of the field's least certain word
                where += f" {f.confidence:.0%}"
            rows.append((name + (" *" if f.derived else ""), value, where, printed[:50]))
        width = [max([len(r[i]) for r in rows] + [5]) for i in range(3)]
        for r in rows:
            out.append(f"  {r[0]:<{width[0]}}  {r[1]:<{width[1]}}  {r[2]:<{width[2]}}  {r[3]}")
        if "line_items" in inv.fields:
            for item in jsonable(inv.fields.value("line_items")):
                out.append(f"    - {item['description'][:40]:<40} qty {item['quantity']}  × {item['unit_price']}  = {item['amount']}")
        if tables:
            out += _tables_text(doc)
        out.append("")
    if any(f.derived for inv in invoices for f in inv.fields.fields.values()):
        out.append("* derived: computed from other fields (e.g. due date from payment terms)")
    return "\n".join(out) + ("\n" if out else "")


def _xml_summary(xml) -> str:
    if xml.einvoice is None:
        return f"{xml.source}: unreadable ({xml.problem})"
    inv = xml.einvoice
    return f"{xml.source} ({inv.syntax}, profile {inv.profile or inv.specification or 'not named'})"


def _tables_text(doc) -> list[str]:
    """``--tables``: each ruled table found, row by row, cells separated by `` | ``."""
    found = [(page.number, table) for page in doc.pages for table in page.tables]
    if not found:
        return ["  tables: none found"]
    out = []
    for number, (page, rows) in enumerate(found, start=1):
        width = max((len(r) for r in rows), default=0)
        out.append(f"  table {number} (page {page}, {len(rows)} row{'s' if len(rows) != 1 else ''} × {width} "
                   f"column{'s' if width != 1 else ''}):")
        for row in rows:
            cells = [" ".join(str(c or "").split()) for c in row]
            out.append("    | " + " | ".join(cells) + " |")
    return out

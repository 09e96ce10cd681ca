"""The e-invoice XML as ground truth for the page (issue #15): every hybrid PDF in ../shared/corpus.

For each hybrid the product's own reader (``invoice_lint.einvoice``) reads the XML and
``pipeline.read_invoice`` reads the page; the page's values are compared with the XML's by the
same function ``page-xml-mismatch`` uses (``checks.einvoice.agreement``: amounts to the cent,
dates as dates, ids compacted).

    python benchmarks/xml_truth.py            # tables: XML found/read, page reading vs XML per source,
                                              # page-xml-mismatch findings judged against the hand truth
    python benchmarks/xml_truth.py --json

Page reading against the XML, per field and source:
- recall: page values equal to the XML's / XML values (whatever the page prints);
- printed recall: the same over the XML values the hand truth (tests/truth/public-samples) says the
  page prints as the XML has them, on public-samples documents only;
- precision: page values equal to the XML's / page values read where the XML has one.

A ``page-xml-mismatch`` is judged with the hand truth: "true" where the page really prints
something else than the XML (the hand-read value differs from the XML's), "false" where the page
prints the XML's value and the reader read it wrongly (a bug for the page reader), "unjudged"
without hand truth for that field.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# business term -> page field (as checks.einvoice.PAGE_TERMS) for the measured fields
MEASURED = {"BT-1": "invoice_number", "BT-2": "issue_date", "BT-9": "due_date", "BT-5": "currency",
            "BT-31": "seller_tax_id", "BT-84": "iban", "BT-109": "subtotal", "BT-110": "tax_amount",
            "BT-112": "total", "BT-115": "amount_due"}


def _corpus_truth():
    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "benchmarks" / "corpus_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source_of(pdf: Path) -> str:
    rel = pdf.resolve().relative_to(CORPUS.resolve())
    return rel.parts[1] if rel.parts[0] == "public-samples" else rel.parts[0]


def _hand_value(field: str, value):
    """A hand-truth value in the page field's type (dates as dates, money as Decimal)."""
    if value is None or isinstance(value, (list, date)):
        return value
    if field in ("subtotal", "tax_amount", "total", "amount_due"):
        return Decimal(str(value))
    if field.endswith("_date"):
        return date.fromisoformat(str(value))
    return str(value)


def run() -> dict:
    from invoice_lint.checks.einvoice import agreement
    from invoice_lint.checks.engine import check_invoices, load_rules
    from invoice_lint.pipeline import read_invoice

    hand = _corpus_truth().hand_truth()
    ruleset = load_rules()
    mismatch_rule = ruleset.lookup("page-xml-mismatch")
    counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # source -> field -> counter
    xml_status = defaultdict(lambda: defaultdict(int))  # folder -> found / read / unreadable
    verdicts: dict[str, list] = {"true": [], "false": [], "unjudged": []}
    from invoice_lint.einvoice import embedded_xml

    pdfs = sorted(CORPUS.rglob("*.pdf"))
    for number, pdf in enumerate(pdfs, 1):
        print(f"[{number}/{len(pdfs)}] {pdf.relative_to(CORPUS)}", file=sys.stderr, flush=True)
        folder = pdf.resolve().relative_to(CORPUS.resolve()).parts[0]
        if embedded_xml(pdf) is None:  # looked for first: only hybrids have their page read
            xml_status[folder]["without XML"] += 1
            continue
        invoice = read_invoice(pdf)
        xml_status[folder]["with XML"] += 1
        inv = invoice.xml.einvoice
        if inv is None:
            xml_status[folder]["unreadable"] += 1
            continue
        xml_status[folder]["read"] += 1
        source = source_of(pdf)
        truth = hand.get(pdf.resolve()) or hand.get(pdf)
        for term, field in MEASURED.items():
            printed = invoice.fields.get(field)
            page_value = printed.value if printed is not None else None
            xml_same = agreement(term, page_value, inv) if page_value is not None else (None, term, None, "")
            xml_own = _xml_as_page(term, inv)
            xml_has = agreement(term, xml_own, inv)[0] if xml_own is not None else None
            if xml_has is None:
                continue  # the XML has no value for it
            for group in (source, "all"):
                c = counts[group][field]
                c["xml"] += 1
                if page_value is not None and xml_same[0] is not None:
                    c["read"] += 1
                    c["right"] += bool(xml_same[0])
                if truth is not None and field in truth["fields"] and truth["fields"][field] is not None:
                    hand_value = _hand_value(field, truth["fields"][field])
                    options = hand_value if isinstance(hand_value, list) else [hand_value]
                    if any(agreement(term, o, inv)[0] for o in options):
                        c["printed"] += 1
                        c["printed_right"] += bool(page_value is not None and xml_same[0])
        findings = check_invoices([invoice], ruleset=type(ruleset)(rules=[mismatch_rule], catalogue=ruleset.catalogue))
        for f in findings:
            term = f.message.split(" ")[0]
            field = MEASURED.get(term, "seller_tax_id" if term in ("BT-32", "BT-30", "BT-63") else None)
            row = (source, str(pdf.relative_to(CORPUS)), term, f.message.split(": ", 1)[1].split(" (/")[0])
            if truth is None or field not in truth["fields"]:
                verdicts["unjudged"].append(row)
                continue
            want = truth["fields"][field]
            if want is None:  # the page prints no such value: the reader invented it
                verdicts["false"].append(row)
                continue
            options = [_hand_value(field, w) for w in (want if isinstance(want, list) else [want])]
            term_of = term if term in MEASURED else "BT-31"
            page_is_xml = any(agreement(term_of, o, inv)[0] for o in options)
            verdicts["false" if page_is_xml else "true"].append(row)
    report = {"xml": {k: dict(v) for k, v in xml_status.items()}, "fields": {}, "mismatches": verdicts}
    for group, fields in counts.items():
        report["fields"][group] = {
            field: {"n": c["xml"], "recall": c["right"] / c["xml"] if c["xml"] else None,
                    "printed_n": c["printed"],
                    "printed_recall": c["printed_right"] / c["printed"] if c["printed"] else None,
                    "precision": c["right"] / c["read"] if c["read"] else None}
            for field, c in sorted(fields.items())}
    return report


def _xml_as_page(term: str, inv):
    """The XML's own value in the page field's form (to ask whether the XML has one)."""
    if term == "BT-31":
        return inv.seller_vat_id or inv.seller_tax_number or inv.seller_legal_id
    if term == "BT-84":
        return inv.ibans[0] if inv.ibans else None
    return inv.value(term)


def _pct(v) -> str:
    return "-" if v is None else f"{v:.1%}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    report = run()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return 0
    print("== embedded XML, by folder ==")
    for folder, status in sorted(report["xml"].items()):
        print(f"  {folder:<16} " + ", ".join(f"{k} {v}" for k, v in sorted(status.items())))
    print("\n== page reading against the XML, by source ==")
    for group in sorted(report["fields"], key=lambda g: (g != "all", g)):
        print(f"\n{group}")
        print(f"  {'field':<16} {'n':>4} {'recall':>8} {'printed':>8} {'p.recall':>9} {'precision':>10}")
        for field, r in report["fields"][group].items():
            print(f"  {field:<16} {r['n']:>4} {_pct(r['recall']):>8} {r['printed_n']:>8} "
                  f"{_pct(r['printed_recall']):>9} {_pct(r['precision']):>10}")
    print("\n== page-xml-mismatch findings, judged with the hand truth ==")
    for verdict in ("true", "false", "unjudged"):
        rows = report["mismatches"][verdict]
        print(f"\n{verdict}: {len(rows)}")
        for row in rows:
            print("  ", " | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())

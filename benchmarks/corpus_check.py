"""False `invoice-lint check` errors on the real invoices of ../shared/corpus/public-samples.

A missing-*, arithmetic or identifier finding is false when the hand-read truth of the page
(tests/truth/public-samples) says otherwise: the page prints the value said to be missing, its
printed sums balance, or the identifier said to be invalid is not what the page prints.
Findings the truth cannot judge (a missing due date on a page that prints only terms, a line
sum on a page without XML) are listed as unjudged, not counted either way.

    python benchmarks/corpus_check.py [--part dev|test] [--list]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MISSING = {"missing-invoice-number": "invoice_number", "missing-issue-date": "issue_date",
           "missing-due-date": "due_date", "missing-total": "total", "missing-tax-info": "tax_amount",
           "missing-payment-methods": "payment_methods"}
ARITHMETIC = {"line-amount-mismatch", "line-sum-mismatch", "total-mismatch", "tax-mismatch", "amount-due-mismatch"}
IDENTIFIER = {"invalid-iban", "invalid-tax-id", "invalid-bank-account", "unmasked-card-number"}
PLANTED_SOURCES = {"VALENTINDML+facturx-cas-limites"}  # deliberately wrong "cas limites"


def _truth_module():
    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "benchmarks" / "corpus_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _balances(t: dict) -> bool | None:
    s, tax, total, due = (t.get(k) for k in ("subtotal", "tax_amount", "total", "amount_due"))
    if None in (s, tax, total) or isinstance(s, list) or isinstance(total, list):
        return None
    ok = abs(Decimal(s) + Decimal(tax) - Decimal(total)) <= Decimal("0.02")
    return ok


def _valid(kind: str, value) -> bool:
    from stdnum import iban as stdnum_iban
    from stdnum.eu import vat

    values = value if isinstance(value, list) else [value]
    if kind == "invalid-iban":
        return any(stdnum_iban.is_valid(str(v)) for v in values)
    return any(vat.is_valid(str(v)) for v in values)


def judge(finding: dict, doc: dict) -> str:
    """"false" | "true" | "unjudged" for one finding on one document."""
    truth = doc["hand"]["fields"] if doc["hand"] else {}
    rule = finding["rule"]
    if rule in MISSING:
        field = MISSING[rule]
        if field not in truth:
            return "unjudged"
        want = truth[field]
        printed = bool(want) if field == "payment_methods" else want is not None
        if rule == "missing-tax-info" and truth.get("seller_tax_id"):
            printed = True  # the rule asks for a VAT amount or rate, a tax id or an exemption note
        if printed:
            return "false"
        return "unjudged" if field == "due_date" else "true"
    if rule == "missing-line-items":  # every page prints its items unless its truth says not
        return "true" if doc["hand"] and not doc["hand"]["prints_items"] else "false"
    if rule in ARITHMETIC:
        if doc["source"] in PLANTED_SOURCES or (doc["hand"] and doc["hand"]["page_differs_from_xml"]):
            return "unjudged"
        if doc["xml"]:
            return "false"  # an e-invoice's printed figures are its XML's, which balance
        if rule in ("total-mismatch", "amount-due-mismatch"):
            b = _balances(truth)
            return "unjudged" if b is None else ("false" if b else "true")
        return "unjudged"
    if rule in IDENTIFIER:
        field = "iban" if rule == "invalid-iban" else "seller_tax_id"
        if rule in ("invalid-iban", "invalid-tax-id") and truth.get(field):
            return "false" if _valid(rule, truth[field]) else "true"
        return "unjudged"
    return "ignored"


def run(part: str | None = None) -> dict:
    ct = _truth_module()
    docs = [d for d in ct.documents() if part is None or d["part"] == part]
    by_path = {str(d["pdf"].resolve()): d for d in docs}
    proc = subprocess.run([sys.executable, "-m", "invoice_lint", "check", "--output-format", "json", "--no-progress",
                           "--exit-zero", *[str(d["pdf"]) for d in docs]], capture_output=True, text=True, cwd=ROOT)
    payload = json.loads(proc.stdout)
    verdicts: dict[str, list] = {"false": [], "true": [], "unjudged": []}
    files_false: set[str] = set()
    for f in payload["findings"]:
        doc = by_path.get(str(Path(f["path"]).resolve()))
        if doc is None:
            continue
        v = judge(f, doc)
        if v == "ignored":
            continue
        verdicts[v].append((doc["part"], doc["source"], doc["pdf"].name, f["rule"], f.get("message", "")))
        if v == "false":
            files_false.add(str(doc["pdf"]))
    return {"files": len(docs), "files_with_false_error": len(files_false), "verdicts": verdicts,
            "unreadable": payload.get("errors", [])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "test"])
    ap.add_argument("--list", action="store_true", help="list every judged finding")
    args = ap.parse_args()
    r = run(args.part)
    v = r["verdicts"]
    print(f"files: {r['files']}, with a false missing-*/arithmetic/identifier error: {r['files_with_false_error']} "
          f"({r['files_with_false_error'] / max(r['files'], 1):.1%}); findings false {len(v['false'])}, "
          f"true {len(v['true'])}, unjudged {len(v['unjudged'])}")
    if args.list:
        for kind in ("false", "true", "unjudged"):
            for row in v[kind]:
                print(kind.upper(), *row)
    return 0


if __name__ == "__main__":
    sys.exit(main())

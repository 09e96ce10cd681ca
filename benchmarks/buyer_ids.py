"""The page field buyer_tax_id (the client's SIREN / SIRET / VAT id, issue #15) against the XML of
every hybrid in ../shared/corpus: precision (what is read is the XML's BT-47 or BT-48, a SIRET's or
French VAT id's SIREN counting) and recall on the hybrids whose XML names the buyer and whose page
prints that id.  A read value on a PDF whose XML names no buyer is listed for a hand check.

    python benchmarks/buyer_ids.py [--json]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def _compact(value: str | None) -> str:
    return re.sub(r"[\s.\-]", "", value or "").upper()


def _sirens(ids: set[str]) -> set[str]:
    return {i[4:] if i.startswith("FR") and len(i) == 13 else i[:9] for i in ids if i[:2] == "FR" or i.isdigit()}


def same_company(read: str, truth: set[str]) -> bool:
    """The read id is one of the XML's ids, or names the same French company (SIREN inside)."""
    if read in truth:
        return True
    siren = read[4:] if read.startswith("FR") and len(read) == 13 else read[:9] if read.isdigit() else None
    return siren is not None and siren in _sirens(truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from invoice_lint.pipeline import read_invoice

    files = sorted(CORPUS.rglob("*.pdf"))
    counts = {"pdfs": 0, "with_xml_buyer_id": 0, "printed": 0, "read": 0, "right": 0, "wrong": 0, "recalled": 0}
    wrong, unjudged = [], []
    for n, path in enumerate(files, 1):
        print(f"[{n}/{len(files)}] {path.relative_to(CORPUS)}", file=sys.stderr)
        try:
            invoice = read_invoice(path)
        except Exception:  # noqa: BLE001 - an unreadable file has no field to measure
            continue
        counts["pdfs"] += 1
        read = invoice.fields.value("buyer_tax_id")
        read = _compact(read) if read else None
        xml = invoice.einvoice
        truth = {_compact(v) for v in ((xml.buyer_legal_id, xml.buyer_vat_id) if xml else ()) if v}
        if truth:
            counts["with_xml_buyer_id"] += 1
            page = _compact(invoice.document.text)
            printed = any((t[4:] if t.startswith("FR") else t) in page for t in truth)
            counts["printed"] += printed
        if read is None:
            continue
        counts["read"] += 1
        if not truth:
            unjudged.append((str(path.relative_to(CORPUS)), read))
            continue
        if same_company(read, truth):
            counts["right"] += 1
            counts["recalled"] += printed
        else:
            counts["wrong"] += 1
            wrong.append((str(path.relative_to(CORPUS)), read, sorted(truth)))
    judged = counts["right"] + counts["wrong"]
    report = {"counts": counts, "precision": counts["right"] / judged if judged else None,
              "recall_on_printed": counts["recalled"] / counts["printed"] if counts["printed"] else None,
              "wrong": wrong, "unjudged": unjudged}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"PDFs read: {counts['pdfs']}; XML names the buyer: {counts['with_xml_buyer_id']} "
          f"(page prints it: {counts['printed']})")
    print(f"buyer_tax_id read: {counts['read']}; judged by the XML: {judged}; right: {counts['right']}; "
          f"wrong: {counts['wrong']}")
    if judged:
        print(f"precision: {report['precision']:.1%}")
    if counts["printed"]:
        print(f"recall on pages that print the XML's id: {report['recall_on_printed']:.1%}")
    for row in wrong:
        print("WRONG", *row)
    for row in unjudged:
        print("no buyer id in the XML (check by hand):", *row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

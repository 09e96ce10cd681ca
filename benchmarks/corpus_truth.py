"""Ground truth for the real invoices in ../shared/corpus, and the dev/test split by source.

Two kinds of truth, both independent of invoice-lint's own reader:

- the e-invoice XML embedded in a hybrid PDF (Factur-X / ZUGFeRD CII, ZUGFeRD 1.0): its
  EN 16931 values are what the page is meant to print;
- hand-written truth in ``tests/truth/public-samples/<source>.yaml``, written by reading each
  rendered page (see tests/truth/README.md).  It covers every document, including the
  traits (thank-you line, payment link, payment methods) no XML carries, and records what
  the page prints where it differs from the XML.

    python benchmarks/corpus_truth.py dump PDF...      # the XML values of hybrid PDFs
    python benchmarks/corpus_truth.py check            # hand truth vs XML, disagreements listed
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
PUBLIC = CORPUS / "public-samples"
TRUTH = ROOT / "tests" / "truth"

# The fields issue #10 measures (values), and the traits (presence / sets).
VALUE_FIELDS = ["invoice_number", "issue_date", "due_date", "total", "subtotal", "tax_amount", "amount_due",
                "seller_tax_id", "iban", "currency"]
TRAIT_FIELDS = ["thank_you", "payment_link", "payment_methods"]
MONEY = {"total", "subtotal", "tax_amount", "amount_due", "prepaid_amount"}


def split() -> dict[str, str]:
    """source name -> "dev" | "test"."""
    data = yaml.safe_load((TRUTH / "split.yaml").read_text(encoding="utf-8"))
    return {**{s: "dev" for s in data["dev"]}, **{s: "test" for s in data["test"]}}


def source_of(pdf: Path) -> str:
    pdf = Path(pdf).resolve()
    try:
        return pdf.relative_to(PUBLIC.resolve()).parts[0]
    except ValueError:
        return pdf.parent.name  # invoice2data, facturx-fr


# --- the embedded XML ---------------------------------------------------------------------

def embedded_xml(pdf: Path) -> bytes | None:
    from facturx import get_xml_from_pdf

    try:
        _name, xml = get_xml_from_pdf(Path(pdf).read_bytes(), check_xsd=False)
    except Exception:  # noqa: BLE001 - a PDF without an attachment, or one facturx cannot parse
        return None
    return xml or None


def _ln(*names: str) -> str:
    return "/".join(f"*[local-name()='{n}']" for n in names)


def cii_values(xml: bytes) -> dict:
    """EN 16931 values of a CII (Factur-X / ZUGFeRD 2.x) or ZUGFeRD 1.0 invoice, by local name
    so both namespaces read the same.  Values are plain: dates ISO, money "1234.56"."""
    from lxml import etree

    root = etree.fromstring(xml)

    def first(path: str) -> str | None:
        r = root.xpath(path)
        for v in r:
            v = (v if isinstance(v, str) else v.text or "").strip()
            if v:
                return v
        return None

    def day(path: str) -> str | None:
        v = first(path)
        if not v or len(v) < 8 or not v[:8].isdigit():
            return None
        return date(int(v[:4]), int(v[4:6]), int(v[6:8])).isoformat()

    def money(name: str) -> str | None:
        v = first(f"//{_ln('SpecifiedTradeSettlementHeaderMonetarySummation', name)}/text()"
                  f" | //{_ln('SpecifiedTradeSettlementMonetarySummation', name)}/text()")
        return format(Decimal(v).quantize(Decimal("0.01")), "f") if v else None

    doc = "//*[local-name()='ExchangedDocument' or local-name()='HeaderExchangedDocument']"
    seller = f"//{_ln('SellerTradeParty')}"
    out = {
        "invoice_number": first(f"{doc}/{_ln('ID')}/text()"),
        "type_code": first(f"{doc}/{_ln('TypeCode')}/text()"),
        "issue_date": day(f"{doc}/{_ln('IssueDateTime', 'DateTimeString')}/text()"),
        "due_date": day(f"//{_ln('SpecifiedTradePaymentTerms', 'DueDateDateTime', 'DateTimeString')}/text()"),
        "supply_date": day(f"//{_ln('ActualDeliverySupplyChainEvent', 'OccurrenceDateTime', 'DateTimeString')}/text()"),
        "subtotal": money("TaxBasisTotalAmount"),
        "tax_amount": money("TaxTotalAmount"),
        "total": money("GrandTotalAmount"),
        "prepaid_amount": money("TotalPrepaidAmount"),
        "amount_due": money("DuePayableAmount"),
        "seller_tax_id": first(f"{seller}/{_ln('SpecifiedTaxRegistration', 'ID')}[@schemeID='VA']/text()"),
        "seller_tax_number": first(f"{seller}/{_ln('SpecifiedTaxRegistration', 'ID')}[@schemeID='FC']/text()"),
        "seller_name": first(f"{seller}/{_ln('Name')}/text()"),
        "buyer_name": first(f"//{_ln('BuyerTradeParty', 'Name')}/text()"),
        "iban": first(f"//{_ln('PayeePartyCreditorFinancialAccount', 'IBANID')}/text()"),
        "currency": first(f"//{_ln('InvoiceCurrencyCode')}/text()"),
        "payment_means": sorted({c.strip() for c in root.xpath(
            f"//{_ln('SpecifiedTradeSettlementPaymentMeans', 'TypeCode')}/text()")}),
    }
    if out["iban"]:
        out["iban"] = out["iban"].replace(" ", "").upper()
    return {k: v for k, v in out.items() if v not in (None, [], "")}


# --- hand truth -----------------------------------------------------------------------------

def hand_truth() -> dict[Path, dict]:
    """PDF path -> {"language": ..., "fields": {...}} from tests/truth/public-samples/*.yaml."""
    out: dict[Path, dict] = {}
    for path in sorted((TRUTH / "public-samples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        source = data.get("source") or path.stem
        for rel, doc in (data.get("documents") or {}).items():
            fields = {}
            for name, value in (doc.get("fields") or {}).items():
                fields[name] = _plain(name, value)
            out[PUBLIC / source / rel] = {"language": doc.get("language"), "fields": fields,
                                          "page_differs_from_xml": bool(doc.get("page_differs_from_xml")),
                                          "prints_items": doc.get("prints_items", True) is not False}
    return out


def _plain(name: str, value):
    if value is None:
        return None
    if isinstance(value, list) and name not in ("payment_methods",):
        return [_plain(name, v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if name in MONEY:
        return format(Decimal(str(value)).quantize(Decimal("0.01")), "f")
    return value


def documents() -> list[dict]:
    """Every public-samples PDF with its source, part, XML values (if any) and hand truth."""
    parts = split()
    hand = hand_truth()
    out = []
    for pdf in sorted(PUBLIC.rglob("*.pdf")):
        source = source_of(pdf)
        xml = embedded_xml(pdf)
        out.append({"pdf": pdf, "source": source, "part": parts.get(source, "unsplit"),
                    "xml": cii_values(xml) if xml else None, "hand": hand.get(pdf)})
    return out


def check() -> int:
    """List where hand truth and XML disagree (on documents not marked as differing)."""
    bad = 0
    for d in documents():
        if d["hand"] is None:
            print(f"NO HAND TRUTH  {d['pdf'].relative_to(PUBLIC)}")
            continue
        if not d["xml"] or d["hand"]["page_differs_from_xml"]:
            continue
        for name in VALUE_FIELDS:
            want = d["xml"].get(name)
            have = d["hand"]["fields"].get(name, "<absent>")
            if have in (None, "<absent>") or want is None:
                continue
            options = have if isinstance(have, list) else [have]
            if not any(str(o).replace(" ", "").upper() == str(want).replace(" ", "").upper() for o in options):
                bad += 1
                print(f"DIFFERS  {d['pdf'].relative_to(PUBLIC)}  {name}: hand {have!r} xml {want!r}")
    print(f"{bad} disagreements")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="print the embedded XML's values")
    d.add_argument("pdf", nargs="+", type=Path)
    sub.add_parser("check", help="hand truth against the XML")
    args = ap.parse_args()
    if args.cmd == "dump":
        for pdf in args.pdf:
            xml = embedded_xml(pdf)
            print(pdf)
            print(json.dumps(cii_values(xml) if xml else None, indent=2, ensure_ascii=False))
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())

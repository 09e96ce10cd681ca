"""Field accuracy of `extract` against ground truth, per field.

Truth sources (used in place, never copied):
- sample_invoices/manifest.json (the generator's true values);
- ../shared/corpus/invoice2data/*.json beside each PDF;
- ../shared/corpus/facturx-fr/*.pdf: the embedded Factur-X (CII) XML.

A corpus truth value counts only where the page's text layer prints it ("wherever the page
prints them"); values that live only in an image or in the XML are skipped.  Accuracy is an
exact match after normalization; precision is the share of reported fields (with a known
truth) that are right.  Run: python benchmarks/field_accuracy.py [--json]; with --xml-truth, page
reading against the embedded e-invoice XML of every hybrid in the corpus, per source.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MEASURED = ["invoice_number", "issue_date", "due_date", "total", "amount_due", "subtotal", "tax_amount",
            "seller_tax_id", "iban"]


def _compact(s: str) -> str:
    return re.sub(r"[\W_]", "", str(s)).upper()


def _money(v) -> str:
    return format(Decimal(str(v)).quantize(Decimal("0.01")), "f")


def invoice2data_truth() -> list[tuple[Path, dict]]:
    out = []
    for js in sorted((SHARED / "corpus" / "invoice2data").glob("*.json")):
        pdf = js.with_suffix(".pdf")
        if not pdf.exists():
            continue
        d = json.loads(js.read_text())[0]
        t = {"invoice_number": d.get("invoice_number"), "issue_date": d.get("date"),
             "due_date": d.get("date_due"), "total": d.get("amount"), "subtotal": d.get("amount_untaxed"),
             "tax_amount": d.get("amount_tax"), "seller_tax_id": d.get("vat"), "iban": d.get("iban"),
             "currency": d.get("currency")}
        t = {k: v for k, v in t.items() if v not in (None, "")}
        for k in ("total", "subtotal", "tax_amount"):
            if k in t:
                t[k] = _money(t[k])
        out.append((pdf, t))
    return out


def facturx_truth() -> list[tuple[Path, dict]]:
    from facturx import get_facturx_xml_from_pdf
    from lxml import etree

    ns = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
          "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
          "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"}
    out = []
    for pdf in sorted((SHARED / "corpus" / "facturx-fr").glob("*.pdf")):
        _, xml = get_facturx_xml_from_pdf(pdf.read_bytes(), check_xsd=False)
        root = etree.fromstring(xml)

        def x(path, root=root):
            r = root.xpath(path, namespaces=ns)
            return r[0].strip() if r else None

        def d(path):
            v = x(path)
            return date(int(v[:4]), int(v[4:6]), int(v[6:8])).isoformat() if v else None

        summ = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
        t = {"invoice_number": x("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID/text()"),
             "issue_date": d("//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString/text()"),
             "due_date": d("//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString/text()"),
             "total": x(summ + "ram:GrandTotalAmount/text()"),
             "amount_due": x(summ + "ram:DuePayableAmount/text()"),
             "subtotal": x(summ + "ram:TaxBasisTotalAmount/text()"),
             "tax_amount": x(summ + "ram:TaxTotalAmount/text()"),
             "seller_tax_id": x("//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']/text()"),
             "iban": x("//ram:PayeePartyCreditorFinancialAccount/ram:IBANID/text()"),
             "currency": x("//ram:InvoiceCurrencyCode/text()")}
        t = {k: v for k, v in t.items() if v}
        for k in ("total", "amount_due", "subtotal", "tax_amount"):
            if k in t:
                t[k] = _money(t[k])
        out.append((pdf, t))
    return out


def sample_truth() -> list[tuple[Path, dict]]:
    manifest = ROOT / "sample_invoices" / "manifest.json"
    if not manifest.exists():
        return []
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [(ROOT / "sample_invoices" / inv["file"], inv["fields"]) for inv in data["invoices"]]


def variant_samples_truth(out: Path) -> list[tuple[Path, dict]]:
    """The sample invoices drawn again with labels from sample_invoices/label_variants.yaml
    (wording of other invoicing software, independent of the reader's lexicon), and their truth."""
    import subprocess

    subprocess.run([sys.executable, str(ROOT / "sample_invoices" / "generate.py"), "--wording", "variants",
                    "--out", str(out)], check=True, capture_output=True)
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [(out / inv["file"], inv["fields"]) for inv in data["invoices"]]


def data_language_truth(out: Path) -> dict[str, list[tuple[Path, dict]]]:
    """The sample invoices of every language added as data (sample_invoices/languages/*.yaml), drawn
    with their house wording (sourced independently of the reader), one set per language."""
    import subprocess

    sets = {}
    for path in sorted((ROOT / "sample_invoices" / "languages").glob("*.yaml")):
        folder = out / path.stem
        subprocess.run([sys.executable, str(ROOT / "sample_invoices" / "generate.py"), "--languages", path.stem,
                        "--out", str(folder)], check=True, capture_output=True)
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        sets[f"samples-{path.stem}"] = [(folder / inv["file"], inv["fields"]) for inv in data["invoices"]]
    return sets


def drawn_truth(name: str, library: str, out: Path) -> list[tuple[Path, dict]]:
    """A development source drawn by another project's invoicing library (benchmarks/<name>.py):
    arca_source (Argentine invoices, arca-factura-pdf), erechnung_source (German and English
    ZUGFeRD hybrids, erechnung), facturex_source (French Factur-X invoices, facturex),
    billwright_source (English and Swiss German invoices typeset by WeasyPrint, billwright),
    invoicegenerator_source (English and Brazilian Portuguese invoices drawn with reportlab,
    InvoiceGenerator), dinbrief_source (German DIN 5008 letters with invoices typeset by
    reportlab, dinbrief), eueinvoice_source (Spanish, German, French, Dutch and English Factur-X
    hybrids, eu-einvoice), djangoxrechnung_source (German invoices rendered by WeasyPrint from
    django-xrechnung's own template, django_xrechnung), pyinvoice_source (English invoices drawn
    with reportlab in PyInvoice's fixed wording, pyinvoice), facturationfr_source (French Factur-X
    invoices and credit notes issued by django-facturation-fr, facturation_fr), djangoinvoicing_source
    (English invoices printed by WeasyPrint from django-invoicing's own HTML formatter, invoicing),
    satcfdi_source (Mexican CFDI 4.0 invoices rendered by WeasyPrint from satcfdi's own templates,
    satcfdi), facturadorafip_source (Argentine invoices, credit notes and export invoices in ARCA's
    own "Comprobantes en línea" layout, facturador_afip), tryton_source (German, French, Spanish,
    Dutch and English invoices printed by Tryton's own invoice report, relatorio and LibreOffice,
    trytond with trytond_account_invoice), texletter_source (German, French, Spanish, Dutch and
    English invoices written as KOMA-Script scrlttr2 letters and typeset by pdflatex),
    factura_source (Venezuelan invoices, credit and debit notes and pro formas typeset by the LaTeX
    class factura with pdflatex).  Empty when the library (or the program) is not installed (the
    test extra has it); the two TeX sources have no library and say what they miss (missing()).  Each source draws
    in a process of its own, as in tests/test_dev_sources.py: dinbrief, django-xrechnung,
    django-facturation-fr and django-invoicing print through Django, whose settings (the
    installed apps) are configured once per process."""
    import importlib.util
    import pickle
    import subprocess

    if library is None:  # typeset by pdflatex, no Python library: the source says what it misses
        sys.path.insert(0, str(ROOT / "benchmarks"))
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if module.missing():
            return []
    elif importlib.util.find_spec(library) is None or (name in PROGRAMS and shutil.which(PROGRAMS[name]) is None):
        return []
    out.mkdir(parents=True, exist_ok=True)
    result = out / "drawn.pickle"
    subprocess.run([sys.executable, "-c", _DRAW, name, str(ROOT / "benchmarks" / f"{name}.py"), str(out),
                    str(result)], check=True)
    return pickle.loads(result.read_bytes())


_DRAW = """
import importlib.util, pickle, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location(sys.argv[1], sys.argv[2])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
Path(sys.argv[4]).write_bytes(pickle.dumps(module.generate(Path(sys.argv[3]))))
"""


DRAWN = {"dev-arca": ("arca_source", "factura_pdf"), "dev-erechnung": ("erechnung_source", "erechnung"),
         "dev-facturex": ("facturex_source", "facturex"), "dev-billwright": ("billwright_source", "billwright"),
         "dev-invoicegenerator": ("invoicegenerator_source", "InvoiceGenerator"),
         "dev-dinbrief": ("dinbrief_source", "dinbrief"), "dev-eueinvoice": ("eueinvoice_source", "eu_einvoice"),
         "dev-djangoxrechnung": ("djangoxrechnung_source", "django_xrechnung"),
         "dev-pyinvoice": ("pyinvoice_source", "pyinvoice"),
         "dev-facturationfr": ("facturationfr_source", "facturation_fr"),
         "dev-djangoinvoicing": ("djangoinvoicing_source", "invoicing"),
         "dev-satcfdi": ("satcfdi_source", "satcfdi"),
         "dev-facturadorafip": ("facturadorafip_source", "facturador_afip"),
         "dev-tryton": ("tryton_source", "trytond"), "dev-texletter": ("texletter_source", None),
         "dev-factura": ("factura_source", None)}
# what a drawn source needs besides its library: LibreOffice turns Tryton's report into PDF
PROGRAMS = {"tryton_source": "soffice"}


def normalize(name: str, value):
    if value is None:
        return None
    if name == "bank_account":
        from invoice_lint.fields.identifiers import normalize_rs_account

        return _compact(normalize_rs_account(value) or value)
    if name in ("invoice_number", "seller_tax_id", "iban"):
        return _compact(value)
    if name in ("payment_methods", "currencies"):
        return sorted(value)
    if name == "line_items":
        return [(_compact(i.get("description", ""))[:20], i.get("quantity"), i.get("unit_price"), i.get("amount"))
                for i in value]
    if name == "tax_breakdown":
        return sorted((str(Decimal(str(t["rate"])).normalize()) if t.get("rate") else None, t.get("base"),
                       t.get("amount")) for t in value)
    if name == "tax_rate":
        return str(Decimal(str(value)).normalize())
    if name in ("thank_you", "seller_name", "buyer_name", "tax_exemption"):
        return re.sub(r"\W+", " ", str(value)).strip().lower()
    return str(value)


def printed(name: str, value, document, language) -> bool:
    """Does the page's text print this truth value?"""
    from invoice_lint.fields import amounts, dates

    text = document.text
    if name == "invoice_number" and "-" in str(value):
        # a number printed in parts ("Punto de Venta: 0003  Comp. Nro: 00000871" is 0003-00000871)
        return all(_compact(part) in _compact(text) for part in str(value).split("-"))
    if name in ("invoice_number", "seller_tax_id", "iban"):
        return _compact(value) in _compact(text)
    if name.endswith("_date"):
        want = date.fromisoformat(value)
        return any(m.value == want for line in document.lines for m in dates.find_dates(line.text, language))
    if name in ("total", "amount_due", "subtotal", "tax_amount"):
        want = Decimal(value)
        return any(m.value == want for line in document.lines for m in amounts.find_amounts(line.text, language))
    return True


def measure(sets: dict[str, list[tuple[Path, dict]]], fields: list[str] | None = None, corpus_filter=True):
    from invoice_lint.fields.serialize import plain_values
    from invoice_lint.pipeline import read_invoice

    report = {}
    misses = []
    for set_name, items in sets.items():
        hit = defaultdict(int)
        total = defaultdict(int)
        reported = defaultdict(int)
        correct_reported = defaultdict(int)
        for pdf, truth in items:
            inv = read_invoice(pdf)
            got = plain_values(inv.fields)
            names = fields or sorted(set(truth) | (set(got) & set(truth)))
            for name in names:
                if name == "due_date_derived":
                    continue  # a flag on due_date, not a field
                want = truth.get(name)
                have = got.get(name)
                if want is None:
                    continue
                if corpus_filter and not set_name.startswith("samples") and not printed(name, want, inv.document,
                                                                          inv.document.base_language):
                    continue
                total[name] += 1
                ok = normalize(name, have) == normalize(name, want)
                hit[name] += ok
                if have is not None:
                    reported[name] += 1
                    correct_reported[name] += ok
                if not ok:
                    misses.append((set_name, pdf.name, name, want, have))
        report[set_name] = {
            name: {"n": total[name], "accuracy": hit[name] / total[name] if total[name] else None,
                   "precision": correct_reported[name] / reported[name] if reported[name] else None}
            for name in sorted(total)
        }
    return report, misses


# --- the public corpus, split by source (issue #10) ------------------------------------------

def _load_corpus_truth():
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "benchmarks" / "corpus_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def public_documents() -> list[dict]:
    """Every public-samples PDF with its truth: the hand-read page values where written (they
    cover the traits and say what the page does not print), else the embedded XML's values
    counted only where the page prints them."""
    return _load_corpus_truth().documents()


def _same(name: str, have, want) -> bool:
    options = want if isinstance(want, list) and name != "payment_methods" else [want]
    return any(normalize(name, have) == normalize(name, o) for o in options)


def _url(u) -> str:
    return re.sub(r"^https?://|^www\.|/$", "", str(u).strip().lower())


def score_public(docs: list[dict], read) -> tuple[dict, list]:
    """Per (group, field): n (printed truths), recall, precision.  ``read(pdf)`` returns
    (plain values, derived names, language).  Groups: part, part/source, part/language,
    part/e-invoice (documents with an XML)."""
    ct = _load_corpus_truth()
    fields = ct.VALUE_FIELDS + ct.TRAIT_FIELDS + ["language"]
    tallies: dict[tuple[str, str], dict] = defaultdict(lambda: {"n": 0, "hit": 0, "reported": 0, "right": 0})
    misses = []
    for d in docs:
        hand = d["hand"]
        got, derived, language, document = read(d["pdf"])
        truth = dict(hand["fields"]) if hand else {}
        if hand and hand.get("language"):
            truth["language"] = hand["language"]
        if d["xml"] and not (hand and hand["page_differs_from_xml"]):
            for name in ct.VALUE_FIELDS:
                if name not in truth and name in d["xml"]:
                    if printed(name, d["xml"][name], document, document.base_language):
                        truth[name] = d["xml"][name]
        groups = [d["part"], f"{d['part']}/source/{d['source']}",
                  f"{d['part']}/language/{truth.get('language', '?')}"]
        if d["xml"]:
            groups.append(f"{d['part']}/e-invoice")
        for name in fields:
            if name not in truth:
                continue
            want = truth[name]
            have = language if name == "language" else got.get(name)
            if name == "payment_methods":
                want_set, have_set = set(want or []), set(have or [])
                for g in groups:
                    t = tallies[(g, name)]
                    t["n"] += len(want_set)
                    t["hit"] += len(want_set & have_set)
                    t["reported"] += len(have_set)
                    t["right"] += len(want_set & have_set)
                if want_set != have_set:
                    misses.append((d["part"], d["source"], d["pdf"].name, name, sorted(want_set), sorted(have_set)))
                continue
            if name == "thank_you":
                want, have = (want is not None), (have is not None)
                ok = want == have
                counted_have = have
            elif name == "payment_link":
                ok = (want is None and have is None) or (want is not None and have is not None
                                                         and _url(have) == _url(want))
                counted_have = have is not None
            else:
                if want is None and name in derived:
                    have = None  # a value computed from printed terms is not a claim the page prints it
                ok = (want is None and have is None) or (want is not None and have is not None
                                                         and _same(name, have, want))
                counted_have = have is not None
            positive = bool(want) if name == "thank_you" else want is not None
            for g in groups:
                t = tallies[(g, name)]
                t["n"] += positive
                t["hit"] += positive and ok
                t["reported"] += bool(counted_have)
                t["right"] += bool(counted_have) and ok
            if not ok:
                misses.append((d["part"], d["source"], d["pdf"].name, name, want, have))
    report: dict[str, dict] = defaultdict(dict)
    for (g, name), t in sorted(tallies.items()):
        report[g][name] = {"n": t["n"], "recall": t["hit"] / t["n"] if t["n"] else None,
                           "precision": t["right"] / t["reported"] if t["reported"] else None,
                           "reported": t["reported"]}
    return dict(report), misses


def read_plain(pdf: Path):
    from invoice_lint.fields.serialize import plain_values
    from invoice_lint.pipeline import read_invoice

    inv = read_invoice(pdf)
    derived = {n for n, f in inv.fields.fields.items() if f.derived}
    return plain_values(inv.fields), derived, inv.document.language.split("-")[0], inv.document


def _print_public(report: dict, only: str | None) -> None:
    for group in sorted(report, key=lambda g: (g.count("/"), g)):
        if only and not group.startswith(only):
            continue
        rows = report[group]
        print(f"\n{group}")
        print(f"  {'field':<16} {'n':>4} {'recall':>8} {'precision':>10} {'reported':>9}")
        for name, r in rows.items():
            rec = "-" if r["recall"] is None else f"{r['recall']:.1%}"
            prec = "-" if r["precision"] is None else f"{r['precision']:.1%}"
            print(f"  {name:<16} {r['n']:>4} {rec:>8} {prec:>10} {r['reported']:>9}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list every wrong or missing value")
    ap.add_argument("--part", choices=["dev", "test"], help="public corpus: only this part")
    ap.add_argument("--public-only", action="store_true", help="only the public corpus (issue #10 tables)")
    ap.add_argument("--drawn", action="store_true",
                    help="only the development sources drawn by other invoicing libraries "
                         "(benchmarks/arca_source.py, erechnung_source.py, facturex_source.py, "
                         "billwright_source.py, invoicegenerator_source.py, dinbrief_source.py, "
                         "eueinvoice_source.py, djangoxrechnung_source.py, pyinvoice_source.py, "
                         "facturationfr_source.py, djangoinvoicing_source.py, satcfdi_source.py, "
                         "facturadorafip_source.py, tryton_source.py, texletter_source.py, factura_source.py)")
    ap.add_argument("--xml-truth", action="store_true",
                    help="page reading against the embedded XML of every hybrid, per source (benchmarks/xml_truth.py)")
    args = ap.parse_args()
    if args.xml_truth:
        import runpy

        sys.argv = [str(ROOT / "benchmarks" / "xml_truth.py")] + (["--json"] if args.json else [])
        runpy.run_path(sys.argv[0], run_name="__main__")
        return 0
    report, misses = {}, []
    if args.drawn:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="il-drawn-") as folder:
            report, misses = measure({name: drawn_truth(*how, Path(folder) / name) for name, how in DRAWN.items()})
        args.public_only = True
        public_wanted = False
    else:
        public_wanted = True
    if not args.public_only:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="il-variants-") as variants:
            sets = {"samples": sample_truth(), "samples-variants": variant_samples_truth(Path(variants)),
                    **data_language_truth(Path(variants)),
                    **{name: drawn_truth(*how, Path(variants) / name) for name, how in DRAWN.items()}}
            if SHARED.exists():
                sets["invoice2data"] = invoice2data_truth()
                sets["facturx-fr"] = facturx_truth()
            sets["corpus"] = sets.get("invoice2data", []) + sets.get("facturx-fr", [])
            report, misses = measure(sets)
    public, public_misses = {}, []
    if SHARED.exists() and public_wanted:
        docs = [d for d in public_documents() if not args.part or d["part"] == args.part]
        public, public_misses = score_public(docs, read_plain)
    if args.json:
        print(json.dumps({"sets": report, "public": public}, indent=2))
    else:
        for set_name, rows in report.items():
            print(f"\n{set_name}")
            print(f"  {'field':<16} {'n':>4} {'accuracy':>9} {'precision':>10}")
            for name, r in rows.items():
                acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.1%}"
                prec = "-" if r["precision"] is None else f"{r['precision']:.1%}"
                mark = "" if name not in MEASURED else " *"
                print(f"  {name:<16} {r['n']:>4} {acc:>9} {prec:>10}{mark}")
        if report:
            print("\n* fields with an acceptance target (samples >= 98%, corpus >= 90%)")
        if public:
            print("\n== public corpus (../shared/corpus/public-samples), by part / source / language ==")
            _print_public(public, args.part)
    if args.misses:
        for m in misses:
            print("MISS", *m, file=sys.stderr)
        for m in public_misses:
            print("MISS", *m, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

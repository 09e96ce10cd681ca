"""Reading invoices nobody here wrote: ../shared/corpus/public-samples, split by source (issue #10).

The truth is hand-read from each page (tests/truth/public-samples) and cross-checked against the
embedded e-invoice XML.  The dev part may be tuned on; the test part is only measured.  The
floors below are the figures measured when this file was written: they keep what was reached
and fail on a regression.  They are not the issue's targets (recall >= 95%, precision >= 98%),
which the printed tables show are not yet met everywhere.
"""
from __future__ import annotations

import pytest

from conftest import ROOT, field_accuracy, require_shared


def _corpus_truth():
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "benchmarks" / "corpus_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def documents():
    require_shared()
    return _corpus_truth().documents()


def test_split_names_every_source_once(documents):
    ct = _corpus_truth()
    split = ct.split()
    sources = {d["source"] for d in documents}
    assert sources <= set(split), f"sources missing from tests/truth/split.yaml: {sorted(sources - set(split))}"
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "truth" / "split.yaml").read_text(encoding="utf-8"))
    assert not set(data["dev"]) & set(data["test"])
    # every language with more than one source has one in each part
    assert {"test", "dev"} == {split[s] for s in sources}


def test_every_pdf_has_hand_truth_that_agrees_with_its_xml(documents):
    missing = [str(d["pdf"]) for d in documents if d["hand"] is None]
    assert not missing, missing
    disagree = []
    ct = _corpus_truth()
    for d in documents:
        if not d["xml"] or d["hand"]["page_differs_from_xml"]:
            continue
        for name in ct.VALUE_FIELDS:
            want, have = d["xml"].get(name), d["hand"]["fields"].get(name)
            if want is None or have is None:
                continue
            options = have if isinstance(have, list) else [have]
            if not any(str(o).replace(" ", "").upper() == str(want).replace(" ", "").upper() for o in options):
                disagree.append((d["pdf"].name, name, have, want))
    assert not disagree, disagree
    assert sum(1 for d in documents if d["xml"]) >= 55  # hybrids whose XML the reader of truth parses


@pytest.fixture(scope="module")
def public_report(documents):
    bench = field_accuracy()
    report, misses = bench.score_public(documents, bench.read_plain)
    for group in ("dev", "test", "dev/e-invoice", "test/e-invoice"):
        print(f"\n{group}:")
        for name, r in report.get(group, {}).items():
            rec = "-" if r["recall"] is None else f"{r['recall']:.1%}"
            prec = "-" if r["precision"] is None else f"{r['precision']:.1%}"
            print(f"  {name:<16} n={r['n']:>3} recall={rec:>6} precision={prec:>6}")
    return report


# (part, field) -> (recall floor, precision floor), as measured on 2026-12-03.  Where a change
# traded recall for precision (an unbalanced VAT among several printed ones is now left out:
# test-part VAT 90.9%/88.9% -> 86.4%/95.0%), the floor records the trade, precision first.
FLOORS = {
    ("dev", "invoice_number"): (0.93, 1.0),
    ("dev", "total"): (0.90, 0.97),
    ("dev", "amount_due"): (0.90, 0.97),
    ("dev", "subtotal"): (0.89, 0.91),
    ("dev", "tax_amount"): (0.95, 1.0),
    ("dev", "seller_tax_id"): (1.0, 1.0),
    ("dev", "iban"): (0.89, 0.96),
    ("dev", "currency"): (0.95, 1.0),
    ("dev", "issue_date"): (0.95, 1.0),
    ("dev", "due_date"): (0.87, 1.0),
    ("dev", "thank_you"): (0.85, 1.0),
    ("dev", "language"): (1.0, 1.0),
    ("test", "total"): (0.99, 0.99),
    ("test", "subtotal"): (0.69, 0.94),
    ("test", "currency"): (0.81, 0.97),
    ("test", "invoice_number"): (0.75, 0.90),
    ("test", "issue_date"): (0.73, 0.92),
    ("test", "amount_due"): (1.0, 1.0),
    ("test", "language"): (1.0, 1.0),
    ("test", "payment_methods"): (0.96, 0.96),
    ("test", "iban"): (0.92, 0.96),
    ("test", "tax_amount"): (0.86, 0.95),
    ("test", "due_date"): (0.84, 0.89),
}


@pytest.mark.parametrize("part, field", sorted(FLOORS))
def test_field_reading_keeps_what_was_reached(public_report, part, field):
    recall_floor, precision_floor = FLOORS[(part, field)]
    r = public_report[part][field]
    assert r["recall"] >= recall_floor, f"{part} {field}: recall {r['recall']:.1%} on {r['n']}"
    assert r["precision"] >= precision_floor, f"{part} {field}: precision {r['precision']:.1%}"


@pytest.mark.slow
def test_false_check_errors_on_the_public_corpus_do_not_grow():
    """`invoice-lint check` on every public-samples PDF: a missing-*, arithmetic or identifier
    error the hand truth contradicts is false.  Issue #10's target is at most 1 file in 50; the
    ceilings are the counts measured on 2026-12-03, so the rate can only go down."""
    require_shared()
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_check", ROOT / "benchmarks" / "corpus_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ceilings = {"dev": 9, "test": 22}
    for part, ceiling in ceilings.items():
        r = module.run(part)
        print(f"\n{part}: {r['files_with_false_error']} of {r['files']} files with a false error")
        for row in r["verdicts"]["false"]:
            print("  false:", *row[2:4])
        assert r["files_with_false_error"] <= ceiling, (part, r["files_with_false_error"])

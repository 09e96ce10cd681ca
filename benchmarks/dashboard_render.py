"""Dashboard page re-render times on a consultant's volume of data (target: < 3 s per page).

Two workspaces, each run through the real app script with ``streamlit.testing.v1.AppTest``
(the server side of a browser session: the script run, caches and all widgets):

* ``traits``: an ``invoice-lint analyze --out`` folder for 10,000 invoices and a 100,000-row
  ledger (matched to the invoices by template) with survey answers — every payment page;
* ``pdfs``: N real generated invoice PDFs (default 300) with a 100,000-row ledger and survey,
  so the findings and viewer pages have PDFs to show.

For each: the first load, then every page opened twice (the re-render after the first load is
the figure that matters: cached data, new widgets), and a filter change.  The baseline measured
in the same run is ``pandas.read_csv`` of the same ledger; times are reported in seconds and as
a ratio to it.

    python benchmarks/dashboard_render.py [--invoices 10000] [--rows 100000] [--pdfs 300]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import ROOT, bulk_invoices  # noqa: E402

PAGES = ["views/overview.py", "views/styles.py", "views/feedback.py", "views/findings.py", "views/viewer.py",
         "views/data_quality.py"]


def ledger_for(templates: list[str], rows: int, seed: int):
    """A simulated ledger (and survey) whose rows name one of ``templates`` each."""
    import numpy as np

    from invoice_lint.analytics.simulation.payments import (
        export_ledger,
        export_survey,
        random_traits,
        simulate_payments,
    )

    traits = random_traits(rows, seed=seed, channels=False)
    sim = simulate_payments(traits, seed=seed, n_clients=400, survey_share=0.05,
                            day_effects={"has_payment_link": -5, "has_due_date": -8})
    ledger = export_ledger(sim.ledger)
    rng = np.random.default_rng(seed)
    ledger["Template"] = np.array(templates)[rng.integers(0, len(templates), len(ledger))]
    return ledger, export_survey(sim.survey)


def traits_workspace(folder: Path, invoices: int, rows: int, seed: int) -> Path:
    import numpy as np

    from invoice_lint.analytics.api import analyze, write_outputs
    from invoice_lint.analytics.simulation.payments import random_traits

    rng = np.random.default_rng(seed)
    traits = random_traits(invoices, seed=seed + 1, channels=False).drop(columns=["formal_register"])
    files = [f"inv-{i:05d}.pdf" for i in range(invoices)]
    traits.insert(0, "file", files)
    traits.insert(1, "invoice_number", [f"T-{i:05d}" for i in range(invoices)])
    traits.insert(2, "invoice_key", [f"t-{i}" for i in range(invoices)])
    traits["language"] = rng.choice(["en", "es", "sr", "de", "fr"], invoices)
    traits["style"] = rng.choice(["S1 · plain", "S2 · bordered", "S3 · letter", "S4 · two-column"], invoices)
    ledger, survey = ledger_for(files, rows, seed)
    out = folder / "traits-out"
    result = analyze(None, ledger, survey, traits=traits, replicates=300)
    write_outputs(result, out)
    ledger.to_csv(folder / "traits-ledger.csv", index=False)
    return out


def pdf_workspace(folder: Path, pdfs: int, rows: int, seed: int) -> Path:
    target = folder / "pdfs"
    files = bulk_invoices(pdfs, str(target))
    ledger, survey = ledger_for([f.name for f in files], rows, seed)
    ledger.to_csv(target / "payments.csv", index=False)
    survey.to_csv(target / "survey.csv", index=False)
    return target


def read_csv_seconds(path: Path) -> float:
    import pandas as pd

    start = time.perf_counter()
    pd.read_csv(path, dtype=str)
    return time.perf_counter() - start


def measure(data: Path) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["INVOICE_LINT_DATA"] = str(data)
    start = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=3600).run()
    first = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"the app failed on {data}: {at.exception[0].value}")
    pages = {}
    for page in PAGES + PAGES:  # the second round: every page after its own first render
        start = time.perf_counter()
        at.switch_page(page).run()
        pages.setdefault(page, []).append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"{page} failed: {at.exception[0].value}")
    at.switch_page(PAGES[0]).run()
    start = time.perf_counter()
    at.multiselect(key="f_languages").set_value(["es"]).run()
    filtered = time.perf_counter() - start
    start = time.perf_counter()
    at.run()
    filtered_again = time.perf_counter() - start
    return {"first_load_s": round(first, 2),
            "pages_s": {p.split("/")[1][:-3]: [round(t, 2) for t in times] for p, times in pages.items()},
            "slowest_rerender_s": round(max(max(t) for t in pages.values()), 2),
            "filter_change_s": round(filtered, 2), "filtered_rerender_s": round(filtered_again, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pdfs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = traits_workspace(folder, args.invoices, args.rows, args.seed)
        pdfs = pdf_workspace(folder, args.pdfs, args.rows, args.seed)
        baseline = min(read_csv_seconds(folder / "traits-ledger.csv") for _ in range(3))
        results = {"baseline_read_csv_s": round(baseline, 3),
                   "traits": {"invoices": args.invoices, "ledger_rows": args.rows, **measure(out)},
                   "pdfs": {"pdfs": args.pdfs, "ledger_rows": args.rows, **measure(pdfs)}}
        for key in ("traits", "pdfs"):
            results[key]["slowest_rerender_vs_read_csv"] = round(results[key]["slowest_rerender_s"] / baseline, 1)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

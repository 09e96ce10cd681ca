"""`invoice-lint analyze` on a 1,000,000-row ledger with trait columns, beside plain pandas.

Generates a ledger (planted effects, 2,000 clients, six trait columns) as CSV into a temp
folder, then, in the same run and on the same file, times in fresh child processes:
(a) ``pandas.read_csv`` of the file, (b) ``invoice-lint analyze --payments FILE --trait-column …
--format json`` and (c) the same with ``--out DIR`` (writes joined.csv etc.).  Reports wall
time, the ratio to plain reading and peak RSS of each (``resource.getrusage``).  Targets:
analyze < 60 s and < 4 GB.

    python benchmarks/analyze_ledger.py [--rows 1000000] [--clients 2000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRAITS = ("has_payment_link", "has_due_date", "has_thank_you", "has_qr", "formal_register", "channel")


def generate(path: Path, rows: int, clients: int, seed: int) -> dict:
    from invoice_lint.analytics.simulation.payments import export_ledger, random_traits, simulate_payments

    traits = random_traits(rows, seed=seed)
    sim = simulate_payments(traits, seed=seed, n_clients=clients, survey_share=0.0,
                            day_effects={"has_payment_link": -5, "has_due_date": -8, "channel=portal": -3})
    export_ledger(sim.ledger, trait_columns=TRAITS).to_csv(path, index=False)
    return {"rows": rows, "clients": clients, "bytes": path.stat().st_size, "planted": sim.truth["day_effects"]}


def child(kind: str, path: str, out: str | None) -> None:
    """Runs in a fresh process; prints seconds and peak RSS as JSON on the last line."""
    start = time.perf_counter()
    if kind == "read_csv":
        import pandas as pd

        pd.read_csv(path)
        extra = {}
    else:
        import contextlib
        import io

        from invoice_lint.cli import main

        argv = ["analyze", "--payments", path, "--format", "json"]
        for trait in TRAITS:
            argv += ["--trait-column", trait]
        if out:
            argv += ["--out", out]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = main(argv)
        if code != 0:
            raise SystemExit(f"analyze failed with exit status {code}")
        report = json.loads(buffer.getvalue())
        extra = {"effects": {f"{e['trait']}={e['level']}": [round(e["effect_days"], 2), round(e["ci_low"], 2),
                                                             round(e["ci_high"], 2)] for e in report["effects"]},
                 "cox_rows": report["method"]["adjusted"]["rows_used"]}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **extra}))


def measure(kind: str, path: Path, out: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--child", kind, str(path)] + ([str(out)] if out else [])
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall_with_start_s"] = time.perf_counter() - wall
    return result


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep the files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "ledger.csv"
        started = time.perf_counter()
        info = generate(path, args.rows, args.clients, args.seed)
        print(f"generated {info['rows']:,} rows, {info['clients']:,} clients, {info['bytes'] / 1e6:.0f} MB "
              f"in {time.perf_counter() - started:.1f} s; planted days: {info['planted']}")
        baseline = measure("read_csv", path)
        analysed = measure("analyze", path)
        with_out = measure("analyze", path, folder / "out")
    print(f"pandas.read_csv          {baseline['seconds']:7.1f} s   peak {baseline['peak_mb']:7.0f} MB")
    for label, result in (("analyze --format json", analysed), ("analyze ... --out DIR", with_out)):
        print(f"{label:<24} {result['seconds']:7.1f} s   peak {result['peak_mb']:7.0f} MB   "
              f"{result['seconds'] / baseline['seconds']:.1f}x read_csv   "
              f"(process incl. start-up {result['wall_with_start_s']:.1f} s)")
    print(f"adjusted models on a subsample of {analysed['cox_rows']:,} rows")
    for name, (effect, low, high) in analysed["effects"].items():
        print(f"  {name:<22} {effect:+6.2f} days (95% CI {low:+.2f} to {high:+.2f})")
    ok = analysed["seconds"] < 60 and analysed["peak_mb"] < 4096
    print("targets (< 60 s, < 4 GB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""`invoice-lint check` throughput vs bare pdfplumber `extract_words`, same files, same run.

Generates N one-page invoices with the sample generator's bulk mode, then times (best of
--repeat) bare pdfplumber and the full check (extraction, fields, every default rule).
Target: check throughput >= 0.6x the bare throughput.

    python benchmarks/check_throughput.py [--count 200] [--repeat 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import bare, best, bulk_invoices  # noqa: E402




def check(files):
    from invoice_lint.checks.engine import check_invoices, load_rules
    from invoice_lint.pipeline import read_invoices

    invoices, errors = read_invoices(files)
    check_invoices(invoices, None, load_rules())




def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bulk_invoices(args.count, tmp)
        check(files[:3])
        bare(files[:3])
        t_bare, t_check = best(bare, files, args.repeat), best(check, files, args.repeat)
    n = len(files)
    print(f"files: {n}")
    print(f"bare pdfplumber extract_words: {t_bare:.2f} s ({n / t_bare:.1f} files/s)")
    print(f"invoice-lint check:            {t_check:.2f} s ({n / t_check:.1f} files/s)")
    print(f"check throughput = {t_bare / t_check:.2f}x bare (target >= 0.6x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

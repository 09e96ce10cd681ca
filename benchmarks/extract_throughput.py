"""Extraction throughput: `read_invoices` (extract + language + fields) vs bare pdfplumber.

Generates N one-page invoices with the sample generator's bulk mode into a temp folder,
then times, in the same run and on the same files, (a) pdfplumber opening each file and
calling ``extract_words()`` on every page, and (b) invoice-lint's full extraction with field
detection.  Reports files/second for both and the overhead ratio (target: < 1.5x, i.e.
field detection adds less than 50% over bare extraction).

    python benchmarks/extract_throughput.py [--count 200] [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import bare, best, bulk_invoices  # noqa: E402


def full(files: list[Path]) -> None:
    from invoice_lint.pipeline import read_invoices

    invoices, errors = read_invoices(files)
    assert not errors, errors




def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bulk_invoices(args.count, tmp)
        full(files[:3])  # warm imports and caches for both
        bare(files[:3])
        t_bare = best(bare, files, args.repeat)
        t_full = best(full, files, args.repeat)
    n = len(files)
    print(f"files: {n}")
    print(f"bare pdfplumber extract_words: {t_bare:.2f} s  ({n / t_bare:.1f} files/s)")
    print(f"invoice-lint extract + fields: {t_full:.2f} s  ({n / t_full:.1f} files/s)")
    print(f"ratio full/bare: {t_full / t_bare:.2f}x  (field detection adds {(t_full / t_bare - 1):.0%}; target < 50%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

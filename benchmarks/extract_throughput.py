"""Extraction throughput: `read_invoices` (extract + language + fields) vs bare pdfplumber.

Generates N one-page invoices with the sample generator's bulk mode into a temp folder,
then times, in the same run and on the same files, (a) pdfplumber opening each file and
calling ``extract_words()`` on every page, and (b) invoice-lint's full extraction with field
detection.  Reports files/second for both and the overhead ratio (target: < 1.5x, i.e.
field detection adds less than 50% over bare extraction).

    python benchmarks/extract_throughput.py [--count 200] [--repeat 3]
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import arguments, bare_and, bulk_invoices, print_rates  # noqa: E402


def full(files: list[Path]) -> None:
    from invoice_lint.pipeline import read_invoices

    invoices, errors = read_invoices(files)
    assert not errors, errors




def main() -> int:
    args = arguments(repeat=3).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bulk_invoices(args.count, tmp)
        full(files[:3])  # warm imports and caches (bare_and warms bare's)
        t_bare, t_full = bare_and(files, full, args.repeat)
    print(f"files: {len(files)}")
    print_rates(len(files), {"bare pdfplumber extract_words": t_bare, "invoice-lint extract + fields": t_full})
    print(f"ratio full/bare: {t_full / t_bare:.2f}x  (field detection adds {(t_full / t_bare - 1):.0%}; target < 50%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Extraction throughput: `read_invoices` (extract + language + fields) vs bare text extraction.

Generates N one-page invoices with the sample generator's bulk mode into a temp folder,
then times, in the same run and on the same files, (a) pdfplumber opening each file and
calling ``extract_words()`` on every page, (b) invoice-lint's own text extraction alone
(``read_pdf`` with the default backend: words, lines, reading order) and (c) its full
extraction with language and field detection.  Reports files/second for each and two ratios:
full against bare pdfplumber, and full against its own text extraction — what language and
field detection add (issue #10's target: within +30% of bare text extraction).

    python benchmarks/extract_throughput.py [--count 200] [--repeat 3]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import arguments, bare, best, bulk_invoices, print_rates  # noqa: E402


def full(files: list[Path]) -> None:
    from invoice_lint.foundation.memo import forget
    from invoice_lint.pipeline import read_invoices

    forget()  # each timed run starts with empty line memos, as a run over new files would
    invoices, errors = read_invoices(files)
    assert not errors, errors


def text_only(files: list[Path]) -> None:
    from invoice_lint.extract.pdf import read_pdf

    for f in files:
        read_pdf(f)


def main() -> int:
    args = arguments(repeat=3).parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bulk_invoices(args.count, tmp)
        full(files[:3])  # warm imports
        text_only(files[:3])
        bare(files[:3])
        # CPU time of this one process: the others sharing the machine distort it far less than wall time
        t_bare, t_text, t_full = (best(fn, files, args.repeat, clock=time.process_time) for fn in (bare, text_only, full))
    print(f"files: {len(files)}")
    print_rates(len(files), {"bare pdfplumber extract_words": t_bare, "invoice-lint text only": t_text,
                             "invoice-lint extract + fields": t_full})
    print(f"ratio full/bare pdfplumber: {t_full / t_bare:.2f}x")
    print(f"ratio full/own text extraction: {t_full / t_text:.2f}x  (language and field detection add "
          f"{(t_full / t_text - 1):.0%}; target < +30%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

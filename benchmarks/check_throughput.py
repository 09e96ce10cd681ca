"""`invoice-lint check` throughput vs bare pdfplumber `extract_words`, same files, same run.

Generates N one-page invoices with the sample generator's bulk mode, then times (best of
--repeat), in this one process: bare pdfplumber, the full check (extraction, fields, every
default rule) with the pdfium backend (the default) and with the pdfplumber backend.
Target (issue 14): check with pdfium >= 3x the bare throughput.  ``--profile`` adds a cProfile
split of one pdfium check: reading (pdfium + words + lines), language, fields, rules.

    python benchmarks/check_throughput.py [--count 200] [--repeat 2] [--profile]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import arguments, bare, best, bulk_invoices, print_rates  # noqa: E402


def check(files, backend="pdfium"):
    from invoice_lint.checks.engine import check_invoices, load_rules
    from invoice_lint.pipeline import ReadOptions, read_invoices

    invoices, errors = read_invoices(files, ReadOptions(backend=backend, jobs=1, cache_dir=None))
    assert not errors, errors[:3]
    check_invoices(invoices, None, load_rules())


def check_pdfplumber(files):
    check(files, "pdfplumber")


def profile_split(files) -> None:
    """Where one pdfium check spends its time, by the pipeline step's module."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(check, files)
    stats = pstats.Stats(profiler)
    total = max(stats.total_tt, 1e-9)
    steps = {"reading (extract/pdf, pdfium_text, layout, pdfplumber words)": ("extract/pdf.py", "pdfium_text.py"),
             "language (extract/language.py)": ("extract/language.py",),
             "fields (lint/fields)": ("fields/detect.py",),
             "rules (lint/checks)": ("checks/engine.py",)}
    cumulative = {}
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        for step, parts in steps.items():
            if any(filename.endswith(p) for p in parts) and name in {"read_pdf", "assign_language", "detect_fields",
                                                                     "check_invoices"}:
                cumulative[step] = max(cumulative.get(step, 0.0), ct)
    print("profile of one pdfium check (cumulative time per step):")
    for step, seconds in cumulative.items():
        print(f"  {step:<66} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")
    stats.sort_stats("tottime").print_stats(12)




def main() -> int:
    ap = arguments(repeat=2)
    ap.add_argument("--profile", action="store_true", help="also print a cProfile split of one pdfium check")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = bulk_invoices(args.count, tmp)
        check(files[:3])
        check_pdfplumber(files[:3])
        bare(files[:3])
        t_bare = best(bare, files, args.repeat)
        t_pdfium = best(check, files, args.repeat)
        t_plumber = best(check_pdfplumber, files, args.repeat)
        c_bare, c_pdfium, c_plumber = (best(fn, files, args.repeat, time.process_time)
                                       for fn in (bare, check, check_pdfplumber))
        if args.profile:
            profile_split(files)
    n = len(files)
    print(f"files: {n}")
    print_rates(n, {"bare pdfplumber extract_words": t_bare, "check, pdfium backend (default)": t_pdfium,
                    "check, pdfplumber backend": t_plumber}, width=34)
    print(f"check (pdfium) throughput     = {t_bare / t_pdfium:.2f}x bare (target >= 3x)")
    print(f"check (pdfplumber) throughput = {t_bare / t_plumber:.2f}x bare")
    print(f"pdfium / pdfplumber check     = {t_plumber / t_pdfium:.2f}x")
    print(f"CPU time (this process): bare {c_bare:.2f} s, check pdfium {c_pdfium:.2f} s, check pdfplumber "
          f"{c_plumber:.2f} s; check (pdfium) = {c_bare / c_pdfium:.2f}x bare, check (pdfplumber) = "
          f"{c_bare / c_plumber:.2f}x bare")
    return 0


if __name__ == "__main__":
    sys.exit(main())

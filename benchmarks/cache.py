"""The cache: a cold `check` (empty cache) vs a warm one (nothing changed), in one run.

Also shows that a changed file is read again (its findings change, the others come from the
cache) and that a changed rule selection applies at once, and times the library call
`read_invoices` cold vs warm (no interpreter start, no rules).  Both runs start from bytecode,
as an installed package does (kept in a folder of their own, as in cold_start.py), so neither
pays for compiling the sources.  Prints the load average: the machine may be shared.
Target (issue 14): warm >= 20x faster than cold on 200 unchanged invoices.

    python benchmarks/cache.py [--count 200] [--jobs N]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import bulk_invoices, timed_cli  # noqa: E402


def check(folder: str, cache: str, *extra: str) -> tuple[float, bytes]:
    return timed_cli("check", folder, "--cache-dir", cache, *extra)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--jobs", type=int, help="--jobs for every run (default: the command's, all CPUs)")
    args = ap.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        folder, cache = Path(tmp) / "invoices", Path(tmp) / "cache"
        folder.mkdir()
        files = bulk_invoices(args.count, str(folder))
        n = len(files)
        check(str(files[0]), str(Path(tmp) / "warm-up"), *jobs)  # writes the bytecode
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        cold, cold_out = check(str(folder), str(cache), *jobs)
        warms = [check(str(folder), str(cache), *jobs) for _ in range(3)]
        warm = min(t for t, _ in warms)
        same = all(out == cold_out for _, out in warms)
        ok = same
        print(f"files: {n}")
        print(f"check, cold cache: {cold:6.2f} s")
        print(f"check, warm cache: {warm:6.2f} s (best of 3)")
        print(f"warm = {cold / warm:.1f}x faster than cold (target >= 20x); same output: {'yes' if same else 'NO'}; "
              f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

        # one changed file: the invoice with the fewest findings becomes a copy of the one with
        # the most; it is read again and its findings follow the new content
        where = lambda finding: str(Path(finding["path"]).resolve())  # noqa: E731 - reports give relative paths
        counts = {str(f.resolve()): 0 for f in files}
        for finding in json.loads(cold_out)["findings"]:
            counts[where(finding)] += 1
        source = max(counts, key=counts.get)
        target = min(counts, key=counts.get)
        shutil.copyfile(source, target)
        changed_t, changed_out = check(str(folder), str(cache), *jobs)
        before = [f for f in json.loads(cold_out)["findings"] if where(f) == target]
        after = [f for f in json.loads(changed_out)["findings"] if where(f) == target]
        twin = [f for f in json.loads(changed_out)["findings"] if where(f) == source]
        strip = lambda fs: sorted((f["code"], f.get("line") or 0, f["message"]) for f in fs)  # noqa: E731
        followed = strip(after) == strip(twin)
        ok = ok and followed
        print(f"one file changed: {changed_t:6.2f} s; its findings now those of its new content: "
              f"{'yes' if followed else 'NO'} ({len(before)} -> {len(after)} findings)")
        codes = sorted({f["code"] for f in json.loads(changed_out)["findings"]})
        if codes:
            _, narrowed = check(str(folder), str(cache), *jobs, "--ignore", codes[0])
            gone = codes[0] not in {f["code"] for f in json.loads(narrowed)["findings"]}
            ok = ok and gone
            print(f"a changed rule selection (--ignore {codes[0]}) applies on a warm cache: {'yes' if gone else 'NO'}")

        from invoice_lint.pipeline import read_invoices

        store = str(Path(tmp) / "library-cache")
        started = time.perf_counter()
        read_invoices(files, cache_dir=store, jobs=args.jobs or 1)
        lib_cold = time.perf_counter() - started
        started = time.perf_counter()
        read_invoices(files, cache_dir=store, jobs=args.jobs or 1)
        lib_warm = time.perf_counter() - started
        print(f"read_invoices (library, jobs={args.jobs or 1}): cold {lib_cold:.2f} s, warm {lib_warm:.3f} s "
              f"= {lib_cold / lib_warm:.0f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""`--jobs 2` vs `--jobs 1`: the real CLI on the same generated invoices, in one run.

Runs `invoice-lint check DIR --format json --no-cache` (and `extract`, reading only) with one and
with two worker processes, alternating, --repeat rounds (every time printed, the ratio of the
best of each, of each round's pair and of the medians), and compares the outputs byte for byte.
Target (issue 14): two processes >= 1.7x the one-process throughput, identical output.  The
machine is shared: figures are noisy; the ratio is measured within one run, and the load average
is printed before and after.  Both run from bytecode, as an installed package does (kept in a
folder of their own, as in cold_start.py), so neither pays for compiling the sources, and with a
user cache of their own, filled before the first timed run, as on a user's machine.

    python benchmarks/parallel.py [--count 200] [--repeat 2] [--command check]
"""
from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import arguments, bulk_invoices, rate, timed_cli  # noqa: E402


def _spin(_=None) -> float:
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def ceiling() -> float:
    """What two processes give over one on this machine right now, for work with no serial part
    at all (a pure-Python loop, forked; best of three each): the most ``--jobs 2`` could show in
    the same minute."""
    one = min(_spin() for _ in range(3))
    twos = []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(3):
            started = time.perf_counter()
            pool.map(_spin, [0, 1], chunksize=1)
            twos.append(time.perf_counter() - started)
    return 2 * one / min(twos)


def run(command: str, folder: str, jobs: int) -> tuple[float, bytes]:
    return timed_cli(command, folder, "--no-cache", "--jobs", str(jobs))


def main() -> int:
    ap = arguments(repeat=2)
    ap.add_argument("--command", choices=["check", "extract"], action="append",
                    help="only this command (repeatable; default: check, then extract)")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as bytecode:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = bytecode
        # tables derived from the libraries' data (CLDR, hyphenation ...) in a user cache of its own:
        # the shared one is rewritten by every checkout whose sources differ (another engineer's
        # edit), and a run that finds its tables gone derives them again (~0.3 s, in some runs only)
        os.environ["XDG_CACHE_HOME"] = str(Path(bytecode) / "user-cache")
        files = bulk_invoices(args.count, tmp)
        run("check", tmp, 1)  # writes the bytecode and fills that cache
        print(f"files: {len(files)}; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for command in args.command or ("check", "extract"):
            times: dict[int, list[float]] = {1: [], 2: []}
            outputs: dict[int, bytes] = {}
            ceilings = []
            for _ in range(args.repeat):
                ceilings.append(ceiling())
                for jobs in (1, 2):
                    elapsed, out = run(command, tmp, jobs)
                    times[jobs].append(elapsed)
                    outputs.setdefault(jobs, out)
                    if out != outputs[jobs]:
                        ok = False
            one, two = min(times[1]), min(times[2])
            same = outputs[1] == outputs[2]
            ok = ok and same
            for jobs in (1, 2):  # every run, in order: a burst of someone else's work shows as one slow run
                print(f"{command} --jobs {jobs}: best {rate(min(times[jobs]), len(files))}; every run: "
                      f"{' '.join(f'{t:.2f}' for t in times[jobs])} s")
            print(f"{command}: pairs (jobs 1 / jobs 2, same round): "
                  f"{' '.join(f'{a / b:.2f}x' for a, b in zip(times[1], times[2]))}; median "
                  f"{statistics.median(times[1]) / statistics.median(times[2]):.2f}x")
            print(f"{command}: the machine's own two-process ceiling in each round (a loop with no serial "
                  f"part): {' '.join(f'{c:.2f}x' for c in ceilings)}")
            # each round's pair against the ceiling measured just before it, then the medians
            shares = [a / b / c for a, b, c in zip(times[1], times[2], ceilings)]
            print(f"{command}: share of the ceiling (pair ratio / that round's ceiling): "
                  f"{' '.join(f'{x:.0%}' for x in shares)}; median {statistics.median(shares):.0%}; "
                  f"best ratio / best ceiling {one / two / max(ceilings):.0%}")
            print(f"{command}: 2 processes = {one / two:.2f}x one process, best of each (target >= 1.7x); "
                  f"output byte-identical: {'yes' if same else 'NO'} ({len(outputs[1])} bytes); "
                  f"load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

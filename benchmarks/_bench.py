"""Helpers the throughput benchmarks share: bulk invoices, a timed CLI run, bare pdfplumber, best-of timing."""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def arguments(count: int = 200, repeat: int | None = None) -> argparse.ArgumentParser:
    """The options every throughput benchmark takes: ``--count`` invoices and, with a default
    given, ``--repeat`` (best of that many runs); a benchmark adds its own."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=count, help="how many invoices to generate")
    if repeat is not None:
        parser.add_argument("--repeat", type=int, default=repeat, help="runs of each, the best counts")
    return parser


def rate(seconds: float, files: int, digits: int = 2) -> str:
    """``1.23 s (162.6 files/s)``: a time and the throughput it means."""
    return f"{seconds:.{digits}f} s ({files / seconds:.1f} files/s)"


def print_rates(files: int, times: dict[str, float], digits: int = 2, width: int = 0) -> None:
    """One line per timed side, ``label: 1.23 s (162.6 files/s)``, the labels padded alike."""
    width = max(width, *(len(label) + 1 for label in times))
    for label, seconds in times.items():
        print(f"{label + ':':<{width}} {rate(seconds, files, digits)}")


def bare_and(files: list[Path], ours, repeat: int = 1) -> tuple[float, float]:
    """Seconds of bare pdfplumber and of ``ours(files)`` on the same files (best of ``repeat``),
    bare's imports warmed on three files first."""
    bare(files[:3])
    return best(bare, files, repeat), best(ours, files, repeat)


def bulk_invoices(count: int, folder: str) -> list[Path]:
    subprocess.run([sys.executable, str(ROOT / "sample_invoices" / "generate.py"), "--count-bulk", str(count),
                    "--bulk-out", folder], check=True, stdout=subprocess.DEVNULL)
    return sorted(Path(folder).glob("*.pdf"))


def timed_cli(*args: str) -> tuple[float, bytes]:
    """Seconds and stdout of ``invoice-lint ARGS --format json --no-progress`` in a fresh interpreter.

    Exits with the command and the end of its stderr unless the status is 0 or 1 (findings).
    """
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "invoice_lint", *args, "--format", "json", "--no-progress"],
                            capture_output=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"invoice-lint {' '.join(args)} failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed, result.stdout


def bare(files: list[Path]) -> None:
    """The baseline: pdfplumber opening each file and extracting every page's words."""
    import pdfplumber

    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_words()


def best(fn, files, repeat: int, clock=time.perf_counter) -> float:
    """The shortest of ``repeat`` runs of ``fn(files)`` by ``clock`` (``time.process_time``: this
    process's CPU time, which other people's work on a shared machine distorts much less)."""
    times = []
    for _ in range(repeat):
        t = clock()
        fn(files)
        times.append(clock() - t)
    return min(times)

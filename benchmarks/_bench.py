"""Helpers the throughput benchmarks share: bulk invoices, bare pdfplumber, best-of timing."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bulk_invoices(count: int, folder: str) -> list[Path]:
    subprocess.run([sys.executable, str(ROOT / "sample_invoices" / "generate.py"), "--count-bulk", str(count),
                    "--bulk-out", folder], check=True, stdout=subprocess.DEVNULL)
    return sorted(Path(folder).glob("*.pdf"))


def bare(files: list[Path]) -> None:
    """The baseline: pdfplumber opening each file and extracting every page's words."""
    import pdfplumber

    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_words()


def best(fn, files, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(files)
        times.append(time.perf_counter() - t)
    return min(times)

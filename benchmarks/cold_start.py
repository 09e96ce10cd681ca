"""Cold start of `invoice-lint check one.pdf` beside `python -c "import pdfplumber"`.

Each round starts both commands as fresh processes, one after the other, so both see the
same machine load; the figure is the median over the rounds of the difference (check minus
the bare import) and of the ratio.  Target: the difference stays under 0.5 s.  Results are
never served from invoice-lint's cache (`--no-cache` when the check has it, and an empty
cache folder for every run); the py3langid model cache in ~/.cache/invoice-lint is left as
it is, as a user's second run finds it (a warm-up run fills it), and both commands run from
bytecode, as after `pip install`.  Also lists the heavy libraries the check imports
(none of spaCy, pandas, scikit-learn, streamlit, lifelines, matplotlib may be).

    python benchmarks/cold_start.py [--rounds 11] [PDF ...]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("en-01-bordered-clean.pdf", "de-05-letter-low-readability.pdf", "sr-cyrl-02-multipage.pdf")
HEAVY = ("spacy", "pandas", "sklearn", "scipy", "streamlit", "lifelines", "matplotlib", "pyarrow", "nltk")
TARGET_S = 0.5


def check_command(pdf: Path) -> list[str]:
    script = Path(sys.executable).with_name("invoice-lint")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "invoice_lint"]
    help_text = subprocess.run([*base, "check", "--help"], capture_output=True, text=True).stdout
    extra = ["--no-cache"] if "--no-cache" in help_text else []
    return [*base, "check", str(pdf), "--no-progress", *extra]


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def heavy_modules(pdf: Path) -> str:
    probe = (f"import sys, runpy; sys.argv=['invoice-lint','check',{str(pdf)!r},'--no-progress']\n"
             "try:\n runpy.run_module('invoice_lint', run_name='__main__')\n"
             "except SystemExit: pass\n"
             f"print('HEAVY:' + ' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    loaded = [line[len("HEAVY:"):] for line in out.splitlines() if line.startswith("HEAVY:")]
    return (loaded[-1] if loaded else "?") or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=[ROOT / "sample_invoices" / s for s in SAMPLES])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    bare = [sys.executable, "-c", "import pdfplumber"]
    # As installed: pip compiles every module to bytecode, so both commands run from .pyc files
    # (kept in a folder of their own here, even where PYTHONDONTWRITEBYTECODE is set).
    pycache = tempfile.mkdtemp(prefix="invoice-lint-pyc-")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = pycache
    for pdf in args.pdfs:  # the warm-up writes the bytecode and the user cache (py3langid, syllables)
        timed(check_command(pdf), dict(os.environ))
    timed(bare, dict(os.environ))
    worst = 0.0
    print(f"median of {args.rounds} rounds; each round runs the bare import, then the check")
    for pdf in args.pdfs:
        cmd = check_command(pdf)
        imports, checks = [], []
        for _ in range(args.rounds):
            cache = tempfile.mkdtemp(prefix="invoice-lint-cold-")
            env = {**os.environ, "INVOICE_LINT_CACHE_DIR": cache}
            try:
                imports.append(timed(bare, env))
                checks.append(timed(cmd, env))
            finally:
                shutil.rmtree(cache, ignore_errors=True)
        diff = statistics.median(c[0] - i[0] for c, i in zip(checks, imports))
        ratio = statistics.median(c[0] / i[0] for c, i in zip(checks, imports))
        cpu_diff = statistics.median(c[1] - i[1] for c, i in zip(checks, imports))
        worst = max(worst, diff)
        print(f"{pdf.name}: import pdfplumber {statistics.median(i[0] for i in imports):.3f} s, "
              f"check {statistics.median(c[0] for c in checks):.3f} s; check - import = {diff:.3f} s "
              f"({ratio:.1f}x the import); in CPU time {cpu_diff:.3f} s")
    # The very first run on a machine: nothing in ~/.cache/invoice-lint yet (the tables are
    # derived and written; py3langid's model is decompressed when the labels do not settle the
    # language).  Reported, not held to the target: every later run is the figure above.
    for pdf in args.pdfs:
        cmd = check_command(pdf)
        first = []
        for _ in range(max(1, args.rounds // 3)):
            home = tempfile.mkdtemp(prefix="invoice-lint-home-")
            env = {**os.environ, "INVOICE_LINT_CACHE_DIR": os.path.join(home, "results"), "XDG_CACHE_HOME": home}
            try:
                first.append((timed(bare, env), timed(cmd, env)))
            finally:
                shutil.rmtree(home, ignore_errors=True)
        diff = statistics.median(c[0] - i[0] for i, c in first)
        cpu = statistics.median(c[1] - i[1] for i, c in first)
        print(f"{pdf.name}, first run (empty user cache): check - import = {diff:.3f} s; in CPU time {cpu:.3f} s")
    print(f"heavy modules imported by the check: {heavy_modules(args.pdfs[0])}")
    shutil.rmtree(pycache, ignore_errors=True)
    verdict = "meets" if worst < TARGET_S else "misses"
    print(f"largest difference {worst:.3f} s: {verdict} the target (< {TARGET_S} s beside the import)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cold start of `invoice-lint check one.pdf` beside `python -c "import pdfplumber"`.

Best of 5 runs each, in fresh processes; also lists which heavy libraries the check imports
(target: under 1.5 s; spaCy, pandas, scikit-learn, streamlit not imported).

    python benchmarks/cold_start.py
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_invoices" / "en-01-bordered-clean.pdf"
HEAVY = ("spacy", "pandas", "sklearn", "streamlit", "lifelines", "matplotlib", "textstat")


def best(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    t_import = best([sys.executable, "-c", "import pdfplumber"])
    t_check = best([sys.executable, "-m", "invoice_lint", "check", str(SAMPLE)])
    probe = ("import sys, runpy; sys.argv=['invoice-lint','check',%r]\n"
             "try:\n runpy.run_module('invoice_lint', run_name='__main__')\n"
             "except SystemExit: pass\n"
             "print('HEAVY:' + ' '.join(m for m in %r if m in sys.modules))" % (str(SAMPLE), HEAVY))
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    loaded = [line[len("HEAVY:"):] for line in out.splitlines() if line.startswith("HEAVY:")]
    print(f"python -c 'import pdfplumber':      {t_import:.2f} s")
    print(f"invoice-lint check one.pdf:          {t_check:.2f} s  ({t_check / t_import:.1f}x the import; target < 1.5 s)")
    print(f"heavy modules imported by the check: {(loaded[-1] if loaded else '?') or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

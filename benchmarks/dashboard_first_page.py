"""The dashboard's first page on the bundled demo (32 invoices, their ledger and survey):
cold (an empty extraction and check cache) and warm (the cache filled by the cold run).

Each figure is the first run of the real app script in a fresh process through
``streamlit.testing.v1.AppTest`` (the server side of a browser session; Streamlit's own
in-memory caches are empty in a new process, so "warm" is the invoice-lint cache on disk),
from starting the process to the moment the script has drawn the page.  The complete analysis
goes on in the background after that (the page is shown while it finishes); the process ends
when it is done and kept in the cache, which is printed too ("analysis done").
Targets (issue #14): warm < 3 s, cold < 8 s.  The baseline measured in the same run is
``python -c "import streamlit"``.

    python benchmarks/dashboard_first_page.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the app of the invoice_lint that is imported (a checkout, an installed wheel, or a PYTHONPATH copy)
APP = Path(importlib.util.find_spec("invoice_lint.dashboard").origin).parent / "app.py"
PROBE = f"""
import time
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(APP)!r}, default_timeout=600).run()
assert not at.exception, at.exception
assert at.metric, "the Overview drew no KPI"
print(time.time(), flush=True)
"""


def _run(env: dict) -> tuple[float, float]:
    """(seconds from starting the process to the page drawn, to the process's end)."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, cwd=ROOT)
    ended = time.time() - start
    if out.returncode:
        sys.exit(f"the app failed:\n{out.stderr[-2000:]}")
    return float(out.stdout.split()[-1]) - start, ended


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    base_env = {k: v for k, v in os.environ.items() if k != "INVOICE_LINT_DATA"}
    colds, warms, imports, done_cold, done_warm = [], [], [], [], []
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="il-dash-cache-") as cache:
            env = {**base_env, "INVOICE_LINT_CACHE_DIR": cache}
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import streamlit"], check=True)
            imports.append(time.perf_counter() - t)
            drawn, ended = _run(env)
            colds.append(drawn)
            done_cold.append(ended)
            drawn, ended = _run(env)
            warms.append(drawn)
            done_warm.append(ended)
    imp, cold, warm = (statistics.median(x) for x in (imports, colds, warms))
    print(f"median of {args.rounds}: import streamlit {imp:.2f} s; first page cold {cold:.2f} s "
          f"({cold / imp:.1f}x the import), warm {warm:.2f} s ({warm / imp:.1f}x); "
          f"targets: warm < 3 s {'met' if warm < 3 else 'NOT met'}, cold < 8 s {'met' if cold < 8 else 'NOT met'}")
    print(f"analysis done (the process ended): cold {statistics.median(done_cold):.2f} s, "
          f"warm {statistics.median(done_warm):.2f} s; "
          f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""`invoice-lint audit` on 500 invoices with a ledger, vs bare pdfplumber `extract_words`.

Generates N one-page invoices with the sample generator's bulk mode and a seeded ledger of
4 rows per PDF (joined by template), then times the whole audit as the CLI runs it — read,
check, analyse (1000 client-bootstrap replicates), build the sections with page crops, render
the HTML — beside bare pdfplumber on the same files.  One run each (the audit is long).

    python benchmarks/audit_500.py [--count 500] [--bootstrap 1000] [--pdf]
"""
from __future__ import annotations

import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import arguments, bare_and, bulk_invoices, print_rates  # noqa: E402


def write_ledger(files: list[Path], path: Path, rows_per_pdf: int = 4, seed: int = 0) -> int:
    rng = random.Random(seed)
    lines = ["Invoice No,Client,Issue date,Due date,Paid date,Amount,Currency,template"]
    start = date(2025, 1, 1)
    n = 0
    for f in files:
        for _ in range(rows_per_pdf):
            n += 1
            issue = start + timedelta(days=rng.randrange(330))
            due = issue + timedelta(days=30)
            paid = "" if rng.random() < 0.08 else (issue + timedelta(days=max(1, int(rng.gauss(28, 12))))).isoformat()
            lines.append(f"LB-{n:06d},C{rng.randrange(1, 61):03d},{issue},{due},{paid},"
                         f"{rng.uniform(80, 9000):.2f},EUR,{f.name}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def audit(folder: Path, ledger: Path, out: Path, bootstrap: int, pdf: bool) -> None:
    from invoice_lint.cli import main

    args = ["audit", str(folder), "--payments", str(ledger), "--bootstrap", str(bootstrap), "--no-progress",
            "-o", str(out / "report.html")]
    if pdf:
        args += ["-o", str(out / "report.pdf")]
    code = main(args)
    if code != 0:
        raise SystemExit(f"audit exited {code}")


def main() -> int:
    ap = arguments(count=500)
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--pdf", action="store_true", help="also print the PDF with headless Chromium")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "invoices"
        files = bulk_invoices(args.count, str(folder))
        rows = write_ledger(files, Path(tmp) / "ledger.csv")
        t_bare, t_audit = bare_and(files, lambda _: audit(folder, Path(tmp) / "ledger.csv", Path(tmp),
                                                          args.bootstrap, args.pdf))
        size = (Path(tmp) / "report.html").stat().st_size
    print(f"files: {len(files)}, ledger rows: {rows}, bootstrap replicates: {args.bootstrap}")
    print_rates(len(files), {"bare pdfplumber extract_words": t_bare, "invoice-lint audit": t_audit}, digits=1)
    print(f"audit report: {size / 1e6:.2f} MB")
    print(f"audit time = {t_audit / t_bare:.1f}x bare extract_words")
    return 0


if __name__ == "__main__":
    sys.exit(main())

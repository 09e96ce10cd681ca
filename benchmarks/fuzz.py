"""Fuzz: damaged copies of the sample invoices through the real CLI, 50 files a run.

    python benchmarks/fuzz.py --count 5000            # prints the figures below
    python benchmarks/fuzz.py --count 600 --keep fuzz-out --jobs 2

A seeded mutator (``mutate``) damages copies of ``sample_invoices/*.pdf`` the ways files get
damaged in mail and storage: bytes flipped, the file truncated, a range deleted, a range
repeated, a range zeroed, junk inserted, the xref table's offsets and ``startxref`` corrupted,
stream ``/Length`` values changed.  Each batch goes through
``python -m invoice_lint check --output-format json`` and is judged:

- run lost: exit status above 2, no parsable JSON report, or the run overran its time limit;
- traceback: "Traceback" on stderr;
- missing: an input not named in the report's ``files``, or a file counted unreadable with no
  ``unreadable-pdf`` / ``no-text-layer`` finding naming it.

The test suite (tests/test_fuzz.py) uses the same mutator on a few hundred files.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_invoices"


# --- the mutator ---------------------------------------------------------------------------

def _span(data: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, most))


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 8, 32, 128))):
        i = rng.randrange(len(out))
        out[i] ^= rng.randint(1, 255)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _delete(data: bytes, rng: random.Random) -> bytes:
    a, b = _span(data, rng)
    return data[:a] + data[b:]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    a, b = _span(data, rng)
    return data[:b] + data[a:b] * rng.randint(1, 4) + data[b:]


def _zero(data: bytes, rng: random.Random) -> bytes:
    a, b = _span(data, rng, 512)
    return data[:a] + b"\0" * (b - a) + data[b:]


def _insert(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    junk = rng.choice((b"endobj", b"stream\n", b"<<", b">>", b"[", b"obj", b" 0 R", b"%%EOF", b"\xff" * 16,
                       bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))))
    return data[:i] + junk + data[i:]


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def _xref(data: bytes, rng: random.Random) -> bytes:
    """Corrupt some offsets of the xref table (and sometimes its header line)."""
    entries = list(_XREF_ENTRY.finditer(data))
    if not entries:
        return _flip(data, rng)
    out = bytearray(data)
    for m in rng.sample(entries, k=min(len(entries), rng.randint(1, 4))):
        offset = int(m.group(1))
        new = rng.choice((0, offset + rng.randint(-50, 50), rng.randrange(len(data) * 2), 9_999_999_999))
        out[m.start(1):m.end(1)] = b"%010d" % max(0, min(new, 9_999_999_999))
    if rng.random() < 0.2:
        header = re.search(rb"xref\s+(\d+) (\d+)", bytes(out))
        if header:
            count = b"%d" % rng.choice((0, 1, int(header.group(2)) + 7, 10**9))
            out[header.start(2):header.end(2)] = count
    return bytes(out)


def _startxref(data: bytes, rng: random.Random) -> bytes:
    m = re.search(rb"startxref\s+(\d+)", data)
    if not m:
        return _flip(data, rng)
    value = b"%d" % rng.choice((0, 1, int(m.group(1)) + rng.randint(-40, 40), len(data) + 1000, 10**12))
    return data[:m.start(1)] + value + data[m.end(1):]


_LENGTH = re.compile(rb"/Length (\d+)")


def _length(data: bytes, rng: random.Random) -> bytes:
    """Change one or more stream /Length values (shorter, longer, zero, huge, negative)."""
    found = list(_LENGTH.finditer(data))
    if not found:
        return _flip(data, rng)
    out = data
    for m in sorted(rng.sample(found, k=min(len(found), rng.randint(1, 3))), key=lambda m: -m.start()):
        n = int(m.group(1))
        new = rng.choice((b"0", b"%d" % (n // 2), b"%d" % (n + rng.randint(1, 200)), b"%d" % (n * 100),
                          b"99999999999", b"-1", b"%d" % max(0, n - 1)))
        out = out[:m.start(1)] + new + out[m.end(1):]
    return out


MUTATIONS = {"flip": _flip, "truncate": _truncate, "delete": _delete, "repeat": _repeat, "zero": _zero,
             "insert": _insert, "xref": _xref, "startxref": _startxref, "length": _length}


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """A damaged copy of ``data`` and the names of the 1–3 mutations applied."""
    names = [rng.choice(sorted(MUTATIONS)) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    for name in names:
        if data:
            data = MUTATIONS[name](data, rng)
    return data, names


def make_damaged(count: int, out_dir: Path, seed: int = 0, sources: list[Path] | None = None) -> list[Path]:
    """Write ``count`` damaged PDFs into ``out_dir`` (names say the source and mutations)."""
    rng = random.Random(seed)
    sources = sources or sorted(SAMPLES.glob("*.pdf"))
    originals = [(p.stem, p.read_bytes()) for p in sources]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        stem, data = rng.choice(originals)
        damaged, names = mutate(data, rng)
        path = out_dir / f"{i:05d}-{stem}-{'+'.join(names)}.pdf"
        path.write_bytes(damaged)
        written.append(path)
    return written


# --- the judge -----------------------------------------------------------------------------

def run_batch(files: list[Path], timeout: float = 600.0, cwd: Path | None = None) -> dict:
    """One `check --output-format json` run over ``files``, judged (see the module docstring)."""
    started = time.perf_counter()
    env = {**os.environ, "CI": "true"}
    try:
        result = subprocess.run([sys.executable, "-m", "invoice_lint", "check", "--output-format", "json",
                                 "--no-progress", *map(str, files)], capture_output=True, text=True,
                                timeout=timeout, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return {"lost": True, "why": "timeout", "traceback": False, "missing": [str(f) for f in files],
                "seconds": time.perf_counter() - started, "causes": Counter(), "status": None}
    seconds = time.perf_counter() - started
    out = {"lost": False, "why": "", "traceback": "Traceback" in result.stderr, "missing": [], "seconds": seconds,
           "causes": Counter(), "status": result.returncode, "stderr": result.stderr[-2000:]}
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = None
    if result.returncode > 2 or report is None:
        out.update(lost=True, why=f"exit {result.returncode}" + ("" if report else ", no JSON report"),
                   missing=[str(f) for f in files])
        return out
    named = {os.path.normpath(p) for p in report.get("files", [])}
    unreadable = {}
    for f in report.get("findings", []):
        if f["rule"] in ("unreadable-pdf", "no-text-layer"):
            unreadable[os.path.normpath(f["path"])] = f["message"]
    for f in files:
        if _shown(f, cwd) not in named:
            out["missing"].append(str(f))
    if report.get("summary", {}).get("unreadable") != len(unreadable):
        out["missing"].append(f"summary says {report.get('summary', {}).get('unreadable')} unreadable, "
                              f"{len(unreadable)} named")
    for message in unreadable.values():
        out["causes"][_cause_class(message)] += 1
    out["unreadable"] = len(unreadable)
    return out


def _shown(path: Path, cwd: Path | None) -> str:
    """The path as the report prints it (relative to the working folder when inside it)."""
    base = Path(cwd or Path.cwd()).resolve()
    try:
        return os.path.normpath(Path(path).resolve().relative_to(base).as_posix())
    except ValueError:
        return os.path.normpath(os.path.relpath(Path(path).resolve(), base))


def _cause_class(message: str) -> str:
    text = re.sub(r"^The (file could not be read|PDF has no text layer): ", "", message)
    text = re.sub(r"\(.*", "", text).strip(" .")
    return text[:70]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=5000, help="damaged files to make (default 5000)")
    ap.add_argument("--batch", type=int, default=50, help="files per CLI run (default 50)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2, help="CLI runs at the same time (default 2)")
    ap.add_argument("--keep", type=Path, help="write the damaged files here and keep them (default: a temp folder)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds one run may take before it counts as lost")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="invoice-lint-fuzz-") as tmp:
        folder = args.keep or Path(tmp)
        started = time.perf_counter()
        files = make_damaged(args.count, folder, seed=args.seed)
        batches = [files[i:i + args.batch] for i in range(0, len(files), args.batch)]
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(lambda b: run_batch(b, timeout=args.timeout, cwd=folder), batches))
        wall = time.perf_counter() - started

    lost = [r for r in results if r["lost"]]
    tracebacks = [r for r in results if r["traceback"]]
    missing = [m for r in results for m in r["missing"]]
    unreadable = sum(r.get("unreadable", 0) for r in results)
    causes = sum((r["causes"] for r in results), Counter())
    slowest = max(r["seconds"] for r in results)
    print(f"fuzz: {len(files)} damaged files (seed {args.seed}) in {len(batches)} runs of {args.batch}, "
          f"{args.jobs} at a time")
    print(f"  runs lost (exit > 2, no JSON report, or timeout): {len(lost)}")
    print(f"  runs with a traceback on stderr:                   {len(tracebacks)}")
    print(f"  files missing from the reports:                    {len(missing)}")
    print(f"  files reported unreadable: {unreadable}; read and checked: {len(files) - unreadable - len(missing)}")
    print(f"  wall time {wall:.0f} s, {wall / max(1, len(files)) * 1000:.0f} ms per file; slowest run {slowest:.1f} s")
    print("  causes:")
    for cause, n in causes.most_common(15):
        print(f"    {n:6d}  {cause}")
    for r in (lost + tracebacks)[:3]:
        print("---", r["why"] or "traceback", "\n", r.get("stderr", "")[-1500:])
    for m in missing[:10]:
        print("  missing:", m)
    return 1 if (lost or tracebacks or missing) else 0


if __name__ == "__main__":
    sys.exit(main())

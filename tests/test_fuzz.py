"""Fuzz: a few hundred damaged copies of the sample invoices, made at test time by the seeded
mutator of benchmarks/fuzz.py, through the real CLI 50 at a time.  No run may be lost: exit
status at most 2, no traceback, every input named in the report, in bounded time.
(`python benchmarks/fuzz.py --count 5000` is the larger run.)"""
from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from conftest import ROOT, SAMPLES

COUNT = 250
BATCH = 50
SEED = 12


def _fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_bench", ROOT / "benchmarks" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_mutator_is_seeded_and_damages(tmp_path):
    fuzz = _fuzz()
    data = (SAMPLES / "en-01-bordered-clean.pdf").read_bytes()
    first = [fuzz.mutate(data, random.Random(7)) for _ in range(3)]
    assert first[0] == first[1] == first[2]  # same seed, same damage
    kinds = set()
    rng = random.Random(1)
    for _ in range(300):
        damaged, names = fuzz.mutate(data, rng)
        kinds.update(names)
        assert 1 <= len(names) <= 3
    assert kinds == set(fuzz.MUTATIONS)
    for name, op in fuzz.MUTATIONS.items():
        assert op(data, random.Random(3)) != data, name
    files = fuzz.make_damaged(5, tmp_path, seed=2)
    assert [p.name for p in files] == [p.name for p in fuzz.make_damaged(5, tmp_path / "again", seed=2)]


def test_damaged_pdfs_never_lose_a_run(tmp_path):
    fuzz = _fuzz()
    started = time.perf_counter()
    files = fuzz.make_damaged(COUNT, tmp_path / "damaged", seed=SEED)
    batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda b: fuzz.run_batch(b, timeout=240, cwd=tmp_path), batches))
    elapsed = time.perf_counter() - started
    for result in results:
        assert not result["lost"], (result["why"], result.get("stderr"))
        assert not result["traceback"], result.get("stderr")
        assert result["status"] in (0, 1, 2)
        assert not result["missing"], result["missing"][:5]
    unreadable = sum(r["unreadable"] for r in results)
    assert 0 < unreadable < COUNT  # some damage is survivable, some is not: both paths ran
    assert elapsed < 180, f"{COUNT} damaged files took {elapsed:.0f} s"


def test_extract_names_every_damaged_file_once(tmp_path):
    """extract's JSON splits the inputs exactly into documents and errors."""
    fuzz = _fuzz()
    files = fuzz.make_damaged(BATCH, tmp_path, seed=SEED + 1)
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "extract", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=240, env={**os.environ, "CI": "true"})
    assert result.returncode in (0, 2) and "Traceback" not in result.stderr, result.stderr[-2000:]
    payload = json.loads(result.stdout)
    named = [d["path"] for d in payload["documents"]] + [e["path"] for e in payload["errors"]]
    assert sorted(Path(p).name for p in named) == sorted(p.name for p in files)
    for error in payload["errors"]:
        assert error["kind"] in ("unreadable-pdf", "no-text-layer") and error["cause"]
        assert "\n" not in error["cause"] and len(error["cause"]) < 400

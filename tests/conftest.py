"""Shared test fixtures: paths to the bundled samples and the shared real-invoice corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_invoices"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_shared() -> Path:
    """The real corpus beside the project; skip in a user's own clone, never in CI."""
    if not CORPUS.exists():
        if IN_CI:
            pytest.fail(f"CI=true but the shared corpus is missing at {CORPUS}")
        pytest.skip(f"the shared corpus is not beside this clone ({CORPUS})")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return require_shared()


@pytest.fixture
def samples() -> Path:
    return SAMPLES

"""Shared test fixtures: paths to the bundled samples and the shared real-invoice corpus."""
from __future__ import annotations

import importlib.util
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


def field_accuracy():
    """The field-accuracy benchmark module (its truth loaders and measure())."""
    spec = importlib.util.spec_from_file_location("field_accuracy", ROOT / "benchmarks" / "field_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

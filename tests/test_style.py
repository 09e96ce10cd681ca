"""The tree is clean under ruff, with the configuration in pyproject.toml ([tool.ruff])."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, (f"ruff check . found problems (`ruff check --fix .` fixes the ones marked "
                                    f"[*]):\n{result.stdout[-4000:]}{result.stderr[-1000:]}")

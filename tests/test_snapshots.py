"""Same findings and same analysis before and after: `check --format json` on the samples and on
the shared corpus, and `analyze` on the demo, through the real CLI, against the committed
snapshots in tests/snapshots/ (reduced and path-normalised by tests/snapshots/outputs.py).

A refactor must leave them unchanged.  A change meant to change them regenerates them with
`python tests/snapshots/update.py` and commits the JSON with the change.
"""
from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "snapshots"))

from conftest import require_shared  # noqa: E402
from outputs import SNAPSHOTS_PRODUCED, UPDATE, dumps, path_of  # noqa: E402


@pytest.mark.parametrize("name", list(SNAPSHOTS_PRODUCED))
def test_output_matches_its_snapshot(name):
    produce, needs_corpus = SNAPSHOTS_PRODUCED[name]
    if needs_corpus:
        require_shared()
    path = path_of(name)
    assert path.exists(), f"no snapshot {path.name}; create it with `{UPDATE} {name}`"
    expected = path.read_text(encoding="utf-8")
    actual = dumps(produce())
    if actual == expected:
        return
    # the same JSON up to formatting is a pass too (a hand-merged snapshot)
    assert json.loads(actual) != json.loads(expected)
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                     f"tests/snapshots/{path.name} (committed)", "this tree", lineterm="", n=1))
    shown = "\n".join(diff[:60]) + (f"\n... {len(diff) - 60} more diff lines" if len(diff) > 60 else "")
    pytest.fail(f"{name}: the output differs from tests/snapshots/{path.name}.\n{shown}\n\n"
                f"If this change is meant to change it (reading, fields, rules, analytics), regenerate "
                f"with `{UPDATE} {name}` and commit the JSON with the change; a refactor must not change it.",
                pytrace=False)

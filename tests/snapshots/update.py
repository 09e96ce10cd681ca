"""Regenerate the snapshots of `check` and `analyze` output (tests/test_snapshots.py).

    python tests/snapshots/update.py                  # all of them
    python tests/snapshots/update.py check-corpus     # only the named ones

Run it when a change is *meant* to change what `check` finds or what `analyze` reports (reading,
field detection, rules, analytics), and commit the JSON with that change: its diff is the record
of what changed.  A refactor must never need it.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from outputs import CORPUS, SNAPSHOTS_PRODUCED, dumps, path_of  # noqa: E402


def main(argv: list[str]) -> int:
    names = argv or list(SNAPSHOTS_PRODUCED)
    unknown = [n for n in names if n not in SNAPSHOTS_PRODUCED]
    if unknown:
        print(f"update.py: unknown snapshot {', '.join(unknown)}; known: {', '.join(SNAPSHOTS_PRODUCED)}",
              file=sys.stderr)
        return 2
    for name in names:
        produce, needs_corpus = SNAPSHOTS_PRODUCED[name]
        if needs_corpus and not CORPUS.exists():
            print(f"update.py: {name}: the shared corpus is missing at {CORPUS}; left as it is", file=sys.stderr)
            continue
        path = path_of(name)
        new = dumps(produce())
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(new, encoding="utf-8")
        print(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}: "
              f"{'unchanged' if old == new else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

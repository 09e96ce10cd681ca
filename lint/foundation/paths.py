"""How a file is named to the user: relative to the current folder when it is inside it.

Every finding names its file, so reports, baselines and notes call this once per finding; it is
kept here, in the foundation, so that both the reporters and the baseline (which keys findings by
the file as shown) use the one spelling."""
from __future__ import annotations

import functools
import os


def relative(path: str) -> str:
    if not os.path.isabs(path):
        return path
    return _relative(path, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _relative(path: str, cwd: str) -> str:
    """Each path once per run (every finding names its file; pathlib's resolve was a third of a
    fully cached check): the same ``realpath`` that ``Path.resolve`` calls, without the objects."""
    try:
        return os.path.relpath(os.path.realpath(path), cwd)
    except ValueError:
        return path

"""Tables invoice-lint derives from data files its libraries ship, kept ready to load in the
user's cache folder (``$XDG_CACHE_HOME/invoice-lint``, default ``~/.cache/invoice-lint``).

Parsing some of those files costs most of a short run: pyphen's German hyphenation patterns
(1 MB, ~0.8 s) or the CMU pronouncing dictionary (~1 s).  The parsed table is written once, in
``marshal`` format (plain dicts, tuples, strings and ints; loads in a few hundredths of a
second; nothing in it is ever run), and read back by later runs.  The file's name carries a
hash of everything the table depends on (library version, source file size and time), so an
upgraded library makes a new file and the old one is removed.  A missing, damaged or
unwritable cache only costs the parse again: the result is the same either way.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_folder() -> Path | None:
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "invoice-lint"
    except RuntimeError:  # no home folder: no cache
        return None


def source_key(path: Path) -> tuple:
    """What a table parsed from ``path`` depends on, besides the parsing library's version."""
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


def cached_table(name: str, key: tuple, build: Callable[[], dict], valid: Callable[[dict], bool]) -> dict:
    """``build()``'s table, from the cache file for ``(name, key)`` when there is a valid one;
    otherwise built, and written for the next run (atomically: a reader never sees half a
    file; older files of the same ``name`` are removed)."""
    folder = cache_folder()
    if folder is None:
        return build()
    prefix = f"{name}-"
    path = folder / f"{prefix}{hashlib.sha256(repr(key).encode()).hexdigest()[:16]}.marshal"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict) and valid(table):
            return table
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not there yet, or damaged: build it again
    table = build()
    _write(path, prefix, marshal.dumps(table))
    return table


def _write(path: Path, prefix: str, data: bytes) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob(f"{prefix}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # no writable cache: the next run parses again
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

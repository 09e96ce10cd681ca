"""Tables invoice-lint derives from data files its libraries ship, kept ready to load in the
user's cache folder (``$XDG_CACHE_HOME/invoice-lint``, default ``~/.cache/invoice-lint``).

Deriving them costs most of a short run: parsing pyphen's German hyphenation patterns (1 MB,
~0.8 s) or the CMU pronouncing dictionary (~1 s), or reading CLDR locale data through Babel for
month names, unit words and currency symbols in a dozen languages (~0.2 s).  The result is
written once, in ``marshal`` format (plain dicts, tuples, strings and ints; loads in a few
hundredths of a second; nothing in it is ever run), and read back by later runs.  The file's
name carries a hash of everything the table depends on (library version, source file size and
time, the code that computes it), so an upgrade or an edit makes a new file and the old one is
removed.  A missing, damaged or unwritable cache only costs the derivation again: the result is
the same either way.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import marshal
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


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
    return cached_value(name, key, build, lambda table: isinstance(table, dict) and valid(table))


def cached_value(name: str, key: tuple, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``cached_table`` for any value marshal keeps exactly (str, int, float, tuple, list, dict,
    set, frozenset, None)."""
    folder = cache_folder()
    if folder is None:
        return build()
    prefix = f"{name}-"
    path = folder / f"{prefix}{hashlib.sha256(repr(key).encode()).hexdigest()[:16]}.marshal"
    try:
        value = marshal.loads(path.read_bytes())
        if valid(value):
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not there yet, or damaged: build it again
    value = build()
    try:
        data = marshal.dumps(value)
    except ValueError:  # not plain data: nothing to keep
        return value
    _write(path, prefix, data)
    return value


def persistent(name: str, sources: tuple[str, ...], libraries: tuple[str, ...] = (),
               depends_on: Callable[[], tuple] = tuple):
    """Keep what a function of plain arguments returns (plain data, see ``cached_value``) in the
    user cache, one file per arguments.  For tables derived from a library's data (CLDR through
    Babel) that cost a noticeable part of a short run to derive and never change between runs.

    The key: the arguments, the text of the modules named in ``sources`` (the function's own
    and those whose code shapes the result: any edit makes a new entry), the installed
    ``libraries`` (their package file's size and time: an upgrade makes a new entry) and
    ``depends_on()`` (e.g. today's date).  The stored entry repeats the full key, so a file
    whose name matches by chance is never taken for another."""
    def decorate(function):
        @functools.wraps(function)
        def cached(*args):
            try:
                key = (name, args, _sources_digest(sources), _libraries_key(libraries), depends_on())
            except (OSError, ImportError, AttributeError, TypeError, ValueError):  # sources not files: no cache
                return function(*args)
            label = re.sub(r"[^A-Za-z0-9]+", "_", repr(args)).strip("_") or "none"

            def build():
                return (repr(key), function(*args))

            stored = cached_value(f"{name}-{label}", key, build,
                                  lambda entry: isinstance(entry, tuple) and len(entry) == 2 and entry[0] == repr(key))
            return stored[1]
        cached.uncached = function
        return cached
    return decorate


def today() -> tuple:
    """A ``depends_on`` for a result that depends on the date (currencies in use today)."""
    from datetime import date

    return (date.today().isoformat(),)


@functools.cache
def _sources_digest(modules: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for module in modules:
        spec = importlib.util.find_spec(module)
        digest.update(module.encode() + b"\0" + Path(spec.origin).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def _libraries_key(libraries: tuple[str, ...]) -> tuple:
    out = []
    for library in libraries:
        spec = importlib.util.find_spec(library)
        out.append(source_key(Path(spec.origin)) if spec and spec.origin else (library, None))
    return tuple(out)


def _write(path: Path, prefix: str, data: bytes) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        tmp = None
        # this table's older versions only: its name, then a 16-character key ("x-" must not
        # take "x-de-…", another table's)
        for old in path.parent.glob(f"{prefix}{'?' * 16}.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # no writable cache: the next run parses again
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

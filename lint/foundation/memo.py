"""What the reader remembers between documents.

The finders compute many things from one printed line's (or word's) text alone: its folded
form, its amounts, its label hits, its IBANs.  An issuer's lines come again on every one of its
invoices, so those results are remembered in bounded memos (``line_memo``) shared by every
document a process reads.  ``forget`` empties all of them at once: a benchmark timing a run
over new files, or a test that must not see an earlier test's lines.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_MEMOS: list = []


def line_memo(maxsize: int = 16384) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered so that ``forget`` reaches it."""
    def wrap(function: F) -> F:
        memo = functools.lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(memo)
        return memo  # type: ignore[return-value]

    return wrap


def forget() -> None:
    """Empty every line memo of the modules imported so far."""
    for memo in _MEMOS:
        memo.cache_clear()

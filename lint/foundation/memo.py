"""What the reader remembers between documents.

The finders compute many things from one printed line's (or word's) text alone: its folded
form, its amounts, its label hits, its IBANs.  An issuer's lines come again on every one of its
invoices, so those results are remembered in bounded memos (``line_memo``) shared by every
document a process reads.  ``forget`` empties all of them at once: a benchmark timing a run
over new files, or a test that must not see an earlier test's lines.

``remembered`` is the other kind: what one document's reader works out once and reads again
(its rows, its lines joined), kept on the object it belongs to.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable)
T = TypeVar("T")

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


class remembered(Generic[T]):  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock: the value is worked out on the first read
    and stored in the instance's ``__dict__``, where every later read finds it without calling
    anything.  Python 3.11's ``cached_property`` takes a lock on each first read, which costs
    more than some of the values it guards (a document's reader makes a dozen such first reads);
    for an object one thread reads at a time, as each document is (two threads reading one at
    once would both work the value out and store equal values)."""

    def __init__(self, compute: Callable[[Any], T]):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.compute(instance)
        return value

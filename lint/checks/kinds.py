"""The check kinds, as a registry: a rule's ``kind:`` names one, and the kind does the rest.

Every kind is a module beside this one that exposes ``KIND``, a ``Kind`` with the same small
interface:

- ``validate(options, key, registry)``: the rule's ``options`` checked when the pack loads
  (``checks.schema`` calls it and turns the first ``PackError`` into one line naming the file, the
  line, the rule's code and the key, with a did-you-mean for a misspelt option or value);
- ``check(rule, invoice, config)``: the rule's findings on one invoice (run per file, in the
  worker that read it under ``check --jobs``);
- ``check_run(rule, invoices)``: only for a cross-document kind, the findings across the run
  (run once, in the main process, over every invoice ``check`` kept);
- ``about_the_page(rule)``: whether the rule reads the printed page, so that a document without
  pages (a bare XML invoice) is not held to it;
- ``checks``: the values ``options.check`` may take, for a kind that dispatches on it;
- ``topic``: what its findings are about, as the audit report groups them (``TOPICS``);
- ``summary`` and ``options``: the kind's line in docs/rules.md.

Adding a kind: a module with its ``KIND``, and one line in ``MODULES`` (the catalogue, the schema
and the engine find it there).  ``KINDS`` (name -> Kind) imports the kind modules when first
asked: reading the packs asks (to validate options), a check run served from the cache does not.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from invoice_lint.checks.rules import Rule
    from invoice_lint.checks.schema import Registry
    from invoice_lint.config import Config
    from invoice_lint.foundation.model import ExtractedInvoice, Finding

# kind name -> module of invoice_lint.checks that defines its KIND (one module may define two kinds
# that share their matching, as `wording` does: KIND and SUBSTITUTION)
MODULES = {
    "required": "required",
    "arithmetic": "arithmetic",
    "date-order": "date_order",
    "identifier": "identifiers",
    "existence": "wording",
    "substitution": "wording",
    "readability": "readability",
    "consistency": "consistency",
    "einvoice": "einvoice",
    "en16931": "en16931",
    "mention": "mention",
}
NAMES = tuple(MODULES)  # the kinds a rule file may name (`input` rules are built in)
# what a kind's findings are about, as the audit report (audit.contents) groups them: "errors", a
# printed figure, identifier or date that is wrong; "wording", the words and their consistency;
# "" neither (a missing detail, a legal mention, the e-invoice: the report's matrix and its list)
TOPICS = ("errors", "wording", "")


def fields_only(rule: Rule) -> bool:
    """The default of ``about_the_page``: a kind that reads fields (which a bare XML's reader also
    fills) is checked on a document without pages, except the style pack's rules about the page
    (a thank-you line, a payment link)."""
    return "style" in rule.packs


def always(rule: Rule) -> bool:
    return True


def never(rule: Rule) -> bool:
    return False


def no_options(options: dict, key: tuple, registry: Registry) -> None:
    from invoice_lint.checks.schema import only

    only(options, key, set())


@dataclass(frozen=True)
class Kind:
    name: str
    check: Callable[[Rule, ExtractedInvoice, Config], list[Finding]]
    validate: Callable[[dict, tuple, Registry], None] = no_options
    check_run: Callable[[Rule, list[ExtractedInvoice]], list[Finding]] | None = None
    about_the_page: Callable[[Rule], bool] = fields_only
    checks: tuple[str, ...] = ()
    topic: str = ""  # one of TOPICS
    summary: str = ""
    options: str | Callable[[], str] = ""  # what `options` may say (a callable when it lists data)

    @property
    def cross_document(self) -> bool:
        return self.check_run is not None

    def options_doc(self) -> str:
        return self.options() if callable(self.options) else self.options


def about(topic: str) -> tuple[str, ...]:
    """The names of the kinds whose findings are about ``topic`` (one of ``TOPICS``)."""
    return tuple(name for name, kind in _kinds().items() if kind.topic == topic)


def _load() -> dict[str, Kind]:
    kinds = {}
    for name, module_name in MODULES.items():
        module = importlib.import_module(f"invoice_lint.checks.{module_name}")
        kind = next((k for k in vars(module).values() if isinstance(k, Kind) and k.name == name), None)
        if kind is None:
            raise RuntimeError(f"invoice_lint.checks.{module_name} defines no Kind named {name!r}")
        if kind.topic not in TOPICS:
            raise RuntimeError(f"kind {name!r}: topic {kind.topic!r} is not one of {TOPICS}")
        kinds[name] = kind
    return kinds


_KINDS: dict[str, Kind] | None = None


def _kinds() -> dict[str, Kind]:
    global _KINDS
    if _KINDS is None:
        _KINDS = _load()
    return _KINDS


def __getattr__(name: str) -> Any:
    if name == "KINDS":
        return _kinds()
    raise AttributeError(name)

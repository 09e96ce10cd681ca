"""How an analysis runs: one options object for ``analyze``, ``load_billing``, the dashboard and
the ``analyze`` and ``audit`` commands, each value checked here, once, when it is made.

    options = AnalysisOptions(as_of="2026-06-30", mapping={"paid_date": "Fecha de cobro"}, replicates=300)
    analyze("invoices/", "payments.csv", options=options)
    analyze("invoices/", "payments.csv", replicates=300)        # the same keywords, as before
    options.with_(predict=True)                                 # a changed copy, checked again

What it does not hold: the inputs (the invoice folder, the ledger and survey, a trait table), how
the PDFs are read (``pipeline.ReadOptions``) and what they are checked with (``config.Config``).

Frozen, hashable and picklable: mappings are kept as ``(key, value)`` pairs in the order given
(``mapping``, ``survey_mapping``, ``references``) and read back as dicts (``ledger_map`` ...), so
the dashboard can key its caches and background analyses by it.  A bad value is a ``UserError``
naming the keyword and the command-line option it comes from.
"""
from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from invoice_lint.analytics.kpis import DEFAULT_PERIOD_DAYS
from invoice_lint.analytics.models import MAX_MODEL_ROWS
from invoice_lint.foundation.errors import UserError

MIN_REPLICATES = 100  # fewer bootstrap replicates make the 95% interval's ends noise
MIN_MODEL_ROWS = 100  # the adjusted models subsample to this many rows at most; fewer cannot carry a fit

# keyword -> the command-line option it comes from, for the messages
OPTION_NAMES = {"as_of": "--as-of", "mapping": "--map", "survey_mapping": "--map survey.", "trait_columns":
                "--trait-column", "references": "--reference", "template_column": "--template-column",
                "date_format": "--date-format", "language": "--language", "replicates": "--bootstrap",
                "seed": "--seed", "predict": "--predict"}


@dataclass(frozen=True)
class AnalysisOptions:
    """Everything about one analysis besides its inputs.  See docs/analyze.md for each option."""

    as_of: date | None = None  # unpaid invoices are open up to this date; None: the ledger's latest date
    mapping: tuple[tuple[str, str], ...] = ()  # ledger field -> column (--map); a dict is accepted
    survey_mapping: tuple[tuple[str, str], ...] = ()  # survey field -> column (--map survey.FIELD=...)
    trait_columns: tuple[str, ...] = ()  # extra ledger columns analysed as traits (--trait-column)
    references: tuple[tuple[str, str], ...] = ()  # trait -> reference level (--reference)
    template_column: str | None = None  # the ledger column naming each row's PDF (--template-column)
    date_format: str | None = None  # iso, dmy, mdy or a strftime pattern; None: inferred (--date-format)
    language: str | None = None  # force the invoices' language (--language)
    replicates: int = 1000  # bootstrap replicates, at least MIN_REPLICATES (--bootstrap)
    seed: int = 0  # random seed for the bootstrap and subsamples (--seed)
    max_model_rows: int = MAX_MODEL_ROWS  # the adjusted models fit on a subsample of at most this many rows
    period_days: int = DEFAULT_PERIOD_DAYS  # the receivables KPIs' period (DSO, CEI)
    predict: bool = False  # also fit the late-payment model (--predict)
    models: bool = True  # False: only the join, KPIs and aging (the dashboard's first look)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # (frozen: the normalised values are set once, here)
        set_(self, "as_of", _as_date(self.as_of))
        for name in ("mapping", "survey_mapping", "references"):
            set_(self, name, _pairs(name, getattr(self, name)))
        set_(self, "trait_columns", _names(self.trait_columns))
        for name in ("template_column", "date_format", "language"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise UserError(f"{_named(name)} must be a non-empty text or None, not {value!r}")
        if self.date_format is not None:
            from invoice_lint.analytics.date_columns import _patterns_for

            _patterns_for(self.date_format)  # iso, dmy, mdy or a pattern with a %: else a UserError
        if self.language is not None:
            from invoice_lint.foundation.lexicon import unknown_language

            problem = unknown_language(self.language)
            if problem:
                raise UserError(f"{_named('language')}: {problem}")
        for name, least in (("replicates", MIN_REPLICATES), ("seed", 0), ("max_model_rows", MIN_MODEL_ROWS),
                            ("period_days", 1)):
            set_(self, name, _at_least(name, getattr(self, name), least))
        for name in ("predict", "models"):
            if not isinstance(getattr(self, name), bool):
                raise UserError(f"{_named(name)} must be True or False, not {getattr(self, name)!r}")

    def with_(self, **changes) -> AnalysisOptions:
        """A copy with ``changes`` (keywords of the constructor), checked as a new one is."""
        return dataclasses.replace(self, **changes) if changes else self

    @classmethod
    def of(cls, options: AnalysisOptions | None = None, **keywords) -> AnalysisOptions:
        """``options`` (default: the defaults) with ``keywords`` applied: what ``analyze`` and
        ``load_billing`` make of ``options=`` and the keywords they accept beside it."""
        unknown = sorted(set(keywords) - {f.name for f in dataclasses.fields(cls)})
        if unknown:
            raise TypeError(f"unexpected analysis option {unknown[0]!r} (known: "
                            f"{', '.join(f.name for f in dataclasses.fields(cls))})")
        return (options or cls()).with_(**keywords)

    @property
    def ledger_map(self) -> dict[str, str]:
        return dict(self.mapping)

    @property
    def survey_map(self) -> dict[str, str]:
        return dict(self.survey_mapping)

    @property
    def reference_levels(self) -> dict[str, str]:
        return dict(self.references)


def _named(name: str) -> str:
    option = OPTION_NAMES.get(name)
    return f"{name} ({option})" if option else name


def _at_least(name: str, value, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # (numpy's integers are Integral)
        raise UserError(f"{_named(name)} must be a whole number, not {value!r}")
    if value < least:
        raise UserError(f"{_named(name)} must be at least {least} (got {value})")
    return int(value)


def _as_date(value) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):  # a datetime or a pandas Timestamp: its day
        return value.date()
    if isinstance(value, str):
        from invoice_lint.analytics.date_columns import parse_one_date

        return parse_one_date(value, _named("as_of")).date()
    raise UserError(f"{_named('as_of')} must be a date or a text YYYY-MM-DD, not {value!r}")


def _pairs(name: str, value) -> tuple[tuple[str, str], ...]:
    """A mapping (or (key, value) pairs) of texts, as pairs in the order given."""
    if value is None:
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = tuple((k, v) for k, v in items)
    except (TypeError, ValueError):
        raise UserError(f"{_named(name)} must map names to names, such as {{'paid_date': 'Fecha de cobro'}}, "
                        f"not {value!r}") from None
    for key, text in pairs:
        if not isinstance(key, str) or not isinstance(text, str) or not key.strip() or not text.strip():
            raise UserError(f"{_named(name)}: {key!r} -> {text!r}: both must be non-empty texts")
    return pairs


def _names(value) -> tuple[str, ...]:
    if value is None:
        return ()
    names = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, Iterable) else None
    if names is None or not all(isinstance(n, str) and n.strip() for n in names):
        raise UserError(f"{_named('trait_columns')} must be column names, not {value!r}")
    return names


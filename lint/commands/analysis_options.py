"""The analysis options ``analyze``, ``audit`` and ``experiment analyze`` share on the command line
(``--as-of``, ``--map``, ``--date-format``, ``--bootstrap``; ``--trait-column`` and ``--language``
but in ``experiment analyze``; ``--seed`` but in ``audit``; and ``analyze``'s own ``--reference``,
``--template-column``, ``--predict``) become one ``analytics.options.AnalysisOptions``, which
checks every value, before any file is read.
Standard library only at import time, like every command module."""
from __future__ import annotations

import argparse


def analysis_options(args: argparse.Namespace):
    """The ``AnalysisOptions`` the parsed options give (UserError on a bad value, named by its option)."""
    from invoice_lint.analytics.columns import parse_mapping
    from invoice_lint.analytics.options import AnalysisOptions

    ledger_map, survey_map = parse_mapping(args.map)
    return AnalysisOptions(
        as_of=args.as_of, mapping=ledger_map, survey_mapping=survey_map,
        trait_columns=getattr(args, "trait_column", ()), references=pairs(getattr(args, "reference", []), "--reference"),
        template_column=getattr(args, "template_column", None), date_format=args.date_format,
        language=getattr(args, "language", None), replicates=args.bootstrap, seed=getattr(args, "seed", 0),
        predict=getattr(args, "predict", False))


def pairs(items: list[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` items (``--reference trait=level``) as a dict."""
    from invoice_lint.foundation.errors import UserError

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UserError(f"{option} {item!r}: expected NAME=VALUE")
        out[key.strip()] = value.strip()
    return out

"""Invoice-number normalization, so "INV-00042" in a PDF finds "inv 42" in a ledger.

Ledgers and printed invoices write the same number differently: case, spaces, separators,
leading zeros and a word or abbreviation in front.  Both sides are reduced to the same key.
"""
from __future__ import annotations

import re

from invoice_lint.foundation.text import fold


def _prefixes() -> frozenset[str]:
    """Words printed before the number itself (``ledger.number_prefixes`` in every
    rules/lexicon/<lang>.yaml, folded).  Only *leading* tokens are dropped; a series letter such
    as "A" in "A-123" is kept."""
    from invoice_lint.foundation.lexicon import all_lexicons

    return frozenset(p for lex in all_lexicons() for p in lex.number_prefixes)


NUMBER_PREFIXES = _prefixes()
_TOKENS = re.compile(r"[a-z]+|\d+")


def normalize_invoice_number(raw: object) -> str:
    """The matching key of an invoice number; "" when there is nothing number-like in it.

    >>> normalize_invoice_number("INV-00042"), normalize_invoice_number("inv 42")
    ('42', '42')
    >>> normalize_invoice_number("Factura nº A-2024/007")
    'a-2024-7'
    """
    if raw is None:
        return ""
    text = str(raw)
    text = text.lower() if text.isascii() else fold(text)
    tokens = _TOKENS.findall(text)
    while len(tokens) > 1 and tokens[0] in NUMBER_PREFIXES:
        tokens.pop(0)
    if tokens and tokens[0] in NUMBER_PREFIXES and not tokens[0].isdigit():
        return ""
    return "-".join(t.lstrip("0") or "0" if t.isdigit() else t for t in tokens)


def normalize_invoice_numbers(values) -> list[str]:
    """Vector form: normalizes each distinct value once (ledgers repeat few numbers, but fast anyway)."""
    cache: dict[object, str] = {}
    out = []
    for v in values:
        key = cache.get(v)
        if key is None:
            key = cache[v] = normalize_invoice_number(v)
        out.append(key)
    return out

"""``--redact``: mask IBANs, account numbers, tax ids, card numbers and personal names.

One ``Redactor`` is applied to every string taken from an invoice, ledger or survey before it
reaches the report; page crops black out the printed words that fall in a masked span.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "•"
# IBAN: country, check digits, 11-30 alphanumerics, optionally in groups of four.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{2,4}){3,8}\b")
# Serbian domestic accounts (bank-account-control) and other dashed account numbers.
_ACCOUNT = re.compile(r"\b\d{3}-\d{1,13}-\d{2}\b")
# Card numbers: 13-19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
# Partly masked card numbers, as printed or as a finding shows them ("4111 11** **** 1111"):
# 13-19 positions of digits and mask characters; --redact keeps only the last four digits.
_MASKED_CARD = re.compile(r"(?<![\w*•●#])(?=[\d*•●xX# -]*\d)(?=[\d ,-]*[*•●xX#])[\d*•●xX#](?:[ -]?[\d*•●xX#]){12,18}"
                          r"(?![\w*•●#])")
# Tax ids: EU VAT ids with a country prefix, Spanish NIF/CIF/NIE, Serbian PIB and company numbers.
_VAT = re.compile(r"\b(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)"
                  r"[ ]?[0-9A-Z]{2}[0-9 ]{6,12}[0-9A-Z]?\b")
_NIF = re.compile(r"\b(?:[A-HJNP-SUVW]\d{7}[0-9A-J]|\d{8}[A-Z]|[XYZ]\d{7}[A-Z])\b")
_PIB = re.compile(r"\b\d{8,9}\b")


def _keep_last(keep: int):
    def mask(text: str) -> str:
        compact = re.sub(r"[\s-]", "", text)
        return MASK * 4 + compact[-keep:] if len(compact) > keep + 4 else MASK * 6
    return mask


def _masked_card(text: str) -> str:
    """Only the last four digits of a partly masked card number, when they are printed."""
    compact = re.sub(r"[\s-]", "", text)
    return MASK * 4 + compact[-4:] if compact[-4:].isdigit() else MASK * 6


_RULES = (
    (_IBAN, _keep_last(4)),
    (_ACCOUNT, _keep_last(2)),
    (_CARD, _keep_last(4)),
    (_MASKED_CARD, _masked_card),
    (_VAT, lambda s: s[:2] + MASK * 6),
    (_NIF, lambda s: MASK * 6),
    (_PIB, lambda s: MASK * 6),
)


def card_spans(text: str) -> list[tuple[int, int, str]]:
    """Payment card numbers printed beyond what BR-51 allows (``fields.identifiers``): masked in
    every report, redacted or not, since printing one is itself a finding (IDN004)."""
    from invoice_lint.checks.identifiers import mask_card
    from invoice_lint.fields.identifiers import find_card_numbers

    return [(m.start, m.end, mask_card(m.text)) for m in find_card_numbers(text) if not m.masked_ok]


class Redactor:
    """Masks identifiers by pattern and the given names as whole words.  Disabled: identity."""

    def __init__(self, enabled: bool, names: Iterable[str] = ()):
        self.enabled = enabled
        cleaned = sorted({str(n).strip() for n in names if isinstance(n, str) and len(str(n).strip()) >= 3},
                         key=len, reverse=True)
        self.names = cleaned
        # a stable pseudonym per name, so masked rows of one client can still be told apart
        self._numbers = {n.casefold(): i for i, n in enumerate(sorted({n.casefold() for n in cleaned}), start=1)}
        self._names = (re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in cleaned), re.IGNORECASE)
                       if cleaned else None)

    def _pseudonym(self, name: str) -> str:
        return f"{MASK * 3}{self._numbers.get(name.casefold(), '')}"

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, replacement) of everything to mask in ``text``."""
        found: list[tuple[int, int, str]] = []
        if self._names is not None:
            found += [(m.start(), m.end(), self._pseudonym(m.group(0))) for m in self._names.finditer(text)]
        for pattern, mask in _RULES:
            found += [(m.start(), m.end(), mask(m.group(0))) for m in pattern.finditer(text)]
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[tuple[int, int, str]] = []
        for span in found:
            if not out or span[0] >= out[-1][1]:
                out.append(span)
        return out

    def __call__(self, text: str) -> str:
        if not self.enabled or not text or not isinstance(text, str):
            return text
        spans = self.spans(text)
        if not spans:
            return text
        parts, last = [], 0
        for start, end, replacement in spans:
            parts += [text[last:start], replacement]
            last = end
        parts.append(text[last:])
        return "".join(parts)

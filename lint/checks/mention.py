"""Kind `mention`: the page must print one of the rule's phrases (per language), e.g. a legal
mention a jurisdiction requires on every invoice.  Matching as the wording kinds do: folded
text, literal phrases on word boundaries.  A rule without phrases for the document's language,
or a document without pages (a bare XML invoice), is not checked."""
from __future__ import annotations

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.wording import _pattern
from invoice_lint.foundation.model import ExtractedInvoice, Finding


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    document = invoice.document
    phrases = tuple(rule.options["phrases"].get(document.base_language, []))
    pattern = _pattern(phrases)
    if pattern is None or not document.pages:
        return []
    # the whole text as one run: a mention often wraps ("... trois fois le taux / d'intérêt légal")
    if pattern.search(" ".join(line.match_text for line in document.lines)):
        return []
    return [finding(rule, invoice, snippet="", phrases=" / ".join(f"'{p}'" for p in phrases[:3]))]

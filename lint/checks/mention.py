"""Kind `mention`: the page must print one of the rule's phrases (per language), e.g. a legal
mention a jurisdiction requires on every invoice.  Matching as the wording kinds do: folded
text, literal phrases on word boundaries.  A rule without phrases for the document's language,
or a document without pages (a bare XML invoice), is not checked."""
from __future__ import annotations

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, always
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import PackError, Registry, only, phrases_per_language
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


def validate(options: dict, key: tuple, reg: Registry) -> None:
    only(options, key, {"phrases"})
    if "phrases" not in options:
        raise PackError(key + ("phrases",), "missing: the phrases one of which the page must print, per language")
    phrases_per_language(options, key, reg)


KIND = Kind("mention", check=lambda rule, invoice, config: check(rule, invoice), validate=validate,
            about_the_page=always,
            summary="the page prints one of the rule's phrases (a legal mention), per language",
            options="`phrases` (required): `{language: [phrase, ...]}`, one of which the page must print "
                    "(a legal mention); not checked in a language the rule has no phrases for")

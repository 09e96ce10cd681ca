"""Kinds `existence` (phrases to avoid: vague terms, commercialese) and `substitution`
(preferred terms: {rejected: preferred}), per language.

Phrases come from the language's lexicon (`wording: {rule name: [...]}` and
`preferred_terms: {rule name: {rejected: preferred}}` in rules/lexicon/<lang>.yaml), the rule's
options (`phrases: {lang: [...]}`, `terms: {lang: {...}}`, for a user's own pack) and the user's
`rejected-terms` / `preferred-terms`; all are folded like the document's lines, so one Serbian Latin list also
catches Cyrillic text.  Matching is literal on word boundaries: no user regex is ever run."""
from __future__ import annotations

import functools
import re

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind, always
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import Registry, expect_mapping, expect_text, only, per_language, phrases_per_language
from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.model import ExtractedInvoice, Finding
from invoice_lint.foundation.text import fold, phrase_pattern


def _lexicon(language: str):
    from invoice_lint.foundation.lexicon import load_lexicon

    try:
        return load_lexicon(language)
    except ConfigError:  # a language without a lexicon has no words of its own
        return None


@functools.lru_cache(maxsize=256)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    folded = sorted({fold(p) for p in phrases if p.strip()}, key=len, reverse=True)
    if not folded:
        return None
    return phrase_pattern(folded)


def check(rule: Rule, invoice: ExtractedInvoice, extra: dict[str, list[str]] | None = None) -> list[Finding]:
    lang = invoice.document.base_language
    lex = _lexicon(lang)
    phrases = (tuple(lex.wording.get(rule.name, ())) if lex else ()) + \
        tuple(rule.options.get("phrases", {}).get(lang, [])) + tuple((extra or {}).get(lang, []))
    pattern = _pattern(phrases)
    if pattern is None:
        return []
    out = []
    for line in invoice.document.lines:
        m = pattern.search(line.match_text)
        if m:
            out.append(finding(rule, invoice, line=line, snippet=line.text, match=m.group(0)))
    return out


def check_substitution(rule: Rule, invoice: ExtractedInvoice, extra: dict[str, dict[str, str]] | None = None) -> list[Finding]:
    lang = invoice.document.base_language
    lex = _lexicon(lang)
    terms = {fold(k): v for k, v in {**(lex.preferred_terms.get(rule.name, {}) if lex else {}),
                                     **rule.options.get("terms", {}).get(lang, {}),
                                     **(extra or {}).get(lang, {})}.items()}
    pattern = _pattern(tuple(terms))
    if pattern is None:
        return []
    out = []
    for line in invoice.document.lines:
        for m in pattern.finditer(line.match_text):
            preferred = terms.get(m.group(0), "")
            out.append(finding(rule, invoice, line=line, snippet=line.text, match=m.group(0),
                               preferred=preferred or "(leave it out)"))
    return out


def validate_existence(options: dict, key: tuple, reg: Registry) -> None:
    only(options, key, {"phrases"})  # optional: a language's lexicon lists a rule's phrases by its name (wording)
    phrases_per_language(options, key, reg)


def validate_substitution(options: dict, key: tuple, reg: Registry) -> None:
    only(options, key, {"terms"})  # optional: a language's lexicon lists them by rule name (preferred_terms)
    if "terms" not in options:
        return
    for lang, terms in per_language(options["terms"], key + ("terms",), reg).items():
        for rejected, preferred in expect_mapping(terms, key + ("terms", lang)).items():
            expect_text(rejected, key + ("terms", lang))
            expect_text("" if preferred is None else preferred, key + ("terms", lang, str(rejected)), empty_ok=True)


def _existence(rule: Rule, invoice: ExtractedInvoice, config) -> list[Finding]:
    return check(rule, invoice, config.rejected_terms if rule.name == "vague-payment-terms" else None)


KIND = Kind("existence", topic="wording", check=_existence, validate=validate_existence, about_the_page=always,
            summary="phrases to avoid (vague terms, commercialese), per language",
            options="`phrases`: `{language: [phrase, ...]}`, added to `wording: {rule name: [...]}` in "
                    "rules/lexicon/<language>.yaml")
SUBSTITUTION = Kind("substitution", topic="wording",
                    check=lambda rule, invoice, config: check_substitution(rule, invoice, config.preferred_terms),
                    validate=validate_substitution, about_the_page=always,
                    summary="a preferred term for a rejected one, per language",
                    options="`terms`: `{language: {rejected: preferred}}` (preferred may be empty), added to "
                            "`preferred_terms: {rule name: {...}}` in rules/lexicon/<language>.yaml")

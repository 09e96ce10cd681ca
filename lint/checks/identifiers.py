"""Kind `identifier`: IBAN (ISO 13616), tax ids (EU VAT, ES NIF, RS PIB, GB VAT), Serbian
accounts (mod 97), all through python-stdnum via ``invoice_lint.fields.identifiers``, and
payment card numbers printed beyond what EN 16931 BR-51 allows (anywhere on the page).

A card number found here is never repeated in full in the finding: the message and the
snippet show it masked, so the lint report does not leak what it reports.

A card is 13-19 digits that pass Luhn *and* are grouped like a card or named as one.  A GTIN /
EAN article code (8, 12, 13 or 14 digits with a valid GTIN check digit) is not a card when it is
labelled (GTIN, EAN, Art.-Nr., article, SKU ...), sits under such a column header, or is printed
in an article row (``12 x 1,0l PET``, ``6 Stk``), even if it happens to pass Luhn too."""
from __future__ import annotations

import re

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import check_only
from invoice_lint.fields import identifiers
from invoice_lint.foundation.lexicon import load_lexicon
from invoice_lint.foundation.model import ExtractedInvoice, Finding
from invoice_lint.foundation.text import fold, phrase_pattern

# A card printed in groups is grouped like a card: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners).
_CARD_GROUPS = re.compile(r"^\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?$|^\d{4}([ -])\d{6}\2\d{4,5}$")
# Labels of article codes (matched on folded text): GTIN, EAN(-13), UPC, barcode, article/item numbers.
_ARTICLE_LABEL = re.compile(
    r"(?<![a-z])(?:gtin|ean(?:[ -]?(?:13|8|code|nr|no))?|upc|barcode|strichcode|sku|"
    r"art(?:ikel)?[ .-]*(?:nr|no|nummer|number)|artikel(?:nummer|code)?|article(?: (?:no|number|code))?|"
    r"item (?:no|number|code)|product code|produktcode|codigo(?: de)? (?:barras|articulo)|ref(?:erence)? article|"
    r"sifra(?: artikla)?|bar ?kod)(?![a-z])")
# An article row: a pack size or quantity with a unit ("12 x 1,0l", "6 Stk", "2 pcs", "500 g").
_ARTICLE_ROW = re.compile(r"\b\d+\s*[x×]\s*\d|\b\d+(?:[.,]\d+)?\s?(?:l|ml|cl|kg|g|stk|st|pcs|pc|pz|kom|unid)\b",
                          re.IGNORECASE)


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    what = rule.options["check"]
    f = invoice.fields
    if what == "iban":
        field = f.get("iban")
        if field is not None and not identifiers.validate_iban(field.value):
            return [finding(rule, invoice, field, value=field.text or field.value)]
    elif what == "bank_account":
        field = f.get("bank_account")
        if field is not None and identifiers.normalize_rs_account(field.value) and not identifiers.validate_rs_account(
                field.value):
            return [finding(rule, invoice, field, value=field.value)]
    elif what == "tax_id":
        field = f.get("seller_tax_id")
        if field is not None:
            matches = identifiers.find_vat_ids(field.text or field.value, labelled=True)
            if matches and matches[0].valid is False:
                return [finding(rule, invoice, field, value=field.value, kind=matches[0].kind)]
    elif what == "card":
        return _cards(rule, invoice)
    return []


def mask_card(printed: str, keep_first: int = 6) -> str:
    """The printed card number with every digit but the first ``keep_first`` (6, the most BR-51
    allows; 0 for ``--redact``) and the last 4 replaced by '*'."""
    digits = [i for i, c in enumerate(printed) if c.isdigit()]
    hide = set(digits[keep_first:-4]) if len(digits) > keep_first + 4 else set(digits)
    return "".join("*" if i in hide else c for i, c in enumerate(printed))


def _article_code(m: identifiers.IdMatch, line, lines_above, context: str) -> bool:
    """A GTIN/EAN article code: valid GTIN check digit, printed in one piece, and labelled, under
    an article-code column header, or in an article row."""
    from stdnum import ean

    digits = re.sub(r"\D", "", m.text)
    if m.masked or m.text != digits or len(digits) not in (8, 12, 13, 14) or not ean.is_valid(digits):
        return False
    if _ARTICLE_LABEL.search(context) or _ARTICLE_ROW.search(line.text[:m.start] + " " + line.text[m.end:]):
        return True
    words = [w for w in line.words if digits in w.text]
    if not words:
        return False
    x0, x1 = words[0].x0, words[0].x1
    for above in lines_above:  # a column header over the code
        for w in above.words:
            if w.x0 < x1 and x0 < w.x1 and _ARTICLE_LABEL.search(fold(w.text)):
                return True
    return False


def _card_words(language: str) -> re.Pattern[str]:
    """The lexicon's card phrases (payment_methods.card) of the document's language and of
    English (card brands: Visa, Mastercard, Amex)."""
    phrases = set(load_lexicon(language).payment_methods.get("card", ()))
    phrases |= set(load_lexicon("en").payment_methods.get("card", ()))
    return phrase_pattern(tuple(sorted(phrases, key=lambda p: (-len(p), p))))


def _card_like(m: identifiers.IdMatch, context: str, words: re.Pattern[str]) -> bool:
    """A masked match shows its intent.  An unmasked one counts only when it starts like a card
    (Visa, Mastercard, Amex, Diners, Discover, JCB) and is grouped like a card or printed
    beside a card word: a SIRET (14 digits, Luhn-valid by design), a Serbian account or an
    order number that happens to pass Luhn is not a card."""
    if m.masked:
        return True
    if not identifiers.plausible_card_start(m.value):
        return False
    return bool(_CARD_GROUPS.match(m.text)) or bool(words.search(context))


def _cards(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    out = []
    words = _card_words(invoice.document.language)
    previous = ""
    above: list = []  # the lines above on the same page (for column headers)
    for line in invoice.document.lines:
        if above and above[-1].page != line.page:
            above = []
        context, previous = previous + " " + line.match_text, line.match_text
        above.append(line)
        if sum(c.isdigit() or c in "*•●xX#" for c in line.text) < 13:
            continue  # too few digit positions for a card
        taken = [(m.start, m.end) for m in identifiers.find_ibans(line.text)]
        for m in identifiers.find_card_numbers(line.text):
            if m.masked_ok or not _card_like(m, context, words) or any(s < m.end and m.start < e for s, e in taken):
                continue
            if _article_code(m, line, above[:-1], context):
                continue
            shown = mask_card(m.text)
            snippet = line.text[:m.start] + shown + line.text[m.end:]
            how = ("with more digits visible than the first 6 and last 4" if m.masked
                   else "unmasked")
            out.append(finding(rule, invoice, line=line, snippet=snippet, value=shown, how=how))
    return out


CHECKS = ("iban", "tax_id", "bank_account", "card")
KIND = Kind("identifier", topic="errors", check=lambda rule, invoice, config: check(rule, invoice),
            validate=check_only("identifier", CHECKS), checks=CHECKS,
            summary="identifiers are valid: IBAN, tax id, Serbian account; no unmasked card number",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in CHECKS))

"""How to pay: IBAN (also wrapped in its cell), national bank account, payment terms and
methods, payment link, and the currency.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable

from invoice_lint.fields import amounts, identifiers, methods, terms
from invoice_lint.fields.finders.context import (
    URL,
    URL_HINT,
    Context,
    distinctive_label_words,
    field_at,
    figure_span,
    next_in_column,
    own_label_lines,
    row_of,
)
from invoice_lint.fields.labels import ValueSpan
from invoice_lint.foundation.lexicon import Lexicon, available_languages, merged_lexicon
from invoice_lint.foundation.model import Field, InvoiceFields, Line
from invoice_lint.foundation.text import NEVER, fold, phrase_hint

_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}(?: ?[A-Z0-9]{2,4}){3,8}$")


def iban(ctx: Context) -> Field | None:
    """The payee's IBAN (BT-84).  An IBAN in a sentence that says the amount is debited ("Wird
    von Konto DE12 ... abgebucht", "prélèvement sur le compte ...") is the buyer's debited
    account (BT-91, ``debited_account``), not where to pay."""
    for line in ctx.iban_lines:
        found = identifiers.find_ibans(line.text)
        if found and _states_a_debit(line.match_text):
            continue
        for m in found:
            if getattr(m, "masked", False) or "*" in m.text:
                continue
            span = ValueSpan(m.text, [w for w in line.words if w.text in m.text] or line.words, line, "inline")
            return field_at("iban", m.value, span, text=m.text)
    wrapped = _wrapped_iban(ctx)
    if wrapped is not None:
        return wrapped
    # under an IBAN label, an IBAN-shaped value is read as printed even when its country or
    # check digits are wrong, so that invalid-iban can say so
    for hit in ctx.hits_for("iban"):
        for span in ctx.spans(hit, below=False):
            text = span.text.strip(" :")
            if _IBAN_SHAPE.match(text.upper()) and text.upper() == text:
                return field_at("iban", text.replace(" ", ""), span, hit, text=text)
    return None


def debited_account(ctx: Context) -> Field | None:
    """The buyer's account a direct debit draws on (BT-91): an IBAN, masked or not, in a line that
    names a direct debit in any language's words (an English rendering of a German e-invoice
    prints "Wird von Konto DE12… abgebucht").  Only the lines that may hold an IBAN are asked
    whether they name a debit (a few, not every line searched for every language's debit words)."""
    matcher = _debit_matcher()
    for line in ctx.iban_lines:
        found = identifiers.find_ibans(line.text) if matcher(line.match_text) else None
        if found:
            m = found[0]
            span = ValueSpan(m.text, [w for w in line.words if w.text in m.text] or line.words, line, "inline")
            return field_at("debited_account", m.value, span, text=m.text)
    return None


def _states_a_debit(folded: str) -> bool:
    """Does the folded line name a direct debit, in any lexicon's words?"""
    return bool(_debit_matcher()(folded))


@functools.cache
def _debit_matcher() -> Callable[[str], list[str]]:
    """The matcher of every lexicon's direct-debit words, made once."""
    return methods.payment_method_matcher({"direct_debit": tuple(_every_language_methods().get("direct_debit", ()))})


# the head of an IBAN at a line's end (its cell wrapped the rest): identifiers.IBAN_HINT finds
# something in every text this does, so only ``ctx.iban_lines`` are asked
_IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4})+ ?[A-Z0-9]{0,4}$")


def _wrapped_iban(ctx: Context) -> Field | None:
    """An IBAN its table cell wrapped onto the next line ("DE67 1004 8392 7221" over "8882 72"),
    or a paragraph wrapped at the end of a line ("… | IBAN CH93 0076 2011 6238 5295" over a
    centred "7 | BIC …", the next line of the page, not under the IBAN): the two parts joined
    are taken only when the joined IBAN has the country's length and right check digits, which a
    chance join almost never has (1 in 97).  Only a line that may hold an IBAN (``ctx.iban_lines``)
    starts one."""
    lines = ctx.lines
    hinted = {id(line) for line in ctx.iban_lines}
    for index, line in enumerate(lines):
        if id(line) not in hinted:
            continue  # no head of an IBAN in it
        head = _IBAN_HEAD.search(line.text.rstrip())
        if head is None:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        wrapped = following if following is not None and following.page == line.page else None
        column = next_in_column(ctx, line)
        for below in [column] + ([wrapped] if wrapped is not column else []):
            if below is None or not below.text[:1].isalnum():
                continue
            joined = head.group(0) + " " + below.text.strip()
            for m in identifiers.find_ibans(joined):
                if m.start == 0 and m.end > len(head.group(0)) + 1 and m.valid and not m.masked:
                    words = [w for w in line.words if w.text in head.group(0)]
                    words += [w for w in below.words if w.text in m.text]
                    span = ValueSpan(m.text, words or line.words, line, "below")
                    return field_at("iban", m.value, span, text=m.text)
    return None


def bank_account(ctx: Context) -> Field | None:
    for line in ctx.lines_with(identifiers.RS_ACCOUNT_HINT):
        for m in identifiers.find_rs_accounts(line.text):
            return field_at("bank_account", m.value, figure_span(line, m.text), text=m.text)
    for hit in ctx.hits_for("bank_account"):
        for span in ctx.spans(hit, below=False):
            if identifiers.find_ibans(span.text):
                continue
            token = next((t for t in span.text.split() if sum(c.isdigit() for c in t) >= 5), None)
            if token is None:  # an account number printed in groups of digits ("1123 4567 2345 8765")
                token = next((m.group(0) for m in identifiers.DIGIT_GROUPS.finditer(span.text)
                              if sum(c.isdigit() for c in m.group(0)) >= 5), None)
            if token:
                return field_at("bank_account", token.strip(".,;"), span, hit, text=token)
    return None


def payment_terms(ctx: Context) -> Field | None:
    for concept in ("payment_terms", "due_date"):
        for hit in ctx.hits_for(concept):
            for span in ctx.spans(hit, below=False):
                days = terms.parse_payment_terms(span.text, ctx.language)
                if days is not None:
                    return field_at("payment_terms", days, span, hit)
            # the terms a label announces follow it: a label inside a sentence ("... in Verzug,
            # wenn er nicht innerhalb von 30 Tagen nach Fälligkeit ...") owns none of the days before it
            days = terms.parse_payment_terms(" ".join(w.text for w in hit.line.words[hit.first:]), ctx.language)
            if days is not None:
                return field_at("payment_terms", days, hit.line, hit)
    # terms printed under a label we do not know ("Zahlungskonditionen: 14 Tage netto"): a line
    # that speaks of paying and parses as terms; or one whose own label, the few words before its
    # colon, holds a word of the lexicon's terms labels ("Conditions règlement: 30 jours" for
    # "conditions de règlement", "Uslovi: 15 dana" for "uslovi plaćanja")
    hints, hint, starts_hint = _terms_hints(ctx.lexicon)
    label_words = distinctive_label_words(ctx.lexicon, "payment_terms")
    # the lines with a word that starts with a hint, or with a label of their own before a colon
    hinted = {line.number for line in ctx.lines_with(hint, folded=True)
              if starts_hint.search(line.match_text)} if hints else set()
    hinted |= own_label_lines(ctx, label_words)
    for line in ctx.lines:
        if line.number in hinted:
            days = terms.parse_payment_terms(line.text, ctx.language)
            if days is not None:
                return field_at("payment_terms", days, line)
    return None


@functools.lru_cache(maxsize=64)
def _terms_hints(lexicon: Lexicon) -> tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str]]:
    """The words that speak of paying (the lexicon's ``payment_link_hints`` that are no title), the
    hint of the lines that print one, and the pattern of a word starting with one: made once per
    lexicon (a lexicon is loaded once and not changed), not again for every document."""
    hints = tuple(h for h in lexicon.payment_link_hints if h not in lexicon.titles)
    return hints, phrase_hint(hints), word_starting_with(hints)


@functools.lru_cache(maxsize=64)
def word_starting_with(starts: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern that finds something in a text when one of its words (what ``str.split`` parts
    it into) starts with one of ``starts``: ``any(w.startswith(starts) for w in text.split())``
    in one search.  A start with a space in it begins no word."""
    if "" in starts:
        return re.compile(r"\S")  # every word starts with nothing
    alternatives = [re.escape(s) for s in starts if not any(c.isspace() for c in s)]
    return re.compile(rf"(?<!\S)(?:{'|'.join(alternatives)})") if alternatives else NEVER


def payment_status(ctx: Context) -> Field | None:
    """"paid" when a stamp set across a page says so: its letters, run together, begin with one of
    the lexicon's paid marks ("PAID", "PAID IN FULL", "Bezahlt"; never "UNPAID" or "NOT PAID")."""
    marks = [re.sub(r"\W", "", mark) for mark in ctx.lexicon.paid_marks]
    for page in ctx.document.pages:
        for stamp in page.stamps:
            letters = re.sub(r"\W", "", fold(stamp.text))
            if any(mark and letters.startswith(mark) for mark in marks):
                return Field("payment_status", "paid", page.number, stamp.bbox, stamp.text)
    return None


def payment_methods(ctx: Context, fields: InvoiceFields) -> Field | None:
    """Methods named on the page; printed payee bank details (an IBAN, a national account)
    offer a bank transfer unless the page says the amount is debited (direct debit) or nothing
    is left to pay (an amount due of zero); the sentence of a debited account names its direct
    debit in whatever language it is printed."""
    names: list[str] = []
    where: list[Line] = []
    methods_in, hint = _methods_of(ctx.lexicon)
    for line in ctx.lines_with(hint, folded=True):
        found = methods_in(line.match_text)
        new = [n for n in found if n not in names]
        if new:
            names += new
            where.append(line)
    account = fields.get("iban") or fields.get("bank_account") or fields.get("debited_account")
    if account is not None:
        line = ctx.numbered[account.line]
        # what the account's own line says of it, in any language: a German sentence on an
        # English page ("Wird von Konto DE12… abgebucht") still makes it the debited account
        new = [n for n in _every_language_matcher()(line.match_text) if n not in names]
        names += new
        if "bank_transfer" not in names and "direct_debit" not in names and fields.value("amount_due") != 0:
            # (nothing is left to pay on a settled invoice: its bank details are the letterhead's)
            names.append("bank_transfer")
            new.append("bank_transfer")
        if new:
            where.append(line)
    if not names:
        return None
    first = where[0]
    return Field("payment_methods", sorted(names), first.page, first.bbox,
                 "; ".join(line.text for line in where), first.number)


@functools.lru_cache(maxsize=64)
def _methods_of(lexicon: Lexicon) -> tuple[Callable[[str], list[str]], re.Pattern[str]]:
    """The lexicon's payment-method matcher (``methods.payment_method_matcher``) and its hint
    (``methods.payment_method_hint``), made once per lexicon (a lexicon is loaded once and not
    changed), not from its methods again on every document."""
    return methods.payment_method_matcher(lexicon.payment_methods), methods.payment_method_hint(lexicon.payment_methods)


@functools.cache
def _every_language_matcher() -> Callable[[str], list[str]]:
    """``methods.payment_method_matcher`` of every lexicon's methods."""
    return methods.payment_method_matcher(_every_language_methods())


@functools.cache
def _every_language_methods() -> dict[str, tuple[str, ...]]:
    """The payment-method words of every lexicon, by method."""
    return merged_lexicon(tuple(available_languages())).payment_methods


def payment_link(ctx: Context) -> Field | None:
    link_lines = {h.line.number for h in ctx.hits_for("payment_link")}
    hints = ctx.lexicon.payment_link_hints
    for line in ctx.lines_with(URL_HINT, folded=True):
        for m in URL.finditer(line.text):
            url = m.group(0).rstrip(".,;")
            folded = fold(url)
            if line.number in link_lines or any(h in folded for h in hints):
                return field_at("payment_link", url, line, text=url)
    return None


# the US dollar named: its code also where it touches the figure ("USD1.078,80", as the class
# 'factura' sets the sign against each cell's amount)
_DOLLAR_NAMED = re.compile(r"\bUSD(?![^\W\d_])|US\$|U\$S|\bdollars?\b|\bd[oó]lar(es)?\b", re.I)


def _currency_of(text: str, dollar: str | None, unconfirmed: frozenset[str] = frozenset()) -> str | None:
    """The code a text names; a bare "$" is ``dollar`` (what the language or the seller's
    country says it means), or nothing when that is not known; a currency in ``unconfirmed``
    (``unconfirmed_marks``) counts only where its ISO code is printed."""
    code = amounts.detect_currency(text)
    if code == "USD" and not _DOLLAR_NAMED.search(text) and dollar != "USD":
        return dollar
    if code in unconfirmed and code not in text:
        return None
    return code


def dollar_sign(ctx: Context, fields: InvoiceFields) -> str | None:
    """What a bare "$" means here: the language's own dollar, else the currency of the country
    whose tax id the seller prints, when the id is valid there (an Argentine CUIT: pesos)."""
    if ctx.lexicon.dollar_sign:
        return ctx.lexicon.dollar_sign
    seller_id = fields.value("seller_tax_id")
    return next((code for scheme, code in ctx.lexicon.dollar_sign_by_tax_id if identifiers.valid_in(scheme, seller_id)),
                None)


def unconfirmed_marks(ctx: Context, fields: InvoiceFields) -> frozenset[str]:
    """The currencies the lexicon reads from a mark other countries print too
    (``mark_currency_by_tax_id``) that the seller's tax id does not confirm here: "Bs." is the
    bolívar only on the invoice of a seller with a valid RIF (a Bolivian invoice's "Bs." is the
    boliviano)."""
    seller_id = fields.value("seller_tax_id")
    return frozenset(code for scheme, code in ctx.lexicon.mark_currency_by_tax_id
                     if not identifiers.valid_in(scheme, seller_id))


def currency(ctx: Context, fields: InvoiceFields, dollar: str | None,
             unconfirmed: frozenset[str] = frozenset()) -> Field | None:
    """The currency printed beside the sums, else the one printed most; a bare "$" is ``dollar``
    (``dollar_sign``)."""
    for name in ("total", "amount_due", "subtotal"):
        f = fields.get(name)
        if f:
            code = _currency_of(f.text, dollar, unconfirmed) or _currency_of(
                " ".join(s.text for s in ctx.rows.get((f.page, row_of(ctx, f.line)), [])), dollar, unconfirmed
            )
            if code:
                return Field("currency", code, f.page, f.bbox, f.text, f.line)
    counts: Counter[str] = Counter()
    first: dict[str, Line] = {}
    for line in ctx.lines:
        code = _currency_of(line.text, dollar, unconfirmed)
        if code:
            counts[code] += 1
            first.setdefault(code, line)
    if counts:
        code = counts.most_common(1)[0][0]
        line = first[code]
        return Field("currency", code, line.page, line.bbox, line.text, line.number)
    return None


def currencies(ctx: Context, fields: InvoiceFields, dollar: str | None,
               unconfirmed: frozenset[str] = frozenset()) -> Field | None:
    """Every currency the document's amounts are printed in (the mark beside a figure), e.g. a
    EUR invoice that also states its VAT in GBP."""
    codes: list[str] = []
    first: Line | None = None
    main = fields.get("currency")
    if main is not None:
        codes.append(main.value)
    for line in ctx.lines:
        if not amounts.mark_beside_figure(line.text):
            continue  # no figure of it can carry a mark: not read
        for m in ctx.numbers.find(line.text):
            code = _currency_of(m.text, dollar, unconfirmed) if m.currency in ("USD", *unconfirmed) else m.currency
            if code and code not in codes:
                codes.append(code)
                first = first or line
    if not codes:
        return None
    where = main if main is not None else first
    return Field("currencies", sorted(codes), where.page, where.bbox, where.text,
                 where.line if main is not None else where.number)

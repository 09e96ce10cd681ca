"""Kind `consistency`, chosen by `options.check`:

- `labels`: one label per concept within a document;
- `date_format`: one date format for each kind of date (issue, due, supply date) on the
  invoices of one seller across the run;
- `currency_style`: one way of writing each currency (symbol or ISO code, before or after the
  figure, decimal comma or point) within a document and across one seller's invoices;
- `register`: one formal/informal register (the lexicon's `register` word lists) within a
  document and across one seller's invoices;
- `seller_details`: the same legal name, tax id and IBAN on every invoice of one seller.

Documents are grouped by seller tax id, else seller name (``seller_key``); for seller details
they are linked by either, so a changed tax id or name still finds its group.  What differs
from the majority is reported; on a tie the form seen first (in path, then reading order) wins.
"""
from __future__ import annotations

import re
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from invoice_lint.checks.base import finding
from invoice_lint.checks.kinds import Kind
from invoice_lint.checks.rules import Rule
from invoice_lint.checks.schema import PackError, Registry, expect_choice, expect_list, only, which_check
from invoice_lint.foundation.lexicon import load_lexicon
from invoice_lint.foundation.model import Document, ExtractedInvoice, Finding, Line
from invoice_lint.foundation.text import fold, phrase_pattern


def _variant(label: str) -> str:
    return re.sub(r"[\s.:#°º]+$", "", fold(label)).strip()


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    what = rule.options.get("check")
    if what == "currency_style":
        return _currency_within(rule, invoice)
    if what == "register":
        return _register_within(rule, invoice)
    if what != "labels":
        return []
    out = []
    for concept in rule.options.get("concepts", []):
        labels = invoice.fields.labels.get(concept, [])
        variants = sorted({_variant(label) for label in labels if label.strip()})
        if len(variants) > 1:
            printed = sorted(set(labels), key=labels.index)
            out.append(finding(rule, invoice, snippet=" / ".join(printed), concept=concept.replace("_", " "),
                               variants=", ".join(f"'{p}'" for p in printed)))
    return out


DATE_ROLES = ("issue_date", "due_date", "supply_date")


def date_style(invoice: ExtractedInvoice) -> str | None:
    """The style most of the invoice's dates are printed in, for showing (the audit's date formats;
    CON002 compares each kind of date apart, ``date_styles``).  A date that may stand for two
    styles (a month word that is its own abbreviation, "May 1, 2025"; a day that could be a
    month, "05/06/2019") decides only when no other date does."""
    styles, either = Counter(), Counter()
    for style, fits in date_styles(invoice).values():
        (either if len(fits) > 1 else styles)[style] += 1
    return (styles or either).most_common(1)[0][0] if (styles or either) else None


def date_styles(invoice: ExtractedInvoice) -> dict[str, tuple[str, frozenset[str]]]:
    """Each printed date's style by its role (issue, due, supply date), and the styles it may
    stand for: a month word that is its own abbreviation ("May 1, 2025", "8 mai 2026") fits both
    'MON D, YYYY' and 'MONTH D, YYYY'; a numeric date whose day could be a month ('05/06/2019')
    fits both orders."""
    from invoice_lint.fields import dates  # (imported when first used: reading the packs loads this module)

    out = {}
    for name in DATE_ROLES:
        field = invoice.fields.get(name)
        if field is None or field.derived:
            continue
        found = dates.find_dates(field.text, invoice.document.base_language)
        if found:
            style, value = found[0].style, found[0].value
            fits = {style}
            if found[0].either_width:
                fits.add(re.sub(r"\bMON(TH)?\b", lambda m: "MON" if m.group(1) else "MONTH", style))
            if "MON" not in style and "YYYY-" not in style and value.day <= 12:
                # '05/06/2019' may be read either way round: it fits the month-first style too
                fits.add(style.translate(_DAY_MONTH))
            out[name] = (style, frozenset(fits))
    return out


_DAY_MONTH = str.maketrans("DM", "MD")


def seller_key(invoice: ExtractedInvoice) -> str | None:
    tax_id = invoice.fields.value("seller_tax_id")
    if tax_id:
        return "id:" + re.sub(r"\W", "", str(tax_id)).upper()
    name = invoice.fields.value("seller_name")
    return "name:" + fold(name) if name else None


def check_run(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    what = rule.options.get("check")
    if what == "currency_style":
        return _currency_across(rule, invoices)
    if what == "register":
        return _register_across(rule, invoices)
    if what == "seller_details":
        return _seller_details(rule, invoices)
    if what == "date_format":
        return _date_format_across(rule, invoices)
    return []


def _date_format_across(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    """Each kind of date (issue, due, supply) printed one way on all of a seller's invoices: a
    template may print its letter date in words and its due date in figures, every time."""
    out = []
    for members in _by_seller(invoices):
        flagged: set[int] = set()
        for role in DATE_ROLES:
            styled = [(inv, *styles[role]) for inv in members for styles in [date_styles(inv)] if role in styles]
            if len({style for _, style, _ in styled}) < 2:
                continue
            # on a tie the style seen first (in path order); styles that may stand for two decide last
            majority = _major([style for _, style, fits in styled if len(fits) == 1]) or _major(
                [style for _, style, _ in styled])
            for inv, style, fits in styled:
                if majority not in fits and id(inv) not in flagged:
                    flagged.add(id(inv))
                    out.append(finding(rule, inv, inv.fields.get(role), style=style, majority=majority))
    return out


def register_of(document: Document) -> str | None:
    """'formal', 'informal' or None: the register most of the document's forms of address use."""
    counts = Counter(register for register, _, _ in register_hits(document))
    if not counts:
        return None
    return max(counts, key=lambda r: (counts[r], r == "formal"))


def _major(values: list):
    """The most common value; on a tie the one seen first; None for no values."""
    if not values:
        return None
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


# --- money style ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MoneyStyle:
    mark: str  # "symbol" (€, £, din.) or "code" (EUR)
    position: str  # "before" or "after" the figure
    decimal: str | None  # "," or "." when the figure has decimals
    # As printed, for showing the style (not part of it: '€' and '$' are both a symbol before).
    mark_text: str = field(default="", compare=False)
    group: str = field(default="", compare=False)  # the thousands separator, when printed
    currency: str | None = field(default=None, compare=False)  # the ISO code the mark stands for

    def sample(self) -> str:
        """The style shown on a standard figure: '1.234,56 €', '€ 1,234.56', 'EUR 1 234'."""
        figure = "1" + self.group + "234" + (self.decimal + "56" if self.decimal else "")
        return f"{self.mark_text} {figure}" if self.position == "before" else f"{figure} {self.mark_text}"

    def describe(self) -> str:
        where = "code" if self.mark == "code" else "symbol"
        text = f"{where} {self.position} the amount"
        if self.decimal:
            text += ", decimal " + ("comma" if self.decimal == "," else "point")
        return text


_FIGURE = re.compile(r"\d(?:[\d.,'’ \u00a0\u202f\u2009]*\d)?")
_DECIMALS = re.compile(r"([.,])\d{1,2}$")
_EDGE = " \u00a0\u202f\u2009-−–+()"


def money_style(printed: str) -> MoneyStyle | None:
    """The style of one printed amount with its currency mark ('€ 1.234,56', '1,234.56 EUR')."""
    figure = _FIGURE.search(printed)
    if figure is None:
        return None
    before, after = printed[:figure.start()].strip(_EDGE), printed[figure.end():].strip(_EDGE)
    mark = before or after
    if not mark:
        return None
    digits = figure.group(0)
    decimals = _DECIMALS.search(digits)
    whole = digits[:decimals.start()] if decimals else digits
    group = next((c for c in whole if not c.isdigit()), "")
    return MoneyStyle("code" if re.fullmatch(r"[A-Z]{3}", mark) else "symbol", "before" if before else "after",
                      decimals.group(1) if decimals else None, mark_text=mark,
                      group=" " if group.isspace() else group)


# money_styles per live invoice and register_hits per live document: the per-invoice and the
# cross-invoice rules both ask, and finding the amounts is a good part of a check's time
_styles_memo: dict[int, tuple[weakref.ref, list]] = {}
_register_memo: dict[int, tuple[weakref.ref, list]] = {}


def _recall(memo: dict, owner) -> list | None:
    entry = memo.get(id(owner))
    return entry[1] if entry is not None and entry[0]() is owner else None


def _remember(memo: dict, owner, value: list) -> list:
    key = id(owner)
    memo[key] = (weakref.ref(owner, lambda _gone, key=key: memo.pop(key, None)), value)
    return value


def money_styles(invoice: ExtractedInvoice) -> list[tuple[MoneyStyle, Line, str]]:
    """Every amount printed with a currency mark, in reading order (found once per invoice)."""
    known = _recall(_styles_memo, invoice)
    return known if known is not None else _remember(_styles_memo, invoice, _find_money_styles(invoice))


def carried(invoice: ExtractedInvoice) -> dict:
    """What the per-document rules found on ``invoice`` that the cross-document rules ask again
    (its money styles, its forms of address): ``check --jobs`` sends it, with the invoice, from the
    worker that checked the file, so this process does not find it again (``adopt``)."""
    out = {}
    styles, hits = _recall(_styles_memo, invoice), _recall(_register_memo, invoice.document)
    if styles is not None:
        out["money_styles"] = styles
    if hits is not None:
        out["register_hits"] = hits
    return out


# the fields ``check_run`` reads (seller_key, date_styles, the seller details)
RUN_FIELDS = ("seller_tax_id", "seller_name", "iban", "issue_date", "due_date", "supply_date")


def for_the_run(invoice: ExtractedInvoice, rules) -> ExtractedInvoice:
    """``invoice`` cut down to what ``check_run`` reads of it: its path and language, the seller
    and date fields, and — found now if a selected cross-document rule asks and no per-document
    rule did — its money styles and forms of address (then in ``carried(invoice)``), without its
    pages.  ``check`` keeps this once a file's own rules have run: a worker sends it back instead of
    the whole document, and the cache stores it with the file's findings."""
    asked = {rule.options.get("check") for rule in rules if rule.kind == "consistency"}
    if "currency_style" in asked:
        money_styles(invoice)
    if "register" in asked:
        register_hits(invoice.document)
    document = replace(invoice.document, pages=[], metadata={})
    fields = replace(invoice.fields, fields={name: f for name, f in invoice.fields.fields.items() if name in RUN_FIELDS},
                     labels={})
    return replace(invoice, document=document, fields=fields, xml=None)


def adopt(invoice: ExtractedInvoice, found: dict) -> None:
    """Take what ``carried`` gave for this invoice (pickled with it: its lines are this invoice's)."""
    if "money_styles" in found:
        _remember(_styles_memo, invoice, found["money_styles"])
    if "register_hits" in found:
        _remember(_register_memo, invoice.document, found["register_hits"])


def _find_money_styles(invoice: ExtractedInvoice) -> list[tuple[MoneyStyle, Line, str]]:
    from invoice_lint.fields import amounts

    out = []
    language = invoice.document.base_language
    for line in invoice.document.lines:
        if not any(c.isdigit() for c in line.text):
            continue
        for m in amounts.find_amounts(line.text, language):
            style = money_style(m.text) if m.currency else None
            if style is not None:
                out.append((replace(style, currency=m.currency), line, m.text))
    return out


def _majority_style(styles: list[MoneyStyle]) -> MoneyStyle:
    """The most common value of each part (mark, position, decimal); ties go to the first seen."""
    def most(values):
        return _major([v for v in values if v is not None])
    return MoneyStyle(most([s.mark for s in styles]), most([s.position for s in styles]),
                      most([s.decimal for s in styles]))


def _differs(style: MoneyStyle, majority: MoneyStyle) -> bool:
    return (style.mark != majority.mark or style.position != majority.position
            or (style.decimal is not None and majority.decimal is not None and style.decimal != majority.decimal))


def _per_currency(found: list[tuple[MoneyStyle, Line, str]]) -> list[list[tuple[MoneyStyle, Line, str]]]:
    """The amounts of each currency apart: the style is one way of writing each currency, so a
    template printing euros as '€' and Swiss francs as 'CHF' (a currency with no other symbol) is
    not inconsistent."""
    groups: dict[str | None, list] = defaultdict(list)
    for entry in found:
        groups[entry[0].currency].append(entry)
    return list(groups.values())


def _currency_within(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    found = money_styles(invoice)
    majorities = {group[0][0].currency: _majority_style([s for s, _, _ in group])
                  for group in _per_currency(found) if len({s for s, _, _ in group}) > 1}
    return [finding(rule, invoice, line=line, snippet=line.text, printed=printed, style=style.describe(),
                    majority=majorities[style.currency].describe(), scope="this invoice")
            for style, line, printed in found
            if style.currency in majorities and _differs(style, majorities[style.currency])]


def _by_seller(invoices: list[ExtractedInvoice], by_language: bool = False) -> list[list[ExtractedInvoice]]:
    """A seller's invoices (two or more), or with ``by_language`` those it wrote in one language."""
    groups: dict[str, list[ExtractedInvoice]] = defaultdict(list)
    for inv in sorted(invoices, key=lambda i: str(i.document.path)):
        key = seller_key(inv)
        if key:
            groups[key + (f"|{inv.document.base_language}" if by_language else "")].append(inv)
    return [members for members in groups.values() if len(members) > 1]


def _currency_across(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    out = []
    # the decimal mark follows the language: '1,234.50 EUR' on a seller's English invoices beside
    # '1.234,50 EUR' on its German ones is each client's own convention, not a careless template
    for members in _by_seller(invoices, by_language=True):
        per_currency: dict[str | None, list] = defaultdict(list)  # each currency apart (_per_currency)
        for inv in members:
            for found in _per_currency(money_styles(inv)):
                per_currency[found[0][0].currency].append((inv, _majority_style([s for s, _, _ in found]), found))
        for per_doc in per_currency.values():
            if len(per_doc) < 2:
                continue
            majority = _majority_style([style for _, style, _ in per_doc])
            for inv, style, found in per_doc:
                if _differs(style, majority):
                    _, line, printed = next(f for f in found if not _differs(f[0], style))
                    out.append(finding(rule, inv, line=line, snippet=line.text, printed=printed,
                                       style=style.describe(), majority=majority.describe(),
                                       scope="this seller's other invoices"))
    return out


# --- register -----------------------------------------------------------------------------

def register_hits(document: Document) -> list[tuple[str, Line, str]]:
    """(register, line, phrase) for every formal or informal form of address, in reading order
    (found once per document)."""
    known = _recall(_register_memo, document)
    return known if known is not None else _remember(_register_memo, document, _find_register_hits(document))


def _find_register_hits(document: Document) -> list[tuple[str, Line, str]]:
    lex = load_lexicon(document.language)
    patterns = []  # (register, pattern, matched against the printed text rather than the folded one)
    for register, phrases in lex.register.items():
        folded = [p for p in phrases if not p.startswith("=")]
        exact = [p[1:] for p in phrases if p.startswith("=")]
        for group, printed in ((folded, False), (exact, True)):
            if group:
                patterns.append((register, phrase_pattern(group), printed))
    out = []
    for line in document.lines:
        for register, pattern, printed in patterns:
            found = [m.group(0) for m in pattern.finditer(line.text if printed else line.match_text)]
            for phrase in found:
                if _in_street_names(line.text, phrase, found.count(phrase)) or _in_proper_name(document, line, phrase):
                    continue
                out.append((register, line, phrase))
    return out


def _in_street_names(text: str, phrase: str, times: int) -> bool:
    """Every one of the ``times`` occurrences of ``phrase`` is a particle inside a street name,
    between capitalised words and before the house number that ends the address or its part of
    the line ("Quai du Mont-Blanc 7 · 1201 Genève", "Rue de la Paix 12"): a place, not a form of
    address.  ("Kannst du Rechnung 12 bezahlen" goes on after the number: a sentence.)"""
    street = re.compile(r"(?<!\w)[A-ZÀ-Ý][\w'’.-]*\s+" + re.escape(phrase) + r"\s+[A-ZÀ-Ý][\w'’-]*"
                        r"(?:\s+[A-ZÀ-Ý][\w'’-]*)*\s+\d{1,4}[a-z]?\s*(?:$|[·,|/])")
    return len(street.findall(text)) >= times


_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’.&-]*")
_POSTCODE_CITY = re.compile(r"^(?:[A-Z]{1,2}-?)?\d{4,5}(?:\s?[A-Z]{2})?\s+[A-ZÀ-Ý]")


def _in_proper_name(document: Document, line: Line, phrase: str) -> bool:
    """``phrase`` is a lower-case particle of a name that fills the line and heads an address (a
    post code and city within the next three lines of its column): "Imprimerie du Vieux Port" /
    "5 rue Sainte" / "13001 Marseille", a client's name in its block, not a form of address."""
    words = line.text.strip().split()
    if phrase not in words or any(c in line.text for c in "?!:;,"):
        return False
    # capitalised words around one run of short particles ("du", "de la"): "Hast du Fragen zur
    # Rechnung" has two runs
    runs = [i for i, w in enumerate(words) if not _NAME_WORD.fullmatch(w)]
    if len(words) - len(runs) < 2 or not runs or runs[0] == 0 or runs[-1] == len(words) - 1 \
            or runs != list(range(runs[0], runs[-1] + 1)) \
            or not all(words[i].isalpha() and words[i].islower() and len(words[i]) <= 3 for i in runs):
        return False
    below = sorted((other for other in document.lines if other.page == line.page and other.top > line.top
                    and abs(other.x0 - line.x0) <= 30), key=lambda other: other.top)
    return any(_POSTCODE_CITY.match(other.text) for other in below[:3])


def _register_within(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    hits = register_hits(invoice.document)
    if len({r for r, _, _ in hits}) < 2:
        return []
    majority = _major([r for r, _, _ in hits])
    out, seen = [], set()
    for register, line, phrase in hits:
        if register != majority and line.number not in seen:
            seen.add(line.number)
            out.append(finding(rule, invoice, line=line, snippet=line.text, match=phrase, register=register,
                               majority=majority, scope="this invoice"))
    return out


def _register_across(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    out = []
    for members in _by_seller(invoices):
        per_doc = []
        for inv in members:
            hits = register_hits(inv.document)
            if hits:
                per_doc.append((inv, _major([r for r, _, _ in hits]), hits))
        if len({r for _, r, _ in per_doc}) < 2:
            continue
        majority = _major([r for _, r, _ in per_doc])
        for inv, register, hits in per_doc:
            if register != majority:
                _, line, phrase = next(h for h in hits if h[0] == register)
                out.append(finding(rule, inv, line=line, snippet=line.text, match=phrase, register=register,
                                   majority=majority, scope="this seller's other invoices"))
    return out


# --- seller details -----------------------------------------------------------------------

_DETAIL_NAMES = {"seller_name": "legal name", "seller_tax_id": "tax id", "iban": "IBAN"}


def _detail_key(name: str, value) -> str | None:
    if value is None:
        return None
    if name == "seller_name":
        return re.sub(r"[\W_]+", " ", fold(str(value))).strip() or None
    return re.sub(r"[\W_]", "", str(value)).upper() or None


def _seller_groups(invoices: list[ExtractedInvoice]) -> list[list[ExtractedInvoice]]:
    """Documents linked by the same seller tax id or the same seller name (union of both)."""
    ordered = sorted(invoices, key=lambda i: str(i.document.path))
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, inv in enumerate(ordered):
        for name in ("seller_tax_id", "seller_name"):
            key = _detail_key(name, inv.fields.value(name))
            if key is None or (name == "seller_name" and _guessed_name(inv)):
                continue
            if (name, key) in first:
                parent[root(i)] = root(first[(name, key)])
            else:
                first[(name, key)] = i
    groups: dict[int, list[ExtractedInvoice]] = defaultdict(list)
    for i, inv in enumerate(ordered):
        groups[root(i)].append(inv)
    return [g for g in groups.values() if len(g) > 1]


def _guessed_name(invoice: ExtractedInvoice) -> bool:
    """A seller name read from the letterhead (no label) on an invoice that prints a tax id: the
    tax id says who the seller is, and the guess links no invoices (two sellers' pages with the
    same top line, "ORIGINAL" or a slogan, are not one seller with two tax ids)."""
    name = invoice.fields.get("seller_name")
    return name is not None and not name.label and invoice.fields.value("seller_tax_id") is not None


def _seller_details(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    out = []
    for members in _seller_groups(invoices):
        for name in rule.options.get("details", list(_DETAIL_NAMES)):
            # a name guessed from the letterhead is no legal name to compare
            values = [(inv, _detail_key(name, inv.fields.value(name))) for inv in members
                      if not (name == "seller_name" and _guessed_name(inv))]
            values = [(inv, key) for inv, key in values if key]
            if len({key for _, key in values}) < 2:
                continue
            majority = _major([key for _, key in values])
            shown = next(inv.fields.get(name) for inv, key in values if key == majority)
            for inv, key in values:
                if key != majority:
                    differing = inv.fields.get(name)
                    out.append(finding(rule, inv, differing, detail=_DETAIL_NAMES.get(name, name.replace("_", " ")),
                                       value=f"'{differing.text or differing.value}'",
                                       majority=f"'{shown.text or shown.value}'"))
    return out


CHECKS = ("labels", "date_format", "currency_style", "register", "seller_details")


def validate(options: dict, key: tuple, reg: Registry) -> None:
    what = which_check("consistency", CHECKS, options, key)
    extra = {"labels": {"concepts"}, "seller_details": {"details"}}.get(what, set())
    only(options, key, {"check"} | extra)
    if what == "labels":
        if "concepts" not in options:
            raise PackError(key + ("concepts",), "missing: the label concepts that must read the same")
        for i, concept in enumerate(expect_list(options["concepts"], key + ("concepts",))):
            expect_choice(concept, key + ("concepts", i), reg.concepts, "label concept")
    if what == "seller_details" and "details" in options:
        for i, name in enumerate(expect_list(options["details"], key + ("details",))):
            expect_choice(name, key + ("details", i), tuple(_DETAIL_NAMES), "seller detail")


def about_the_page(rule: Rule) -> bool:
    """`seller_details` only: a bare XML invoice has no page to print labels, dates or money in a
    style, but its seller details (its fields) are compared with the seller's other invoices."""
    return rule.options.get("check") != "seller_details"


# The per-file facts ``check_run`` reads are ``for_the_run`` (what ``check`` keeps of a file and the
# cache stores) and ``carried``/``adopt`` (what a worker found that this process would ask again).
KIND = Kind("consistency", topic="wording", check=lambda rule, invoice, config: check(rule, invoice), validate=validate,
            check_run=check_run, about_the_page=about_the_page, checks=CHECKS,
            summary="one form throughout: labels within an invoice; date format, money style, register and "
                    "seller details across one seller's invoices (cross-document)",
            options="`check` (required): " + ", ".join(f"`{c}`" for c in CHECKS) + "; `labels` needs "
                    "`concepts` (label concepts); `seller_details` may name `details` (" +
                    ", ".join(f"`{d}`" for d in _DETAIL_NAMES) + ")")

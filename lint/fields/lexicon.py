"""The per-language label lexicon, kept as data in ``rules/lexicon/``.

A language's lexicon is its base file ``rules/lexicon/<lang>.yaml`` (number style, date order,
marker words, the maintainers' phrases) plus every sourced vocabulary file in
``rules/lexicon/sources/*.yaml`` that has words for that language.  A sourced file names where
its words come from (EN 16931 term names, an e-invoice visualisation, an invoicing program's
translations), so every phrase the reader knows is traceable.

A new language is a new YAML file: nothing here names a language.  Phrases are folded (see
``text.fold``) once at load time, so matching is case-, script- and accent-insensitive.
Unknown keys and unknown concepts are errors naming the file.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from invoice_lint.errors import ConfigError
from invoice_lint.fields.text import fold
from invoice_lint.yaml_loader import safe_load

# What a label can stand for, with the EN 16931 business term it names where there is one.
CONCEPTS: dict[str, str] = {
    "invoice_number": "BT-1 invoice number",
    "issue_date": "BT-2 invoice issue date",
    "supply_date": "BT-72 actual delivery date / BG-14 invoicing period",
    "due_date": "BT-9 payment due date",
    "payment_terms": "BT-20 payment terms",
    "seller": "BG-4 seller (heading or name label)",
    "buyer": "BG-7 buyer (heading or name label)",
    "buyer_tax_id": "BT-48 buyer VAT identifier",
    "tax_id": "BT-31 seller VAT identifier / BT-32 seller tax registration",
    "other_number": "a reference that is not the invoice number: customer, order, delivery note, contract "
                    "number (BT-13, BT-16, BT-12, BT-46 ...)",
    "other_date": "a date that is not the issue date: order, delivery note, contract date",
    "description": "BT-153 item name (column header)",
    "quantity": "BT-129 invoiced quantity (column header)",
    "unit_price": "BT-146 item net price (column header)",
    "line_amount": "BT-131 invoice line net amount (column header)",
    "line_total": "BT-106 sum of invoice line net amounts",
    "subtotal": "BT-109 invoice total amount without VAT",
    "tax": "BT-110 invoice total VAT amount",
    "tax_rate": "BT-119 VAT category rate",
    "tax_base": "BT-116 VAT category taxable amount",
    "total": "BT-112 invoice total amount with VAT",
    "amount_due": "BT-115 amount due for payment",
    "prepaid": "BT-113 paid amount",
    "payment_methods": "BG-16 payment instructions (heading)",
    "allowance_charge": "BG-20 / BG-21 document level allowances and charges",
    "iban": "BT-84 payment account identifier",
    "bic": "BT-86 payment service provider identifier",
    "bank_account": "BT-84 payment account (national form)",
    "payment_link": "a link to pay online",
    "reference": "BT-83 remittance information",
    "place_of_issue": "place of issue (national law)",
    "page": "page numbering",
}

_BASE_KEYS = {"language", "name", "markers", "number_style", "date_order", "mdy_hints", "titles", "labels",
              "payment_methods", "payment_link_hints", "thank_you", "exemption", "credit_note", "register",
              "compounds", "identify_as", "with_tax", "without_tax", "dollar_sign",
              "number_marks", "letter_date_marks"}
_VOCABULARY_KEYS = {"labels", "payment_methods", "thank_you", "titles", "exemption", "credit_note"}
_SOURCE_KEYS = {"id", "title", "reference", "licence", "kind", "notes"}
PAYMENT_METHODS = ("bank_transfer", "card", "paypal", "direct_debit", "cash", "cheque", "qr", "ips_qr",
                   "bizum", "ideal")


@dataclass(frozen=True)
class Compound:
    """A label written as one compound word: modifiers then a head ("Rechnungs|betrag",
    "Brutto|summe", "Gesamt|rechnungs|betrag")."""
    modifiers: tuple[str, ...]
    heads: tuple[str, ...]


@dataclass(eq=False)  # compared and hashed by identity: lexicons are loaded once and cached
class Lexicon:
    language: str
    name: str = ""
    markers: frozenset[str] = frozenset()
    decimal: str = "."
    group: str = ","
    date_order: str = "DMY"
    mdy_hints: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept -> folded phrases
    payment_methods: dict[str, tuple[str, ...]] = field(default_factory=dict)
    thank_you: tuple[str, ...] = ()
    payment_link_hints: tuple[str, ...] = ()
    exemption: tuple[str, ...] = ()
    credit_note: tuple[str, ...] = ()
    register: dict[str, tuple[str, ...]] = field(default_factory=dict)
    compounds: dict[str, tuple[Compound, ...]] = field(default_factory=dict)
    identify_as: tuple[str, ...] = ()  # codes a language identifier may give for this language
    with_tax: tuple[str, ...] = ()  # "incl.", "inkl.", "TTC": a sum label followed by them and a tax word is gross
    without_tax: tuple[str, ...] = ()  # "excl.", "ohne", "hors": ... is net
    dollar_sign: str | None = None  # the currency a bare "$" means in this language's invoices, if one
    number_marks: frozenset[str] = frozenset()  # "Nr.", "Nº", "#": a number mark, alone no label
    letter_date_marks: frozenset[str] = frozenset()  # "München, den 01.11.2024": the letter's date
    source: Path | None = None
    sources: tuple[str, ...] = ()  # ids of the sourced vocabulary files merged in

    def phrases(self, concept: str) -> tuple[str, ...]:
        return self.labels.get(concept, ())


def _lexicon_dir() -> Path:
    return Path(str(resources.files("invoice_lint.rules").joinpath("lexicon")))


def available_languages() -> list[str]:
    return sorted(p.stem for p in _lexicon_dir().glob("*.yaml"))


def _folded(items) -> tuple[str, ...]:
    # Longest first, so "invoice number" wins over "invoice".
    out = {fold(str(i)) for i in (items or []) if str(i).strip()}
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


def _register_phrases(items) -> tuple[str, ...]:
    """Folded phrases, except those written "=Phrase": kept as printed and matched with case, for
    languages where only the capital marks polite address (German "Sie", Serbian "Vi")."""
    exact = tuple(str(i) for i in (items or []) if str(i).startswith("="))
    return _folded([i for i in (items or []) if not str(i).startswith("=")]) + exact


def _read_yaml(path: Path) -> dict:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def _check_keys(path: Path, where: str, data: dict, known: set[str]) -> None:
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} in {where} (known: {', '.join(sorted(known))})")


def _check_vocabulary(path: Path, where: str, data: dict) -> None:
    _check_keys(path, where, data, _BASE_KEYS if where == "the lexicon" else _VOCABULARY_KEYS)
    for concept in (data.get("labels") or {}):
        if concept not in CONCEPTS:
            raise ConfigError(f"{path}: unknown concept {concept!r} in {where} labels "
                              f"(known: {', '.join(CONCEPTS)})")
    for method in (data.get("payment_methods") or {}):
        if method not in PAYMENT_METHODS:
            raise ConfigError(f"{path}: unknown payment method {method!r} in {where} "
                              f"(known: {', '.join(PAYMENT_METHODS)})")
    for concept in (data.get("compounds") or {}):
        if concept not in CONCEPTS:
            raise ConfigError(f"{path}: unknown concept {concept!r} in {where} compounds")


@functools.lru_cache(maxsize=1)
def _sourced() -> tuple[tuple[str, Path, dict], ...]:
    """(source id, file, {language: vocabulary}) for every file in rules/lexicon/sources/."""
    out = []
    for path in sorted((_lexicon_dir() / "sources").glob("*.yaml")):
        data = _read_yaml(path)
        _check_keys(path, "a sourced vocabulary file", data, {"source", "vocabulary"})
        meta = data.get("source") or {}
        if not isinstance(meta, dict) or not meta.get("title") or not meta.get("reference"):
            raise ConfigError(f"{path}: 'source' must name at least a title and a reference")
        _check_keys(path, "source", meta, _SOURCE_KEYS)
        vocab = data.get("vocabulary") or {}
        for language, words in vocab.items():
            if not isinstance(words, dict):
                raise ConfigError(f"{path}: vocabulary for {language!r} must be a mapping")
            _check_vocabulary(path, f"vocabulary {language!r}", words)
        out.append((meta.get("id") or path.stem, path, vocab))
    return tuple(out)


def _merge_lists(base: dict, extra: dict, key: str) -> None:
    for name, items in (extra.get(key) or {}).items():
        base.setdefault(key, {}).setdefault(name, [])
        base[key][name] = list(base[key][name] or []) + list(items or [])


@functools.lru_cache(maxsize=None)
def load_lexicon(language: str) -> Lexicon:
    base = language.split("-")[0]
    path = _lexicon_dir() / f"{base}.yaml"
    if not path.exists():
        raise ConfigError(f"no lexicon for language {language!r} (known: {', '.join(available_languages())})")
    data = _read_yaml(path)
    _check_vocabulary(path, "the lexicon", data)
    used = []
    for source_id, _file, vocab in _sourced():
        words = vocab.get(base)
        if not words:
            continue
        used.append(source_id)
        _merge_lists(data, words, "labels")
        _merge_lists(data, words, "payment_methods")
        for key in ("thank_you", "titles", "exemption", "credit_note"):
            data[key] = list(data.get(key) or []) + list(words.get(key) or [])
    style = data.get("number_style") or {}
    compounds = {
        concept: tuple(Compound(_folded(c.get("modifiers")), _folded(c.get("heads")))
                       for c in (spec if isinstance(spec, list) else [spec]))
        for concept, spec in (data.get("compounds") or {}).items()
    }
    return Lexicon(
        language=base,
        name=data.get("name", base),
        markers=frozenset(fold(m) for m in data.get("markers", [])),
        decimal=style.get("decimal", "."),
        group=style.get("group", ","),
        date_order=data.get("date_order", "DMY"),
        mdy_hints=tuple(fold(h) if h.strip() else h for h in data.get("mdy_hints", [])),
        titles=_folded(data.get("titles")),
        labels={k: _folded(v) for k, v in (data.get("labels") or {}).items()},
        payment_methods={k: _folded(v) for k, v in (data.get("payment_methods") or {}).items()},
        thank_you=_folded(data.get("thank_you")),
        payment_link_hints=_folded(data.get("payment_link_hints")),
        exemption=_folded(data.get("exemption")),
        credit_note=_folded(data.get("credit_note")),
        register={k: _register_phrases(v) for k, v in (data.get("register") or {}).items()},
        compounds=compounds,
        identify_as=tuple(str(c) for c in (data.get("identify_as") or [base])),
        dollar_sign=data.get("dollar_sign"),
        number_marks=frozenset(_folded(data.get("number_marks"))),
        letter_date_marks=frozenset(_folded(data.get("letter_date_marks"))),
        with_tax=_folded(data.get("with_tax")),
        without_tax=_folded(data.get("without_tax")),
        source=path,
        sources=tuple(used),
    )


def _union(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(sorted({p for part in parts for p in part}, key=lambda s: (-len(s), s)))


@functools.lru_cache(maxsize=None)
def merged_lexicon(languages: tuple[str, ...]) -> Lexicon:
    """One lexicon whose words are those of every listed language, for a document whose
    language is not certain: its labels are read in every candidate language.  Number style,
    date order and register come from the first (most likely) language."""
    lexicons = [load_lexicon(lang) for lang in languages]
    if len(lexicons) == 1:
        return lexicons[0]
    first = lexicons[0]

    def by_key(attr: str) -> dict[str, tuple[str, ...]]:
        keys = {k for lex in lexicons for k in getattr(lex, attr)}
        return {k: _union([getattr(lex, attr).get(k, ()) for lex in lexicons]) for k in sorted(keys)}

    compounds: dict[str, tuple[Compound, ...]] = {}
    for lex in lexicons:
        for concept, specs in lex.compounds.items():
            compounds[concept] = compounds.get(concept, ()) + specs
    return replace(
        first,
        language="+".join(lex.language for lex in lexicons),
        markers=frozenset().union(*(lex.markers for lex in lexicons)),
        titles=_union([lex.titles for lex in lexicons]),
        labels=by_key("labels"),
        payment_methods=by_key("payment_methods"),
        thank_you=_union([lex.thank_you for lex in lexicons]),
        payment_link_hints=_union([lex.payment_link_hints for lex in lexicons]),
        exemption=_union([lex.exemption for lex in lexicons]),
        credit_note=_union([lex.credit_note for lex in lexicons]),
        compounds=compounds,
        with_tax=_union([lex.with_tax for lex in lexicons]),
        number_marks=frozenset().union(*(lex.number_marks for lex in lexicons)),
        letter_date_marks=frozenset().union(*(lex.letter_date_marks for lex in lexicons)),
        without_tax=_union([lex.without_tax for lex in lexicons]),
        sources=tuple(dict.fromkeys(s for lex in lexicons for s in lex.sources)),
    )


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any of the folded phrases on word boundaries, longest first."""
    if not phrases:
        return re.compile(r"(?!x)x")
    alts = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![\w]){'(?:' + alts + ')'}(?![\w])")

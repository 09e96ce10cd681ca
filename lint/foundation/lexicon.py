"""The per-language lexicon, kept as data in ``rules/lexicon/``.

A language's lexicon is its base file ``rules/lexicon/<lang>.yaml`` (number style, date order,
marker words, the maintainers' phrases, and the settings every other stage reads: CLDR locales,
payment-terms phrases, the readability formula, wording-rule phrases, currency words, OCR packs,
ledger and survey column names, the themes pipeline) plus every sourced vocabulary file in
``rules/lexicon/sources/*.yaml`` that has words for that language.  A sourced file names where
its words come from (EN 16931 term names, an e-invoice visualisation, an invoicing program's
translations, a VAT law), so every phrase the reader knows is traceable.

A new language is YAML files: nothing here or in the stages that read a lexicon names a
language.  Phrases are folded (see ``text.fold``) once at load time, so matching is case-,
script- and accent-insensitive.  ``BASE_SCHEMA`` is the shape of a base file: an unknown key
(with a "did you mean"), an unknown concept or payment method, or a value of the wrong type is
one error naming the file and the dotted key.
"""
from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import yaml

from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.text import fold
from invoice_lint.foundation.yaml_loader import safe_load

# What a label can stand for, with the EN 16931 business term it names where there is one.
CONCEPTS: dict[str, str] = {
    "invoice_number": "BT-1 invoice number",
    "number_series": "the series or point of sale printed apart from the invoice number it belongs to "
                     "('Punto de Venta: 0003  Comp. Nro: 00000871' is invoice 0003-00000871)",
    "issue_date": "BT-2 invoice issue date",
    "supply_date": "BT-72 actual delivery date / BG-14 invoicing period",
    "due_date": "BT-9 payment due date",
    "payment_terms": "BT-20 payment terms",
    "seller": "BG-4 seller (heading or name label)",
    "buyer": "BG-7 buyer (heading or name label)",
    "buyer_tax_id": "BT-48 buyer VAT identifier",
    "tax_id": "BT-31 seller VAT identifier / BT-32 seller tax registration",
    "tax_status": "a party's standing towards VAT, printed as words, never an amount (the Argentine "
                  "'Condición frente al IVA: IVA Responsable Inscripto')",
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
    "rounding": "BT-114 rounding amount",
    "withholding": "a tax withheld at source by the buyer (Spanish IRPF, Mexican ISR/IVA retenido; no EN 16931 term, "
                   "Facturae's TaxesWithheld)",
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

_VOCABULARY_KEYS = {"labels", "payment_methods", "thank_you", "titles", "exemption", "credit_note", "copy_marks",
                     "paid_marks", "currency_marks"}
_SOURCE_KEYS = {"id", "title", "reference", "licence", "kind", "notes"}
PAYMENT_METHODS = ("bank_transfer", "card", "paypal", "direct_debit", "cash", "cheque", "qr", "ips_qr",
                   "bizum", "ideal")


# --- the schema of a lexicon file ----------------------------------------------------------------
# Every key a base file ``rules/lexicon/<lang>.yaml`` may have, with the shape of its value.  A
# misspelt or unknown key, or a value of the wrong type, is an error naming the file and the key.
# Shapes: TEXT (a string), TEXTS (a list of strings), NUMBER, ("one of", values), {key: shape}
# (a mapping with exactly those optional keys), ("map", key kind, shape) (a mapping whose keys are
# concepts / methods / any names and whose values have one shape).
TEXT, TEXTS, NUMBER = "text", "texts", "number"
_COMPOUND = {"modifiers": TEXTS, "heads": TEXTS}
# The readability formulas the `readability` kind knows; a lexicon names one for its language.
READABILITY_FORMULAS = ("flesch_reading_ease", "fernandez_huerta", "flesch_vowel_groups")
LEDGER_FIELDS = ("invoice_number", "client", "issue_date", "due_date", "paid_date", "amount", "service_date",
                 "currency", "written_off_date", "template")
SURVEY_FIELDS = ("invoice_number", "client", "date", "question", "score", "comment", "language")
BASE_SCHEMA: dict = {
    "language": TEXT, "name": TEXT, "markers": TEXTS,
    "number_style": {"decimal": TEXT, "group": TEXT},
    "date_order": ("one of", ("DMY", "MDY", "YMD")), "mdy_hints": TEXTS, "titles": TEXTS,
    "copy_marks": TEXTS,  # "ORIGINAL", "DUPLICADO": which copy of the invoice this is, never a name
    "paid_marks": TEXTS,  # "PAID", "Bezahlt": stamped across an invoice, it says the invoice is settled
    "labels": ("map", "concept", TEXTS), "payment_methods": ("map", "payment method", TEXTS),
    "payment_link_hints": TEXTS, "thank_you": TEXTS, "exemption": TEXTS, "credit_note": TEXTS,
    "register": {"formal": TEXTS, "informal": TEXTS},
    "compounds": ("map", "concept", ("compound",)), "compound_links": TEXTS, "identify_as": TEXTS,
    "with_tax": TEXTS, "without_tax": TEXTS, "with_tax_after": TEXTS, "without_tax_after": TEXTS,
    "dollar_sign": TEXT, "number_marks": TEXTS,
    # a bare "$" is the currency of the country whose tax id the seller prints: python-stdnum
    # module of that id ("ar.cuit") -> ISO 4217 code
    "dollar_sign_by_tax_id": ("map", "name", TEXT),
    # a currency the page names only by a mark other countries print too ("Bs.": Venezuela's
    # bolívar, and Bolivia's boliviano) is the invoice's currency only when the seller's tax id is
    # valid in that country: python-stdnum module ("ve.rif") -> ISO 4217 code
    "mark_currency_by_tax_id": ("map", "name", TEXT),
    # national tax-id schemes whose ids a tax-id label heads, printed with their own separators
    # ("RIF: J-30123456-7"): python-stdnum modules that validate them ("ve.rif")
    "tax_id_schemes": TEXTS,
    "ascii_spellings": ("map", "name", TEXT),  # "dj" -> "đ": a letter text may write as plain letters
    "letter_date_marks": TEXTS,
    # -- language settings beyond labels (the "settings" block at the end of each base file) --
    "cldr_locales": TEXTS,  # Babel locales for month and unit words (default: the language code)
    "payment_terms": {"immediate": TEXTS, "end_of_month": TEXTS, "net": TEXTS},
    "readability": {"formula": ("one of", READABILITY_FORMULAS), "textstat": TEXT, "minimum": NUMBER},
    "ocr": TEXTS,  # Tesseract language packs, the first the language's own
    "ocr_by_script": ("map", "name", TEXTS),  # script ("Cyrl") -> packs for a page in that script
    "themes": {"spacy": TEXT, "tokenizer": ("one of", ("language", "multi-language"))},
    "wording": ("map", "name", TEXTS),  # rule name -> phrases of an `existence` rule
    "preferred_terms": ("map", "name", ("map", "name", TEXT)),  # rule name -> {rejected: preferred}
    "currency_words": ("map", "name", TEXT),  # folded word -> ISO 4217 code
    # a currency mark printed beside figures that CLDR's symbols lack, as printed -> ISO 4217 code
    "currency_marks": ("map", "name", TEXT),
    "ledger": {"columns": ("map", "ledger field", TEXTS), "number_prefixes": TEXTS,
               "yes_words": TEXTS, "no_words": TEXTS},
    "survey": {"columns": ("map", "survey field", TEXTS)},
}
_KEY_KINDS = {"concept": CONCEPTS, "payment method": PAYMENT_METHODS, "ledger field": LEDGER_FIELDS,
              "survey field": SURVEY_FIELDS}


def _type_name(value) -> str:
    return {str: "text", list: "a list", dict: "a mapping", bool: "yes/no", type(None): "empty"}.get(
        type(value), type(value).__name__)


def validate(path: Path, where: str, value, shape, key: str) -> None:
    """Raise a ConfigError naming the file and the dotted key when ``value`` does not fit ``shape``."""
    def bad(expected: str):
        raise ConfigError(f"{path}: {key} in {where} must be {expected}, not {_type_name(value)} {value!r:.60}")

    if shape == TEXT:
        if not isinstance(value, str):
            bad("text")
    elif shape == TEXTS:
        if not isinstance(value, list):
            bad("a list of texts")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise ConfigError(f"{path}: {key}[{i}] in {where} must be text, not {_type_name(item)} {item!r} "
                                  "(quote it: yes, no, on and numbers are not text in YAML)")
    elif shape == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            bad("a number")
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            bad("a mapping")
        unknown = sorted(str(k) for k in value if k not in shape)
        if unknown:
            close = difflib.get_close_matches(unknown[0], list(shape), n=1, cutoff=0.6)
            raise ConfigError(f"{path}: unknown key {unknown[0]!r} in {where}{' under ' + key if key else ''}"
                              f"{f'; did you mean {close[0]!r}?' if close else ''} (known: {', '.join(sorted(shape))})")
        for name, item in value.items():
            if item is not None:
                validate(path, where, item, shape[name], f"{key}.{name}" if key else name)
    elif shape[0] == "one of":
        if value not in shape[1]:
            bad("one of " + ", ".join(map(str, shape[1])))
    elif shape[0] == "compound":
        for i, spec in enumerate(value if isinstance(value, list) else [value]):
            validate(path, where, spec, _COMPOUND, f"{key}[{i}]" if isinstance(value, list) else key)
    elif shape[0] == "map":
        if not isinstance(value, dict):
            bad("a mapping")
        known = _KEY_KINDS.get(shape[1])
        for name, item in value.items():
            if not isinstance(name, str):
                raise ConfigError(f"{path}: {key} in {where}: the key {name!r} must be text "
                                  "(quote it: yes, no, on and numbers are not text in YAML)")
            if known is not None and name not in known:
                close = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
                raise ConfigError(f"{path}: unknown {shape[1]} {name!r} in {where} {key}"
                                  f"{f'; did you mean {close[0]!r}?' if close else ''} (known: {', '.join(known)})")
            if item is not None:
                validate(path, where, item, shape[2], f"{key}.{name}")


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
    copy_marks: tuple[str, ...] = ()  # folded words saying which copy this is ("original", "duplicado")
    paid_marks: tuple[str, ...] = ()  # folded words a stamp says a settled invoice with ("paid", "bezahlt")
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept -> folded phrases
    payment_methods: dict[str, tuple[str, ...]] = field(default_factory=dict)
    thank_you: tuple[str, ...] = ()
    payment_link_hints: tuple[str, ...] = ()
    exemption: tuple[str, ...] = ()
    credit_note: tuple[str, ...] = ()
    register: dict[str, tuple[str, ...]] = field(default_factory=dict)
    compounds: dict[str, tuple[Compound, ...]] = field(default_factory=dict)
    compound_links: tuple[str, ...] = ("",)  # what may join two parts of a compound ("s": "Rechnungs|betrag")
    identify_as: tuple[str, ...] = ()  # codes a language identifier may give for this language
    with_tax: tuple[str, ...] = ()  # "incl.", "inkl.", "TTC": a sum label followed by them and a tax word is gross
    without_tax: tuple[str, ...] = ()  # "excl.", "ohne", "hors": ... is net
    # the same words printed after the tax word ("Total (IVA inc.)", "Total IVA excluído"): the
    # languages whose invoices put them there say so; the others read them before it only
    with_tax_after: tuple[str, ...] = ()
    without_tax_after: tuple[str, ...] = ()
    dollar_sign: str | None = None  # the currency a bare "$" means in this language's invoices, if one
    # what a bare "$" means when the seller's tax id is valid in a python-stdnum module ("ar.cuit")
    dollar_sign_by_tax_id: tuple[tuple[str, str], ...] = ()
    # a currency read from its mark alone only when the seller's tax id is valid in the module
    mark_currency_by_tax_id: tuple[tuple[str, str], ...] = ()
    tax_id_schemes: tuple[str, ...] = ()  # python-stdnum modules of labelled national tax ids ("ve.rif")
    number_marks: frozenset[str] = frozenset()  # "Nr.", "Nº", "#": a number mark, alone no label
    letter_date_marks: frozenset[str] = frozenset()  # "München, den 01.11.2024": the letter's date
    # -- language settings beyond labels (see BASE_SCHEMA) --
    cldr_locales: tuple[str, ...] = ()  # Babel locales for month and unit words
    immediate_terms: tuple[str, ...] = ()  # folded "due on receipt" phrases
    end_of_month_terms: tuple[str, ...] = ()  # folded "end of month" phrases
    net_terms: tuple[str, ...] = ()  # folded "net" words of "net 30"
    readability_formula: str = "flesch_reading_ease"
    readability_textstat: str | None = None  # textstat's language for syllables and constants
    readability_minimum: float | None = None  # the score below which prose is hard to read
    ocr: tuple[str, ...] = ()  # Tesseract language packs
    ocr_by_script: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "Cyrl" -> packs
    themes_spacy: str | None = None  # spaCy's blank pipeline for survey comments ("xx" if none)
    themes_tokenizer: str = "language"  # "multi-language": spaCy's xx rules with this language's stop words
    wording: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule name -> phrases as written
    preferred_terms: dict[str, dict[str, str]] = field(default_factory=dict)  # rule name -> {rejected: preferred}
    currency_words: dict[str, str] = field(default_factory=dict)  # folded word -> ISO code
    currency_marks: dict[str, str] = field(default_factory=dict)  # printed mark ("Bs.") -> ISO code
    ledger_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ledger field -> header names
    number_prefixes: tuple[str, ...] = ()  # folded words printed before an invoice number
    true_words: tuple[str, ...] = ()  # a ledger's yes
    false_words: tuple[str, ...] = ()  # a ledger's no
    survey_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path | None = None
    sources: tuple[str, ...] = ()  # ids of the sourced vocabulary files merged in

    def phrases(self, concept: str) -> tuple[str, ...]:
        return self.labels.get(concept, ())


@functools.cache
def _lexicon_dir() -> Path:
    return Path(str(resources.files("invoice_lint.rules").joinpath("lexicon")))


def available_languages() -> list[str]:
    return list(_languages_in(_lexicon_dir()))


@functools.cache
def _languages_in(folder: Path) -> tuple[str, ...]:
    """The languages of a lexicon folder, listed once per process like the lexicons themselves
    (``load_lexicon``): every document's language is decided among them, and listing the folder
    took longer than deciding."""
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def unknown_language(language: str) -> str | None:
    """What is wrong with a language the user forces (``--language``, ``AnalysisOptions.language``):
    None when it has a lexicon (``rules/lexicon/<language>.yaml``; ``de-AT`` reads as German), else
    "unknown language 'xx'; did you mean ...? (known: ...)" for the caller to prefix with the option."""
    known = available_languages()
    if language.split("-")[0] in known:
        return None
    import difflib

    close = difflib.get_close_matches(language, known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown language {language!r}{hint} (known: {', '.join(known)})"


def _folded(items) -> tuple[str, ...]:
    # Longest first, so "invoice number" wins over "invoice".
    out = {fold(str(i)) for i in (items or []) if str(i).strip()}
    return tuple(sorted(out, key=lambda s: (-len(s), s)))


def _stdnum_module(path: Path, key: str, module: str) -> str:
    """``module`` checked to be a python-stdnum module that can validate an id ("ar.cuit",
    "ve.rif"): a misspelt one is an error naming the file and the key, not a rule that silently
    never applies."""
    import importlib.util

    stdnum = importlib.util.find_spec("stdnum")  # looked up, not imported (stdnum imports ssl)
    folder = Path(stdnum.submodule_search_locations[0]) if stdnum and stdnum.submodule_search_locations else None
    parts = module.split(".")
    found = folder is not None and all(part.isidentifier() for part in parts) and (
        folder.joinpath(*parts).with_suffix(".py").is_file() or (folder.joinpath(*parts) / "__init__.py").is_file())
    if not found:
        raise ConfigError(f"{path}: {key}: {module!r} is no python-stdnum module (e.g. 'ar.cuit', 'mx.rfc', 'cl.rut')")
    return module


def _codes_by_tax_id(path: Path, key: str, mapping: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """``dollar_sign_by_tax_id`` or ``mark_currency_by_tax_id`` checked: each key a python-stdnum
    module that can validate an id ("ar.cuit"), each value a three-letter ISO 4217 code; a
    misspelt one is an error naming the file, not a rule that silently never applies."""
    for module, code in mapping.items():
        _stdnum_module(path, key, module)
        if not _iso_code(code):
            raise ConfigError(f"{path}: {key}: {code!r} for {module!r} is no ISO 4217 code "
                              "(three capital letters, e.g. ARS)")
    return tuple(mapping.items())


def _iso_code(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper()


def _check_currency_marks(path: Path, mapping: dict[str, str]) -> dict[str, str]:
    """``currency_marks`` of one file checked: each a mark as printed and a three-letter ISO 4217
    code (a misspelt one is an error naming the file, not a mark that silently means nothing)."""
    for mark, code in mapping.items():
        if not _iso_code(code) or not mark.strip():
            raise ConfigError(f"{path}: currency_marks: {mark!r}: {code!r} is no ISO 4217 code (three capital letters)")
    return mapping


def _both_spellings(items, spellings: dict[str, str]) -> list[str]:
    """Each phrase, and the phrase in the language's other spelling of a letter (``ascii_spellings``:
    Serbian writes "đ" as "dj" without diacritics, so "Medjuzbir" is also "Međuzbir", which folds
    to "meduzbir", and "međuzbir" is also "medjuzbir")."""
    out = []
    for item in items or []:
        text = str(item)
        out.append(text)
        lower = text.lower()
        for plain, letter in spellings.items():
            if plain in lower:
                out.append(lower.replace(plain, letter))
            if letter in lower:
                out.append(lower.replace(letter, plain))
    return out


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
    if where == "the lexicon":
        validate(path, where, data, BASE_SCHEMA, "")
    else:
        validate(path, where, data, {k: BASE_SCHEMA[k] for k in _VOCABULARY_KEYS}, "")


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


@functools.cache
def load_lexicon(language: str) -> Lexicon:
    base = language.split("-")[0]
    path = _lexicon_dir() / f"{base}.yaml"
    if not path.exists():
        raise ConfigError(f"no lexicon for language {language!r} (known: {', '.join(available_languages())})")
    data = _read_yaml(path)
    _check_vocabulary(path, "the lexicon", data)
    _check_currency_marks(path, data.get("currency_marks") or {})
    used = []
    for source_id, file, vocab in _sourced():
        words = vocab.get(base)
        if not words:
            continue
        used.append(source_id)
        _merge_lists(data, words, "labels")
        _merge_lists(data, words, "payment_methods")
        for key in ("thank_you", "titles", "exemption", "credit_note", "copy_marks", "paid_marks"):
            data[key] = list(data.get(key) or []) + list(words.get(key) or [])
        data["currency_marks"] = {**(data.get("currency_marks") or {}),
                                  **_check_currency_marks(file, words.get("currency_marks") or {})}
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
        copy_marks=_folded(data.get("copy_marks")),
        paid_marks=_folded(data.get("paid_marks")),
        labels={k: _folded(_both_spellings(v, data.get("ascii_spellings") or {}))
                for k, v in (data.get("labels") or {}).items()},
        payment_methods={k: _folded(v) for k, v in (data.get("payment_methods") or {}).items()},
        thank_you=_folded(data.get("thank_you")),
        payment_link_hints=_folded(data.get("payment_link_hints")),
        exemption=_folded(data.get("exemption")),
        credit_note=_folded(data.get("credit_note")),
        register={k: _register_phrases(v) for k, v in (data.get("register") or {}).items()},
        compounds=compounds,
        compound_links=tuple(dict.fromkeys(["", *(str(x) for x in data.get("compound_links") or ())])),
        identify_as=tuple(str(c) for c in (data.get("identify_as") or [base])),
        dollar_sign=data.get("dollar_sign"),
        dollar_sign_by_tax_id=_codes_by_tax_id(path, "dollar_sign_by_tax_id", data.get("dollar_sign_by_tax_id") or {}),
        mark_currency_by_tax_id=_codes_by_tax_id(path, "mark_currency_by_tax_id",
                                                 data.get("mark_currency_by_tax_id") or {}),
        tax_id_schemes=tuple(_stdnum_module(path, "tax_id_schemes", m) for m in data.get("tax_id_schemes") or ()),
        number_marks=frozenset(_folded(data.get("number_marks"))),
        letter_date_marks=frozenset(_folded(data.get("letter_date_marks"))),
        with_tax=_folded(data.get("with_tax")),
        without_tax=_folded(data.get("without_tax")),
        with_tax_after=_folded(data.get("with_tax_after")),
        without_tax_after=_folded(data.get("without_tax_after")),
        **_settings(data, base),
        source=path,
        sources=tuple(used),
    )


def _settings(data: dict, base: str) -> dict:
    """The Lexicon fields of the settings block (validated by BASE_SCHEMA already)."""
    terms = data.get("payment_terms") or {}
    readability = data.get("readability") or {}
    themes = data.get("themes") or {}
    ledger = data.get("ledger") or {}
    minimum = readability.get("minimum")
    return dict(
        cldr_locales=tuple(data.get("cldr_locales") or [base]),
        immediate_terms=_folded(terms.get("immediate")),
        end_of_month_terms=_folded(terms.get("end_of_month")),
        net_terms=_folded(terms.get("net")),
        readability_formula=readability.get("formula", "flesch_reading_ease"),
        readability_textstat=readability.get("textstat"),
        readability_minimum=None if minimum is None else float(minimum),
        ocr=tuple(data.get("ocr") or ()),
        ocr_by_script={k: tuple(v or ()) for k, v in (data.get("ocr_by_script") or {}).items()},
        themes_spacy=themes.get("spacy"),
        themes_tokenizer=themes.get("tokenizer", "language"),
        wording={k: tuple(v or ()) for k, v in (data.get("wording") or {}).items()},
        preferred_terms={k: dict(v or {}) for k, v in (data.get("preferred_terms") or {}).items()},
        currency_words={fold(k): v for k, v in (data.get("currency_words") or {}).items()},
        currency_marks=dict(data.get("currency_marks") or {}),  # checked per file (_check_currency_marks)
        ledger_columns={k: tuple(v or ()) for k, v in (ledger.get("columns") or {}).items()},
        number_prefixes=_folded(ledger.get("number_prefixes")),
        true_words=tuple(str(w).lower() for w in ledger.get("yes_words") or ()),
        false_words=tuple(str(w).lower() for w in ledger.get("no_words") or ()),
        survey_columns={k: tuple(v or ()) for k, v in ((data.get("survey") or {}).get("columns") or {}).items()},
    )


def all_lexicons() -> tuple[Lexicon, ...]:
    """Every language's lexicon, in code order: for settings that hold for any document (the
    base CLDR locales, payment-terms phrases, ledger column names)."""
    return tuple(load_lexicon(lang) for lang in available_languages())


def base_locales() -> tuple[str, ...]:
    """The Babel locales of every language's month and unit words, in language order."""
    return tuple(dict.fromkeys(loc for lex in all_lexicons() for loc in lex.cldr_locales))


def _union(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(sorted({p for part in parts for p in part}, key=lambda s: (-len(s), s)))


@functools.cache
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
        copy_marks=_union([lex.copy_marks for lex in lexicons]),
        paid_marks=_union([lex.paid_marks for lex in lexicons]),
        labels=by_key("labels"),
        payment_methods=by_key("payment_methods"),
        thank_you=_union([lex.thank_you for lex in lexicons]),
        payment_link_hints=_union([lex.payment_link_hints for lex in lexicons]),
        exemption=_union([lex.exemption for lex in lexicons]),
        credit_note=_union([lex.credit_note for lex in lexicons]),
        compounds=compounds,
        compound_links=tuple(dict.fromkeys(link for lex in lexicons for link in lex.compound_links)),
        with_tax=_union([lex.with_tax for lex in lexicons]),
        number_marks=frozenset().union(*(lex.number_marks for lex in lexicons)),
        letter_date_marks=frozenset().union(*(lex.letter_date_marks for lex in lexicons)),
        without_tax=_union([lex.without_tax for lex in lexicons]),
        with_tax_after=_union([lex.with_tax_after for lex in lexicons]),
        without_tax_after=_union([lex.without_tax_after for lex in lexicons]),
        tax_id_schemes=tuple(dict.fromkeys(m for lex in lexicons for m in lex.tax_id_schemes)),
        mark_currency_by_tax_id=tuple(dict.fromkeys(p for lex in lexicons for p in lex.mark_currency_by_tax_id)),
        sources=tuple(dict.fromkeys(s for lex in lexicons for s in lex.sources)),
    )


IDENTIFIER_CONCEPTS = ("tax_id", "buyer_tax_id")


@functools.cache
def identifier_lexicon(languages: tuple[str, ...] | None = None) -> Lexicon:
    """The tax-id labels of every language (or of ``languages``), and nothing else: a German
    seller prints "USt-IdNr." / "Steuernr." on its English invoices too, and a document read in a
    wrong language must not lose its seller's tax id (the value is checked as an id either way)."""
    merged = merged_lexicon(tuple(languages or available_languages()))
    return replace(merged, labels={c: merged.labels[c] for c in IDENTIFIER_CONCEPTS if c in merged.labels},
                   compounds={c: specs for c, specs in merged.compounds.items() if c in IDENTIFIER_CONCEPTS},
                   titles=(), payment_methods={}, thank_you=(), exemption=(), credit_note=(), copy_marks=(),
                   paid_marks=())


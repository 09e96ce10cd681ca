"""Rule files validated when they load, as Vale validates its styles: a schema per check kind.

Every rule in ``rules/packs/<pack>/*.yaml`` (and in the user's ``rule-paths``) is checked
before anything runs: required keys and options, the type of every value, field names from
the field registry (``invoice_lint.foundation.model.FIELD_NAMES``, the names ``extract`` prints), label
concepts from the lexicon, severities, language codes (one per ``rules/lexicon/*.yaml``),
payment-method names, message placeholders, duplicate keys.  A problem is one line naming the
file, the line and the key::

    house/due.yaml:7: rule HSE001 (kind required): options.any_of[0]: unknown field 'due_dat' (did you mean 'due_date'?)

so a misspelled field can never make a rule fire on every invoice, and a missing option can
never end a run with a traceback.
"""
from __future__ import annotations

import difflib
import re
import string
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from invoice_lint.foundation.errors import ConfigError

if TYPE_CHECKING:  # the annotations' yaml.Node and yaml.YAMLError; imported for real only to read a file
    import yaml

# PyYAML is imported where a file is read: a check run served whole from the cache unpickles its
# rules (checks.rules imports this module) and reads no YAML

SEVERITIES = ("error", "warning", "info")
# The check kinds a rule file may name; `input` rules (unreadable files) are built in.
FILE_KINDS = ("required", "arithmetic", "date-order", "identifier", "existence", "substitution", "readability",
              "consistency", "einvoice", "en16931", "mention")
REQUIRED_KEYS = ("code", "name", "kind", "severity", "message", "rationale", "basis")
OPTIONAL_KEYS = ("options", "packs", "example", "use_instead", "in_force")

# `check:` values each kind dispatches on (tests/test_rule_schema.py keeps these in step with the kinds).
CHECKS = {
    "arithmetic": ("line_amount", "line_sum", "total", "tax", "amount_due"),
    "date-order": ("due_before_issue", "supply_after_issue"),
    "identifier": ("iban", "tax_id", "bank_account", "card"),
    "consistency": ("labels", "date_format", "currency_style", "register", "seller_details"),
    "einvoice": ("unreadable", "profile_unknown", "invalid_value", "page_xml", "xml_required",
                 "profile_not_einvoice", "tax_qr_missing", "tax_qr_invalid", "tax_qr_page", "tax_qr_legend",
                 "page_client_id"),
    "en16931": ("presence", "calculation", "vat_amount", "vat_base", "exemption_reason", "line_rate", "decimals"),
}
# what each `en16931` check takes besides `check`, `rule` and `skip_profiles`
EN16931_OPTIONS = {"presence": {"terms", "when_category", "countries"}, "calculation": {"total", "terms"},
                   "vat_amount": {"categories", "tolerance", "zero"}, "vat_base": {"categories", "per_rate"},
                   "exemption_reason": {"categories", "required"}, "line_rate": {"categories", "rate"},
                   "decimals": {"term", "max"}}
VAT_CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O", "L", "M")  # UNTDID 5305 as EN 16931 uses it
_OFFICIAL_ID = re.compile(r"^BR-([A-Z]+-)?[0-9]{2}$")
# Business terms `page_xml` compares (invoice_lint.checks.einvoice.PAGE_TERMS)
PAGE_XML_TERMS = ("BT-1", "BT-2", "BT-5", "BT-9", "BT-31", "BT-84", "BT-109", "BT-110", "BT-112", "BT-113", "BT-115")
SELLER_DETAILS = ("seller_name", "seller_tax_id", "iban")  # what `seller_details` compares

_CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class PackError(Exception):
    """One problem in one rule: the key path (``options.any_of[0]``) and what is wrong."""

    def __init__(self, key: tuple, problem: str):
        super().__init__(problem)
        self.key = key
        self.problem = problem


# --- reading YAML with line numbers ------------------------------------------------------

def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (for line numbers).  ConfigError on unreadable text,
    invalid YAML or a key written twice in one mapping."""
    import yaml

    from invoice_lint.foundation.yaml_loader import SafeLoader

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    loader = None
    try:
        loader = SafeLoader(text)
        node = loader.get_single_node()
        if node is not None:
            _no_duplicate_keys(path, node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}{_where(text, exc)}: invalid YAML ({_problem(exc)})") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML (nested too deeply)") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def _where(text: str, exc: yaml.YAMLError) -> str:
    """``:LINE`` of a YAML error, also for a character YAML does not allow (NUL, other controls),
    which the reader reports by offset: in characters (pure-Python parser) or bytes (libyaml)."""
    import yaml

    from invoice_lint.foundation.yaml_loader import SafeLoader

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark:
        return f":{mark.line + 1}"
    position = getattr(exc, "position", None)
    if position is None:
        return ""
    if SafeLoader is yaml.SafeLoader:
        before = text[:position]
    else:
        before = text.encode("utf-8")[:position].decode("utf-8", "ignore")
    line = before.count("\n") + 1
    return f":{line}"


def _problem(exc: yaml.YAMLError) -> str:
    return getattr(exc, "problem", None) or str(exc).splitlines()[0]


def _no_duplicate_keys(path: Path, root: yaml.Node) -> None:
    import yaml

    seen_nodes: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys and key.value != "<<":
                        raise ConfigError(f"{path}:{key.start_mark.line + 1}: key {key.value!r} is written twice "
                                          f"in one mapping (first on line {keys[key.value]})")
                    keys[key.value] = key.start_mark.line + 1
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def line_of(node: yaml.Node | None, key: tuple, default: int = 1) -> int:
    """The line of ``key`` (a path of mapping keys and list indexes) under ``node``; the deepest
    part of the path that exists."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else default
    for part in key:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def show_key(key: tuple) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- the schema ---------------------------------------------------------------------------

def _hint(value: str, known) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def _text(value, key: tuple, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise PackError(key, f"must be text, not {_type(value)}")
    if not empty_ok and not value.strip():
        raise PackError(key, "must not be empty")
    return value


def _type(value) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _list(value, key: tuple, *, empty_ok: bool = False) -> list:
    if not isinstance(value, list):
        raise PackError(key, f"must be a list, not {_type(value)}")
    if not value and not empty_ok:
        raise PackError(key, "must not be an empty list")
    return value


def _mapping(value, key: tuple, *, empty_ok: bool = False) -> dict:
    if not isinstance(value, dict):
        raise PackError(key, f"must be a mapping, not {_type(value)}")
    if not value and not empty_ok:
        raise PackError(key, "must not be empty")
    return value


def _number(value, key: tuple, *, minimum: float | None = None, integer: bool = False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise PackError(key, f"must be {'a whole number' if integer else 'a number'}, not {_type(value)}")
    if minimum is not None and value < minimum:
        raise PackError(key, f"must be at least {minimum:g}, not {value}")
    return value


def _choice(value, key: tuple, known, what: str) -> str:
    if not isinstance(value, str):
        raise PackError(key, f"must be one of {', '.join(known)}, not {_type(value)}")
    if value not in known:
        raise PackError(key, f"unknown {what} {value!r}{_hint(value, known)}")
    return value


def _only(options: dict, key: tuple, allowed) -> None:
    for name in options:
        if name not in allowed:
            raise PackError(key + (str(name),), f"unknown option{_hint(name, sorted(allowed))}")


class Registry:
    """The names a rule may use, from the code and data that define them."""

    def __init__(self):
        from invoice_lint.foundation.lexicon import CONCEPTS, PAYMENT_METHODS, available_languages
        from invoice_lint.foundation.model import FIELD_NAMES

        self.fields = tuple(FIELD_NAMES)
        self.concepts = tuple(CONCEPTS)
        self.methods = tuple(PAYMENT_METHODS)
        self.languages = tuple(available_languages())


def _field(value, key: tuple, reg: Registry) -> str:
    return _choice(value, key, reg.fields, "field")


def _alternative(value, key: tuple, reg: Registry) -> None:
    """``field`` or ``field:value`` (a list-valued field that must contain the value)."""
    text = _text(value, key)
    name, sep, wanted = text.partition(":")
    _field(name.strip(), key, reg)
    if name != name.strip() or (sep and (not wanted or wanted != wanted.strip())):
        raise PackError(key, f"write {'field:value' if sep else 'the field name'} without spaces, not {text!r}")
    if not sep:
        return
    if name == "payment_methods":
        if wanted not in reg.methods:
            raise PackError(key, f"unknown payment method {wanted!r}{_hint(wanted, reg.methods)}")
    elif name == "currencies":
        if not _CURRENCY.match(wanted):
            raise PackError(key, f"{wanted!r} is not an ISO 4217 currency code (three capital letters, e.g. EUR)")
    else:
        raise PackError(key, f"'{name}:{wanted}': only list fields (payment_methods, currencies) take ':value'")


def _per_language(value, key: tuple, reg: Registry) -> dict:
    mapping = _mapping(value, key)
    for lang in mapping:
        if lang not in reg.languages:
            raise PackError(key + (str(lang),), f"unknown language code {lang!r}{_hint(lang, reg.languages)} — "
                            "one per rules/lexicon/*.yaml")
    return mapping


def _required(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"any_of", "when"})
    if "any_of" not in options:
        raise PackError(key + ("any_of",), "missing: the fields of which one must be present")
    for i, alt in enumerate(_list(options["any_of"], key + ("any_of",))):
        _alternative(alt, key + ("any_of", i), reg)
    when = options.get("when")
    if when is None and "when" in options:
        raise PackError(key + ("when",), "must be a mapping {field: ..., positive: true} or a list of them, not empty")
    conditions = [(when, key + ("when",))] if isinstance(when, dict) else \
        [(c, key + ("when", i)) for i, c in enumerate(_list(when, key + ("when",)))] if when is not None else []
    for condition, ckey in conditions:
        condition = _mapping(condition, ckey)
        _only(condition, ckey, {"field", "positive"})
        if "field" not in condition:
            raise PackError(ckey + ("field",), "missing: the field the rule depends on")
        _field(condition["field"], ckey + ("field",), reg)
        if "positive" in condition and not isinstance(condition["positive"], bool):
            raise PackError(ckey + ("positive",), f"must be true or false, not {_type(condition['positive'])}")


def _with_check(kind: str, options: dict, key: tuple) -> str:
    if "check" not in options:
        raise PackError(key + ("check",), f"missing: which {kind} check to run ({', '.join(CHECKS[kind])})")
    return _choice(options["check"], key + ("check",), CHECKS[kind], f"{kind} check")


def _arithmetic(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"check"})
    _with_check("arithmetic", options, key)


def _identifier(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"check"})
    _with_check("identifier", options, key)


def _date_order(options: dict, key: tuple, reg: Registry) -> None:
    check = _with_check("date-order", options, key)
    _only(options, key, {"check", "gap_days"} if check == "supply_after_issue" else {"check"})
    if "gap_days" in options:
        _number(options["gap_days"], key + ("gap_days",), minimum=0, integer=True)


def _existence(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"phrases"})  # optional: a language's lexicon lists a rule's phrases by its name (wording)
    if "phrases" not in options:
        return
    for lang, phrases in _per_language(options["phrases"], key + ("phrases",), reg).items():
        for i, phrase in enumerate(_list(phrases, key + ("phrases", lang))):
            _text(phrase, key + ("phrases", lang, i))


def _substitution(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"terms"})  # optional: a language's lexicon lists them by rule name (preferred_terms)
    if "terms" not in options:
        return
    for lang, terms in _per_language(options["terms"], key + ("terms",), reg).items():
        for rejected, preferred in _mapping(terms, key + ("terms", lang)).items():
            _text(rejected, key + ("terms", lang))
            _text("" if preferred is None else preferred, key + ("terms", lang, str(rejected)), empty_ok=True)


def _readability(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"min_words", "minimum"})
    if "min_words" in options:
        _number(options["min_words"], key + ("min_words",), minimum=1, integer=True)
    if "minimum" in options:
        for lang, value in _per_language(options["minimum"], key + ("minimum",), reg).items():
            _number(value, key + ("minimum", lang))


def _consistency(options: dict, key: tuple, reg: Registry) -> None:
    check = _with_check("consistency", options, key)
    extra = {"labels": {"concepts"}, "seller_details": {"details"}}.get(check, set())
    _only(options, key, {"check"} | extra)
    if check == "labels":
        if "concepts" not in options:
            raise PackError(key + ("concepts",), "missing: the label concepts that must read the same")
        for i, concept in enumerate(_list(options["concepts"], key + ("concepts",))):
            _choice(concept, key + ("concepts", i), reg.concepts, "label concept")
    if check == "seller_details" and "details" in options:
        for i, name in enumerate(_list(options["details"], key + ("details",))):
            _choice(name, key + ("details", i), SELLER_DETAILS, "seller detail")


def _einvoice(options: dict, key: tuple, reg: Registry) -> None:
    check = _with_check("einvoice", options, key)
    _only(options, key, {"page_xml": {"check", "terms", "tolerance"},
                         "profile_not_einvoice": {"check", "profiles"},
                         "tax_qr_legend": {"check", "phrases"},
                         "xml_required": {"check", "exempt_up_to"}}.get(check, {"check"}))
    if "exempt_up_to" in options:
        _number(options["exempt_up_to"], key + ("exempt_up_to",), minimum=0)
    if check == "tax_qr_legend":
        if "phrases" not in options:
            raise PackError(key + ("phrases",), "missing: the legend's phrases, per language")
        for lang, phrases in _per_language(options["phrases"], key + ("phrases",), reg).items():
            for i, phrase in enumerate(_list(phrases, key + ("phrases", lang))):
                _text(phrase, key + ("phrases", lang, i))
    if check == "profile_not_einvoice":
        if "profiles" not in options:
            raise PackError(key + ("profiles",), "missing: the profiles that are not e-invoices here")
        for i, profile in enumerate(_list(options["profiles"], key + ("profiles",))):
            _text(profile, key + ("profiles", i))
    for i, term in enumerate(_list(options.get("terms", list(PAGE_XML_TERMS)), key + ("terms",))):
        _choice(term, key + ("terms", i), PAGE_XML_TERMS, "business term")
    if "tolerance" in options:
        _number(options["tolerance"], key + ("tolerance",), minimum=0)


def _en16931(options: dict, key: tuple, reg: Registry) -> None:
    from invoice_lint.einvoice.model import SUMMABLE, TERMS

    check = _with_check("en16931", options, key)
    _only(options, key, {"check", "rule", "skip_profiles"} | EN16931_OPTIONS[check])
    if "rule" not in options:
        raise PackError(key + ("rule",), "missing: the official id of the business rule, e.g. BR-CO-15")
    rule_id = _text(options["rule"], key + ("rule",))
    if rule_id.startswith("BR") and not _OFFICIAL_ID.match(rule_id):
        raise PackError(key + ("rule",), f"{rule_id!r} is not an EN 16931 rule id such as BR-02 or BR-CO-15")
    for i, profile in enumerate(_list(options.get("skip_profiles", ["-"]), key + ("skip_profiles",))):
        _text(profile, key + ("skip_profiles", i))
    for name in ("categories", "when_category"):
        for i, category in enumerate(_list(options.get(name, ["S"]), key + (name,))):
            _choice(category, key + (name, i), VAT_CATEGORIES, "VAT category")
    for i, country in enumerate(_list(options.get("countries", ["FR"]), key + ("countries",))):
        if not (isinstance(country, str) and len(country) == 2 and country.isalpha() and country.isupper()):
            raise PackError(key + ("countries", i), f"{country!r} is not an ISO 3166 country code such as FR")
    for name in ("zero", "per_rate", "required"):
        if name in options and not isinstance(options[name], bool):
            raise PackError(key + (name,), f"must be true or false, not {_type(options[name])}")
    if "tolerance" in options:
        _number(options["tolerance"], key + ("tolerance",), minimum=0)
    if check in ("exemption_reason", "line_rate", "vat_base") and "categories" not in options:
        raise PackError(key + ("categories",), "missing: the VAT categories (S, Z, E ...) the rule is about")
    if check == "exemption_reason" and "required" not in options:
        raise PackError(key + ("required",), "missing: true (a reason must be given) or false (none may be)")
    if check == "line_rate":
        _choice(options.get("rate"), key + ("rate",), ("positive", "zero"), "rate requirement")
    if check == "presence":
        if "terms" not in options:
            raise PackError(key + ("terms",), "missing: the business terms of which one must be present")
        for i, term in enumerate(_list(options["terms"], key + ("terms",))):
            _choice(term, key + ("terms", i), tuple(TERMS), "business term")
    if check == "decimals":
        for name in ("term", "max"):
            if name not in options:
                raise PackError(key + (name,), "missing: `decimals` needs the business `term` and the `max` decimals")
        _choice(options["term"], key + ("term",), tuple(TERMS) + SUMMABLE, "business term")
        _number(options["max"], key + ("max",), minimum=0, integer=True)
    if check == "calculation":
        for name in ("total", "terms"):
            if name not in options:
                raise PackError(key + (name,), "missing: a calculation needs `total` and the signed `terms` it equals")
        _choice(options["total"], key + ("total",), tuple(TERMS), "business term")
        for i, operand in enumerate(_list(options["terms"], key + ("terms",))):
            name = _text(operand, key + ("terms", i)).lstrip("+-")
            if name.startswith("sum(") and name.endswith(")"):
                _choice(name[4:-1], key + ("terms", i), SUMMABLE, "summable business term")
            else:
                _choice(name, key + ("terms", i), tuple(TERMS), "business term")


def _mention(options: dict, key: tuple, reg: Registry) -> None:
    _only(options, key, {"phrases"})
    if "phrases" not in options:
        raise PackError(key + ("phrases",), "missing: the phrases one of which the page must print, per language")
    for lang, phrases in _per_language(options["phrases"], key + ("phrases",), reg).items():
        for i, phrase in enumerate(_list(phrases, key + ("phrases", lang))):
            _text(phrase, key + ("phrases", lang, i))


OPTIONS = {"required": _required, "arithmetic": _arithmetic, "date-order": _date_order, "identifier": _identifier,
           "existence": _existence, "substitution": _substitution, "readability": _readability,
           "consistency": _consistency, "einvoice": _einvoice, "en16931": _en16931,
           "mention": _mention}


def _message(value, key: tuple) -> None:
    """Placeholders are plain names (``{total}``): no index, attribute, conversion or format."""
    text = _text(value, key)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise PackError(key, f"{exc} (write a literal brace as '{{{{' or '}}}}')") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise PackError(key, f"placeholder {shown} must be a plain name such as {{total}}")


def validate_rule(entry, index: int, reg: Registry) -> None:
    """Raise PackError for the first problem of one rule (``rules[index]``)."""
    key = ("rules", index)
    entry = _mapping(entry, key)
    for name in entry:
        if name not in REQUIRED_KEYS and name not in OPTIONAL_KEYS:
            raise PackError(key + (str(name),), f"unknown key{_hint(name, REQUIRED_KEYS + OPTIONAL_KEYS)}")
    for name in REQUIRED_KEYS:
        if name not in entry or entry[name] is None:
            raise PackError(key + (name,), "missing (every rule has " + ", ".join(REQUIRED_KEYS) + ")")
    code = _text(entry["code"], key + ("code",))
    if not _CODE.match(code):
        raise PackError(key + ("code",), f"{code!r} is not a rule code: capital letters then digits, e.g. HSE001")
    name = _text(entry["name"], key + ("name",))
    if not _NAME.match(name):
        raise PackError(key + ("name",), f"{name!r} is not a rule name: lower-case words joined by '-', "
                        "e.g. missing-po-number")
    if entry["kind"] == "input":
        raise PackError(key + ("kind",), "'input' rules are built in (unreadable-pdf, no-text-layer)")
    kind = _choice(entry["kind"], key + ("kind",), FILE_KINDS, "kind")
    _choice(entry["severity"], key + ("severity",), SEVERITIES, "severity")
    _message(entry["message"], key + ("message",))
    for name in ("rationale", "basis"):
        _text(entry[name], key + (name,))
    for name in ("example", "use_instead"):
        if name in entry:
            _text(entry[name], key + (name,), empty_ok=True)
    when = entry.get("in_force")
    if "in_force" in entry and not (isinstance(when, date) and not isinstance(when, datetime)):
        raise PackError(key + ("in_force",), f"must be a date written YYYY-MM-DD, not {entry['in_force']!r}")
    if "packs" in entry:
        for i, pack in enumerate(_list(entry["packs"], key + ("packs",))):
            if not isinstance(pack, str) or not _NAME.match(pack):
                raise PackError(key + ("packs", i), f"{pack!r} is not a pack name (lower-case, e.g. house)")
    options = entry.get("options")
    if options is None:
        options = {}
        if "options" in entry:
            raise PackError(key + ("options",), "is empty: leave it out or give the options")
    OPTIONS[kind](_mapping(options, key + ("options",), empty_ok=True), key + ("options",), reg)


def validate_file(path: Path, data, node, reg: Registry | None = None) -> None:
    """ConfigError ``file:line: rule CODE (kind K): key: problem`` for the first bad rule."""
    where = f"{path}:{line_of(node, ())}"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: a rule file must be a mapping with a top-level 'rules:' list")
    for name in data:
        if name != "rules":
            raise ConfigError(f"{path}:{line_of(node, (str(name),))}: {name}: unknown top-level key (only 'rules:')")
    if not isinstance(data.get("rules"), list):
        raise ConfigError(f"{path}:{line_of(node, ('rules',))}: rules: must be a list of rules, "
                          f"not {_type(data.get('rules'))}")
    reg = reg or Registry()
    for index, entry in enumerate(data["rules"]):
        try:
            validate_rule(entry, index, reg)
        except PackError as problem:
            code = entry.get("code") if isinstance(entry, dict) else None
            kind = entry.get("kind") if isinstance(entry, dict) else None
            who = f"rule {code}" if isinstance(code, str) and code else f"rule #{index + 1}"
            if isinstance(kind, str) and kind in FILE_KINDS and problem.key[2:3] != ("kind",):
                who += f" (kind {kind})"
            key = show_key(problem.key[2:]) or "rule"
            raise ConfigError(f"{path}:{line_of(node, problem.key)}: {who}: {key}: {problem.problem}") from None

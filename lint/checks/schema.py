"""Rule files validated when they load, as Vale validates its styles: a schema per check kind.

Every rule in ``rules/packs/<pack>/*.yaml`` (and in the user's ``rule-paths``) is checked
before anything runs: required keys and options, the type of every value, field names from
the field registry (``invoice_lint.foundation.model.FIELD_NAMES``, the names ``extract`` prints), label
concepts from the lexicon, severities, language codes (one per ``rules/lexicon/*.yaml``),
payment-method names, message placeholders, duplicate keys; each kind checks its own
``options`` (``Kind.validate`` in ``checks.kinds``, with the helpers below).  A problem is one
line naming the file, the line and the key::

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

from invoice_lint.checks.kinds import NAMES
from invoice_lint.foundation.errors import ConfigError

if TYPE_CHECKING:  # the annotations' yaml.Node and yaml.YAMLError; imported for real only to read a file
    import yaml

# PyYAML is imported where a file is read: a check run served whole from the cache unpickles its
# rules (checks.rules imports this module) and reads no YAML

SEVERITIES = ("error", "warning", "info")
# The check kinds a rule file may name (``checks.kinds``); `input` rules (unreadable files) are built in.
FILE_KINDS = NAMES
REQUIRED_KEYS = ("code", "name", "kind", "severity", "message", "rationale", "basis")
OPTIONAL_KEYS = ("options", "packs", "example", "use_instead", "in_force")


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

def hint(value: str, known) -> str:
    close = difflib.get_close_matches(str(value), list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def expect_text(value, key: tuple, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise PackError(key, f"must be text, not {type_of(value)}")
    if not empty_ok and not value.strip():
        raise PackError(key, "must not be empty")
    return value


def type_of(value) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def expect_list(value, key: tuple, *, empty_ok: bool = False) -> list:
    if not isinstance(value, list):
        raise PackError(key, f"must be a list, not {type_of(value)}")
    if not value and not empty_ok:
        raise PackError(key, "must not be an empty list")
    return value


def expect_mapping(value, key: tuple, *, empty_ok: bool = False) -> dict:
    if not isinstance(value, dict):
        raise PackError(key, f"must be a mapping, not {type_of(value)}")
    if not value and not empty_ok:
        raise PackError(key, "must not be empty")
    return value


def expect_number(value, key: tuple, *, minimum: float | None = None, integer: bool = False):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise PackError(key, f"must be {'a whole number' if integer else 'a number'}, not {type_of(value)}")
    if minimum is not None and value < minimum:
        raise PackError(key, f"must be at least {minimum:g}, not {value}")
    return value


def expect_choice(value, key: tuple, known, what: str) -> str:
    if not isinstance(value, str):
        raise PackError(key, f"must be one of {', '.join(known)}, not {type_of(value)}")
    if value not in known:
        raise PackError(key, f"unknown {what} {value!r}{hint(value, known)}")
    return value


def only(options: dict, key: tuple, allowed) -> None:
    for name in options:
        if name not in allowed:
            raise PackError(key + (str(name),), f"unknown option{hint(name, sorted(allowed))}")


class Registry:
    """The names a rule may use, from the code and data that define them."""

    def __init__(self):
        from invoice_lint.foundation.lexicon import CONCEPTS, PAYMENT_METHODS, available_languages
        from invoice_lint.foundation.model import FIELD_NAMES

        self.fields = tuple(FIELD_NAMES)
        self.concepts = tuple(CONCEPTS)
        self.methods = tuple(PAYMENT_METHODS)
        self.languages = tuple(available_languages())


def expect_field(value, key: tuple, reg: Registry) -> str:
    return expect_choice(value, key, reg.fields, "field")


def expect_alternative(value, key: tuple, reg: Registry) -> None:
    """``field`` or ``field:value`` (a list-valued field that must contain the value)."""
    text = expect_text(value, key)
    name, sep, wanted = text.partition(":")
    expect_field(name.strip(), key, reg)
    if name != name.strip() or (sep and (not wanted or wanted != wanted.strip())):
        raise PackError(key, f"write {'field:value' if sep else 'the field name'} without spaces, not {text!r}")
    if not sep:
        return
    if name == "payment_methods":
        if wanted not in reg.methods:
            raise PackError(key, f"unknown payment method {wanted!r}{hint(wanted, reg.methods)}")
    elif name == "currencies":
        if not _CURRENCY.match(wanted):
            raise PackError(key, f"{wanted!r} is not an ISO 4217 currency code (three capital letters, e.g. EUR)")
    else:
        raise PackError(key, f"'{name}:{wanted}': only list fields (payment_methods, currencies) take ':value'")


def per_language(value, key: tuple, reg: Registry) -> dict:
    mapping = expect_mapping(value, key)
    for lang in mapping:
        if lang not in reg.languages:
            raise PackError(key + (str(lang),), f"unknown language code {lang!r}{hint(lang, reg.languages)} — "
                            "one per rules/lexicon/*.yaml")
    return mapping


def which_check(kind: str, checks: tuple[str, ...], options: dict, key: tuple) -> str:
    """The rule's ``options.check``: one of the kind's ``checks``."""
    if "check" not in options:
        raise PackError(key + ("check",), f"missing: which {kind} check to run ({', '.join(checks)})")
    return expect_choice(options["check"], key + ("check",), checks, f"{kind} check")


def check_only(kind: str, checks: tuple[str, ...]):
    """The validator of a kind whose only option is ``check``."""
    def validate(options: dict, key: tuple, reg: Registry) -> None:
        only(options, key, {"check"})
        which_check(kind, checks, options, key)
    return validate


def phrases_per_language(options: dict, key: tuple, reg: Registry, name: str = "phrases") -> None:
    """``options[name]``, when given: ``{language: [phrase, ...]}``."""
    if name not in options:
        return
    for lang, phrases in per_language(options[name], key + (name,), reg).items():
        for i, phrase in enumerate(expect_list(phrases, key + (name, lang))):
            expect_text(phrase, key + (name, lang, i))


def _message(value, key: tuple) -> None:
    """Placeholders are plain names (``{total}``): no index, attribute, conversion or format."""
    text = expect_text(value, key)
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
    entry = expect_mapping(entry, key)
    for name in entry:
        if name not in REQUIRED_KEYS and name not in OPTIONAL_KEYS:
            raise PackError(key + (str(name),), f"unknown key{hint(name, REQUIRED_KEYS + OPTIONAL_KEYS)}")
    for name in REQUIRED_KEYS:
        if name not in entry or entry[name] is None:
            raise PackError(key + (name,), "missing (every rule has " + ", ".join(REQUIRED_KEYS) + ")")
    code = expect_text(entry["code"], key + ("code",))
    if not _CODE.match(code):
        raise PackError(key + ("code",), f"{code!r} is not a rule code: capital letters then digits, e.g. HSE001")
    name = expect_text(entry["name"], key + ("name",))
    if not _NAME.match(name):
        raise PackError(key + ("name",), f"{name!r} is not a rule name: lower-case words joined by '-', "
                        "e.g. missing-po-number")
    if entry["kind"] == "input":
        raise PackError(key + ("kind",), "'input' rules are built in (unreadable-pdf, no-text-layer)")
    kind = expect_choice(entry["kind"], key + ("kind",), FILE_KINDS, "kind")
    expect_choice(entry["severity"], key + ("severity",), SEVERITIES, "severity")
    _message(entry["message"], key + ("message",))
    for name in ("rationale", "basis"):
        expect_text(entry[name], key + (name,))
    for name in ("example", "use_instead"):
        if name in entry:
            expect_text(entry[name], key + (name,), empty_ok=True)
    when = entry.get("in_force")
    if "in_force" in entry and not (isinstance(when, date) and not isinstance(when, datetime)):
        raise PackError(key + ("in_force",), f"must be a date written YYYY-MM-DD, not {entry['in_force']!r}")
    if "packs" in entry:
        for i, pack in enumerate(expect_list(entry["packs"], key + ("packs",))):
            if not isinstance(pack, str) or not _NAME.match(pack):
                raise PackError(key + ("packs", i), f"{pack!r} is not a pack name (lower-case, e.g. house)")
    options = entry.get("options")
    if options is None:
        options = {}
        if "options" in entry:
            raise PackError(key + ("options",), "is empty: leave it out or give the options")
    from invoice_lint.checks.kinds import KINDS  # the kinds' modules: imported only when a pack is read

    KINDS[kind].validate(expect_mapping(options, key + ("options",), empty_ok=True), key + ("options",), reg)


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
                          f"not {type_of(data.get('rules'))}")
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

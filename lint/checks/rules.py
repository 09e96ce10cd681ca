"""Rules as data: load the YAML packs in ``rules/packs/<pack>/*.yaml`` into a RuleSet.

A rule names its check kind; the kinds (small modules beside this one) interpret it.  Adding a
rule, a phrase or a whole pack needs no Python.  Selection follows ruff: ``select`` replaces
the packs' rules, ``extend-select`` adds, ``ignore`` removes; entries are codes, code prefixes
or rule names.  PDF001/PDF002 (unreadable input) are always on.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from invoice_lint.errors import ConfigError

SEVERITIES = ("error", "warning", "info")
KINDS = ("required", "arithmetic", "date-order", "identifier", "existence", "substitution", "readability",
         "consistency", "input")
_REQUIRED_KEYS = ("code", "name", "kind", "severity", "message", "rationale", "basis")
_ALLOWED_KEYS = set(_REQUIRED_KEYS) | {"options", "packs", "example", "use_instead"}
DEFAULT_PACKS = ("core", "style")


@dataclass
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    packs: tuple[str, ...]
    message: str
    rationale: str
    basis: str
    example: str = ""
    use_instead: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    source: Path | None = None


# Input rules live in code: they describe the reading, not the invoice.
INPUT_RULES = (
    Rule("PDF001", "unreadable-pdf", "input", "error", ("core",), "The file could not be read: {cause}.",
         "A file that cannot be opened cannot be checked, or paid from.", "style",
         "A zero-byte, truncated, encrypted or mis-named file.", "Re-export the invoice as a PDF."),
    Rule("PDF002", "no-text-layer", "input", "error", ("core",), "The PDF has no text layer: {cause}.",
         "Scanned invoices can't be searched or checked, and clients' software can't read them.", "style",
         "A scan saved as PDF.", "Export the invoice from the invoicing tool, or run OCR (ocrmypdf)."),
)


def describe(message: str, name: str = "") -> str:
    """A rule's message as a general description: placeholders such as ``{total}`` become "…"."""
    text = re.sub(r"\{[^{}]*\}", "…", message).strip()
    return text or name


@dataclass
class RuleSet:
    rules: list[Rule]
    catalogue: list[Rule]  # every known rule, selected or not

    @functools.cached_property
    def by_code(self) -> dict[str, Rule]:
        return {r.code: r for r in self.catalogue}

    def lookup(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        for rule in self.catalogue:
            if rule.code.lower() == key.lower() or rule.name == key.lower():
                return rule
        return None

    def selected(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]


def _packs_root() -> Path:
    return Path(str(resources.files("invoice_lint.rules").joinpath("packs")))


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number
    except OSError:
        return None
    return None


def _read_pack_file(path: Path, pack: str) -> list[Rule]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: invalid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{path}: a rule file must have a top-level 'rules:' list")
    out = []
    for entry in data["rules"]:
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: every item under 'rules:' must be a mapping")
        code = str(entry.get("code", "?"))
        where = f"{path}:{_line_of(path, code) or 1}"
        missing = [k for k in _REQUIRED_KEYS if not entry.get(k)]
        if missing:
            raise ConfigError(f"{where}: rule {code} lacks {', '.join(missing)}")
        unknown = sorted(set(entry) - _ALLOWED_KEYS)
        if unknown:
            raise ConfigError(f"{where}: rule {code} has unknown key(s) {', '.join(unknown)}")
        if entry["kind"] not in KINDS:
            raise ConfigError(f"{where}: rule {code} has unknown kind {entry['kind']!r} (known: {', '.join(KINDS)})")
        if entry["severity"] not in SEVERITIES:
            raise ConfigError(f"{where}: rule {code} has severity {entry['severity']!r}; use error, warning or info")
        packs = tuple(entry.get("packs") or [pack])
        out.append(Rule(code=code, name=str(entry["name"]), kind=entry["kind"], severity=entry["severity"],
                        packs=packs, message=entry["message"], rationale=entry["rationale"], basis=entry["basis"],
                        example=entry.get("example", ""), use_instead=entry.get("use_instead", ""),
                        options=entry.get("options") or {}, source=path))
    return out


def load_catalogue(extra_paths: tuple[Path, ...] = ()) -> list[Rule]:
    rules: list[Rule] = list(INPUT_RULES)
    roots = [_packs_root(), *extra_paths]
    for root in roots:
        if not root.is_dir():
            raise ConfigError(f"{root}: rule-pack folder does not exist")
        for pack_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(pack_dir.glob("*.y*ml")):
                rules += _read_pack_file(path, pack_dir.name)
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise ConfigError(f"{rule.source}: code {rule.code} is already used in {seen[rule.code].source}")
        if rule.name in names:
            raise ConfigError(f"{rule.source}: rule name {rule.name} is already used in {names[rule.name].source}")
        seen[rule.code] = rule
        names[rule.name] = rule
    return rules


def known_packs(catalogue: list[Rule]) -> set[str]:
    return {p for r in catalogue for p in r.packs}


def _matches(rule: Rule, selector: str) -> bool:
    s = selector.strip()
    return rule.name == s.lower() or rule.code.upper().startswith(s.upper()) or s.upper() == "ALL"


def select_rules(catalogue: list[Rule], packs: list[str], select: list[str], extend_select: list[str],
                 ignore: list[str], severity: dict[str, str]) -> list[Rule]:
    for selector in [*select, *extend_select, *ignore, *severity]:
        if not any(_matches(r, selector) for r in catalogue):
            raise ConfigError(f"unknown rule or code prefix {selector!r} (see `invoice-lint rules`)")
    unknown_packs = set(packs) - known_packs(catalogue)
    if unknown_packs:
        raise ConfigError(f"unknown pack(s) {', '.join(sorted(unknown_packs))} (known: "
                          f"{', '.join(sorted(known_packs(catalogue)))})")
    if select:
        chosen = [r for r in catalogue if any(_matches(r, s) for s in select)]
    else:
        chosen = [r for r in catalogue if set(r.packs) & set(packs)]
    chosen += [r for r in catalogue if any(_matches(r, s) for s in extend_select) and r not in chosen]
    chosen = [r for r in chosen if r.kind == "input" or not any(_matches(r, s) for s in ignore)]
    chosen += [r for r in INPUT_RULES if r not in chosen]
    out = []
    for rule in chosen:
        level = next((v for k, v in severity.items() if _matches(rule, k)), None)
        if level and level not in SEVERITIES:
            raise ConfigError(f"severity for {rule.code} must be error, warning or info, not {level!r}")
        out.append(Rule(**{**rule.__dict__, "severity": level or rule.severity}))
    return sorted(out, key=lambda r: r.code)

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
from datetime import date
from pathlib import Path
from typing import Any

from invoice_lint.checks.schema import FILE_KINDS, SEVERITIES, Registry, line_of, load_yaml, validate_file
from invoice_lint.foundation.errors import ConfigError

KINDS = (*FILE_KINDS, "input")


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
    # the rule binds invoices issued on or after this date (the invoice's issue date, never today's)
    in_force: date | None = None
    line: int | None = None  # where the rule starts in its source file

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line or 1}" if self.source else "built-in rules"


# Input rules live in code: they describe the reading, not the invoice.
INPUT_RULES = (
    Rule("PDF001", "unreadable-pdf", "input", "error", ("core",), "The file could not be read: {cause}.",
         "A file that cannot be opened cannot be checked, or paid from.", "style",
         "A zero-byte, truncated, encrypted or mis-named file.", "Re-export the invoice as a PDF."),
    Rule("PDF002", "no-text-layer", "input", "error", ("core",), "The PDF has no text layer: {cause}.",
         "Scanned invoices can't be searched or checked, and clients' software can't read them.", "style",
         "A scan saved as PDF.", "Export the invoice from the invoicing tool, or read the scan with `--ocr` "
         "(Tesseract; `ocr = true` in the config)."),
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
    from importlib import resources

    return Path(str(resources.files("invoice_lint.rules").joinpath("packs")))


def _read_pack_file(path: Path, pack: str, registry: Registry | None = None) -> list[Rule]:
    """The rules of one file, validated (``checks.schema``): ConfigError naming file:line and key."""
    data, node = load_yaml(path)
    if data is None:
        raise ConfigError(f"{path}:1: a rule file must have a top-level 'rules:' list (the file is empty)")
    validate_file(path, data, node, registry)
    out = []
    for index, entry in enumerate(data["rules"]):
        out.append(Rule(code=entry["code"], name=entry["name"], kind=entry["kind"], severity=entry["severity"],
                        packs=tuple(entry.get("packs") or [pack]), message=entry["message"],
                        rationale=entry["rationale"], basis=entry["basis"], example=entry.get("example") or "",
                        use_instead=entry.get("use_instead") or "", options=entry.get("options") or {},
                        source=path, line=line_of(node, ("rules", index)), in_force=entry.get("in_force")))
    return out


def load_catalogue(extra_paths: tuple[Path, ...] = ()) -> list[Rule]:
    rules: list[Rule] = list(INPUT_RULES)
    roots = [_packs_root(), *extra_paths]
    registry = Registry()
    for root in roots:
        if not root.is_dir():
            raise ConfigError(f"{root}: rule-pack folder does not exist")
        for pack_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for path in sorted(pack_dir.glob("*.y*ml")):
                rules += _read_pack_file(path, pack_dir.name, registry)
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise ConfigError(f"{rule.where}: rule {rule.code}: code: {rule.code} is already used "
                              f"({seen[rule.code].where})")
        if rule.name in names:
            raise ConfigError(f"{rule.where}: rule {rule.code}: name: {rule.name} is already used by "
                              f"{names[rule.name].code} ({names[rule.name].where})")
        seen[rule.code] = rule
        names[rule.name] = rule
    return rules


def did_you_mean(selector: str, catalogue: list[Rule]) -> str:
    """"; did you mean REQ003?" for a selector close to a known code or rule name, else ""."""
    import difflib

    s = selector.strip()
    close = difflib.get_close_matches(s.upper(), [r.code for r in catalogue], n=2, cutoff=0.6)
    close += difflib.get_close_matches(s.lower(), [r.name for r in catalogue], n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(close[:2])}?" if close else ""


def known_packs(catalogue: list[Rule]) -> set[str]:
    return {p for r in catalogue for p in r.packs}


def _matches(rule: Rule, selector: str) -> bool:
    s = selector.strip()
    return rule.name == s.lower() or rule.code.upper().startswith(s.upper()) or s.upper() == "ALL"


def _selects(rule: Rule, selector: str, packs: list[str]) -> bool:
    """``select``/``extend-select``, as ruff: a prefix (or ALL) picks rules of the active packs only;
    a rule's exact code or name picks it whatever its pack."""
    s = selector.strip()
    if rule.name == s.lower() or rule.code.upper() == s.upper():
        return True
    return _matches(rule, s) and (rule.kind == "input" or bool(set(rule.packs) & set(packs)))


def select_rules(catalogue: list[Rule], packs: list[str], select: list[str], extend_select: list[str],
                 ignore: list[str], severity: dict[str, str]) -> list[Rule]:
    for selector in [*select, *extend_select, *ignore, *severity]:
        if not any(_matches(r, selector) for r in catalogue):
            raise ConfigError(f"unknown rule or code prefix {selector!r}{did_you_mean(selector, catalogue)} "
                              f"(see `invoice-lint rules`)")
    unknown_packs = set(packs) - known_packs(catalogue)
    if unknown_packs:
        raise ConfigError(f"unknown pack(s) {', '.join(sorted(unknown_packs))} (known: "
                          f"{', '.join(sorted(known_packs(catalogue)))})")
    for selector in [*select, *extend_select]:
        if not any(_selects(r, selector, packs) for r in catalogue):
            outside = sorted({p for r in catalogue if _matches(r, selector) for p in r.packs} - set(packs))
            raise ConfigError(f"select {selector!r} matches only rules of packs that are not active "
                              f"({', '.join(outside)}); add --jurisdiction {','.join(outside)}, or name the rules "
                              f"exactly")
    if select:
        chosen = [r for r in catalogue if any(_selects(r, s, packs) for s in select)]
    else:
        chosen = [r for r in catalogue if set(r.packs) & set(packs)]
    chosen += [r for r in catalogue if any(_selects(r, s, packs) for s in extend_select) and r not in chosen]
    chosen = [r for r in chosen if r.kind == "input" or not any(_matches(r, s) for s in ignore)]
    chosen += [r for r in INPUT_RULES if r not in chosen]
    out = []
    for rule in chosen:
        level = next((v for k, v in severity.items() if _matches(rule, k)), None)
        if level and level not in SEVERITIES:
            raise ConfigError(f"severity for {rule.code} must be error, warning or info, not {level!r}")
        out.append(Rule(**{**rule.__dict__, "severity": level or rule.severity}))
    return sorted(out, key=lambda r: r.code)

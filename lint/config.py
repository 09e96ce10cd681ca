"""Configuration: `[tool.invoice-lint]` in pyproject.toml, or invoice-lint.toml / .invoice-lint.toml.

The dataclass below is the contract every command reads.  Loading (closest file wins,
``extend`` to inherit, unknown keys are errors naming file and key) lives in ``load_config``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ExternalIgnore:
    """An ignore entry: path glob + rule (code or name) + optional matched text + required reason."""

    path: str
    rule: str
    reason: str
    text: str | None = None


@dataclass
class Config:
    source: Path | None = None  # the file it was read from, None for defaults
    packs: list[str] = field(default_factory=lambda: ["core", "style"])
    jurisdiction: list[str] = field(default_factory=list)  # e.g. ["eu-vat", "es"]
    select: list[str] = field(default_factory=list)  # code prefixes or names; empty = all in packs
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> codes
    severity: dict[str, str] = field(default_factory=dict)  # code or name -> error|warning|info
    language: str | None = None  # force a document language
    thresholds: dict[str, float] = field(default_factory=dict)  # e.g. readability-min, supply-gap-days
    preferred_terms: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {rejected: preferred}
    rejected_terms: dict[str, list[str]] = field(default_factory=dict)  # lang -> [phrases]
    rule_paths: list[Path] = field(default_factory=list)  # extra rule-pack folders
    ignores: list[ExternalIgnore] = field(default_factory=list)
    fail_on: str = "error"


# --- loading ---------------------------------------------------------------------------------

CONFIG_NAMES = ("invoice-lint.toml", ".invoice-lint.toml", "pyproject.toml")
_LIST_KEYS = {"select": "select", "extend-select": "extend_select", "ignore": "ignore", "packs": "packs"}
_KNOWN = set(_LIST_KEYS) | {"extend", "per-file-ignores", "severity", "language", "jurisdiction", "thresholds",
                            "preferred-terms", "rejected-terms", "rule-paths", "ignores", "fail-on"}


def _key_line(path: Path, key: str) -> str:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith((key, f'"{key}"')):
                return f"{path}:{number}"
    except OSError:
        pass
    return str(path)


def _read_table(path: Path) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _config_error(f"{path}: invalid TOML ({exc})") from None
    except OSError as exc:
        raise _config_error(f"{path}: cannot be read ({exc.strerror})") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("invoice-lint")
    return data


def _config_error(message: str) -> Exception:
    from invoice_lint.errors import ConfigError  # errors imports nothing heavy; kept local for clarity

    return ConfigError(message)


def find_config(start: Path) -> Path | None:
    """The closest config file at or above ``start`` (a pyproject.toml counts only with a
    [tool.invoice-lint] table)."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _read_table(candidate) is not None):
                return candidate
    return None


def load_config(start: Path, explicit: Path | None = None) -> Config:
    path = explicit or find_config(start)
    if path is None:
        return Config()
    if explicit and not explicit.is_file():
        raise _config_error(f"{explicit}: config file does not exist")
    return _load(path, seen=())


def _as_list(path: Path, key: str, value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _config_error(f"{_key_line(path, key)}: '{key}' must be a string or a list of strings")


def _load(path: Path, seen: tuple[Path, ...]) -> Config:
    path = path.resolve()
    if path in seen:
        raise _config_error(f"{path}: 'extend' forms a cycle ({' -> '.join(str(p) for p in (*seen, path))})")
    table = _read_table(path) or {}
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise _config_error(f"{_key_line(path, unknown[0])}: unknown key '{unknown[0]}' "
                           f"(known: {', '.join(sorted(_KNOWN))})")
    config = _load((path.parent / table["extend"]), (*seen, path)) if "extend" in table else Config()
    config.source = path
    for key, attr in _LIST_KEYS.items():
        if key in table:
            setattr(config, attr, _as_list(path, key, table[key]))
    if "jurisdiction" in table:
        config.jurisdiction = _as_list(path, "jurisdiction", table["jurisdiction"])
    if "language" in table:
        if not isinstance(table["language"], str):
            raise _config_error(f"{_key_line(path, 'language')}: 'language' must be a string such as \"sr\"")
        config.language = table["language"]
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise _config_error(f"{_key_line(path, 'per-file-ignores')}: 'per-file-ignores' must be a table glob = [codes]")
        config.per_file_ignores = {k: _as_list(path, "per-file-ignores", v) for k, v in pfi.items()}
    if "severity" in table:
        sev = table["severity"]
        if not isinstance(sev, dict) or any(v not in ("error", "warning", "info") for v in sev.values()):
            raise _config_error(f"{_key_line(path, 'severity')}: 'severity' must map codes to error, warning or info")
        config.severity = dict(sev)
    if "thresholds" in table:
        th = table["thresholds"]
        if not isinstance(th, dict) or not all(isinstance(v, (int, float)) for v in th.values()):
            raise _config_error(f"{_key_line(path, 'thresholds')}: 'thresholds' must map names to numbers")
        config.thresholds = dict(th)
    if "rejected-terms" in table:
        rt = table["rejected-terms"]
        if not isinstance(rt, dict):
            raise _config_error(f"{_key_line(path, 'rejected-terms')}: 'rejected-terms' must map languages to lists")
        config.rejected_terms = {k: _as_list(path, "rejected-terms", v) for k, v in rt.items()}
    if "preferred-terms" in table:
        pt = table["preferred-terms"]
        if not isinstance(pt, dict) or not all(isinstance(v, dict) for v in pt.values()):
            raise _config_error(f"{_key_line(path, 'preferred-terms')}: 'preferred-terms' must map languages to tables")
        config.preferred_terms = pt
    if "rule-paths" in table:
        config.rule_paths = [(path.parent / p) for p in _as_list(path, "rule-paths", table["rule-paths"])]
    if "fail-on" in table:
        if table["fail-on"] not in ("error", "warning", "info"):
            raise _config_error(f"{_key_line(path, 'fail-on')}: 'fail-on' must be error, warning or info")
        config.fail_on = table["fail-on"]
    if "ignores" in table:
        entries = table["ignores"]
        if not isinstance(entries, list):
            raise _config_error(f"{_key_line(path, 'ignores')}: 'ignores' must be an array of tables")
        config.ignores = []
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get("reason") or not entry.get("path") or not entry.get("rule"):
                raise _config_error(f"{_key_line(path, 'ignores')}: every ignore needs path, rule and a reason")
            config.ignores.append(ExternalIgnore(entry["path"], entry["rule"], entry["reason"], entry.get("text")))
    return config

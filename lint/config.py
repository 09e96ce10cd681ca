"""Configuration: `[tool.invoice-lint]` in pyproject.toml, or invoice-lint.toml / .invoice-lint.toml.

The dataclass below is the contract every command reads.  Loading (closest file wins,
``extend`` to inherit) lives in ``load_config``.  Everything is checked, each problem one
error naming the file, line and key, with a "did you mean" suggestion where one is close:
every key and nested key (threshold names, languages, ignore entries), every rule code or
name (select, ignore, per-file-ignores, severity, ignores), every pack and every value type.
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
    ocr: bool = False  # read PDFs without a text layer through Tesseract (as --ocr)
    backend: str | None = None  # how text is read: "pdfium" or "pdfplumber" (as --backend); None: pdfium
    # which VeriFactu date binds the es pack's tax-QR rules: "corporate-tax" (1 January 2027) or "other"
    # (1 July 2027: IRPF, IRNR with a permanent establishment, entities under attribution of income)
    verifactu_taxpayer: str = "corporate-tax"


# --- loading ---------------------------------------------------------------------------------

CONFIG_NAMES = ("invoice-lint.toml", ".invoice-lint.toml", "pyproject.toml")
_LIST_KEYS = {"select": "select", "extend-select": "extend_select", "ignore": "ignore", "packs": "packs"}
_KNOWN = set(_LIST_KEYS) | {"extend", "per-file-ignores", "severity", "language", "jurisdiction", "thresholds",
                            "preferred-terms", "rejected-terms", "rule-paths", "ignores", "fail-on", "ocr",
                            "backend", "verifactu-taxpayer"}
_IGNORE_KEYS = ("path", "rule", "reason", "text")
SEVERITIES = ("error", "warning", "info")


def _key_line(path: Path, *keys: str) -> str:
    """``file:line`` of the innermost of ``keys`` that can be found (``thresholds`` then a name in it)."""
    import re

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(path)
    for key in reversed(keys):
        pattern = re.compile(rf"(^|[{{,\s.\[\"']){re.escape(key)}[\"']?\s*[=\].]")
        for number, line in enumerate(lines, start=1):
            if pattern.search(line.split("#", 1)[0]):
                return f"{path}:{number}"
    return str(path)


def _value_line(path: Path, value: str, key: str) -> str:
    """``file:line`` of the line printing ``value`` in quotes (after ``key``), else of ``key``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(path)
    start = _key_line(path, key)
    first = int(start.rsplit(":", 1)[1]) if start != str(path) else 1
    for number, line in enumerate(lines[first - 1:], start=first):
        if f'"{value}"' in line or f"'{value}'" in line:
            return f"{path}:{number}"
    return start


def _suggest(word: str, known) -> str:
    """"; did you mean 'x'?" when a known word is close to ``word``, else ""."""
    import difflib

    close = difflib.get_close_matches(str(word), sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _read_table(path: Path) -> dict | None:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _config_error(f"{path}: invalid TOML ({exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _config_error(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("invoice-lint")
    return data


def _config_error(message: str) -> Exception:
    from invoice_lint.foundation.errors import ConfigError  # errors imports nothing heavy; kept local for clarity

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
        raise _config_error(f"--config {explicit}: {'is a folder, not a config file' if explicit.is_dir() else 'no such file'}")
    return _load(path, seen=())


def _as_list(path: Path, key: str, value, *inner: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    name = ".".join((key, *inner))
    raise _config_error(f"{_key_line(path, key, *inner)}: '{name}' must be a string or a list of strings")


def _strict_list(path: Path, key: str, value, *inner: str) -> list[str]:
    """A value that must be a list of strings (a lone string is refused: ``["at once"]``, not ``"at once"``)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    name = ".".join((key, *inner))
    example = f'["{value}"]' if isinstance(value, str) else '["..."]'
    raise _config_error(f"{_key_line(path, key, *inner)}: '{name}' must be a list of strings, such as {example}")


def _table(path: Path, key: str, value, what: str) -> dict:
    if not isinstance(value, dict):
        raise _config_error(f"{_key_line(path, key)}: '{key}' must be a table {what}")
    return value


def _languages() -> list[str]:
    from invoice_lint.foundation.lexicon import available_languages

    return available_languages()


def _check_language(path: Path, key: str, language: str, *inner: str) -> None:
    known = _languages()
    if language.split("-")[0] not in known:
        where = _key_line(path, key, *inner)
        raise _config_error(f"{where}: '{'.'.join((key, *inner)) if inner else key}': unknown language "
                            f"{language!r}{_suggest(language, known)} (known: {', '.join(known)})")


def threshold_names() -> list[str]:
    """Every name ``thresholds`` accepts."""
    return ["supply-gap-days", "readability-min", *(f"readability-min-{lang}" for lang in _languages())]


def _unknown_key_error(path: Path, key: str) -> Exception:
    hint = _suggest(key, _KNOWN)
    if key in ("tool", "invoice-lint") and path.name != "pyproject.toml":
        hint = (f"; {path.name} holds the settings at the top level: drop the "
                f"'[{'tool.invoice-lint' if key == 'tool' else key}]' header (it is only for pyproject.toml)")
    return _config_error(f"{_key_line(path, key)}: unknown key '{key}'{hint} (known: {', '.join(sorted(_KNOWN))})")


def _load(path: Path, seen: tuple[Path, ...]) -> Config:
    path = path.resolve()
    if path in seen:
        raise _config_error(f"{path}: 'extend' forms a cycle ({' -> '.join(str(p) for p in (*seen, path))})")
    table = _read_table(path) or {}
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise _unknown_key_error(path, unknown[0])
    if "extend" in table:
        if not isinstance(table["extend"], str):
            raise _config_error(f"{_key_line(path, 'extend')}: 'extend' must be a path such as \"../base.toml\"")
        base = path.parent / table["extend"]
        if not base.is_file():
            raise _config_error(f"{_key_line(path, 'extend')}: 'extend': {base} does not exist")
        config = _load(base, (*seen, path))
    else:
        config = Config()
    config.source = path
    for key, attr in _LIST_KEYS.items():
        if key in table:
            setattr(config, attr, _as_list(path, key, table[key]))
    if "jurisdiction" in table:
        config.jurisdiction = _as_list(path, "jurisdiction", table["jurisdiction"])
    if "language" in table:
        if not isinstance(table["language"], str):
            raise _config_error(f"{_key_line(path, 'language')}: 'language' must be a string such as \"sr\"")
        _check_language(path, "language", table["language"])
        config.language = table["language"]
    if "per-file-ignores" in table:
        pfi = _table(path, "per-file-ignores", table["per-file-ignores"], 'of glob = [codes]')
        config.per_file_ignores = {k: _as_list(path, "per-file-ignores", v, k) for k, v in pfi.items()}
    if "severity" in table:
        sev = _table(path, "severity", table["severity"], "of rule = error|warning|info")
        for name, level in sev.items():
            if level not in SEVERITIES:
                raise _config_error(f"{_key_line(path, 'severity', name)}: 'severity.{name}' must be error, warning "
                                    f"or info, not {level!r}{_suggest(level, SEVERITIES) if isinstance(level, str) else ''}")
        config.severity = dict(sev)
    if "thresholds" in table:
        th = _table(path, "thresholds", table["thresholds"], "of name = number")
        names = threshold_names()
        for name, value in th.items():
            if name not in names:
                raise _config_error(f"{_key_line(path, 'thresholds', name)}: unknown threshold '{name}'"
                                    f"{_suggest(name, names)} (known: {', '.join(names)})")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise _config_error(f"{_key_line(path, 'thresholds', name)}: 'thresholds.{name}' must be a number, "
                                    f"not {value!r}")
        config.thresholds = dict(th)
    if "rejected-terms" in table:
        rt = _table(path, "rejected-terms", table["rejected-terms"], 'of language = ["phrase", ...]')
        for lang in rt:
            _check_language(path, "rejected-terms", lang, lang)
        config.rejected_terms = {k: _strict_list(path, "rejected-terms", v, k) for k, v in rt.items()}
    if "preferred-terms" in table:
        pt = _table(path, "preferred-terms", table["preferred-terms"], 'of language = { "rejected" = "preferred" }')
        for lang, terms in pt.items():
            _check_language(path, "preferred-terms", lang, lang)
            if not isinstance(terms, dict) or not all(isinstance(v, str) for v in terms.values()):
                raise _config_error(f"{_key_line(path, 'preferred-terms', lang)}: 'preferred-terms.{lang}' must be a "
                                    f'table of "rejected" = "preferred" strings')
        config.preferred_terms = pt
    if "rule-paths" in table:
        config.rule_paths = [(path.parent / p) for p in _as_list(path, "rule-paths", table["rule-paths"])]
        for folder in config.rule_paths:
            if not folder.is_dir():
                raise _config_error(f"{_key_line(path, 'rule-paths')}: 'rule-paths': {folder} is not a folder")
    if "fail-on" in table:
        if table["fail-on"] not in SEVERITIES:
            raise _config_error(f"{_key_line(path, 'fail-on')}: 'fail-on' must be error, warning or info"
                                f"{_suggest(table['fail-on'], SEVERITIES) if isinstance(table['fail-on'], str) else ''}")
        config.fail_on = table["fail-on"]
    if "ocr" in table:
        if not isinstance(table["ocr"], bool):
            raise _config_error(f"{_key_line(path, 'ocr')}: 'ocr' must be true or false, not {table['ocr']!r}")
        config.ocr = table["ocr"]
    if "backend" in table:
        from invoice_lint.extract.pdf import BACKENDS

        if table["backend"] not in BACKENDS:
            value = table["backend"]
            raise _config_error(f"{_key_line(path, 'backend')}: 'backend' must be {' or '.join(BACKENDS)}, not "
                                f"{value!r}{_suggest(value, BACKENDS) if isinstance(value, str) else ''}")
        config.backend = table["backend"]
    if "verifactu-taxpayer" in table:
        value, choices = table["verifactu-taxpayer"], ("corporate-tax", "other")
        if value not in choices:
            raise _config_error(f"{_key_line(path, 'verifactu-taxpayer')}: 'verifactu-taxpayer' must be "
                                f"\"corporate-tax\" or \"other\", not {value!r}"
                                f"{_suggest(value, choices) if isinstance(value, str) else ''}")
        config.verifactu_taxpayer = value
    if "ignores" in table:
        entries = table["ignores"]
        if not isinstance(entries, list):
            raise _config_error(f"{_key_line(path, 'ignores')}: 'ignores' must be an array of tables")
        config.ignores = []
        for entry in entries:
            if not isinstance(entry, dict):
                raise _config_error(f"{_key_line(path, 'ignores')}: every ignore is a table "
                                    f"{{path = ..., rule = ..., reason = ...}}")
            for key in entry:
                if key not in _IGNORE_KEYS:
                    raise _config_error(f"{_key_line(path, 'ignores', key)}: unknown key '{key}' in an ignore"
                                        f"{_suggest(key, _IGNORE_KEYS)} (known: {', '.join(_IGNORE_KEYS)})")
                if not isinstance(entry[key], str):
                    raise _config_error(f"{_key_line(path, 'ignores', key)}: ignore '{key}' must be a string")
            if not entry.get("reason") or not entry.get("path") or not entry.get("rule"):
                raise _config_error(f"{_key_line(path, 'ignores')}: every ignore needs path, rule and a reason")
            config.ignores.append(ExternalIgnore(entry["path"], entry["rule"], entry["reason"], entry.get("text")))
    _check_rules(path, table, config)
    return config


def _check_rules(path: Path, table: dict, config: Config) -> None:
    """Every rule code, prefix or name in this file names a rule (of the built-in packs or the
    config's rule-paths), and every pack exists."""
    keys = ("select", "extend-select", "ignore", "per-file-ignores", "severity", "ignores", "packs", "jurisdiction")
    if not any(k in table for k in keys):
        return
    from invoice_lint.checks.rules import did_you_mean, known_packs, load_catalogue

    catalogue = load_catalogue(tuple(config.rule_paths))
    packs = known_packs(catalogue)
    for key in ("packs", "jurisdiction"):
        for pack in (getattr(config, key) if key in table else []):
            if pack not in packs:
                raise _config_error(f"{_key_line(path, key)}: '{key}': unknown pack '{pack}'{_suggest(pack, packs)} "
                                    f"(known: {', '.join(sorted(packs))})")

    def prefix_ok(selector: str) -> bool:
        s = selector.strip()
        return s.upper() == "ALL" or any(r.name == s.lower() or r.code.upper().startswith(s.upper()) for r in catalogue)

    def exact_ok(selector: str) -> bool:
        s = selector.strip()
        return any(r.name == s.lower() or r.code.upper() == s.upper() for r in catalogue)

    checks: list[tuple[tuple[str, ...], str, bool]] = []
    for key, attr in (("select", "select"), ("extend-select", "extend_select"), ("ignore", "ignore")):
        if key in table:
            checks += [((key, code), code, False) for code in getattr(config, attr)]
    if "per-file-ignores" in table:
        checks += [(("per-file-ignores", glob), code, False) for glob, codes in config.per_file_ignores.items()
                   for code in codes]
    if "severity" in table:
        checks += [(("severity", name), name, False) for name in config.severity]
    if "ignores" in table:
        checks += [(("ignores", ig.rule), ig.rule, True) for ig in config.ignores]
    for keys_, code, exact in checks:
        if not (exact_ok(code) if exact else prefix_ok(code)):
            what = "rule code or name" if exact else "rule code, prefix or name"
            raise _config_error(f"{_value_line(path, code, keys_[0])}: '{keys_[0]}': unknown {what} '{code}'"
                                f"{did_you_mean(code, catalogue)} (see `invoice-lint rules`)")

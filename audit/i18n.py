"""Every fixed word of the audit report comes from ``rules/report/<language>.yaml``.

A new report language is a new data file.  Keys are dotted paths into the YAML; values are
``str.format`` templates with named fields.  A missing key is an error, never a silent fallback
to English.  Numbers are formatted for the report's locale (babel).
"""
from __future__ import annotations

import functools
import re
import string
from importlib import resources
from pathlib import Path

from invoice_lint.foundation.errors import ConfigError, UserError
from invoice_lint.foundation.yaml_loader import safe_load


def report_dir() -> Path:
    return Path(str(resources.files("invoice_lint.rules").joinpath("report")))


def available_languages() -> list[str]:
    return sorted(p.stem for p in report_dir().glob("*.yaml"))


def flatten(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        else:
            out[path] = str(value)
    return out


@functools.cache
def load_texts(language: str) -> dict[str, str]:
    path = report_dir() / f"{language}.yaml"
    if not path.is_file():
        raise UserError(f"--report-language {language}: no report texts (available: "
                        f"{', '.join(available_languages())})")
    data = safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    texts = flatten(data)
    if language != REFERENCE:
        _check_against_reference(path, texts, load_texts(REFERENCE))
    return texts


REFERENCE = "en"  # every report language has exactly the keys and placeholders of rules/report/en.yaml
_PLACEHOLDER = re.compile(r"{(\w+)")


def _check_against_reference(path: Path, texts: dict[str, str], reference: dict[str, str]) -> None:
    """The schema of a report language: the reference file's keys (an unknown or misspelt key, or a
    missing one, is an error naming the file and the key) and, per key, the same placeholders."""
    unknown = sorted(set(texts) - set(reference))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (not in rules/report/{REFERENCE}.yaml)")
    missing = sorted(set(reference) - set(texts))
    if missing:
        raise ConfigError(f"{path}: missing key {missing[0]!r} (every key of rules/report/{REFERENCE}.yaml is needed)")
    for key, value in reference.items():
        want, have = set(_PLACEHOLDER.findall(value)), set(_PLACEHOLDER.findall(texts[key]))
        if key != "meta.locale" and want != have:
            raise ConfigError(f"{path}: {key}: placeholders {{{', '.join(sorted(have))}}} differ from "
                              f"rules/report/{REFERENCE}.yaml's {{{', '.join(sorted(want))}}}")


class _Numbers(string.Formatter):
    """str.format with locale-aware numbers: ints grouped, floats per the format spec."""

    def __init__(self, locale: str):
        self.locale = locale

    def format_field(self, value, format_spec):
        from babel.numbers import format_decimal

        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)  # text, or "—" for a figure that could not be computed
        if isinstance(value, int):
            return format_decimal(value, format="#,##0", locale=self.locale)
        digits = int(format_spec[1:-1]) if format_spec.startswith(".") and format_spec.endswith("f") else 1
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale)


class Texts:
    """``texts("summary.title")`` or ``texts("summary.invoices", count=3)``."""

    def __init__(self, language: str):
        self.language = language
        self.strings = load_texts(language)
        self.locale = self.strings.get("meta.locale", language)
        self.used: set[str] = set()
        self._formatter = _Numbers(self.locale)

    def __call__(self, key: str, **params) -> str:
        try:
            template = self.strings[key]
        except KeyError:
            raise KeyError(f"report text {key!r} is missing from rules/report/{self.language}.yaml") from None
        self.used.add(key)
        return self._formatter.format(template, **params) if params else template

    def has(self, key: str) -> bool:
        return key in self.strings

    def number(self, value, digits: int = 1) -> str:
        return self._formatter.format_field(value, f".{digits}f" if isinstance(value, float) else "")

    def money(self, value) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.00", locale=self.locale)

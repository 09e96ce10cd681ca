"""The per-language label lexicon, kept as data in ``rules/lexicon/<lang>.yaml``.

A new language is a new YAML file: nothing here names a language.  Phrases are folded
(see ``text.fold``) once at load time, so matching is case-, script- and accent-insensitive.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from invoice_lint.errors import ConfigError
from invoice_lint.fields.text import fold


@dataclass
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
    source: Path | None = None

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


@functools.lru_cache(maxsize=None)
def load_lexicon(language: str) -> Lexicon:
    base = language.split("-")[0]
    path = _lexicon_dir() / f"{base}.yaml"
    if not path.exists():
        raise ConfigError(f"no lexicon for language {language!r} (known: {', '.join(available_languages())})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    style = data.get("number_style") or {}
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
        source=path,
    )


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching any of the folded phrases on word boundaries, longest first."""
    if not phrases:
        return re.compile(r"(?!x)x")
    alts = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![\w]){'(?:' + alts + ')'}(?![\w])")

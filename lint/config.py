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

"""Reporters: one module per output format, each ``render(run: RunReport) -> str``."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from invoice_lint.foundation.model import Finding
from invoice_lint.foundation.paths import relative as relative  # the reporters import it from here

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
MACHINE_FORMATS = {"json", "sarif", "junit", "gitlab"}


@dataclass
class RunReport:
    findings: list[Finding]
    files: list[str]  # every input file considered, readable or not
    rules: list  # the selected Rule objects
    unreadable: int = 0
    exit_code: int = 0
    color: bool = False
    notes: list[str] = field(default_factory=list)  # e.g. unused ignores
    packs: list[str] = field(default_factory=list)  # the active packs, and "+CODE" for a rule named from another


def fingerprint(finding: Finding) -> str:
    """Stable across runs and layout changes: path + rule + matched text, never coordinates."""
    key = f"{relative(finding.path)}\0{finding.code}\0{' '.join(finding.snippet.split())}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def render(fmt: str, run: RunReport) -> str:
    import importlib

    return importlib.import_module(f"invoice_lint.report.{fmt}_format").render(run)

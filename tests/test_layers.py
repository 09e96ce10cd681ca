"""Data flows one way (docs/architecture.md): every import of the package, read with ast from the
source of every module (module level, inside functions and under TYPE_CHECKING alike), goes from a
layer to the same layer or an earlier one.  An import into a later layer is a back edge and fails,
named with its file and line.

The folders are read from setup.py's package mapping, so a new folder or module is found without
editing this test; one that belongs to no layer fails until it is given one below.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

# Earliest first.  A module belongs to the layer of its longest listed prefix.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("invoice_lint", "invoice_lint.foundation", "invoice_lint.rules")),
    ("extract", ("invoice_lint.extract", "invoice_lint.einvoice")),
    ("fields", ("invoice_lint.fields",)),
    ("checks", ("invoice_lint.config", "invoice_lint.checks", "invoice_lint.baseline")),
    ("run", ("invoice_lint.pipeline", "invoice_lint.runner", "invoice_lint.cluster", "invoice_lint.cache",
             "invoice_lint.checking")),
    ("report", ("invoice_lint.report",)),
    ("analytics", ("invoice_lint.analytics",)),
    ("consumers", ("invoice_lint.billing", "invoice_lint.audit", "invoice_lint.dashboard")),
    # the command line, and languages_doc (python -m: docs/languages.md from the lexicons, packs and report texts)
    ("cli", ("invoice_lint.cli", "invoice_lint.__main__", "invoice_lint.commands", "invoice_lint.languages_doc")),
]
RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}


def package_folders() -> dict[str, Path]:
    """setup.py's TOP mapping (import name -> folder), read without running setup.py."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "TOP" for t in node.targets):
            return {name: ROOT / folder for name, folder in ast.literal_eval(node.value).items()}
    raise AssertionError("setup.py has no TOP = {import name: folder} mapping")


def modules() -> dict[str, Path]:
    """Every module of the package: import name -> source file (a folder mapped by a more specific
    entry of TOP is that entry's, never its parent's)."""
    top = package_folders()
    found: dict[str, Path] = {}
    for name, folder in top.items():
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if "__pycache__" in parts or not (path.parent / "__init__.py").exists():
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            full = ".".join([name, *parts])
            owner = max((n for n in top if full == n or full.startswith(n + ".")), key=len)
            if owner == name:
                found[full] = path
    return found


def layer_of(module: str) -> str | None:
    best, layer = "", None
    for name, prefixes in LAYERS:
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > len(best):
                best, layer = prefix, name
    # the package's own __init__ is the foundation; its submodules are not, unless listed
    if best == "invoice_lint" and module != "invoice_lint":
        return None
    return layer


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    path: Path
    line: int

    def __str__(self) -> str:
        return (f"{self.source} ({self.path.relative_to(ROOT)}:{self.line}, layer {layer_of(self.source)}) imports "
                f"{self.target} (layer {layer_of(self.target)})")


def imports(name: str, path: Path, known: dict[str, Path], source: str | None = None) -> list[Edge]:
    """The package modules ``name`` (whose file is ``path``) imports, each with the line of its import."""
    is_package = path.name == "__init__.py"
    source = path.read_text(encoding="utf-8") if source is None else source
    edges = []
    for node in ast.walk(ast.parse(source, str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from package import submodule` imports the submodule
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        for target in targets:
            if target == "invoice_lint" or target.startswith("invoice_lint."):
                edges.append(Edge(name, target, path, node.lineno))
    return sorted(edges, key=lambda e: e.line)


def all_edges() -> list[Edge]:
    known = modules()
    return [edge for name, path in known.items() for edge in imports(name, path, known)]


def test_every_module_belongs_to_a_layer():
    known = modules()
    assert len(known) > 100, f"found only {len(known)} modules: is setup.py's TOP mapping read right?"
    missing = sorted(m for m in known if layer_of(m) is None)
    assert not missing, ("modules in no layer (add them to LAYERS in tests/test_layers.py and to the table in "
                         "docs/architecture.md): " + ", ".join(missing))


def test_imports_go_to_the_same_or_an_earlier_layer():
    back = [e for e in all_edges()
            if layer_of(e.source) and layer_of(e.target) and RANK[layer_of(e.target)] > RANK[layer_of(e.source)]]
    assert not back, ("imports from a later layer into an earlier one (data flows one way: "
                      + " -> ".join(name for name, _ in LAYERS) + "; docs/architecture.md):\n  "
                      + "\n  ".join(str(e) for e in back))


def test_the_walk_sees_back_edges_where_they_hide():
    """A lazy import inside a function, a relative import and a `from package import module` count."""
    known = modules()
    catalogue = known["invoice_lint.checks.catalogue"]
    source = ("from __future__ import annotations\n"
              "def document(rule):\n    from invoice_lint.commands.rule import run\n    return run\n"
              "from ..commands import rule\n"
              "from invoice_lint import cli\n")
    edges = imports("invoice_lint.checks.catalogue", catalogue, known, source)
    assert [(e.target, e.line) for e in edges] == [("invoice_lint.commands.rule", 3),
                                                   ("invoice_lint.commands.rule", 5), ("invoice_lint.cli", 6)]
    assert all(RANK[layer_of(e.target)] > RANK[layer_of(e.source)] for e in edges)
    assert str(edges[0]).startswith("invoice_lint.checks.catalogue (lint/checks/catalogue.py:3, layer checks) "
                                    "imports invoice_lint.commands.rule (layer cli)")

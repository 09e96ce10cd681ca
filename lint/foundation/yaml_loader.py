"""YAML read with libyaml's parser when PyYAML has it (about 10x faster than the pure-Python
one on the lexicons and rule packs, which every run reads), the pure-Python parser otherwise.

Both build the same data: the constructor and the resolver (which strings become dates,
numbers, booleans) are PyYAML's own safe ones either way; only the parsing differs, and
libyaml also refuses nesting deeper than 1000 levels where the pure parser hits Python's
recursion limit."""
from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """``yaml.safe_load`` with the faster parser."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader

"""Baselines: accept today's findings, fail on new ones, and let the list only shrink.

Entries are keyed by file + rule + matched text (never page coordinates, which move when a
template is re-laid out) and carry a count.  A baseline entry that no longer matches anything
is *stale*: the run fails until it is removed, so fixed problems cannot silently come back.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from invoice_lint import __version__
from invoice_lint.foundation.errors import UserError
from invoice_lint.foundation.model import Finding
from invoice_lint.foundation.paths import relative


def _key(f: Finding) -> tuple[str, str, str]:
    return (relative(f.path), f.code, " ".join(f.snippet.split()))


def write_baseline(path: Path, findings: list[Finding]) -> int:
    counts = Counter(_key(f) for f in findings)
    entries = [{"path": p, "rule": code, "text": text, "count": n} for (p, code, text), n in sorted(counts.items())]
    path.write_text(json.dumps({"schema_version": 1, "tool": {"name": "invoice-lint", "version": __version__},
                                "entries": entries}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(entries)


def apply_baseline(path: Path, findings: list[Finding]) -> tuple[list[Finding], list[dict]]:
    """Return the findings not covered by the baseline, and the stale baseline entries."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["entries"]
        remaining = Counter({(e["path"], e["rule"], e["text"]): int(e["count"]) for e in entries})
    except FileNotFoundError:
        raise UserError(f"{path}: baseline file does not exist (create it with --write-baseline)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{path}: not an invoice-lint baseline ({exc})") from None
    kept = []
    for f in findings:
        key = _key(f)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(f)
    stale = [{"path": p, "rule": r, "text": t, "count": n} for (p, r, t), n in remaining.items() if n > 0]
    return kept, stale

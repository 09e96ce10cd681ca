"""Versioned JSON (schema_version 1), documented in docs/output-formats.md."""
from __future__ import annotations

import json
from collections import Counter

from invoice_lint import __version__
from invoice_lint.report import RunReport, fingerprint, relative


def render(run: RunReport) -> str:
    counts = Counter(f.severity for f in run.findings)
    payload = {
        "schema_version": 1,
        "tool": {"name": "invoice-lint", "version": __version__},
        "files": [relative(p) for p in run.files],
        "findings": [
            {"code": f.code, "rule": f.rule, "severity": f.severity, "message": f.message, "path": relative(f.path),
             "page": f.page, "line": f.line, "bbox": [round(v, 2) for v in f.bbox] if f.bbox else None,
             "snippet": f.snippet, "pack": f.pack, "basis": f.basis, "fingerprint": fingerprint(f)}
            for f in run.findings
        ],
        "summary": {"files": len(run.files), "unreadable": run.unreadable, "findings": len(run.findings),
                    "errors": counts["error"], "warnings": counts["warning"], "info": counts["info"],
                    "exit_code": run.exit_code, "notes": run.notes, "packs": run.packs},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

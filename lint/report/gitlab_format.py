"""GitLab Code Quality report: a JSON array, no byte-order mark."""
from __future__ import annotations

import json

from invoice_lint.report import RunReport, fingerprint, relative

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(run: RunReport) -> str:
    return json.dumps([
        {"description": f"{f.code} {f.message}", "check_name": f.rule, "fingerprint": fingerprint(f),
         "severity": _SEVERITY[f.severity],
         "location": {"path": relative(f.path), "lines": {"begin": f.line or 1}}}
        for f in run.findings
    ], ensure_ascii=False, indent=2) + "\n"

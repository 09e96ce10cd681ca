"""SARIF 2.1.0 for GitHub code scanning: rules metadata with help, results with
partialFingerprints (a PDF has no text lines for GitHub to hash)."""
from __future__ import annotations

import json

from invoice_lint import __version__
from invoice_lint.checks.rules import describe
from invoice_lint.report import RunReport, fingerprint, relative

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _help(rule) -> dict:
    text = f"{rule.rationale}\n\nExample: {rule.example}\nUse instead: {rule.use_instead}\nBasis: {rule.basis}"
    md = (f"**Why it matters** — {rule.rationale}\n\n**Example** — {rule.example}\n\n"
          f"**Use instead** — {rule.use_instead}\n\n**Basis** — {rule.basis}")
    return {"text": text, "markdown": md}


def render(run: RunReport) -> str:
    rules = sorted(run.rules, key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for f in run.findings:
        result = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": relative(f.path).replace("\\", "/"), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": f.line or 1},
            }}],
            "partialFingerprints": {"invoiceLint/v1": fingerprint(f)},
            "properties": {"rule": f.rule, "page": f.page, "snippet": f.snippet},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "invoice-lint",
                "version": __version__,
                "informationUri": "https://github.com/invoice-lint/invoice-lint",
                "rules": [{
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": describe(r.message, r.name)},
                    "fullDescription": {"text": r.rationale},
                    "help": _help(r),
                    "defaultConfiguration": {"level": _LEVEL[r.severity]},
                    "properties": {"packs": list(r.packs), "basis": r.basis},
                } for r in rules],
            }},
            "invocations": [{"executionSuccessful": run.exit_code != 2, "exitCode": run.exit_code}],
            "results": results,
        }],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"

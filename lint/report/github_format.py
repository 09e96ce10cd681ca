"""GitHub Actions workflow commands, plus a Markdown summary appended to
$GITHUB_STEP_SUMMARY (GitHub shows only 10 annotations per level per step)."""
from __future__ import annotations

import os
from collections import Counter

from invoice_lint.report import RunReport, relative

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def summary(run: RunReport) -> str:
    lines = ["## invoice-lint", ""]
    if not run.findings:
        lines.append(f"All checks passed ({len(run.files)} files).")
        return "\n".join(lines) + "\n"
    lines += ["| rule | severity | count |", "|---|---|---|"]
    for (code, rule, sev), n in Counter((f.code, f.rule, f.severity) for f in run.findings).most_common():
        lines.append(f"| `{code}` {rule} | {sev} | {n} |")
    lines += ["", "| file | page | rule | message |", "|---|---|---|---|"]
    for f in run.findings:
        msg = f.message.replace("|", "\\|")
        lines.append(f"| {relative(f.path)} | {f.page or ''} | `{f.code}` | {msg} |")
    return "\n".join(lines) + "\n"


def render(run: RunReport) -> str:
    out = []
    for f in run.findings:
        props = f"file={escape_property(relative(f.path))},line={f.line or 1},title={escape_property(f.code + ' ' + f.rule)}"
        page = f" (page {f.page})" if f.page else ""
        out.append(f"::{_LEVEL[f.severity]} {props}::{escape_data(f.message + page)}")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(summary(run))
    return "\n".join(out) + ("\n" if out else "")

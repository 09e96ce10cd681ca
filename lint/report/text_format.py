"""Human output: findings grouped by file, colour on a terminal, a summary line."""
from __future__ import annotations

from collections import Counter

from invoice_lint.report import RunReport, relative

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m", "dim": "\033[2m",
           "reset": "\033[0m"}


def render(run: RunReport) -> str:
    c = _COLORS if run.color else {k: "" for k in _COLORS}
    out: list[str] = []
    by_file: dict[str, list] = {}
    for f in run.findings:
        by_file.setdefault(f.path, []).append(f)
    for path, findings in by_file.items():
        out.append(f"{c['bold']}{relative(path)}{c['reset']}")
        for f in findings:
            where = f"{f.page or '-'}:{f.line or '-'}"
            out.append(f"  {where:<8} {f.code:<7} {c[f.severity]}{f.severity:<7}{c['reset']} {f.message}"
                       f"  {c['dim']}[{f.rule}]{c['reset']}")
            if f.snippet:
                out.append(f"           {c['dim']}│ {f.snippet[:100]}{c['reset']}")
        out.append("")
    out += run.notes
    counts = Counter(f.severity for f in run.findings)
    files = len({f.path for f in run.findings})
    if run.findings:
        parts = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
                          for s in ("error", "warning", "info") if counts[s])
        summary = f"Found {len(run.findings)} problem{'s' if len(run.findings) != 1 else ''} ({parts}) in {files} " \
                  f"file{'s' if files != 1 else ''} of {len(run.files)} checked."
    else:
        summary = f"All checks passed ({len(run.files)} file{'s' if len(run.files) != 1 else ''} checked)."
    if run.unreadable:
        summary += f" {run.unreadable} file{'s' if run.unreadable != 1 else ''} could not be read."
    if run.packs:
        summary += f" Rule packs: {packs_phrase(run.packs)}."
    out.append(summary)
    return "\n".join(out) + "\n"


def statistics(run: RunReport) -> str:
    counts = Counter((f.code, f.rule, f.severity) for f in run.findings)
    lines = [f"{n:>5}  {code:<7} {rule:<28} {severity}" for (code, rule, severity), n in counts.most_common()]
    return "\n".join(lines) + ("\n" if lines else "")


def packs_phrase(packs: list[str]) -> str:
    """``core, style`` or ``core, style, plus REQ010`` (a rule named exactly from another pack)."""
    active = [p for p in packs if not p.startswith("+")]
    extra = [p[1:] for p in packs if p.startswith("+")]
    return ", ".join(active) + (f", plus {', '.join(extra)}" if extra else "")

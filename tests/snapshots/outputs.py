"""What the snapshot test compares: `check --format json` on the samples and on the shared corpus,
and `analyze --format json` (plus its traits table) on the demo, run through the real CLI and
reduced to what a reader of the report sees, with machine-specific parts taken out (absolute paths,
the version, floats past 4 significant digits).

A refactor must leave these outputs unchanged.  A change meant to change them (reading, fields,
rules, analytics) regenerates them with ``python tests/snapshots/update.py`` and commits the JSON
together with the change, so the diff shows what it changed.
"""
from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parent
SAMPLES = ROOT / "sample_invoices"
CORPUS = ROOT.parent / "shared" / "corpus"
UPDATE = "python tests/snapshots/update.py"
# The analysis: a fixed seed and the smallest bootstrap the CLI accepts (the intervals still
# come from a seeded resampling, so they are reproducible).
ANALYZE_OPTIONS = ["--bootstrap", "100", "--seed", "0"]
# The effect and survey-effect keys kept: the estimates and counts a reader acts on.
EFFECT_KEYS = ("trait", "level", "reference", "kind", "n_with", "n_without", "events_with",
               "events_without", "median_days_with", "median_days_without", "effect_days", "ci_low",
               "ci_high", "hazard_ratio", "late_share_difference", "flags", "significant")
SURVEY_EFFECT_KEYS = ("question", "trait", "level", "reference", "n_with", "n_without", "mean_with",
                      "mean_without", "mean_difference", "ci_low", "ci_high")
THEME_KEYS = ("language", "theme", "comments", "share")


def _cli(*args: str, cwd: Path = ROOT) -> str:
    env = dict(os.environ, COLUMNS="200")
    done = subprocess.run([sys.executable, "-m", "invoice_lint", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)
    # 2 with a report: some input was unreadable, which the report (and so the snapshot) shows
    if done.returncode not in (0, 1) and not (done.returncode == 2 and done.stdout.strip()):
        raise RuntimeError(f"invoice-lint {' '.join(args)} exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _round(value):
    """Floats to 4 significant digits (the last digits of a bootstrap or a fit are noise), recursively."""
    if isinstance(value, float):
        if not math.isfinite(value) or value == 0:
            return value
        return float(f"{value:.4g}")
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def _relative(path: str, root: Path, label: str) -> str:
    absolute = Path(path) if Path(path).is_absolute() else (ROOT / path)
    try:
        return f"{label}/{absolute.resolve().relative_to(root.resolve()).as_posix()}"
    except ValueError:
        return path


def _finding_line(finding: dict) -> str:
    """One finding as one line: where, which rule, what it says, what it matched."""
    where = f"p{finding.get('page')}" + (f":l{finding['line']}" if finding.get("line") is not None else "")
    bbox = finding.get("bbox")
    if bbox:
        where += " [" + ",".join(f"{round(v)}" for v in bbox) + "]"
    line = f"{where} {finding['code']} {finding['severity']}: {finding['message']}"
    if finding.get("snippet") and finding["snippet"] not in finding["message"]:
        line += f" | {finding['snippet']}"
    return line


def check_snapshot(folder: Path, label: str) -> dict:
    """`invoice-lint check --format json FOLDER`, findings grouped by file, paths relative to FOLDER."""
    report = json.loads(_cli("check", "--format", "json", "--no-cache", "--no-progress", "--exit-zero",
                             str(folder)))
    findings: dict[str, list[str]] = {}
    for finding in report["findings"]:
        findings.setdefault(_relative(finding["path"], folder, label), []).append(_finding_line(finding))
    summary = dict(report["summary"])
    return {"command": f"invoice-lint check --format json {label}/",
            "summary": summary,
            "files": [_relative(p, folder, label) for p in report["files"]],
            "findings": {path: sorted(lines) for path, lines in sorted(findings.items())}}


def analyze_snapshot() -> dict:
    """`invoice-lint analyze` on the demo (payments and survey): counts, traits per invoice, effects."""
    with tempfile.TemporaryDirectory(prefix="invoice-lint-snapshot-") as tmp:
        out = Path(tmp) / "analysis"
        report = json.loads(_cli("analyze", str(SAMPLES), "--payments", str(SAMPLES / "payments.csv"),
                                 "--survey", str(SAMPLES / "survey.csv"), "--format", "json", "--no-cache",
                                 "--no-progress", "-o", str(out), *ANALYZE_OPTIONS))
        with open(out / "traits.csv", newline="", encoding="utf-8") as handle:
            traits = {row.pop("file"): row for row in csv.DictReader(handle)}
    inputs = {k: v for k, v in report["inputs"].items() if k not in ("invoices", "payments", "survey")}
    invoices = {k: v for k, v in report["invoices"].items() if k != "folder"}
    survey = report.get("survey") or {}
    return _round({
        "command": "invoice-lint analyze sample_invoices/ --payments payments.csv --survey survey.csv "
                   + " ".join(ANALYZE_OPTIONS),
        "inputs": inputs,
        "rows": report["rows"],
        "invoices": invoices,
        "traits": report["traits"],
        "traits_table": dict(sorted(traits.items())),
        "effects": [{k: e.get(k) for k in EFFECT_KEYS} for e in report["effects"]],
        "survey": {"rows": survey.get("rows"),
                   "effects": [{k: e.get(k) for k in SURVEY_EFFECT_KEYS} for e in survey.get("effects", [])],
                   "themes": [{k: t.get(k) for k in THEME_KEYS} for t in survey.get("themes", [])]},
        "kpis": report["kpis"],
    })


# name -> (how to produce it, whether it needs the shared corpus)
SNAPSHOTS_PRODUCED = {
    "check-samples": (lambda: check_snapshot(SAMPLES, "sample_invoices"), False),
    "check-corpus": (lambda: check_snapshot(CORPUS, "corpus"), True),
    "analyze-demo": (analyze_snapshot, False),
}


def path_of(name: str) -> Path:
    return SNAPSHOTS / f"{name}.json"


def dumps(snapshot: dict) -> str:
    return json.dumps(snapshot, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

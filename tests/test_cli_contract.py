"""The user-error contract of every command, through the real CLI (`python -m invoice_lint`).

A matrix of bad options and unwritable outputs, for extract, check, rules, rule, analyze,
dashboard, audit and experiment.  Each must: exit 2, print exactly one line on stderr naming the problem
(the option or the path), print no traceback, and write nothing — not the named output, not a
folder for it, nothing anywhere else in the work folder.

The output rule (README, docs/architecture.md): an output file's folder must already exist;
invoice-lint never creates folders you did not name.  `analyze -o DIR` names a folder: DIR is
created when missing, its parent must exist.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, require_shared

PDF = "a.pdf"
LEDGER = "payments.csv"

# (id, argv — paths relative to the work folder, what stderr must name)
CASES = [
    # the command line itself
    ("no-command", [], "name a command: extract, check"),
    ("unknown-command", ["nope"], "invalid choice: 'nope'"),
    ("unknown-option", ["check", PDF, "--bogus"], "unrecognized arguments: --bogus"),
    # extract
    ("extract-o-missing-folder", ["extract", PDF, "-o", "missing/fields.json"], "missing does not exist"),
    ("extract-o-is-folder", ["extract", PDF, "-o", "existing"], "existing: is a folder"),
    ("extract-o-under-a-file", ["extract", PDF, "-o", "notes.txt/fields.json"], "notes.txt is not a folder"),
    ("extract-o-unwritable", ["extract", PDF, "-o", "/proc/invoice-lint-fields.json"], "/proc/invoice-lint-fields.json"),
    ("extract-o-is-input", ["extract", PDF, "-o", PDF], "is one of the input files"),
    ("extract-time-limit-negative", ["extract", PDF, "--time-limit", "-5"], "--time-limit"),
    ("extract-time-limit-zero", ["extract", PDF, "--time-limit", "0"], "--time-limit"),
    ("extract-time-limit-text", ["extract", PDF, "--time-limit", "soon"], "--time-limit"),
    ("extract-format", ["extract", PDF, "--output-format", "xml"], "--output-format"),
    ("extract-language", ["extract", PDF, "--language", "xx"], "--language: unknown language 'xx'"),
    # check
    ("check-o-missing-folder", ["check", PDF, "-o", "missing/report.sarif"], "missing does not exist"),
    ("check-o-is-folder", ["check", PDF, "-o", "existing"], "existing: is a folder"),
    ("check-o-unwritable", ["check", PDF, "-o", "/proc/invoice-lint-report.txt"], "/proc/invoice-lint-report.txt"),
    ("check-o-is-input", ["check", PDF, "-o", PDF], "is one of the input files"),
    ("check-write-baseline-missing-folder", ["check", PDF, "--write-baseline", "missing/b.json"],
     "--write-baseline missing/b.json"),
    ("check-write-baseline-is-folder", ["check", PDF, "--write-baseline", "existing"], "existing: is a folder"),
    ("check-baseline-missing", ["check", PDF, "--baseline", "nope.json"], "--baseline nope.json: no such file"),
    ("check-max-warnings-negative", ["check", PDF, "--max-warnings", "-1"], "--max-warnings"),
    ("check-max-warnings-text", ["check", PDF, "--max-warnings", "many"], "--max-warnings"),
    ("check-select-unknown", ["check", PDF, "--select", "REQ03"], "REQ03"),
    ("check-fail-on", ["check", PDF, "--fail-on", "fatal"], "--fail-on"),
    ("check-format", ["check", PDF, "--output-format", "xml"], "--output-format"),
    ("check-config-missing", ["check", PDF, "--config", "nope.toml"], "nope.toml"),
    ("check-jurisdiction", ["check", PDF, "--jurisdiction", "atlantis"], "atlantis"),
    ("check-language", ["check", PDF, "--language", "xx"], "--language: unknown language 'xx'"),
    ("check-config-is-folder", ["check", PDF, "--config", "existing"], "--config existing: is a folder"),
    # rules / rule
    ("rules-pack", ["rules", "--pack", "atlantis"], "atlantis"),
    ("rules-format", ["rules", "--output-format", "xml"], "--output-format"),
    ("rule-unknown", ["rule", "missing-due"], "did you mean"),
    # analyze
    ("analyze-payments-missing", ["analyze", "--payments", "nope.csv"], "--payments nope.csv"),
    ("analyze-payments-required", ["analyze"], "--payments"),
    ("analyze-o-missing-parent", ["analyze", "--payments", LEDGER, "-o", "missing/out"], "missing does not exist"),
    ("analyze-out-is-file", ["analyze", "--payments", LEDGER, "--out", "notes.txt"], "notes.txt: is a file"),
    ("analyze-bootstrap", ["analyze", "--payments", LEDGER, "--bootstrap", "5"], "--bootstrap"),
    ("analyze-seed", ["analyze", "--payments", LEDGER, "--seed", "-1"], "--seed"),
    ("analyze-format", ["analyze", "--payments", LEDGER, "--output-format", "xml"], "--output-format"),
    ("analyze-as-of", ["analyze", "--payments", LEDGER, "--as-of", "2026-13-01"], "--as-of"),
    ("analyze-language", ["analyze", "--payments", LEDGER, "--language", "xx"], "--language: unknown language 'xx'"),
    ("analyze-invoices-missing", ["analyze", "nowhere", "--payments", LEDGER], "nowhere: no such folder"),
    ("analyze-config-missing", ["analyze", "invoices", "--payments", LEDGER, "--config", "nope.toml"],
     "--config nope.toml: no such file"),
    ("analyze-config-without-invoices", ["analyze", "--payments", LEDGER, "--config", "notes.txt"],
     "--config notes.txt: needs INVOICES_DIR"),
    # dashboard (every case fails before a server starts)
    ("dashboard-port-zero", ["dashboard", "--port", "0"], "--port"),
    ("dashboard-port-high", ["dashboard", "--port", "70000"], "--port"),
    ("dashboard-port-text", ["dashboard", "--port", "http"], "--port"),
    ("dashboard-data-missing", ["dashboard", "nowhere"], "nowhere: no such file or folder"),
    # audit
    ("audit-o-missing-folder", ["audit", "invoices", "-o", "missing/report.html"], "missing does not exist"),
    ("audit-o-is-folder", ["audit", "invoices", "-o", "existing"], "existing: is a folder"),
    ("audit-o-unwritable", ["audit", "invoices", "-o", "/proc/invoice-lint-audit.html"],
     "/proc/invoice-lint-audit.html"),
    ("audit-o-over-an-input", ["audit", "invoices", "-o", "invoices/b.pdf"], "invoices/b.pdf"),
    ("audit-bootstrap", ["audit", "invoices", "-o", "report.html", "--bootstrap", "5"], "--bootstrap"),
    ("audit-report-language", ["audit", "invoices", "-o", "report.html", "--report-language", "xx"],
     "--report-language xx"),
    ("audit-folder-missing", ["audit", "nowhere", "-o", "report.html"], "nowhere: no such folder"),
    ("audit-payments-missing", ["audit", "invoices", "-o", "report.html", "--payments", "nope.csv"],
     "--payments nope.csv"),
    ("audit-language", ["audit", "invoices", "-o", "report.html", "--language", "xx"], "--language: unknown language 'xx'"),
    ("audit-format", ["audit", "invoices", "-o", "report.html", "--output-format", "docx"], "--output-format"),
    ("audit-assignment-needs-payments", ["audit", "invoices", "-o", "report.html", "--assignment", LEDGER],
     "--assignment needs --payments"),
    # experiment
    ("experiment-no-action", ["experiment"], "ACTION"),
    ("experiment-plan-o-missing-folder", ["experiment", "plan", "--variants", "A,B", "--clients", LEDGER, "-o",
                                          "missing/a.csv"], "missing does not exist"),
    ("experiment-plan-o-is-input", ["experiment", "plan", "--variants", "A,B", "--clients", LEDGER, "-o", LEDGER],
     "is one of the input files"),
    ("experiment-plan-one-variant", ["experiment", "plan", "--variants", "A", "--clients", LEDGER, "-o", "a.csv"],
     "at least two variants"),
    ("experiment-plan-stratify", ["experiment", "plan", "--variants", "A,B", "--clients", LEDGER, "--stratify",
                                  "colour", "-o", "a.csv"], "--stratify colour"),
    ("experiment-plan-template-missing", ["experiment", "plan", "--variants", "A,B=nope.pdf", "--clients", LEDGER,
                                          "-o", "a.csv"], "nope.pdf: no such file"),
    ("experiment-power-effect", ["experiment", "power", "--payments", LEDGER, "--effect", "soon"], "--effect"),
    ("experiment-power-alpha", ["experiment", "power", "--payments", LEDGER, "--effect", "3d", "--alpha", "2"],
     "--alpha"),
    ("experiment-analyze-assignment-missing", ["experiment", "analyze", "--assignment", "nope.csv", "--payments",
                                               LEDGER], "--assignment nope.csv: no such file"),
    ("experiment-analyze-o-missing-parent", ["experiment", "analyze", "--assignment", LEDGER, "--payments", LEDGER,
                                             "-o", "missing/out"], "missing does not exist"),
    # (the analysis options are checked before the assignment is read, as analyze checks them)
    ("experiment-analyze-date-format", ["experiment", "analyze", "--assignment", LEDGER, "--payments", LEDGER,
                                        "--date-format", "xyz"], "--date-format 'xyz'"),
]


def _tree(root: Path) -> dict[str, tuple]:
    """Every file and folder under ``root`` with its size and modification time."""
    out = {}
    for path in sorted(root.rglob("*")):
        stat = path.lstat()
        out[str(path.relative_to(root))] = (path.is_dir(), stat.st_size, stat.st_mtime_ns)
    return out


@pytest.fixture
def work(tmp_path) -> Path:
    root = tmp_path / "work"
    (root / "existing").mkdir(parents=True)
    (root / "invoices").mkdir()
    (root / PDF).write_bytes((SAMPLES / "en-01-bordered-clean.pdf").read_bytes())
    (root / "invoices" / "b.pdf").write_bytes((SAMPLES / "en-02-plain-terms.pdf").read_bytes())
    (root / "notes.txt").write_text("not a folder\n")
    lines = (SAMPLES / LEDGER).read_text(encoding="utf-8").splitlines()[:60]
    (root / LEDGER).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("argv, names", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_usage_is_one_line_exit_2_and_writes_nothing(work, tmp_path, argv, names):
    before = _tree(work)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "CI": "true", "INVOICE_LINT_DATA": ""}
    result = subprocess.run([sys.executable, "-m", "invoice_lint", *argv], capture_output=True, text=True,
                            cwd=work, env=env, timeout=300)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    assert names in lines[0], lines[0]
    assert lines[0].startswith("invoice-lint")
    assert _tree(work) == before, "something was written"
    assert not Path("/proc/invoice-lint-fields.json").exists()


def test_analyze_o_creates_only_the_named_folder(work, tmp_path):
    """The one output that is a folder: created when missing (never its parents), with
    --output-format / -o / --no-progress spelled as in the other commands."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "analyze", "--payments", LEDGER, "-o", "out",
                             "--output-format", "json", "--no-progress", "--bootstrap", "100"],
                            capture_output=True, text=True, cwd=work, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (work / "out").iterdir()) == ["curves.csv", "effects.json", "joined.csv",
                                                               "traits.csv"]
    assert result.stdout.lstrip().startswith("{")
    old = subprocess.run([sys.executable, "-m", "invoice_lint", "analyze", "--payments", LEDGER, "--out", "out2",
                          "--format", "json", "--bootstrap", "100"], capture_output=True, text=True, cwd=work,
                         env=env, timeout=300)
    assert old.returncode == 0 and (work / "out2" / "effects.json").is_file(), old.stderr


def test_pdfminer_noise_only_with_verbose(tmp_path):
    """Library log messages (pdfminer's "Could not get FontBBox ...") stay off stderr unless --verbose."""
    import logging

    from invoice_lint.foundation.library_logs import configure_logging

    noisy = tmp_path / "noisy.py"
    noisy.write_text(
        "import logging, sys\n"
        "from invoice_lint.cli import main\n"
        "import invoice_lint.commands.rules as rules\n"
        "def run(args):\n"
        "    logging.getLogger('pdfminer.pdffont').warning('Could not get FontBBox from font descriptor')\n"
        "    return 0\n"
        "rules.run = run\n"
        "sys.exit(main(sys.argv[1:]))\n")
    quiet = subprocess.run([sys.executable, str(noisy), "rules"], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and "FontBBox" not in quiet.stderr
    loud = subprocess.run([sys.executable, str(noisy), "rules", "--verbose"], capture_output=True, text=True,
                          timeout=120)
    assert loud.returncode == 0 and "FontBBox" in loud.stderr
    loud = subprocess.run([sys.executable, str(noisy), "-v", "rules"], capture_output=True, text=True, timeout=120)
    assert "FontBBox" in loud.stderr
    configure_logging(False)  # in-process too: the pdfminer logger is muted
    assert logging.getLogger("pdfminer").getEffectiveLevel() > logging.WARNING
    logging.getLogger("pdfminer").setLevel(logging.NOTSET)


def test_pdfminer_font_warnings_on_a_real_pdf_only_with_verbose():
    """A real invoice whose fonts make pdfminer warn "Could not get FontBBox ..." on every run."""
    pdf = require_shared() / "public-samples" / "StudentKickOff+Factuur" / "output.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} is not in this copy of the corpus")
    # --no-cache: both runs read the PDF (a cached extraction would not run pdfminer at all);
    # --backend pdfplumber: the default backend (pdfium) does not run pdfminer either
    quiet = subprocess.run([sys.executable, "-m", "invoice_lint", "extract", str(pdf), "--no-cache",
                            "--backend", "pdfplumber"], capture_output=True, text=True, timeout=300)
    assert "FontBBox" not in quiet.stderr and quiet.stdout
    loud = subprocess.run([sys.executable, "-m", "invoice_lint", "extract", str(pdf), "--verbose", "--no-cache",
                           "--backend", "pdfplumber"], capture_output=True, text=True, timeout=300)
    assert "Could not get FontBBox" in loud.stderr and loud.stdout == quiet.stdout


def test_the_output_format_choices_are_the_reporters():
    """commands/check.py repeats report.FORMATS (the reporters are not imported at start-up, where
    invoice_lint.foundation.model alone costs ~15 ms): kept in step here, and each format has its reporter."""
    import importlib

    from invoice_lint import report
    from invoice_lint.commands import check

    assert check.FORMATS == report.FORMATS
    for name in report.FORMATS:
        assert hasattr(importlib.import_module(f"invoice_lint.report.{name}_format"), "render"), name

"""A light core install for CI jobs that only lint, optional extras for the rest, and one clear
line when a command's extra is missing.

The missing-extra tests run the real CLI in a subprocess where chosen packages cannot be
imported: a finder first on ``sys.meta_path`` refuses them exactly as the import system refuses
a package that is not installed (ModuleNotFoundError naming it), so the packages really fail to
import and nothing of invoice-lint is replaced.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, SAMPLES
from invoice_lint.commands import COMMANDS
from invoice_lint.foundation.extras import COMMAND_EXTRAS, CORE_COMMANDS, EXTRA_MODULES

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# what a CI job that only lints must not have to install (nltk still comes, through textstat)
NOT_IN_CORE = {"streamlit", "spacy", "lifelines", "matplotlib", "pandas", "scipy", "scikit-learn", "pyarrow",
               "altair", "openpyxl", "jinja2", "dask", "distributed", "thinc", "pydantic"}

WITHOUT = """
import sys

class NotInstalled:
    \"\"\"Refuses these top-level packages, as the import system does when they are not installed.\"\"\"

    def __init__(self, names):
        self.names = names

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled(set(filter(None, sys.argv[1].split(",")))))
from invoice_lint.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _name(requirement: str) -> str:
    """The normalized distribution name of a requirement ('dask[distributed]>=1' -> 'dask')."""
    return canonicalize_name(Requirement(requirement).name)


def _extra_requirements(extra: str, seen: frozenset = frozenset()) -> list[Requirement]:
    """Every requirement an extra lists, following `invoice-lint[other]` self-references."""
    out = []
    for requirement in map(Requirement, PYPROJECT["optional-dependencies"][extra]):
        if canonicalize_name(requirement.name) == "invoice-lint":
            for other in sorted(requirement.extras - seen - {extra}):
                out += _extra_requirements(other, seen | {extra})
        else:
            out.append(requirement)
    return out


def _extra_names(extra: str) -> set[str]:
    return {_name(str(r)) for r in _extra_requirements(extra)}


def _brought_by(requirement: Requirement) -> set[str]:
    """The installed distribution's own requirements, with those of the extras asked for."""
    names = set()
    for line in metadata.requires(requirement.name) or []:
        inner = Requirement(line)
        wanted = [{"extra": e} for e in requirement.extras] or [{"extra": ""}]
        if inner.marker is None or any(inner.marker.evaluate(env) for env in wanted):
            names.add(canonicalize_name(inner.name))
    return names


def _cli_without(blocked: set[str], *args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT, ",".join(sorted(blocked)), *args],
                          capture_output=True, text=True, timeout=300, cwd=cwd)


# --- the requirements -----------------------------------------------------------------------

def test_core_requirements_install_nothing_heavy():
    core = {_name(r) for r in PYPROJECT["dependencies"]}
    assert "pdfplumber" in core and "pyyaml" in core
    assert not core & NOT_IN_CORE, f"in the core requirements: {sorted(core & NOT_IN_CORE)}"


def test_every_extra_lists_what_its_modules_come_from():
    extras = PYPROJECT["optional-dependencies"]
    assert set(EXTRA_MODULES) | {"all", "test"} <= set(extras)
    distributions = metadata.packages_distributions()
    for extra, modules in EXTRA_MODULES.items():
        listed = _extra_names(extra)
        requires = set().union(*(_brought_by(r) for r in _extra_requirements(extra)))
        for module in modules:
            came_from = {canonicalize_name(d) for d in distributions.get(module, [])}
            assert came_from & (listed | requires), f"[{extra}] does not bring {module} ({came_from})"
    everything = set().union(*(_extra_names(e) for e in EXTRA_MODULES))
    assert _extra_names("all") == everything
    assert everything <= _extra_names("test"), "the test suite must install every extra"
    for command, needed in COMMAND_EXTRAS.items():
        assert all(extra in extras for extra in needed), command


def test_every_command_is_core_or_names_its_extras():
    assert set(COMMANDS) == set(CORE_COMMANDS) | set(COMMAND_EXTRAS), \
        "a new command: add it to CORE_COMMANDS or COMMAND_EXTRAS in invoice_lint/foundation/extras.py"
    assert not set(CORE_COMMANDS) & set(COMMAND_EXTRAS)


# --- the missing-extra line -----------------------------------------------------------------

PAYMENTS = str(SAMPLES / "payments.csv")
MISSING = [
    ("analyze", {"pandas"}, ["analyze", str(SAMPLES), "--payments", PAYMENTS], "analyze: needs the analytics extra"),
    ("analyze-spacy", {"spacy"}, ["analyze", str(SAMPLES), "--payments", PAYMENTS], "analyze: needs the analytics extra"),
    ("experiment", {"pandas"}, ["experiment", "power", "--payments", PAYMENTS, "--effect", "8d"],
     "experiment: needs the analytics extra"),
    ("dashboard", {"streamlit"}, ["dashboard", "--no-browser"], "dashboard: needs the dashboard extra"),
    ("dashboard-analytics", {"lifelines"}, ["dashboard", "--no-browser"], "dashboard: needs the analytics extra"),
    ("audit", {"jinja2"}, ["audit", str(SAMPLES), "-o", "{tmp}/report.html"], "audit: needs the audit extra"),
    ("check --dask", {"dask", "distributed"}, ["check", str(SAMPLES / "en-01-bordered-clean.pdf"), "--dask", "local"],
     "check: --dask needs the dask extra"),
]


@pytest.mark.parametrize("case,blocked,args,line", MISSING, ids=[m[0] for m in MISSING])
def test_a_missing_extra_is_one_line_naming_it(tmp_path, case, blocked, args, line):
    result = _cli_without(blocked, *[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    extra = re.search(r"the (\w+) extra", line).group(1)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f'invoice-lint {line}: pip install "invoice-lint[{extra}]"\n'
    assert not list(tmp_path.iterdir()), "nothing may be written"


def test_which_extra_an_import_failure_met_inside_a_command_names():
    from argparse import Namespace

    from invoice_lint.foundation.extras import missing_extra

    def failure(name: str) -> ModuleNotFoundError:
        try:
            __import__(name)
        except ModuleNotFoundError as exc:
            return exc
        raise AssertionError(f"{name} is importable")

    # a module of the command's own extra: that extra, the plain line
    lifelines = ModuleNotFoundError("No module named 'lifelines'", name="lifelines")
    assert str(missing_extra("analyze", lifelines)) == \
        'invoice-lint analyze: needs the analytics extra: pip install "invoice-lint[analytics]"'
    # a module another extra lists (spaCy needs Jinja2, the audit extra's): the command's own extra
    jinja = ModuleNotFoundError("No module named 'jinja2'", name="jinja2")
    assert str(missing_extra("analyze", jinja)) == ('invoice-lint analyze: needs the analytics extra: '
                                                    'pip install "invoice-lint[analytics]" (No module named \'jinja2\')')
    # anything else missing under a command that needs extras: its first extra, with the cause
    unknown = failure("invoice_lint_no_such_library")
    assert "needs the dashboard extra" in str(missing_extra("dashboard", unknown))
    assert "needs the dask extra" in str(missing_extra("check", unknown, Namespace(dask="local")))
    # a core command: a module of an extra names it; anything else, or our own code, is not hidden
    assert "needs the dask extra" in str(missing_extra("check", ModuleNotFoundError("x", name="distributed")))
    assert missing_extra("check", unknown) is None
    assert missing_extra("analyze", ModuleNotFoundError("x", name="invoice_lint.analytics.gone")) is None


def test_a_broken_extra_met_inside_the_work_names_the_extra_and_the_cause(tmp_path):
    # pandas is installed but cannot import its own dependency: met when the analysis starts
    result = _cli_without({"pytz"}, "analyze", str(SAMPLES), "--payments", PAYMENTS, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith('invoice-lint analyze: needs the analytics extra: '
                                    'pip install "invoice-lint[analytics]" (')
    assert "pytz" in result.stderr and result.stderr.count("\n") == 1


def test_check_finds_the_same_without_any_extra():
    """`check` needs no extra, and finds exactly what a full install finds on the samples."""
    blocked = {m for modules in EXTRA_MODULES.values() for m in modules}
    args = ["check", str(SAMPLES), "--output-format", "json", "--no-progress", "--no-cache", "--jobs", "1"]
    core = _cli_without(blocked, *args)
    full = _cli_without(set(), *args)
    assert core.returncode == full.returncode == 1, (core.stderr, full.stderr)
    assert core.stderr == full.stderr
    findings = json.loads(core.stdout)
    assert findings == json.loads(full.stdout)
    assert len(findings["findings"] if isinstance(findings, dict) else findings) > 20


def test_the_commands_that_need_no_extra_run_without_them(tmp_path):
    blocked = {m for modules in EXTRA_MODULES.values() for m in modules}
    for args in (["rules"], ["rule", "REQ003"], ["extract", str(SAMPLES / "sr-01-bordered-clean.pdf"), "--no-cache"],
                 ["--version"]):
        result = _cli_without(blocked, *args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert result.stdout.strip(), args

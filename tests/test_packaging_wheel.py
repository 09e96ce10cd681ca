"""The built wheel installs under one `invoice_lint` namespace, ships rules/, and runs.

Builds the wheel, installs it with --no-deps into a fresh virtual environment (the heavy
dependencies are borrowed from the test environment through a plain path entry, which does
not activate this checkout's editable install), then runs the installed console script.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, cwd=out)
    (built,) = out.glob("invoice_lint-*.whl")
    return built


def test_wheel_claims_only_the_invoice_lint_namespace(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"invoice_lint"}, tops
    assert "invoice_lint/rules/lexicon/en.yaml" in names
    assert "invoice_lint/analytics/__init__.py" in names
    assert "invoice_lint/dashboard/__init__.py" in names
    assert "invoice_lint/billing/__init__.py" in names
    assert not any(n.startswith("invoice_lint/analytics/simulation/") for n in names), "test-only code shipped"
    assert "invoice_lint/audit/templates/report.html.j2" in names
    shipped = {n for n in names if n.startswith("invoice_lint/rules/") and n.endswith(".yaml")}
    in_tree = {"invoice_lint/rules/" + str(p.relative_to(ROOT / "rules")) for p in (ROOT / "rules").rglob("*.yaml")}
    assert shipped == in_tree
    assert any(n.startswith("invoice_lint/rules/packs/core/") for n in shipped), "the core rule pack is not shipped"
    # the dashboard's bundled demo, so `invoice-lint dashboard` works outside a clone
    demo = {n.rsplit("/", 1)[1] for n in names if n.startswith("invoice_lint/dashboard/demo/")}
    assert {"payments.csv", "survey.csv"} <= demo
    assert {p.name for p in SAMPLES.glob("*.pdf")} <= demo
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "the MIT LICENSE is not shipped"


def test_wheel_core_requirements_are_light_and_the_rest_is_in_extras(wheel):
    """What `pip install invoice-lint` installs is the wheel's Requires-Dist without an extra marker."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with zipfile.ZipFile(wheel) as built:
        (meta,) = [n for n in built.namelist() if n.endswith(".dist-info/METADATA")]
        lines = built.read(meta).decode("utf-8").splitlines()
    requires = [Requirement(line.split(":", 1)[1]) for line in lines if line.startswith("Requires-Dist:")]
    extras = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Provides-Extra:")}
    assert {"analytics", "dashboard", "audit", "dask", "all", "test"} <= extras
    core = {canonicalize_name(r.name) for r in requires if r.marker is None}
    assert {"pdfplumber", "pyyaml", "babel"} <= core
    heavy = {"streamlit", "spacy", "lifelines", "matplotlib", "pandas", "scipy", "scikit-learn", "pyarrow"}
    assert not core & heavy, sorted(core & heavy)
    # each of them is still installed by one of the extras (directly or via invoice-lint[analytics])
    in_extras = {canonicalize_name(r.name) for r in requires if r.marker is not None}
    assert heavy <= in_extras, sorted(heavy - in_extras)


def test_installed_wheel_runs_version_and_extract(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    for generic in ("lint", "analytics", "billing", "audit", "dashboard", "rules"):
        assert not (Path(site) / generic).exists(), f"wheel installed a generic top-level '{generic}'"
    exe = venv / "bin" / "invoice-lint"
    env = {**os.environ, "PYTHONPATH": ""}
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("invoice-lint ")
    sample = sorted(SAMPLES.glob("*.pdf"))[0]
    result = subprocess.run([str(exe), "extract", str(sample), "--format", "json"], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["schema_version"] == 1
    assert payload["documents"][0]["fields"], "no fields found in a bundled sample"
    where = subprocess.run([str(py), "-c", "import invoice_lint; print(invoice_lint.__file__)"],
                           capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert str(venv) in where, f"imported from {where}, not from the installed wheel"
    demo = subprocess.run([str(py), "-c", "from invoice_lint.dashboard.workspace import demo_folder; print(demo_folder())"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip().startswith(str(venv)) and (Path(demo.stdout.strip()) / "payments.csv").is_file()

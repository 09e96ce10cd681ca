"""Map the design card's top-level folders under one ``invoice_lint`` import namespace.

lint/ -> invoice_lint, analytics/ -> invoice_lint.analytics, and the consumers of both:
billing/ -> invoice_lint.billing, audit/ -> invoice_lint.audit, dashboard/ -> invoice_lint.dashboard;
rules/ -> invoice_lint.rules (YAML data shipped inside the wheel).  The folders are the layers
(docs/architecture.md; tests/test_layers.py keeps imports going one way).  No generic top-level
names (``lint``, ``analytics`` ...) are installed into site-packages.

The dashboard's bundled demo (the sample invoice PDFs with payments.csv and survey.csv, ~2 MB)
is copied from sample_invoices/ into ``invoice_lint/dashboard/demo/`` of the build, so
``invoice-lint dashboard`` works from an installed wheel, outside a clone.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
TOP = {"invoice_lint": "lint", "invoice_lint.analytics": "analytics", "invoice_lint.billing": "billing",
       "invoice_lint.audit": "audit", "invoice_lint.dashboard": "dashboard", "invoice_lint.rules": "rules"}
# Importable in a clone (an editable install), never shipped: simulated data for the tests,
# benchmarks and sample generators.
NOT_SHIPPED = ("invoice_lint.analytics.simulation",)


def packages() -> tuple[list[str], dict[str, str]]:
    names, dirs = [], {}
    for name, folder in TOP.items():
        dirs[name] = folder
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(ROOT / folder)
            if "__pycache__" in rel.parts:
                continue
            package = ".".join([name, *rel.parts]) if rel.parts else name
            if not any(package == n or package.startswith(n + ".") for n in NOT_SHIPPED):
                names.append(package)
    return names, dirs


PACKAGES, PACKAGE_DIR = packages()
DEMO = ROOT / "sample_invoices"
DEMO_FILES = ("*.pdf", "payments.csv", "survey.csv")


class build_py_with_demo(build_py):
    """build_py, plus the demo data in invoice_lint/dashboard/demo/ (not for editable installs,
    which find sample_invoices/ beside the sources)."""

    def run(self):
        super().run()
        if self.editable_mode or not DEMO.is_dir():
            return
        target = Path(self.build_lib) / "invoice_lint" / "dashboard" / "demo"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in DEMO_FILES:
            for path in sorted(DEMO.glob(pattern)):
                shutil.copyfile(path, target / path.name)

setup(
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data={"invoice_lint.rules": ["**/*.yaml", "**/*.yml"],
                  "invoice_lint.dashboard": ["**/*.py"],
                  "invoice_lint.audit": ["templates/*.j2"]},
    include_package_data=True,
    cmdclass={"build_py": build_py_with_demo},
)

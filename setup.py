"""Map the design card's top-level folders under one ``invoice_lint`` import namespace.

lint/ -> invoice_lint, analytics/ -> invoice_lint.analytics, dashboard/ -> invoice_lint.dashboard,
rules/ -> invoice_lint.rules (YAML data shipped inside the wheel).  No generic top-level
names (``lint``, ``analytics`` ...) are installed into site-packages.
"""
from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).parent
TOP = {"invoice_lint": "lint", "invoice_lint.analytics": "analytics",
       "invoice_lint.dashboard": "dashboard", "invoice_lint.rules": "rules"}


def packages() -> tuple[list[str], dict[str, str]]:
    names, dirs = [], {}
    for name, folder in TOP.items():
        dirs[name] = folder
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(ROOT / folder)
            if "__pycache__" in rel.parts:
                continue
            names.append(".".join([name, *rel.parts]) if rel.parts else name)
    return names, dirs


PACKAGES, PACKAGE_DIR = packages()

setup(
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data={"invoice_lint.rules": ["**/*.yaml", "**/*.yml"],
                  "invoice_lint.dashboard": ["**/*.py"],
                  "invoice_lint.audit": ["templates/*.j2"]},
    include_package_data=True,
)

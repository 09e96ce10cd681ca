"""`invoice-lint extract` options as a user sees them (subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLES


def _extract(*args):
    return subprocess.run([sys.executable, "-m", "invoice_lint", "extract", *map(str, args)], capture_output=True,
                          text=True, timeout=300)


def test_tables_option_shows_the_tables_in_the_text_output():
    pdf = SAMPLES / "en-01-bordered-clean.pdf"
    plain = _extract(pdf)
    tables = _extract(pdf, "--tables")
    assert plain.returncode == tables.returncode == 0, tables.stderr
    assert "table 1 (page 1" not in plain.stdout
    assert "table 1 (page 1, 4 rows" in tables.stdout
    assert "| Website design 3 1,785.30 5,355.90 |" in tables.stdout
    as_json = json.loads(_extract(pdf, "--tables", "--output-format", "json").stdout)
    assert len(as_json["documents"][0]["tables"][0]["rows"]) == 4  # the same table as the JSON lists

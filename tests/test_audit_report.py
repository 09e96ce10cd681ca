"""`invoice-lint audit` end to end: the real CLI on the samples with their ledger and survey.

One run per module (HTML and PDF together, 200 bootstrap replicates); the tests read its output:
the HTML parses, the compliance matrix has ✗ exactly for the manifest's planted missing-details
defects, the page opens in headless Chromium (screenshot in test-artifacts/), the PDF renders.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT, SAMPLES

pytestmark = pytest.mark.browser  # the module's one audit run prints its PDF with headless Chromium

ARTIFACTS = ROOT / "test-artifacts"
# matrix column -> the rule whose planted defect must show as ✗ there
COLUMN_RULES = {"items": "missing-line-items", "amount": "missing-total", "payment_methods": "missing-payment-methods",
                "due_date": "missing-due-date", "tax": "missing-tax-info", "invoice_number": "missing-invoice-number",
                "issue_date": "missing-issue-date"}


class _Doc(HTMLParser):
    """Collects matrix cells (file, column, state), section ids, start tags and images."""

    def __init__(self):
        super().__init__()
        self.cells: dict[tuple[str, str], str] = {}
        self.sections: list[str] = []
        self.tags: list[str] = []
        self.images: list[str] = []
        self._file = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "tr" and "data-file" in a:
            self._file = a["data-file"]
        if tag == "td" and self._file and "data-column" in a:
            self.cells[(self._file, a["data-column"])] = a["data-state"]
        if tag == "img":
            self.images.append(a.get("src", ""))


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit")
    html, pdf = out / "report.html", out / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "invoice_lint", "audit", "sample_invoices", "--payments", "sample_invoices/payments.csv",
         "--survey", "sample_invoices/survey.csv", "--bootstrap", "200", "-o", str(html), "-o", str(pdf)],
        capture_output=True, text=True, cwd=ROOT, timeout=400)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = html.read_text(encoding="utf-8")
    doc = _Doc()
    doc.feed(text)
    return {"html": html, "pdf": pdf, "text": text, "doc": doc, "stderr": result.stderr}


def test_html_parses_with_every_section_and_is_self_contained(audit):
    doc, text = audit["doc"], audit["text"]
    assert doc.sections == ["summary", "matrix", "errors", "wording", "timeliness", "payments", "feedback",
                            "unreadable", "appendix", "about"]
    assert "script" not in doc.tags and "link" not in doc.tags  # nothing to fetch, nothing to run
    assert "svg" in doc.tags  # charts are inline
    assert doc.images and all(src.startswith("data:image/png;base64,") for src in doc.images)
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert str(ROOT) not in text  # no absolute paths
    for words in ("Executive summary", "Associations, not causes.", "Kaplan–Meier", "invoice-lint 0."):
        assert words in text


def test_matrix_marks_exactly_the_planted_missing_details(audit):
    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    cells = audit["doc"].cells
    files = {f for f, _ in cells}
    assert files == {entry["file"] for entry in manifest["invoices"]}
    for entry in manifest["invoices"]:
        for column, rule in COLUMN_RULES.items():
            expected = "missing" if rule in entry["defects"] else "ok"
            assert cells[(entry["file"], column)] == expected, (entry["file"], column)
        assert cells[(entry["file"], "jurisdiction")] == "na"  # no --jurisdiction given


def test_summary_counts_agree_with_the_matrix(audit):
    cells = audit["doc"].cells
    files = {f for f, _ in cells}
    compliant = sum(1 for f in files if "missing" not in {s for (g, _), s in cells.items() if g == f})
    assert f"Invoices showing every required detail: {compliant} of {len(files)}." in audit["text"]
    assert f"{compliant} show every required detail" in audit["stderr"]


def test_opens_in_headless_chromium(audit):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "audit-report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(audit["html"].as_uri())
        assert page.locator("h1").inner_text() == "Billing audit report"
        assert page.locator("td[data-state=missing]").count() >= 7
        assert page.locator("#payments svg").count() >= 2
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert not errors
    assert shot.stat().st_size > 50_000


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pdf_renders_to_png_pages(audit, tmp_path):
    assert audit["pdf"].read_bytes()[:5] == b"%PDF-"
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(audit["pdf"]), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pages)

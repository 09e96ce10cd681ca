"""The dashboard in a real browser: `invoice-lint dashboard` on loopback, driven by Playwright
with Debian's Chromium.  Screenshots of every page go to test-artifacts/ (not committed).
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import IN_CI, ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
# (title, screenshot name, what the page must show once drawn)
PAGES = [("Overview", "overview", "stMetric", 6), ("Styles & traits", "styles", "stImage", 3),
         ("Client feedback", "feedback", "stImage", 1), ("Template findings", "findings", "stDataFrame", 3),
         ("Invoice viewer", "viewer", "stImage", 1), ("Experiments", "experiments", "stImage", 2),
         ("Data quality", "data-quality", "stDataFrame", 4)]
LOAD_TIMEOUT_MS = 300_000

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail("CI=true but /usr/bin/chromium is missing (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed")
    port = _free_port()
    env = dict(os.environ)
    env.pop("INVOICE_LINT_DATA", None)
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "dashboard-server.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "invoice_lint", "dashboard", "--port", str(port), "--no-browser"],
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("the dashboard did not start within 60 s; see test-artifacts/dashboard-server.log")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="module")
def browser_page(server):
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1500, "height": 2400})
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        page.goto(server)
        wait_for_metrics(page)
        yield page
        browser.close()


def wait_for_metrics(page) -> None:
    page.get_by_test_id("stMetric").first.wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def metric(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def settle(page) -> None:
    """Wait until the script run is over and every image has loaded."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    page.wait_for_timeout(500)


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def test_every_page_opens_and_shows_its_content(browser_page):
    from invoice_lint.analytics.api import analyze

    page = browser_page
    report = analyze(SAMPLES, SAMPLES / "payments.csv", replicates=100).report
    expected = report["kpis"]["by_currency"]["EUR"]
    assert metric(page, "DSO") == f"{float(expected['dso']):.1f} d"
    assert metric(page, "CEI") == f"{float(expected['cei']):.1f} %"  # a percentage (its change in pp)
    shot(page, "overview")
    for title, slug, content, count in PAGES[1:]:
        page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
        page.get_by_role("heading", name=title).wait_for()
        page.wait_for_function("([id, n]) => document.querySelectorAll(`[data-testid=${id}]`).length >= n",
                               arg=[content, count])
        settle(page)
        assert page.get_by_test_id("stException").count() == 0, title
        shot(page, slug)
        if slug == "styles":
            with page.expect_download() as download:
                page.get_by_test_id("stDownloadButton").filter(has_text="SVG").first.click()
            assert "<svg" in Path(download.value.path()).read_text(encoding="utf-8")
        if slug == "findings":
            with page.expect_download() as download:
                page.get_by_test_id("stDownloadButton").first.click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert text.splitlines()[0].startswith("file,code,rule,severity,pack")
            assert "missing-due-date" in text
        if slug == "experiments":  # the demo experiment's ledger ends before the plan's analysis date
            assert page.get_by_text("Interim look — no conclusion yet.", exact=False).is_visible()
    page.get_by_role("heading", name="Data quality").wait_for()
    # tables are drawn on a canvas; the caption under them is text
    assert page.get_by_text(f"Every one of the {report['rows']['read']} rows is accounted for").is_visible()
    page.get_by_test_id("stSidebarNav").get_by_text("Overview", exact=True).click()
    wait_for_metrics(page)


def test_a_filter_changes_the_visible_kpis(browser_page):
    page = browser_page
    before = metric(page, "DSO")
    language = page.get_by_test_id("stMultiSelect").filter(has_text="Language")
    language.locator("input").click()
    page.get_by_role("option", name="es", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "(old) => { const m = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(e => e.innerText.includes('DSO')); return m && !m.innerText.includes(old); }", arg=before)
    settle(page)
    assert metric(page, "DSO") != before
    shot(page, "overview-filtered-es")
    # clear the filter again for the next test
    language.get_by_role("button", name=re.compile("Clear all|Delete|Remove", re.I)).first.click()
    settle(page)
    page.wait_for_function(
        "(old) => { const m = [...document.querySelectorAll('[data-testid=stMetric]')]"
        ".find(e => e.innerText.includes('DSO')); return m && m.innerText.includes(old); }", arg=before)


def test_uploading_a_ledger_analyses_it(browser_page, tmp_path):
    page = browser_page
    # The demo ledger with one client's rows only: the upload replaces the bundled ledger.
    lines = (SAMPLES / "payments.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    keep = [r for r in rows if ",C001," in r or ",C002," in r]
    ledger = tmp_path / "my-ledger.csv"
    ledger.write_text("\n".join([header, *keep]) + "\n", encoding="utf-8")
    page.get_by_text("Use your own data").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Payments ledger")
    uploader.locator("input[type=file]").set_input_files(str(ledger))
    page.get_by_text("Data: your ledger with the demo invoices").wait_for()
    wait_for_metrics(page)
    settle(page)
    shot(page, "overview-uploaded-ledger")
    page.get_by_test_id("stSidebarNav").get_by_text("Data quality", exact=True).click()
    page.get_by_role("heading", name="Data quality").wait_for()
    settle(page)
    assert page.get_by_text(f"Every one of the {len(keep)} rows is accounted for").is_visible()

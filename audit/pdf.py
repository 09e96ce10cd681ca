"""PDF of the audit report: the same HTML printed by headless Chromium."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from invoice_lint.foundation.errors import UserError

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120


def find_chromium() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def html_to_pdf(html: str, out: Path, timeout: float = TIMEOUT_S) -> Path:
    """Write ``html`` as a PDF at ``out`` with headless Chromium.  UserError when it cannot."""
    chromium = find_chromium()
    if chromium is None:
        raise UserError("a PDF report needs Chromium (apt-get install -y chromium); write HTML with -o report.html")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="invoice-lint-audit-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(tmp) / "report.pdf"
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--no-first-run", f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", page.as_uri()]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise UserError(f"{out}: Chromium did not finish printing the PDF within {timeout:.0f} s") from None
        except OSError as exc:
            raise UserError(f"{out}: Chromium could not be started ({exc.strerror or exc})") from None
        if not target.exists() or target.stat().st_size == 0:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise UserError(f"{out}: Chromium did not write the PDF (exit {result.returncode}: {last})")
        try:
            shutil.copyfile(target, out)
        except OSError as exc:
            raise UserError(f"{out}: cannot write the PDF ({exc.strerror or exc})") from None
    return out

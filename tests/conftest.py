"""Shared test fixtures: paths to the bundled samples and the shared real-invoice corpus."""
from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import signal
import tempfile
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_invoices"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Every process this test session starts inherits this mark in its environment, so a server that
# outlives its test is found at session end even after it lost its parent (see below).
SESSION_MARK = f"{os.getpid()}-{uuid.uuid4().hex}"
os.environ["INVOICE_LINT_TEST_SESSION"] = SESSION_MARK
WATCHED = (b"streamlit", b"invoice_lint", b"invoice-lint")

# The extraction cache (lint/cache.py) of every command a test starts goes to one temporary folder
# per test process, never to .invoice-lint-cache/ in the repository or a test's working folder.
TEST_CACHE = tempfile.mkdtemp(prefix="invoice-lint-test-cache-")
os.environ["INVOICE_LINT_CACHE_DIR"] = TEST_CACHE
atexit.register(shutil.rmtree, TEST_CACHE, True)


def session_processes() -> list[tuple[int, str]]:
    """(pid, command line) of streamlit / invoice-lint processes started by this test session."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    needle = f"INVOICE_LINT_TEST_SESSION={SESSION_MARK}".encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and any(w in cmdline for w in WATCHED):
            found.append((int(entry.name), cmdline.replace(b"\0", b" ").decode(errors="replace").strip()))
    return found


def child_pids(pid: int) -> list[int]:
    """The direct children of process ``pid`` (from /proc; empty where there is none)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (gone or a zombie: False)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Fails the session when a dashboard (Streamlit) or invoice-lint process outlives the tests."""
    yield
    deadline = time.time() + 10
    left = session_processes()
    while left and time.time() < deadline:
        time.sleep(0.5)
        left = session_processes()
    for pid, _ in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    assert not left, "processes outlived the test session: " + "; ".join(f"{pid} {cmd[:120]}" for pid, cmd in left)


def require_shared() -> Path:
    """The real corpus beside the project; skip in a user's own clone, never in CI."""
    if not CORPUS.exists():
        if IN_CI:
            pytest.fail(f"CI=true but the shared corpus is missing at {CORPUS}")
        pytest.skip(f"the shared corpus is not beside this clone ({CORPUS})")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return require_shared()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="module")
def contexts():
    """A finder ``Context`` for each sample invoice, read with the real reader (one set per test
    module: a finder may fill a Context's per-document indexes as it goes)."""
    from invoice_lint.extract.language import assign_language
    from invoice_lint.extract.pdf import read_pdf
    from invoice_lint.fields.finders.context import Context
    from invoice_lint.foundation.lexicon import merged_lexicon

    out = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        document = assign_language(read_pdf(pdf))
        out.append(Context(document, merged_lexicon(document.label_languages or (document.language,))))
    assert out
    return out


def field_accuracy():
    """The field-accuracy benchmark module (its truth loaders and measure())."""
    spec = importlib.util.spec_from_file_location("field_accuracy", ROOT / "benchmarks" / "field_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

"""The dashboard's folders of uploaded copies go away: when the uploads are removed, when the
session's state is dropped, when the process exits, and (for a killed process) at the next start."""
from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from invoice_lint.dashboard.uploads import UploadFolder, remove_orphans


def test_cleanup_removes_the_copies_and_never_what_a_link_points_to(tmp_path):
    theirs = tmp_path / "invoice.pdf"
    theirs.write_bytes(b"%PDF-1.4 the user's own file")
    folder = UploadFolder("dashboard")
    assert folder.path.is_dir() and folder.path.parent == Path(tempfile.gettempdir())
    assert folder.path.name.startswith(f"invoice-lint-dashboard-{os.getpid()}-")
    (folder.path / "payments.csv").write_text("number,amount\n1,2\n")
    (folder.path / "invoice.pdf").symlink_to(theirs)
    folder.cleanup()
    assert not folder.path.exists()
    assert theirs.read_bytes() == b"%PDF-1.4 the user's own file"
    folder.cleanup()  # twice is harmless


def test_a_dropped_session_state_removes_its_folder():
    state = {"upload_folder": UploadFolder("dashboard")}
    path = state["upload_folder"].path
    (path / "good.pdf").write_bytes(b"%PDF-1.4")
    del state
    gc.collect()
    assert not path.exists()


def _child(code: str) -> subprocess.Popen:
    program = "from invoice_lint.dashboard.uploads import UploadFolder\n" + code
    return subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)


def test_the_folder_goes_when_the_process_exits():
    child = _child("f = UploadFolder('dashboard')\n(f.path / 'a.pdf').write_bytes(b'x')\nprint(f.path)\n")
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 0
    assert out.strip() and not Path(out.strip()).exists()


def test_a_killed_process_folder_is_removed_by_the_next_one_and_a_running_one_kept():
    child = _child("import sys, time\nf = UploadFolder('dashboard')\nprint(f.path, flush=True)\ntime.sleep(60)\n")
    try:
        path = Path(child.stdout.readline().strip())
        assert path.is_dir()
        assert path not in remove_orphans("dashboard")  # its process still runs
        assert path.is_dir()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert path.is_dir()  # killed: it could not clean up
    mine = UploadFolder("dashboard")  # a new folder removes those of processes that are gone
    try:
        assert not path.exists()
        assert mine.path.is_dir()
    finally:
        mine.cleanup()

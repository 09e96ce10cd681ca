"""Temporary folders holding copies of what a dashboard session uploaded.

Streamlit hands uploads over as bytes; the dashboard writes copies into a folder of its own so
the readers and the analysis can open them by path (the user's own files are never touched: a
ledger uploaded alone is analysed beside symbolic links to the shown invoices, and removing a
folder removes the links, not what they point to). A folder belongs to its session's state and
is removed

- when the session's uploads are all removed (``UploadFolder.cleanup``),
- when the session's state is dropped (Streamlit drops a session some time after its browser
  tab closed, ``server.disconnectedSessionTTL``), as a ``tempfile.TemporaryDirectory`` is, and
  at the latest
- when the dashboard's process exits (Ctrl-C or SIGTERM on ``invoice-lint dashboard``).

A process that was killed outright cannot clean up after itself: the folder's name carries the
process id, and the next dashboard process that creates an upload folder removes the folders of
processes that no longer run (only its own user's).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "invoice-lint-"


class UploadFolder:
    """A session's folder of uploaded copies (``path``), removed with ``cleanup()``, when the object
    is garbage collected, or at interpreter exit, whichever comes first."""

    def __init__(self, kind: str = "dashboard") -> None:
        remove_orphans(kind)
        self._folder = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{kind}-{os.getpid()}-")
        self.path = Path(self._folder.name)

    def cleanup(self) -> None:
        self._folder.cleanup()

    def __repr__(self) -> str:
        return f"UploadFolder({str(self.path)!r})"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_orphans(kind: str = "dashboard", root: Path | None = None) -> list[Path]:
    """Remove this user's upload folders of ``kind`` whose process no longer runs; return them."""
    root = Path(root or tempfile.gettempdir())
    pattern = re.compile(re.escape(f"{PREFIX}{kind}-") + r"(\d+)-[^/]+")
    removed = []
    try:
        candidates = list(root.glob(f"{PREFIX}{kind}-*-*"))
    except OSError:
        return removed
    for folder in candidates:
        match = pattern.fullmatch(folder.name)
        if match is None or int(match[1]) == os.getpid() or _running(int(match[1])):
            continue
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed

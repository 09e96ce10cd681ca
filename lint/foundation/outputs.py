"""Output paths: one rule for every command that writes a file.

* An output file's folder must already exist: invoice-lint never creates a folder you did not
  name, so a typo such as ``-o reprots/x.sarif`` is an error, not a new folder somewhere.
* ``analyze --out DIR`` names a folder: that folder is created when missing (its parent must
  exist), and the files go inside it.
* A path that is an existing folder, a folder that is really a file, an unwritable place, or
  one of the run's own input files is a usage error (exit 2, one line on stderr).

Every command checks its outputs *before* it reads a single PDF, so a run that cannot write
its result fails at once and writes nothing.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from invoice_lint.foundation.errors import UserError


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _check_parent(path: Path, option: str) -> None:
    parent = _folder(path)
    if not parent.exists():
        raise UserError(f"{option} {path}: the folder {parent} does not exist (invoice-lint does not create "
                        f"folders; create it first)")
    if not parent.is_dir():
        raise UserError(f"{option} {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"{option} {path}: the folder {parent} is not writable")


def check_output_file(path: Path, option: str, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, an output file that cannot be written where the user named it."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{option} {path}: is a folder; name a file inside it")
    _check_parent(path, option)
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"{option} {path}: the file is not writable")
    resolved = path.resolve()
    for given in inputs:
        given = Path(given)
        if given.is_file() and given.resolve() == resolved:
            raise UserError(f"{option} {path}: is one of the input files; it would be overwritten")
        if (given.is_dir() and path.is_file() and path.suffix.lower() == ".pdf"
                and given.resolve() in resolved.parents):
            raise UserError(f"{option} {path}: is one of the input PDFs in {given}; it would be overwritten")


def check_output_folder(path: Path, option: str) -> None:
    """An output folder (``analyze --out``): may exist (as a folder), or is created in an existing parent."""
    path = Path(path)
    if path.exists():
        if not path.is_dir():
            raise UserError(f"{option} {path}: is a file, not a folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise UserError(f"{option} {path}: the folder is not writable")
        return
    _check_parent(path, option)


def make_output_folder(path: Path, option: str) -> Path:
    check_output_folder(path, option)
    try:
        Path(path).mkdir(exist_ok=True)
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot create the folder ({exc.strerror or exc})") from None
    return Path(path)


def write_text(path: Path, text: str, option: str) -> None:
    """Write an output file; an OS error becomes one clear line (exit 2), never a traceback."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write the file ({exc.strerror or exc})") from None

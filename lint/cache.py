"""The extraction cache: what reading one file gave, kept so an unchanged file is not read again.

Like ruff's cache, it lives in ``.invoice-lint-cache/`` in the current folder (or ``--cache-dir``,
``$INVOICE_LINT_CACHE_DIR``), marked with a ``CACHEDIR.TAG`` so backup tools skip it.  An entry
is one pickled ``ExtractedInvoice`` at::

    <cache dir>/extract/<namespace>/<2 hex>/<content digest>.pickle

- the *content digest* is the BLAKE2b hash of the file's bytes (so a renamed or copied file hits,
  an edited one misses);
- the *namespace* hashes everything else the result depends on: the tool version, a fingerprint
  of the package's own code and data (``lint/`` and ``rules/``: an editable checkout after an edit
  gets a new namespace, the version string alone would not change), the versions of the PDF
  libraries, and every field of ``ReadOptions`` that changes what is read (all fields except
  the ones marked ``metadata={"run": True}``: jobs, cache folder, cluster).

``check`` keeps two more kinds of entry, so that an unchanged run loads no document at all:

- ``run/``: a whole run (``CheckRun``), looked up before anything is read, keyed by every input's
  path and content, the read options, the config, the rule files and the code; it holds the
  findings, notes, errors and rules the report needs;
- ``checked/<namespace>/``: each file's own findings and the few facts the cross-document rules
  read of it (``store_checked``; the namespace adds the config and every selected rule), so one
  changed file among many is the only one read and checked again.

A run that keeps its invoices (``checking.run_check(keep_invoices=True)``: the dashboard, the
audit, ``analyze``) keeps its findings with ``check_with_cache``, keyed by every file's content,
the config and every selected rule.  So a change of rule, pack, config or version
can never serve a stale finding.  Only successful reads are stored (a failure may be a time limit
hit under load).  A file's digest is recorded with its size, times and inode
(``digests.pickle``), so an unchanged file is not hashed again by the next run.  Writes go to a
temporary file in the same folder and are renamed into place, so concurrent runs never see half an
entry; an entry that cannot be loaded is ignored and rewritten.  Pickle is only ever loaded from files this module
wrote inside the cache folder.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = ".invoice-lint-cache"
ENV_VAR = "INVOICE_LINT_CACHE_DIR"
TAG = "CACHEDIR.TAG"
TAG_TEXT = ("Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by invoice-lint.\n"
            "# For information about cache directory tags see https://bford.info/cachedir/\n")
FORMAT = 1  # bump when the entry layout changes
_SOURCE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".txt", ".csv", ".toml"}
_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "py3langid", "zxing-cpp")


def cache_dir_for(option: str | Path | None, no_cache: bool = False) -> str | None:
    """The cache folder a command uses: ``--no-cache`` -> None, else ``--cache-dir``, else
    ``$INVOICE_LINT_CACHE_DIR``, else ``.invoice-lint-cache`` in the current folder."""
    if no_cache:
        return None
    chosen = option or os.environ.get(ENV_VAR) or DEFAULT_DIR
    return str(Path(chosen).expanduser().absolute())


# path -> (stamp, digest, when hashed): each file is hashed once per process, and a stamp recorded
# by an earlier run (``load_digests``) spares hashing an unchanged file again
_digests: dict[str, tuple[tuple, str, float]] = {}
_recorded: dict[str, tuple[tuple, str, float]] = {}  # what load_digests found
SETTLED_S = 2.0  # a file changed this recently may change again within the clock's tick: hashed every time


def _stamp(st: os.stat_result) -> tuple:
    # ctime too: a tool that restores the modification time (cp -p, tar, touch -d) cannot restore it
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def content_digest(path: Path) -> str | None:
    """BLAKE2b of the file's bytes, or None when it cannot be read (the reader will say why).
    A file hashed before in this process, or recorded by an earlier run, and unchanged since (same
    size, modification and change times, inode and device) is not read again."""
    try:
        stamp = _stamp(os.stat(path))
        known = _digests.get(str(path))
        if known is not None and known[0] == stamp:
            return known[1]
        hashed_at = time.time()
        digest = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    _digests[str(path)] = (stamp, digest.hexdigest(), hashed_at)
    return _digests[str(path)][1]


def _digests_file(root: Path) -> Path:
    return root / "digests.pickle"


def load_digests(root: str | Path) -> None:
    """The stamps and digests an earlier run recorded in this cache folder, into this process's memo."""
    stored = _load(_digests_file(Path(root)), "invoice-lint-digests", str(FORMAT), 1)
    if stored is not None and isinstance(stored[0], dict):
        _recorded.update(stored[0])
        for path, entry in stored[0].items():
            _digests.setdefault(path, entry)


def record_digests(root: str | Path, most: int = 200_000) -> None:
    """Record this process's digests of files that had not changed for ``SETTLED_S`` when they were
    hashed (as git treats a racily clean index entry: a later write within the same clock tick
    could otherwise leave size and times as they were).  Written only when something is new."""
    settled = {path: entry for path, entry in _digests.items()
               if _recorded.get(path) != entry and max(entry[0][1], entry[0][2]) / 1e9 < entry[2] - SETTLED_S}
    if not settled:
        return
    target = _digests_file(Path(root))
    stored = _load(target, "invoice-lint-digests", str(FORMAT), 1)
    merged = dict(stored[0]) if stored is not None and isinstance(stored[0], dict) else {}
    for path in settled:
        merged.pop(path, None)  # newest last: the oldest go first beyond ``most``
    merged.update(settled)
    if len(merged) > most:
        merged = dict(list(merged.items())[-most:])
    _store(target, ("invoice-lint-digests", str(FORMAT), merged))
    _recorded.update(settled)


_fingerprint: str | None = None


def code_fingerprint() -> str:
    """What the package's code and data are right now: each source/data file's path, size and
    modification time, plus the tool and PDF-library versions.  Stat only, no reading: ~ms."""
    global _fingerprint
    if _fingerprint is None:
        _fingerprint = fingerprint(("invoice_lint", "invoice_lint.rules"), _LIBRARIES)
    return _fingerprint


def fingerprint(packages: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """The tool version, Python's, the versions of ``libraries`` and every source/data file's path,
    size and modification time under the folders of ``packages`` (an editable checkout after an
    edit gets a new fingerprint; the version string alone would not change)."""
    import importlib

    import invoice_lint

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{invoice_lint.__version__}|{sys.version_info[:2]}|{FORMAT}".encode())
    versions = installed_versions()
    for name in libraries:
        digest.update(f"|{name}={versions.get(_normal(name), '-')}".encode())
    roots = sorted({Path(importlib.import_module(name).__file__).parent for name in packages})
    for root in roots:
        for folder, dirs, files in os.walk(root, followlinks=True):  # a package folder may be a link
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            for name in sorted(files):
                if os.path.splitext(name)[1] not in _SOURCE_SUFFIXES:
                    continue
                full = os.path.join(folder, name)
                try:
                    st = os.stat(full)
                except OSError:
                    continue
                digest.update(f"|{os.path.relpath(full, root)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed_versions() -> dict[str, str]:
    """Every installed distribution's version by normalised name, from the names of the
    ``*.dist-info`` / ``*.egg-info`` folders on ``sys.path`` (the first one found wins, as for
    ``importlib.metadata``): one folder listing instead of importing ``importlib.metadata`` and
    searching once per library, which was most of a fully cached run's fixed cost."""
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            stem, _, suffix = entry.rpartition(".")
            if suffix not in ("dist-info", "egg-info") or "-" not in stem:
                continue
            name, _, version = stem.partition("-")
            versions.setdefault(_normal(name), version.split("-")[0])
    return versions


def options_key(options) -> str:
    """Every ReadOptions field that changes what is read, generically (new fields count at once)."""
    parts = {f.name: getattr(options, f.name) for f in dataclasses.fields(options) if not f.metadata.get("run")}
    if parts.get("ocr"):  # what OCR reads depends on the Tesseract installed and its language data
        from invoice_lint.extract.ocr import engine_identity

        parts["ocr_engine"] = engine_identity()
    return repr(sorted(parts.items()))


class ExtractionCache:
    """One namespace (tool, code, options) of the cache folder; see the module doc."""

    def __init__(self, root: str | Path, options):
        self.root = Path(root)
        namespace = hashlib.blake2b(f"{code_fingerprint()}|{options_key(options)}".encode(),
                                    digest_size=16).hexdigest()
        self.folder = self.root / "extract" / namespace

    @classmethod
    def open(cls, root: str | Path | None, options) -> ExtractionCache | None:
        """The cache, its folder created (with CACHEDIR.TAG); None when it cannot be written —
        reading then goes on without a cache, with one warning line."""
        if not root:
            return None
        cache = cls(root, options)
        try:
            prepare(cache.root)
            cache.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"invoice-lint: warning: cache off: {root} cannot be written "
                  f"({exc.strerror or exc})", file=sys.stderr)
            return None
        return cache

    def entry(self, digest: str) -> Path:
        return entry_path(self.folder, digest)

    def load(self, digest: str, path: Path):
        """The cached ExtractedInvoice for this content, its document path set to ``path``; None
        when absent or unreadable (a corrupt entry is ignored and later rewritten)."""
        return load_entry(self.entry(digest), digest, path)

    def store(self, digest: str, invoice) -> None:
        store_entry(self.entry(digest), digest, invoice)


def entry_path(folder: str | Path, digest: str) -> Path:
    return Path(folder) / digest[:2] / f"{digest}.pickle"


def load_entry(entry: Path, digest: str, path: str | Path):
    payload = _load(entry, "invoice-lint-extract", digest, 1)
    if payload is None:
        return None
    invoice = payload[0]
    invoice.document.path = Path(path)  # the same content may live under several names
    return invoice


def store_entry(entry: Path, digest: str, invoice) -> None:
    """Write one entry atomically (temp file in the same folder, then rename); never raises."""
    _store(entry, ("invoice-lint-extract", digest, invoice))


def prepare(root: Path) -> None:
    """Create the cache folder (never its parents) with CACHEDIR.TAG and a .gitignore that keeps
    it out of version control."""
    root.mkdir(exist_ok=True)
    for name, text in ((TAG, TAG_TEXT), (".gitignore", "# Automatically created by invoice-lint.\n*\n")):
        target = root / name
        if not target.exists():
            fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=root)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(temp, target)


def is_cache_dir(root: Path) -> bool:
    """A folder invoice-lint made (its CACHEDIR.TAG says so): only such a folder is ever removed."""
    try:
        tag = (root / TAG).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return tag.startswith(TAG_TEXT.splitlines()[0]) and "created by invoice-lint" in tag


def check_with_cache(invoices, config, ruleset, errors: list, options, checked: list | None = None) -> list:
    """``checks.engine.check_invoices`` through the cache: the findings of a run over the same
    files (path and content), read with the same options, checked with the same rules and config
    by the same code, are loaded instead of computed.  Keyed by all of those, so a changed file,
    rule, rule pack, config value or tool version is checked afresh (cross-document rules make
    the whole run one entry: one changed file re-checks the run, its other files still come from
    the extraction cache).  Rule failures appended to ``errors`` are kept with the findings.
    ``checked``: per-document outcomes the reading workers already computed (``check_invoices``);
    they come from the same config and rules the key holds, so they change nothing in it."""
    from invoice_lint.checks.engine import check_invoices

    if not options.cache_dir:
        return check_invoices(invoices, config, ruleset, errors, checked)
    digests = [(str(inv.document.path), content_digest(Path(inv.document.path))) for inv in invoices]
    if any(digest is None for _, digest in digests):
        return check_invoices(invoices, config, ruleset, errors, checked)
    key = hashlib.blake2b(repr((code_fingerprint(), options_key(options), repr(config), repr(ruleset.rules), digests,
                                [(e.path, e.kind, e.cause) for e in errors])).encode(), digest_size=20).hexdigest()
    root = Path(options.cache_dir)
    entry = root / "check" / key[:2] / f"{key}.pickle"
    stored = _load(entry, "invoice-lint-check", key, 2)
    if stored is not None:
        findings, failed = stored
        errors += failed
        return findings
    before = len(errors)
    findings = check_invoices(invoices, config, ruleset, errors, checked)
    try:
        prepare(root)
    except OSError:
        return findings
    _store(entry, ("invoice-lint-check", key, findings, errors[before:]))
    return findings


def _load(entry: Path, tag: str, key: str, size: int) -> tuple | None:
    """The ``size`` values ``_store`` wrote at ``entry`` after (tag, key); None when the entry is
    absent, truncated, corrupt, of another layout or for another key (the caller computes it)."""
    try:
        with open(entry, "rb") as fh:
            stored = pickle.load(fh)
        if isinstance(stored, tuple) and len(stored) == 2 + size and stored[:2] == (tag, key):
            return stored[2:]
    except Exception:  # noqa: BLE001 - absent, corrupt or from another layout: compute it again
        pass
    return None


def _store(entry: Path, payload) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=entry.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, entry)
    except Exception:  # noqa: BLE001 - a full disk or an unpicklable value costs the entry, not the run
        try:
            os.unlink(temp)
        except OSError:
            pass


# --- check: a whole run before anything is read, and each file once its own rules ran ---------

def _key(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def rule_sources_key(config) -> str:
    """What the rules a config selects are made of, without loading them: the built-in packs are in
    ``code_fingerprint``; each extra rule folder (``rule-paths``) adds every file's path and content."""
    parts: list[tuple] = []
    for root in map(Path, config.rule_paths):
        if not root.is_dir():
            parts.append((str(root), None))
            continue
        parts += [(str(path), content_digest(path)) for path in sorted(root.rglob("*")) if path.is_file()]
    return repr(parts)


class CheckRun:
    """A whole ``check`` run, looked up before a single file is read: when every input is unchanged
    (same paths, same content), read with the same options and checked with the same config, the
    same rule files and the same code, its outcome — the rules, the findings with the ignores
    applied, the notes, the unreadable inputs and rule failures, the paths of the invoices read —
    is loaded and nothing is read, checked or even imported for it.  Keyed without loading the
    rules (``rule_sources_key``): their selection follows from the config and their files.  Only a
    run whose every file was read is stored (a failure may be a time limit hit under load), and
    only if no input changed while it ran."""

    def __init__(self, root: Path, key: str):
        self.root, self.key = root, key
        self.entry = root / "run" / key[:2] / f"{key}.pickle"

    @classmethod
    def open(cls, options, config, items) -> CheckRun | None:
        """None without a cache, on a Dask cluster (the files may be out of this machine's reach)
        or when an input cannot be hashed (the reader will say why)."""
        if not options.cache_dir or options.dask:
            return None
        load_digests(options.cache_dir)
        inputs: list[tuple] = []
        for item in items:
            if isinstance(item, Path):
                digest = content_digest(item)
                if digest is None:
                    return None
                inputs.append((str(item), digest))
            else:  # an input that is not a file: its ReadError is part of the outcome
                inputs.append((item.path, item.kind, item.cause))
        key = _key("run", code_fingerprint(), options_key(options), repr(config), rule_sources_key(config), inputs)
        if Path(options.cache_dir).is_dir():  # (created, with its tag, by the first run that stores)
            record_digests(options.cache_dir)
        return cls(Path(options.cache_dir), key)

    def load(self) -> tuple | None:
        """The run's outcome as ``store`` was given it, or None."""
        return _load(self.entry, "invoice-lint-run", self.key, 6)

    def store(self, options, config, items, *outcome) -> None:
        """``outcome``: (rules, findings, notes, errors, invoice paths, notes on the rules)."""
        again = CheckRun.open(options, config, items)
        if again is None or again.key != self.key:  # an input changed while it was read: not this run
            return
        try:
            prepare(self.root)
        except OSError:
            return
        _store(self.entry, ("invoice-lint-run", self.key, *outcome))
        record_digests(self.root)


def checked_folder(root: str | Path, options, checks) -> str:
    """Where each file's checked outcome lives for these read options and per-document rules
    (``checks.engine.DocumentChecks``: the config and every selected rule) under this code."""
    return str(Path(root) / "checked" / _key("checked", code_fingerprint(), options_key(options), repr(checks))[:32])


def _checked_entry(folder: str | Path, path: str, digest: str) -> tuple[Path, str]:
    key = _key(str(path), digest)  # the findings name the path as given: a renamed file is checked again
    return Path(folder) / key[:2] / f"{key}.pickle", key


def load_checked(folder: str | Path, path: str, digest: str):
    """(the invoice as the cross-document rules need it, its per-document outcome), or None."""
    entry, key = _checked_entry(folder, path, digest)
    stored = _load(entry, "invoice-lint-checked", key, 2)
    return None if stored is None else (stored[0], stored[1])


def store_checked(folder: str | Path, path: str, digest: str, invoice, outcome) -> None:
    entry, key = _checked_entry(folder, path, digest)
    _store(entry, ("invoice-lint-checked", key, invoice, outcome))


# --- other results kept by key (the dashboard's analyses) -----------------------------------------

def load_value(root: str | Path, kind: str, key: str):
    """What ``store_value`` kept under ``kind``/``key`` in the cache folder ``root``, or None."""
    stored = _load(Path(root) / kind / key[:2] / f"{key}.pickle", f"invoice-lint-{kind}", key, 1)
    return None if stored is None else stored[0]


def store_value(root: str | Path, kind: str, key: str, value) -> None:
    """Keep ``value`` under ``kind``/``key`` (atomically; never raises: a cache that cannot be
    written costs the entry, not the caller)."""
    try:
        prepare(Path(root))
    except OSError:
        return
    _store(Path(root) / kind / key[:2] / f"{key}.pickle", (f"invoice-lint-{kind}", key, value))

"""How a command's files are run — the options every reading command shares (``--jobs``,
``--cache-dir``, ``--no-cache``, ``--dask``) and the ``ReadOptions`` fields they become.
Standard library only at import time, like every command module."""
from __future__ import annotations

import argparse
from pathlib import Path

from invoice_lint.commands import at_least

BACKENDS = ("pdfium", "pdfplumber")  # as invoice_lint.extract.pdf.BACKENDS (not imported: start-up time)


def add_reading_arguments(p: argparse.ArgumentParser, dask: bool = True) -> None:
    group = p.add_argument_group("running", "how the files are read (docs/scaling.md)")
    group.add_argument("--backend", choices=BACKENDS,
                       help="how the text of a PDF is read: pdfium (default, about 4x faster) or pdfplumber "
                       "(pdfminer), both into the same words and lines; --tables always reads with pdfplumber; "
                       "also `backend = ...` in the config (docs/architecture.md)")
    group.add_argument("-j", "--jobs", type=at_least(1), metavar="N",
                       help="read files in N worker processes (default: the number of CPUs; 1 reads in this "
                       "process)")
    group.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="keep what was read (and, for check, found) in each file here (default: "
                       "$INVOICE_LINT_CACHE_DIR, else .invoice-lint-cache in the current folder); an unchanged "
                       "file is not read or checked again")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    if dask:
        group.add_argument("--dask", metavar="ADDRESS",
                           help="read the files on a Dask cluster: a scheduler address such as "
                           "tcp://scheduler:8786, or 'local' for a LocalCluster on this machine (needs "
                           "pip install \"invoice-lint[dask]\"; the workers must see the same paths)")


def reading_options(args: argparse.Namespace, config=None) -> dict:
    """The ReadOptions fields the options give: ``ReadOptions(..., **reading_options(args))``.
    ``--backend`` wins over the config's ``backend``; with neither, ReadOptions' default (pdfium).
    A missing Dask is a usage error here, before any file is read."""
    from invoice_lint.cache import cache_dir_for
    from invoice_lint.runner import cpu_count

    dask = getattr(args, "dask", None)
    if dask:
        from invoice_lint.cluster import require_dask

        require_dask()
    backend = getattr(args, "backend", None) or (config.backend if config is not None else None)
    return {
        **({"backend": backend} if backend else {}),
        "jobs": args.jobs or cpu_count(),
        "cache_dir": cache_dir_for(args.cache_dir, args.no_cache),
        "dask": dask,
    }

"""`invoice-lint clean`: remove the cache folder (``.invoice-lint-cache``, like ``ruff clean``)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache-dir", type=Path, metavar="DIR",
                   help="the cache folder to remove (default: $INVOICE_LINT_CACHE_DIR, else .invoice-lint-cache "
                   "in the current folder)")
    p.epilog = ("Only a folder invoice-lint created (it holds invoice-lint's CACHEDIR.TAG) is removed. "
                "The tables invoice-lint keeps for every project (syllables, CLDR data, in "
                "~/.cache/invoice-lint or $XDG_CACHE_HOME/invoice-lint) are not touched: they never hold "
                "results and are rebuilt by themselves when their sources change. "
                "Exit status: 0 removed or nothing to remove; 2 the folder is not an invoice-lint cache or "
                "cannot be removed.")


def run(args: argparse.Namespace) -> int:
    import shutil

    from invoice_lint.cache import cache_dir_for, is_cache_dir
    from invoice_lint.foundation.errors import UserError

    root = Path(cache_dir_for(args.cache_dir))
    if not root.exists():
        print(f"invoice-lint: no cache at {root}", file=sys.stderr)
        return 0
    if not root.is_dir() or not is_cache_dir(root):
        raise UserError(f"{root}: not an invoice-lint cache folder (no CACHEDIR.TAG written by invoice-lint); "
                        "not removed")
    try:
        shutil.rmtree(root)
    except OSError as exc:
        raise UserError(f"{root}: cannot be removed ({exc.strerror or exc})") from None
    print(f"invoice-lint: removed the cache at {root}", file=sys.stderr)
    return 0

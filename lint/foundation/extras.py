"""The optional extras, and one clear line when a command needs one that is not installed.

``pip install invoice-lint`` installs what ``extract``, ``check``, ``rules``, ``rule`` and
``clean`` need (the core: a CI job that only lints gets no pandas, spaCy, Streamlit ...).  The other commands
need an extra (see ``[project.optional-dependencies]`` in ``pyproject.toml``)::

    invoice-lint analyze: needs the analytics extra: pip install "invoice-lint[analytics]"

(exit status 2, no traceback).  ``cli.main`` asks ``require`` before a command runs, so nothing
is read first, and turns a missing module met later (an import inside the work) into the same
line through ``missing_extra``.  The modules listed here are the ones invoice-lint imports
itself; ``tests/test_packaging_extras.py`` keeps them in step with pyproject.toml.
"""
from __future__ import annotations

import importlib.util
import sys

from invoice_lint.foundation.errors import UserError

# extra -> the top-level modules invoice-lint imports from the packages it adds
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "analytics": ("pandas", "scipy", "sklearn", "lifelines", "pyarrow", "openpyxl", "spacy"),
    "dashboard": ("streamlit", "altair", "matplotlib"),
    "audit": ("jinja2", "markupsafe"),
    "dask": ("dask", "distributed"),
    "qr": ("zxingcpp",),  # the VeriFactu tax QR code (rules of the es pack; skipped with a note without it)
}
# the commands the core runs (every other command is in COMMAND_EXTRAS; a test keeps it so)
CORE_COMMANDS = ("extract", "check", "rules", "rule", "clean")
# command -> the extras it needs, in the order they are named
COMMAND_EXTRAS: dict[str, tuple[str, ...]] = {
    "analyze": ("analytics",),
    "experiment": ("analytics",),
    "dashboard": ("dashboard", "analytics"),
    "audit": ("audit", "analytics"),
}
# option (its argparse dest) -> the extra it needs when given
OPTION_EXTRAS: dict[str, tuple[str, str]] = {"dask": ("--dask", "dask")}


class MissingExtra(UserError):
    """A command or option needs an optional extra that is not installed (or is broken:
    ``cause`` then says what failed to import)."""

    def __init__(self, command: str, extra: str, what: str | None = None, cause: str | None = None):
        self.command, self.extra = command, extra
        subject = f"{what} needs" if what else "needs"
        line = f'invoice-lint {command}: {subject} the {extra} extra: pip install "invoice-lint[{extra}]"'
        if cause:
            line += f" ({' '.join(cause.split())[:200]})"
        super().__init__(line)


def extra_of(module: str | None) -> str | None:
    """The extra that brings ``module`` (a dotted name is looked up by its top level)."""
    top = (module or "").split(".")[0]
    return next((extra for extra, modules in EXTRA_MODULES.items() if top in modules), None)


def installed(module: str) -> bool:
    """Whether ``module`` can be imported, without importing it."""
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a finder refusing the name counts as missing
        return False


def require(command: str, options: object | None = None) -> None:
    """Raise MissingExtra when ``command`` (or one of the ``options`` given to it) needs an extra
    with a module that is not installed."""
    for extra in COMMAND_EXTRAS.get(command, ()):
        missing = next((m for m in EXTRA_MODULES[extra] if not installed(m)), None)
        if missing:
            raise MissingExtra(command, extra)
    for dest, (option, extra) in OPTION_EXTRAS.items():
        if getattr(options, dest, None):
            missing = next((m for m in EXTRA_MODULES[extra] if not installed(m)), None)
            if missing:
                raise MissingExtra(command, extra, what=option)


def missing_extra(command: str, error: ImportError, options: object | None = None) -> MissingExtra | None:
    """What an ImportError met while ``command`` ran stands for.  A missing module of an extra
    the command (or one of its ``options``) needs: that extra.  Any other import failure in a
    command that needs extras — a package of the extra removed or broken underneath (pandas
    without pytz, spaCy without Jinja2): the first extra it needs, with the cause.  In a command
    that needs none, a missing module of an extra: that extra.  None otherwise (a broken core
    install, or an invoice-lint module that cannot be imported: a bug, shown as it is)."""
    if (error.name or "").split(".")[0] == "invoice_lint":
        return None
    needed = [*COMMAND_EXTRAS.get(command, ()),
              *(extra for dest, (_option, extra) in OPTION_EXTRAS.items() if getattr(options, dest, None))]
    extra = extra_of(error.name) if isinstance(error, ModuleNotFoundError) else None
    if extra and (extra in needed or not needed):
        return MissingExtra(command, extra)
    if needed:
        return MissingExtra(command, needed[0], cause=str(error) or type(error).__name__)
    return None

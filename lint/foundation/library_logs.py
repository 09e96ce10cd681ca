"""The log messages of the libraries invoice-lint reads PDFs and data with (pdfminer's "Could not
get FontBBox ..." and the like): shown only with ``--verbose``.  Used by the command line and by the
dashboard's own Streamlit process; our own messages are printed, never logged."""
from __future__ import annotations

import logging

# Loggers of the libraries invoice-lint reads PDFs and data with: quiet unless --verbose.
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "PIL", "fontTools", "matplotlib", "lifelines", "numexpr")


def configure_logging(verbose: bool) -> None:
    """Library warnings go behind --verbose; our own messages are printed, not logged."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="invoice-lint: %(name)s: %(levelname)s: %(message)s")
        return
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)

"""invoice-lint: check invoices the way ruff checks code."""

__version__ = "0.1.0"

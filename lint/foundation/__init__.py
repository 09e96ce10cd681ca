"""The foundation every stage may use: text folding (``text``), the lexicons (``lexicon``), the
YAML loader and the per-user table cache.  It imports nothing from the stages (extract, fields,
checks, ...); with ``invoice_lint.foundation.model`` and ``invoice_lint.foundation.errors`` it is the bottom layer of
docs/architecture.md, kept so by tests/test_layers.py."""

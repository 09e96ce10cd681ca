"""The foundation every stage may use: the core types (``model``), user errors (``errors``), text
folding (``text``), the lexicons (``lexicon``), the YAML loader, the per-user table cache, the
libraries' log messages, which extra a command needs (``extras``), safe output files (``outputs``)
and spreadsheets (``spreadsheet``).  It imports nothing from the stages (extract, fields, checks,
...): the bottom layer of docs/architecture.md, kept so by tests/test_layers.py."""

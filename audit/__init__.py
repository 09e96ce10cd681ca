"""`invoice-lint audit`: a billing audit report built from one ``load_billing`` run.

contents.py turns a Billing into plain report sections (no wording, no markup); i18n.py gives
every fixed sentence from ``rules/report/<language>.yaml``; redact.py masks identifiers and
names; crops.py cuts page images around findings; charts.py draws inline SVG; html.py renders
one self-contained HTML file with Jinja2 (autoescaped); pdf.py prints it with headless Chromium.
"""

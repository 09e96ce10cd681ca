"""Style families: invoices grouped by how they look and what they say (scikit-learn).

Owners compare whole templates, not single traits.  Each invoice is described by the labels it
prints (TF-IDF over the folded label texts, e.g. "bill to", "amount due") and a few layout
numbers: fonts, columns and page shape (what a template fixes) at full weight, pages and line
items (which also vary with the content) at a lower one; the word count is left out.  Agglomerative clustering (Ward) —
deterministic — runs for k = 2..8 and keeps the k with the best silhouette.  A family is named
by its most distinctive labels.
"""
from __future__ import annotations

import numpy as np

from invoice_lint.foundation.model import ExtractedInvoice
from invoice_lint.foundation.text import fold

MAX_FAMILIES = 8
# fonts, columns, page shape, pages, line items
LAYOUT_WEIGHTS = (0.5, 0.5, 0.5, 0.15, 0.15)


FONT_PREFIX = "font "


def _font_family(fontname: str) -> str:
    return fontname.split("+")[-1].split("-")[0].split(",")[0].lower()


def label_terms(invoice: ExtractedInvoice) -> list[str]:
    """Folded label texts, plus the font families used (a template fixes its fonts)."""
    terms = []
    for labels in invoice.fields.labels.values():
        terms.extend(fold(label).strip(" :.#") for label in labels)
    fonts = {_font_family(w.fontname) for line in invoice.document.lines for w in line.words if w.fontname}
    terms.extend(FONT_PREFIX + f for f in sorted(fonts) if f)
    return [t for t in terms if t]


def layout_numbers(invoice: ExtractedInvoice) -> list[float]:
    document = invoice.document
    lines = document.lines
    fonts = {_font_family(w.fontname) for line in lines for w in line.words if w.fontname}
    per_row: dict[tuple[int, int], int] = {}
    for line in lines:
        per_row[(line.page, line.row)] = per_row.get((line.page, line.row), 0) + 1
    columns = float(np.percentile(list(per_row.values()), 75)) if per_row else 1.0
    first = document.pages[0] if document.pages else None
    shape = (first.width / first.height) if first and first.height else 0.7
    items = invoice.fields.value("line_items") or []
    return [len(fonts), columns, shape, len(document.pages), np.log1p(len(items))]


def style_features(invoices: list[ExtractedInvoice]) -> tuple[np.ndarray, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import StandardScaler

    docs = [label_terms(inv) or ["(no labels)"] for inv in invoices]
    vectorizer = TfidfVectorizer(analyzer=lambda d: d)
    words = vectorizer.fit_transform(docs).toarray()
    layout = np.array([layout_numbers(inv) for inv in invoices], dtype=float)
    scaled = StandardScaler().fit_transform(layout) if len(invoices) > 1 else np.zeros_like(layout)
    scaled = np.nan_to_num(scaled) * np.array(LAYOUT_WEIGHTS) / np.sqrt(layout.shape[1])
    return np.hstack([words, scaled]), list(vectorizer.get_feature_names_out())


def style_families(invoices: list[ExtractedInvoice]) -> list[str]:
    """A readable family name per invoice, e.g. "S2 · bill to · amount due"."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_score

    n = len(invoices)
    if n < 4:
        return ["S1"] * n
    features, terms = style_features(invoices)
    best_labels, best_score = np.zeros(n, dtype=int), -1.0
    for k in range(2, min(MAX_FAMILIES, n - 1) + 1):
        labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(features)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(features, labels)
        if score > best_score + 1e-9:
            best_labels, best_score = labels, score
    # Number families by size (largest first), then by first appearance, so names are stable.
    order = sorted(set(best_labels), key=lambda c: (-(best_labels == c).sum(), int(np.argmax(best_labels == c))))
    words = features[:, : len(terms)]
    overall = words.mean(axis=0)
    names = {}
    for rank, cluster in enumerate(order, start=1):
        distinct = words[best_labels == cluster].mean(axis=0) - overall
        order_terms = np.argsort(-distinct, kind="stable")
        labels_first = [i for i in order_terms if not terms[i].startswith(FONT_PREFIX)]
        top = [terms[i] for i in labels_first[:2] if distinct[i] > 0]
        if not top:  # no distinctive label: say which fonts set the family apart
            top = [terms[i] for i in order_terms[:1] if distinct[i] > 0]
        names[cluster] = " · ".join([f"S{rank}", *top])
    return [names[c] for c in best_labels]

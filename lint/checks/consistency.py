"""Kind `consistency`: one label per concept within a document, and one date format for the
invoices of one seller across the run (documents grouped by seller tax id, else seller name;
the documents that differ from the group's majority are reported, ties against the later path)."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from invoice_lint.checks.base import finding
from invoice_lint.checks.rules import Rule
from invoice_lint.fields import dates
from invoice_lint.fields.lexicon import load_lexicon
from invoice_lint.fields.text import fold
from invoice_lint.model import Document, ExtractedInvoice, Finding


def _variant(label: str) -> str:
    return re.sub(r"[\s.:#°º]+$", "", fold(label)).strip()


def check(rule: Rule, invoice: ExtractedInvoice) -> list[Finding]:
    if rule.options.get("check") != "labels":
        return []
    out = []
    for concept in rule.options.get("concepts", []):
        labels = invoice.fields.labels.get(concept, [])
        variants = sorted({_variant(l) for l in labels if l.strip()})
        if len(variants) > 1:
            printed = sorted({l for l in labels}, key=labels.index)
            out.append(finding(rule, invoice, snippet=" / ".join(printed), concept=concept.replace("_", " "),
                               variants=", ".join(f"'{p}'" for p in printed)))
    return out


def date_style(invoice: ExtractedInvoice) -> str | None:
    styles = Counter()
    for name in ("issue_date", "due_date", "supply_date"):
        field = invoice.fields.get(name)
        if field is None or field.derived:
            continue
        found = dates.find_dates(field.text, invoice.document.base_language)
        if found:
            styles[found[0].style] += 1
    return styles.most_common(1)[0][0] if styles else None


def seller_key(invoice: ExtractedInvoice) -> str | None:
    tax_id = invoice.fields.value("seller_tax_id")
    if tax_id:
        return "id:" + re.sub(r"\W", "", str(tax_id)).upper()
    name = invoice.fields.value("seller_name")
    return "name:" + fold(name) if name else None


def check_run(rule: Rule, invoices: list[ExtractedInvoice]) -> list[Finding]:
    if rule.options.get("check") != "date_format":
        return []
    groups: dict[str, list[tuple[ExtractedInvoice, str]]] = defaultdict(list)
    for inv in invoices:
        key, style = seller_key(inv), date_style(inv)
        if key and style:
            groups[key].append((inv, style))
    out = []
    for members in groups.values():
        counts = Counter(style for _, style in members)
        if len(counts) < 2:
            continue
        ordered = sorted(members, key=lambda m: str(m[0].document.path))
        # majority; on a tie the style seen first (in path order) wins
        majority = max(counts, key=lambda s: (counts[s], -next(i for i, m in enumerate(ordered) if m[1] == s)))
        for inv, style in ordered:
            if style != majority:
                where = inv.fields.get("issue_date")
                out.append(finding(rule, inv, where, style=style, majority=majority))
    return out


def register_of(document: Document) -> str | None:
    """'formal', 'informal' or None, from the lexicon's register words."""
    lex = load_lexicon(document.language)
    text = " " + " ".join(line.match_text for line in document.lines) + " "
    counts = {}
    for register, phrases in lex.register.items():
        counts[register] = sum(len(re.findall(rf"(?<!\w){re.escape(p)}(?!\w)", text)) for p in phrases)
    if not counts or max(counts.values()) == 0:
        return None
    return max(counts, key=counts.get)

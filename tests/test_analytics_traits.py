"""Trait rows from extracted invoices (built in memory, no PDFs) and style families."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from invoice_lint.analytics.traits import TRAIT_COLUMNS, invoice_traits, traits_table
from invoice_lint.foundation.model import (
    Document,
    ExtractedInvoice,
    Field,
    Finding,
    InvoiceFields,
    Line,
    LineItem,
    Page,
    Word,
)


def document(path: str, texts: list[str], font: str = "Helvetica", pages: int = 1, language: str = "en",
             columns: int = 1) -> Document:
    built = []
    for number in range(1, pages + 1):
        lines = []
        for row, text in enumerate(texts):
            for column in range(columns):
                words = [Word(w, 50 + 200 * column + 30 * i, 40 + 14 * row, 75 + 200 * column + 30 * i, 50 + 14 * row,
                              number, fontname=font, size=10) for i, w in enumerate(text.split())]
                lines.append(Line(words=words, page=number, row=row))
        built.append(Page(number=number, width=595, height=842, lines=lines))
    return Document(path=Path(path), pages=built, language=language)


def invoice(path="a.pdf", labels=None, **fields) -> ExtractedInvoice:
    found = InvoiceFields(labels=labels or {})
    for name, value in fields.items():
        derived = False
        if isinstance(value, tuple):
            value, derived = value
        found.set(Field(name=name, value=value, derived=derived))
    return ExtractedInvoice(document=document(path, ["Invoice INV-42", "Total 100.00 EUR"]), fields=found)


def test_trait_row_from_fields_and_findings():
    inv = invoice(
        invoice_number="INV-00042", issue_date=date(2024, 3, 1), supply_date=date(2024, 2, 25),
        due_date=(date(2024, 3, 31), True), payment_terms=30, payment_methods=["bank_transfer", "qr"],
        payment_link="https://pay.example/42", thank_you="Thank you for your business",
        line_items=[LineItem("Work"), LineItem("Travel")], tax_rate=None,
    )
    findings = [Finding("INV101", "x", "error", "m", "a.pdf"), Finding("INV201", "y", "warning", "m", "a.pdf"),
                Finding("INV202", "y", "warning", "m", "other.pdf")]
    row = invoice_traits(inv, [f for f in findings if f.path == "a.pdf"])
    assert row["invoice_key"] == "42"
    assert row["has_due_date"] and not row["due_date_explicit"]  # derived from the terms
    assert row["payment_terms_days"] == 30 and row["n_payment_methods"] == 2
    assert row["has_payment_link"] and row["has_qr"] and row["has_thank_you"] and row["has_tax_info"]
    assert row["n_line_items"] == 2 and row["n_pages"] == 1 and row["word_count"] == 5
    assert row["issue_lag_days"] == 5 and row["language"] == "en"
    assert (row["findings_error"], row["findings_warning"], row["findings_info"]) == (1, 1, 0)


def test_explicit_due_date_gives_terms_and_missing_one_is_false():
    explicit = invoice_traits(invoice(issue_date=date(2024, 3, 1), due_date=date(2024, 3, 15)))
    assert explicit["has_due_date"] and explicit["due_date_explicit"] and explicit["payment_terms_days"] == 14
    none = invoice_traits(invoice(issue_date=date(2024, 3, 1)))
    assert not none["has_due_date"] and not none["due_date_explicit"] and none["payment_terms_days"] is None
    assert not none["has_payment_link"] and none["n_payment_methods"] == 0 and none["invoice_key"] == ""


FAMILIES = {
    "classic": ({"buyer": ["Bill to"], "total": ["Amount due"], "due_date": ["Due date"]}, "Times-Roman", 1, 1),
    "modern": ({"buyer": ["Customer"], "total": ["Balance"], "payment_link": ["Pay online"]}, "Helvetica", 2, 3),
    "spanish": ({"buyer": ["Cliente"], "total": ["Total a pagar"], "due_date": ["Vencimiento"]}, "Arial", 1, 2),
}


def family_invoices() -> list[ExtractedInvoice]:
    out = []
    for i in range(12):
        name = list(FAMILIES)[i % 3]
        labels, font, pages, columns = FAMILIES[name]
        doc = document(f"{name}-{i}.pdf", ["Invoice line one", "Total 100"] * (2 + i % 2), font=font, pages=pages,
                       columns=columns)
        out.append(ExtractedInvoice(document=doc, fields=InvoiceFields(labels=labels)))
    return out


def test_style_families_group_templates_and_are_named_by_their_labels(tmp_path):
    invoices = family_invoices()
    table = traits_table(invoices, root=Path("."))
    assert list(table.columns) == ["file", "invoice_number", "invoice_key", *TRAIT_COLUMNS]
    by_family: dict[str, set[str]] = {}
    for file, style in zip(table["file"], table["style"]):
        by_family.setdefault(file.split("-")[0], set()).add(style)
    assert all(len(styles) == 1 for styles in by_family.values())
    names = {next(iter(s)) for s in by_family.values()}
    assert len(names) == 3
    assert any("cliente" in n or "vencimiento" in n for n in by_family["spanish"])
    assert traits_table(invoices)["style"].tolist() == table["style"].tolist()  # deterministic


def test_findings_are_counted_per_file(tmp_path):
    invoices = [invoice(str(tmp_path / "a.pdf")), invoice(str(tmp_path / "b.pdf"))]
    findings = [Finding("INV1", "r", "error", "m", str(tmp_path / "a.pdf")),
                Finding("INV2", "r", "info", "m", str(tmp_path / "b.pdf")),
                Finding("INV3", "r", "info", "m", str(tmp_path / "b.pdf"))]
    table = traits_table(invoices, findings, root=tmp_path, styles=False)
    assert table["file"].tolist() == ["a.pdf", "b.pdf"]
    assert table["findings_error"].tolist() == [1, 0] and table["findings_info"].tolist() == [0, 2]


def test_the_trait_registry_is_the_one_list_of_traits():
    """analytics.traits.TRAITS defines each trait once: the table's columns, the text report's
    phrases and the dashboard's filters come from it, and every report language names each trait."""
    import yaml

    from invoice_lint.analytics.report import describe_level
    from invoice_lint.analytics.traits import TRAITS, YES_NO_TRAITS

    assert TRAIT_COLUMNS == tuple(TRAITS)
    assert YES_NO_TRAITS == ("has_due_date", "due_date_explicit", "has_payment_link", "has_qr", "has_thank_you",
                             "has_tax_info")
    for name in YES_NO_TRAITS:
        assert TRAITS[name].phrase and TRAITS[name].label, name
        assert describe_level(name, "yes", "binary") == f"with {TRAITS[name].phrase}"
    assert describe_level("n_pages", "no", "binary") == "without n pages"
    report = Path(__file__).resolve().parents[1] / "rules" / "report"
    for path in sorted(report.glob("*.yaml")):
        named = yaml.safe_load(path.read_text(encoding="utf-8"))["traits"]
        assert set(named) == set(TRAITS), f"{path.name}: traits named {sorted(set(named) ^ set(TRAITS))}"

"""The audit report escapes every invoice and ledger string, masks identifiers and names with
--redact, lists unreadable files (and is still written), and embeds no outside paths."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT, SAMPLES

EVIL = "<script>alert(1)</script>"


def _generator():
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _evil_invoice(path):
    """An English invoice whose printed text carries HTML: in the buyer, a line item and the terms."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _generator().register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    lines = [
        ("Evil <b>Bold</b> Ltd", 14), ("INVOICE", 14), ("Invoice No.: EVL-2026-0001", 10),
        ("Invoice date: 04/10/2026", 10), ("VAT No.: GB123456727", 10), (f"Bill to: {EVIL} Mallory Jones", 10),
        ("Description Qty Unit price Amount", 10), (f"Consulting {EVIL} 2 100.00 200.00", 10),
        ("Subtotal 200.00", 10), ("VAT 20% 40.00", 10), ("Total 240.00 GBP", 10),
        (f"Payment terms: Payment due soon {EVIL}", 10), ("IBAN: GB29 NWBK 6016 1331 9268 19", 10),
        ("Payment methods: Bank transfer", 10), ("Thank you for your business!", 10),
    ]
    y = height - 60
    for text, size in lines:
        c.setFont("DejaVu", size)
        c.drawString(60, y, text)
        y -= 22
    c.showPage()
    c.save()


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _audit(folder, out, *extra):
    return subprocess.run([sys.executable, "-m", "invoice_lint", "audit", str(folder), "-o", str(out), *map(str, extra)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audited") / "client invoices"
    folder.mkdir()
    _evil_invoice(folder / "evil.pdf")
    shutil.copy(SAMPLES / "en-04-letter-clean.pdf", folder / "en-04-letter-clean.pdf")
    shutil.copy(SAMPLES / "de-02-plain-invalid-iban.pdf", folder / "de-02-plain-invalid-iban.pdf")
    data = (SAMPLES / "sr-01-bordered-clean.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])  # a corrupt copy
    (folder / "empty.pdf").write_bytes(b"")
    rows = ["Invoice No,Client,Issue date,Due date,Paid date,Amount,Currency,template"]
    clients = ["Ana Petrović", "Mallory Jones", "Jean Dupont", "Erika Mustermann"]
    for i in range(60):
        paid = f"2025-{1 + i % 12:02d}-{10 + i % 15:02d}" if i % 7 else ""
        rows.append(f"LG-{i:04d},{clients[i % 4]},2025-{1 + i % 12:02d}-01,2025-{1 + i % 12:02d}-28,{paid},"
                    f"{100 + i}.50,GBP,{'evil.pdf' if i % 2 else 'en-04-letter-clean.pdf'}")
    (folder.parent / "ledger.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def plain(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("plain") / "report.html"
    result = _audit(folder, out)
    assert result.returncode == 2, result.stderr  # unreadable input, as check: the report is still written
    assert "Traceback" not in result.stderr
    assert "truncated.pdf:" in result.stderr and "empty.pdf:" in result.stderr
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def redacted(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("redacted") / "report.html"
    result = _audit(folder, out, "--redact", "--payments", folder.parent / "ledger.csv", "--bootstrap", "100")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    return out.read_text(encoding="utf-8")


def test_invoice_text_is_escaped(plain):
    assert "evil.pdf" in plain
    assert EVIL not in plain and "<b>Bold</b>" not in plain
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plain
    parser = _Tags()
    parser.feed(plain)
    assert "script" not in parser.tags and "b" not in parser.tags


def test_unreadable_files_are_listed_and_the_report_is_written(plain):
    for name in ("truncated.pdf", "empty.pdf"):
        assert f"<td>{name}</td>" in plain
    assert "Files that could not be read: 2" in plain
    assert "unreadable-pdf" in plain


def test_no_absolute_paths(folder, plain, redacted):
    for text in (plain, redacted):
        assert str(folder.parent) not in text
        assert str(ROOT) not in text
        assert "client invoices" in text  # the audited folder is named, not located


def test_redact_masks_identifiers_and_names(plain, redacted):
    secrets = ["GB29 NWBK 6016 1331 9268 19", "GB29NWBK60161331926819", "GB123456727", "DE00 3704 0044 0532 0130 00",
               "Mallory Jones", "Harbour Foods plc", "Ana Petrović", "Jean Dupont", "Erika Mustermann"]
    assert any(s in plain for s in secrets[:4])  # the plain report does show them
    for secret in secrets:
        assert secret not in redacted, secret
    assert "Redacted:" in redacted
    assert "•" in redacted
    assert "Payment performance" in redacted and "Aging of open receivables" in redacted


def test_empty_folder_is_one_line_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    result = _audit(tmp_path / "empty", tmp_path / "r.html")
    assert result.returncode == 2 and "no PDF files to audit" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_unknown_report_language_is_one_line_exit_2(folder, tmp_path):
    result = _audit(folder, tmp_path / "r.html", "--report-language", "xx")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--report-language xx" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_page_crops_black_out_a_full_card_number_even_without_redact():
    from conftest import SAMPLES
    from invoice_lint.audit.crops import _hidden_boxes
    from invoice_lint.audit.redact import Redactor
    from invoice_lint.pipeline import read_invoice

    document = read_invoice(SAMPLES / "en-06-plain-vague-no-thanks.pdf").document
    line = next(li for p in document.pages for li in p.lines if "4111" in li.text)
    hidden = _hidden_boxes(document, line.page, (0, line.top - 1, 600, line.bottom + 1), Redactor(False))
    card_words = [w.bbox for w in line.words if w.text.isdigit()]
    assert len(card_words) == 4 and sorted(hidden) == sorted(card_words)
    # and nothing else on an ordinary line is hidden when not redacting
    other = next(li for p in document.pages for li in p.lines if "4111" not in li.text and li.words)
    assert _hidden_boxes(document, other.page, (0, other.top - 1, 600, other.bottom + 1), Redactor(False)) == []


def test_redact_keeps_only_the_last_four_card_digits(tmp_path):
    """docs/audit.md: with --redact card numbers keep the last four digits only — also where a
    finding already shows the number masked to the first six and last four."""
    from invoice_lint.audit.redact import Redactor

    redact = Redactor(True)
    for text in ("A payment card number is printed unmasked (4111 11** **** 1111).", "Paid by Visa 4111 1111 1111 1111",
                 "Card 411111******1111", "Card 4111 1111 1*** 1111"):
        shown = redact(text)
        assert "4111 1" not in shown and "411111" not in shown and shown.count("1111") == 1, shown
        assert "••••1111" in shown, shown
    assert redact("Total 1,234.56 x 3") == "Total 1,234.56 x 3"
    folder = tmp_path / "invoices"
    folder.mkdir()
    shutil.copy(SAMPLES / "en-06-plain-vague-no-thanks.pdf", folder / "card.pdf")
    out = tmp_path / "report.html"
    result = _audit(folder, out, "--redact")
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "IDN004" in html and "••••1111" in html
    assert "4111 11" not in html and "411111" not in html

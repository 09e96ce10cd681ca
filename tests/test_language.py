"""Language identification: script, py3langid restricted to the lexicons' codes, and the
lexicons' own words.  A document whose evidence is weak or mixed reads the labels of every
candidate language (``Document.label_languages``), so a wrong guess costs no field."""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, require_shared

# Short invoices written for these tests, in the wording such invoices use.
TEXTS = {
    "de": """RECHNUNG
Rechnungsnummer: 2024-117
Rechnungsdatum: 12.03.2024
Fällig am: 11.04.2024
Nettobetrag 1.000,00 EUR
MwSt. 19% 190,00 EUR
Gesamtbetrag 1.190,00 EUR""",
    "fr": """Atelier Dubois SARL
12 rue des Lilas, 69003 Lyon
FACTURE N° 2024-0381
Date : 05/02/2024
Client : Boulangerie Martin
Désignation Qté Prix unitaire HT Montant HT
Réparation du four 1 450,00 € 450,00 €
Total HT 450,00 €
TVA 20 % 90,00 €
Total TTC 540,00 €
Règlement par virement sous 30 jours.""",
    "es": """Talleres Ruiz S.L.
Calle Mayor 14, 28013 Madrid
FACTURA Nº A-2024/057
Fecha de emisión: 14/03/2024
Cliente: Panadería López
Concepto Cantidad Precio Importe
Revisión de la caldera 1 180,00 180,00
Base imponible 180,00 €
IVA 21% 37,80 €
Total a pagar 217,80 €
Pago mediante transferencia bancaria antes del 13/04/2024.""",
    "en": """Harbour Design Ltd
4 Quay Street, Bristol BS1 4DB
INVOICE
Invoice No: HD-2291
Date: 3 May 2024
Bill to: Green Leaf Cafe
Item Qty Rate Amount
Logo redesign 1 600.00 600.00
Subtotal 600.00
VAT 20% 120.00
Total due 720.00
Please pay within 14 days. Thank you for your business!""",
    "nl": """Bakkerij De Vries
Kerkstraat 8, 3511 LK Utrecht
FACTUUR
Factuurnummer: 2024-044
Factuurdatum: 02-04-2024
Omschrijving Aantal Prijs Bedrag
Taarten voor het jubileum 3 25,00 75,00
Subtotaal 75,00
BTW 9% 6,75
Totaal 81,75
Gelieve het bedrag binnen 14 dagen over te maken.""",
    "sr": """Stolarija Petrović d.o.o.
Bulevar oslobođenja 22, Novi Sad
RAČUN br. 118/2024
Datum izdavanja: 10.04.2024.
Kupac: Kafić Centar
Opis Kol. Cena Iznos
Izrada šanka 1 85.000,00 85.000,00
Osnovica 85.000,00
PDV 20% 17.000,00
Ukupno za uplatu 102.000,00 dinara
Uplatu izvršite na tekući račun u roku od 15 dana.""",
    "sr-Cyrl": """Столарија Петровић д.о.о.
Булевар ослобођења 22, Нови Сад
РАЧУН бр. 118/2024
Датум издавања: 10.04.2024.
Купац: Кафић Центар
Опис Кол. Цена Износ
Израда шанка 1 85.000,00 85.000,00
Основица 85.000,00
ПДВ 20% 17.000,00
Укупно за уплату 102.000,00 динара
Уплату извршите на текући рачун у року од 15 дана.""",
}

# One invoice printed in two languages, label by label.
BILINGUAL = """Invoice / Rechnung
Invoice number / Rechnungsnummer: 2024-77
Date / Datum: 01.06.2024
Description / Beschreibung  Amount / Betrag
Consulting / Beratung 800,00
Net / Netto 800,00
VAT / MwSt. 19% 152,00
Total / Gesamtbetrag 952,00
Please transfer within 14 days. Bitte überweisen Sie innerhalb von 14 Tagen."""


def _document(text: str):
    from invoice_lint.foundation.model import Document, Line, Page

    lines = [Line(words=[], page=1, number=i, text=t) for i, t in enumerate(text.splitlines(), 1)]
    return Document(path=Path("memory.pdf"), pages=[Page(number=1, width=595, height=842, lines=lines)])


def _sample_language(pdf: Path) -> str:
    prefix = pdf.name.split("-")[0]
    return f"{prefix}-Cyrl" if pdf.name.startswith(f"{prefix}-cyrl-") else prefix


def _corpus_truth():
    spec = importlib.util.spec_from_file_location("corpus_truth", ROOT / "benchmarks" / "corpus_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- short texts ----------------------------------------------------------------------------

def test_the_plain_german_invoice_once_read_as_french_is_german():
    from invoice_lint.extract.language import decide_language, detect_language

    assert detect_language(TEXTS["de"]) == "de"
    decision = decide_language(TEXTS["de"])
    assert decision.label_languages == ("de",) and decision.reason == "clear"
    assert decision.scores["de"] > 0.6 and decision.identifier["de"] > 0.5
    assert max(decision.lexicon, key=decision.lexicon.get) == "de"


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_short_invoices_in_every_language(language):
    from invoice_lint.extract.language import decide_language, detect_language

    decision = decide_language(TEXTS[language])
    assert decision.language == language, decision.as_json()
    assert decision.label_languages[0] == language
    assert detect_language(TEXTS[language]) == language


def test_serbian_latin_counts_what_the_identifier_calls_croatian_or_bosnian():
    from invoice_lint.extract.language import identifier_scores
    from invoice_lint.foundation.lexicon import load_lexicon

    assert {"hr", "bs"} <= set(load_lexicon("sr").identify_as)
    assert identifier_scores(TEXTS["sr"])["sr"] > 0.9


def test_a_bilingual_invoice_reads_the_labels_of_both_languages():
    from invoice_lint.extract.language import assign_language, decide_language

    decision = decide_language(BILINGUAL)
    assert {"de", "en"} <= set(decision.label_languages) and decision.reason != "clear"
    assert decision.language == decision.label_languages[0]
    doc = assign_language(_document(BILINGUAL))
    assert doc.label_languages == decision.label_languages and doc.language_source == "detected"


def test_a_clear_document_reads_one_language():
    from invoice_lint.extract.language import assign_language

    doc = assign_language(_document(TEXTS["sr-Cyrl"]))
    assert doc.language == "sr-Cyrl" and doc.label_languages == ("sr-Cyrl",)


def test_a_forced_language_is_kept():
    from invoice_lint.extract.language import assign_language

    doc = assign_language(_document(TEXTS["de"]), override="fr")
    assert doc.language == "fr" and doc.label_languages == ("fr",) and doc.language_source == "cli"
    doc = assign_language(_document(BILINGUAL), override="sr-Cyrl", source="config")
    assert doc.language == "sr-Cyrl" and doc.label_languages == ("sr-Cyrl",) and doc.language_source == "config"


def test_weak_evidence_reads_several_languages():
    from invoice_lint.extract.language import decide_language

    for text in ["Total 100,00", "12345 678", ""]:
        decision = decide_language(text)
        assert len(decision.label_languages) >= 2, (text, decision.as_json())
        assert decision.language == decision.label_languages[0]


def test_a_line_s_label_phrases_are_those_a_pattern_of_every_phrase_finds():
    """``_line_labels`` compares a line with the phrases of its first token only: it finds, for
    each language, the longest phrase that ``^phrase(?!\\w)`` finds at the line's start."""
    import re

    from invoice_lint.extract.language import _line_label_languages, _line_labels

    phrases = sorted(_line_label_languages())
    lines = {p + end for p in phrases[::7] for end in ("", " 12", ":", "s", "-x", "_y", "\u00e9")}
    lines |= {p[:cut] for p in phrases[::11] for cut in (1, 3, -1)} | {"", "x", "-", " total"}
    for line in sorted(lines):
        expected: dict[str, str] = {}
        for phrase in phrases:
            if re.match(re.escape(phrase) + r"(?!\w)", line):
                for lang in _line_label_languages()[phrase]:
                    if len(phrase) > len(expected.get(lang, "")):
                        expected[lang] = phrase
        assert _line_labels(line) == expected, line


def test_compound_words_are_found_by_every_language_s_modifiers_and_heads():
    from invoice_lint.extract.language import _compounds, _glued
    from invoice_lint.foundation.lexicon import available_languages

    words = ["gesamtrechnungsbetrag", "rechnungsbetrag", "nettobetrag", "betrag", "zzyzx", "totaalbedrag",
             "bruttosumme", "summe", "gesamt"]
    for word in words:
        expected = tuple(lang for lang in available_languages() if any(
            word.startswith(m) and word.endswith(h) and len(word) >= len(m) + len(h)
            for modifiers, heads in _compounds(lang) for m in modifiers for h in heads))
        assert _glued(word) == expected, word
    assert _glued("gesamtrechnungsbetrag") and not _glued("zzyzx")


def test_a_document_s_language_from_its_lines_folded_text_or_from_its_text():
    """A document whose lines have their folded text (as the layout makes them) is decided from it;
    one made by hand without it, or with a line that ``splitlines`` cuts, from its text."""
    from invoice_lint.extract.language import _folded_lines, assign_language, decide_language
    from invoice_lint.foundation.model import Document, Line, Page
    from invoice_lint.foundation.text import fold

    def document(texts, folded=True):
        lines = [Line(words=[], page=1, number=i, text=t, match_text=fold(t) if folded else "")
                 for i, t in enumerate(texts, 1)]
        return Document(path=Path("memory.pdf"), pages=[Page(number=1, width=595, height=842, lines=lines)])

    texts = BILINGUAL.splitlines()
    made = document(texts)
    assert _folded_lines(made, made.text) == [fold(t) for t in texts]
    assert _folded_lines(document(texts, folded=False), made.text) is None
    cut = document([*texts[:3], "Rechnung\x0cNr. 12", *texts[3:]])
    assert _folded_lines(cut, cut.text) is None
    for doc in (made, cut, document(texts, folded=False)):
        decision = decide_language(doc.text)
        assert (assign_language(doc).language, doc.label_languages) == (decision.language, decision.label_languages)


def test_a_word_of_no_language_counts_only_for_the_length_of_its_line():
    from invoice_lint.extract.language import _line_evidence, lexicon_scores

    count, words, _ = _line_evidence("rechnungsdatum zzyzx qwerty")
    assert count == 3 and [w for w, _ in words] == ["rechnungsdatum"]
    # the unknown words still make the line prose-long, so its label word counts less
    assert lexicon_scores("Rechnungsdatum Zzyzx Qwerty Plugh Xyzzy")["de"] < lexicon_scores("Rechnungsdatum")["de"]


def test_the_decision_is_plain_json():
    from invoice_lint.extract.language import decide_language

    data = json.loads(json.dumps(decide_language(BILINGUAL).as_json()))
    assert data["language"] == data["label_languages"][0]
    assert set(data) >= {"confidence", "reason", "scores", "identifier", "lexicon"}
    assert abs(sum(data["scores"].values()) - 1) < 0.01


def test_no_language_is_named_in_the_code():
    from invoice_lint.foundation.lexicon import available_languages, load_lexicon

    codes = {c for lang in available_languages() for c in (lang, *load_lexicon(lang).identify_as)}
    source = (ROOT / "lint" / "extract" / "language.py").read_text(encoding="utf-8")
    strings = {n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert not strings & codes, sorted(strings & codes)
    assert not any(s.startswith(f"{c}-") for s in strings for c in codes)


def test_the_identifier_is_restricted_to_the_lexicons_codes():
    from invoice_lint.extract.language import _identifier
    from invoice_lint.foundation.lexicon import available_languages, load_lexicon

    model, codes = _identifier()
    declared = {c for lang in available_languages() for c in load_lexicon(lang).identify_as}
    assert set(model.nb_classes) == declared
    assert set(codes) == set(available_languages())


# --- the model ships with the package: no network, a cache that is only a shortcut --------------

_OFFLINE = """
import socket
def _refuse(*a, **k):
    raise OSError("network use during language identification")
socket.socket = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
from invoice_lint.extract.language import decide_language
print(decide_language({text!r}).language)
"""


def test_the_model_needs_no_network_and_its_cache_is_only_a_shortcut(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = _OFFLINE.format(text=TEXTS["de"])

    def run() -> str:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run() == "de"  # from the package's own model file; the cache is written
    cached = list((tmp_path / "invoice-lint").glob("py3langid-*.model"))
    assert len(cached) == 1
    assert run() == "de"  # from the cache
    whole = cached[0].read_bytes()
    cached[0].write_bytes(whole[: len(whole) // 2])
    assert run() == "de"  # a cut-off cache falls back to the package's model, and is written again
    assert cached[0].read_bytes() == whole
    cached[0].write_bytes(b"not a model")
    assert run() == "de"  # a damaged cache falls back to the package's model


# --- documents --------------------------------------------------------------------------------

def test_every_sample_is_detected_as_its_file_name_says():
    from invoice_lint.extract.language import decide_language
    from invoice_lint.extract.pdf import read_pdf

    pdfs = sorted(SAMPLES.glob("*.pdf"))
    assert pdfs
    wrong, seconds = [], 0.0
    decide_language("warm up")  # the one-time model load is not a per-document cost
    for pdf in pdfs:
        text = read_pdf(pdf).text
        start = time.perf_counter()
        decision = decide_language(text)
        seconds += time.perf_counter() - start
        if decision.language != _sample_language(pdf):
            wrong.append((pdf.name, decision.as_json()))
    print(f"\nsamples: {len(pdfs) - len(wrong)}/{len(pdfs)} detected; "
          f"{seconds / len(pdfs) * 1000:.1f} ms per document")
    assert not wrong, wrong
    assert seconds / len(pdfs) < 0.05  # a PDF takes ~150 ms to read; identification must not show


def test_extract_json_lists_the_label_languages():
    pdf = SAMPLES / "sr-cyrl-01-bordered-clean.pdf"
    result = subprocess.run([sys.executable, "-m", "invoice_lint", "extract", str(pdf), "--format", "json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["language"] == "sr-Cyrl" and doc["label_languages"] == ["sr-Cyrl"]


@pytest.fixture(scope="module")
def corpus_languages():
    """(part, pdf, truth, decision) for every public-samples document with hand truth."""
    require_shared()
    from invoice_lint.extract.language import decide_language
    from invoice_lint.extract.pdf import read_pdf

    truth_module = _corpus_truth()
    parts = truth_module.split()
    out = []
    for pdf, truth in sorted(truth_module.hand_truth().items()):
        if not truth.get("language") or not pdf.exists():
            continue
        part = parts.get(truth_module.source_of(pdf), "unsplit")
        out.append((part, pdf, truth["language"], decide_language(read_pdf(pdf).text)))
    return out


def _accuracy(rows, part: str) -> tuple[int, int, list]:
    chosen = [r for r in rows if r[0] == part]
    misses = [(str(pdf.relative_to(ROOT.parent)), truth, d.language, d.label_languages)
              for _, pdf, truth, d in chosen if d.language != truth]
    return len(chosen) - len(misses), len(chosen), misses


@pytest.mark.slow
def test_every_dev_document_with_hand_truth_is_detected(corpus_languages):
    right, n, misses = _accuracy(corpus_languages, "dev")
    if not n:
        pytest.skip("no hand truth for the dev part yet (tests/truth/public-samples/)")
    print(f"\ndev part: {right}/{n} = {right / n:.1%} detected")
    assert not misses, misses


@pytest.mark.slow
def test_accuracy_on_the_test_part_is_reported(corpus_languages):
    right, n, misses = _accuracy(corpus_languages, "test")
    if not n:
        pytest.skip("no hand truth for the test part yet (tests/truth/public-samples/)")
    print(f"\ntest part: {right}/{n} = {right / n:.1%} detected")
    for miss in misses:
        # measured only: nobody tunes on the test part's misses (tests/truth/split.yaml)
        print("  test-part miss (path, truth, detected, label languages):", miss)

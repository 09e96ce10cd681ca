"""The sourced vocabulary files in rules/lexicon/sources/ and the German and Dutch compound rules:
every file names its source, the loader rejects what it does not know (naming the file), the
sourced phrases reach the merged lexicon, and compound words read as exactly one concept."""
from __future__ import annotations

import functools
import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml

from invoice_lint.foundation import lexicon as lexicon_module
from invoice_lint.foundation.errors import ConfigError
from invoice_lint.foundation.lexicon import CONCEPTS, PAYMENT_METHODS, load_lexicon
from invoice_lint.foundation.text import fold

LEXICON_DIR = Path(__file__).resolve().parents[1] / "rules" / "lexicon"
SOURCES = sorted((LEXICON_DIR / "sources").glob("*.yaml"))
LANGUAGES = ["en", "es", "sr", "de", "fr", "nl"]
KINDS = {"EN 16931 term names", "e-invoice visualisation", "invoicing software", "law"}


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def isolated_lexicon(tmp_path, monkeypatch):
    """A lexicon folder of our own: the English base file and an empty sources folder; the
    loader's caches are cleared before and after so no other test sees it."""
    (tmp_path / "sources").mkdir()
    shutil.copy(LEXICON_DIR / "en.yaml", tmp_path / "en.yaml")
    monkeypatch.setattr(lexicon_module, "_lexicon_dir", lambda: tmp_path)
    lexicon_module._sourced.cache_clear()
    lexicon_module.load_lexicon.cache_clear()
    yield tmp_path
    lexicon_module._sourced.cache_clear()
    lexicon_module.load_lexicon.cache_clear()


def _write_source(folder: Path, name: str, vocabulary: dict, **meta) -> Path:
    source = {"id": name, "title": "t", "reference": "r", "licence": "l", "kind": "law", **meta}
    path = folder / "sources" / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"source": source, "vocabulary": vocabulary}, allow_unicode=True),
                    encoding="utf-8")
    return path


# --- every file names its source ------------------------------------------------------------

def test_there_are_sourced_files():
    assert len(SOURCES) >= 8


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_file_names_title_reference_licence_and_kind(path):
    source = _data(path)["source"]
    for key in ("id", "title", "reference", "licence", "kind"):
        assert str(source.get(key) or "").strip(), f"{path.name}: source.{key} is empty"
    assert source["kind"] in KINDS, f"{path.name}: kind {source['kind']!r}"
    assert source["id"] == path.stem, f"{path.name}: id {source['id']!r} is not the file name"


def test_source_ids_are_unique():
    ids = [_data(p)["source"]["id"] for p in SOURCES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_file_uses_known_languages_concepts_and_methods(path):
    for language, words in _data(path)["vocabulary"].items():
        assert (LEXICON_DIR / f"{language}.yaml").exists(), f"{path.name}: no base file for {language}"
        assert set(words["labels"] if "labels" in words else {}) <= set(CONCEPTS)
        assert set(words.get("payment_methods") or {}) <= set(PAYMENT_METHODS)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_phrases_are_written_without_a_trailing_colon(path):
    for language, words in _data(path)["vocabulary"].items():
        groups = list((words.get("labels") or {}).values()) + list((words.get("payment_methods") or {}).values())
        groups += [words.get(key) or [] for key in ("thank_you", "titles", "exemption", "credit_note")]
        for phrase in itertools.chain.from_iterable(groups):
            assert str(phrase).strip() and not str(phrase).rstrip().endswith(":"), (path.name, language, phrase)


# --- the loader rejects what it does not know, naming the file --------------------------------

def test_the_real_lexicons_load():
    for language in LANGUAGES:
        assert load_lexicon(language).sources, language


def test_a_file_with_an_unknown_concept_is_rejected_by_name(isolated_lexicon):
    _write_source(isolated_lexicon, "bad-concept", {"en": {"labels": {"invoice_numbr": ["Inv. no"]}}})
    with pytest.raises(ConfigError, match=r"bad-concept\.yaml.*invoice_numbr"):
        lexicon_module.load_lexicon("en")


def test_a_file_with_an_unknown_payment_method_is_rejected_by_name(isolated_lexicon):
    _write_source(isolated_lexicon, "bad-method", {"en": {"payment_methods": {"carrier_pigeon": ["Pigeon"]}}})
    with pytest.raises(ConfigError, match=r"bad-method\.yaml.*carrier_pigeon"):
        lexicon_module.load_lexicon("en")


def test_a_file_with_an_unknown_key_is_rejected_by_name(isolated_lexicon):
    _write_source(isolated_lexicon, "bad-key", {"en": {"lables": {"total": ["Sum"]}}})
    with pytest.raises(ConfigError, match=r"bad-key\.yaml.*lables"):
        lexicon_module.load_lexicon("en")


def test_a_file_without_a_reference_is_rejected_by_name(isolated_lexicon):
    path = isolated_lexicon / "sources" / "no-reference.yaml"
    path.write_text("source: {id: no-reference, title: t}\nvocabulary: {en: {labels: {total: [Sum]}}}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no-reference\.yaml"):
        lexicon_module.load_lexicon("en")


def test_a_good_file_is_merged_and_named(isolated_lexicon):
    _write_source(isolated_lexicon, "good", {"en": {"labels": {"amount_due": ["Still owing"]},
                                                     "payment_methods": {"cash": ["Cash on delivery"]}}})
    lex = lexicon_module.load_lexicon("en")
    assert "good" in lex.sources
    assert "still owing" in lex.labels["amount_due"]
    assert "cash on delivery" in lex.payment_methods["cash"]


# --- sourced phrases reach the merged lexicon -------------------------------------------------

@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_every_sourced_phrase_is_in_the_merged_lexicon(path):
    for language, words in _data(path)["vocabulary"].items():
        lex = load_lexicon(language)
        assert _data(path)["source"]["id"] in lex.sources
        for concept, phrases in (words.get("labels") or {}).items():
            for phrase in phrases:
                assert fold(phrase) in lex.labels[concept], (path.name, language, concept, phrase)
        for method, phrases in (words.get("payment_methods") or {}).items():
            for phrase in phrases:
                assert fold(phrase) in lex.payment_methods[method], (path.name, language, method, phrase)


SAMPLED = {
    "de": {"subtotal": "Rechnungssumme ohne USt.", "tax": "Steuerbetrag", "total": "Bruttosumme",
           "amount_due": "Zahlbetrag", "prepaid": "Bereits gezahlt", "line_total": "Positionssumme",
           "due_date": "Fälligkeitsdatum", "supply_date": "Liefer- und Leistungsdatum",
           "other_number": "Bestellnummer", "invoice_number": "Rechnung Nr."},
    "en": {"amount_due": "Amount due for payment", "total": "Invoice total amount with VAT",
           "subtotal": "Invoice total amount without VAT", "other_number": "Purchase order reference",
           "other_date": "Preceding Invoice issue date", "tax_id": "Seller VAT identifier"},
    "fr": {"total": "Total TTC", "subtotal": "Total HT", "amount_due": "Montant dû", "prepaid": "Montant payé",
           "other_number": "Numéro de commande", "tax": "Total TVA"},
    "es": {"amount_due": "Total pendiente", "other_number": "Cód. Cliente", "subtotal": "Total (sin impuestos)",
           "supply_date": "Fecha de envío", "tax": "Total impuestos"},
    "sr": {"issue_date": "Datum izdavanja fakture", "due_date": "Datum dospeća fakture",
           "other_number": "Kod kupca", "subtotal": "iznos osnovice", "amount_due": "Укупан износ за плаћање"},
    "nl": {"other_number": "Klantcode", "subtotal": "Totaal (excl. belasting)", "tax": "Belastingen",
           "amount_due": "Openstaand bedrag", "due_date": "Gelieve te betalen tot"},
}


@pytest.mark.parametrize("language", sorted(SAMPLED))
def test_a_handful_of_sourced_phrases_per_language(language):
    labels = load_lexicon(language).labels
    for concept, phrase in SAMPLED[language].items():
        assert fold(phrase) in labels[concept], (language, concept, phrase)


def test_sourced_payment_method_words():
    assert "credit transfer" in load_lexicon("en").payment_methods["bank_transfer"]
    assert "sepa direct debit" in load_lexicon("en").payment_methods["direct_debit"]
    assert "prelevement" in load_lexicon("fr").payment_methods["direct_debit"]
    assert "domiciliado" in load_lexicon("es").payment_methods["direct_debit"]
    assert fold("Scannen Sie mich mit Ihrer Banking-Applikation") in load_lexicon("de").payment_methods["qr"]


# --- compound words (German and Dutch base files) ---------------------------------------------

def _pattern(spec) -> re.Pattern[str]:
    """A word = one or more modifiers + a head, each modifier optionally followed by a linking
    "s" or "-" (and, as German and Dutch also link with them, "s-", "n", "en")."""
    mods = "|".join(re.escape(m) for m in spec.modifiers)
    heads = "|".join(re.escape(h) for h in spec.heads)
    return re.compile(rf"(?:(?:{mods})(?:s-|en|s|-|n)?)+(?:{heads})")


@functools.cache
def _patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((concept, _pattern(spec)) for concept, specs in load_lexicon(language).compounds.items()
                 for spec in specs)


def compound_concepts(language: str, word: str) -> set[str]:
    folded = fold(word)
    return {concept for concept, pattern in _patterns(language) if pattern.fullmatch(folded)}


COMPOUNDS = {
    "de": {
        "total": ["Rechnungsbetrag", "Rechnungssumme", "Bruttosumme", "Bruttobetrag", "Endbetrag", "Endsumme",
                  "Gesamtbetrag", "Gesamtrechnungsbetrag"],
        "subtotal": ["Nettobetrag", "Nettosumme", "Zwischensumme", "Nettorechnungsbetrag"],
        "tax": ["Steuerbetrag", "Mehrwertsteuerbetrag", "Umsatzsteuerbetrag", "MwSt.-Betrag", "USt-Betrag",
                "Steuersumme"],
        "amount_due": ["Zahlbetrag", "Restbetrag"],
        "prepaid": ["Anzahlungsbetrag", "Vorauszahlungsbetrag"],
        "line_total": ["Positionssumme"],
        "allowance_charge": ["Rabattbetrag", "Nachlassbetrag", "Zuschlagsbetrag"],
        "invoice_number": ["Rechnungsnummer", "Rechnungs-Nr.", "Rechnungsnr.", "Belegnummer", "Gutschriftsnummer"],
        # the seller's tax number (its own compound since db5d0fe): never an invoice or other number
        "tax_id": ["Steuernummer", "Steuernr.", "Steuer-Nr."],
        "other_number": ["Kundennummer", "Kunden-Nr.", "Kundennr.", "Bestellnummer", "Auftragsnummer",
                         "Lieferscheinnummer", "Lieferschein-Nr.", "Vertragsnummer", "Projektnummer",
                         "Artikelnummer", "Lieferantennummer", "Kundenauftragsnummer"],
        "issue_date": ["Rechnungsdatum", "Belegdatum", "Ausstellungsdatum"],
        "supply_date": ["Lieferdatum", "Lieferungsdatum", "Leistungsdatum", "Leistungszeitraum",
                        "Abrechnungszeitraum"],
        "due_date": ["Fälligkeitsdatum", "Fälligkeitstermin"],
        "other_date": ["Bestelldatum", "Auftragsdatum", "Lieferscheindatum", "Vertragsdatum"],
    },
    "nl": {
        "total": ["Totaalbedrag", "Factuurbedrag", "Eindbedrag", "Eindtotaal", "Factuurtotaal"],
        "subtotal": ["Nettobedrag", "Subtotaal", "Nettototaal"],
        "tax": ["Btw-bedrag", "Btwbedrag", "Belastingbedrag"],
        "amount_due": ["Restbedrag"],
        "invoice_number": ["Factuurnummer", "Factuurnr.", "Creditnotanummer"],
        "other_number": ["Klantnummer", "Klantcode", "Ordernummer", "Bestelnummer", "Pakbonnummer",
                         "Leveranciersnummer"],
        "issue_date": ["Factuurdatum"],
        "supply_date": ["Leverdatum", "Leveringsdatum"],
        "due_date": ["Vervaldatum"],
        "other_date": ["Besteldatum", "Opdrachtdatum"],
    },
}

NOT_COMPOUNDS = {
    "de": ["Betrag", "Summe", "Nummer", "Datum", "Kontonummer", "Telefonnummer", "Gesamtpreis",
           "Zeilensumme", "Zahlungsbetrag", "Abrechnungsdatum", "Zahlungsziel", "Leistungsempfänger"],
    "nl": ["Bedrag", "Totaal", "Nummer", "Datum", "Btw-nummer", "Rekeningnummer", "Postcode", "Betaaldatum"],
}


@pytest.mark.parametrize("language", sorted(COMPOUNDS))
def test_compound_words_read_as_their_concept(language):
    for concept, words in COMPOUNDS[language].items():
        for word in words:
            assert compound_concepts(language, word) == {concept}, (language, word)


@pytest.mark.parametrize("language", sorted(NOT_COMPOUNDS))
def test_heads_and_unrelated_words_are_not_compounds(language):
    for word in NOT_COMPOUNDS[language]:
        assert compound_concepts(language, word) == set(), (language, word)


@pytest.mark.parametrize("language", ["de", "nl"])
def test_no_compound_word_reads_as_two_concepts(language):
    """Every word of one or two modifiers and a head, over all specs, belongs to one concept only,
    and never equals a label phrase the lexicon gives to another concept."""
    lex = load_lexicon(language)
    by_phrase: dict[str, set[str]] = {}
    for concept, phrases in lex.labels.items():
        for phrase in phrases:
            by_phrase.setdefault(phrase, set()).add(concept)
    words = set()
    for specs in lex.compounds.values():
        for spec in specs:
            for n in (1, 2):
                for mods in itertools.product(spec.modifiers, repeat=n):
                    for links in itertools.product(["", "s", "-", "s-", "n", "en"], repeat=n):
                        for head in spec.heads:
                            words.add("".join(m + k for m, k in zip(mods, links)) + head)
    assert words
    for word in words:
        concepts = compound_concepts(language, word)
        assert len(concepts) == 1, (language, word, concepts)
        if word in by_phrase:
            assert concepts <= by_phrase[word], (language, word, concepts, by_phrase[word])


@pytest.mark.parametrize("mapping, problem", [
    ({"ar.cuitt": "ARS"}, "no python-stdnum module"),
    ({"ar.cuit": "pesos"}, "no ISO 4217 code"),
])
def test_a_misspelt_dollar_by_tax_id_is_an_error_naming_the_file(isolated_lexicon, mapping, problem):
    path = isolated_lexicon / "en.yaml"
    data = _data(path)
    data["dollar_sign_by_tax_id"] = mapping
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as raised:
        load_lexicon("en")
    assert str(path) in str(raised.value)


def test_the_spanish_dollar_is_the_peso_of_a_valid_cuit_or_rfc():
    assert dict(load_lexicon("es").dollar_sign_by_tax_id) == {"ar.cuit": "ARS", "mx.rfc": "MXN"}

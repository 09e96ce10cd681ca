"""Report languages are data: every key of rules/report/en.yaml exists in the other languages, and
no English fixed text leaks into a Spanish or Serbian report (data from the rule packs is marked
lang="en" in the report and is not counted)."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest

from conftest import SAMPLES
from invoice_lint.audit.i18n import available_languages, load_texts

LANGUAGES = ("en", "es", "sr")


def test_every_language_has_every_key_and_no_extra():
    assert set(LANGUAGES) <= set(available_languages())
    en = load_texts("en")
    for language in available_languages():
        texts = load_texts(language)
        assert set(en) - set(texts) == set(), language
        assert set(texts) - set(en) == set(), language
        for key, value in en.items():  # the same placeholders, so no sentence loses a figure
            assert set(re.findall(r"{(\w+)", value)) == set(re.findall(r"{(\w+)", texts[key])), (language, key)


class _VisibleText(HTMLParser):
    """Text outside <style> and outside elements whose lang differs from the report's."""

    VOID = {"meta", "img", "br", "hr", "input", "link", "circle", "rect", "line"}

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # True = foreign / not text
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        foreign = tag in ("style", "title") or ("lang" in a and a["lang"] != self.language)
        self.stack.append(foreign or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One small audit with a ledger and survey (every section filled), rendered in each language."""
    from invoice_lint.audit.contents import build_contents
    from invoice_lint.audit.html import render_html
    from invoice_lint.billing import load_billing

    folder = tmp_path_factory.mktemp("i18n")
    for name in ("en-03-two-column-missing-due.pdf", "en-04-letter-clean.pdf", "es-05-bordered-tax-mismatch.pdf",
                 "sr-01-bordered-clean.pdf", "de-02-plain-invalid-iban.pdf"):
        shutil.copy(SAMPLES / name, folder / name)
    ledger = pd.read_csv(SAMPLES / "payments.csv", dtype=str, keep_default_na=False)
    ledger = ledger[ledger["template"].isin([p.name for p in folder.glob("*.pdf")])]
    ledger.to_csv(folder / "ledger.csv", index=False)
    survey = pd.read_csv(SAMPLES / "survey.csv", dtype=str, keep_default_na=False)
    survey = survey[survey["Invoice"].isin(set(ledger["Invoice No"])) & survey["Language"].isin(["en", "es"])]
    survey.to_csv(folder / "answers.csv", index=False)
    billing = load_billing(folder, folder / "ledger.csv", folder / "answers.csv", replicates=200)
    contents = build_contents(billing, options={"command": "invoice-lint audit i18n", "generated": "2026-12-01"})
    assert contents.payments and contents.feedback and contents.errors and contents.changes
    return {language: render_html(contents, language) for language in LANGUAGES}


def test_no_english_fixed_text_in_spanish_or_serbian(reports):
    en = load_texts("en")
    for language in ("es", "sr"):
        translated = load_texts(language)
        parser = _VisibleText(language)
        parser.feed(reports[language])
        visible = " ".join(" ".join(parser.parts).split())
        leaks = []
        for key, value in en.items():
            if key.startswith("meta.") or translated[key] == value:
                continue
            for fragment in re.split(r"{[^}]*}", value):
                fragment = " ".join(fragment.split()).strip(" .,:;()·")
                words = re.findall(r"[A-Za-z]{3,}", re.sub(r"invoice-lint( \w+)?|--[\w-]+", "", fragment))
                if len(words) >= 2 and fragment in visible:  # a phrase, not a product name or an option
                    leaks.append((key, fragment))
        assert not leaks, (language, leaks)
        assert f'<html lang="{language}">' in reports[language]


def test_report_language_changes_the_fixed_text(reports):
    assert "Executive summary" in reports["en"]
    assert "Resumen ejecutivo" in reports["es"] and "Executive summary" not in reports["es"]
    assert "Rezime za rukovodstvo" in reports["sr"] and "Executive summary" not in reports["sr"]
    # numbers follow the locale: a decimal comma in es and sr
    assert re.search(r"\d,\d", re.sub(r"<[^>]+>", " ", reports["es"]))

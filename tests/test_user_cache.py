"""Tables derived from CLDR (through Babel) are kept in the user's cache: the reader gets exactly
what the functions compute, from a cold cache, a warm one and a damaged one; a change to the
code that computes a table, or to the library, makes a new entry."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

LANGUAGES = [None, "en", "es", "sr", "sr-Cyrl", "de", "fr", "nl", "en-US", "xx"]

COMPARE = f"""
import sys
from invoice_lint.fields import amounts, dates, terms

calls = [(amounts._symbols,), (amounts._current_codes,)]
for language in {LANGUAGES!r}:
    calls += [(f, language) for f in (terms._unit_words, dates._month_table, dates._abbreviations,
                                      dates._trailing_dot, dates._month_first, amounts._number_symbols)]
cached = [f.__wrapped__(*args) for f, *args in calls]  # the persistent layer, under the lru_cache
babel_read = "babel" in sys.modules
computed = [f.__wrapped__.uncached(*args) for f, *args in calls]
for one, other in zip(cached, computed):
    assert one == other and type(one) is type(other), (one, other)
    if isinstance(one, dict):
        assert list(one.items()) == list(other.items())
print(len(calls), "babel read" if babel_read else "babel not read")
"""


def _run(code: str, cache_home, cwd=None) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                            cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cldr_tables_are_the_same_from_a_cold_warm_or_damaged_cache(tmp_path):
    count = 2 + 6 * len(LANGUAGES)
    assert _run(COMPARE, tmp_path).split() == [str(count), "babel", "read"]  # cold: computed, then written
    written = list((tmp_path / "invoice-lint").glob("cldr-*.marshal"))
    assert len(written) == count
    assert _run(COMPARE, tmp_path).split() == [str(count), "babel", "not", "read"]  # warm: no CLDR reading
    for path in written:
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    assert _run(COMPARE, tmp_path).split() == [str(count), "babel", "read"]  # damaged: computed again


def test_a_code_change_makes_a_new_entry(tmp_path):
    module = tmp_path / "derived_table.py"
    use = textwrap.dedent("""
        import derived_table
        print(derived_table.table("x"))
    """)

    def write(factor: int) -> None:
        module.write_text(textwrap.dedent(f"""
            from invoice_lint.foundation.user_cache import persistent

            @persistent("test-table", ("derived_table",))
            def table(word):
                return {{word: {factor}}}
        """))

    write(1)
    assert _run(use, tmp_path / "cache", cwd=tmp_path).strip() == "{'x': 1}"
    write(2)  # the same function name and arguments, other code: never the old result
    assert _run(use, tmp_path / "cache", cwd=tmp_path).strip() == "{'x': 2}"
    assert len(list((tmp_path / "cache" / "invoice-lint").glob("test-table-*.marshal"))) == 1  # the old one went

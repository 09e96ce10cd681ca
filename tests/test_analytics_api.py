"""analyze() with a trait table instead of PDFs: the template path, outputs, odd inputs."""
from __future__ import annotations

import importlib.util
import pickle
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from invoice_lint.analytics.api import analyze, write_outputs
from invoice_lint.analytics.numbers import normalize_invoice_number
from invoice_lint.analytics.schema import REPORT_SCHEMA
from invoice_lint.foundation.errors import UserError

ROOT = Path(__file__).resolve().parents[1]


def generator():
    spec = importlib.util.spec_from_file_location("generate_payments", ROOT / "sample_invoices" / "generate_payments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest() -> dict:
    """16 templates: link, terms, thank-you and QR in a full factorial (independent traits)."""
    invoices = []
    for i in range(16):
        link, terms, thanks, qr = (i & 1, i & 2, i & 4, i & 8)
        fields = {"invoice_number": f"F-2026/{i + 1:03d}", "issue_date": f"2026-0{1 + i % 9}-1{i % 9}",
                  "total": "250.00", "currency": "EUR", "payment_methods": ["bank_transfer"] + (["qr"] if qr else [])}
        if terms:
            fields["payment_terms"] = 30
        if link:
            fields["payment_link"] = "https://pay.example"
        if thanks:
            fields["thank_you"] = "Thanks"
        invoices.append({"file": f"t{i:02d}.pdf", "language": "en", "layout": "a", "seller": "s", "fields": fields,
                         "defects": []})
    return {"schema_version": 1, "invoices": invoices}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    gen = generator()
    data = manifest()
    ledger, survey, truth = gen.build(data)
    (folder / "payments.csv").write_text(gen.csv_text(ledger), encoding="utf-8")
    (folder / "survey.csv").write_text(gen.csv_text(survey), encoding="utf-8")
    traits = pd.DataFrame([gen.template_traits(e) for e in data["invoices"]]).rename(columns={"template": "file"})
    traits["invoice_number"] = [e["fields"]["invoice_number"] for e in data["invoices"]]
    traits["invoice_key"] = traits["invoice_number"].map(normalize_invoice_number)
    result = analyze(None, folder / "payments.csv", folder / "survey.csv", traits=traits, trait_columns=["channel"],
                     replicates=400)
    return folder, result


def test_rows_inherit_template_traits_and_planted_effects_show(demo):
    _, result = demo
    report = result.report
    jsonschema.validate(report, REPORT_SCHEMA)
    rows = report["rows"]
    assert rows["matched_by_number"] == 16 and rows["matched_by_template"] > 2300 and rows["unmatched"] == 1
    assert rows["duplicate"] == 2 and rows["excluded"] == 2
    assert rows["included"] + rows["duplicate"] + rows["excluded"] == rows["read"]
    effects = {(e["trait"], e["level"]): e for e in report["effects"]}
    # Templates here vary link and terms independently, so the marginal days are unconfounded.
    for key, planted in {("has_payment_link", "yes"): -5, ("has_due_date", "yes"): -8, ("channel", "portal"): -3}.items():
        assert effects[key]["ci_low"] <= planted <= effects[key]["ci_high"], (key, effects[key])
    # ~150 answers a group: the planted +0.5 shows as a clear positive difference (the coverage of
    # the survey intervals is tested on larger data in test_analytics_survey).
    thanks = [s for s in report["survey"]["effects"] if s["trait"] == "has_thank_you"]
    assert len(thanks) == 2 and all(s["significant"] and s["mean_difference"] > 0 for s in thanks)
    assert "joined to a PDF by invoice number" in result.text and "by template" in result.text


def test_result_is_plain_data_that_can_be_cached(demo, tmp_path):
    _, result = demo
    again = pickle.loads(pickle.dumps(result))
    assert again.report == result.report and again.joined.equals(result.joined)
    written = write_outputs(result, tmp_path / "out")
    assert {p.name for p in written} == {"traits.csv", "joined.csv", "effects.json", "curves.csv"}
    joined = pd.read_csv(tmp_path / "out" / "joined.csv")
    assert len(joined) == result.report["rows"]["read"]
    assert set(joined["status"]) == {"matched_by_number", "matched_by_template", "unmatched", "duplicate", "excluded"}


def test_trait_columns_named_like_internal_columns_are_kept_apart(tmp_path):
    path = tmp_path / "ledger.csv"
    lines = ["Invoice,Client,Issue date,Due date,Paid date,Amount,Status"]
    lines += [f"{i},C{i % 12},2024-01-{1 + i % 27:02d},2024-02-{1 + i % 27:02d},2024-01-{2 + i % 27:02d},10,"
              f"{'sent' if i % 2 else 'draft'}" for i in range(120)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = analyze(None, path, trait_columns=["status"], replicates=200)
    assert result.report["traits"] == ["Status"]
    assert set(result.joined["status"]) == {"unmatched"} and set(result.joined["Status"]) == {"sent", "draft"}


def test_everything_excluded_still_reports(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("Invoice,Client,Issue date,Due date,Paid date,Amount\n1,X,2024-02-30,2024-03-01,,1\n"
                    "2,,2024-02-01,2024-03-01,,1\n", encoding="utf-8")
    result = analyze(None, path, replicates=200)
    assert result.report["rows"]["excluded"] == 2 and result.report["effects"] == []
    assert "Excluded: 1 unparseable issue date, 1 missing client." in result.text


def test_bad_arguments(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_text("Invoice,Client,Issue date,Due date,Paid date,Amount\n1,X,2024-02-01,2024-03-01,,1\n")
    with pytest.raises(UserError, match="--reference nope"):
        analyze(None, path, references={"nope": "x"}, replicates=200)
    with pytest.raises(UserError, match="at least 100"):
        analyze(None, path, replicates=10)
    with pytest.raises(UserError, match="no such folder"):
        analyze(tmp_path / "missing", path)


def test_one_options_object_or_its_keywords(tmp_path):
    """analyze takes AnalysisOptions (options=) or the same names as keywords, or both (keywords win);
    every value is checked when the options are made, named by keyword and command-line option."""
    from invoice_lint.analytics.options import AnalysisOptions

    path = tmp_path / "ledger.csv"
    path.write_text("Invoice,Client,Issue date,Due date,Paid date,Amount,Channel\n" + "".join(
        f"{i},C{i % 7},2024-01-{1 + i % 28:02d},2024-02-{1 + i % 28:02d},{'' if i % 5 == 0 else '2024-03-01'},"
        f"{10 + i},{'mail' if i % 2 else 'portal'}\n" for i in range(60)), encoding="utf-8")
    by_keywords = analyze(None, path, trait_columns=["Channel"], references={"Channel": "mail"}, replicates=200,
                          as_of="2024-06-30", seed=3)
    options = AnalysisOptions(trait_columns=("Channel",), references={"Channel": "mail"}, replicates=200,
                              as_of=date(2024, 6, 30), seed=3)
    by_options = analyze(None, path, options=options)
    assert by_options.report == by_keywords.report and by_options.report["effects"]
    assert by_options.report["inputs"]["references"] == {"Channel": "mail"}
    assert analyze(None, path, options=options.with_(seed=0), seed=3).report == by_keywords.report
    assert pickle.loads(pickle.dumps(options)) == options and hash(options) == hash(options.with_())
    for bad, message in ((dict(replicates=99), r"replicates \(--bootstrap\) must be at least 100 \(got 99\)"),
                         (dict(seed=-1), r"seed \(--seed\) must be at least 0"),
                         (dict(as_of="30/06/2024"), r"as_of \(--as-of\) '30/06/2024': write the date as YYYY-MM-DD"),
                         (dict(date_format="day first"), "--date-format 'day first': use iso, dmy, mdy"),
                         (dict(language="xx"), r"language \(--language\): unknown language 'xx'"),
                         (dict(max_model_rows=10), "max_model_rows must be at least 100"),
                         (dict(period_days=0), "period_days must be at least 1"),
                         (dict(mapping={"paid_date": ""}), r"mapping \(--map\): 'paid_date' -> ''"),
                         (dict(predict="yes"), r"predict \(--predict\) must be True or False")):
        with pytest.raises(UserError, match=message):
            AnalysisOptions(**bad)
        with pytest.raises(UserError, match=message):
            analyze(None, path, **bad)
    with pytest.raises(TypeError, match="unexpected analysis option 'replicatez'"):
        analyze(None, path, replicatez=200)


def test_real_invoice_pdfs_are_joined_by_number(tmp_path, corpus):
    """The PDF path end to end on the shared real corpus: traits from extraction, keys normalized."""
    lines = ["Invoice No,Client,Issue date,Due date,Paid date,Amount"]
    numbers = ["F20220023", "f-20220024", "INV 2023/3/8", "F20220026"] + [f"L-{i}" for i in range(60)]
    for i, number in enumerate(numbers):
        lines.append(f"{number},C{i % 8},2024-01-{1 + i % 28:02d},2024-01-{1 + i % 28:02d},2024-02-{1 + i % 28:02d},10")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # the two corpora with invoice numbers this ledger names (public-samples has its own tests)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("invoice2data", "facturx-fr"):  # copied to the test's temporary folder only
        shutil.copytree(corpus / name, folder / name)
    result = analyze(folder, ledger, replicates=200)
    traits = result.traits.set_index("invoice_number")
    assert len(traits) == 22 and traits.loc["F20220023", "language"] == "fr"
    assert traits.loc["F20220023", "n_line_items"] == 3 and bool(traits.loc["F20220023", "has_due_date"])
    rows = result.report["rows"]
    assert rows["matched_by_number"] == 4 and rows["pdfs"]["read"] == 22
    assert {p["file"] for p in rows["pdfs"]["unmatched"]} >= {"invoice2data/AmazonWebServices.pdf"}
    joined = result.joined.set_index("invoice_number")
    assert joined.loc["INV 2023/3/8", "pdf_file"] == "invoice2data/AzureInterior.pdf"
    assert result.report["invoices"]["unreadable"] == []

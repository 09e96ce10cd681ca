"""The Streamlit dashboard through ``streamlit.testing.v1.AppTest``: every page, on the demo data.

The figures shown must be the analytics module's figures for the same rows; filters must change
them; bad uploads must give a message on the page while the rest keeps working.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from conftest import ROOT, SAMPLES  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
PAGES = ["views/overview.py", "views/styles.py", "views/feedback.py", "views/findings.py", "views/viewer.py",
         "views/data_quality.py", "views/experiments.py"]
TIMEOUT = 600


def new_app(monkeypatch, data: Path | None = None) -> AppTest:
    if data is None:
        monkeypatch.delenv("INVOICE_LINT_DATA", raising=False)
    else:
        monkeypatch.setenv("INVOICE_LINT_DATA", str(data))
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture(scope="module")
def cli_analysis():
    """What `invoice-lint analyze` computes for the demo (replicates don't change KPIs or counts)."""
    from invoice_lint.analytics.api import analyze

    return analyze(SAMPLES, SAMPLES / "payments.csv", SAMPLES / "survey.csv", replicates=100)


def test_every_page_renders_on_the_demo(monkeypatch):
    at = new_app(monkeypatch)
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at)
        assert not at.error, (page, [e.value for e in at.error])
        assert at.header[0].value, page
        assert len(at.sidebar.children) > 3, f"{page}: the sidebar with its filters is missing"


def test_overview_kpis_equal_the_analytics_numbers(monkeypatch, cli_analysis):
    at = new_app(monkeypatch)
    currency = at.selectbox(key="overview_currency").value
    kpis = cli_analysis.report["kpis"]["by_currency"][currency]
    shown = metrics(at)
    assert shown["DSO"] == f"{float(kpis['dso']):.1f} d"
    assert shown["Best-possible DSO"] == f"{float(kpis['best_possible_dso']):.1f} d"
    assert shown["Avg days delinquent"] == f"{float(kpis['add']):.1f} d"
    assert shown["CEI"] == f"{float(kpis['cei']):.1f} %"  # a percentage; its change is in pp
    # The aging table's rows are the analytics aging of that currency.
    aging = cli_analysis.aging[cli_analysis.aging["currency"] == currency]
    table = at.dataframe[0].value
    assert sorted(table["client"]) == sorted(aging["client"])


def test_filters_change_the_kpis(monkeypatch):
    at = new_app(monkeypatch)
    before = metrics(at)
    at.multiselect(key="f_languages").set_value(["es"]).run()
    no_exception(at)
    after = metrics(at)
    assert after != before
    # and every page still renders with the filter set
    for page in PAGES[1:]:
        at.switch_page(page).run()
        no_exception(at)
        assert at.multiselect(key="f_languages").value == ["es"]


def test_a_ledger_column_can_be_analysed_as_a_trait(monkeypatch):
    at = new_app(monkeypatch)
    assert at.multiselect(key="ledger_traits").options == ["channel"]
    at.switch_page("views/styles.py").run()
    assert "channel" not in at.selectbox(key="styles_trait").options
    at.multiselect(key="ledger_traits").set_value(["channel"]).run()
    no_exception(at)
    assert "channel" in at.selectbox(key="styles_trait").options


def test_styles_page_shows_the_effects_with_group_sizes(monkeypatch, cli_analysis):
    at = new_app(monkeypatch)
    at.switch_page("views/styles.py").run()
    no_exception(at)
    effects = at.dataframe[0].value
    expected = cli_analysis.effects
    assert len(effects) > 0
    for _, row in effects.iterrows():
        match = expected[(expected["trait"] == row["trait"]) & (expected["level"] == row["level"])]
        assert len(match) == 1
        assert row["n with"] == match["n_with"].iloc[0]
        assert row["n without"] == match["n_without"].iloc[0]
    assert any("associations, not proof of cause" in i.value for i in at.info)
    assert len(at.get("image")) == 3  # KM by trait, KM by style, forest plot
    assert len(at.get("download_button")) == 8  # PNG + SVG per chart, CSV + Excel for the table


def test_feedback_page_lists_themes_and_effects(monkeypatch, cli_analysis):
    at = new_app(monkeypatch)
    at.switch_page("views/feedback.py").run()
    no_exception(at)
    questions = at.selectbox(key="feedback_question").options
    assert set(questions) == set(cli_analysis.survey_effects["question"])
    assert len(at.expander) >= len(cli_analysis.report["survey"]["themes"])


def test_findings_page_matches_check(monkeypatch):
    from invoice_lint.billing import load_billing

    billing = load_billing(SAMPLES)
    at = new_app(monkeypatch)
    at.switch_page("views/findings.py").run()
    no_exception(at)
    listing = at.dataframe[0].value
    assert len(listing) == len(billing.findings)
    assert sorted(listing["code"]) == sorted(f.code for f in billing.findings)
    at.multiselect(key="findings_severity").set_value(["error"]).run()
    errors = at.dataframe[0].value
    assert len(errors) == sum(f.severity == "error" for f in billing.findings) < len(listing)
    assert "Why it matters" in "".join(m.value for m in at.markdown)


def test_viewer_draws_the_chosen_invoice(monkeypatch):
    at = new_app(monkeypatch)
    at.switch_page("views/viewer.py").run()
    no_exception(at)
    files = at.selectbox(key="viewer_file").options
    target = next(f for f in files if "missing-due" in f)
    at.selectbox(key="viewer_file").set_value(target).run()
    no_exception(at)
    fields = at.dataframe[0].value
    assert "invoice_number" in set(fields["field"])
    assert any("REQ" in m.value for m in at.markdown)  # its finding is listed beside the page


def test_data_quality_accounts_for_every_ledger_row(monkeypatch, cli_analysis):
    at = new_app(monkeypatch)
    at.switch_page("views/data_quality.py").run()
    no_exception(at)
    status = at.dataframe[0].value
    assert int(status["rows"].sum()) == cli_analysis.report["rows"]["read"]
    reasons = at.dataframe[1].value
    assert "paid before issue" in set(reasons["reason"])
    # the rows named are the rows of the user's file, as `analyze` names them
    shown = set(zip(reasons["file row"], reasons["reason"]))
    for examples in cli_analysis.report["rows"]["examples"].values():
        for example in examples:
            assert (example["row"], example["reason"]) in shown


def test_bad_uploads_show_a_message_and_the_app_keeps_working(monkeypatch, tmp_path):
    at = new_app(monkeypatch)
    at.file_uploader(key="upload_ledger").set_value(("notes.txt.exe", b"MZ\x90\x00", "application/octet-stream"))
    at.run()
    no_exception(at)
    assert any("not a table" in e.value for e in at.error)

    at.file_uploader(key="upload_ledger").set_value(("payments.csv", b"foo,bar\n1,2\n", "text/csv"))
    at.run()
    no_exception(at)
    assert any("could not be analysed" in e.value and "missing" in e.value.lower() for e in at.error), \
        [e.value for e in at.error]
    assert at.selectbox(key="map_invoice_number").options == ["", "foo", "bar"]  # the mapping form offers its columns

    ambiguous = (b"Invoice,Client,Issue date,Due date,Paid date,Amount\n"
                 b"A1,C1,01/02/2026,03/04/2026,05/06/2026,10.00\n"
                 b"A2,C2,02/03/2026,04/05/2026,06/07/2026,12.00\n")
    at.file_uploader(key="upload_ledger").set_value(("payments.csv", ambiguous, "text/csv"))
    at.run()
    no_exception(at)
    assert any("date" in e.value.lower() and "format" in e.value.lower() for e in at.error), \
        [e.value for e in at.error]
    at.selectbox(key="map_date_format").set_value("dmy").run()
    no_exception(at)
    assert "DSO" in metrics(at)  # the chosen format unlocks the analysis

    at.file_uploader(key="upload_ledger").set_value(None)
    at.file_uploader(key="upload_pdfs").set_value([("broken.pdf", b"%PDF-1.4 truncated", "application/pdf"),
                                                   ("good.pdf", (SAMPLES / "en-01-bordered-clean.pdf").read_bytes(),
                                                    "application/pdf")])
    at.run()
    no_exception(at)
    assert any("broken.pdf" in w.value and "could not be read" in w.value for w in at.warning)
    at.switch_page("views/viewer.py").run()
    no_exception(at)
    assert at.selectbox(key="viewer_file").options == ["good.pdf"]

    # the copies live in the session's own folder, removed with the uploads (the demo is shown again)
    folder = at.session_state["upload_folder"].path
    assert sorted(p.name for p in folder.iterdir()) == ["broken.pdf", "good.pdf"]
    at.file_uploader(key="upload_pdfs").set_value([])
    at.run()
    no_exception(at)
    assert not folder.exists()
    assert "upload_folder" not in at.session_state


def test_an_analyze_out_folder_opens(monkeypatch, tmp_path):
    from invoice_lint.analytics.api import analyze, write_outputs

    result = analyze(SAMPLES, SAMPLES / "payments.csv", replicates=100)
    write_outputs(result, tmp_path)
    at = new_app(monkeypatch, tmp_path)
    no_exception(at)
    currency = at.selectbox(key="overview_currency").value
    assert metrics(at)["DSO"] == f"{float(result.report['kpis']['by_currency'][currency]['dso']):.1f} d"
    at.switch_page("views/findings.py").run()
    no_exception(at)
    assert any("analyze --out" in i.value for i in at.info)


def test_a_missing_data_folder_is_a_message(monkeypatch, tmp_path):
    at = new_app(monkeypatch, tmp_path / "nowhere")
    no_exception(at)
    assert any("no such folder" in e.value for e in at.error)


def test_experiments_page_shows_the_demo_experiment_as_experiment_analyze_does(monkeypatch):
    """sample_invoices/experiment: interim by default (the ledger ends before the plan's analysis
    date), final with a clear difference at the analysis date — the figures of analyze_experiment."""
    from datetime import date

    from invoice_lint.analytics.experiment.analysis import analyze_experiment
    from invoice_lint.analytics.experiment.design import read_assignment
    from invoice_lint.dashboard.state import REPLICATES

    folder = SAMPLES / "experiment"
    at = new_app(monkeypatch)
    at.switch_page("views/experiments.py").run()
    no_exception(at)
    assert any(w.value.startswith("Interim look — no conclusion yet") for w in at.warning)
    assert any("sent with another variant than assigned" in w.value for w in at.warning)
    at.date_input(key="exp_as_of").set_value(date(2027, 9, 28)).run()
    no_exception(at)
    assert any(s.value.startswith("Final analysis") for s in at.success)
    expected = analyze_experiment(read_assignment(folder / "assignment.csv"), folder / "payments.csv",
                                  folder / "survey.csv", as_of=date(2027, 9, 28), replicates=REPLICATES).report
    shown = at.dataframe[1].value.iloc[0]
    comparison = expected["comparisons"][0]
    assert shown["comparison"] == "B vs A" and shown["conclusion"] == comparison["conclusion"] == "clear"
    assert shown["days difference"] == round(comparison["rmst_difference_days"]["estimate"], 1)
    assert shown["95% high"] == round(comparison["rmst_difference_days"]["ci"][1], 1) < 0
    arms = at.dataframe[0].value
    assert arms["invoices"].tolist() == [a["invoices"] for a in expected["arms"]]


def test_the_first_page_is_drawn_while_the_analysis_still_runs(monkeypatch):
    """The Overview's KPIs come from the first look; the models run on a background thread, and
    a page that shows them waits for it (here: held back until the Overview was drawn)."""
    import threading

    import streamlit as st

    from invoice_lint.dashboard import state

    st.cache_data.clear()
    st.cache_resource.clear()
    release, started = threading.Event(), threading.Event()
    real = state.complete_analysis

    def held_back(*args, **kwargs):
        started.set()
        assert release.wait(TIMEOUT), "never released"
        return real(*args, **kwargs)

    monkeypatch.setattr(state, "complete_analysis", held_back)
    at = new_app(monkeypatch)
    no_exception(at)
    assert "DSO" in metrics(at) and started.wait(30) and not release.is_set()
    release.set()
    at.switch_page("views/styles.py").run()
    no_exception(at)
    assert len(at.dataframe[0].value) > 0  # the effects, once the analysis finished
    st.cache_resource.clear()  # the futures of the patched analysis go with this test

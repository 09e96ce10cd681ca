"""Dashboard parts without Streamlit: downloads, filters, the viewer image, the command."""
from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from conftest import SAMPLES, child_pids, is_alive


def test_formula_cells_are_neutralized_numbers_are_not():
    from invoice_lint.dashboard.downloads import csv_bytes, excel_bytes, neutralize

    frame = pd.DataFrame({"client": ["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "ACME"],
                          "amount": [Decimal("-12.50"), Decimal("1"), Decimal("2"), Decimal("3"), Decimal("4"),
                                     Decimal("5")],
                          "days": [-3, 1, 2, 3, 4, 5]})
    safe = neutralize(frame)
    assert safe["client"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-cmd", "'@SUM(A1)", "'\tx", "ACME"]
    assert safe["amount"].tolist()[0] == "-12.50"  # Decimal as exact text, not a formula
    assert safe["days"].tolist()[0] == -3  # numbers stay numbers
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text
    book = pd.read_excel(io.BytesIO(excel_bytes(frame)), dtype=object)
    assert not any(str(v).startswith(("=", "+", "@")) for v in book["client"])
    assert not frame["client"].iloc[0].startswith("'")  # the shown frame is untouched


def test_filters_select_ledger_rows():
    from invoice_lint.dashboard.analysis import Filters, row_mask

    joined = pd.DataFrame({
        "issue_date": pd.to_datetime(["2026-01-05", "2026-02-05", "2026-03-05", None]),
        "client": ["A", "B", "A", "A"], "language": ["en", "es", "es", None],
        "has_payment_link": pd.array([True, False, None, True], dtype="boolean"),
    })
    assert row_mask(joined, Filters()).tolist() == [True] * 4
    assert row_mask(joined, Filters(start=date(2026, 2, 1))).tolist() == [False, True, True, False]
    assert row_mask(joined, Filters(clients=("A",), languages=("es",))).tolist() == [False, False, True, False]
    assert row_mask(joined, Filters(traits=(("has_payment_link", True),))).tolist() == [True, False, False, True]
    assert row_mask(joined, Filters(traits=(("has_payment_link", False),))).tolist() == [False, True, False, False]
    assert not Filters(as_of=date(2026, 1, 1)).narrows() and Filters(clients=("A",)).narrows()


def test_viewer_draws_boxes_on_the_page():
    from PIL import Image

    from invoice_lint.dashboard.viewer import annotated_page
    from invoice_lint.pipeline import read_invoice

    path = SAMPLES / "en-01-bordered-clean.pdf"
    invoice = read_invoice(path)
    field = invoice.fields.get("invoice_number")
    plain = Image.open(io.BytesIO(annotated_page(path, 1, [], [])))
    boxed = Image.open(io.BytesIO(annotated_page(path, 1, [("invoice_number", field.bbox)], [])))
    assert plain.size == boxed.size
    from PIL import ImageChops

    changed = ImageChops.difference(plain.convert("RGB"), boxed.convert("RGB")).getbbox()
    scale = 110 / 72
    assert changed is not None
    # the drawing (box plus its label above) sits on the field, nowhere else
    assert changed[0] <= field.bbox[0] * scale <= changed[2] and changed[3] >= field.bbox[3] * scale
    assert changed[2] - changed[0] < plain.size[0] / 2 and changed[3] - changed[1] < 80


def test_dashboard_command_refuses_missing_data(tmp_path):
    run = subprocess.run([sys.executable, "-m", "invoice_lint", "dashboard", str(tmp_path / "nope")],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert "nope: no such file or folder" in run.stderr and "Traceback" not in run.stderr


def test_dashboard_binds_loopback_by_default():
    import argparse

    from invoice_lint.commands import dashboard

    parser = argparse.ArgumentParser()
    dashboard.add_arguments(parser)
    args = parser.parse_args([])
    command, env = dashboard.streamlit_command(args.data, args.port, args.host, False)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"
    assert "INVOICE_LINT_DATA" not in env


@pytest.mark.parametrize("folder_kind", ["pdfs", "out"])
def test_workspace_loads_both_kinds_of_folder(tmp_path, folder_kind):
    from invoice_lint.dashboard.workspace import load_workspace

    if folder_kind == "pdfs":
        ws = load_workspace(SAMPLES)
        assert ws.ledger_name == "payments.csv" and ws.survey_name == "survey.csv"
        assert len(ws.traits) == len(list(SAMPLES.glob("*.pdf"))) and len(ws.findings) > 0
    else:
        from invoice_lint.analytics.api import analyze, write_outputs

        ledger = pd.read_csv(SAMPLES / "payments.csv", dtype=str, keep_default_na=False)
        write_outputs(analyze(None, ledger, replicates=100), tmp_path)
        ws = load_workspace(tmp_path)
        assert ws.root is None and ws.findings.empty
        assert len(ws.ledger) > 0 and "amount" in ws.ledger.columns


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the Streamlit child")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_dashboard_signal_stops_the_whole_server(signame, tmp_path):
    """`kill` (SIGTERM), Ctrl+C (SIGINT) and a closed terminal (SIGHUP) stop Streamlit too."""
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path / "invoices"
    folder.mkdir()
    (folder / "a.pdf").write_bytes((SAMPLES / "en-01-bordered-clean.pdf").read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "invoice_lint", "dashboard", str(folder), "--port", str(port),
                                "--no-browser"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the dashboard did not start within 90 s")
        children = child_pids(process.pid)
        assert children, "the Streamlit server should run as a child of invoice-lint"
        process.send_signal(getattr(signal, signame))
        assert process.wait(timeout=30) == 0
        deadline = time.time() + 15
        while any(is_alive(c) for c in children) and time.time() < deadline:
            time.sleep(0.2)
        assert not any(is_alive(c) for c in children), f"Streamlit outlived invoice-lint after {signame}"
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_dashboard_bad_port_is_one_line():
    run = subprocess.run([sys.executable, "-m", "invoice_lint", "dashboard", "--port", "70000"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
    assert "--port" in run.stderr and "Traceback" not in run.stderr


def test_cei_is_shown_as_a_percentage_and_its_change_in_points():
    from invoice_lint.dashboard.analysis import kpi_metrics

    shown = {label: (value, change) for label, value, change, _ in
             kpi_metrics({"dso": "16.3", "best_possible_dso": "4.9", "add": "11.4", "cei": "88.2"},
                         {"dso": "15.0", "best_possible_dso": None, "add": "10.0", "cei": "86.7"})}
    assert shown["CEI"] == ("88.2 %", "+1.5 pp")
    assert shown["DSO"] == ("16.3 d", "+1.3 d") and shown["Best-possible DSO"] == ("4.9 d", None)


def test_the_demo_is_found_outside_a_clone(tmp_path, monkeypatch):
    """An installed wheel ships the demo in invoice_lint/dashboard/demo/ (setup.py copies it)."""
    import invoice_lint
    from invoice_lint.dashboard import workspace

    package = tmp_path / "site" / "invoice_lint"
    (package / "dashboard" / "demo").mkdir(parents=True)
    (package / "dashboard" / "demo" / "payments.csv").write_text("x\n")
    monkeypatch.setattr(invoice_lint, "__file__", str(package / "__init__.py"))
    monkeypatch.setattr(workspace, "__file__", str(package / "dashboard" / "workspace.py"))
    monkeypatch.chdir(tmp_path)
    assert workspace.demo_folder() == package / "dashboard" / "demo"


def test_dashboard_passes_verbose_to_the_app():
    """The app mutes pdfminer's log noise like the CLI does, unless `invoice-lint dashboard -v`."""
    from invoice_lint.commands import dashboard

    assert dashboard.streamlit_command(None, 8501, "127.0.0.1", False)[1]["INVOICE_LINT_VERBOSE"] == "0"
    assert dashboard.streamlit_command(None, 8501, "127.0.0.1", False, True)[1]["INVOICE_LINT_VERBOSE"] == "1"


# --- the first look, and what the cache keeps for the next start ----------------------------------

def test_the_first_look_has_the_complete_analysis_kpis_join_and_aging_without_models():
    from invoice_lint.analytics.api import analyze

    complete = analyze(SAMPLES, SAMPLES / "payments.csv", SAMPLES / "survey.csv", replicates=100)
    first = analyze(None, SAMPLES / "payments.csv", SAMPLES / "survey.csv", traits=complete.traits, models=False)
    assert first.report["kpis"] == complete.report["kpis"]
    assert first.report["rows"] == complete.report["rows"]
    pd.testing.assert_frame_equal(first.joined, complete.joined)
    pd.testing.assert_frame_equal(first.aging, complete.aging)
    assert first.effects.empty and first.curves.empty and first.report["survey"] is None
    assert len(complete.effects) and complete.report["survey"]["themes"]


def test_a_workspace_and_its_analysis_come_from_the_cache_until_a_file_changes(tmp_path, monkeypatch):
    import shutil

    from invoice_lint.analytics.options import AnalysisOptions
    from invoice_lint.dashboard import analysis, workspace
    from invoice_lint.dashboard.analysis import Filters, complete_analysis

    folder = tmp_path / "data"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("en-0*.pdf"))[:4] + [SAMPLES / "payments.csv"]:
        shutil.copyfile(path, folder / path.name)
    store = str(tmp_path / "cache")
    first = workspace.load_workspace_kept(folder, "demo", store)
    assert first.source_key and len(first.traits) == 4
    results = complete_analysis(first, AnalysisOptions(replicates=100), Filters(), store)
    narrowed = complete_analysis(first, AnalysisOptions(replicates=100), Filters(languages=("en",)), store)

    def refuse(*args, **kwargs):
        raise AssertionError("computed again although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(workspace, "load_workspace", refuse)
        patched.setattr(analysis, "run_analysis", refuse)
        again = workspace.load_workspace_kept(folder, "demo", store)
        pd.testing.assert_frame_equal(again.traits, first.traits)
        pd.testing.assert_frame_equal(again.findings, first.findings)
        kept = complete_analysis(again, AnalysisOptions(replicates=100), Filters(), store)
        assert kept[0].report == results[0].report
        assert analysis.kept_analysis(again, AnalysisOptions(replicates=100), Filters(), store)[0].report == results[0].report
        pd.testing.assert_frame_equal(kept[0].effects, results[0].effects)
        assert complete_analysis(again, AnalysisOptions(replicates=100), Filters(languages=("en",)), store)[1].report == \
            narrowed[1].report
    ledger = folder / "payments.csv"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text("".join(lines[:-1]), encoding="utf-8")  # one ledger row less
    changed = workspace.load_workspace_kept(folder, "demo", store)
    assert changed.source_key != first.source_key
    assert analysis.kept_analysis(changed, AnalysisOptions(replicates=100), Filters(), store) is None
    recomputed = complete_analysis(changed, AnalysisOptions(replicates=100), Filters(), store)[0]
    assert recomputed.report["rows"] != results[0].report["rows"]

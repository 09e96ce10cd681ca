"""Reading many files: through the cache, then in this process, on a pool of worker processes
(``--jobs``) or on a Dask cluster (``--dask``).  ``pipeline.read_invoices`` delegates here.

Whatever runs the work, each file gives one result — an ``ExtractedInvoice`` or a ``ReadError`` —
and the results come back in input order, so the output is the same for every ``--jobs`` and for
Dask.  Work is sent in batches of files (one task per batch, not per file).

Worker processes: each batch runs ``read_batch`` in a worker's main thread, so the per-file time
limit (SIGALRM, ``extract.pdf.time_limit``) holds there as in-process.  Workers ignore SIGINT: on
Ctrl-C this process terminates them and re-raises, nothing is left running.  A worker that dies
(a crash in a C library, the OOM killer) breaks the pool; the batches that were in flight are then
read again one file at a time in a fresh single worker, so only a file that kills its reader
again becomes a ReadError, and the run goes on.  Nothing here depends on ``fork``: tasks are
module-level functions with picklable arguments, so the ``spawn`` start method works too.

``check`` also sends its per-document rules (``checks``, an ``engine.DocumentChecks``): the
worker that reads a file runs them on it and sends back a pair (the invoice cut down to what the
cross-document rules read, its per-document outcome), or (ReadError, None); only the
cross-document rules are left for this process, and no whole document crosses between processes.
With a cache, that pair is also stored per file (``cache.store_checked``, keyed by the path, the
content, the read options, the config and the rules), so an unchanged file is neither read nor
checked again, nor its document loaded: the pair comes back as stored.  A file found only in the
extraction cache is checked here.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from invoice_lint.foundation.model import ExtractedInvoice, ReadError

Result = ExtractedInvoice | ReadError
Task = tuple[int, str, str | None]  # (input position, path, content digest or None)

MAX_BATCH = 16  # files per task: big enough to amortise a task, small enough to balance the load
CRASH_CAUSE = ("could not be read (the process reading it stopped abruptly: a crash in a PDF library "
               "or out of memory)")


def cpu_count() -> int:
    """The CPUs this process may use (the default for ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def read_one(path: Path | str, options) -> Result:
    """One file, every failure contained: the file's ReadError instead of an exception."""
    from invoice_lint.extract.pdf import ExtractionFailed
    from invoice_lint.pipeline import _brief, read_invoice

    try:
        return read_invoice(Path(path), options)
    except ExtractionFailed as failed:
        return failed.error
    except Exception as exc:  # noqa: BLE001 - last line of defence: the run goes on
        return ReadError(str(path), "unreadable-pdf", f"could not be read ({_brief(exc)})")


def read_batch(tasks: list[tuple[str, str | None]], options, cache_folder: str | None = None,
               look_up: bool = False, checks=None, checked_folder: str | None = None) -> list:
    """A batch of files (path, content digest) read where this runs — a worker process, a Dask
    worker or this process; successful reads are written to ``cache_folder`` when given.  With
    ``look_up`` (Dask workers, which see the files and the cache folder, the client does not read
    them) the digest is computed here and a cached result is returned without reading.  With
    ``checks`` each result is a pair (``settle``), stored in ``checked_folder`` when given."""
    results = _read_batch(tasks, options, cache_folder, look_up)
    if checks is None:
        return results
    return [settle(result, checks, checked_folder, path, digest) for (path, digest), result in zip(tasks, results)]


def settle(result: Result, checks, checked_folder: str | None = None, path: str | None = None,
           digest: str | None = None) -> tuple:
    """(the invoice as the cross-document rules need it, its per-document outcome), stored per
    file when a folder and the content digest are known; (ReadError, None) for a failed read."""
    if not isinstance(result, ExtractedInvoice):
        return result, None
    kept, outcome = checks.settle(result)
    if checked_folder and digest:
        from invoice_lint.cache import store_checked

        store_checked(checked_folder, path, digest, kept, outcome)
    return kept, outcome


def _read_batch(tasks: list[tuple[str, str | None]], options, cache_folder: str | None,
                look_up: bool) -> list[Result]:
    from invoice_lint.cache import content_digest, entry_path, load_entry, store_entry

    results = []
    for path, digest in tasks:
        if cache_folder and look_up:
            digest = content_digest(Path(path))
            cached = load_entry(entry_path(cache_folder, digest), digest, path) if digest else None
            if cached is not None:
                results.append(cached)
                continue
        result = read_one(path, options)
        if cache_folder and digest and isinstance(result, ExtractedInvoice):
            store_entry(entry_path(cache_folder, digest), digest, result)
        results.append(result)
    return results


def batch_size(files: int, workers: int, most: int = MAX_BATCH) -> int:
    """About four batches per worker (so a slow batch does not idle the others), at most ``most`` files."""
    return max(1, min(most, -(-files // (workers * 4))))


def batches(tasks: list[Task], size: int) -> list[list[Task]]:
    return [tasks[i:i + size] for i in range(0, len(tasks), size)]


def guided_batches(tasks: list[Task], workers: int, most: int = MAX_BATCH) -> list[list[Task]]:
    """Batches that shrink towards the end (each about an eighth of what is left per worker, at
    most ``most``, at least one file): a worker that finishes early then waits for a file or two
    of the other's last batch, not for half a batch of 16."""
    out, start = [], 0
    while start < len(tasks):
        size = max(1, min(most, -(-(len(tasks) - start) // (workers * 4))))
        out.append(tasks[start:start + size])
        start += size
    return out


def read_items(items: list[Path | ReadError], options, progress: bool = False, checks=None) -> list:
    """One result per item, in input order: cached results first, the rest read by
    ``options.dask`` (a cluster), ``options.jobs`` worker processes, or this process.  With
    ``checks``, pairs (result, per-document findings or None): see the module doc."""
    results: list = [(item if checks is None else (item, None)) if isinstance(item, ReadError) else None
                     for item in items]
    bar = _progress(len(items)) if progress else None
    try:
        for index, result in iter_results(items, options, bar, checks):
            results[index] = result
    finally:
        if bar is not None:
            bar.close()
    return results  # type: ignore[return-value]


def iter_results(items: list[Path | ReadError], options, bar=None, checks=None) -> Iterator[tuple[int, object]]:
    """(input position, result) for every file among ``items`` as it is ready; results of a
    cluster or pool arrive batch by batch, so a caller that does not keep them keeps memory flat.
    With ``checks``, each result is a pair (``settle``)."""
    from invoice_lint.cache import ExtractionCache, checked_folder, content_digest, load_checked

    cache = ExtractionCache.open(options.cache_dir, options)
    checked = checked_folder(cache.root, options, checks) if cache is not None and checks is not None else None
    todo: list[Task] = []
    for index, item in enumerate(items):
        if isinstance(item, ReadError):
            _tick(bar)
            continue
        if options.dask:  # the Dask workers read the files and look them up in the cache
            todo.append((index, str(item), None))
            continue
        digest = content_digest(item) if cache is not None else None
        done = load_checked(checked, str(item), digest) if checked and digest else None
        if done is not None:
            _tick(bar)
            yield index, done
            continue
        cached = cache.load(digest, item) if digest else None
        if cached is not None:
            _tick(bar)
            yield index, cached if checks is None else settle(cached, checks, checked, str(item), digest)
        else:
            todo.append((index, str(item), digest))
    if not todo:
        return
    folder = str(cache.folder) if cache is not None else None
    if options.dask:
        from invoice_lint.cluster import dask_results

        source = dask_results(todo, options, folder)
        if checks is not None:  # the per-document rules then run here, after the reading
            source = ((index, settle(result, checks)) for index, result in source)
    elif options.jobs > 1 and len(todo) >= _pool_worth():
        source = pool_results(todo, options, min(options.jobs, len(todo)), folder, checks=checks,
                              checked_folder=checked)
    else:
        source = ((index, read_batch([(path, digest)], options, folder, checks=checks, checked_folder=checked)[0])
                  for index, path, digest in todo)
    for index, result in source:
        _tick(bar)
        yield index, result


def pool_results(todo: list[Task], options, jobs: int, cache_folder: str | None,
                 start_method: str | None = None, checks=None,
                 checked_folder: str | None = None) -> Iterator[tuple[int, object]]:
    """Read ``todo`` on ``jobs`` worker processes, batch by batch, at most two batches per worker
    in flight; (position, result) as each batch finishes (with ``checks``, the worker also runs
    them on each invoice it read: (position, (result, per-document findings)))."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    queue = deque(guided_batches(todo, jobs))
    suspects: list[Task] = []
    job = (options, cache_folder, checks, checked_folder)
    while queue:
        executor = _executor(jobs, start_method, options, job)
        in_flight: dict = {}
        try:
            while queue or in_flight:
                while queue and len(in_flight) < 2 * jobs:
                    batch = queue.popleft()
                    future = executor.submit(_read_job_batch, [(path, digest) for _, path, digest in batch])
                    in_flight[future] = batch
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    batch = in_flight.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        suspects += batch
                        broken = True
                        continue
                    except Exception:  # noqa: BLE001 - e.g. a result that cannot be pickled: read it here
                        results = read_batch([(path, digest) for _, path, digest in batch], options, cache_folder,
                                             checks=checks, checked_folder=checked_folder)
                    yield from ((index, result) for (index, _, _), result in zip(batch, results))
                if broken:  # every batch still in flight went down with the pool
                    for batch in in_flight.values():
                        suspects += batch
                    in_flight.clear()
                    break
        except BaseException:
            _terminate(executor)
            raise
        else:
            if suspects:
                executor.shutdown(wait=True)
            else:
                _let_exit(executor)
        if suspects:
            yield from _isolate(sorted(suspects), options, cache_folder, start_method, checks, checked_folder)
            suspects = []


def _isolate(tasks: list[Task], options, cache_folder: str | None,
             start_method: str | None, checks=None, checked_folder: str | None = None) -> Iterator[tuple[int, object]]:
    """After a worker died: each file of the batches it took down, alone in one worker, so only
    the file that kills its reader again is reported (as unreadable) and the others are read."""
    from concurrent.futures.process import BrokenProcessPool

    executor = None
    job = (options, cache_folder, checks, checked_folder)
    try:
        for index, path, digest in tasks:
            executor = executor or _executor(1, start_method, options, job)
            try:
                result = executor.submit(_read_job_batch, [(path, digest)]).result()[0]
            except BrokenProcessPool:
                _terminate(executor)
                executor = None
                result = ReadError(path, "unreadable-pdf", CRASH_CAUSE)
                result = result if checks is None else (result, None)
            except Exception:  # noqa: BLE001 - not picklable: read it here
                result = read_batch([(path, digest)], options, cache_folder, checks=checks,
                                    checked_folder=checked_folder)[0]
            yield index, result
    except BaseException:
        if executor is not None:
            _terminate(executor)
        raise
    if executor is not None:
        executor.shutdown(wait=True)


_EXITING: list = []  # the threads of pools told to stop but not waited for (``_let_exit``)
_EXITING_JOINED_AT_EXIT: list = []  # [True] once ``_join_exiting`` runs at the interpreter's exit


def _let_exit(executor) -> None:
    """Every result is in: tell the workers to stop and go on without waiting for them to exit
    (30-50 ms), so the caller's cross-document rules and report overlap their exit.  The next
    pool, or the interpreter's exit (concurrent.futures joins its pools then), waits for them:
    ``_start_method`` must not see the pool's thread, nor may a fork copy its locks."""
    thread = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False)
    if thread is not None:
        _wait_at_exit(thread)


def _wait_at_exit(thread) -> None:
    """Join a pool's thread before the next pool starts or, at the latest, at the interpreter's exit."""
    import threading

    if not _EXITING_JOINED_AT_EXIT:
        # before concurrent.futures' own exit hook (they run last registered first), which
        # would otherwise race the pool's thread closing its wake-up pipe (fixed in Python 3.12)
        threading._register_atexit(_join_exiting)
        _EXITING_JOINED_AT_EXIT.append(True)
    _EXITING.append(thread)


def _join_exiting() -> None:
    while _EXITING:
        _EXITING.pop().join()


def _executor(jobs: int, start_method: str | None, options=None, job: tuple | None = None):
    """A pool of ``jobs`` workers, each given ``job`` (what ``_read_job_batch`` reads its batches
    with) once as it starts: inherited by a forked worker, pickled once for a spawned one."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _join_exiting()
    method = start_method or _start_method()
    if method == "fork":
        _import_readers(options)
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_started,
                               initargs=(job,))


def _import_readers(options=None) -> None:
    """Import what reading and checking any file needs before workers fork, so they share it
    instead of each importing it again (``pipeline`` imports the readers only when a file is read:
    a run served from the cache imports none): the readers, the libraries they import on first
    use (pdfium, pdfminer's font metrics, python-stdnum, textstat) and, unless ``options`` name
    the language, the language detector's word weights (every lexicon), which every file's
    language is decided with: each worker's first batch of 16 invoices took 0.50 CPU-s, now 0.43
    (0.31 for 16 later ones).  What depends on a file's language (its lexicon's patterns,
    hyphenation, the CMU dictionary) is still loaded by each worker that meets the language."""
    import pdfminer.fontmetrics  # noqa: F401
    import pypdfium2  # noqa: F401
    import pypdfium2.raw  # noqa: F401
    import stdnum.eu.vat  # noqa: F401
    import stdnum.iban  # noqa: F401

    import invoice_lint.einvoice  # noqa: F401
    import invoice_lint.einvoice.attachments  # noqa: F401
    import invoice_lint.extract.language as language
    import invoice_lint.extract.pdfium_text  # noqa: F401
    import invoice_lint.fields.detect  # noqa: F401
    from invoice_lint.checks import readability

    readability._textstat()
    if options is None or not options.language:
        language.load_evidence()


def _pool_worth() -> int:
    """How many files to read before worker processes pay for starting them: a forked worker
    starts in milliseconds; a spawned one (chosen by itself in a threaded host such as the
    dashboard's server) imports the reader first, about 1 s, which a few dozen PDFs do not win
    back.  A start method asked for by ``INVOICE_LINT_START_METHOD`` is used from two files on."""
    if os.environ.get("INVOICE_LINT_START_METHOD") or _start_method() == "fork":
        return 2
    return 200


def _start_method() -> str:
    """``fork`` on Linux when this process runs no other thread (the CLI: workers start in
    milliseconds and share the loaded lexicons and language model); with other threads running
    (the dashboard's server, a test runner) a fork could copy a lock another thread holds, so
    ``spawn`` (each worker imports the reader once).  ``INVOICE_LINT_START_METHOD`` overrides."""
    import multiprocessing
    import threading

    _join_exiting()  # an earlier pool's workers, still exiting, are no reason to spawn
    methods = multiprocessing.get_all_start_methods()
    chosen = os.environ.get("INVOICE_LINT_START_METHOD")
    if chosen in methods:
        return chosen
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "spawn"


# What sets the thread count of the BLAS numpy brings (OpenBLAS reads the first one set)
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


_JOB: tuple | None = None  # in a worker: (options, cache folder, checks, checked folder) of its pool


def _read_job_batch(tasks: list[tuple[str, str | None]]) -> list:
    """``read_batch`` in a worker, with what its pool gave it as it started (``_JOB``).  A task
    is then only its files' paths and digests: the rules (``checks``, ~43 KB pickled) are not
    pickled into every batch's task and unpickled again by the worker for each batch, and a task
    stays far smaller than the pipe to the workers (64 KB), so the pool's feeder thread never waits
    on a full pipe with several batches queued."""
    options, cache_folder, checks, checked_folder = _JOB
    return read_batch(tasks, options, cache_folder, False, checks, checked_folder)


def _worker_started(job: tuple | None = None) -> None:
    """In each worker: keeps its pool's ``job`` (``_read_job_batch``).  Ctrl-C is the parent's
    business (it terminates the workers).  And one BLAS thread, unless the user set a count: a
    worker imports numpy when its first file needs the language identifier, and numpy's OpenBLAS
    then starts a thread for every CPU (measured in workers: the import 0.074-0.087 CPU-s,
    0.054-0.058 with one thread); the identifier's products are too small for a second thread to
    take part, and the pool already keeps every CPU busy."""
    import signal

    global _JOB
    _JOB = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not any(os.environ.get(name) for name in _BLAS_THREADS):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def _terminate(executor) -> None:
    """Stop every worker now (Ctrl-C, an error): terminate, wait for each, drop queued work, and
    wait for the pool's own thread to wind down (it closes its wake-up pipe as it ends, which
    Python 3.11's exit hook for pools races when that thread is still running: see ``_let_exit``);
    one that is not done within 5 s is left to the exit, after ``_join_exiting``."""
    thread = getattr(executor, "_executor_manager_thread", None)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    # A worker stopped while it was sending a batch's results leaves the pool's thread reading
    # the rest of that message; this process holds the pipe's writing end open too, so the read
    # would wait for ever (and the interpreter's exit with it, which joins that thread): closing
    # this process's writing end ends the read
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if writer is not None:
        try:
            writer.close()
        except OSError:
            pass
    try:
        executor.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001 - already broken: nothing left to stop
        pass
    if thread is not None:
        thread.join(5)
        if thread.is_alive():
            _wait_at_exit(thread)


def _tick(bar) -> None:
    if bar is not None:
        bar.update(1)


def _progress(total: int):
    if total < 2:
        return None
    from tqdm import tqdm  # a core dependency (pyproject.toml)

    tqdm.monitor_interval = 0  # no monitor thread: worker processes can then be forked safely
    return tqdm(total=total, unit="pdf", file=sys.stderr, leave=False, dynamic_ncols=True)


def split_checked(pairs: Iterable[tuple[Result, object]]) -> tuple[list[ExtractedInvoice], list[ReadError], list]:
    """Invoices, read errors, and each invoice's per-document findings (None: not yet checked)."""
    invoices, errors, checked = [], [], []
    for result, outcome in pairs:
        if isinstance(result, ReadError):
            errors.append(result)
        else:
            invoices.append(result)
            checked.append(outcome)
    return invoices, errors, checked


def split(results: Iterable[Result]) -> tuple[list[ExtractedInvoice], list[ReadError]]:
    invoices, errors = [], []
    for result in results:
        (errors if isinstance(result, ReadError) else invoices).append(result)
    return invoices, errors


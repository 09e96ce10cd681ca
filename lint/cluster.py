"""Reading on a Dask cluster: ``--dask tcp://scheduler:8786`` or ``--dask local`` (a LocalCluster).

The files become a ``dask.bag`` whose partitions are batches of paths; the Dask workers read the
files themselves (they must see the same paths: a shared file system), each partition runs
``runner.read_batch``, and the results come back to this process partition by partition, in
input order.  Only a window of partitions (two per worker thread) is computed at a time, so the
scheduler never holds more than a few dozen tasks and this process never holds more results than
its caller keeps: a 100,000-file run is a few thousand partitions, not a 100,000-task graph.

The cache: the workers, not this process, hash each file and look it up in the cache folder,
which (like the input paths) they must see at the same path — a shared file system, or the
same machine with ``--dask local``; ``--no-cache`` when they do not.  Not here: the per-file time
limit (Dask runs tasks in worker threads, where the SIGALRM limit cannot be set; the per-file
memory guards still hold).
"""
from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from functools import partial

from invoice_lint.foundation.errors import UserError
from invoice_lint.runner import Result, Task, batch_size, batches, read_batch

MISSING = 'the --dask option needs Dask, an optional extra: pip install "invoice-lint[dask]"'
MAX_DASK_BATCH = 64  # files per partition: a cluster round trip costs more than a local one
LOCAL = "local"


def require_dask() -> None:
    """Fail before any file is read when Dask is not installed (one line, exit 2)."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UserError(MISSING) from None


def _read_partition(partition: list[tuple[str, str | None]], options, cache_folder: str | None) -> list[Result]:
    return read_batch(list(partition), options, cache_folder, look_up=True)


@contextlib.contextmanager
def connect(address: str, workers: int):
    """A Client for ``address``; ``local`` starts (and afterwards stops) a LocalCluster of
    ``workers`` single-threaded worker processes."""
    import logging

    from distributed import Client, LocalCluster

    if address == LOCAL:
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="15s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UserError(f"--dask {address}: cannot reach the Dask scheduler ({' '.join(str(exc).split())[:160]})") \
            from None
    with client:
        yield client


def dask_results(todo: list[Task], options, cache_folder: str | None = None) -> Iterator[tuple[int, Result]]:
    """(input position, result) for every task, read on the cluster ``options.dask`` names; the
    workers look each file up in ``cache_folder`` (which they must see at the same path) first."""
    require_dask()
    import dask.bag as db
    from distributed import KilledWorker

    from invoice_lint.runner import cpu_count

    with connect(options.dask, options.jobs if options.jobs > 1 else cpu_count()) as client:
        threads = max(1, sum(client.nthreads().values()))
        size = batch_size(len(todo), threads, MAX_DASK_BATCH)
        groups = batches(todo, size)
        bag = db.from_sequence([(path, digest) for _, path, digest in todo], partition_size=size)
        read = partial(_read_partition, options=options, cache_folder=cache_folder)
        partitions = bag.map_partitions(read).to_delayed()
        window: deque = deque()
        submitted = 0
        for group in groups:
            while submitted < len(partitions) and len(window) < 2 * threads:
                window.append(client.compute(partitions[submitted]))
                submitted += 1
            future = window.popleft()
            try:
                results = future.result()
            except KilledWorker:
                results = [None] * len(group)
            finally:
                future.release()
            for (index, path, _), result in zip(group, results):
                yield index, result if result is not None else _lost(path)


def _lost(path: str) -> Result:
    from invoice_lint.foundation.model import ReadError

    return ReadError(path, "unreadable-pdf", "could not be read (the Dask workers reading it died, "
                     "a crash in a PDF library or out of memory)")

"""A simulated large run on Dask: N invoices (the distinct generated invoices repeated under
distinct names, symlinks in folders of 1,000) read through `--dask` machinery by a separate
`dask scheduler` process and a `dask worker` process with --workers single-threaded workers.

The client (this process) walks the folder and consumes `runner.iter_results` one result at a
time, keeping only counts, as a streaming consumer would; the question is whether the client's and
the scheduler's memory stay flat as N grows (a window of partitions in flight, results released
once consumed, no N-task graph).  Peak RSS: the client from getrusage, the scheduler and workers
sampled with psutil every 0.2 s.

By default the workers find every file in a shared extraction cache filled beforehand from the
distinct invoices (each file is still opened, hashed, looked up and its full ExtractedInvoice
unpickled and sent back — the traffic of a real run, without parsing 100,000 PDFs on a shared
2-core machine); --no-cache makes the workers read every PDF (use a smaller --count).

    python benchmarks/dask_scale.py --count 100000 [--small 10000] [--workers 2] [--no-cache]
"""
from __future__ import annotations

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import bulk_invoices  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PeakRss(threading.Thread):
    """Peak resident memory of a process and its descendants, sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.process = psutil.Process(pid)
        self.peak_self = 0
        self.peak_children = 0
        self.stopped = threading.Event()

    def run(self):
        import psutil

        while not self.stopped.is_set():
            try:
                self.peak_self = max(self.peak_self, self.process.memory_info().rss)
                children = 0
                for child in self.process.children(recursive=True):
                    try:
                        children += child.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak_children = max(self.peak_children, children)
            except psutil.Error:
                return
            self.stopped.wait(0.2)


def make_names(sources: list[Path], count: int, folder: Path) -> None:
    for n in range(count):
        sub = folder / f"{n // 1000:04d}"
        if n % 1000 == 0:
            sub.mkdir()
        (sub / f"invoice-{n:06d}.pdf").symlink_to(sources[n % len(sources)])


def consume(folder: Path, address: str, cache_dir: str | None) -> tuple[float, int, int, int]:
    from invoice_lint import runner
    from invoice_lint.pipeline import ReadOptions, iter_pdf_paths

    started = time.perf_counter()
    items = list(iter_pdf_paths([folder]))
    options = ReadOptions(dask=address, cache_dir=cache_dir)
    invoices = errors = fields = 0
    for _, result in runner.iter_results(items, options):
        if hasattr(result, "cause"):
            errors += 1
        else:
            invoices += 1
            fields += len(result.fields.fields)
    return time.perf_counter() - started, invoices, errors, fields


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000, help="a first, smaller run to compare peaks with")
    ap.add_argument("--distinct", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = bulk_invoices(args.distinct, str(tmp / "distinct"))
        cache_dir = None if args.no_cache else str(tmp / "cache")
        if cache_dir:  # fill the shared cache from the distinct invoices, in another process
            subprocess.run([sys.executable, "-c", "import sys; from invoice_lint.pipeline import read_invoices; "
                            f"read_invoices([{str(tmp / 'distinct')!r}], cache_dir={cache_dir!r}, jobs=2)"],
                           check=True)
        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        env = {**os.environ, "DASK_DISTRIBUTED__LOGGING__DISTRIBUTED": "error"}
        scheduler = subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"], stderr=subprocess.DEVNULL, env=env)
        workers = subprocess.Popen(["dask", "worker", address, "--nworkers", str(args.workers), "--nthreads", "1",
                                    "--no-dashboard", "--memory-limit", "0"], stderr=subprocess.DEVNULL, env=env)
        try:
            from distributed import Client

            with Client(address, timeout="60s") as client:
                client.wait_for_workers(args.workers, timeout=120)
            watch_scheduler, watch_workers = PeakRss(scheduler.pid), PeakRss(workers.pid)
            watch_scheduler.start()
            watch_workers.start()
            print(f"distinct invoices: {len(sources)}; workers: {args.workers} x 1 thread; "
                  f"{'shared cache (filled beforehand)' if cache_dir else 'no cache: every PDF read'}")
            for count in [c for c in (args.small, args.count) if c]:
                folder = tmp / f"many-{count}"
                folder.mkdir()
                make_names(sources, count, folder)
                elapsed, invoices, errors, fields = consume(folder, address, cache_dir)
                client_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                print(f"{count:>7} invoices: {elapsed:7.1f} s ({count / elapsed:6.0f} files/s), read {invoices}, "
                      f"errors {errors}, fields {fields}; peak RSS so far: client {client_peak / mb:.0f} MB, "
                      f"scheduler {watch_scheduler.peak_self / mb:.0f} MB, workers "
                      f"{watch_workers.peak_children / mb:.0f} MB (sum of {args.workers})")
            watch_scheduler.stopped.set()
            watch_workers.stopped.set()
        finally:
            for process in (workers, scheduler):
                process.terminate()
            for process in (workers, scheduler):
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

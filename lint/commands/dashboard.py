"""`invoice-lint dashboard [DATA]`: the Streamlit dashboard, on loopback by default."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from invoice_lint.commands import port_number

STOP_SIGNALS = ("SIGTERM", "SIGINT", "SIGHUP")
GRACE_S = 10.0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="?", type=Path, metavar="DATA",
                   help="a folder of invoice PDFs (with payments.csv / survey.csv beside them), or an "
                   "`invoice-lint analyze --out` folder (default: the bundled demo, sample_invoices/)")
    p.add_argument("--port", type=port_number, default=8501, help="port to listen on (default 8501)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; use 0.0.0.0 only on a trusted network)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.epilog = ("Stop it with Ctrl+C, or SIGTERM / SIGHUP: the whole Streamlit server stops with it. "
                "Exit status: 0 stopped; 2 bad usage or missing data; otherwise Streamlit's own exit status.")


def streamlit_command(data: Path | None, port: int, host: str, open_browser: bool,
                      verbose: bool = False) -> tuple[list[str], dict]:
    """The `streamlit run` command line and environment that start the app."""
    import invoice_lint.dashboard as package

    app = Path(package.__file__).with_name("app.py")
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.address", host, "--server.headless", "true" if not open_browser else "false",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--server.maxUploadSize", "200", "--client.toolbarMode", "minimal",
               "--client.showErrorDetails", "none", "--theme.base", "light"]
    env = dict(os.environ)
    env.pop("INVOICE_LINT_DATA", None)
    env["INVOICE_LINT_VERBOSE"] = "1" if verbose else "0"
    if data is not None:
        env["INVOICE_LINT_DATA"] = str(data.resolve())
    return command, env


class _Stop(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _die_with_parent() -> None:
    """In the child, before exec (Linux): get SIGTERM if invoice-lint itself is killed outright."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: the signal handlers below still stop the server
        pass


def start_server(command: list[str], env: dict):
    """Streamlit in its own process group, so that stopping it stops everything it started."""
    import subprocess

    posix = os.name == "posix"
    return subprocess.Popen(command, env=env, start_new_session=posix,
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)


def stop_server(process, grace_s: float = GRACE_S) -> None:
    """SIGTERM to the server's process group, SIGKILL for whatever is still there after ``grace_s``."""
    import signal
    import subprocess

    def signal_group(signum) -> None:
        try:
            if hasattr(os, "killpg"):
                os.killpg(process.pid, signum)
            elif process.poll() is None:
                process.terminate()
        except (ProcessLookupError, PermissionError):
            pass

    signal_group(signal.SIGTERM)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass
    signal_group(getattr(signal, "SIGKILL", signal.SIGTERM))  # the group's stragglers, if any
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        pass


def run(args: argparse.Namespace) -> int:
    import signal

    from invoice_lint.foundation.errors import UserError

    if args.data is not None and not args.data.exists():
        raise UserError(f"{args.data}: no such file or folder")
    if args.data is None:
        from invoice_lint.dashboard.workspace import demo_folder

        if not demo_folder().is_dir():
            raise UserError("the demo data is not installed here; pass a folder: invoice-lint dashboard INVOICES_DIR")
    command, env = streamlit_command(args.data, args.port, args.host, not args.no_browser,
                                     getattr(args, "verbose", False))
    print(f"invoice-lint: dashboard on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)

    def on_signal(signum, _frame):
        raise _Stop(signum)

    names = [name for name in STOP_SIGNALS if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), on_signal) for name in names}
    process = None
    try:
        process = start_server(command, env)
        code = process.wait()
        stop_server(process, grace_s=2.0)  # Streamlit is gone; so is anything it left in its group
        return code
    except (_Stop, KeyboardInterrupt):
        for name in names:  # a second signal must not interrupt the clean-up
            signal.signal(getattr(signal, name), signal.SIG_IGN)
        if process is not None:
            stop_server(process)
        print("invoice-lint: dashboard stopped", file=sys.stderr)
        return 0
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)

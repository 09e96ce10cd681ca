"""`invoice-lint dashboard [DATA]`: the Streamlit dashboard, on loopback by default."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", nargs="?", type=Path, metavar="DATA",
                   help="a folder of invoice PDFs (with payments.csv / survey.csv beside them), or an "
                   "`invoice-lint analyze --out` folder (default: the bundled demo, sample_invoices/)")
    p.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; use 0.0.0.0 only on a trusted network)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.epilog = "Stop it with Ctrl+C. Exit status: 0 stopped; 2 bad usage or missing data."


def streamlit_command(data: Path | None, port: int, host: str, open_browser: bool) -> tuple[list[str], dict]:
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
    if data is not None:
        env["INVOICE_LINT_DATA"] = str(data.resolve())
    return command, env


def run(args: argparse.Namespace) -> int:
    import subprocess

    from invoice_lint.errors import UserError

    if args.data is not None and not args.data.exists():
        raise UserError(f"{args.data}: no such file or folder")
    if args.data is None:
        from invoice_lint.dashboard.workspace import demo_folder

        if not demo_folder().is_dir():
            raise UserError("the demo data (sample_invoices/) is not installed here; pass a folder: "
                            "invoice-lint dashboard INVOICES_DIR")
    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port}: not a port number")
    command, env = streamlit_command(args.data, args.port, args.host, not args.no_browser)
    print(f"invoice-lint: dashboard on http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0

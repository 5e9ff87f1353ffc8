"""Serve the Streamlit app on one host and port, and start/stop it from other scripts.

    python -m server.serve [--host 127.0.0.1] [--port 8501] [--app app.py]
                            [--frame-ancestors "'none'"] [--public-metrics]

Streamlit 1.67 ships an ASGI application class, ``st.App``; this serves it with uvicorn
directly, which keeps Nagle's algorithm off on the websocket (see ``main``). The address
and port are uvicorn's arguments: that mode does not read ``--server.*`` flags. The
project's ``.streamlit/config.toml`` is read because the working directory is set to the
repo root. If ``st.App`` is missing (another Streamlit version), this falls back to
``streamlit run`` with the same address and port.

Every HTTP response gets security headers (CSP, frame-ancestors, nosniff, Referrer-Policy),
``/_stcore/metrics`` answers 404 unless ``--public-metrics``, and control characters in an
upload's file name are neutralised before Streamlit reads it: ``server/guard.py``.
The ``streamlit run`` fallback has none of this (a reverse proxy must add the headers).

``start_server`` / ``wait_healthy`` / ``stop_server`` are what the browser tests, the
load test and the screenshot script use to run their own server on a free port.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from server import guard

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APP = ROOT / "app.py"
LOOPBACK = "127.0.0.1"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the Streamlit app.")
    parser.add_argument("--host", default=LOOPBACK, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    parser.add_argument("--app", default=str(DEFAULT_APP), help="entry script (default app.py)")
    parser.add_argument(
        "--frame-ancestors",
        default=os.environ.get("DTI_FRAME_ANCESTORS", guard.DEFAULT_FRAME_ANCESTORS),
        help="who may show the app in a frame: CSP frame-ancestors sources, e.g. \"'self' "
        "https://portal.example.gov.vn\" (default 'none'; env DTI_FRAME_ANCESTORS)",
    )
    parser.add_argument(
        "--public-metrics",
        action="store_true",
        default=os.environ.get("DTI_PUBLIC_METRICS", "") == "1",
        help="answer /_stcore/metrics (default: 404; env DTI_PUBLIC_METRICS=1)",
    )
    args = parser.parse_args(argv)
    try:
        args.frame_ancestors = guard.parse_frame_ancestors(args.frame_ancestors)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def streamlit_run_command(app: Path, host: str, port: int) -> list[str]:
    """The ``streamlit run`` command line used when ``st.App`` is not available."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true",
        "--server.address", host,
        "--server.port", str(port),
    ]  # fmt: skip


def uvicorn_kwargs() -> dict[str, object]:
    """uvicorn settings matching what Streamlit itself passes (websocket size, pings...)."""
    try:  # private helper of Streamlit 1.67: reads server.* options from config.toml
        from streamlit.web.server.starlette.starlette_server import _get_uvicorn_config_kwargs

        return dict(_get_uvicorn_config_kwargs())
    except (ImportError, AttributeError):
        return {"ws": "websockets-sansio", "ws_max_size": 200 * 2**20, "access_log": False}


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    app = Path(args.app).resolve()
    if not app.is_file():
        sys.exit(f"serve: no Streamlit script at {app}")
    os.chdir(ROOT)  # project-level .streamlit/config.toml is looked up in the cwd

    import streamlit as st

    if not hasattr(st, "App"):
        print("serve: st.App not available, falling back to `streamlit run`", file=sys.stderr)
        cmd = streamlit_run_command(app, args.host, args.port)
        os.execv(cmd[0], cmd)

    import uvicorn

    # What `streamlit run` does for a script: its folder on sys.path, argv naming it.
    sys.path.insert(0, str(app.parent))
    sys.argv = [str(app)]
    asgi_app = st.App(str(app), middleware=guard_middleware(args))
    app_uses_navigation()
    print(f"serve: {app.name} on http://{args.host}:{args.port}", flush=True)
    # uvicorn binds the socket itself here. st.App.run() and `streamlit run` pass uvicorn a
    # socket they created with protocol number 0, and asyncio only sets TCP_NODELAY on
    # connections whose protocol is TCP: Nagle's algorithm then holds small websocket
    # messages back (measured: a trivial rerun took 48 ms that way, 6 ms this way).
    uvicorn.run(asgi_app, host=args.host, port=args.port, **uvicorn_kwargs())


def guard_middleware(args: argparse.Namespace) -> list:
    """Security headers, hidden metrics and upload-name cleaning (server/guard.py)."""
    from starlette.middleware import Middleware
    from streamlit import config

    return [
        Middleware(cls, **options)
        for cls, options in guard.middleware(
            frame_ancestors=args.frame_ancestors,
            metrics_public=args.public_metrics,
            max_upload_mb=int(config.get_option("server.maxUploadSize")),
        )
    ]


def app_uses_navigation() -> None:
    """Tell Streamlit up front that the app declares its pages with ``st.navigation``.

    Streamlit 1.67 sees the ``pages/`` folder and runs the first session of a process in
    its legacy multipage mode, which looks the requested URL path up among file names
    (``ranking``), fails for ``/xep-hang`` and shows a "Page not found" dialog to whoever
    opened a shared link first (the page itself still opens once ``st.navigation`` runs).
    ``st.navigation`` clears the same flag on its first call; clearing it before the first
    session makes every session behave like the later ones. Checked by a browser test.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # another Streamlit version: nothing to do
        return
    PagesManager.uses_pages_directory = False


# --- Helpers for scripts and tests that need their own server ---------------------------


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def start_server(
    port: int,
    *,
    host: str = LOOPBACK,
    app: str | Path = DEFAULT_APP,
    log: IO[bytes] | None = None,
    python: str = sys.executable,
    extra_args: tuple[str, ...] = (),
) -> subprocess.Popen[bytes]:
    """Start ``python -m server.serve`` in the background; output goes to ``log``.

    ``extra_args`` are further options of this script (``--frame-ancestors ...``)."""
    cmd = [python, "-m", "server.serve", "--host", host, "--port", str(port), "--app", str(app)]
    cmd += list(extra_args)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log if log is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl+C in the terminal reaches us, not the server
    )


def wait_healthy(
    base_url: str, proc: subprocess.Popen | None = None, timeout: float = 60.0
) -> float:
    """Poll ``/_stcore/health`` until it answers ``ok``; return the seconds waited.

    Raises ``RuntimeError`` if the server process exits or ``timeout`` [s] passes.
    """
    start = time.monotonic()
    url = base_url.rstrip("/") + "/_stcore/health"
    last_error = "no answer"
    while time.monotonic() - start < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8", "replace").strip()
                if response.status == 200 and body == "ok":
                    return time.monotonic() - start
                last_error = f"HTTP {response.status}: {body[:80]}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s ({last_error})")


def stop_server(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM the server (uvicorn shuts down cleanly), SIGKILL if it does not stop."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def is_loopback_url(url: str) -> bool:
    """True if ``url``'s host is on this machine's loopback (127.0.0.0/8, localhost, ::1)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def rss_kib(pid: int) -> int | None:
    """Resident set size [KiB] of process ``pid`` from ``/proc/<pid>/status`` (Linux)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


if __name__ == "__main__":
    main()

"""Cold start: server process start → the first page's script run finished, over the websocket.

    python -m tools.coldstart [--trials 3] [--page ""] [--target 5]

Each trial starts a fresh server process (``server/serve.py`` on a free loopback port),
then connects to ``/_stcore/stream`` as soon as it accepts connections, asks for the first
run of the page like a browser does and waits for ``script_finished``. It reports, per
trial and as medians: ``connected_s`` (process start → the server accepts the websocket),
``first_page_s`` (process start → first page's script finished; what a user waits for) and
``first_run_s`` (that first script run alone). "Cold" is the process: Python, pandas and the
app's caches start empty; the operating system's file cache is warm after the first trial.

Prints JSON; the exit code is 1 if a trial failed or the median exceeds ``--target`` [s].
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from server.serve import (
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    start_server,
    stop_server,
)
from server.stream_client import client_state, connect, run_once, ws_url

ROOT = Path(__file__).resolve().parent.parent


async def first_page(base_url: str, page: str, started: float, timeout: float) -> dict:
    """Connect as soon as the server accepts, run the page once; times since ``started``."""
    deadline = started + timeout
    while True:
        try:
            async with connect(ws_url(base_url), subprotocols=["streamlit"], max_size=None) as ws:
                connected = time.perf_counter()
                request = client_state(query_string="", page_script_hash="", page_name=page, widgets=[])
                result = await run_once(ws, request, max(1.0, deadline - time.perf_counter()))
                return {
                    "connected_s": round(connected - started, 3),
                    "first_page_s": round(time.perf_counter() - started, 3),
                    "first_run_s": round(result.latency_s, 3),
                    "errors": result.errors,
                }
        except (OSError, ConnectionError) as exc:  # not listening yet
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no websocket within {timeout:g} s ({exc})") from exc
            await asyncio.sleep(0.05)


def trial(page: str, timeout: float) -> dict:
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = start_server(port, app=DEFAULT_APP, log=log)
        try:
            out = asyncio.run(first_page(base_url, page, started, timeout))
        except Exception as exc:  # report, do not hide: the trial counts as failed
            log.seek(0)
            out = {"errors": [f"{type(exc).__name__}: {exc}"], "log_tail": log.read()[-2000:].decode("utf-8", "replace")}
        finally:
            stop_server(proc)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cold start of the app (loopback only).")
    parser.add_argument("--trials", type=int, default=3, help="fresh server processes (3)")
    parser.add_argument("--page", default="", help="URL path of the page ('' = default page)")
    parser.add_argument("--target", type=float, default=5.0, help="median to meet [s] (5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="per trial [s] (120)")
    args = parser.parse_args(argv)
    if not 1 <= args.trials <= 20:
        parser.error("--trials must be 1..20")

    trials = []
    for _ in range(args.trials):
        trials.append(trial(args.page, args.timeout))
    ok = [t for t in trials if not t.get("errors") and "first_page_s" in t]
    median = statistics.median(t["first_page_s"] for t in ok) if ok else None
    summary = {
        "page": args.page or "(default page)",
        "trials": trials,
        "median_first_page_s": median,
        "median_first_run_s": statistics.median(t["first_run_s"] for t in ok) if ok else None,
        "median_connected_s": statistics.median(t["connected_s"] for t in ok) if ok else None,
        "target_s": args.target,
        "target_met": median is not None and median <= args.target,
        "errors": sum(len(t.get("errors", [])) for t in trials),
    }
    print(json.dumps(summary, indent=2))
    return 0 if summary["errors"] == 0 and summary["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Soak test: a long run of reruns over the websocket, cycling through many distinct
scenarios (to fill every cache), while sampling the server's resident memory.

    python -m tools.soak [--sessions 4] [--reruns 250] [--page xep-hang]
                           [--url http://127.0.0.1:PORT --server-pid PID] [--time-cap 1500]

Each session opens the page (default: the rank forecast, which has the levers and the
simulation settings), then sends ``--reruns`` reruns. Every rerun sets the four levers to
new values on their grids; every 7th also changes the pace of the other units, every 11th
the shock scale and every 40th the number of simulation draws (up to the 20,000 cap), so
the shared baseline-field cache and the per-scenario caches see far more distinct keys
than they hold. The server's RSS is read from ``/proc/<pid>/status`` every
``--sample-every`` seconds.

Prints JSON: rss start (after the first page run) / peak / end [MiB], the RSS at each
quarter of the run (a plateau means the caches are capped), reruns done, distinct
scenarios sent, errors, reruns/s and latency. Exit code 1 on any error or when the time
cap is hit. Loopback only, bounded by ``--sessions`` x ``--reruns`` and ``--time-cap``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from server.serve import (
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    is_loopback_url,
    rss_kib,
    start_server,
    stop_server,
    wait_healthy,
)
from server.stream_client import (
    RunResult,
    SliderInfo,
    WidgetState,
    client_state,
    connect,
    run_once,
    ws_url,
)
from tools.loadtest import ms, percentile

ROOT = Path(__file__).resolve().parent.parent

LEVERS = ("lv_infra", "lv_gov", "lv_econ", "lv_soc")
#: (slider key, every how many reruns it changes)
SLOW_KEYS = (("as_pace", 7), ("as_shock", 11), ("draws", 40))


def grid_value(info: SliderInfo, index: int) -> float:
    """The ``index``-th point (wrapping) of a slider's grid."""
    n_steps = max(1, round((info.maximum - info.minimum) / info.step)) if info.step else 1
    return round(info.minimum + (index % (n_steps + 1)) * (info.step or 0.0), 10)


def widget_states(sliders: dict[str, SliderInfo], session: int, rerun: int) -> tuple[list[WidgetState], tuple]:
    """The widget states for one rerun, and the values as a hashable scenario signature."""
    states, signature = [], []
    for i, key in enumerate(LEVERS):
        info = sliders.get(key)
        if info is None:
            continue
        value = grid_value(info, session * 13 + rerun * (3 + 2 * i) + i * 5)
        state = WidgetState(id=info.widget_id)
        state.double_array_value.data.append(value)
        states.append(state)
        signature.append((key, value))
    for key, every in SLOW_KEYS:
        info = sliders.get(key)
        if info is None:
            continue
        value = grid_value(info, session + (rerun // every) * 5)
        state = WidgetState(id=info.widget_id)
        state.double_array_value.data.append(value)
        states.append(state)
        signature.append((key, value))
    return states, tuple(signature)


@dataclass
class Stats:
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    scenarios: set = field(default_factory=set)


async def session(index: int, args: argparse.Namespace, base_url: str, stats: Stats, started: asyncio.Event) -> None:
    try:
        async with connect(ws_url(base_url), subprotocols=["streamlit"], max_size=None) as ws:
            first = await run_once(
                ws,
                client_state(query_string="", page_script_hash="", page_name=args.page, widgets=[]),
                args.rerun_timeout,
            )
            stats.errors += [f"session {index} first run: {e}" for e in first.errors]
            started.set()
            current: RunResult = first
            missing = [k for k in (*LEVERS, *(k for k, _ in SLOW_KEYS)) if k not in first.sliders]
            if missing:
                stats.errors.append(f"session {index}: sliders not found on the page: {missing}")
                return
            for rerun in range(args.reruns):
                states, signature = widget_states(current.sliders or first.sliders, index, rerun)
                stats.scenarios.add(signature)
                request = client_state(
                    query_string="",
                    page_script_hash=current.page_script_hash or first.page_script_hash,
                    page_name="",
                    widgets=states,
                )
                try:
                    result = await run_once(ws, request, args.rerun_timeout)
                except TimeoutError:
                    stats.errors.append(f"session {index} rerun {rerun}: no script_finished in time")
                    return
                stats.latencies_s.append(result.latency_s)
                stats.errors += [f"session {index} rerun {rerun}: {e}" for e in result.errors]
                if result.sliders:
                    current = result
    except Exception as exc:  # connection problems count as errors, reported in the summary
        stats.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
        started.set()


async def sample_rss(pid: int | None, every: float, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    start = time.perf_counter()
    while not stop.is_set():
        value = rss_kib(pid) if pid else None
        if value is not None:
            samples.append((time.perf_counter() - start, value))
        try:
            await asyncio.wait_for(stop.wait(), every)
        except TimeoutError:
            pass


async def soak(args: argparse.Namespace, base_url: str, pid: int | None) -> dict:
    stats = Stats()
    samples: list[tuple[float, int]] = []
    stop = asyncio.Event()
    # first page run of one session, then the rest: "start" RSS is a warmed-up server
    first_started = asyncio.Event()
    tasks = [asyncio.create_task(session(0, args, base_url, stats, first_started))]
    await first_started.wait()
    rss_start = rss_kib(pid) if pid else None
    sampler = asyncio.create_task(sample_rss(pid, args.sample_every, samples, stop))
    begin = time.perf_counter()
    tasks += [
        asyncio.create_task(session(i, args, base_url, stats, asyncio.Event())) for i in range(1, args.sessions)
    ]
    await asyncio.gather(*tasks)
    duration = time.perf_counter() - begin
    stop.set()
    await sampler
    rss_end = rss_kib(pid) if pid else None

    def mib(kib: int | None) -> float | None:
        return None if kib is None else round(kib / 1024, 1)

    values = [v for _, v in samples]
    quarters = [mib(values[min(len(values) - 1, round(q * (len(values) - 1)))]) for q in (0.25, 0.5, 0.75, 1.0)] if values else []
    lat = stats.latencies_s
    return {
        "url": base_url,
        "page": args.page or "(default page)",
        "sessions": args.sessions,
        "reruns_per_session": args.reruns,
        "reruns": len(lat),
        "distinct_scenarios": len(stats.scenarios),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:20],
        "duration_s": round(duration, 1),
        "reruns_per_s": round(len(lat) / duration, 2) if duration > 0 else None,
        "latency_ms": {
            "median": ms(statistics.median(lat)) if lat else None,
            "p95": ms(percentile(lat, 0.95)),
            "max": ms(max(lat)) if lat else None,
        },
        "rss_mib": {
            "start": mib(rss_start),
            "peak": mib(max(values)) if values else None,
            "end": mib(rss_end),
            "at_quarters": quarters,
            "samples": len(values),
        },
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Soak test of the app: memory over a long run (loopback only).")
    parser.add_argument("--sessions", type=int, default=4, help="concurrent sessions (4)")
    parser.add_argument("--reruns", type=int, default=250, help="reruns per session (250)")
    parser.add_argument("--page", default="xep-hang", help="URL path of the page (xep-hang)")
    parser.add_argument("--url", help="soak a running server (loopback only) instead")
    parser.add_argument("--server-pid", type=int, help="pid of that server, for its memory")
    parser.add_argument("--sample-every", type=float, default=1.0, help="RSS sampling period [s] (1)")
    parser.add_argument("--time-cap", type=float, default=1500.0, help="hard cap [s] (1500)")
    parser.add_argument("--rerun-timeout", type=float, default=120.0, help="per run [s] (120)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 50 or not 1 <= args.reruns <= 20_000:
        parser.error("--sessions must be 1..50 and --reruns 1..20000")
    if not 0 < args.time_cap <= 7200:
        parser.error("--time-cap must be in (0, 7200] seconds")
    if args.url and not is_loopback_url(args.url):
        parser.error(f"--url must be a loopback address: {args.url}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    proc = None
    base_url, pid = args.url, args.server_pid
    with tempfile.NamedTemporaryFile(prefix="soak-server-", suffix=".log", delete=False) as log:
        try:
            if base_url is None:
                port = free_port()
                proc = start_server(port, app=DEFAULT_APP, log=log)
                base_url, pid = f"http://{LOOPBACK}:{port}", proc.pid
                wait_healthy(base_url, proc, timeout=60)
            try:
                summary = asyncio.run(asyncio.wait_for(soak(args, base_url, pid), args.time_cap))
            except TimeoutError:
                summary = {"url": base_url, "errors": 1, "error_samples": [f"time cap of {args.time_cap:g} s reached"]}
        finally:
            if proc is not None:
                stop_server(proc)
    print(json.dumps(summary, indent=2))
    if summary["errors"]:
        tail = Path(log.name).read_text(encoding="utf-8", errors="replace")[-4000:]
        print(f"--- server log ({log.name}), last lines ---\n{tail}", file=sys.stderr)
        return 1
    Path(log.name).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

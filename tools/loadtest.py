"""Bounded load test of the app over Streamlit's own websocket protocol, on loopback only.

    python -m tools.loadtest [--sessions 20] [--reruns 20] [--slider-key lv_infra]
                               [--url http://127.0.0.1:PORT] [--time-cap 300]

Each simulated browser session opens ``/_stcore/stream`` (subprotocol ``streamlit``), asks
for the first run of the page like a browser does (a ``BackMsg`` whose ``rerun_script``
``ClientState`` names the page), then moves the slider with key ``--slider-key`` to a new
value ``--reruns`` times, each time sending ``rerun_script`` with the widget state and
waiting for ``script_finished``. Widgets the client does not send keep their values on
the server (a keyed widget missing from ``widget_states`` falls back to the value of the
previous run), which is what a browser resending unchanged values gives too.

The slider is looked for on the page given by ``--page`` (default: the app's default
page), then on every page the app's navigation lists. If no page has it, the sessions
rerun without changing any widget and the summary says so (``slider_found: false``).

Errors: exception elements (``st.exception`` / uncaught exceptions), compile errors,
"page not found", connection failures and reruns that do not finish within
``--rerun-timeout``. The JSON summary on stdout has reruns/s, median and p95 rerun
latency [ms] and the server's resident memory [KiB] before and after (from
``/proc/<pid>/status``; only when this script started the server or ``--server-pid`` is
given). The exit code is 1 if any error was seen or the time cap was hit, 2 for bad
arguments.

``--briefing`` models a room instead (:func:`briefing_plan`): ``--sessions`` (60) audience
sessions open the same link (``--page``, default the presenter view, with ``--query``)
evenly within ``--open-window`` (10 s) and stay connected; then a presenter session moves
the lever ``--slider-key`` every ``--presenter-interval`` (5 s), ``--presenter-moves`` (10)
times, and ``--audience-movers`` (20) of the audience move one lever each. It reports the
audience's connect -> first chart and -> run finished, and the presenter's lever -> first
chart ("keypress -> chart" on the server's side) and round trip (median, p95, max).
``--replicas N`` (> 1) runs the test against N server processes behind HAProxy
(``server/proxy.py``).

Bounded: at most ``--sessions`` x ``--reruns`` reruns, a hard time cap (default 300 s),
and only loopback addresses (127.0.0.0/8, localhost, ::1) are accepted as targets.
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

ROOT = Path(__file__).resolve().parent.parent
MAX_ERROR_SAMPLES = 20


def slider_value(info: SliderInfo, session: int, rerun: int) -> float:
    """A value on the slider's grid that differs from the previous rerun's value."""
    n_steps = max(1, round((info.maximum - info.minimum) / info.step)) if info.step else 1
    index = (session * 7 + rerun * 3 + 1) % (n_steps + 1)
    return round(info.minimum + index * (info.step or (info.maximum - info.minimum)), 10)


# --- Sessions -------------------------------------------------------------------------


@dataclass
class Target:
    """Where the sessions point: the page that has the slider (or the start page)."""

    page_script_hash: str
    page_name: str
    slider_found: bool
    notes: list[str] = field(default_factory=list)


async def discover(args: argparse.Namespace, base_url: str) -> Target:
    """Find the page whose script run shows a slider with ``--slider-key``."""
    async with connect(ws_url(base_url), subprotocols=["streamlit"], max_size=None) as ws:
        first = await run_once(
            ws,
            client_state(
                query_string=args.query, page_script_hash="", page_name=args.page, widgets=[]
            ),
            args.rerun_timeout,
        )
        if first.errors:
            raise RuntimeError(f"first run of page {args.page!r} failed: {first.errors[:3]}")
        if args.slider_key in first.sliders:
            return Target(first.page_script_hash, args.page, True)
        for page_hash, path in first.pages:
            if page_hash == first.page_script_hash:
                continue
            run = await run_once(
                ws,
                client_state(
                    query_string=args.query, page_script_hash=page_hash, page_name="", widgets=[]
                ),
                args.rerun_timeout,
            )
            if args.slider_key in run.sliders and not run.errors:
                return Target(run.page_script_hash, path, True)
    note = (
        f"slider key {args.slider_key!r} not found on any page: "
        "reruns are sent without changing a widget"
    )
    return Target(first.page_script_hash, args.page, False, [note])


@dataclass
class SessionStats:
    latencies_s: list[float] = field(default_factory=list)
    first_run_s: float | None = None
    ok_reruns: int = 0
    errors: list[str] = field(default_factory=list)


async def session(
    index: int, args: argparse.Namespace, base_url: str, target: Target
) -> SessionStats:
    """One simulated browser: first run of the page, then ``--reruns`` slider moves."""
    stats = SessionStats()
    try:
        async with connect(ws_url(base_url), subprotocols=["streamlit"], max_size=None) as ws:
            first = await run_once(
                ws,
                client_state(
                    query_string=args.query,
                    page_script_hash=target.page_script_hash,
                    page_name=target.page_name,
                    widgets=[],
                ),
                args.rerun_timeout,
            )
            stats.first_run_s = first.latency_s
            stats.errors += [f"session {index} first run: {e}" for e in first.errors]
            current = first
            for rerun in range(args.reruns):
                widgets = []
                slider = current.sliders.get(args.slider_key) or first.sliders.get(args.slider_key)
                if target.slider_found and slider is not None:
                    state = WidgetState(id=slider.widget_id)
                    state.double_array_value.data.append(slider_value(slider, index, rerun))
                    widgets.append(state)
                request = client_state(
                    query_string=args.query,
                    page_script_hash=current.page_script_hash or target.page_script_hash,
                    page_name="",
                    widgets=widgets,
                )
                try:
                    result = await run_once(ws, request, args.rerun_timeout)
                except TimeoutError:
                    stats.errors.append(
                        f"session {index} rerun {rerun}: no script_finished "
                        f"within {args.rerun_timeout:g} s"
                    )
                    break  # the socket's message stream is out of step now
                if result.errors:
                    stats.errors += [f"session {index} rerun {rerun}: {e}" for e in result.errors]
                else:
                    stats.ok_reruns += 1
                stats.latencies_s.append(result.latency_s)
                if result.sliders:
                    current = result
    except TimeoutError:
        stats.errors.append(f"session {index}: first run did not finish in time")
    except Exception as exc:  # connection refused/closed, protocol errors
        stats.errors.append(f"session {index}: {type(exc).__name__}: {exc}")
    return stats


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(1000.0 * seconds, 1)


async def load(args: argparse.Namespace, base_url: str, server_pid: int | None) -> dict:
    """Discover the slider, run all sessions concurrently, and summarise."""
    target = await discover(args, base_url)
    rss_before = rss_kib(server_pid) if server_pid else None
    start = time.perf_counter()
    all_stats = await asyncio.gather(
        *(session(i, args, base_url, target) for i in range(args.sessions))
    )
    duration = time.perf_counter() - start
    rss_after = rss_kib(server_pid) if server_pid else None

    latencies = [x for s in all_stats for x in s.latencies_s]
    first_runs = [s.first_run_s for s in all_stats if s.first_run_s is not None]
    errors = [e for s in all_stats for e in s.errors]
    total = len(latencies)
    return {
        "url": base_url,
        "sessions": args.sessions,
        "reruns_per_session": args.reruns,
        "page": target.page_name or "(default page)",
        "slider_key": args.slider_key,
        "slider_found": target.slider_found,
        "notes": target.notes,
        "reruns_done": total,
        "reruns_ok": sum(s.ok_reruns for s in all_stats),
        "errors": len(errors),
        "error_samples": errors[:MAX_ERROR_SAMPLES],
        "duration_s": round(duration, 2),
        "reruns_per_s": round(total / duration, 2) if duration > 0 else None,
        "latency_ms": {
            "median": ms(statistics.median(latencies)) if latencies else None,
            "p95": ms(percentile(latencies, 0.95)),
            "max": ms(max(latencies)) if latencies else None,
            "first_run_median": ms(statistics.median(first_runs)) if first_runs else None,
        },
        "server_rss_kib": {"before": rss_before, "after": rss_after},
    }


# --- Briefing: a room opens one link, the presenter moves levers -------------------------


@dataclass
class BriefingTimes:
    """What the briefing measured [s]; every list is one value per chart/run seen."""

    audience_first_chart: list[float] = field(default_factory=list)  # connect -> first chart
    audience_first_run: list[float] = field(default_factory=list)  # connect -> run finished
    presenter_chart: list[float] = field(default_factory=list)  # lever sent -> first chart
    presenter_run: list[float] = field(default_factory=list)  # lever sent -> run finished
    audience_move_chart: list[float] = field(default_factory=list)
    audience_move_run: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def lever_request(
    args: argparse.Namespace, run: RunResult, target: Target, key: str, value: float
) -> bytes:
    """A rerun request that moves the slider ``key`` (as seen in ``run``) to ``value``."""
    state = WidgetState(id=run.sliders[key].widget_id)
    state.double_array_value.data.append(value)
    return client_state(
        query_string=args.query,
        page_script_hash=run.page_script_hash or target.page_script_hash,
        page_name="",
        widgets=[state],
    )


def first_request(args: argparse.Namespace, target: Target) -> bytes:
    return client_state(
        query_string=args.query,
        page_script_hash=target.page_script_hash,
        page_name=target.page_name,
        widgets=[],
    )


def briefing_plan(args: argparse.Namespace) -> dict[str, list[float]]:
    """When each thing happens [s after the first audience session starts connecting].

    The audience arrives evenly over ``--open-window``; the presenter then moves a lever
    every ``--presenter-interval`` (``--presenter-moves`` times), and the ``--audience-movers``
    (spread over the room) each move one lever once, evenly over the presenter's moves.
    """
    n, window = args.sessions, args.open_window
    arrivals = [window * i / n for i in range(n)]
    presenter = [window + k * args.presenter_interval for k in range(args.presenter_moves)]
    end = presenter[-1] if presenter else window
    movers = min(args.audience_movers, n)
    span = max(end - window, args.presenter_interval)
    mover_at = [window + (j + 0.5) * span / movers for j in range(movers)]
    mover_index = [round(j * n / movers) for j in range(movers)] if movers else []
    return {
        "arrivals": arrivals,
        "presenter": presenter,
        "mover_at": mover_at,
        "mover_index": mover_index,
    }


async def briefing(args: argparse.Namespace, base_url: str, server_pid: int | None) -> dict:
    """The room: see :func:`briefing_plan`. Connections stay open until the end."""
    target = await discover(args, base_url)
    if not target.slider_found:
        raise RuntimeError(f"no slider {args.slider_key!r} on the page: nothing to move")
    plan = briefing_plan(args)
    times = BriefingTimes()
    done = asyncio.Event()  # set when the presenter and every mover are through
    url = ws_url(base_url)
    loop = asyncio.get_running_loop()

    async def until(at: float) -> None:
        await asyncio.sleep(max(0.0, t0 + at - loop.time()))

    async def presenter(ws, first: RunResult) -> None:
        current = first
        for k, at in enumerate(plan["presenter"]):
            await until(at)
            value = slider_value(current.sliders[args.slider_key], 0, k)
            try:
                run = await run_once(
                    ws,
                    lever_request(args, current, target, args.slider_key, value),
                    args.rerun_timeout,
                )
            except TimeoutError:
                times.errors.append(
                    f"presenter move {k}: no script_finished within {args.rerun_timeout:g} s"
                )
                return
            times.errors += [f"presenter move {k}: {e}" for e in run.errors]
            times.presenter_run.append(run.latency_s)
            if run.first_chart_s is None:
                times.errors.append(f"presenter move {k}: no chart in the run")
            else:
                times.presenter_chart.append(run.first_chart_s)
            if args.slider_key in run.sliders:
                current = run

    async def audience(i: int, move_at: float | None, lever: str, moved: asyncio.Event) -> None:
        try:
            await _audience(i, move_at, lever, moved)
        finally:
            moved.set()  # moved, failed or never meant to move: the end need not wait for it

    async def _audience(i: int, move_at: float | None, lever: str, moved: asyncio.Event) -> None:
        await until(plan["arrivals"][i])
        started = time.perf_counter()
        try:
            async with connect(url, subprotocols=["streamlit"], max_size=None) as ws:
                connected = time.perf_counter() - started
                first = await run_once(ws, first_request(args, target), args.rerun_timeout)
                times.errors += [f"audience {i} first run: {e}" for e in first.errors]
                times.audience_first_run.append(connected + first.latency_s)
                if first.first_chart_s is None:
                    times.errors.append(f"audience {i}: no chart in the first run")
                else:
                    times.audience_first_chart.append(connected + first.first_chart_s)
                if move_at is not None:
                    await until(move_at)
                    key = lever if lever in first.sliders else args.slider_key
                    value = slider_value(first.sliders[key], i, 1)
                    run = await run_once(
                        ws, lever_request(args, first, target, key, value), args.rerun_timeout
                    )
                    times.errors += [f"audience {i} move: {e}" for e in run.errors]
                    times.audience_move_run.append(run.latency_s)
                    if run.first_chart_s is not None:
                        times.audience_move_chart.append(run.first_chart_s)
                moved.set()
                await done.wait()  # a phone in the room keeps the page open
        except TimeoutError:
            times.errors.append(
                f"audience {i}: a run did not finish within {args.rerun_timeout:g} s"
            )
        except Exception as exc:  # connection refused/closed, protocol errors
            times.errors.append(f"audience {i}: {type(exc).__name__}: {exc}")

    rss_before = rss_kib(server_pid) if server_pid else None
    async with connect(url, subprotocols=["streamlit"], max_size=None) as presenter_ws:
        # The presenter has the page open before the room arrives.
        presenter_first = await run_once(
            presenter_ws, first_request(args, target), args.rerun_timeout
        )
        if presenter_first.errors or args.slider_key not in presenter_first.sliders:
            raise RuntimeError(f"presenter's first run failed: {presenter_first.errors[:3]}")
        t0 = loop.time()
        start = time.perf_counter()
        levers = sorted(k for k in presenter_first.sliders if k.startswith("lv_")) or [
            args.slider_key
        ]
        movers = dict(zip(plan["mover_index"], plan["mover_at"], strict=True))
        moved = [asyncio.Event() for _ in range(args.sessions)]
        room = [
            asyncio.create_task(audience(i, movers.get(i), levers[i % len(levers)], moved[i]))
            for i in range(args.sessions)
        ]
        await presenter(presenter_ws, presenter_first)
        for event in moved:
            await event.wait()
        done.set()
        await asyncio.gather(*room)
        duration = time.perf_counter() - start
    rss_after = rss_kib(server_pid) if server_pid else None

    def summary(values: list[float]) -> dict:
        return {
            "n": len(values),
            "median": ms(statistics.median(values)) if values else None,
            "p95": ms(percentile(values, 0.95)),
            "max": ms(max(values)) if values else None,
        }

    return {
        "url": base_url,
        "scenario": "briefing",
        "page": target.page_name or "(default page)",
        "query": args.query,
        "audience": args.sessions,
        "open_window_s": args.open_window,
        "presenter_moves": args.presenter_moves,
        "presenter_interval_s": args.presenter_interval,
        "audience_movers": len(plan["mover_index"]),
        "errors": len(times.errors),
        "error_samples": times.errors[:MAX_ERROR_SAMPLES],
        "duration_s": round(duration, 2),
        "audience_first_chart_ms": summary(times.audience_first_chart),
        "audience_first_run_ms": summary(times.audience_first_run),
        "presenter_keypress_to_chart_ms": summary(times.presenter_chart),
        "presenter_round_trip_ms": summary(times.presenter_run),
        "audience_move_to_chart_ms": summary(times.audience_move_chart),
        "audience_move_round_trip_ms": summary(times.audience_move_run),
        "server_rss_kib": {"before": rss_before, "after": rss_after},
    }


# --- Command line ---------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Bounded websocket load test of the Streamlit app (loopback only)."
    )
    parser.add_argument(
        "--sessions", type=int, help="concurrent sessions (20; the briefing's audience: 60)"
    )
    parser.add_argument("--reruns", type=int, default=20, help="reruns per session (20)")
    parser.add_argument("--slider-key", default="lv_infra", help="key of the slider to move")
    parser.add_argument(
        "--page", help="URL path of the start page ('' = default; the briefing: trinh-chieu)"
    )
    parser.add_argument("--query", default="", help="query string sent with every run")
    parser.add_argument("--url", help="test a running server (loopback only) instead")
    parser.add_argument("--server-pid", type=int, help="pid of that server, for its memory")
    parser.add_argument("--app", default=str(DEFAULT_APP), help="entry script to serve")
    parser.add_argument("--time-cap", type=float, default=300.0, help="hard cap [s] (300)")
    parser.add_argument("--rerun-timeout", type=float, default=60.0, help="per run [s] (60)")
    room = parser.add_argument_group("briefing (--briefing): a room opens one link")
    room.add_argument("--briefing", action="store_true", help="run the briefing scenario")
    room.add_argument(
        "--open-window", type=float, default=10.0, help="audience arrives over [s] (10)"
    )
    room.add_argument(
        "--presenter-moves", type=int, default=10, help="presenter's lever moves (10)"
    )
    room.add_argument("--presenter-interval", type=float, default=5.0, help="between them [s] (5)")
    room.add_argument(
        "--audience-movers", type=int, help="audience who move a lever (20, at most --sessions)"
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="server processes to start, behind HAProxy when > 1 (server/proxy.py) (1)",
    )
    args = parser.parse_args(argv)
    if args.sessions is None:
        args.sessions = 60 if args.briefing else 20
    if args.audience_movers is None:
        args.audience_movers = min(20, args.sessions)
    if args.page is None:
        args.page = "trinh-chieu" if args.briefing else ""
    if not 0 <= args.presenter_moves <= 100 or not 0 <= args.audience_movers <= args.sessions:
        parser.error("--presenter-moves must be 0..100 and --audience-movers 0..--sessions")
    if not 0 <= args.open_window <= 120 or not 0.1 <= args.presenter_interval <= 60:
        parser.error("--open-window must be 0..120 s and --presenter-interval 0.1..60 s")
    if not 1 <= args.replicas <= 8 or (args.replicas > 1 and args.url):
        parser.error("--replicas must be 1..8, and is not used with --url")
    if not 1 <= args.sessions <= 200 or not 0 <= args.reruns <= 1000:
        parser.error("--sessions must be 1..200 and --reruns 0..1000")
    if not 0 < args.time_cap <= 1800:
        parser.error("--time-cap must be in (0, 1800] seconds")
    if args.url and not is_loopback_url(args.url):
        parser.error(f"--url must be a loopback address (127.0.0.0/8, localhost, ::1): {args.url}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    proc = None
    log = None
    base_url = args.url
    server_pid = args.server_pid
    cluster = None
    try:
        if base_url is None and args.replicas > 1:
            from server.proxy import start_cluster

            cluster = start_cluster(args.replicas, app=args.app)
            base_url = cluster.url
        elif base_url is None:
            log = tempfile.NamedTemporaryFile(
                prefix="loadtest-server-", suffix=".log", delete=False
            )
            port = free_port()
            proc = start_server(port, app=args.app, log=log)
            base_url = f"http://{LOOPBACK}:{port}"
            wait_healthy(base_url, proc, timeout=60)
            server_pid = proc.pid
        try:
            scenario = briefing if args.briefing else load
            summary = asyncio.run(
                asyncio.wait_for(scenario(args, base_url, server_pid), args.time_cap)
            )
        except TimeoutError:
            summary = {"url": base_url, "errors": 1, "error_samples": [
                f"time cap of {args.time_cap:g} s reached: load test stopped"
            ]}  # fmt: skip
        except Exception as exc:
            summary = {
                "url": base_url,
                "errors": 1,
                "error_samples": [f"{type(exc).__name__}: {exc}"],
            }
        if cluster is not None:
            summary["replicas"] = args.replicas
            summary["replica_rss_kib"] = [rss_kib(r.pid) for r in cluster.replicas]
            summary["replica_logs"] = str(cluster.workdir)
    finally:
        if proc is not None:
            stop_server(proc)
        if cluster is not None:
            from server.proxy import stop_cluster

            stop_cluster(cluster)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if summary["errors"]:
        if log is not None:
            log.flush()
            tail = Path(log.name).read_text(encoding="utf-8", errors="replace")[-4000:]
            print(f"--- server log ({log.name}), last lines ---\n{tail}", file=sys.stderr)
        return 1
    if log is not None:
        Path(log.name).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

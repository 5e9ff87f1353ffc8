"""tools/loadtest.py end to end, small: 2 sessions x 3 reruns against a served app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from server.serve import (
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    start_server,
    stop_server,
    wait_healthy,
)

LOADTEST = "tools.loadtest"  # run as `python -m tools.loadtest`

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served_app(tmp_path_factory):
    """The app on a free loopback port: (base URL, server pid)."""
    log_path = tmp_path_factory.mktemp("loadtest") / "server.log"
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    with open(log_path, "wb") as log:
        proc = start_server(port, app=DEFAULT_APP, log=log)
        try:
            try:
                wait_healthy(url, proc, timeout=60)
            except RuntimeError as exc:
                pytest.fail(f"server did not start: {exc}\n{log_path.read_text()[-3000:]}")
            yield url, proc.pid
        finally:
            stop_server(proc)


def test_loadtest_small_run_has_no_errors(served_app):
    url, pid = served_app
    cmd = [
        sys.executable, "-m", LOADTEST,
        "--url", url, "--server-pid", str(pid),
        "--sessions", "2", "--reruns", "3", "--time-cap", "120",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"loadtest failed:\n{done.stdout}\n{done.stderr}"
    summary = json.loads(done.stdout)

    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["slider_found"] is True, summary["notes"]
    assert summary["reruns_done"] == summary["reruns_ok"] == 6
    latency = summary["latency_ms"]
    assert 0 < latency["median"] <= latency["p95"] <= latency["max"]
    assert summary["reruns_per_s"] > 0
    rss = summary["server_rss_kib"]
    assert rss["before"] > 10_000 and rss["after"] > 10_000  # a Python server: > 10 MiB


def test_loadtest_refuses_a_target_off_loopback():
    cmd = [sys.executable, "-m", LOADTEST, "--url", "http://192.0.2.1:8501", "--reruns", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "loopback" in done.stderr


def test_briefing_scenario_small_room(served_app):
    """The briefing scenario end to end: 4 phones, 2 presenter moves, 2 audience moves."""
    url, pid = served_app
    cmd = [
        sys.executable, "-m", LOADTEST, "--briefing", "--url", url, "--server-pid", str(pid),
        "--sessions", "4", "--open-window", "1", "--presenter-moves", "2",
        "--presenter-interval", "0.5", "--audience-movers", "2", "--time-cap", "120",
    ]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"loadtest failed:\n{done.stdout}\n{done.stderr}"
    summary = json.loads(done.stdout)

    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["page"] == "trinh-chieu" and summary["audience"] == 4
    first_chart, first_run = summary["audience_first_chart_ms"], summary["audience_first_run_ms"]
    assert first_chart["n"] == first_run["n"] == 4
    assert 0 < first_chart["median"] <= first_run["median"]  # the chart comes before the run ends
    assert summary["presenter_keypress_to_chart_ms"]["n"] == summary["presenter_round_trip_ms"]["n"] == 2
    assert summary["audience_move_round_trip_ms"]["n"] == 2
    assert summary["duration_s"] >= 1.0  # the presenter's second move waits for its time


def test_briefing_plan_spreads_the_room_and_the_moves():
    from tools.loadtest import briefing_plan, parse_args

    plan = briefing_plan(parse_args(["--briefing", "--url", "http://127.0.0.1:1"]))
    assert len(plan["arrivals"]) == 60 and plan["arrivals"][0] == 0 and plan["arrivals"][-1] < 10
    assert plan["presenter"] == [10.0 + 5.0 * k for k in range(10)]
    assert len(plan["mover_index"]) == len(set(plan["mover_index"])) == 20
    assert all(10 <= t <= 55 for t in plan["mover_at"])

"""scripts/loadtest.py end to end, small: 2 sessions x 3 reruns against a served app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scripts.serve import (
    DEFAULT_APP,
    LOOPBACK,
    ROOT,
    free_port,
    start_server,
    stop_server,
    wait_healthy,
)

LOADTEST = str(ROOT / "scripts" / "loadtest.py")

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
        sys.executable, LOADTEST,
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
    cmd = [sys.executable, LOADTEST, "--url", "http://192.0.2.1:8501", "--reruns", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "loopback" in done.stderr

"""Several replicas behind HAProxy (server/proxy.py): sticky sessions, failover to a live replica.

Starts 2 replicas and Debian's HAProxy on loopback. Without haproxy the test skips locally
and fails in CI (``CI``/``REQUIRE_BROWSER``), where ``make test`` installs it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.request
from http.cookies import SimpleCookie

import pytest

from server import stream_client as lt
from server.proxy import (
    COOKIE,
    INSTALL_HINT,
    haproxy_config,
    haproxy_path,
    start_cluster,
    stop_cluster,
)
from tools.browser import browser_required

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if haproxy_path() is None:
        message = f"Debian's haproxy is not installed (run: {INSTALL_HINT})"
        if browser_required():
            pytest.fail(f"{message}; CI/REQUIRE_BROWSER is set, so this test may not skip")
        pytest.skip(message)
    running = start_cluster(2, workdir=tmp_path_factory.mktemp("cluster"))
    try:
        yield running
    finally:
        stop_cluster(running)


def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], str | None]:
    """(status, lower-cased headers, the sticky cookie set by this response or None)."""
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers = {k.lower(): v for k, v in response.headers.items()}
        set_cookies = response.headers.get_all("Set-Cookie") or []
        status = response.status
    jar = SimpleCookie()
    for line in set_cookies:
        jar.load(line)
    return status, headers, jar[COOKIE].value if COOKIE in jar else None


def first_run_through(url: str, cookie: str, page: str = "xep-hang") -> lt.RunResult:
    """A websocket session's first run of ``page`` through the proxy, with the sticky cookie."""

    async def run() -> lt.RunResult:
        async with lt.connect(
            lt.ws_url(url), subprotocols=["streamlit"], max_size=None,
            additional_headers={"Cookie": f"{COOKIE}={cookie}"},
        ) as ws:
            return await lt.run_once(
                ws, lt.client_state(query_string="lv_infra=0.05", page_script_hash="", page_name=page, widgets=[]), 60
            )

    # In a thread of its own: Playwright's sync API may run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def test_config_names_every_replica_with_its_cookie_and_health_check():
    config = haproxy_config("127.0.0.1", 8501, [("127.0.0.1", 9001), ("127.0.0.1", 9002)])
    assert "bind 127.0.0.1:8501" in config
    assert "server r1 127.0.0.1:9001 check cookie r1" in config
    assert "server r2 127.0.0.1:9002 check cookie r2" in config
    assert f"cookie {COOKIE} insert indirect" in config and "option redispatch" in config
    assert "uri /_stcore/health" in config and "timeout tunnel" in config


def test_sessions_stick_to_a_replica_and_move_to_the_live_one_when_it_dies(cluster):
    status, headers, cookie = get(cluster.url + "/xep-hang")
    assert status == 200 and cookie in ("r1", "r2")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]  # headers pass the proxy
    for _ in range(3):  # sticky: the same replica answers, no new cookie
        assert get(cluster.url + "/_stcore/health", cookie)[2] is None

    run = first_run_through(cluster.url, cookie)
    assert run.errors == [] and run.first_chart_s is not None
    assert "lv_infra" in run.sliders

    dead = int(cookie[1:]) - 1
    cluster.replicas[dead].kill()
    cluster.replicas[dead].wait(timeout=10)
    live = "r2" if cookie == "r1" else "r1"

    moved = None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # the dead replica's browser asks again
        try:
            status, _, moved = get(cluster.url + "/xep-hang", cookie)
        except OSError:
            status = None
        if status == 200 and moved == live:
            break
        time.sleep(0.5)
    assert status == 200 and moved == live, f"proxy did not move the session: {status}, {moved}"

    run = first_run_through(cluster.url, cookie)  # the old cookie: served by the live replica
    assert run.errors == [] and run.first_chart_s is not None
    for _ in range(3):  # new visitors go to the live replica
        assert get(cluster.url + "/")[2] == live

"""Shared links opened directly: to every page, as the first session of a fresh server and
as a later one, with both ways of starting the app (``make run`` = ``server.serve``, and a
plain ``streamlit run app.py`` as a hosting service runs it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from server.serve import LOOPBACK, ROOT, free_port, start_server, stop_server, wait_healthy

from .conftest import assert_no_error_box, wait_for_app

pytestmark = pytest.mark.browser

#: Every page's address (the overview also at its own path, as its menu entry used to link it).
PAGE_PATHS = ["", "tong-quan", "xep-hang", "muc-tieu", "phuong-phap", "du-lieu", "bao-cao", "so-sanh", "trinh-chieu"]
#: Sessions opened on the warm server before each page's link is opened again.
WARM_SESSIONS = 9


@contextmanager
def fresh_app(mode: str, log_path) -> Iterator[str]:
    """A server that has served nobody yet (a hosted app that just woke up), started as
    ``make run`` starts it (``serve``) or as ``streamlit run app.py`` (``streamlit``)."""
    port = free_port()
    with open(log_path, "ab") as log:
        if mode == "serve":
            proc = start_server(port, log=log)
        else:
            cmd = [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.headless", "true", "--server.address", LOOPBACK, "--server.port", str(port),
            ]  # fmt: skip
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=dict(os.environ, PYTHONUNBUFFERED="1"), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        try:
            wait_healthy(f"http://{LOOPBACK}:{port}", proc, timeout=90)
            yield f"http://{LOOPBACK}:{port}"
        finally:
            stop_server(proc)


def open_link(browser, url: str) -> None:
    """Open ``url`` in a new session (own context) and check what a leader would see first:
    the page's own title, no "Page not found" dialog, no error box."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page, 120_000)
        expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=90_000)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_text("does not seem to exist")).to_have_count(0)
        expect(page.get_by_role("dialog")).to_have_count(0)
        path = urlsplit(page.url).path.strip("/")
        wanted = urlsplit(url).path.strip("/")
        assert path == wanted, f"{url} opened {page.url}"
        assert_no_error_box(page)
    finally:
        context.close()


@pytest.mark.timeout(1800)  # 9 fresh servers and 26 sessions: minutes on a busy 2-core machine
@pytest.mark.parametrize("mode", ["serve", "streamlit"])
def test_every_page_link_opens_without_dialog_first_and_tenth_session(browser, tmp_path, mode):
    """Each page's link as the very first session of a fresh server, then (on the last of
    those servers, warm after nine other sessions) each link again as a later session."""
    log = tmp_path / "server.log"
    paths = PAGE_PATHS
    for path in paths:
        with fresh_app(mode, log) as base:
            open_link(browser, f"{base}/{path}?lang=EN&as_pace=1.2" if path == "xep-hang" else f"{base}/{path}")
            if path != paths[-1]:
                continue
            for index in range(WARM_SESSIONS - 1):  # sessions 2 to 9
                open_link(browser, f"{base}/{paths[index % len(paths)]}")
            for later in paths:  # sessions 10 and on
                open_link(browser, f"{base}/{later}")


def test_first_visitor_of_a_link_to_the_target_page_gets_that_page_and_the_link_values(browser, tmp_path):
    with fresh_app("serve", tmp_path / "server.log") as fresh_server:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{fresh_server}/muc-tieu?lang=en&push_mobile_4g5g=1.5")
            wait_for_app(page, 90_000)
            main = page.get_by_test_id("stMain")
            expect(main.get_by_role("heading", name="Digital-transformation plan targets 2025/2030")).to_be_visible()
            expect(page.get_by_text("Page not found")).to_have_count(0)
            assert_no_error_box(page)
            # the lever of the link is the lever in use: in its slider and in the target's detail
            section = page.get_by_test_id("stExpander").filter(has_text="Universal 4G/5G mobile service · ")
            expect(section).to_contain_text("Lever: 1.5 %/yr extra from 2026")
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text("Target levers (Targets 2025/2030)").click()
            slider = sidebar.get_by_role("slider", name="Universal 4G/5G mobile service")
            expect(slider).to_have_attribute("aria-valuetext", "+1.5 %/yr")
        finally:
            context.close()


#: A shared link on the ranking page: a scenario assumption, a target lever, a mapping strength,
#: a target setting, the language and a saved comparison slot (all bound to the URL by
#: widgets that app.py draws in the sidebar), plus a default (Streamlit keeps it out of the
#: URL) and an invalid value (dropped and named in the notice).
LINK_INPUTS = {
    "as_pace": "1.2",
    "push_mobile_4g5g": "1.5",
    "map_mobile_4g5g": "0.5",
    "trend": "1.5",
    "lang": "EN",
    "cmp_a": "Plan|frame=63",
}
LINK_EXTRA = {"as_shock": "1", "as_persist": "9"}
#: Streamlit 1.67 loads each widget type as its own chunk, mounted after the run has finished.
WIDGET_CHUNKS = re.compile(r"/static/js/(Slider|NumberInput|ButtonGroup)\.[^/]+\.js$")


def _another_session(browser, app_url: str) -> None:
    """Someone else opens the app first: the server is warm and answers the link fast."""
    context = browser.new_context(base_url=app_url)
    try:
        page = context.new_page()
        page.goto("/")
        wait_for_app(page, 90_000)
    finally:
        context.close()


@pytest.mark.parametrize("widgets", ["mounted_late", "as_loaded"])
def test_the_address_bar_keeps_every_scenario_input_across_pages(page, browser, app_url, widgets):
    """Inputs drawn on every page (sidebar) stay in the URL after navigating: the address
    bar copied on any page reproduces the figures.

    The case that lost them (ui/url_sync.py): another session has run, so the link's first
    run finishes before the browser has mounted the sidebar widgets, and the page link is
    clicked in between. ``mounted_late`` makes that certain by holding the widget chunks
    until after the click; ``as_loaded`` clicks as soon as the run has finished.
    """
    _another_session(browser, app_url)
    held = []
    if widgets == "mounted_late":
        page.route(WIDGET_CHUNKS, lambda route: held.append(route))
    link = {**LINK_INPUTS, **LINK_EXTRA}
    page.goto("/xep-hang?" + urlencode(link))
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    if widgets == "mounted_late":
        expect(sidebar.get_by_test_id("stSlider")).to_have_count(0)  # not mounted at the click
    sidebar.get_by_test_id("stSidebarNav").get_by_role("link", name="Overview").click()
    expect(page).to_have_url(re.compile(r"://[^/]+/(tong-quan)?\?"))  # the default page is served at /
    wait_for_app(page)
    for route in held:  # now the widgets may mount
        route.continue_()
    page.unroute(WIDGET_CHUNKS)
    expect(page.get_by_role("heading", name="Hà Tĩnh in the digital-transformation ranking")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]as_pace=1\.2(&|$)"))

    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    assert {k: v for k, v in query.items() if k in LINK_INPUTS} == LINK_INPUTS
    assert not set(query) & set(LINK_EXTRA), "a default or an invalid value came back into the URL"
    # the figures and the widgets keep the same values, the invalid value is still named
    sidebar.get_by_text("Assumptions and simulation").click()
    pace = sidebar.get_by_role("slider", name=re.compile("Pace of the other units"))
    expect(pace).to_have_attribute("aria-valuetext", "1.20")
    expect(page.get_by_test_id("stMain")).to_contain_text("as_persist")
    assert_no_error_box(page)

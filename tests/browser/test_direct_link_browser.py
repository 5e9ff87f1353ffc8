"""A shared link to an inner page, opened as the first session of a fresh server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from scripts.serve import LOOPBACK, free_port, start_server, stop_server, wait_healthy

from .conftest import assert_no_error_box, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture
def fresh_server(tmp_path):
    """A server that has served nobody yet (the case of a hosted app that just woke up)."""
    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        proc = start_server(port, log=log)
        try:
            wait_healthy(f"http://{LOOPBACK}:{port}", proc, timeout=60)
            yield f"http://{LOOPBACK}:{port}"
        finally:
            stop_server(proc)


def test_first_visitor_of_a_link_to_the_target_page_gets_that_page_and_no_dialog(browser, fresh_server):
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

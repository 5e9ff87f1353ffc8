"""A shared link to an inner page, opened as the first session of a fresh server."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

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


@pytest.mark.xfail(
    reason="known issue: after other sessions have run on the server, Streamlit 1.67 can drop bound "
    "parameters from the address bar when the sidebar navigation changes page (the figures keep "
    "them; the share box's link is built from the scenario and carries them, see "
    "test_sharing_browser.py)",
    strict=False,
)
def test_the_address_bar_keeps_every_scenario_input_across_pages(page):
    """Inputs drawn on every page (sidebar) stay in the URL after navigating: the address
    bar copied on any page reproduces the figures."""
    params = {"as_pace": "1.2", "push_mobile_4g5g": "1.5", "map_mobile_4g5g": "0.5", "trend": "1.5", "lang": "EN"}
    page.goto("/xep-hang?" + "&".join(f"{k}={v}" for k, v in params.items()))
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Overview").click()
    expect(page).to_have_url(re.compile(r"://[^/]+/(tong-quan)?\?"))  # the default page is served at /
    wait_for_app(page)
    query = parse_qs(urlsplit(page.url).query)
    assert {k: v[0] for k, v in query.items() if k in params} == params
    assert_no_error_box(page)

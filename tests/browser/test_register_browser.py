"""The shared register in a real browser: one context writes a figure with its department's
editor key, a fresh context sees it on the target page labelled with the department, and a
context with a wrong key is refused and changes nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from server.serve import LOOPBACK, free_port, start_server, stop_server, wait_healthy
from store import Register

from .conftest import assert_no_error_box, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser
DEPARTMENT = "Sở TT&TT"


@pytest.fixture
def register_server(tmp_path, monkeypatch):
    """A server whose register is a SQLite file of this test (the environment is inherited)."""
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    monkeypatch.setenv("HT_REGISTER_URL", url)
    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        proc = start_server(port, log=log)
        try:
            wait_healthy(f"http://{LOOPBACK}:{port}", proc, timeout=60)
            yield f"http://{LOOPBACK}:{port}", Register(url)
        finally:
            stop_server(proc)


def write_figure(page, base: str, key: str, value: str) -> None:
    page.goto(f"{base}/so-dang-ky?lang=en")
    wait_for_app(page, 90_000)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Write to the register (editor key needed)")).to_be_visible()
    key_box = main.locator(".st-key-register_editor_key input")
    key_box.fill(key)
    indicator = main.locator(".st-key-register_indicator")
    indicator.click()
    page.keyboard.type("fiber_households")
    page.keyboard.press("Enter")
    expect(indicator.get_by_role("combobox")).to_have_value(re.compile("^fiber_households"))
    main.locator(".st-key-register_value input").fill(value)
    main.locator(".st-key-register_note input").fill("báo cáo quý III")
    main.get_by_role("button", name="Write to the register").click()


def test_written_figure_reaches_a_fresh_context_wrong_key_changes_nothing(browser, register_server) -> None:
    base, register = register_server
    key = register.add_editor(DEPARTMENT)

    writer = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = writer.new_page()
        write_figure(page, base, key, "91.5")
        expect(page.get_by_text("1 figures written to the register, entered by Sở TT&TT.")).to_be_visible(timeout=60_000)
        # the page shown after the write is still in English, with the new figure
        expect(page.get_by_test_id("stMain").get_by_role("heading", name="Current values")).to_be_visible()
        assert_no_error_box(page)
    finally:
        writer.close()
    assert register.current()[["indicator_id", "year", "value", "department"]].values.tolist() == [
        ["fiber_households", 2025, 91.5, DEPARTMENT]
    ]

    reader = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = reader.new_page()
        page.goto(f"{base}/muc-tieu?lang=en")
        wait_for_app(page, 90_000)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("Using 1 figures from the register")).to_be_visible()
        row = main.locator("tr").filter(has_text="91.5 % (2025)")
        expect(row.first).to_contain_text("📒 register: Sở TT&TT, ")
        save_screenshot(page, "register_target_page_en")
    finally:
        reader.close()

    intruder = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = intruder.new_page()
        write_figure(page, base, key[::-1] + "x", "12")
        expect(page.get_by_text("Wrong editor key for 'Sở TT&TT': nothing was written.")).to_be_visible(timeout=60_000)
        save_screenshot(page, "register_wrong_key_en")
    finally:
        intruder.close()
    history = register.history()
    assert history["value"].tolist() == [91.5] and len(history) == 1

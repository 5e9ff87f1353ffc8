"""The overview page in a real browser: Hà Tĩnh's 2024 ranks, both languages, no outside requests."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_error_box, choose_language, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

# Hà Tĩnh's DTI 2024: 7th of the 34 merged provinces, 11th of the 63 former ones.
RANK_VI = (re.compile(r"Hạng\s*7/34"), re.compile(r"Hạng\s*11/63"))
RANK_EN = (re.compile(r"Rank\s*7/34"), re.compile(r"Rank\s*11/63"))
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def test_overview_shows_2024_ranks_in_vietnamese_by_default(page):
    page.goto("/")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    for rank in RANK_VI:
        expect(main).to_contain_text(rank)
    assert_no_error_box(page)
    save_screenshot(page, "overview_vi")


def test_language_control_switches_to_english(page):
    page.goto("/")
    wait_for_app(page)
    choose_language(page, "en")
    main = page.get_by_test_id("stMain")
    for rank in RANK_EN:
        expect(main).to_contain_text(rank)
    expect(main).not_to_contain_text(RANK_VI[0])
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b", re.IGNORECASE))
    wait_for_app(page)
    assert_no_error_box(page)
    save_screenshot(page, "overview_en")


def test_lang_url_parameter_opens_english(page):
    page.goto("/?lang=en")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    for rank in RANK_EN:
        expect(main).to_contain_text(rank)
    assert_no_error_box(page)


def test_page_load_requests_only_loopback(page):
    """No CDN, web font, telemetry or any other host: everything comes from the app server."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda ws: urls.append(ws.url))
    page.goto("/")
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(RANK_VI[0])
    page.wait_for_timeout(1500)  # late requests: fonts, lazy chunks, usage statistics
    assert urls, "no request was recorded"
    outside = [
        url
        for url in urls
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert not outside, f"requests left the machine: {outside}"

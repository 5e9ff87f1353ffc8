"""Vietnamese numbers as the browser draws them: sliders, chart axes, what a leader reads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_error_box, wait_for_app

pytestmark = pytest.mark.browser

#: A decimal written with a point ("0.25", "+0.37", "0.80"): wrong in the Vietnamese view.
DECIMAL_POINT = re.compile(r"\d\.\d{1,2}(?!\d)")


def visible_slider_texts(page) -> list[str]:
    """The texts Streamlit itself prints on the sliders (thumb value, end labels) that are
    visible to the user."""
    texts = []
    for selector in ('[data-testid="stSliderThumbValue"]', '[data-testid="stSliderTickBar"]'):
        for element in page.locator(selector).all():
            if element.is_visible():
                texts.append(element.inner_text())
    return texts


def test_presenter_levers_and_axis_in_vietnamese(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, base_url=app_url)
    try:
        page = context.new_page()
        page.goto("/trinh-chieu?lv_gov=0.1")
        wait_for_app(page, 90_000)
        main = page.get_by_test_id("stMain")
        lever = main.get_by_role("slider", name=re.compile("Hoạt động chính quyền số"))
        expect(lever).to_have_attribute("aria-valuetext", "+0,10")
        expect(main).to_contain_text(re.compile(r"Hoạt động chính quyền số: \+0,10 \(0,00 – \+0,37\)"))
        assert visible_slider_texts(page) == []  # Streamlit's "+0.10" / "+0.37" are not shown
        # the chart's axis: every 25 %, with the Vietnamese percent sign
        chart = main.get_by_test_id("stVegaLiteChart").first
        expect(chart.locator("svg.marks")).to_have_count(1, timeout=60_000)
        axis_text = chart.locator("svg.marks").text_content()
        for tick in ("25\u202f%", "50\u202f%", "75\u202f%", "100\u202f%"):
            assert tick in axis_text, axis_text[:300]
        assert not DECIMAL_POINT.search(main.inner_text())
        assert_no_error_box(page)
    finally:
        context.close()


def test_goal_seek_slider_and_overview_axis_in_vietnamese(page):
    page.goto("/xep-hang")
    wait_for_app(page, 90_000)
    main = page.get_by_test_id("stMain")
    goal = main.get_by_role("slider", name=re.compile("Khả năng mong muốn"))
    expect(goal).to_have_attribute("aria-valuetext", "80\u00a0%")
    expect(main).to_contain_text("Khả năng mong muốn: 80 % (50 % – 95 %)")
    goal.focus()
    page.keyboard.press("ArrowRight")
    expect(goal).to_have_attribute("aria-valuetext", "85\u00a0%", timeout=60_000)
    expect(main).to_contain_text("Khả năng mong muốn: 85 %")
    assert visible_slider_texts(page) == []
    assert not DECIMAL_POINT.search(main.inner_text()), DECIMAL_POINT.findall(main.inner_text())[:5]
    assert_no_error_box(page)

    page.goto("/")
    wait_for_app(page, 90_000)
    main = page.get_by_test_id("stMain")
    charts = main.get_by_test_id("stVegaLiteChart")
    expect(charts.nth(1).locator("svg.marks")).to_have_count(1, timeout=60_000)
    components = charts.nth(1).locator("svg.marks").text_content()
    assert "0,25" in components and "0,75" in components and "0.25" not in components
    for line in ("◆ Hoạt động", "chính quyền số", "xã hội số", "An toàn thông"):
        assert line in components, components[:400]
    assert not DECIMAL_POINT.search(main.inner_text())

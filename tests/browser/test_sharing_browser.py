"""Sharing in a real browser: the link round trip (keyboard lever move → URL → new browser
context → the same big numbers), the copy-link box, a preset click, the language switch on
the comparison page, and the presenter view on a 1280×720 projector."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import expect

from model import engine
from model.data import load_dataset
from model.scenario import Scenario, default_scenario
from model.study import build_study
from text.i18n import fmt_pct

from .conftest import (
    assert_no_error_box,
    choose_language,
    save_screenshot,
    wait_for_app,
    wait_for_rerun,
)

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
LEVER_LABELS = ("Digital infrastructure", "Digital government activity", "Digital economy activity", "Digital society activity")


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def S(ds, **changes) -> Scenario:
    """The study's default scenario with ``changes``."""
    return default_scenario(build_study(ds), **changes)


def p_goal(ds, scenario: Scenario) -> float:
    """P(goal rank in the goal year) straight from the model (same seed and draws as the app)."""
    study = build_study(ds)
    goal = scenario.with_values(top_n=min(study.goal_rank, scenario.frame), year=study.goal_year)
    return float(engine.rank_forecast(ds, study, goal).scenario.p_top[-1])


def big_numbers(page) -> list[str]:
    """The presenter's three big numbers and their details, as shown."""
    values = page.locator(".dti-big-value")
    expect(values).to_have_count(3)
    return [v.inner_text() for v in values.all()] + [d.inner_text() for d in page.locator(".dti-big-detail").all()]


def metric_value(page, label: str):
    """The value element of the metric labelled ``label`` in the main area."""
    metric = page.get_by_test_id("stMain").get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue")


def click_button(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    wait_for_rerun(page)


def test_keyboard_lever_move_goes_into_the_url_and_the_url_reproduces_the_big_numbers(page, browser, app_url, ds):
    page.goto("/trinh-chieu?lang=EN")
    wait_for_app(page)
    first = page.locator(".dti-big-value").first
    expect(first).to_have_text(fmt_pct(p_goal(ds, S(ds)), "en"))
    slider = page.get_by_test_id("stMain").get_by_role("slider", name="Digital society activity")
    slider.focus()
    for _ in range(10):  # 10 steps of 0.01
        page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"[?&]lv_soc=0\.1(&|$)"))
    expect(first).to_have_text(fmt_pct(p_goal(ds, S(ds, levers={"society_activity": 0.1})), "en"))
    wait_for_app(page)
    shown = big_numbers(page)
    link = page.url

    other = browser.new_context(viewport=PROJECTOR, base_url=app_url)
    try:
        fresh = other.new_page()
        fresh.goto(link)
        wait_for_app(fresh)
        expect(fresh.locator(".dti-big-value").first).to_have_text(shown[0])
        assert big_numbers(fresh) == shown
        expect(fresh.get_by_test_id("stMain").get_by_role("slider", name="Digital society activity")).to_have_attribute(
            "aria-valuetext", "+0.10"
        )
        assert_no_error_box(fresh)
    finally:
        other.close()


def test_copy_link_box_carries_inputs_the_page_does_not_show(page, browser, app_url, ds):
    """The share box's link carries every input that differs from the defaults, whatever the
    page shows, and opening that link shows the same figure."""
    page.goto("/?lang=EN")
    wait_for_app(page)
    label = "Chance of Top 15 in 2030"
    click_button(page, "Stalled")
    expected = fmt_pct(p_goal(ds, S(ds, others_pace=1.5, trend_multiplier=0.0)), "en")
    expect(metric_value(page, label)).to_have_text(expected)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Copy link").click()
    code = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")  # mounted when opened
    expect(code).to_contain_text("as_pace=1.5")
    link = code.inner_text().strip()
    assert parse_qs(urlsplit(link).query) == {"lang": ["EN"], "as_pace": ["1.5"], "trend": ["0"]}

    other = browser.new_context(base_url=app_url)
    try:
        fresh = other.new_page()
        fresh.goto(link)
        wait_for_app(fresh)
        expect(metric_value(fresh, label)).to_have_text(expected)
        assert_no_error_box(fresh)
    finally:
        other.close()


def test_a_preset_click_moves_the_levers_and_reset_brings_the_baseline_back(page, ds):
    page.goto("/xep-hang?lang=EN")
    wait_for_app(page)
    label = "Chance of Top 15 in 2030"
    baseline = fmt_pct(p_goal(ds, S(ds)), "en")
    expect(metric_value(page, label)).to_have_text(baseline)
    click_button(page, "Accelerated")
    sidebar = page.get_by_test_id("stSidebar")
    for name in LEVER_LABELS:
        expect(sidebar.get_by_role("slider", name=name)).to_have_attribute("aria-valuetext", "+0.06")
    expect(page).to_have_url(re.compile(r"lv_infra=0\.06"))
    levers = dict.fromkeys(("infrastructure", "gov_activity", "econ_activity", "society_activity"), 0.06)
    accelerated = fmt_pct(p_goal(ds, S(ds, trend_multiplier=1.5, levers=levers)), "en")
    expect(metric_value(page, label)).to_have_text(accelerated)
    assert int(accelerated.rstrip("%")) >= 90
    expect(sidebar).to_contain_text("In use: Accelerated")

    click_button(page, "Baseline")
    expect(metric_value(page, label)).to_have_text(baseline)
    expect(page).not_to_have_url(re.compile(r"lv_infra="))
    assert_no_error_box(page)


def test_the_language_switch_translates_the_comparison_and_keeps_the_slots(page, ds):
    slot = "Slow|" + "as_pace=1.5&trend=0"
    page.goto("/so-sanh?cmp_a=" + quote(slot, safe=""))
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="A · Slow")).to_be_visible()
    expect(main.get_by_role("heading", name="Đang xem")).to_be_visible()
    slow_vi = fmt_pct(p_goal(ds, S(ds, others_pace=1.5, trend_multiplier=0.0)), "vi")
    expect(main.get_by_test_id("stMetric").filter(has_text="Khả năng vào Top 15 năm 2030").nth(1)).to_contain_text(slow_vi)
    # the slot boxes are drawn after the page: on this first run the link carries the slot too
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sao chép liên kết").click()
    expect(page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")).to_contain_text("cmp_a=Slow")
    page.keyboard.press("Escape")

    choose_language(page, "en")
    expect(main.get_by_role("heading", name="Shown now")).to_be_visible()
    expect(main.get_by_role("heading", name="A · Slow")).to_be_visible()
    slow_en = fmt_pct(p_goal(ds, S(ds, others_pace=1.5, trend_multiplier=0.0)), "en")
    expect(main.get_by_test_id("stMetric").filter(has_text="Chance of the Top 15 in 2030").nth(1)).to_contain_text(slow_en)
    expect(page).to_have_url(re.compile(r"[?&]lang=EN\b"))
    expect(page).to_have_url(re.compile(r"[?&]cmp_a=Slow"))
    assert_no_error_box(page)
    save_screenshot(page, "compare_en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_presenter_view_fits_a_1280x720_projector(browser, app_url, ds, lang):
    context = browser.new_context(viewport=PROJECTOR, base_url=app_url)
    try:
        page = context.new_page()
        page.goto(f"/trinh-chieu?lang={lang.upper()}&lv_gov=0.1")
        wait_for_app(page)
        expected = fmt_pct(p_goal(ds, S(ds, levers={"gov_activity": 0.1})), lang)
        expect(page.locator(".dti-big-value").first).to_have_text(expected)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        main = page.get_by_test_id("stMain")
        chart = main.get_by_test_id("stVegaLiteChart")
        expect(chart).to_have_count(1)
        expect(chart.locator("canvas, svg").first).to_be_visible()
        sliders = main.get_by_role("slider")
        expect(sliders).to_have_count(4)
        # everything the room must read is inside the 720-pixel-high screen, without scrolling
        for element in [*page.locator(".dti-big").all(), chart, *sliders.all()]:
            box = element.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], box
            assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"], box
        size = page.locator(".dti-big-value").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 64, f"big numbers must be readable from the back of the room: {size}px"
        assert_no_error_box(page)
        save_screenshot(page, f"presenter_{lang}_1280x720")
    finally:
        context.close()

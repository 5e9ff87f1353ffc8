"""Exports in a real browser: the briefing file (its big numbers, offline, one A4 page),
a chart's PNG and a table's CSV from the ranking page, and every page in both languages
with screenshots (artifacts/screenshots/)."""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from tools.browser import VIEWPORT, nav_links

from .conftest import assert_no_error_box, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

PARAMS = "lv_soc=0.2&top=10"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _metric_values(page, count: int) -> list[str]:
    """The texts of the page's ``count`` big numbers, once all are drawn (the run may have
    finished before the browser has mounted them)."""
    values = page.get_by_test_id("stMetricValue")
    expect(values).to_have_count(count)
    expect(values.nth(count - 1)).to_be_visible()
    return [text.strip() for text in values.all_inner_texts()]


def _download(page, key: str, tmp_path, timeout: float = 60_000):
    """Click the download button with widget key ``key``; return the saved file's path."""
    with page.expect_download(timeout=timeout) as info:
        # Streamlit keeps a hidden copy of a content-width button (for measuring): click the shown one
        page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)} button").filter(visible=True).click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_briefing_download_has_the_numbers_works_offline_and_prints_on_one_a4_page(page, browser, tmp_path):
    page.goto(f"/xep-hang?{PARAMS}")
    wait_for_app(page)
    ranking = _metric_values(page, 3)
    assert ranking[0].endswith("%")

    page.goto(f"/bao-cao?{PARAMS}")
    wait_for_app(page)
    shown = _metric_values(page, 3)
    assert shown[:2] == ranking[:2]  # P(Top 10 in 2030) and the median rank, as on the ranking page
    assert_no_error_box(page)

    path = _download(page, "download_briefing", tmp_path)
    assert re.fullmatch(r"bao-cao-dti-ha-tinh-\d{4}-\d{2}-\d{2}\.html", path.name), path.name
    text = path.read_bytes().decode("utf-8")
    for value in shown:
        assert f">{value}<" in text, value
    assert "<dt>Top N:</dt> <dd>10</dd>" in text
    assert "<dd>+0,20</dd>" in text
    assert re.search(r'<a href="http://127\.0\.0\.1:\d+/\?[^"]*lv_soc=0\.2', text)
    assert "Chuyển đổi số Hà Tĩnh" in text and "Hạ tầng số" in text

    # Open the file with every request other than file:// refused: it must not need any.
    context = browser.new_context(viewport={"width": 900, "height": 1300})
    requests: list[str] = []
    try:
        context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        offline = context.new_page()
        offline.on("request", lambda request: requests.append(request.url))
        offline.goto(path.as_uri())
        expect(offline.locator("h1")).to_have_text("Chuyển đổi số Hà Tĩnh: kịch bản đến 2030")
        expect(offline.locator("figure svg")).to_have_count(2)
        for value in shown:
            expect(offline.locator(".big")).to_contain_text(value)
        assert [url for url in requests if not url.startswith("file:")] == []
        pdf = offline.pdf(format="A4")
        assert _pdf_pages(pdf) == 1
        save_screenshot(offline, "briefing_file_vi")
    finally:
        context.close()


def test_ranking_page_chart_png_and_table_csv_downloads(page, tmp_path):
    page.goto(f"/xep-hang?{PARAMS}")
    wait_for_app(page)
    png = _download(page, "dl_p_chart_png", tmp_path)
    assert png.name == "p-top-by-year.png"
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    table = _download(page, "dl_near_table_csv", tmp_path).read_bytes()
    assert table.startswith(codecs.BOM_UTF8)
    lines = table.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("# ") and "# top_n: 10" in lines and "# levers.society_activity: 0.2" in lines
    assert any(line.startswith("unit_id,") or ",unit_name" in line for line in lines)
    assert_no_error_box(page)


def _slug(href: str) -> str:
    return urlsplit(href).path.strip("/").replace("/", "_") or "home"


def test_every_page_in_both_languages_without_error(page, app_url):
    page.set_viewport_size(VIEWPORT)
    page.goto("/")
    wait_for_app(page)
    hrefs = nav_links(page)
    paths = {urlsplit(href).path.strip("/") for href in hrefs}
    assert {"xep-hang", "phuong-phap", "du-lieu", "bao-cao"} <= paths, hrefs
    for number, href in enumerate(hrefs, start=1):
        url = urljoin(app_url + "/", href)
        titles: dict[str, str] = {}
        for lang in ("vi", "en"):
            # by the link parameter: a presenter view may hide the sidebar's language control
            page.goto(url if lang == "vi" else f"{url}{'&' if '?' in url else '?'}lang=en")
            wait_for_app(page)
            heading = page.get_by_test_id("stMain").locator("h1").first
            expect(heading).to_be_visible()
            titles[lang] = heading.inner_text().strip()
            page.wait_for_timeout(500)  # charts (Vega) draw after the script run
            assert_no_error_box(page)
            save_screenshot(page, f"page_{number:02d}_{_slug(url)}_{lang}")
        assert titles["vi"] != titles["en"], f"{url}: the title is not translated ({titles['vi']!r})"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fullest_briefing_still_prints_on_one_a4_page(browser, tmp_path, lang):
    """Every optional row present (pushes, edited strengths, entered figures, other status
    method) and the longest link: still one A4 page (built in-process, no server)."""
    from datetime import date

    from model.data import load_dataset
    from model.scenario import default_scenario
    from model.study import build_study
    from ui import export

    study = build_study(load_dataset())
    ids = sorted(study.target_ids)
    scenario = default_scenario(
        study, frame=63, levers={"society_activity": 0.2, "gov_activity": 0.1}, others_pace=1.25, trend_multiplier=1.5,
        status_method="un2023", pushes=tuple((i, 2.5) for i in ids), strengths=tuple((i, 0.35) for i in ids),
    )  # fmt: skip
    observations = (("level4_services_share", 2023, 55.0, "", ""), ("fiber_households", 2024, 70.0, "", ""))
    link = "http://127.0.0.1:8501/?" + "&".join(f"{k}={v}" for k, v in scenario.to_params(study).items()) + "&lang=en"
    doc = export.briefing_document(scenario, lang, observations, link, date(2026, 11, 24))
    path = tmp_path / doc.file_name
    path.write_text(doc.html, encoding="utf-8")
    context = browser.new_context()
    try:
        context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
        page = context.new_page()
        page.goto(path.as_uri())
        expect(page.locator("table.targets tbody tr")).to_have_count(len(ids))
        assert _pdf_pages(page.pdf(format="A4")) == 1
    finally:
        context.close()

"""Issue 16 in a real browser: the served app's security headers and CSP, framing, and
hostile uploads (a NUL byte in the file name, an empty file, a file whose extension lies).

The app is served by ``server/serve.py`` (the ``app_url`` fixture), whose middleware
(``server/guard.py``) sets the headers and cleans upload file names.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_error_box, wait_for_app, wait_for_rerun

pytestmark = pytest.mark.browser

PAGES = ["tong-quan", "xep-hang", "muc-tieu", "phuong-phap", "du-lieu", "bao-cao", "so-sanh", "trinh-chieu"]
PAGES_WITH_CHARTS = {"tong-quan", "xep-hang", "muc-tieu", "trinh-chieu"}
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
GOOD_CSV = b"indicator_id,year,value\nfiber_households,2024,80\n"
REPORT_CSP = """
document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile);
});
"""


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def assert_security_headers(headers: dict[str, str], where: str) -> None:
    csp = headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
    assert not re.search(r"https?://", csp), f"{where}: external origin in the CSP: {csp}"
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "same-origin", where


def test_every_kind_of_response_carries_the_headers_and_metrics_are_hidden(app_url):
    status, headers, html = fetch(app_url + "/xep-hang?lv_infra=0.05")
    assert status == 200
    assert_security_headers(headers, "page")
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', html).group(1).decode()
    for path in (script, "_stcore/health", "_stcore/host-config", "favicon.png", "no-such-file.js"):
        status, headers, _ = fetch(f"{app_url}/{path}")
        assert status in (200, 404), path
        assert_security_headers(headers, path)
    status, headers, body = fetch(app_url + "/_stcore/metrics")
    assert status == 404 and b"cache_memory" not in body
    assert_security_headers(headers, "metrics")


def test_no_page_breaks_the_content_security_policy(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, base_url=app_url)
    context.add_init_script(REPORT_CSP)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    try:
        for path in PAGES:
            page.goto(f"/{path}?lang=EN&lv_gov=0.02")
            wait_for_app(page)
            if path in PAGES_WITH_CHARTS:
                expect(page.locator(CHART).first).to_be_visible()
            if path == "xep-hang":  # a lever moved with the keyboard, the link popover opened
                page.get_by_role("slider", name=re.compile("Digital infrastructure")).first.press("ArrowRight")
                wait_for_rerun(page)
                page.get_by_role("button", name=re.compile("Copy link")).first.click()
                expect(page.get_by_test_id("stCode").first).to_be_visible()
            page.wait_for_timeout(500)  # late violations (fonts, images) reach the console
            assert_no_error_box(page)
            violations = [m for m in messages if "Content Security Policy" in m or "CSP violation" in m]
            assert violations == [], f"/{path}: {violations[:5]}"
    finally:
        context.close()


def framed_app(browser, app_url: str, *, strip_headers: bool) -> tuple[str, int]:
    """Open a page of another origin that frames the app: (the frame's URL, app elements in it).

    With ``strip_headers`` the app's page reaches the frame without its CSP and
    X-Frame-Options (the control: it shows that a frame the browser allows does load).
    """
    context = browser.new_context()
    parent = "http://parent.invalid/"
    context.route(parent, lambda route: route.fulfill(
        content_type="text/html", body=f'<iframe id="app" src="{app_url}/" width="800" height="600"></iframe>'
    ))  # fmt: skip
    if strip_headers:

        def without_headers(route):
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-security-policy", "x-frame-options")}
            route.fulfill(response=response, headers=headers)

        context.route(f"{app_url}/", without_headers)
    try:
        page = context.new_page()
        page.goto(parent)
        frame = page.frame_locator("#app")
        try:
            frame.locator('[data-testid="stApp"]').first.wait_for(state="attached", timeout=8_000)
        except Exception:  # blocked: nothing to wait for
            pass
        framed = [f for f in page.frames if f != page.main_frame]
        assert framed, "the iframe was not created"
        return framed[0].url, frame.locator('[data-testid="stApp"]').count()
    finally:
        context.close()


def test_another_site_cannot_show_the_app_in_a_frame(browser, app_url):
    url, app_elements = framed_app(browser, app_url, strip_headers=False)
    assert app_elements == 0 and url.startswith("chrome-error://"), (url, app_elements)
    url, app_elements = framed_app(browser, app_url, strip_headers=True)  # the control
    assert app_elements == 1 and url.startswith(app_url), (url, app_elements)


def upload(page, index: int, name: str, data: bytes, mime: str) -> None:
    page.locator(UPLOAD_INPUT).nth(index).set_input_files({"name": name, "mimeType": mime, "buffer": data})
    wait_for_rerun(page, timeout=60_000, start_timeout=5_000)  # a loaded 2-core machine


def entered_count(page) -> str:
    metric = page.get_by_test_id("stMain").get_by_test_id("stMetric").filter(has_text="Figures entered by users")
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_hostile_uploads_get_a_clear_message_and_keep_what_was_entered(page):
    page.goto("/muc-tieu?lang=EN&lv_infra=0.05")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    page.wait_for_selector(f'[data-testid="stMain"] {UPLOAD_INPUT}', state="attached")
    figures_box = 1  # the sidebar's scenario-file box comes first in the page
    # the sidebar's box is drawn after the page (app.py's finally block): wait for both
    expect(page.locator(UPLOAD_INPUT)).to_have_count(2, timeout=30_000)

    upload(page, figures_box, "so-lieu.csv", GOOD_CSV, "text/csv")
    expect(main.get_by_text("File so-lieu.csv: 1 valid rows kept")).to_be_visible()
    assert entered_count(page) == "1"

    cases = [
        ("a\x00b.csv", GOOD_CSV, "Could not read a�b.csv: The file name has a control or invalid character (at position 2)"),
        ("trong.csv", b"", "Could not read trong.csv: The file is empty."),
        ("anh.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "Could not read anh.csv: The file is not a CSV or Excel"),
        ("bang.xlsx", GOOD_CSV, "Could not read bang.xlsx: The Excel file is damaged or not a valid .xlsx"),
    ]
    for name, data, message in cases:
        upload(page, figures_box, name, data, "text/csv")
        expect(main.get_by_text(message)).to_be_visible()
        assert_no_error_box(page)
        assert entered_count(page) == "1", f"{name!r}: the entered figure was lost"
    assert "lv_infra=0.05" in page.url

    # the scenario-file box in the sidebar
    page.get_by_test_id("stSidebar").get_by_text("Save and open a scenario file").click()
    sidebar = page.get_by_test_id("stSidebar")
    for name, data, message in [
        ("x\x00.json", b"{}", "The file name has a control or invalid character (at position 2)"),
        ("trong.json", b"", "The file is empty."),
        ("anh.json", b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not UTF-8 text"),
    ]:
        upload(page, 0, name, data, "application/json")
        expect(sidebar.get_by_text("This scenario file was not used; nothing was changed")).to_be_visible()
        expect(sidebar.get_by_text(message)).to_be_visible()
        assert_no_error_box(page)
        assert "lv_infra=0.05" in page.url and entered_count(page) == "1"

    # the session keeps working: a good file is taken after all of that
    upload(page, figures_box, "so-lieu-2.csv", b"indicator_id,year,value\nfiber_households,2023,75\n", "text/csv")
    expect(main.get_by_text("File so-lieu-2.csv: 1 valid rows kept")).to_be_visible()
    assert entered_count(page) == "2"

"""Debian Chromium through Playwright, and how to tell that a Streamlit page is ready.

Shared by the browser tests (``tests/browser/conftest.py``) and ``tools/screenshots.py``.
Playwright cannot download its own browser build here, so it drives the ``chromium``
executable of Debian's package, with flags that keep it off the network.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 2200}  # tall: Streamlit scrolls inside its main area
INSTALL_HINT = "apt-get update && apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Streamlit 1.67 front-end test ids (checked in streamlit/static/**/*.js).
APP_READY = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)
APP_RUNNING = '[data-testid="stApp"][data-test-script-state="running"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'  # "Running..." in the top right
ERROR_BOXES = (
    '[data-testid="stException"]',  # uncaught exception or st.exception
    '[data-testid="stAlertContentError"]',  # st.error
)
NAV_LINKS = '[data-testid="stSidebarNavLink"], [data-testid="stTopNavLink"]'
NAV_VIEW_MORE = '[data-testid="stSidebarNavViewButton"]'


def chromium_path() -> str | None:
    """Path of Debian's ``chromium`` executable, or None if it is not installed."""
    return shutil.which("chromium")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def browser_required() -> bool:
    """True in CI (``CI``) or with ``REQUIRE_BROWSER``: a missing browser is a failure."""
    return _flag("CI") or _flag("REQUIRE_BROWSER")


def launch_chromium(playwright, executable: str | None = None):
    """Headless Chromium from Debian's package, quiet on a closed network."""
    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError(f"Debian's chromium is not installed (run: {INSTALL_HINT})")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and its script run has finished.

    ``stApp`` carries the script state and the connection state as attributes, and the
    status widget ("Running...") is gone when nothing runs. Use it after ``goto``. After
    a click, use :func:`wait_for_rerun` or wait for the content you expect: right after
    the click the state can still read ``notRunning`` before the rerun starts.
    """
    page.wait_for_selector(APP_READY, timeout=timeout)
    page.wait_for_selector(STATUS_WIDGET, state="detached", timeout=timeout)


def wait_for_rerun(page, timeout: float = 30_000, start_timeout: float = 2_000) -> None:
    """After an interaction: wait for the rerun to start (if seen in time), then finish."""
    try:
        page.wait_for_selector(APP_RUNNING, timeout=start_timeout)
    except Exception:  # a fast rerun may have finished already
        pass
    wait_for_app(page, timeout=timeout)


def error_texts(page) -> list[str]:
    """First lines of the error boxes on the page (exceptions and ``st.error``).

    An exception box contains an error alert too: the same text is reported once.
    """
    texts: list[str] = []
    for selector in ERROR_BOXES:
        for box in page.locator(selector).all():
            text = (box.inner_text().strip().splitlines() or ["(empty error box)"])[0]
            if text not in texts:
                texts.append(text)
    return texts


def assert_no_error_box(page) -> None:
    """Fail (AssertionError) if an exception or error box is on the page."""
    errors = error_texts(page)
    assert not errors, f"error box on {page.url}: {errors}"


#: How each language's option in the language control (key ``lang``) may be labelled.
LANGUAGE_LABELS = {"vi": r"^\s*(vi|tiếng việt)\s*$", "en": r"^\s*(en|english)\s*$"}


def choose_language(page, code: str, timeout: float = 10_000) -> None:
    """Pick language ``code`` ("vi"/"en") in the sidebar's language control, as a person
    would, and wait for the rerun. The control is found by its widget key (``lang``: the
    element has class ``st-key-lang``); its options are radios (segmented control or radio).
    """
    control = page.locator(".st-key-lang")
    option = control.get_by_role("radio", name=re.compile(LANGUAGE_LABELS[code], re.IGNORECASE))
    option.first.click(timeout=timeout)
    wait_for_rerun(page)


def nav_links(page) -> list[str]:
    """The hrefs of the app's navigation links, in order (expands "View more" first)."""
    more = page.locator(NAV_VIEW_MORE)
    if more.count() and "more" in more.first.inner_text().lower():
        more.first.click()
    hrefs: list[str] = []
    for link in page.locator(NAV_LINKS).all():
        href = link.get_attribute("href")
        if href and href not in hrefs:
            hrefs.append(href)
    return hrefs


def save_screenshot(page, name: str, directory: Path = SCREENSHOT_DIR) -> Path:
    """Full-page PNG ``<directory>/<name>.png``; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path

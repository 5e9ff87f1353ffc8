"""Real-browser fixtures: the app served on a free loopback port, driven by Debian's Chromium.

- ``app_url`` (session): ``python -m scripts.serve`` on ``127.0.0.1:<free port>``, ready
  once ``/_stcore/health`` answers ``ok``; stopped after the session. ``APP_SCRIPT`` in
  the environment serves another entry script (default: the repo's ``app.py``).
- ``browser`` (session): Playwright's Chromium API on the ``chromium`` executable of
  Debian's package (Playwright cannot download its own build here). Missing Chromium
  skips the browser tests locally, and fails them when ``CI`` or ``REQUIRE_BROWSER`` is
  set, so CI cannot go green without them.
- ``page`` (function): a fresh context and page with a tall viewport for screenshots.

Helpers for the test modules (``from .conftest import ...``): ``wait_for_app``,
``assert_no_error_box``, ``save_screenshot``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.serve import (  # noqa: E402
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    start_server,
    stop_server,
    wait_healthy,
)

SCREENSHOT_DIR = ROOT / "artifacts" / "screenshots"
VIEWPORT = {"width": 1400, "height": 2200}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = "apt-get update && apt-get install -y chromium"

# Streamlit 1.67 front-end test ids (checked in streamlit/static/**/*.js).
APP_READY = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
ERROR_BOXES = (
    '[data-testid="stException"]',  # uncaught exception / st.exception
    '[data-testid="stAlertContentError"]',  # st.error
)


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def browser_required() -> bool:
    """True in CI (``CI``) or when ``REQUIRE_BROWSER`` is set: a missing browser fails."""
    return _flag("CI") or _flag("REQUIRE_BROWSER")


def chromium_path() -> str | None:
    return shutil.which("chromium")


# --- Fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app, served for the whole test session on a free loopback port."""
    app = Path(os.environ.get("APP_SCRIPT", DEFAULT_APP)).resolve()
    if not app.is_file():
        pytest.fail(f"no Streamlit entry script at {app}")
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    with open(log_path, "wb") as log:
        proc = start_server(port, app=app, log=log)
        try:
            try:
                wait_healthy(url, proc, timeout=60)
            except RuntimeError as exc:
                log.flush()
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                pytest.fail(f"app server did not start: {exc}\n--- server log ---\n{tail}")
            yield url
        finally:
            stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright's sync API."""
    executable = chromium_path()
    if executable is None:
        message = f"Debian's chromium is not installed (run: {INSTALL_HINT})"
        if browser_required():
            pytest.fail(message + "; CI/REQUIRE_BROWSER is set, so browser tests may not skip")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    """A fresh page (own cookies and storage) with a tall viewport; 30 s default timeout."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# --- Helpers --------------------------------------------------------------------------


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and the script run has finished.

    The ``stApp`` element carries the script state and connection state as attributes;
    the status widget ("Running...") is gone when nothing runs. Call it after a
    ``goto``; after an interaction, wait for the expected content instead (the state
    can still read ``notRunning`` for a moment before the rerun starts).
    """
    page.wait_for_selector(APP_READY, timeout=timeout)
    page.wait_for_selector(STATUS_WIDGET, state="detached", timeout=timeout)


def error_texts(page) -> list[str]:
    """Texts of the error boxes on the page (exceptions and ``st.error``)."""
    return [
        box.inner_text().strip() for selector in ERROR_BOXES for box in page.locator(selector).all()
    ]


def assert_no_error_box(page) -> None:
    """Fail if an exception or error box is on the page."""
    errors = error_texts(page)
    assert not errors, f"error box on {page.url}: {errors}"


def save_screenshot(page, name: str) -> Path:
    """Full-page PNG under ``artifacts/screenshots/`` (gitignored); returns its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / (re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".png")
    page.screenshot(path=str(path), full_page=True)
    return path

"""Real-browser fixtures: the app served on a free loopback port, driven by Debian's Chromium.

- ``app_url`` (session): ``python -m server.serve`` on ``127.0.0.1:<free port>``, ready
  once ``/_stcore/health`` answers ``ok`` (60 s at most); stopped after the session.
  ``APP_SCRIPT`` in the environment serves another entry script (default: ``app.py``).
- ``browser`` (session): Playwright's sync API on the ``chromium`` executable of Debian's
  package (Playwright cannot download its own build here). Without Chromium the browser
  tests skip locally and fail when ``CI`` or ``REQUIRE_BROWSER`` is set, so CI cannot go
  green without them.
- ``page`` (function): a fresh context (own cookies and storage) and page with a tall
  viewport, ``base_url`` set to the app, 30 s default timeout.

Helpers for the test modules (``from .conftest import ...``), defined in
``tools/browser.py`` and shared with ``tools/screenshots.py``: ``wait_for_app``,
``wait_for_rerun``, ``choose_language``, ``assert_no_error_box``, ``error_texts``, ``save_screenshot``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from server.serve import (  # noqa: E402
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    start_server,
    stop_server,
    wait_healthy,
)
from tools.browser import (  # noqa: E402
    INSTALL_HINT,
    VIEWPORT,
    assert_no_error_box,
    browser_required,
    choose_language,
    chromium_path,
    error_texts,
    launch_chromium,
    save_screenshot,
    wait_for_app,
    wait_for_rerun,
)

# Playwright's expect() waits 5 s by default; a first script run on a loaded 2-core CI
# machine can take longer.
expect.set_options(timeout=20_000)

__all__ = [
    "assert_no_error_box",
    "choose_language",
    "error_texts",
    "save_screenshot",
    "wait_for_app",
    "wait_for_rerun",
]


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
            pytest.fail(f"{message}; CI/REQUIRE_BROWSER is set, so browser tests may not skip")
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright, executable)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, app_url: str) -> Iterator[object]:
    """A fresh page with a tall viewport for screenshots; closed after the test."""
    context = browser.new_context(viewport=VIEWPORT, base_url=app_url)
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()

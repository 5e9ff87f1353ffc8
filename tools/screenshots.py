"""Screenshots of every page of the app in both languages, from Debian's Chromium.

    python -m tools.screenshots [--out artifacts/screenshots] [--app app.py] [--url URL]
                                  [--shot WxH[:page,page...]] ...

Without ``--shot``: every page in a tall window (the whole page). Each ``--shot`` is one
window size, optionally for some pages only (their paths, ``home`` for ``/``); the file
names then end in ``_<W>x<H>`` and show what fits in that window (the first screen), e.g.
``--shot 1440x900 --shot 1280x720:trinh-chieu --shot 390x844:home,xep-hang``.

Starts the app on a free loopback port (or uses ``--url``, loopback only), finds the
pages from the navigation links, and saves ``<nn>_<page>_<lang>.png`` for Vietnamese
(the default) and English (chosen with the sidebar's language control, as a person
would). Exits 1 if a page shows an error box (exception or ``st.error``) or does not
load, 2 if Chromium is missing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from server.serve import (
    DEFAULT_APP,
    LOOPBACK,
    free_port,
    is_loopback_url,
    start_server,
    stop_server,
    wait_healthy,
)
from tools.browser import (
    INSTALL_HINT,
    SCREENSHOT_DIR,
    VIEWPORT,
    choose_language,
    chromium_path,
    error_texts,
    launch_chromium,
    nav_links,
    save_screenshot,
    wait_for_app,
)

ROOT = Path(__file__).resolve().parent.parent

#: Languages in the order they are shot: Vietnamese (the default) first.
LANGUAGES = ("vi", "en")
SETTLE_MS = 800  # charts (Vega) draw after the script run has finished


def wait_for_skeletons(page, timeout: float = 30_000) -> None:
    """Wait until no element is still a loading placeholder (Streamlit draws a grey
    skeleton until a widget's or chart's code has loaded; a busy machine takes seconds)."""
    try:
        page.wait_for_function("!document.querySelector('[data-testid^=\"stSkeleton\"]')", timeout=timeout)
    except Exception:  # noqa: BLE001 - the shot is still taken, as it is
        pass


def page_slug(href: str) -> str:
    path = urlsplit(href).path.strip("/")
    return path.replace("/", "_") or "home"


def parse_shot(text: str) -> tuple[dict[str, int], tuple[str, ...] | None]:
    """``"390x844:home,xep-hang"`` → ({"width": 390, "height": 844}, ("home", "xep-hang"))."""
    size, _, pages = text.partition(":")
    width, _, height = size.lower().partition("x")
    return {"width": int(width), "height": int(height)}, (tuple(p for p in pages.split(",") if p) or None)


def shoot_all(base_url: str, out: Path, shots: list[str] | None = None) -> list[str]:
    """Visit every page in both languages, in each window size of ``shots`` (default: one
    tall window); return the problems found."""
    problems: list[str] = []
    for shot in shots or [None]:
        viewport, only = parse_shot(shot) if shot else (VIEWPORT, None)
        suffix = f"_{viewport['width']}x{viewport['height']}" if shot else ""
        problems += _shoot(base_url, out, viewport, only, suffix)
    return problems


def _shoot(base_url: str, out: Path, viewport: dict[str, int], only: tuple[str, ...] | None, suffix: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(viewport=viewport)
            context.set_default_timeout(30_000)
            page = context.new_page()
            page.goto(base_url)
            wait_for_app(page)
            hrefs = nav_links(page) or [base_url]
            for number, href in enumerate(hrefs, start=1):
                url = urljoin(base_url, href)
                if only is not None and page_slug(url) not in only:
                    continue
                for code in LANGUAGES:
                    name = f"{number:02d}_{page_slug(url)}_{code}{suffix}"
                    try:
                        page.goto(url)
                        wait_for_app(page)
                        if code != "vi" and not error_texts(page):
                            if page.locator('[data-testid="stSidebar"][aria-expanded="true"]').count() and viewport["width"] > 640:
                                choose_language(page, code)
                            else:  # sidebar collapsed (presenter view): the language from the link
                                page.goto(url + ("&" if "?" in url else "?") + "lang=EN")
                                wait_for_app(page)
                        wait_for_skeletons(page)
                        page.wait_for_timeout(SETTLE_MS)
                        path = save_screenshot(page, name, out)
                        errors = error_texts(page)
                    except Exception as exc:  # timeouts, missing controls
                        problems.append(f"{name}: {type(exc).__name__}: {exc}".splitlines()[0])
                        continue
                    status = "ERROR BOX" if errors else "ok"
                    print(
                        f"{status:9} {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                    )
                    problems += [f"{name}: error box: {text[:300]}" for text in errors]
            context.close()
        finally:
            browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page, both languages.")
    parser.add_argument("--out", type=Path, default=SCREENSHOT_DIR, help="output folder")
    parser.add_argument("--app", default=str(DEFAULT_APP), help="entry script to serve")
    parser.add_argument("--url", help="use a running server (loopback only) instead")
    parser.add_argument("--shot", action="append", help="window WxH[:pages] (repeatable; see the module docstring)")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print(f"screenshots: Debian's chromium is missing (run: {INSTALL_HINT})", file=sys.stderr)
        return 2
    if args.url and not is_loopback_url(args.url):
        parser.error(f"--url must be a loopback address (127.0.0.0/8, localhost, ::1): {args.url}")

    proc = None
    base_url = args.url
    with tempfile.NamedTemporaryFile(prefix="screenshots-server-", suffix=".log") as log:
        try:
            if base_url is None:
                port = free_port()
                proc = start_server(port, app=args.app, log=log)
                base_url = f"http://{LOOPBACK}:{port}"
                wait_healthy(base_url, proc, timeout=60)
            problems = shoot_all(base_url.rstrip("/") + "/", args.out, args.shot)
        finally:
            if proc is not None:
                stop_server(proc)
        if problems:
            log.flush()
            print("\n".join(["", "Problems:", *problems]), file=sys.stderr)
            if proc is not None:
                tail = Path(log.name).read_text(encoding="utf-8", errors="replace")[-3000:]
                print(f"--- server log, last lines ---\n{tail}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

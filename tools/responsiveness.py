"""How fast the app answers in a real browser (Debian's Chromium), as JSON.

    python -m tools.responsiveness [--url URL] [--sessions 10] [--presses 20] [--out FILE]

Starts the app on a free loopback port (or uses ``--url``, loopback only), warms it (one
visit to each measured page, so the caches hold the default scenario), then measures:

(a) **new session → first big number and → first chart**: a new browser context (own
    cookies, a new Streamlit session) opens a page; the time from navigation start to the
    first big number shown (an ``st.metric`` value or the presenter's ``.dti-big-value``
    with text) and to the first Vega chart drawn (its ``svg.marks`` in the DOM with a
    non-zero size), from ``performance.now()`` in the page. ``--sessions`` repeats per page
    (``/`` and ``/xep-hang``).
(b) **lever keypress → updated chart**: on ``/xep-hang``, the slider of a lever (found by
    its label, ``page.get_by_role("slider", name=…)``) is focused and ArrowRight pressed;
    a MutationObserver installed in the page timestamps the keydown, the first change of
    the first chart (P(Top N) by year) and of the big numbers, the frame after the
    chart changed (two ``requestAnimationFrame``: painted), and the end of the rerun (the
    app's script state back to not running: the whole page updated). ``--presses`` repeats, each
    after the previous rerun finished; each press moves the lever by one step, so every
    press is a new scenario (no cache hit).

Targets (issue 5, item 8): (b) median ≤ 250 ms; (a) ≤ 3 s once the server is warm. The JSON has
every run, medians and p90 (nearest rank). Exit code 0 (``--check``: 1 if a target is
missed), 2 if Chromium is missing. Figures depend on the machine's load: the JSON records
the CPU count and the load average at the start.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from server.serve import (
    LOOPBACK,
    free_port,
    is_loopback_url,
    start_server,
    stop_server,
    wait_healthy,
)
from tools.browser import INSTALL_HINT, VIEWPORT, chromium_path, launch_chromium, wait_for_app

ROOT = Path(__file__).resolve().parent.parent

TARGET_KEYPRESS_MS = 250.0
TARGET_FIRST_CHART_MS = 3000.0
TARGET_FIRST_BIG_MS = 1500.0
SESSION_PAGES = ("/", "/xep-hang")
LEVER_PAGE = "/xep-hang"
LEVER_INDEX = "society_activity"  # the weakest main index: the most headroom (0.49 in 2024)

CHART_SELECTOR = '[data-testid="stVegaLiteChart"]'
CHART_TEXT = "document.querySelector('[data-testid=\"stVegaLiteChart\"]')?.textContent ?? null"

# Installed before any page script runs. Times are performance.now() [ms since navigation start].
PROBE = """
(() => {
  const CHART = '[data-testid="stVegaLiteChart"]';
  const BIG = '[data-testid="stMetricValue"], .dti-big-value';
  const s = (window.__rt = {connected: null, firstChart: null, firstBig: null, keydown: null, chart: null, metric: null, paint: null, running: false, finished: null});
  const APP_RUNNING = '[data-testid="stApp"][data-test-script-state="running"]';
  const APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]';
  const drawn = () => {
    const svg = document.querySelector(CHART + ' svg.marks, ' + CHART + ' canvas');
    if (!svg) return false;
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  document.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      s.keydown = performance.now(); s.chart = null; s.metric = null; s.paint = null; s.running = false; s.finished = null;
    }
  }, true);
  new MutationObserver((mutations) => {
    const now = performance.now();
    if (s.connected === null && document.querySelector(APP_CONNECTED)) s.connected = now;
    if (s.firstChart === null && drawn()) s.firstChart = now;
    if (s.firstBig === null && [...document.querySelectorAll(BIG)].some((el) => el.textContent.trim())) s.firstBig = now;
    if (s.keydown === null) return;
    if (document.querySelector(APP_RUNNING)) s.running = true;
    else if (s.running && s.finished === null) s.finished = now;
    const first = document.querySelector(CHART);
    for (const m of mutations) {
      const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (!el) continue;
      if (s.metric === null && el.closest('[data-testid="stMetricValue"]')) s.metric = now;
      if (s.chart === null && first && first.contains(el)) {
        s.chart = now;
        requestAnimationFrame(() => requestAnimationFrame(() => { s.paint = performance.now(); }));
      }
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})();
"""


def summary(values: list[float]) -> dict[str, float | int | None]:
    """Median, p90 (nearest rank), min, max of ``values`` [ms], rounded to 0.1 ms."""
    if not values:
        return {"n": 0, "median": None, "p90": None, "min": None, "max": None}
    ordered = sorted(values)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 1),
        "p90": round(p90, 1),
        "min": round(ordered[0], 1),
        "max": round(ordered[-1], 1),
    }


def first_chart_runs(browser, base_url: str, path: str, repeats: int) -> dict[str, list[float]]:
    """Per run [ms]: ``chart`` navigation start → first chart drawn (in the page), ``wall``
    new context → first chart (Python clock), and the steps before: ``dom`` (the front end's
    HTML parsed: DOMContentLoaded) and ``connected`` (websocket session up)."""
    runs: dict[str, list[float]] = {"chart": [], "big": [], "wall": [], "dom": [], "connected": []}
    for _ in range(repeats):
        start = time.perf_counter()
        context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)  # the measuring script is injected: the server's CSP (server/guard.py) would refuse it
        try:
            context.add_init_script(PROBE)
            page = context.new_page()
            page.goto(base_url + path)
            page.wait_for_function("window.__rt && window.__rt.firstChart !== null", timeout=60_000)
            runs["wall"].append((time.perf_counter() - start) * 1000)
            rt = page.evaluate("window.__rt")
            runs["chart"].append(float(rt["firstChart"]))
            if rt["firstBig"] is not None:
                runs["big"].append(float(rt["firstBig"]))
            if rt["connected"] is not None:
                runs["connected"].append(float(rt["connected"]))
            runs["dom"].append(
                float(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            )
        finally:
            context.close()
    return runs


def keypress_runs(browser, base_url: str, label: str, presses: int) -> dict:
    """Keydown → chart changed / painted / big number changed [ms] for ``presses`` presses."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)  # the measuring script is injected: the server's CSP (server/guard.py) would refuse it
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    out: dict = {"chart": [], "painted": [], "metric": [], "finished": [], "chart_unchanged": 0, "timeouts": 0, "timeout_states": []}
    try:
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(base_url + LEVER_PAGE)
        wait_for_app(page)
        page.wait_for_function("window.__rt.firstChart !== null", timeout=60_000)
        slider = page.get_by_role("slider", name=label)
        for _ in range(presses):
            if not slider.evaluate("el => el === document.activeElement"):
                slider.focus()
            page.wait_for_selector(CHART_SELECTOR, timeout=60_000)
            before = page.evaluate(CHART_TEXT)
            page.keyboard.press("ArrowRight")
            try:
                page.wait_for_function("window.__rt.paint !== null", timeout=30_000)
            except PlaywrightTimeout:
                out["timeouts"] += 1
                out["timeout_states"].append(page.evaluate("JSON.stringify(window.__rt)"))
                wait_for_app(page)
                continue
            wait_for_app(page)
            page.wait_for_timeout(250)  # let late mutations of this rerun pass before the next press
            rt = page.evaluate("window.__rt")
            after = page.evaluate(CHART_TEXT)
            out["chart"].append(rt["chart"] - rt["keydown"])
            out["painted"].append(rt["paint"] - rt["keydown"])
            if rt["metric"] is not None:
                out["metric"].append(rt["metric"] - rt["keydown"])
            if rt["finished"] is not None:
                out["finished"].append(rt["finished"] - rt["keydown"])
            if before == after:  # the labels (percentages) may round to the same text
                out["chart_unchanged"] += 1
        out["lever_value_after"] = slider.get_attribute("aria-valuetext")
    finally:
        context.close()
    return out


def measure(base_url: str, sessions: int, presses: int) -> dict:
    from playwright.sync_api import sync_playwright

    from text.i18n import t

    label = t(f"common.index.{LEVER_INDEX}", "vi")
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "targets_ms": {
            "keypress_to_chart_median": TARGET_KEYPRESS_MS,
            "new_session_first_chart": TARGET_FIRST_CHART_MS,
            "new_session_first_big_number": TARGET_FIRST_BIG_MS,
        },
    }
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            result["machine"]["chromium"] = browser.version
            for path in SESSION_PAGES:  # warm: imports done, caches hold the default scenario
                first_chart_runs(browser, base_url, path, 1)
            result["new_session_first_chart_ms"] = {}
            for path in SESSION_PAGES:
                runs = first_chart_runs(browser, base_url, path, sessions)
                result["new_session_first_chart_ms"][path] = {
                    "from_navigation_start": summary(runs["chart"]),
                    "first_big_number_from_navigation_start": summary(runs["big"]),
                    "runs_big_number": [round(v, 1) for v in runs["big"]],
                    "from_new_context_wall": summary(runs["wall"]),
                    "steps_from_navigation_start": {
                        "dom_content_loaded": summary(runs["dom"]),
                        "websocket_connected": summary(runs["connected"]),
                    },
                    "runs": [round(v, 1) for v in runs["chart"]],
                }
            runs = keypress_runs(browser, base_url, label, presses)
            result["lever_keypress_ms"] = {
                "page": LEVER_PAGE,
                "slider": label,
                "lever_value_after": runs.pop("lever_value_after"),
                "chart_unchanged_text": runs.pop("chart_unchanged"),
                "presses_without_chart_change_in_30s": runs.pop("timeouts"),
                "timeout_states": runs.pop("timeout_states"),
                "keydown_to_chart_change": summary(runs["chart"]),
                "keydown_to_chart_painted": summary(runs["painted"]),
                "keydown_to_big_number_change": summary(runs["metric"]),
                "keydown_to_run_finished": summary(runs["finished"]),
                "runs_painted": [round(v, 1) for v in runs["painted"]],
            }
        finally:
            browser.close()
    painted = result["lever_keypress_ms"]["keydown_to_chart_painted"]["median"]
    worst_first = max(v["from_navigation_start"]["median"] for v in result["new_session_first_chart_ms"].values())
    worst_big = max(
        (v["first_big_number_from_navigation_start"]["median"] or math.inf) for v in result["new_session_first_chart_ms"].values()
    )
    result["met"] = {
        "keypress_to_chart_median_le_250ms": painted is not None and painted <= TARGET_KEYPRESS_MS,
        "new_session_first_chart_median_le_3s": worst_first <= TARGET_FIRST_CHART_MS,
        "new_session_first_big_number_median_le_1_5s": worst_big <= TARGET_FIRST_BIG_MS,
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keypress → chart and new session → first chart, in Chromium.")
    parser.add_argument("--url", help="use a running server (loopback only) instead of starting one")
    parser.add_argument("--sessions", type=int, default=10, help="new sessions per page (default 10)")
    parser.add_argument("--presses", type=int, default=20, help="lever key presses (default 20)")
    parser.add_argument("--out", type=Path, help="also write the JSON to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print(f"responsiveness: Debian's chromium is missing (run: {INSTALL_HINT})", file=sys.stderr)
        return 2
    if args.url and not is_loopback_url(args.url):
        parser.error(f"--url must be a loopback address (127.0.0.0/8, localhost, ::1): {args.url}")

    proc = None
    base_url = args.url
    with tempfile.NamedTemporaryFile(prefix="responsiveness-server-", suffix=".log") as log:
        try:
            if base_url is None:
                port = free_port()
                proc = start_server(port, log=log)
                base_url = f"http://{LOOPBACK}:{port}"
                wait_healthy(base_url, proc, timeout=60)
            result = measure(base_url.rstrip("/"), args.sessions, args.presses)
        finally:
            if proc is not None:
                stop_server(proc)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.check and not all(result["met"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A new session's first screen (issue 17): the page's big numbers go out before every
control of the sidebar, and on the session's first run a pause lets the browser paint
them before any other element type arrives.

Why it matters: a new session's browser shows none of the elements of an update until the
code of every element type in it has loaded (ui/figures.py, ``let_new_session_paint``);
measured in Chromium, drawing the sidebar first put the first big number at 2.4–2.7 s,
this order puts it at 1.1–1.2 s (README, "Responsiveness").
"""

from __future__ import annotations

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ui import figures, state

#: Element types the first screen may send before its pause: text, the page's style, the
#: progress message and the big numbers (no widget, chart, table or alert).
FIRST_SCREEN_TYPES = {"heading", "markdown", "html", "metric", "spinner", "empty"}
#: Page → big numbers in its first row.
PAGES = {
    "pages/overview.py": 4,
    "pages/ranking.py": 3,
    "pages/targets.py": 3,
    "pages/presenter.py": 3,
}


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float | bool]]:
    """What the script sends, in order: ("element", type), ("big", True) for a big number,
    ("pause", seconds) for each pause of ui.figures (not slept)."""
    events: list[tuple[str, float | bool]] = []
    real_enqueue = DeltaGenerator._enqueue

    def enqueue(self, delta_type, element_proto, *args, **kwargs):
        events.append(("element", delta_type))
        body = getattr(element_proto, "body", "")
        if delta_type == "metric" or (isinstance(body, str) and 'class="dti-big-value"' in body):
            events.append(("big", True))
        return real_enqueue(self, delta_type, element_proto, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "_enqueue", enqueue)
    monkeypatch.setattr(figures, "_pause", lambda seconds: events.append(("pause", seconds)))
    return events


def first_run(page: str, sent: list) -> AppTest:
    """``page`` as a session's first run. AppTest opens the default page first (its
    ``switch_page`` before any run would run the page file alone, without ``app.py``): for
    another page, the session is marked as not yet painted again before switching."""
    at = AppTest.from_file("../../app.py", default_timeout=120)
    at.run()
    if page != "pages/overview.py":
        at.session_state[state.FIRST_RUN_KEY] = True
        sent.clear()
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", list(PAGES))
def test_first_run_sends_the_big_numbers_then_pauses_before_anything_else(sent, page):
    at = first_run(page, sent)
    assert not at.exception, [e.value for e in at.exception]
    pauses = [i for i, (kind, _) in enumerate(sent) if kind == "pause"]
    assert pauses, "no pause on the first run"
    first_pause = pauses[0]
    assert sent[first_pause][1] == pytest.approx(figures.FIRST_RUN_CATCH_UP_S)
    before = sent[:first_pause]
    assert sum(1 for kind, _ in before if kind == "big") == PAGES[page]
    others = sorted({name for kind, name in before if kind == "element"} - FIRST_SCREEN_TYPES)
    assert others == [], f"sent before the big numbers were painted: {others}"
    # the sidebar's controls did come, after the page
    assert at.sidebar.radio(key="frame").value == 34
    assert at.sidebar.slider(key="top").value == 15


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/ranking.py"])
def test_later_runs_take_only_the_short_pause(sent, page):
    at = first_run(page, sent)
    sent.clear()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    pauses = [seconds for kind, seconds in sent if kind == "pause"]
    assert pauses == [pytest.approx(figures.CATCH_UP_S)]


def test_a_link_opens_with_its_own_values_although_the_controls_come_after_the_page(sent):
    """The page reads the link's values before the sidebar draws its controls (ui/state.py)."""
    at = AppTest.from_file("../../app.py", default_timeout=120)
    at.query_params.update({"frame": "63", "top": "20", "year": "2028", "lang": "en"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [m.label for m in at.metric]
    assert any("Top 20" in label and "2028" in label for label in labels), labels
    assert at.sidebar.radio(key="frame").value == 63
    assert at.sidebar.slider(key="top").value == 20
    assert at.sidebar.slider(key="year").value == 2028

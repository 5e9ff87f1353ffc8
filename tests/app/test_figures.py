"""The pause after a page's first answer (ui/figures.py): its length, its early end when
the user moves a control again, and where the rank page takes it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests
from streamlit.testing.v1 import AppTest

from ui import figures, st_internals


class FakeClock:
    """time.monotonic / time.sleep for ui.figures: sleeping advances the clock, nothing waits."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(figures.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(figures.time, "sleep", fake.sleep)
    return fake


def with_requests(monkeypatch: pytest.MonkeyPatch, requests: object | None) -> None:
    ctx = None if requests is None else SimpleNamespace(script_requests=requests)
    monkeypatch.setattr(st_internals, "run_context", lambda: ctx)


@pytest.mark.parametrize("context", ["script run, nothing pending", "no script run context"])
def test_pause_runs_its_full_length_in_short_slices(monkeypatch, clock, context):
    with_requests(monkeypatch, ScriptRequests() if context.startswith("script") else None)
    figures.let_browser_catch_up()
    assert sum(clock.sleeps) == pytest.approx(figures.CATCH_UP_S, abs=1e-9)
    assert max(clock.sleeps) <= figures.POLL_S + 1e-12
    assert len(clock.sleeps) == pytest.approx(figures.CATCH_UP_S / figures.POLL_S, abs=1)


def test_pause_ends_at_once_when_a_rerun_is_pending(monkeypatch, clock):
    requests = ScriptRequests()  # Streamlit's own class: the internal read is the pinned one
    assert requests.request_rerun(RerunData())
    with_requests(monkeypatch, requests)
    assert figures.rerun_requested()
    figures.let_browser_catch_up()
    assert clock.sleeps == []


def test_pause_ends_when_the_user_moves_a_control_during_it(monkeypatch, clock):
    requests = ScriptRequests()
    with_requests(monkeypatch, requests)
    real_sleep = clock.sleep

    def sleep_then_press(seconds: float) -> None:
        real_sleep(seconds)
        if len(clock.sleeps) == 3:  # a key press arrives 30 ms into the pause
            requests.request_rerun(RerunData())

    monkeypatch.setattr(figures.time, "sleep", sleep_then_press)
    figures.let_browser_catch_up()
    assert len(clock.sleeps) == 3
    assert sum(clock.sleeps) < figures.CATCH_UP_S


def test_no_rerun_requested_outside_a_script_run():
    assert figures.rerun_requested() is False


def test_rank_page_pauses_once_right_after_its_first_chart(monkeypatch):
    """The big numbers and the first chart go out before the pause, the other charts after."""
    events: list[str] = []
    real_show = figures.show
    monkeypatch.setattr(figures, "show", lambda container, fig: (events.append("chart"), real_show(container, fig)))
    monkeypatch.setattr(figures, "let_browser_catch_up", lambda: events.append("pause"))
    real_metric = DeltaGenerator.metric
    monkeypatch.setattr(DeltaGenerator, "metric", lambda self, *a, **k: (events.append("metric"), real_metric(self, *a, **k))[1])
    at = AppTest.from_file("../../app.py", default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    events.clear()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert events[:5] == ["metric", "metric", "metric", "chart", "pause"]
    assert events.count("pause") == 1
    assert events.count("chart") == 6  # 5 charts and the model spread (issue 14)


@pytest.mark.parametrize(("first_run", "expected"), [(True, "FIRST_RUN_CATCH_UP_S"), (False, "CATCH_UP_S")])
def test_a_sessions_first_run_takes_the_longer_pause(monkeypatch, clock, first_run, expected):
    with_requests(monkeypatch, ScriptRequests())
    figures.let_browser_catch_up(first_run=first_run)
    assert sum(clock.sleeps) == pytest.approx(getattr(figures, expected), abs=1e-9)
    assert figures.FIRST_RUN_CATCH_UP_S > figures.CATCH_UP_S


def test_new_session_paint_pauses_on_the_first_run_only(monkeypatch, clock):
    with_requests(monkeypatch, ScriptRequests())
    figures.let_new_session_paint(False)
    assert clock.sleeps == []
    figures.let_new_session_paint(True)
    assert sum(clock.sleeps) == pytest.approx(figures.FIRST_RUN_CATCH_UP_S, abs=1e-9)
    assert max(clock.sleeps) <= figures.POLL_S + 1e-12


def test_new_session_paint_ends_at_once_when_a_rerun_is_pending(monkeypatch, clock):
    requests = ScriptRequests()
    assert requests.request_rerun(RerunData())
    with_requests(monkeypatch, requests)
    figures.let_new_session_paint(True)
    assert clock.sleeps == []

"""Sessions that show the same scenario share its results (ui/cache.py): a room of 60 phones
opening one link costs the model once, and a lever move re-ranks without re-simulating.

Three AppTest sessions of the presenter view (the briefing's page) in one process, as a
server runs them; the model's entry points are wrapped to count their calls.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from model import engine

APP = "../../app.py"
# Values no other test uses, so the first session cannot find them cached already.
LINK = {"lang": "en", "lv_infra": "0.13", "lv_soc": "0.07", "as_pace": "1.07"}


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:
    counts = {"rank_forecast": 0, "baseline_field": 0}
    for name in counts:
        original = getattr(engine, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            counts[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(engine, name, counted)
    return counts


def open_presenter(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/presenter.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def big_values(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "dti-big-value" in m.value]


def test_sessions_of_one_link_share_the_results_and_a_lever_move_does_not_resimulate(calls):
    first = open_presenter(LINK)
    computed = dict(calls)
    assert computed["rank_forecast"] >= 1 and computed["baseline_field"] >= 1

    second = open_presenter(LINK)  # another phone, same link
    assert calls == computed, "the second session recomputed what the first one had"
    assert big_values(second) == big_values(first) != []

    moved = open_presenter({**LINK, "lv_infra": "0.14"})  # the presenter's next position
    assert calls["baseline_field"] == computed["baseline_field"]  # same assumptions: no new simulation
    assert calls["rank_forecast"] > computed["rank_forecast"]
    assert big_values(moved) != big_values(first)

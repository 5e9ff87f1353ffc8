"""AppTest of the rank page: goal-seek as the user reads it, and levers against the baseline.

Each rerun of the rank page costs about a second, so every test opens the page once and
changes as few widgets as it can. Figures on screen are checked against the model
(``model.engine`` with the same scenario), so a test fails if the page shows a number the
model did not compute, or the model's answer does not do what the page says.
"""

from __future__ import annotations

import math
import re

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from model import engine
from model.scenario import lever_key
from ui.i18n import fmt_pct

APP = "../app.py"
P_LABEL = "Chance of Top {n} in {year}"
RANK_LABEL = "Median rank in {year}"
BAND_LABEL = "10–90 % range in {year}"
#: The goal-seek answer, English catalogue ("ranking.goal.answer").
ANSWER = re.compile(r"an extra \*\*(?P<value>[0-9.]+)\*\* index points \((?P<which>[^)]*)\)")


def open_ranking(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def goal_messages(at: AppTest) -> list[str]:
    """The goal-seek section's message (success or warning) and any other notice."""
    return [e.value for e in at.success] + [e.value for e in at.warning]


def big_numbers(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def percent(text: str) -> int:
    return int(text.rstrip("%"))


@pytest.fixture(scope="module")
def model_inputs(ds, study, scenario):
    """The model behind the page's default scenario (draws, seed as the app's defaults)."""
    default = scenario()
    setup = engine.setup_for(ds, study, default)
    field = engine.baseline_field(ds, study, default, setup=setup)
    return default, setup, field


def test_goal_seek_answer_reaches_the_chance_when_the_levers_are_set_to_it(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking()
    # defaults: uniform push, required chance 0.8, Top 15 in 2030
    assert at.selectbox(key="goal_which").value == "uniform"
    assert at.slider(key="goal_p").value == pytest.approx(0.8)
    answers = [m for m in goal_messages(at) if ANSWER.search(m)]
    assert len(answers) == 1, goal_messages(at)  # feasible and not already met on the shipped data
    shown = float(ANSWER.search(answers[0])["value"])
    assert answers[0].startswith("For at least **80%** chance of the Top 15 in 2030")
    # the page's figure is the model's answer, to the 3 decimals shown
    model = engine.goal_seek(ds, study, scenario, "uniform", 0.8, field, setup)
    assert model.feasible and not model.already_met
    assert shown == pytest.approx(model.value, abs=0.0005)

    # every lever slider at the answer, rounded up to the slider step 0.01 (from the top of
    # what the 3-decimal figure can stand for), capped at the slider's own maximum
    push = math.ceil((shown + 0.0005) * 100 - 1e-9) / 100
    levers = {}
    movable = engine.movable_indices(setup)
    assert len(movable) == 4  # Hà Tĩnh's four main indices below 1.0 in 2024 have a slider each
    for index in movable:
        slider = at.slider(key=lever_key(index))
        value = min(push, slider.proto.max)
        assert value >= min(shown, 1.0 - setup.current[index]) - 1e-9  # the slider can reach the push
        slider.set_value(value)
        levers[index] = value
    at_max = [k for k in study.lever_indices if k not in movable]
    for index in at_max:  # an index already at 1.0 gets no slider
        with pytest.raises(KeyError):
            at.slider(key=lever_key(index))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    p_shown, _ = big_numbers(at)[P_LABEL.format(n=15, year=2030)]
    assert percent(p_shown) >= 80
    # and the figure shown is the model's P(Top 15 in 2030) for those levers, which is ≥ p
    p_model = engine.rank_forecast(ds, study, scenario.with_values(levers=levers), field, setup).scenario.p_top[-1]
    assert p_model >= 0.8
    assert p_shown == fmt_pct(float(p_model), "en")


def test_goal_seek_says_already_met_and_infeasible(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking(top="34")  # Top 34 of 34: certain without any push
    assert any(
        m == "No extra push needed (Uniform push on the 4 with headroom): the chance is already 100% ≥ 80%." for m in goal_messages(at)
    ), goal_messages(at)
    assert not any(ANSWER.search(m) for m in goal_messages(at))

    # Top 1 with infrastructure alone: even the index at 1.0 does not give 80 %
    at.slider(key="top").set_value(1)
    at.selectbox(key="goal_which").set_value("infrastructure")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    model = engine.goal_seek(ds, study, scenario.with_values(top_n=1), "infrastructure", 0.8, field, setup)
    assert not model.feasible and model.value is None
    warnings = [m for m in goal_messages(at) if m.startswith("Even ")]
    assert warnings == [
        f"Even Digital infrastructure at 1.0 is not enough: the best chance is {fmt_pct(model.probability, 'en')} < 80%."
    ], goal_messages(at)
    assert not any(ANSWER.search(m) or m.startswith("No extra push") for m in goal_messages(at))


def test_a_lever_moves_the_scenario_figures_and_not_the_baseline(ds, study, model_inputs):
    scenario, setup, field = model_inputs
    at = open_ranking()
    labels = [label.format(n=15, year=2030) for label in (P_LABEL, RANK_LABEL, BAND_LABEL)]
    before = big_numbers(at)
    at.slider(key="lv_soc").set_value(0.3).run()
    assert not at.exception, [e.value for e in at.exception]
    after = big_numbers(at)
    for label in labels:
        assert after[label][1] == before[label][1], label  # "baseline: …" unchanged
        assert after[label][1].startswith("baseline: ")
    p_label, rank_label = labels[0], labels[1]
    assert percent(after[p_label][0]) > percent(before[p_label][0])
    assert float(after[rank_label][0]) <= float(before[rank_label][0])
    # the shown figures are the model's, scenario and baseline
    result = engine.rank_forecast(ds, study, scenario.with_values(levers={"society_activity": 0.3}), field, setup)
    assert after[p_label] == (
        fmt_pct(float(result.scenario.p_top[-1]), "en"),
        f"baseline: {fmt_pct(float(result.baseline.p_top[-1]), 'en')}",
    )


def test_no_arrow_on_a_delta_when_the_scenario_reads_as_the_baseline():
    """Levers at zero: "baseline: 72%" next to 72% had a "↑"; a lever that raises the chance
    gets "up"; rank deltas never get one (a smaller rank is the better place)."""
    def arrows(at: AppTest) -> list[int]:
        return [m.proto.direction for m in at.metric]

    at = open_ranking()
    assert arrows(at) == [Metric.NONE] * 3
    at = open_ranking(lv_soc="0.4")
    p_value, p_delta = list(big_numbers(at).values())[0]
    assert p_delta != f"baseline: {p_value}"
    assert arrows(at) == [Metric.UP, Metric.NONE, Metric.NONE]
def test_the_same_percentile_goal_is_stated_beside_the_chance(ds, study, model_inputs):
    # issue 14: beside P(Top 15 of 34), Top ⌈15·34/63⌉ = 9 of 34 and its chance, as the model gives it
    scenario, _, _ = model_inputs
    at = open_ranking()
    (line,) = [c.value for c in at.caption if "same percentile" in c.value]
    m = -(-scenario.top_n * scenario.frame // 63)
    assert m == 9 and f"**Top {m} of {scenario.frame}**" in line and f"Top {scenario.top_n} of 63" in line
    same = engine.rank_forecast(ds, study, scenario.with_values(top_n=m))
    p = float(same.scenario.p_top[list(same.scenario.years).index(scenario.year)])
    assert f"**{fmt_pct(p, 'en')}**" in line
    assert f"status (Targets page) uses Top {min(study.goal_rank, scenario.frame)} of {scenario.frame}" in line
    # in the plan's frame the two readings are one goal: nothing to add
    at = open_ranking(frame="63")
    assert not [c.value for c in at.caption if "same percentile" in c.value]

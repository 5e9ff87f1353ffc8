"""The scenario object: defaults, URL round trip, never raising on hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from model.scenario import MAX_DRAWS, PARAMS, Scenario, scenario_from_dict, scenario_from_params

TARGETS = ("fiber_households", "smartphones")


def test_defaults_give_empty_link_and_round_trip():
    assert Scenario().to_params() == {}
    s = Scenario(frame=63, top_n=20, lever_society_activity=0.12, pushes=(("fiber_households", 2.5),))
    parsed, problems = scenario_from_params(s.to_params(), target_ids=TARGETS)
    assert problems == [] and parsed == s
    again, problems = scenario_from_dict(s.to_dict(), target_ids=TARGETS)
    assert problems == [] and again == s


def test_bad_values_fall_back_and_are_named():
    params = {
        "draws": "1e9",
        "top": "abc",
        "lv_infra": "nan",
        "as_shock": "inf",
        "frame": "35",
        "seed": "-1",
        "zzz": "1",
        "year": ["2026", "2027"],
        "push_unknown": "3",
        "lv_gov": "9" * 10_000,
    }
    s, problems = scenario_from_params(params, target_ids=TARGETS)
    assert s == Scenario()
    reasons = {p.key: p.reason for p in problems}
    assert reasons == {
        "draws": "out_of_range",
        "top": "not_a_number",
        "lv_infra": "not_a_number",
        "as_shock": "not_a_number",
        "frame": "not_a_choice",
        "seed": "out_of_range",
        "zzz": "unknown",
        "year": "repeated",
        "push_unknown": "unknown",
        "lv_gov": "too_long",
    }


def test_top_n_larger_than_frame_is_rejected():
    s, problems = scenario_from_params({"top": "40"})
    assert s.top_n == 15 and [p.key for p in problems] == ["top"]
    s, problems = scenario_from_params({"top": "40", "frame": "63"})
    assert s.top_n == 40 and problems == []


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([p.key for p in PARAMS] + ["push_smartphones", "x"]), st.text(max_size=80), max_size=8))
def test_any_query_gives_a_valid_scenario(params):
    s, _ = scenario_from_params(params, target_ids=TARGETS)
    assert s.frame in (34, 63) and 1 <= s.top_n <= s.frame
    assert 500 <= s.draws <= MAX_DRAWS
    for spec in PARAMS:
        value = getattr(s, spec.name)
        if spec.kind != "choice":
            assert spec.lo <= value <= spec.hi


def test_scenario_is_hashable_and_frozen():
    s = Scenario()
    assert hash(s) == hash(Scenario())
    try:
        s.top_n = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("Scenario must be frozen")


def test_a_scenario_rebuilt_from_its_assumptions_key_has_that_key_and_default_levers():
    scenario = Scenario(frame=63, seed=7, draws=2000, others_pace=1.2, shock_scale=0.8, persistence=1.1, lever_infrastructure=0.1)
    rebuilt = Scenario.from_assumptions_key(scenario.assumptions_key(), year=2027)
    assert rebuilt.assumptions_key() == scenario.assumptions_key()
    assert rebuilt.year == 2027 and rebuilt.lever_infrastructure == Scenario().lever_infrastructure

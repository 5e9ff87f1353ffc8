"""The scenario object: defaults, URL round trip, never raising on hostile input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from model.scenario import (
    MAX_DRAWS,
    STATIC_PARAMS,
    Scenario,
    from_assumptions_key,
    lever_key,
    param_specs,
    scenario_from_dict,
    scenario_from_params,
)


def test_defaults_give_empty_link_and_round_trip(study, scenario):
    assert scenario().to_params(study) == {}
    s = scenario(frame=63, top_n=20, levers={"society_activity": 0.12}, pushes=(("fiber_households", 2.5),))
    parsed, problems = scenario_from_params(study, s.to_params(study))
    assert problems == [] and parsed == s
    again, problems = scenario_from_dict(study, s.to_dict())
    assert problems == [] and again == s


def test_bad_values_fall_back_and_are_named(study, scenario):
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
    s, problems = scenario_from_params(study, params)
    assert s == scenario()
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


def test_top_n_larger_than_frame_is_rejected(study):
    s, problems = scenario_from_params(study, {"top": "40"})
    assert s.top_n == study.goal_rank == 15 and [p.key for p in problems] == ["top"]
    s, problems = scenario_from_params(study, {"top": "40", "frame": "63"})
    assert s.top_n == 40 and problems == []


def _keys(study) -> list[str]:
    return list(param_specs(study)) + ["push_smartphones", "x"]


def test_any_query_gives_a_valid_scenario(study):
    keys = _keys(study)
    specs = param_specs(study)

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.sampled_from(keys), st.text(max_size=80), max_size=8))
    def check(params):
        s, _ = scenario_from_params(study, params)
        assert s.frame in (34, 63) and 1 <= s.top_n <= s.frame
        assert 500 <= s.draws <= MAX_DRAWS
        assert s.focus in study.units(s.frame)
        for spec in STATIC_PARAMS:
            value = getattr(s, spec.name)
            if spec.kind != "choice":
                assert spec.lo <= value <= spec.hi
        for name in ("year", "push_start"):
            spec = next(p for p in specs.values() if p.name == name)
            assert spec.lo <= getattr(s, name) <= spec.hi
        caps = study.lever_caps(s.frame, s.focus)
        for index, value in s.levers:
            assert 0 < value <= caps[index] + 1e-9

    check()


def test_scenario_is_hashable_and_frozen(scenario):
    s = scenario()
    assert hash(s) == hash(scenario())
    try:
        s.top_n = 3  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("Scenario must be frozen")


def test_a_scenario_rebuilt_from_its_assumptions_key_has_that_key_and_default_levers(study, scenario):
    s = scenario(frame=63, seed=7, draws=2000, others_pace=1.2, shock_scale=0.8, persistence=1.1, levers={"infrastructure": 0.1})
    rebuilt = from_assumptions_key(study, s.assumptions_key(), year=2027)
    assert rebuilt.assumptions_key() == s.assumptions_key()
    assert rebuilt.year == 2027 and rebuilt.lever("infrastructure") == scenario().lever("infrastructure") == 0.0


def test_levers_are_a_mapping_keyed_by_main_index_and_zero_levers_drop(scenario):
    s = scenario(levers={"society_activity": 0.2, "infrastructure": 0.1, "gov_activity": 0.0})
    assert s.levers == (("infrastructure", 0.1), ("society_activity", 0.2))
    assert s == scenario(levers=(("society_activity", 0.2), ("infrastructure", 0.1)))
    assert s.lever("gov_activity") == 0.0 and s.lever("infrastructure") == 0.1
    assert s.lever_values(("infrastructure", "econ_activity")) == {"infrastructure": 0.1, "econ_activity": 0.0}


def test_first_release_lever_url_keys_are_kept(study):
    assert {k: lever_key(k) for k in ("infrastructure", "gov_activity", "econ_activity", "society_activity")} == {
        "infrastructure": "lv_infra",
        "gov_activity": "lv_gov",
        "econ_activity": "lv_econ",
        "society_activity": "lv_soc",
    }
    s, problems = scenario_from_params(study, {"lv_infra": "0.1", "lv_soc": "0.2"})
    assert problems == [] and s.levers == (("infrastructure", 0.1), ("society_activity", 0.2))


def test_assumptions_key_includes_the_focus(scenario):
    assert scenario().assumptions_key() != scenario(focus="ha-noi").assumptions_key()


def test_directly_built_scenario_equals_the_default(study, scenario):
    s = Scenario(focus=study.plan_unit, frame=study.default_frame, top_n=study.goal_rank, year=study.goal_year, push_start=study.last_year + 2)
    assert s == scenario()

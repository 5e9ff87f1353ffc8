"""Preset scenarios (model/presets.py): each rule, the ordering of their chances, Kế hoạch
meeting the targets it can reach, and presets surviving a link."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from model import engine, presets
from model.scenario import PUSH_BOUNDS, Scenario, default_scenario, scenario_from_params
from model.status import meets
from model.targets.assess import assess_targets

#: Planners' figures for a few targets (made up for the test; the shipped data has almost no
#: provincial series): one to push in 2025, one strict ">" target, one 100 % target in 2030,
#: one already met, one falling series.
OBS = pd.DataFrame(
    {
        "indicator_id": ["level4_services_share"] * 3
        + ["epayment_accounts"] * 2
        + ["telemedicine_facilities"] * 2
        + ["records_online_commune"] * 2
        + ["labour_productivity_growth"] * 3,
        "year": [2021, 2022, 2023, 2022, 2024, 2022, 2024, 2023, 2024, 2021, 2022, 2023],
        "value": [40.0, 50.0, 60.0, 10.0, 20.0, 20.0, 40.0, 70.0, 75.0, 4.0, 3.5, 3.0],
        "note": "",
        "source": "",
    }
)


def p_goal(ds, study, scenario: Scenario) -> float:
    """P(goal rank in the goal year) of ``scenario`` as the app computes it (Top 15 in 2030)."""
    s = scenario.with_values(top_n=min(study.goal_rank, scenario.frame), year=study.goal_year)
    r = engine.rank_forecast(ds, study, s)
    return float(r.scenario.p_top[list(r.scenario.years).index(study.goal_year)])


def movable(study, s: Scenario) -> list[str]:
    """The levers the focus unit can move (headroom above 0): the four weak main indices of
    Hà Tĩnh in 2024 on the shipped data."""
    return [k for k, cap in study.lever_caps(s.frame, s.focus).items() if cap > 0]


def assessed(ds, scenario: Scenario, obs=OBS) -> pd.DataFrame:
    """Targets assessed for ``scenario`` as the app does (ui.cache.target_assessment)."""
    return assess_targets(
        ds,
        user_obs=obs,
        pushes=dict(scenario.pushes),
        push_start=scenario.push_start,
        status_method=scenario.status_method,
        trend_multiplier=scenario.trend_multiplier,
        pci_draws=200,
    ).set_index("target_id")


@pytest.fixture(scope="module")
def base(study) -> Scenario:
    """A user's scenario: view settings changed, levers and assumptions moved."""
    return default_scenario(
        study,
        frame=34,
        top_n=10,
        year=2028,
        seed=7,
        draws=2000,
        status_method="un2023",
        levers={"gov_activity": 0.2},
        others_pace=0.7,
        trend_multiplier=1.8,
        pushes=(("dvc_level4", 3.0),),
        strengths=(("dvc_level4", 0.5),),
    )


@pytest.fixture(scope="module")
def built(ds, study, base):
    return presets.all_presets(ds, study, base, OBS)


def test_every_preset_keeps_the_view_and_resets_everything_else(built, base, scenario):
    assert tuple(built) == presets.PRESET_IDS
    for preset in built.values():
        s = preset.scenario
        for name in presets.VIEW_FIELDS:
            assert getattr(s, name) == getattr(base, name), (preset.preset_id, name)
        assert s.strengths == ()
        assert s.shock_scale == 1.0 and s.persistence == 1.0
    b = built["baseline"].scenario
    assert b == scenario(frame=34, top_n=10, year=2028, seed=7, draws=2000, status_method="un2023")
    assert b.levers == ()


def test_stalled_is_flat_plan_indicators_and_fast_other_units(built):
    s = built["stalled"].scenario
    assert s.trend_multiplier == 0.0
    assert s.others_pace == pytest.approx(1.5)  # the upper bound of the pace assumption
    assert s.pushes == () and s.levers == ()


def test_accelerated_is_the_smallest_uniform_lever_reaching_90_percent(ds, study, built):
    s = built["accelerated"].scenario
    assert s.trend_multiplier == pytest.approx(1.5)
    indices = movable(study, s)
    assert indices == ["infrastructure", "gov_activity", "econ_activity", "society_activity"]
    assert [k for k, _ in s.levers] == sorted(indices), "a lever on every index with headroom, none elsewhere"
    levers = [s.lever(k) for k in indices]
    assert len(set(levers)) == 1, "uniform lever (all within their headroom here)"
    lever = levers[0]
    assert 0.0 < lever < 0.5
    assert lever == pytest.approx(round(lever, 2)), "a slider step"
    assert built["accelerated"].fact("lever") == pytest.approx(lever)
    assert p_goal(ds, study, s) >= 0.90
    one_step_less = s.with_values(levers={k: lever - 0.01 for k in indices})
    assert p_goal(ds, study, one_step_less) < 0.90


@pytest.mark.parametrize("frame", [34, 63])
def test_chances_are_ordered_accelerated_baseline_stalled(ds, study, scenario, frame):
    base = scenario(frame=frame)
    built = presets.all_presets(ds, study, base)
    p = {k: p_goal(ds, study, v.scenario) for k, v in built.items()}
    assert p["accelerated"] >= 0.90
    assert p["accelerated"] > p["baseline"] + 0.05
    assert p["baseline"] > p["stalled"] + 0.05
    # the baseline is the model's own P(Top 15 in 2030) with every default
    assert p["baseline"] == pytest.approx(p_goal(ds, study, scenario(frame=frame)), abs=1e-12)


@pytest.mark.parametrize("frame", [34, 63])
def test_lever_caps_are_the_slider_bounds_within_a_rounding_of_the_headroom(ds, study, frame):
    setup = engine.frame_setup(ds, study, frame, study.plan_unit)
    caps = study.lever_caps(frame, study.plan_unit)
    assert tuple(caps) == study.lever_indices
    for index, cap in caps.items():
        assert abs(cap - (1.0 - setup.current[index])) <= 0.005 + 1e-12


def test_plan_meets_every_reachable_target_in_its_target_year(ds, study, built):
    plan = built["plan"].scenario
    # the plan's last year, the first forecast year: its targets of that year can still be met
    assert plan.push_start == presets.plan_push_start(study) == study.years[0] == 2025
    assert plan.trend_multiplier == 1.0 and plan.levers == ()
    table = presets.plan_pushes(ds, study, plan, OBS).set_index("target_id")
    with_plan = assessed(ds, plan)
    without = assessed(ds, presets.view_of(study, plan).with_values(push_start=presets.plan_push_start(study)))
    pushed = table[table["reason"] == "pushed"]
    assert set(pushed.index) == {"dvc_level4", "epayment_accounts", "labour_productivity"}
    for target_id, row in table.iterrows():
        col = f"scenario_{row['target_year']}"
        value, goal, comp = with_plan.loc[target_id, col], row["target_value"], row["comparator"]
        if row["reason"] == "pushed":
            assert not meets(without.loc[target_id, col], goal, comp), target_id
            assert meets(value, goal, comp), (target_id, value, goal)
            assert plan.push_for(target_id) == pytest.approx(row["push"])
            # smallest to the rounding step: two steps less misses the target
            smaller = plan.with_values(
                pushes=tuple((k, v - 2 * presets.PUSH_STEP if k == target_id else v) for k, v in plan.pushes)
            )
            assert not meets(assessed(ds, smaller).loc[target_id, col], goal, comp), target_id
        elif row["reason"] == "unreachable":
            # a 100 % share saturates at 99.9 % on the S-curve: even the largest push misses
            most = plan.with_values(pushes=((target_id, PUSH_BOUNDS[1]),))
            assert not meets(assessed(ds, most).loc[target_id, col], goal, comp), target_id
        else:
            assert row["push"] == 0.0 and plan.push_for(target_id) == 0.0, target_id
    assert table.loc["records_online_commune", "reason"] == "already_met"
    assert table.loc["telemedicine", "reason"] == "unreachable"
    assert table.loc["mobile_4g5g", "reason"] == "observed"  # 2025 figure already published
    assert table.loc["dti_top15", "reason"] == "not_a_series"
    assert built["plan"].fact("pushed") == 3 and built["plan"].fact("unreachable") == 1


def test_plan_on_the_shipped_data_alone_pushes_nothing(ds, study, scenario):
    """No shipped Hà Tĩnh series is still ahead of its target year: an honest empty plan."""
    preset = presets.plan(ds, study, scenario())
    assert preset.scenario.pushes == ()
    assert preset.fact("pushed") == 0


@given(
    start=hs.floats(min_value=1.0, max_value=70.0),
    steps=hs.lists(hs.floats(min_value=-5.0, max_value=15.0), min_size=1, max_size=3),
    last_year=hs.integers(min_value=2021, max_value=2024),
)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_plan_push_meets_an_arbitrary_share_series_or_says_it_cannot(ds, study, scenario, start, steps, last_year):
    values = [start]
    for step in steps:
        values.append(min(99.0, max(0.5, values[-1] + step)))
    years = list(range(last_year - len(values) + 1, last_year + 1))
    obs = pd.DataFrame({"indicator_id": "level4_services_share", "year": years, "value": values, "note": "", "source": ""})
    preset = presets.plan(ds, study, scenario(), obs)
    row = presets.plan_pushes(ds, study, scenario(), obs).set_index("target_id").loc["dvc_level4"]
    value = assessed(ds, preset.scenario, obs).loc["dvc_level4", "scenario_2025"]
    if row["reason"] in ("pushed", "already_met"):
        assert meets(value, 80.0, ">="), (values, row["push"], value)
    else:
        assert row["reason"] == "unreachable"
        assert preset.scenario.push_for("dvc_level4") <= PUSH_BOUNDS[1]


def test_presets_survive_a_link_unchanged(study, built):
    for preset in built.values():
        back, problems = scenario_from_params(study, preset.scenario.to_params(study))
        assert problems == []
        assert presets.same_scenario(study, back, preset.scenario), preset.preset_id
        for name in ("others_pace", "trend_multiplier", "push_start"):
            assert getattr(back, name) == pytest.approx(getattr(preset.scenario, name), abs=1e-12)
        for index in study.lever_indices:
            assert back.lever(index) == pytest.approx(preset.scenario.lever(index), abs=1e-12)


def test_matching_preset_names_exactly_the_preset_in_use(study, built):
    for preset_id, preset in built.items():
        assert presets.matching_preset(study, preset.scenario, built) == preset_id
        # a push of 0 written out is the same link as no push
        zero_push = preset.scenario.with_values(pushes=(*preset.scenario.pushes, ("zzz", 0.0)))
        assert presets.matching_preset(study, zero_push, built) == preset_id
    moved = built["stalled"].scenario.with_values(levers={"society_activity": 0.01})
    assert presets.matching_preset(study, moved, built) is None
    assert math.isnan(built["baseline"].fact("lever"))

"""Every cached model call of the app, in one place.

Caches are keyed by hashable values (the frozen scenario, its assumptions key). Heavy
arrays live in ``cache_resource`` (shared, no copy) and are made read-only so a caller
cannot change what another session sees; small results use ``cache_data`` (a copy per
caller). Entry counts are capped so memory stays bounded on a shared server.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from model import engine
from model import forecast as fc
from model.data import Dataset, load_dataset
from model.scenario import Scenario, from_assumptions_key, param_specs
from model.study import Study, build_study


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The shipped data, validated once per server process (model.data.default_data_dir).

    The targets' Vietnamese labels are quoted from the plan as reported ("tối thiểu 10%
    GRDP"); they are shown with the house style's space before "%" ("10 % GRDP"), like every
    other Vietnamese number. The files themselves are not changed.
    """
    ds = load_dataset()
    labels = ds.targets["label_vi"].str.replace(r"(\d)%", r"\1 %", regex=True)
    return dataclasses.replace(ds, targets=ds.targets.assign(label_vi=labels))


@st.cache_resource(show_spinner=False)
def study() -> Study:
    """The study set-up read from the data (model.study)."""
    return build_study(dataset())


@st.cache_resource(show_spinner=False)
def specs() -> dict:
    """Every scenario input by URL key with the study's defaults and bounds (read-only use)."""
    return param_specs(study())


@st.cache_resource(show_spinner=False, max_entries=8)
def panel_fit(seed: int) -> fc.PanelFit:
    """The panel estimation for ``seed``, shared by every session: its arrays are read-only."""
    fit = engine.estimate(dataset(), study(), seed)
    for array in (fit.rho, fit.sigma, fit.drifts, fit.drift_hat):
        array.flags.writeable = False
    return fit


@st.cache_resource(show_spinner=False, max_entries=12)
def baseline_field(assumptions_key: tuple) -> np.ndarray:
    """Read-only (n_draws, n_years, n_units) baseline paths for one assumptions key."""
    scenario = from_assumptions_key(study(), assumptions_key)
    return engine.baseline_field(dataset(), study(), scenario, panel_fit(scenario.seed), setup_for(scenario))


def field_for(scenario: Scenario) -> np.ndarray:
    return baseline_field(scenario.assumptions_key())


@st.cache_data(show_spinner=False, max_entries=64)
def rank_forecast(scenario: Scenario) -> engine.RankForecast:
    return engine.rank_forecast(dataset(), study(), scenario, field_for(scenario), setup_for(scenario))


@st.cache_data(show_spinner=False, max_entries=32)
def units_near_cutline(scenario: Scenario) -> pd.DataFrame:
    return engine.units_near_cutline(dataset(), study(), scenario, field_for(scenario), setup=setup_for(scenario))


@st.cache_data(show_spinner=False, max_entries=32)
def goal_seek(scenario: Scenario, which: str, target_p: float) -> fc.GoalSeekResult:
    return engine.goal_seek(dataset(), study(), scenario, which, target_p, field_for(scenario), setup_for(scenario))


@st.cache_resource(show_spinner=False, max_entries=8)
def sensitivity_fields(assumptions_key: tuple, year: int) -> dict[tuple, np.ndarray]:
    """The tornado's re-simulated assumption fields in ``year`` (read-only, ~1.4 MB each at
    10,000 draws): shared by every lever position of the same assumptions."""
    scenario = from_assumptions_key(study(), assumptions_key, year=year)
    return engine.sensitivity_fields(dataset(), study(), scenario, panel_fit(scenario.seed), setup_for(scenario))


@st.cache_data(show_spinner=False, max_entries=16)
def sensitivity(scenario: Scenario) -> pd.DataFrame:
    return engine.sensitivity(
        dataset(),
        study(),
        scenario,
        field_for(scenario),
        panel_fit(scenario.seed),
        setup_for(scenario),
        alternates=sensitivity_fields(scenario.assumptions_key(), scenario.year),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def frame_setup(frame: int, focus: str) -> engine.FrameSetup:
    return engine.frame_setup(dataset(), study(), frame, focus)


def setup_for(scenario: Scenario) -> engine.FrameSetup:
    return frame_setup(scenario.frame, scenario.focus)


@st.cache_data(show_spinner=False, max_entries=16)
def focus_history(focus: str) -> pd.DataFrame:
    from model.overview import focus_history as build

    return build(dataset(), study(), focus)


@st.cache_data(show_spinner=False, max_entries=16)
def component_comparison(focus: str) -> pd.DataFrame:
    from model.overview import component_comparison as build

    return build(dataset(), study(), focus)


@st.cache_data(show_spinner=False, max_entries=1)
def goal_frame_facts() -> dict:
    from model.overview import goal_frame_facts as build

    return build(dataset(), study())


@st.cache_data(show_spinner=False, max_entries=1)
def rank_moves() -> pd.DataFrame:
    from model.overview import rank_moves as build

    return build(dataset(), study())


@st.cache_data(show_spinner=False, max_entries=1)
def headline_goals() -> pd.DataFrame:
    from model.overview import headline_goals as build

    return build(dataset(), study())


@st.cache_data(show_spinner=False, max_entries=32)
def lever_mapping(scenario: Scenario) -> pd.DataFrame:
    return engine.lever_mapping(dataset(), scenario, study().horizon)


@st.cache_data(show_spinner=False, max_entries=16)
def table_csv(file_name: str) -> bytes:
    """The shipped file's bytes, exactly as checksummed (a download of the source table)."""
    from model.data import default_data_dir

    return (default_data_dir() / file_name).read_bytes()


@st.cache_data(show_spinner=False, max_entries=16)
def history_table(focus: str) -> pd.DataFrame:
    from model.overview import history_table as build

    return build(focus_history(focus))


def goal_scenario(scenario: Scenario, *, plan: bool = False) -> Scenario:
    """``scenario`` looked at for the study's goal: the goal rank (or the whole frame if
    smaller) in the goal year; with ``plan`` for the plan's unit (its unit in the frame)."""
    s = study()
    changes = {"top_n": min(s.goal_rank, scenario.frame), "year": s.goal_year_in_forecast}
    if plan and scenario.focus != s.unit_in_frame(s.plan_unit, scenario.frame):
        focus = s.unit_in_frame(s.plan_unit, scenario.frame)
        changes.update(focus=focus, levers=())  # the focus unit's levers are not the plan unit's
    return scenario.with_values(**changes)


@st.cache_data(show_spinner=False, max_entries=64)
def target_assessment(scenario: Scenario, obs_key: tuple = ()) -> pd.DataFrame:
    """Every plan target assessed for ``scenario`` with the planners' figures ``obs_key``
    (:func:`model.userdata.observations_key`). The plan's ranking goal takes P(goal rank in the
    goal year) from the rank simulation of the same scenario for the plan's unit (Top-N and
    year fixed at the plan's goal), whatever unit is in focus: the targets are the plan's."""
    from model.targets import assess_targets
    from model.userdata import observations_from_key

    dti = rank_forecast(goal_scenario(scenario, plan=True))
    return assess_targets(
        dataset(),
        user_obs=observations_from_key(obs_key),
        pushes=dict(scenario.pushes),
        push_start=scenario.push_start,
        status_method=scenario.status_method,
        trend_multiplier=scenario.trend_multiplier,
        dti_top15_probability=float(dti.scenario.p_top[list(dti.scenario.years).index(study().goal_year_in_forecast)]),
    )


@st.cache_data(show_spinner=False, max_entries=256)
def target_detail(target_id: str, push: float, push_start: int, trend_multiplier: float, obs_key: tuple = ()) -> pd.DataFrame:
    """Year-by-year paths of one target (model.targets.target_detail); keyed by only what
    changes them, so moving one target's lever recomputes that target alone."""
    from model.targets import target_detail as build
    from model.userdata import observations_from_key

    return build(
        dataset(), target_id, user_obs=observations_from_key(obs_key), push=push,
        push_start=push_start, trend_multiplier=trend_multiplier,
    )


@st.cache_data(show_spinner=False, max_entries=32)
def reference_observations(target_id: str) -> pd.DataFrame:
    from model.targets import reference_observations as build

    return build(dataset(), target_id)


@st.cache_data(show_spinner=False, max_entries=1)
def known_indicators() -> dict[str, str]:
    """{indicator_id: unit} planners may enter (model.userdata.known_indicators_from)."""
    from model.userdata import known_indicators_from

    ds = dataset()
    return known_indicators_from(ds.targets, ds.indicators)


# -- issue 14: model spread, weight stress test, methods backtest ----------------------
@st.cache_data(show_spinner=False, max_entries=16)
def model_spread(assumptions_key: tuple, top_n: int) -> pd.DataFrame:
    """The focus unit's baseline P(Top N) in the goal year under every method, in every
    frame (model.spread.model_spread, ~1 s at 10,000 draws): keyed by the assumptions and
    N only, so a lever move never recomputes it."""
    from model import spread

    return spread.model_spread(dataset(), study(), from_assumptions_key(study(), assumptions_key, top_n=top_n))


def spread_for(scenario: Scenario) -> pd.DataFrame:
    return model_spread(scenario.assumptions_key(), scenario.top_n)


@st.cache_data(show_spinner=False, max_entries=16)
def weight_sensitivity(assumptions_key: tuple, top_n: int) -> dict:
    """The weight stress test of model.weights.weight_sensitivity on the shared panel fit,
    keyed like :func:`model_spread`."""
    from model import weights

    scenario = from_assumptions_key(study(), assumptions_key, top_n=top_n)
    return weights.weight_sensitivity(dataset(), study(), scenario, fit=panel_fit(scenario.seed))


def weights_for_scenario(scenario: Scenario) -> dict:
    return weight_sensitivity(scenario.assumptions_key(), scenario.top_n)


@st.cache_data(show_spinner=False, max_entries=1)
def index_coverage() -> pd.DataFrame:
    from model import spread

    return spread.index_coverage(dataset(), study())


@st.cache_data(show_spinner=False, max_entries=2)
def backtest_methods(seed: int) -> dict:
    """Every backtest method over every origin, the method chosen (model.backtest.backtest_methods:
    several seconds) and the default's near-the-cut calibration (backtest.near_cut_calibration)."""
    from model import backtest
    from model.uncertainty import DEFAULT_METHOD

    compared = backtest.backtest_methods(dataset(), study(), seed=seed)
    return {**compared, "near_cut": backtest.near_cut_calibration(compared["methods"][DEFAULT_METHOD])}


def spread_summary_for(scenario: Scenario) -> dict:
    """{frame: default P, range [min, max] and rows} of :func:`spread_for` (model.spread.spread_summary)."""
    from model import spread

    return spread.spread_summary(spread_for(scenario))


@st.cache_data(show_spinner=False, max_entries=16)
def method_facts(seed: int, focus: str) -> dict:
    """What the Method page's paragraphs on issue 14 quote (model.backtest.method_facts)."""
    from model.backtest import method_facts as build

    compared = backtest_methods(seed)
    results = compared["methods"][next(iter(compared["methods"]))].results
    return build(results, index_coverage(), component_comparison(focus))


def weight_spread() -> float:
    """The stress test's stated half-width of the random weight factors [fraction]."""
    from model.weights import WEIGHT_SPREAD

    return WEIGHT_SPREAD

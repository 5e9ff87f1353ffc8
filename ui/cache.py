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
from model.scenario import Scenario


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The shipped data, validated once per server process.

    The targets' Vietnamese labels are quoted from the plan as reported ("tối thiểu 10%
    GRDP"); they are shown with the house style's space before "%" ("10 % GRDP"), like every
    other Vietnamese number. The files themselves are not changed.
    """
    ds = load_dataset()
    labels = ds.targets["label_vi"].str.replace(r"(\d)%", r"\1 %", regex=True)
    return dataclasses.replace(ds, targets=ds.targets.assign(label_vi=labels))


@st.cache_resource(show_spinner=False, max_entries=8)
def panel_fit(seed: int) -> fc.PanelFit:
    """The panel estimation for ``seed``, shared by every session: its arrays are read-only."""
    fit = engine.estimate(dataset(), seed)
    for array in (fit.rho, fit.sigma, fit.drifts, fit.drift_hat):
        array.flags.writeable = False
    return fit


@st.cache_resource(show_spinner=False, max_entries=12)
def baseline_field(assumptions_key: tuple) -> np.ndarray:
    """Read-only (n_draws, n_years, n_units) baseline paths for one assumptions key."""
    scenario = Scenario.from_assumptions_key(assumptions_key)
    return engine.baseline_field(dataset(), scenario, panel_fit(scenario.seed), frame_setup(scenario.frame))


def field_for(scenario: Scenario) -> np.ndarray:
    return baseline_field(scenario.assumptions_key())


@st.cache_data(show_spinner=False, max_entries=64)
def rank_forecast(scenario: Scenario) -> engine.RankForecast:
    return engine.rank_forecast(dataset(), scenario, field_for(scenario), frame_setup(scenario.frame))


@st.cache_data(show_spinner=False, max_entries=32)
def units_near_cutline(scenario: Scenario) -> pd.DataFrame:
    return engine.units_near_cutline(dataset(), scenario, field_for(scenario), setup=frame_setup(scenario.frame))


@st.cache_data(show_spinner=False, max_entries=32)
def goal_seek(scenario: Scenario, which: str, target_p: float) -> fc.GoalSeekResult:
    return engine.goal_seek(dataset(), scenario, which, target_p, field_for(scenario), frame_setup(scenario.frame))


@st.cache_resource(show_spinner=False, max_entries=8)
def sensitivity_fields(assumptions_key: tuple, year: int) -> dict[tuple, np.ndarray]:
    """The tornado's re-simulated assumption fields in ``year`` (read-only, ~1.4 MB each at
    10,000 draws): shared by every lever position of the same assumptions."""
    scenario = Scenario.from_assumptions_key(assumptions_key, year=year)
    return engine.sensitivity_fields(dataset(), scenario, panel_fit(scenario.seed), frame_setup(scenario.frame))


@st.cache_data(show_spinner=False, max_entries=16)
def sensitivity(scenario: Scenario) -> pd.DataFrame:
    return engine.sensitivity(
        dataset(),
        scenario,
        field_for(scenario),
        panel_fit(scenario.seed),
        frame_setup(scenario.frame),
        alternates=sensitivity_fields(scenario.assumptions_key(), scenario.year),
    )


@st.cache_data(show_spinner=False, max_entries=4)
def backtest(seed: int = 2030) -> engine.BacktestResult:
    return engine.backtest(dataset(), seed=seed)


@st.cache_resource(show_spinner=False, max_entries=2)
def frame_setup(frame: int) -> engine.FrameSetup:
    return engine.frame_setup(dataset(), frame)


@st.cache_data(show_spinner=False, max_entries=1)
def focus_history() -> pd.DataFrame:
    from model.overview import focus_history as build

    return build(dataset())


@st.cache_data(show_spinner=False, max_entries=1)
def component_comparison() -> pd.DataFrame:
    from model.overview import component_comparison as build

    return build(dataset())


@st.cache_data(show_spinner=False, max_entries=1)
def headline_goals() -> pd.DataFrame:
    from model.overview import headline_goals as build

    return build(dataset())


@st.cache_data(show_spinner=False, max_entries=32)
def lever_mapping(scenario: Scenario) -> pd.DataFrame:
    return engine.lever_mapping(dataset(), scenario)


@st.cache_data(show_spinner=False, max_entries=16)
def table_csv(file_name: str) -> bytes:
    """The shipped file's bytes, exactly as checksummed (a download of the source table)."""
    from model.data import default_data_dir

    return (default_data_dir() / file_name).read_bytes()


@st.cache_data(show_spinner=False, max_entries=1)
def history_table() -> pd.DataFrame:
    from model.overview import history_table as build

    return build(focus_history())


@st.cache_data(show_spinner=False, max_entries=64)
def target_assessment(scenario: Scenario, obs_key: tuple = ()) -> pd.DataFrame:
    """Every plan target assessed for ``scenario`` with the planners' figures ``obs_key``
    (:func:`ui.state.observations_key`). The DTI Top 15 goal takes P(Top 15 in 2030) from
    the rank simulation of the same scenario (Top-N fixed at the plan's 15)."""
    from model.targets import assess_targets
    from ui.state import observations_from_key

    dti = rank_forecast(scenario.with_values(top_n=min(15, scenario.frame), year=2030))
    return assess_targets(
        dataset(),
        user_obs=observations_from_key(obs_key),
        pushes=dict(scenario.pushes),
        push_start=scenario.push_start,
        status_method=scenario.status_method,
        trend_multiplier=scenario.trend_multiplier,
        dti_top15_probability=float(dti.scenario.p_top[-1]),
    )


@st.cache_data(show_spinner=False, max_entries=256)
def target_detail(target_id: str, push: float, push_start: int, trend_multiplier: float, obs_key: tuple = ()) -> pd.DataFrame:
    """Year-by-year paths of one target (model.targets.target_detail); keyed by only what
    changes them, so moving one target's lever recomputes that target alone."""
    from model.targets import target_detail as build
    from ui.state import observations_from_key

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

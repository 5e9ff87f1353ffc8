"""Issue 14: forecast methods beyond the province bootstrap, model spread, bounded main
indices, near-the-cut calibration (model/uncertainty.py, model/spread.py, backtest.backtest)."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from model import backtest, engine, spread
from model import forecast as fc
from model import uncertainty as unc
from model.data import MAIN_INDICES, weights_for
from model.scenario import default_scenario
from text.notes import note_text

DRAWS = 2000


@pytest.fixture(scope="module")
def setup34(ds, study):
    return engine.frame_setup(ds, study, study.default_frame, study.plan_unit)


@pytest.fixture(scope="module")
def inputs34(ds, study, setup34):
    return spread.frame_inputs(ds, study, setup34)


# ============================================================================ estimation
def test_transition_estimates_are_the_method_notes_and_the_panel_fit_s(ds, study):
    wide = engine.panel_wide(ds, study.estimation_frame, study.estimation_years)
    t = unc.fit_transitions(wide, n_boot=0, rng=None)
    fit = fc.fit_panel(wide, n_boot=0)
    # method notes §2: persistence 0.73 / 1.03, drifts +0.43 / +0.10
    assert t.rho[0].round(2).tolist() == [0.73, 1.03] and t.drift[0].round(2).tolist() == [0.43, 0.10]
    np.testing.assert_allclose(t.rho[0], fit.per_transition["persistence"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(t.sigma[0], fit.per_transition["shock_sd"], rtol=0, atol=1e-12)
    assert t.labels == tuple(f"{a}-{b}" for a, b in zip(study.estimation_years[:-1], study.estimation_years[1:], strict=True))
    # the random walk's σ: the deviation changes' spread is at least the AR(1)'s residual one
    assert t.sigma_rw[0] >= fit.sigma_hat


def test_bootstrap_uses_the_default_fit_s_province_picks(ds, study):
    wide = engine.panel_wide(ds, study.estimation_frame, study.estimation_years)
    fit = fc.fit_panel(wide, n_boot=50, rng=unc.generators(7)[0])
    t = unc.fit_transitions(wide, n_boot=50, rng=unc.generators(7)[0])
    np.testing.assert_allclose(t.drift, fit.drifts, rtol=0, atol=1e-12)  # same picks → same drifts


# ============================================================================ simulation
def test_simulate_paths_is_the_default_simulation_to_the_bit(ds, study, setup34):
    fit = engine.estimate(ds, study, 11)
    scenario = default_scenario(study, draws=DRAWS, seed=11, others_pace=1.2, shock_scale=0.9, persistence=1.1)
    randomness = engine.draw_randomness(scenario, setup34, fit)
    assumptions = fc.Assumptions(1.2, 0.9, 1.1)
    expected = fc.simulate_scores(setup34.start_scores, setup34.focus_index, fit, randomness, assumptions)
    rho, sigma, cum = unc.method_parameters("units", fit, unc.fit_transitions(engine.panel_wide(ds, study.estimation_frame, study.estimation_years), n_boot=0, rng=None), randomness)
    got = unc.simulate_paths(setup34.start_scores, rho, sigma, cum, randomness.shocks, setup34.focus_index, assumptions)
    np.testing.assert_array_equal(got, expected)
    # one start per draw, all equal: the same paths
    starts = np.tile(setup34.start_scores, (DRAWS, 1))
    again = unc.simulate_paths(starts, rho, sigma, cum, randomness.shocks, setup34.focus_index, assumptions)
    np.testing.assert_array_equal(again, expected)


def test_transitions_method_equals_the_default_with_one_observed_transition(ds, study, setup34):
    panel = engine.panel_wide(ds, study.estimation_frame, study.estimation_years[:2])
    inputs = unc.MethodInputs(panel, np.empty((0, 0)), setup34.start_scores, np.arange(1, 35), np.empty((0, 8)), np.ones(8) / 8)
    a, _ = unc.simulate_method("units", inputs, n_draws=DRAWS, n_years=3, seed=5, n_boot=100, rank=False)
    b, _ = unc.simulate_method("transitions", inputs, n_draws=DRAWS, n_years=3, seed=5, n_boot=100, rank=False)
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("method", [*unc.BACKTEST_METHODS, "transition:2022-2023"])
def test_every_method_is_deterministic_by_seed_and_ranks_are_valid(inputs34, method):
    kw = {"n_draws": 500, "n_years": 3, "n_boot": 50}
    field, ranks = unc.simulate_method(method, inputs34, seed=3, **kw)
    field2, ranks2 = unc.simulate_method(method, inputs34, seed=3, **kw)
    _, ranks3 = unc.simulate_method(method, inputs34, seed=4, **kw)
    np.testing.assert_array_equal(ranks, ranks2)
    assert not np.array_equal(ranks, ranks3)
    assert ranks.shape == (500, 3, 34) and ranks.min() >= 1 and ranks.max() <= 34
    if field is None:  # rank methods: every row is a permutation of 1..n
        np.testing.assert_array_equal(np.sort(ranks, axis=-1), np.broadcast_to(np.arange(1, 35), ranks.shape))
    else:
        np.testing.assert_array_equal(field, field2)
        assert (field > 0).all() and (field < 1).all()


def _toy_bounded(indices, sigma=0.3, n_draws=400, n_years=4, seed=0):
    rng = np.random.default_rng(seed)
    n_units, n_k = indices.shape
    w = np.arange(1, n_k + 1, dtype=float)
    w /= w.sum()
    start = indices @ w
    shocks = rng.standard_normal((n_draws, n_years, n_units)).astype(np.float32)
    rho = np.full((n_draws, n_years), 0.9)
    sig = np.full((n_draws, n_years), sigma)
    cum = np.cumsum(np.full((n_draws, n_years), 0.2), axis=1)
    return start, w, rho, sig, cum, shocks


def test_bounded_indices_stay_in_0_1_and_an_index_at_1_can_only_fall():
    indices = np.array([[1.0, 1.0, 1.0], [1.0, 0.5, 0.2], [0.3, 0.4, 0.6], [0.9, 0.8, 0.7]])
    start, w, rho, sig, cum, shocks = _toy_bounded(indices)
    scores, last = unc.simulate_bounded(start, indices, w, rho, sig, cum, shocks)
    assert (last >= 0).all() and (last <= 1).all()
    assert (scores > 0).all() and (scores <= 1).all()
    # the unit with every index at 1.0 never rises above its start
    assert (scores[:, :, 0] <= np.float32(start[0]) + 1e-6).all()
    assert (scores[:, :, 0] < start[0] - 1e-3).any()  # but it can fall
    # scores are the composite of the simulated indices plus the constant recomposition offset
    # (here only the unit at 1.0: its start is kept at the score ceiling 0.9999)
    offset = np.clip(start, fc.SCORE_FLOOR, fc.SCORE_CEIL) - indices @ w
    np.testing.assert_allclose(offset, [fc.SCORE_CEIL - 1.0, 0, 0, 0], atol=1e-12)
    np.testing.assert_allclose(scores[:, -1, :], last @ w.astype(np.float32) + offset, atol=1e-6)


def test_bounded_equals_the_composite_model_when_no_bound_binds():
    indices = np.array([[0.40, 0.45, 0.50], [0.30, 0.35, 0.40], [0.50, 0.45, 0.40]])
    start, w, rho, sig, cum, shocks = _toy_bounded(indices, sigma=0.01, n_years=2)
    cum = cum * 0.05  # small changes: every index stays inside (0, 1)
    bounded, last = unc.simulate_bounded(start, indices, w, rho, sig, cum, shocks)
    assert ((last > 0) & (last < 1)).all()
    composite = unc.simulate_paths(start, rho, sig, cum, shocks)
    np.testing.assert_allclose(bounded, composite, atol=2e-6)
    # the others' pace: unit 0 in focus (pace 1), the others at 1.5 × the common drift
    pace = np.array([1.0, 1.5, 1.5])
    bounded, _ = unc.simulate_bounded(start, indices, w, rho, sig, cum, shocks, pace)
    composite = unc.simulate_paths(start, rho, sig, cum, shocks, 0, fc.Assumptions(others_pace=1.5))
    np.testing.assert_allclose(bounded, composite, atol=2e-6)


def test_bounded_refuses_unknown_main_indices():
    indices = np.array([[0.5, 0.5, 0.5], [np.nan, np.nan, np.nan]])
    start, w, rho, sig, cum, shocks = _toy_bounded(np.array([[0.5, 0.5, 0.5], [0.4, 0.4, 0.4]]))
    with pytest.raises(unc.NotApplicable) as info:
        unc.simulate_bounded(start, indices, w, rho, sig, cum, shocks)
    assert info.value.note.params == {"known": 1, "n": 2}
    assert "1 of 2 units" in note_text(info.value.note, "en") and "1/2 đơn vị" in note_text(info.value.note, "vi")


def test_main_indices_of_the_last_year_are_the_study_s(ds, study, setup34):
    x = unc.main_indices_at(ds, setup34.frame, setup34.base_year, list(setup34.unit_ids))
    assert not np.isnan(x).any()
    focus = dict(zip(MAIN_INDICES, x[setup34.focus_index], strict=True))
    assert focus == pytest.approx(dict(setup34.current), abs=1e-12)
    # 4 of Hà Tĩnh's main indices are at 1.0 (method notes §1)
    assert sum(v == 1.0 for v in focus.values()) == 4
    # recomposed with the weights: the published score to ±0.0001 (data README)
    w = weights_for(ds, setup34.base_year).reindex(list(MAIN_INDICES)).to_numpy()
    np.testing.assert_allclose(x @ w, setup34.start_scores, atol=1e-4)


# ============================================================================ model spread
@pytest.fixture(scope="module")
def spread_table(ds, study):
    return spread.model_spread(ds, study, default_scenario(study, draws=DRAWS), n_boot=100)


def test_model_spread_rows_and_probabilities(study, spread_table):
    methods = spread.spread_methods(study)
    assert len(spread_table) == len(study.frames) * len(methods)
    assert set(spread_table["frame"]) == set(study.frames) and set(spread_table["method"]) == set(methods)
    ok = spread_table["p_top"].notna()
    assert ((spread_table.loc[ok, "p_top"] >= 0) & (spread_table.loc[ok, "p_top"] <= 1)).all()
    assert (spread_table.loc[ok, "rank_p10"] <= spread_table.loc[ok, "median_rank"]).all()
    assert (spread_table.loc[ok, "median_rank"] <= spread_table.loc[ok, "rank_p90"]).all()
    # the bounded method needs every unit's main indices: only the 34 frame has them
    bounded = spread_table[spread_table["method"] == "bounded"].set_index("frame")
    assert bounded.loc[study.default_frame, "p_top"] >= 0 and "10 of 63" in note_text(bounded.loc[63, "note"], "en")
    assert bounded.loc[study.default_frame, "note"] == ""  # it applies: no note
    assert spread_table.groupby("frame")["default"].sum().tolist() == [1] * len(study.frames)


def test_model_spread_default_is_the_forecast_s_baseline(ds, study):
    scenario = default_scenario(study, draws=DRAWS)
    table = spread.model_spread(ds, study, scenario)
    for frame in study.frames:
        row = table[(table["frame"] == frame) & table["default"]].iloc[0]
        s = default_scenario(study, frame=frame, focus=study.unit_in_frame(scenario.focus, frame), draws=DRAWS)
        base = engine.rank_forecast(ds, study, s).baseline
        i = list(base.years).index(row["year"])
        assert row["p_top"] == pytest.approx(float(base.p_top[i]), abs=1e-12)
        assert row["median_rank"] == float(base.median_rank[i])
        assert (row["rank_p10"], row["rank_p90"]) == (int(base.rank_p10[i]), int(base.rank_p90[i]))


def test_model_spread_is_deterministic_and_summarised(ds, study, spread_table):
    again = spread.model_spread(ds, study, default_scenario(study, draws=DRAWS), n_boot=100)
    pd.testing.assert_frame_equal(again, spread_table)
    summary = spread.spread_summary(spread_table)
    for part in summary.values():
        assert part["p_top_min"] <= part["p_top_default"] <= part["p_top_max"]


# ============================================================================ calibration
def test_near_cut_brier_and_reliability_by_hand():
    # a tiny generated panel of 8 units, Top 3, near band 1: units ranked 2–4 last year
    per_unit = pd.DataFrame(
        {
            "unit_id": list("abcdefgh"),
            "rank_last": [1, 2, 3, 4, 5, 6, 7, 8],
            "rank_actual": [2, 4, 1, 3, 5, 6, 8, 7],
            "median": [1, 2, 3, 4, 5, 6, 7, 8],
            "p10": [1, 1, 2, 3, 4, 5, 6, 7],
            "p90": [2, 3, 4, 5, 6, 7, 8, 8],
            "p_top": [0.9, 0.7, 0.5, 0.3, 0.1, 0.05, 0.0, 0.0],
        }
    )
    f = backtest.backtest_scores(per_unit, top_n=3, n_units=8, band=1)
    outcome = np.array([1, 0, 1, 1, 0, 0, 0, 0])
    near = np.array([False, True, True, True, False, False, False, False])
    p = per_unit["p_top"].to_numpy()
    assert f["n_near"] == 3
    assert f["brier_model_near"] == pytest.approx(((0.7 - 0) ** 2 + (0.5 - 1) ** 2 + (0.3 - 1) ** 2) / 3, abs=1e-12)
    # persistence says in for last ranks 2 and 3, out for 4; outcomes out, in, in
    assert f["brier_persistence_near"] == pytest.approx((1 + 0 + 1) / 3, abs=1e-12)
    assert f["brier_base_rate_near"] == pytest.approx(((3 / 8) ** 2 + 2 * (1 - 3 / 8) ** 2) / 3, abs=1e-12)
    assert f["brier_model"] == pytest.approx(float(np.mean((p - outcome) ** 2)), abs=1e-12)
    # b (4 > its p90 3) and c (1 < its p10 2) fall outside their intervals
    assert f["coverage_80"] == pytest.approx(6 / 8) and f["coverage_80_near"] == pytest.approx(1 / 3)
    assert f["mae_persistence_near"] == pytest.approx((2 + 2 + 1) / 3)
    rel = f["reliability"]
    near_rel = rel[rel["scope"] == "near"].set_index("bin_low")
    assert near_rel["n"].sum() == near.sum()
    assert near_rel.loc[0.2, "n"] == 1 and near_rel.loc[0.2, "observed"] == 1.0  # p 0.3 → in
    assert near_rel.loc[0.4, "mean_p"] == pytest.approx(0.5) and near_rel.loc[0.6, "observed"] == 0.0
    all_rel = rel[rel["scope"] == "all"]
    assert all_rel["n"].tolist() == [4, 1, 1, 1, 1] and all_rel["observed"].tolist() == [0.0, 1.0, 1.0, 0.0, 1.0]


def test_reliability_bins_cover_0_and_1():
    t = unc.reliability_table(np.array([0.0, 0.2, 0.999, 1.0]), np.array([0, 0, 1, 1]))
    assert t["n"].tolist() == [1, 1, 0, 0, 2]
    assert np.isnan(t.loc[2, "mean_p"])


@pytest.fixture(scope="module")
def compared(ds, study):
    return backtest.backtest_methods(ds, study, n_draws=DRAWS)


def test_backtest_methods_default_and_choice(ds, study, compared):
    runs = compared["methods"]
    assert set(runs) == set(unc.BACKTEST_METHODS) - {"bounded"}
    why = note_text(compared["not_applicable"]["bounded"], "en")  # every origin, each with its reason
    assert why.startswith("34-unit frame, forecast of 2024 from 2023: bounded main indices") and "; 63-unit frame" in why
    assert "3 of 34" in why and "10 of 63" in why
    default = backtest.backtest_all(ds, study, n_draws=DRAWS)
    same = lambda a, b: json.dumps(a) == json.dumps(b)  # noqa: E731  (NaN of empty bins equal too)
    assert same(runs["units"].as_dict(), default.as_dict())
    # one observed transition in every origin's fit: the transition method is the default
    assert same(runs["transitions"].as_dict()["origins"], [{**o, "method": "transitions"} for o in default.as_dict()["origins"]])
    assert compared["choice"]["chosen"] == "units"
    for run in runs.values():
        pooled = run.as_dict()["pooled"]
        assert pooled["n_near"] == sum(int(unc.near_cut(r.per_unit["rank_last"], r.top_n).sum()) for r in run.results)
        for key in ("brier_model_near", "brier_persistence_near", "brier_base_rate_near", "coverage_80_near"):
            assert 0.0 <= pooled[key] <= 1.0
        for origin in run.as_dict()["origins"]:
            assert {"brier_model_near", "reliability", "n_near"} <= set(origin)
            assert sum(b["n"] for b in origin["reliability"]["all"]) == origin["n_units"]
            assert sum(b["n"] for b in origin["reliability"]["near"]) == origin["n_near"]


def test_choose_method_needs_a_clear_gain():
    rng = np.random.default_rng(0)
    outcome = rng.integers(0, 2, 200).astype(float)
    good = pd.DataFrame({"p_top": np.clip(outcome * 0.8 + 0.1, 0, 1), "outcome": outcome})
    bad = pd.DataFrame({"p_top": np.full(200, 0.5), "outcome": outcome})
    pooled = {"units": {"coverage_80": 0.8}, "random_walk": {"coverage_80": 0.8}}
    assert unc.choose_method(pooled, {"units": bad, "random_walk": good})["chosen"] == "random_walk"
    assert unc.choose_method(pooled, {"units": good, "random_walk": bad})["chosen"] == "units"
    pooled["random_walk"]["coverage_80"] = 0.5  # out of the 70–90 % range
    assert unc.choose_method(pooled, {"units": bad, "random_walk": good})["chosen"] == "units"


# ============================================================================ a new DTI year
@pytest.fixture(scope="module")
def new_year(tmp_path_factory):
    """A copy of data/ with a generated DTI year for the 34 units (tests/generated.py)."""
    from model.data import default_data_dir, load_dataset
    from model.study import build_study
    from tests.generated import write_generated_year

    folder = tmp_path_factory.mktemp("new-year-uncertainty") / "data"
    shutil.copytree(default_data_dir(), folder)
    write_generated_year(folder)
    ds = load_dataset(folder)
    return ds, build_study(ds)


def test_a_new_year_makes_the_bounded_and_transition_methods_testable(new_year):
    ds, study = new_year
    compared = backtest.backtest_methods(ds, study, n_draws=DRAWS, methods=("units", "transitions", "bounded"))
    runs = compared["methods"]
    new = max(study.frame_info[study.default_frame].years)
    # bounded: only the new origin has every unit's main indices in its base year
    bounded = runs["bounded"]
    assert [(r.frame, r.year) for r in bounded.results] == [(study.default_frame, new)]
    skipped = bounded.near["origins_not_applicable"]
    assert set(skipped) == {f"{study.default_frame}:{new - 1}", f"63:{new - 1}"}
    assert all(why.code == "na.backtest_origin" and why.params["year"] == new - 1 for why in skipped.values())
    assert compared["not_applicable"] == {}
    # the new origin's fit has two transitions: resampling them whole now changes the forecast
    by_origin = {(r.frame, r.year): r for r in runs["transitions"].results}
    default = {(r.frame, r.year): r for r in runs["units"].results}
    key = (study.default_frame, new)
    assert by_origin[key].fit_years == tuple(range(new - 3, new))
    assert not by_origin[key].per_unit["p_top"].equals(default[key].per_unit["p_top"])
    assert by_origin[(63, new - 1)].per_unit.equals(default[(63, new - 1)].per_unit)
    choice = compared["choice"]
    assert choice["candidates"]["bounded"]["n_cases"] == study.default_frame
    assert choice["chosen"] in ("units", "transitions", "bounded")


def test_a_new_year_gives_the_spread_and_the_stress_test_its_base_year(new_year):
    from model import weights

    ds, study = new_year
    scenario = default_scenario(study, draws=500)
    table = spread.model_spread(ds, study, scenario, n_boot=50)
    assert table.loc[(table["frame"] == study.default_frame), "p_top"].notna().all()
    stress = weights.weight_sensitivity(ds, study, scenario)
    assert stress["available"] and stress["base_year"] == max(study.frame_info[study.default_frame].years)


# ============================================================================ UI helpers
def test_index_coverage_says_where_the_main_indices_are_complete(ds, study):
    cov = spread.index_coverage(ds, study).set_index(["frame", "year"])
    last = study.frame_info[study.default_frame].last_year
    assert cov.loc[(study.default_frame, last), "n_known"] == study.default_frame
    assert (cov["n_known"] <= cov["n_units"]).all()
    # the bounded method's reason quotes the same count (shipped data: 3 of 34 in 2023)
    row = cov.loc[(study.default_frame, last - 1)]
    assert row["n_known"] < row["n_units"]
    with pytest.raises(unc.NotApplicable) as info:
        setup = engine.frame_setup(ds, study, study.default_frame, study.plan_unit)
        x = unc.main_indices_at(ds, study.default_frame, last - 1, list(setup.unit_ids))
        unc.simulate_bounded(setup.start_scores, x, np.full(8, 1 / 8), *(np.zeros((1, 1)),) * 3, np.zeros((1, 1, len(x))))
    assert f"{row['n_known']} of {row['n_units']} units" in note_text(info.value.note, "en")


def test_near_cut_calibration_is_the_pooled_near_cases(ds, study):
    pooled = backtest.backtest_all(ds, study, n_draws=DRAWS)
    cal = backtest.near_cut_calibration(pooled)
    near = pooled.as_dict()["pooled"]
    assert cal["n_near"] == near["n_near"]
    rel = [b for b in near["reliability"]["near"] if b["n"]]
    assert cal["mean_p"] == pytest.approx(sum(b["n"] * b["mean_p"] for b in rel) / cal["n_near"], abs=1e-12)
    assert cal["made_it"] == pytest.approx(sum(b["n"] * b["observed"] for b in rel) / cal["n_near"], abs=1e-12)
    assert cal["n_made"] == round(cal["made_it"] * cal["n_near"])

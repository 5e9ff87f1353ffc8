"""The Monte Carlo rank forecast: invariants, determinism, levers, goal-seek, backtest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from model import backtest, engine
from model import forecast as fc
from model.ranking import competition_rank
from model.scenario import Scenario, default_scenario

#: Forecast years of the pure-function tests (the shipped study's: 2025–2030).
YEARS = tuple(range(2025, 2031))


@pytest.fixture(scope="module")
def small(study) -> Scenario:
    return default_scenario(study, draws=2000)


@pytest.fixture(scope="module")
def fit(ds, study, small):
    return engine.estimate(ds, study, small.seed)


@pytest.fixture(scope="module")
def field(ds, study, fit, small):
    return engine.baseline_field(ds, study, small, fit)


def test_panel_estimates_match_method_notes(fit):
    # method notes §2: drifts +0.43 / +0.10, persistence 0.73 / 1.03, sd of changes 0.16 / 0.24
    pt = fit.per_transition
    assert pt["drift"].round(2).tolist() == [0.43, 0.10]
    assert pt["persistence"].round(2).tolist() == [0.73, 1.03]
    assert pt["change_sd"].round(2).tolist() == [0.16, 0.24]
    assert 0.73 < fit.rho_hat < 1.03
    assert fit.rho.shape == (engine.N_BOOT,) and fit.drifts.shape == (engine.N_BOOT, 2)


def test_field_shape_bounds_and_read_only(field, ds, study):
    setup = engine.frame_setup(ds, study, 34, study.plan_unit)
    assert study.sim_years(34) == YEARS and setup.years == YEARS
    assert field.shape == (2000, len(YEARS), 34)
    assert (field > 0).all() and (field < 1).all()
    assert not field.flags.writeable
    assert setup.unit_ids[setup.focus_index] == "ha-tinh"


def test_probabilities_and_rank_band(ds, field, study, small):
    r = engine.rank_forecast(ds, study, small, field)
    for s in (r.baseline, r.scenario):
        assert ((s.p_top >= 0) & (s.p_top <= 1)).all()
        assert (s.rank_p10 <= s.median_rank).all() and (s.median_rank <= s.rank_p90).all()
        assert ((s.rank_p10 >= 1) & (s.rank_p90 <= 34)).all()
    # Hà Tĩnh starts 7th of 34: the 2025 chance of the Top 15 is high but not certain
    assert 0.6 < r.baseline.p_top[0] < 0.99


def test_levers_at_baseline_reproduce_baseline_exactly(ds, field, study, small):
    r = engine.rank_forecast(ds, study, small, field)
    np.testing.assert_array_equal(r.baseline.p_top, r.scenario.p_top)
    np.testing.assert_array_equal(r.baseline.median_rank, r.scenario.median_rank)
    assert (r.delta == 0).all()


def test_p_top_monotone_in_n_and_every_lever(ds, field, study, small):
    previous = None
    for n in (5, 10, 15, 20, 34):
        p = engine.rank_forecast(ds, study, small.with_values(top_n=n), field).scenario.p_top
        if previous is not None:
            assert (p >= previous).all()
        previous = p
    for name in ("infrastructure", "gov_activity", "econ_activity", "society_activity"):
        low = engine.rank_forecast(ds, study, small.with_values(levers={name: 0.05}), field).scenario.p_top
        high = engine.rank_forecast(ds, study, small.with_values(levers={name: 0.2}), field).scenario.p_top
        assert (high >= low).all() and high[-1] > low[-1], name


def test_lever_is_capped_at_index_maximum(ds, study):
    setup = engine.frame_setup(ds, study, 34, study.plan_unit)
    capped = fc.composite_delta({"infrastructure": 5.0}, setup.weights, setup.current, setup.years)
    exact = fc.composite_delta({"infrastructure": 1.0 - setup.current["infrastructure"]}, setup.weights, setup.current, setup.years)
    np.testing.assert_allclose(capped, exact)
    # 2024 weight of infrastructure 140/940 × headroom 0.2471, reached in 2030, 1/6 of it in 2025
    assert capped[-1] == pytest.approx(140 / 940 * (1 - 0.7529), abs=1e-6)
    assert capped[0] == pytest.approx(capped[-1] / 6, abs=1e-9)


def test_rank_probabilities_of_a_unit_sum_to_one(ds, field):
    ranks = competition_rank(field, axis=-1)
    dist = fc.rank_distribution(ranks)
    np.testing.assert_allclose(dist.sum(axis=-1), 1.0)


def test_same_seed_same_output_different_seed_differs(ds, fit, study, small):
    a = engine.baseline_field(ds, study, small, fit)
    b = engine.baseline_field(ds, study, small, fit)
    c = engine.baseline_field(ds, study, small.with_values(seed=7), fit)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_zero_shocks_is_deterministic_ranking_of_paths(ds, study):
    fit0 = engine.estimate(ds, study, 1, n_boot=0)
    setup = engine.frame_setup(ds, study, 34, study.plan_unit)
    rnd = fc.draw_randomness(np.random.default_rng(3), 50, 34, len(YEARS), 1, 1)
    field = fc.simulate_scores(setup.start_scores, setup.focus_index, fit0, rnd, fc.Assumptions(shock_scale=0.0))
    assert (field == field[0]).all()
    # deterministic path by hand: deviation shrinks by rho each year around the drifting mean
    y0 = np.log(setup.start_scores / (1 - setup.start_scores))
    dev, mean = y0 - y0.mean(), y0.mean()
    for j in range(len(YEARS)):
        dev, mean = fit0.rho_hat * dev, mean + fit0.drifts[0, 0]
        np.testing.assert_allclose(field[0, j], np.clip(1 / (1 + np.exp(-(mean + dev))), 1e-4, 0.9999), rtol=1e-5)  # float32 paths
    summary = fc.summarise_focus(field, setup.focus_index, field[:, :, setup.focus_index], 15, YEARS)
    expected = competition_rank(field[0], axis=-1)[:, setup.focus_index]
    np.testing.assert_array_equal(summary.median_rank, expected)
    assert set(np.unique(summary.p_top)) <= {0.0, 1.0}


def test_goal_seek_answer_gives_at_least_p(ds, field, study, small):
    scenario = small.with_values(year=2030)
    answer = engine.goal_seek(ds, study, scenario, "society_activity", 0.75, field)
    assert answer.feasible and not answer.already_met
    check = engine.rank_forecast(ds, study, scenario.with_values(levers={"society_activity": answer.value}), field)
    assert check.scenario.p_top[-1] >= 0.75
    slightly_less = engine.rank_forecast(ds, study, scenario.with_values(levers={"society_activity": answer.value - 0.01}), field)
    assert slightly_less.scenario.p_top[-1] < 0.75


def test_goal_seek_says_when_infeasible(ds, field, study, small):
    answer = engine.goal_seek(ds, study, small.with_values(top_n=1), "infrastructure", 0.99, field)
    assert not answer.feasible and answer.value is None and answer.probability < 0.99


def test_tornado_sorted_by_swing_and_covers_all_inputs(ds, field, fit, study, small):
    table = engine.sensitivity(ds, study, small, field, fit)
    assert set(table["name"]) == {"infrastructure", "gov_activity", "econ_activity", "society_activity", "others_pace", "shock_scale", "persistence"}
    assert (np.diff(table["swing"].to_numpy()) <= 1e-12).all()
    lever_rows = table[table["name"] == "society_activity"].iloc[0]
    assert lever_rows["p_high"] > lever_rows["p_low"]


def test_others_pace_lowers_the_chance(ds, fit, study, small):
    slow = engine.rank_forecast(ds, study, small.with_values(others_pace=0.7), engine.baseline_field(ds, study, small.with_values(others_pace=0.7), fit))
    fast = engine.rank_forecast(ds, study, small.with_values(others_pace=1.3), engine.baseline_field(ds, study, small.with_values(others_pace=1.3), fit))
    assert fast.baseline.p_top[-1] < slow.baseline.p_top[-1]


def test_63_frame_runs_with_ha_tinh_eleventh(ds, fit, study, small):
    scenario = small.with_values(frame=63)
    setup = engine.frame_setup(ds, study, 63, study.plan_unit)
    assert len(setup.unit_ids) == 63 and setup.focus_index == 10  # 11th in 2024, no tie
    r = engine.rank_forecast(ds, study, scenario, engine.baseline_field(ds, study, scenario, fit))
    assert (r.baseline.rank_p90 <= 63).all()


def test_backtest_meets_the_bounds(ds, study):
    bt = backtest.backtest(ds, study, n_draws=10_000)
    assert (bt.frame, bt.year, bt.fit_years) == (63, 2024, (2022, 2023))
    assert 0.70 <= bt.coverage_80 <= 0.90
    assert bt.brier_model < bt.brier_persistence
    assert bt.brier_model < bt.brier_base_rate
    assert bt.n_units == 63
    # published references: persistence 2023→2024 misclassified 8 of 63 for the Top 15
    assert bt.brier_persistence == pytest.approx(8 / 63)


# --------------------------------------------------------------------------- fast paths
# The summaries rank draws through integer kernels and read quantiles off histograms; they
# must give exactly what ranking every draw in full and calling numpy gives (the published
# rule: competition ranks of scores rounded to 4 decimals). The reference below is the
# plain way: scipy's rankdata(method="min") on negated rounded scores, np.quantile, np.median.
def tied_field(rng: np.random.Generator, n_draws: int, n_units: int, levels: int = 25) -> np.ndarray:
    """float32 scores on a coarse grid (many ties), some a hair off a 4-decimal boundary."""
    grid = rng.integers(1, levels + 1, size=(n_draws, len(YEARS), n_units)) / (levels + 1)
    nudge = rng.choice([0.0, 0.0, 0.00004, -0.00004], size=grid.shape)
    return (grid + nudge).astype(np.float32)


def score_units(x: np.ndarray) -> np.ndarray:
    """Scores on the published 4-decimal grid, as integers, in the array's own precision."""
    x = np.asarray(x)
    return np.rint(x * x.dtype.type(10_000)).astype(np.int64)


def reference_focus_ranks(field, focus_index, focus):
    everyone = score_units(field)
    everyone[:, :, focus_index] = score_units(focus)  # the focus rounded in its own precision
    return rankdata(-everyone, method="min", axis=-1)[:, :, focus_index]


def reference_focus_summary(field, focus_index, focus, top_n):
    n_units = field.shape[-1]
    ranks = reference_focus_ranks(field, focus_index, focus)
    written = field.copy()  # the focus written into the field (its precision) for the cut line
    written[:, :, focus_index] = focus
    cut = np.round(np.sort(written, axis=-1)[:, :, n_units - top_n], 4)
    rounded = np.round(focus, 4)
    return {
        "p_top": (ranks <= top_n).mean(axis=0),
        "median_rank": np.median(ranks, axis=0),
        "rank_p10": np.quantile(ranks, 0.1, axis=0, method="inverted_cdf"),
        "rank_p90": np.quantile(ranks, 0.9, axis=0, method="inverted_cdf"),
        **{f"score_p{q}": np.quantile(rounded, q / 100, axis=0) for q in (10, 50, 90)},
        **{f"cut_p{q}": np.quantile(cut, q / 100, axis=0) for q in (10, 50, 90)},
    }


@pytest.mark.parametrize("n_draws", [1, 2, 7, 50, 333])
@pytest.mark.parametrize("n_units", [3, 34])
def test_focus_summary_matches_a_plain_reference(n_draws, n_units):
    rng = np.random.default_rng(n_draws * 100 + n_units)
    field = tied_field(rng, n_draws, n_units)
    focus_index = n_units // 2
    base = field[:, :, focus_index]
    # a scenario as the app makes it: float64, on the grid or a hair off it
    delta = rng.choice([0.0, 0.04, 0.08, 0.00004], size=len(YEARS))
    scen = fc.apply_focus_delta(base, delta)
    for focus in (base, scen):
        np.testing.assert_array_equal(
            fc.focus_ranks(field, focus_index, focus), reference_focus_ranks(field, focus_index, focus)
        )
        for top_n in sorted({1, n_units // 2, n_units}):
            got = fc.summarise_focus(field, focus_index, focus, top_n, YEARS)
            for name, expected in reference_focus_summary(field, focus_index, focus, top_n).items():
                # exact: the fast path must give the very figures of the plain one
                np.testing.assert_array_equal(getattr(got, name), expected, err_msg=f"{name}, N={top_n}")


@pytest.mark.parametrize("n_draws", [1, 8, 51])
def test_all_units_summary_matches_a_plain_reference(n_draws):
    rng = np.random.default_rng(n_draws)
    n_units, focus_index, top_n = 12, 4, 5
    field = tied_field(rng, n_draws, n_units, levels=8)
    focus = fc.apply_focus_delta(field[:, :, focus_index], np.full(len(YEARS), 0.05))
    ids = [f"u{i}" for i in range(n_units)]
    got = fc.all_units_summary(field, focus_index, focus, top_n, ids, YEARS)
    written = field.copy()
    written[:, :, focus_index] = focus  # the scenario field, in the field's precision
    ranks = rankdata(-np.round(written, 4), method="min", axis=-1)
    rows = []
    for j, year in enumerate(YEARS):
        for u in range(n_units):
            r = ranks[:, j, u]
            rows.append(
                (
                    year,
                    ids[u],
                    (r <= top_n).mean(),
                    *(np.quantile(r, q, method="inverted_cdf") for q in (0.5, 0.1, 0.9)),
                    np.round(np.sort(written[:, j, u])[(n_draws - 1) // 2].astype(np.float64), 4),
                )
            )
    ref = pd.DataFrame(rows, columns=["year", "unit_id", "p_top", "median_rank", "rank_p10", "rank_p90", "score_median"])
    assert got["year"].tolist() == ref["year"].tolist() and got["unit_id"].tolist() == ref["unit_id"].tolist()
    np.testing.assert_allclose(got["p_top"], ref["p_top"], rtol=0, atol=1e-12)  # a sum of probabilities
    for column in ("median_rank", "rank_p10", "rank_p90", "score_median"):
        np.testing.assert_array_equal(got[column], ref[column], err_msg=column)
    # one year alone gives that year's rows
    one = fc.all_units_summary(field, focus_index, focus, top_n, ids, YEARS, only_years=[2028])
    pd.testing.assert_frame_equal(one, got[got["year"] == 2028].reset_index(drop=True))


def test_work_in_chunks_changes_no_figure(ds, fit, field, monkeypatch, study, small):
    scenario = small.with_values(levers={"infrastructure": 0.1}, top_n=9, year=2027)
    table = engine.rank_forecast(ds, study, scenario, field).table()
    near = engine.units_near_cutline(ds, study, scenario, field)
    answer = engine.goal_seek(ds, study, scenario, "uniform", 0.9, field)
    monkeypatch.setattr(fc, "CHUNK_ELEMENTS", 1000)  # a few draws per chunk, last chunk short
    assert len(fc._draw_chunks(2000, 6 * 34)) > 100
    small_chunks = engine.baseline_field(ds, study, small, fit)
    np.testing.assert_array_equal(small_chunks, field)
    pd.testing.assert_frame_equal(engine.rank_forecast(ds, study, scenario, small_chunks).table(), table)
    pd.testing.assert_frame_equal(engine.units_near_cutline(ds, study, scenario, small_chunks), near)
    assert engine.goal_seek(ds, study, scenario, "uniform", 0.9, small_chunks) == answer


def test_tornado_resimulation_equals_a_fresh_simulation(ds, field, fit, study, small):
    # the tornado re-simulates the assumptions with one shared draw of random numbers;
    # that must be the same as simulating each assumption set from the seed
    table = engine.sensitivity(ds, study, small, field, fit).set_index("name")
    for name, (low, high) in engine.ASSUMPTION_RANGES.items():
        for value, column in ((low, "p_low"), (high, "p_high")):
            trial = small.with_values(**{name: value})
            fresh = engine.rank_forecast(ds, study, trial, engine.baseline_field(ds, study, trial, fit))
            assert table.loc[name, column] == pytest.approx(fresh.scenario.p_top[-1], abs=1e-12), (name, value)


def test_tornado_with_cached_assumption_fields_equals_the_full_computation(ds, field, fit, study, small):
    # the app caches sensitivity_fields per assumptions key; a lever move reuses them
    alternates = engine.sensitivity_fields(ds, study, small, fit)
    own = small.assumptions_key()
    assert own not in alternates and len(alternates) == 2 * len(engine.ASSUMPTION_RANGES)
    for year_field in alternates.values():
        assert year_field.shape == (small.draws, field.shape[2]) and not year_field.flags.writeable
    for lever in (0.0, 0.05, 0.2):
        moved = small.with_values(levers={"infrastructure": lever})
        pd.testing.assert_frame_equal(
            engine.sensitivity(ds, study, moved, field, fit, alternates=alternates), engine.sensitivity(ds, study, moved, field, fit)
        )
    # an assumption already at an end of its range is not re-simulated for that end
    at_low = small.with_values(others_pace=engine.ASSUMPTION_RANGES["others_pace"][0])
    assert len(engine.sensitivity_fields(ds, study, at_low, fit)) == 2 * len(engine.ASSUMPTION_RANGES) - 1


def test_the_vectorised_expit_matches_scipy_far_below_the_published_grid():
    from scipy.special import expit

    logits = np.linspace(-12, 12, 100_001, dtype=np.float32)
    shift = np.float32(0.25)
    ours = logits.copy()
    fc._expit_inplace(ours, shift)
    reference = expit(logits + shift)
    assert ours.dtype == np.float32
    np.testing.assert_allclose(ours, reference, rtol=0, atol=2e-7)  # the grid step is 1e-4
    np.testing.assert_array_max_ulp(ours, reference, maxulp=4)

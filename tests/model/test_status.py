"""On-track status methods (model/status.py, method notes §4)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from model.status import (
    RANK_METHOD,
    TooFewTransitions,
    acceleration_factor,
    actual_pace,
    cagr,
    category_rank,
    natural_limit_factor,
    probability_status,
    rank_target_probability,
    required_pace,
    statcan_score,
    statcan_status,
    un2022_ratio_status,
    un2023_status,
    years_to_target,
)
from text.notes import note_text

# ----------------------------------------------------------------------------- worked example
# method notes §4: 10 % in 2020, 18 % in 2024, target 30 % in 2025


def test_worked_example_statcan():
    s = statcan_status(10, 2020, 18, 2024, 30, 2025)
    assert s.method == "statcan" and s.measure_name == "R"
    assert 100 * s.cagr_actual == pytest.approx(15.8, abs=0.1)
    assert 100 * s.cagr_required == pytest.approx(24.6, abs=0.1)
    assert s.measure == pytest.approx(0.64, abs=0.01)
    assert s.category == "acceleration_needed"
    assert s.score == pytest.approx(50 / 7 * s.measure - 30 / 7)
    assert 0 < s.score < 2.5  # the score band of "acceleration needed"
    assert dict(s.thresholds) == {
        "on_track": 0.95,
        "acceleration_needed": 0.60,
        "limited_progress": 0.0,
    }
    assert "0.95" in s.thresholds_text and not s.achieved


def test_worked_example_required_pace():
    pace = required_pace(18, 2024, 30, 2025)
    assert pace.points_per_year == pytest.approx(12.0)
    assert pace.pct_per_year == pytest.approx(66.7, abs=0.05)
    assert pace.years_left == 1
    # the current pace is 2 points a year: 6 times faster is needed
    assert actual_pace(10, 2020, 18, 2024) == pytest.approx(2.0)
    assert acceleration_factor(pace.points_per_year, 2.0) == pytest.approx(6.0)


def test_worked_example_un_methods():
    p = un2023_status(10, 2020, 18, 2024, 30, 2025)
    expected = 18 * (18 / 10) ** (1 / 4)  # v_t (1 + CAGR_a)^(T − t)
    assert p.measure == pytest.approx((expected - 10) / (30 - 10))
    assert p.category == "acceleration_needed"
    assert dict(p.thresholds) == {"on_track": 0.95, "acceleration_needed": 0.10}
    r = un2022_ratio_status(10, 2020, 18, 2024, 30, 2025)
    assert r.measure == pytest.approx(0.644, abs=0.001)
    assert r.category == "acceleration_needed"


def test_cagr_basic_and_guards():
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    with pytest.raises(ValueError):
        cagr(0, 1, 2)
    with pytest.raises(ValueError):
        cagr(1, 2, 0)


# ----------------------------------------------------------------------------- natural limit


@pytest.mark.parametrize(
    ("v_b", "expected"),
    [
        (50, 1 - 0.5**4.44),
        (100, 0.0),
        (150, 1 - 0.5**4.44),
        (200, 1.0),
        (350, 1.0),
        (0, 1.0),
        (90, 1 - 0.9**4.44),
    ],
)
def test_natural_limit_factor_known_values(v_b, expected):
    assert natural_limit_factor(v_b, 100) == pytest.approx(expected, abs=1e-12)


def test_natural_limit_scales_the_no_target_thresholds_and_not_the_ratio_ones():
    c = natural_limit_factor(98, 100)
    s = statcan_status(98, 2022, 99, 2025, None, None, limit=100)
    assert s.limit_factor == pytest.approx(c)
    assert dict(s.thresholds) == pytest.approx(
        {"on_track": 0.015 * c, "acceleration_needed": 0.005 * c, "limited_progress": 0.0}
    )
    # +0.34 %/yr near the ceiling is on track once the thresholds shrink
    assert s.category == "on_track"
    assert statcan_status(98, 2022, 99, 2025, None, None).category == "limited_progress"
    with_target = statcan_status(98, 2022, 99, 2025, 100, 2025, limit=100)
    assert dict(with_target.thresholds)["on_track"] == 0.95
    scaled = statcan_status(98, 2022, 99, 2025, 100, 2025, limit=100, scale_ratio_thresholds=True)
    assert dict(scaled.thresholds)["on_track"] == pytest.approx(0.95 * c)
    assert scaled.category == "on_track"


# ----------------------------------------------------------------------------- rules


def test_achieved_respects_the_comparator():
    assert statcan_status(10, 2020, 30, 2024, 30, 2025).category == "achieved"
    assert statcan_status(10, 2020, 30, 2024, 30, 2025, comparator=">").category != "achieved"
    rank = statcan_status(37, 2022, 11, 2024, 15, 2030, direction=-1)
    assert rank.category == "achieved" and rank.score == 5.0 and rank.achieved
    assert (
        statcan_status(37, 2022, 15, 2024, 15, 2030, direction=-1, comparator="<").category
        != "achieved"
    )
    assert un2023_status(10, 2020, 31, 2024, 30, 2025).category == "achieved"


def test_fewer_than_two_points_is_not_assessable_unless_already_achieved():
    s = statcan_status(None, None, 18, 2024, 30, 2025)
    assert s.category == "not_assessable" and s.warnings[0].code == "status.fewer_than_two_points"
    assert note_text(s.warnings[0], "en") == "fewer than two points"
    assert un2023_status(None, None, 18, 2024, 30, 2025).category == "not_assessable"
    assert statcan_status(None, None, 35, 2024, 30, 2025).category == "achieved"
    assert statcan_status(18, 2024, 18, 2024, 30, 2025).category == "not_assessable"


def test_zero_base_is_replaced_with_a_warning():
    s = statcan_status(0, 2020, 5, 2024, 30, 2025)
    assert [note_text(w, "en") for w in s.warnings] == ["base value is 0: replaced by 0.001 in the growth-rate formula"]
    assert note_text(s.warnings[0], "vi") == "giá trị gốc bằng 0: được thay bằng 0,001 trong công thức tốc độ tăng trưởng"
    assert s.cagr_actual == pytest.approx((5 / 0.001) ** (1 / 4) - 1)
    t = statcan_status(10, 2020, 5, 2024, 0, 2030, direction=-1)
    assert [w.code for w in t.warnings] == ["status.zero_target"] and t.warnings[0].params["guard"] == 0.001


def test_negative_values_are_not_assessable():
    assert statcan_status(-2, 2020, 3, 2024, 5, 2025).category == "not_assessable"


def test_statcan_categories_and_score_bounds():
    # R well above 1.3 → on track, score capped at 5
    fast = statcan_status(10, 2020, 25, 2024, 30, 2030)
    assert fast.category == "on_track" and fast.score == 5.0
    flat = statcan_status(10, 2020, 10.5, 2024, 30, 2025)
    assert flat.category == "limited_progress" and -2.5 <= flat.score < 0
    worse = statcan_status(10, 2020, 5, 2024, 30, 2025)
    assert worse.category == "deterioration" and worse.score == -5.0
    assert statcan_score(0.95) == pytest.approx(2.5, abs=1e-3)
    assert statcan_score(0.6) == pytest.approx(0.0, abs=1e-3)
    assert statcan_score(-0.6) == pytest.approx(-5.0, abs=1e-3)


def test_un2023_categories():
    assert un2023_status(10, 2020, 25, 2024, 30, 2025).category == "on_track"
    assert un2023_status(10, 2020, 10.2, 2024, 30, 2025).category == "stagnation_or_regression"
    assert un2023_status(10, 2020, 8, 2024, 30, 2025).category == "stagnation_or_regression"


def test_years_to_target():
    assert years_to_target(10, 2020, 18, 2024, 30) == pytest.approx(6.0)  # 12 points at 2/yr
    assert years_to_target(10, 2020, 18, 2024, 30, pace="cagr") == pytest.approx(
        math.log(30 / 18) / math.log((18 / 10) ** 0.25)
    )
    assert years_to_target(18, 2020, 10, 2024, 30) == math.inf
    assert years_to_target(10, 2020, 10, 2024, 30) == math.inf
    assert years_to_target(10, 2020, 31, 2024, 30) == 0.0
    assert years_to_target(None, None, 18, 2024, 30) is None
    assert years_to_target(37, 2022, 25, 2023, 15, comparator="<=") == pytest.approx(10 / 12)


def test_acceleration_factor_edges():
    assert acceleration_factor(-1.0, 2.0) == 0.0  # nothing more required
    assert acceleration_factor(3.0, 0.0) == math.inf
    assert acceleration_factor(3.0, -1.0) == math.inf
    assert math.isnan(acceleration_factor(math.nan, 1.0))
    assert acceleration_factor(-4.0, -2.0, direction=-1) == pytest.approx(2.0)


def test_required_pace_after_the_deadline_is_nan():
    pace = required_pace(18, 2025, 30, 2025)
    assert math.isnan(pace.points_per_year) and math.isnan(pace.pct_per_year)


def test_probability_status_thresholds():
    assert probability_status(0.85).category == "on_track"
    assert probability_status(0.80).category == "on_track"
    assert probability_status(0.6).category == "acceleration_needed"
    assert probability_status(0.2).category == "limited_progress"
    assert probability_status(math.nan).category == "not_assessable"
    s = probability_status(0.6, achieved=True)
    assert s.achieved and s.method == "probability" and dict(s.thresholds)["on_track"] == 0.8


# ----------------------------------------------------------------------------- properties


@st.composite
def cases(draw):
    b = draw(st.integers(2010, 2024))
    t = draw(st.integers(b + 1, 2026))
    big_t = draw(st.integers(b + 1, 2032))
    v_b = draw(st.floats(0.5, 100.0))
    target = draw(st.floats(0.5, 150.0))
    v1 = draw(st.floats(0.0, 150.0))
    v2 = draw(st.floats(0.0, 150.0))
    return b, t, big_t, v_b, target, min(v1, v2), max(v1, v2)


@settings(max_examples=300, deadline=None)
@given(case=cases(), direction=st.sampled_from([1, -1]), limited=st.booleans())
def test_a_better_latest_value_never_worsens_the_status(case, direction, limited):
    b, t, big_t, v_b, target, low, high = case
    worse, better = (low, high) if direction == 1 else (high, low)
    assume(worse != better)
    limit = 100.0 if limited else None
    s_w = statcan_status(v_b, b, worse, t, target, big_t, direction, limit)
    s_b = statcan_status(v_b, b, better, t, target, big_t, direction, limit)
    assert category_rank(s_b.category, "statcan") >= category_rank(s_w.category, "statcan")
    assert s_b.score >= s_w.score - 1e-12
    u_w = un2023_status(v_b, b, worse, t, target, big_t, direction)
    u_b = un2023_status(v_b, b, better, t, target, big_t, direction)
    assert category_rank(u_b.category, "un2023") >= category_rank(u_w.category, "un2023")


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_no_target_statcan_is_monotone_too(case):
    b, t, _, v_b, _, low, high = case
    s_low = statcan_status(v_b, b, low, t, None, None, limit=100.0)
    s_high = statcan_status(v_b, b, high, t, None, None, limit=100.0)
    assert category_rank(s_high.category, "statcan") >= category_rank(s_low.category, "statcan")
    assert -5.0 <= s_low.score <= s_high.score <= 5.0


# ----------------------------------------------------------------------------- ranks

PCI_LIKE = {2016: 39, 2017: 33, 2018: 23, 2019: 27, 2020: 21, 2021: 27, 2022: 18}


def test_rank_forecast_is_reproducible_with_the_same_seed():
    a = rank_target_probability(
        PCI_LIKE, 25, 2025, n_units=63, rng=np.random.default_rng(3), n_draws=2000
    )
    b = rank_target_probability(
        PCI_LIKE, 25, 2025, n_units=63, rng=np.random.default_rng(3), n_draws=2000
    )
    assert a == b
    assert a.method == RANK_METHOD and a.n_transitions == 6
    assert a.years == (2023, 2024, 2025)
    assert 0.0 <= a.probability <= 1.0
    assert all(1 <= q <= 63 for q in a.lower + a.median + a.upper)
    assert all(lo <= med <= hi for lo, med, hi in zip(a.lower, a.median, a.upper, strict=True))


def test_rank_probability_follows_the_position_of_the_history():
    rng = np.random.default_rng(11)
    top = {y: 5 + (y % 2) for y in range(2010, 2023)}
    bottom = {y: 55 + (y % 3) for y in range(2010, 2023)}
    p_top = rank_target_probability(top, 25, 2025, n_units=63, rng=rng, n_draws=2000).probability
    p_bottom = rank_target_probability(
        bottom, 25, 2025, n_units=63, rng=rng, n_draws=2000
    ).probability
    assert p_top > 0.95 and p_bottom < 0.05


def test_a_lower_bound_on_an_unobserved_year_is_respected_and_lowers_the_probability():
    free = rank_target_probability(
        PCI_LIKE, 25, 2025, n_units=63, rng=np.random.default_rng(5), n_draws=3000
    )
    bounded = rank_target_probability(
        PCI_LIKE,
        25,
        2025,
        n_units=63,
        rng=np.random.default_rng(5),
        n_draws=3000,
        rank_bounds={2023: (31, None)},
    )
    assert bounded.lower[0] >= 31 and bounded.p_meet[0] == 0.0
    assert bounded.bounds == ((2023, 31, 63),)
    assert bounded.probability < free.probability


def test_rank_history_needs_three_transitions():
    with pytest.raises(TooFewTransitions) as info:
        rank_target_probability(
            {2020: 5, 2021: 6, 2023: 7}, 10, 2025, n_units=63, rng=np.random.default_rng(0)
        )
    assert isinstance(info.value, ValueError)  # one transition only (2020→2021)
    assert note_text(info.value.note, "en") == "need at least 3 year-to-year transitions, got 1"


def test_rank_history_accepts_years_and_ranks_with_gaps_in_data():
    hist = ([2018, 2019, 2020, 2021, 2022, 2023], [23, 27, 21, 27, 18, float("nan")])
    f = rank_target_probability(
        hist, 25, 2030, n_units=63, rng=np.random.default_rng(1), n_draws=500
    )
    assert f.last_year == 2022 and f.last_rank == 18 and f.years[-1] == 2030

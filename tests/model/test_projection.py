"""Projection of short indicator series (model/projection.py, method notes §5)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from model.projection import (
    FLAG_CLIPPED,
    FLAG_NOT_ASSESSABLE,
    FLAG_TWO_POINT_RULE,
    FLAG_WIDE,
    is_share_unit,
    project,
)

YEARS6 = np.arange(2018, 2024)


# ----------------------------------------------------------------------------- auto choice


def test_auto_picks_loglinear_for_a_clearly_exponential_series():
    values = 10.0 * 1.3 ** (YEARS6 - 2018)
    p = project(YEARS6, values, bounded=False, horizon_years=2030)
    assert p.method == "loglinear"
    errors = dict(p.backtest_mae)
    assert errors["loglinear"] < 1e-9 < errors["linear"]
    # constant 30 % growth continues: 2030 is 12 years after 2018
    assert p.at(2030)[0] == pytest.approx(10.0 * 1.3**12, rel=1e-6)


def test_auto_picks_linear_for_a_linear_series_share_or_not():
    noise = np.array([0.0, 0.4, -0.3, 0.2, -0.1, 0.1])
    values = 20.0 + 5.0 * (YEARS6 - 2018) + noise
    for bounded in (True, False):
        p = project(YEARS6, values, bounded=bounded, horizon_years=2030)
        assert p.method == "linear", (bounded, p.backtest_mae)
        assert not p.wide
        assert p.at(2030)[0] == pytest.approx(20.0 + 5.0 * 12, abs=1.5)


def test_three_points_use_the_bounded_default_and_are_flagged_wide():
    share = project([2020, 2022, 2024], [10, 14, 19], bounded=True, horizon_years=2030)
    other = project([2020, 2022, 2024], [10, 14, 19], bounded=False, horizon_years=2030)
    assert share.method == "logit" and other.method == "linear"
    for p in (share, other):
        assert FLAG_WIDE in p.flags and p.wide
        assert p.backtest_mae == ()
    many = project(
        np.arange(2015, 2025), 10 + 2.0 * np.arange(10), bounded=False, horizon_years=2030
    )
    assert (other.at(2030)[2] - other.at(2030)[1]) > 2 * (many.at(2030)[2] - many.at(2030)[1])


def test_two_points_use_the_stated_conservative_rule():
    p = project([2022, 2025], [98.0, 99.0], bounded=True, horizon_years=2030)
    assert p.method == "logit"
    assert {FLAG_WIDE, FLAG_TWO_POINT_RULE} <= set(p.flags)
    assert p.df == math.inf
    c, lo, hi = p.at(2030)
    assert lo < c < hi <= 100.0
    assert hi - lo > 0.5  # not a degenerate band although the two points fit exactly


def test_two_point_rule_band_matches_its_formula():
    # σ = |slope| = 2 per year; x measured from the last year: x̄ = −1, Sxx = 2, x0 = 8
    p = project([2020, 2022], [10.0, 14.0], bounded=False, horizon_years=[2030], method="linear")
    c, lo, hi = p.at(2030)
    half = stats.norm.ppf(0.9) * 2.0 * math.sqrt(1 + 1 / 2 + 9**2 / 2)
    assert c == pytest.approx(14.0 + 2.0 * 8)
    assert (lo, hi) == pytest.approx((c - half, c + half))


def test_one_point_is_not_assessable_and_has_no_numbers():
    for years, values in (([2024], [55.0]), ([], [])):
        p = project(years, values, bounded=True, horizon_years=2030)
        assert p.method == "none"
        assert not p.assessable and FLAG_NOT_ASSESSABLE in p.flags
        assert p.central == p.lower == p.upper == () and p.years == ()
        assert p.at(2030) is None


def test_nan_values_are_dropped_before_counting_points():
    p = project([2020, 2021, 2022], [10.0, math.nan, 12.0], bounded=False, horizon_years=2025)
    assert p.n_points == 2 and p.assessable


# ----------------------------------------------------------------------------- intervals


def test_prediction_interval_matches_the_textbook_ols_formula():
    years = np.array([2010, 2011, 2012, 2013, 2014])
    y = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    p = project(years, y, bounded=False, horizon_years=[2016], method="linear", level=0.9)
    x = years - years.mean()
    slope = (x * (y - y.mean())).sum() / (x**2).sum()
    resid = y - (y.mean() + slope * x)
    s = math.sqrt((resid**2).sum() / 3)
    x0 = 2016 - years.mean()
    half = stats.t.ppf(0.95, 3) * s * math.sqrt(1 + 1 / 5 + x0**2 / (x**2).sum())
    centre = y.mean() + slope * x0
    c, lo, hi = p.at(2016)
    assert c == pytest.approx(centre, rel=1e-9)
    assert (lo, hi) == pytest.approx((centre - half, centre + half), rel=1e-9)


def test_80_percent_band_covers_about_80_percent_of_new_points():
    rng = np.random.default_rng(7)
    years = np.arange(2014, 2022)
    hits, n = 0, 600
    for _ in range(n):
        y = 30.0 + 1.5 * (np.arange(2014, 2023) - 2014) + rng.normal(0, 2.0, size=len(years) + 1)
        p = project(years, y[:-1], bounded=False, horizon_years=[2022], method="linear")
        _, lo, hi = p.at(2022)
        hits += lo <= y[-1] <= hi
    assert 0.75 <= hits / n <= 0.85


def test_loglinear_and_logit_bands_are_asymmetric_and_ordered():
    years = np.arange(2016, 2024)
    values = np.array([20, 26, 31, 40, 47, 55, 63, 70], dtype=float)
    for method, bounded in (("loglinear", False), ("logit", True)):
        p = project(years, values, bounded=bounded, horizon_years=2030, method=method)
        for c, lo, hi in zip(p.central, p.lower, p.upper, strict=True):
            assert lo < c < hi
        c, lo, hi = p.at(2030)
        assert not math.isclose(c - lo, hi - c, rel_tol=1e-3)


def test_recent_weighting_follows_a_recent_acceleration():
    years = np.arange(2016, 2024)
    values = np.array([10, 10.5, 11, 11.2, 11.5, 15, 19, 23], dtype=float)
    flat = project(years, values, bounded=False, horizon_years=2030, method="linear")
    recent = project(
        years, values, bounded=False, horizon_years=2030, method="linear", recent_weight=1.0
    )
    assert recent.at(2030)[0] > flat.at(2030)[0] + 5


# ----------------------------------------------------------------------------- push lever


def test_push_adds_points_per_year_from_push_start_on_a_linear_trend():
    years, values = [2020, 2021, 2022, 2023], [10.0, 12.0, 14.0, 16.0]
    base = project(years, values, bounded=False, horizon_years=2030, method="linear")
    push = project(
        years,
        values,
        bounded=False,
        horizon_years=2030,
        method="linear",
        push_per_year=3.0,
        push_start=2026,
    )
    for year in (2024, 2025):
        assert push.at(year)[0] == pytest.approx(base.at(year)[0])
    assert push.at(2030)[0] == pytest.approx(base.at(2030)[0] + 3.0 * 5)
    assert push.at(2030)[1] == pytest.approx(base.at(2030)[1] + 3.0 * 5)


def test_push_on_a_logit_share_adds_points_then_saturates_below_100():
    years, values = [2020, 2022, 2024], [10.0, 14.0, 18.0]
    base = project(years, values, bounded=True, horizon_years=2030)
    small = project(years, values, bounded=True, horizon_years=2030, push_per_year=5.0)
    huge = project(years, values, bounded=True, horizon_years=2030, push_per_year=500.0)
    assert small.at(2030)[0] == pytest.approx(base.at(2030)[0] + 5.0 * 6, abs=1e-6)
    assert 99.0 < huge.at(2030)[0] < 100.0
    assert huge.at(2030)[2] <= 100.0


def test_push_multiplier_scales_the_slope_after_push_start():
    years, values = [2020, 2021, 2022, 2023], [10.0, 12.0, 14.0, 16.0]
    p = project(
        years,
        values,
        bounded=False,
        horizon_years=2030,
        method="linear",
        push_multiplier=2.0,
        push_start=2026,
    )
    # 2.0/yr to 2025, then 4.0/yr for 2026..2030
    assert p.at(2030)[0] == pytest.approx(16.0 + 2 * 2.0 + 5 * 4.0)


def test_linear_share_is_clipped_and_says_so():
    p = project(
        [2020, 2022, 2024], [60.0, 75.0, 90.0], bounded=True, horizon_years=2030, method="linear"
    )
    assert max(p.upper) == 100.0 and max(p.central) == 100.0
    assert FLAG_CLIPPED in p.flags


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"years": [2020, 2020], "values": [1, 2], "bounded": False}, "duplicate"),
        ({"years": [2020, 2021], "values": [1, 2], "bounded": False, "method": "logit"}, "logit"),
        ({"years": [2020, 2021], "values": [1, 120], "bounded": True}, "share"),
        ({"years": [2020, 2021], "values": [1, 2], "bounded": False, "method": "cubic"}, "method"),
    ],
)
def test_invalid_inputs_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        project(horizon_years=2030, **kwargs)


def test_loglinear_on_non_positive_values_falls_back_to_linear():
    p = project(
        [2020, 2021, 2022], [0.0, 1.0, 2.0], bounded=False, horizon_years=2025, method="loglinear"
    )
    assert p.method == "linear" and "loglinear_unavailable" in p.flags


@pytest.mark.parametrize(
    ("unit", "share"),
    [
        ("%", True),
        ("% GRDP", True),
        ("% of population", True),
        ("% of dossiers", True),
        ("%/yr", False),
        ("% per year", False),
        ("per 100 people", False),
        ("rank", False),
        ("group", False),
        (None, False),
    ],
)
def test_is_share_unit(unit, share):
    assert is_share_unit(unit) is share


# ----------------------------------------------------------------------------- properties

METHODS = st.sampled_from(["auto", "linear", "loglinear", "logit"])


@st.composite
def share_series(draw):
    n = draw(st.integers(min_value=0, max_value=7))
    years = sorted(draw(st.sets(st.integers(2000, 2025), min_size=n, max_size=n)))
    values = draw(st.lists(st.floats(0.0, 100.0), min_size=n, max_size=n))
    return years, values


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    series=share_series(),
    method=METHODS,
    push=st.floats(-200.0, 200.0),
    mult=st.floats(0.0, 10.0),
    weight=st.floats(0.0, 3.0),
    start=st.one_of(st.none(), st.integers(2000, 2035)),
)
def test_shares_never_leave_0_100(series, method, push, mult, weight, start):
    years, values = series
    p = project(
        years,
        values,
        bounded=True,
        horizon_years=2035,
        method=method,
        recent_weight=weight,
        push_per_year=push,
        push_multiplier=mult,
        push_start=start,
    )
    for arr in (p.central, p.lower, p.upper):
        assert all(0.0 <= v <= 100.0 for v in arr)
    for c, lo, hi in zip(p.central, p.lower, p.upper, strict=True):
        assert lo <= c + 1e-9 and c <= hi + 1e-9


@settings(max_examples=150, deadline=None)
@given(
    series=share_series(),
    method=METHODS,
    bounded=st.booleans(),
    p1=st.floats(-50.0, 50.0),
    p2=st.floats(-50.0, 50.0),
    start=st.one_of(st.none(), st.integers(2018, 2032)),
)
def test_a_larger_push_never_lowers_the_projection(series, method, bounded, p1, p2, start):
    years, values = series
    if not bounded and method == "logit":
        method = "auto"
    lo_push, hi_push = sorted((p1, p2))
    kw = dict(bounded=bounded, horizon_years=2035, method=method, push_start=start)
    a = project(years, values, push_per_year=lo_push, **kw)
    b = project(years, values, push_per_year=hi_push, **kw)
    assert a.method == b.method and a.years == b.years
    for name in ("central", "lower", "upper"):
        for va, vb in zip(getattr(a, name), getattr(b, name), strict=True):
            assert vb >= va - 1e-9 * max(1.0, abs(va))

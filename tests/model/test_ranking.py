"""Competition ranking: ties share a rank, the next rank is skipped (method notes §1)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from model.ranking import (
    EMPTY,
    competition_rank,
    count_higher,
    nth_highest_with,
    rank_of,
    sorted_competition_ranks,
    to_score_units,
    units_to_scores,
)


def test_ties_share_rank_and_skip_next():
    scores = np.array([0.5, 0.7, 0.7, 0.1, 0.69996])  # 0.69996 rounds to 0.7000
    assert competition_rank(scores).tolist() == [4, 1, 1, 5, 1]


def test_2022_tie_at_fifteen_then_seventeen(ds):
    s = ds.scores[(ds.scores["universe"] == 63) & (ds.scores["year"] == 2022)]
    ranks = competition_rank(s["dti_score"].to_numpy())
    by_unit = dict(zip(s["unit_id"], ranks, strict=True))
    assert by_unit["thanh-hoa"] == 15 and by_unit["yen-bai"] == 15
    assert 16 not in ranks and 17 in ranks


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=2, max_size=40), st.integers(1, 5))
def test_matches_scipy_min_rank_on_grid(values, draws):
    grid = np.array(values, dtype=float) / 30.0
    scores = np.tile(grid, (draws, 1))
    expected = rankdata(-np.round(scores, 4), method="min", axis=1)
    assert (competition_rank(scores, axis=1) == expected).all()


def test_axis_and_rank_of_agree():
    rng = np.random.default_rng(7)
    field = rng.random((50, 6, 34)).round(3)
    full = competition_rank(field, axis=-1)
    assert (competition_rank(np.moveaxis(field, -1, 1), axis=1) == np.moveaxis(full, -1, 1)).all()
    assert (rank_of(field[:, :, 3], field) == full[:, :, 3]).all()


# --------------------------------------------------------------------------- fast kernels
# The Monte Carlo summaries rank through these kernels; each is checked against a plain
# reference: scipy's rankdata(method="min") on the negated rounded scores, row by row.
def tied_field(seed: int, n_rows: int, n_units: int, levels: int, dtype: type) -> np.ndarray:
    """Scores on a coarse grid (many ties), some of them a hair off a 4-decimal boundary."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, levels + 1, size=(n_rows, n_units)) / (levels + 1)
    nudge = rng.choice([0.0, 0.0, 0.00004, -0.00004], size=scores.shape)  # rounds back to the grid
    return (scores + nudge).astype(dtype)


def reference_ranks(scores: np.ndarray) -> np.ndarray:
    return rankdata(-np.round(scores, 4), method="min", axis=-1)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 70),
    st.integers(1, 12),
    st.integers(1, 40),
    st.sampled_from([np.float32, np.float64]),
)
def test_fast_ranking_matches_rankdata_on_tied_fields(seed, n_units, levels, n_rows, dtype):
    scores = tied_field(seed, n_rows, n_units, levels, dtype)
    expected = reference_ranks(scores)
    assert (competition_rank(scores, axis=-1) == expected).all()

    units = to_score_units(scores, np.int16)
    unit_index, rank = sorted_competition_ranks(units)
    assert (np.sort(unit_index, axis=-1) == np.arange(n_units)).all()  # each unit once per row
    assert (np.take_along_axis(expected, unit_index, axis=-1) == rank).all()
    assert (np.diff(rank.astype(int), axis=-1) >= 0).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 64), st.integers(1, 8), st.sampled_from([np.float32, np.float64]))
def test_focus_rank_and_cut_line_match_rankdata(seed, n_units, levels, dtype):
    scores = tied_field(seed, 30, n_units, levels, dtype)
    focus_index = seed % n_units
    focus = tied_field(seed + 1, 30, 1, levels, dtype)[:, 0]  # the focus unit's own value
    with_focus = scores.copy()
    with_focus[:, focus_index] = focus
    expected = reference_ranks(with_focus)

    others = to_score_units(scores, np.int16)
    others[:, focus_index] = EMPTY  # the slot the focus value replaces
    focus_units = to_score_units(focus, np.int16)
    assert (count_higher(others, focus_units) + 1 == expected[:, focus_index]).all()

    others.sort(axis=-1)
    by_score = -np.sort(-np.round(with_focus, 4), axis=-1)  # highest first
    for n in range(1, n_units + 1):
        cut = units_to_scores(nth_highest_with(others, focus_units, n), dtype)
        assert (cut == by_score[:, n - 1]).all(), n

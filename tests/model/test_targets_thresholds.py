"""Thresholds stated (issue 14): a Top-N goal read in another frame (model/targets/thresholds.py)."""

from __future__ import annotations

import pytest

from model.targets.thresholds import (
    plan_frame,
    same_percentile_rank,
    threshold_statuses,
    thresholds,
)


def test_same_percentile_goal_from_the_frames_unit_counts(study):
    first = {size: study.frame_info[size].years[0] for size in study.frames}
    assert plan_frame(first) == 63  # ranked since 2021; the 34 frame is back-cast from 2022
    assert same_percentile_rank(15, 63, 34) == 9  # ⌈15·34/63⌉ = ⌈8.10⌉
    assert same_percentile_rank(15, 63, 63) == 15 and same_percentile_rank(63, 63, 34) == 34
    assert same_percentile_rank(21, 63, 34) == 12 and same_percentile_rank(63, 63, 63) == 63  # 21·34/63 = 11.33
    assert same_percentile_rank(1, 63, 34) == 1
    for n in range(1, 35):  # never a harder goal than its percentile, never more than one place easier
        m = same_percentile_rank(n, 63, 34)
        assert m / 34 >= n / 63 - 1e-12 and (m - 1) / 34 < n / 63
    with pytest.raises(ValueError):
        same_percentile_rank(0, 63, 34)
    th = thresholds(34, 15, first)
    assert (th.frame, th.top_n, th.plan_frame, th.same_percentile, th.differs) == (34, 15, 63, 9, True)
    assert not thresholds(63, 15, first).differs


def test_threshold_statuses_disagree_only_when_the_categories_differ():
    both = threshold_statuses(0.57, 0.33)
    assert (both.used.category, both.same_percentile.category, both.disagree) == ("acceleration_needed", "limited_progress", True)
    assert not threshold_statuses(0.9, 0.85).disagree

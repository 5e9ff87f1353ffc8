"""Thresholds stated (issue 14): a Top-N goal read in another frame than the one it was
written for.

The plan's rank goal ("Top 15") was written for the frame ranked earliest (the 63 provinces
from 2021); in another frame (the 34 units from 2025) the same N is another goal. The
same-percentile reading ⌈N · frame / plan frame⌉ [rank] keeps the goal's percentile; both
readings are stated, with the probability status (:func:`model.status.probability_status`)
of each. Pure arithmetic on frame sizes [units] and ranks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from model.status import Status, probability_status


def same_percentile_rank(top_n: int, from_size: int, to_size: int) -> int:
    """The Top-N of a ``to_size``-unit frame at the percentile of Top ``top_n`` of a
    ``from_size``-unit frame: ⌈top_n · to_size / from_size⌉ (issue 14), at least 1 and at
    most ``to_size``. Top 15 of 63 → Top 9 of 34 (15·34/63 = 8.1)."""
    if from_size < 1 or to_size < 1 or not 1 <= top_n <= from_size:
        raise ValueError(f"top_n must be from 1 to {from_size}, frames positive: got {top_n}, {from_size}, {to_size}")
    exact = top_n * to_size / from_size
    return int(min(to_size, max(1, math.ceil(exact - 1e-9))))  # an exact product is not rounded up


def plan_frame(frame_first_years: Mapping[int, int]) -> int:
    """The frame the plan's rank goal was written for: the one ranked earliest
    ({frame size: its first year with scores}, e.g. the 63 provinces from 2021); the larger
    frame when two start together."""
    return min(frame_first_years, key=lambda size: (frame_first_years[size], -size))


@dataclass(frozen=True)
class Thresholds:
    """Two readings of a Top-N goal in one frame (issue 14 "thresholds stated").

    frame : the frame shown [units]; top_n : the N a status or P(Top N) uses [rank]
    plan_frame : the frame the goal was written for [units]
    same_percentile : Top ⌈top_n · frame / plan_frame⌉ of ``frame``: the goal's percentile
        in the plan's frame (equal to ``top_n`` in the plan's frame)
    differs : the two readings are different goals
    """

    frame: int
    top_n: int
    plan_frame: int
    same_percentile: int

    @property
    def differs(self) -> bool:
        return self.same_percentile != self.top_n


def thresholds(frame: int, top_n: int, frame_first_years: Mapping[int, int]) -> Thresholds:
    """:class:`Thresholds` of "Top ``top_n`` of ``frame``" with the plan's frame read from
    ``frame_first_years`` (:func:`plan_frame`)."""
    base = plan_frame(frame_first_years)
    n = min(top_n, base)
    return Thresholds(frame, top_n, base, same_percentile_rank(n, base, frame))


@dataclass(frozen=True)
class ThresholdStatuses:
    """Statuses of one goal read both ways, from P(Top N) and P(Top same-percentile)."""

    used: Status
    same_percentile: Status

    @property
    def disagree(self) -> bool:
        return self.used.category != self.same_percentile.category


def threshold_statuses(p_used: float, p_same_percentile: float) -> ThresholdStatuses:
    """The probability status (:func:`model.status.probability_status`) of each reading."""
    return ThresholdStatuses(probability_status(p_used), probability_status(p_same_percentile))

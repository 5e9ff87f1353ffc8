"""The method page's figures taken out of the backtest (:func:`model.engine.backtest_methods`):
the origin the page reports, and whether the check passes. Selection and comparison only; the
page words and draws."""

from __future__ import annotations

from typing import Any

#: The share of units the 80 % rank ranges must cover for the check to pass (README, "Backtest":
#: "required 70–90 %").
REQUIRED_COVERAGE = (0.7, 0.9)


def reported_origin(pooled: Any, frame: int) -> Any:
    """The latest backtest origin of ``frame`` (the estimation frame) among ``pooled``'s results."""
    return next(r for r in reversed(pooled.results) if r.frame == frame)


def check_passes(origin: Any) -> bool:
    """The backtest check: the 80 % ranges cover :data:`REQUIRED_COVERAGE` of the units, and the
    model's Brier score beats both persistence and the base rate."""
    low, high = REQUIRED_COVERAGE
    return low <= origin.coverage_80 <= high and origin.brier_model < min(origin.brier_persistence, origin.brier_base_rate)


def small_frame_is_newer(study: Any) -> bool:
    """The smallest frame has a later year of scores than the largest (only it can be checked
    on that year)."""
    return study.frame_info[min(study.frames)].last_year > study.frame_info[max(study.frames)].last_year


def alternative_rank_range(alternatives: list[dict]) -> tuple[int, int]:
    """(best, worst) rank of the last observed year under the weight stress test's named
    weight sets (:func:`model.weights.weight_sensitivity`)."""
    ranks = [a["rank_last_year"] for a in alternatives]
    return min(ranks), max(ranks)

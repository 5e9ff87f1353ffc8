"""Thresholds stated (issue 14): beside P(Top N of a frame) the same-percentile goal of the
frame the plan was written for, which reading a status uses, and a caveat where the two
readings give different statuses. Logic here, words in ``text/catalogue/ranking.py``; pages
call :func:`rank_page_lines` and :func:`goal_lines` and draw what they return."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from model.scenario import Scenario
from model.targets import Thresholds, threshold_statuses, thresholds
from text.i18n import fmt_pct, t
from ui import cache


def frame_first_years() -> dict[int, int]:
    """{frame size: its first year with scores} of the study."""
    study = cache.study()
    return {size: study.frame_info[size].years[0] for size in study.frames}


def for_scenario(scenario: Scenario) -> Thresholds:
    """The two readings of ``scenario``'s Top-N in its frame."""
    return thresholds(scenario.frame, scenario.top_n, frame_first_years())


def _p_top(scenario: Scenario, top_n: int) -> float:
    result = cache.rank_forecast(scenario.with_values(top_n=top_n))
    return float(result.scenario.p_top[list(result.scenario.years).index(scenario.year)])


def rank_page_lines(scenario: Scenario, lang: str) -> list[str]:
    """For the rank page: P(Top same-percentile) beside P(Top N) when the frame is not the
    plan's, and which reading the ranking goal's status uses. Empty in the plan's frame."""
    th = for_scenario(scenario)
    if not th.differs:
        return []
    goal_n = min(cache.study().goal_rank, scenario.frame)
    return [
        t(
            "ranking.threshold.same",
            lang,
            n=th.top_n,
            frame=th.frame,
            plan_frame=th.plan_frame,
            m=th.same_percentile,
            year=scenario.year,
            p=fmt_pct(_p_top(scenario, th.same_percentile), lang),
            goal_n=goal_n,
        )
    ]


def goal_lines(scenario: Scenario, row: Mapping[str, Any], lang: str) -> list[str]:
    """For the target page's ranking goal ``row`` (assessed with P(goal rank) of the plan's
    unit in ``scenario``'s frame): which threshold the status uses, the same-percentile
    goal's P and status, and a caveat when the two statuses differ."""
    p_used = row.get("probability")
    if p_used is None or p_used != p_used:  # no probability: the status rests on the ranks
        return []
    goal = cache.goal_scenario(scenario, plan=True)
    th = thresholds(goal.frame, goal.top_n, frame_first_years())
    if not th.differs:
        return [t("ranking.threshold.plan_frame", lang, n=th.top_n, frame=th.frame)]
    p_same = _p_top(goal, th.same_percentile)
    statuses = threshold_statuses(float(p_used), p_same)
    lines = [
        t(
            "ranking.threshold.used",
            lang,
            n=th.top_n,
            frame=th.frame,
            plan_frame=th.plan_frame,
            m=th.same_percentile,
            p=fmt_pct(float(p_used), lang),
            p_same=fmt_pct(p_same, lang),
            status_same=t(f"targets.status.{statuses.same_percentile.category}", lang),
        )
    ]
    if statuses.disagree:
        lines.append(
            t(
                "ranking.threshold.caveat",
                lang,
                n=th.top_n,
                frame=th.frame,
                m=th.same_percentile,
                plan_frame=th.plan_frame,
                status_used=t(f"targets.status.{statuses.used.category}", lang),
                status_same=t(f"targets.status.{statuses.same_percentile.category}", lang),
            )
        )
    return lines

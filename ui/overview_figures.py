"""The overview page's figures taken out of the focus unit's history and main indices
(:mod:`model.overview`): the latest published ranks, the years back-cast, the main indices
in long form and the weakest of them. Selection and reshaping only; the page words and draws.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

#: History rows that are a frame's own ranking (published, or back-cast to the frame's units).
RANKED_KINDS = ("published", "backcast")
#: History rows of earlier rankings that the overview's note lists.
EARLIER_KINDS = ("earlier", "derived")


@dataclass(frozen=True)
class LatestRanks:
    """The latest ranking of the smallest and the largest frame (rows of
    :func:`model.overview.focus_history`), and the largest frame's one before (None when none)."""

    small: int
    large: int
    latest_small: pd.Series
    latest_large: pd.Series
    previous_large: pd.Series | None


def latest_ranks(history: pd.DataFrame, frames: Iterable[int]) -> LatestRanks:
    frames = list(frames)
    small, large = min(frames), max(frames)
    published = history[history["kind"].isin(RANKED_KINDS)]
    latest_small = published[published["frame"] == small].sort_values("year").iloc[-1]
    large_rows = published[published["frame"] == large].sort_values("year")
    previous = large_rows.iloc[-2] if len(large_rows) > 1 else None
    return LatestRanks(small, large, latest_small, large_rows.iloc[-1], previous)


def earlier_ranks(history: pd.DataFrame) -> pd.DataFrame:
    """The rows of earlier or derived rankings (named in a note under the chart)."""
    return history[history["kind"].isin(EARLIER_KINDS)]


def backcast_years(history: pd.DataFrame) -> str:
    """The years back-cast to today's units: "2020–2022", one year alone, "" when none."""
    years = sorted(history.loc[history["kind"] == "backcast", "year"].unique())
    if not years:
        return ""
    return "–".join(map(str, (years[0], years[-1]))) if len(years) > 1 else str(years[0])


def components_long(comp: pd.DataFrame, series: list[str], index_name: Callable[[str], str]) -> pd.DataFrame:
    """:func:`model.overview.component_comparison` in long form for the chart: one row per
    (main index, series) with value, ``series`` the shown names of focus / mean / best and
    ``index_label`` the main index's shown name (``index_name``)."""
    long = comp.melt(id_vars=["main_index"], value_vars=["focus", "mean", "best"], var_name="series_id", value_name="value")
    long["series"] = long["series_id"].map(dict(zip(["focus", "mean", "best"], series, strict=True)))
    long["index_label"] = long["main_index"].map(index_name)
    return long


def below_max(comp: pd.DataFrame) -> list[str]:
    """The main indices below the maximum 1.0 (marked on the chart)."""
    return list(comp[~comp["at_max"]]["main_index"])


def at_max(comp: pd.DataFrame) -> list[str]:
    """The main indices at the maximum 1.0."""
    return list(comp[comp["at_max"]]["main_index"])


def weakest(comp: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """The ``n`` main indices below the maximum with the worst rank among the frame's units."""
    return comp[~comp["at_max"]].sort_values("rank", ascending=False).head(n)

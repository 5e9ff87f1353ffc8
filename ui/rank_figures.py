"""The rank page's figures taken out of the model's results (pages/ranking.py and the
overview's chance): one year of a rank forecast, the score fan's rows, the levers'
contributions, the main-index coverage of a frame and year.

Only selection and reshaping of what :mod:`model.engine` computed; the page formats and draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.engine import RankForecast
from ui import cache


@dataclass(frozen=True)
class YearFigures:
    """One year of a rank forecast, scenario and baseline.

    p_top / p_top_base : P(rank ≤ N) [0–1]
    median_rank / median_rank_base : median simulated rank
    band / band_base : the 10–90 % rank band (p10, p90) [whole ranks]
    """

    p_top: float
    p_top_base: float
    median_rank: float
    median_rank_base: float
    band: tuple[int, int]
    band_base: tuple[int, int]


def year_figures(result: RankForecast, year: int) -> YearFigures:
    """The figures of ``year`` in ``result`` (a year of the frame's forecast)."""
    yi = list(result.scenario.years).index(year)
    scen, base = result.scenario, result.baseline
    return YearFigures(
        p_top=float(scen.p_top[yi]),
        p_top_base=float(base.p_top[yi]),
        median_rank=scen.median_rank[yi],
        median_rank_base=base.median_rank[yi],
        band=(int(scen.rank_p10[yi]), int(scen.rank_p90[yi])),
        band_base=(int(base.rank_p10[yi]), int(base.rank_p90[yi])),
    )


def fan_frame(result: RankForecast, names: list[str]) -> pd.DataFrame:
    """The score fan's rows (year, series, p10, p50, p90): the focus unit's baseline and
    scenario scores and the cut line's, named ``names`` in that order."""
    base, scen = result.baseline, result.scenario
    return pd.concat(
        [
            pd.DataFrame({"year": base.years, "series": names[0], "p10": base.score_p10, "p50": base.score_p50, "p90": base.score_p90}),
            pd.DataFrame({"year": scen.years, "series": names[1], "p10": scen.score_p10, "p50": scen.score_p50, "p90": scen.score_p90}),
            pd.DataFrame({"year": scen.years, "series": names[2], "p10": scen.cut_p10, "p50": scen.cut_p50, "p90": scen.cut_p90}),
        ],
        ignore_index=True,
    )


def contributions(levers: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The levers the focus unit can move, each with its shown name (column ``label``)."""
    return levers[~levers["held"]].assign(label=lambda d: d["main_index"].map(names))


def coverage_at(frame: int, year: int) -> pd.Series:
    """How many units of ``frame`` have published main indices in ``year`` (n_known, n_units):
    :func:`model.spread.index_coverage`."""
    return cache.index_coverage().set_index(["frame", "year"]).loc[(frame, year)]

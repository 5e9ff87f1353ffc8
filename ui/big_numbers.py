"""The headline figures of a scenario, computed once here for every view that shows them:
the presenter view and the comparison (at the study's goal) and the briefing (at the
scenario's own Top-N and year); and their words: the presenter's HTML, the comparison's
metrics, the briefing's three numbers.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from model.briefing import BigNumber
from model.scenario import Scenario
from model.targets import PROJECTION_YEARS, on_track_summary
from text.i18n import fmt_pct, fmt_rank, t
from ui import cache


def targets_year() -> int:
    """The plan's first target year: the big number counts the targets due then."""
    return min(PROJECTION_YEARS)


@dataclass(frozen=True)
class BigNumbers:
    """The three big numbers of one scenario (the study's goal is Top 15 in 2030 on the
    shipped data).

    frame : the scenario's frame [units]
    top_n / year : the Top-N and the year of the rank figures
    p_top / p_top_base : P(rank ≤ top_n in year), scenario / baseline [0–1]
    median_rank / median_rank_base : median simulated rank in year, scenario / baseline
    rank_p10 / rank_p90 : the scenario's 10–90 % rank band in year
    targets_year : the plan's first target year (:func:`targets_year`)
    on_track / assessable / total / no_data : the targets due in targets_year achieved or on
        track / with a status / all / without a provincial figure (the plan's targets, whatever
        unit is in focus; :func:`model.targets.on_track_summary`)
    """

    frame: int
    top_n: int
    year: int
    p_top: float
    p_top_base: float
    median_rank: float
    median_rank_base: float
    rank_p10: float
    rank_p90: float
    targets_year: int
    on_track: int
    assessable: int
    total: int
    no_data: int = 0


def big_numbers(scenario: Scenario, obs_key: tuple, *, at_goal: bool = True) -> BigNumbers:
    """The big numbers of ``scenario`` with the planners' figures ``obs_key``.

    at_goal : the rank figures at the study's goal rank and year (:func:`ui.cache.goal_scenario`:
        the presenter view, the comparison); False: at the scenario's own Top-N and year (the
        briefing). The targets are assessed for ``scenario`` either way.
    """
    ranked = cache.goal_scenario(scenario) if at_goal else scenario
    forecast = cache.rank_forecast(ranked)
    summary = on_track_summary(cache.target_assessment(scenario, obs_key), targets_year())
    yi = list(forecast.scenario.years).index(ranked.year)
    scen, base = forecast.scenario, forecast.baseline
    return BigNumbers(
        frame=scenario.frame,
        top_n=ranked.top_n,
        year=ranked.year,
        p_top=float(scen.p_top[yi]),
        p_top_base=float(base.p_top[yi]),
        median_rank=float(scen.median_rank[yi]),
        median_rank_base=float(base.median_rank[yi]),
        rank_p10=float(scen.rank_p10[yi]),
        rank_p90=float(scen.rank_p90[yi]),
        targets_year=summary.year,
        on_track=summary.on_track,
        assessable=summary.assessable,
        total=summary.total,
        no_data=summary.no_data,
    )


def targets_counts_text(numbers: BigNumbers, lang: str) -> str:
    """The one sentence for the target counts under every "targets on track" big number
    (pages and briefing): "3/17 chỉ tiêu 2025 đánh giá được · 14 chưa có số liệu của tỉnh"."""
    return t(
        "common.targets_counts",
        lang,
        assessable=numbers.assessable,
        total=numbers.total,
        no_data=numbers.no_data,
        year=numbers.targets_year,
    )


def big_texts(numbers: BigNumbers, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, detail) of the three big numbers at the goal (presenter, comparison),
    translated and formatted."""
    return [
        (
            t("sharing.big.p", lang, top=numbers.top_n, year=numbers.year),
            fmt_pct(numbers.p_top, lang),
            t("sharing.big.vs_base", lang, value=fmt_pct(numbers.p_top_base, lang)),
        ),
        (
            t("sharing.big.rank", lang, year=numbers.year),
            fmt_rank(numbers.median_rank, lang),
            t("sharing.big.rank_of", lang, frame=numbers.frame)
            + " · "
            + t("sharing.big.vs_base", lang, value=fmt_rank(numbers.median_rank_base, lang)),
        ),
        (
            t("sharing.big.targets", lang, year=numbers.targets_year),
            t("sharing.big.targets_value", lang, on=numbers.on_track, assessable=numbers.assessable),
            targets_counts_text(numbers, lang),
        ),
    ]


def briefing_texts(numbers: BigNumbers, lang: str) -> tuple[BigNumber, ...]:
    """The briefing's three big numbers: P(Top N in the year shown) scenario vs baseline, the
    median rank that year (10–90 % band), and the first target year's targets on track."""
    return (
        BigNumber(
            t("ranking.big.p", lang, n=numbers.top_n, year=numbers.year),
            fmt_pct(numbers.p_top, lang),
            t("export.big.vs_base", lang, value=fmt_pct(numbers.p_top_base, lang)),
        ),
        BigNumber(
            t("ranking.big.rank", lang, year=numbers.year),
            fmt_rank(numbers.median_rank, lang),
            t(
                "export.big.band",
                lang,
                band=f"{int(numbers.rank_p10)}–{int(numbers.rank_p90)}",
                base=fmt_rank(numbers.median_rank_base, lang),
            ),
        ),
        BigNumber(
            t("export.big.on_track", lang, year=numbers.targets_year),
            f"{numbers.on_track}/{numbers.assessable}",
            targets_counts_text(numbers, lang),
        ),
    )


#: Fixed CSS of the presenter's big numbers (no user text ever goes into this HTML).
BIG_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 0.5rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.7rem; padding: 0; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
.dti-big { text-align: center; padding: 0.1rem 0 0.3rem 0; }
.dti-big-label { font-size: clamp(1rem, 1.75vw, 1.5rem); font-weight: 600; color: #111111; line-height: 1.2; white-space: nowrap; }
.dti-big-value { font-size: clamp(3rem, 6vw, 5.5rem); font-weight: 800; color: #0B3D91; line-height: 1.05; }
.dti-big-detail { font-size: clamp(0.9rem, 1.45vw, 1.25rem); color: #374151; }
</style>
"""


def big_number_html(label: str, value: str, detail: str) -> str:
    """One big number as HTML with the fixed classes of :data:`BIG_CSS` (every text escaped)."""
    return (
        '<div class="dti-big">'
        f'<div class="dti-big-label">{html.escape(label)}</div>'
        f'<div class="dti-big-value">{html.escape(value)}</div>'
        f'<div class="dti-big-detail">{html.escape(detail)}</div>'
        "</div>"
    )

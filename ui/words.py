"""The study's words for the catalogue's placeholders: unit names, years and counts read from
the data (model.study), so that no page text names a unit, a year or a goal by itself.

``words(scenario)`` gives every placeholder the catalogue's study-dependent strings use; pass
it to :func:`ui.i18n.t` (``t(key, lang, **words(scenario))``); ``str.format`` ignores the ones
a string does not use.
"""

from __future__ import annotations

from model.scenario import Scenario
from ui import cache
from ui.i18n import fmt_num


def study_words() -> dict[str, object]:
    """The placeholders that need no scenario: plan (the plan unit's name), goal_rank,
    goal_year, target_years ("2025/2030": the plan's target years), est_frame / est_years /
    est_path / n_transitions (the estimation panel), moves / moves_years (median rank moves
    per year in it), last_year (last observed year)."""
    from model.targets import PROJECTION_YEARS

    study = cache.study()
    moves = cache.rank_moves()
    low, high = int(round(moves["median_abs_change"].min())), int(round(moves["median_abs_change"].max()))
    years = study.estimation_years
    return {
        "plan": study.unit_name(study.plan_unit),
        "goal_rank": study.goal_rank,
        "goal_year": study.goal_year,
        "target_years": "/".join(map(str, PROJECTION_YEARS)),
        "first_target": min(PROJECTION_YEARS),
        "last_target": max(PROJECTION_YEARS),
        "est_frame": study.estimation_frame,
        "est_years": f"{years[0]}–{years[-1]}",
        "est_path": "→".join(map(str, years)),
        "n_transitions": len(years) - 1,
        "moves": f"{low}–{high}" if low != high else str(low),
        "moves_years": f"{years[0]}–{years[-1]}",
        "last_year": study.last_year,
    }


def words(scenario: Scenario, lang: str) -> dict[str, object]:
    """:func:`study_words` and: unit (focus name), start / end (first and last forecast year
    of the frame), base (its last observed year), drifts (observed drift per transition,
    "2022→2023: +0,43; …"), n_movable (main indices the focus unit can still raise), frame."""
    study = cache.study()
    setup = cache.setup_for(scenario)
    fit = cache.panel_fit(scenario.seed)
    movable = sum(1 for cap in study.lever_caps(scenario.frame, scenario.focus).values() if cap > 0)
    drifts = "; ".join(
        f"{a}→{b}: {'+' if d >= 0 else '−'}{fmt_num(abs(d), lang, 2)}"
        for a, b, d in zip(fit.per_transition["from_year"], fit.per_transition["to_year"], fit.per_transition["drift"], strict=True)
    )
    return {
        **study_words(),
        "unit": study.unit_name(scenario.focus),
        "start": setup.years[0],
        "end": setup.years[-1],
        "base": setup.base_year,
        "drifts": drifts,
        "n_movable": movable,
        "frame": scenario.frame,
    }


def translator(scenario: Scenario, lang: str):
    """:func:`ui.i18n.t` with :func:`words` of ``scenario`` filled in (explicit values win)."""
    from ui.i18n import t

    filled = words(scenario, lang)

    def translate(key: str, lang: str, **values: object) -> str:
        return t(key, lang, **{**filled, **values})

    return translate

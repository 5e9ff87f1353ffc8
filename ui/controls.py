"""Scenario inputs drawn by ``app.py`` on every page (sidebar expanders).

Streamlit removes a bound widget's URL parameter when the page that drew it is left, so
an input drawn by one page would vanish from the address bar on the next page while its
value still shaped the figures there. Every input that changes a figure on more than one
page is therefore drawn here, by the main script, and stays in the URL on every page:
the assumptions and the simulation settings, the target-assessment settings, each plan
target's push and each indicator → main index mapping strength.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from model.scenario import (
    DEFAULT_MAPPING_STRENGTH,
    PUSH_BOUNDS,
    PUSH_PREFIX,
    STRENGTH_BOUNDS,
    STRENGTH_PREFIX,
)
from text.i18n import fmt_num, t
from ui import cache, sliders, state
from ui.labels import unit_label
from ui.sliders import NumberStyle
from ui.words import study_words

ASSUMPTION_KEYS = ("as_pace", "as_shock", "as_persist")
SIMULATION_KEYS = ("seed", "draws")
TARGET_SETTING_KEYS = ("method", "push_start", "trend")
ASSUMPTION_LABELS = {
    "as_pace": "ranking.assumptions.pace",
    "as_shock": "ranking.assumptions.shock",
    "as_persist": "ranking.assumptions.persist",
}
#: Multipliers and strengths: two decimals ("1,05").
MULTIPLIER = NumberStyle(decimals=2)
#: A target's push moves in half units of its indicator per year (as ui/state.py drew it).
PUSH_STEP = 0.5


def measurable_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with a numeric indicator a push can act on (not ranks, not group judgements)."""
    return targets[~targets["unit"].isin(["rank", "group"])]


def assumptions_panel(container: Any, lang: str) -> None:
    """Other units' pace, shock scale, persistence, seed and draws, with a reset."""
    here = container.expander(t("common.controls.assumptions", lang))
    for key in ASSUMPTION_KEYS:
        sliders.param_slider(here, key, t(ASSUMPTION_LABELS[key], lang), lang, MULTIPLIER)
    here.button(t("ranking.assumptions.reset", lang), key="reset_assumptions", on_click=state.reset_keys, args=(ASSUMPTION_KEYS,))
    sliders.param_slider(here, "seed", t("ranking.sim.seed", lang), lang, sliders.YEAR)
    sliders.param_slider(here, "draws", t("ranking.sim.draws", lang), lang, sliders.WHOLE)


def targets_panel(container: Any, lang: str, targets: pd.DataFrame) -> None:
    """Status method, lever start year, trend multiplier and one push per measurable target."""
    label_col = "label_vi" if lang == "vi" else "label_en"
    here = container.expander(t("common.controls.targets", lang, **study_words()))
    state.bound_select(
        here, "method", t("targets.settings.method", lang),
        captions=[t("targets.settings.method.statcan", lang), t("targets.settings.method.un2023", lang)],
    )
    sliders.param_slider(here, "push_start", t("targets.settings.push_start", lang), lang, sliders.YEAR)
    sliders.param_slider(
        here, "trend", t("targets.settings.trend", lang), lang, NumberStyle(decimals=1), help=t("targets.settings.trend_help", lang)
    )
    here.caption(t("common.controls.pushes", lang))
    rows = measurable_targets(targets)
    for row in rows.itertuples(index=False):
        per_year = unit_label(row.unit, lang) + ("/năm" if lang == "vi" else "/yr")
        sliders.slider(
            here, PUSH_PREFIX + row.target_id, row._asdict()[label_col], lang, NumberStyle(decimals=1, sign=True, unit=per_year),
            lo=PUSH_BOUNDS[0], hi=PUSH_BOUNDS[1], default=0.0, step=PUSH_STEP, help=t("targets.detail.push_help", lang),
        )
    here.button(
        t("targets.reset", lang), key="reset_target_levers", on_click=state.reset_keys,
        args=((*TARGET_SETTING_KEYS[1:], *(PUSH_PREFIX + i for i in rows["target_id"])),),
    )


def mapping_panel(container: Any, lang: str, targets: pd.DataFrame) -> None:
    """The editable strength of each indicator → main index link (an assumption)."""
    label_col = "label_vi" if lang == "vi" else "label_en"
    here = container.expander(t("common.controls.mapping", lang))
    here.caption(t("ranking.mapping.note", lang, default=fmt_num(DEFAULT_MAPPING_STRENGTH, lang, 2)))
    rows = measurable_targets(targets)
    rows = rows[rows["dti_component"].isin(cache.study().lever_indices)]  # targets that feed a main index
    for row in rows.itertuples(index=False):
        index_name = t(f"common.index.{row.dti_component}", lang)
        sliders.slider(
            here, STRENGTH_PREFIX + row.target_id, f"{row._asdict()[label_col]} → {index_name}", lang, MULTIPLIER,
            lo=STRENGTH_BOUNDS[0], hi=STRENGTH_BOUNDS[1], step=0.01, default=DEFAULT_MAPPING_STRENGTH,
        )


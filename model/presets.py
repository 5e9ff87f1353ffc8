"""Preset scenarios: Cơ sở, Kế hoạch, Tăng tốc, Chững lại.

Each preset is a rule applied to the data and the model, never a hand-picked number:

``baseline`` (Cơ sở)
    Every input at its default: current trends, no lever, no push, assumptions as estimated.
``plan`` (Kế hoạch)
    Pushes start in :data:`PLAN_PUSH_START` (the plan's last year). For each plan target with a
    provincial series (at least two Hà Tĩnh figures, shipped or entered by planners) whose target
    year is still ahead of its latest figure and whose scenario projection misses the target,
    the per-target push [target unit per year] is the smallest multiple of :data:`PUSH_STEP`
    (the push sliders' step) that makes the projection of :func:`model.targets.assess_targets`
    meet the target in its target year. The push acts on ``k = target year − max(push start −
    1, latest year)`` years and adds ``k × push`` to the central path
    (:func:`model.projection.project`), so push = gap / k, taken to the next step strictly above
    (so that a ">" target and float rounding are met too). Targets already met, already observed in their target year, or
    without a series get no push. A target no push can reach (a 100 % share on the S-curve
    saturates at 99.9 %) keeps the push of that formula and is reported as unreachable. No
    direct lever: the main indices move only through the indicator → main index mapping.
``accelerated`` (Tăng tốc)
    Plan-indicator trends × :data:`ACCELERATED_TREND` from the push start, and the smallest
    uniform main-index lever (rounded up to the slider step :data:`LEVER_STEP`) that gives
    P(Top 15 in 2030) ≥ :data:`ACCELERATED_P` (:func:`model.engine.goal_seek` "uniform"), each
    lever capped at its slider bound (:func:`lever_caps`); the full headroom when 90 % is out of
    reach.
``stalled`` (Chững lại)
    Plan indicators flat from the push start (trend multiplier 0), the other units improving at
    the top of the assumption range (``others_pace`` at its upper bound), no lever.

The view and simulation settings (:data:`VIEW_FIELDS`: frame, Top-N, year shown, seed, draws,
status method) are kept from the scenario the preset is applied to; every other input goes to
the preset's value or its default.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model import engine
from model.scenario import LEVER_STEP, PUSH_BOUNDS, STATIC_BY_NAME, Scenario, default_scenario
from model.status import direction_of, meets
from model.study import Study

PRESET_IDS: tuple[str, ...] = ("baseline", "plan", "accelerated", "stalled")
#: Fields a preset keeps from the scenario it is applied to (what is looked at, not what happens).
VIEW_FIELDS: tuple[str, ...] = ("focus", "frame", "top_n", "year", "seed", "draws", "status_method")

#: Tăng tốc: trend multiplier on the plan indicators and the target probability.
ACCELERATED_TREND = 1.5
ACCELERATED_P = 0.90
#: Rounding of a Kế hoạch push [target unit per year] (the step of the push sliders,
#: ``ui.state.bound_push_slider``); levers round to :data:`model.scenario.LEVER_STEP`.
PUSH_STEP = 0.5
#: Chững lại: the other units' pace at the top of its assumption range.
STALLED_TREND = 0.0
STALLED_PACE = float(STATIC_BY_NAME["others_pace"].hi)
#: PCI draws while computing Kế hoạch pushes (the PCI target takes no push; keeps it fast).
_PCI_DRAWS = 200
_SERIES_COMPARATORS = (">=", ">", "<=", "<")


@dataclass(frozen=True)
class Preset:
    """One preset: its id, the scenario it sets, and the numbers its sentence states.

    ``facts`` are sorted (name, value) pairs, e.g. ``("lever", 0.06)`` for Tăng tốc or
    ``("pushed", 3)`` for Kế hoạch; the UI puts them into the one-sentence description.
    """

    preset_id: str
    scenario: Scenario
    facts: tuple[tuple[str, float], ...] = ()

    def fact(self, name: str, default: float = math.nan) -> float:
        return dict(self.facts).get(name, default)


def plan_push_start(study: Study) -> int:
    """Kế hoạch: first year of the pushes, the first forecast year (so that the plan's
    targets of that year can still be met on time)."""
    return study.years[0]


def view_of(study: Study, base: Scenario) -> Scenario:
    """The default scenario with ``base``'s view and simulation settings (:data:`VIEW_FIELDS`)."""
    return default_scenario(study, **{name: getattr(base, name) for name in VIEW_FIELDS})


def _round_away(x: float, step: float) -> float:
    """``x`` rounded away from zero to a multiple of ``step`` (kept to 6 decimals)."""
    n = math.ceil(abs(x) / step - 1e-9)
    return round(math.copysign(n * step, x), 6)


# ----------------------------------------------------------------------------- Cơ sở
def baseline(study: Study, base: Scenario) -> Preset:
    """Cơ sở: every default (the reset)."""
    return Preset("baseline", view_of(study, base))


# ----------------------------------------------------------------------------- Chững lại
def stalled(study: Study, base: Scenario) -> Preset:
    """Chững lại: plan indicators flat, other units at the top of their pace range, no lever."""
    scenario = view_of(study, base).with_values(trend_multiplier=STALLED_TREND, others_pace=STALLED_PACE)
    return Preset("stalled", scenario, (("pace", STALLED_PACE), ("trend", STALLED_TREND)))


# ----------------------------------------------------------------------------- Tăng tốc
def accelerated(
    ds: Any, study: Study, base: Scenario, field: np.ndarray | None = None, setup: engine.FrameSetup | None = None
) -> Preset:
    """Tăng tốc: trend × 1.5 and the smallest uniform lever giving P(goal rank in the goal
    year) ≥ 90 % (the study's goal, Top 15 in 2030 on the shipped data).

    ``field``/``setup`` may come from a cache; ``field`` must be the baseline paths of
    ``view_of(study, base)`` (default assumptions).
    """
    view = view_of(study, base)
    setup = setup if setup is not None else engine.setup_for(ds, study, view)
    field = field if field is not None else engine.baseline_field(ds, study, view, setup=setup)
    seek_on = view.with_values(
        trend_multiplier=ACCELERATED_TREND, top_n=min(study.goal_rank, view.frame), year=study.goal_year_in_forecast
    )
    answer = engine.goal_seek(ds, study, seek_on, "uniform", ACCELERATED_P, field, setup)
    caps = {k: v for k, v in study.lever_caps(view.frame, view.focus).items() if v > 0}
    if answer.value is None:  # out of reach: the whole headroom
        levers = dict(caps)
        uniform = max(caps.values(), default=0.0)
    else:
        uniform = _round_away(answer.value, LEVER_STEP)
        levers = {index: min(uniform, cap) for index, cap in caps.items()}
    scenario = view.with_values(trend_multiplier=ACCELERATED_TREND, levers=levers)
    facts = (
        ("feasible", float(answer.feasible)),
        ("lever", uniform),
        ("p_goal", ACCELERATED_P),
        ("trend", ACCELERATED_TREND),
    )
    return Preset("accelerated", scenario, facts)


# ----------------------------------------------------------------------------- Kế hoạch
PLAN_COLUMNS = (
    "target_id",
    "target_year",
    "comparator",
    "target_value",
    "latest_year",
    "years_pushed",
    "scenario_without",
    "push",
    "scenario_with",
    "reachable",
    "reason",
)
"""Columns of :func:`plan_pushes`. ``reason``: "pushed", "already_met", "observed" (the target
year has a figure), "no_series" (fewer than two Hà Tĩnh figures), "not_a_series" (rank or group
target), "unreachable" (no push in the bounds meets it)."""


def _assess(
    data: Any, user_obs: pd.DataFrame | None, pushes: Mapping[str, float], status_method: str, push_start: int
) -> pd.DataFrame:
    from model.targets.assess import assess_targets

    return assess_targets(
        data,
        user_obs=user_obs,
        pushes=pushes,
        push_start=push_start,
        status_method=status_method,
        trend_multiplier=1.0,
        pci_draws=_PCI_DRAWS,
    )


def plan_pushes(
    data: Any, study: Study, base: Scenario | None = None, user_obs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per target: the Kế hoạch push and whether the target is then met (columns :data:`PLAN_COLUMNS`).

    ``data`` is what :func:`model.targets.assess_targets` takes; ``user_obs`` the planners'
    figures (they count as the plan unit's figures).
    """
    method = (base or default_scenario(study)).status_method
    start = plan_push_start(study)
    before = _assess(data, user_obs, {}, method, start)
    rows: list[dict[str, Any]] = []
    pushes: dict[str, float] = {}
    for row in before.to_dict("records"):
        out = {name: None for name in PLAN_COLUMNS}
        target_year = int(row["target_year"])
        out.update(
            target_id=row["target_id"],
            target_year=target_year,
            comparator=row["comparator"],
            target_value=row["target_value"],
            push=0.0,
            reachable=None,
        )
        column = f"scenario_{target_year}"
        latest = row["latest_year"]
        if row["comparator"] not in _SERIES_COMPARATORS or row["unit"] == "rank" or column not in row:
            out["reason"] = "not_a_series"
        elif pd.isna(latest) or pd.isna(row[column]) or int(row["n_points"]) < 2:
            out["reason"] = "no_series"
        else:
            out["latest_year"] = int(latest)
            out["scenario_without"] = float(row[column])
            if int(latest) >= target_year:
                out["reason"] = "observed"
            elif meets(row[column], row["target_value"], row["comparator"]):
                out["reason"] = "already_met"
                out["reachable"] = True
            else:
                k = target_year - max(start - 1, int(latest))
                out["years_pushed"] = k
                gap = float(row["target_value"]) - float(row[column])
                # one step beyond the exact pace: meets ">" too and survives float rounding
                push = direction_of(row["comparator"]) * (math.floor(abs(gap) / k / PUSH_STEP + 1e-9) + 1) * PUSH_STEP
                push = round(min(max(push, PUSH_BOUNDS[0]), PUSH_BOUNDS[1]), 6)
                out["push"] = push
                out["reason"] = "pushed"
                pushes[row["target_id"]] = push
        rows.append(out)
    table = pd.DataFrame(rows, columns=list(PLAN_COLUMNS))
    if pushes:
        after = _assess(data, user_obs, pushes, method, start).set_index("target_id")
        for i, row in table.iterrows():
            if row["reason"] != "pushed":
                continue
            value = after.loc[row["target_id"], f"scenario_{row['target_year']}"]
            table.at[i, "scenario_with"] = float(value)
            ok = meets(value, row["target_value"], row["comparator"])
            table.at[i, "reachable"] = ok
            if not ok:
                table.at[i, "reason"] = "unreachable"
    return table


def plan(data: Any, study: Study, base: Scenario, user_obs: pd.DataFrame | None = None) -> Preset:
    """Kế hoạch: the pushes of :func:`plan_pushes`, starting in :func:`plan_push_start`."""
    table = plan_pushes(data, study, base, user_obs)
    pushed = table[table["push"] != 0.0]
    scenario = view_of(study, base).with_values(
        push_start=plan_push_start(study),
        pushes=tuple(sorted(zip(pushed["target_id"], pushed["push"].astype(float), strict=True))),
    )
    facts = (
        ("pushed", float((table["reason"] == "pushed").sum())),
        ("start", float(plan_push_start(study))),
        ("unreachable", float((table["reason"] == "unreachable").sum())),
    )
    return Preset("plan", scenario, facts)


# ----------------------------------------------------------------------------- all of them
def all_presets(
    ds: Any,
    study: Study,
    base: Scenario,
    user_obs: pd.DataFrame | None = None,
    field: np.ndarray | None = None,
    setup: engine.FrameSetup | None = None,
) -> dict[str, Preset]:
    """Every preset for ``base``'s view settings, in :data:`PRESET_IDS` order."""
    return {
        "baseline": baseline(study, base),
        "plan": plan(ds, study, base, user_obs),
        "accelerated": accelerated(ds, study, base, field, setup),
        "stalled": stalled(study, base),
    }


def same_scenario(study: Study, a: Scenario, b: Scenario) -> bool:
    """Equal as links: the same non-default parameters (a push of 0 equals no push)."""
    return a.to_params(study) == b.to_params(study)


def matching_preset(study: Study, scenario: Scenario, presets: Mapping[str, Preset]) -> str | None:
    """The id of the preset ``scenario`` is exactly (as a link), or None."""
    for preset_id, preset in presets.items():
        if same_scenario(study, scenario, preset.scenario):
            return preset_id
    return None

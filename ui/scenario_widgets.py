"""Putting a scenario into the widgets: the values that make them show it, what the sliders
cannot show, and the callback that applies it (presets, slots and scenario files all use it).

Everything that changes a figure reaches the widgets through ``st.session_state`` (in button
or upload callbacks, before the widgets are drawn); the URL follows through the widgets'
``bind="query-params"``. Nothing here writes ``st.query_params``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from model import presets as presets_model
from model.scenario import PUSH_PREFIX, STRENGTH_PREFIX, ParamProblem, Scenario, lever_key
from ui import cache


def widget_values(scenario: Scenario, ids: tuple[str, ...], *, keep_view: bool) -> dict[str, Any]:
    """{widget key: value} that makes the widgets show ``scenario``.

    Every scenario key is written, defaults included, so nothing is left from an earlier
    state or from the URL the session was opened with. ``keep_view`` leaves the view and
    simulation settings (:data:`model.presets.VIEW_FIELDS`) as they are.
    """
    out: dict[str, Any] = {}
    for spec in cache.specs().values():
        if spec.name.startswith("lever:"):
            out[spec.key] = float(scenario.lever(spec.name.split(":", 1)[1]))
            continue
        if keep_view and spec.name in presets_model.VIEW_FIELDS:
            continue
        value = getattr(scenario, spec.name)
        out[spec.key] = float(value) if spec.kind == "float" else value
    for target_id in ids:
        out[PUSH_PREFIX + target_id] = float(scenario.push_for(target_id))
        out[STRENGTH_PREFIX + target_id] = float(scenario.strength_for(target_id))
    return out


def widget_problems(scenario: Scenario) -> list[ParamProblem]:
    """Values the sliders cannot show: a lever above the headroom (model.study.Study.lever_caps),
    Top-N above the frame."""
    problems = []
    caps = cache.study().lever_caps(scenario.frame, scenario.focus)
    for index, value in scenario.levers:
        if value > caps.get(index, 0.0) + 1e-9:
            problems.append(ParamProblem(lever_key(index), f"{value:g}", "out_of_range"))
    if scenario.top_n > scenario.frame:
        problems.append(ParamProblem("top", str(scenario.top_n), "out_of_range"))
    return problems


def apply_scenario(scenario: Scenario, keep_view: bool = False) -> None:
    """Callback: put ``scenario`` into the widgets (the URL follows)."""
    for key, value in widget_values(scenario, cache.study().target_ids, keep_view=keep_view).items():
        st.session_state[key] = value

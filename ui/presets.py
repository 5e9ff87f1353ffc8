"""The four presets (Cơ sở, Kế hoạch, Tăng tốc, Đình trệ: :mod:`model.presets`) for the
scenario shown: built and cached here, named and described in words, the sidebar's buttons
that apply them, and the name of the one in use."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from model import presets as presets_model
from model.scenario import Scenario, default_scenario
from model.userdata import observations_from_key
from text.i18n import fmt_num, fmt_pct, t
from ui import cache, state
from ui.scenario_widgets import apply_scenario
from ui.words import words


@st.cache_data(show_spinner=False, max_entries=8)
def _plan_preset(obs_key: tuple, status_method: str) -> presets_model.Preset:
    study = cache.study()
    return presets_model.plan(
        cache.dataset(), study, default_scenario(study, status_method=status_method), observations_from_key(obs_key)
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _accelerated_preset(frame: int, focus: str, seed: int, draws: int) -> presets_model.Preset:
    study = cache.study()
    view = default_scenario(study, frame=frame, focus=focus, seed=seed, draws=draws)
    return presets_model.accelerated(cache.dataset(), study, view, cache.field_for(view), cache.frame_setup(frame, focus))


def current_presets(scenario: Scenario, obs_key: tuple) -> dict[str, presets_model.Preset]:
    """The four presets for ``scenario``'s view settings and the session's planners' figures.

    Kế hoạch depends only on the figures, Tăng tốc only on frame, seed and draws: each is
    cached on those alone and given the view settings afterwards.
    """
    view = {name: getattr(scenario, name) for name in presets_model.VIEW_FIELDS}

    def with_view(preset: presets_model.Preset) -> presets_model.Preset:
        return replace(preset, scenario=preset.scenario.with_values(**view))

    return {
        "baseline": presets_model.baseline(cache.study(), scenario),
        "plan": with_view(_plan_preset(obs_key, scenario.status_method)),
        "accelerated": with_view(_accelerated_preset(scenario.frame, scenario.focus, scenario.seed, scenario.draws)),
        "stalled": presets_model.stalled(cache.study(), scenario),
    }


def active_preset(scenario: Scenario, built: dict[str, presets_model.Preset] | None = None) -> str | None:
    """The id of the preset ``scenario`` is (:func:`model.presets.matching_preset`), None for
    a scenario of the user's own; ``built`` is :func:`current_presets` when already at hand."""
    if built is None:
        built = current_presets(scenario, state.current_observations_key())
    return presets_model.matching_preset(cache.study(), scenario, built)


def apply_preset(preset_id: str) -> None:
    """Callback of a preset button: the preset's inputs, the view settings kept."""
    scenario = state.current_scenario()
    preset = current_presets(scenario, state.current_observations_key())[preset_id]
    apply_scenario(preset.scenario, keep_view=True)


def preset_name(preset_id: str, lang: str) -> str:
    return t(f"sharing.preset.{preset_id}.name", lang)


def preset_rule(preset: presets_model.Preset, lang: str) -> str:
    """The preset's one-sentence description, with the numbers its rule produced."""
    pid = preset.preset_id
    if pid == "plan":
        return t(
            "sharing.preset.plan.rule",
            lang,
            start=int(preset.fact("start")),
            pushed=int(preset.fact("pushed")),
            unreachable=int(preset.fact("unreachable")),
        )
    if pid == "accelerated":
        key = "sharing.preset.accelerated.rule" if preset.fact("feasible") else "sharing.preset.accelerated.rule_full"
        return t(
            key,
            lang,
            **words(preset.scenario, lang),
            trend=fmt_num(preset.fact("trend"), lang, 1),
            lever=fmt_num(preset.fact("lever"), lang, 2),
            p=fmt_pct(preset.fact("p_goal"), lang),
        )
    if pid == "stalled":
        return t("sharing.preset.stalled.rule", lang, pace=fmt_num(preset.fact("pace"), lang, 1))
    return t("sharing.preset.baseline.rule", lang)


def presets_panel(container: Any, lang: str, scenario: Scenario) -> None:
    """Sidebar: the four preset buttons (one click applies) and the sentence of the one in use."""
    built = current_presets(scenario, state.current_observations_key())
    container.subheader(t("sharing.presets.title", lang))
    items = list(built.items())
    for i, (preset_id, preset) in enumerate(items):
        if i % 2 == 0:
            columns = container.columns(2)  # one row per pair: reading order is the list's order
        columns[i % 2].button(
            preset_name(preset_id, lang),
            key=f"preset_{preset_id}",
            help=preset_rule(preset, lang),
            on_click=apply_preset,
            args=(preset_id,),
            width="stretch",
        )
    active = active_preset(scenario, built)
    if active is None:
        container.caption(t("sharing.presets.custom", lang))
    else:
        container.caption(
            t("sharing.presets.active", lang, name=preset_name(active, lang), rule=preset_rule(built[active], lang))
        )


def scenario_label(scenario: Scenario, lang: str) -> str:
    """The active preset's name, or "custom scenario"."""
    active = active_preset(scenario)
    return preset_name(active, lang) if active else t("sharing.presenter.custom", lang)

"""Widgets bound to the URL, and the scenario they build.

One mechanism syncs the URL: ``bind="query-params"`` on keyed widgets. The widget key
is the URL parameter (declared once in :func:`model.scenario.param_specs`). Pages read the
scenario with :func:`current_scenario`; they never touch ``st.query_params`` themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from model.scenario import (
    FOCUS_KEY,
    PUSH_PREFIX,
    STRENGTH_PREFIX,
    ParamProblem,
    Scenario,
    scenario_from_params,
    unit_from_text,
)
from model.study import Study
from model.userdata import observations_key
from text.i18n import DEFAULT_LANG, LANGS, t
from ui import cache

#: The A/B/C comparison slots, each a URL-bound text ("name|link parameters").
COMPARE_SLOT_KEYS = {"A": "cmp_a", "B": "cmp_b", "C": "cmp_c"}
#: URL parameters that belong to the UI, not to the scenario (the slots are checked on the
#: comparison page).
UI_KEYS = ("lang", *COMPARE_SLOT_KEYS.values())


def lang() -> str:
    """The current language ("vi" or "en")."""
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def language_switch(container: Any) -> str:
    """The language control (sidebar); bound to the URL as ``lang``."""
    container.segmented_control(
        t("common.language", lang()),
        options=LANGS,
        default=DEFAULT_LANG,
        required=True,
        format_func=str.upper,  # the URL carries the shown text: lang=EN
        key="lang",
        bind="query-params",
        persist_state="session",
    )
    return lang()


def bound_slider(
    container: Any,
    key: str,
    label: str,
    *,
    hi: float | None = None,
    fmt: str | None = None,
    help: str | None = None,
    disabled: bool = False,
) -> float | int:
    """A slider for scenario parameter ``key`` with the declared bounds and default.

    ``hi`` narrows the upper bound (a lever's headroom); the URL value outside it is
    dropped by Streamlit and reported by :func:`url_problems`.
    """
    spec = cache.specs()[key]
    is_int = spec.kind == "int"
    cast: Callable[[float], float | int] = int if is_int else float
    upper = cast(spec.hi if hi is None else hi)
    return container.slider(
        label,
        min_value=cast(spec.lo),
        max_value=upper,
        value=cast(spec.default),
        step=cast(spec.step),
        format=fmt,
        key=key,
        help=help,
        disabled=disabled,
        bind="query-params",
        persist_state="session",
    )


def bound_select(
    container: Any, key: str, label: str, captions: list[str] | None = None, *, horizontal: bool = False
) -> Any:
    """A radio for a choice parameter (frame, status method) bound to the URL.

    The options are shown as their raw values (``34``, ``63``) because Streamlit puts
    the shown text in the URL: a translated label would make links language-bound.
    The explanation goes in ``captions``.
    """
    spec = cache.specs()[key]
    return container.radio(
        label,
        options=list(spec.choices),
        index=list(spec.choices).index(spec.default),
        captions=captions,
        key=key,
        horizontal=horizontal,
        bind="query-params",
        persist_state="session",
    )


#: Session key of the URL the session was opened with: {key: [texts]} (:func:`capture_initial_url`).
INITIAL_URL_KEY = "_initial_url"


def current_frame() -> int:
    """The frame the frame radio shows in this run, before it is drawn: the session's
    value, else the link's (first run), else the default. ``app.py`` draws the sidebar's
    controls after the page (the big numbers reach the browser first) and needs it before."""
    spec = cache.specs()["frame"]
    raw = bound_value("frame")
    try:
        value = int(str(raw))
    except ValueError:
        return int(spec.default)
    return value if value in spec.choices else int(spec.default)


def settle_focus(frame: int) -> str:
    """The focus unit the focus select shows in this run, before it is drawn.

    A focus that is not a unit of ``frame`` (the frame was just switched) is mapped to its
    unit there by the merger rule, in the session, so that the page and the select agree;
    no focus (or one the link named badly) is the study's plan unit in ``frame``.
    """
    study = cache.study()
    options = set(study.frame_info[frame].unit_ids)
    current = st.session_state.get(FOCUS_KEY)
    if current is not None and current not in options:
        try:
            st.session_state[FOCUS_KEY] = study.unit_in_frame(str(current), frame)
        except KeyError:
            st.session_state[FOCUS_KEY] = study.unit_in_frame(study.plan_unit, frame)
    current = st.session_state.get(FOCUS_KEY)
    return str(current) if current in options else study.unit_in_frame(study.plan_unit, frame)


def focus_select(container: Any, label: str, frame: int, names: Mapping[str, str]) -> str:
    """The focus unit: a searchable select of the frame's units (bound to the URL as
    ``unit``), labelled with their names in ``names`` order (Vietnamese collation); the
    study's plan unit is the default. A focus that is not a unit of ``frame`` (the frame was
    just switched) is first mapped to its unit there by the merger rule (:func:`settle_focus`)."""
    study = cache.study()
    options = list(names)
    settle_focus(frame)
    default = study.unit_in_frame(study.plan_unit, frame)
    return container.selectbox(
        label,
        options=options,
        index=options.index(default),
        format_func=lambda unit_id: names[unit_id],
        key=FOCUS_KEY,
        bind="query-params",
        persist_state="session",
    )


def scenario_keys(study: Study) -> list[str]:
    """Every URL key of a scenario input of ``study`` (pushes and strengths included)."""
    return [
        *cache.specs(),
        *(PUSH_PREFIX + i for i in study.target_ids),
        *(STRENGTH_PREFIX + i for i in study.target_ids),
    ]


def current_scenario() -> Scenario:
    """The scenario from the widgets' values.

    A widget drawn later in the run (or on another page) has no value yet: its value is
    taken from the URL the session was opened with, the value that widget will read when
    it is drawn, so a link shows its own figures on the first run. Bad URL values fall back
    to the defaults (they are named in the notice of :func:`url_problems`).
    """
    study = cache.study()
    initial = st.session_state.get(INITIAL_URL_KEY, {})
    raw: dict[str, Any] = {}
    for key in scenario_keys(study):
        if key in st.session_state:
            raw[key] = str(st.session_state[key])
        elif key in initial:
            raw[key] = initial[key]
    scenario, _ = scenario_from_params(study, raw)
    return scenario


def bound_value(key: str) -> Any:
    """The value of the bound widget ``key``: the session's once the widget has a value,
    else the link's text (on a session's first run, for a widget drawn later in the run:
    the value it will read when drawn), else None."""
    if key in st.session_state:
        return st.session_state[key]
    texts = st.session_state.get(INITIAL_URL_KEY, {}).get(key, [])
    return texts[-1] if texts else None


def capture_initial_url() -> None:
    """Keep the URL the session was opened with, before any bound widget reads it
    (Streamlit drops invalid bound values from the URL as the widgets are created)."""
    if INITIAL_URL_KEY not in st.session_state:
        raw = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[INITIAL_URL_KEY] = raw
        st.session_state[FIRST_RUN_KEY] = True
        # the switch shows (and writes) EN/VI; accept lang=en / lang=vi from hand-made links
        values = raw.get("lang", [])
        if len(values) == 1 and values[0].lower() in LANGS:
            st.session_state["lang"] = values[0].lower()
        # the focus select writes the unit's name into the address bar; links made from the
        # scenario carry its unit_id: either opens the same unit
        units = raw.get(FOCUS_KEY, [])
        if len(units) == 1:
            study = cache.study()
            frames = raw.get("frame", [])
            frame = int(frames[0]) if len(frames) == 1 and frames[0].isdigit() and int(frames[0]) in study.frames else study.default_frame
            unit = unit_from_text(study, units[0], frame)
            if unit is not None:
                try:
                    st.session_state[FOCUS_KEY] = study.unit_in_frame(unit, frame)
                except KeyError:
                    pass


#: Session key: True during the session's first script run (:func:`first_run`).
FIRST_RUN_KEY = "_first_run"


def first_run() -> bool:
    """True during a session's first script run: its browser is still loading the code of
    every element type (ui/figures.py, :func:`ui.figures.let_new_session_paint`)."""
    return bool(st.session_state.get(FIRST_RUN_KEY, False))


def end_run() -> None:
    """Mark the end of a script run (``app.py``, last): the next run is not the first."""
    st.session_state[FIRST_RUN_KEY] = False


def url_problems() -> list[ParamProblem]:
    """Problems with the URL the session was opened with (checked once per session).

    Streamlit drops invalid bound values silently; this names them for a notice (lever
    values above the focus unit's headroom included: model.scenario.scenario_from_params).
    """
    if "_url_problems" not in st.session_state:  # once per session: the URL it was opened with
        raw = st.session_state.get(INITIAL_URL_KEY, {})
        _, problems = scenario_from_params(cache.study(), raw, ignore=UI_KEYS)
        lang_values = raw.get("lang")
        if lang_values and (len(lang_values) != 1 or lang_values[0].lower() not in LANGS):
            problems.append(ParamProblem("lang", ",".join(lang_values), "not_a_choice"))
        # keep each key once; a key from a hostile link is shown only as safe characters
        seen: dict[str, ParamProblem] = {}
        for problem in problems:
            safe_key = re.sub(r"[^A-Za-z0-9_]", "?", problem.key)[:32]
            seen.setdefault(safe_key, ParamProblem(safe_key, "", problem.reason))
        st.session_state["_url_problems"] = list(seen.values())
    return st.session_state["_url_problems"]


def reset_keys(keys: tuple[str, ...]) -> None:
    """Callback: put the widgets ``keys`` back to their declared defaults."""
    specs = cache.specs()
    for key in keys:
        if key in specs:
            st.session_state[key] = specs[key].default
        elif key.startswith(PUSH_PREFIX):
            st.session_state[key] = 0.0



# -- planners' own figures (per session; never in the URL, carried by the scenario file) --

#: Session key of the planners' figures: the ``good`` frame of
#: :func:`model.userdata.parse_upload` / :func:`~model.userdata.validate_table`.
USER_OBS_KEY = "user_obs"


def user_observations() -> pd.DataFrame | None:
    """This session's entered figures, or None when there are none."""
    df = st.session_state.get(USER_OBS_KEY)
    return None if df is None or len(df) == 0 else df


#: Session key of the editable table's starting data (what the data editor's edits apply to).
OBS_EDITOR_BASE_KEY = "obs_editor_base"
OBS_EDITOR_KEY = "obs_editor"


def set_user_observations(df: pd.DataFrame | None) -> None:
    """Replace this session's entered figures (a copy is stored; None or empty clears them).

    Used by uploads, the scenario file and "clear": the editable table restarts from the
    new figures (its pending edits are dropped, they are part of what was replaced).
    """
    stored = None if df is None or len(df) == 0 else df.copy()
    st.session_state[USER_OBS_KEY] = stored
    st.session_state[OBS_EDITOR_BASE_KEY] = stored
    st.session_state.pop(OBS_EDITOR_KEY, None)


def commit_editor_observations(df: pd.DataFrame | None) -> None:
    """Store the valid rows of the editable table (the editor keeps the user's edits)."""
    st.session_state[USER_OBS_KEY] = None if df is None or len(df) == 0 else df.copy()


def editor_base() -> pd.DataFrame | None:
    return st.session_state.get(OBS_EDITOR_BASE_KEY)


def current_observations_key() -> tuple:
    return observations_key(user_observations())

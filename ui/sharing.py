"""Sharing a scenario: presets, the copyable link, the scenario file, A/B/C slots, big numbers.

Everything that changes a figure reaches the widgets through ``st.session_state`` (in button
or upload callbacks, before the widgets are drawn); the URL follows through the widgets'
``bind="query-params"``. Nothing here writes ``st.query_params``.

The A/B/C slots are text inputs bound to the URL (``cmp_a``, ``cmp_b``, ``cmp_c``) holding
``<name>|<the scenario's link parameters>``, so a link carries the saved scenarios too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlencode

import pandas as pd
import streamlit as st

from model import presets as presets_model
from model import scenario_file
from model.scenario import (
    PUSH_PREFIX,
    STRENGTH_PREFIX,
    ParamProblem,
    Scenario,
    default_scenario,
    lever_key,
    scenario_from_params,
)
from model.targets import on_track_summary
from model.userdata import observations_from_key
from text.i18n import fmt_num, fmt_pct, fmt_rank, t
from text.problems import message
from ui import cache, sliders, state, uploads

COMPARE_PATH = "so-sanh"
PRESENTER_PATH = "trinh-chieu"
SLOTS: dict[str, str] = state.COMPARE_SLOT_KEYS
SLOT_MAX_CHARS = 2000
NAME_MAX_CHARS = 40
NAME_KEY = "cmp_name"
UPLOAD_KEY = "scenario_upload"
_UPLOAD_SEEN = "_scenario_upload_seen"
_UPLOAD_MESSAGE = "_scenario_upload_message"
def targets_year() -> int:
    """The plan's first target year: the big number counts the targets due then."""
    from model.targets import PROJECTION_YEARS

    return min(PROJECTION_YEARS)


def target_ids() -> tuple[str, ...]:
    return cache.study().target_ids


def current() -> Scenario:
    return state.current_scenario()


def lever_caps(frame: int, focus: str) -> dict[str, float]:
    """Upper bound of each lever slider: the focus unit's headroom (model.study.Study.lever_caps)."""
    return cache.study().lever_caps(frame, focus)


# ----------------------------------------------------------------------------- widgets ← scenario
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
    """Values the sliders cannot show: a lever above the headroom, Top-N above the frame."""
    problems = []
    caps = lever_caps(scenario.frame, scenario.focus)
    for index, value in scenario.levers:
        if value > caps.get(index, 0.0) + 1e-9:
            problems.append(ParamProblem(lever_key(index), f"{value:g}", "out_of_range"))
    if scenario.top_n > scenario.frame:
        problems.append(ParamProblem("top", str(scenario.top_n), "out_of_range"))
    return problems


def apply_scenario(scenario: Scenario, keep_view: bool = False) -> None:
    """Callback: put ``scenario`` into the widgets (the URL follows)."""
    for key, value in widget_values(scenario, target_ids(), keep_view=keep_view).items():
        st.session_state[key] = value


# ----------------------------------------------------------------------------- presets
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


def apply_preset(preset_id: str) -> None:
    """Callback of a preset button: the preset's inputs, the view settings kept."""
    scenario = current()
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
        from ui.words import words

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
    active = presets_model.matching_preset(cache.study(), scenario, built)
    if active is None:
        container.caption(t("sharing.presets.custom", lang))
    else:
        container.caption(
            t("sharing.presets.active", lang, name=preset_name(active, lang), rule=preset_rule(built[active], lang))
        )


# ----------------------------------------------------------------------------- the link
def link_params(scenario: Scenario, lang: str, slots: Mapping[str, str] | None = None) -> dict[str, str]:
    """The query parameters of a link to ``scenario``: language (EN only; VI is the default,
    written as the language switch writes it), the non-default inputs, the saved slots."""
    params: dict[str, str] = {}
    if lang == "en":
        params["lang"] = "EN"
    params.update(scenario.to_params(cache.study()))
    for key, value in (slots or {}).items():
        if value:
            params[key] = value
    return params


def share_link(scenario: Scenario, lang: str) -> str:
    """The full link: the page's address (``st.context.url``, without its query) + parameters."""
    slots = {key: str(state.bound_value(key) or "") for key in SLOTS.values()}  # drawn after this
    query = urlencode(link_params(scenario, lang, slots))
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


# ----------------------------------------------------------------------------- scenario file
def check_scenario_file(data: bytes) -> tuple[Any | None, list[Any]]:
    """Read an uploaded scenario file: (result, problems). Nothing is changed here."""
    result = scenario_file.load_scenario_file(data, study=cache.study(), known_indicators=cache.known_indicators())
    return result, list(result.problems)


def _on_scenario_upload() -> None:
    """Callback of the uploader: apply a good file once; keep a bad one's problems to show."""
    uploaded = st.session_state.get(UPLOAD_KEY)
    if uploaded is None:
        return
    if st.session_state.get(_UPLOAD_SEEN) == uploaded.file_id:
        return
    st.session_state[_UPLOAD_SEEN] = uploaded.file_id
    bad_name = uploads.name_problem(uploaded.name)
    if bad_name is not None:  # not read at all (ui/uploads.py)
        st.session_state[_UPLOAD_MESSAGE] = ("bad", [("", message(bad_name, "vi"), message(bad_name, "en"))])
        return
    result, problems = check_scenario_file(uploaded.getvalue())
    if problems or result is None or not result.ok or result.scenario is None:
        st.session_state[_UPLOAD_MESSAGE] = (
            "bad",
            [(p.location, message(p, "vi"), message(p, "en")) for p in problems],
        )
        return
    apply_scenario(result.scenario, keep_view=False)
    state.set_user_observations(result.observations)
    n = 0 if result.observations is None else len(result.observations)
    st.session_state[_UPLOAD_MESSAGE] = ("ok", n)


def share_panel(container: Any, lang: str, scenario: Scenario) -> None:
    """Sidebar: a "copy link" button opening the link in a code box (with its copy button),
    and an expander with the scenario file down/upload.

    The code box sits in a popover because the browser mounts a popover's content only when
    it opens: Streamlit's code component costs about 0.4 s of a new session's first render.
    """
    with container.popover(t("sharing.share.copy", lang), icon=":material/link:", width="stretch"):
        st.caption(t("sharing.share.link", lang))
        st.code(share_link(scenario, lang), language=None, wrap_lines=True)
        st.caption(t("sharing.share.link_note", lang))
    with container.expander(t("sharing.share.title", lang)):
        st.download_button(
            t("sharing.file.download", lang),
            # made on click, not on every rerun (the session's figures are captured now)
            data=partial(scenario_file.dump_scenario_file, scenario, state.user_observations()),
            file_name=f"kich-ban-dti-{scenario.focus}.json",
            mime="application/json",
            key="scenario_download",
            on_click="ignore",
        )
        st.file_uploader(t("sharing.file.upload", lang), type=["json"], key=UPLOAD_KEY, on_change=_on_scenario_upload)
        message = st.session_state.get(_UPLOAD_MESSAGE)
        if message and message[0] == "ok":
            st.success(t("sharing.file.loaded", lang, n=message[1]))
        elif message:
            st.warning(t("sharing.file.rejected", lang) + "\n\n" + "\n".join(problem_lines(message[1], lang)))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~:$-])")


def md_escape(text: str) -> str:
    """``text`` with every markdown/HTML special character escaped (shown literally)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def problem_lines(problems: list[tuple[str, str, str]], lang: str) -> list[str]:
    """Markdown list lines "location: message" of a refused file (text from the file escaped)."""
    lines = []
    for location, vi, en in problems:
        text = vi if lang == "vi" else en
        if location and not text.startswith(location):
            text = t("sharing.file.problem", lang, location=location, message=text)
        lines.append("- " + md_escape(text))
    return lines


# ----------------------------------------------------------------------------- A/B/C slots
_NAME_ALLOWED = re.compile(r"[^\w\s\-.,()+%]|_", re.UNICODE)


def clean_name(text: str) -> str:
    """A slot name safe to show anywhere: letters (any script), digits, spaces and - . , ( ) + %;
    markdown and HTML characters are dropped; at most :data:`NAME_MAX_CHARS` characters."""
    return re.sub(r"\s+", " ", _NAME_ALLOWED.sub("", str(text))).strip()[:NAME_MAX_CHARS]


def encode_slot(name: str, scenario: Scenario) -> str:
    """``<name>|<link parameters>`` of ``scenario`` (the value of a ``cmp_*`` URL parameter)."""
    return f"{clean_name(name)}|{urlencode(scenario.to_params(cache.study()))}"


@dataclass(frozen=True)
class Slot:
    """A decoded slot: its letter, name, scenario (None when unreadable) and problems."""

    letter: str
    name: str
    scenario: Scenario | None
    problems: tuple[ParamProblem, ...] = ()


def decode_slot(letter: str, text: str | None) -> Slot | None:
    """The slot in ``text``; None when empty. Never raises: bad values become problems."""
    if not text:
        return None
    text = str(text)
    if len(text) > SLOT_MAX_CHARS:
        return Slot(letter, "", None, (ParamProblem(SLOTS[letter], "", "too_long"),))
    name, _, query = text.partition("|") if "|" in text else ("", "", text)
    try:
        raw = parse_qs(query, keep_blank_values=True, max_num_fields=200)
    except ValueError:
        return Slot(letter, clean_name(name), None, (ParamProblem(SLOTS[letter], "", "too_long"),))
    scenario, problems = scenario_from_params(cache.study(), raw)
    problems = problems + widget_problems(scenario)
    return Slot(letter, clean_name(name), scenario, tuple(problems))


def saved_slots() -> list[Slot]:
    slots = []
    for letter, key in SLOTS.items():
        slot = decode_slot(letter, state.bound_value(key))  # the slot boxes are drawn after the page
        if slot is not None:
            slots.append(slot)
    return slots


def _default_name(letter: str) -> str:
    scenario = current()
    built = current_presets(scenario, state.current_observations_key())
    active = presets_model.matching_preset(cache.study(), scenario, built)
    return preset_name(active, state.lang()) if active else letter


def save_slot(letter: str) -> None:
    """Callback: save the scenario shown into slot ``letter`` under the typed name."""
    name = clean_name(st.session_state.get(NAME_KEY) or "") or _default_name(letter)
    st.session_state[SLOTS[letter]] = encode_slot(name, current())
    st.session_state[NAME_KEY] = ""  # the next save gets its own name


def clear_slot(letter: str) -> None:
    st.session_state[SLOTS[letter]] = ""


def use_slot(letter: str) -> None:
    """Callback: put slot ``letter``'s scenario into the widgets (when the sliders can show it)."""
    slot = decode_slot(letter, st.session_state.get(SLOTS[letter]))
    if slot is not None and slot.scenario is not None and not widget_problems(slot.scenario):
        apply_scenario(slot.scenario, keep_view=False)


def compare_panel(container: Any, lang: str) -> None:
    """Sidebar expander: name, save into A/B/C, the slots (bound to the URL), the compare page."""
    with container.expander(t("sharing.compare.title", lang)):
        st.text_input(t("sharing.compare.name", lang), key=NAME_KEY, max_chars=NAME_MAX_CHARS)
        columns = st.columns(len(SLOTS))
        for column, letter in zip(columns, SLOTS, strict=True):
            column.button(
                t("sharing.compare.save", lang, slot=letter),
                key=f"save_{SLOTS[letter]}",
                on_click=save_slot,
                args=(letter,),
                help=t("sharing.compare.save_help", lang, slot=letter),
                width="stretch",
            )
        for letter, key in SLOTS.items():
            st.text_input(
                t("sharing.compare.slot", lang, slot=letter),
                key=key,
                max_chars=SLOT_MAX_CHARS,
                disabled=True,
                bind="query-params",
                persist_state="session",
            )
        st.page_link("pages/compare.py", label=t("sharing.compare.open", lang))


# ----------------------------------------------------------------------------- big numbers
@dataclass(frozen=True)
class BigNumbers:
    """The briefing's three big numbers for one scenario (the study's goal: Top 15 in 2030
    on the shipped data).

    p_top / p_top_base : P(rank ≤ goal rank in the goal year), scenario / baseline [0–1]
    median_rank / median_rank_base : median simulated rank in the goal year
    on_track / assessable / total / no_data : the plan's first-year targets achieved or on
        track / with a status / all / without a provincial figure (the plan's targets, whatever
        unit is in focus; :func:`model.targets.on_track_summary`)
    """

    frame: int
    goal_rank: int
    goal_year: int
    p_top: float
    p_top_base: float
    median_rank: float
    median_rank_base: float
    on_track: int
    assessable: int
    total: int
    no_data: int = 0


goal_scenario = cache.goal_scenario


def big_numbers(scenario: Scenario, obs_key: tuple) -> BigNumbers:
    goal = goal_scenario(scenario)
    forecast = cache.rank_forecast(goal)
    summary = on_track_summary(cache.target_assessment(scenario, obs_key), targets_year())
    yi = list(forecast.scenario.years).index(goal.year)
    return BigNumbers(
        frame=scenario.frame,
        goal_rank=goal.top_n,
        goal_year=goal.year,
        p_top=float(forecast.scenario.p_top[yi]),
        p_top_base=float(forecast.baseline.p_top[yi]),
        median_rank=float(forecast.scenario.median_rank[yi]),
        median_rank_base=float(forecast.baseline.median_rank[yi]),
        on_track=summary.on_track,
        assessable=summary.assessable,
        total=summary.total,
        no_data=summary.no_data,
    )


def targets_counts_text(assessable: int, total: int, no_data: int, lang: str) -> str:
    """The one sentence for the target counts under every "targets on track" big number
    (pages and briefing): "3/17 chỉ tiêu 2025 đánh giá được · 14 chưa có số liệu của tỉnh"."""
    return t("common.targets_counts", lang, assessable=assessable, total=total, no_data=no_data, year=targets_year())


def big_texts(numbers: BigNumbers, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, detail) of the three big numbers, translated and formatted."""
    return [
        (
            t("sharing.big.p", lang, top=numbers.goal_rank, year=numbers.goal_year),
            fmt_pct(numbers.p_top, lang),
            t("sharing.big.vs_base", lang, value=fmt_pct(numbers.p_top_base, lang)),
        ),
        (
            t("sharing.big.rank", lang, year=numbers.goal_year),
            fmt_rank(numbers.median_rank, lang),
            t("sharing.big.rank_of", lang, frame=numbers.frame)
            + " · "
            + t("sharing.big.vs_base", lang, value=fmt_rank(numbers.median_rank_base, lang)),
        ),
        (
            t("sharing.big.targets", lang, year=targets_year()),
            t("sharing.big.targets_value", lang, on=numbers.on_track, assessable=numbers.assessable),
            targets_counts_text(numbers.assessable, numbers.total, numbers.no_data, lang),
        ),
    ]


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


# ----------------------------------------------------------------------------- levers
#: A lever is an extra gain of a main index by the goal year [index points, 0–1]: "+0,10".
LEVER_STYLE = sliders.NumberStyle(decimals=2, sign=True)


def lever_sliders(container: Any, lang: str, frame: int, focus: str, *, captions: bool = True) -> None:
    """One slider per main index the focus unit can still raise (keys ``lv_*``, bound to the
    URL), capped at its headroom; with ``captions`` a line "2024 = … → 2030 = …" under each.
    The indices already at 1.0 are named in one line; a unit whose main indices are not
    published (a merged province in the 63 frame) gets a note instead of sliders."""
    study = cache.study()
    setup = cache.frame_setup(frame, focus)
    caps = study.lever_caps(frame, focus)
    if not study.has_main_indices(frame, focus):
        container.caption(t("common.levers_none", lang, year=setup.base_year))
        return
    base, end = setup.base_year, setup.years[-1]
    held = []
    for index in study.lever_indices:
        name = t(f"common.index.{index}", lang)
        if caps[index] <= 0.0:
            held.append(name)
            continue
        value = sliders.param_slider(
            container, lever_key(index), name, lang, LEVER_STYLE, hi=caps[index], help=t("common.lever_help", lang, start=setup.years[0], end=end)
        )
        if captions:
            container.caption(
                t(
                    "common.lever_value",
                    lang,
                    name=name,
                    base=base,
                    end=end,
                    now=fmt_num(setup.current[index], lang, 4),
                    then=fmt_num(min(1.0, setup.current[index] + value), lang, 4),
                )
            )
    if held:
        container.caption(t("common.levers_held", lang, names=", ".join(held), year=base))


def scenario_label(scenario: Scenario, lang: str) -> str:
    """The active preset's name, or "custom scenario"."""
    built = current_presets(scenario, state.current_observations_key())
    active = presets_model.matching_preset(cache.study(), scenario, built)
    return preset_name(active, lang) if active else t("sharing.presenter.custom", lang)


def settings_line(scenario: Scenario, lang: str) -> str:
    """One line of a slot's settings for the comparison."""
    study = cache.study()
    movable = [k for k, cap in study.lever_caps(scenario.frame, scenario.focus).items() if cap > 0]
    levers = "/".join(fmt_num(scenario.lever(k), lang, 2) for k in movable) or "–"
    pushes = sum(1 for _, v in scenario.pushes if v != 0.0)
    return t(
        "sharing.compare.settings_line",
        lang,
        frame=scenario.frame,
        unit=study.unit_name(scenario.focus),
        levers=levers,
        trend=fmt_num(scenario.trend_multiplier, lang, 1),
        pace=fmt_num(scenario.others_pace, lang, 2),
        pushes=pushes,
    )


# ----------------------------------------------------------------------------- comparison
@dataclass(frozen=True)
class Entry:
    """One column of the comparison: its label (``A · name``), scenario and slot letter."""

    label: str
    scenario: Scenario
    letter: str | None = None


def comparison_entries(lang: str) -> tuple[list[Entry], list[Slot]]:
    """The scenario shown, then every readable slot; and every slot (for their notices)."""
    slots = saved_slots()
    entries = [Entry(t("sharing.compare.current", lang), current())]
    for slot in slots:
        if slot.scenario is not None:
            label = f"{slot.letter} · {slot.name}" if slot.name else slot.letter
            entries.append(Entry(label, slot.scenario, slot.letter))
    return entries, slots


def comparison_paths(entries: list[Entry]) -> pd.DataFrame:
    """P(goal rank) by year of each entry (year, series, p_top) for the overlay chart."""
    frames = []
    for entry in entries:
        summary = cache.rank_forecast(goal_scenario(entry.scenario)).scenario
        frames.append(pd.DataFrame({"year": list(summary.years), "series": entry.label, "p_top": list(summary.p_top)}))
    return pd.concat(frames, ignore_index=True)


def comparison_indices(entries: list[Entry], lang: str) -> pd.DataFrame:
    """The main indices the entries can raise, at the horizon, of each entry (index_label,
    series, value)."""
    rows = []
    for entry in entries:
        levers = cache.rank_forecast(goal_scenario(entry.scenario)).levers.set_index("main_index")
        for index in levers.index:
            if levers.loc[index, "held"] or pd.isna(levers.loc[index, "value_end"]):
                continue
            rows.append(
                {
                    "index_label": t(f"common.index.{index}", lang),
                    "series": entry.label,
                    "value": float(levers.loc[index, "value_end"]),
                }
            )
    return pd.DataFrame(rows)


_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}


def comparison_targets(entries: list[Entry], obs_key: tuple, lang: str) -> pd.DataFrame:
    """Targets with a projection in their target year in any entry: label, goal, year, and one
    formatted column per entry (the central scenario projection). Empty when none."""
    label_col = "label_vi" if lang == "vi" else "label_en"
    tables = [cache.target_assessment(entry.scenario, obs_key).set_index("target_id") for entry in entries]
    first = tables[0]
    rows = []
    for target_id, row in first.iterrows():
        column = f"scenario_{int(row['target_year'])}"
        if column not in first.columns:
            continue
        values = [table.loc[target_id, column] for table in tables]
        if all(pd.isna(v) for v in values):
            continue
        out = {
            t("sharing.compare.col.target", lang): row[label_col],
            t("sharing.compare.col.goal", lang): f"{_COMPARATORS.get(row['comparator'], row['comparator'])} {fmt_num(row['target_value'], lang, 1)} {row['unit']}",
            t("sharing.compare.col.year", lang): str(int(row["target_year"])),
        }
        for entry, value in zip(entries, values, strict=True):
            out[entry.label] = fmt_num(None if pd.isna(value) else float(value), lang, 1)
        rows.append(out)
    return pd.DataFrame(rows)

"""The A/B/C slots: scenarios saved under a name to compare (pages/compare.py).

The slots are text inputs bound to the URL (``cmp_a``, ``cmp_b``, ``cmp_c``) holding
``<name>|<the scenario's link parameters>``, so a link carries the saved scenarios too. A
slot from a link is read without trust: a bad value becomes a problem, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

import streamlit as st

from model.scenario import ParamProblem, Scenario, scenario_from_params
from text.i18n import t
from ui import cache, state
from ui.presets import active_preset, preset_name
from ui.scenario_widgets import apply_scenario, widget_problems

SLOTS: dict[str, str] = state.COMPARE_SLOT_KEYS
SLOT_MAX_CHARS = 2000
NAME_MAX_CHARS = 40
NAME_KEY = "cmp_name"

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
    active = active_preset(state.current_scenario())
    return preset_name(active, state.lang()) if active else letter


def save_slot(letter: str) -> None:
    """Callback: save the scenario shown into slot ``letter`` under the typed name."""
    name = clean_name(st.session_state.get(NAME_KEY) or "") or _default_name(letter)
    st.session_state[SLOTS[letter]] = encode_slot(name, state.current_scenario())
    st.session_state[NAME_KEY] = ""  # the next save gets its own name


def clear_slot(letter: str) -> None:
    st.session_state[SLOTS[letter]] = ""


def use_slot(letter: str) -> None:
    """Callback: put slot ``letter``'s scenario into the widgets (when the sliders can show it)."""
    slot = decode_slot(letter, st.session_state.get(SLOTS[letter]))
    if slot is not None and slot.scenario is not None and not widget_problems(slot.scenario):
        apply_scenario(slot.scenario, keep_view=False)


def slots_panel(container: Any, lang: str) -> None:
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

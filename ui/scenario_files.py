"""The scenario file: download the scenario (with the session's planners' figures) as JSON,
and upload one to apply it (:mod:`model.scenario_file`), or show why it was refused.

An upload is handled in the uploader's callback, before the widgets are drawn: a good file is
applied once (:func:`ui.scenario_widgets.apply_scenario`), a bad one's problems are kept in
the session and shown under the uploader.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import streamlit as st

from model import scenario_file
from model.scenario import Scenario
from text.i18n import t
from text.problems import message
from ui import cache, state, uploads
from ui.safe_text import md_escape
from ui.scenario_widgets import apply_scenario

UPLOAD_KEY = "scenario_upload"
_UPLOAD_SEEN = "_scenario_upload_seen"
_UPLOAD_MESSAGE = "_scenario_upload_message"


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


def file_panel(container: Any, lang: str, scenario: Scenario) -> None:
    """Sidebar expander: the scenario file's download and upload, and what became of the last
    upload."""
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


def problem_lines(problems: list[tuple[str, str, str]], lang: str) -> list[str]:
    """Markdown list lines "location: message" of a refused file (text from the file escaped)."""
    lines = []
    for location, vi, en in problems:
        text = vi if lang == "vi" else en
        if location and not text.startswith(location):
            text = t("sharing.file.problem", lang, location=location, message=text)
        lines.append("- " + md_escape(text))
    return lines

"""Sổ đăng ký số liệu / Register: the shared figures (current values, history, who changed
what, CSV export), writing with a department's editor key, review, the scenario library.

Thin: each section reads what it needs from ``ui/register.py`` (tables, writes, refusals)
and draws it; the words are the catalogue's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from model.targets import PROJECTION_YEARS
from model.userdata import YEAR_MAX, YEAR_MIN
from store import ImportRefused, Register, StoreError, Writer
from text.i18n import t
from text.problems import message as problem_message
from text.register import store_message
from ui import cache, export, state
from ui import register as register_ui
from ui.safe_text import md_escape

URL_PATH = "so-dang-ky"

lang = state.lang()
ds = cache.dataset()
known = cache.known_indicators()

st.title(t("register.title", lang))
st.markdown(t("register.lead", lang))


def figure_name(indicator_id: str) -> str:
    return register_ui.figure_name(indicator_id, lang, ds.targets)


def show_table(frame: pd.DataFrame, key: str, versions: pd.Series | None = None) -> None:
    st.dataframe(register_ui.figures_table(frame, lang, ds.targets, versions), hide_index=True, width="stretch", key=key)


def show_rejected_rows(problems: tuple, key: str) -> None:
    st.markdown(t("register.write.refused_rows", lang))
    st.dataframe(register_ui.problem_table(problems, lang), hide_index=True, width="stretch", key=key)


def show_flash() -> None:
    """The message of the write that made the page rerun, if any."""
    message = register_ui.take_flash()
    if message is None:
        return
    kind, text, problems = message
    getattr(st, kind)(text)
    if problems:
        show_rejected_rows(problems, "register_rejected")


def show_refusal(refused: StoreError) -> None:
    """A refused write: the reason, and for a refused file its problems and rejected rows."""
    st.error(store_message(refused, lang))
    if not isinstance(refused, ImportRefused):
        return
    for problem in refused.result.errors:
        st.warning(problem_message(problem, lang))
    if refused.result.rejected:
        show_rejected_rows(tuple(refused.result.rejected), "register_refused_rows")


def credentials(prefix: str, editors: list[str]) -> tuple[str, str]:
    """The department and its editor key, drawn inside each form: a form sends its own
    fields with its submit (a key typed outside it may not be committed yet)."""
    c1, c2 = st.columns(2)
    department = c1.selectbox(t("register.write.department", lang), editors, key=f"{prefix}_department")
    key = c2.text_input(t("register.write.key", lang), type="password", key=f"{prefix}_editor_key")
    return department, key


def write(action: Callable[[Writer], Any], register: Register, department: str, key: str, done: str | None = None) -> None:
    """Check the key, run ``action(writer)``; a refusal is shown here and nothing is written."""
    result, refused = register_ui.write(register, department, key, action)
    if refused is not None:
        show_refusal(refused)
        return
    n = len(getattr(result, "ids", ()))
    register_ui.flash("success", done or t("register.write.done", lang, n=n, department=md_escape(department)))
    st.rerun()


# -- sections ----------------------------------------------------------------------------------
def current_section(history: pd.DataFrame) -> None:
    """Current values, the history of one figure, who changed what."""
    st.header(t("register.current.title", lang))
    if history.empty:
        st.info(t("register.current.empty", lang))
        return
    latest = register_ui.latest(history)
    show_table(latest, "register_current", versions=latest["version"])
    st.subheader(t("register.history.title", lang))
    picked = st.selectbox(
        t("register.history.pick", lang), register_ui.figure_choices(latest), key="register_history_pick",
        format_func=lambda f: f"{figure_name(f[0])} ({f[0]}), {f[1]}",
    )
    if picked is not None:
        show_table(history[(history["indicator_id"] == picked[0]) & (history["year"] == picked[1])], "register_history")
    st.subheader(t("register.log.title", lang))
    show_table(history.sort_values("id", ascending=False), "register_log")


def export_section(history: pd.DataFrame) -> None:
    st.subheader(t("register.export.title", lang))
    as_vi = st.radio(
        t("register.export.format", lang), [True, False], horizontal=True, key="register_export_vi",
        format_func=lambda v: t("register.export.vi" if v else "register.export.en", lang),
    )
    st.download_button(
        t("register.export.button", lang), data=register_ui.export_csv(history, as_vi),
        file_name=register_ui.export_file_name(as_vi), mime="text/csv", key="register_export",
        on_click="ignore",
    )


def one_figure_form(container: Any, register: Register, editors: list[str]) -> None:
    with container.form("register_one", border=True):
        department, key = credentials("register", editors)
        indicator = st.selectbox(
            t("register.write.indicator", lang), sorted(known), key="register_indicator",
            format_func=lambda i: f"{i} · {figure_name(i)}",
        )
        year = st.number_input(t("register.write.year", lang), min_value=YEAR_MIN, max_value=YEAR_MAX, value=min(PROJECTION_YEARS), step=1, key="register_year")
        value = st.number_input(t("register.write.value", lang), value=None, step=0.1, format="%.2f", key="register_value")
        note = st.text_input(t("register.write.note", lang), max_chars=200, key="register_note")
        if st.form_submit_button(t("register.write.submit", lang), type="primary"):
            if value is None:
                st.warning(t("register.write.no_value", lang))
            else:
                table = register_ui.one_figure(indicator, year, value, note)
                write(lambda w: w.add_figures(table, known), register, department, key)


def file_form(container: Any, register: Register, editors: list[str]) -> None:
    with container.form("register_file", border=True):
        department, key = credentials("register_file", editors)
        file = st.file_uploader(t("register.write.upload", lang), type=["csv", "xlsx"], key="register_upload")
        if st.form_submit_button(t("register.write.import", lang)):
            if file is None:
                st.warning(t("register.write.no_file", lang))
            else:
                data, name = file.getvalue(), file.name
                write(lambda w: w.import_file(data, name, known), register, department, key)


def write_section(register: Register, editors: list[str]) -> None:
    """One figure, or a whole file, with a department's editor key."""
    st.header(t("register.write.title", lang))
    if not editors:
        st.info(t("register.write.no_editors", lang))
        return
    one, upload = st.tabs([t("register.write.one", lang), t("register.write.file", lang)])
    one_figure_form(one, register, editors)
    file_form(upload, register, editors)


def review_section(register: Register, history: pd.DataFrame, reviewers: list[str]) -> None:
    st.header(t("register.review.title", lang))
    if not reviewers:
        st.info(t("register.review.none", lang))
        return
    labels = register_ui.review_labels(register_ui.awaiting_review(history), lang)
    with st.form("register_review", border=True):
        reviewer = st.selectbox(t("register.review.name", lang), reviewers, key="register_reviewer")
        reviewer_key = st.text_input(t("register.review.key", lang), type="password", key="register_reviewer_key")
        ids = st.multiselect(t("register.review.pick", lang), list(labels), format_func=labels.get, key="register_review_ids")
        if st.form_submit_button(t("register.review.submit", lang)) and ids:
            done, refused = register_ui.review(register, reviewer, reviewer_key, ids)
            if refused is not None:
                st.error(store_message(refused, lang))
            else:
                register_ui.flash("success", t("register.review.done", lang, n=len(done)))
                st.rerun()


def library_table(saved: pd.DataFrame) -> None:
    st.header(t("register.scenarios.title", lang))
    st.markdown(t("register.scenarios.lead", lang))
    if saved.empty:
        st.info(t("register.scenarios.empty", lang))
        return
    st.dataframe(
        register_ui.scenario_table(saved, lang),
        hide_index=True, width="stretch", key="register_scenarios",
        column_config={
            t("register.scenarios.col.link", lang): st.column_config.LinkColumn(display_text=t("register.scenarios.open", lang)),
        },
    )


def save_scenario_form(register: Register, editors: list[str]) -> None:
    scenario = state.current_scenario()
    with st.form("register_save_scenario", border=True):
        st.markdown(t("register.scenarios.save", lang))
        department, key = credentials("register_save", editors)
        name = st.text_input(t("register.scenarios.name", lang), max_chars=120, key="register_scenario_name")
        if st.form_submit_button(t("register.scenarios.save_submit", lang)):
            link = export.app_link(scenario, lang, current_path=URL_PATH)
            params = scenario.to_params(cache.study())
            write(lambda w: w.save_scenario(name, params, link), register, department, key,
                  done=t("register.scenarios.saved", lang, name=md_escape(name)))


def delete_scenario_form(register: Register, saved: pd.DataFrame, editors: list[str]) -> None:
    with st.form("register_delete_scenario", border=True):
        st.markdown(t("register.scenarios.delete", lang))
        department, key = credentials("register_delete", editors)
        names = dict(zip(saved["id"].astype(int), saved["name"], strict=True))
        chosen = st.selectbox(t("register.scenarios.pick", lang), list(names), format_func=lambda i: f"{names[i]} (#{i})", key="register_scenario_delete")
        if st.form_submit_button(t("register.scenarios.delete_submit", lang)):
            write(lambda w: w.delete_scenario(chosen), register, department, key,
                  done=t("register.scenarios.deleted", lang, name=md_escape(names[chosen])))


def library_section(register: Register, saved: pd.DataFrame, editors: list[str]) -> None:
    """The saved scenarios; saving the scenario shown and deleting one with an editor key."""
    library_table(saved)
    if not editors:
        return
    save_scenario_form(register, editors)
    if not saved.empty:
        delete_scenario_form(register, saved, editors)


def main() -> None:
    found = register_ui.config()
    if isinstance(found, StoreError):
        register_ui.unavailable(st, found, lang)
        return
    if found.mode == "session":
        st.info(t("register.session_mode", lang))
        return
    st.caption(t("register.where", lang, engine=t(f"register.engine.{found.mode}", lang), where=md_escape(found.display())))
    show_flash()
    try:
        shown = register_ui.contents()
    except StoreError as exc:
        register_ui.unavailable(st, exc, lang)
        return
    current_section(shown.history)
    export_section(shown.history)
    write_section(shown.register, shown.editors)
    review_section(shown.register, shown.history, shown.reviewers)
    library_section(shown.register, shown.saved, shown.editors)


main()

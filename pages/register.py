"""Sổ đăng ký số liệu / Register: the shared figures (current values, history, who changed
what, CSV export), writing with a department's editor key, review, the scenario library."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.targets import PROJECTION_YEARS
from model.userdata import YEAR_MAX, YEAR_MIN
from store import ImportRefused, StoreError
from store.export import EXPORT_COLUMNS, register_csv
from text.i18n import fmt_num, t
from text.problems import message as problem_message
from text.register import export_headers, store_message
from ui import cache, export, state
from ui import register as register_ui
from ui.labels import indicator_label, unit_label
from ui.sharing import md_escape

URL_PATH = "so-dang-ky"
FLASH_KEY = "_register_flash"

lang = state.lang()
ds = cache.dataset()
known = cache.known_indicators()
target_ids = tuple(ds.targets["target_id"])

st.title(t("register.title", lang))
st.markdown(t("register.lead", lang))


def flash(kind: str, text: str, problems: tuple = ()) -> None:
    """Keep a message for the next run (the page reruns after a write to show it)."""
    st.session_state[FLASH_KEY] = (kind, text, problems)


def problem_table(problems: tuple) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("register.col.row", lang): [p.row for p in problems],
            t("register.col.column", lang): [p.column or "–" for p in problems],
            t("register.col.reason", lang): [problem_message(p, lang) for p in problems],
        }
    )


def figure_name(indicator_id: str) -> str:
    return indicator_label(indicator_id, lang, ds.targets)


def show_table(frame: pd.DataFrame, key: str, versions: pd.Series | None = None) -> None:
    shown = pd.DataFrame(
        {
            t("register.col.indicator", lang): [figure_name(i) for i in frame["indicator_id"]],
            t("register.col.id", lang): frame["indicator_id"].tolist(),
            t("register.col.year", lang): frame["year"].astype(int).tolist(),
            t("register.col.value", lang): [fmt_num(v, lang, 2) for v in frame["value"]],
            t("register.col.unit", lang): [unit_label(u, lang) for u in frame["unit"]],
            t("register.col.source", lang): frame["source_note"].tolist(),
            t("register.col.department", lang): frame["department"].tolist(),
            t("register.col.entered_at", lang): [str(x).replace("T", " ")[:19] for x in frame["entered_at"]],
            t("register.col.status", lang): [t(f"register.status.{s}", lang) for s in frame["status"]],
            t("register.col.reviewed_by", lang): [x or "" for x in frame["reviewed_by"]],
        }
    )
    if "version" in frame:
        shown.insert(3, t("register.col.version", lang), frame["version"].tolist())
    if versions is not None:
        shown[t("register.col.versions", lang)] = versions.tolist()
    st.dataframe(shown, hide_index=True, width="stretch", key=key)


def main() -> None:
    found = register_ui.config()
    if isinstance(found, StoreError):
        register_ui.unavailable(st, found, lang)
        return
    if found.mode == "session":
        st.info(t("register.session_mode", lang))
        return
    st.caption(t("register.where", lang, engine=t(f"register.engine.{found.mode}", lang), where=md_escape(found.display())))
    message = st.session_state.pop(FLASH_KEY, None)
    if message is not None:
        kind, text, problems = message
        getattr(st, kind)(text)
        if problems:
            st.markdown(t("register.write.refused_rows", lang))
            st.dataframe(problem_table(problems), hide_index=True, width="stretch", key="register_rejected")
    try:
        register = register_ui.register()
        history = register.history()
        editors, reviewers = register.departments("editor"), register.departments("reviewer")
        saved = register.scenarios()
    except StoreError as exc:
        register_ui.unavailable(st, exc, lang)
        return

    # -- current values, history, log, export -----------------------------------------
    st.header(t("register.current.title", lang))
    if history.empty:
        st.info(t("register.current.empty", lang))
    else:
        latest = history.groupby(["indicator_id", "year"], sort=True).tail(1)
        show_table(latest, "register_current", versions=latest["version"])
        st.subheader(t("register.history.title", lang))
        figures_list = [(i, int(y)) for i, y in latest[["indicator_id", "year"]].itertuples(index=False)]
        picked = st.selectbox(
            t("register.history.pick", lang), figures_list, key="register_history_pick",
            format_func=lambda f: f"{figure_name(f[0])} ({f[0]}), {f[1]}",
        )
        if picked is not None:
            show_table(history[(history["indicator_id"] == picked[0]) & (history["year"] == picked[1])], "register_history")
        st.subheader(t("register.log.title", lang))
        show_table(history.sort_values("id", ascending=False), "register_log")
    st.subheader(t("register.export.title", lang))
    as_vi = st.radio(
        t("register.export.format", lang), [True, False], horizontal=True, key="register_export_vi",
        format_func=lambda v: t("register.export.vi" if v else "register.export.en", lang),
    )
    st.download_button(
        t("register.export.button", lang), data=register_csv(history, vietnamese=as_vi, headers=export_headers(EXPORT_COLUMNS, as_vi)),
        file_name=f"so-dang-ky-so-lieu-{'vi' if as_vi else 'en'}.csv", mime="text/csv", key="register_export",
        on_click="ignore",
    )

    # -- writing --------------------------------------------------------------------------
    st.header(t("register.write.title", lang))
    if not editors:
        st.info(t("register.write.no_editors", lang))
    else:
        one, upload = st.tabs([t("register.write.one", lang), t("register.write.file", lang)])
        with one.form("register_one", border=True):
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
                    table = pd.DataFrame({"indicator_id": [indicator], "year": [int(year)], "value": [float(value)], "note": [note]})
                    write(lambda w: w.add_figures(table, known), register, department, key)
        with upload.form("register_file", border=True):
            department, key = credentials("register_file", editors)
            file = st.file_uploader(t("register.write.upload", lang), type=["csv", "xlsx"], key="register_upload")
            if st.form_submit_button(t("register.write.import", lang)):
                if file is None:
                    st.warning(t("register.write.no_file", lang))
                else:
                    data, name = file.getvalue(), file.name
                    write(lambda w: w.import_file(data, name, known), register, department, key)

    # -- review ---------------------------------------------------------------------------
    st.header(t("register.review.title", lang))
    pending = history.groupby(["indicator_id", "year"], sort=True).tail(1) if len(history) else history
    pending = pending[pending["status"] == "entered"] if len(pending) else pending
    if not reviewers:
        st.info(t("register.review.none", lang))
    else:
        with st.form("register_review", border=True):
            reviewer = st.selectbox(t("register.review.name", lang), reviewers, key="register_reviewer")
            reviewer_key = st.text_input(t("register.review.key", lang), type="password", key="register_reviewer_key")
            labels = {int(r.id): f"{r.indicator_id} {int(r.year)}: {fmt_num(r.value, lang, 2)} ({r.department})" for r in pending.itertuples()}
            ids = st.multiselect(t("register.review.pick", lang), list(labels), format_func=labels.get, key="register_review_ids")
            if st.form_submit_button(t("register.review.submit", lang)) and ids:
                try:
                    done = register.reviewer(reviewer, reviewer_key).mark_reviewed(ids)
                except StoreError as exc:
                    st.error(store_message(exc, lang))
                else:
                    register_ui.changed()
                    flash("success", t("register.review.done", lang, n=len(done)))
                    st.rerun()

    # -- scenario library -----------------------------------------------------------------
    st.header(t("register.scenarios.title", lang))
    st.markdown(t("register.scenarios.lead", lang))
    if saved.empty:
        st.info(t("register.scenarios.empty", lang))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("register.scenarios.col.name", lang): saved["name"].tolist(),
                    t("register.col.department", lang): saved["department"].tolist(),
                    t("register.scenarios.col.saved_at", lang): [str(x).replace("T", " ")[:19] for x in saved["saved_at"]],
                    t("register.scenarios.col.link", lang): saved["link"].tolist(),
                }
            ),
            hide_index=True, width="stretch", key="register_scenarios",
            column_config={
                t("register.scenarios.col.link", lang): st.column_config.LinkColumn(display_text=t("register.scenarios.open", lang)),
            },
        )
    if editors:
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
        if not saved.empty:
            with st.form("register_delete_scenario", border=True):
                st.markdown(t("register.scenarios.delete", lang))
                department, key = credentials("register_delete", editors)
                names = dict(zip(saved["id"].astype(int), saved["name"], strict=True))
                chosen = st.selectbox(t("register.scenarios.pick", lang), list(names), format_func=lambda i: f"{names[i]} (#{i})", key="register_scenario_delete")
                if st.form_submit_button(t("register.scenarios.delete_submit", lang)):
                    write(lambda w: w.delete_scenario(chosen), register, department, key,
                          done=t("register.scenarios.deleted", lang, name=md_escape(names[chosen])))


def credentials(prefix: str, editors: list[str]) -> tuple[str, str]:
    """The department and its editor key, drawn inside each form: a form sends its own
    fields with its submit (a key typed outside it may not be committed yet)."""
    c1, c2 = st.columns(2)
    department = c1.selectbox(t("register.write.department", lang), editors, key=f"{prefix}_department")
    key = c2.text_input(t("register.write.key", lang), type="password", key=f"{prefix}_editor_key")
    return department, key


def write(action, register, department: str, key: str, done: str | None = None) -> None:  # noqa: ANN001
    """Check the key, run ``action(writer)``; a refusal is shown here and nothing is written."""
    try:
        result = action(register.writer(department, key))
    except ImportRefused as exc:
        st.error(store_message(exc, lang))
        problems = tuple(exc.result.rejected)
        for problem in exc.result.errors:
            st.warning(problem_message(problem, lang))
        if problems:
            st.markdown(t("register.write.refused_rows", lang))
            st.dataframe(problem_table(problems), hide_index=True, width="stretch", key="register_refused_rows")
        return
    except StoreError as exc:
        st.error(store_message(exc, lang))
        return
    register_ui.changed()
    n = len(getattr(result, "ids", ()))
    flash("success", done or t("register.write.done", lang, n=n, department=md_escape(department)))
    st.rerun()


main()

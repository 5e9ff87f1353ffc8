"""Mục tiêu 2025/2030: every plan target with its trend, status, required pace and lever;
planners' own figures (editable table, upload, template)."""

from __future__ import annotations

import streamlit as st

from model.targets import on_track_summary
from model.userdata import YEAR_MAX, YEAR_MIN
from text.i18n import fmt_num
from text.problems import message as problem_message
from ui import cache, entered_figures, export, figures, progress, state
from ui import register as register_ui
from ui.page import prelude
from ui.safe_text import md_escape
from ui.target_table import TargetTexts, by_pillar, download_frame, has_series, target_years

known = cache.known_indicators()
entered_figures.take_upload(known)  # an upload changes the session's figures: read it before anything else
page = prelude()
lang, scenario, study, ds, t, obs_key = page.lang, page.scenario, page.study, page.dataset, page.t, page.obs_key
# the register's current figures under the session's own (ui/register.py)
model_key, n_register, register_problem = register_ui.layered_key(obs_key)
texts = TargetTexts(lang, t, scenario, model_key)

st.title(t("targets.title", lang))
if scenario.focus != study.plan_unit:
    st.warning(t("targets.other_unit", lang, unit=study.unit_name(scenario.focus), plan=study.unit_name(study.plan_unit)))
st.markdown(t("targets.lead", lang))
with progress.working(st, "targets", lang, n=len(ds.targets)):
    table = cache.target_assessment(scenario, model_key)
if register_problem is not None:
    register_ui.unavailable(st, register_problem, lang)
elif n_register:
    st.caption(t("register.targets.using", lang, n=n_register))

first_year, last_year = target_years()
summary = on_track_summary(table, first_year)
c1, c2, c3 = st.columns(3)
c1.metric(
    t("targets.big.on_track", lang),
    f"{summary.on_track}/{summary.assessable}",
    help=t("targets.big.on_track_help", lang, total=summary.total),
)
# the same counts as every other page and the briefing: the 2025 targets (model.targets.on_track_summary)
c2.metric(t("targets.big.no_data", lang, year=summary.year), f"{summary.no_data}/{summary.total}")
c3.metric(t("targets.big.entered", lang), str(len(obs_key)))
figures.let_browser_catch_up(first_run=state.first_run())  # the big numbers reach the browser before the long table

st.caption(
    t(
        "targets.settings.current",
        lang,
        method=t(f"targets.method.{scenario.status_method}", lang),
        start=scenario.push_start,
        trend=fmt_num(scenario.trend_multiplier, lang, 1),
    )
)

entry_at_top = entered_figures.entry_first(summary)
if entry_at_top:
    top_entry = st.container(border=True, key="obs_entry_top")
    top_entry.markdown(t("targets.entry.top", lang, no_data=summary.no_data, total=summary.total, year=summary.year))
    entered_figures.upload_entry(top_entry, lang, known)

# -- the table -------------------------------------------------------------------------
for pillar, rows in by_pillar(table):
    st.subheader(t(f"targets.pillar.{pillar}", lang))
    st.table(texts.styled_table(rows, first_year, last_year))  # a static table wraps text: every column stays readable

st.caption(t("targets.table.note", lang))
export.table_download(
    st, download_frame(table, lang), f"muc-tieu-{study.plan_unit}", scenario, lang,
    "targets_table", title=t("targets.title", lang), label=t("targets.download", lang),
)

# -- detail per target -----------------------------------------------------------------
st.header(t("targets.detail.title", lang))
st.caption(t("targets.detail.note", lang))
for _, rows in by_pillar(table):
    for _, row in rows.iterrows():
        target_id = row["target_id"]
        with st.expander(texts.expander_title(row), expanded=has_series(row)):
            for line in texts.detail_lines(row):
                st.markdown(line)
            refs = cache.reference_observations(target_id)
            if has_series(row):
                detail = cache.target_detail(target_id, scenario.push_for(target_id), scenario.push_start, scenario.trend_multiplier, model_key)
                figure = texts.detail_figure(row, detail, refs)
                figures.show(st, figure)
                export.chart_downloads(
                    st, figure, f"muc-tieu-{target_id}", f"target_{target_id}", data=detail, scenario=scenario,
                    title=row[texts.label_col],
                )
            elif row["status"] == "no_provincial_data":
                st.info(t("targets.detail.no_data", lang))
            if len(refs):
                st.markdown(t("targets.detail.references", lang))
                st.markdown(texts.reference_lines(refs))
            if row["unit"] not in ("rank", "group"):
                st.markdown(texts.push_line(row))
                if not has_series(row):
                    st.caption(t("targets.detail.push_rank_only", lang))


# -- planners' figures -------------------------------------------------------------------
st.header(t("targets.entry.title", lang))
st.markdown(t("targets.entry.lead", lang))
if not entry_at_top:
    entered_figures.upload_entry(st, lang, known)

report = entered_figures.upload_report()
if report is not None:
    name, result = report
    if not result.ok:
        for problem in result.errors:
            st.warning(t("targets.entry.file_error", lang, name=md_escape(name), message=md_escape(problem_message(problem, lang))))
    else:
        st.success(t("targets.entry.accepted", lang, name=md_escape(name), good=len(result.good), bad=len({p.row for p in result.rejected})))
        for notice in result.notices:
            st.info(t("targets.entry.notice", lang, message=md_escape(problem_message(notice, lang))))
        if result.rejected:
            st.markdown(t("targets.entry.rejected", lang))
            st.dataframe(entered_figures.problem_table(list(result.rejected), lang), hide_index=True, width="stretch", key="obs_upload_rejected")

edited = st.data_editor(
    entered_figures.editor_frame(),
    num_rows="dynamic",
    key=state.OBS_EDITOR_KEY,
    width="stretch",
    column_config={
        "indicator_id": st.column_config.SelectboxColumn(t("targets.entry.col.indicator", lang), options=sorted(known), required=True),
        "year": st.column_config.NumberColumn(t("targets.entry.col.year", lang), min_value=YEAR_MIN, max_value=YEAR_MAX, step=1, format="%d"),
        "value": st.column_config.NumberColumn(t("targets.entry.col.value", lang)),
        "note": st.column_config.TextColumn(t("targets.entry.col.note", lang)),
    },
)
st.caption(t("targets.entry.editor", lang))
rejected = entered_figures.check_editor(edited, known, obs_key)
if rejected:
    st.warning(t("targets.entry.editor_rejected", lang))
    st.dataframe(entered_figures.problem_table(rejected, lang), hide_index=True, width="stretch", key="obs_editor_rejected")
if obs_key:
    st.caption(t("targets.entry.count", lang, n=len(obs_key)))
    st.button(t("targets.entry.clear", lang), key="obs_clear", on_click=state.set_user_observations, args=(None,))
with st.expander(t("targets.entry.indicators", lang)):
    st.dataframe(entered_figures.indicator_table(known, lang), hide_index=True, width="stretch", key="obs_known")

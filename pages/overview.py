"""Tổng quan / Overview: the focus unit's DTI story on the published figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from text.i18n import fmt_num, fmt_pct
from ui import cache, charts, export, figures, overview_figures, progress, rank_figures, state
from ui.page import prelude
from ui.target_status import goal_state_text

page = prelude()
lang, scenario, study, t = page.lang, page.scenario, page.study, page.t
history = cache.focus_history(scenario.focus)
unit_name = study.unit_name(scenario.focus)
plan_name = study.unit_name(study.plan_unit)

st.title(t("overview.title", lang, unit=unit_name))
st.markdown(t("overview.lead", lang, unit=unit_name, year=study.last_year))

latest = overview_figures.latest_ranks(history, study.frames)
small, large = latest.small, latest.large
latest_small, latest_large, prev_large = latest.latest_small, latest.latest_large, latest.previous_large

# The published figures first (no computation), then the simulated chance with a message
# while a new scenario's simulation runs.
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("overview.metric.score", lang, year=int(latest_large["year"])), fmt_num(latest_large["dti_score"], lang, 4))
c2.metric(
    t("overview.metric.rank34", lang, year=int(latest_small["year"]), n=small),
    t("common.rank_value", lang, rank=int(latest_small["dti_rank"]), n=small),
)
c3.metric(
    t("overview.metric.rank63", lang, year=int(latest_large["year"]), n=large),
    t("common.rank_value", lang, rank=int(latest_large["dti_rank"]), n=large),
    None if prev_large is None else t("overview.metric.delta63", lang, prev=int(prev_large["dti_rank"]), year=int(prev_large["year"])),
    delta_color="off",
    delta_arrow="off",  # the previous year's rank, as text: an arrow would only say "text"
)
with progress.working(c4, "forecast", lang, draws=fmt_num(scenario.draws, lang)):
    forecast = cache.rank_forecast(scenario)
c4.metric(
    t("overview.metric.ptop", lang, n=scenario.top_n, year=scenario.year),
    fmt_pct(rank_figures.year_figures(forecast, scenario.year).p_top, lang),
    help=t("overview.metric.ptop_help", lang, frame=scenario.frame),
)
figures.let_browser_catch_up(first_run=state.first_run())  # the big numbers reach the browser before the charts' work

left, right = st.columns(2)
with left:
    st.subheader(t("overview.history.title", lang, unit=unit_name))
    chart_df = history.assign(
        frame=history["frame"].map({63: t("overview.history.frame63", lang), 34: t("overview.history.frame34", lang)}),
        kind=history["kind"].map(lambda k: t(f"overview.history.kind.{k}", lang)),
        rank=history["dti_rank"],
    )
    history_fig = charts.history_chart(
        chart_df, lang, x_title=t("common.year_axis", lang), y_title=t("overview.history.y", lang),
        below=t("overview.history.frame63", lang),
    )
    figures.show(st, history_fig)
    export.chart_downloads(st, history_fig, "dti-rank-history", "history_chart")
    earlier = overview_figures.earlier_ranks(history)
    if len(earlier):
        items = ", ".join(
            t("overview.history.derived_item", lang, year=int(r.year), rank=int(r.dti_rank), n=int(r.frame), kind=t(f"overview.history.kind.{r.kind}", lang))
            for r in earlier.itertuples()
        )
        st.caption(t("overview.history.note_derived", lang, items=items))
    backcast = overview_figures.backcast_years(history)
    if backcast:
        st.caption(t("overview.history.note_backcast", lang, frame=small, years=backcast))
    rows = cache.history_table(scenario.focus)
    table = pd.DataFrame(
        {
            t("overview.table.year", lang): rows["year"].astype(str),
            t("overview.table.score", lang): [fmt_num(v, lang, 4) for v in rows["dti_score"]],
            t("overview.table.rank63", lang): [fmt_num(v, lang) for v in rows["rank63"]],
            t("overview.table.rank34", lang): [fmt_num(v, lang) for v in rows["rank34"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    export.table_download(st, rows, "dti-history", scenario, lang, "history_table", title=t("overview.history.title", lang, unit=unit_name))

with right:
    focus_in_frame = study.unit_name(study.unit_in_frame(scenario.focus, study.default_frame))
    st.subheader(t("overview.components.title", lang, unit=focus_in_frame, year=study.last_year, n=study.default_frame))
    comp = cache.component_comparison(scenario.focus)
    series = [focus_in_frame, t("overview.components.mean", lang, n=study.default_frame), t("overview.components.best", lang, n=study.default_frame)]
    long = overview_figures.components_long(comp, series, lambda k: t(f"common.index.{k}", lang))
    weak_labels = [t(f"common.index.{k}", lang) for k in overview_figures.below_max(comp)]
    components_fig = charts.components_chart(
        long, lang, x_title=t("overview.components.value", lang), series_order=series, marked=weak_labels
    )
    figures.show(st, components_fig)
    export.chart_downloads(
        st, components_fig, f"dti-main-indices-{study.last_year}", "components_chart", data=comp, scenario=scenario,
        title=t("overview.components.title", lang, unit=focus_in_frame, year=study.last_year, n=study.default_frame),
    )
    full = [t(f"common.index.{k}", lang) for k in overview_figures.at_max(comp)]
    weakest = overview_figures.weakest(comp)
    weak = [
        f"{t(f'common.index.{r.main_index}', lang)} ({fmt_num(r.focus, lang, 4)}, {t('common.rank_value', lang, rank=int(r.rank), n=study.default_frame)})"
        for r in weakest.itertuples()
    ]
    st.markdown(t("overview.components.weak", lang, full=", ".join(full), weak="; ".join(weak)))
    st.caption(t("overview.components.marked", lang, mark=charts.WEAK_MARK))

st.subheader(t("overview.goals.title", lang, plan=plan_name))
if scenario.focus != study.plan_unit:
    st.info(t("overview.goals.other_unit", lang, unit=unit_name, plan=plan_name))
goals = cache.headline_goals()
label_col = "label_vi" if lang == "vi" else "label_en"
st.dataframe(
    pd.DataFrame(
        {
            t("overview.goals.col.goal", lang): goals[label_col],
            t("overview.goals.col.target", lang): [
                f"{ {'>=': '≥', '<=': '≤', '>': '>'}[r.comparator]} {fmt_num(r.target_value, lang)} {r.unit} ({r.target_year})"
                for r in goals.itertuples()
            ],
            t("overview.goals.col.latest", lang): [
                t("overview.goals.none", lang) if r.latest_value is None or pd.isna(r.latest_value) else f"{fmt_num(r.latest_value, lang, 2 if r.unit != 'rank' else 0)} ({int(r.latest_year)})"
                for r in goals.itertuples()
            ],
            t("overview.goals.col.state", lang): [
                goal_state_text(r, lang) for r in goals.itertuples()  # "met on the latest figures (2024)" (issue 14)
            ],
        }
    ),
    hide_index=True,
    width="stretch",
)
export.table_download(st, goals, "headline-goals", scenario, lang, "goals_table", title=t("overview.goals.title", lang))

st.subheader(t("overview.caveats.title", lang))
facts = cache.goal_frame_facts()
caveat_words = {
    **facts,
    "share": fmt_pct(facts["share"], lang),
    "plan_ranks": t("targets.evidence.and", lang).join(f"{r}/{u}" for u, r in facts["plan_ranks"].items()),
}
for key in ("method", "top15", "district", "sparse"):
    st.markdown(f"- {t(f'overview.caveat.{key}', lang, **caveat_words)}")

"""Trình chiếu / Presenter view: for a projector (1280×720) in a briefing.

The three big numbers in very large type, one chart (P(Top 15) by year, baseline against the
scenario) and the four lever sliders, which are the sidebar's own (same keys, so the link is
the same); ``app.py`` collapses the sidebar and leaves the levers out of it on this page.
"""

from __future__ import annotations

import streamlit as st

from ui import cache, charts, figures, progress, sharing, state
from ui.words import translator

lang = state.lang()
scenario = sharing.current()
t = translator(scenario, lang)  # the study's words (unit, years, goal) in every string
cases = [t("common.baseline", lang), t("common.scenario", lang)]

st.markdown(sharing.BIG_CSS, unsafe_allow_html=True)
st.title(t("sharing.presenter.title", lang))
st.caption(t("sharing.presenter.subtitle", lang, frame=scenario.frame, scenario=sharing.scenario_label(scenario, lang)))
with progress.working(st, "big", lang):
    numbers = sharing.big_numbers(scenario, state.current_observations_key())
    forecast = cache.rank_forecast(sharing.goal_scenario(scenario))

for column, (label, value, detail) in zip(st.columns(3), sharing.big_texts(numbers, lang), strict=True):
    column.markdown(sharing.big_number_html(label, value, detail), unsafe_allow_html=True)
figures.let_browser_catch_up(first_run=state.first_run())  # the big numbers reach the browser before the chart

chart_column, lever_column = st.columns([2, 1], gap="large")
with chart_column:
    st.markdown(f"**{t('sharing.presenter.chart', lang)}**")
    summary = forecast.table()
    summary["case"] = summary["case"].map({"baseline": cases[0], "scenario": cases[1]})
    figures.show(
        st,
        charts.presenter_probability_chart(
            summary,
            lang,
            x_title=t("common.year_axis", lang),
            y_title=t("sharing.presenter.chart_y", lang),
            cases=cases,
        ),
    )
with lever_column:
    st.markdown(f"**{t('sharing.presenter.levers', lang)}**")
    sharing.lever_sliders(st, lang, scenario.frame, scenario.focus, captions=False)

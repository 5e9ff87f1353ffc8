"""Trình chiếu / Presenter view: for a projector (1280×720) in a briefing.

The three big numbers in very large type, one chart (P(Top 15) by year, baseline against the
scenario) and the four lever sliders, which are the sidebar's own (same keys, so the link is
the same); ``app.py`` collapses the sidebar and leaves the levers out of it on this page.
"""

from __future__ import annotations

import streamlit as st

from ui import big_numbers, cache, charts, figures, levers, presets, progress, state
from ui.page import prelude

page = prelude()
lang, scenario, t = page.lang, page.scenario, page.t
cases = [t("common.baseline", lang), t("common.scenario", lang)]

st.markdown(big_numbers.BIG_CSS, unsafe_allow_html=True)
st.title(t("sharing.presenter.title", lang))
st.caption(t("sharing.presenter.subtitle", lang, frame=scenario.frame, scenario=presets.scenario_label(scenario, lang)))
with progress.working(st, "big", lang):
    numbers = big_numbers.big_numbers(scenario, page.obs_key)
    forecast = cache.rank_forecast(cache.goal_scenario(scenario))

for column, (label, value, detail) in zip(st.columns(3), big_numbers.big_texts(numbers, lang), strict=True):
    column.markdown(big_numbers.big_number_html(label, value, detail), unsafe_allow_html=True)
figures.let_browser_catch_up(first_run=state.first_run())  # the big numbers reach the browser before the chart

chart_column, lever_column = st.columns([2, 1], gap="large")
with chart_column:
    st.markdown(f"**{t('sharing.presenter.chart', lang)}**")
    figures.show(
        st,
        charts.presenter_probability_chart(
            charts.with_case_names(forecast.table(), cases),
            lang,
            x_title=t("common.year_axis", lang),
            y_title=t("sharing.presenter.chart_y", lang),
            cases=cases,
        ),
    )
with lever_column:
    st.markdown(f"**{t('sharing.presenter.levers', lang)}**")
    levers.lever_sliders(st, lang, scenario.frame, scenario.focus, captions=False)

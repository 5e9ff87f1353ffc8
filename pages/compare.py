"""So sánh kịch bản / Compare scenarios: the scenario shown and slots A/B/C side by side."""

from __future__ import annotations

import streamlit as st

from ui import big_numbers, charts, comparison, figures, scenario_widgets, slots
from ui.page import prelude

page = prelude()
lang, t, obs_key = page.lang, page.t, page.obs_key
entries, saved = comparison.comparison_entries(lang)

st.title(t("sharing.compare.page_title", lang))
st.markdown(t("sharing.compare.lead", lang))

for notice in comparison.slot_notices(saved, lang):
    st.warning(notice)
if not saved:
    st.info(t("sharing.compare.none_saved", lang))

# -- the big numbers side by side -----------------------------------------------------------
columns = st.columns(len(entries))
for column, entry in zip(columns, entries, strict=True):
    with column:
        st.subheader(entry.label)
        numbers = big_numbers.big_numbers(entry.scenario, obs_key)
        for label, value, detail in big_numbers.big_texts(numbers, lang):
            st.metric(label, value, detail, delta_color="off", delta_arrow="off")
        st.caption(comparison.settings_line(entry.scenario, lang))
        if entry.letter is not None:
            b1, b2 = st.columns(2)
            b1.button(
                t("sharing.compare.use", lang, slot=entry.letter),
                key=f"use_{entry.letter}",
                on_click=slots.use_slot,
                args=(entry.letter,),
                help=t("sharing.compare.use_help", lang, slot=entry.letter),
                disabled=bool(scenario_widgets.widget_problems(entry.scenario)),
            )
            b2.button(
                t("sharing.compare.clear", lang, slot=entry.letter),
                key=f"clear_{entry.letter}",
                on_click=slots.clear_slot,
                args=(entry.letter,),
            )

# -- overlays -----------------------------------------------------------------------------
labels = [entry.label for entry in entries]
left, right = st.columns(2)
with left:
    st.subheader(t("sharing.compare.chart_p", lang))
    figures.show(
        st,
        charts.compare_probability_chart(
            comparison.comparison_paths(entries),
            lang,
            x_title=t("common.year_axis", lang),
            y_title=t("sharing.compare.chart_p_y", lang),
            series_order=labels,
        ),
    )
with right:
    st.subheader(t("sharing.compare.indices", lang))
    figures.show(
        st,
        charts.compare_indices_chart(
            comparison.comparison_indices(entries, lang), lang, x_title=t("sharing.compare.indices_x", lang), series_order=labels
        ),
    )

st.subheader(t("sharing.compare.targets", lang))
projections = comparison.comparison_targets(entries, obs_key, lang)
if len(projections):
    st.dataframe(projections, hide_index=True, width="stretch", key="cmp_targets")
    st.caption(t("sharing.compare.targets_note", lang))
else:
    st.info(t("sharing.compare.targets_none", lang))

"""So sánh kịch bản / Compare scenarios: the scenario shown and slots A/B/C side by side."""

from __future__ import annotations

import re

import streamlit as st

from ui import charts, figures, sharing, state
from ui.words import translator

lang = state.lang()
obs_key = state.current_observations_key()
entries, slots = sharing.comparison_entries(lang)
t = translator(entries[0].scenario, lang)  # the study's words (unit, years, goal) in every string

st.title(t("sharing.compare.page_title", lang))
st.markdown(t("sharing.compare.lead", lang))

for slot in slots:
    if slot.scenario is None:
        st.warning(t("sharing.compare.unreadable_slot", lang, slot=slot.letter))
    elif slot.problems:
        # a key from a link is shown only as safe characters (no markup can reach the page)
        items = "; ".join(
            f"`{re.sub(r'[^A-Za-z0-9_]', '?', p.key)[:32]}` ({t('common.reason.' + p.reason, lang)})" for p in slot.problems
        )
        st.warning(t("sharing.compare.bad_slot", lang, slot=slot.letter, items=items))
if not slots:
    st.info(t("sharing.compare.none_saved", lang))

# -- the big numbers side by side -----------------------------------------------------------
columns = st.columns(len(entries))
for column, entry in zip(columns, entries, strict=True):
    with column:
        st.subheader(entry.label)
        numbers = sharing.big_numbers(entry.scenario, obs_key)
        for label, value, detail in sharing.big_texts(numbers, lang):
            st.metric(label, value, detail, delta_color="off", delta_arrow="off")
        st.caption(sharing.settings_line(entry.scenario, lang))
        if entry.letter is not None:
            b1, b2 = st.columns(2)
            b1.button(
                t("sharing.compare.use", lang, slot=entry.letter),
                key=f"use_{entry.letter}",
                on_click=sharing.use_slot,
                args=(entry.letter,),
                help=t("sharing.compare.use_help", lang, slot=entry.letter),
                disabled=bool(sharing.widget_problems(entry.scenario)),
            )
            b2.button(
                t("sharing.compare.clear", lang, slot=entry.letter),
                key=f"clear_{entry.letter}",
                on_click=sharing.clear_slot,
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
            sharing.comparison_paths(entries),
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
            sharing.comparison_indices(entries, lang), lang, x_title=t("sharing.compare.indices_x", lang), series_order=labels
        ),
    )

st.subheader(t("sharing.compare.targets", lang))
projections = sharing.comparison_targets(entries, obs_key, lang)
if len(projections):
    st.dataframe(projections, hide_index=True, width="stretch", key="cmp_targets")
    st.caption(t("sharing.compare.targets_note", lang))
else:
    st.info(t("sharing.compare.targets_none", lang))

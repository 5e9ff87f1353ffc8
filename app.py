"""The frame of the app: page config, navigation, language switch and the scenario
controls that must survive page changes (they live here, not in a page)."""

from __future__ import annotations

import streamlit as st

from model.scenario import LEVER_INDICES, LEVER_KEYS
from ui import cache, state
from ui.i18n import fmt_num, t

st.set_page_config(page_title="DTI Hà Tĩnh 2030", page_icon="📈", layout="wide")

state.capture_initial_url()
lang = state.language_switch(st.sidebar)

pages = [
    st.Page("pages/overview.py", title=t("common.nav.overview", lang), url_path="tong-quan", default=True),
    st.Page("pages/ranking.py", title=t("common.nav.ranking", lang), url_path="xep-hang"),
    st.Page("pages/targets.py", title=t("common.nav.targets", lang), url_path="muc-tieu"),
    st.Page("pages/method.py", title=t("common.nav.method", lang), url_path="phuong-phap"),
    st.Page("pages/data_sources.py", title=t("common.nav.data", lang), url_path="du-lieu"),
    st.Page("pages/briefing.py", title=t("export.page.title", lang), url_path="bao-cao"),
]
navigation = st.navigation(pages)

# -- scenario controls shared by every page ------------------------------------------
sidebar = st.sidebar
sidebar.subheader(t("common.sidebar.scenario", lang))
frame = state.bound_select(
    sidebar, "frame", t("common.frame", lang), [t("common.frame.34", lang), t("common.frame.63", lang)], horizontal=False
)
state.bound_slider(sidebar, "top", t("common.top_n", lang), hi=frame)
state.bound_slider(sidebar, "year", t("common.year", lang))

setup = cache.frame_setup(frame)
sidebar.subheader(t("common.sidebar.levers", lang))
for index in LEVER_INDICES:
    key = LEVER_KEYS[index]
    headroom = round(1.0 - setup.current[index], 2)
    name = t(f"common.index.{index}", lang)
    value = state.bound_slider(sidebar, key, name, hi=headroom, fmt="+%.2f", help=t("common.lever_help", lang))
    sidebar.caption(
        t(
            "common.lever_value",
            lang,
            name=name,
            now=fmt_num(setup.current[index], lang, 4),
            then=fmt_num(min(1.0, setup.current[index] + value), lang, 4),
        )
    )

problems = state.url_problems(
    tuple(cache.dataset().targets["target_id"]),
    {index: round(1.0 - setup.current[index], 2) for index in LEVER_INDICES},
)
if problems:
    items = "; ".join(f"`{p.key}` ({t('common.reason.' + p.reason, lang)})" for p in problems)
    st.warning(t("common.url_notice", lang, items=items))

navigation.run()

"""The frame of the app: page config, navigation, language switch and the scenario
controls that must survive page changes (they live here, not in a page)."""

from __future__ import annotations

import streamlit as st

from model.presets import lever_caps
from ui import cache, controls, sharing, state, url_sync
from ui.i18n import t

st.set_page_config(page_title="DTI Hà Tĩnh 2030", page_icon="📈", layout="wide")

state.capture_initial_url()
url_sync.restore()  # bound values the URL lost on a page change, before any widget (ui/url_sync.py)
lang = state.language_switch(st.sidebar)

pages = [
    st.Page("pages/overview.py", title=t("common.nav.overview", lang), url_path="tong-quan", default=True),
    st.Page("pages/ranking.py", title=t("common.nav.ranking", lang), url_path="xep-hang"),
    st.Page("pages/targets.py", title=t("common.nav.targets", lang), url_path="muc-tieu"),
    st.Page("pages/register.py", title=t("register.nav", lang), url_path="so-dang-ky"),
    st.Page("pages/method.py", title=t("common.nav.method", lang), url_path="phuong-phap"),
    st.Page("pages/data_sources.py", title=t("common.nav.data", lang), url_path="du-lieu"),
    st.Page("pages/briefing.py", title=t("export.page.title", lang), url_path="bao-cao"),
    st.Page("pages/compare.py", title=t("sharing.nav.compare", lang), url_path=sharing.COMPARE_PATH),
    st.Page("pages/presenter.py", title=t("sharing.nav.presenter", lang), url_path=sharing.PRESENTER_PATH),
]
navigation = st.navigation(pages)
# The presenter view (for a projector): sidebar collapsed, its levers drawn on the page itself.
presenting = navigation.url_path == sharing.PRESENTER_PATH
st.set_page_config(initial_sidebar_state="collapsed" if presenting else "auto")

# -- scenario controls shared by every page ------------------------------------------
sidebar = st.sidebar
shown = sharing.current()  # values stay fixed during a run: the same scenario below
presets_box = sidebar.container()  # filled after the page, like the panels below
sidebar.subheader(t("common.sidebar.scenario", lang))
frame = state.bound_select(
    sidebar, "frame", t("common.frame", lang), [t("common.frame.34", lang), t("common.frame.63", lang)], horizontal=False
)
state.bound_slider(sidebar, "top", t("common.top_n", lang), hi=frame)
state.bound_slider(sidebar, "year", t("common.year", lang))

setup = cache.frame_setup(frame)
targets = cache.dataset().targets
if not presenting:
    sidebar.subheader(t("common.sidebar.levers", lang))
    sharing.lever_sliders(sidebar, lang, frame)
problems = state.url_problems(tuple(targets["target_id"]), lever_caps(setup))
if problems:
    items = "; ".join(f"`{p.key}` ({t('common.reason.' + p.reason, lang)})" for p in problems)
    st.warning(t("common.url_notice", lang, items=items))

try:
    navigation.run()
finally:
    # The presets and the long panels (dozens of widgets) are drawn after the page: a lever
    # move's chart reaches the browser before them (Streamlit sends each element as its own
    # message; about 100 ms sooner). The page reads their values from the session, or from
    # the link on the first run (ui/state.py). Drawn in `finally` so that a page that fails
    # still keeps them: Streamlit forgets the value of a widget not drawn in a completed
    # run. Still drawn by the main script on every page, so they stay in the URL whatever
    # the page (ui/controls.py).
    sharing.presets_panel(presets_box, lang, shown)
    controls.targets_panel(sidebar, lang, targets)
    controls.mapping_panel(sidebar, lang, targets)
    controls.assumptions_panel(sidebar, lang)
    sharing.share_panel(sidebar, lang, shown)
    sharing.compare_panel(sidebar, lang)
    url_sync.remember()  # the frame's bound values now in the URL, for the next run's restore()

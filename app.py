"""The frame of the app: page config, navigation, language switch and the scenario
controls that must survive page changes (they live here, not in a page).

``streamlit run app.py`` imports this file once as a module before any session (it finds
the ``st.App`` below and serves it with uvicorn, Streamlit 1.67's ASGI mode); each
session's script run executes it as ``__main__`` and draws the app.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import st_internals

if __name__ != "__main__":
    # Imported as the server's ASGI application, before the first session: tell Streamlit
    # the app declares its pages with st.navigation, so that no session (the first one
    # included) runs in the legacy `pages/` folder mode that answers a link to /xep-hang
    # with an English "Page not found" dialog (ui/st_internals.py).
    st_internals.declare_navigation_app()
    app = st.App(__file__)
else:
    from text.i18n import t as plain_t
    from text.i18n import vi_sort_key
    from ui import (
        cache,
        controls,
        levers,
        links,
        presets,
        progress,
        scenario_files,
        sliders,
        slots,
        state,
        url_sync,
    )
    from ui.words import study_words

    st.set_page_config(page_icon="📈", layout="wide")

    state.capture_initial_url()
    url_sync.restore()  # bound values the URL lost on a page change, before any widget (ui/url_sync.py)
    # Every sidebar control is drawn after the page, into these boxes (in this order on
    # screen): a new session's browser loads and runs each widget type's code the first
    # time one is drawn (a second or more on a 2-core machine), and the big numbers sent
    # before those widgets are painted before that work starts. The values the page
    # needs come from the session, or from the link on the first run (ui/state.py).
    sidebar = st.sidebar
    language_box, presets_box, scenario_box = sidebar.container(), sidebar.container(), sidebar.container()
    lang = state.lang()
    if lang == "vi":
        st.html(sliders.VI_CSS)  # sliders write their numbers in their labels (ui/sliders.py)
    known_words = study_words()

    def t(key: str, lang: str, **values: object) -> str:
        """The catalogue's text with the study's words (model.study via ui.words) filled in."""
        return plain_t(key, lang, **{**known_words, **values})

    def scenario_controls(box: Any, lang: str, frame: int, names: dict[str, str], *, presenting: bool) -> None:
        """The scenario's frame, focus, Top-N and year, and the levers (on the presenter
        view the levers are on the page itself)."""
        box.subheader(t("common.sidebar.scenario", lang))
        frame_choices = [t("common.frame.34", lang), t("common.frame.63", lang)]
        drawn_frame = state.bound_select(box, "frame", t("common.frame", lang), frame_choices, horizontal=False)
        focus = state.focus_select(box, t("common.focus", lang), drawn_frame, names)
        sliders.param_slider(box, "top", t("common.top_n", lang), lang, sliders.WHOLE, hi=drawn_frame)
        sliders.param_slider(box, "year", t("common.year", lang), lang, sliders.YEAR)
        if not presenting:
            box.subheader(t("common.sidebar.levers", lang, year=study.horizon))
            levers.lever_sliders(box, lang, drawn_frame, focus)

    PRESENTER_PATH = "trinh-chieu"  # the presenter view's address: its sidebar is collapsed
    pages = [
        # The default page is served at "/" and Streamlit matches no URL path to it, so a link
        # to /tong-quan needs a page of its own (hidden from the menu) or it opens with a
        # "Page not found" dialog: the same script under both addresses. (The default's own
        # url_path only names it; it must differ from the file name, which AppTest's page
        # switch would confuse with the legacy `pages/` entry of the same name.)
        st.Page("pages/overview.py", title=t("common.nav.overview", lang), url_path="trang-chu", default=True),
        st.Page("pages/overview.py", title=t("common.nav.overview", lang), url_path="tong-quan", visibility="hidden"),
        st.Page("pages/ranking.py", title=t("common.nav.ranking", lang), url_path="xep-hang"),
        st.Page("pages/targets.py", title=t("common.nav.targets", lang), url_path="muc-tieu"),
        st.Page("pages/register.py", title=t("register.nav", lang), url_path="so-dang-ky"),
        st.Page("pages/method.py", title=t("common.nav.method", lang), url_path="phuong-phap"),
        st.Page("pages/data_sources.py", title=t("common.nav.data", lang), url_path="du-lieu"),
        st.Page("pages/briefing.py", title=t("export.page.title", lang), url_path="bao-cao"),
        st.Page("pages/compare.py", title=t("sharing.nav.compare", lang), url_path="so-sanh"),
        st.Page("pages/presenter.py", title=t("sharing.nav.presenter", lang), url_path=PRESENTER_PATH),
    ]
    navigation = st.navigation(pages)
    # The presenter view (for a projector): sidebar collapsed, its levers drawn on the page itself.
    presenting = navigation.url_path == PRESENTER_PATH
    st.set_page_config(initial_sidebar_state="collapsed" if presenting else "auto")
    study = cache.study()

    # -- scenario values shared by every page (their controls are drawn after the page) --
    frame = state.current_frame()
    focus = state.settle_focus(frame)  # the frame was just switched: its unit there, before the page reads it
    shown = state.current_scenario()  # values stay fixed during a run: the same scenario below
    info = study.frame_info[frame]
    names = dict(sorted(zip(info.unit_ids, info.unit_names, strict=True), key=lambda item: vi_sort_key(item[1])))
    st.set_page_config(page_title=f"DTI · {names[focus]} · {study.goal_year}")

    with progress.working(st, "setup", lang, frame=frame):  # seconds on a fresh server, else cached
        cache.frame_setup(frame, focus)
    targets = cache.dataset().targets
    problems = state.url_problems()
    if problems:
        items = "; ".join(f"`{p.key}` ({t('common.reason.' + p.reason, lang)})" for p in problems)
        st.warning(t("common.url_notice", lang, items=items))

    try:
        navigation.run()
    finally:
        # Every sidebar control is drawn after the page (see the boxes above); a lever move's
        # chart also reaches the browser before the dozens of panel widgets (Streamlit sends
        # each element as its own message; about 100 ms sooner). Drawn in `finally` so that a
        # page that fails still keeps them: Streamlit forgets the value of a widget not drawn
        # in a completed run. Still drawn by the main script on every page, so they stay in
        # the URL whatever the page (ui/controls.py).
        state.language_switch(language_box)
        presets.presets_panel(presets_box, lang, shown)
        scenario_controls(scenario_box, lang, frame, names, presenting=presenting)
        controls.targets_panel(sidebar, lang, targets)
        controls.mapping_panel(sidebar, lang, targets)
        controls.assumptions_panel(sidebar, lang)
        links.link_popover(sidebar, lang, shown)
        scenario_files.file_panel(sidebar, lang, shown)
        slots.slots_panel(sidebar, lang)
        if state.first_run():
            url_sync.name_focus_in_url()  # a link's unit id: the URL names the unit as the select does
        url_sync.remember()  # the frame's bound values now in the URL, for the next run's restore()
    state.end_run()  # a run cut short (a rerun, a page switch) leaves the next one "first"

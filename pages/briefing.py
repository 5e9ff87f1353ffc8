"""Báo cáo / Briefing: the one-page A4 briefing of the scenario (preview and download),
and the simulation summary as CSV."""

from __future__ import annotations

import streamlit as st

from ui import cache, export, links
from ui import register as register_ui
from ui.page import prelude

URL_PATH = "bao-cao"

page = prelude()
lang, scenario, t = page.lang, page.scenario, page.t
obs_key, _, register_problem = register_ui.layered_key(page.obs_key)  # register under the session's
link = links.app_link(scenario, lang, current_path=URL_PATH)
day = export.today()
doc = export.briefing_document(scenario, lang, obs_key, link, day)

st.title(t("export.page.heading", lang))
st.markdown(t("export.page.lead", lang))
if register_problem is not None:
    register_ui.unavailable(st, register_problem, lang)

for column, number in zip(st.columns(len(doc.big_numbers)), doc.big_numbers, strict=True):
    column.metric(number.label, number.value)
    column.caption(number.detail)

buttons = st.container(horizontal=True, gap="small", key="briefing_downloads")
buttons.download_button(
    t("export.page.download_html", lang),
    data=doc.html.encode("utf-8"),
    file_name=doc.file_name,
    mime="text/html",
    key="download_briefing",
    icon=":material/description:",
    type="primary",
    on_click="ignore",
)
export.table_download(
    buttons,
    cache.rank_forecast(scenario).table(),
    f"{t('export.file.summary', lang)}-{day.isoformat()}",
    scenario,
    lang,
    "summary",
    title=t("export.page.summary_title", lang),
    label=t("export.page.download_summary", lang),
)

st.subheader(t("export.page.preview", lang))
with st.container(border=True, key="briefing_preview"):
    st.iframe(doc.html, height=1180)

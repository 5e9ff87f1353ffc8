"""Dữ liệu & nguồn / Data & sources: every table, its provenance and caveats, CSV downloads."""

from __future__ import annotations

from functools import partial

import streamlit as st

from model.export import neutralise_csv_file
from text.i18n import data_table, fmt_num, t
from ui import cache
from ui.page import prelude
from ui.words import table_title

page = prelude()
lang, ds, study = page.lang, page.dataset, page.study  # the tables' words need no scenario: plain t

st.title(t("data_page.title", lang))
st.markdown(t("data_page.lead", lang))
st.caption(t("data_page.record_language", lang))

TABLES = {
    "dti_scores.csv": ds.scores,
    "dti_components.csv": ds.components,
    "dti_weights.csv": ds.weights,
    "provinces_2025_merger.csv": ds.merger,
    "dti_history_partial.csv": ds.history,
    "hatinh_pci.csv": ds.pci,
    "indicators.csv": ds.indicators,
    "targets.csv": ds.targets,
    "study.csv": ds.study,
}

for file_name, frame in TABLES.items():
    meta = ds.provenance[file_name]
    title = table_title(file_name, lang)  # years and counts read from the tables
    with st.expander(f"{title} · `{file_name}` · {t('data_page.rows', lang, rows=fmt_num(len(frame), lang))}"):
        st.markdown(meta["description"])
        st.markdown(f"**{t('data_page.publisher', lang)}:** {meta['publisher']}")
        confidence = meta["confidence"]
        if isinstance(confidence, dict):
            confidence = "; ".join(f"{part}: {level}" for part, level in confidence.items())
        st.markdown(f"**{t('data_page.retrieved', lang)}:** {meta['retrieved']} · **{t('data_page.confidence', lang)}:** {confidence}")
        st.markdown(f"**{t('data_page.sources', lang)}:**")
        for source in meta["sources"]:
            st.markdown(f"- {source['name']} ({source['url_or_reference']}): {source.get('note', '')}")
        if meta.get("caveats"):
            st.markdown(f"**{t('data_page.caveats', lang)}:**")
            for caveat in meta["caveats"]:
                st.markdown(f"- {caveat}")
        if file_name == "indicators.csv":
            st.info(t("data_page.national_note", lang, plan=study.unit_name(study.plan_unit)))
        st.caption(f"{t('data_page.checksum', lang)}: `{meta['sha256']}`")
        st.dataframe(data_table(frame, lang), hide_index=True, width="stretch")
        st.download_button(
            t("data_page.download", lang, file=file_name),
            # made on click; text cells a spreadsheet would run as a formula get a leading '
            data=partial(neutralise_csv_file, cache.table_csv(file_name)),
            file_name=file_name,
            mime="text/csv",
            key=f"download_{file_name}",
            on_click="ignore",
        )

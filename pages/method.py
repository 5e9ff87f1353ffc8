"""Phương pháp / Method: the model in plain words, the panel estimates, the backtest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.engine import N_BOOT
from model.scenario import DEFAULT_SEED
from ui import cache, export, state
from ui.i18n import fmt_num, fmt_pct
from ui.words import method_words, translator

lang = state.lang()
scenario = state.current_scenario()
t = translator(scenario, lang)  # the study's words (unit, years, goal) in every string

st.title(t("method.title", lang))
st.subheader(t("method.model.title", lang))
st.markdown(t("method.model.body", lang, n_boot=N_BOOT, **method_words(lang)))

st.subheader(t("method.panel.title", lang))
panel = cache.panel_fit(scenario.seed).per_transition
st.dataframe(
    pd.DataFrame(
        {
            t("method.panel.col.period", lang): [f"{a}→{b}" for a, b in zip(panel["from_year"], panel["to_year"], strict=True)],
            t("method.panel.col.drift", lang): [fmt_num(v, lang, 2) for v in panel["drift"]],
            t("method.panel.col.sd", lang): [fmt_num(v, lang, 2) for v in panel["change_sd"]],
            t("method.panel.col.rho", lang): [fmt_num(v, lang, 2) for v in panel["persistence"]],
            t("method.panel.col.sigma", lang): [fmt_num(v, lang, 2) for v in panel["shock_sd"]],
        }
    ),
    hide_index=True,
)
export.table_download(st, panel, "panel-estimates", scenario, lang, "panel_table", title=t("method.panel.title", lang))

st.subheader(t("method.backtest.title", lang))
pooled = cache.backtest_all(DEFAULT_SEED)
study = cache.study()
bt = next(r for r in reversed(pooled.results) if r.frame == study.estimation_frame)
st.markdown(t("method.backtest.body", lang, draws=fmt_num(bt.n_draws, lang), year=bt.year, fit=" → ".join(map(str, bt.fit_years)), frame=bt.frame))
b1, b2, b3 = st.columns(3)
b1.metric(t("method.backtest.coverage", lang), fmt_pct(bt.coverage_80, lang), help=t("method.backtest.coverage_help", lang))
b2.metric(t("method.backtest.mae", lang, persist_year=bt.fit_years[-1]), f"{fmt_num(bt.mae_model, lang, 1)} / {fmt_num(bt.mae_persistence, lang, 1)}")
brier_line = t(
    "method.backtest.brier_value",
    lang,
    model=fmt_num(bt.brier_model, lang, 3),
    persistence=fmt_num(bt.brier_persistence, lang, 3),
    base=fmt_num(bt.brier_base_rate, lang, 3),
)
b3.metric(t("method.backtest.brier", lang, n=bt.top_n), fmt_num(bt.brier_model, lang, 3), help=brier_line)
st.caption(brier_line)
passes = 0.7 <= bt.coverage_80 <= 0.9 and bt.brier_model < min(bt.brier_persistence, bt.brier_base_rate)
if passes:
    st.success(
        t(
            "method.backtest.verdict_ok",
            lang,
            coverage=fmt_pct(bt.coverage_80, lang),
            mae_model=fmt_num(bt.mae_model, lang, 1),
            mae_persistence=fmt_num(bt.mae_persistence, lang, 1),
        )
    )
else:
    st.warning(t("method.backtest.verdict_bad", lang))

st.markdown(t("method.backtest.all", lang))
origins = pd.DataFrame(
    {
        t("method.backtest.col.frame", lang): [str(r.frame) for r in pooled.results] + [t("method.backtest.pooled", lang)],
        t("method.backtest.col.year", lang): [f"{' → '.join(map(str, r.fit_years))} ⇒ {r.year}" for r in pooled.results] + ["–"],
        t("method.backtest.col.units", lang): [str(r.n_units) for r in pooled.results] + [str(pooled.n_cases)],
        t("method.backtest.coverage", lang): [fmt_pct(r.coverage_80, lang) for r in pooled.results] + [fmt_pct(pooled.coverage_80, lang)],
        t("method.backtest.col.brier", lang): [
            f"{fmt_num(r.brier_model, lang, 3)} / {fmt_num(r.brier_persistence, lang, 3)} / {fmt_num(r.brier_base_rate, lang, 3)}" for r in pooled.results
        ] + [f"{fmt_num(pooled.brier_model, lang, 3)} / {fmt_num(pooled.brier_persistence, lang, 3)} / {fmt_num(pooled.brier_base_rate, lang, 3)}"],
        t("method.backtest.col.mae", lang): [f"{fmt_num(r.mae_model, lang, 1)} / {fmt_num(r.mae_persistence, lang, 1)}" for r in pooled.results]
        + [f"{fmt_num(pooled.mae_model, lang, 1)} / {fmt_num(pooled.mae_persistence, lang, 1)}"],
    }
)
st.dataframe(origins, hide_index=True, width="stretch")
if study.frame_info[min(study.frames)].last_year > study.frame_info[max(study.frames)].last_year:
    st.caption(t("method.backtest.only_small", lang, year=study.last_year, frame=min(study.frames), **method_words(lang)))
st.caption(t("method.estimation_frame", lang, frame=study.estimation_frame, years=", ".join(map(str, study.estimation_years))))

st.subheader(t("method.targets.title", lang))
st.markdown(t("method.targets.body", lang, **method_words(lang)))
st.subheader(t("method.refs.title", lang))
st.markdown(t("method.refs.body", lang))

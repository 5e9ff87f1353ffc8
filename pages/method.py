"""Phương pháp / Method: the model in plain words, the panel estimates, the backtest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.engine import N_BOOT
from model.scenario import DEFAULT_SEED
from model.uncertainty import CHOICE_COVERAGE, CHOICE_STANDARD_ERRORS, DEFAULT_METHOD
from text.i18n import fmt_num, fmt_pct
from ui import cache, export, method_figures, rank_figures
from ui.labels import method_label
from ui.page import prelude
from ui.words import method_words

page = prelude()
lang, scenario, study, t = page.lang, page.scenario, page.study, page.t

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
compared = cache.backtest_methods(DEFAULT_SEED)  # every method; the default's run is backtest_all's
pooled = compared["methods"][DEFAULT_METHOD]
bt = method_figures.reported_origin(pooled, study.estimation_frame)
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
if method_figures.check_passes(bt):
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
if method_figures.small_frame_is_newer(study):
    st.caption(t("method.backtest.only_small", lang, year=study.last_year, frame=min(study.frames), **method_words(lang)))
st.caption(t("method.estimation_frame", lang, frame=study.estimation_frame, years=", ".join(map(str, study.estimation_years))))

# -- issue 14: every forecast method, the choice, near the cut line ------------------------
st.subheader(t("method.methods.title", lang))
runs, choice, near_cut = compared["methods"], compared["choice"], compared["near_cut"]
default_near = pooled.as_dict()["pooled"]
top = bt.top_n
st.markdown(
    t("method.methods.body", lang, n_cases=fmt_num(pooled.n_cases, lang), n=top, band=near_cut["near_band"], n_near=near_cut["n_near"])
)
method_rows = [(m, run.as_dict()["pooled"]) for m, run in runs.items()]
na_rows = list(compared["not_applicable"])
st.table(
    pd.DataFrame(
        {
            t("method.methods.col.method", lang): [method_label(m, lang) for m, _ in method_rows] + [method_label(m, lang) for m in na_rows],
            t("method.methods.col.status", lang): [t("method.methods.chosen_mark", lang) if m == choice["chosen"] else "" for m, _ in method_rows]
            + [t("method.methods.na", lang) for _ in na_rows],
            t("method.methods.col.coverage", lang): [fmt_pct(r["coverage_80"], lang) for _, r in method_rows] + ["–" for _ in na_rows],
            t("method.methods.col.brier", lang, n=top): [fmt_num(r["brier_model"], lang, 3) for _, r in method_rows] + ["–" for _ in na_rows],
            t("method.methods.col.brier_near", lang): [fmt_num(r["brier_model_near"], lang, 3) for _, r in method_rows] + ["–" for _ in na_rows],
            t("method.methods.col.mae", lang): [fmt_num(r["mae_model"], lang, 1) for _, r in method_rows] + ["–" for _ in na_rows],
        }
    ).style.hide(axis="index")
)
st.caption(
    t(
        "method.methods.reference",
        lang,
        persistence=fmt_num(default_near["brier_persistence"], lang, 3),
        persistence_near=fmt_num(default_near["brier_persistence_near"], lang, 3),
        base=fmt_num(default_near["brier_base_rate"], lang, 3),
        base_near=fmt_num(default_near["brier_base_rate_near"], lang, 3),
    )
)

st.subheader(t("method.choice.title", lang))
st.markdown(
    t(
        "method.choice.body",
        lang,
        method=method_label(choice["chosen"], lang),
        cov_low=fmt_pct(CHOICE_COVERAGE[0], lang),
        cov_high=fmt_pct(CHOICE_COVERAGE[1], lang),
        k=fmt_num(CHOICE_STANDARD_ERRORS, lang),
    )
)
candidates = choice["candidates"]
st.table(
    pd.DataFrame(
        {
            t("method.methods.col.method", lang): [method_label(m, lang) for m in candidates],
            t("method.choice.col.gain", lang): [fmt_num(c["brier_gain"], lang, 4) for c in candidates.values()],
            t("method.choice.col.se", lang): [fmt_num(c["se"], lang, 4) for c in candidates.values()],
            t("method.choice.col.cases", lang): [str(c["n_cases"]) for c in candidates.values()],
        }
    ).style.hide(axis="index")
)

st.subheader(t("method.near.title", lang, n=top))
near_values = {
    "n_near": near_cut["n_near"],
    "band": near_cut["near_band"],
    "mean_p": fmt_pct(near_cut["mean_p"], lang),
    "made_it": fmt_pct(near_cut["made_it"], lang),
    "n_made": near_cut["n_made"],
    "n": top,
}
if near_cut["mean_p"] < near_cut["made_it"]:
    st.info(t("method.near.pessimistic", lang, **near_values))
else:
    st.info(t("method.near.optimistic", lang, **near_values))
st.markdown(
    t(
        "method.near.brier",
        lang,
        model=fmt_num(default_near["brier_model_near"], lang, 3),
        persistence=fmt_num(default_near["brier_persistence_near"], lang, 3),
        base=fmt_num(default_near["brier_base_rate_near"], lang, 3),
        coverage=fmt_pct(default_near["coverage_80_near"], lang),
    )
)
st.markdown(t("method.near.table", lang))
reliability = default_near["reliability"]["near"]
st.table(
    pd.DataFrame(
        {
            t("method.near.col.bin", lang): [f"{fmt_pct(b['bin_low'], lang)}–{fmt_pct(b['bin_high'], lang)}" for b in reliability],
            t("method.near.col.n", lang): [str(b["n"]) for b in reliability],
            t("method.near.col.mean_p", lang): [fmt_pct(b["mean_p"], lang) for b in reliability],
            t("method.near.col.observed", lang, n=top): [fmt_pct(b["observed"], lang) for b in reliability],
        }
    ).style.hide(axis="index")
)

# -- the same in plain words ---------------------------------------------------------------
st.subheader(t("method.explain.title", lang))
facts = cache.method_facts(DEFAULT_SEED, scenario.focus)
transition_method = next((m for m in runs if m == "transitions"), None)
st.markdown(
    t(
        "method.explain.transitions" if facts["n_fit"] == 1 else "method.explain.transitions_many",
        lang,
        n_fit=facts["n_fit"],
        fit="; ".join(facts["fit"]),
        brier_transitions=fmt_num(runs[transition_method].brier_model if transition_method else float("nan"), lang, 3),
        brier_default=fmt_num(pooled.brier_model, lang, 3),
    )
)
item = "method.explain.coverage_item"
complete = [t(item, lang, year=c["year"], frame=c["frame"], known=c["frame"], total=c["frame"]) for c in facts["complete"]]
origins_text = [t(item, lang, year=o["year"], frame=o["frame"], known=int(o["n_known"]), total=int(o["n_units"])) for o in facts["origins"]]
st.markdown(
    t(
        "method.explain.bounded_tested" if "bounded" in runs else "method.explain.bounded",
        lang,
        n_at_max=facts["n_at_max"],
        n_indices=facts["n_indices"],
        complete="; ".join(complete) or "–",
        origins="; ".join(origins_text),
    )
)
stress = cache.weights_for_scenario(scenario)
if stress["available"]:
    alt_best, alt_worst = method_figures.alternative_rank_range(stress["alternatives"])
    result_text = t(
        "method.explain.weights_result",
        lang,
        base_year=stress["base_year"],
        observed=stress["last_year"]["observed_rank"],
        p10=stress["last_year"]["rank_p10"],
        p90=stress["last_year"]["rank_p90"],
        alt_best=alt_best,
        alt_worst=alt_worst,
    )
    stress_spread = stress["spread"]
else:
    cov = rank_figures.coverage_at(stress["frame"], stress["base_year"])
    result_text = t("method.explain.weights_na", lang, frame=stress["frame"], base_year=stress["base_year"], known=int(cov["n_known"]), total=int(cov["n_units"]))
    stress_spread = cache.weight_spread()
st.markdown(t("method.explain.weights", lang, spread=fmt_pct(stress_spread, lang), result=result_text))

st.subheader(t("method.targets.title", lang))
st.markdown(t("method.targets.body", lang, **method_words(lang)))
st.subheader(t("method.refs.title", lang))
st.markdown(t("method.refs.body", lang))

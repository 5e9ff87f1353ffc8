"""Xếp hạng DTI / Top 15: the Monte Carlo rank forecast, levers, goal-seek, sensitivity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.engine import ASSUMPTION_RANGES, movable_indices
from model.scenario import DEFAULT_MAPPING_STRENGTH, lever_key
from text.i18n import delta_arrow, fmt_num, fmt_pct, fmt_rank
from text.notes import worded_frame
from ui import cache, charts, export, figures, progress, rank_figures, sliders, state, thresholds
from ui import labels as labels_ui
from ui.page import prelude

page = prelude()
lang, scenario, study, ds, t = page.lang, page.scenario, page.study, page.dataset, page.t
unit_name = study.unit_name(scenario.focus)
n, year, frame = scenario.top_n, scenario.year, scenario.frame
cases = [t("common.baseline", lang), t("common.scenario", lang)]

st.title(t("ranking.title", lang, n=n))
if scenario.focus != study.plan_unit:
    st.caption(t("ranking.focus_other", lang, unit=unit_name, plan=study.unit_name(study.plan_unit)))
with progress.working(st, "forecast", lang, draws=fmt_num(scenario.draws, lang)):
    result = cache.rank_forecast(scenario)
now = rank_figures.year_figures(result, year)
st.markdown(
    t(
        "ranking.sentence",
        lang,
        unit=unit_name,
        n=n,
        year=year,
        p_scen=fmt_pct(now.p_top, lang),
        p_base=fmt_pct(now.p_top_base, lang),
        rank_scen=fmt_rank(now.median_rank, lang),
        rank_base=fmt_rank(now.median_rank_base, lang),
        frame=frame,
    )
)
c1, c2, c3 = st.columns(3)
p_text, p_base_text = fmt_pct(now.p_top, lang), fmt_pct(now.p_top_base, lang)
c1.metric(
    t("ranking.big.p", lang, n=n, year=year), p_text, t("ranking.big.vs_base", lang, value=p_base_text), delta_color="off",
    delta_arrow=delta_arrow(now.p_top, now.p_top_base, p_text, p_base_text),
)
# ranks: no arrow (a smaller number is the better place; "↓" would read as worse)
c2.metric(t("ranking.big.rank", lang, year=year), fmt_rank(now.median_rank, lang), t("ranking.big.vs_base", lang, value=fmt_rank(now.median_rank_base, lang)), delta_color="off", delta_arrow="off")
c3.metric(t("ranking.big.band", lang, year=year), f"{now.band[0]}–{now.band[1]}", t("ranking.big.vs_base", lang, value=f"{now.band_base[0]}–{now.band_base[1]}"), delta_color="off", delta_arrow="off")
figures.let_new_session_paint(state.first_run())  # the big numbers are painted before the rest arrives
st.info(t("ranking.places_note", lang))
for line in thresholds.rank_page_lines(scenario, lang):  # the same-percentile goal (issue 14)
    st.caption(line)

summary = charts.with_case_names(result.table(), cases)
left, right = st.columns(2)
with left:
    st.subheader(t("ranking.chart.p", lang, n=n))
    p_fig = charts.probability_chart(summary, lang, x_title=t("common.year_axis", lang), y_title=t("ranking.chart.p_y", lang), cases=cases)
    figures.show(st, p_fig)
    figures.let_browser_catch_up()  # the big numbers and this chart are drawn before the rest arrives
    export.chart_downloads(
        st, p_fig, "p-top-by-year", "p_chart", data=result.table(), scenario=scenario, title=t("ranking.chart.p", lang, n=n)
    )
with right:
    st.subheader(t("ranking.chart.rank", lang))
    rank_fig = charts.rank_band_chart(summary, lang, x_title=t("common.year_axis", lang), y_title=t("ranking.chart.rank_y", lang), cases=cases, top_n=n, n_units=frame)
    figures.show(st, rank_fig)
    export.chart_downloads(st, rank_fig, "rank-band", "rank_chart")

st.subheader(t("ranking.chart.fan", lang, n=n))
fan_names = [t("ranking.fan.focus_base", lang), t("ranking.fan.focus_scen", lang), t("ranking.fan.cut", lang, n=n)]
fan = rank_figures.fan_frame(result, fan_names)
fan_fig = charts.fan_chart(fan, lang, x_title=t("common.year_axis", lang), y_title=t("ranking.chart.fan_y", lang), series_order=fan_names)
figures.show(st, fan_fig)
export.chart_downloads(st, fan_fig, "score-fan", "fan_chart", data=fan, scenario=scenario, title=t("ranking.chart.fan", lang, n=n))
st.caption(t("ranking.fan.note", lang))

st.subheader(t("ranking.table.title", lang, n=n, year=year))
near = cache.units_near_cutline(scenario)
st.dataframe(
    pd.DataFrame(
        {
            t("ranking.table.unit", lang): near["unit_name"],
            t("ranking.table.p", lang, n=n): [fmt_pct(p, lang) for p in near["p_top"]],
            t("ranking.table.median", lang): [fmt_rank(v, lang) for v in near["median_rank"]],
            t("ranking.table.band", lang): [f"{a}–{b}" for a, b in zip(near["rank_p10"], near["rank_p90"], strict=True)],
            t("ranking.table.score", lang): [fmt_num(v, lang, 4) for v in near["score_median"]],
        }
    ),
    hide_index=True,
    width="stretch",
)
export.table_download(st, near, "units-near-cutline", scenario, lang, "near_table", title=t("ranking.table.title", lang, n=n, year=year))

# -- levers and their contribution ---------------------------------------------------
st.subheader(t("ranking.levers.title", lang))
st.markdown(t("ranking.levers.note", lang))
levers = result.levers
names = {k: t(f"common.index.{k}", lang) for k in levers["main_index"]}
lcol, rcol = st.columns([3, 2])
with lcol:
    st.dataframe(
        pd.DataFrame(
            {
                t("ranking.levers.col.index", lang): levers["main_index"].map(names),
                t("ranking.levers.col.now", lang): [fmt_num(v, lang, 4) for v in levers["value_now"]],
                t("ranking.levers.col.lever", lang): [
                    t("ranking.levers.held", lang) if held else fmt_num(v, lang, 2)
                    for v, held in zip(levers["lever"], levers["held"], strict=True)
                ],
                t("ranking.levers.col.targets", lang): [fmt_num(v, lang, 3) for v in levers["from_targets"]],
                t("ranking.levers.col.then", lang): [fmt_num(v, lang, 4) for v in levers["value_end"]],
                t("ranking.levers.col.weight", lang): [fmt_num(v, lang, 4) for v in levers["weight"]],
                t("ranking.levers.col.contribution", lang): [fmt_num(v, lang, 4) for v in levers["contribution"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    export.table_download(st, levers, "levers", scenario, lang, "levers_table", title=t("ranking.levers.title", lang))
    st.button(t("ranking.levers.reset", lang), key="reset_levers", on_click=state.reset_keys, args=(tuple(lever_key(k) for k in study.lever_indices),))
with rcol:
    contrib = rank_figures.contributions(levers, names)
    contrib_fig = charts.bar_chart(contrib, lang, x="contribution", y="label", x_title=t("ranking.contribution.x", lang), y_title="")
    figures.show(st, contrib_fig)
    export.chart_downloads(st, contrib_fig, "lever-contribution", "contrib_chart")

# -- chain from plan indicators ------------------------------------------------------
with st.expander(t("ranking.mapping.title", lang)):
    st.markdown(t("ranking.mapping.note", lang, default=fmt_num(DEFAULT_MAPPING_STRENGTH, lang, 2)))
    mapping = cache.lever_mapping(scenario)
    label_col = "label_vi" if lang == "vi" else "label_en"
    labels = dict(zip(ds.targets["target_id"], ds.targets[label_col], strict=True))
    st.dataframe(
        pd.DataFrame(
            {
                t("ranking.mapping.col.target", lang): [labels[i] for i in mapping["target_id"]],
                t("ranking.mapping.col.index", lang): mapping["main_index"].map(names),
                t("ranking.mapping.col.push", lang): [fmt_num(v, lang, 1) for v in mapping["push"]],
                t("ranking.mapping.col.strength", lang): [fmt_num(v, lang, 2) for v in mapping["strength"]],
                t("ranking.mapping.col.gain", lang): [fmt_num(v, lang, 3) for v in mapping["index_gain"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("ranking.mapping.where", lang))

# -- assumptions ---------------------------------------------------------------------
st.subheader(t("ranking.assumptions.title", lang))
fit = cache.panel_fit(scenario.seed)
st.caption(
    t(
        "ranking.assumptions.estimated",
        lang,
        rho=fmt_num(fit.rho_hat, lang, 2),
        sigma=fmt_num(fit.sigma_hat, lang, 2),
        drifts=" / ".join(fmt_num(d, lang, 2) for d in fit.drift_hat),
    )
)
st.markdown(
    t(
        "ranking.assumptions.current",
        lang,
        pace=fmt_num(scenario.others_pace, lang, 2),
        shock=fmt_num(scenario.shock_scale, lang, 2),
        persist=fmt_num(scenario.persistence, lang, 2),
        seed=scenario.seed,
        draws=fmt_num(scenario.draws, lang),
    )
)
st.caption(t("ranking.uncertainty_note", lang))

# -- goal-seek -----------------------------------------------------------------------
st.subheader(t("ranking.goal.title", lang))
g1, g2 = st.columns(2)
options = ["uniform", *movable_indices(cache.setup_for(scenario))]
which = g1.selectbox(
    t("ranking.goal.which", lang),
    options,
    format_func=lambda k: t("ranking.goal.uniform", lang) if k == "uniform" else names[k],
    key="goal_which",
)
goal_p = sliders.slider(
    g2, "goal_p", t("ranking.goal.p", lang), lang, sliders.NumberStyle(percent=True), lo=0.5, hi=0.95, default=0.8, step=0.05, bound=False
)
answer = cache.goal_seek(scenario, which, goal_p)
which_name = t("ranking.goal.uniform", lang) if which == "uniform" else names[which]
values = {"p": fmt_pct(goal_p, lang), "n": n, "year": year, "which": which_name, "p_at": fmt_pct(answer.probability, lang)}
if answer.already_met:
    st.success(t("ranking.goal.already", lang, **values))
elif not answer.feasible:
    st.warning(t("ranking.goal.infeasible", lang, **values))
else:
    st.success(t("ranking.goal.answer", lang, value=fmt_num(answer.value, lang, 3), **values))

# -- sensitivity ---------------------------------------------------------------------
st.subheader(t("ranking.tornado.title", lang))
tornado = cache.sensitivity(scenario)
tornado["label"] = [
    t(f"ranking.tornado.{name}", lang) if name in ASSUMPTION_RANGES else t("ranking.tornado.lever", lang, name=names[name])
    for name in tornado["name"]
]
tornado_fig = charts.tornado_chart(tornado, lang, x_title=t("ranking.tornado.x", lang, n=n, year=year))
figures.show(st, tornado_fig)
export.chart_downloads(
    st, tornado_fig, "sensitivity-tornado", "tornado_chart", data=tornado, scenario=scenario, title=t("ranking.tornado.title", lang)
)
st.caption(t("ranking.tornado.note", lang))

# -- model spread (issue 14): last, so that a lever move's charts come first; cached by the
# assumptions and N only, so a lever move does not recompute it -----------------------------
with st.expander(t("ranking.spread.title", lang), expanded=True):
    with progress.working(st, "forecast", lang, draws=fmt_num(scenario.draws, lang)):
        spread_table = cache.spread_for(scenario)
        spread_summary = cache.spread_summary_for(scenario)
    here = spread_summary[str(frame)]
    rows = spread_table[spread_table["frame"] == frame]
    st.markdown(t("ranking.spread.intro", lang, n=here["top_n"], year=here["year"]))
    st.markdown(
        t(
            "ranking.spread.sentence",
            lang,
            low=fmt_pct(here["p_top_min"], lang),
            high=fmt_pct(here["p_top_max"], lang),
            default=fmt_pct(here["p_top_default"], lang),
        )
    )
    method_names = [labels_ui.method_label(m, lang) for m in rows["method"]]
    base_year = cache.setup_for(scenario).base_year
    cov = rank_figures.coverage_at(frame, base_year)
    na_text = t("ranking.spread.na", lang, year=base_year, known=int(cov["n_known"]), total=int(cov["n_units"]))
    spread_p_col = t("ranking.spread.col.p", lang, n=here["top_n"], year=here["year"])
    default_col = t("ranking.spread.col.default", lang)
    spread_shown = pd.DataFrame(
        {
            t("ranking.spread.col.method", lang): method_names,
            default_col: [t("ranking.spread.default_mark", lang) if d else "" for d in rows["default"]],
            spread_p_col: [fmt_pct(p, lang) for p in rows["p_top"]],
            t("ranking.spread.col.median", lang): [fmt_rank(v, lang) if v == v else "–" for v in rows["median_rank"]],
            t("ranking.spread.col.band", lang): [
                f"{int(a)}–{int(b)}" if a == a and a is not None else "–" for a, b in zip(rows["rank_p10"], rows["rank_p90"], strict=True)
            ],
        }
    )
    if rows["note"].astype(bool).any():  # a method that does not apply here says why
        spread_shown[t("ranking.spread.col.note", lang)] = [na_text if note else "" for note in rows["note"]]
    # a static table wraps the long method names; the default's row highlighted
    st.table(
        spread_shown.style.apply(
            lambda row: [charts.HIGHLIGHT_ROW if row[default_col] else "" for _ in row], axis=1
        ).hide(axis="index")
    )
    spread_fig = charts.spread_chart(
        pd.DataFrame({"label": method_names, "p_top": rows["p_top"].to_numpy(), "default": rows["default"].to_numpy()}),
        lang,
        x_title=t("ranking.spread.x", lang, n=here["top_n"], year=here["year"]),
    )
    figures.show(st, spread_fig)
    export.chart_downloads(
        st, spread_fig, "model-spread", "spread_chart", data=worded_frame(rows, lang), scenario=scenario, title=t("ranking.spread.title", lang)
    )
    for other, part in spread_summary.items():
        if other != str(frame):
            st.caption(
                t(
                    "ranking.spread.other_frame",
                    lang,
                    frame=other,
                    unit=study.unit_name(part["focus"]),
                    n=part["top_n"],
                    year=part["year"],
                    low=fmt_pct(part["p_top_min"], lang),
                    high=fmt_pct(part["p_top_max"], lang),
                    default=fmt_pct(part["p_top_default"], lang),
                )
            )
    st.caption(t("ranking.spread.note", lang, draws=fmt_num(scenario.draws, lang), seed=scenario.seed))

# -- weight stress test (issue 14) ------------------------------------------------------
with st.expander(t("ranking.weights.title", lang), expanded=True):
    stress = cache.weights_for_scenario(scenario)
    if not stress["available"]:
        cov = rank_figures.coverage_at(stress["frame"], stress["base_year"])
        st.info(t("ranking.weights.na", lang, frame=stress["frame"], base_year=stress["base_year"], known=int(cov["n_known"]), total=int(cov["n_units"])))
    else:
        last, goal = stress["last_year"], stress["goal_year"]
        spread_text = fmt_pct(stress["spread"], lang)
        st.warning(t("ranking.weights.label", lang, base_year=stress["base_year"], spread=spread_text, draws=fmt_num(stress["n_weight_draws"], lang)))
        st.markdown(
            t(
                "ranking.weights.last",
                lang,
                base_year=stress["base_year"],
                observed=last["observed_rank"],
                spread=spread_text,
                p10=last["rank_p10"],
                p90=last["rank_p90"],
                best=last["rank_min"],
                worst=last["rank_max"],
                n=stress["top_n"],
                p=fmt_pct(last["p_top"], lang),
            )
        )
        st.markdown(
            t(
                "ranking.weights.goal",
                lang,
                year=goal["year"],
                n=stress["top_n"],
                p_default=fmt_pct(goal["p_top_default"], lang),
                p_random=fmt_pct(goal["p_top"], lang),
                p10=goal["rank_p10"],
                p90=goal["rank_p90"],
            )
        )
        alternatives = stress["alternatives"]
        st.table(
            pd.DataFrame(
                {
                    t("ranking.weights.col.set", lang): [labels_ui.weight_set_label(a, lang, stress["base_year"]) for a in alternatives],
                    t("ranking.weights.col.rank", lang, base_year=stress["base_year"]): [str(a["rank_last_year"]) for a in alternatives],
                    t("ranking.weights.col.p", lang, n=stress["top_n"], year=goal["year"]): [fmt_pct(a["p_top_goal_year"], lang) for a in alternatives],
                }
            ).style.hide(axis="index")
        )

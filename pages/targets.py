"""Mục tiêu 2025/2030: every plan target with its trend, status, required pace and lever;
planners' own figures (editable table, upload, template)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from model.data import NATIONAL
from model.targets import PROJECTION_YEARS, on_track_summary
from model.userdata import (
    USER_SOURCE,
    YEAR_MAX,
    YEAR_MIN,
    add_observations,
    observations_key,
    validate_table,
)
from text.i18n import fmt_num, fmt_pct
from text.notes import target_table
from text.problems import message as problem_message
from ui import cache, export, figures, progress, state, thresholds, uploads
from ui import register as register_ui
from ui.labels import indicator_label, unit_label
from ui.sharing import md_escape
from ui.target_charts import target_detail_chart
from ui.target_status import status_label
from ui.words import translator

lang = state.lang()
ds = cache.dataset()
study = cache.study()
known = cache.known_indicators()
PILLARS = ("government", "economy", "society", "overall")
STATUS_COLOURS = {
    "achieved": "#bbf7d0",
    "on_track": "#dcfce7",
    "acceleration_needed": "#fef08a",
    "limited_progress": "#fed7aa",
    "deterioration": "#fecaca",
    "stagnation_or_regression": "#fecaca",
    "not_achieved": "#fecaca",
    "achieved_within_tolerance": "#bbf7d0",
    "met_latest": "#dcfce7",
    "not_met_latest": "#fed7aa",
    "not_assessable": "#e5e7eb",
    "no_provincial_data": "#f3f4f6",
}
label_col = "label_vi" if lang == "vi" else "label_en"


# -- planners' figures: process an upload before anything reads them ----------------
def _problem_table(problems: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("targets.entry.col.row", lang): [p.row for p in problems],
            t("targets.entry.col.column", lang): [p.column or "–" for p in problems],
            t("targets.entry.col.reason", lang): [problem_message(p, lang) for p in problems],
        }
    )


upload = st.session_state.get("obs_upload")
if upload is not None and st.session_state.get("_obs_upload_done") != upload.file_id:
    st.session_state["_obs_upload_done"] = upload.file_id  # each file is read once
    result = uploads.read_figures_file(upload.getvalue(), upload.name, known)  # a bad name: refused
    if result.ok and len(result.good):
        state.set_user_observations(add_observations(state.user_observations(), result.good))  # the new file wins
    st.session_state["_obs_upload_report"] = (uploads.shown_name(upload.name), result)

obs_key = state.current_observations_key()
# the register's current figures under the session's own (ui/register.py)
model_key, n_register, register_problem = register_ui.layered_key(obs_key)
scenario = state.current_scenario()
t = translator(scenario, lang)  # the study's words (unit, years, goal) in every string

st.title(t("targets.title", lang))
if scenario.focus != study.plan_unit:
    st.warning(t("targets.other_unit", lang, unit=study.unit_name(scenario.focus), plan=study.unit_name(study.plan_unit)))
st.markdown(t("targets.lead", lang))
with progress.working(st, "targets", lang, n=len(ds.targets)):
    table = cache.target_assessment(scenario, model_key)
if register_problem is not None:
    register_ui.unavailable(st, register_problem, lang)
elif n_register:
    st.caption(t("register.targets.using", lang, n=n_register))

first_year, last_year = min(PROJECTION_YEARS), max(PROJECTION_YEARS)
summary = on_track_summary(table, first_year)
c1, c2, c3 = st.columns(3)
c1.metric(
    t("targets.big.on_track", lang),
    f"{summary.on_track}/{summary.assessable}",
    help=t("targets.big.on_track_help", lang, total=summary.total),
)
# the same counts as every other page and the briefing: the 2025 targets (model.targets.on_track_summary)
c2.metric(t("targets.big.no_data", lang, year=summary.year), f"{summary.no_data}/{summary.total}")
c3.metric(t("targets.big.entered", lang), str(len(obs_key)))
figures.let_browser_catch_up(first_run=state.first_run())  # the big numbers reach the browser before the long table

st.caption(
    t(
        "targets.settings.current",
        lang,
        method=t(f"targets.method.{scenario.status_method}", lang),
        start=scenario.push_start,
        trend=fmt_num(scenario.trend_multiplier, lang, 1),
    )
)


def upload_entry(container) -> None:
    """The template download and the upload of a department's figures (read at the top of
    the page, wherever this is drawn)."""
    e1, e2 = container.columns([1, 2])
    e1.download_button(
        t("targets.entry.template", lang), data=uploads.template_csv(lang, known),
        file_name=f"mau-so-lieu-{lang}.csv", mime="text/csv", key="obs_template",
    )
    e1.caption(t("targets.entry.template_note", lang))
    e2.file_uploader(t("targets.entry.upload", lang), type=["csv", "xlsx"], key="obs_upload")


# Most targets without a provincial figure: the way to enter them comes first, not at the
# bottom of a long page below a table of "Chưa có số liệu của tỉnh".
entry_at_top = 2 * summary.no_data > summary.total
if entry_at_top:
    top_entry = st.container(border=True, key="obs_entry_top")
    top_entry.markdown(t("targets.entry.top", lang, no_data=summary.no_data, total=summary.total, year=summary.year))
    upload_entry(top_entry)


# -- the table -------------------------------------------------------------------------
def unit_of(row: pd.Series) -> str:
    return "" if row["unit"] in ("rank", "group") else f" {unit_label(row['unit'], lang)}"


def value_text(value: float, row: pd.Series, decimals: int = 1) -> str:
    if pd.isna(value):
        return "–"
    if row["unit"] == "rank":
        return t("targets.rank_value", lang, value=fmt_num(value, lang, 0))
    return fmt_num(value, lang, decimals) + unit_of(row)


def goal_text(row: pd.Series) -> str:
    if row["comparator"] == "group":
        return t("targets.goal.group", lang, year=row["target_year"])
    comparator = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(row["comparator"], row["comparator"])
    if row["unit"] == "rank":
        return f"Top {fmt_num(row['target_value'], lang, 0)} ({row['target_year']})"
    return f"{comparator} {fmt_num(row['target_value'], lang, 0)}{unit_of(row)} ({row['target_year']})"


def latest_text(row: pd.Series) -> str:
    if row["status"] == "no_provincial_data":
        return "–"  # the status column says why
    if row["comparator"] == "group":
        return f"{fmt_num(row['latest_value'], lang, 4)} ({row['latest_year']})"
    text = f"{value_text(row['latest_value'], row)} ({row['latest_year']})"
    by_user = row["latest_source"] == USER_SOURCE
    return text + (" " + register_ui.origin_label(model_key, row["indicator_id"], row["latest_year"], lang) if by_user else "")


def band_text(row: pd.Series, year: int) -> str:
    v = row[f"projection_{year}"]
    if pd.isna(v):
        return "–"
    lo, hi = row[f"projection_{year}_lo"], row[f"projection_{year}_hi"]
    if pd.isna(lo) or lo == hi:
        return value_text(v, row)
    return f"{value_text(v, row)} ({fmt_num(lo, lang, 1)}–{fmt_num(hi, lang, 1)})"


def status_text(row: pd.Series) -> str:
    return status_label(row, lang)  # with the year it rests on and its flags (issue 14)


def method_text(row: pd.Series) -> str:
    method_id = row["status_method_id"] if isinstance(row["status_method_id"], str) else "none"
    return t(f"targets.method.{method_id}", lang)


def pace_text(row: pd.Series) -> str:
    pts, pct = row["required_pts_per_year"], row["required_pct_per_year"]
    if pd.isna(pts):
        return "–"
    return f"{fmt_num(pts, lang, 1)}; {fmt_num(pct, lang, 1)} %"


def years_text(row: pd.Series) -> str:
    v = row["years_to_target"]
    if pd.isna(v):
        return "–"
    return t("targets.reached", lang) if v <= 0 else fmt_num(v, lang, 1)


def national_text(row: pd.Series) -> str:
    if pd.isna(row["national_latest_value"]):
        return "–"
    return t("targets.national_value", lang, value=fmt_num(row["national_latest_value"], lang, 1), year=row["national_latest_year"])


def pace_cell(row: pd.Series) -> str:
    pace = pace_text(row)
    if pace == "–":
        return pace
    return f"{pace}; ×{fmt_num(row['acceleration_factor'], lang, 2)}"


def display_table(rows: pd.DataFrame) -> pd.DataFrame:
    records = [r for _, r in rows.iterrows()]
    return pd.DataFrame(
        {
            t("targets.col.target", lang): rows[label_col].tolist(),
            t("targets.col.goal", lang): [goal_text(r) for r in records],
            t("targets.col.latest", lang): [latest_text(r) for r in records],
            t("targets.col.p2025", lang): [band_text(r, first_year) for r in records],
            t("targets.col.p2030", lang): [band_text(r, last_year) for r in records],
            t("targets.col.scenario", lang, year=last_year): [value_text(r[f"scenario_{last_year}"], r) for r in records],
            t("targets.col.status", lang): [status_text(r) for r in records],
            t("targets.col.method", lang): [method_text(r) for r in records],
            t("targets.col.pace", lang): [pace_cell(r) for r in records],
            t("targets.col.years", lang): [years_text(r) for r in records],
            t("targets.col.national", lang): [national_text(r) for r in records],
        }
    )


status_col = t("targets.col.status", lang)
for pillar in PILLARS:
    rows = table[table["pillar"] == pillar]
    if rows.empty:
        continue
    st.subheader(t(f"targets.pillar.{pillar}", lang))
    shown = display_table(rows)
    colours = [STATUS_COLOURS.get(s, "#ffffff") for s in rows["status"]]
    styled = shown.style.apply(lambda _col, c=colours: [f"background-color: {x}" for x in c], subset=[status_col])
    st.table(styled.hide(axis="index"))  # a static table wraps text: every column stays readable

st.caption(t("targets.table.note", lang))
export.table_download(
    st, target_table(table, lang).assign(entered_by_user=table["latest_source"] == USER_SOURCE), f"muc-tieu-{study.plan_unit}", scenario, lang,
    "targets_table", title=t("targets.title", lang), label=t("targets.download", lang),
)


# -- detail per target -----------------------------------------------------------------
def detail_text(row: pd.Series) -> list[str]:
    lines = [t("targets.detail.status", lang, status=status_text(row), method=method_text(row))]
    kind, args = row["evidence_kind"], json.loads(row["evidence_args"]) if isinstance(row["evidence_args"], str) else {}
    if kind == "group_rank":
        ties = t("targets.evidence.ties", lang, ties=args["ties"]) if args["ties"] else ""
        lines.append(t("targets.evidence.group_rank", lang, year=args["year"], universe=args["universe"], value=fmt_num(args["value"], lang, 4), rank=args["rank"], ties=ties, cut=args["cut"]))
    elif kind == "dti_rank":
        lines.append(t("targets.evidence.dti_rank", lang, year=args["year"], ranks=t("targets.evidence.and", lang).join(f"{r}/{u}" for u, r in sorted(args["ranks"].items(), key=lambda kv: -int(kv[0]))), p=fmt_pct(row["probability"], lang), frame=scenario.frame))
    elif kind == "pci_rank":
        outside = t("targets.evidence.pci_outside", lang, years=", ".join(map(str, args["outside_years"])), top=args["outside_top"]) if args["outside_years"] else ""
        lines.append(t("targets.evidence.pci_rank", lang, rank=args["rank"], n=args["n"], year=args["year"], outside=outside, p=fmt_pct(row["probability"], lang), draws=fmt_num(args["draws"], lang), target=fmt_num(row["target_value"], lang), target_year=row["target_year"], history=f"{args['history_from']}–{args['history_to']}"))
    if isinstance(row["status_method_id"], str) and row["status_method_id"] in ("statcan", "un2023", "un2022"):
        if isinstance(row["status_thresholds"], str):
            parts = []
            for item in row["status_thresholds"].split(";"):
                name, _, bound = item.strip().partition("≥")
                parts.append(f"{t('targets.status.' + name.strip(), lang)} ≥ {fmt_num(float(bound), lang, 2)}")
            lines.append(t("targets.detail.measure", lang, name=row["status_measure_name"], value=fmt_num(row["ratio"], lang, 2), thresholds="; ".join(parts)))
        formula = "statcan" if row["status_method_id"] == "statcan" else "un2023"
        lines.append(t(f"targets.detail.{formula}_formula", lang, base_year=row["base_year"], base=value_text(row["base_value"], row), latest_year=row["latest_year"], latest=value_text(row["latest_value"], row)))
        if not pd.isna(row["required_pts_per_year"]):
            lines.append(t("targets.detail.pace", lang, pts=fmt_num(row["required_pts_per_year"], lang, 1), pct=fmt_num(row["required_pct_per_year"], lang, 1) + " %", latest_year=row["latest_year"], target=value_text(row["target_value"], row, 0), target_year=row["target_year"], accel=fmt_num(row["acceleration_factor"], lang, 2)))
        if isinstance(row["method"], str):
            flags = [t(f"targets.flag.{f.strip()}", lang) for f in str(row["projection_flags"] or "").split(",") if f.strip() and f.strip() != "nan"]
            lines.append(t("targets.detail.projection", lang, method=t(f"targets.projection.{row['method']}", lang), n=row["n_points"], flags=(": " + "; ".join(flags)) if flags else ""))
    if row["target_id"] == study.goal_target:  # which threshold the status uses (issue 14)
        lines += thresholds.goal_lines(scenario, row, lang)
    if row["target_id"] == "records_online_district":
        lines.append(t("targets.district_note", lang))
    return lines


def chart_frame(row: pd.Series, detail: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    parts = [detail.assign(kind=[("observed_user" if u else "observed") if s == "observed" else s for s, u in zip(detail["series"], detail["entered_by_user"], strict=True)])]
    parts.append(pd.DataFrame({"year": [row["target_year"]], "kind": ["target"], "value": [row["target_value"]]}))
    nat = refs[(refs["geography"] == "vn") & (refs["indicator_id"] == row["indicator_id"])]
    if len(nat):
        parts.append(pd.DataFrame({"year": nat["year"], "kind": "national", "value": nat["value"]}))
    return pd.concat(parts, ignore_index=True)[["year", "kind", "value", "lower", "upper"]]


chart_labels = {k: t(f"targets.chart.{k}", lang) for k in ("observed", "observed_user", "baseline", "scenario", "required", "target", "national")}
st.header(t("targets.detail.title", lang))
st.caption(t("targets.detail.note", lang))
for pillar in PILLARS:
    for _, row in table[table["pillar"] == pillar].iterrows():
        target_id = row["target_id"]
        has_series = row["status"] != "no_provincial_data" and row["unit"] not in ("rank", "group")
        with st.expander(f"{row[label_col]} · {status_text(row)}", expanded=has_series):
            for line in detail_text(row):
                st.markdown(line)
            refs = cache.reference_observations(target_id)
            if has_series:
                detail = cache.target_detail(target_id, scenario.push_for(target_id), scenario.push_start, scenario.trend_multiplier, model_key)
                observed = detail[detail["series"] == "observed"]
                figure = target_detail_chart(
                    chart_frame(row, detail, refs), lang, labels=chart_labels,
                    x_title=t("common.year_axis", lang), y_title=t("targets.chart.y", lang, unit=unit_label(row["unit"], lang)),
                    last_year=int(observed["year"].max()) if len(observed) else None,
                    share=str(row["unit"]).startswith("%") and row["unit"] != "%/yr",
                )
                figures.show(st, figure)
                export.chart_downloads(
                    st, figure, f"muc-tieu-{target_id}", f"target_{target_id}", data=detail, scenario=scenario,
                    title=row[label_col],
                )
            elif row["status"] == "no_provincial_data":
                st.info(t("targets.detail.no_data", lang))
            if len(refs):
                st.markdown(t("targets.detail.references", lang))
                last = refs.groupby(["indicator_id", "geography"], sort=False).tail(1)
                st.markdown(
                    "\n".join(
                        "- " + t("targets.detail.reference_row", lang, name=indicator_label(r.indicator_id, lang, ds.targets), geo=t("targets.geo.vn", lang) if r.geography == NATIONAL else t("targets.geo.plan", lang, name=study.unit_name(r.geography)), value=fmt_num(r.value, lang, 1), unit=unit_label(r.unit, lang), year=r.year)
                        for r in last.itertuples(index=False)
                    )
                )
            if row["unit"] not in ("rank", "group"):
                push = scenario.push_for(target_id)
                st.markdown(
                    t("targets.detail.push_value", lang, value=fmt_num(push, lang, 1), unit=unit_label(row["unit"], lang), start=scenario.push_start)
                )
                if not has_series:
                    st.caption(t("targets.detail.push_rank_only", lang))


# -- planners' figures -------------------------------------------------------------------
st.header(t("targets.entry.title", lang))
st.markdown(t("targets.entry.lead", lang))
if not entry_at_top:
    upload_entry(st)

report = st.session_state.get("_obs_upload_report")
if report is not None:
    name, result = report
    if not result.ok:
        for problem in result.errors:
            st.warning(t("targets.entry.file_error", lang, name=md_escape(name), message=md_escape(problem_message(problem, lang))))
    else:
        st.success(t("targets.entry.accepted", lang, name=md_escape(name), good=len(result.good), bad=len({p.row for p in result.rejected})))
        for notice in result.notices:
            st.info(t("targets.entry.notice", lang, message=md_escape(problem_message(notice, lang))))
        if result.rejected:
            st.markdown(t("targets.entry.rejected", lang))
            st.dataframe(_problem_table(list(result.rejected)), hide_index=True, width="stretch", key="obs_upload_rejected")

base = state.editor_base()
editor_columns = ["indicator_id", "year", "value", "note"]
base_frame = pd.DataFrame(columns=editor_columns) if base is None else base[editor_columns]
edited = st.data_editor(
    base_frame.astype({"indicator_id": "object", "year": "Int64", "value": "float64", "note": "object"}),
    num_rows="dynamic",
    key=state.OBS_EDITOR_KEY,
    width="stretch",
    column_config={
        "indicator_id": st.column_config.SelectboxColumn(t("targets.entry.col.indicator", lang), options=sorted(known), required=True),
        "year": st.column_config.NumberColumn(t("targets.entry.col.year", lang), min_value=YEAR_MIN, max_value=YEAR_MAX, step=1, format="%d"),
        "value": st.column_config.NumberColumn(t("targets.entry.col.value", lang)),
        "note": st.column_config.TextColumn(t("targets.entry.col.note", lang)),
    },
)
st.caption(t("targets.entry.editor", lang))
edited_rows = edited.dropna(how="all")
if len(edited_rows) or base is not None:
    checked = validate_table(edited_rows, known) if len(edited_rows) else None
    good = checked.good if checked is not None and checked.ok else None
    if observations_key(good) != obs_key:
        state.commit_editor_observations(good)
        st.rerun()
    if checked is not None and checked.rejected:
        st.warning(t("targets.entry.editor_rejected", lang))
        st.dataframe(_problem_table(list(checked.rejected)), hide_index=True, width="stretch", key="obs_editor_rejected")
if obs_key:
    st.caption(t("targets.entry.count", lang, n=len(obs_key)))
    st.button(t("targets.entry.clear", lang), key="obs_clear", on_click=state.set_user_observations, args=(None,))
with st.expander(t("targets.entry.indicators", lang)):
    st.dataframe(
        pd.DataFrame(
            {
                t("targets.entry.col.indicator", lang): list(known),
                t("targets.col.target", lang): [indicator_label(i, lang, ds.targets) for i in known],
                t("targets.entry.col.unit", lang): [unit_label(u, lang) for u in known.values()],
            }
        ),
        hide_index=True, width="stretch", key="obs_known",
    )

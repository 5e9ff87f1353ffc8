"""The targets page's table and detail in words: every cell of the table of plan targets
(:func:`model.targets.assess_targets`), the status colours, the detail lines under each
target, its references and its chart's rows.

:class:`TargetTexts` holds what the words depend on (language, the page's translator with the
study's words, the scenario, and the figures the table was assessed with); the page makes one
and draws what its methods return.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.data import NATIONAL
from model.scenario import Scenario
from model.targets import PROJECTION_YEARS
from model.userdata import USER_SOURCE
from text.i18n import fmt_num, fmt_pct
from text.notes import target_table
from ui import cache, thresholds
from ui import register as register_ui
from ui.charts import Figure
from ui.labels import indicator_label, unit_label
from ui.target_charts import target_detail_chart
from ui.target_status import status_label

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
#: The lines of a target's detail chart, by kind (``targets.chart.<kind>``).
CHART_KINDS = ("observed", "observed_user", "baseline", "scenario", "required", "target", "national")


def target_years() -> tuple[int, int]:
    """The plan's first and last target years (:data:`model.targets.PROJECTION_YEARS`)."""
    return min(PROJECTION_YEARS), max(PROJECTION_YEARS)


def by_pillar(table: pd.DataFrame) -> Iterator[tuple[str, pd.DataFrame]]:
    """(pillar, its targets) in the plan's order of pillars, pillars without a target left out."""
    for pillar in PILLARS:
        rows = table[table["pillar"] == pillar]
        if not rows.empty:
            yield pillar, rows


def has_series(row: pd.Series) -> bool:
    """A target with a provincial series to chart (not a rank, not a group judgement)."""
    return row["status"] != "no_provincial_data" and row["unit"] not in ("rank", "group")


def download_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The assessed table as downloaded: its notes worded in ``lang`` (text.notes), with a
    column saying which latest figures a planner entered."""
    return target_table(table, lang).assign(entered_by_user=table["latest_source"] == USER_SOURCE)


def chart_frame(row: pd.Series, detail: pd.DataFrame, refs: pd.DataFrame) -> pd.DataFrame:
    """The rows of a target's detail chart (year, kind, value, lower, upper): its paths
    (:func:`model.targets.target_detail`, a planner's figures as ``observed_user``), the
    target, and the national series when there is one."""
    parts = [detail.assign(kind=[("observed_user" if u else "observed") if s == "observed" else s for s, u in zip(detail["series"], detail["entered_by_user"], strict=True)])]
    parts.append(pd.DataFrame({"year": [row["target_year"]], "kind": ["target"], "value": [row["target_value"]]}))
    nat = refs[(refs["geography"] == "vn") & (refs["indicator_id"] == row["indicator_id"])]
    if len(nat):
        parts.append(pd.DataFrame({"year": nat["year"], "kind": "national", "value": nat["value"]}))
    return pd.concat(parts, ignore_index=True)[["year", "kind", "value", "lower", "upper"]]


@dataclass(frozen=True)
class TargetTexts:
    """The targets' words in one language.

    lang : "vi" or "en"
    t : the page's translator (:attr:`ui.page.Page.t`: the study's words filled in)
    scenario : the scenario shown (its frame, pushes and lever start)
    obs_key : the planners' figures the table was assessed with (register and session):
        where a planner's latest figure comes from
    """

    lang: str
    t: Callable[..., str]
    scenario: Scenario
    obs_key: tuple

    @property
    def label_col(self) -> str:
        return "label_vi" if self.lang == "vi" else "label_en"

    # -- cells ------------------------------------------------------------------------------
    def unit_of(self, row: pd.Series) -> str:
        return "" if row["unit"] in ("rank", "group") else f" {unit_label(row['unit'], self.lang)}"

    def value_text(self, value: float, row: pd.Series, decimals: int = 1) -> str:
        if pd.isna(value):
            return "–"
        if row["unit"] == "rank":
            return self.t("targets.rank_value", self.lang, value=fmt_num(value, self.lang, 0))
        return fmt_num(value, self.lang, decimals) + self.unit_of(row)

    def goal_text(self, row: pd.Series) -> str:
        lang = self.lang
        if row["comparator"] == "group":
            return self.t("targets.goal.group", lang, year=row["target_year"])
        comparator = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(row["comparator"], row["comparator"])
        if row["unit"] == "rank":
            return f"Top {fmt_num(row['target_value'], lang, 0)} ({row['target_year']})"
        return f"{comparator} {fmt_num(row['target_value'], lang, 0)}{self.unit_of(row)} ({row['target_year']})"

    def latest_text(self, row: pd.Series) -> str:
        if row["status"] == "no_provincial_data":
            return "–"  # the status column says why
        if row["comparator"] == "group":
            return f"{fmt_num(row['latest_value'], self.lang, 4)} ({row['latest_year']})"
        text = f"{self.value_text(row['latest_value'], row)} ({row['latest_year']})"
        by_user = row["latest_source"] == USER_SOURCE
        return text + (" " + register_ui.origin_label(self.obs_key, row["indicator_id"], row["latest_year"], self.lang) if by_user else "")

    def band_text(self, row: pd.Series, year: int) -> str:
        v = row[f"projection_{year}"]
        if pd.isna(v):
            return "–"
        lo, hi = row[f"projection_{year}_lo"], row[f"projection_{year}_hi"]
        if pd.isna(lo) or lo == hi:
            return self.value_text(v, row)
        return f"{self.value_text(v, row)} ({fmt_num(lo, self.lang, 1)}–{fmt_num(hi, self.lang, 1)})"

    def status_text(self, row: pd.Series) -> str:
        return status_label(row, self.lang)  # with the year it rests on and its flags (issue 14)

    def method_text(self, row: pd.Series) -> str:
        method_id = row["status_method_id"] if isinstance(row["status_method_id"], str) else "none"
        return self.t(f"targets.method.{method_id}", self.lang)

    def pace_text(self, row: pd.Series) -> str:
        pts, pct = row["required_pts_per_year"], row["required_pct_per_year"]
        if pd.isna(pts):
            return "–"
        return f"{fmt_num(pts, self.lang, 1)}; {fmt_num(pct, self.lang, 1)} %"

    def years_text(self, row: pd.Series) -> str:
        v = row["years_to_target"]
        if pd.isna(v):
            return "–"
        return self.t("targets.reached", self.lang) if v <= 0 else fmt_num(v, self.lang, 1)

    def national_text(self, row: pd.Series) -> str:
        if pd.isna(row["national_latest_value"]):
            return "–"
        return self.t(
            "targets.national_value", self.lang, value=fmt_num(row["national_latest_value"], self.lang, 1), year=row["national_latest_year"]
        )

    def pace_cell(self, row: pd.Series) -> str:
        pace = self.pace_text(row)
        if pace == "–":
            return pace
        return f"{pace}; ×{fmt_num(row['acceleration_factor'], self.lang, 2)}"

    # -- the table --------------------------------------------------------------------------
    def display_table(self, rows: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
        """The targets ``rows`` as shown: one formatted text per cell, with the projections of
        ``first_year`` and ``last_year`` (the plan's target years)."""
        t, lang = self.t, self.lang
        records = [r for _, r in rows.iterrows()]
        return pd.DataFrame(
            {
                t("targets.col.target", lang): rows[self.label_col].tolist(),
                t("targets.col.goal", lang): [self.goal_text(r) for r in records],
                t("targets.col.latest", lang): [self.latest_text(r) for r in records],
                t("targets.col.p2025", lang): [self.band_text(r, first_year) for r in records],
                t("targets.col.p2030", lang): [self.band_text(r, last_year) for r in records],
                t("targets.col.scenario", lang, year=last_year): [self.value_text(r[f"scenario_{last_year}"], r) for r in records],
                t("targets.col.status", lang): [self.status_text(r) for r in records],
                t("targets.col.method", lang): [self.method_text(r) for r in records],
                t("targets.col.pace", lang): [self.pace_cell(r) for r in records],
                t("targets.col.years", lang): [self.years_text(r) for r in records],
                t("targets.col.national", lang): [self.national_text(r) for r in records],
            }
        )

    def styled_table(self, rows: pd.DataFrame, first_year: int, last_year: int) -> Any:
        """:meth:`display_table` with each status cell in its status's colour, no index (a
        pandas Styler for ``st.table``)."""
        shown = self.display_table(rows, first_year, last_year)
        colours = [STATUS_COLOURS.get(s, "#ffffff") for s in rows["status"]]
        status_col = self.t("targets.col.status", self.lang)
        styled = shown.style.apply(lambda _col, c=colours: [f"background-color: {x}" for x in c], subset=[status_col])
        return styled.hide(axis="index")

    # -- the detail of one target -----------------------------------------------------------
    def expander_title(self, row: pd.Series) -> str:
        return f"{row[self.label_col]} · {self.status_text(row)}"

    def detail_lines(self, row: pd.Series) -> list[str]:
        """The markdown lines above a target's chart: its status and method, the evidence of a
        rank target, the measure and formula of the status, the pace, the projection."""
        t, lang, scenario = self.t, self.lang, self.scenario
        lines = [t("targets.detail.status", lang, status=self.status_text(row), method=self.method_text(row))]
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
            lines.append(t(f"targets.detail.{formula}_formula", lang, base_year=row["base_year"], base=self.value_text(row["base_value"], row), latest_year=row["latest_year"], latest=self.value_text(row["latest_value"], row)))
            if not pd.isna(row["required_pts_per_year"]):
                lines.append(t("targets.detail.pace", lang, pts=fmt_num(row["required_pts_per_year"], lang, 1), pct=fmt_num(row["required_pct_per_year"], lang, 1) + " %", latest_year=row["latest_year"], target=self.value_text(row["target_value"], row, 0), target_year=row["target_year"], accel=fmt_num(row["acceleration_factor"], lang, 2)))
            if isinstance(row["method"], str):
                flags = [t(f"targets.flag.{f.strip()}", lang) for f in str(row["projection_flags"] or "").split(",") if f.strip() and f.strip() != "nan"]
                lines.append(t("targets.detail.projection", lang, method=t(f"targets.projection.{row['method']}", lang), n=row["n_points"], flags=(": " + "; ".join(flags)) if flags else ""))
        if row["target_id"] == cache.study().goal_target:  # which threshold the status uses (issue 14)
            lines += thresholds.goal_lines(scenario, row, lang)
        if row["target_id"] == "records_online_district":
            lines.append(t("targets.district_note", lang))
        return lines

    def detail_figure(self, row: pd.Series, detail: pd.DataFrame, refs: pd.DataFrame) -> Figure:
        """A target's chart: its paths, the target and the national series (:func:`chart_frame`),
        drawn up to the last observed year."""
        t, lang = self.t, self.lang
        observed = detail[detail["series"] == "observed"]
        return target_detail_chart(
            chart_frame(row, detail, refs), lang, labels={k: t(f"targets.chart.{k}", lang) for k in CHART_KINDS},
            x_title=t("common.year_axis", lang), y_title=t("targets.chart.y", lang, unit=unit_label(row["unit"], lang)),
            last_year=int(observed["year"].max()) if len(observed) else None,
            share=str(row["unit"]).startswith("%") and row["unit"] != "%/yr",
        )

    def reference_lines(self, refs: pd.DataFrame) -> str:
        """The reference figures of a target (the latest of each indicator and geography), one
        markdown list line each."""
        t, lang = self.t, self.lang
        study, targets = cache.study(), cache.dataset().targets
        last = refs.groupby(["indicator_id", "geography"], sort=False).tail(1)
        return "\n".join(
            "- " + t("targets.detail.reference_row", lang, name=indicator_label(r.indicator_id, lang, targets), geo=t("targets.geo.vn", lang) if r.geography == NATIONAL else t("targets.geo.plan", lang, name=study.unit_name(r.geography)), value=fmt_num(r.value, lang, 1), unit=unit_label(r.unit, lang), year=r.year)
            for r in last.itertuples(index=False)
        )

    def push_line(self, row: pd.Series) -> str:
        """The target's push in the scenario: "+1,0 %/năm from 2026"."""
        push = self.scenario.push_for(row["target_id"])
        return self.t(
            "targets.detail.push_value", self.lang, value=fmt_num(push, self.lang, 1), unit=unit_label(row["unit"], self.lang), start=self.scenario.push_start
        )

"""Download buttons for pages, and the briefing document.

For pages (each call draws one compact row of small buttons; files are made only when
the button is clicked: Streamlit 1.67's ``st.download_button`` takes a callable for
``data`` and runs it on click, so a page rerun pays nothing for them):

* :func:`table_download` ``(container, df, name, scenario, lang, key, *, title=None)``:
  a CSV button. ``df`` is the table's data (prefer the model's frame with full-precision
  numbers over the formatted display frame); the file is ``<name>.csv`` with the
  scenario's settings and link in ``#`` lines above the table, text cells
  formula-neutralised (:func:`model.export.csv_with_header`).
* :func:`chart_downloads` ``(container, chart, name, key, *, data=None, scenario=None)``:
  PNG and SVG buttons for a chart (a :class:`ui.charts.Figure`; ``<name>.png`` / ``.svg``), plus a CSV of
  ``data`` in the same row when ``data`` and ``scenario`` are given.

Widget keys: ``dl_<key>_png``, ``dl_<key>_svg``, ``dl_<key>_csv``; the row itself has
key ``dl_<key>`` (CSS class ``st-key-dl_<key>``). Keys must be unique on a page.

For the briefing page: :func:`briefing_document` (cached here, next to the code that builds
it: it is keyed by the scenario, language, figures entered, link and date, and holds only
text); its link is :func:`ui.links.app_link`, its big numbers come from :mod:`ui.big_numbers`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from model.briefing import BigNumber, Figure, SourceLine, TargetLine, briefing_html
from model.export import chart_png, chart_svg, csv_with_header
from model.scenario import Scenario
from text.catalogue import CATALOGUE
from text.i18n import fmt_num, t
from ui import cache, charts
from ui.big_numbers import big_numbers, briefing_texts
from ui.labels import unit_label
from ui.links import app_link

#: Dates of the briefing are Vietnamese dates (the plan's users are in Hà Tĩnh).
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: Size of the charts in the briefing [CSS px]; the document scales them to half a page.
BRIEFING_CHART = {"width": 440, "height": 140}
#: A planner's own figure in the briefing's target table (its notes say what the sign means).
USER_MARK = "✎"
#: Readable at that size: horizontal year labels, legend labels never cut.
BRIEFING_CONFIG = {"axisX": {"labelAngle": 0}, "legend": {"labelLimit": 0}}


def _row(container: Any, key: str) -> Any:
    return container.container(horizontal=True, gap="small", key=f"dl_{key}", width="content")


def _lang_now() -> str:
    from ui.state import lang

    return lang()


# --------------------------------------------------------------------------- buttons
def _csv_button(
    container: Any, df: pd.DataFrame, name: str, scenario: Scenario, lang: str, key: str, title: str | None, label: str | None = None
) -> None:
    heading = title or t("export.csv_title", lang, name=name, unit=cache.study().unit_name(scenario.focus), goal_year=cache.study().goal_year)
    link = app_link(scenario, lang)
    frame = df.copy()  # the page may reuse its frame; the file is made later, on click
    container.download_button(
        label or t("export.csv", lang),
        data=lambda: csv_with_header(frame, scenario, title=heading, link=link),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"dl_{key}_csv",
        help=t("export.csv_help", lang),
        icon=":material/download:",
        type="tertiary",
        on_click="ignore",
    )


def table_download(
    container: Any,
    df: pd.DataFrame,
    name: str,
    scenario: Scenario,
    lang: str,
    key: str,
    *,
    title: str | None = None,
    label: str | None = None,
) -> None:
    """A small CSV download button for a table (see the module docstring).

    container : where to draw (``st``, a column, a popover…)
    df : the table's data; name : file name without ``.csv`` (ASCII, no spaces)
    scenario, lang : the page's scenario and language (header lines, link)
    key : unique on the page; the button's key is ``dl_<key>_csv``
    title : first header line (default: "DTI Hà Tĩnh 2030: <name>")
    label : button text (default "CSV")
    """
    _csv_button(_row(container, key), df, name, scenario, lang, key, title, label)


def chart_downloads(
    container: Any,
    chart: Any,
    name: str,
    key: str,
    *,
    data: pd.DataFrame | None = None,
    scenario: Scenario | None = None,
    title: str | None = None,
) -> None:
    """Small PNG and SVG download buttons for a ``chart`` (:class:`ui.charts.Figure`; files ``<name>.png``,
    ``<name>.svg``), and a CSV of ``data`` in the same row if ``data`` and ``scenario`` are
    given. ``key`` is unique on the page (buttons ``dl_<key>_png`` / ``_svg`` / ``_csv``)."""
    lang = _lang_now()
    row = _row(container, key)
    for fmt, render, mime in (("png", chart_png, "image/png"), ("svg", chart_svg, "image/svg+xml")):
        row.download_button(
            t(f"export.{fmt}", lang),
            data=_deferred(render, chart),
            file_name=f"{name}.{fmt}",
            mime=mime,
            key=f"dl_{key}_{fmt}",
            help=t(f"export.{fmt}_help", lang),
            icon=":material/download:",
            type="tertiary",
            on_click="ignore",
        )
    if data is not None and scenario is not None:
        _csv_button(row, data, name, scenario, lang, key, title)


def _deferred(render: Callable[[Any], Any], chart: Any) -> Callable[[], Any]:
    """The file maker for a button: nothing is done now; the self-contained spec is built
    and rendered on click. A figure is not changed after it is drawn, so it can be kept."""
    return lambda: render(chart)


# --------------------------------------------------------------------------- briefing
@dataclass(frozen=True)
class BriefingDocument:
    """The briefing of one scenario: the HTML text, its big numbers (shown on the page
    too) and the file name."""

    html: str
    big_numbers: tuple[BigNumber, ...]
    file_name: str


def today() -> date:
    return datetime.now(TIMEZONE).date()


def format_date(day: date, lang: str) -> str:
    return day.isoformat() if lang == "en" else day.strftime("%d/%m/%Y")


def _maybe(key: str, lang: str, fallback: str, **values: object) -> str:
    return t(key, lang, **values) if key in CATALOGUE else fallback


_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}


def _number(value: float, lang: str) -> str:
    return fmt_num(value, lang, 0 if float(value).is_integer() else 1)


def _with_unit(value: str, unit: object, lang: str) -> str:
    """``80 %`` (vi), ``80%`` (en), ``10 % GRDP`` / ``10% GRDP``: units as the targets page
    names them (:func:`ui.labels.unit_label`)."""
    name = unit_label(str(unit), lang)
    return f"{value}{'' if lang == 'en' and name.startswith('%') else ' '}{name}"


def _present(value: object) -> bool:
    return value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value))


def target_lines(table: pd.DataFrame, lang: str, obs_key: tuple = ()) -> list[TargetLine]:
    """The targets of :func:`model.targets.assess_targets` as translated briefing rows (the
    status as :func:`ui.target_status.status_label` words it); a latest figure from the
    planners (``obs_key``) says where it comes from (the register's department and date, or
    entered by user)."""
    from model.userdata import USER_SOURCE
    from ui.register import origin_label
    from ui.target_status import status_label

    label_col = "label_en" if lang == "en" else "label_vi"
    rows = []
    for r in table.to_dict("records"):
        year = int(r["target_year"])
        if r["unit"] == "rank":
            goal = t("export.target.rank", lang, n=_number(r["target_value"], lang), year=year)
        elif r["comparator"] == "group":
            goal = _maybe(f"export.target.group.{r['target_text']}", lang, f"{r['target_text']} ({year})", year=year)
        else:
            goal = t(
                "export.target.value",
                lang,
                sym=_SYMBOLS.get(r["comparator"], r["comparator"]),
                value=_with_unit(_number(r["target_value"], lang), r["unit"], lang),
                year=year,
            )
        if not _present(r["latest_value"]) or not _present(r["latest_year"]):
            latest = "–"
        elif r["unit"] == "rank":
            latest = t("export.latest.rank", lang, rank=_number(r["latest_value"], lang), year=int(r["latest_year"]))
        elif r["comparator"] == "group":
            latest = t("export.latest.index", lang, value=fmt_num(r["latest_value"], lang, 2), year=int(r["latest_year"]))
        else:
            latest = t(
                "export.latest.value",
                lang,
                value=_with_unit(fmt_num(r["latest_value"], lang, 1), r["unit"], lang),
                year=int(r["latest_year"]),
            )
        origin = origin_label(obs_key, str(r["indicator_id"]), r["latest_year"], lang) if r.get("latest_source") == USER_SOURCE else ""
        if origin == t("targets.by_user", lang):
            origin = USER_MARK  # the page's "✎ entered by user": the sign alone, the notes say what it means (one A4 page)
        if latest != "–" and origin:
            latest += " " + origin
        status = str(r["status"])
        rows.append(TargetLine(str(r[label_col]), goal, latest, status_label(r, lang, short=True), status))
    return rows


def _settings(scenario: Scenario, lang: str, n_obs: int) -> list[tuple[str, str]]:
    def times(value: float, decimals: int = 2) -> str:
        return t("export.setting.times", lang, value=fmt_num(value, lang, decimals))

    rows = [
        (t("common.focus", lang), cache.study().unit_name(scenario.focus)),
        (t("common.frame", lang), t("export.setting.frame_value", lang, frame=scenario.frame)),
        (t("export.setting.top_n", lang), str(scenario.top_n)),
        (t("common.year", lang), str(scenario.year)),
    ]
    caps = cache.study().lever_caps(scenario.frame, scenario.focus)
    for index, value in scenario.lever_values(tuple(k for k, cap in caps.items() if cap > 0 or scenario.lever(k))).items():
        rows.append((t("export.setting.lever", lang, name=t(f"common.index.{index}", lang)), "+" + fmt_num(value, lang, 2)))
    rows += [
        (t("export.setting.pace", lang), times(scenario.others_pace)),
        (t("export.setting.shock", lang), times(scenario.shock_scale)),
        (t("export.setting.persist", lang), times(scenario.persistence)),
        (t("export.setting.draws", lang), fmt_num(scenario.draws, lang)),
        (t("export.setting.seed", lang), str(scenario.seed)),
        (t("export.setting.push_start", lang), str(scenario.push_start)),
        (t("export.setting.trend", lang), times(scenario.trend_multiplier, 1)),
        (t("export.setting.method", lang), _maybe(f"export.method.{scenario.status_method}", lang, scenario.status_method)),
    ]
    pushes = [(k, v) for k, v in scenario.pushes if v != 0.0]
    if pushes:
        rows.append((t("export.setting.pushes", lang), str(len(pushes))))
    if scenario.strengths:
        rows.append((t("export.setting.strengths", lang), str(len(scenario.strengths))))
    if n_obs:
        rows.append((t("export.setting.user_obs", lang), fmt_num(n_obs, lang)))
    return rows


def _assumptions(scenario: Scenario, lang: str, n_obs: int) -> list[str]:
    method = _maybe(f"export.method.{scenario.status_method}", lang, scenario.status_method)
    from ui.words import words

    w = words(scenario, lang)
    items = [
        t("export.assume.frame", lang, **w, plan_frame=max(cache.study().frames)),
        t("export.assume.model", lang, **w, draws=fmt_num(scenario.draws, lang), seed=scenario.seed),
        t(
            "export.assume.multipliers",
            lang,
            pace=fmt_num(scenario.others_pace, lang, 2),
            shock=fmt_num(scenario.shock_scale, lang, 2),
            persist=fmt_num(scenario.persistence, lang, 2),
        ),
        t("export.assume.levers", lang, **w),
        t("export.assume.weights", lang, **w),
        t("export.assume.targets", lang, method=method),
    ]
    if n_obs:
        items.append(t("export.assume.user_obs", lang, count=fmt_num(n_obs, lang)))
    return items


def briefing_charts(scenario: Scenario, lang: str) -> list[tuple[str, Any]]:
    """(caption, chart figure) of the briefing: P(Top N) by year and the rank band, as on
    the ranking page."""
    result = cache.rank_forecast(scenario)
    cases = [t("common.baseline", lang), t("common.scenario", lang)]
    summary = charts.with_case_names(result.table(), cases)
    year_axis = t("common.year_axis", lang)
    n = scenario.top_n
    return [
        (
            t("ranking.chart.p", lang, n=n),
            charts.probability_chart(summary, lang, x_title=year_axis, y_title=t("ranking.chart.p_y", lang), cases=cases),
        ),
        (
            t("ranking.chart.rank", lang),
            charts.rank_band_chart(
                summary, lang, x_title=year_axis, y_title=t("ranking.chart.rank_y", lang), cases=cases, top_n=n, n_units=scenario.frame
            ),
        ),
    ]


@st.cache_data(show_spinner=False, max_entries=16)
def briefing_document(scenario: Scenario, lang: str, obs_key: tuple, link: str, day: date) -> BriefingDocument:
    """The briefing of ``scenario`` in ``lang`` (cached: the two SVG charts take ~0.1–0.3 s
    each, the first conversion in a process ~1–2 s)."""
    ds = cache.dataset()
    numbers = briefing_texts(big_numbers(scenario, obs_key, at_goal=False), lang)
    figures = []
    for caption, chart in briefing_charts(scenario, lang):
        spec = chart.to_dict()
        spec.update(BRIEFING_CHART)
        for part, values in BRIEFING_CONFIG.items():
            spec.setdefault("config", {}).setdefault(part, {}).update(values)
        figures.append(Figure(caption, chart_svg(spec)))
    labels = {
        "title": t("export.doc.title", lang, unit=cache.study().unit_name(scenario.focus), goal_year=cache.study().goal_year),
        "subtitle": t("export.doc.subtitle", lang),
        "generated": t("export.doc.generated", lang),
        "big_numbers": t("export.doc.big_numbers", lang),
        "charts": t("export.doc.charts", lang),
        "settings": t("export.doc.settings", lang),
        "assumptions": t("export.doc.assumptions", lang),
        "targets": t("export.doc.targets", lang),
        "target_col_label": t("export.doc.col.label", lang),
        "target_col_target": t("export.doc.col.target", lang),
        "target_col_latest": t("export.doc.col.latest", lang),
        "target_col_status": t("export.doc.col.status", lang),
        "sources": t("export.doc.sources", lang),
        "sources_note": t("export.doc.sources_note", lang),
        "retrieved": t("export.doc.retrieved", lang),
        "link": t("export.doc.link", lang),
    }
    sources = [
        SourceLine(str(meta["title"]), str(meta["retrieved"]))
        for meta in ds.provenance.values()
    ]
    n_obs = len(obs_key)
    html = briefing_html(
        lang=lang,
        labels=labels,
        settings=_settings(scenario, lang, n_obs),
        big_numbers=numbers,
        figures=figures,
        targets=target_lines(cache.target_assessment(scenario, obs_key), lang, obs_key),
        assumptions=_assumptions(scenario, lang, n_obs),
        sources=sources,
        link=link or t("export.page.no_link", lang),
        generated=format_date(day, lang),
    )
    return BriefingDocument(html, numbers, f"{t('export.file.briefing', lang, unit=scenario.focus)}-{day.isoformat()}.html")

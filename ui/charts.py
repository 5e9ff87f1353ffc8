"""Pure chart builders: a tidy DataFrame (labels already translated) → a :class:`Figure`.

No streamlit here, no arithmetic beyond what a chart encodes: the numbers come from
the model. Number formats follow the language through Vega's locale, so Vietnamese
charts show ``0,76`` and ``72 %``.

Each chart is written in Altair once per *layout* (language, titles, colours, sizes:
the hashable arguments of a ``_*_layout`` function), turned into a Vega-Lite spec and
validated against the schema then; the figure pairs that spec with the rows to draw,
which it reads from the named dataset :data:`DATA`. Building and validating an Altair
chart costs 15–50 ms, and a slider move redraws five charts on the rank page: with
layouts cached, a redraw only changes the data.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

#: Colours chosen for a projector: strong, distinct, colour-blind safe pair.
BASELINE_COLOUR = "#6b7280"
SCENARIO_COLOUR = "#b91c1c"
FOCUS_COLOUR = "#1d4ed8"
FONT_SIZE = 15
#: Style of a highlighted table row (the default method in the model-spread table).
HIGHLIGHT_ROW = "background-color: #dbeafe; font-weight: bold"
#: Longest legend label drawn in full [px] (Vega's default, 160, cut the fan chart's labels).
LEGEND_LABEL_LIMIT = 360
#: The name of the dataset a layout reads its rows from.
DATA = "table"

_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"], "percent": "\u202f%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
#: What Altair's default theme adds to every spec; Streamlit draws Altair charts with the
#: theme "none" (the chart fills its container), so a layout leaves it out too.
_DEFAULT_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart ready to draw or export: a validated Vega-Lite layout and its rows.

    template : the layout's spec (shared between figures and sessions: never modified;
        :meth:`spec` and :meth:`to_dict` return copies)
    data : the rows, read by the layout as the dataset :data:`DATA`
    """

    template: Mapping[str, Any]
    data: pd.DataFrame

    def spec(self) -> dict[str, Any]:
        """The spec with the rows as a DataFrame (``st.vega_lite_chart`` sends it as Arrow)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = {**spec.get("datasets", {}), DATA: self.data}
        return spec

    def to_dict(self) -> dict[str, Any]:
        """The self-contained spec, rows inline as JSON values (for PNG/SVG files)."""
        spec = copy.deepcopy(dict(self.template))
        spec["datasets"] = {**spec.get("datasets", {}), DATA: alt.to_values(self.data)["values"]}
        return spec


def _layout(build: Callable[..., alt.TopLevelMixin]) -> Callable[..., Mapping[str, Any]]:
    """Cache a layout function (hashable arguments → Altair chart) as its validated spec."""

    @functools.lru_cache(maxsize=128)
    def cached(*args: Any, **kwargs: Any) -> Mapping[str, Any]:
        spec = build(*args, **kwargs).to_dict(validate=True)
        if spec.get("config", {}).get("view") == _DEFAULT_THEME_VIEW:
            del spec["config"]["view"]
        return spec

    return functools.wraps(build)(cached)


def _rows() -> alt.Chart:
    """An Altair chart on the figure's rows (the named dataset :data:`DATA`)."""
    return alt.Chart(alt.NamedData(name=DATA))


def _finish(chart: alt.TopLevelMixin, lang: str, height: int = 320) -> alt.TopLevelMixin:
    return (
        chart.properties(height=height)
        .configure(locale={"number": _LOCALES["en" if lang == "en" else "vi"]})
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        # Legend swatches opaque (a band's would be as pale as its 0.16 fill on a projector),
        # and labels long enough for "Ngưỡng Top 15 (điểm đơn vị thứ 15)" not to be cut.
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom", symbolOpacity=1, labelLimit=LEGEND_LABEL_LIMIT)
    )


def _case_colour(cases: tuple[str, ...]) -> alt.Scale:
    return alt.Scale(domain=list(cases), range=[BASELINE_COLOUR, SCENARIO_COLOUR][: len(cases)])


# -- rank page -------------------------------------------------------------------------
def with_case_names(summary: pd.DataFrame, cases: list[str]) -> pd.DataFrame:
    """A rank forecast's table (:meth:`model.engine.RankForecast.table`) with its ``case`` ids
    ("baseline", "scenario") replaced by the names shown, ``cases`` in that order."""
    return summary.assign(case=summary["case"].map({"baseline": cases[0], "scenario": cases[1]}))


def probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str]) -> Figure:
    """P(rank ≤ N) by year. ``df``: year, case (translated), p_top in [0, 1]."""
    return Figure(_probability_layout(lang, x_title, y_title, tuple(cases)), df)


@_layout
def _probability_layout(lang: str, x_title: str, y_title: str, cases: tuple[str, ...]) -> alt.TopLevelMixin:
    base = _rows().encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("case:N", title=None, scale=_case_colour(cases)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("case:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )
    chart = base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90)) + base.mark_text(
        dy=-16, fontSize=FONT_SIZE, fontWeight="bold"
    ).encode(text=alt.Text("p_top:Q", format=".0%"))
    return _finish(chart, lang)


def rank_band_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str], top_n: int, n_units: int) -> Figure:
    """Median rank and its 10–90 % band by year, rank 1 at the top, with the Top-N line.

    ``df``: year, case, median_rank, rank_p10, rank_p90.
    """
    return Figure(_rank_band_layout(lang, x_title, y_title, tuple(cases), top_n, n_units), df)


@_layout
def _rank_band_layout(lang: str, x_title: str, y_title: str, cases: tuple[str, ...], top_n: int, n_units: int) -> alt.TopLevelMixin:
    y_scale = alt.Scale(domain=[n_units, 1], nice=False)
    band = _rows().mark_area(opacity=0.18).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("rank_p90:Q", title=y_title, scale=y_scale),
        y2="rank_p10:Q",
        color=alt.Color("case:N", title=None, scale=_case_colour(cases)),
    )
    line = _rows().mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=80)).encode(
        x="year:O",
        y=alt.Y("median_rank:Q", scale=y_scale),
        color=alt.Color("case:N", scale=_case_colour(cases)),
        tooltip=["year:O", "case:N", "median_rank:Q", "rank_p10:Q", "rank_p90:Q"],
    )
    cut = alt.Chart(pd.DataFrame({"top": [top_n + 0.5]})).mark_rule(strokeDash=[6, 4], color="#111827").encode(y="top:Q")
    return _finish(band + line + cut, lang)


def fan_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, series_order: list[str]) -> Figure:
    """Score fans: ``df`` has year, series (translated), p10, p50, p90 [0–1], and optionally
    a boolean ``dashed`` (that series' median drawn dashed)."""
    return Figure(_fan_layout(lang, x_title, y_title, tuple(series_order), "dashed" in df), df)


@_layout
def _fan_layout(lang: str, x_title: str, y_title: str, series_order: tuple[str, ...], dashed: bool) -> alt.TopLevelMixin:
    colours = alt.Scale(domain=list(series_order), range=[BASELINE_COLOUR, SCENARIO_COLOUR, "#111827"][: len(series_order)])
    band = _rows().mark_area(opacity=0.16).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p10:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=".2f")),
        y2="p90:Q",
        color=alt.Color("series:N", title=None, scale=colours),
    )
    line = _rows().mark_line(strokeWidth=3).encode(
        x="year:O",
        y="p50:Q",
        color=alt.Color("series:N", scale=colours),
        strokeDash=alt.condition(alt.datum.dashed, alt.value([6, 4]), alt.value([1, 0])) if dashed else alt.value([1, 0]),
        tooltip=["year:O", "series:N", alt.Tooltip("p50:Q", format=".4f")],
    )
    return _finish(band + line, lang)


def bar_chart(df: pd.DataFrame, lang: str, *, x: str, y: str, x_title: str, y_title: str, colour: str = FOCUS_COLOUR, fmt: str = ".3f", height: int = 280) -> Figure:
    """Horizontal bars (category ``y``, value ``x``) with value labels, in the rows' order."""
    return Figure(_bar_layout(lang, x, y, x_title, y_title, colour, fmt, height), df)


@_layout
def _bar_layout(lang: str, x: str, y: str, x_title: str, y_title: str, colour: str, fmt: str, height: int) -> alt.TopLevelMixin:
    base = _rows().encode(
        y=alt.Y(f"{y}:N", title=y_title, sort=None),
        x=alt.X(f"{x}:Q", title=x_title),
        tooltip=[f"{y}:N", alt.Tooltip(f"{x}:Q", format=fmt)],
    )
    chart = base.mark_bar(color=colour) + base.mark_text(align="left", dx=4, fontSize=FONT_SIZE).encode(
        text=alt.Text(f"{x}:Q", format=fmt)
    )
    return _finish(chart, lang, height)


def tornado_chart(df: pd.DataFrame, lang: str, *, x_title: str) -> Figure:
    """Tornado: ``df`` has label, p_low, p_high, p_current (probabilities; p_current the
    same on every row), sorted by swing: the bars keep the rows' order."""
    return Figure(_tornado_layout(lang, x_title, len(df)), df)


@_layout
def _tornado_layout(lang: str, x_title: str, n_rows: int) -> alt.TopLevelMixin:
    bars = _rows().mark_bar(height=22, color=SCENARIO_COLOUR, opacity=0.75).encode(
        y=alt.Y("label:N", sort=None, title=None),
        x=alt.X("p_low:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        x2="p_high:Q",
        tooltip=["label:N", alt.Tooltip("p_low:Q", format=".0%"), alt.Tooltip("p_high:Q", format=".0%")],
    )
    # one rule at the current probability (every row carries it)
    now = _rows().mark_rule(color="#111827", strokeWidth=2).encode(x=alt.X("min(p_current):Q"))
    return _finish(bars + now, lang, height=max(200, 34 * n_rows))


def spread_chart(df: pd.DataFrame, lang: str, *, x_title: str) -> Figure:
    """Model spread: P(Top N) of the focus unit under each method, one horizontal bar per
    row in the rows' order, the default method's bar in the focus colour, the others grey.

    ``df``: label (translated method name), p_top in [0, 1] (NaN: the method does not
    apply, no bar), default (bool).
    """
    return Figure(_spread_layout(lang, x_title, len(df)), df)


@_layout
def _spread_layout(lang: str, x_title: str, n_rows: int) -> alt.TopLevelMixin:
    base = _rows().transform_filter("isValid(datum.p_top) && isFinite(datum.p_top)").encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=560)),
        x=alt.X("p_top:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        tooltip=["label:N", alt.Tooltip("p_top:Q", format=".0%")],
    )
    bars = base.mark_bar(height=22).encode(
        color=alt.condition(alt.datum.default, alt.value(FOCUS_COLOUR), alt.value(BASELINE_COLOUR))
    )
    labels = base.mark_text(align="left", dx=4, fontSize=FONT_SIZE, fontWeight="bold").encode(text=alt.Text("p_top:Q", format=".0%"))
    return _finish(bars + labels, lang, height=max(200, 34 * n_rows))


# -- overview --------------------------------------------------------------------------
#: Longest line of a wrapped axis label [characters]: the main indices' full names in two
#: or three lines fit a phone's 390 px beside their bars ("Hoạt động chính quyền số").
LABEL_LINE = 14
#: Marker of the weak main indices (below the maximum; the levers act on them), before the name.
WEAK_MARK = "◆"


def wrap_label(text: str, width: int = LABEL_LINE) -> list[str]:
    """``text`` on one line if it has at most ``width`` characters, else on two broken at
    the space that makes the longer line shortest ("Hoạt động / xã hội số")."""
    words = str(text).split()
    if len(" ".join(words)) <= width or len(words) < 2:
        return [" ".join(words)]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(len(pair[0]), len(pair[1]))))


def _label_lines_expr(labels: tuple[str, ...], marked: tuple[str, ...]) -> str:
    """A Vega expression giving each axis label as its lines (Vega draws an array as
    lines), the weak ones with :data:`WEAK_MARK` before the name."""
    lines = {label: wrap_label((WEAK_MARK + " " if label in marked else "") + label) for label in labels}
    return f"{json.dumps(lines, ensure_ascii=False)}[datum.value] || datum.label"


def components_chart(
    df: pd.DataFrame, lang: str, *, x_title: str, series_order: list[str], marked: list[str] | tuple[str, ...] = ()
) -> Figure:
    """Main indices of the focus province against the mean and the best (``df``: index
    label, series, value in [0, 1]), in the rows' order. Names are drawn in full, wrapped;
    the ``marked`` ones (the weak indices) with :data:`WEAK_MARK`, bold and in the focus colour."""
    labels = tuple(dict.fromkeys(df["index_label"]))
    return Figure(_components_layout(lang, x_title, tuple(series_order), labels, tuple(marked)), df)


@_layout
def _components_layout(
    lang: str, x_title: str, series_order: tuple[str, ...], labels: tuple[str, ...], marked: tuple[str, ...]
) -> alt.TopLevelMixin:
    colours = alt.Scale(domain=list(series_order), range=[FOCUS_COLOUR, BASELINE_COLOUR, "#059669"])
    is_marked = f"indexof({json.dumps(list(marked), ensure_ascii=False)}, datum.value) >= 0"
    axis = alt.Axis(
        labelExpr=_label_lines_expr(labels, marked),
        labelLimit=0,
        labelLineHeight=FONT_SIZE + 3,
        labelFontWeight=alt.condition(is_marked, alt.value("bold"), alt.value("normal")),
        labelColor=alt.condition(is_marked, alt.value(FOCUS_COLOUR), alt.value("#111111")),
    )
    chart = _rows().mark_bar().encode(
        y=alt.Y("index_label:N", title=None, sort=None, axis=axis),
        yOffset=alt.YOffset("series:N", sort=list(series_order)),
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2~f")),
        color=alt.Color("series:N", title=None, scale=colours, sort=list(series_order)),
        tooltip=["index_label:N", "series:N", alt.Tooltip("value:Q", format=".4f")],
    )  # x ticks every 0.25: Vega's own every 0.1 ran together on a phone
    return _finish(chart, lang, height=520)


def history_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, below: str = "") -> Figure:
    """Rank history: ``df`` has year, frame (translated), rank, kind label; rank 1 on top.

    The rank numbers of frame ``below`` (the 63-province one: its ranks are the larger, so
    its line is the lower) are written under their points, the others' above theirs: in a
    year where the two ranks are close (2024: 7 and 11) the labels would overlap.
    """
    return Figure(_history_layout(lang, x_title, y_title, below), df)


@_layout
def _history_layout(lang: str, x_title: str, y_title: str, below: str = "") -> alt.TopLevelMixin:
    base = _rows().encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("rank:Q", title=y_title, scale=alt.Scale(reverse=True, domainMin=1)),
        color=alt.Color("frame:N", title=None),
        tooltip=["year:O", "frame:N", "rank:Q", "kind:N"],
    )
    is_below = alt.datum.frame == below
    above_labels = base.transform_filter(~is_below).mark_text(dy=-16, fontSize=FONT_SIZE, fontWeight="bold")
    below_labels = base.transform_filter(is_below).mark_text(dy=20, fontSize=FONT_SIZE, fontWeight="bold")
    chart = (
        base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=100))
        + above_labels.encode(text="rank:Q")
        + below_labels.encode(text="rank:Q")
    )
    return _finish(chart, lang)


# -- sharing: comparison and presenter view ------------------------------------------
#: One colour per compared scenario: the one shown now, then slots A, B, C (colour-blind safe).
COMPARE_COLOURS = ["#111827", SCENARIO_COLOUR, FOCUS_COLOUR, "#059669"]


def compare_probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, series_order: list[str]) -> Figure:
    """P(Top 15) by year, one line per compared scenario. ``df``: year, series (label), p_top."""
    return Figure(_compare_probability_layout(lang, x_title, y_title, tuple(series_order)), df)


@_layout
def _compare_probability_layout(lang: str, x_title: str, y_title: str, series_order: tuple[str, ...]) -> alt.TopLevelMixin:
    colours = alt.Scale(domain=list(series_order), range=COMPARE_COLOURS[: len(series_order)])
    base = _rows().encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("series:N", title=None, scale=colours, sort=list(series_order)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("series:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )
    return _finish(base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90)), lang)


def compare_indices_chart(df: pd.DataFrame, lang: str, *, x_title: str, series_order: list[str]) -> Figure:
    """Main-index values by 2030 per compared scenario. ``df``: index_label, series, value [0–1]."""
    return Figure(_compare_indices_layout(lang, x_title, tuple(series_order), len(df)), df)


@_layout
def _compare_indices_layout(lang: str, x_title: str, series_order: tuple[str, ...], n_rows: int) -> alt.TopLevelMixin:
    colours = alt.Scale(domain=list(series_order), range=COMPARE_COLOURS[: len(series_order)])
    chart = _rows().mark_bar().encode(
        y=alt.Y("index_label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=list(series_order)),
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, scale=colours, sort=list(series_order)),
        tooltip=["index_label:N", "series:N", alt.Tooltip("value:Q", format=".4f")],
    )
    return _finish(chart, lang, height=max(220, 26 * n_rows))


PRESENTER_FONT_SIZE = 22
#: The presenter's probability axis: every 25 % (Vega's own choice at 1280×720 was 0/40/80 %).
PRESENTER_TICKS = [0.0, 0.25, 0.5, 0.75, 1.0]


def presenter_probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str], height: int = 310) -> Figure:
    """P(Top 15) by year, baseline against scenario, in projector type sizes (horizontal year
    labels; keep ``y_title`` short: Streamlit fits the whole chart, titles included, in ``height``).

    ``df``: year, case (translated), p_top in [0, 1].
    """
    return Figure(_presenter_probability_layout(lang, x_title, y_title, tuple(cases), height), df)


@_layout
def _presenter_probability_layout(lang: str, x_title: str, y_title: str, cases: tuple[str, ...], height: int) -> alt.TopLevelMixin:
    # Every 25 % on the axis, none dropped as overlapping (Vega kept 0/40/80 %). The baseline
    # is drawn dashed over the scenario: with the levers at zero the two lines coincide and
    # a solid baseline under the scenario's line was in the legend but nowhere to be seen.
    dashes = alt.Scale(domain=list(cases), range=[[10, 7], [1, 0]][: len(cases)])
    base = _rows().encode(
        x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%", values=PRESENTER_TICKS, grid=True, labelOverlap=False, labelFontSize=PRESENTER_FONT_SIZE - 4),
        ),
        color=alt.Color("case:N", title=None, scale=_case_colour(cases), legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=5)),
        strokeDash=alt.StrokeDash("case:N", title=None, scale=dashes, legend=None),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("case:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )  # fmt: skip
    scenario_line = base.transform_filter(alt.datum.case == cases[-1]).mark_line(strokeWidth=6, point=alt.OverlayMarkDef(size=160))
    baseline_line = base.transform_filter(alt.datum.case != cases[-1]).mark_line(strokeWidth=4)
    labels = base.transform_filter(alt.datum.case == cases[-1]).mark_text(
        dy=-22, fontSize=PRESENTER_FONT_SIZE, fontWeight="bold"
    )  # the scenario's values only: two rows of labels would overlap on a projector
    chart = scenario_line + baseline_line + labels.encode(text=alt.Text("p_top:Q", format=".0%"))
    return (
        chart.properties(height=height)
        .configure(locale={"number": _LOCALES["en" if lang == "en" else "vi"]})
        .configure_axis(labelFontSize=PRESENTER_FONT_SIZE, titleFontSize=PRESENTER_FONT_SIZE)
        .configure_legend(labelFontSize=PRESENTER_FONT_SIZE, orient="bottom", symbolSize=600, labelLimit=480)
    )

"""Pure chart builders: a tidy DataFrame (labels already translated) → an Altair chart.

No streamlit here, no arithmetic beyond what a chart encodes: the numbers come from
the model. Number formats follow the language through Vega's locale, so Vietnamese
charts show ``0,76`` and ``72 %``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

#: Colours chosen for a projector: strong, distinct, colour-blind safe pair.
BASELINE_COLOUR = "#6b7280"
SCENARIO_COLOUR = "#b91c1c"
FOCUS_COLOUR = "#1d4ed8"
FONT_SIZE = 15

_LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"], "percent": "\u202f%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


def _finish(chart: alt.Chart, lang: str, height: int = 320) -> alt.Chart:
    return (
        chart.properties(height=height)
        .configure(locale={"number": _LOCALES["en" if lang == "en" else "vi"]})
        .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE)
        .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, orient="bottom")
    )


def _case_colour(cases: list[str]) -> alt.Scale:
    return alt.Scale(domain=cases, range=[BASELINE_COLOUR, SCENARIO_COLOUR][: len(cases)])


def probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str]) -> alt.Chart:
    """P(rank ≤ N) by year. ``df``: year, case (translated), p_top in [0, 1]."""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("case:N", title=None, scale=_case_colour(cases)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("case:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )
    chart = base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90)) + base.mark_text(
        dy=-16, fontSize=FONT_SIZE, fontWeight="bold"
    ).encode(text=alt.Text("p_top:Q", format=".0%"))
    return _finish(chart, lang)


def rank_band_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str], top_n: int, n_units: int) -> alt.Chart:
    """Median rank and its 10–90 % band by year, rank 1 at the top, with the Top-N line.

    ``df``: year, case, median_rank, rank_p10, rank_p90.
    """
    y_scale = alt.Scale(domain=[n_units, 1], nice=False)
    band = alt.Chart(df).mark_area(opacity=0.18).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("rank_p90:Q", title=y_title, scale=y_scale),
        y2="rank_p10:Q",
        color=alt.Color("case:N", title=None, scale=_case_colour(cases)),
    )
    line = alt.Chart(df).mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=80)).encode(
        x="year:O",
        y=alt.Y("median_rank:Q", scale=y_scale),
        color=alt.Color("case:N", scale=_case_colour(cases)),
        tooltip=["year:O", "case:N", "median_rank:Q", "rank_p10:Q", "rank_p90:Q"],
    )
    cut = alt.Chart(pd.DataFrame({"top": [top_n + 0.5]})).mark_rule(strokeDash=[6, 4], color="#111827").encode(y="top:Q")
    return _finish(band + line + cut, lang)


def fan_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, series_order: list[str]) -> alt.Chart:
    """Score fans: ``df`` has year, series (translated), p10, p50, p90 [0–1]."""
    colours = alt.Scale(domain=series_order, range=[BASELINE_COLOUR, SCENARIO_COLOUR, "#111827"][: len(series_order)])
    band = alt.Chart(df).mark_area(opacity=0.16).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p10:Q", title=y_title, scale=alt.Scale(zero=False), axis=alt.Axis(format=".2f")),
        y2="p90:Q",
        color=alt.Color("series:N", title=None, scale=colours),
    )
    line = alt.Chart(df).mark_line(strokeWidth=3).encode(
        x="year:O",
        y="p50:Q",
        color=alt.Color("series:N", scale=colours),
        strokeDash=alt.condition(alt.datum.dashed, alt.value([6, 4]), alt.value([1, 0])) if "dashed" in df else alt.value([1, 0]),
        tooltip=["year:O", "series:N", alt.Tooltip("p50:Q", format=".4f")],
    )
    return _finish(band + line, lang)


def bar_chart(df: pd.DataFrame, lang: str, *, x: str, y: str, x_title: str, y_title: str, colour: str = FOCUS_COLOUR, fmt: str = ".3f", height: int = 280) -> alt.Chart:
    """Horizontal bars (category ``y``, value ``x``) with value labels."""
    base = alt.Chart(df).encode(
        y=alt.Y(f"{y}:N", title=y_title, sort=None),
        x=alt.X(f"{x}:Q", title=x_title),
        tooltip=[f"{y}:N", alt.Tooltip(f"{x}:Q", format=fmt)],
    )
    chart = base.mark_bar(color=colour) + base.mark_text(align="left", dx=4, fontSize=FONT_SIZE).encode(
        text=alt.Text(f"{x}:Q", format=fmt)
    )
    return _finish(chart, lang, height)


def tornado_chart(df: pd.DataFrame, lang: str, *, x_title: str) -> alt.Chart:
    """Tornado: ``df`` has label, p_low, p_high, p_current (probabilities), sorted by swing."""
    order = list(df["label"])
    bars = alt.Chart(df).mark_bar(height=22, color=SCENARIO_COLOUR, opacity=0.75).encode(
        y=alt.Y("label:N", sort=order, title=None),
        x=alt.X("p_low:Q", title=x_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        x2="p_high:Q",
        tooltip=["label:N", alt.Tooltip("p_low:Q", format=".0%"), alt.Tooltip("p_high:Q", format=".0%")],
    )
    now = alt.Chart(df.head(1)).mark_rule(color="#111827", strokeWidth=2).encode(x="p_current:Q")
    return _finish(bars + now, lang, height=max(200, 34 * len(df)))


def components_chart(df: pd.DataFrame, lang: str, *, x_title: str, series_order: list[str]) -> alt.Chart:
    """Main indices of the focus province against the mean and the best (``df``: index
    label, series, value in [0, 1])."""
    colours = alt.Scale(domain=series_order, range=[FOCUS_COLOUR, BASELINE_COLOUR, "#059669"])
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("index_label:N", title=None, sort=None),
        yOffset=alt.YOffset("series:N", sort=series_order),
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, scale=colours, sort=series_order),
        tooltip=["index_label:N", "series:N", alt.Tooltip("value:Q", format=".4f")],
    )
    return _finish(chart, lang, height=520)


def history_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str) -> alt.Chart:
    """Rank history: ``df`` has year, frame (translated), rank, kind label; rank 1 on top."""
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("rank:Q", title=y_title, scale=alt.Scale(reverse=True, domainMin=1)),
        color=alt.Color("frame:N", title=None),
        tooltip=["year:O", "frame:N", "rank:Q", "kind:N"],
    )
    chart = base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=100)) + base.mark_text(
        dy=-16, fontSize=FONT_SIZE, fontWeight="bold"
    ).encode(text="rank:Q")
    return _finish(chart, lang)


# -- sharing: comparison and presenter view ------------------------------------------
#: One colour per compared scenario: the one shown now, then slots A, B, C (colour-blind safe).
COMPARE_COLOURS = ["#111827", SCENARIO_COLOUR, FOCUS_COLOUR, "#059669"]


def compare_probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, series_order: list[str]) -> alt.Chart:
    """P(Top 15) by year, one line per compared scenario. ``df``: year, series (label), p_top."""
    colours = alt.Scale(domain=series_order, range=COMPARE_COLOURS[: len(series_order)])
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title=x_title),
        y=alt.Y("p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
        color=alt.Color("series:N", title=None, scale=colours, sort=series_order),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("series:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )
    return _finish(base.mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90)), lang)


def compare_indices_chart(df: pd.DataFrame, lang: str, *, x_title: str, series_order: list[str]) -> alt.Chart:
    """Main-index values by 2030 per compared scenario. ``df``: index_label, series, value [0–1]."""
    colours = alt.Scale(domain=series_order, range=COMPARE_COLOURS[: len(series_order)])
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("index_label:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=series_order),
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("series:N", title=None, scale=colours, sort=series_order),
        tooltip=["index_label:N", "series:N", alt.Tooltip("value:Q", format=".4f")],
    )
    return _finish(chart, lang, height=max(220, 26 * len(df)))


PRESENTER_FONT_SIZE = 22


def presenter_probability_chart(df: pd.DataFrame, lang: str, *, x_title: str, y_title: str, cases: list[str], height: int = 310) -> alt.Chart:
    """P(Top 15) by year, baseline against scenario, in projector type sizes (horizontal year
    labels; keep ``y_title`` short: Streamlit fits the whole chart, titles included, in ``height``).

    ``df``: year, case (translated), p_top in [0, 1].
    """
    base = alt.Chart(df).encode(
        x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("p_top:Q", title=y_title, scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", tickCount=5)),
        color=alt.Color("case:N", title=None, scale=_case_colour(cases)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("case:N"), alt.Tooltip("p_top:Q", format=".0%")],
    )
    labels = base.transform_filter(alt.datum.case == cases[-1]).mark_text(
        dy=-22, fontSize=PRESENTER_FONT_SIZE, fontWeight="bold"
    )  # the scenario's values only: two rows of labels would overlap on a projector
    chart = base.mark_line(strokeWidth=6, point=alt.OverlayMarkDef(size=160)) + labels.encode(
        text=alt.Text("p_top:Q", format=".0%")
    )
    return (
        chart.properties(height=height)
        .configure(locale={"number": _LOCALES["en" if lang == "en" else "vi"]})
        .configure_axis(labelFontSize=PRESENTER_FONT_SIZE, titleFontSize=PRESENTER_FONT_SIZE)
        .configure_legend(labelFontSize=PRESENTER_FONT_SIZE, orient="bottom", symbolSize=300, labelLimit=480)
    )

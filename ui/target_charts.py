"""Pure chart builder of one plan target's detail (observed, baseline band, scenario,
required path, target, last observed year, national reference)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import BASELINE_COLOUR, FOCUS_COLOUR, SCENARIO_COLOUR, _finish

#: Drawing order and style of each series kind: (colour, dash, width).
STYLE = {
    "observed": ("#111827", [], 0),
    "observed_user": ("#d97706", [], 0),
    "baseline": (BASELINE_COLOUR, [8, 5], 3),
    "scenario": (SCENARIO_COLOUR, [], 4),
    "required": (FOCUS_COLOUR, [2, 4], 3),
    "target": ("#047857", [], 0),
    "national": ("#9ca3af", [], 2),
}


def target_detail_chart(
    df: pd.DataFrame,
    lang: str,
    *,
    labels: dict[str, str],
    x_title: str,
    y_title: str,
    last_year: int | None,
    share: bool,
    height: int = 340,
) -> alt.Chart:
    """``df``: year, kind (a key of ``STYLE``), value, lower, upper. ``labels`` translates
    each kind for the legend. The band is drawn from the ``baseline`` rows' lower/upper."""
    kinds = [k for k in STYLE if k in set(df["kind"])]
    data = df.assign(series=df["kind"].map(labels))
    domain = [labels[k] for k in kinds]
    colour = alt.Color(
        "series:N", title=None, scale=alt.Scale(domain=domain, range=[STYLE[k][0] for k in kinds]),
        legend=alt.Legend(orient="bottom", columns=3),
    )
    # a share keeps its ceiling in view but zooms on where the data is (98 → 99.9 % must show)
    y_scale = alt.Scale(domainMax=100, zero=False, clamp=True) if share else alt.Scale(zero=False)
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1))
    layers: list[alt.Chart] = []
    band = data[data["kind"] == "baseline"]
    if len(band):
        layers.append(
            alt.Chart(band).mark_area(opacity=0.15, color=BASELINE_COLOUR).encode(x=x, y=alt.Y("lower:Q", scale=y_scale, title=y_title), y2="upper:Q")
        )
    for kind in ("national", "baseline", "required", "scenario"):
        part = data[data["kind"] == kind]
        if len(part):
            _, dash, width = STYLE[kind]
            layers.append(
                alt.Chart(part).mark_line(strokeDash=dash, strokeWidth=width, point=kind == "national").encode(
                    x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                    tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
                )
            )
    points = data[data["kind"].isin(["observed", "observed_user"])]
    if len(points):
        layers.append(
            alt.Chart(points).mark_point(filled=True, size=140, opacity=1).encode(
                x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
            )
        )
    goal = data[data["kind"] == "target"]
    if len(goal):
        layers.append(
            alt.Chart(goal).mark_point(shape="diamond", filled=True, size=320).encode(
                x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
            )
        )
    if last_year is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"year": [last_year]})).mark_rule(color="#374151", strokeDash=[3, 3]).encode(x=x)
        )
    return _finish(alt.layer(*layers).resolve_scale(color="shared").resolve_legend(color="shared"), lang, height=height)

"""Pure chart builder of one plan target's detail (observed, baseline band, scenario,
required path, target, last observed year, national reference)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ui.charts import (
    BASELINE_COLOUR,
    FOCUS_COLOUR,
    SCENARIO_COLOUR,
    Figure,
    _finish,
    _layout,
    _rows,
)

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
) -> Figure:
    """``df``: year, kind (a key of ``STYLE``), value, lower, upper. ``labels`` translates
    each kind for the legend. The band is drawn from the ``baseline`` rows' lower/upper."""
    present = set(df["kind"])
    kinds = tuple(k for k in STYLE if k in present)
    data = df.assign(series=df["kind"].map(labels))
    layout = _target_layout(lang, tuple((k, labels[k]) for k in kinds), x_title, y_title, last_year, share, height)
    return Figure(layout, data)


@_layout
def _target_layout(
    lang: str,
    kinds: tuple[tuple[str, str], ...],
    x_title: str,
    y_title: str,
    last_year: int | None,
    share: bool,
    height: int,
) -> alt.TopLevelMixin:
    """The layers of the kinds present, ``kinds`` = ((kind, legend label), …) in STYLE order;
    each layer keeps its kind's rows with a filter."""
    present = [k for k, _ in kinds]
    colour = alt.Color(
        "series:N", title=None, scale=alt.Scale(domain=[label for _, label in kinds], range=[STYLE[k][0] for k in present]),
        legend=alt.Legend(orient="bottom", columns=3),
    )
    # a share keeps its ceiling in view but zooms on where the data is (98 → 99.9 % must show)
    y_scale = alt.Scale(domainMax=100, zero=False, clamp=True) if share else alt.Scale(zero=False)
    x = alt.X("year:Q", title=x_title, axis=alt.Axis(format="d", tickMinStep=1))

    def rows_of(*wanted: str) -> alt.Chart:
        return _rows().transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(wanted)))

    layers: list[alt.Chart] = []
    if "baseline" in present:
        layers.append(
            rows_of("baseline").mark_area(opacity=0.15, color=BASELINE_COLOUR).encode(x=x, y=alt.Y("lower:Q", scale=y_scale, title=y_title), y2="upper:Q")
        )
    for kind in ("national", "baseline", "required", "scenario"):
        if kind in present:
            _, dash, width = STYLE[kind]
            layers.append(
                rows_of(kind).mark_line(strokeDash=dash, strokeWidth=width, point=kind == "national").encode(
                    x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                    tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
                )
            )
    observed = [k for k in ("observed", "observed_user") if k in present]
    if observed:
        layers.append(
            rows_of(*observed).mark_point(filled=True, size=140, opacity=1).encode(
                x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
            )
        )
    if "target" in present:
        layers.append(
            rows_of("target").mark_point(shape="diamond", filled=True, size=320).encode(
                x=x, y=alt.Y("value:Q", scale=y_scale, title=y_title), color=colour,
                tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
            )
        )
    if last_year is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"year": [last_year]})).mark_rule(color="#374151", strokeDash=[3, 3]).encode(x=x)
        )
    return _finish(alt.layer(*layers).resolve_scale(color="shared").resolve_legend(color="shared"), lang, height=height)

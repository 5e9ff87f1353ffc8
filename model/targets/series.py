"""Series targets: a figure of the plan's unit with a trend, a projection and a status.

A target whose indicator has a series of the plan's unit (``indicators.csv`` rows with
``geography`` = the plan's unit, planners' figures on top) is projected to the plan's target
years (method notes §5, :mod:`model.projection`: an 80 % band [target unit]), assessed by the
chosen status method (method notes §4, :mod:`model.status`: ``statcan``, ``un2023``,
``un2022``), with the pace it needs [target unit per year; % per year]; once its year has
passed, the figure of that year decides (:func:`model.targets.vocabulary.judge`). Without a
series of the plan's unit the status is :data:`~model.targets.vocabulary.NO_PROVINCIAL_DATA`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from model.notes import note
from model.projection import project
from model.status import (
    acceleration_factor,
    actual_pace,
    assess_status,
    direction_of,
    meets,
    required_pace,
    years_to_target,
)
from model.targets.vocabulary import (
    ACHIEVED_WITHIN_TOLERANCE,
    NO_PROVINCIAL_DATA,
    NOT_ACHIEVED,
    PROJECTION_YEARS,
    UNIVERSAL_TOLERANCE,
    data_note,
    is_universal,
    join_notes,
    judge,
    judged_figure,
    set_status,
)
from model.userdata.codes import SHIPPED_SOURCE, USER_SOURCE


def assess_series(
    row: dict[str, Any],
    t: Mapping[str, Any],
    obs: pd.DataFrame,
    *,
    push: float,
    push_start: int,
    status_method: str,
    recent_weight: float,
    trend_multiplier: float = 1.0,
    plan_unit: str,
) -> None:
    ind = t["indicator_id"]
    prov = obs[(obs["indicator_id"] == ind) & (obs["geography"] == plan_unit) & obs["value"].notna()]
    prov = prov.sort_values("year")
    row["push_per_year"] = float(push)
    if prov.empty:
        row["status"] = NO_PROVINCIAL_DATA
        row["status_method"] = note("status_method.no_series")
        row["method"] = None
        row["note"] = join_notes(data_note(t), note("target.no_plan_unit_figure"))
        return
    years = prov["year"].astype(int).to_numpy()
    values = prov["value"].astype(float).to_numpy()
    origin = prov["origin"].to_numpy()
    bounded = bool(row["bounded_share"])
    row.update(
        n_points=len(years),
        latest_value=float(values[-1]),
        latest_year=int(years[-1]),
        latest_source=USER_SOURCE if origin[-1] == USER_SOURCE else SHIPPED_SOURCE,
        base_value=float(values[0]),
        base_year=int(years[0]),
    )
    comparator = str(t["comparator"])
    target, target_year = float(row["target_value"]), int(row["target_year"])
    d = direction_of(comparator)

    proj = project(
        years, values, bounded=bounded, horizon_years=PROJECTION_YEARS, recent_weight=recent_weight
    )
    scen = project(
        years,
        values,
        bounded=bounded,
        horizon_years=PROJECTION_YEARS,
        recent_weight=recent_weight,
        push_per_year=push,
        push_multiplier=trend_multiplier,
        push_start=push_start,
    )
    row["method"] = proj.method if proj.assessable else None
    row["projection_flags"] = ", ".join(proj.flags) or None
    observed = dict(zip(years.tolist(), values.tolist(), strict=True))
    for year in PROJECTION_YEARS:
        if year in observed:
            v = observed[year]
            row[f"projection_{year}"] = row[f"projection_{year}_lo"] = row[
                f"projection_{year}_hi"
            ] = v
            row[f"scenario_{year}"] = v
            continue
        got, sc = proj.at(year), scen.at(year)
        if got is not None:
            (
                row[f"projection_{year}"],
                row[f"projection_{year}_lo"],
                row[f"projection_{year}_hi"],
            ) = got
        if sc is not None:
            row[f"scenario_{year}"] = sc[0]
    at_target = observed.get(target_year)
    if at_target is None and proj.assessable:
        got = proj.at(target_year) if target_year in PROJECTION_YEARS else None
        if got is None:
            got2 = project(
                years,
                values,
                bounded=bounded,
                horizon_years=[target_year],
                recent_weight=recent_weight,
            )
            got = got2.at(target_year)
        at_target = got[0] if got else None
    row["projected_meets_target"] = (
        None if at_target is None else meets(at_target, target, comparator)
    )

    v_b, b = (float(values[0]), int(years[0])) if len(years) >= 2 else (None, None)
    st = assess_status(
        status_method,
        v_b,
        b,
        float(values[-1]),
        int(years[-1]),
        target,
        target_year,
        comparator=comparator,
        limit=100.0 if bounded and d == 1 else None,
    )
    set_status(row, st, note(f"status_method.{status_method}"))
    row["status_method_id"] = status_method
    pace = required_pace(float(values[-1]), int(years[-1]), target, target_year)
    row["required_pts_per_year"] = pace.points_per_year
    row["required_pct_per_year"] = pace.pct_per_year
    row["years_to_target"] = years_to_target(
        v_b, b, float(values[-1]), int(years[-1]), target, comparator=comparator
    )
    actual = actual_pace(v_b, b, float(values[-1]), int(years[-1])) if v_b is not None else math.nan
    row["acceleration_factor"] = acceleration_factor(pace.points_per_year, actual, d)
    notes = [data_note(t)]
    if not proj.assessable:
        notes.append(note("target.one_point"))
    elif proj.wide:
        notes.append(note("target.wide_projection", n=len(years)))
    judged = judged_figure(observed, target_year)
    if judged is not None:  # the target year has passed: the figure of that year decides
        rule = (
            note("status_method.judged_universal", tolerance=UNIVERSAL_TOLERANCE)
            if is_universal(row)
            else note("status_method.judged")
        )
        judge(row, *judged, comparator, rule)
        if row["status"] == NOT_ACHIEVED:
            notes.append(note("target.year_not_met", year=target_year))
        elif row["status"] == ACHIEVED_WITHIN_TOLERANCE:
            notes.append(note("target.within_tolerance", year=target_year, value=judged[1], tolerance=UNIVERSAL_TOLERANCE))
    if origin[-1] == USER_SOURCE:
        notes.append(note("target.latest_by_user"))
    row["note"] = join_notes(*notes, row.get("note"))

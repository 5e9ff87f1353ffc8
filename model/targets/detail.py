"""One target in detail: its year-by-year series for the detail chart and its reference series.

The observed figures of the plan's unit (planners' figures on top, flagged), the baseline
projection with its 80 % band and the scenario's (method notes §5, :mod:`model.projection`),
and the required straight path to the target (method notes §4) [target unit per year]; the
reference series (``reference_series`` in ``targets.csv``, and the national series of the
target's own indicator) have their own definitions and units and are never the province's
value. Sources: ``targets.csv``, ``indicators.csv``, planners' figures.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from model.data import NATIONAL
from model.projection import is_share_unit, project
from model.status import required_pace
from model.targets.vocabulary import PROJECTION_YEARS, plan_unit_of, table_of
from model.userdata.codes import USER_SOURCE
from model.userdata.observations import merge_observations


def _target_record(data: Any, target_id: str) -> tuple[pd.Series, pd.DataFrame]:
    """(the row of ``target_id`` in targets.csv, the indicators frame); ValueError if unknown."""
    targets = table_of(data, "targets")
    indicators = table_of(data, "indicators")
    if targets is None or indicators is None:
        raise ValueError("data must provide 'targets' and 'indicators' frames")
    match = targets[targets["target_id"] == target_id]
    if match.empty:
        raise ValueError(f"unknown target_id {target_id!r}")
    return match.iloc[0], indicators


DETAIL_LAST_YEAR = max(PROJECTION_YEARS)
DETAIL_SERIES = ("observed", "baseline", "scenario", "required")


def target_detail(
    data: Any,
    target_id: str,
    *,
    user_obs: pd.DataFrame | None = None,
    push: float = 0.0,
    push_start: int | None = None,
    trend_multiplier: float = 1.0,
    recent_weight: float = 0.0,
) -> pd.DataFrame:
    """Year-by-year paths of one series target for its detail chart.

    Returns a tidy frame with columns ``year``, ``series`` (one of ``DETAIL_SERIES``),
    ``value``, ``lower``, ``upper`` [target unit] and ``entered_by_user`` (bool):

    - ``observed``: Hà Tĩnh observations (planners' figures win, flagged ``entered_by_user``);
    - ``baseline``: the projection from the last observed year to 2030 (or the target year
      when later) with its 80 % band, starting at the last observation so the dashed line
      joins the points;
    - ``scenario``: the same with the push (``push`` [unit/yr] from ``push_start``) and the
      trend multiplier; band not drawn (the baseline's band is the reference);
    - ``required``: the straight path from the last observation to the target value in the
      target year (the required pace of method notes §4).

    Empty when the target has no Hà Tĩnh series (rank and group targets included).
    """
    t, indicators = _target_record(data, target_id)
    columns = ["year", "series", "value", "lower", "upper", "entered_by_user"]
    if t["comparator"] == "group" or t["indicator_id"] in ("dti_rank", "pci_rank"):
        return pd.DataFrame(columns=columns)
    plan_unit = plan_unit_of(data)
    obs = merge_observations(indicators, user_obs if user_obs is not None else pd.DataFrame(), plan_unit)
    prov = obs[(obs["indicator_id"] == t["indicator_id"]) & (obs["geography"] == plan_unit) & obs["value"].notna()]
    prov = prov.sort_values("year")
    if prov.empty:
        return pd.DataFrame(columns=columns)
    years = prov["year"].astype(int).to_numpy()
    values = prov["value"].astype(float).to_numpy()
    by_user = (prov["origin"] == USER_SOURCE).to_numpy()
    rows: list[tuple] = [
        (int(y), "observed", float(v), math.nan, math.nan, bool(u))
        for y, v, u in zip(years, values, by_user, strict=True)
    ]
    last_year, last_value = int(years[-1]), float(values[-1])
    bounded = is_share_unit(t["unit"])
    horizon = max(DETAIL_LAST_YEAR, int(t["target_year"]))
    push_start = min(PROJECTION_YEARS) if push_start is None else push_start
    if len(years) >= 2 and last_year < horizon:
        common = dict(bounded=bounded, horizon_years=horizon, recent_weight=recent_weight)
        base = project(years, values, **common)
        scen = project(
            years, values, **common, push_per_year=push, push_multiplier=trend_multiplier, push_start=push_start
        )
        start = (last_year, last_value, last_value, last_value)
        for name, proj in (("baseline", base), ("scenario", scen)):
            rows.append((start[0], name, start[1], start[2], start[3], False))
            rows += [
                (int(y), name, float(c), float(lo), float(hi), False)
                for y, c, lo, hi in zip(proj.years, proj.central, proj.lower, proj.upper, strict=True)
            ]
    target_year, target = int(t["target_year"]), float(t["target_value"])
    if last_year < target_year:
        pace = required_pace(last_value, last_year, target, target_year)
        rows += [
            (y, "required", last_value + pace.points_per_year * (y - last_year), math.nan, math.nan, False)
            for y in range(last_year, target_year + 1)
        ]
    out = pd.DataFrame(rows, columns=columns)
    if bounded:  # the required path of a share never leaves [0, 100] either
        out["value"] = out["value"].clip(0.0, 100.0)
    return out


def reference_observations(data: Any, target_id: str) -> pd.DataFrame:
    """The reference series of one target (``reference_series`` in targets.csv, entries
    ``indicator@geography``; plus the national series of the target's own indicator).

    They have their own definitions and units: the UI shows them labelled as references
    ("national", or "related Hà Tĩnh indicator"), never as the province's value. Columns:
    indicator_id, geography, year, value, unit, confidence, source (shipped rows only).
    """
    t, indicators = _target_record(data, target_id)
    cols = ["indicator_id", "geography", "year", "value", "unit", "confidence", "source"]
    refs = [r.strip() for r in str(t.get("reference_series") or "").split(";") if "@" in r]
    pairs = [tuple(r.split("@", 1)) for r in refs]
    if (t["indicator_id"], NATIONAL) not in pairs:
        pairs.insert(0, (t["indicator_id"], NATIONAL))
    # the target's own Hà Tĩnh series is the province's value, not a reference
    plan_unit = plan_unit_of(data)
    pairs = [(ind, geo) for ind, geo in pairs if not (ind == t["indicator_id"] and geo == plan_unit)]
    parts = [
        indicators[(indicators["indicator_id"] == ind) & (indicators["geography"] == geo) & indicators["value"].notna()]
        for ind, geo in pairs
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)[cols]
    return out.sort_values(["geography", "indicator_id", "year"], kind="stable").reset_index(drop=True)

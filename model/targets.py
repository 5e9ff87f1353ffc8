"""One row per plan target: latest figure, projection, scenario, on-track status.

Sources of each figure
----------------------
* Provincial series: ``indicators.csv`` rows with ``geography == "ha-tinh"`` for the target's
  ``indicator_id``, with planners' figures (``user_obs``) on top (they win for the same year
  and are marked "entered by user"). National rows (``geography == "vn"``) are references
  only: they go to the ``national_*`` columns and never fill ``latest_value``.
* ``cybersecurity_good``: the cybersecurity main index of the DTI (``dti_components.csv``).
* ``dti_top15``: the published DTI ranks (``dti_scores.csv``), or a probability passed in.
* ``pci_top25``: Hà Tĩnh's PCI ranks (``hatinh_pci.csv``) through
  :func:`model.status.rank_target_probability`.

Methods: projection per method notes §5 (:mod:`model.projection`), status per §4
(:mod:`model.status`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.data import NATIONAL, study_setting
from model.projection import is_share_unit, project
from model.status import (
    RANK_METHOD,
    RankForecast,
    Status,
    acceleration_factor,
    actual_pace,
    assess_status,
    direction_of,
    meets,
    probability_status,
    rank_target_probability,
    required_pace,
    years_to_target,
)
from model.userdata import SHIPPED_SOURCE, USER_SOURCE, merge_observations

PROVINCE_SHARE_UNITS = "unit starts with '%' and is not a rate per year ('%/yr')"
"""Rule deciding a bounded share from the unit column (see :func:`is_share_unit`): ``%``,
``% GRDP``, ``% of population`` are shares in [0, 100]; ``%/yr`` growth rates are not."""

PROJECTION_YEARS = (2025, 2030)
"""The plan's target years (the projection columns ``projection_2025`` / ``_2030`` of the
target table); a test keeps them equal to the target years of ``targets.csv``."""
PCI_N_UNITS = 63
"""PCI ranks 63 provinces up to PCI 2024; the history and the target are on that scale."""
PCI_PUBLISHED_TOP = 30
"""From PCI 2023 VCCI publishes composite ranks only for the top 30 (data README)."""
PCI_SEED = 20250701
"""Seed of the PCI rank simulation when no generator is passed (reproducible CLI output)."""
PCI_DRAWS = 4000
CYBER_GOOD_SHARE = 1.0 / 3.0
"""'Good group' (nhóm khá) read as the top third of units on the cybersecurity main index in
the latest DTI year (a project reading: the DTI publishes no group cut-offs)."""
NO_PROVINCIAL_DATA = "no_provincial_data"
NOT_ACHIEVED = "not_achieved"
MET_LATEST = "met_latest"
"""A rank or group goal for a year after the latest figures that those figures meet, with no
probability passed in: "met on the latest figures (year)", never "achieved"."""
NOT_MET_LATEST = "not_met_latest"
"""A group goal for a year after the latest figures that those figures do not meet."""
ACHIEVED_WITHIN_TOLERANCE = "achieved_within_tolerance"
"""A universal target (≥ 100 % of a share) whose year has passed, with the figure of that year
within ``UNIVERSAL_TOLERANCE`` of 100 %."""
JUDGED_METHOD = "observed_at_target_year"
"""``status_method_id`` of a target whose year has passed: judged on the figure of that year."""

STALE_AFTER_YEARS = 2
"""A latest figure more than this many years older than the reference year (the latest year
of any shipped table) is flagged ``stale`` in its status (issue 14: "older than 2 years")."""
UNIVERSAL_TOLERANCE = 1.0
"""[percentage points] A universal target ("phổ cập": ≥ 100 % of a share) whose year has passed
counts as met when the figure of that year is within this of 100 %. A project reading, shown
beside the status (like ``CYBER_GOOD_SHARE``): published coverage shares are whole percents,
and a share of 100 % is rarely published even where service is universal."""
UNIVERSAL_SHARE = 100.0
"""[%] The value of a universal target: the ceiling of a share."""

#: Codes of ``status_flags`` (comma-separated): ``met_latest`` the latest figures meet a goal
#: whose status is a probability; ``stale`` the latest figure is older than
#: ``STALE_AFTER_YEARS`` before the reference year; ``tolerance`` a universal target judged
#: with ``UNIVERSAL_TOLERANCE``. Their numbers are in ``status_args`` (JSON).
STATUS_FLAGS = ("met_latest", "stale", "tolerance")

STATUS_METHOD_TEXT = {
    "statcan": "Statistics Canada / Open SDG: R = d·CAGR_a/|CAGR_r|; on track R ≥ 0.95, "
    "acceleration needed 0.60–0.95, limited progress 0–0.60, deterioration < 0",
    "un2023": "UN SDG Progress Chart 2023 (expected value): P ≥ 0.95 on track, "
    "0.10–0.95 acceleration needed, < 0.10 stagnation or regression",
    "un2022": "UN SDG Progress Chart 2022 (ratio of rates): CR ≥ 0.95 on track, "
    "0.50–0.95 acceleration needed, −0.10–0.50 limited, < −0.10 deterioration",
}

TARGET_COLUMNS = (
    "target_id",
    "pillar",
    "indicator_id",
    "label_vi",
    "label_en",
    "unit",
    "bounded_share",
    "comparator",
    "target_value",
    "target_text",
    "target_year",
    "latest_value",
    "latest_year",
    "latest_source",
    "base_value",
    "base_year",
    "n_points",
    "method",
    "projection_2025",
    "projection_2025_lo",
    "projection_2025_hi",
    "projection_2030",
    "projection_2030_lo",
    "projection_2030_hi",
    "projection_flags",
    "push_per_year",
    "scenario_2025",
    "scenario_2030",
    "projected_meets_target",
    "status",
    "status_method",
    "status_thresholds",
    "status_measure_name",
    "ratio",
    "score",
    "probability",
    "required_pts_per_year",
    "required_pct_per_year",
    "years_to_target",
    "acceleration_factor",
    "reference_series",
    "national_indicator_id",
    "national_latest_value",
    "national_latest_year",
    "evidence",
    "evidence_kind",
    "evidence_args",
    "status_method_id",
    "note",
    "status_flags",
    "status_args",
)
"""Columns of :func:`assess_targets`, in order. ``ratio`` is the status measure (R, P, CR or a
probability, see ``status_measure_name``); ``score`` the Open SDG score (statcan only).
``status_method_id`` names the method for the UI ("statcan", "un2023", "un2022",
"probability_dti", "probability_pci", "latest_rank", "judgement_group", or None without data);
``evidence_kind`` + ``evidence_args`` (a JSON object) carry the evidence of rank and group
targets as numbers, so the UI can word it in either language. ``status_flags`` (codes of
``STATUS_FLAGS``, comma-separated, or None) and ``status_args`` (JSON: latest_year,
reference_year, stale_after, and judged_year / judged_value / tolerance for a target judged on
the figure of its year) qualify the status."""


# ----------------------------------------------------------------------------- input access


def _frame(data: Any, name: str) -> pd.DataFrame | None:
    if isinstance(data, Mapping):
        return data.get(name)
    return getattr(data, name, None)


def plan_unit_of(data: Any) -> str:
    """unit_id of the plan's unit (``study.csv`` key ``plan_unit``): the targets are its own."""
    table = _frame(data, "study")
    if table is None:
        raise ValueError("data must provide the 'study' frame (study.csv) naming the plan's unit")
    return study_setting(table, "plan_unit")


def _nan_to_none(x: Any) -> Any:
    if x is None or x is pd.NA:
        return None
    if isinstance(x, float | np.floating) and not math.isfinite(float(x)):
        return None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def _blank_row(t: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(TARGET_COLUMNS)
    tv = pd.to_numeric(pd.Series([t.get("target_value")]), errors="coerce").iloc[0]
    text = t.get("target_group")
    if not isinstance(text, str) or not text:
        text = str(t.get("target_value"))
    row.update(
        target_id=t["target_id"],
        pillar=t.get("pillar"),
        indicator_id=t.get("indicator_id"),
        label_vi=t.get("label_vi"),
        label_en=t.get("label_en"),
        unit=t.get("unit"),
        bounded_share=is_share_unit(t.get("unit")),
        comparator=t.get("comparator"),
        target_value=float(tv) if pd.notna(tv) else math.nan,
        target_text=text if pd.isna(tv) else f"{t.get('comparator')} {float(tv):g}",
        target_year=int(t["target_year"]),
        reference_series=t.get("reference_series")
        if isinstance(t.get("reference_series"), str)
        else None,
        n_points=0,
        latest_source=None,
        push_per_year=0.0,
    )
    return row


def _notes(*parts: object) -> str:
    return "; ".join(str(p) for p in parts if isinstance(p, str) and p.strip())


def _status_columns(row: dict[str, Any], st: Status, method_text: str) -> None:
    row["status"] = st.category
    row["status_method"] = method_text
    row["status_thresholds"] = st.thresholds_text
    row["status_measure_name"] = st.measure_name
    row["ratio"] = st.measure
    row["score"] = st.score
    if st.warnings:
        row["note"] = _notes(row.get("note"), *st.warnings)


def _flag(row: dict[str, Any], flag: str, **args: Any) -> None:
    """Add ``flag`` to the row's ``status_flags`` and ``args`` to its ``status_args``."""
    flags = [f for f in (row.get("status_flags") or "").split(",") if f]
    if flag not in flags:
        flags.append(flag)
    row["status_flags"] = ",".join(flags)
    _status_args(row, **args)


def _status_args(row: dict[str, Any], **args: Any) -> None:
    current = json.loads(row["status_args"]) if isinstance(row.get("status_args"), str) else {}
    current.update({k: _nan_to_none(v) for k, v in args.items()})
    row["status_args"] = json.dumps(current, sort_keys=True)


def status_flags(row: Mapping[str, Any]) -> list[str]:
    """The ``status_flags`` codes of one row of :func:`assess_targets` (empty list if none)."""
    flags = row.get("status_flags")
    return [f for f in flags.split(",") if f] if isinstance(flags, str) else []


def judged_figure(history: Mapping[int, float], target_year: int) -> tuple[int, float] | None:
    """(year, value) a target whose year has passed is judged on: the figure of the target
    year, else the first one after it; None when no figure is that recent."""
    later = sorted(y for y in history if y >= target_year)
    return (later[0], float(history[later[0]])) if later else None


def is_universal(row: Mapping[str, Any]) -> bool:
    """A universal target: a bounded share that must reach its ceiling (≥ 100 %)."""
    return (
        bool(row.get("bounded_share"))
        and str(row.get("comparator")) in (">=", ">")
        and float(row.get("target_value")) >= UNIVERSAL_SHARE
    )


def latest_state(
    comparator: str, target_value: float, target_year: int, unit: str, latest_value: float | None, latest_year: int | None
) -> str | None:
    """One goal's state from its latest figure alone (the overview's headline goals), by the
    labels of :func:`assess_targets`: ``met_latest`` / ``not_met_latest`` while the target
    year is after the latest figure; ``achieved`` / ``achieved_within_tolerance`` (universal
    targets) / ``not_achieved`` once the figure is of the target year or later; None without
    a figure."""
    if latest_value is None or latest_year is None or (isinstance(latest_value, float) and math.isnan(latest_value)):
        return None
    met = meets(float(latest_value), float(target_value), comparator)
    if int(latest_year) < int(target_year):
        return MET_LATEST if met else NOT_MET_LATEST
    if met:
        return "achieved"
    row = {"bounded_share": is_share_unit(unit), "comparator": comparator, "target_value": target_value}
    if is_universal(row) and float(latest_value) >= UNIVERSAL_SHARE - UNIVERSAL_TOLERANCE:
        return ACHIEVED_WITHIN_TOLERANCE
    return NOT_ACHIEVED


def _judge(row: dict[str, Any], year: int, value: float, comparator: str, method_text: str) -> None:
    """Status of a target whose year has passed, from the figure ``value`` of ``year``:
    achieved, achieved within the universal tolerance, or not achieved."""
    target = float(row["target_value"])
    args: dict[str, Any] = {"judged_year": year, "judged_value": value}
    if meets(value, target, comparator):
        status = "achieved"
    elif is_universal(row) and value >= UNIVERSAL_SHARE - UNIVERSAL_TOLERANCE:
        status = ACHIEVED_WITHIN_TOLERANCE
    else:
        status = NOT_ACHIEVED
    if is_universal(row):
        args["tolerance"] = UNIVERSAL_TOLERANCE
        _flag(row, "tolerance")
    row.update(
        status=status,
        status_method_id=JUDGED_METHOD,
        status_method=method_text,
        status_thresholds=None,
        status_measure_name="observed",
    )
    _status_args(row, **args)


# ----------------------------------------------------------------------------- national refs


def _national_latest(obs: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """{indicator_id: (latest value, its year)} of the national series in ``obs``."""
    nat = obs[(obs["geography"] == NATIONAL) & obs["value"].notna()].sort_values("year", kind="stable")
    last = nat.groupby("indicator_id", sort=False).tail(1)
    return {i: (float(v), int(y)) for i, v, y in zip(last["indicator_id"], last["value"], last["year"], strict=True)}


def _national_reference(row: dict[str, Any], national: Mapping[str, tuple[float, int]]) -> None:
    refs = [r.strip() for r in (row.get("reference_series") or "").split(";") if r.strip()]
    ids = [r.split("@")[0] for r in refs if r.endswith(f"@{NATIONAL}")]
    own = row.get("indicator_id")
    if own in national and own not in ids:
        ids.insert(0, own)
    for ind in ids:
        if ind in national:
            row["national_indicator_id"] = ind
            row["national_latest_value"], row["national_latest_year"] = national[ind]
            return


# ----------------------------------------------------------------------------- target kinds


def _series_target(
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
        row["status_method"] = (
            "no series of the plan's unit: nothing to assess (national series, if any, shown for reference only)"
        )
        row["method"] = None
        row["note"] = _notes(
            t.get("note"), "no published figure of the plan's unit; planners can enter their own"
        )
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
    _status_columns(row, st, STATUS_METHOD_TEXT[status_method])
    row["status_method_id"] = status_method
    pace = required_pace(float(values[-1]), int(years[-1]), target, target_year)
    row["required_pts_per_year"] = pace.points_per_year
    row["required_pct_per_year"] = pace.pct_per_year
    row["years_to_target"] = years_to_target(
        v_b, b, float(values[-1]), int(years[-1]), target, comparator=comparator
    )
    actual = actual_pace(v_b, b, float(values[-1]), int(years[-1])) if v_b is not None else math.nan
    row["acceleration_factor"] = acceleration_factor(pace.points_per_year, actual, d)
    notes = [t.get("note")]
    if not proj.assessable:
        notes.append("one point only: no trend, no projection")
    elif proj.wide:
        notes.append(f"projection on {len(years)} points: wide interval")
    judged = judged_figure(observed, target_year)
    if judged is not None:  # the target year has passed: the figure of that year decides
        _judge(
            row,
            *judged,
            comparator,
            "observed value in the target year against the target"
            + (f" (universal target: met within {UNIVERSAL_TOLERANCE:g} point of 100 %)" if is_universal(row) else ""),
        )
        if row["status"] == NOT_ACHIEVED:
            notes.append(f"target year {target_year} reached without meeting the target")
        elif row["status"] == ACHIEVED_WITHIN_TOLERANCE:
            notes.append(
                f"target year {target_year}: {judged[1]:g} is within {UNIVERSAL_TOLERANCE:g} point of 100 % (universal target)"
            )
    if origin[-1] == USER_SOURCE:
        notes.append("latest figure entered by user")
    row["note"] = _notes(*notes, row.get("note"))


def _cybersecurity(
    row: dict[str, Any], t: Mapping[str, Any], components: pd.DataFrame | None, plan_unit: str
) -> None:
    comp = t.get("dti_component") if isinstance(t.get("dti_component"), str) else "cybersecurity"
    row["method"] = "latest DTI main index"
    row["status_method"] = (
        f"judgement: 'good group' read as the top third of units on the {comp} main index "
        "in the latest DTI year"
    )
    if components is None or components.empty:
        row["status"] = "not_assessable"
        return
    c = components[(components["component"] == comp) & components["value"].notna()]
    mine = c[c["unit_id"] == plan_unit].sort_values(["year", "universe"])
    if mine.empty:
        row["status"] = "not_assessable"
        row["note"] = _notes(t.get("note"), f"no {plan_unit} value of the {comp} index")
        return
    target_year = int(row["target_year"])
    passed = mine[mine["year"] >= target_year]
    # the year a passed target is judged on (its own, else the first after), else the latest
    last = passed[passed["year"] == passed["year"].min()].iloc[-1] if len(passed) else mine.iloc[-1]
    year, universe, value = int(last["year"]), int(last["universe"]), float(last["value"])
    field = c[(c["year"] == year) & (c["universe"] == universe)]
    rounded = field["value"].round(4)
    rank = int((rounded > round(value, 4)).sum()) + 1
    ties = int((rounded == round(value, 4)).sum()) - 1
    n = len(field)
    cut = math.ceil(n * CYBER_GOOD_SHARE)
    good = rank <= cut
    tie_text = f" (tied with {ties} others)" if ties else ""
    joint = "joint " if ties else ""
    evidence = (
        f"DTI {year} ({universe} units): {comp} index {value:.4f}, {joint}rank {rank} of {n}{tie_text}; "
        f"top third = rank ≤ {cut}"
    )
    row.update(
        latest_value=value,
        latest_year=year,
        latest_source=SHIPPED_SOURCE,
        n_points=int(mine["year"].nunique()),
        status=("achieved" if good else NOT_ACHIEVED) if len(passed) else (MET_LATEST if good else NOT_MET_LATEST),
        evidence=evidence,
        evidence_kind="group_rank",
        evidence_args=json.dumps(
            {"year": year, "universe": universe, "value": value, "rank": rank, "ties": ties, "cut": cut},
            sort_keys=True,
        ),
        status_method_id="judgement_group",
        note=_notes(t.get("note"), evidence),
    )
    if len(passed):
        _status_args(row, judged_year=year, judged_value=value)


def _dti_top15(
    row: dict[str, Any],
    t: Mapping[str, Any],
    scores: pd.DataFrame | None,
    probability: float | None,
    plan_unit: str,
) -> None:
    target = float(row["target_value"])
    comparator = str(t["comparator"])
    row["method"] = "published DTI rank"
    if scores is None or scores.empty:
        row["status"] = "not_assessable"
        return
    mine = scores[scores["unit_id"] == plan_unit].sort_values("year")
    if mine.empty:
        row["status"] = "not_assessable"
        return
    last_year = int(mine["year"].max())
    latest = mine[mine["year"] == last_year]
    by_universe = {
        int(u): int(r) for u, r in zip(latest["universe"], latest["dti_rank"], strict=True)
    }
    universe = 63 if 63 in by_universe else max(by_universe)
    rank = by_universe[universe]
    evidence = f"DTI {last_year}: " + " and ".join(
        f"rank {r} of {u}" for u, r in sorted(by_universe.items(), key=lambda kv: -kv[0])
    )
    target_year = int(row["target_year"])
    mine_ranks = mine[mine["universe"] == universe]
    history = {int(y): float(r) for y, r in zip(mine_ranks["year"], mine_ranks["dti_rank"], strict=True)}
    judged = judged_figure(history, target_year)
    met = meets(rank, target, comparator)
    row.update(
        latest_value=float(rank),
        latest_year=last_year,
        latest_source=SHIPPED_SOURCE,
        n_points=int((mine["universe"] == universe).sum()),
        evidence=evidence,
        evidence_kind="dti_rank",
        evidence_args=json.dumps(
            {"year": last_year, "ranks": {str(u): r for u, r in sorted(by_universe.items())}}, sort_keys=True
        ),
        status_method_id="latest_rank" if probability is None else "probability_dti",
    )
    notes = [t.get("note"), evidence]
    if judged is not None:  # the goal year is published: its rank decides
        _judge(row, *judged, comparator, f"published DTI rank of {judged[0]} ({universe} units) against the target")
    elif probability is None:
        # a goal for a later year than the latest ranking: "met on the latest figures", never
        # "achieved" (issue 14); without a simulation nothing more can be said
        row["status"] = MET_LATEST if met else "not_assessable"
        row["status_method"] = "latest published rank against the target (no simulation passed in)"
        if not met:
            notes.append("needs the DTI rank simulation for a status")
    else:
        st = probability_status(float(probability), achieved=met)
        row["probability"] = float(probability)
        _status_columns(
            row,
            st,
            f"probability of rank ≤ {target:g} in {int(row['target_year'])} from the DTI rank "
            "simulation: ≥ 0.80 on track, 0.50–0.80 acceleration needed, < 0.50 limited progress",
        )
        row["method"] = "DTI rank simulation (passed in)"
        if met:
            _flag(row, "met_latest")
            notes.append(f"met on the latest figures ({last_year}); status is about holding it to the target year")
    row["note"] = _notes(*notes)


def _pci_history(
    pci: pd.DataFrame, user: pd.DataFrame | None
) -> tuple[dict[int, float], dict[int, tuple[int, None]], set[int]]:
    sub_cols = [
        c
        for c in pci.columns
        if c not in ("province", "year", "pci_score", "pci_rank", "source", "notes")
    ]
    ranks = pd.to_numeric(pci["pci_rank"], errors="coerce").astype(float)
    hist = {int(y): float(r) for y, r in zip(pci["year"], ranks, strict=True) if pd.notna(r)}
    bounds: dict[int, tuple[int, None]] = {}
    for i, y in enumerate(pci["year"]):
        if pd.isna(ranks.iloc[i]) and sub_cols and pci.iloc[i][sub_cols].notna().any():
            # profile published (sub-indices) but no composite rank → not in the top 30
            bounds[int(y)] = (PCI_PUBLISHED_TOP + 1, None)
    user_years: set[int] = set()
    if user is not None and len(user):
        u = user[user["indicator_id"] == "pci_rank"]
        for y, v in zip(u["year"], u["value"], strict=True):
            hist[int(y)] = float(v)
            bounds.pop(int(y), None)
            user_years.add(int(y))
    return dict(sorted(hist.items())), bounds, user_years


def _pci_top25(
    row: dict[str, Any],
    t: Mapping[str, Any],
    pci: pd.DataFrame | None,
    user: pd.DataFrame | None,
    rng: np.random.Generator,
    n_draws: int,
) -> RankForecast | None:
    target, target_year = float(row["target_value"]), int(row["target_year"])
    comparator = str(t["comparator"])
    if pci is None or pci.empty:
        row["status"] = "not_assessable"
        return None
    hist, bounds, user_years = _pci_history(pci, user)
    if not hist:
        row["status"] = "not_assessable"
        return None
    last_year = max(hist)
    bounds = {y: b for y, b in bounds.items() if y > last_year}
    rank = hist[last_year]
    row.update(
        latest_value=rank,
        latest_year=last_year,
        latest_source=USER_SOURCE if last_year in user_years else SHIPPED_SOURCE,
        n_points=len(hist),
        method=RANK_METHOD,
    )
    notes = [t.get("note")]
    if bounds:
        notes.append(
            "; ".join(
                f"PCI {y}: not in the published top {PCI_PUBLISHED_TOP} (rank > {PCI_PUBLISHED_TOP})"
                for y in sorted(bounds)
            )
        )
    try:
        fc = rank_target_probability(
            hist,
            int(target),
            target_year,
            n_units=PCI_N_UNITS,
            rng=rng,
            n_draws=n_draws,
            rank_bounds={y: (lo, hi) for y, (lo, hi) in bounds.items()},
            horizon_year=max(PROJECTION_YEARS),
        )
    except ValueError as exc:
        row["status"] = "not_assessable"
        row["note"] = _notes(*notes, str(exc))
        return None
    for year in PROJECTION_YEARS:
        if year in hist:
            row[f"projection_{year}"] = row[f"projection_{year}_lo"] = row[
                f"projection_{year}_hi"
            ] = hist[year]
        elif year in fc.years:
            j = fc.years.index(year)
            row[f"projection_{year}"] = fc.median[j]
            row[f"projection_{year}_lo"] = fc.lower[j]
            row[f"projection_{year}_hi"] = fc.upper[j]
    row["probability"] = fc.probability
    latest_is_rank = not bounds  # no later partial information than the last known rank
    met_now = latest_is_rank and meets(rank, target, comparator)
    judged = judged_figure(hist, target_year)
    outside = sorted(y for y in bounds if y >= target_year)
    if judged is not None:  # the target year's rank is known: it decides
        _judge(row, *judged, comparator, "PCI rank of the target year against the target")
    elif outside and bounds[outside[0]][0] > target:  # outside the published top: above the target
        _judge(row, outside[0], float(bounds[outside[0]][0]), comparator, "PCI rank of the target year against the target")
        _status_args(row, judged_outside_top=PCI_PUBLISHED_TOP)  # the rank is only known to be > top
    else:
        # a goal for a later year than the latest rank: its probability, never "achieved"
        st = probability_status(fc.probability, achieved=met_now)
        _status_columns(
            row,
            st,
            f"probability of PCI rank ≤ {target:g} in {target_year} ({fc.method}; "
            f"{fc.n_draws} draws): ≥ 0.80 on track, 0.50–0.80 acceleration needed, < 0.50 limited progress",
        )
        if met_now:
            _flag(row, "met_latest")
            notes.append(f"met on the latest figures ({last_year}); status is about holding it to the target year")
    row["projected_meets_target"] = fc.probability >= 0.5
    notes.extend(fc.notes)
    notes.append(
        f"PCI 2025 may rank 34 units instead of {PCI_N_UNITS}; ranks here are of {PCI_N_UNITS}"
    )
    row["evidence_kind"] = "pci_rank"
    row["evidence_args"] = json.dumps(
        {"year": last_year, "rank": int(rank), "n": PCI_N_UNITS, "outside_top": PCI_PUBLISHED_TOP,
         "outside_years": sorted(bounds), "draws": fc.n_draws,
         "history_from": min(hist), "history_to": max([*hist, *bounds])},
        sort_keys=True,
    )
    if row.get("status_method_id") != JUDGED_METHOD:
        row["status_method_id"] = "probability_pci"
    row["evidence"] = f"PCI rank {int(rank)} of {PCI_N_UNITS} in {last_year}" + (
        f"; {', '.join(str(y) for y in sorted(bounds))}: outside the published top {PCI_PUBLISHED_TOP}"
        if bounds
        else ""
    )
    row["note"] = _notes(*notes)
    return fc


def reference_year(data: Any) -> int | None:
    """The year the age of a latest figure is measured from: the latest year of any shipped
    table the assessment reads (indicators of any geography, DTI scores and main indices, PCI
    rows, partial ones included). Planners' figures do not move it."""
    years = []
    for name in ("indicators", "scores", "components", "pci"):
        table = _frame(data, name)
        if table is not None and len(table) and "year" in table:
            got = pd.to_numeric(table["year"], errors="coerce").max()
            if pd.notna(got):
                years.append(int(got))
    return max(years) if years else None


def _latest_age(row: dict[str, Any], reference: int | None) -> None:
    """Flag ``stale`` when the latest figure is more than ``STALE_AFTER_YEARS`` older than
    ``reference``; record both years in ``status_args``."""
    latest = _nan_to_none(row.get("latest_year"))
    if latest is None or reference is None:
        return
    _status_args(row, latest_year=int(latest), reference_year=reference, stale_after=STALE_AFTER_YEARS)
    if reference - int(latest) > STALE_AFTER_YEARS:
        _flag(row, "stale")
        row["note"] = _notes(
            row.get("note"),
            f"latest figure from {int(latest)}, more than {STALE_AFTER_YEARS} years before {reference}",
        )


# ----------------------------------------------------------------------------- thresholds


def same_percentile_rank(top_n: int, from_size: int, to_size: int) -> int:
    """The Top-N of a ``to_size``-unit frame at the percentile of Top ``top_n`` of a
    ``from_size``-unit frame: ⌈top_n · to_size / from_size⌉ (issue 14), at least 1 and at
    most ``to_size``. Top 15 of 63 → Top 9 of 34 (15·34/63 = 8.1)."""
    if from_size < 1 or to_size < 1 or not 1 <= top_n <= from_size:
        raise ValueError(f"top_n must be from 1 to {from_size}, frames positive: got {top_n}, {from_size}, {to_size}")
    exact = top_n * to_size / from_size
    return int(min(to_size, max(1, math.ceil(exact - 1e-9))))  # an exact product is not rounded up


def plan_frame(frame_first_years: Mapping[int, int]) -> int:
    """The frame the plan's rank goal was written for: the one ranked earliest
    ({frame size: its first year with scores}, e.g. the 63 provinces from 2021); the larger
    frame when two start together."""
    return min(frame_first_years, key=lambda size: (frame_first_years[size], -size))


@dataclass(frozen=True)
class Thresholds:
    """Two readings of a Top-N goal in one frame (issue 14 "thresholds stated").

    frame : the frame shown [units]; top_n : the N a status or P(Top N) uses [rank]
    plan_frame : the frame the goal was written for [units]
    same_percentile : Top ⌈top_n · frame / plan_frame⌉ of ``frame``: the goal's percentile
        in the plan's frame (equal to ``top_n`` in the plan's frame)
    differs : the two readings are different goals
    """

    frame: int
    top_n: int
    plan_frame: int
    same_percentile: int

    @property
    def differs(self) -> bool:
        return self.same_percentile != self.top_n


def thresholds(frame: int, top_n: int, frame_first_years: Mapping[int, int]) -> Thresholds:
    """:class:`Thresholds` of "Top ``top_n`` of ``frame``" with the plan's frame read from
    ``frame_first_years`` (:func:`plan_frame`)."""
    base = plan_frame(frame_first_years)
    n = min(top_n, base)
    return Thresholds(frame, top_n, base, same_percentile_rank(n, base, frame))


@dataclass(frozen=True)
class ThresholdStatuses:
    """Statuses of one goal read both ways, from P(Top N) and P(Top same-percentile)."""

    used: Status
    same_percentile: Status

    @property
    def disagree(self) -> bool:
        return self.used.category != self.same_percentile.category


def threshold_statuses(p_used: float, p_same_percentile: float) -> ThresholdStatuses:
    """The probability status (:func:`model.status.probability_status`) of each reading."""
    return ThresholdStatuses(probability_status(p_used), probability_status(p_same_percentile))


# ----------------------------------------------------------------------------- public API


def assess_targets(
    data: Any,
    *,
    user_obs: pd.DataFrame | None = None,
    pushes: Mapping[str, float] | None = None,
    push_start: int | None = None,
    status_method: str = "statcan",
    dti_top15_probability: float | None = None,
    rng: np.random.Generator | None = None,
    pci_draws: int = PCI_DRAWS,
    recent_weight: float = 0.0,
    trend_multiplier: float = 1.0,
) -> pd.DataFrame:
    """Assess every target of ``targets.csv`` (one row each, columns ``TARGET_COLUMNS``).

    Parameters
    ----------
    data : a :class:`model.data.Dataset`, or any object / mapping with DataFrames
        ``indicators``, ``targets``, ``pci``, ``components``, ``scores``.
    user_obs : planners' figures, the ``good`` frame of :func:`model.userdata.parse_upload`
        or :func:`~model.userdata.validate_table` (indicator_id, year, value, note, source);
        they are Hà Tĩnh figures and win over shipped ones for the same (indicator, year).
        ``pci_rank`` rows extend the PCI rank history.
    pushes : {target_id: extra change per year [target unit]} — the scenario lever; only
        ``scenario_2025/2030`` change (see :func:`model.projection.project`).
    push_start : first year a push acts [calendar year]; None: the first projection year.
    status_method : "statcan" (default), "un2023" or "un2022" (series targets).
    dti_top15_probability : P(Top 15 in 2030) from the DTI rank simulation; None → status on
        the latest published rank.
    rng : generator for the PCI rank simulation; default ``np.random.default_rng(PCI_SEED)``
        (same output on every call).
    pci_draws : draws of that simulation.
    recent_weight : time-weighting λ [1/yr] of the projections (0 = ordinary least squares).
    trend_multiplier : scenario lever on every series' fitted trend from ``push_start`` on
        (1 = the trend as fitted; see :func:`model.projection.project`).

    Status values: the categories of :mod:`model.status` plus "no_provincial_data" (no
    Hà Tĩnh series) and "not_achieved" (a yes/no judgement that fails). Projections:
    ``projection_YYYY`` central, ``_lo``/``_hi`` the 80 % band; a year with an observation
    shows the observation. For rank targets the projection is the median simulated rank and the
    10–90 % band.
    """
    if status_method not in STATUS_METHOD_TEXT:
        raise ValueError(
            f"status_method must be one of {tuple(STATUS_METHOD_TEXT)}, got {status_method!r}"
        )
    targets = _frame(data, "targets")
    indicators = _frame(data, "indicators")
    if targets is None or indicators is None:
        raise ValueError("data must provide 'targets' and 'indicators' frames")
    plan_unit = plan_unit_of(data)
    obs = merge_observations(indicators, user_obs if user_obs is not None else pd.DataFrame(), plan_unit)
    pushes = dict(pushes or {})
    push_start = min(PROJECTION_YEARS) if push_start is None else push_start
    rng = rng if rng is not None else np.random.default_rng(PCI_SEED)
    national = _national_latest(obs[obs["origin"] == SHIPPED_SOURCE])
    reference = reference_year(data)
    rows = []
    for t in targets.to_dict("records"):
        row = _blank_row(t)
        ind = t.get("indicator_id")
        if t.get("comparator") == "group":
            _cybersecurity(row, t, _frame(data, "components"), plan_unit)
        elif ind == "dti_rank":
            _dti_top15(row, t, _frame(data, "scores"), dti_top15_probability, plan_unit)
        elif ind == "pci_rank":
            _pci_top25(row, t, _frame(data, "pci"), user_obs, rng, pci_draws)
        else:
            _series_target(
                row,
                t,
                obs,
                push=float(pushes.get(t["target_id"], 0.0)),
                push_start=push_start,
                status_method=status_method,
                recent_weight=recent_weight,
                trend_multiplier=trend_multiplier,
                plan_unit=plan_unit,
            )
        if ind == "records_online_district" and "abolished" not in str(row.get("note")):
            row["note"] = _notes(
                row.get("note"),
                "the district level was abolished on 1/7/2025: no unit left to measure after that date",
            )
        _national_reference(row, national)
        _latest_age(row, reference)
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(TARGET_COLUMNS))
    float_cols = [
        "target_value",
        "latest_value",
        "base_value",
        "ratio",
        "score",
        "probability",
        "years_to_target",
        "acceleration_factor",
        "required_pts_per_year",
        "required_pct_per_year",
        "national_latest_value",
        "push_per_year",
    ] + [c for c in TARGET_COLUMNS if c.startswith(("projection_20", "scenario_20"))]
    for col in float_cols:
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    for col in ("latest_year", "base_year", "target_year", "national_latest_year", "n_points"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Int64")
    return out


ON_TRACK_STATUSES = ("achieved", ACHIEVED_WITHIN_TOLERANCE, MET_LATEST, "on_track")


@dataclass(frozen=True)
class OnTrackSummary:
    """How many targets of one target year are on track (the third big number of every page
    and of the briefing: the one definition of the target counts).

    ``total`` = ``assessable`` + ``no_data`` + ``not_assessable``.
    """

    year: int
    on_track: int  # a status of ON_TRACK_STATUSES
    assessable: int  # targets with a status other than no data / not assessable
    total: int  # every target of that year
    no_data: int = 0  # no provincial figure (shipped or entered) to assess it on
    not_assessable: int = 0  # a figure, but no status (a group judgement, a rank without the simulation)


def on_track_summary(table: pd.DataFrame, year: int | None = None) -> OnTrackSummary:
    """Count the targets of ``year`` (default: the plan's first target year) in
    :func:`assess_targets`' ``table`` that are on track."""
    year = min(PROJECTION_YEARS) if year is None else year
    of_year = table[table["target_year"] == year]
    no_data = of_year["status"] == NO_PROVINCIAL_DATA
    not_assessable = of_year["status"] == "not_assessable"
    return OnTrackSummary(
        year=year,
        on_track=int(of_year["status"].isin(ON_TRACK_STATUSES).sum()),
        assessable=int((~(no_data | not_assessable)).sum()),
        total=len(of_year),
        no_data=int(no_data.sum()),
        not_assessable=int(not_assessable.sum()),
    )


def _band(row: Mapping[str, Any], year: int) -> dict[str, float] | None:
    v = _nan_to_none(row.get(f"projection_{year}"))
    if v is None:
        return None
    return {
        "value": float(v),
        "lower": _nan_to_none(row.get(f"projection_{year}_lo")),
        "upper": _nan_to_none(row.get(f"projection_{year}_hi")),
    }


def targets_json_lines(data: Any, user_obs: pd.DataFrame | None = None, **kwargs: Any) -> list[str]:
    """One JSON object per target (for ``python -m model targets``), as a list of lines.

    Keys: target_id, latest_value, latest_year, projection_2025, projection_2030 (each
    {value, lower, upper} or null), status, method, status_flags (a list of
    ``STATUS_FLAGS`` codes, may be empty). ``kwargs`` go to :func:`assess_targets`.
    """
    table = assess_targets(data, user_obs=user_obs, **kwargs)
    lines = []
    for row in table.to_dict("records"):
        obj = {
            "target_id": row["target_id"],
            "latest_value": _nan_to_none(row["latest_value"]),
            "latest_year": _nan_to_none(row["latest_year"]),
            **{f"projection_{year}": _band(row, year) for year in PROJECTION_YEARS},
            "status": row["status"],
            "method": _nan_to_none(row["method"]),
            "status_flags": status_flags(row),
        }
        if obj["latest_year"] is not None:
            obj["latest_year"] = int(obj["latest_year"])
        lines.append(json.dumps(obj, ensure_ascii=False, allow_nan=False))
    return lines


def _target_record(data: Any, target_id: str) -> tuple[pd.Series, pd.DataFrame]:
    """(the row of ``target_id`` in targets.csv, the indicators frame); ValueError if unknown."""
    targets = _frame(data, "targets")
    indicators = _frame(data, "indicators")
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

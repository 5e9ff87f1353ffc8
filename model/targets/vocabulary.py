"""The target table's vocabulary: its columns, the codes of its statuses and flags, and the
rules that read and write one row of it.

One row per plan target (``targets.csv``), columns :data:`TARGET_COLUMNS`. Statuses are the
categories of :mod:`model.status` plus this table's own labels (:data:`NO_PROVINCIAL_DATA`,
:data:`NOT_ACHIEVED`, :data:`MET_LATEST`, :data:`NOT_MET_LATEST`,
:data:`ACHIEVED_WITHIN_TOLERANCE`); ``status_flags`` (codes of :data:`STATUS_FLAGS`) and
``status_args`` (JSON) qualify a status; no text: the UI and the command line word the codes,
and the sentences beside a figure (``method`` is a code; ``status_method``, ``evidence`` and
``note`` are notes, :class:`model.notes.Note`) with :mod:`text.notes`.

A bounded share is told from the unit column by :func:`model.projection.is_share_unit`: the
unit starts with "%" and is not a rate per year ("%/yr"): ``%``, ``% GRDP``, ``% of
population`` are shares in [0, 100]; ``%/yr`` growth rates are not.

Sources: the plan's targets (``targets.csv``), the study's plan unit (``study.csv``); the
judgement of a target whose year has passed and the universal-target tolerance are project
readings stated beside each status (issue 14).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from model.data import study_setting
from model.notes import Note, note
from model.projection import is_share_unit
from model.status import Status, meets

PROJECTION_YEARS = (2025, 2030)
"""The plan's target years (the projection columns ``projection_2025`` / ``_2030`` of the
target table); a test keeps them equal to the target years of ``targets.csv``."""
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
"""Columns of :func:`model.targets.assess.assess_targets`, in order. ``method`` is a code: a
projection method of :mod:`model.projection` or a rank method ("dti_main_index",
"dti_published_rank", "dti_rank_simulation", :data:`model.status.RANK_METHOD`);
``status_method`` (the rule the status comes from, with its thresholds) and ``evidence`` are
notes, ``note`` a tuple of notes (the data's note of the target among them, code
``target.data_note``). ``ratio`` is the status measure (R, P, CR or a
probability, see ``status_measure_name``); ``score`` the Open SDG score (statcan only).
``status_method_id`` names the method for the UI ("statcan", "un2023", "un2022",
"probability_dti", "probability_pci", "latest_rank", "judgement_group", or None without data);
``evidence_kind`` + ``evidence_args`` (a JSON object) carry the evidence of rank and group
targets as numbers, so the UI can word it in either language. ``status_flags`` (codes of
``STATUS_FLAGS``, comma-separated, or None) and ``status_args`` (JSON: latest_year,
reference_year, stale_after, and judged_year / judged_value / tolerance for a target judged on
the figure of its year) qualify the status."""


# ----------------------------------------------------------------------------- input access


def table_of(data: Any, name: str) -> pd.DataFrame | None:
    if isinstance(data, Mapping):
        return data.get(name)
    return getattr(data, name, None)


def plan_unit_of(data: Any) -> str:
    """unit_id of the plan's unit (``study.csv`` key ``plan_unit``): the targets are its own."""
    table = table_of(data, "study")
    if table is None:
        raise ValueError("data must provide the 'study' frame (study.csv) naming the plan's unit")
    return study_setting(table, "plan_unit")


def nan_to_none(x: Any) -> Any:
    if x is None or x is pd.NA:
        return None
    if isinstance(x, float | np.floating) and not math.isfinite(float(x)):
        return None
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    return x


def blank_row(t: Mapping[str, Any]) -> dict[str, Any]:
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


def data_note(t: Mapping[str, Any]) -> Note | None:
    """The note of a target in ``targets.csv`` (data, as written there), or None."""
    text = t.get("note")
    return note("target.data_note", text=text) if isinstance(text, str) and text.strip() else None


def join_notes(*parts: Note | tuple[Note, ...] | None) -> tuple[Note, ...]:
    """The notes of ``parts`` (notes, tuples of notes, or None) in order, as one tuple."""
    out: list[Note] = []
    for part in parts:
        if isinstance(part, Note):
            out.append(part)
        elif isinstance(part, tuple):
            out.extend(part)
    return tuple(out)


def set_status(row: dict[str, Any], st: Status, method: Note) -> None:
    """The status columns of ``row`` from ``st``; ``method`` is the rule, as a note."""
    row["status"] = st.category
    row["status_method"] = method
    row["status_thresholds"] = st.thresholds_text
    row["status_measure_name"] = st.measure_name
    row["ratio"] = st.measure
    row["score"] = st.score
    if st.warnings:
        row["note"] = join_notes(row.get("note"), *st.warnings)


def add_flag(row: dict[str, Any], flag: str, **args: Any) -> None:
    """Add ``flag`` to the row's ``status_flags`` and ``args`` to its ``status_args``."""
    flags = [f for f in (row.get("status_flags") or "").split(",") if f]
    if flag not in flags:
        flags.append(flag)
    row["status_flags"] = ",".join(flags)
    add_status_args(row, **args)


def add_status_args(row: dict[str, Any], **args: Any) -> None:
    current = json.loads(row["status_args"]) if isinstance(row.get("status_args"), str) else {}
    current.update({k: nan_to_none(v) for k, v in args.items()})
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


def judge(row: dict[str, Any], year: int, value: float, comparator: str, method: Note) -> None:
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
        add_flag(row, "tolerance")
    row.update(
        status=status,
        status_method_id=JUDGED_METHOD,
        status_method=method,
        status_thresholds=None,
        status_measure_name="observed",
    )
    add_status_args(row, **args)


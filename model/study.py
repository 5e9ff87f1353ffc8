"""The study set-up: whose plan, which frames and units, which years, which goal, which levers.

Everything here is read from ``data/`` (nothing about the study is written in the code):

- the plan's unit and the headline ranking goal's target id: ``study.csv``;
- the goal rank and goal year: that target's row of ``targets.csv``;
- the frames (63 pre-merger provinces, 34 units since 1 July 2025) and their units: the
  ``universe`` values and rows of ``dti_scores.csv`` (the 34 frame's earlier years are
  back-cast by the ministry's mean rule, :func:`model.data.score_panel`);
- the last observed year: the latest year of ``dti_scores.csv``; each frame's forecast
  starts from its own last year (a year published only for 34 units, as DTI 2025 will be,
  leaves the 63 frame at its own last year);
- the lever main indices: the main indices of ``dti_components.csv`` in the last observed
  year; each unit's headroom (1 − value) bounds its levers.

A new DTI year is therefore a data drop: rows for year Y in ``dti_scores.csv`` and
``dti_components.csv`` (with their provenance) make Y the last observed year everywhere.

Pure (pandas only); :func:`build_study` reads a loaded :class:`~model.data.Dataset`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from model.data import MAIN_INDICES, Dataset, components_wide, score_panel

#: A lever value above a unit's headroom by less than this is accepted (float noise) [index points].
HEADROOM_TOL = 1e-9


@dataclass(frozen=True)
class FrameInfo:
    """One ranking frame.

    size : number of units ranked (63 or 34)
    unit_ids / unit_names : the units in order of their rank in ``last_year``
    years : every year with scores in this frame (published or back-cast)
    last_year : the frame's latest year with scores: its forecast starts there
    """

    size: int
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    years: tuple[int, ...]
    last_year: int


@dataclass(frozen=True)
class Study:
    """The study, read from the data (see the module docstring).

    plan_unit : unit_id whose plan ``targets.csv`` holds; the default focus unit
    goal_target : target_id of the headline ranking goal; goal_rank [rank] and
        goal_year [year] are its target value and year
    frames : the frame sizes, e.g. (34, 63); default_frame : the frame of today's units
    frame_info : {size: FrameInfo}
    last_year : latest year with DTI scores in any frame
    horizon : last forecast year (the goal year, or the year after the last observed one)
    lever_indices : main indices published in ``last_year``, in the weights file's order
    headroom : {(frame, unit_id): {main index: 1 − value}} for the units whose main indices
        are known in the frame's last year [index points]
    estimation_frame / estimation_years : the panel the rank model is estimated on
    to_unit34 : {province63_id: unit34_id} (the 2025 merger)
    """

    plan_unit: str
    goal_target: str
    goal_rank: int
    goal_year: int
    frames: tuple[int, ...]
    default_frame: int
    frame_info: Mapping[int, FrameInfo]
    last_year: int
    horizon: int
    lever_indices: tuple[str, ...]
    headroom: Mapping[tuple[int, str], Mapping[str, float]]
    estimation_frame: int
    estimation_years: tuple[int, ...]
    to_unit34: Mapping[str, str]
    target_ids: tuple[str, ...]

    # -- years ---------------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        """Forecast years that every frame simulates: last observed year + 1 … horizon."""
        return tuple(range(self.last_year + 1, self.horizon + 1))

    @property
    def goal_year_in_forecast(self) -> int:
        """The goal year, or the nearest forecast year when the goal year is outside them."""
        years = self.years
        return min(max(self.goal_year, years[0]), years[-1])

    def sim_years(self, frame: int) -> tuple[int, ...]:
        """Years simulated in ``frame``: from its own last year + 1 to the horizon."""
        return tuple(range(self.frame_info[frame].last_year + 1, self.horizon + 1))

    def base_year(self, frame: int) -> int:
        return self.frame_info[frame].last_year

    # -- units ---------------------------------------------------------------------------
    def units(self, frame: int) -> tuple[str, ...]:
        return self.frame_info[frame].unit_ids

    def unit_name(self, unit_id: str) -> str:
        for info in self.frame_info.values():
            if unit_id in info.unit_ids:
                return info.unit_names[info.unit_ids.index(unit_id)]
        raise KeyError(unit_id)

    def unit_in_frame(self, unit_id: str, frame: int) -> str:
        """The unit of ``frame`` that stands for ``unit_id`` (the ministry's merger rule).

        63 → 34: the unit the province merged into. 34 → 63: the province of the same id
        when there is one (the merged unit kept its name), else the first province of the
        unit in the merger table. A unit already in ``frame`` is itself.
        """
        units = self.units(frame)
        if unit_id in units:
            return unit_id
        if unit_id in self.to_unit34 and self.to_unit34[unit_id] in units:
            return self.to_unit34[unit_id]
        members = [p for p, u in self.to_unit34.items() if u == unit_id and p in units]
        if members:
            return members[0]
        raise KeyError(f"{unit_id!r} has no counterpart in the {frame}-unit frame")

    def lever_caps(self, frame: int, focus: str) -> dict[str, float]:
        """Upper bound of each lever [index points]: the unit's headroom 1 − value in its
        frame's last year, rounded to the slider's 0.01 step (the composite still caps the index
        at 1.0); 0 where the main indices
        are not published for the unit (the 63 frame's merged provinces)."""
        room = self.headroom.get((frame, focus))
        if room is None:
            return dict.fromkeys(self.lever_indices, 0.0)
        return {k: max(0.0, round(float(room.get(k, 0.0)), 2)) for k in self.lever_indices}

    def has_main_indices(self, frame: int, focus: str) -> bool:
        return (frame, focus) in self.headroom


def _frame_info(ds: Dataset, frame: int) -> FrameInfo:
    panel = score_panel(ds, frame)
    years = tuple(sorted(int(y) for y in panel["year"].unique()))
    last = panel[panel["year"] == years[-1]].sort_values(["dti_rank", "unit_id"], kind="stable")
    return FrameInfo(
        size=frame,
        unit_ids=tuple(last["unit_id"]),
        unit_names=tuple(last["unit_name"]),
        years=years,
        last_year=years[-1],
    )


def _headroom(ds: Dataset, frame: int, info: FrameInfo, singles: set[str]) -> dict[tuple[int, str], dict[str, float]]:
    """Main-index headroom of every unit whose main indices are known in ``frame``'s last year.

    A 63-frame province that was not merged has the same main indices as its 34 unit (the
    ministry's rule keeps an unmerged province's values), so those are used where the 63
    table itself lacks them.
    """
    out: dict[tuple[int, str], dict[str, float]] = {}
    def published(f: int) -> pd.DataFrame:
        wide = components_wide(ds, f, info.last_year)[list(MAIN_INDICES)]
        return wide.loc[:, wide.notna().any()]  # the main indices of that year's framework

    own = published(frame)
    fallback = {f: published(f) for f in sorted(set(ds.scores["universe"].astype(int)) - {frame})}
    for unit in info.unit_ids:
        row = None
        if unit in own.index and own.loc[unit].notna().all():
            row = own.loc[unit]
        elif unit in singles:
            for wide in fallback.values():
                if unit in wide.index and wide.loc[unit].notna().all():
                    row = wide.loc[unit]
                    break
        if row is not None:
            out[(frame, unit)] = {k: 1.0 - float(row[k]) for k in row.index}
    return out


def build_study(ds: Dataset) -> Study:
    """The study of ``ds`` (see :class:`Study`); raises ValueError when the data cannot
    define one (no scores, a goal target without a year)."""
    setup = dict(zip(ds.study["key"], ds.study["value"], strict=True))
    goal_target = setup["goal_target"]
    goal = ds.targets[ds.targets["target_id"] == goal_target].iloc[0]
    goal_rank, goal_year = int(round(float(goal["target_value"]))), int(goal["target_year"])
    frames = tuple(sorted(int(u) for u in ds.scores["universe"].unique()))
    info = {f: _frame_info(ds, f) for f in frames}
    last_year = max(i.last_year for i in info.values())
    merger = ds.merger
    to_unit34 = dict(zip(merger["province63_id"], merger["unit34_id"], strict=True))
    n_today = int(merger["unit34_id"].nunique())
    default_frame = n_today if n_today in frames else max(frames)
    counts = merger.groupby("unit34_id")["province63_id"].agg(list)
    singles = {members[0] for uid, members in counts.items() if len(members) == 1 and members[0] == uid}
    comps = ds.components
    published = set(comps.loc[comps["year"] == last_year, "component"])
    lever_indices = tuple(k for k in MAIN_INDICES if k in published)
    headroom: dict[tuple[int, str], dict[str, float]] = {}
    for f in frames:
        headroom.update(_headroom(ds, f, info[f], singles))
    # Estimate on the frame with the most units whose scores reach the last observed year.
    estimation_frame = max(f for f in frames if info[f].last_year == last_year)
    return Study(
        plan_unit=setup["plan_unit"],
        goal_target=goal_target,
        goal_rank=goal_rank,
        goal_year=goal_year,
        frames=frames,
        default_frame=default_frame,
        frame_info=info,
        last_year=last_year,
        horizon=max(goal_year, last_year + 1),
        lever_indices=lever_indices,
        headroom=headroom,
        estimation_frame=estimation_frame,
        estimation_years=info[estimation_frame].years,
        to_unit34=to_unit34,
        target_ids=tuple(ds.targets["target_id"]),
    )


def plan_applies(study: Study, focus: str) -> bool:
    """True when the plan's targets (``targets.csv``) are the focus unit's own."""
    return focus == study.plan_unit


def frame_units_table(study: Study, frame: int) -> pd.DataFrame:
    """unit_id, unit_name of ``frame`` (rank order of its last year)."""
    info = study.frame_info[frame]
    return pd.DataFrame({"unit_id": info.unit_ids, "unit_name": info.unit_names})

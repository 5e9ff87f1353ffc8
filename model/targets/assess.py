"""One row per plan target: latest figure, projection, scenario, on-track status.

Sources of each figure
----------------------
* Provincial series: ``indicators.csv`` rows with ``geography == "ha-tinh"`` for the target's
  ``indicator_id``, with planners' figures (``user_obs``) on top (they win for the same year
  and are marked "entered by user"). National rows (``geography == "vn"``) are references
  only: they go to the ``national_*`` columns and never fill ``latest_value``.
* ``cybersecurity_good``, ``dti_top15``, ``pci_top25``: :mod:`model.targets.ranks`.

Methods: projection per method notes §5 (:mod:`model.projection`), status per §4
(:mod:`model.status`); each kind of target is assessed by its own module
(:mod:`model.targets.series`, :mod:`model.targets.ranks`), the row's vocabulary is
:mod:`model.targets.vocabulary`. Also here: the age of a latest figure (``stale``), the
count of targets on track (the one definition every page and the briefing use) and the
command line's records (one JSON object per target).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from model.data import NATIONAL
from model.notes import note
from model.status import STATUS_METHODS
from model.targets.ranks import PCI_DRAWS, PCI_SEED, assess_dti_rank, assess_group, assess_pci_rank
from model.targets.series import assess_series
from model.targets.vocabulary import (
    ACHIEVED_WITHIN_TOLERANCE,
    MET_LATEST,
    NO_PROVINCIAL_DATA,
    PROJECTION_YEARS,
    STALE_AFTER_YEARS,
    TARGET_COLUMNS,
    add_flag,
    add_status_args,
    blank_row,
    join_notes,
    nan_to_none,
    plan_unit_of,
    status_flags,
    table_of,
)
from model.userdata.codes import SHIPPED_SOURCE
from model.userdata.observations import merge_observations

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


def reference_year(data: Any) -> int | None:
    """The year the age of a latest figure is measured from: the latest year of any shipped
    table the assessment reads (indicators of any geography, DTI scores and main indices, PCI
    rows, partial ones included). Planners' figures do not move it."""
    years = []
    for name in ("indicators", "scores", "components", "pci"):
        table = table_of(data, name)
        if table is not None and len(table) and "year" in table:
            got = pd.to_numeric(table["year"], errors="coerce").max()
            if pd.notna(got):
                years.append(int(got))
    return max(years) if years else None


def _latest_age(row: dict[str, Any], reference: int | None) -> None:
    """Flag ``stale`` when the latest figure is more than ``STALE_AFTER_YEARS`` older than
    ``reference``; record both years in ``status_args``."""
    latest = nan_to_none(row.get("latest_year"))
    if latest is None or reference is None:
        return
    add_status_args(row, latest_year=int(latest), reference_year=reference, stale_after=STALE_AFTER_YEARS)
    if reference - int(latest) > STALE_AFTER_YEARS:
        add_flag(row, "stale")
        row["note"] = join_notes(row.get("note"), note("target.stale", year=int(latest), n=STALE_AFTER_YEARS, reference=reference))


def _data_note_says(row: Mapping[str, Any], word: str) -> bool:
    """Whether the data's own note of the target (``targets.csv``) already says ``word``."""
    return any(n.code == "target.data_note" and word in n.params["text"] for n in row.get("note") or ())


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
    if status_method not in STATUS_METHODS:
        raise ValueError(f"status_method must be one of {STATUS_METHODS}, got {status_method!r}")
    targets = table_of(data, "targets")
    indicators = table_of(data, "indicators")
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
        row = blank_row(t)
        ind = t.get("indicator_id")
        if t.get("comparator") == "group":
            assess_group(row, t, table_of(data, "components"), plan_unit)
        elif ind == "dti_rank":
            assess_dti_rank(row, t, table_of(data, "scores"), dti_top15_probability, plan_unit)
        elif ind == "pci_rank":
            assess_pci_rank(row, t, table_of(data, "pci"), user_obs, rng, pci_draws)
        else:
            assess_series(
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
        if ind == "records_online_district" and not _data_note_says(row, "abolished"):
            row["note"] = join_notes(row.get("note"), note("target.district_abolished"))
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
    v = nan_to_none(row.get(f"projection_{year}"))
    if v is None:
        return None
    return {
        "value": float(v),
        "lower": nan_to_none(row.get(f"projection_{year}_lo")),
        "upper": nan_to_none(row.get(f"projection_{year}_hi")),
    }


def target_records(data: Any, user_obs: pd.DataFrame | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    """One JSON-ready object per target (what ``python -m model targets`` prints, one a line).

    Keys: target_id, latest_value, latest_year, projection_2025, projection_2030 (each
    {value, lower, upper} or null), status, method (a code of the ``method`` column: the
    command line words it), status_flags (a list of ``STATUS_FLAGS`` codes, may be empty).
    ``kwargs`` go to :func:`assess_targets`.
    """
    table = assess_targets(data, user_obs=user_obs, **kwargs)
    records = []
    for row in table.to_dict("records"):
        obj = {
            "target_id": row["target_id"],
            "latest_value": nan_to_none(row["latest_value"]),
            "latest_year": nan_to_none(row["latest_year"]),
            **{f"projection_{year}": _band(row, year) for year in PROJECTION_YEARS},
            "status": row["status"],
            "method": nan_to_none(row["method"]),
            "status_flags": status_flags(row),
        }
        if obj["latest_year"] is not None:
            obj["latest_year"] = int(obj["latest_year"])
        records.append(obj)
    return records

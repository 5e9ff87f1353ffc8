"""Rank and group targets: the DTI rank goal, the PCI rank goal and the cybersecurity group.

Sources of each figure
----------------------
* ``cybersecurity_good``: the cybersecurity main index of the DTI (``dti_components.csv``),
  "good group" read as the top third of units (:data:`CYBER_GOOD_SHARE`).
* ``dti_top15``: the published DTI ranks (``dti_scores.csv``), or a probability passed in
  (P(Top N) of the DTI rank simulation, :mod:`model.engine`).
* ``pci_top25``: the plan unit's PCI ranks (``hatinh_pci.csv``) through
  :func:`model.status.rank_target_probability` (an AR(1) on ranks, method notes §4) [rank
  of :data:`PCI_N_UNITS`].

A goal for a later year than the latest figures is "met on the latest figures" or has a
probability, never "achieved"; once its year is published, that year's figure decides.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from model.notes import note
from model.status import (
    RANK_METHOD,
    RankForecast,
    TooFewTransitions,
    meets,
    probability_status,
    rank_target_probability,
)
from model.targets.vocabulary import (
    JUDGED_METHOD,
    MET_LATEST,
    NOT_ACHIEVED,
    NOT_MET_LATEST,
    PROJECTION_YEARS,
    add_flag,
    add_status_args,
    data_note,
    join_notes,
    judge,
    judged_figure,
    set_status,
)
from model.userdata.codes import SHIPPED_SOURCE, USER_SOURCE

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


def assess_group(
    row: dict[str, Any], t: Mapping[str, Any], components: pd.DataFrame | None, plan_unit: str
) -> None:
    """Fill ``row`` for a group goal ("nhóm khá" on a DTI main index): the plan unit's rank on
    the index in the latest DTI year (or the goal's year, once published) against the top third."""
    comp = t.get("dti_component") if isinstance(t.get("dti_component"), str) else "cybersecurity"
    row["method"] = "dti_main_index"
    row["status_method"] = note("status_method.group", index=comp)
    if components is None or components.empty:
        row["status"] = "not_assessable"
        return
    c = components[(components["component"] == comp) & components["value"].notna()]
    mine = c[c["unit_id"] == plan_unit].sort_values(["year", "universe"])
    if mine.empty:
        row["status"] = "not_assessable"
        row["note"] = join_notes(data_note(t), note("target.no_index_value", unit=plan_unit, index=comp))
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
    evidence = note(
        "target.group_evidence_tied" if ties else "target.group_evidence",
        year=year, universe=universe, index=comp, value=value, rank=rank, n=n, ties=ties, cut=cut,
    )  # fmt: skip
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
        note=join_notes(data_note(t), evidence),
    )
    if len(passed):
        add_status_args(row, judged_year=year, judged_value=value)


def assess_dti_rank(
    row: dict[str, Any],
    t: Mapping[str, Any],
    scores: pd.DataFrame | None,
    probability: float | None,
    plan_unit: str,
) -> None:
    """Fill ``row`` for the DTI rank goal: the published ranks, and the probability of the DTI
    rank simulation when one is passed in; once the goal's year is published, its rank decides."""
    target = float(row["target_value"])
    comparator = str(t["comparator"])
    row["method"] = "dti_published_rank"
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
    evidence = note(
        "target.dti_evidence",
        year=last_year,
        ranks=tuple(note("target.rank_of", rank=r, n=u) for u, r in sorted(by_universe.items(), key=lambda kv: -kv[0])),
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
    notes = [data_note(t), evidence]
    if judged is not None:  # the goal year is published: its rank decides
        judge(row, *judged, comparator, note("status_method.judged_dti", year=judged[0], universe=universe))
    elif probability is None:
        # a goal for a later year than the latest ranking: "met on the latest figures", never
        # "achieved" (issue 14); without a simulation nothing more can be said
        row["status"] = MET_LATEST if met else "not_assessable"
        row["status_method"] = note("status_method.latest_rank")
        if not met:
            notes.append(note("target.needs_dti_simulation"))
    else:
        st = probability_status(float(probability), achieved=met)
        row["probability"] = float(probability)
        set_status(row, st, note("status_method.probability_dti", target=target, year=int(row["target_year"])))
        row["method"] = "dti_rank_simulation"
        if met:
            add_flag(row, "met_latest")
            notes.append(note("target.met_latest_holding", year=last_year))
    row["note"] = join_notes(*notes)


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


def assess_pci_rank(
    row: dict[str, Any],
    t: Mapping[str, Any],
    pci: pd.DataFrame | None,
    user: pd.DataFrame | None,
    rng: np.random.Generator,
    n_draws: int,
) -> RankForecast | None:
    """Fill ``row`` for the PCI rank goal: P(rank ≤ target in the goal year) of the AR(1) on
    the rank history (years outside the published top 30 as bounds); the simulation is
    returned (None when the history cannot support it)."""
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
    notes = [data_note(t)]
    notes += [note("target.pci_outside_top", year=y, top=PCI_PUBLISHED_TOP) for y in sorted(bounds)]
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
    except TooFewTransitions as exc:
        row["status"] = "not_assessable"
        row["note"] = join_notes(*notes, exc.note)
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
        judge(row, *judged, comparator, note("status_method.judged_pci"))
    elif outside and bounds[outside[0]][0] > target:  # outside the published top: above the target
        judge(row, outside[0], float(bounds[outside[0]][0]), comparator, note("status_method.judged_pci"))
        add_status_args(row, judged_outside_top=PCI_PUBLISHED_TOP)  # the rank is only known to be > top
    else:
        # a goal for a later year than the latest rank: its probability, never "achieved"
        st = probability_status(fc.probability, achieved=met_now)
        rule = note(
            "status_method.probability_pci",
            target=target,
            year=target_year,
            method=note(f"target_method.{fc.method}"),
            draws=fc.n_draws,
        )
        set_status(row, st, rule)
        if met_now:
            add_flag(row, "met_latest")
            notes.append(note("target.met_latest_holding", year=last_year))
    row["projected_meets_target"] = fc.probability >= 0.5
    notes.extend(fc.notes)
    notes.append(note("target.pci_frame_caveat", n=PCI_N_UNITS))
    row["evidence_kind"] = "pci_rank"
    row["evidence_args"] = json.dumps(
        {"year": last_year, "rank": int(rank), "n": PCI_N_UNITS, "outside_top": PCI_PUBLISHED_TOP,
         "outside_years": sorted(bounds), "draws": fc.n_draws,
         "history_from": min(hist), "history_to": max([*hist, *bounds])},
        sort_keys=True,
    )
    if row.get("status_method_id") != JUDGED_METHOD:
        row["status_method_id"] = "probability_pci"
    row["evidence"] = (
        note("target.pci_evidence_outside", rank=int(rank), n=PCI_N_UNITS, year=last_year, years=tuple(sorted(bounds)), top=PCI_PUBLISHED_TOP)
        if bounds
        else note("target.pci_evidence", rank=int(rank), n=PCI_N_UNITS, year=last_year)
    )
    row["note"] = join_notes(*notes)
    return fc

"""Figures of the overview page: the focus unit's history in both frames, its main indices
against the units of today's frame, and the plan's headline goals against the latest data."""

from __future__ import annotations

import pandas as pd

from model.data import Dataset, components_wide, score_panel
from model.study import Study
from model.targets.vocabulary import latest_state


def focus_history(ds: Dataset, study: Study, focus: str) -> pd.DataFrame:
    """The focus unit's score and rank per year and frame (in each frame, the unit that
    stands for it by the merger rule, :meth:`Study.unit_in_frame`).

    Columns: year, frame (63 | 34), unit_id, dti_score, dti_rank, kind ("published",
    "backcast"; for the earlier ranks of the partial history file (another methodology)
    "earlier", or "derived" where its note says the rank was derived, e.g. Hà Tĩnh's 2021).
    """
    rows = []
    for frame in sorted(study.frames, reverse=True):
        unit = study.unit_in_frame(focus, frame)
        panel = score_panel(ds, frame)
        own = panel[panel["unit_id"] == unit]
        for r in own.itertuples(index=False):
            rows.append({"year": int(r.year), "frame": frame, "unit_id": unit, "dti_score": float(r.dti_score), "dti_rank": int(r.dti_rank), "kind": r.kind})
    early = ds.history[ds.history["dti_rank"].notna()]
    for r in early.itertuples(index=False):
        if int(r.universe) in study.frames and r.unit_id == study.unit_in_frame(focus, int(r.universe)):
            score = float(r.dti_score) if pd.notna(r.dti_score) else float("nan")
            kind = "derived" if "derived" in str(r.note) else "earlier"
            rows.append({"year": int(r.year), "frame": int(r.universe), "unit_id": r.unit_id, "dti_score": score, "dti_rank": int(r.dti_rank), "kind": kind})
    return pd.DataFrame(rows).sort_values(["frame", "year"], ascending=[False, True]).reset_index(drop=True)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """One row per year: the score in the largest frame and the ranks in both frames (NaN
    where none).

    ``history`` is :func:`focus_history`'s output. Columns: year, dti_score, rank63, rank34.
    """
    wide = history.pivot_table(index="year", columns="frame", values="dti_rank", aggfunc="first")
    scores = history[history["frame"] == history["frame"].max()].groupby("year")["dti_score"].first()
    return pd.DataFrame(
        {
            "year": wide.index,
            "dti_score": scores.reindex(wide.index).to_numpy(),
            "rank63": wide.get(63, pd.Series(index=wide.index, dtype=float)).to_numpy(),
            "rank34": wide.get(34, pd.Series(index=wide.index, dtype=float)).to_numpy(),
        }
    )


def component_comparison(ds: Dataset, study: Study, focus: str) -> pd.DataFrame:
    """Each main index in the last observed year, in today's frame: the focus unit's value
    (its unit in that frame), the mean and the best of the frame's units, and its competition
    rank among them (ties share a rank) [index values 0–1]. Empty when the main indices of
    that year are not published for today's frame."""
    frame = study.default_frame
    unit = study.unit_in_frame(focus, frame)
    indices = list(study.lever_indices)
    wide = components_wide(ds, frame, study.frame_info[frame].last_year)[indices]
    if unit not in wide.index:
        return pd.DataFrame(columns=["main_index", "focus", "mean", "best", "rank", "at_max"])
    own = wide.loc[unit]
    ranks = wide.rank(ascending=False, method="min")
    return pd.DataFrame(
        {
            "main_index": indices,
            "focus": own.to_numpy(),
            "mean": wide.mean().to_numpy(),
            "best": wide.max().to_numpy(),
            "rank": ranks.loc[unit].astype(int).to_numpy(),
            "at_max": (own >= 1.0).to_numpy(),
        }
    )


#: The plan's headline goals shown on the overview besides its ranking goal (target ids of
#: targets.csv; the ranking goal is the study's ``goal_target``).
HEADLINE_TARGETS = ("dvc_level4", "fiber_households", "epayment_accounts", "digital_econ_grdp", "pci_top25")


def headline_goals(ds: Dataset, study: Study) -> pd.DataFrame:
    """The plan's headline targets with the plan unit's latest figure, if any.

    Columns: target_id, label_vi, label_en, comparator, target_value, unit, target_year,
    latest_value, latest_year, met (True/False, or None without a provincial figure), state
    (:func:`model.targets.vocabulary.latest_state`: a goal for a later year is only "met on the latest
    figures", a passed one is judged with the universal tolerance; None without a figure).
    Ranks come from the data (the latest DTI rank in the largest frame, the frame the plan
    was set in; PCI latest published rank).
    """
    targets = ds.targets.set_index("target_id")
    rows = []
    for target_id in (study.goal_target, *HEADLINE_TARGETS):
        row = targets.loc[target_id]
        latest_value = latest_year = None
        if target_id == study.goal_target:
            own = ds.scores[(ds.scores["unit_id"] == study.plan_unit) & (ds.scores["universe"] == max(study.frames))]
            last = own.sort_values("year").iloc[-1]
            latest_value, latest_year = float(last["dti_rank"]), int(last["year"])
        elif target_id == "pci_top25":
            pci = ds.pci.dropna(subset=["pci_rank"]).sort_values("year")
            if len(pci):
                latest_value, latest_year = float(pci.iloc[-1]["pci_rank"]), int(pci.iloc[-1]["year"])
        else:
            obs = ds.indicators[(ds.indicators["indicator_id"] == row["indicator_id"]) & (ds.indicators["geography"] == study.plan_unit)]
            if len(obs):
                last = obs.sort_values("year").iloc[-1]
                latest_value, latest_year = float(last["value"]), int(last["year"])
        met = None
        if latest_value is not None:
            target = float(row["target_value"])
            met = {"<=": latest_value <= target, ">=": latest_value >= target, ">": latest_value > target}.get(row["comparator"])
        state = latest_state(
            str(row["comparator"]), float(row["target_value"]), int(row["target_year"]), str(row["unit"]), latest_value, latest_year
        )
        rows.append(
            {
                "target_id": target_id,
                "label_vi": row["label_vi"],
                "label_en": row["label_en"],
                "comparator": row["comparator"],
                "target_value": row["target_value"],
                "unit": row["unit"],
                "target_year": int(row["target_year"]),
                "latest_value": latest_value,
                "latest_year": latest_year,
                "met": met,
                "state": state,
            }
        )
    return pd.DataFrame(rows)


def rank_moves(ds: Dataset, study: Study) -> pd.DataFrame:
    """Median absolute rank change of the units from one year to the next in the estimation
    panel (method notes §2: 5 and 7 places on the shipped data). Columns: from_year,
    to_year, median_abs_change [places]."""
    panel = score_panel(ds, study.estimation_frame)
    wide = panel.pivot(index="unit_id", columns="year", values="dti_rank")[list(study.estimation_years)]
    years = list(study.estimation_years)
    rows = [
        {"from_year": a, "to_year": b, "median_abs_change": float((wide[b] - wide[a]).abs().median())}
        for a, b in zip(years[:-1], years[1:], strict=True)
    ]
    return pd.DataFrame(rows)


def goal_frame_facts(ds: Dataset, study: Study) -> dict[str, object]:
    """What the "Top N of what?" caveat states, from the data: plan_frame (the largest
    frame, the one the plan's goal was set in), small_frame, share (goal rank / plan frame
    [fraction]), both_year (the latest year published in every frame, or None) and
    plan_ranks {frame: the plan unit's published rank that year}."""
    scores = ds.scores[ds.scores["unit_id"] == study.plan_unit]
    by_year = scores.groupby("year")["universe"].nunique()
    both = [int(y) for y, n in by_year.items() if n == len(study.frames)]
    both_year = max(both) if both else None
    ranks = {}
    if both_year is not None:
        rows = scores[scores["year"] == both_year]
        ranks = {int(u): int(r) for u, r in zip(rows["universe"], rows["dti_rank"], strict=True)}
    plan_frame = max(study.frames)
    return {
        "plan_frame": plan_frame,
        "small_frame": min(study.frames),
        "share": study.goal_rank / plan_frame,
        "both_year": both_year,
        "plan_ranks": dict(sorted(ranks.items(), reverse=True)),
    }

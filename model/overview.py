"""Figures of the overview page: Hà Tĩnh's history in both frames, its main indices
against the 34 units, and the plan's headline goals against the latest data."""

from __future__ import annotations

import pandas as pd

from model.data import FOCUS_UNIT, MAIN_INDICES, Dataset, components_wide, score_panel


def focus_history(ds: Dataset) -> pd.DataFrame:
    """Hà Tĩnh's score and rank per year and frame.

    Columns: year, frame (63 | 34), dti_score, dti_rank, kind ("published", "backcast",
    or "derived" for the 2021 rank from the partial history file).
    """
    rows = []
    for frame in (63, 34):
        panel = score_panel(ds, frame)
        own = panel[panel["unit_id"] == FOCUS_UNIT]
        for r in own.itertuples(index=False):
            rows.append({"year": int(r.year), "frame": frame, "dti_score": float(r.dti_score), "dti_rank": int(r.dti_rank), "kind": r.kind})
    early = ds.history[(ds.history["unit_id"] == FOCUS_UNIT) & ds.history["dti_rank"].notna()]
    for r in early.itertuples(index=False):
        score = float(r.dti_score) if pd.notna(r.dti_score) else float("nan")
        rows.append({"year": int(r.year), "frame": 63, "dti_score": score, "dti_rank": int(r.dti_rank), "kind": "derived"})
    return pd.DataFrame(rows).sort_values(["frame", "year"], ascending=[False, True]).reset_index(drop=True)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """One row per year: the 63-frame score and the ranks in both frames (NaN where none).

    ``history`` is :func:`focus_history`'s output. Columns: year, dti_score, rank63, rank34.
    """
    wide = history.pivot_table(index="year", columns="frame", values="dti_rank", aggfunc="first")
    scores = history[history["frame"] == 63].set_index("year")["dti_score"]
    return pd.DataFrame(
        {
            "year": wide.index,
            "dti_score": scores.reindex(wide.index).to_numpy(),
            "rank63": wide.get(63, pd.Series(index=wide.index, dtype=float)).to_numpy(),
            "rank34": wide.get(34, pd.Series(index=wide.index, dtype=float)).to_numpy(),
        }
    )


def component_comparison(ds: Dataset, year: int = 2024) -> pd.DataFrame:
    """Each main index in ``year``: Hà Tĩnh's value, the mean and the best of the 34 units,
    and Hà Tĩnh's competition rank among them (ties share a rank) [index values 0–1]."""
    wide = components_wide(ds, 34, year)[list(MAIN_INDICES)]
    own = wide.loc[FOCUS_UNIT]
    ranks = wide.rank(ascending=False, method="min")
    return pd.DataFrame(
        {
            "main_index": list(MAIN_INDICES),
            "ha_tinh": own.to_numpy(),
            "mean": wide.mean().to_numpy(),
            "best": wide.max().to_numpy(),
            "rank": ranks.loc[FOCUS_UNIT].astype(int).to_numpy(),
            "at_max": (own >= 1.0).to_numpy(),
        }
    )


#: The headline goals shown on the overview (target ids of targets.csv).
HEADLINE_TARGETS = ("dti_top15", "dvc_level4", "fiber_households", "epayment_accounts", "digital_econ_grdp", "pci_top25")


def headline_goals(ds: Dataset) -> pd.DataFrame:
    """The headline targets with the latest provincial figure, if any.

    Columns: target_id, label_vi, label_en, comparator, target_value, unit, target_year,
    latest_value, latest_year, met (True/False, or None without a provincial figure).
    Ranks come from the data (DTI 2024 rank of 63; PCI latest published rank).
    """
    targets = ds.targets.set_index("target_id")
    rows = []
    for target_id in HEADLINE_TARGETS:
        row = targets.loc[target_id]
        latest_value = latest_year = None
        if target_id == "dti_top15":
            own = ds.scores[(ds.scores["unit_id"] == FOCUS_UNIT) & (ds.scores["universe"] == 63)]
            last = own.sort_values("year").iloc[-1]
            latest_value, latest_year = float(last["dti_rank"]), int(last["year"])
        elif target_id == "pci_top25":
            pci = ds.pci.dropna(subset=["pci_rank"]).sort_values("year")
            if len(pci):
                latest_value, latest_year = float(pci.iloc[-1]["pci_rank"]), int(pci.iloc[-1]["year"])
        else:
            obs = ds.indicators[(ds.indicators["indicator_id"] == row["indicator_id"]) & (ds.indicators["geography"] == FOCUS_UNIT)]
            if len(obs):
                last = obs.sort_values("year").iloc[-1]
                latest_value, latest_year = float(last["value"]), int(last["year"])
        met = None
        if latest_value is not None:
            target = float(row["target_value"])
            met = {"<=": latest_value <= target, ">=": latest_value >= target, ">": latest_value > target}.get(row["comparator"])
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
            }
        )
    return pd.DataFrame(rows)

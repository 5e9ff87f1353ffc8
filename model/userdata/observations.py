"""Planners' figures merged with the shipped ones, and the key the caches hold them by.

A planner's figure is a figure of the plan's unit (``study.csv``): it replaces the shipped
row of that unit for the same (indicator, year) and is marked "entered by user" (``source``
and ``origin``); national rows are never replaced. A newer file's figure replaces an older
one for the same (indicator, year). Units [indicator unit] are those of ``indicators.csv``.
"""

from __future__ import annotations

import pandas as pd

from model.userdata.codes import SHIPPED_SOURCE, USER_SOURCE


def add_observations(previous: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Planners' figures ``previous`` with the ``new`` ones added (both frames as in
    :attr:`UploadResult.good`); a new figure replaces a previous one for the same (indicator,
    year). Sorted by indicator and year; neither input is modified."""
    if previous is None or len(previous) == 0:
        return new.copy()
    return (
        pd.concat([previous, new], ignore_index=True)
        .drop_duplicates(["indicator_id", "year"], keep="last")
        .sort_values(["indicator_id", "year"], kind="stable")
        .reset_index(drop=True)
    )


def merge_observations(shipped: pd.DataFrame, user: pd.DataFrame, plan_unit: str) -> pd.DataFrame:
    """Shipped observations with planners' figures on top (neither input is modified).

    ``shipped`` has the columns of ``indicators.csv``; ``user`` those of
    :attr:`UploadResult.good`. User rows become rows of the plan's unit (``geography =
    plan_unit``, ``study.csv``) with ``source = "entered by user"`` and replace any shipped
    row of that unit with the same
    (indicator_id, year); national rows are never replaced. A column ``origin`` says
    "shipped" or "entered by user" for every row.
    """
    base = shipped.copy()
    base["origin"] = SHIPPED_SOURCE
    if user is None or len(user) == 0:
        return base.reset_index(drop=True)
    u = user.copy()
    u["year"] = u["year"].astype("int64")
    keys = set(zip(u["indicator_id"].astype(str), u["year"].astype(int), strict=True))
    is_prov = base["geography"].astype(str) == plan_unit
    hit = [
        bool(p) and (str(i), int(y)) in keys
        for p, i, y in zip(is_prov, base["indicator_id"], base["year"], strict=True)
    ]
    kept = base.loc[~pd.Series(hit, index=base.index)]
    units = (
        shipped.drop_duplicates("indicator_id").set_index("indicator_id")["unit"].to_dict()
        if "unit" in shipped
        else {}
    )
    new = pd.DataFrame(
        {
            "indicator_id": u["indicator_id"].astype(str).to_numpy(),
            "geography": plan_unit,
            "year": u["year"].to_numpy(),
            "period": u["year"].astype(str).to_numpy(),
            "value": u["value"].astype(float).to_numpy(),
            "unit": [units.get(i) for i in u["indicator_id"].astype(str)],
            "confidence": "user",
            "source": USER_SOURCE,
            "note": u["note"].to_numpy() if "note" in u else "",
            "origin": USER_SOURCE,
        }
    )
    new = new[
        [c for c in kept.columns if c in new.columns]
        + [c for c in new.columns if c not in kept.columns]
    ]
    out = pd.concat([kept, new], ignore_index=True)
    return out.sort_values(["indicator_id", "geography", "year"], kind="stable").reset_index(
        drop=True
    )


#: Columns of a figures frame as the caches key it (:func:`observations_key`).
OBS_COLUMNS = ("indicator_id", "year", "value", "note", "source")


def observations_key(df: pd.DataFrame | None) -> tuple:
    """A hashable, order-independent key of ``df`` for the caches (empty tuple: none)."""
    if df is None or len(df) == 0:
        return ()
    rows = zip(*(df[c].tolist() if c in df else [None] * len(df) for c in OBS_COLUMNS), strict=True)
    return tuple(sorted((str(i), int(y), float(v), str(n or ""), str(s or "")) for i, y, v, n, s in rows))


def observations_from_key(key: tuple) -> pd.DataFrame | None:
    """The frame :func:`observations_key` was built from (None for the empty key)."""
    if not key:
        return None
    df = pd.DataFrame(list(key), columns=list(OBS_COLUMNS))
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df

"""Generated test data shared by the tiers: a DTI year that was never published, appended to a
copy of data/ (never to data/ itself; tests/model/test_study.py checks it never lands there)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from model.data import MAIN_INDICES, components_wide, file_sha256, load_dataset, meta_path

#: Test-only year: GENERATED below from the 2024 values (never shipped, never in data/).
NEW_YEAR = 2025


def _score_change(i: int) -> float:
    """A fixed small change of unit i's score (i = its 2024 rank order): −0.008 … +0.016."""
    return 0.004 * (i % 7 - 2)


def _append_rows(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    path.write_text(text + buffer.getvalue(), encoding="utf-8")
    meta = meta_path(path)
    record = json.loads(meta.read_text(encoding="utf-8"))
    record["sha256"] = file_sha256(path)
    meta.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


def write_generated_year(folder: Path) -> pd.DataFrame:
    """Append GENERATED DTI scores and main indices for :data:`NEW_YEAR`, 34 units only, to the
    copy of data/ in ``folder``: the 2024 value plus a fixed small change, 4 decimals, ranks by
    competition ranking. Returns the generated main indices (index unit_id)."""
    ds = load_dataset(folder)
    last = ds.scores[(ds.scores["universe"] == 34) & (ds.scores["year"] == 2024)].sort_values("dti_rank", kind="stable")
    scores = [round(min(0.9999, float(s) + _score_change(i)), 4) for i, s in enumerate(last["dti_score"])]
    ranks = [1 + sum(other > mine for other in scores) for mine in scores]  # competition ranking
    source = f"generated-test-{NEW_YEAR}"
    _append_rows(
        folder / "dti_scores.csv",
        [
            {"unit_id": u, "unit_name": n, "universe": 34, "year": NEW_YEAR, "dti_score": f"{s:.4f}", "dti_rank": r, "source_id": source}
            for u, n, s, r in zip(last["unit_id"], last["unit_name"], scores, ranks, strict=True)
        ],
    )
    wide = components_wide(ds, 34, 2024)[list(MAIN_INDICES)]
    order = list(last["unit_id"])
    new = wide.copy()
    rows = []
    for i, unit in enumerate(order):
        for j, index in enumerate(MAIN_INDICES):
            value = round(min(1.0, float(wide.loc[unit, index]) + 0.01 * ((i + j) % 4)), 4)
            new.loc[unit, index] = value
            rows.append(
                {"unit_id": unit, "unit_name": last["unit_name"].iloc[i], "universe": 34, "year": NEW_YEAR,
                 "component": index, "value": f"{value:.4f}", "source_id": source}
            )  # fmt: skip
    _append_rows(folder / "dti_components.csv", rows)
    return new

"""The golden figures: the headline numbers of three scenarios and every target's status, as
the model computes them on the shipped data, saved in ``tests/fixtures/golden.json``.

A move of code (issue 22) must leave them unchanged to the last rounded digit; a change that
is meant to move a figure regenerates the file in the same commit, so the diff shows which
figures moved and by how much:

    .venv/bin/python -m tests.golden --write      (or: make golden)

``tests/model/test_golden.py`` recomputes them and compares.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from model import engine
from model.data import load_dataset
from model.scenario import default_scenario
from model.study import build_study
from model.targets import PROJECTION_YEARS, assess_targets
from text.notes import target_method_text

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden.json"
#: The default scenario (the plan's unit in today's frame) and two other units: the last of
#: the 34 (far from the cut line) and one near it; plus the plan's unit in the 63 frame.
CASES = ({}, {"focus": "cao-bang"}, {"focus": "thanh-hoa"}, {"frame": 63})
DECIMALS = 6


def _round(x: object) -> object:
    if isinstance(x, float):
        return None if math.isnan(x) else round(x, DECIMALS)
    return x


def golden_figures() -> dict:
    """P(Top N), median rank and 10–90 % band by year for each case (baseline), and each
    target's status, latest figure and projections for the default scenario."""
    ds = load_dataset()
    study = build_study(ds)
    cases = []
    default_p_goal = None
    for changes in CASES:
        scenario = default_scenario(study, **changes)
        result = engine.rank_forecast(ds, study, scenario).baseline
        years = [int(y) for y in result.years]
        cases.append(
            {
                "frame": scenario.frame,
                "focus": scenario.focus,
                "top_n": scenario.top_n,
                "draws": scenario.draws,
                "seed": scenario.seed,
                "years": years,
                "p_top": [_round(float(v)) for v in result.p_top],
                "median_rank": [_round(float(v)) for v in result.median_rank],
                "rank_p10": [int(v) for v in result.rank_p10],
                "rank_p90": [int(v) for v in result.rank_p90],
            }
        )
        if not changes:
            default_p_goal = float(result.p_top[years.index(study.goal_year_in_forecast)])
    table = assess_targets(ds, dti_top15_probability=default_p_goal)
    columns = ["status", "method", "latest_value", "latest_year"] + [
        f"projection_{year}{part}" for year in PROJECTION_YEARS for part in ("", "_lo", "_hi")
    ]
    targets = {
        row["target_id"]: {c: _round(float(row[c])) if isinstance(row[c], (int, float)) and not isinstance(row[c], bool) else row[c] for c in columns}
        for row in table.to_dict("records")
    }
    for figures in targets.values():  # the method as the command line words it (a code in the model)
        if isinstance(figures["method"], str):
            figures["method"] = target_method_text(figures["method"], "en")
    return {"cases": cases, "targets": targets}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {GOLDEN.name} (else print)")
    args = parser.parse_args(argv)
    text = json.dumps(golden_figures(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.write:
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN}")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The command line: forecast, backtest, units and targets print JSON (run in process, as
``python -m model`` runs it; one test starts the real entries)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

ROOT = Path(__file__).parents[2]


def run(*args: str) -> list[dict]:
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.json_lines()


@pytest.mark.parametrize("entry", ["model", "cli"])
def test_both_entries_start_the_command_line(entry):
    # the subprocess is the point here: `python -m model` (the old name) and `python -m cli`
    out = subprocess.run([sys.executable, "-m", entry, "units", "--frame", "34"], cwd=ROOT, check=True, capture_output=True, text=True)
    assert [json.loads(line)["unit_id"] for line in out.stdout.splitlines()][:2] == ["ha-noi", "hue"]


def test_forecast_json_per_year(study):
    rows = run("forecast", "--frame", "63", "--top", "15", "--draws", "2000", "--seed", "5")
    assert [r["year"] for r in rows] == list(study.sim_years(63)) == list(range(2025, 2031))
    for r in rows:
        assert 0 <= r["p_top"] <= 1 and 1 <= r["rank_p10"] <= r["median_rank"] <= r["rank_p90"] <= 63
        assert 0 < r["cutline_median"] < 1
        assert r["focus"] == study.plan_unit and r["frame"] == 63 and r["top_n"] == 15
    assert rows == run("forecast", "--frame", "63", "--top", "15", "--draws", "2000", "--seed", "5")


def test_forecast_rejects_bad_arguments():
    out = run_cli("forecast", "--top", "40")
    assert out.code == 2 and "--top" in out.err


def test_backtest_json(study):
    (row,) = run("backtest", "--draws", "4000")
    assert set(row) == {"pooled", "origins", "methods", "not_applicable", "choice"}
    keys = {"coverage_80", "mae_model", "mae_persistence", "brier_model", "brier_persistence", "brier_base_rate"}
    assert set(row["pooled"]) >= keys | {"n_cases"}
    assert {(o["frame"], o["year"]) for o in row["origins"]} == {(34, 2024), (63, 2024)}
    for part in (row["pooled"], *row["origins"]):
        assert set(part) >= keys
        assert 0.7 <= part["coverage_80"] <= 0.9 and part["brier_model"] < part["brier_persistence"]
        # near the cut line (issue 14): Brier against persistence and the base rate, reliability
        near = {"n_near", "brier_model_near", "brier_persistence_near", "brier_base_rate_near", "reliability"}
        assert set(part) >= near and set(part["reliability"]) == {"all", "near"}
    # every method, for every origin; the default's figures are the top-level ones
    assert row["methods"]["units"]["pooled"] == row["pooled"]
    assert set(row["methods"]) >= {"units", "transitions", "random_walk", "rank_moves", "rank_ar1"}
    for method in row["methods"].values():
        assert {(o["frame"], o["year"]) for o in method["origins"]} == {(34, 2024), (63, 2024)}
    assert set(row["not_applicable"]) == {"bounded"} and row["choice"]["chosen"] == "units"


def test_forecast_uncertainty_line(study):
    rows = run("forecast", "--draws", "1000", "--seed", "5", "--uncertainty")
    *years, extra = rows
    assert [r["year"] for r in years] == list(study.sim_years(study.default_frame))
    assert years == run("forecast", "--draws", "1000", "--seed", "5")  # the per-year lines are unchanged
    assert set(extra) == {"model_spread", "weight_sensitivity"}
    for frame, part in extra["model_spread"].items():
        assert part["p_top_default"] == (years[-1]["p_top"] if int(frame) == study.default_frame else part["p_top_default"])
        for m in part["methods"]:
            assert m["p_top"] is None or 0.0 <= m["p_top"] <= 1.0
    assert extra["weight_sensitivity"]["available"] is True
    assert extra["weight_sensitivity"]["last_year"]["observed_rank"] == 7


def test_targets_json_one_object_per_target_with_user_figures():
    rows = run("targets")
    assert len(rows) == 19
    for r in rows:
        assert set(r) >= {"target_id", "latest_value", "latest_year", "projection_2025", "projection_2030", "status", "method"}
    by_id = {r["target_id"]: r for r in rows}
    # goals for a later year than the latest ranking: "met on the latest figures", never "achieved"
    assert by_id["cybersecurity_good"]["status"] == "met_latest"
    assert by_id["dti_top15"]["status"] == "met_latest"
    assert not [r for r in rows if r["target_id"] in ("dti_top15", "pci_top25", "cybersecurity_good") and r["status"] == "achieved"]
    with_obs = {r["target_id"]: r for r in run("targets", "--obs", "tests/corpus/uploads/good_en.csv")}
    assert with_obs != by_id  # the planner's figures change at least one target


def test_every_problem_code_the_cli_prints_has_words_in_the_one_catalogue():
    # the CLI words problems through text.problems, as the app does: every code has both languages
    from model.userdata.codes import FILE_CODES, ROW_CODES
    from text.catalogue import CATALOGUE

    for key in [*(f"userdata.row.{c}" for c in ROW_CODES), *(f"userdata.file.{c}" for c in FILE_CODES)]:
        vi, en = CATALOGUE[key]
        assert vi.strip() and en.strip() and vi != en, key


def test_cli_names_each_rejected_row_and_a_refused_file_in_english(tmp_path):
    from cli.main import main

    bad = tmp_path / "figures.csv"
    bad.write_text("indicator_id,year,value\nunknown_thing,2024,5\nfiber_households,2024,130\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    for path, expected in (
        (bad, ["rejected: figures.csv: Line 2, column indicator_id: unknown indicator id 'unknown_thing'",
               "rejected: figures.csv: Line 3, column value: share 130 is outside 0–100"]),
        (empty, ["error: empty.csv: The file is empty."]),
    ):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert main(["targets", "--obs", str(path)]) == 0
        assert err.getvalue().splitlines() == expected

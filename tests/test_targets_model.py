"""One row per plan target (model/targets.py) on the shipped data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.status import CATEGORIES
from model.targets import (
    NO_PROVINCIAL_DATA,
    TARGET_COLUMNS,
    assess_targets,
    targets_json_lines,
)
from model.userdata import USER_SOURCE, known_indicators_from, parse_upload

DATA = Path(__file__).parents[1] / "data"
CORPUS = Path(__file__).parent / "corpus" / "uploads"
SPECIAL = {"cybersecurity_good", "dti_top15", "pci_top25"}
STATUSES = set(CATEGORIES) | {NO_PROVINCIAL_DATA, "not_achieved"}


@pytest.fixture(scope="module")
def table(ds) -> pd.DataFrame:
    return assess_targets(ds)


def _row(df: pd.DataFrame, target_id: str) -> pd.Series:
    return df.set_index("target_id").loc[target_id]


def test_one_row_per_target_with_a_status(ds, table):
    assert len(ds.targets) == 19
    assert len(table) == 19
    assert list(table["target_id"]) == list(ds.targets["target_id"])
    assert list(table.columns) == list(TARGET_COLUMNS)
    assert table["status"].notna().all()
    assert set(table["status"]) <= STATUSES
    assert table["status_method"].notna().all()


def test_targets_without_a_ha_tinh_series_are_no_provincial_data(ds, table):
    ind = ds.indicators
    provincial = set(ind.loc[ind["geography"] == "ha-tinh", "indicator_id"])
    expected = {
        t
        for t, i in zip(ds.targets["target_id"], ds.targets["indicator_id"], strict=True)
        if t not in SPECIAL and i not in provincial
    }
    got = set(table.loc[table["status"] == NO_PROVINCIAL_DATA, "target_id"])
    assert got == expected
    assert {"fiber_households", "smartphones", "epayment_accounts", "dvc_level4"} <= got
    assert "mobile_4g5g" not in got
    nodata = table[table["status"] == NO_PROVINCIAL_DATA]
    assert nodata["latest_value"].isna().all()
    assert nodata["projection_2030"].isna().all() and nodata["method"].isna().all()


def test_national_series_never_fill_the_provincial_value(ds, table):
    vn = ds.indicators[ds.indicators["geography"] == "vn"]
    fiber = vn[vn["indicator_id"] == "fiber_households"].sort_values("year").iloc[-1]
    row = _row(table, "fiber_households")
    assert math.isnan(row["latest_value"]) and pd.isna(row["latest_year"])
    assert row["national_indicator_id"] == "fiber_households"
    assert row["national_latest_value"] == pytest.approx(fiber["value"])
    assert row["national_latest_year"] == fiber["year"]
    # epayment: the national bank-account series is a reference with another definition
    epay = _row(table, "epayment_accounts")
    assert epay["national_indicator_id"] == "bank_account_adults" and math.isnan(
        epay["latest_value"]
    )


def test_series_target_mobile_4g(ds, table):
    rows = ds.indicators[(ds.indicators["indicator_id"] == "mobile_4g_coverage")]
    rows = rows[rows["geography"] == "ha-tinh"].sort_values("year")
    row = _row(table, "mobile_4g5g")
    assert (
        row["latest_value"] == rows["value"].iloc[-1]
        and row["latest_year"] == rows["year"].iloc[-1]
    )
    assert row["latest_source"] == "shipped" and row["n_points"] == len(rows)
    assert row["method"] == "logit" and "wide_interval" in row["projection_flags"]
    assert row["bounded_share"]
    assert row["projection_2030_lo"] <= row["projection_2030"] <= row["projection_2030_hi"] <= 100.0
    assert row["status"] in {"limited_progress", "acceleration_needed", "on_track", "deterioration"}
    assert row["status_measure_name"] == "R" and np.isfinite(row["ratio"])
    assert "reached without meeting" in row["note"]


def test_cybersecurity_good_group_is_achieved_with_evidence(table):
    row = _row(table, "cybersecurity_good")
    assert row["status"] == "achieved"
    assert row["latest_value"] == pytest.approx(1.0) and row["latest_year"] == 2024
    assert (
        "1.0000" in row["evidence"]
        and "rank 1 of 34" in row["evidence"]
        and "joint" in row["evidence"]
    )


def test_dti_top15_from_the_published_ranks_or_a_probability(ds, table):
    row = _row(table, "dti_top15")
    assert row["status"] == "achieved"
    assert row["latest_value"] == 11 and row["latest_year"] == 2024
    assert "rank 11 of 63" in row["evidence"] and "rank 7 of 34" in row["evidence"]
    for p, expected in ((0.9, "on_track"), (0.6, "acceleration_needed"), (0.3, "limited_progress")):
        got = _row(assess_targets(ds, dti_top15_probability=p), "dti_top15")
        assert got["status"] == expected and got["probability"] == p


def test_pci_top25_uses_the_rank_history_and_the_top30_censoring(ds, table):
    row = _row(table, "pci_top25")
    assert row["latest_value"] == 18 and row["latest_year"] == 2022
    assert 0.0 < row["probability"] < 1.0
    assert row["status"] in {"on_track", "acceleration_needed", "limited_progress"}
    assert row["status_measure_name"] == "probability"
    assert "top 30" in row["note"] and "AR(1)" in row["method"]
    # the projection is a rank distribution: median within its 10–90 % band
    assert (
        1 <= row["projection_2025_lo"] <= row["projection_2025"] <= row["projection_2025_hi"] <= 63
    )
    # same default seed → the same number on every call
    assert _row(assess_targets(ds), "pci_top25")["probability"] == row["probability"]


def test_district_target_notes_the_abolition(table):
    assert "abolished on 1/7/2025" in _row(table, "records_online_district")["note"]


def test_entered_figures_change_only_their_target_and_are_marked(ds, table):
    known = known_indicators_from(ds.targets, ds.indicators)
    user = parse_upload(
        (CORPUS / "good_vi_excel.csv").read_bytes(), "good_vi_excel.csv", known
    ).good
    user = user[user["indicator_id"] == "fiber_households"]
    assert len(user) == 2
    after = assess_targets(ds, user_obs=user)
    fiber = _row(after, "fiber_households")
    assert fiber["latest_value"] == pytest.approx(82.4) and fiber["latest_year"] == 2024
    assert fiber["latest_source"] == USER_SOURCE and fiber["n_points"] == 2
    assert fiber["status"] == "achieved"  # 82.4 > 80
    assert fiber["method"] == "logit"
    assert "entered by user" in fiber["note"]
    # the national reference is still the national series
    assert (
        fiber["national_latest_value"] == _row(table, "fiber_households")["national_latest_value"]
    )
    cols = ["status", "latest_value", "latest_year", "projection_2030", "probability"]
    others_before = table[table["target_id"] != "fiber_households"][cols].reset_index(drop=True)
    others_after = after[after["target_id"] != "fiber_households"][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(others_before, others_after)


def test_an_entered_figure_overrides_a_shipped_one(ds):
    user = pd.DataFrame(
        {
            "indicator_id": ["mobile_4g_coverage"],
            "year": [2025],
            "value": [100.0],
            "note": [""],
            "source": [USER_SOURCE],
        }
    )
    row = _row(assess_targets(ds, user_obs=user), "mobile_4g5g")
    assert row["latest_value"] == 100.0 and row["latest_source"] == USER_SOURCE
    assert row["status"] == "achieved"


def test_entered_pci_rank_extends_the_history(ds):
    user = pd.DataFrame(
        {
            "indicator_id": ["pci_rank"],
            "year": [2024],
            "value": [20.0],
            "note": [""],
            "source": [USER_SOURCE],
        }
    )
    row = _row(assess_targets(ds, user_obs=user), "pci_top25")
    assert (
        row["latest_value"] == 20
        and row["latest_year"] == 2024
        and row["latest_source"] == USER_SOURCE
    )
    assert row["status"] == "achieved"  # 20 ≤ 25 and nothing later is known


def test_a_push_moves_the_scenario_only_and_never_lowers_it(ds, table):
    base = _row(table, "mobile_4g5g")
    pushed = _row(assess_targets(ds, pushes={"mobile_4g5g": 0.2}, push_start=2026), "mobile_4g5g")
    assert pushed["projection_2030"] == base["projection_2030"]
    assert base["scenario_2030"] == pytest.approx(base["projection_2030"])
    assert base["scenario_2030"] < pushed["scenario_2030"] <= 100.0
    assert pushed["scenario_2025"] == base["scenario_2025"]  # push starts in 2026
    assert pushed["push_per_year"] == 0.2


def test_status_method_switch(ds):
    un = assess_targets(ds, status_method="un2023")
    row = _row(un, "mobile_4g5g")
    assert row["status_measure_name"] == "P" and "2023" in row["status_method"]
    with pytest.raises(ValueError):
        assess_targets(ds, status_method="eurostat")


def test_plain_frames_give_the_same_statuses(ds, table):
    frames = {
        "targets": pd.read_csv(DATA / "targets.csv"),
        "indicators": pd.read_csv(DATA / "indicators.csv"),
        "pci": pd.read_csv(DATA / "hatinh_pci.csv"),
        "components": pd.read_csv(DATA / "dti_components.csv"),
        "scores": pd.read_csv(DATA / "dti_scores.csv"),
        "study": pd.read_csv(DATA / "study.csv"),
    }
    plain = assess_targets(frames)
    pd.testing.assert_series_equal(plain["status"], table["status"])
    pd.testing.assert_series_equal(plain["latest_value"], table["latest_value"])


def test_plain_frames_without_the_study_table_are_refused_with_a_clear_message():
    frames = {"targets": pd.read_csv(DATA / "targets.csv"), "indicators": pd.read_csv(DATA / "indicators.csv")}
    with pytest.raises(ValueError, match="study"):
        assess_targets(frames)


def test_json_lines_for_the_cli(ds):
    lines = targets_json_lines(ds)
    assert len(lines) == 19
    keys = {
        "target_id",
        "latest_value",
        "latest_year",
        "projection_2025",
        "projection_2030",
        "status",
        "method",
    }
    by_id = {}
    for line in lines:
        obj = json.loads(line)
        assert set(obj) == keys
        for year in ("projection_2025", "projection_2030"):
            band = obj[year]
            assert band is None or set(band) == {"value", "lower", "upper"}
        by_id[obj["target_id"]] = obj
    assert by_id["fiber_households"]["latest_value"] is None
    assert by_id["fiber_households"]["status"] == NO_PROVINCIAL_DATA
    assert by_id["dti_top15"]["latest_value"] == 11 and by_id["dti_top15"]["latest_year"] == 2024
    band = by_id["mobile_4g5g"]["projection_2030"]
    assert band["lower"] <= band["value"] <= band["upper"] <= 100

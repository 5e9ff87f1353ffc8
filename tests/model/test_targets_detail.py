"""Detail paths, reference series and the on-track count of the target model."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from model.targets.assess import assess_targets, on_track_summary
from model.targets.detail import reference_observations, target_detail
from text.catalogue import CATALOGUE
from ui.labels import unit_key

DATA = Path(__file__).parents[2] / "data"


def entered(indicator: str, years: list[int], values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": indicator, "year": pd.Series(years, dtype="int64"), "value": pd.Series(values, dtype="float64"),
         "note": "", "source": "entered by user"}
    )


def test_detail_paths_start_at_the_last_observation_and_reach_the_target_on_the_required_path(ds):
    obs = entered("fiber_households", [2021, 2023], [40.0, 60.0])
    d = target_detail(ds, "fiber_households", user_obs=obs)
    observed = d[d["series"] == "observed"]
    assert observed["year"].tolist() == [2021, 2023] and observed["entered_by_user"].all()
    base = d[d["series"] == "baseline"].set_index("year")
    assert base.loc[2023, "value"] == pytest.approx(60.0) and base.index.max() == 2030
    assert (base["lower"] <= base["value"] + 1e-9).all() and (base["value"] <= base["upper"] + 1e-9).all()
    assert base["upper"].max() <= 100.0  # a share stays a share
    required = d[d["series"] == "required"].set_index("year")["value"]
    assert required.loc[2023] == pytest.approx(60.0) and required.loc[2025] == pytest.approx(80.0)
    assert required.diff().dropna().tolist() == pytest.approx([10.0, 10.0])  # (80 − 60) / 2 per year
    # without a lever the scenario is the baseline
    scen = d[d["series"] == "scenario"].set_index("year")["value"]
    pd.testing.assert_series_equal(scen, base["value"], check_names=False)


def test_a_push_and_a_trend_multiplier_raise_only_the_scenario_from_the_start_year(ds):
    obs = entered("fiber_households", [2021, 2023], [40.0, 60.0])
    plain = target_detail(ds, "fiber_households", user_obs=obs)
    pushed = target_detail(ds, "fiber_households", user_obs=obs, push=2.0, push_start=2027, trend_multiplier=1.5)
    for series in ("observed", "baseline", "required"):
        pd.testing.assert_frame_equal(plain[plain["series"] == series], pushed[pushed["series"] == series])
    before = plain[plain["series"] == "scenario"].set_index("year")["value"]
    after = pushed[pushed["series"] == "scenario"].set_index("year")["value"]
    assert (after.loc[:2026] == before.loc[:2026]).all()
    assert (after.loc[2027:] > before.loc[2027:]).all() and after.max() <= 100.0


def test_targets_without_a_series_have_no_detail_paths(ds):
    assert target_detail(ds, "epayment_accounts").empty
    assert target_detail(ds, "dti_top15").empty and target_detail(ds, "cybersecurity_good").empty
    with pytest.raises(ValueError, match="unknown target_id"):
        target_detail(ds, "no_such_target")


def test_reference_series_are_labelled_by_geography_and_exclude_the_province_own_series(ds):
    refs = reference_observations(ds, "dvc_level4")
    assert set(zip(refs["indicator_id"], refs["geography"], strict=True)) == {
        ("level4_services_share", "vn"),
        ("online_dossier_rate", "ha-tinh"),
    }
    assert reference_observations(ds, "mobile_4g5g").empty  # its Hà Tĩnh series is the province's value
    fibre = reference_observations(ds, "fiber_households")
    assert (fibre["geography"] == "vn").all() and fibre["value"].iloc[-1] == pytest.approx(85.1)


def test_on_track_count_never_counts_a_target_without_data(ds):
    table = assess_targets(ds)
    summary = on_track_summary(table, 2025)
    assert summary.total == int((table["target_year"] == 2025).sum()) == 17
    assert 0 <= summary.on_track <= summary.assessable <= summary.total
    assert summary.assessable == 3  # 4G/5G, PCI and cybersecurity have a figure; the rest have none
    with_figures = assess_targets(ds, user_obs=entered("fiber_households", [2021, 2023], [40.0, 85.0]))
    more = on_track_summary(with_figures, 2025)
    assert more.assessable == 4 and more.on_track == summary.on_track + 1  # 85 % already meets > 80 %


def test_every_unit_in_the_data_has_a_translation():
    units = set()
    for name in ("indicators.csv", "targets.csv"):
        with open(DATA / name, encoding="utf-8") as f:
            units |= {row["unit"] for row in csv.DictReader(f)}
    missing = sorted(u for u in units - {"group"} if unit_key(u) not in CATALOGUE)
    assert missing == []

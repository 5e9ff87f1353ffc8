"""The checks that data/ passes, as listed in the shared data README.

"Checks that these files pass" (/work/shared/data/README.md) 1–4, the
provenance records (5), the Hà Tĩnh facts of method-notes §1 (6) and the
34-unit back-cast of ``score_panel`` (7). Tolerances are the README's: scores
are published to 4 decimals, so ±0.0001 unless stated.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.data import (
    DATA_FILES,
    MAIN_INDICES,
    PROJECT_FILES,
    components_wide,
    default_data_dir,
    file_sha256,
    load_dataset,
    meta_path,
    score_panel,
    weights_for,
)
from model.ranking import competition_rank
from model.study import build_study

SHARED_DATA = Path("/work/shared/data")
TOL = 1e-4 + 1e-9  # published 4-decimal scores; float slack
#: The plan's unit (data/study.csv): the facts of method-notes §1 are about it.
FOCUS_UNIT = "ha-tinh"


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _published(ds, universe: int, year: int) -> pd.DataFrame:
    s = ds.scores
    return s[(s["universe"] == universe) & (s["year"] == year)].set_index("unit_id")


# ---------------------------------------------------------------- 1. ranks follow from scores


def test_score_tables_present(ds):
    groups = ds.scores.groupby(["universe", "year"]).size().to_dict()
    assert groups == {(34, 2024): 34, (63, 2022): 63, (63, 2023): 63, (63, 2024): 63}
    assert len(ds.scores) == 223


@pytest.mark.parametrize(("universe", "year"), [(63, 2022), (63, 2023), (63, 2024), (34, 2024)])
def test_competition_rank_reproduces_published_ranks(ds, universe, year):
    table = _published(ds, universe, year)
    ranks = competition_rank(table["dti_score"].to_numpy())
    mismatched = table.index[ranks != table["dti_rank"].to_numpy()].tolist()
    assert mismatched == []


def test_2022_tie_at_15_skips_16(ds):
    table = _published(ds, 63, 2022)
    assert table.loc["thanh-hoa", "dti_score"] == pytest.approx(0.6350, abs=1e-9)
    assert table.loc["yen-bai", "dti_score"] == pytest.approx(0.6350, abs=1e-9)
    assert table.loc["thanh-hoa", "dti_rank"] == 15
    assert table.loc["yen-bai", "dti_rank"] == 15
    assert (table["dti_rank"] == 16).sum() == 0
    assert table.loc[table["dti_rank"] > 15, "dti_rank"].min() == 17
    computed = pd.Series(competition_rank(table["dti_score"].to_numpy()), index=table.index)
    assert computed[["thanh-hoa", "yen-bai"]].tolist() == [15, 15]
    assert computed[computed > 15].min() == 17


# ---------------------------------------------------------------- 2. 34 = mean of provinces


def test_2024_post_merger_scores_are_means_of_provinces(ds):
    p63 = _published(ds, 63, 2024)["dti_score"]
    p34 = _published(ds, 34, 2024)["dti_score"]
    m = ds.merger
    means = m.assign(score=m["province63_id"].map(p63)).groupby("unit34_id")["score"].mean()
    assert means.notna().all()
    assert set(means.index) == set(p34.index)
    assert len(means) == 34
    diff = (means - p34.reindex(means.index)).abs()
    assert diff.max() <= TOL, diff.idxmax()
    sizes = m.groupby("unit34_id").size()
    single = sizes[sizes == 1].index
    # Unmerged provinces keep their own score exactly (Hà Tĩnh is one of the 11).
    assert len(single) == 11 and FOCUS_UNIT in single
    own = m[m["unit34_id"].isin(single)].set_index("unit34_id")["province63_id"].map(p63)
    np.testing.assert_allclose(own.to_numpy(), p34.reindex(own.index).to_numpy(), atol=1e-12)


# ---------------------------------------------------------------- 3. weights reproduce DTI


@pytest.mark.parametrize(
    ("universe", "year", "n_rows"), [(63, 2022, 5), (63, 2023, 10), (34, 2024, 34)]
)
def test_weights_reproduce_published_composite(ds, universe, year, n_rows):
    wide = components_wide(ds, universe, year)[list(MAIN_INDICES)].dropna()
    assert len(wide) == n_rows
    composite = wide.to_numpy() @ weights_for(ds, year).to_numpy()
    published = _published(ds, universe, year)["dti_score"].reindex(wide.index).to_numpy()
    assert np.abs(composite - published).max() <= TOL


def test_weights_values(ds):
    w22 = weights_for(ds, 2022)
    assert list(w22.index) == list(MAIN_INDICES)
    np.testing.assert_allclose(w22.to_numpy(), [0.1] * 5 + [0.2, 0.15, 0.15], atol=1e-12)
    np.testing.assert_allclose(weights_for(ds, 2023).to_numpy(), w22.to_numpy(), atol=1e-12)
    w24 = weights_for(ds, 2024)
    points = np.array([50, 50, 140, 100, 100, 200, 150, 150]) / 940
    np.testing.assert_allclose(w24.to_numpy(), points, atol=1e-12)
    for year in (2022, 2023, 2024, 2030):
        assert weights_for(ds, year).sum() == pytest.approx(1.0, abs=1e-12)
    # Years after the last methodology use 2024's weights.
    pd.testing.assert_series_equal(weights_for(ds, 2030), w24)
    with pytest.raises(ValueError, match="2021"):
        weights_for(ds, 2021)


def test_weight_column_is_rounded_points_share(ds):
    w = ds.weights
    share = w["points"] / w.groupby("year")["points"].transform("sum")
    assert (w["weight"] - share).abs().max() <= 5e-7 + 1e-12
    sums = w.groupby("year")["weight"].sum()
    assert sums[2022] == pytest.approx(1.0, abs=1e-9)
    assert sums[2024] == pytest.approx(0.999998, abs=1e-9)  # 6-decimal rounding, as printed
    assert set(w.loc[w["year"] == 2024, "status"]) == {"inferred"}
    assert set(w.loc[w["year"] < 2024, "status"]) == {"verified"}


# ---------------------------------------------------------------- 4. official means


@pytest.mark.parametrize(("year", "mean"), [(2023, 0.6783), (2024, 0.6961)])
def test_63_province_mean_matches_official(ds, year, mean):
    scores = _published(ds, 63, year)["dti_score"]
    assert len(scores) == 63
    assert round(scores.mean(), 4) == pytest.approx(mean, abs=5e-5)


# ---------------------------------------------------------------- 5. provenance


def _csv_names() -> list[str]:
    return sorted(p.name for p in default_data_dir().glob("*.csv"))


def test_every_data_file_is_loaded():
    assert _csv_names() == sorted(DATA_FILES)


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_provenance_record(name):
    import json

    path = default_data_dir() / name
    meta = json.loads(meta_path(path).read_text(encoding="utf-8"))
    assert meta["file"] == name
    assert meta["sha256"] == file_sha256(path)
    assert isinstance(meta["title"], str) and meta["title"].strip()
    assert isinstance(meta["description"], str) and meta["description"].strip()
    publisher = meta.get("publisher") or meta.get("publishers")
    assert publisher
    sources = meta["sources"]
    assert isinstance(sources, list) and len(sources) >= 1
    for source in sources:
        assert source["name"].strip() and source["url_or_reference"].strip()
        assert "note" in source
    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", meta["retrieved"])
    assert meta["confidence"]
    assert isinstance(meta["caveats"], list) and meta["caveats"]
    assert all(isinstance(c, str) and c.strip() for c in meta["caveats"])
    assert meta["licence_note"].strip()
    assert meta["derived_from"].strip()
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert list(meta["columns"]) == header
    assert all(isinstance(v, str) and v.strip() for v in meta["columns"].values())


def test_provenance_loaded_with_dataset(ds):
    assert set(ds.provenance) == set(DATA_FILES)
    assert ds.provenance["dti_scores.csv"]["retrieved"] == "2025-11"
    assert ds.provenance["dti_scores.csv"]["confidence"] == "high"


def test_dataset_pickles(ds):
    # st.cache_data pickles return values: a Dataset must survive the round trip.
    import pickle

    again = pickle.loads(pickle.dumps(ds))
    pd.testing.assert_frame_equal(again.scores, ds.scores)
    assert again.provenance == ds.provenance


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="shared data folder not mounted")
@pytest.mark.parametrize("name", sorted(set(DATA_FILES) - set(PROJECT_FILES)))
def test_data_is_byte_copy_of_shared_curated_file(name):
    assert (default_data_dir() / name).read_bytes() == (SHARED_DATA / name).read_bytes()


def test_project_files_are_loaded_and_not_shared_copies():
    # study.csv is written for this project (its sidecar says so), not copied from ../shared.
    assert set(PROJECT_FILES) == {"study.csv"} and set(PROJECT_FILES) <= set(DATA_FILES)
    if SHARED_DATA.is_dir():
        assert not any((SHARED_DATA / name).exists() for name in PROJECT_FILES)


def test_study_file_names_the_plan_unit_and_goal(ds):
    setup = dict(zip(ds.study["key"], ds.study["value"], strict=True))
    assert setup == {"plan_unit": FOCUS_UNIT, "goal_target": "dti_top15"}
    assert build_study(ds).plan_unit == FOCUS_UNIT


# ---------------------------------------------------------------- 6. Hà Tĩnh facts


def test_ha_tinh_ranks_and_scores(ds):
    assert build_study(ds).plan_unit == FOCUS_UNIT
    s = ds.scores[ds.scores["unit_id"] == FOCUS_UNIT].set_index(["universe", "year"])
    assert s.loc[(63, 2022), "dti_rank"] == 37
    assert s.loc[(63, 2023), "dti_rank"] == 25
    assert s.loc[(63, 2024), "dti_rank"] == 11
    assert s.loc[(34, 2024), "dti_rank"] == 7
    assert s.loc[(63, 2022), "dti_score"] == pytest.approx(0.5676, abs=1e-9)
    assert s.loc[(63, 2023), "dti_score"] == pytest.approx(0.6993, abs=1e-9)
    assert s.loc[(63, 2024), "dti_score"] == pytest.approx(0.7629, abs=1e-9)
    assert s.loc[(34, 2024), "dti_score"] == pytest.approx(0.7629, abs=1e-9)


def test_ha_tinh_2024_main_indices(ds):
    wide = components_wide(ds, 34, 2024)
    assert wide.shape == (34, len(MAIN_INDICES) + 1)
    assert list(wide.columns) == [*MAIN_INDICES, "unit_name"]
    ht = wide.loc[FOCUS_UNIT]
    assert ht["unit_name"] == "Hà Tĩnh"
    at_max = sorted(k for k in MAIN_INDICES if ht[k] == 1.0)
    assert at_max == sorted(["awareness", "institutions", "human_resources", "cybersecurity"])
    assert ht["infrastructure"] == pytest.approx(0.7529, abs=1e-9)
    assert ht["society_activity"] == pytest.approx(0.5139, abs=1e-9)
    # The weak spots of method-notes §1: 30th and 21st of 34 (competition ranks).
    ranks = {
        k: competition_rank(wide[k].to_numpy())[wide.index.get_loc(FOCUS_UNIT)]
        for k in MAIN_INDICES
    }
    assert ranks["infrastructure"] == 30
    assert ranks["society_activity"] == 21


def test_components_wide_empty_when_not_published(ds):
    wide = components_wide(ds, 63, 2024)
    assert wide.empty
    assert list(wide.columns) == [*MAIN_INDICES, "unit_name"]


# ---------------------------------------------------------------- 7. score panels


def test_score_panel_63_is_the_published_rows(ds):
    panel = score_panel(ds, 63)
    assert list(panel.columns) == ["unit_id", "unit_name", "year", "dti_score", "dti_rank", "kind"]
    assert len(panel) == 189
    assert set(panel["kind"]) == {"published"}
    assert panel.groupby("year").size().to_dict() == {2022: 63, 2023: 63, 2024: 63}
    ht = panel[panel["unit_id"] == FOCUS_UNIT].set_index("year")["dti_rank"]
    assert ht.to_dict() == {2022: 37, 2023: 25, 2024: 11}


def test_score_panel_34_backcast(ds):
    panel = score_panel(ds, 34)
    assert panel.groupby(["year", "kind"]).size().to_dict() == {
        (2022, "backcast"): 34,
        (2023, "backcast"): 34,
        (2024, "published"): 34,
    }
    assert set(panel["unit_id"]) == set(ds.merger["unit34_id"])
    # Ranks in every year follow competition ranking of the 4-decimal scores.
    for _, year_rows in panel.groupby("year"):
        np.testing.assert_array_equal(
            competition_rank(year_rows["dti_score"].to_numpy()), year_rows["dti_rank"].to_numpy()
        )
        scaled = year_rows["dti_score"].to_numpy() * 1e4
        np.testing.assert_allclose(scaled, np.rint(scaled), atol=1e-6)  # 4 decimals
    by = panel.set_index(["unit_id", "year"])
    # Hà Tĩnh was not merged: its back-cast rows are its own published scores.
    assert by.loc[(FOCUS_UNIT, 2022), "dti_score"] == pytest.approx(0.5676, abs=1e-9)
    assert by.loc[(FOCUS_UNIT, 2023), "dti_score"] == pytest.approx(0.6993, abs=1e-9)
    assert by.loc[(FOCUS_UNIT, 2024), "dti_score"] == pytest.approx(0.7629, abs=1e-9)
    assert by.loc[(FOCUS_UNIT, 2024), "dti_rank"] == 7
    assert by.loc[(FOCUS_UNIT, 2024), "kind"] == "published"
    # A merged unit's 2023 back-cast is the mean of its provinces' 2023 scores.
    p63 = _published(ds, 63, 2023)["dti_score"]
    provinces = ds.merger.loc[ds.merger["unit34_id"] == "ho-chi-minh", "province63_id"]
    assert sorted(provinces) == ["ba-ria-vung-tau", "binh-duong", "ho-chi-minh"]
    expected = p63[provinces].mean()
    assert by.loc[("ho-chi-minh", 2023), "dti_score"] == pytest.approx(expected, abs=5e-5 + 1e-9)
    assert by.loc[("ho-chi-minh", 2023), "kind"] == "backcast"
    # Every back-cast unit: mean of its provinces, rounded to 4 decimals.
    for year in (2022, 2023):
        p = _published(ds, 63, year)["dti_score"]
        m = ds.merger
        means = m.assign(s=m["province63_id"].map(p)).groupby("unit34_id")["s"].mean()
        got = panel[panel["year"] == year].set_index("unit_id")["dti_score"].reindex(means.index)
        assert (got - means).abs().max() <= 5e-5 + 1e-9


def _with_2023_scores(ds, **scores):
    """A copy of ds whose 63-province 2023 scores are changed for the given units."""
    s = ds.scores.copy()
    for unit, value in scores.items():
        mask = (
            (s["unit_id"] == unit.replace("_", "-")) & (s["universe"] == 63) & (s["year"] == 2023)
        )
        assert mask.sum() == 1
        s.loc[mask, "dti_score"] = value
    return dataclasses.replace(ds, scores=s)


def test_backcast_ties_share_a_rank_and_skip_the_next(ds):
    # Three unmerged provinces given Hà Tĩnh's 2023 score: all three share its rank and
    # the next unit is three places lower (competition ranking, not dense ranking).
    tied = _with_2023_scores(ds, lai_chau=0.6993, dien_bien=0.6993)
    y = score_panel(tied, 34).query("year == 2023").set_index("unit_id")
    rank = y.loc[FOCUS_UNIT, "dti_rank"]
    assert y.loc[["lai-chau", "dien-bien", FOCUS_UNIT], "dti_rank"].tolist() == [rank] * 3
    assert y.loc[y["dti_score"] < 0.6993, "dti_rank"].min() == rank + 3


def test_backcast_rounds_half_up(ds):
    # Bắc Ninh unit = Bắc Ninh + Bắc Giang; a mean of 0.70005 is published as 0.7001.
    halves = _with_2023_scores(ds, bac_ninh=0.7000, bac_giang=0.7001)
    y = score_panel(halves, 34).query("year == 2023").set_index("unit_id")
    assert y.loc["bac-ninh", "dti_score"] == pytest.approx(0.7001, abs=1e-12)


def test_score_panel_rejects_unknown_frame(ds):
    with pytest.raises(ValueError, match="frame"):
        score_panel(ds, 50)

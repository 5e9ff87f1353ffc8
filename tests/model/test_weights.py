"""Issue 14 item 3: the weight stress test (model/weights.py)."""

from __future__ import annotations

import numpy as np
import pytest

from model import engine, weights
from model import uncertainty as unc
from model.data import MAIN_INDICES, weights_for
from model.ranking import competition_rank
from model.scenario import default_scenario
from text.notes import note_text

DRAWS = 2000


@pytest.fixture(scope="module")
def base(ds, study):
    return weights_for(ds, study.frame_info[study.default_frame].last_year).reindex(list(MAIN_INDICES)).to_numpy()


def test_random_weights_sum_to_1_within_the_stated_range(base):
    w = weights.random_weights(base, 0.25, 5000, np.random.default_rng(1))
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    ratio = w / base
    # each factor in [0.75, 1.25], then one common renormalisation
    assert ratio.min() >= 0.75 / 1.25 - 1e-12 and ratio.max() <= 1.25 / 0.75 + 1e-12
    spread = ratio.max(axis=1) / ratio.min(axis=1)
    assert spread.max() <= 1.25 / 0.75 + 1e-12 and spread.max() > 1.5  # the range is used
    np.testing.assert_array_equal(weights.random_weights(base, 0.0, 3, np.random.default_rng(1)), np.tile(base, (3, 1)))
    with pytest.raises(ValueError):
        weights.random_weights(base, 1.0, 3, np.random.default_rng(1))


def test_rescoring_with_the_base_weights_gives_the_published_scores(ds, study, base):
    setup = engine.frame_setup(ds, study, study.default_frame, study.plan_unit)
    x = unc.main_indices_at(ds, setup.frame, setup.base_year, list(setup.unit_ids))
    np.testing.assert_array_equal(weights.rescore(setup.start_scores, x, base, base), setup.start_scores)
    ranks = ds.scores.set_index(["universe", "year", "unit_id"])["dti_rank"]
    published = [ranks[(setup.frame, setup.base_year, u)] for u in setup.unit_ids]
    assert competition_rank(setup.start_scores).tolist() == published


def test_named_alternatives_come_from_the_data(ds, study, base):
    year = study.frame_info[study.default_frame].last_year
    named = weights.named_weights(ds, year)
    for _label, w in named.values():
        assert w.sum() == pytest.approx(1.0, abs=1e-12) and (w >= 0).all()
    earlier = [y for y in sorted(set(ds.weights["year"])) if y < year]
    first = f"weights_{earlier[0]}"
    np.testing.assert_allclose(named[first][1], weights_for(ds, earlier[0]).reindex(list(MAIN_INDICES)), atol=1e-12)
    assert len([k for k in named if k.startswith("weights_")]) == 1  # 2022 and 2023 share one set
    assert note_text(named[first][0], "en") == f"the DTI {earlier[0]}–{earlier[-1]} weights (dti_weights.csv)"
    assert note_text(named["equal"][0], "en") == f"equal weights, 1/{len(MAIN_INDICES)} each"
    activity = named["activity_only"][1]
    for k, v in zip(MAIN_INDICES, activity, strict=True):
        assert (v > 0) == k.endswith("_activity")
    np.testing.assert_allclose(named["equal"][1], 1 / len(MAIN_INDICES))


@pytest.fixture(scope="module")
def stress(ds, study):
    return weights.weight_sensitivity(ds, study, default_scenario(study, draws=DRAWS))


def test_spread_zero_gives_the_observed_rank_and_the_default_probability(ds, study):
    scenario = default_scenario(study, draws=DRAWS)
    zero = weights.weight_sensitivity(ds, study, scenario, spread=0.0)
    last = zero["last_year"]
    assert last["rank_p10"] == last["median_rank"] == last["rank_p90"] == last["rank_min"] == last["rank_max"] == last["observed_rank"]
    assert last["observed_rank"] == 7  # Hà Tĩnh, 7th of 34 in DTI 2024 (method notes §1)
    base = engine.rank_forecast(ds, study, scenario).baseline
    i = list(base.years).index(zero["goal_year"]["year"])
    assert zero["goal_year"]["p_top"] == zero["goal_year"]["p_top_default"] == pytest.approx(float(base.p_top[i]), abs=1e-12)


def test_stress_test_band_probabilities_and_determinism(ds, study, stress):
    label = note_text(stress["label"], "en")
    assert stress["available"] and "stress test" in label and "not the DTI 2025" in label
    assert "không phải khung DTI 2025" in note_text(stress["label"], "vi")
    last, goal = stress["last_year"], stress["goal_year"]
    assert last["rank_min"] <= last["rank_p10"] <= last["median_rank"] <= last["rank_p90"] <= last["rank_max"]
    assert last["rank_min"] <= last["observed_rank"] <= last["rank_max"] and last["rank_max"] > last["rank_min"]
    for p in (last["p_top"], goal["p_top"], goal["p_top_default"], *(a["p_top_goal_year"] for a in stress["alternatives"])):
        assert 0.0 <= p <= 1.0
    assert 1 <= goal["rank_p10"] <= goal["median_rank"] <= goal["rank_p90"] <= stress["frame"]
    assert {a["name"] for a in stress["alternatives"]} >= {"equal", "activity_only"}
    again = weights.weight_sensitivity(ds, study, default_scenario(study, draws=DRAWS))
    assert again == stress
    other = weights.weight_sensitivity(ds, study, default_scenario(study, draws=DRAWS, seed=99))
    assert other["last_year"] != stress["last_year"] or other["goal_year"] != stress["goal_year"]
    table = weights.weights_table(stress)
    assert list(table["name"]) == [a["name"] for a in stress["alternatives"]] and set(MAIN_INDICES) <= set(table.columns)


def test_alternative_ranks_are_the_rescored_ranks(ds, study, stress, base):
    setup = engine.frame_setup(ds, study, study.default_frame, study.plan_unit)
    x = unc.main_indices_at(ds, setup.frame, setup.base_year, list(setup.unit_ids))
    for alt in stress["alternatives"]:
        w = np.array([alt["weights"][k] for k in MAIN_INDICES])
        scores = setup.start_scores + (w - base) @ x.T
        assert alt["rank_last_year"] == int(competition_rank(np.clip(scores, 0, 1))[setup.focus_index])


def test_a_frame_without_every_unit_s_main_indices_says_so(ds, study):
    other = next(f for f in study.frames if f != study.default_frame)
    result = weights.weight_sensitivity(ds, study, default_scenario(study, frame=other, draws=DRAWS))
    assert result["available"] is False and "10 of 63" in note_text(result["reason"], "en")

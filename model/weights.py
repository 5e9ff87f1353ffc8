"""Weight sensitivity of the rank (issue 14, item 3): a stress test, not the DTI 2025 framework.

The JRC/OECD practice for composite indicators (Saisana, Saltelli & Tarantola 2005): perturb
the weights of the main indices and report the resulting rank band. Two kinds of
alternatives:

- **random weights**: each base-year weight w_k multiplied by an independent uniform factor
  in [1 − r, 1 + r] (r = :data:`WEIGHT_SPREAD`, ±25 % by default, a stated stress range)
  and the set renormalised to sum 1;
- **named alternatives**, each derived from the data: the weights of every earlier
  methodology year of ``dti_weights.csv`` that differ from the base year's, equal weights
  (1/8 each, the JRC's usual reference), and the activity indices alone (the main indices
  the DTI names "Hoạt động …", ids ending in ``_activity``; their base-year weights
  renormalised). The data do not label any index an "outcome"; the DTI 2025 weights are
  not published.

Re-scoring keeps each unit's published score and adds the change the new weights make:
s'(w') = s + Σ_k (w'_k − w_k)·x_k (x the base-year main indices), so that r = 0 gives the
published scores and ranks exactly (recomposing from the 4-decimal indices reproduces the
published composite only to ±0.0001). Ranks are competition ranks of the 4-decimal scores.

The goal-year figure simulates the default model (:mod:`model.forecast`) from the re-scored
base year with the forecast's random numbers: with random weights each simulation draw has
its own weight set; with r = 0 it is the default forecast's P(Top N), to the bit.
Pure; needs every unit's main indices in the frame's last year (on the shipped data: the
34-unit frame only).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from model import engine
from model import forecast as fc
from model import uncertainty as unc
from model.data import MAIN_INDICES, Dataset, weights_for
from model.notes import Note, note
from model.ranking import competition_rank
from model.scenario import Scenario
from model.study import Study

#: Half-width of the random weight factors: each weight × U(1 − r, 1 + r), renormalised [–].
WEIGHT_SPREAD = 0.25
#: Suffix of the ids of the DTI's activity main indices ("Hoạt động …", data/README).
ACTIVITY_SUFFIX = "_activity"
#: What the stress test is (and is not: the DTI 2025 framework, whose weights are not published).
STRESS_LABEL = note("weights.stress")


def weight_generator(seed: int) -> np.random.Generator:
    """The weight draws' generator of ``seed``: a third child of the seed's sequence,
    independent of the engine's fit and simulation generators (the first two children)."""
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(3)[2])


def random_weights(weights: np.ndarray, spread: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, n_indices) weight sets: w_k × U(1 − spread, 1 + spread), each row renormalised
    to sum 1; ``spread`` 0 gives the base weights in every row [fraction]."""
    if not 0.0 <= spread < 1.0:
        raise ValueError(f"spread must be in [0, 1), got {spread}")
    w = np.asarray(weights, dtype=np.float64)
    if spread == 0.0:  # exactly the base weights (no renormalisation rounding)
        return np.tile(w, (n, 1))
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(n, len(w)))
    out = w * factors
    return out / out.sum(axis=1, keepdims=True)


def rescore(scores: np.ndarray, indices: np.ndarray, base_weights: np.ndarray, new_weights: np.ndarray) -> np.ndarray:
    """Scores under ``new_weights`` (…, n_indices): s + (w' − w)·x, shape (…, n_units),
    clipped to [0, 1] [score]. ``indices`` (n_units, n_indices) [0–1]."""
    change = (np.asarray(new_weights) - np.asarray(base_weights)) @ np.asarray(indices).T
    return np.clip(np.asarray(scores) + change, 0.0, 1.0)


def named_weights(ds: Dataset, base_year: int) -> dict[str, tuple[Note, np.ndarray]]:
    """{name: (label, a note; weights (8,))} of the named alternatives (module docstring), in
    :data:`MAIN_INDICES` order; a methodology year whose weights equal the base year's or an
    earlier kept one's is not repeated (its years join the label: first and last)."""
    base = weights_for(ds, base_year).reindex(list(MAIN_INDICES)).to_numpy()
    out: dict[str, tuple[Note, np.ndarray]] = {}
    kept: list[tuple[list[int], np.ndarray]] = []
    for year in sorted(int(y) for y in ds.weights["year"].unique()):
        w = weights_for(ds, year).reindex(list(MAIN_INDICES)).to_numpy()
        if year == base_year or np.allclose(w, base, atol=1e-12):
            continue
        for years, other in kept:
            if np.allclose(w, other, atol=1e-12):
                years.append(year)
                break
        else:
            kept.append(([year], w))
    for years, w in kept:
        label = note("weights.methodology_year" if len(years) == 1 else "weights.methodology_years", first=years[0], last=years[-1])
        out[f"weights_{years[0]}"] = (label, w)
    out["equal"] = (note("weights.equal", k=len(MAIN_INDICES)), np.full(len(MAIN_INDICES), 1.0 / len(MAIN_INDICES)))
    activity = np.array([k.endswith(ACTIVITY_SUFFIX) for k in MAIN_INDICES])
    if activity.any():
        w = np.where(activity, base, 0.0)
        out["activity_only"] = (note("weights.activity_only"), w / w.sum())
    return out


def _p_top_goal(
    starts: np.ndarray, params: tuple[np.ndarray, np.ndarray, np.ndarray], randomness: fc.Randomness,
    fi: int, yi: int, top_n: int, assumptions: fc.Assumptions,
) -> tuple[float, np.ndarray]:
    """P(rank ≤ N) of the focus unit in year index ``yi`` and its ranks (n_draws,)."""
    rho, sigma, cum = params
    field = unc.simulate_paths(starts, rho, sigma, cum, randomness.shocks, fi, assumptions)
    year = field[:, yi : yi + 1, :]
    ranks = fc.focus_ranks(year, fi, year[:, :, fi])[:, 0]
    return float((ranks <= top_n).mean()), ranks


def weight_sensitivity(
    ds: Dataset,
    study: Study,
    scenario: Scenario,
    *,
    spread: float = WEIGHT_SPREAD,
    fit: fc.PanelFit | None = None,
) -> dict:
    """Rank band of the focus unit under perturbed weights, in the frame's last observed
    year and in the goal year (baseline, no levers), for ``scenario``'s frame and focus.

    Returns a dict, JSON-ready once its notes are worded (:func:`text.notes.worded`): label
    (:data:`STRESS_LABEL`), available (False with a ``reason``, a note, when some unit's main
    indices are not published in the base year), frame,
    focus, base_year, spread [±fraction], n_weight_draws (= scenario.draws), top_n,
    ``last_year``: observed_rank, rank_p10 / median_rank / rank_p90 / rank_min / rank_max
    [rank] and p_top [probability] under random weights; ``goal_year``: year, p_top_default
    (published weights), p_top (random weights), rank_p10 / median_rank / rank_p90;
    ``alternatives``: per named alternative, name, label (a note), weights {index: fraction},
    rank_last_year [rank], p_top_goal_year [probability].
    Same seed → same figures (weight draws: :func:`weight_generator`).
    """
    setup = engine.setup_for(ds, study, scenario)
    base_year = setup.base_year
    indices = unc.main_indices_at(ds, setup.frame, base_year, list(setup.unit_ids))
    out: dict = {"label": STRESS_LABEL, "frame": setup.frame, "focus": setup.focus, "base_year": base_year}
    known = ~np.isnan(indices).any(axis=1)
    if not known.all():
        return {
            **out,
            "available": False,
            "reason": note("weights.not_published", year=base_year, known=int(known.sum()), n=len(known)),
        }
    top_n = min(scenario.top_n, len(setup.unit_ids))
    fi = setup.focus_index
    base_w = weights_for(ds, base_year).reindex(list(MAIN_INDICES)).to_numpy()
    scores = setup.start_scores
    draws = random_weights(base_w, spread, scenario.draws, weight_generator(scenario.seed))
    last = rescore(scores, indices, base_w, draws)  # (D, U)
    last_ranks = competition_rank(last, axis=-1)[:, fi]
    observed = int(competition_rank(scores)[fi])
    q = np.quantile(last_ranks, [0.1, 0.5, 0.9], method="inverted_cdf")

    fit = fit if fit is not None else engine.estimate(ds, study, scenario.seed)
    randomness = engine.draw_randomness(scenario, setup, fit)
    params = unc.method_parameters(unc.DEFAULT_METHOD, fit, None, randomness)
    assumptions = fc.Assumptions(scenario.others_pace, scenario.shock_scale, scenario.persistence)
    years = list(setup.years)
    year = study.goal_year_in_forecast if study.goal_year_in_forecast in years else years[-1]
    yi = years.index(year)
    p_default, _ = _p_top_goal(scores, params, randomness, fi, yi, top_n, assumptions)
    p_random, goal_ranks = _p_top_goal(last, params, randomness, fi, yi, top_n, assumptions)
    gq = np.quantile(goal_ranks, [0.1, 0.5, 0.9], method="inverted_cdf")
    alternatives = []
    for name, (label, w) in named_weights(ds, base_year).items():
        start = rescore(scores, indices, base_w, w)
        p_alt, _ = _p_top_goal(start, params, randomness, fi, yi, top_n, assumptions)
        alternatives.append(
            {
                "name": name,
                "label": label,
                "weights": dict(zip(MAIN_INDICES, (float(v) for v in w), strict=True)),
                "rank_last_year": int(competition_rank(start)[fi]),
                "p_top_goal_year": p_alt,
            }
        )
    return {
        **out,
        "available": True,
        "spread": spread,
        "n_weight_draws": scenario.draws,
        "top_n": top_n,
        "last_year": {
            "observed_rank": observed,
            "rank_p10": int(q[0]),
            "median_rank": float(np.median(last_ranks)),
            "rank_p90": int(q[2]),
            "rank_min": int(last_ranks.min()),
            "rank_max": int(last_ranks.max()),
            "p_top": float((last_ranks <= top_n).mean()),
        },
        "goal_year": {
            "year": year,
            "p_top_default": p_default,
            "p_top": p_random,
            "rank_p10": int(gq[0]),
            "median_rank": float(np.median(goal_ranks)),
            "rank_p90": int(gq[2]),
        },
        "alternatives": alternatives,
    }


def weights_table(result: Mapping) -> pd.DataFrame:
    """The named alternatives of :func:`weight_sensitivity` as a DataFrame (one row each:
    name, label, rank_last_year, p_top_goal_year, then one column per main index)."""
    rows = [
        {k: v for k, v in alt.items() if k != "weights"} | dict(alt["weights"]) for alt in result.get("alternatives", [])
    ]
    return pd.DataFrame(rows)

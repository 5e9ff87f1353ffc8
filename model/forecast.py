"""Monte Carlo forecast of DTI scores and ranks to the study's horizon (method notes §2–3, §6).

Model, on the logit of the composite score ``y = log(s / (1 − s))``:

    mean path      M[t+1] = M[t] + μ[t]                       (common drift)
    deviation      d[i,t+1] = ρ · d[i,t] + σ · ε[i,t+1]       (persistence, shocks)
    score          s[i,t] = expit(M[t] + d[i,t])               (stays in (0, 1))

ρ, σ and the drifts are estimated on a score panel (:mod:`model.study`: the 63 provinces
2022→2023→2024 on the shipped data; units are
real provinces, so their shocks are the shocks of single units); parameter uncertainty
is propagated by bootstrapping provinces (each replicate re-estimates ρ, σ and the two
drifts); each simulated year's drift is one of the replicate's observed drifts (the
two years differ a lot: +0.43 and +0.10). The focus province's levers add
``Σ_k w_k · Δ_k · phase(year)`` to its composite (the weights of the base year, ``phase``
linear over the forecast years, 1 at the horizon). Simulated scores are rounded to 4 decimals and ranked with
competition ranking.

Array shapes: simulated scores are ``(n_draws, n_years, n_units)``; the years are
the frame's forecast years (:meth:`model.study.Study.sim_years`).
Randomness comes only from the ``numpy.random.Generator`` passed in; the same
:class:`Randomness` is reused across scenarios (common random numbers).

Speed without changing a figure: the summaries give, to the bit, what ranking every
draw in full and calling ``np.quantile`` would give (tests/model/test_forecast.py compares them
with a plain reference). Scores are turned once into integer score units (0–10,000, the
published grid); the other units, which levers do not move, are sorted once per chunk of
draws and serve both the baseline and the scenario (focus rank = 1 + the number of units
strictly higher; cut line from its two neighbours); every unit's rank distribution is
counted straight from the sorted rows; quantiles of ranks and rounded scores are read off
histograms of these small integers. Work runs on chunks of draws (:data:`CHUNK_ELEMENTS`),
so 100,000 draws need little memory beyond the field itself.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import logit

from model.ranking import (
    EMPTY,
    SCORE_UNITS,
    count_higher,
    nth_highest_with,
    sorted_competition_ranks,
    to_score_units,
    units_to_scores,
)

#: Scores are kept strictly inside (0, 1) on the published 4-decimal grid.
SCORE_FLOOR, SCORE_CEIL = 0.0001, 0.9999


#: Work is done on chunks of draws of about this many array elements, so temporaries stay
#: small (≈ 1–2 MB, inside the CPU cache) and 100,000 draws need no more working memory
#: than 10,000. Chunking changes no result: every draw is computed the same way.
CHUNK_ELEMENTS = 1 << 18


def _draw_chunks(n_draws: int, elements_per_draw: int) -> list[slice]:
    """Consecutive slices of the draw axis with about :data:`CHUNK_ELEMENTS` elements each."""
    step = max(1, CHUNK_ELEMENTS // max(1, elements_per_draw))
    return [slice(start, min(start + step, n_draws)) for start in range(0, n_draws, step)]


# --------------------------------------------------------------------------- estimation
@dataclass(frozen=True)
class PanelFit:
    """Estimates from a score panel, with bootstrap replicates.

    Attributes
    ----------
    rho : (n_rep,) persistence of the logit deviation from the year's mean [–]
    sigma : (n_rep,) residual shock s.d. of the logit deviation per year [logit units]
    drifts : (n_rep, n_transitions) change of the mean logit score per year [logit units]
    rho_hat, sigma_hat : point estimates on the original panel
    drift_hat : (n_transitions,) observed drifts
    per_transition : DataFrame of the per-transition statistics (method notes §2 table)
    """

    rho: np.ndarray
    sigma: np.ndarray
    drifts: np.ndarray
    rho_hat: float
    sigma_hat: float
    drift_hat: np.ndarray
    per_transition: pd.DataFrame

    @property
    def n_rep(self) -> int:
        return int(self.rho.shape[0])


def _transition_stats(y0: np.ndarray, y1: np.ndarray) -> tuple[float, float, float]:
    """(drift, rho, sigma) of one transition, rows = units (may be bootstrap-weighted by repetition)."""
    d0 = y0 - y0.mean(axis=-1, keepdims=True)
    d1 = y1 - y1.mean(axis=-1, keepdims=True)
    rho = (d0 * d1).sum(axis=-1) / (d0 * d0).sum(axis=-1)
    resid = d1 - rho[..., None] * d0
    n = y0.shape[-1]
    sigma = np.sqrt((resid**2).sum(axis=-1) / (n - 2))
    drift = (y1 - y0).mean(axis=-1)
    return drift, rho, sigma


def fit_panel(
    panel: pd.DataFrame,
    *,
    years: Sequence[int] | None = None,
    n_boot: int = 400,
    rng: np.random.Generator | None = None,
) -> PanelFit:
    """Estimate drift, persistence and shock scale from a score panel.

    Parameters
    ----------
    panel : wide DataFrame, index = unit, columns = consecutive years, values = DTI
        scores in (0, 1). Units with a missing year are dropped.
    years : the columns to use (default: all, sorted).
    n_boot : bootstrap replicates over units; 0 gives a single replicate at the point
        estimates with the drift fixed at the mean observed drift (deterministic use).
    rng : generator for the bootstrap (required when ``n_boot > 0``).

    ρ and σ pool all transitions (a regression of d[t+1] on d[t] over every unit and
    transition); the drifts stay per transition.
    """
    cols = sorted(panel.columns) if years is None else list(years)
    scores = panel[cols].dropna().to_numpy(dtype=np.float64)
    if scores.shape[1] < 2:
        raise ValueError("fit_panel needs at least two consecutive years")
    if np.any((scores <= 0) | (scores >= 1)):
        raise ValueError("fit_panel: scores must lie strictly inside (0, 1)")
    y = logit(scores)  # (n_units, n_years)

    def pooled(yb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # yb: (n_rep, n_units, n_years)
        dev = yb - yb.mean(axis=1, keepdims=True)
        d0, d1 = dev[:, :, :-1], dev[:, :, 1:]
        rho = (d0 * d1).sum(axis=(1, 2)) / (d0 * d0).sum(axis=(1, 2))
        resid = d1 - rho[:, None, None] * d0
        dof = d0.shape[1] * d0.shape[2] - d0.shape[2] - 1
        sigma = np.sqrt((resid**2).sum(axis=(1, 2)) / dof)
        drifts = (yb[:, :, 1:] - yb[:, :, :-1]).mean(axis=1)
        return rho, sigma, drifts

    rho_hat, sigma_hat, drift_hat = (a[0] for a in pooled(y[None]))
    rows = []
    for k in range(len(cols) - 1):
        drift, rho, sigma = _transition_stats(y[:, k], y[:, k + 1])
        change = y[:, k + 1] - y[:, k]
        rows.append(
            {
                "from_year": cols[k],
                "to_year": cols[k + 1],
                "drift": float(drift),
                "change_sd": float(change.std(ddof=1)),
                "persistence": float(rho),
                "shock_sd": float(sigma),
            }
        )
    per_transition = pd.DataFrame(rows)
    if n_boot == 0:
        return PanelFit(
            rho=np.array([rho_hat]),
            sigma=np.array([sigma_hat]),
            drifts=np.array([[float(np.mean(drift_hat))]]),
            rho_hat=float(rho_hat),
            sigma_hat=float(sigma_hat),
            drift_hat=np.asarray(drift_hat),
            per_transition=per_transition,
        )
    if rng is None:
        raise ValueError("fit_panel: pass rng (numpy Generator) when n_boot > 0")
    pick = rng.integers(0, y.shape[0], size=(n_boot, y.shape[0]))
    rho, sigma, drifts = pooled(y[pick])
    return PanelFit(
        rho=rho,
        sigma=sigma,
        drifts=drifts,
        rho_hat=float(rho_hat),
        sigma_hat=float(sigma_hat),
        drift_hat=np.asarray(drift_hat),
        per_transition=per_transition,
    )


# --------------------------------------------------------------------------- randomness
@dataclass(frozen=True)
class Randomness:
    """Common random numbers for one (seed, draws, units, years) set-up.

    shocks : (n_draws, n_years, n_units) standard normal
    replicate : (n_draws,) index of the bootstrap replicate used by each draw
    drift_pick : (n_draws, n_years) which observed transition's drift each year uses
    """

    shocks: np.ndarray
    replicate: np.ndarray
    drift_pick: np.ndarray


def draw_randomness(
    rng: np.random.Generator, n_draws: int, n_units: int, n_years: int, n_rep: int, n_transitions: int
) -> Randomness:
    """Draw every random number a forecast needs, once (shapes in :class:`Randomness`)."""
    shocks = rng.standard_normal((n_draws, n_years, n_units), dtype=np.float32)
    replicate = rng.integers(0, n_rep, size=n_draws)
    drift_pick = rng.integers(0, n_transitions, size=(n_draws, n_years))
    return Randomness(shocks=shocks, replicate=replicate, drift_pick=drift_pick)


# --------------------------------------------------------------------------- simulation
@dataclass(frozen=True)
class Assumptions:
    """Multipliers on the estimates (1.0 = as estimated).

    others_pace : on the common drift of every unit but the focus one [–]
    shock_scale : on σ [–]
    persistence : on ρ [–]
    """

    others_pace: float = 1.0
    shock_scale: float = 1.0
    persistence: float = 1.0


def simulate_scores(
    start_scores: np.ndarray,
    focus_index: int,
    fit: PanelFit,
    randomness: Randomness,
    assumptions: Assumptions = Assumptions(),
) -> np.ndarray:
    """Baseline score paths of every unit over the forecast years (one per shocks row).

    Parameters
    ----------
    start_scores : (n_units,) published scores of the base year, in (0, 1)
    focus_index : position of the focus province (it keeps the estimated drift)
    fit, randomness, assumptions : see their classes

    Returns
    -------
    (n_draws, n_years, n_units) float32 scores in [0.0001, 0.9999], not yet rounded.
    """
    start = np.clip(np.asarray(start_scores, dtype=np.float64), SCORE_FLOOR, SCORE_CEIL)
    y0 = logit(start)
    dev0 = (y0 - y0.mean()).astype(np.float32)
    rep = randomness.replicate
    # float32 keeps ~7 significant digits: ample for scores published with 4 decimals,
    # and halves memory and time for 100,000 draws
    rho = (fit.rho[rep] * assumptions.persistence).astype(np.float32)[:, None]  # (D, 1)
    sigma = (fit.sigma[rep] * assumptions.shock_scale).astype(np.float32)[:, None]
    n_draws, n_years, n_units = randomness.shocks.shape
    drift = np.take_along_axis(fit.drifts[rep], randomness.drift_pick, axis=1)  # (D, Y)
    cum_drift = np.cumsum(drift, axis=1).astype(np.float32)
    others = np.full(n_units, assumptions.others_pace, dtype=np.float32)
    others[focus_index] = 1.0
    # unit i's logit in year j: y0 mean + others_i × cumulative drift + deviation, computed
    # in place on chunks of draws that stay in the CPU cache (no full-size temporaries)
    out = np.empty((n_draws, n_years, n_units), dtype=np.float32)
    mean0 = np.float32(y0.mean())
    for rows in _draw_chunks(n_draws, n_years * n_units):
        rho_c, sigma_c, cum_c, out_c = rho[rows], sigma[rows], cum_drift[rows], out[rows]
        dev = np.multiply(rho_c, dev0)  # (chunk, U)
        step = np.empty_like(dev)
        for j in range(n_years):
            if j:
                np.multiply(rho_c, dev, out=dev)
            np.multiply(sigma_c, randomness.shocks[rows, j, :], out=step)
            dev += step  # d[j] = ρ·d[j−1] + σ·ε[j]
            np.multiply(cum_c[:, j, None], others[None, :], out=step)
            np.add(step, dev, out=out_c[:, j, :])
        _expit_inplace(out_c, mean0)
        np.clip(out_c, SCORE_FLOOR, SCORE_CEIL, out=out_c)
    return out


def _expit_inplace(logits: np.ndarray, shift: np.float32) -> None:
    """``logits ← 1 / (1 + exp(−(logits + shift)))`` in place, in the array's precision.

    The same formula as ``scipy.special.expit`` with numpy's vectorised ``exp``: about
    5× faster on float32 (scipy's loop is scalar); the two differ by at most 2·10⁻⁷
    (a few float32 ulps), far below the published 4-decimal grid (10⁻⁴).
    """
    np.add(logits, shift, out=logits)
    np.negative(logits, out=logits)
    np.exp(logits, out=logits)
    logits += 1
    np.reciprocal(logits, out=logits)


def lever_phase(years: Sequence[int]) -> np.ndarray:
    """Share of a lever's gain reached each year: linear over the consecutive forecast
    ``years``, from 1/n in the first to 1 in the last (the horizon)."""
    y = np.asarray(years, dtype=np.float64)
    base, horizon = y[0] - 1.0, y[-1]
    return np.clip((y - base) / (horizon - base), 0.0, 1.0)


def composite_delta(
    levers: Mapping[str, float],
    weights: Mapping[str, float],
    current: Mapping[str, float],
    years: Sequence[int],
) -> np.ndarray:
    """Change of the focus composite each year from its levers, shape (n_years,).

    Each lever Δ_k [index points by the horizon] is capped so the index stays in [0, 1]
    (−current_k ≤ Δ_k ≤ 1 − current_k), weighted with the base year's weights and phased in
    linearly over ``years``.
    """
    total = 0.0
    for index, gain in levers.items():
        now = float(current.get(index, 0.0))
        # an index stays within [0, 1]: a push is capped at the headroom, a fall at the value
        total += float(weights.get(index, 0.0)) * min(max(float(gain), -now), 1.0 - now)
    return total * lever_phase(years)


def apply_focus_delta(base_focus: np.ndarray, delta_by_year: np.ndarray) -> np.ndarray:
    """Scenario scores of the focus province: baseline + lever effect, kept in (0, 1).

    base_focus : (n_draws, n_years); delta_by_year : (n_years,)
    """
    return np.clip(base_focus + delta_by_year[None, :], SCORE_FLOOR, SCORE_CEIL)


# --------------------------------------------------------------------------- summaries
@dataclass(frozen=True)
class FocusSummary:
    """Per-year summary of the focus province (arrays of shape (n_years,)).

    p_top : P(rank ≤ N) [probability]
    median_rank, rank_p10, rank_p90 : rank quantiles [rank]
    score_p10/p50/p90 : focus score quantiles [0–1]
    cut_p10/p50/p90 : quantiles of the N-th highest score (the cut line) [0–1]
    """

    years: tuple[int, ...]
    p_top: np.ndarray
    median_rank: np.ndarray
    rank_p10: np.ndarray
    rank_p90: np.ndarray
    score_p10: np.ndarray
    score_p50: np.ndarray
    score_p90: np.ndarray
    cut_p10: np.ndarray
    cut_p50: np.ndarray
    cut_p90: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "year": self.years,
                "p_top": self.p_top,
                "median_rank": self.median_rank,
                "rank_p10": self.rank_p10,
                "rank_p90": self.rank_p90,
                "score_p10": self.score_p10,
                "score_p50": self.score_p50,
                "score_p90": self.score_p90,
                "cutline_p10": self.cut_p10,
                "cutline_median": self.cut_p50,
                "cutline_p90": self.cut_p90,
            }
        )


def others_units(field_rows: np.ndarray, focus_index: int) -> np.ndarray:
    """Score units of (n_rows, n_units) scores with the focus slot emptied (never counts)."""
    units = to_score_units(field_rows, np.int16)
    units[:, focus_index] = EMPTY
    return units


def focus_ranks(field: np.ndarray, focus_index: int, focus_scores: np.ndarray) -> np.ndarray:
    """Competition rank of the focus province in each draw and year, (n_draws, n_years).

    ``field`` is the baseline (n_draws, n_years, n_units); the focus column is taken from
    ``focus_scores`` (n_draws, n_years) instead, without copying the field. The focus
    score is rounded in its own precision, every other unit in the field's.
    """
    n_draws, n_years, n_units = field.shape
    focus_units = to_score_units(focus_scores, np.int16)
    ranks = np.empty((n_draws, n_years), dtype=np.int16)
    for rows in _draw_chunks(n_draws, n_years * n_units):
        others = others_units(field[rows].reshape(-1, n_units), focus_index)
        higher = count_higher(others, focus_units[rows].ravel())
        ranks[rows] = (higher + 1).reshape(-1, n_years)
    return ranks


def _focus_draws(
    field: np.ndarray, focus_index: int, focus_scores: Sequence[np.ndarray], top_n: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per focus series: its score units, its rank and the cut line's score units, each
    (n_draws, n_years) int16.

    The other units are rounded and sorted once per chunk of draws and shared by every
    series: they do not depend on the focus province's levers. The focus series is
    rounded in its own precision for its rank and score; for the cut line it is cast to
    the field's precision first (as when it is written into a copy of the field).
    """
    n_draws, n_years, n_units = field.shape
    n = min(top_n, n_units)
    out = []
    for f in focus_scores:
        own = to_score_units(f, np.int16)
        cut_input = to_score_units(np.asarray(f, dtype=field.dtype), np.int16)
        out.append((own, cut_input, np.empty((n_draws, n_years), dtype=np.int16)))
    for rows in _draw_chunks(n_draws, n_years * n_units):
        others = others_units(field[rows].reshape(-1, n_units), focus_index)
        others.sort(axis=-1)  # the emptied focus slot first
        for own, cut, ranks in out:
            ranks[rows] = (count_higher(others, own[rows].ravel()) + 1).reshape(-1, n_years)
            # in place: row block ``rows`` of the cut line is read before it is written
            cut[rows] = nth_highest_with(others, cut[rows].ravel(), n).reshape(-1, n_years)
    return out


def cutline_scores(field: np.ndarray, focus_index: int, focus_scores: np.ndarray, top_n: int) -> np.ndarray:
    """Rounded score (4 decimals, the field's precision) of the N-th highest unit in each
    draw and year (the cut line), (n_draws, n_years); the focus column is ``focus_scores``."""
    ((_, cut, _),) = _focus_draws(field, focus_index, [focus_scores], top_n)
    return units_to_scores(cut, field.dtype)


# Order statistics from counts. The focus province's ranks (1..n_units) and rounded scores
# (0..10,000 score units) are small integers, so each year's sorted draws are known from
# a histogram: no sort or partition of (n_draws, n_years) arrays, and the same figures
# as ``np.quantile`` / ``np.median`` on the draws (tests/model/test_forecast.py checks it).
def _cumulative_counts(codes: np.ndarray, n_codes: int) -> np.ndarray:
    """(n_cols, n_codes) running counts of the integers 0..n_codes−1 in each column of
    ``codes`` (n, n_cols)."""
    n_cols = codes.shape[1]
    flat = codes + np.arange(0, n_cols * n_codes, n_codes, dtype=np.int64)
    counts = np.bincount(flat.ravel(), minlength=n_cols * n_codes).reshape(n_cols, n_codes)
    return np.cumsum(counts, axis=1)


def _kth_smallest(cum: np.ndarray, k: int) -> np.ndarray:
    """The k-th smallest code (0-based) of each column, from :func:`_cumulative_counts`."""
    return np.argmax(cum > k, axis=1)


def _linear_quantile(cum: np.ndarray, n: int, q: float, dtype: type) -> np.ndarray:
    """``np.quantile(scores, q, axis=0)`` (method "linear", scalar q) of the rounded scores
    whose score units have the running counts ``cum``; scores in ``dtype``."""
    position = (n - 1) * q  # numpy's virtual index and its two neighbours
    below = math.floor(position)
    lower = units_to_scores(_kth_smallest(cum, below), dtype)
    upper = units_to_scores(_kth_smallest(cum, min(below + 1, n - 1)), dtype)
    # numpy's own interpolation between the two order statistics, with the same weight
    return np.quantile(np.stack([lower, upper]), position - below, axis=0)


@functools.lru_cache(maxsize=64)
def _inverted_cdf_position(n: int, q: float) -> int:
    """The sorted position ``np.quantile(…, q, method="inverted_cdf")`` takes among n values."""
    return int(np.quantile(np.arange(n), q, method="inverted_cdf"))


def summarise_scenarios(
    field: np.ndarray,
    focus_index: int,
    focus_scores: Sequence[np.ndarray],
    top_n: int,
    years: Sequence[int],
) -> tuple[FocusSummary, ...]:
    """:func:`summarise_focus` of several focus series (e.g. baseline and scenario) over one
    field, ranking the other units once."""
    n_draws, _, n_units = field.shape
    summaries = []
    for scores, (own, cut, ranks) in zip(
        focus_scores, _focus_draws(field, focus_index, focus_scores, top_n), strict=True
    ):
        rank_cum = _cumulative_counts(ranks, n_units + 1)
        score_cum = _cumulative_counts(own, SCORE_UNITS + 1)
        cut_cum = _cumulative_counts(cut, SCORE_UNITS + 1)
        score_dtype, cut_dtype = np.asarray(scores).dtype, field.dtype
        middle = [_kth_smallest(rank_cum, k) for k in ((n_draws - 1) // 2, n_draws // 2)]
        summaries.append(
            FocusSummary(
                years=tuple(years),
                p_top=rank_cum[:, min(max(top_n, 0), n_units)] / n_draws,
                median_rank=(middle[0] + middle[1]) / 2.0,  # as np.median: mean of the middle two
                rank_p10=_kth_smallest(rank_cum, _inverted_cdf_position(n_draws, 0.1)).astype(np.int16),
                rank_p90=_kth_smallest(rank_cum, _inverted_cdf_position(n_draws, 0.9)).astype(np.int16),
                score_p10=_linear_quantile(score_cum, n_draws, 0.1, score_dtype),
                score_p50=_linear_quantile(score_cum, n_draws, 0.5, score_dtype),
                score_p90=_linear_quantile(score_cum, n_draws, 0.9, score_dtype),
                cut_p10=_linear_quantile(cut_cum, n_draws, 0.1, cut_dtype),
                cut_p50=_linear_quantile(cut_cum, n_draws, 0.5, cut_dtype),
                cut_p90=_linear_quantile(cut_cum, n_draws, 0.9, cut_dtype),
            )
        )
    return tuple(summaries)


def summarise_focus(
    field: np.ndarray, focus_index: int, focus_scores: np.ndarray, top_n: int, years: Sequence[int]
) -> FocusSummary:
    """Rank and score summary of the focus province for one scenario (see :class:`FocusSummary`)."""
    return summarise_scenarios(field, focus_index, [focus_scores], top_n, years)[0]


def rank_distribution(ranks: np.ndarray) -> np.ndarray:
    """Probability of each rank, from ranks of shape (n_draws, n_years, n_units).

    Returns (n_years, n_units, n_units): ``[y, u, r-1]`` = P(unit u has rank r in year y);
    sums to 1 over the last axis.
    """
    n_draws, n_years, n_units = ranks.shape
    flat = (
        np.arange(n_years)[None, :, None] * n_units * n_units
        + np.arange(n_units)[None, None, :] * n_units
        + (ranks.astype(np.int64) - 1)
    )
    counts = np.bincount(flat.ravel(), minlength=n_years * n_units * n_units)
    return counts.reshape(n_years, n_units, n_units) / n_draws


def all_units_summary(
    field: np.ndarray,
    focus_index: int,
    focus_scores: np.ndarray,
    top_n: int,
    unit_ids: Sequence[str],
    years: Sequence[int],
    only_years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Full rank distributions of every unit (scenario applied to the focus province).

    Long DataFrame: year, unit_id, p_top, median_rank, rank_p10, rank_p90, score_median.
    Quantiles are read off the per-unit rank distribution (cumulative probability).
    ``years`` labels the field's year axis; ``only_years`` (default: all of them) limits
    the summary to those years (the cut-line table needs one year).

    The focus scores enter in the field's precision (as when written into a copy of the
    field); ranks are competition ranks of the rounded scores, score_median is the lower
    middle draw of each unit's score, rounded to 4 decimals in float64.

    Every (draw, year) row of a chunk of draws is ranked in one call, and the ranks are
    never put back in unit order: the sorted rows already say which unit holds which rank.
    """
    n_draws, n_field_years, n_units = field.shape
    years = list(years)
    chosen = years if only_years is None else list(only_years)
    picks = [years.index(y) for y in chosen]
    n_years = len(picks)
    focus_field = np.asarray(focus_scores, dtype=field.dtype)
    if picks != list(range(n_field_years)):
        field, focus_field = field[:, picks, :], focus_field[:, picks]
    per_year = n_units * n_units
    rank_counts = np.zeros(n_years * per_year, dtype=np.int64)
    score_units = np.empty((n_draws, n_years * n_units), dtype=np.int16)
    chunks = _draw_chunks(n_draws, n_years * n_units)
    # row r of a chunk is year r mod n_years: its (unit, rank) cell sits in that year's block
    year_block = np.tile(np.arange(n_years, dtype=np.int32) * per_year - 1, chunks[0].stop - chunks[0].start)
    for rows in chunks:
        scores = field[rows].reshape(-1, n_units).copy()
        scores[:, focus_index] = focus_field[rows].ravel()
        unit_index, rank = sorted_competition_ranks(to_score_units(scores, np.int16))
        unit_index *= n_units
        unit_index += rank
        unit_index += year_block[: unit_index.shape[0], None]  # flat (year, unit, rank − 1)
        rank_counts += np.bincount(unit_index.ravel(), minlength=rank_counts.size)
        # scores rounded in float64, as the published 4-decimal values
        score_units[rows] = to_score_units(scores.astype(np.float64), np.int16).reshape(score_units[rows].shape)
    dist = rank_counts.reshape(n_years, n_units, n_units) / n_draws  # (Y, U, R)
    cum = np.cumsum(dist, axis=-1)
    rank_values = np.arange(1, n_units + 1)

    def quantile(q: float) -> np.ndarray:
        return rank_values[np.argmax(cum >= q - 1e-12, axis=-1)]

    # lower median: the ((n − 1) // 2)-th smallest draw; rounding is monotone, so it is
    # the same draw before and after rounding
    middle = (n_draws - 1) // 2
    medians = np.concatenate(
        [
            _kth_smallest(_cumulative_counts(score_units[:, block : block + n_units], SCORE_UNITS + 1), middle)
            for block in range(0, n_years * n_units, n_units)  # one year at a time: cache-sized histograms
        ]
    )
    return pd.DataFrame(
        {
            "year": np.repeat(np.asarray(chosen), n_units),
            "unit_id": np.tile(np.asarray(unit_ids), n_years),
            "p_top": cum[:, :, min(top_n, n_units) - 1].ravel(),
            "median_rank": quantile(0.5).ravel(),
            "rank_p10": quantile(0.1).ravel(),
            "rank_p90": quantile(0.9).ravel(),
            "score_median": units_to_scores(medians),
        }
    )


# --------------------------------------------------------------------------- goal-seek
@dataclass(frozen=True)
class GoalSeekResult:
    """Smallest lever value reaching P(rank ≤ N in year) ≥ target probability.

    value : the lever value [index points by the horizon], None when not reachable
    probability : P(rank ≤ N) at ``value`` (or at the cap when not reachable)
    feasible : False when even the cap (index at 1.0) is not enough
    already_met : True when P ≥ target with the lever at 0
    """

    which: str
    value: float | None
    probability: float
    feasible: bool
    already_met: bool
    cap: float


def p_top_in_year(
    field_year: np.ndarray, focus_index: int, focus_year: np.ndarray, top_n: int
) -> float:
    """P(rank ≤ N) of the focus province in one year; field_year (n_draws, n_units)."""
    ranks = focus_ranks(field_year[:, None, :], focus_index, focus_year[:, None])
    return float((ranks <= top_n).mean())


def p_top_against(others: np.ndarray, focus_year: np.ndarray, top_n: int) -> float:
    """:func:`p_top_in_year` against the others' score units (:func:`others_units`)."""
    ranks = count_higher(others, to_score_units(focus_year, np.int16)) + 1
    return float((ranks <= top_n).mean())


def goal_seek(
    field: np.ndarray,
    focus_index: int,
    weights: Mapping[str, float],
    current: Mapping[str, float],
    levers: Mapping[str, float],
    which: str,
    lever_indices: Sequence[str],
    *,
    top_n: int,
    year: int,
    target_p: float = 0.8,
    years: Sequence[int],
    tol: float = 0.0005,
) -> GoalSeekResult:
    """Bisection on one lever (``which`` = a main index) or on a uniform push (``"uniform"``:
    the same value on every index of ``lever_indices``, each capped at its headroom).

    P(rank ≤ N) is non-decreasing in every lever and the same draws are used for each
    evaluation (common random numbers), so bisection finds the smallest value to ``tol``
    [index points]. Other levers keep their values from ``levers``.
    """
    yi = list(years).index(year)
    phase = lever_phase(years)[yi]
    field_year = field[:, yi, :]
    base_focus = field_year[:, focus_index]
    others = others_units(field_year, focus_index)  # rounded once for every evaluation
    targets = list(lever_indices) if which == "uniform" else [which]
    cap = max(1.0 - float(current.get(k, 0.0)) for k in targets)

    def prob(x: float) -> float:
        trial = dict(levers)
        for k in targets:
            trial[k] = x
        delta = float(composite_delta(trial, weights, current, years=[years[-1]])[0]) * phase
        focus = np.clip(base_focus + delta, SCORE_FLOOR, SCORE_CEIL)
        return p_top_against(others, focus, top_n)

    p0 = prob(0.0)
    if p0 >= target_p:
        return GoalSeekResult(which, 0.0, p0, True, True, cap)
    p_cap = prob(cap)
    if p_cap < target_p:
        return GoalSeekResult(which, None, p_cap, False, False, cap)
    lo, hi, p_hi = 0.0, cap, p_cap
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        p_mid = prob(mid)
        if p_mid >= target_p:
            hi, p_hi = mid, p_mid
        else:
            lo = mid
    return GoalSeekResult(which, hi, p_hi, True, False, cap)


# --------------------------------------------------------------------------- tornado
def tornado(
    evaluate: Callable[[Mapping[str, float]], float],
    ranges: Mapping[str, tuple[float, float]],
    current: Mapping[str, float],
) -> pd.DataFrame:
    """One-at-a-time sensitivity: each input moved to its low and high value alone.

    ``evaluate(values)`` returns P(rank ≤ N) in the chosen year for a full set of input
    values; ``ranges`` gives (low, high) per input; ``current`` the scenario's values.
    Returns name, low, high, p_low, p_high, p_current, swing = |p_high − p_low|, sorted
    by swing (largest first).
    """
    p_now = evaluate(current)
    rows = []
    for name, (low, high) in ranges.items():
        p_low = evaluate({**current, name: low})
        p_high = evaluate({**current, name: high})
        rows.append(
            {
                "name": name,
                "low": low,
                "high": high,
                "p_low": p_low,
                "p_high": p_high,
                "p_current": p_now,
                "swing": abs(p_high - p_low),
            }
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)

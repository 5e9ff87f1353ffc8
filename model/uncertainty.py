"""Rank-forecast methods beyond the province bootstrap (issue 14, items 1, 2 and 6).

The default forecast (:mod:`model.forecast`, method ``"units"``) bootstraps provinces: ρ and
σ are pooled over the observed transitions and barely move between replicates, while the
two transitions of the shipped panel disagree (ρ 0.73 / σ 0.14 against ρ 1.03 / σ 0.24,
method notes §2). This module holds the alternatives, as pure functions on arrays:

``"units"``
    the default: provinces bootstrapped, ρ and σ pooled over the transitions, each
    simulated year's drift one of the replicate's observed drifts.
``"transitions"``
    transition uncertainty: provinces bootstrapped **and** each simulated year takes one
    observed transition whole (its own ρ, σ and drift, estimated on the replicate's
    provinces), chosen by the same random pick that chooses the default's drift. With one
    observed transition this is the default, to the bit.
``"transition:<from>-<to>"``
    one transition's own parameters in every simulated year (model-spread view).
``"random_walk"``
    ρ = 1 (no catch-up), σ the s.d. of the deviation changes, drifts as the default.
``"bounded"``
    the eight main indices on [0, 1]: each year the composite model proposes the unit's
    score change Δs, every main index moves by Δs and is clipped to [0, 1] (an index at 1.0
    can only fall), and the composite is recomposed with the weights. It needs every unit's
    main indices in the base year (units left unbounded would gain where the others cannot):
    on the shipped data only the 34-unit frame's last year has them, so it cannot be
    backtested yet (:class:`NotApplicable`).
``"rank_moves"``
    persistence with observed rank moves: next rank order = last rank + a rank move drawn
    from the frame's observed year-to-year moves, ties broken at random.
``"rank_ar1"``
    rank AR(1): the centred rank z = r − (n + 1)/2 follows z' = φ·z + s·ε, then is re-ranked;
    φ and s estimated on the frame's rank panel, units bootstrapped.

Shapes: scores (n_draws, n_years, n_units); ranks the same, int16 competition ranks.
Randomness comes only from the generators passed in; the score methods use the default's
random numbers (:func:`model.forecast.draw_randomness`), so differences between methods are
not noise of different draws.

Calibration (item 6): :func:`reliability_table` and :func:`brier` are the pieces of the
near-the-cut report of :func:`model.backtest.backtest`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import logit

from model import forecast as fc
from model.data import MAIN_INDICES, Dataset, components_wide
from model.notes import Note, note
from model.ranking import competition_rank

#: Score-path methods (they give scores, so the app's cut line and levers work on them).
SCORE_METHODS = ("units", "transitions", "random_walk", "bounded")
#: Rank-only methods (model-spread view and backtest; no scores, no levers).
RANK_METHODS = ("rank_moves", "rank_ar1")
#: Every method the backtest scores (the per-transition methods are added when a fit has
#: two transitions or more).
BACKTEST_METHODS = SCORE_METHODS + RANK_METHODS
DEFAULT_METHOD = "units"
TRANSITION_PREFIX = "transition:"

#: The assumptions at their estimates (every multiplier 1.0).
AT_ESTIMATES = fc.Assumptions()

#: Units within this many ranks of the goal rank N in the origin year are "near the cut
#: line" (|rank − N| ≤ 5; ranks 10–20 for the Top 15) [ranks].
NEAR_CUT_RANKS = 5
#: Equal-width bins of the predicted probability in the reliability table.
RELIABILITY_BINS = 5
#: :func:`choose_method`: the pooled coverage of the 80 % intervals a method needs [fraction]
#: and the Brier gain over the default it needs, in standard errors of the paired difference.
CHOICE_COVERAGE = (0.7, 0.9)
CHOICE_STANDARD_ERRORS = 2.0


class NotApplicable(ValueError):
    """A method that the data cannot support for this frame and year; :attr:`note` says why
    (a :class:`model.notes.Note`, code ``na.<reason>``, with the reason's figures)."""

    def __init__(self, code: str, **params: object) -> None:
        self.note = note(f"na.{code}", **params)
        super().__init__(self.note)

    def __reduce__(self):
        return (_not_applicable, (self.note,))


def _not_applicable(why: Note) -> NotApplicable:
    """A :class:`NotApplicable` of the note ``why`` (unpickling)."""
    exc = NotApplicable.__new__(NotApplicable)
    ValueError.__init__(exc, why)
    exc.note = why
    return exc


# --------------------------------------------------------------------------- estimation
@dataclass(frozen=True)
class TransitionFit:
    """Per-transition estimates on the province bootstrap replicates.

    rho / sigma / drift : (n_rep, n_transitions) persistence [–], shock s.d. [logit units],
        mean logit change [logit units] of each transition on each replicate's provinces
    sigma_rw : (n_rep,) s.d. of the deviation change with ρ = 1 (random walk) [logit units]
    labels : ("<from>-<to>", …) the transitions' years
    The replicates use the same province picks as :func:`model.forecast.fit_panel` given a
    generator in the same state (same seed).
    """

    rho: np.ndarray
    sigma: np.ndarray
    drift: np.ndarray
    sigma_rw: np.ndarray
    labels: tuple[str, ...]

    @property
    def n_rep(self) -> int:
        return int(self.rho.shape[0])

    @property
    def n_transitions(self) -> int:
        return int(self.rho.shape[1])


def fit_transitions(panel: pd.DataFrame, *, n_boot: int, rng: np.random.Generator | None) -> TransitionFit:
    """Each transition's (ρ, σ, drift) and the random walk's σ on bootstrap replicates.

    ``panel``: wide scores (unit × consecutive years) in (0, 1), as for
    :func:`model.forecast.fit_panel`; ``n_boot`` 0 gives one replicate on the panel itself.
    Formulas as :func:`model.forecast._transition_stats` (OLS slope of the deviation from the
    year's mean, residual s.d. with n − 2 degrees of freedom); random walk: pooled
    √(Σ (d[t+1] − d[t])² / (n·T − T)).
    """
    cols = sorted(panel.columns)
    scores = panel[cols].dropna().to_numpy(dtype=np.float64)
    if scores.shape[1] < 2:
        raise ValueError("fit_transitions needs at least two consecutive years")
    y = logit(scores)
    if n_boot:
        if rng is None:
            raise ValueError("fit_transitions: pass rng when n_boot > 0")
        yb = y[rng.integers(0, y.shape[0], size=(n_boot, y.shape[0]))]
    else:
        yb = y[None]
    dev = yb - yb.mean(axis=1, keepdims=True)
    d0, d1 = dev[:, :, :-1], dev[:, :, 1:]
    rho = (d0 * d1).sum(axis=1) / (d0 * d0).sum(axis=1)
    n = y.shape[0]
    resid = d1 - rho[:, None, :] * d0
    sigma = np.sqrt((resid**2).sum(axis=1) / (n - 2))
    drift = (yb[:, :, 1:] - yb[:, :, :-1]).mean(axis=1)
    n_t = d0.shape[2]
    sigma_rw = np.sqrt(((d1 - d0) ** 2).sum(axis=(1, 2)) / (n * n_t - n_t))
    labels = tuple(f"{cols[k]}-{cols[k + 1]}" for k in range(n_t))
    return TransitionFit(rho=rho, sigma=sigma, drift=drift, sigma_rw=sigma_rw, labels=labels)


def method_parameters(
    method: str, fit: fc.PanelFit, tfit: TransitionFit | None, randomness: fc.Randomness
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ρ, σ, cumulative drift) of every draw and simulated year, each (n_draws, n_years);
    ``"bounded"`` uses the default's; ``tfit`` may be None for those two."""
    rep, pick = randomness.replicate, randomness.drift_pick
    n_years = pick.shape[1]
    drift = np.take_along_axis(fit.drifts[rep], pick, axis=1)
    if method in ("units", "bounded"):
        rho = np.repeat(fit.rho[rep][:, None], n_years, axis=1)
        sigma = np.repeat(fit.sigma[rep][:, None], n_years, axis=1)
    elif method == "transitions":
        rho = np.take_along_axis(tfit.rho[rep], pick, axis=1)
        sigma = np.take_along_axis(tfit.sigma[rep], pick, axis=1)
        drift = np.take_along_axis(tfit.drift[rep], pick, axis=1)
    elif method == "random_walk":
        rho = np.ones((len(rep), n_years))
        sigma = np.repeat(tfit.sigma_rw[rep][:, None], n_years, axis=1)
    elif method.startswith(TRANSITION_PREFIX):
        k = tfit.labels.index(method[len(TRANSITION_PREFIX) :])
        rho = np.repeat(tfit.rho[rep, k][:, None], n_years, axis=1)
        sigma = np.repeat(tfit.sigma[rep, k][:, None], n_years, axis=1)
        drift = np.repeat(tfit.drift[rep, k][:, None], n_years, axis=1)
    else:
        raise ValueError(f"unknown score method {method!r}")
    return rho, sigma, np.cumsum(drift, axis=1)


# --------------------------------------------------------------------------- simulation
def simulate_paths(
    start_scores: np.ndarray,
    rho: np.ndarray,
    sigma: np.ndarray,
    cum_drift: np.ndarray,
    shocks: np.ndarray,
    focus_index: int = 0,
    assumptions: fc.Assumptions = AT_ESTIMATES,
) -> np.ndarray:
    """Score paths of the composite model with year-varying parameters.

    start_scores : (n_units,) or (n_draws, n_units) base-year scores in (0, 1) (per-draw
        starts serve the weight stress test)
    rho, sigma, cum_drift : (n_draws, n_years) persistence [–], shock s.d. and cumulative
        common drift [logit units]; shocks : (n_draws, n_years, n_units) standard normal
    Returns (n_draws, n_years, n_units) float32 in [0.0001, 0.9999]. With constant ρ, σ over
    the years, one start for every draw and the same arrays it is
    :func:`model.forecast.simulate_scores`, to the bit (same float32 operations).
    """
    start = np.clip(np.asarray(start_scores, dtype=np.float64), fc.SCORE_FLOOR, fc.SCORE_CEIL)
    y0 = logit(start)
    mean0 = y0.mean(axis=-1, keepdims=True)
    dev0 = (y0 - mean0).astype(np.float32)
    mean0 = mean0.astype(np.float32)
    rho = (rho * assumptions.persistence).astype(np.float32)
    sigma = (sigma * assumptions.shock_scale).astype(np.float32)
    cum = cum_drift.astype(np.float32)
    n_draws, n_years, n_units = shocks.shape
    others = np.full(n_units, assumptions.others_pace, dtype=np.float32)
    others[focus_index] = 1.0
    per_draw = dev0.ndim == 2
    out = np.empty((n_draws, n_years, n_units), dtype=np.float32)
    for rows in fc._draw_chunks(n_draws, n_years * n_units):
        out_c = out[rows]
        d0 = dev0[rows] if per_draw else dev0
        dev = np.multiply(rho[rows, 0, None], d0)
        step = np.empty_like(dev)
        for j in range(n_years):
            if j:
                np.multiply(rho[rows, j, None], dev, out=dev)
            np.multiply(sigma[rows, j, None], shocks[rows, j, :], out=step)
            dev += step
            np.multiply(cum[rows, j, None], others[None, :], out=step)
            np.add(step, dev, out=out_c[:, j, :])
        fc._expit_inplace(out_c, mean0[rows, None, :] if per_draw else mean0[0])
        np.clip(out_c, fc.SCORE_FLOOR, fc.SCORE_CEIL, out=out_c)
    return out


def simulate_bounded(
    start_scores: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    rho: np.ndarray,
    sigma: np.ndarray,
    cum_drift: np.ndarray,
    shocks: np.ndarray,
    others_pace: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Main indices on [0, 1], composed with the weights (method ``"bounded"``).

    start_scores : (n_units,) published base-year composites in (0, 1)
    indices : (n_units, n_indices) base-year main indices [0–1], every one known
        (:class:`NotApplicable` otherwise)
    weights : (n_indices,) weights of the base year [sum 1]
    rho, sigma, cum_drift, shocks : as :func:`simulate_paths`
    others_pace : (n_units,) multiplier of each unit's common drift (the assumption "pace of
        the others": 1 for the focus unit), default 1 for every unit

    Each year the composite model proposes y* = M[t+1] + ρ·(logit s[t] − M[t]) + σ·ε
    (M the common mean path), every index moves by Δs = expit(y*) − s[t] and is clipped to
    [0, 1], and s[t+1] = Σ w·x + (published − recomposed base composite): the recomposition
    error of the published 4-decimal indices is kept constant so that the base year is
    exactly the published score. Without a binding bound this is the default model.

    Returns (scores (n_draws, n_years, n_units) float32, last year's indices
    (n_draws, n_units, n_indices) float32).
    """
    start = np.clip(np.asarray(start_scores, dtype=np.float64), fc.SCORE_FLOOR, fc.SCORE_CEIL)
    x0 = np.array(indices, dtype=np.float64)
    unknown = np.isnan(x0).any(axis=1)
    if unknown.any():
        raise NotApplicable("bounded_indices", known=int((~unknown).sum()), n=len(unknown))
    w = np.asarray(weights, dtype=np.float64)
    offset = (start - x0 @ w).astype(np.float32)
    mean0 = float(logit(start).mean())
    n_draws, n_years, n_units = shocks.shape
    out = np.empty((n_draws, n_years, n_units), dtype=np.float32)
    last = np.empty((n_draws, n_units, len(w)), dtype=np.float32)
    w32 = w.astype(np.float32)
    pace = np.ones(n_units) if others_pace is None else np.asarray(others_pace, dtype=np.float64)
    for rows in fc._draw_chunks(n_draws, n_units * len(w)):
        x = np.broadcast_to(x0.astype(np.float32), (rows.stop - rows.start, *x0.shape)).copy()
        s = np.broadcast_to(start.astype(np.float32), (rows.stop - rows.start, n_units)).copy()
        mean_prev = np.full((rows.stop - rows.start, 1), mean0, dtype=np.float32)
        for j in range(n_years):
            mean_next = (mean0 + cum_drift[rows, j, None] * pace[None, :]).astype(np.float32)
            proposed = mean_next + rho[rows, j, None] * (logit(s) - mean_prev) + sigma[rows, j, None] * shocks[rows, j, :]
            change = (1.0 / (1.0 + np.exp(-proposed)) - s).astype(np.float32)
            x += change[:, :, None]
            np.clip(x, 0.0, 1.0, out=x)
            s = np.clip(x @ w32 + offset, fc.SCORE_FLOOR, fc.SCORE_CEIL).astype(np.float32)
            out[rows, j, :] = s
            mean_prev = mean_next
        last[rows] = x
    return out, last


def _ordinal_ranks(keys: np.ndarray) -> np.ndarray:
    """1 + position of each entry in its row sorted ascending (no ties in ``keys``)."""
    order = np.argsort(keys, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, keys.shape[-1] + 1)[None, :], axis=-1)
    return ranks.astype(np.int16)


def simulate_rank_moves(
    start_ranks: np.ndarray, rank_panel: np.ndarray, n_draws: int, n_years: int, rng: np.random.Generator
) -> np.ndarray:
    """Method ``"rank_moves"``: (n_draws, n_years, n_units) ranks.

    start_ranks : (n_units,) base-year ranks; rank_panel : (n_units, n_panel_years) the
    frame's observed ranks (units with a missing year dropped). Each year every unit's key
    is its last rank + a move drawn with replacement from the panel's observed moves
    r[t+1] − r[t] [ranks], plus a uniform [0, 1) tie-break; the keys are ranked 1..n.
    """
    panel = np.asarray(rank_panel, dtype=np.float64)
    panel = panel[~np.isnan(panel).any(axis=1)]
    moves = (panel[:, 1:] - panel[:, :-1]).ravel()
    n_units = len(start_ranks)
    out = np.empty((n_draws, n_years, n_units), dtype=np.int16)
    ranks = np.broadcast_to(np.asarray(start_ranks, dtype=np.float64), (n_draws, n_units))
    for j in range(n_years):
        keys = ranks + moves[rng.integers(0, len(moves), size=(n_draws, n_units))] + rng.random((n_draws, n_units))
        out[:, j, :] = _ordinal_ranks(keys)
        ranks = out[:, j, :].astype(np.float64)
    return out


def fit_rank_ar1(rank_panel: np.ndarray, n_boot: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """φ and s of the rank AR(1) on ``n_boot`` unit-bootstrap replicates, each (n_boot,).

    z = r − (n + 1)/2 with n the number of units; φ = Σ z[t]·z[t+1] / Σ z[t]² over every unit
    and transition, s = √(Σ (z[t+1] − φ·z[t])² / (n·T − 1)) [ranks].
    """
    panel = np.asarray(rank_panel, dtype=np.float64)
    panel = panel[~np.isnan(panel).any(axis=1)]
    z = panel - (panel.shape[0] + 1) / 2.0
    zb = z[rng.integers(0, z.shape[0], size=(n_boot, z.shape[0]))]
    z0, z1 = zb[:, :, :-1], zb[:, :, 1:]
    phi = (z0 * z1).sum(axis=(1, 2)) / (z0 * z0).sum(axis=(1, 2))
    dof = z0.shape[1] * z0.shape[2] - 1
    s = np.sqrt(((z1 - phi[:, None, None] * z0) ** 2).sum(axis=(1, 2)) / dof)
    return phi, s


def simulate_rank_ar1(
    start_ranks: np.ndarray, rank_panel: np.ndarray, n_draws: int, n_years: int, rng: np.random.Generator, n_boot: int
) -> np.ndarray:
    """Method ``"rank_ar1"``: (n_draws, n_years, n_units) ranks (see :func:`fit_rank_ar1`);
    each draw uses one bootstrap replicate's (φ, s); the latent z' = φ·z + s·ε is re-ranked
    every year and the new rank is the next year's state."""
    phi, s = fit_rank_ar1(rank_panel, n_boot, rng)
    rep = rng.integers(0, n_boot, size=n_draws)
    n_units = len(start_ranks)
    centre = (n_units + 1) / 2.0
    out = np.empty((n_draws, n_years, n_units), dtype=np.int16)
    z = np.broadcast_to(np.asarray(start_ranks, dtype=np.float64) - centre, (n_draws, n_units))
    for j in range(n_years):
        latent = phi[rep, None] * z + s[rep, None] * rng.standard_normal((n_draws, n_units))
        out[:, j, :] = _ordinal_ranks(latent)
        z = out[:, j, :] - centre
    return out


# --------------------------------------------------------------------------- one call per method
@dataclass(frozen=True)
class MethodInputs:
    """What every method needs for one frame and base year.

    fit_panel : wide scores (unit × years) the score methods are estimated on [0–1]
    rank_panel : (n_units, n_years) the frame's observed ranks up to the base year, rows in
        the order of ``start_scores`` (the rank methods' estimation panel)
    start_scores : (n_units,) base-year scores [0–1]; start_ranks : (n_units,) their ranks
    indices : (n_units, n_indices) base-year main indices [0–1], NaN rows unknown
    weights : (n_indices,) base-year weights [sum 1]
    """

    fit_panel: pd.DataFrame
    rank_panel: np.ndarray
    start_scores: np.ndarray
    start_ranks: np.ndarray
    indices: np.ndarray
    weights: np.ndarray


def generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The engine's (fit, simulation) generators of ``seed`` (:func:`model.engine.generators`)."""
    fit_seq, sim_seq = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(fit_seq), np.random.default_rng(sim_seq)


def prepare_scores(
    inputs: MethodInputs, *, n_draws: int, n_years: int, seed: int, n_boot: int
) -> tuple[fc.PanelFit, TransitionFit, fc.Randomness]:
    """The score methods' estimation (fit generator of ``seed``) and random numbers
    (simulation generator of ``seed``: the default forecast's)."""
    fit_rng, sim_rng = generators(seed)
    fit = fc.fit_panel(inputs.fit_panel, n_boot=n_boot, rng=fit_rng)
    tfit = fit_transitions(inputs.fit_panel, n_boot=n_boot, rng=generators(seed)[0])
    n_units = len(inputs.start_scores)
    randomness = fc.draw_randomness(sim_rng, n_draws, n_units, n_years, fit.n_rep, fit.drifts.shape[1])
    return fit, tfit, randomness


def simulate_method(
    method: str,
    inputs: MethodInputs,
    *,
    n_draws: int,
    n_years: int,
    seed: int,
    n_boot: int,
    focus_index: int = 0,
    assumptions: fc.Assumptions = AT_ESTIMATES,
    rank: bool = True,
    prepared: tuple[fc.PanelFit, TransitionFit, fc.Randomness] | None = None,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(scores or None, ranks) of ``method``, each (n_draws, n_years, n_units); with
    ``rank=False`` a score method returns (scores, None) (the caller ranks what it needs).

    Score methods: estimation with the fit generator of ``seed`` (the default's province
    picks), random numbers as the default forecast's (common random numbers); ranks are
    competition ranks of the rounded scores. Rank methods: no scores; their draws come from
    the simulation generator of ``seed``. The same seed gives the same output.
    ``prepared``: :func:`prepare_scores` of the same arguments, shared by several score methods.
    """
    _, sim_rng = generators(seed)
    if method in RANK_METHODS:
        if method == "rank_moves":
            return None, simulate_rank_moves(inputs.start_ranks, inputs.rank_panel, n_draws, n_years, sim_rng)
        return None, simulate_rank_ar1(inputs.start_ranks, inputs.rank_panel, n_draws, n_years, sim_rng, n_boot)
    fit, tfit, randomness = prepared if prepared is not None else prepare_scores(inputs, n_draws=n_draws, n_years=n_years, seed=seed, n_boot=n_boot)
    if method == "units":
        field = fc.simulate_scores(inputs.start_scores, focus_index, fit, randomness, assumptions)
    elif method == "bounded":
        rho, sigma, cum = method_parameters("bounded", fit, tfit, randomness)
        rho, sigma = rho * assumptions.persistence, sigma * assumptions.shock_scale
        pace = np.full(len(inputs.start_scores), assumptions.others_pace)
        pace[focus_index] = 1.0
        field, _ = simulate_bounded(
            inputs.start_scores, inputs.indices, inputs.weights, rho, sigma, cum, randomness.shocks, pace
        )
    else:
        rho, sigma, cum = method_parameters(method, fit, tfit, randomness)
        field = simulate_paths(inputs.start_scores, rho, sigma, cum, randomness.shocks, focus_index, assumptions)
    return field, (competition_rank(field, axis=-1) if rank else None)


# --------------------------------------------------------------------------- data helpers
def main_indices_at(ds: Dataset, frame: int, year: int, unit_ids: Sequence[str]) -> np.ndarray:
    """(n_units, 8) main indices of ``unit_ids`` in (frame, year) [0–1], NaN rows where
    unknown, columns :data:`MAIN_INDICES`.

    Published rows first; an unmerged province (its unit of the merger table has it alone,
    under the same id) has the same indices in both frames; in the frame of the merged units
    a unit whose every former province is published gets their mean (the ministry's rule).
    """
    cols = list(MAIN_INDICES)
    frames = sorted({int(u) for u in ds.scores["universe"].unique()})
    tables = {f: components_wide(ds, f, year)[cols] for f in frames}
    merger = ds.merger
    members = merger.groupby("unit34_id")["province63_id"].agg(list).to_dict()
    singles = {m[0] for uid, m in members.items() if len(m) == 1 and m[0] == uid}
    merged_frame = int(merger["unit34_id"].nunique())
    out = np.full((len(unit_ids), len(cols)), np.nan)
    for i, unit in enumerate(unit_ids):
        own = tables.get(frame)
        if own is not None and unit in own.index and own.loc[unit].notna().all():
            out[i] = own.loc[unit].to_numpy()
            continue
        if unit in singles:
            for f, table in tables.items():
                if f != frame and unit in table.index and table.loc[unit].notna().all():
                    out[i] = table.loc[unit].to_numpy()
                    break
            if not np.isnan(out[i]).any():
                continue
        if frame == merged_frame and unit in members:
            parts = [t for f, t in tables.items() if f != frame]
            for table in parts:
                if all(p in table.index and table.loc[p].notna().all() for p in members[unit]):
                    out[i] = table.loc[members[unit]].to_numpy().mean(axis=0)
                    break
    return out


# --------------------------------------------------------------------------- calibration
def brier(p: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference of probabilities and 0/1 outcomes; NaN when empty [–]."""
    p, outcome = np.asarray(p, dtype=float), np.asarray(outcome, dtype=float)
    return float(np.mean((p - outcome) ** 2)) if p.size else float("nan")


def reliability_table(p: np.ndarray, outcome: np.ndarray, bins: int = RELIABILITY_BINS) -> pd.DataFrame:
    """Reliability of probabilities: equal-width bins of ``p`` on [0, 1] (the last bin
    includes 1.0); per bin: bin_low, bin_high, n, mean_p (mean forecast probability) and
    observed (share of outcomes 1; NaN for an empty bin)."""
    p, outcome = np.asarray(p, dtype=float), np.asarray(outcome, dtype=float)
    edges = np.round(np.linspace(0.0, 1.0, bins + 1), 10)
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    rows = []
    for b in range(bins):
        hit = which == b
        rows.append(
            {
                "bin_low": float(edges[b]),
                "bin_high": float(edges[b + 1]),
                "n": int(hit.sum()),
                "mean_p": float(p[hit].mean()) if hit.any() else float("nan"),
                "observed": float(outcome[hit].mean()) if hit.any() else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def near_cut(rank_last: np.ndarray, top_n: int, band: int = NEAR_CUT_RANKS) -> np.ndarray:
    """Boolean mask of the units with |rank in the origin year − N| ≤ ``band``."""
    return np.abs(np.asarray(rank_last) - top_n) <= band


def choose_method(pooled: dict[str, dict[str, float]], cases: dict[str, pd.DataFrame]) -> dict:
    """Which score method the pooled backtest favours over the default.

    A method replaces :data:`DEFAULT_METHOD` only when (a) its pooled coverage of the 80 %
    intervals is within 70–90 % (the README's requirement) and (b) its pooled Brier score of
    P(Top N) is lower than the default's by more than two standard errors of the paired
    per-case difference of squared errors (the cases are the (origin, unit) pairs; those of
    two frames share provinces, so the standard error is if anything too small). ``pooled``:
    {method: pooled figures}; ``cases``: {method: per-case rows with p_top and outcome, and
    frame, year, unit_id to pair them (only the cases both methods forecast are compared)}.
    Returns {"chosen", "rule" (the rule as a note), "candidates": {method: {"brier_gain", "se"}}}.
    """
    keys = [k for k in ("frame", "year", "unit_id") if k in cases[DEFAULT_METHOD].columns]
    best, best_gain, table = DEFAULT_METHOD, 0.0, {}
    for method in pooled:
        if method == DEFAULT_METHOD or method not in SCORE_METHODS:
            continue
        # the cases both methods forecast (a method may not apply to every origin)
        both = cases[DEFAULT_METHOD].merge(cases[method], on=keys, suffixes=("_base", "")) if keys else None
        if both is None:
            base, other = cases[DEFAULT_METHOD], cases[method]
            base_err = ((base["p_top"] - base["outcome"]) ** 2).to_numpy()
            err = ((other["p_top"] - other["outcome"]) ** 2).to_numpy()
        else:
            base_err = ((both["p_top_base"] - both["outcome_base"]) ** 2).to_numpy()
            err = ((both["p_top"] - both["outcome"]) ** 2).to_numpy()
        diff = base_err - err
        gain = float(diff.mean())
        se = float(diff.std(ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else float("inf")
        table[method] = {"brier_gain": gain, "se": se, "n_cases": int(len(diff))}
        covered = CHOICE_COVERAGE[0] <= pooled[method]["coverage_80"] <= CHOICE_COVERAGE[1]
        if covered and gain > CHOICE_STANDARD_ERRORS * se and gain > best_gain:
            best, best_gain = method, gain
    return {
        "chosen": best,
        "rule": note(
            "choice_rule", low=100 * CHOICE_COVERAGE[0], high=100 * CHOICE_COVERAGE[1], k=CHOICE_STANDARD_ERRORS
        ),
        "candidates": table,
    }

"""Out-of-sample backtest of the rank forecast (method notes §3.5; issue 14, items 1 and 6).

For every origin year of every frame with two earlier years, the forecast is fitted on the
years before the origin only and simulates the origin year from the year before it; the
published ranks score it: coverage of the 80 % rank intervals [fraction], rank MAE against
"same rank as last year" [ranks], and the Brier score of P(Top N) against persistence and the
base rate N / units, overall and near the cut line (|rank in the origin year − N| ≤
:data:`model.uncertainty.NEAR_CUT_RANKS`). Every method of :mod:`model.uncertainty` is scored;
:func:`model.uncertainty.choose_method` picks one on the pooled figures.

Pure and deterministic for a given seed: reads a loaded :class:`~model.data.Dataset` and
:class:`~model.study.Study`, draws from :func:`model.engine.generators` (the forecast
engine's own seeding), so the default method's backtest uses the engine's random numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import forecast as fc
from model import uncertainty as unc
from model.data import MAIN_INDICES, Dataset, score_panel, weights_for
from model.engine import N_BOOT, generators, panel_wide
from model.notes import Note
from model.ranking import competition_rank
from model.scenario import DEFAULT_SEED
from model.study import Study


@dataclass(frozen=True)
class BacktestResult:
    """Out-of-sample check of one origin: fit on the years before ``year``, forecast
    ``year`` from the year before it, for every unit of ``frame`` (each unit in turn is
    the focus: the baseline rank distribution does not depend on which unit is in focus).

    method : the forecast method (:mod:`model.uncertainty`; ``"units"`` is the default)
    coverage_80 : share of units whose published rank lies in their 80 % interval
    mae_model / mae_persistence : mean |rank error| of the median vs "same rank as last year"
    brier_* : Brier score of P(top N) for the model, persistence (0/1) and base rate N/units
    *_near : the same for the units near the cut line (|rank in the origin year − N| ≤
        ``near_band``; ``n_near`` of them)
    reliability : :func:`model.uncertainty.reliability_table` of P(top N), column ``scope``
        "all" or "near"
    """

    frame: int
    year: int
    fit_years: tuple[int, ...]
    coverage_80: float
    mae_model: float
    mae_persistence: float
    brier_model: float
    brier_persistence: float
    brier_base_rate: float
    n_units: int
    top_n: int
    n_draws: int
    per_unit: pd.DataFrame
    method: str = unc.DEFAULT_METHOD
    near_band: int = unc.NEAR_CUT_RANKS
    n_near: int = 0
    coverage_80_near: float = float("nan")
    mae_model_near: float = float("nan")
    mae_persistence_near: float = float("nan")
    brier_model_near: float = float("nan")
    brier_persistence_near: float = float("nan")
    brier_base_rate_near: float = float("nan")
    reliability: pd.DataFrame | None = None

    def as_dict(self) -> dict[str, float | int | list[int]]:
        return {
            "frame": self.frame,
            "year": self.year,
            "fit_years": list(self.fit_years),
            "coverage_80": self.coverage_80,
            "mae_model": self.mae_model,
            "mae_persistence": self.mae_persistence,
            "brier_model": self.brier_model,
            "brier_persistence": self.brier_persistence,
            "brier_base_rate": self.brier_base_rate,
            "n_units": self.n_units,
            "top_n": self.top_n,
            "n_draws": self.n_draws,
        }

    def near_dict(self) -> dict:
        """The near-the-cut figures and the reliability tables (JSON-ready)."""
        rel = self.reliability if self.reliability is not None else pd.DataFrame()
        return {
            "method": self.method,
            "near_band": self.near_band,
            "n_near": self.n_near,
            "coverage_80_near": self.coverage_80_near,
            "mae_model_near": self.mae_model_near,
            "mae_persistence_near": self.mae_persistence_near,
            "brier_model_near": self.brier_model_near,
            "brier_persistence_near": self.brier_persistence_near,
            "brier_base_rate_near": self.brier_base_rate_near,
            "reliability": {
                scope: part.drop(columns="scope").to_dict(orient="records") for scope, part in rel.groupby("scope", sort=False)
            }
            if len(rel)
            else {},
        }


def backtest_scores(per_unit: pd.DataFrame, top_n: int, n_units: int, band: int = unc.NEAR_CUT_RANKS) -> dict:
    """Coverage, rank MAE and Brier figures of backtest rows (columns rank_last,
    rank_actual, median, p10, p90, p_top), overall and near the cut line, and the
    reliability tables; ``n_units`` gives the base rate N / n_units."""
    last = per_unit["rank_last"].to_numpy()
    actual = per_unit["rank_actual"].to_numpy()
    p = per_unit["p_top"].to_numpy()
    outcome = (actual <= top_n).astype(float)
    persist = (last <= top_n).astype(float)
    base = np.full(len(p), top_n / n_units)
    hit = (actual >= per_unit["p10"].to_numpy()) & (actual <= per_unit["p90"].to_numpy())
    err = np.abs(per_unit["median"].to_numpy() - actual)
    err_persist = np.abs(last - actual)
    near = unc.near_cut(last, top_n, band)

    def mean(a: np.ndarray) -> float:
        return float(np.mean(a)) if a.size else float("nan")

    rel = pd.concat(
        [
            unc.reliability_table(p, outcome).assign(scope="all"),
            unc.reliability_table(p[near], outcome[near]).assign(scope="near"),
        ],
        ignore_index=True,
    )
    return {
        "coverage_80": mean(hit),
        "mae_model": mean(err),
        "mae_persistence": mean(err_persist),
        "brier_model": unc.brier(p, outcome),
        "brier_persistence": unc.brier(persist, outcome),
        "brier_base_rate": unc.brier(base, outcome),
        "n_near": int(near.sum()),
        "coverage_80_near": mean(hit[near]),
        "mae_model_near": mean(err[near]),
        "mae_persistence_near": mean(err_persist[near]),
        "brier_model_near": unc.brier(p[near], outcome[near]),
        "brier_persistence_near": unc.brier(persist[near], outcome[near]),
        "brier_base_rate_near": unc.brier(base[near], outcome[near]),
        "reliability": rel,
    }


def backtest_origins(study: Study, frame: int) -> tuple[int, ...]:
    """Years of ``frame`` that can be forecast out of sample: each needs two earlier years
    (one transition to fit on)."""
    years = study.frame_info[frame].years
    return tuple(years[2:])


def backtest(
    ds: Dataset,
    study: Study,
    *,
    frame: int | None = None,
    year: int | None = None,
    seed: int = DEFAULT_SEED,
    n_draws: int = 10_000,
    top_n: int | None = None,
    method: str = unc.DEFAULT_METHOD,
) -> BacktestResult:
    """Estimate on ``frame``'s years before ``year`` only, simulate ``year`` from the year
    before, score the forecast against the published ranks (method notes §3.5), overall
    and near the cut line (:data:`model.uncertainty.NEAR_CUT_RANKS`).

    Defaults: the estimation frame, its last year, the study's goal rank (capped at the
    frame size), the default method. On the shipped data: fit 2022→2023 on the 63
    provinces, forecast 2024. ``method`` is one of :data:`model.uncertainty.BACKTEST_METHODS`
    (or ``"transition:<from>-<to>"`` of a fit year pair); the main indices of the bounded
    method are those of the origin's base year (:func:`model.uncertainty.main_indices_at`).
    """
    frame = study.estimation_frame if frame is None else frame
    origins = backtest_origins(study, frame)
    if not origins:
        raise ValueError(f"the {frame}-unit frame has fewer than three years: nothing to backtest")
    year = origins[-1] if year is None else year
    if year not in origins:
        raise ValueError(f"year {year} cannot be backtested in the {frame}-unit frame (years {origins})")
    top_n = min(study.goal_rank if top_n is None else top_n, frame)
    years = study.frame_info[frame].years
    fit_years = tuple(y for y in years if y < year)
    wide = panel_wide(ds, frame, (*fit_years, year))
    ranks_wide = score_panel(ds, frame).pivot(index="unit_id", columns="year", values="dti_rank")
    if method == unc.DEFAULT_METHOD:
        fit_rng, sim_rng = generators(seed)
        fit = fc.fit_panel(wide[list(fit_years)], n_boot=N_BOOT, rng=fit_rng)
        start = wide[fit_years[-1]].to_numpy()
        randomness = fc.draw_randomness(sim_rng, n_draws, len(start), 1, fit.n_rep, fit.drifts.shape[1])
        field = fc.simulate_scores(start, 0, fit, randomness)
        ranks = competition_rank(field, axis=-1)[:, 0, :]  # (D, U)
    else:
        inputs = unc.MethodInputs(
            fit_panel=wide[list(fit_years)],
            rank_panel=ranks_wide.loc[wide.index, list(fit_years)].to_numpy(dtype=float),
            start_scores=wide[fit_years[-1]].to_numpy(),
            start_ranks=ranks_wide.loc[wide.index, fit_years[-1]].to_numpy(),
            indices=unc.main_indices_at(ds, frame, fit_years[-1], list(wide.index)),
            weights=weights_for(ds, fit_years[-1]).reindex(list(MAIN_INDICES)).to_numpy(),
        )
        try:
            _, all_ranks = unc.simulate_method(method, inputs, n_draws=n_draws, n_years=1, seed=seed, n_boot=N_BOOT)
        except unc.NotApplicable as exc:
            raise unc.NotApplicable("backtest_origin", frame=frame, year=year, from_year=fit_years[-1], reason=exc.note) from exc
        ranks = all_ranks[:, 0, :]
    actual = ranks_wide.loc[wide.index, year].to_numpy()
    last = ranks_wide.loc[wide.index, fit_years[-1]].to_numpy()
    lo = np.quantile(ranks, 0.1, axis=0, method="inverted_cdf")
    hi = np.quantile(ranks, 0.9, axis=0, method="inverted_cdf")
    med = np.quantile(ranks, 0.5, axis=0, method="inverted_cdf")
    p_top = (ranks <= top_n).mean(axis=0)
    per_unit = pd.DataFrame(
        {
            "unit_id": wide.index,
            "rank_last": last,
            "rank_actual": actual,
            "median": med,
            "p10": lo,
            "p90": hi,
            "p_top": p_top,
        }
    )
    figures = backtest_scores(per_unit, top_n, len(actual))
    return BacktestResult(
        frame=frame,
        year=year,
        fit_years=fit_years,
        n_units=len(actual),
        top_n=top_n,
        n_draws=n_draws,
        per_unit=per_unit,
        method=method,
        **figures,
    )


@dataclass(frozen=True)
class PooledBacktest:
    """Every origin of every frame (:func:`backtest_all`), and the figures pooled over all
    (origin, unit) pairs: coverage of the 80 % intervals and Brier of P(top N) against
    persistence and the base rate, rank MAE against persistence; ``near`` the same figures
    (``*_near``) and reliability tables pooled over the cases near the cut line, for
    ``method``."""

    results: tuple[BacktestResult, ...]
    coverage_80: float
    brier_model: float
    brier_persistence: float
    brier_base_rate: float
    mae_model: float
    mae_persistence: float
    n_cases: int
    method: str = unc.DEFAULT_METHOD
    near: Mapping | None = None

    def as_dict(self) -> dict:
        return {
            "pooled": {
                "coverage_80": self.coverage_80,
                "brier_model": self.brier_model,
                "brier_persistence": self.brier_persistence,
                "brier_base_rate": self.brier_base_rate,
                "mae_model": self.mae_model,
                "mae_persistence": self.mae_persistence,
                "n_cases": self.n_cases,
                **(dict(self.near) if self.near else {}),
            },
            "origins": [{**r.as_dict(), **r.near_dict()} for r in self.results],
        }

    def cases(self) -> pd.DataFrame:
        """Every (origin, unit) case: frame, year, the per-unit columns and ``outcome``
        (1 when the published rank made the Top N)."""
        return pd.concat(
            [
                r.per_unit.assign(frame=r.frame, year=r.year, top_n=r.top_n, n_units=r.n_units,
                                  outcome=(r.per_unit["rank_actual"] <= r.top_n).astype(float))
                for r in self.results
            ],
            ignore_index=True,
        )


def pooled_near(results: Sequence[BacktestResult]) -> dict:
    """Near-the-cut figures over the cases of ``results`` pooled (each case once), with the
    pooled reliability tables."""
    parts = []
    for r in results:
        part = r.per_unit.copy()
        part["base_p"] = r.top_n / r.n_units
        part["top_n"] = r.top_n
        part["near"] = unc.near_cut(part["rank_last"].to_numpy(), r.top_n, r.near_band)
        parts.append(part)
    cases = pd.concat(parts, ignore_index=True)
    near = cases[cases["near"]]
    out = {"near_band": results[0].near_band, "n_near": int(len(near))}
    for scope, rows in (("", cases), ("_near", near)):
        outcome = (rows["rank_actual"] <= rows["top_n"]).astype(float).to_numpy()
        persist = (rows["rank_last"] <= rows["top_n"]).astype(float).to_numpy()
        if scope:
            hit = (rows["rank_actual"] >= rows["p10"]) & (rows["rank_actual"] <= rows["p90"])
            out["coverage_80_near"] = float(hit.mean()) if len(rows) else float("nan")
            out["mae_model_near"] = float((rows["median"] - rows["rank_actual"]).abs().mean())
            out["mae_persistence_near"] = float((rows["rank_last"] - rows["rank_actual"]).abs().mean())
            out["brier_model_near"] = unc.brier(rows["p_top"].to_numpy(), outcome)
            out["brier_persistence_near"] = unc.brier(persist, outcome)
            out["brier_base_rate_near"] = unc.brier(rows["base_p"].to_numpy(), outcome)
        out.setdefault("reliability", {})["near" if scope else "all"] = unc.reliability_table(
            rows["p_top"].to_numpy(), outcome
        ).to_dict(orient="records")
    return out


def backtest_all(
    ds: Dataset, study: Study, *, seed: int = DEFAULT_SEED, n_draws: int = 10_000, method: str = unc.DEFAULT_METHOD
) -> PooledBacktest:
    """:func:`backtest` for every frame and every origin year with two earlier years, each
    with the study's goal rank (capped at the frame size); pooled figures weight every
    (origin, unit) case equally. The 34 frame's back-cast years count as observed there.
    An origin whose data cannot support ``method`` (:class:`model.uncertainty.NotApplicable`)
    is left out and named with the reason in ``near["origins_not_applicable"]`` ({"frame:year":
    why, a note}); when no origin can, NotApplicable is raised."""
    found, skipped = [], {}
    for f in study.frames:
        for y in backtest_origins(study, f):
            try:
                found.append(backtest(ds, study, frame=f, year=y, seed=seed, n_draws=n_draws, method=method))
            except unc.NotApplicable as exc:
                skipped[f"{f}:{y}"] = exc.note
    results = tuple(found)
    if not results:
        if skipped:
            raise unc.NotApplicable("origins", reasons=tuple(skipped.values()))
        raise ValueError("no frame has three years of scores: nothing to backtest")
    n = np.array([r.n_units for r in results], dtype=float)

    def pooled(name: str) -> float:
        return float(np.sum(n * np.array([getattr(r, name) for r in results])) / n.sum())

    return PooledBacktest(
        results=results,
        coverage_80=pooled("coverage_80"),
        brier_model=pooled("brier_model"),
        brier_persistence=pooled("brier_persistence"),
        brier_base_rate=pooled("brier_base_rate"),
        mae_model=pooled("mae_model"),
        mae_persistence=pooled("mae_persistence"),
        n_cases=int(n.sum()),
        method=method,
        near={**pooled_near(results), "origins_not_applicable": skipped},
    )


def backtest_methods(
    ds: Dataset,
    study: Study,
    *,
    seed: int = DEFAULT_SEED,
    n_draws: int = 10_000,
    methods: Sequence[str] = unc.BACKTEST_METHODS,
) -> dict:
    """:func:`backtest_all` for each of ``methods`` and the method the pooled backtest
    chooses (:func:`model.uncertainty.choose_method`): {"methods": {method: PooledBacktest},
    "not_applicable": {method: why, a note}, "choice": {...}}. A method that some origin's data
    cannot support (:class:`model.uncertainty.NotApplicable`) is reported, not scored."""
    runs: dict[str, PooledBacktest] = {}
    not_applicable: dict[str, Note] = {}
    for m in methods:
        try:
            runs[m] = backtest_all(ds, study, seed=seed, n_draws=n_draws, method=m)
        except unc.NotApplicable as exc:
            not_applicable[m] = exc.note
    pooled = {m: r.as_dict()["pooled"] for m, r in runs.items()}
    cases = {m: r.cases() for m, r in runs.items()}
    return {"methods": runs, "not_applicable": not_applicable, "choice": unc.choose_method(pooled, cases)}


def near_cut_calibration(pooled: PooledBacktest) -> dict:
    """The pooled backtest's cases near the cut line (|rank in the origin year − N| ≤ the
    near band) in two figures: mean_p, the mean forecast P(Top N) [probability], and
    made_it, the share that made the Top N [fraction]; with n_near and n_made [cases].
    mean_p < made_it means the model was too pessimistic there. NaN figures when no case."""
    cases = pooled.cases()
    band = pooled.results[0].near_band if pooled.results else unc.NEAR_CUT_RANKS
    near = cases[unc.near_cut(cases["rank_last"].to_numpy(), cases["top_n"].to_numpy(), band)]
    n = int(len(near))
    return {
        "near_band": int(band),
        "n_near": n,
        "n_made": int(near["outcome"].sum()),
        "mean_p": float(near["p_top"].mean()) if n else float("nan"),
        "made_it": float(near["outcome"].mean()) if n else float("nan"),
    }


def method_facts(results: Sequence[BacktestResult], coverage: pd.DataFrame, comparison: pd.DataFrame) -> dict:
    """What the Method page's paragraphs on issue 14 quote, read from the backtest and the data.

    results : one method's :attr:`PooledBacktest.results` (the origins do not depend on the
        method); coverage : :func:`model.spread.index_coverage` (frame, year, n_known,
        n_units); comparison : :func:`model.overview.component_comparison` of the focus unit
        (one row per main index, column ``at_max``).

    Returns {"n_fit": the most transitions an origin is fitted on, "fit": the fit years of
    the origins ("2022→2023"), "origins": the backtest's base years with their main-index
    coverage [{frame, year, n_known, n_units}], "complete": the (frame, year) pairs where
    every unit's main indices are known [{frame, year}], "n_at_max" / "n_indices": the focus
    unit's main indices at the maximum 1.0, of how many}.
    """
    coverage = coverage.set_index(["frame", "year"])
    base_years = sorted({(r.frame, r.fit_years[-1]) for r in results})
    full = coverage[coverage["n_known"] == coverage["n_units"]]
    return {
        "n_fit": max(len(r.fit_years) - 1 for r in results),
        "fit": sorted({"→".join(map(str, r.fit_years)) for r in results}),
        "origins": [{"frame": f, "year": y, **coverage.loc[(f, y)].to_dict()} for f, y in base_years],
        "complete": [{"frame": int(f), "year": int(y)} for f, y in full.index],
        "n_at_max": int(comparison["at_max"].sum()),
        "n_indices": len(comparison),
    }

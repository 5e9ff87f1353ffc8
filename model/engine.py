"""Composes data, scenario and the Monte Carlo forecast into the figures the app shows.

Every function here is pure and deterministic for a given scenario (seed included), so
the UI can cache them: the estimation and the baseline paths depend only on
:meth:`Scenario.assumptions_key`; a lever move only re-applies the focus province's
composite change to cached paths (common random numbers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import forecast as fc
from model import uncertainty as unc
from model.data import MAIN_INDICES, Dataset, score_panel, weights_for
from model.ranking import competition_rank
from model.scenario import DEFAULT_SEED, Scenario, check_scenario
from model.study import Study, plan_applies

#: Bootstrap replicates over provinces for the parameter uncertainty.
N_BOOT = 400


@dataclass(frozen=True)
class FrameSetup:
    """The units of one frame and the focus unit's position in its last observed year.

    start_scores : (n_units,) scores of the frame's last year [0–1], units in rank order
    focus / focus_index : the focus unit and its position in ``unit_ids``
    current : the focus unit's main indices in the base year [0–1] (empty when they are
        not published for it, e.g. a merged province in the 63 frame: no levers then)
    weights : the base year's weights of the main indices [sum 1]
    base_year : the frame's last observed year; years : the simulated years after it
    lever_indices : the study's lever main indices; plan_unit : whether the plan's targets
        are the focus unit's own (their pushes move its main indices only then)
    """

    frame: int
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    start_scores: np.ndarray
    focus: str
    focus_index: int
    current: Mapping[str, float]
    weights: Mapping[str, float]
    base_year: int
    years: tuple[int, ...]
    lever_indices: tuple[str, ...]
    plan_unit: bool


def frame_setup(ds: Dataset, study: Study, frame: int, focus: str) -> FrameSetup:
    """Units, last-year scores, and the focus unit's main indices and weights for ``frame``."""
    info = study.frame_info[frame]
    panel = score_panel(ds, frame)
    last = panel[panel["year"] == info.last_year].set_index("unit_id").loc[list(info.unit_ids)]
    room = study.headroom.get((frame, focus), {})
    weights = weights_for(ds, info.last_year)
    return FrameSetup(
        frame=frame,
        unit_ids=info.unit_ids,
        unit_names=info.unit_names,
        start_scores=last["dti_score"].to_numpy(dtype=np.float64),
        focus=focus,
        focus_index=info.unit_ids.index(focus),
        current={k: 1.0 - float(v) for k, v in room.items()},
        weights={k: float(weights[k]) for k in MAIN_INDICES if k in weights.index},
        base_year=info.last_year,
        years=study.sim_years(frame),
        lever_indices=study.lever_indices,
        plan_unit=plan_applies(study, focus),
    )


def setup_for(ds: Dataset, study: Study, scenario: Scenario) -> FrameSetup:
    return frame_setup(ds, study, scenario.frame, scenario.focus)


def panel_wide(ds: Dataset, frame: int, years: tuple[int, ...]) -> pd.DataFrame:
    """Scores of ``frame``, index unit_id, one column per year of ``years``."""
    panel = score_panel(ds, frame)
    wide = panel.pivot(index="unit_id", columns="year", values="dti_score")
    return wide[list(years)]


def generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the bootstrap and for the simulation, from one seed."""
    fit_seq, sim_seq = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(fit_seq), np.random.default_rng(sim_seq)


def estimate(ds: Dataset, study: Study, seed: int, n_boot: int = N_BOOT) -> fc.PanelFit:
    """Panel fit on the study's estimation panel (the 63 provinces 2022→2024 on the shipped
    data) with ``n_boot`` bootstrap replicates."""
    fit_rng, _ = generators(seed)
    wide = panel_wide(ds, study.estimation_frame, study.estimation_years)
    return fc.fit_panel(wide, n_boot=n_boot, rng=fit_rng if n_boot else None)


def draw_randomness(
    scenario: Scenario, setup: FrameSetup, fit: fc.PanelFit, n_draws: int | None = None
) -> fc.Randomness:
    """The common random numbers of ``scenario``'s seed and draws (every assumption set
    of the same seed and draws uses the same ones). ``n_draws`` overrides the scenario's
    draws for analysts and the benchmark (a link is capped at MAX_DRAWS)."""
    _, sim_rng = generators(scenario.seed)
    draws = scenario.draws if n_draws is None else int(n_draws)
    return fc.draw_randomness(sim_rng, draws, len(setup.unit_ids), len(setup.years), fit.n_rep, fit.drifts.shape[1])


def baseline_field(
    ds: Dataset,
    study: Study,
    scenario: Scenario,
    fit: fc.PanelFit | None = None,
    setup: FrameSetup | None = None,
    randomness: fc.Randomness | None = None,
) -> np.ndarray:
    """Baseline score paths of every unit of the frame, (n_draws, n_years, n_units).

    Depends only on ``scenario.assumptions_key()``; the result is read-only.
    ``randomness`` may be passed in when it was drawn for the same seed and draws
    (:func:`draw_randomness`), e.g. to re-simulate other assumptions.
    """
    check_scenario(study, scenario)
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    fit = fit if fit is not None else estimate(ds, study, scenario.seed)
    randomness = randomness if randomness is not None else draw_randomness(scenario, setup, fit)
    field = fc.simulate_scores(
        setup.start_scores,
        setup.focus_index,
        fit,
        randomness,
        fc.Assumptions(scenario.others_pace, scenario.shock_scale, scenario.persistence),
    )
    field.setflags(write=False)
    return field


# --------------------------------------------------------------------------- levers
def lever_mapping(ds: Dataset, scenario: Scenario, horizon: int) -> pd.DataFrame:
    """The chain plan indicator → main index for the scenario's target pushes.

    One row per target with a numeric indicator and a main index: target_id,
    indicator_id, main_index, push [points/yr], strength [–], years_pushed,
    indicator_gain [points by ``horizon``] = push × years, index_gain [index points by
    ``horizon``] = strength × indicator_gain / 100. The strength is an assumption (default: one
    component's share of its main index, 8/47 in the DTI 2024 framework).
    """
    targets = ds.targets
    rows = []
    years_pushed = max(0, horizon - scenario.push_start + 1)
    columns = ("target_id", "indicator_id", "comparator", "unit", "dti_component")
    # plain column iteration: itertuples costs ~2 ms per call, and this runs on every rerun
    for target_id, indicator_id, comparator, unit, component in zip(
        *(targets[c].tolist() for c in columns), strict=True
    ):
        main_index = component if isinstance(component, str) else ""
        if comparator == "group" or unit == "rank" or main_index not in MAIN_INDICES:
            continue
        push = scenario.push_for(target_id)
        strength = scenario.strength_for(target_id)
        gain = push * years_pushed
        rows.append(
            {
                "target_id": target_id,
                "indicator_id": indicator_id,
                "main_index": main_index,
                "push": push,
                "strength": strength,
                "years_pushed": years_pushed,
                "indicator_gain": gain,
                "index_gain": strength * gain / 100.0,
            }
        )
    return pd.DataFrame(rows)


def effective_levers(ds: Dataset, scenario: Scenario, setup: FrameSetup) -> pd.DataFrame:
    """Per main index: value in the base year (``value_now``), direct lever, lever from plan
    indicators, total (capped), resulting value at the horizon beyond the trend
    (``value_end``), weight and contribution to the composite (weight × total) [index
    points]. Indices at 1.0 are marked ``held``. The plan's target pushes count only when
    the plan is the focus unit's own; a unit whose main indices are not published gets NaN
    values and no lever.
    """
    from_targets: dict[str, float] = {}
    if setup.plan_unit:
        mapping = lever_mapping(ds, scenario, setup.years[-1])
        if len(mapping) and mapping["index_gain"].any():  # without pushes every gain is 0.0
            from_targets = mapping.groupby("main_index")["index_gain"].sum().to_dict()
    direct = scenario.lever_values(setup.lever_indices)
    rows = []
    for k in setup.lever_indices:
        known = k in setup.current
        now = setup.current.get(k, float("nan"))
        raw = direct[k] + float(from_targets.get(k, 0.0))
        total = min(max(raw, -now), 1.0 - now) if known else 0.0
        rows.append(
            {
                "main_index": k,
                "value_now": now,
                "lever": direct[k],
                "from_targets": float(from_targets.get(k, 0.0)),
                "total": total,
                "value_end": now + total,
                "weight": setup.weights[k],
                "contribution": setup.weights[k] * total,
                "held": known and now >= 1.0,
                "headroom": 1.0 - now,
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- forecast
@dataclass(frozen=True)
class RankForecast:
    """Baseline and scenario side by side for one scenario.

    baseline / scenario : per-year focus summaries; levers : :func:`effective_levers`;
    delta : (n_years,) composite change of the focus province from its levers.
    """

    setup: FrameSetup
    baseline: fc.FocusSummary
    scenario: fc.FocusSummary
    levers: pd.DataFrame
    delta: np.ndarray

    def table(self) -> pd.DataFrame:
        """Long table: one row per (case, year) with every summary column."""
        base = self.baseline.to_frame().assign(case="baseline")
        scen = self.scenario.to_frame().assign(case="scenario")
        return pd.concat([base, scen], ignore_index=True)


def scenario_delta(ds: Dataset, scenario: Scenario, setup: FrameSetup) -> tuple[pd.DataFrame, np.ndarray]:
    levers = effective_levers(ds, scenario, setup)
    totals = dict(zip(levers["main_index"], levers["total"], strict=True))
    delta = fc.composite_delta(totals, setup.weights, setup.current, setup.years)
    return levers, delta


def rank_forecast(
    ds: Dataset, study: Study, scenario: Scenario, field: np.ndarray | None = None, setup: FrameSetup | None = None
) -> RankForecast:
    """P(rank ≤ N), rank band, score and cut-line fans, baseline and scenario, every
    forecast year of the frame.

    ``field`` and ``setup`` may be passed in from a cache (they depend on fewer inputs).
    """
    check_scenario(study, scenario)
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    field = baseline_field(ds, study, scenario) if field is None else field
    levers, delta = scenario_delta(ds, scenario, setup)
    base_focus = field[:, :, setup.focus_index]
    scen_focus = fc.apply_focus_delta(base_focus, delta)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    baseline, scen = fc.summarise_scenarios(field, setup.focus_index, [base_focus, scen_focus], top_n, setup.years)
    return RankForecast(setup=setup, baseline=baseline, scenario=scen, levers=levers, delta=delta)


def units_near_cutline(
    ds: Dataset, study: Study, scenario: Scenario, field: np.ndarray, n_rows: int = 10, setup: FrameSetup | None = None
) -> pd.DataFrame:
    """The units closest to the cut line in ``scenario.year``: full rank distributions
    with the scenario applied, sorted by |P(top N) − 0.5|, plus the focus province."""
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    _, delta = scenario_delta(ds, scenario, setup)
    scen_focus = fc.apply_focus_delta(field[:, :, setup.focus_index], delta)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    table = fc.all_units_summary(
        field, setup.focus_index, scen_focus, top_n, setup.unit_ids, setup.years, only_years=[scenario.year]
    )
    names = dict(zip(setup.unit_ids, setup.unit_names, strict=True))
    table["unit_name"] = table["unit_id"].map(names)
    table["distance"] = (table["p_top"] - 0.5).abs()
    near = table.nsmallest(n_rows, "distance")
    if setup.unit_ids[setup.focus_index] not in set(near["unit_id"]):
        near = pd.concat([near, table[table["unit_id"] == setup.unit_ids[setup.focus_index]]])
    return near.sort_values(["median_rank", "p_top"], ascending=[True, False]).drop(columns="distance").reset_index(drop=True)


def movable_indices(setup: FrameSetup) -> tuple[str, ...]:
    """Lever main indices the focus unit can still raise (known and below 1.0)."""
    return tuple(k for k in setup.lever_indices if k in setup.current and setup.current[k] < 1.0)


def goal_seek(
    ds: Dataset,
    study: Study,
    scenario: Scenario,
    which: str,
    target_p: float,
    field: np.ndarray,
    setup: FrameSetup | None = None,
) -> fc.GoalSeekResult:
    """Smallest push on ``which`` (a main index or ``"uniform"``) giving P(top N in
    ``scenario.year``) ≥ ``target_p``; other levers keep the scenario's totals. A unit with
    no main index left to raise gets an infeasible answer with cap 0."""
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    levers, _ = scenario_delta(ds, scenario, setup)
    totals = dict(zip(levers["main_index"], levers["total"], strict=True))
    movable = movable_indices(setup)
    if (which == "uniform" and not movable) or (which != "uniform" and which not in movable):
        yi = list(setup.years).index(scenario.year)
        _, delta = scenario_delta(ds, scenario, setup)
        focus = np.clip(field[:, yi, setup.focus_index] + delta[yi], fc.SCORE_FLOOR, fc.SCORE_CEIL)
        p_now = fc.p_top_in_year(field[:, yi, :], setup.focus_index, focus, min(scenario.top_n, len(setup.unit_ids)))
        return fc.GoalSeekResult(which, 0.0 if p_now >= target_p else None, p_now, p_now >= target_p, p_now >= target_p, 0.0)
    return fc.goal_seek(
        field,
        setup.focus_index,
        setup.weights,
        setup.current,
        totals,
        which,
        movable,
        top_n=min(scenario.top_n, len(setup.unit_ids)),
        year=scenario.year,
        target_p=target_p,
        years=setup.years,
    )


#: Low/high values of the assumptions in the tornado (the slider bounds).
ASSUMPTION_RANGES = {"others_pace": (0.5, 1.5), "shock_scale": (0.5, 2.0), "persistence": (0.8, 1.2)}


def _assumption_trials(scenario: Scenario) -> list[Scenario]:
    """The scenario with each assumption moved alone to its low and high value."""
    return [scenario.with_values(**{name: value}) for name, bounds in ASSUMPTION_RANGES.items() for value in bounds]


def sensitivity_fields(
    ds: Dataset,
    study: Study,
    scenario: Scenario,
    fit: fc.PanelFit | None = None,
    setup: FrameSetup | None = None,
) -> dict[tuple, np.ndarray]:
    """What the tornado's assumption bars need: each assumption moved alone to its low and
    high value, re-simulated with the scenario's random numbers (drawn once), kept for
    ``scenario.year`` only: {assumptions key: (n_draws, n_units) scores}, read-only.

    Depends only on ``scenario.assumptions_key()`` and ``scenario.year``, not on the
    levers: the app caches it, so a lever move does not re-simulate anything.
    """
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    fit = fit if fit is not None else estimate(ds, study, scenario.seed)
    yi = list(setup.years).index(scenario.year)
    own = scenario.assumptions_key()
    out: dict[tuple, np.ndarray] = {}
    randomness: fc.Randomness | None = None
    for trial in _assumption_trials(scenario):
        key = trial.assumptions_key()
        if key == own or key in out:
            continue
        randomness = randomness if randomness is not None else draw_randomness(scenario, setup, fit)
        year_field = np.ascontiguousarray(baseline_field(ds, study, trial, fit, setup, randomness)[:, yi, :])
        year_field.setflags(write=False)
        out[key] = year_field
    return out


def sensitivity(
    ds: Dataset,
    study: Study,
    scenario: Scenario,
    field: np.ndarray,
    fit: fc.PanelFit | None = None,
    setup: FrameSetup | None = None,
    alternates: Mapping[tuple, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Tornado: every lever (0 ↔ its cap) and assumption (low ↔ high) moved alone; swing in
    P(rank ≤ N) in ``scenario.year``. Assumptions re-simulate with the same random numbers;
    ``alternates`` (:func:`sensitivity_fields` of the same scenario) saves re-simulating.

    Each field's other units are rounded once and shared by every evaluation on it.
    """
    setup = setup if setup is not None else setup_for(ds, study, scenario)
    levers, _ = scenario_delta(ds, scenario, setup)
    totals = dict(zip(levers["main_index"], levers["total"], strict=True))
    yi = list(setup.years).index(scenario.year)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    movable = movable_indices(setup)
    if alternates is None:
        alternates = sensitivity_fields(ds, study, scenario, fit, setup)
    year_fields = {**alternates, scenario.assumptions_key(): field[:, yi, :]}
    others: dict[tuple, np.ndarray] = {}  # score units of the other units, per field

    def evaluate(values: Mapping[str, float]) -> float:
        key = scenario.with_values(**{k: values[k] for k in ASSUMPTION_RANGES}).assumptions_key()
        year_field = year_fields[key]
        if key not in others:
            others[key] = fc.others_units(year_field, setup.focus_index)
        lever_values = {k: values[k] for k in movable}
        delta = fc.composite_delta({**totals, **lever_values}, setup.weights, setup.current, setup.years)
        focus = np.clip(year_field[:, setup.focus_index] + delta[yi], fc.SCORE_FLOOR, fc.SCORE_CEIL)
        return fc.p_top_against(others[key], focus, top_n)

    current = {k: totals[k] for k in movable}
    current.update({k: getattr(scenario, k) for k in ASSUMPTION_RANGES})
    ranges = {k: (0.0, 1.0 - setup.current[k]) for k in movable}
    ranges.update(ASSUMPTION_RANGES)
    return fc.tornado(evaluate, ranges, current)


# --------------------------------------------------------------------------- backtest
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
            raise unc.NotApplicable(f"{frame}-unit frame, forecast of {year} from {fit_years[-1]}: {exc}") from exc
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
    why}); when no origin can, NotApplicable is raised."""
    found, skipped = [], {}
    for f in study.frames:
        for y in backtest_origins(study, f):
            try:
                found.append(backtest(ds, study, frame=f, year=y, seed=seed, n_draws=n_draws, method=method))
            except unc.NotApplicable as exc:
                skipped[f"{f}:{y}"] = str(exc)
    results = tuple(found)
    if not results:
        if skipped:
            raise unc.NotApplicable("; ".join(skipped.values()))
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
    "not_applicable": {method: why}, "choice": {...}}. A method that some origin's data
    cannot support (:class:`model.uncertainty.NotApplicable`) is reported, not scored."""
    runs: dict[str, PooledBacktest] = {}
    not_applicable: dict[str, str] = {}
    for m in methods:
        try:
            runs[m] = backtest_all(ds, study, seed=seed, n_draws=n_draws, method=m)
        except unc.NotApplicable as exc:
            not_applicable[m] = str(exc)
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

"""Composes data, scenario and the Monte Carlo forecast into the figures the app shows.

Every function here is pure and deterministic for a given scenario (seed included), so
the UI can cache them: the estimation and the baseline paths depend only on
:meth:`Scenario.assumptions_key`; a lever move only re-applies the focus province's
composite change to cached paths (common random numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import forecast as fc
from model.data import FOCUS_UNIT, MAIN_INDICES, Dataset, components_wide, score_panel, weights_for
from model.ranking import competition_rank
from model.scenario import LEVER_INDICES, Scenario

#: Bootstrap replicates over provinces for the parameter uncertainty.
N_BOOT = 400
#: Panel years used for estimation (method notes §2).
PANEL_YEARS = (2022, 2023, 2024)


@dataclass(frozen=True)
class FrameSetup:
    """The units of one frame (34 or 63) and the focus province's 2024 position.

    start_scores : (n_units,) published 2024 scores [0–1]
    current : the focus province's 2024 main indices [0–1]
    weights : 2024 weights of the main indices [sum 1]
    """

    frame: int
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    start_scores: np.ndarray
    focus_index: int
    current: Mapping[str, float]
    weights: Mapping[str, float]


def frame_setup(ds: Dataset, frame: int) -> FrameSetup:
    """Units, 2024 scores, and Hà Tĩnh's 2024 main indices and weights for ``frame``."""
    panel = score_panel(ds, frame)
    last = panel[panel["year"] == fc.BASE_YEAR].sort_values("dti_rank", kind="stable")
    unit_ids = tuple(last["unit_id"])
    comps = components_wide(ds, 34, fc.BASE_YEAR)  # Hà Tĩnh was not merged: same values in both frames
    current = {k: float(comps.loc[FOCUS_UNIT, k]) for k in MAIN_INDICES}
    weights = weights_for(ds, fc.BASE_YEAR)
    return FrameSetup(
        frame=frame,
        unit_ids=unit_ids,
        unit_names=tuple(last["unit_name"]),
        start_scores=last["dti_score"].to_numpy(dtype=np.float64),
        focus_index=unit_ids.index(FOCUS_UNIT),
        current=current,
        weights={k: float(weights[k]) for k in MAIN_INDICES},
    )


def panel_wide(ds: Dataset, years: tuple[int, ...] = PANEL_YEARS) -> pd.DataFrame:
    """63-province scores, index unit_id, one column per year (the estimation panel)."""
    panel = score_panel(ds, 63)
    wide = panel.pivot(index="unit_id", columns="year", values="dti_score")
    return wide[list(years)]


def generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """Independent generators for the bootstrap and for the simulation, from one seed."""
    fit_seq, sim_seq = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(fit_seq), np.random.default_rng(sim_seq)


def estimate(ds: Dataset, seed: int, n_boot: int = N_BOOT) -> fc.PanelFit:
    """Panel fit on the 63 provinces 2022→2024 with ``n_boot`` bootstrap replicates."""
    fit_rng, _ = generators(seed)
    return fc.fit_panel(panel_wide(ds), n_boot=n_boot, rng=fit_rng if n_boot else None)


def draw_randomness(scenario: Scenario, setup: FrameSetup, fit: fc.PanelFit) -> fc.Randomness:
    """The common random numbers of ``scenario``'s seed and draws (every assumption set
    of the same seed and draws uses the same ones)."""
    _, sim_rng = generators(scenario.seed)
    return fc.draw_randomness(
        sim_rng, scenario.draws, len(setup.unit_ids), len(fc.SIM_YEARS), fit.n_rep, fit.drifts.shape[1]
    )


def baseline_field(
    ds: Dataset,
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
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    fit = fit if fit is not None else estimate(ds, scenario.seed)
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
def lever_mapping(ds: Dataset, scenario: Scenario) -> pd.DataFrame:
    """The chain plan indicator → main index for the scenario's target pushes.

    One row per target with a numeric indicator and a main index: target_id,
    indicator_id, main_index, push [points/yr], strength [–], years_pushed,
    indicator_gain [points by 2030] = push × years, index_gain [index points by 2030]
    = strength × indicator_gain / 100. The strength is an assumption (default: one
    component's share of its main index, 8/47 in the DTI 2024 framework).
    """
    targets = ds.targets
    rows = []
    years_pushed = max(0, fc.HORIZON - scenario.push_start + 1)
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
    """Per main index: 2024 value, direct lever, lever from plan indicators, total (capped),
    resulting 2030 value beyond the trend, weight and contribution to the composite
    (weight × total) [index points]. Indices at 1.0 are marked ``held``.
    """
    mapping = lever_mapping(ds, scenario)
    from_targets: dict[str, float] = {}
    if len(mapping) and mapping["index_gain"].any():  # without pushes every gain is 0.0
        from_targets = mapping.groupby("main_index")["index_gain"].sum().to_dict()
    direct = scenario.levers()
    rows = []
    for k in MAIN_INDICES:
        now = setup.current[k]
        raw = direct[k] + float(from_targets.get(k, 0.0))
        total = min(max(raw, -now), 1.0 - now)
        rows.append(
            {
                "main_index": k,
                "value_2024": now,
                "lever": direct[k],
                "from_targets": float(from_targets.get(k, 0.0)),
                "total": total,
                "value_2030": now + total,
                "weight": setup.weights[k],
                "contribution": setup.weights[k] * total,
                "held": now >= 1.0 and k not in LEVER_INDICES,
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
    delta = fc.composite_delta(totals, setup.weights, setup.current)
    return levers, delta


def rank_forecast(
    ds: Dataset, scenario: Scenario, field: np.ndarray | None = None, setup: FrameSetup | None = None
) -> RankForecast:
    """P(rank ≤ N), rank band, score and cut-line fans, baseline and scenario, 2025–2030.

    ``field`` and ``setup`` may be passed in from a cache (they depend on fewer inputs).
    """
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    field = baseline_field(ds, scenario) if field is None else field
    levers, delta = scenario_delta(ds, scenario, setup)
    base_focus = field[:, :, setup.focus_index]
    scen_focus = fc.apply_focus_delta(base_focus, delta)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    baseline, scen = fc.summarise_scenarios(field, setup.focus_index, [base_focus, scen_focus], top_n)
    return RankForecast(setup=setup, baseline=baseline, scenario=scen, levers=levers, delta=delta)


def units_near_cutline(
    ds: Dataset, scenario: Scenario, field: np.ndarray, n_rows: int = 10, setup: FrameSetup | None = None
) -> pd.DataFrame:
    """The units closest to the cut line in ``scenario.year``: full rank distributions
    with the scenario applied, sorted by |P(top N) − 0.5|, plus the focus province."""
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    _, delta = scenario_delta(ds, scenario, setup)
    scen_focus = fc.apply_focus_delta(field[:, :, setup.focus_index], delta)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    table = fc.all_units_summary(
        field, setup.focus_index, scen_focus, top_n, setup.unit_ids, only_years=[scenario.year]
    )
    names = dict(zip(setup.unit_ids, setup.unit_names, strict=True))
    table["unit_name"] = table["unit_id"].map(names)
    table["distance"] = (table["p_top"] - 0.5).abs()
    near = table.nsmallest(n_rows, "distance")
    if setup.unit_ids[setup.focus_index] not in set(near["unit_id"]):
        near = pd.concat([near, table[table["unit_id"] == setup.unit_ids[setup.focus_index]]])
    return near.sort_values(["median_rank", "p_top"], ascending=[True, False]).drop(columns="distance").reset_index(drop=True)


def goal_seek(
    ds: Dataset, scenario: Scenario, which: str, target_p: float, field: np.ndarray, setup: FrameSetup | None = None
) -> fc.GoalSeekResult:
    """Smallest push on ``which`` (a main index or ``"uniform"``) giving P(top N in
    ``scenario.year``) ≥ ``target_p``; other levers keep the scenario's totals."""
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    levers, _ = scenario_delta(ds, scenario, setup)
    totals = dict(zip(levers["main_index"], levers["total"], strict=True))
    return fc.goal_seek(
        field,
        setup.focus_index,
        setup.weights,
        setup.current,
        totals,
        which,
        LEVER_INDICES,
        top_n=min(scenario.top_n, len(setup.unit_ids)),
        year=scenario.year,
        target_p=target_p,
    )


#: Low/high values of the assumptions in the tornado (the slider bounds).
ASSUMPTION_RANGES = {"others_pace": (0.5, 1.5), "shock_scale": (0.5, 2.0), "persistence": (0.8, 1.2)}


def _assumption_trials(scenario: Scenario) -> list[Scenario]:
    """The scenario with each assumption moved alone to its low and high value."""
    return [scenario.with_values(**{name: value}) for name, bounds in ASSUMPTION_RANGES.items() for value in bounds]


def sensitivity_fields(
    ds: Dataset,
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
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    fit = fit if fit is not None else estimate(ds, scenario.seed)
    yi = list(fc.SIM_YEARS).index(scenario.year)
    own = scenario.assumptions_key()
    out: dict[tuple, np.ndarray] = {}
    randomness: fc.Randomness | None = None
    for trial in _assumption_trials(scenario):
        key = trial.assumptions_key()
        if key == own or key in out:
            continue
        randomness = randomness if randomness is not None else draw_randomness(scenario, setup, fit)
        year_field = np.ascontiguousarray(baseline_field(ds, trial, fit, setup, randomness)[:, yi, :])
        year_field.setflags(write=False)
        out[key] = year_field
    return out


def sensitivity(
    ds: Dataset,
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
    setup = setup if setup is not None else frame_setup(ds, scenario.frame)
    levers, _ = scenario_delta(ds, scenario, setup)
    totals = dict(zip(levers["main_index"], levers["total"], strict=True))
    yi = list(fc.SIM_YEARS).index(scenario.year)
    top_n = min(scenario.top_n, len(setup.unit_ids))
    if alternates is None:
        alternates = sensitivity_fields(ds, scenario, fit, setup)
    year_fields = {**alternates, scenario.assumptions_key(): field[:, yi, :]}
    others: dict[tuple, np.ndarray] = {}  # score units of the other units, per field

    def evaluate(values: Mapping[str, float]) -> float:
        key = scenario.with_values(**{k: values[k] for k in ASSUMPTION_RANGES}).assumptions_key()
        year_field = year_fields[key]
        if key not in others:
            others[key] = fc.others_units(year_field, setup.focus_index)
        lever_values = {k: values[k] for k in LEVER_INDICES}
        delta = fc.composite_delta({**totals, **lever_values}, setup.weights, setup.current)
        focus = np.clip(year_field[:, setup.focus_index] + delta[yi], fc.SCORE_FLOOR, fc.SCORE_CEIL)
        return fc.p_top_against(others[key], focus, top_n)

    current = {k: totals[k] for k in LEVER_INDICES}
    current.update({k: getattr(scenario, k) for k in ASSUMPTION_RANGES})
    ranges = {k: (0.0, 1.0 - setup.current[k]) for k in LEVER_INDICES}
    ranges.update(ASSUMPTION_RANGES)
    return fc.tornado(evaluate, ranges, current)


# --------------------------------------------------------------------------- backtest
@dataclass(frozen=True)
class BacktestResult:
    """Out-of-sample check: fit on 2022→2023, forecast 2024 for the 63 provinces.

    coverage_80 : share of provinces whose published 2024 rank lies in the 80 % interval
    mae_model / mae_persistence : mean |rank error| of the median vs "same rank as 2023"
    brier_* : Brier score of P(top N) for the model, persistence (0/1) and base rate N/63
    """

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

    def as_dict(self) -> dict[str, float | int]:
        return {
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


def backtest(ds: Dataset, *, seed: int = 2030, n_draws: int = 10_000, top_n: int = 15) -> BacktestResult:
    """Estimate on 2022→2023 only, simulate 2024 from the 2023 scores, score the forecast
    against the published 2024 ranks (method notes §3.5)."""
    wide = panel_wide(ds)
    ranks_wide = score_panel(ds, 63).pivot(index="unit_id", columns="year", values="dti_rank")
    fit_rng, sim_rng = generators(seed)
    fit = fc.fit_panel(wide[[2022, 2023]], n_boot=N_BOOT, rng=fit_rng)
    start = wide[2023].to_numpy()
    randomness = fc.draw_randomness(sim_rng, n_draws, len(start), 1, fit.n_rep, fit.drifts.shape[1])
    field = fc.simulate_scores(start, 0, fit, randomness)
    ranks = competition_rank(field, axis=-1)[:, 0, :]  # (D, U)
    actual = ranks_wide.loc[wide.index, 2024].to_numpy()
    last = ranks_wide.loc[wide.index, 2023].to_numpy()
    lo = np.quantile(ranks, 0.1, axis=0, method="inverted_cdf")
    hi = np.quantile(ranks, 0.9, axis=0, method="inverted_cdf")
    med = np.quantile(ranks, 0.5, axis=0, method="inverted_cdf")
    p_top = (ranks <= top_n).mean(axis=0)
    outcome = (actual <= top_n).astype(float)
    per_unit = pd.DataFrame(
        {
            "unit_id": wide.index,
            "rank_2023": last,
            "rank_2024": actual,
            "median": med,
            "p10": lo,
            "p90": hi,
            "p_top": p_top,
        }
    )
    return BacktestResult(
        coverage_80=float(np.mean((actual >= lo) & (actual <= hi))),
        mae_model=float(np.mean(np.abs(med - actual))),
        mae_persistence=float(np.mean(np.abs(last - actual))),
        brier_model=float(np.mean((p_top - outcome) ** 2)),
        brier_persistence=float(np.mean(((last <= top_n).astype(float) - outcome) ** 2)),
        brier_base_rate=float(np.mean((top_n / len(actual) - outcome) ** 2)),
        n_units=len(actual),
        top_n=top_n,
        n_draws=n_draws,
        per_unit=per_unit,
    )

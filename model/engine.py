"""Composes data, scenario and the Monte Carlo forecast into the figures the app shows.

Every function here is pure and deterministic for a given scenario (seed included), so
the UI can cache them: the estimation and the baseline paths depend only on
:meth:`Scenario.assumptions_key`; a lever move only re-applies the focus province's
composite change to cached paths (common random numbers).

The forecast only: the out-of-sample backtest of these forecasts is :mod:`model.backtest`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model import forecast as fc
from model.data import MAIN_INDICES, Dataset, score_panel, weights_for
from model.scenario import Scenario, check_scenario
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

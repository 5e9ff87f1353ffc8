"""Speed and memory benchmark of the rank forecast (``python -m model bench``).

Each case runs ``repeat`` times after one warm-up; the median wall time (``median_ms``,
what the targets are about) and the median CPU time of the process (``cpu_ms``, a guide
when other jobs load the machine) are reported in milliseconds, one JSON object per line,
with the 1-minute load average when the run started. Peak memory of the 100,000-draw case
is measured with ``tracemalloc`` (numpy reports its buffers to it).

What each case includes, on the 34-unit frame, 2025–2030, Top 15, lever on
infrastructure +0.10. The data, the panel estimation (``engine.estimate``) and the frame
set-up (``engine.frame_setup``) are done once before timing, because the app caches them
for the whole server (``cache_resource`` in ``ui/cache.py``); none of the cases includes
Streamlit, drawing charts or building DataFrames for display.

- ``full_10k`` — what the rank page computes when the assumptions, seed or draw count
  change (a new baseline field): draw the random numbers and simulate every unit
  (``engine.baseline_field``), then ``engine.rank_forecast`` (baseline and scenario, every
  year: the focus province's P(rank ≤ N), median rank and 10–90 % band, score fan and
  cut-line fan) and ``engine.units_near_cutline`` (every unit's full rank distribution
  in the chosen year: P(top N), median and 10–90 % rank, median score). Excludes
  goal-seek and tornado (their own cases).
- ``full_all_years_10k`` — as ``full_10k``, but every unit's full rank distribution for
  every year 2025–2030 (``forecast.all_units_summary`` over all years, with each unit's
  median score): the literal reading of the issue's target "10,000 draws × all units ×
  2025–2030 with full rank distributions", more than the page needs (its table shows
  one year).
- ``lever_10k`` — a lever move: the baseline field is cached as well (``cache_resource``
  per assumptions key), so only ``engine.rank_forecast`` + ``engine.units_near_cutline``.
- ``focus_p_top_10k`` — the focus province's P(rank ≤ N) in every year alone, on a cached
  field.
- ``full_100k`` — ``full_10k`` with 100,000 draws, and its peak traced memory
  (``peak_mb``, MiB; the field and the random numbers themselves are 2 × 78 MiB of it).
- ``goal_seek`` — ``engine.goal_seek`` (uniform push, p = 0.8) on a cached field.
- ``tornado`` — ``engine.sensitivity`` on a cached field and fit: seven inputs low ↔ high;
  the three assumptions re-simulate the field (sharing one draw of random numbers).
- ``tornado_lever`` — the tornado after a lever move: the re-simulated assumption fields
  (``engine.sensitivity_fields``) are cached per assumptions key as well, so only the
  fifteen P(Top N) evaluations run.
- ``model_spread_10k`` — ``spread.model_spread``: every forecast method of
  :mod:`model.uncertainty` (8 on the shipped data) in every frame, each with its own
  estimation and simulation (issue 14; no target: it depends only on the assumptions, seed
  and draws, so the app can cache it like the baseline field).
- ``weight_sensitivity_10k`` — ``weights.weight_sensitivity`` on a cached fit: 10,000 random
  weight sets and the named alternatives, each re-simulated to the goal year (no target).
"""

from __future__ import annotations

import json
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator

from model import engine
from model import forecast as fc
from model.data import Dataset
from model.scenario import Scenario, default_scenario
from model.study import Study, build_study

#: The targets of issue #4 [ms], reported beside each measurement.
TARGETS_MS: dict[str, float] = {
    "full_10k": 100.0,
    "full_all_years_10k": 100.0,
    "lever_10k": 100.0,
    "focus_p_top_10k": 20.0,
    "full_100k": 1000.0,
    "goal_seek": 1000.0,
    "tornado": 1000.0,
    "tornado_lever": 1000.0,
}
#: Peak memory target of the 100,000-draw case [MB].
TARGET_PEAK_MB = 1024.0


def _median_ms(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median wall time and median CPU time of this process [ms] over ``repeat`` runs.

    The targets are on wall time; CPU time is reported beside it because the machine is
    shared: when other jobs load it, wall time grows while CPU time barely moves.
    """
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000.0)
        cpu.append((time.process_time() - start_cpu) * 1000.0)
    return {"median_ms": statistics.median(wall), "cpu_ms": statistics.median(cpu)}


def page_figures(
    ds: Dataset, study: Study, scenario: Scenario, field: object, setup: engine.FrameSetup
) -> tuple[engine.RankForecast, object]:
    """What the rank page asks the model for, given a baseline field."""
    return (
        engine.rank_forecast(ds, study, scenario, field, setup),
        engine.units_near_cutline(ds, study, scenario, field, setup=setup),
    )


def full_forecast(
    ds: Dataset, study: Study, scenario: Scenario, fit: fc.PanelFit, setup: engine.FrameSetup, n_draws: int | None = None
) -> object:
    """Draw, simulate every unit over the forecast years, then the page's figures (``full_*``
    cases); ``n_draws`` draws more than a link may ask for (the 100,000-draw case)."""
    randomness = None if n_draws is None else engine.draw_randomness(scenario, setup, fit, n_draws)
    field = engine.baseline_field(ds, study, scenario, fit, setup, randomness)
    return page_figures(ds, study, scenario, field, setup)


def full_all_years(ds: Dataset, study: Study, scenario: Scenario, fit: fc.PanelFit, setup: engine.FrameSetup) -> object:
    """As :func:`full_forecast`, with every unit's rank distribution in every year."""
    field = engine.baseline_field(ds, study, scenario, fit, setup)
    result = engine.rank_forecast(ds, study, scenario, field, setup)
    focus = fc.apply_focus_delta(field[:, :, setup.focus_index], result.delta)
    table = fc.all_units_summary(field, setup.focus_index, focus, scenario.top_n, setup.unit_ids, setup.years)
    return result, table


def run(ds: Dataset, repeat: int = 7, focus: str | None = None) -> Iterator[dict]:
    """Yield one result dict per case, for ``focus`` (default: the plan's unit) in the
    default frame with a lever of 0.1 on its first main index that has headroom."""
    study = build_study(ds)
    base = default_scenario(study, **({} if focus is None else {"focus": study.unit_in_frame(focus, study.default_frame)}))
    caps = study.lever_caps(base.frame, base.focus)
    movable = [k for k, cap in caps.items() if cap > 0]
    scenario = base.with_values(draws=10_000, levers={movable[0]: min(0.1, caps[movable[0]])} if movable else {})
    fit = engine.estimate(ds, study, scenario.seed)
    setup = engine.setup_for(ds, study, scenario)
    size = {"focus": scenario.focus, "units": len(setup.unit_ids), "years": len(setup.years)}

    ms = _median_ms(lambda: full_forecast(ds, study, scenario, fit, setup), repeat)
    yield {"case": "full_10k", "draws": 10_000, **size, **ms}
    ms = _median_ms(lambda: full_all_years(ds, study, scenario, fit, setup), repeat)
    yield {"case": "full_all_years_10k", "draws": 10_000, **size, **ms}

    field = engine.baseline_field(ds, study, scenario, fit, setup)
    ms = _median_ms(lambda: page_figures(ds, study, scenario, field, setup), repeat)
    yield {"case": "lever_10k", "draws": 10_000, **size, **ms}

    _, delta = engine.scenario_delta(ds, scenario, setup)

    def focus_only() -> object:
        focus = fc.apply_focus_delta(field[:, :, setup.focus_index], delta)
        ranks = fc.focus_ranks(field, setup.focus_index, focus)
        return (ranks <= scenario.top_n).mean(axis=0)

    yield {"case": "focus_p_top_10k", "draws": 10_000, **_median_ms(focus_only, repeat)}

    ms = _median_ms(lambda: full_forecast(ds, study, scenario, fit, setup, 100_000), max(3, repeat // 2))
    tracemalloc.start()
    full_forecast(ds, study, scenario, fit, setup, 100_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    yield {"case": "full_100k", "draws": 100_000, **size, **ms, "peak_mb": peak / 2**20}

    ms = _median_ms(lambda: engine.goal_seek(ds, study, scenario, "uniform", 0.8, field, setup), repeat)
    yield {"case": "goal_seek", "draws": 10_000, **ms}

    def tornado() -> object:
        return engine.sensitivity(ds, study, scenario, field, fit, setup)

    yield {"case": "tornado", "draws": 10_000, **_median_ms(tornado, max(3, repeat // 2))}

    alternates = engine.sensitivity_fields(ds, study, scenario, fit, setup)

    def tornado_lever() -> object:
        return engine.sensitivity(ds, study, scenario, field, fit, setup, alternates)

    yield {"case": "tornado_lever", "draws": 10_000, **_median_ms(tornado_lever, repeat)}

    from model import spread, weights

    ms = _median_ms(lambda: spread.model_spread(ds, study, scenario), max(3, repeat // 2))
    yield {"case": "model_spread_10k", "draws": 10_000, **ms}
    ms = _median_ms(lambda: weights.weight_sensitivity(ds, study, scenario, fit=fit), max(3, repeat // 2))
    yield {"case": "weight_sensitivity_10k", "draws": 10_000, **ms}


def main(ds: Dataset, repeat: int = 7, focus: str | None = None) -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    for row in run(ds, repeat, focus):
        row["load_1min"] = load
        row["target_ms"] = TARGETS_MS.get(row["case"])  # None: no target (issue-14 views)
        row["median_ms"] = round(row["median_ms"], 1)
        row["cpu_ms"] = round(row["cpu_ms"], 1)
        if "peak_mb" in row:
            row["peak_mb"] = round(row["peak_mb"], 1)
            row["target_peak_mb"] = TARGET_PEAK_MB
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    from model.data import load_dataset

    raise SystemExit(main(load_dataset()))

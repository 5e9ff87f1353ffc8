"""Speed and memory benchmark of the rank forecast (``python -m model bench``).

Each case runs ``repeat`` times after one warm-up; the median wall time is reported in
milliseconds, one JSON object per line. Peak memory of the 100,000-draw case is measured
with ``tracemalloc`` (numpy reports its buffers to it).
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator

from model import engine
from model import forecast as fc
from model.data import Dataset
from model.scenario import Scenario

#: The targets of issue #4 [ms], reported beside each measurement.
TARGETS_MS = {
    "full_10k": 100.0,
    "focus_p_top_10k": 20.0,
    "full_100k": 1000.0,
    "goal_seek": 1000.0,
    "tornado": 1000.0,
}


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def full_forecast(ds: Dataset, scenario: Scenario, fit: fc.PanelFit) -> object:
    """Draw, simulate every unit 2025–2030, rank all of them, summarise every unit's
    rank distribution and the focus province (the work behind one new scenario)."""
    setup = engine.frame_setup(ds, scenario.frame)
    field = engine.baseline_field(ds, scenario, fit, setup)
    _, delta = engine.scenario_delta(ds, scenario, setup)
    focus = fc.apply_focus_delta(field[:, :, setup.focus_index], delta)
    fc.summarise_focus(field, setup.focus_index, focus, scenario.top_n)
    return fc.all_units_summary(field, setup.focus_index, focus, scenario.top_n, setup.unit_ids)


def run(ds: Dataset, repeat: int = 7) -> Iterator[dict]:
    """Yield one result dict per case."""
    scenario = Scenario(draws=10_000, lever_infrastructure=0.1)
    fit = engine.estimate(ds, scenario.seed)
    setup = engine.frame_setup(ds, scenario.frame)

    ms = _median_ms(lambda: full_forecast(ds, scenario, fit), repeat)
    yield {"case": "full_10k", "draws": 10_000, "units": len(setup.unit_ids), "years": len(fc.SIM_YEARS), "median_ms": ms}

    field = engine.baseline_field(ds, scenario, fit)
    _, delta = engine.scenario_delta(ds, scenario, setup)

    def focus_only() -> float:
        focus = fc.apply_focus_delta(field[:, :, setup.focus_index], delta)
        ranks = fc.focus_ranks(field, setup.focus_index, focus)
        return float((ranks <= scenario.top_n).mean())

    yield {"case": "focus_p_top_10k", "draws": 10_000, "median_ms": _median_ms(focus_only, repeat)}

    big = scenario.with_values(draws=100_000)
    ms = _median_ms(lambda: full_forecast(ds, big, fit), max(3, repeat // 2))
    tracemalloc.start()
    full_forecast(ds, big, fit)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    yield {"case": "full_100k", "draws": 100_000, "median_ms": ms, "peak_mb": peak / 2**20}

    ms = _median_ms(lambda: engine.goal_seek(ds, scenario, "uniform", 0.8, field), repeat)
    yield {"case": "goal_seek", "draws": 10_000, "median_ms": ms}

    def tornado() -> object:
        return engine.sensitivity(ds, scenario, field, fit)

    yield {"case": "tornado", "draws": 10_000, "median_ms": _median_ms(tornado, max(3, repeat // 2))}


def main(ds: Dataset, repeat: int = 7) -> int:
    for row in run(ds, repeat):
        row["target_ms"] = TARGETS_MS[row["case"]]
        row["median_ms"] = round(row["median_ms"], 1)
        if "peak_mb" in row:
            row["peak_mb"] = round(row["peak_mb"], 1)
        print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    from model.data import load_dataset

    raise SystemExit(main(load_dataset()))

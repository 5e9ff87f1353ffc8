"""Model spread: how much the headline P(Top N) depends on the forecast method (issue 14, item 1).

For the focus unit, in every frame (the unit's counterpart there, the ministry's merger
rule), the baseline (no levers) P(rank ≤ N) in the goal year and the rank band under each
method of :mod:`model.uncertainty`: the default (province bootstrap), transitions resampled
whole, each observed transition's own parameters, a random walk, the bounded main indices,
persistence with observed rank moves and a rank AR(1). The score methods share the default's
random numbers and take the scenario's assumptions (pace of the others, shock scale,
persistence); the rank methods have no assumptions. Same seed → same figures.

Pure: reads a loaded :class:`~model.data.Dataset` and :class:`~model.study.Study`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model import engine
from model import forecast as fc
from model import uncertainty as unc
from model.data import MAIN_INDICES, Dataset, score_panel, weights_for
from model.notes import Note, note
from model.scenario import Scenario
from model.study import Study


def method_label(method: str) -> Note:
    """What a method is, in one line, as a note (``spread_method.<method>``; a
    "transition:<years>" method's years from its name)."""
    if method.startswith(unc.TRANSITION_PREFIX):
        return note("spread_method.transition", years=method[len(unc.TRANSITION_PREFIX) :])
    return note(f"spread_method.{method}")


def frame_inputs(ds: Dataset, study: Study, setup: engine.FrameSetup) -> unc.MethodInputs:
    """The :class:`~model.uncertainty.MethodInputs` of one frame's forecast: the study's
    estimation panel for the score methods, the frame's own rank panel (every year up to
    its last) for the rank methods, the base year's scores, ranks, main indices and weights."""
    panel = score_panel(ds, setup.frame)
    ranks = panel.pivot(index="unit_id", columns="year", values="dti_rank").loc[list(setup.unit_ids)]
    years = [y for y in sorted(ranks.columns) if y <= setup.base_year]
    return unc.MethodInputs(
        fit_panel=engine.panel_wide(ds, study.estimation_frame, study.estimation_years),
        rank_panel=ranks[years].to_numpy(dtype=float),
        start_scores=setup.start_scores,
        start_ranks=ranks[setup.base_year].to_numpy(),
        indices=unc.main_indices_at(ds, setup.frame, setup.base_year, list(setup.unit_ids)),
        weights=weights_for(ds, setup.base_year).reindex(list(MAIN_INDICES)).to_numpy(),
    )


def spread_methods(study: Study) -> tuple[str, ...]:
    """Every method of the view: the backtest's, plus one per observed transition of the
    estimation panel when it has two or more."""
    years = study.estimation_years
    per_transition = tuple(f"{unc.TRANSITION_PREFIX}{a}-{b}" for a, b in zip(years[:-1], years[1:], strict=True))
    return (*unc.SCORE_METHODS[:2], *(per_transition if len(per_transition) > 1 else ()), *unc.SCORE_METHODS[2:], *unc.RANK_METHODS)


def focus_rank_summary(ranks: np.ndarray, top_n: int) -> dict[str, float]:
    """P(rank ≤ N), median and 10–90 % band of one unit's ranks (n_draws,) [probability, rank]."""
    q = np.quantile(ranks, [0.1, 0.5, 0.9], method="inverted_cdf")
    return {"p_top": float((ranks <= top_n).mean()), "median_rank": float(np.median(ranks)), "rank_p10": int(q[0]), "rank_p90": int(q[2])}


def model_spread(ds: Dataset, study: Study, scenario: Scenario, n_boot: int = engine.N_BOOT) -> pd.DataFrame:
    """The focus unit's baseline P(Top N) in the goal year under every method, in every frame.

    One row per (frame, method): frame, focus (the unit in that frame), method, label (a
    note: :func:`method_label`), default (bool), year (the goal year, or the frame's last
    forecast year), top_n (the scenario's N, capped at the frame size), p_top [probability],
    median_rank, rank_p10, rank_p90 [rank], note (why a method does not apply, a note, NaN
    figures then, e.g. the bounded method in a frame whose main indices are not published for
    every unit; "" when it applies); ``scenario.draws`` draws, ``scenario.seed``. The default's row equals
    :func:`model.engine.rank_forecast`'s baseline for the same scenario in that frame.
    """
    assumptions = fc.Assumptions(scenario.others_pace, scenario.shock_scale, scenario.persistence)
    rows = []
    for frame in study.frames:
        focus = study.unit_in_frame(scenario.focus, frame)
        setup = engine.frame_setup(ds, study, frame, focus)
        years = list(setup.years)
        year = study.goal_year_in_forecast if study.goal_year_in_forecast in years else years[-1]
        yi, fi = years.index(year), setup.focus_index
        top_n = min(scenario.top_n, frame)
        inputs = frame_inputs(ds, study, setup)
        prepared = unc.prepare_scores(inputs, n_draws=scenario.draws, n_years=len(years), seed=scenario.seed, n_boot=n_boot)
        for method in spread_methods(study):
            row = {"frame": frame, "focus": focus, "method": method, "label": method_label(method),
                   "default": method == unc.DEFAULT_METHOD, "year": year, "top_n": top_n}
            try:
                field, ranks = unc.simulate_method(
                    method, inputs, n_draws=scenario.draws, n_years=len(years), seed=scenario.seed,
                    n_boot=n_boot, focus_index=fi, assumptions=assumptions, rank=False, prepared=prepared,
                )
            except unc.NotApplicable as exc:
                rows.append({**row, "p_top": float("nan"), "median_rank": float("nan"), "rank_p10": None,
                             "rank_p90": None, "note": exc.note})
                continue
            if field is not None:
                year_field = field[:, yi : yi + 1, :]
                focus_ranks = fc.focus_ranks(year_field, fi, year_field[:, :, fi])[:, 0]
            else:
                focus_ranks = ranks[:, yi, fi]
            rows.append({**row, **focus_rank_summary(focus_ranks, top_n), "note": ""})
    return pd.DataFrame(rows)


def _plain(key: str, value: object) -> object:
    """A table cell as a plain Python value: rank bands as int (None when not applicable)."""
    value = value.item() if hasattr(value, "item") else value
    if key in ("rank_p10", "rank_p90"):
        return None if value is None or value != value else int(value)
    return value


def spread_summary(table: pd.DataFrame) -> dict:
    """JSON-ready view of :func:`model_spread` (once its notes, ``label`` and ``note``, are
    worded: :func:`text.notes.worded`): per frame, the default's P, the range [min, max] over
    the methods and every method's row."""
    out = {}
    for frame, part in table.groupby("frame", sort=True):
        default = part[part["default"]].iloc[0]
        out[str(frame)] = {
            "focus": default["focus"],
            "year": int(default["year"]),
            "top_n": int(default["top_n"]),
            "p_top_default": float(default["p_top"]),
            "p_top_min": float(part["p_top"].min()),  # NaN rows (not applicable) skipped
            "p_top_max": float(part["p_top"].max()),
            "methods": [
                {k: _plain(k, v) for k, v in row.items() if k not in ("frame", "focus", "year", "top_n")}
                for row in part.to_dict(orient="records")
            ],
        }
    return out


def index_coverage(ds: Dataset, study: Study) -> pd.DataFrame:
    """How many units of each frame have all eight main indices in each of its years:
    one row per (frame, year): frame, year, n_known, n_units [units]. The bounded method
    and the weight stress test need n_known == n_units in their base year
    (:func:`model.uncertainty.main_indices_at`, the merger rule included)."""
    rows = []
    for frame in study.frames:
        info = study.frame_info[frame]
        for year in info.years:
            known = ~np.isnan(unc.main_indices_at(ds, frame, year, list(info.unit_ids))).any(axis=1)
            rows.append({"frame": frame, "year": int(year), "n_known": int(known.sum()), "n_units": len(known)})
    return pd.DataFrame(rows)

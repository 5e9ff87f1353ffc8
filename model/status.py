"""On-track status of the plan's indicators (method notes §4).

Glossary (method notes §4)
--------------------------
b, v_b : base year [calendar year] and base value [indicator unit] (first observation used).
t, v_t : latest year and latest value.
T, v* : target year and target value (``target``).
d : +1 when higher is better, −1 when lower is better (``direction``).
CAGR_a : actual compound annual growth, (v_t / v_b)^(1/(t−b)) − 1 [fraction per year].
CAGR_r : required compound annual growth, (v* / v_b)^(1/(T−b)) − 1 [fraction per year].

Methods
-------
``statcan``  Statistics Canada / Open SDG progress measure (open-sdg ``docs/progress-
             methodology.md``): R = d·CAGR_a/|CAGR_r|, thresholds 0.95 / 0.60 / 0, score in
             [−5, 5]; without a target d·CAGR_a against 1.5 %·C / 0.5 %·C / 0.
``un2023``   UN SDG Progress Chart 2023, expected-value method: P = (v_T^e − v_b)/(v* − v_b).
``un2022``   UN SDG Progress Chart 2022, ratio of rates CR = CAGR_a / CAGR_r.
``probability``  a probability of meeting the target (e.g. from a Monte Carlo of ranks),
             mapped to categories by the thresholds in ``PROBABILITY_THRESHOLDS``.

Every :class:`Status` carries its method name, the measure, and the thresholds used, so the UI
can show which rule produced a status (method notes §4, last line).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.notes import Note, note

# ----------------------------------------------------------------------------- constants

ZERO_GUARD = 0.001
"""A zero base or target is replaced by this in growth-rate formulas (Open SDG)."""

NATURAL_LIMIT_EXPONENT = 4.44
"""Exponent a of the natural-limit factor C (Open SDG)."""

STATCAN_RATIO_THRESHOLDS = (
    ("on_track", 0.95),
    ("acceleration_needed", 0.60),
    ("limited_progress", 0.0),
)
"""Lower bound of R for each category; below the last one: deterioration."""

STATCAN_NO_TARGET_THRESHOLDS = (
    ("on_track", 0.015),
    ("acceleration_needed", 0.005),
    ("limited_progress", 0.0),
)
"""Lower bound of d·CAGR_a [fraction/yr] without a target; positive ones are scaled by C."""

UN2022_THRESHOLDS = (("on_track", 0.95), ("acceleration_needed", 0.50), ("limited_progress", -0.10))
"""Lower bound of CR = CAGR_a/CAGR_r; below the last one: deterioration."""

UN2023_THRESHOLDS = (("on_track", 0.95), ("acceleration_needed", 0.10))
"""Lower bound of P; below the last one: stagnation_or_regression."""

PROBABILITY_THRESHOLDS = (("on_track", 0.80), ("acceleration_needed", 0.50))
"""Lower bound of P(target met) for the probability method; below: limited_progress.
A project choice (no published standard): 0.8 matches the 80 % bands shown elsewhere."""

CATEGORIES = (
    "achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "stagnation_or_regression",
    "not_assessable",
)

CATEGORY_ORDER = {
    "statcan": ("deterioration", "limited_progress", "acceleration_needed", "on_track", "achieved"),
    "un2022": ("deterioration", "limited_progress", "acceleration_needed", "on_track", "achieved"),
    "un2023": ("stagnation_or_regression", "acceleration_needed", "on_track", "achieved"),
    "probability": ("limited_progress", "acceleration_needed", "on_track", "achieved"),
}
"""Worst → best, per method ("not_assessable" is outside the order)."""

COMPARATORS = (">=", ">", "<=", "<")


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Status:
    """An on-track assessment.

    Attributes
    ----------
    method : "statcan" | "un2022" | "un2023" | "probability".
    category : one of ``CATEGORIES``.
    measure_name : "R", "d·CAGR_a", "CR", "P" or "probability".
    measure : the value compared with the thresholds (None when not computed).
    thresholds : ((category, lower bound), …) actually used, after any scaling by C.
    score : Open SDG score in [−5, 5] (statcan only; 5 when achieved), else None.
    limit_factor : natural-limit factor C used (None without a limit).
    cagr_actual, cagr_required : [fraction per year], when computed.
    achieved : the latest value already meets the target.
    warnings : guards that fired, as notes (:class:`model.notes.Note`, codes ``status.*``:
        zero replaced by 0.001, negative values, …).
    """

    method: str
    category: str
    measure_name: str
    measure: float | None
    thresholds: tuple[tuple[str, float], ...]
    score: float | None = None
    limit_factor: float | None = None
    cagr_actual: float | None = None
    cagr_required: float | None = None
    achieved: bool = False
    warnings: tuple[Note, ...] = ()

    @property
    def thresholds_text(self) -> str:
        """E.g. "on_track ≥ 0.95; acceleration_needed ≥ 0.6; limited_progress ≥ 0"."""
        return "; ".join(f"{c} ≥ {v:.4g}" for c, v in self.thresholds)


@dataclass(frozen=True)
class RequiredPace:
    """Pace needed from the latest value to the target (method notes §4).

    points_per_year : (v* − v_t)/(T − t) [indicator unit per year].
    pct_per_year : ((v*/v_t)^(1/(T−t)) − 1) × 100 [% per year].
    years_left : T − t [years]. Both paces are NaN when T ≤ t (deadline reached).
    """

    points_per_year: float
    pct_per_year: float
    years_left: int


@dataclass(frozen=True)
class RankForecast:
    """Forecast distribution of a rank (see :func:`rank_target_probability`).

    probability : P(rank ≤ target_rank in target_year).
    years : simulated years; p_meet, median, lower, upper per year (lower/upper = 10 %/90 %
        quantiles of the rank, so ``lower`` is the better rank).
    phi, mean_rank : persistence and long-run mean rank of the AR(1) fitted to the history.
    n_transitions : number of observed year-to-year rank changes used.
    bounds : ((year, lowest allowed rank, highest allowed rank), …) conditioning the paths.
    forced_share : share of draws whose bootstrap could not satisfy a bound and were clipped.
    notes : what the fit rests on, as notes (codes ``rank.*``).
    """

    method: str
    probability: float
    target_rank: int
    target_year: int
    n_units: int
    n_draws: int
    years: tuple[int, ...]
    p_meet: tuple[float, ...]
    median: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    last_year: int
    last_rank: int
    phi: float
    mean_rank: float
    n_transitions: int
    bounds: tuple[tuple[int, int, int], ...]
    forced_share: float
    notes: tuple[Note, ...]


# ----------------------------------------------------------------------------- helpers


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return not math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def direction_of(comparator: str) -> int:
    """+1 for ">=" / ">" (higher is better), −1 for "<=" / "<"."""
    if comparator in (">=", ">"):
        return 1
    if comparator in ("<=", "<"):
        return -1
    raise ValueError(f"unknown comparator {comparator!r}; expected one of {COMPARATORS}")


def meets(value: float, target: float, comparator: str) -> bool:
    """Whether ``value`` satisfies ``value <comparator> target`` (False for a missing value)."""
    if _missing(value) or _missing(target):
        return False
    v, g = float(value), float(target)
    return {">=": v >= g, ">": v > g, "<=": v <= g, "<": v < g}[comparator]


def _category(value: float, thresholds: Sequence[tuple[str, float]], below: str) -> str:
    for name, bound in thresholds:
        if value >= bound:
            return name
    return below


def cagr(v0: float, v1: float, years: float) -> float:
    """Compound annual growth rate (v1/v0)^(1/years) − 1 [fraction per year] (method notes §4).

    ``v0`` must be > 0 and ``v1`` ≥ 0 (the caller applies the 0.001 guard for a zero base);
    ``years`` > 0.
    """
    if years <= 0:
        raise ValueError(f"cagr: years must be > 0, got {years}")
    if v0 <= 0 or v1 < 0:
        raise ValueError(f"cagr: needs v0 > 0 and v1 ≥ 0, got {v0}, {v1}")
    return (v1 / v0) ** (1.0 / years) - 1.0


def natural_limit_factor(v_b: float, lim: float, a: float = NATURAL_LIMIT_EXPONENT) -> float:
    """Open SDG natural-limit factor C in [0, 1] (method notes §4).

    C = 1 − (v_b/lim)^a for v_b ≤ lim; C = 1 − ((2·lim − v_b)/lim)^a for lim < v_b < 2·lim;
    C = 1 for v_b ≥ 2·lim. ``v_b`` is the base value, ``lim`` the ceiling [same unit], a = 4.44.
    C → 0 as the base approaches the limit, which shrinks the positive thresholds.
    """
    if lim <= 0:
        raise ValueError(f"natural_limit_factor: lim must be > 0, got {lim}")
    if v_b >= 2 * lim:
        return 1.0
    if v_b > lim:
        return 1.0 - ((2 * lim - v_b) / lim) ** a
    return 1.0 - (max(v_b, 0.0) / lim) ** a


def _guard_zero(x: float, name: str, warnings: list[Note]) -> float:
    """``x``, or ``ZERO_GUARD`` with a note when it is 0 (``name``: "base" or "target")."""
    if x == 0:
        warnings.append(note(f"status.zero_{name}", guard=ZERO_GUARD))
        return ZERO_GUARD
    return x


def _prelude(
    method: str,
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float | None,
    direction: int,
    comparator: str | None,
    measure_name: str,
    thresholds: tuple[tuple[str, float], ...],
) -> Status | None:
    """Shared guards: achieved, fewer than two points, negative values. None → go on."""
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or −1, got {direction}")
    comp = comparator or (">=" if direction == 1 else "<=")
    if target is not None and not _missing(target) and meets(v_t, target, comp):  # type: ignore[arg-type]
        score = 5.0 if method == "statcan" else None
        return Status(
            method, "achieved", measure_name, None, thresholds, score=score, achieved=True
        )
    if _missing(v_b) or _missing(b) or _missing(v_t) or _missing(t) or int(t) <= int(b):  # type: ignore[arg-type]
        return Status(
            method,
            "not_assessable",
            measure_name,
            None,
            thresholds,
            warnings=(note("status.fewer_than_two_points"),),
        )
    vals = [float(v_b), float(v_t)] + ([] if _missing(target) else [float(target)])  # type: ignore[arg-type]
    if any(v < 0 for v in vals):
        return Status(
            method,
            "not_assessable",
            measure_name,
            None,
            thresholds,
            warnings=(note("status.negative_values"),),
        )
    return None


# ----------------------------------------------------------------------------- methods


def statcan_score(r: float) -> float:
    """Open SDG score for a ratio R (with a target): 7.1429·R − 4.2857 for R ≥ 0.6 (cap 5),
    4.1667·R − 2.5 for R < 0.6 (floor −5) (method notes §4; open-sdg progress-methodology)."""
    if r >= 0.6:
        return float(min(5.0, 50.0 / 7.0 * r - 30.0 / 7.0))
    return float(max(-5.0, 25.0 / 6.0 * r - 2.5))


def statcan_status(
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float | None,
    T: int | None,
    direction: int = +1,
    limit: float | None = None,
    *,
    comparator: str | None = None,
    scale_ratio_thresholds: bool = False,
) -> Status:
    """Statistics Canada / Open SDG progress status (method notes §4).

    Parameters
    ----------
    v_b, b : base value [unit] and year; v_t, t : latest value and year.
    target, T : target value [unit] and year; ``target=None`` → the no-target rule.
    direction : d = +1 (higher is better) or −1.
    limit : natural ceiling [unit] (100 for shares) → factor C (only for d = +1: a ceiling
        does not constrain a falling indicator).
    comparator : ">=", ">", "<=", "<" for the "achieved" test (default from ``direction``).
    scale_ratio_thresholds : Open SDG applies C to the thresholds of the no-target rule only
        (with a target, CAGR_r already accounts for the ceiling). True also multiplies the
        positive R thresholds (0.95, 0.60) by C, and the score then uses R/C.

    Rules: latest meets the target → "achieved" (score 5), whatever the trend; fewer than two
    points → "not_assessable"; negative values → "not_assessable"; zero base or target → 0.001
    with a warning. With a target: R = d·CAGR_a/|CAGR_r| (R = ±inf when CAGR_r = 0);
    R ≥ 0.95 on_track, 0.60 ≤ R < 0.95 acceleration_needed, 0 ≤ R < 0.60 limited_progress,
    R < 0 deterioration. Without: d·CAGR_a against 1.5 %·C / 0.5 %·C / 0.
    """
    has_target = not _missing(target) and not _missing(T)
    base_thr = STATCAN_RATIO_THRESHOLDS if has_target else STATCAN_NO_TARGET_THRESHOLDS
    name = "R" if has_target else "d·CAGR_a"
    early = _prelude("statcan", v_b, b, v_t, t, target, direction, comparator, name, base_thr)
    if early is not None:
        return early
    warnings: list[Note] = []
    vb = _guard_zero(float(v_b), "base", warnings)  # type: ignore[arg-type]
    vt = float(v_t)  # type: ignore[arg-type]
    c_a = cagr(vb, vt, int(t) - int(b))  # type: ignore[arg-type]
    c_factor = None
    if limit is not None and direction == 1:
        c_factor = natural_limit_factor(float(v_b), float(limit))  # type: ignore[arg-type]
    c_eff = 1.0 if c_factor is None else c_factor

    if not has_target:
        thr = tuple((k, v * c_eff if v > 0 else v) for k, v in base_thr)
        value = direction * c_a
        if c_eff == 0.0 and value >= 0:  # base at the limit and held there (Open SDG)
            return Status(
                "statcan",
                "on_track",
                name,
                value,
                thr,
                5.0,
                c_factor,
                c_a,
                None,
                False,
                tuple(warnings),
            )
        xp = [-0.02, 0.0, 0.005 * c_eff, 0.015 * c_eff, 0.02 * c_eff]
        score = float(np.interp(value, xp, [-5.0, -2.5, 0.0, 2.5, 5.0]))
        cat = _category(value, thr, "deterioration")
        return Status(
            "statcan", cat, name, value, thr, score, c_factor, c_a, None, False, tuple(warnings)
        )

    if int(T) <= int(b):  # type: ignore[arg-type]
        return Status(
            "statcan",
            "not_assessable",
            name,
            None,
            base_thr,
            warnings=(note("status.target_year_not_after_base"),),
        )
    tg = _guard_zero(float(target), "target", warnings)  # type: ignore[arg-type]
    c_r = cagr(vb, tg, int(T) - int(b))  # type: ignore[arg-type]
    if c_r == 0.0:
        r = math.copysign(math.inf, direction * c_a) if c_a != 0 else 0.0
    else:
        r = direction * c_a / abs(c_r)
    scale = c_eff if scale_ratio_thresholds else 1.0
    thr = tuple((k, v * scale if v > 0 else v) for k, v in base_thr)
    if scale == 0.0:
        r_score = math.inf if r >= 0 else r
    else:
        r_score = r / scale if r > 0 else r
    score = statcan_score(r_score)
    cat = _category(r, thr, "deterioration")
    return Status("statcan", cat, name, r, thr, score, c_factor, c_a, c_r, False, tuple(warnings))


def un2022_ratio_status(
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float,
    T: int,
    direction: int = +1,
    *,
    comparator: str | None = None,
) -> Status:
    """UN SDG Progress Chart 2022, ratio of rates (method notes §4).

    CR = CAGR_a / CAGR_r, computed as d·CAGR_a/|CAGR_r| (the same when the target lies in the
    desired direction from the base, and still ordered sensibly when it does not).
    CR ≥ 0.95 on_track; 0.50–0.95 acceleration_needed; −0.10–0.50 limited_progress;
    < −0.10 deterioration. Same guards as :func:`statcan_status`.
    """
    early = _prelude(
        "un2022", v_b, b, v_t, t, target, direction, comparator, "CR", UN2022_THRESHOLDS
    )
    if early is not None:
        return early
    warnings: list[Note] = []
    vb = _guard_zero(float(v_b), "base", warnings)  # type: ignore[arg-type]
    tg = _guard_zero(float(target), "target", warnings)
    if int(T) <= int(b):  # type: ignore[arg-type]
        return Status(
            "un2022",
            "not_assessable",
            "CR",
            None,
            UN2022_THRESHOLDS,
            warnings=(note("status.target_year_not_after_base"),),
        )
    c_a = cagr(vb, float(v_t), int(t) - int(b))  # type: ignore[arg-type]
    c_r = cagr(vb, tg, int(T) - int(b))  # type: ignore[arg-type]
    if c_r == 0.0:
        cr = math.copysign(math.inf, direction * c_a) if c_a != 0 else 0.0
    else:
        cr = direction * c_a / abs(c_r)
    cat = _category(cr, UN2022_THRESHOLDS, "deterioration")
    return Status(
        "un2022", cat, "CR", cr, UN2022_THRESHOLDS, None, None, c_a, c_r, False, tuple(warnings)
    )


def un2023_status(
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float,
    T: int,
    direction: int = +1,
    *,
    comparator: str | None = None,
) -> Status:
    """UN SDG Progress Chart 2023, expected-value method (method notes §4).

    v_T^e = v_t (1 + CAGR_a)^(T − t) [unit] (T ≤ t: v_T^e = v_t); P = (v_T^e − v_b)/(v* − v_b).
    P ≥ 0.95 on_track; 0.10 ≤ P < 0.95 acceleration_needed; P < 0.10 stagnation_or_regression.
    When the target does not lie beyond the base in the desired direction (v* − v_b has the
    wrong sign or is 0), P = +inf if v_T^e meets the target, else −inf.
    """
    early = _prelude(
        "un2023", v_b, b, v_t, t, target, direction, comparator, "P", UN2023_THRESHOLDS
    )
    if early is not None:
        return early
    warnings: list[Note] = []
    vb_raw, vt = float(v_b), float(v_t)  # type: ignore[arg-type]
    vb = _guard_zero(vb_raw, "base", warnings)
    c_a = cagr(vb, vt, int(t) - int(b))  # type: ignore[arg-type]
    ahead = max(int(T) - int(t), 0)  # type: ignore[arg-type]
    expected = vt * (1.0 + c_a) ** ahead
    gap = float(target) - vb_raw
    comp = comparator or (">=" if direction == 1 else "<=")
    if direction * gap <= 0:
        p = math.inf if meets(expected, target, comp) else -math.inf
    else:
        p = (expected - vb_raw) / gap
    cat = _category(p, UN2023_THRESHOLDS, "stagnation_or_regression")
    return Status(
        "un2023", cat, "P", p, UN2023_THRESHOLDS, None, None, c_a, None, False, tuple(warnings)
    )


STATUS_METHODS = ("statcan", "un2023", "un2022")


def assess_status(
    method: str,
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float,
    T: int,
    *,
    comparator: str = ">=",
    limit: float | None = None,
) -> Status:
    """Dispatch to one of ``STATUS_METHODS`` (the natural limit is used by statcan only)."""
    d = direction_of(comparator)
    if method == "statcan":
        return statcan_status(v_b, b, v_t, t, target, T, d, limit, comparator=comparator)
    if method == "un2023":
        return un2023_status(v_b, b, v_t, t, target, T, d, comparator=comparator)
    if method == "un2022":
        return un2022_ratio_status(v_b, b, v_t, t, target, T, d, comparator=comparator)
    raise ValueError(f"unknown status method {method!r}; expected one of {STATUS_METHODS}")


def probability_status(p: float, *, achieved: bool = False) -> Status:
    """Category from a probability of meeting the target (``PROBABILITY_THRESHOLDS``):
    P ≥ 0.80 on_track; 0.50 ≤ P < 0.80 acceleration_needed; P < 0.50 limited_progress.
    ``achieved`` is reported alongside (e.g. met on the latest figures) but the category
    follows the probability, because the question is whether it holds in the target year."""
    if _missing(p) or not 0.0 <= float(p) <= 1.0:
        return Status(
            "probability",
            "not_assessable",
            "probability",
            None,
            PROBABILITY_THRESHOLDS,
            achieved=achieved,
        )
    cat = _category(float(p), PROBABILITY_THRESHOLDS, "limited_progress")
    return Status(
        "probability", cat, "probability", float(p), PROBABILITY_THRESHOLDS, achieved=achieved
    )


def category_rank(category: str, method: str) -> int:
    """Position of ``category`` in ``CATEGORY_ORDER[method]`` (0 = worst)."""
    return CATEGORY_ORDER[method].index(category)


# ----------------------------------------------------------------------------- paces


def required_pace(v_t: float, t: int, target: float, T: int) -> RequiredPace:
    """Pace needed from the latest value to reach the target on time (method notes §4).

    points_per_year = (v* − v_t)/(T − t); pct_per_year = ((v*/v_t)^(1/(T−t)) − 1)·100
    (NaN when v_t ≤ 0 or v* < 0). Both NaN when T ≤ t. Worked example: 18 % in 2024, 30 % in
    2025 → +12 points/yr, +66.7 %/yr.
    """
    years_left = int(T) - int(t)
    if years_left <= 0 or _missing(v_t) or _missing(target):
        return RequiredPace(math.nan, math.nan, years_left)
    pts = (float(target) - float(v_t)) / years_left
    if float(v_t) > 0 and float(target) >= 0:
        pct = ((float(target) / float(v_t)) ** (1.0 / years_left) - 1.0) * 100.0
    else:
        pct = math.nan
    return RequiredPace(pts, pct, years_left)


def actual_pace(v_b: float, b: int, v_t: float, t: int) -> float:
    """Average change (v_t − v_b)/(t − b) [unit per year]; NaN with fewer than two points."""
    if _missing(v_b) or _missing(b) or _missing(v_t) or _missing(t) or int(t) <= int(b):
        return math.nan
    return (float(v_t) - float(v_b)) / (int(t) - int(b))


def years_to_target(
    v_b: float | None,
    b: int | None,
    v_t: float | None,
    t: int | None,
    target: float,
    *,
    comparator: str = ">=",
    pace: str = "linear",
) -> float | None:
    """Years after t until the target is met at the current pace [years].

    ``pace="linear"``: the average change (v_t − v_b)/(t − b) [unit/yr] continues;
    ``pace="cagr"``: CAGR_a continues. Returns 0.0 when the latest value already meets the
    target, ``math.inf`` when the series is not moving toward the target, and None with fewer
    than two points (or, for ``cagr``, non-positive values).
    """
    if not _missing(v_t) and meets(v_t, target, comparator):  # type: ignore[arg-type]
        return 0.0
    if _missing(v_b) or _missing(b) or _missing(v_t) or _missing(t) or int(t) <= int(b):  # type: ignore[arg-type]
        return None
    d = direction_of(comparator)
    gap = float(target) - float(v_t)  # type: ignore[arg-type]
    if pace == "linear":
        rate = actual_pace(v_b, b, v_t, t)  # type: ignore[arg-type]
        if d * rate <= 0 or d * gap <= 0:
            return math.inf
        return gap / rate
    if pace == "cagr":
        if float(v_b) <= 0 or float(v_t) <= 0 or float(target) <= 0:  # type: ignore[arg-type]
            return None
        g = cagr(float(v_b), float(v_t), int(t) - int(b))  # type: ignore[arg-type]
        if d * g <= 0:
            return math.inf
        return math.log(float(target) / float(v_t)) / math.log1p(g)  # type: ignore[arg-type]
    raise ValueError(f"pace must be 'linear' or 'cagr', got {pace!r}")


def acceleration_factor(
    required_per_year: float, actual_per_year: float, direction: int = 1
) -> float:
    """Required ÷ actual pace (same unit, e.g. points per year) [dimensionless].

    0 when nothing more is required (required pace not in the desired direction); ``inf`` when
    the actual pace is zero or goes the wrong way; NaN when either pace is missing.
    """
    if _missing(required_per_year) or _missing(actual_per_year):
        return math.nan
    req, act = direction * float(required_per_year), direction * float(actual_per_year)
    if req <= 0:
        return 0.0
    if act <= 0:
        return math.inf
    return req / act


# ----------------------------------------------------------------------------- ranks

RANK_METHOD = "rank_ar1"
"""Code of the rank model below: an AR(1) on ranks, bootstrap of pairs and residuals, reflected
at 1 and n_units (worded by the catalogue, ``model.target_method.rank_ar1``)."""
MIN_TRANSITIONS = 3
"""Fewest year-to-year rank changes the AR(1) is fitted on."""


class TooFewTransitions(ValueError):
    """A rank history with fewer than :data:`MIN_TRANSITIONS` year-to-year changes: the note
    says how many there are."""

    def __init__(self, n: int) -> None:
        super().__init__(n)
        self.note = note("rank.too_few_transitions", n=n, need=MIN_TRANSITIONS)


def _history(
    rank_history: Mapping[int, float] | pd.Series | tuple[Sequence[int], Sequence[float]],
) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(rank_history, tuple):
        years, ranks = rank_history
        s = pd.Series(np.asarray(ranks, dtype=float), index=np.asarray(years, dtype=int))
    else:
        s = pd.Series(rank_history, dtype=float)
    s = s[np.isfinite(s.to_numpy(dtype=float))].sort_index()
    return s.index.to_numpy(dtype=int), s.to_numpy(dtype=float)


def _reflect(r: np.ndarray, n_units: int) -> np.ndarray:
    r = np.where(r < 1.0, 2.0 - r, r)
    r = np.where(r > n_units, 2.0 * n_units - r, r)
    return np.clip(r, 1.0, float(n_units))


def rank_target_probability(
    rank_history: Mapping[int, float] | pd.Series | tuple[Sequence[int], Sequence[float]],
    target_rank: int,
    target_year: int,
    *,
    n_units: int,
    rng: np.random.Generator,
    n_draws: int = 4000,
    rank_bounds: Mapping[int, tuple[int | None, int | None]] | None = None,
    horizon_year: int | None = None,
) -> RankForecast:
    """P(rank ≤ target_rank in target_year) from an AR(1) on the rank history.

    Method ("AR(1) on ranks, bootstrap of pairs and residuals"):

    1. Observed year-to-year transitions (r_y, r_{y+1}) for consecutive years (m of them; at
       least 3 needed). OLS fit r_{y+1} = c + φ r_y + e: φ is persistence, c/(1 − φ) the
       long-run rank. A random walk (φ = 1) is a special case, so the fit decides how much
       ranks revert; no drift is extrapolated beyond what the history supports.
    2. Parameter uncertainty: each draw refits (c, φ) on m transitions resampled with
       replacement (pairs bootstrap); φ is clipped to [−1, 1].
    3. Shocks: the fitted residuals, rescaled by sqrt(m/(m−2)), resampled with replacement.
    4. Paths from the last observed rank to max(target_year, horizon_year); each year the rank
       is reflected into [1, n_units] (continuous), and reported as the nearest integer.
    5. ``rank_bounds`` {year: (lowest allowed rank, highest allowed rank)} condition the paths
       on partial information (e.g. "not in the published top 30" → (31, None)): the shock for
       that year is drawn only among residuals that satisfy the bound; if none does, the rank is
       clipped to the bound (counted in ``forced_share``).

    Parameters
    ----------
    rank_history : {year: rank}, a Series indexed by year, or (years, ranks); NaN ranks dropped.
    target_rank : N in "Top N"; target_year : year the target applies to.
    n_units : number of ranked units (ranks live in [1, n_units]).
    rng : numpy Generator (passed in; same seed → same result).
    n_draws : simulated paths.
    horizon_year : last year simulated (default target_year).

    Returns
    -------
    RankForecast; arrays per simulated year (last observed year + 1 … horizon).
    """
    years, ranks = _history(rank_history)
    if len(years) == 0:
        raise ValueError("rank history is empty")
    if n_draws < 1:
        raise ValueError("n_draws must be ≥ 1")
    consecutive = np.diff(years) == 1
    x_all, y_all = ranks[:-1][consecutive], ranks[1:][consecutive]
    m = len(x_all)
    if m < MIN_TRANSITIONS:
        raise TooFewTransitions(m)
    X = np.column_stack([np.ones(m), x_all])
    coef, *_ = np.linalg.lstsq(X, y_all, rcond=None)
    c_hat, phi_hat = float(coef[0]), float(coef[1])
    resid = (y_all - X @ coef) * math.sqrt(m / max(m - 2, 1))
    resid_sorted = np.sort(resid)

    # pairs bootstrap of (c, φ): shape (n_draws,)
    idx = rng.integers(0, m, size=(n_draws, m))
    xb, yb = x_all[idx], y_all[idx]
    xm, ym = xb.mean(axis=1), yb.mean(axis=1)
    sxx = ((xb - xm[:, None]) ** 2).sum(axis=1)
    sxy = ((xb - xm[:, None]) * (yb - ym[:, None])).sum(axis=1)
    ok = sxx > 1e-12
    phi = np.where(ok, sxy / np.where(ok, sxx, 1.0), phi_hat)
    phi = np.clip(phi, -1.0, 1.0)
    c = np.where(ok, ym - phi * xm, c_hat)

    last_year, last_rank = int(years[-1]), float(ranks[-1])
    end = max(int(target_year), int(horizon_year or target_year))
    sim_years = np.arange(last_year + 1, end + 1)
    bounds = dict(rank_bounds or {})
    used_bounds: list[tuple[int, int, int]] = []
    state = np.full(n_draws, last_rank)
    paths = np.empty((n_draws, len(sim_years)))
    forced = np.zeros(n_draws, dtype=bool)
    for j, y in enumerate(sim_years):
        mu = c + phi * state
        if int(y) in bounds:
            lo_r, hi_r = bounds[int(y)]
            lo_b = 1 if lo_r is None else int(lo_r)
            hi_b = n_units if hi_r is None else int(hi_r)
            used_bounds.append((int(y), lo_b, hi_b))
            lo_e, hi_e = lo_b - 0.5 - mu, hi_b + 0.5 - mu
            i0 = np.searchsorted(resid_sorted, lo_e, side="left")
            i1 = np.searchsorted(resid_sorted, hi_e, side="right")
            count = i1 - i0
            u = rng.random(n_draws)
            pick = np.minimum(i0 + np.floor(u * np.maximum(count, 1)).astype(int), m - 1)
            free = resid_sorted[rng.integers(0, m, size=n_draws)]
            shock = np.where(count > 0, resid_sorted[pick], free)
            forced |= count <= 0
            state = np.clip(_reflect(mu + shock, n_units), lo_b, hi_b)
            state = np.clip(state, 1.0, float(n_units))
        else:
            shock = resid_sorted[rng.integers(0, m, size=n_draws)]
            state = _reflect(mu + shock, n_units)
        paths[:, j] = state

    ranks_int = np.clip(np.floor(paths + 0.5), 1, n_units)  # nearest, halves to the worse rank
    p_meet = (ranks_int <= target_rank).mean(axis=0)
    q10, q50, q90 = np.quantile(ranks_int, [0.1, 0.5, 0.9], axis=0)
    j_target = int(np.searchsorted(sim_years, int(target_year)))
    if int(target_year) <= last_year:
        probability = float(last_rank <= target_rank)
    else:
        probability = float(p_meet[j_target])
    notes = [
        note("rank.fitted", n=m, first=int(years[0]), last=last_year),
        note("rank.persistence", phi=phi_hat, mean_rank=c_hat / (1 - phi_hat))
        if abs(1 - phi_hat) > 1e-9
        else note("rank.random_walk", phi=phi_hat),
    ]
    if forced.any():
        notes.append(note("rank.forced", share=float(forced.mean())))
    if used_bounds:
        notes.append(note("rank.conditioned", bounds=tuple(note("rank.bound", year=y, lo=lo, hi=hi) for y, lo, hi in used_bounds)))
    return RankForecast(
        method=RANK_METHOD,
        probability=probability,
        target_rank=int(target_rank),
        target_year=int(target_year),
        n_units=int(n_units),
        n_draws=int(n_draws),
        years=tuple(int(y) for y in sim_years),
        p_meet=tuple(float(v) for v in p_meet),
        median=tuple(float(v) for v in q50),
        lower=tuple(float(v) for v in q10),
        upper=tuple(float(v) for v in q90),
        last_year=last_year,
        last_rank=int(round(last_rank)),
        phi=phi_hat,
        mean_rank=c_hat / (1 - phi_hat) if abs(1 - phi_hat) > 1e-9 else math.nan,
        n_transitions=m,
        bounds=tuple(used_bounds),
        forced_share=float(forced.mean()),
        notes=tuple(notes),
    )

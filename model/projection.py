"""Projection of short indicator series (method notes §5).

Glossary
--------
share
    A quantity bounded by 0 and 100 [%] (``bounded=True``): coverage rates, shares of dossiers,
    shares of GRDP, shares of the population. Growth rates [%/yr] are not shares.
transformed space
    The scale on which the trend is a straight line: the value itself (``linear``), its natural
    logarithm (``loglinear``, constant compound growth, CAGR) or the logit of value/100
    (``logit``, logit-linear: an S-curve that can never leave (0, 100)).

The fit is a (time-weighted) least-squares line in the transformed space; prediction intervals
come from the residuals and the parameters' uncertainty with Student-t quantiles; they are
transformed back, so log and logit bands are asymmetric. Every share result is clipped to
[0, 100] at the end, whatever the method and push, so a share can never leave that range.

Sources: method notes §5 (candidate models, backtest choice, 2–3 point rule, "not assessable");
ESCAP (2017) "Measuring SDG progress in Asia and the Pacific", anticipated-progress method, for
weighting recent years more; the prediction-interval algebra is the textbook weighted
least-squares prediction interval (e.g. Draper & Smith, Applied Regression Analysis, ch. 2 and 9).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

METHODS = ("linear", "loglinear", "logit")
"""Projection methods, each a straight line in its own transformed space."""

SHARE_MIN, SHARE_MAX = 0.0, 100.0
"""Bounds of a share [%]."""

LOGIT_EPS = 1e-3
"""Shares are clipped to [0.1, 99.9] % before the logit (0 and 100 have no logit)."""

MIN_POINTS = 2
"""Fewer observations than this → "not assessable" (method notes §5)."""

FEW_POINTS = 3
"""With MIN_POINTS..FEW_POINTS observations the interval is flagged as wide (method notes §5)."""

BACKTEST_MIN_TRAIN = 2
"""Rolling-origin backtest: the first origin fits the first 2 points (with ≥ 4 points there are
at least 2 one-step-ahead errors per method)."""

SIGMA_FLOOR = {"linear": 0.01, "loglinear": 0.01, "logit": 0.04}
"""Smallest residual standard deviation used for a prediction interval, in transformed units
(for ``linear`` it is a fraction of the mean absolute level: 1 % of the level; ``loglinear``
0.01 = 1 % growth; ``logit`` 0.04 ≈ 1 point at a 50 % share). Prevents a zero-width band when
three points happen to lie exactly on a line."""

FLAG_WIDE = "wide_interval"
FLAG_NOT_ASSESSABLE = "not_assessable"
FLAG_CLIPPED = "clipped_to_0_100"
FLAG_LOGLINEAR_UNAVAILABLE = "loglinear_unavailable"
FLAG_TWO_POINT_RULE = "two_point_rule"
"""Codes of :attr:`Projection.flags` (the catalogue words them, ``targets.flag.<code>``): a band
on 2–3 points, fewer than 2 points, values clipped to [0, 100], log-linear unavailable (a value
≤ 0: linear used), the 2-point rule (σ set to the observed annual change)."""


# ----------------------------------------------------------------------------- units


def is_share_unit(unit: object) -> bool:
    """Whether a unit string from ``targets.csv`` / ``indicators.csv`` denotes a bounded share.

    Rule: the unit starts with ``%`` and is not a rate per year (``%/yr``, ``% per year``,
    ``%/năm``). So ``%``, ``% GRDP``, ``% of population``, ``% of dossiers`` and ``% of
    households`` are shares in [0, 100]; ``%/yr`` (labour-productivity growth) is not, and
    neither are ``per 100 people`` (can exceed 100) or ``rank``.
    """
    if not isinstance(unit, str):
        return False
    u = unit.strip().lower().replace(" ", "")
    if not u.startswith("%"):
        return False
    return not any(tag in u for tag in ("/yr", "/year", "peryear", "/năm", "/nam", "p.a."))


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Projection:
    """A projected path with its prediction band.

    Attributes
    ----------
    method : "linear" | "loglinear" | "logit", or "none" when not assessable.
    requested_method : what the caller asked for ("auto" or a method name).
    years : projected calendar years.
    central, lower, upper : values [indicator unit] per year; ``lower``/``upper`` bound the
        ``level`` (default 80 %) prediction interval. Empty when not assessable.
    level : coverage of the band (0.8 = 80 %).
    n_points : number of observations used.
    last_year, last_value : the last observation (marks where the dashed line starts).
    bounded : whether the series is a share kept in [0, 100].
    slope : fitted slope [transformed units per year] (``nan`` when not assessable).
    df : degrees of freedom of the t-quantile used (``n_points − 2``); ``inf`` (normal
        quantile) under the 2-point rule, where σ is set by rule rather than estimated.
    backtest_mae : ((method, mean absolute one-step-ahead error [indicator unit]), …) when
        ``auto`` chose by backtest, else ().
    flags : codes ``FLAG_*`` (e.g. "wide_interval", "not_assessable").
    push_per_year, push_multiplier, push_start : the lever applied (see :func:`project`).
    """

    method: str
    requested_method: str
    years: tuple[int, ...]
    central: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    level: float
    n_points: int
    last_year: int | None
    last_value: float | None
    bounded: bool
    slope: float
    df: float
    backtest_mae: tuple[tuple[str, float], ...]
    flags: tuple[str, ...]
    push_per_year: float
    push_multiplier: float
    push_start: int | None

    @property
    def assessable(self) -> bool:
        """False when there were fewer than two observations (no numbers)."""
        return FLAG_NOT_ASSESSABLE not in self.flags

    @property
    def wide(self) -> bool:
        """True when the band rests on only 2–3 points."""
        return FLAG_WIDE in self.flags

    def at(self, year: int) -> tuple[float, float, float] | None:
        """(central, lower, upper) in ``year``, or None when absent / not assessable."""
        if year not in self.years:
            return None
        i = self.years.index(year)
        return self.central[i], self.lower[i], self.upper[i]

    def to_frame(self) -> pd.DataFrame:
        """Tidy frame: year, central, lower, upper, method (one row per projected year)."""
        return pd.DataFrame(
            {
                "year": list(self.years),
                "central": list(self.central),
                "lower": list(self.lower),
                "upper": list(self.upper),
                "method": self.method,
            }
        )


@dataclass(frozen=True)
class _Fit:
    method: str
    beta: np.ndarray  # (2,) intercept at x=0 (the last observed year), slope per year
    cov_unscaled: np.ndarray  # (2, 2) (XᵀWX)⁻¹
    sigma: float  # residual sd [transformed units]
    df: float
    two_point: bool


# ----------------------------------------------------------------------------- transforms


def _forward(method: str, v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    if method == "linear":
        return v
    if method == "loglinear":
        return np.log(v)
    p = np.clip(v / 100.0, LOGIT_EPS, 1.0 - LOGIT_EPS)
    return special.logit(p)


def _inverse(method: str, y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    if method == "linear":
        return y
    if method == "loglinear":
        return np.exp(np.clip(y, -700.0, 700.0))
    return 100.0 * special.expit(y)


def _push_shift(method: str, centre: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """Shift in transformed space that adds ``extra`` [indicator unit] to the central path.

    Δ = g(v_c + extra) − g(v_c), with v_c the central value and g the transform. For the logit
    the target value is kept inside [0.1, 99.9] % (a share saturates below 100); for the log it
    is kept positive. Δ has the sign of ``extra`` (never the opposite), so the projection is
    non-decreasing in the push for every method.
    """
    if method == "linear":
        return np.asarray(extra, dtype=float)
    v_c = _inverse(method, centre)
    target = v_c + extra
    if method == "loglinear":
        target = np.maximum(target, np.minimum(v_c, 1.0) * 1e-12)
        delta = np.log(target) - centre
    else:
        p = np.clip(target / 100.0, LOGIT_EPS, 1.0 - LOGIT_EPS)
        delta = special.logit(p) - centre
    return np.where(
        extra > 0, np.maximum(delta, 0.0), np.where(extra < 0, np.minimum(delta, 0.0), 0.0)
    )


def _applicable(method: str, values: np.ndarray, bounded: bool) -> bool:
    if method == "loglinear":
        return bool(np.all(values > 0))
    if method == "logit":
        return bounded
    return True


# ----------------------------------------------------------------------------- fitting


def _weights(years: np.ndarray, recent_weight: float) -> np.ndarray:
    """w_i = exp(λ (t_i − t_last)): 1 for the latest year, e^(−λ) one year earlier."""
    return np.exp(recent_weight * (years - years[-1]))


def _fit(method: str, years: np.ndarray, values: np.ndarray, recent_weight: float) -> _Fit:
    y = _forward(method, values)
    x = years - years[-1]
    w = _weights(years, recent_weight)
    X = np.column_stack([np.ones_like(x), x])
    xtwx = X.T @ (w[:, None] * X)
    cov = np.linalg.inv(xtwx)
    beta = cov @ (X.T @ (w * y))
    n = len(years)
    if method == "linear":
        floor = SIGMA_FLOOR["linear"] * max(float(np.mean(np.abs(values))), 1e-9)
    else:
        floor = SIGMA_FLOOR[method]
    if n == 2:
        # No residuals: the conservative 2-point rule (see ``project``).
        sigma = max(abs(float(beta[1])), floor)
        return _Fit(method, beta, cov, sigma, math.inf, True)
    resid = y - X @ beta
    df = n - 2
    s = math.sqrt(float(np.sum(w * resid**2)) / df)
    return _Fit(method, beta, cov, max(s, floor), df, False)


def _predict(fit: _Fit, x0: np.ndarray, level: float) -> tuple[np.ndarray, ...]:
    """Central value and band in transformed space at offsets ``x0`` from the last year."""
    X0 = np.column_stack([np.ones_like(x0), x0])
    centre = X0 @ fit.beta
    lever = np.einsum("ij,jk,ik->i", X0, fit.cov_unscaled, X0)
    # Student t quantile; scipy.special, not scipy.stats: importing stats costs ~1.3 s of cold start
    half = special.stdtrit(fit.df, 0.5 + level / 2.0) * fit.sigma * np.sqrt(1.0 + lever)
    return centre, centre - half, centre + half


def _one_step_errors(
    method: str, years: np.ndarray, values: np.ndarray, bounded: bool, recent_weight: float
) -> np.ndarray:
    """Rolling-origin backtest: fit on the first k points, predict point k+1 (one step ahead).

    Returns the absolute errors [indicator unit] for k = BACKTEST_MIN_TRAIN … n−1.
    """
    errors = []
    for k in range(BACKTEST_MIN_TRAIN, len(years)):
        fit = _fit(method, years[:k], values[:k], recent_weight)
        x_next = np.array([years[k] - years[k - 1]], dtype=float)
        pred = _inverse(method, _predict(fit, x_next, 0.8)[0])
        if bounded:
            pred = np.clip(pred, SHARE_MIN, SHARE_MAX)
        errors.append(abs(float(pred[0]) - float(values[k])))
    return np.asarray(errors)


def default_method(bounded: bool) -> str:
    """The bounded default used with 2–3 points: logit for shares, linear otherwise.

    Why not log-linear for unbounded series: with 2–3 points a compound rate extrapolated to
    2030 explodes (method notes §4: 15.8 %/yr takes a share past 100 % in about 12 years);
    a straight line is the more cautious default.
    """
    return "logit" if bounded else "linear"


# ----------------------------------------------------------------------------- public API


def _horizon(horizon_years: int | Sequence[int], last_year: int) -> np.ndarray:
    if isinstance(horizon_years, int | np.integer):
        return np.arange(last_year + 1, int(horizon_years) + 1, dtype=int)
    return np.asarray(sorted({int(y) for y in horizon_years}), dtype=int)


def project(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    bounded: bool,
    horizon_years: int | Sequence[int],
    method: str = "auto",
    recent_weight: float = 0.0,
    push_per_year: float = 0.0,
    push_multiplier: float = 1.0,
    push_start: int | None = None,
    level: float = 0.8,
) -> Projection:
    """Project a short annual series with an 80 % prediction band (method notes §5).

    Parameters
    ----------
    years : observation years [calendar year], distinct; any order (sorted here).
    values : observations [indicator unit]; NaN entries are dropped.
    bounded : True for a share [%] that must stay in [0, 100] (see :func:`is_share_unit`).
    horizon_years : an int = the last year to project (every year from the one after the last
        observation up to it), or an explicit sequence of years.
    method : "auto", "linear", "loglinear" (constant CAGR) or "logit" (shares only).
        ``auto``: with ≥ 4 points, the method with the smallest mean absolute one-step-ahead
        error in a rolling-origin backtest (fit on the first k points, predict point k+1, for
        k = 2 … n−1; ties go to the bounded default); with 2–3 points the bounded default
        (:func:`default_method`) and the band is flagged wide; with < 2 points "not assessable"
        and no numbers.
    recent_weight : λ ≥ 0 [1/yr], exponential time-weighting of recent years (ESCAP anticipated
        progress): observation weight w = exp(−λ · years before the last observation). λ = 0 is
        ordinary least squares; λ = ln 2 ≈ 0.69 halves a point's weight for every year back.
    push_per_year : policy lever [indicator unit per year], extra change per year from
        ``push_start`` on, accumulated (k years after the start: k × push). It moves the central
        path up by k × push, applied as a shift in the transformed space
        (Δ = g(central + k·push) − g(central), g the transform) so that the band moves
        coherently with it; in logit space a share saturates below 100 (at 99.9) instead of
        crossing it. The projection is non-decreasing in ``push_per_year`` for every method.
    push_multiplier : lever on the fitted trend: the slope is multiplied by this from
        ``push_start`` on (1 = no change). Raises the projection only where the slope is
        positive (a falling trend falls faster with a multiplier > 1).
    push_start : first year the push acts [calendar year]; default the year after the last
        observation. A push never changes years up to the last observation.
    level : coverage of the prediction band (0.8 → 10 % and 90 % quantiles).

    Returns
    -------
    Projection (frozen). Shares are clipped to [0, 100] (flag "clipped_to_0_100" when it bit).

    Prediction interval: in transformed space, centre ± t_{(1+level)/2, n−2} · σ ·
    sqrt(1 + x0ᵀ(XᵀWX)⁻¹x0), the weighted-least-squares prediction interval for a new
    observation with the latest point's weight (residual σ and parameter uncertainty), floored
    by ``SIGMA_FLOOR``. With exactly 2 points there are no residuals; the stated conservative
    rule is: the year-to-year noise σ is set to the whole observed average annual change in
    transformed units (|slope| × 1 yr, at least the floor), i.e. the two points are assumed to
    be as noisy as the trend is steep, so the trend is not distinguishable from no trend; the
    slope's standard error follows (σ/sqrt(Sxx)) and, since σ is fixed by this rule rather than
    estimated, the normal quantile is used (``df = inf``). Two points one year apart give an
    80 % slope range of about −0.8 to 2.8 times the observed slope.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if recent_weight < 0:
        raise ValueError(f"recent_weight must be ≥ 0, got {recent_weight}")
    if push_multiplier < 0:
        raise ValueError(f"push_multiplier must be ≥ 0, got {push_multiplier}")
    if method != "auto" and method not in METHODS:
        raise ValueError(f"method must be 'auto' or one of {METHODS}, got {method!r}")
    if method == "logit" and not bounded:
        raise ValueError("the logit method is for shares bounded by 0 and 100 (bounded=True)")

    yr = np.asarray(years, dtype=float).ravel()
    val = np.asarray(values, dtype=float).ravel()
    if yr.shape != val.shape:
        raise ValueError("years and values must have the same length")
    keep = np.isfinite(val) & np.isfinite(yr)
    yr, val = yr[keep], val[keep]
    order = np.argsort(yr, kind="stable")
    yr, val = yr[order], val[order]
    if len(np.unique(yr)) != len(yr):
        raise ValueError("duplicate years in the series")
    if bounded and np.any((val < SHARE_MIN) | (val > SHARE_MAX)):
        raise ValueError("a share must lie in [0, 100]")
    n = len(yr)
    common = dict(
        requested_method=method,
        level=level,
        n_points=n,
        bounded=bounded,
        push_per_year=float(push_per_year),
        push_multiplier=float(push_multiplier),
        push_start=push_start,
    )

    if n < MIN_POINTS:
        return Projection(
            method="none",
            years=(),
            central=(),
            lower=(),
            upper=(),
            last_year=int(yr[-1]) if n else None,
            last_value=float(val[-1]) if n else None,
            slope=float("nan"),
            df=math.nan,
            backtest_mae=(),
            flags=(FLAG_NOT_ASSESSABLE,),
            **common,
        )

    flags: list[str] = []
    backtest: tuple[tuple[str, float], ...] = ()
    if method == "auto":
        preferred = default_method(bounded)
        if n <= FEW_POINTS:
            chosen = preferred
        else:
            candidates = [preferred] + [m for m in METHODS if m != preferred]
            candidates = [m for m in candidates if _applicable(m, val, bounded)]
            maes = [
                (m, float(np.mean(_one_step_errors(m, yr, val, bounded, recent_weight))))
                for m in candidates
            ]
            backtest = tuple(maes)
            best = min(e for _, e in maes)
            # first candidate within a hair of the best: ties go to the bounded default
            chosen = next(m for m, e in maes if e <= best * (1 + 1e-9) + 1e-12)
    else:
        chosen = method
    if chosen == "loglinear" and not _applicable("loglinear", val, bounded):
        chosen = "linear"
        flags.append(FLAG_LOGLINEAR_UNAVAILABLE)
    if n <= FEW_POINTS:
        flags.append(FLAG_WIDE)
    if n == 2:
        flags.append(FLAG_TWO_POINT_RULE)

    fit = _fit(chosen, yr, val, recent_weight)
    last_year = int(yr[-1])
    out_years = _horizon(horizon_years, last_year)
    x0 = (out_years - last_year).astype(float)
    centre, lo, hi = _predict(fit, x0, level)

    # Policy push, in transformed space (deterministic shift of centre and band alike).
    start = last_year + 1 if push_start is None else int(push_start)
    k = np.maximum(0.0, out_years - max(start - 1, last_year)).astype(float)
    shift = _push_shift(chosen, centre, push_per_year * k)
    shift = shift + (push_multiplier - 1.0) * float(fit.beta[1]) * k
    centre, lo, hi = centre + shift, lo + shift, hi + shift

    c, lo_v, hi_v = (_inverse(chosen, a) for a in (centre, lo, hi))
    if bounded:
        raw = np.concatenate([c, lo_v, hi_v])
        if np.any((raw < SHARE_MIN) | (raw > SHARE_MAX)):
            flags.append(FLAG_CLIPPED)
        c, lo_v, hi_v = (np.clip(a, SHARE_MIN, SHARE_MAX) for a in (c, lo_v, hi_v))

    return Projection(
        method=chosen,
        years=tuple(int(y) for y in out_years),
        central=tuple(float(v) for v in c),
        lower=tuple(float(v) for v in lo_v),
        upper=tuple(float(v) for v in hi_v),
        last_year=last_year,
        last_value=float(val[-1]),
        slope=float(fit.beta[1]),
        df=fit.df,
        backtest_mae=backtest,
        flags=tuple(flags),
        **common,
    )

"""Competition ranking ("1224") as the DTI publishes it.

Tied scores share a rank and the next rank is skipped: in 2022 two units were
15th and the next was 17th (method notes §1). Scores are compared after rounding
to the published 4 decimals, so simulated ranks follow the same rule.

The rounded scores are small integers ("score units", 0–10,000), so the kernels below
work on int16/int32 arrays: a unit's rank is 1 + the number of units with a strictly
higher score unit. :func:`competition_rank` is the general entry point; the other
functions are the building blocks of the Monte Carlo summaries (``model.forecast``),
which rank many rows of (draw, year) at once.
"""

from __future__ import annotations

import numpy as np

SCORE_DECIMALS = 4
_SCALE = 10**SCORE_DECIMALS
#: Score units of a score of 1.0: scores in [0, 1] become integers 0..SCORE_UNITS.
SCORE_UNITS = _SCALE
_INDEX_BITS = 10  # up to 1023 units in one ranking
#: Below every score unit (scores are ≥ 0): marks an empty slot in a sorted row.
EMPTY = np.iinfo(np.int16).min


def to_score_units(scores: np.ndarray, dtype: type = np.int32) -> np.ndarray:
    """Scores in [0, 1] → integers in [0, 10_000] (the published 4-decimal grid).

    Works in the input's float precision (float32 simulations stay float32: no copy
    to float64 of a large array). ``round(x, 4) == to_score_units(x) / 10_000`` in that
    precision, and rounding is monotone, so ordering score units orders the rounded
    scores. ``dtype`` int16 is enough for the grid and halves memory.
    """
    values = np.asarray(scores)
    if not np.issubdtype(values.dtype, np.floating):
        values = values.astype(np.float64)
    return np.rint(values * values.dtype.type(_SCALE)).astype(dtype)


def units_to_scores(units: np.ndarray, dtype: type = np.float64) -> np.ndarray:
    """Score units back to rounded scores in ``dtype``; equals ``np.round(x, 4)`` of a
    score ``x`` of that dtype whose :func:`to_score_units` is ``units``."""
    out = np.asarray(units).astype(dtype)
    out /= np.dtype(dtype).type(_SCALE)
    return out


def sorted_competition_ranks(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of score units sorted from the highest score, with competition ranks.

    Parameters
    ----------
    units : (n_rows, n_units) integer score units (0–10,000); each row is one ranking.

    Returns
    -------
    unit_index : (n_rows, n_units) int32, the unit at each position of the sorted row
    rank : (n_rows, n_units) int16, the competition rank at that position
        (1 + the number of units with a strictly higher score)

    Each unit's score unit and its index are packed into one int32 key, so one plain
    row sort (no argsort) gives both the order and where each unit went; a position's
    rank is 1 + the position where its score first appears in the sorted row.
    """
    n_rows, n = units.shape
    if n >= 1 << _INDEX_BITS:
        raise ValueError(f"competition_rank: at most {(1 << _INDEX_BITS) - 1} units, got {n}")
    bits = max(1, (n - 1).bit_length())
    keys = np.subtract(_SCALE, units, dtype=np.int32)
    keys <<= bits
    keys |= np.arange(n, dtype=np.int32)
    keys.sort(axis=-1)
    unit_index = keys & ((1 << bits) - 1)
    keys >>= bits  # now: _SCALE − score, ascending along each row
    # a position's rank is position + 1, unless its score ties the previous position's:
    # then it takes that position's rank (ties are rare, so the loop touches few entries
    # and runs once per extra member of the longest run of ties)
    rank = np.tile(np.arange(1, n + 1, dtype=np.int16), (n_rows, 1))
    tied = np.flatnonzero(keys[:, 1:] == keys[:, :-1])  # flat index into (n_rows, n − 1)
    if tied.size:
        tied += tied // (n - 1) + 1  # → flat index into (n_rows, n)
        flat = rank.reshape(-1)
        while True:
            previous = flat[tied - 1]
            if np.array_equal(previous, flat[tied]):
                break
            flat[tied] = previous
    return unit_index, rank


def competition_rank(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Competition rank (1 = highest score) of each entry along ``axis``.

    Parameters
    ----------
    scores : floats in [0, 1], any shape; rounded to 4 decimals first.
    axis : the unit axis; every other axis indexes an independent ranking
        (e.g. shape (n_draws, n_years, n_units) with ``axis=-1``).

    Returns
    -------
    int16 array of the same shape: 1 + the number of units with a strictly
    higher rounded score.
    """
    values = np.moveaxis(np.asarray(scores), axis, -1)
    shape, n = values.shape, values.shape[-1]
    units = to_score_units(values.reshape(-1, n))
    unit_index, rank = sorted_competition_ranks(units)
    ranks = np.empty(rank.size, dtype=np.int16)
    # row r's unit u lives at flat position r·n + u
    flat = unit_index + (np.arange(rank.shape[0], dtype=np.int64) * n)[:, None]
    ranks[flat.ravel()] = rank.ravel()
    return np.moveaxis(ranks.reshape(shape), -1, axis)


def count_higher(units: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Number of entries of each row of ``units`` (n_rows, n_units) strictly above
    ``values`` (n_rows,), as int16. ``EMPTY`` entries never count."""
    higher = np.greater(units, values[:, None])
    # summing the booleans as bytes avoids a widening copy (when a count fits in a byte)
    total = np.uint8 if units.shape[-1] < 256 else np.int32
    return higher.view(np.uint8).sum(axis=-1, dtype=total).astype(np.int16)


def nth_highest_with(sorted_others: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """N-th highest score unit of each row once ``values`` joins it (the cut line).

    ``sorted_others`` (n_rows, n_slots) is sorted ascending along rows and holds the other
    units' score units plus at least one ``EMPTY`` slot (so the row with ``values`` has at
    most ``n_slots`` entries); ``values`` is (n_rows,); ``1 ≤ n ≤ n_slots``.

    With o_k the k-th highest other (o_0 = +∞), the N-th highest of the row with ``v``
    added is max(o_N, min(v, o_{N−1})).
    """
    n_slots = sorted_others.shape[-1]
    if not 1 <= n <= n_slots:
        raise ValueError(f"nth_highest_with: n must be in 1..{n_slots}, got {n}")
    nth = sorted_others[:, n_slots - n]
    if n == 1:
        return np.maximum(nth, values).astype(np.int16)
    return np.maximum(nth, np.minimum(values, sorted_others[:, n_slots - n + 1])).astype(np.int16)


def rank_of(focus_scores: np.ndarray, all_scores: np.ndarray) -> np.ndarray:
    """Competition rank of one unit against a field, without ranking everyone.

    ``focus_scores`` has shape S, ``all_scores`` shape S + (n_units,) and includes
    the focus unit itself. Returns 1 + the number of units with a strictly higher
    rounded score, shape S (int16).
    """
    focus = to_score_units(focus_scores)[..., None]
    higher = (to_score_units(all_scores) > focus).sum(axis=-1)
    return (higher + 1).astype(np.int16)

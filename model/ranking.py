"""Competition ranking ("1224") as the DTI publishes it.

Tied scores share a rank and the next rank is skipped: in 2022 two units were
15th and the next was 17th (method notes §1). Scores are compared after rounding
to the published 4 decimals, so simulated ranks follow the same rule.
"""

from __future__ import annotations

import numpy as np

SCORE_DECIMALS = 4
_SCALE = 10**SCORE_DECIMALS
_INDEX_BITS = 10  # up to 1024 units in one ranking


def to_score_units(scores: np.ndarray) -> np.ndarray:
    """Scores in [0, 1] → integers in [0, 10_000] (the published 4-decimal grid).

    Works in the input's float precision (float32 simulations stay float32: no copy
    to float64 of a large array).
    """
    values = np.asarray(scores)
    if not np.issubdtype(values.dtype, np.floating):
        values = values.astype(np.float64)
    return np.rint(values * values.dtype.type(_SCALE)).astype(np.int32)


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

    Why this way: each unit's rounded score and its index are packed into one
    int32 key, so a plain row sort (fast, no argsort) gives both the order and
    where each unit went; ties are detected on the score bits.
    """
    values = np.moveaxis(np.asarray(scores), axis, -1)
    shape, n = values.shape, values.shape[-1]
    if n >= 1 << _INDEX_BITS:
        raise ValueError(f"competition_rank: at most {(1 << _INDEX_BITS) - 1} units, got {n}")
    units = to_score_units(values.reshape(-1, n))
    keys = (_SCALE - units) << _INDEX_BITS | np.arange(n, dtype=np.int32)
    keys.sort(axis=-1)
    sorted_scores = keys >> _INDEX_BITS
    unit_index = keys & ((1 << _INDEX_BITS) - 1)
    starts_new_score = np.empty(keys.shape, dtype=bool)
    starts_new_score[:, 0] = True
    np.not_equal(sorted_scores[:, 1:], sorted_scores[:, :-1], out=starts_new_score[:, 1:])
    rank_in_order = starts_new_score * np.arange(1, n + 1, dtype=np.int16)
    np.maximum.accumulate(rank_in_order, axis=-1, out=rank_in_order)
    ranks = np.empty_like(rank_in_order)
    ranks[np.arange(keys.shape[0])[:, None], unit_index] = rank_in_order
    return np.moveaxis(ranks.reshape(shape), -1, axis)


def rank_of(focus_scores: np.ndarray, all_scores: np.ndarray) -> np.ndarray:
    """Competition rank of one unit against a field, without ranking everyone.

    ``focus_scores`` has shape S, ``all_scores`` shape S + (n_units,) and includes
    the focus unit itself. Returns 1 + the number of units with a strictly higher
    rounded score, shape S (int16).
    """
    focus = to_score_units(focus_scores)[..., None]
    higher = (to_score_units(all_scores) > focus).sum(axis=-1)
    return (higher + 1).astype(np.int16)

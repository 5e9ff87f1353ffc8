"""The golden figures (tests/golden.py) are what the model computes today: P(Top N), median
rank and band by year for the default scenario, two other units and the 63 frame, and every
target's status, latest figure and projections. They are seeded, so a move of code leaves
them identical to 6 decimals; a change meant to move them regenerates the file
(``make golden``) in the same commit."""

from __future__ import annotations

import json

from tests.golden import CASES, GOLDEN, golden_figures


def test_the_golden_figures_are_unchanged():
    saved = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = golden_figures()
    assert len(saved["cases"]) == len(CASES) and len(saved["targets"]) >= 19
    for was, is_ in zip(saved["cases"], now["cases"], strict=True):
        assert is_ == was, (was["focus"], was["frame"])
    assert now["targets"] == saved["targets"]


def test_the_golden_file_holds_what_a_reader_checks_against_the_pages():
    saved = json.loads(GOLDEN.read_text(encoding="utf-8"))
    default = saved["cases"][0]
    assert (default["focus"], default["frame"], default["top_n"]) == ("ha-tinh", 34, 15)
    # the rank page's headline "56 %" for Top 15 of 34 in 2030; with that probability the
    # target table's DTI goal reads "acceleration needed" (0.50 <= P < 0.80)
    assert round(100 * default["p_top"][default["years"].index(2030)]) == 56
    assert saved["targets"]["dti_top15"]["status"] == "acceleration_needed"
    for case in saved["cases"]:
        assert all(0.0 <= p <= 1.0 for p in case["p_top"])
        assert all(lo <= med <= hi for lo, med, hi in zip(case["rank_p10"], case["median_rank"], case["rank_p90"], strict=True))

"""The backtest's facts the Method page quotes (model/backtest.py, :func:`method_facts`)."""

from __future__ import annotations

import pandas as pd

from model import backtest, overview, spread


def test_method_facts_on_the_shipped_data(ds, study):
    pooled = backtest.backtest_all(ds, study, n_draws=500)
    coverage = spread.index_coverage(ds, study)
    comparison = overview.component_comparison(ds, study, study.plan_unit)
    facts = backtest.method_facts(pooled.results, coverage, comparison)
    # both frames' last year (2024) is forecast from 2023, fitted on the one transition 2022→2023
    assert [(r.frame, r.year) for r in pooled.results] == [(34, 2024), (63, 2024)]
    assert facts["n_fit"] == 1 and facts["fit"] == ["2022→2023"]
    # the base years and their coverage are the coverage table's rows: the main indices of 2023
    # are published for few units, so the bounded method cannot be backtested
    assert facts["origins"] == [
        {"frame": 34, "year": 2023, "n_known": 3, "n_units": 34},
        {"frame": 63, "year": 2023, "n_known": 10, "n_units": 63},
    ]
    assert facts["complete"] == [{"frame": 34, "year": 2024}]  # only the 34 frame's last year
    assert (facts["n_at_max"], facts["n_indices"]) == (int(comparison["at_max"].sum()), len(comparison)) == (4, 8)


def test_method_facts_follow_their_inputs():
    # two origins fitted on two and three years, a coverage table with one complete pair
    result = backtest.BacktestResult
    fields = dict(coverage_80=0.8, mae_model=1.0, mae_persistence=1.0, brier_model=0.1, brier_persistence=0.2,
                  brier_base_rate=0.2, n_units=4, top_n=2, n_draws=10, per_unit=pd.DataFrame())
    results = [result(frame=4, year=2023, fit_years=(2021, 2022), **fields), result(frame=4, year=2024, fit_years=(2021, 2022, 2023), **fields)]
    coverage = pd.DataFrame({"frame": [4, 4, 4], "year": [2022, 2023, 2024], "n_known": [1, 4, 2], "n_units": [4, 4, 4]})
    comparison = pd.DataFrame({"at_max": [True, False, True]})
    facts = backtest.method_facts(results, coverage, comparison)
    assert facts["n_fit"] == 2 and facts["fit"] == ["2021→2022", "2021→2022→2023"]
    assert facts["origins"] == [{"frame": 4, "year": 2022, "n_known": 1, "n_units": 4}, {"frame": 4, "year": 2023, "n_known": 4, "n_units": 4}]
    assert facts["complete"] == [{"frame": 4, "year": 2023}]
    assert (facts["n_at_max"], facts["n_indices"]) == (2, 3)

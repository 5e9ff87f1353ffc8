"""Shared fixtures: the shipped dataset and its study, loaded once per test session, and a
``scenario(**changes)`` helper (the study's default scenario with changes, checked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from model.data import Dataset, load_dataset
from model.scenario import Scenario, default_scenario
from model.study import Study, build_study


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def study(ds: Dataset) -> Study:
    return build_study(ds)


@pytest.fixture(scope="session")
def scenario(study: Study) -> Callable[..., Scenario]:
    """``scenario(**changes)`` = :func:`model.scenario.default_scenario` of the shipped study."""

    def make(**changes) -> Scenario:
        return default_scenario(study, **changes)

    return make

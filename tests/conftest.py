"""Shared fixtures: the shipped dataset, loaded once per test session."""

from __future__ import annotations

import pytest

from model.data import Dataset, load_dataset


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return load_dataset()

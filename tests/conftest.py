"""Shared fixtures: the shipped dataset and its study, loaded once per test session, and a
``scenario(**changes)`` helper (the study's default scenario with changes, checked); a
throw-away PostgreSQL server (tests/postgres.py); the register's default SQLite file kept out
of the user's home (HT_DATA_DIR points at a temporary directory for the whole run, the browser
tests' server included)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator

import pytest

from model.data import Dataset, load_dataset
from model.scenario import Scenario, default_scenario
from model.study import Study, build_study
from tests.postgres import INSTALL_HINT, postgres_required, running_postgres


def pytest_configure(config: pytest.Config) -> None:
    os.environ["HT_DATA_DIR"] = tempfile.mkdtemp(prefix="ht-register-")
    os.environ.pop("HT_REGISTER_URL", None)


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server started for this test run (database ``register``)."""
    try:
        with running_postgres() as url:
            yield url
    except FileNotFoundError:
        message = f"PostgreSQL is not installed (run: {INSTALL_HINT})"
        if postgres_required():
            pytest.fail(f"{message}; CI/REQUIRE_POSTGRES is set, so PostgreSQL tests may not skip")
        pytest.skip(message)

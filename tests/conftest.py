"""Shared fixtures: the shipped dataset and its study, loaded once per test session, and a
``scenario(**changes)`` helper (the study's default scenario with changes, checked); a
throw-away PostgreSQL server (tests/postgres.py); the register's default SQLite file kept out
of the user's home (HT_DATA_DIR points at a temporary directory for the whole run, the browser
tests' server included)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from model.data import Dataset, load_dataset
from model.scenario import Scenario, default_scenario
from model.study import Study, build_study
from tests.postgres import INSTALL_HINT, postgres_required, running_postgres

TESTS = Path(__file__).resolve().parent
#: Tiers are folders: a test's first folder under tests/ is its marker (``-m model``), so a
#: new test file joins its tier by where it is put (Makefile: check-fast, check-app, test).
TIER_FOLDERS = ("house", "model", "text", "store", "cli", "app", "server", "tools", "browser")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["HT_DATA_DIR"] = tempfile.mkdtemp(prefix="ht-register-")
    os.environ.pop("HT_REGISTER_URL", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its folder's tier, and ``postgres`` where it needs the server
    started for the run (a ``postgres_server`` fixture, or a "postgresql" parameter)."""
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(TESTS).parts
        if len(parts) < 2 or parts[0] not in TIER_FOLDERS:
            raise pytest.UsageError(f"{item.nodeid}: a test file belongs in one of tests/{{{','.join(TIER_FOLDERS)}}}/")
        item.add_marker(getattr(pytest.mark, parts[0]))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "postgres_server" in getattr(item, "fixturenames", ()) or "postgresql" in params.values():
            item.add_marker(pytest.mark.postgres)


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

"""A new, empty register for a test, on SQLite (a file in the test's folder) or on a fresh
database of the PostgreSQL server started for the run."""

from __future__ import annotations

import itertools

import pytest

from store import Register
from tests.postgres import fresh_database

_counter = itertools.count()


def new_register(engine: str, request: pytest.FixtureRequest, tmp_path) -> Register:
    if engine == "sqlite":
        return Register(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    server = request.getfixturevalue("postgres_server")
    return Register(fresh_database(server, f"t{next(_counter)}"))

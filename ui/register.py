"""The app's side of the shared register (store/): which register, its current figures
layered under the session's, and the labels that say where a figure comes from.

Every failure of the register (bad URL, server down, full disk) becomes a
:class:`store.StoreError` shown as a message; the pages then work on the shipped data and
the session's own figures, as without a register.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

from model.userdata import observations_from_key, observations_key
from store import Register, StoreConfig, StoreError, resolve
from store.config import ENV_DATA_DIR, ENV_URL
from store.layers import layered, origin_at, register_observations
from text.i18n import t
from text.register import store_message

CURRENT_TTL_S = 5
"""Seconds another server process's writes may take to show (this process clears the cache
on its own writes)."""


@st.cache_resource(show_spinner=False, max_entries=4)
def _resolved(env_url: str, env_data_dir: str) -> StoreConfig | StoreError:
    """Resolved once per configuration (the arguments are the environment it depends on)."""
    try:
        return resolve()
    except StoreError as exc:
        return exc


def _config() -> StoreConfig | StoreError:
    return _resolved(os.environ.get(ENV_URL, ""), os.environ.get(ENV_DATA_DIR, ""))


@st.cache_resource(show_spinner=False, max_entries=4)
def _register(url: str) -> Register:
    return Register(url)  # holds the URL and whether the schema was migrated, no connection


def config() -> StoreConfig | StoreError:
    """The configured register (or why it cannot be used)."""
    return _config()


def register() -> Register | None:
    """The register, None in session-only mode; StoreError for a bad configuration."""
    found = _config()
    if isinstance(found, StoreError):
        raise found
    return None if found.mode == "session" else _register(found.url)


@st.cache_data(show_spinner=False, ttl=CURRENT_TTL_S, max_entries=2)
def _current(url: str) -> tuple[pd.DataFrame | None, tuple[str, dict[str, Any]] | None]:
    try:
        return _register(url).current(), None
    except StoreError as exc:
        return None, (exc.code, exc.params)


def current() -> tuple[pd.DataFrame | None, StoreError | None]:
    """(the register's current figures or None, the error that stopped reading them)."""
    found = _config()
    if isinstance(found, StoreError):
        return None, found
    if found.mode == "session":
        return None, None
    frame, problem = _current(found.url)
    return frame, None if problem is None else StoreError(problem[0], **problem[1])


def changed() -> None:
    """After a write from this process: the next read sees it at once."""
    _current.clear()


def layered_key(session_key: tuple) -> tuple[tuple, int, StoreError | None]:
    """(cache key of the register's figures with the session's on top, number of register
    figures used, the register's error). Without a usable register: the session's key."""
    frame, problem = current()
    if frame is None or frame.empty:
        return session_key, 0, problem
    combined = layered(register_observations(frame), observations_from_key(session_key))
    key = observations_key(combined)
    used = sum(1 for row in key if str(row[4]).startswith("register|"))
    return key, used, problem


def origin_label(obs_key: tuple, indicator_id: str, year: object, lang: str) -> str:
    """The label of the planners' figure (indicator, year) in ``obs_key``: the register's
    department and date, or "entered by user"; "" for a shipped figure."""
    if year is None or pd.isna(year):
        return ""
    origin = origin_at(observations_from_key(obs_key), indicator_id, int(year))
    if origin is None:
        return ""
    if origin.kind == "register":
        return t("register.label", lang, department=origin.department, date=origin.date)
    return t("targets.by_user", lang)


def unavailable(container, problem: StoreError, lang: str) -> None:  # noqa: ANN001 - a Streamlit container
    container.warning(t("register.unavailable", lang, message=store_message(problem, lang)))

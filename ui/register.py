"""The app's side of the shared register (store/): which register, its current figures
layered under the session's, the labels that say where a figure comes from, and the register
page's logic (its tables, the writes behind its forms, the message kept across a rerun).

Every failure of the register (bad URL, server down, full disk) becomes a
:class:`store.StoreError` shown as a message in the page's language
(:func:`text.register.store_message`); the pages then work on the shipped data and the
session's own figures, as without a register.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from model.userdata import observations_from_key, observations_key
from store import Register, StoreConfig, StoreError, Writer, resolve
from store.config import ENV_DATA_DIR, ENV_URL
from store.export import EXPORT_COLUMNS, register_csv
from store.layers import layered, origin_at, register_observations
from text.i18n import fmt_num, t
from text.problems import message as problem_message
from text.register import export_headers, store_message
from ui.labels import indicator_label, unit_label

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


# -- the register page ------------------------------------------------------------------------
FLASH_KEY = "_register_flash"
REVIEW_STATUS = "entered"
"""Figures whose current version has this status wait for a reviewer."""


@dataclass(frozen=True)
class Contents:
    """What the register page shows, read once per run."""

    register: Register
    history: pd.DataFrame
    editors: list[str]
    reviewers: list[str]
    saved: pd.DataFrame


def contents() -> Contents:
    """The register's figures (every version), who holds a key and the saved scenarios;
    StoreError when the register cannot be read. Only with a database (:func:`config`'s mode
    is not "session")."""
    reg = register()
    return Contents(reg, reg.history(), reg.departments("editor"), reg.departments("reviewer"), reg.scenarios())


def flash(kind: str, text: str, problems: tuple = ()) -> None:
    """Keep a message for the next run (the page reruns after a write to show it)."""
    st.session_state[FLASH_KEY] = (kind, text, problems)


def take_flash() -> tuple[str, str, tuple] | None:
    """The message kept by :func:`flash` (once)."""
    return st.session_state.pop(FLASH_KEY, None)


def latest(history: pd.DataFrame) -> pd.DataFrame:
    """The current version of every figure, by indicator and year."""
    return history.groupby(["indicator_id", "year"], sort=True).tail(1) if len(history) else history


def awaiting_review(history: pd.DataFrame) -> pd.DataFrame:
    """Current versions not reviewed yet."""
    current = latest(history)
    return current[current["status"] == REVIEW_STATUS] if len(current) else current


def figure_name(indicator_id: str, lang: str, targets: pd.DataFrame) -> str:
    return indicator_label(indicator_id, lang, targets)


def figure_choices(current: pd.DataFrame) -> list[tuple[str, int]]:
    """(indicator, year) of every figure, for the history picker."""
    return [(i, int(y)) for i, y in current[["indicator_id", "year"]].itertuples(index=False)]


def _when(stamp: object) -> str:
    """A stored UTC time as "YYYY-MM-DD HH:MM:SS"."""
    return str(stamp).replace("T", " ")[:19]


def figures_table(frame: pd.DataFrame, lang: str, targets: pd.DataFrame, versions: pd.Series | None = None) -> pd.DataFrame:
    """Register rows (:meth:`store.Register.history` columns) as the page shows them."""
    shown = pd.DataFrame(
        {
            t("register.col.indicator", lang): [figure_name(i, lang, targets) for i in frame["indicator_id"]],
            t("register.col.id", lang): frame["indicator_id"].tolist(),
            t("register.col.year", lang): frame["year"].astype(int).tolist(),
            t("register.col.value", lang): [fmt_num(v, lang, 2) for v in frame["value"]],
            t("register.col.unit", lang): [unit_label(u, lang) for u in frame["unit"]],
            t("register.col.source", lang): frame["source_note"].tolist(),
            t("register.col.department", lang): frame["department"].tolist(),
            t("register.col.entered_at", lang): [_when(x) for x in frame["entered_at"]],
            t("register.col.status", lang): [t(f"register.status.{s}", lang) for s in frame["status"]],
            t("register.col.reviewed_by", lang): [x or "" for x in frame["reviewed_by"]],
        }
    )
    if "version" in frame:
        shown.insert(3, t("register.col.version", lang), frame["version"].tolist())
    if versions is not None:
        shown[t("register.col.versions", lang)] = versions.tolist()
    return shown


def problem_table(problems: Sequence, lang: str) -> pd.DataFrame:
    """Rejected rows (:class:`model.userdata.RowProblem`): line, column, reason."""
    return pd.DataFrame(
        {
            t("register.col.row", lang): [p.row for p in problems],
            t("register.col.column", lang): [p.column or "–" for p in problems],
            t("register.col.reason", lang): [problem_message(p, lang) for p in problems],
        }
    )


def review_labels(pending: pd.DataFrame, lang: str) -> dict[int, str]:
    """Figure id → "indicator year: value (department)" for the review picker."""
    return {int(r.id): f"{r.indicator_id} {int(r.year)}: {fmt_num(r.value, lang, 2)} ({r.department})" for r in pending.itertuples()}


def scenario_table(saved: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scenario library as the page lists it (name, department, when, link)."""
    return pd.DataFrame(
        {
            t("register.scenarios.col.name", lang): saved["name"].tolist(),
            t("register.col.department", lang): saved["department"].tolist(),
            t("register.scenarios.col.saved_at", lang): [_when(x) for x in saved["saved_at"]],
            t("register.scenarios.col.link", lang): saved["link"].tolist(),
        }
    )


def export_csv(history: pd.DataFrame, vietnamese: bool) -> bytes:
    """The whole register as CSV for Vietnamese Excel or as standard CSV (store/export.py)."""
    return register_csv(history, vietnamese=vietnamese, headers=export_headers(EXPORT_COLUMNS, vietnamese))


def export_file_name(vietnamese: bool) -> str:
    return f"so-dang-ky-so-lieu-{'vi' if vietnamese else 'en'}.csv"


def one_figure(indicator: str, year: int, value: float, note: str) -> pd.DataFrame:
    """One figure typed in the form, as the table :meth:`store.Writer.add_figures` takes."""
    return pd.DataFrame({"indicator_id": [indicator], "year": [int(year)], "value": [float(value)], "note": [note]})


def write(reg: Register, department: str, key: str, action: Callable[[Writer], Any]) -> tuple[Any, StoreError | None]:
    """Check the department's key and run ``action(writer)``: (its result, None), or (None,
    the refusal: nothing was written). After a write this process reads it at once."""
    try:
        result = action(reg.writer(department, key))
    except StoreError as exc:
        return None, exc
    changed()
    return result, None


def review(reg: Register, name: str, key: str, ids: Sequence[int]) -> tuple[tuple[int, ...], StoreError | None]:
    """Check the reviewer's key and mark ``ids`` reviewed: (the new versions' ids, None) or
    ((), the refusal)."""
    try:
        done = reg.reviewer(name, key).mark_reviewed(ids)
    except StoreError as exc:
        return (), exc
    changed()
    return done, None

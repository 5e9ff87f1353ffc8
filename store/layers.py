"""The register's current figures as planners' figures, with the session's own on top.

The model takes planners' figures as one frame (``model.userdata.UploadResult.good``:
indicator_id, year, value, note, source). Register figures enter it with ``source`` =
``register|<department>|<entered at, UTC>`` so that every table can say where a figure comes
from; a session's own figure for the same indicator and year wins (it is what the user is
trying out) and keeps ``source`` = "entered by user".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.userdata import USER_SOURCE, add_observations

REGISTER_PREFIX = "register|"


@dataclass(frozen=True)
class Origin:
    """Where a planners' figure comes from: ``kind`` is "register" or "session"."""

    kind: str
    department: str = ""
    entered_at: str = ""

    @property
    def date(self) -> str:
        """The entry's date (YYYY-MM-DD, UTC)."""
        return self.entered_at[:10]


def register_source(department: str, entered_at: str) -> str:
    return f"{REGISTER_PREFIX}{department}|{entered_at}"


def origin_of_source(source: object) -> Origin:
    text = str(source or "")
    if text.startswith(REGISTER_PREFIX):
        department, _, entered_at = text[len(REGISTER_PREFIX):].rpartition("|")
        return Origin("register", department, entered_at)
    return Origin("session")


def register_observations(current: pd.DataFrame) -> pd.DataFrame:
    """:meth:`store.Register.current` → a planners' figures frame (source names the entry)."""
    return pd.DataFrame(
        {
            "indicator_id": current["indicator_id"].astype(str).to_numpy(),
            "year": current["year"].astype("int64").to_numpy(),
            "value": current["value"].astype("float64").to_numpy(),
            "note": current["source_note"].astype(str).to_numpy(),
            "source": [register_source(d, t) for d, t in zip(current["department"], current["entered_at"], strict=True)],
        }
    )


def layered(register: pd.DataFrame | None, session: pd.DataFrame | None) -> pd.DataFrame | None:
    """Register figures with the session's on top (a session figure replaces the register's
    for the same indicator and year). None when both are empty."""
    if session is not None and len(session) and "source" not in session:
        session = session.assign(source=USER_SOURCE)
    if register is None or len(register) == 0:
        return None if session is None or len(session) == 0 else session
    if session is None or len(session) == 0:
        return register.copy()
    return add_observations(register, session)


def origin_at(observations: pd.DataFrame | None, indicator_id: str, year: int) -> Origin | None:
    """The origin of the planners' figure for (indicator, year), None when there is none."""
    if observations is None or len(observations) == 0:
        return None
    hit = observations[(observations["indicator_id"].astype(str) == str(indicator_id)) & (observations["year"].astype(int) == int(year))]
    if hit.empty:
        return None
    return origin_of_source(hit["source"].iloc[-1] if "source" in hit else "")

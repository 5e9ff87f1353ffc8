"""The planners' own figures on the targets page: a department's file (read once, where it is
uploaded, its report kept to show), the editable table (checked, its valid rows stored), and
the tables of rows refused.

The upload is read at the top of the page (:func:`take_upload`), before anything reads the
session's figures; the uploader itself may be drawn anywhere on the page (:func:`upload_entry`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from model.targets import OnTrackSummary
from model.userdata import UploadResult, add_observations, observations_key, validate_table
from text.i18n import t
from text.problems import message as problem_message
from ui import cache, state, uploads
from ui.labels import indicator_label, unit_label

UPLOAD_KEY = "obs_upload"
_UPLOAD_DONE = "_obs_upload_done"
_UPLOAD_REPORT = "_obs_upload_report"
#: The columns of the editable table, in order.
EDITOR_COLUMNS = ["indicator_id", "year", "value", "note"]


def take_upload(known: dict[str, str]) -> None:
    """Read a newly uploaded figures file once: its good rows join the session's figures (the
    new file wins where both have one), its report is kept for :func:`upload_report`."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is not None and st.session_state.get(_UPLOAD_DONE) != upload.file_id:
        st.session_state[_UPLOAD_DONE] = upload.file_id  # each file is read once
        result = uploads.read_figures_file(upload.getvalue(), upload.name, known)  # a bad name: refused
        if result.ok and len(result.good):
            state.set_user_observations(add_observations(state.user_observations(), result.good))  # the new file wins
        st.session_state[_UPLOAD_REPORT] = (uploads.shown_name(upload.name), result)


def upload_report() -> tuple[str, UploadResult] | None:
    """(the last upload's name, safe to show; what became of it), or None before any upload."""
    return st.session_state.get(_UPLOAD_REPORT)


def entry_first(summary: OnTrackSummary) -> bool:
    """Most targets have no provincial figure: the way to enter them comes first, not at the
    bottom of a long page below a table of "Chưa có số liệu của tỉnh"."""
    return 2 * summary.no_data > summary.total


def upload_entry(container: Any, lang: str, known: dict[str, str]) -> None:
    """The template download and the upload of a department's figures (read at the top of
    the page by :func:`take_upload`, wherever this is drawn)."""
    e1, e2 = container.columns([1, 2])
    e1.download_button(
        t("targets.entry.template", lang), data=uploads.template_csv(lang, known),
        file_name=f"mau-so-lieu-{lang}.csv", mime="text/csv", key="obs_template",
    )
    e1.caption(t("targets.entry.template_note", lang))
    e2.file_uploader(t("targets.entry.upload", lang), type=["csv", "xlsx"], key=UPLOAD_KEY)


def problem_table(problems: list, lang: str) -> pd.DataFrame:
    """Rows refused (an upload's or the editable table's): row, column, reason in words."""
    return pd.DataFrame(
        {
            t("targets.entry.col.row", lang): [p.row for p in problems],
            t("targets.entry.col.column", lang): [p.column or "–" for p in problems],
            t("targets.entry.col.reason", lang): [problem_message(p, lang) for p in problems],
        }
    )


def editor_frame() -> pd.DataFrame:
    """What the editable table starts from: the figures last put in by an upload, a scenario
    file or "clear" (empty when none), with the editor's column types."""
    base = state.editor_base()
    frame = pd.DataFrame(columns=EDITOR_COLUMNS) if base is None else base[EDITOR_COLUMNS]
    return frame.astype({"indicator_id": "object", "year": "Int64", "value": "float64", "note": "object"})


def check_editor(edited: pd.DataFrame, known: dict[str, str], obs_key: tuple) -> list:
    """Check the editable table as edited: its valid rows become the session's figures (and
    the page runs again when they changed); returns the rows refused (empty when none)."""
    edited_rows = edited.dropna(how="all")
    if not (len(edited_rows) or state.editor_base() is not None):
        return []
    checked = validate_table(edited_rows, known) if len(edited_rows) else None
    good = checked.good if checked is not None and checked.ok else None
    if observations_key(good) != obs_key:
        state.commit_editor_observations(good)
        st.rerun()
    return list(checked.rejected) if checked is not None and checked.rejected else []


def indicator_table(known: dict[str, str], lang: str) -> pd.DataFrame:
    """The indicators planners may enter: id, the plan target's label (else the catalogue's
    name), unit."""
    targets = cache.dataset().targets
    return pd.DataFrame(
        {
            t("targets.entry.col.indicator", lang): list(known),
            t("targets.col.target", lang): [indicator_label(i, lang, targets) for i in known],
            t("targets.entry.col.unit", lang): [unit_label(u, lang) for u in known.values()],
        }
    )

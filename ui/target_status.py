"""A target's status in words: the catalogue's status with the year of the figures it rests
on and its qualifications (``status_flags`` / ``status_args`` of
:func:`model.targets.assess_targets`), e.g. "Met on the latest figures (2024)" or
"Limited progress · latest figure from 2022, more than 2 years before 2025"."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from model.targets import MET_LATEST, NOT_MET_LATEST, status_flags
from text.catalogue import CATALOGUE
from text.i18n import fmt_num, t


def _args(row: Mapping[str, Any]) -> dict[str, Any]:
    raw = row.get("status_args")
    return json.loads(raw) if isinstance(raw, str) else {}


def _year(row: Mapping[str, Any]) -> int | None:
    value = row.get("latest_year")
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>":
        return None
    return int(value)


def status_word(row: Mapping[str, Any], lang: str) -> str:
    """The status alone ("Met on the latest figures (2024)"): the catalogue's word, with the
    year of the latest figures for a goal judged on them."""
    status = str(row["status"])
    key = f"targets.status.{status}"
    word = t(key, lang) if key in CATALOGUE else status
    year = _year(row)
    if status in (MET_LATEST, NOT_MET_LATEST) and year is not None:
        word = t("targets.status.with_year", lang, status=word, year=year)
    return word


def flag_texts(row: Mapping[str, Any], lang: str, *, short: bool = False) -> list[str]:
    """The qualifications of the status, one phrase per flag (``short``: a few words each,
    for the one-page briefing)."""
    args, year = _args(row), _year(row)
    kind = "status_flag_short" if short else "status_flag"
    out = []
    for flag in status_flags(row):
        if flag == "met_latest" and year is not None:
            out.append(t(f"targets.{kind}.met_latest", lang, year=year))
        elif flag == "stale" and year is not None:
            out.append(t(f"targets.{kind}.stale", lang, year=year, n=args.get("stale_after"), reference=args.get("reference_year")))
        elif flag == "tolerance" and "tolerance" in args:
            out.append(
                t(f"targets.{kind}.tolerance", lang, judged_year=args.get("judged_year"), tol=fmt_num(args["tolerance"], lang, 0 if float(args["tolerance"]).is_integer() else 1))
            )
    return out


def status_label(row: Mapping[str, Any], lang: str, *, short: bool = False) -> str:
    """:func:`status_word` with the flags' phrases after it."""
    word, flags = status_word(row, lang), flag_texts(row, lang, short=short)
    return t("targets.status.with_flags", lang, status=word, flags="; ".join(flags)) if flags else word


def goal_state_text(goal: Any, lang: str) -> str:
    """A headline goal's state (:func:`model.overview.headline_goals`, column ``state``) in
    words, with the year of the figure for a goal judged on the latest figures; "–" without."""
    state = getattr(goal, "state", None)
    if not isinstance(state, str):
        return "–"
    return status_word({"status": state, "latest_year": getattr(goal, "latest_year", None)}, lang)

"""The scenario file: a scenario and the planners' own figures in one JSON document.

Layout (UTF-8 JSON, keys sorted, two-space indent, a final newline)::

    {
      "format": "hatinh-dx-scenario",            # FORMAT_NAME
      "version": 2,                              # FORMAT_VERSION (1 is still read)
      "saved_at": "2026-11-20T09:30:00+07:00",   # ISO 8601 text, or null
      "scenario": { ...Scenario.to_dict()... },  # every field; a missing field takes its default
      "observations": [                          # planners' figures, may be empty or absent
        {"indicator_id": "fiber_households", "year": 2024, "value": 82.4,
         "note": "", "source": "entered by user"},
        ...
      ]
    }

:func:`dump_scenario_file` writes it; :func:`load_scenario_file` reads it back and never
raises on any bytes. Loading is all-or-nothing: one problem anywhere (size, encoding, JSON
syntax, nesting depth, format name or version, an unknown or duplicated key, a value the
scenario rules or :func:`model.userdata.validate_table` reject) gives ``scenario = None``
and ``observations = None`` with every problem named by code and location (a key path such
as ``scenario.draws`` or ``observations[3].value``). A file written by
:func:`dump_scenario_file` loads back to an equal scenario and equal observations, and
writing those again gives the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import pandas as pd

from model.scenario import (
    FORMAT_NAME,
    FORMAT_VERSION,
    LEVER_PREFIX,
    LEVER_URL_KEYS,
    PUSH_PREFIX,
    STATIC_BY_NAME,
    STRENGTH_PREFIX,
    STUDY_KEYS,
    ParamProblem,
    Scenario,
    lever_key,
    scenario_from_dict,
)
from model.study import Study
from model.userdata.codes import MAX_ROWS, USER_SOURCE
from model.userdata.validation import validate_table

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest scenario file read [bytes]; the app's upload limit (``server.maxUploadSize`` = 2 MB)."""
MAX_DEPTH = 8
"""Deepest JSON nesting read (a valid file nests 3 deep)."""
MAX_PROBLEMS = 100
"""At most this many problems are listed; a last ``too_many_problems`` entry says so."""
MAX_SAVED_AT_CHARS = 64

TOP_KEYS = ("format", "version", "saved_at", "scenario", "observations")
REQUIRED_TOP_KEYS = ("format", "version", "scenario")
OBS_KEYS = ("indicator_id", "year", "value", "note", "source")
REQUIRED_OBS_KEYS = ("indicator_id", "year", "value")
OBS_COLUMNS = ("indicator_id", "year", "value", "note", "source")

CODES = (
    "too_large",
    "empty_file",
    "not_utf8",
    "not_json",
    "too_deep",
    "not_an_object",
    "wrong_format",
    "wrong_version",
    "missing_key",
    "unknown_key",
    "duplicate_key",
    "bad_type",
    "bad_value",
    "not_a_number",
    "out_of_range",
    "above_headroom",
    "not_a_choice",
    "too_long",
    "too_many_rows",
    "too_many_problems",
)
"""Problem codes of a scenario file; ``text/catalogue/scenario_file.py`` words each one
(``scenario_file.<code>``) from the problem's location and arguments. Observation rows rejected
by :func:`model.userdata.validate_table` keep that module's reason codes (``kind``
``figures_row``) and a refused table its file codes (``figures_file``)."""

TYPE_KINDS = ("object", "list", "text", "scalar")
"""What a ``bad_type`` problem expected (its ``expected`` argument)."""


@dataclass(frozen=True)
class ScenarioFileProblem:
    """Why a scenario file was refused: ``location`` is a key path (``scenario.draws``,
    ``observations[3].value``), ``line 4, column 7`` for JSON syntax, or ``file``."""

    code: str
    location: str
    args: tuple[tuple[str, Any], ...] = ()
    kind: str = "file"  # "file" (CODES) | "figures_row" | "figures_file" (model.userdata's codes)

    @property
    def params(self) -> dict[str, Any]:
        """The message's arguments (the location is not among them)."""
        return dict(self.args)


@dataclass(frozen=True, eq=False)
class ScenarioFileResult:
    """What :func:`load_scenario_file` read: both parts, or neither (``problems`` says why).

    observations : the ``good`` frame of :func:`model.userdata.validate_table` (columns
        indicator_id, year, value, note, source), or None when the file holds no figures.
    saved_at : the file's ``saved_at`` text (None when absent, null or refused).
    """

    scenario: Scenario | None
    observations: pd.DataFrame | None
    problems: tuple[ScenarioFileProblem, ...] = ()
    saved_at: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.scenario is not None


# ----------------------------------------------------------------------------- writing


#: Versions this app reads: 1 (the first release: one ``lever_<main index>`` field per lever,
#: no focus unit, which was then always the plan's unit) and 2 (``focus`` and ``levers``).
READ_VERSIONS = (1, FORMAT_VERSION)
_INT_FIELDS = ("frame", "top_n", "year", "push_start")


def _canonical_scenario(scenario: Scenario) -> dict[str, Any]:
    """``scenario.to_dict()`` with every number in its declared type (4000.0 → 4000)."""
    out = scenario.to_dict()
    for name, value in out.items():
        spec = STATIC_BY_NAME.get(name)
        if name in _INT_FIELDS or (spec is not None and spec.kind == "int"):
            out[name] = int(value)
        elif spec is not None and spec.kind == "float":
            out[name] = float(value)
        elif name in ("pushes", "strengths", "levers"):
            out[name] = {str(k): float(v) for k, v in value.items()}
    return out


def _blank(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _observation_records(observations: pd.DataFrame | None) -> list[dict[str, Any]]:
    if observations is None or len(observations) == 0:
        return []
    records = []
    for row in observations.to_dict("records"):
        value = float(row["value"])
        if not math.isfinite(value):
            raise ValueError(f"observation value {value!r} is not finite")
        note, source = row.get("note"), row.get("source")
        records.append(
            {
                "indicator_id": str(row["indicator_id"]),
                "year": int(row["year"]),
                "value": value,
                "note": "" if _blank(note) else str(note),
                "source": USER_SOURCE if _blank(source) else str(source),
            }
        )
    return records


def dump_scenario_file(
    scenario: Scenario, observations: pd.DataFrame | None, *, saved_at: str | None = None
) -> bytes:
    """The scenario file's bytes (UTF-8 JSON, sorted keys, stable).

    ``observations`` is the planners' figures as :func:`model.userdata.validate_table` or
    :func:`~model.userdata.parse_upload` return them (the ``good`` frame); their order is
    kept. Numbers are written in their declared types so that dump → load → dump gives the
    same bytes. Raises ``ValueError`` only for a non-finite observation value (such a frame
    cannot come from :mod:`model.userdata`).
    """
    doc = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "saved_at": saved_at,
        "scenario": _canonical_scenario(scenario),
        "observations": _observation_records(observations),
    }
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- reading


class _Problems:
    """Collects problems (capped at MAX_PROBLEMS)."""

    def __init__(self) -> None:
        self.items: list[ScenarioFileProblem] = []
        self.overflow = False

    def add(self, code: str, location: str, *, kind: str = "file", **kw: Any) -> None:
        if kind == "file" and code not in CODES:
            raise KeyError(code)
        if len(self.items) >= MAX_PROBLEMS:
            self.overflow = True
            return
        self.items.append(ScenarioFileProblem(code, location, tuple(sorted(kw.items())), kind))

    def result(self) -> tuple[ScenarioFileProblem, ...]:
        items = list(self.items)
        if self.overflow:
            items.append(ScenarioFileProblem("too_many_problems", "file", (("max", MAX_PROBLEMS),)))
        return tuple(items)

    def __bool__(self) -> bool:
        return bool(self.items)


def _shown(value: Any) -> str:
    """A short rendering of a value from the file for a message: ASCII JSON (no control or
    direction characters), at most 40 characters."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value).encode("ascii", "backslashreplace").decode("ascii")
    return text if len(text) <= 40 else text[:37] + "..."


def _safe_key(key: str) -> str:
    """A key from the file as shown in a location: letters, digits, ``_`` and ``-`` kept,
    anything else shown as ``?`` (no markup, no control characters), at most 40 characters."""
    text = re.sub(r"[^A-Za-z0-9_\-]", "?", key) or '""'
    return text if len(text) <= 40 else text[:37] + "..."


def _type_problem(problems: _Problems, location: str, kind: str, value: Any) -> None:
    if kind not in TYPE_KINDS:
        raise KeyError(kind)
    problems.add("bad_type", location, expected=kind, value=_shown(value))


def _depth(doc: Any) -> int:
    """Nesting depth of a parsed JSON value (iterative: no recursion limit)."""
    deepest = 0
    stack = [(doc, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _parse_json(text: str, problems: _Problems) -> Any:
    """JSON text → value; duplicate keys are problems (named by their object's path later)."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        problems.add(
            "not_json",
            f"line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
            column=exc.colno,
            detail=exc.msg,
        )
        return None
    except RecursionError:
        problems.add("too_deep", "file", max=MAX_DEPTH)
        return None
    except ValueError as exc:  # e.g. an integer longer than Python's 4300-digit limit
        problems.add("not_json", "file", number_too_long=True, detail=str(exc)[:80])
        return None
    for key in dict.fromkeys(duplicates):
        problems.add("duplicate_key", _safe_key(key))
    return doc


def _scenario_location(problem: ParamProblem) -> str:
    key = problem.key
    by_key = {spec.key: spec.name for spec in STATIC_BY_NAME.values()} | {v: k for k, v in STUDY_KEYS.items()}
    levers = {lever_key(k): k for k in LEVER_URL_KEYS}
    if key in by_key:
        return "scenario." + by_key[key]
    if key in levers:
        return "scenario.levers." + levers[key]
    if key.startswith(LEVER_PREFIX):  # not a main index of the study (scenario_from_dict)
        return "scenario.levers." + _safe_key(key[len(LEVER_PREFIX) :])
    if key.startswith(PUSH_PREFIX):
        return "scenario.pushes." + _safe_key(key[len(PUSH_PREFIX) :])
    if key.startswith(STRENGTH_PREFIX):
        return "scenario.strengths." + _safe_key(key[len(STRENGTH_PREFIX) :])
    return "scenario." + _safe_key(key)


def _read_scenario(data: Any, study: Study, version: int, problems: _Problems) -> Scenario | None:
    if not isinstance(data, dict):
        _type_problem(problems, "scenario", "object", data)
        return None
    known = {f.name for f in fields(Scenario)}
    legacy_levers = {"lever_" + k: k for k in study.lever_indices} if version == 1 else {}
    if version == 1:
        known -= {"focus", "levers"}
    clean: dict[str, Any] = {}
    for name, value in data.items():
        location = "scenario." + _safe_key(name)
        if name in legacy_levers:
            if value is None or isinstance(value, bool | dict | list):
                _type_problem(problems, location, "scalar", value)
            else:
                clean.setdefault("levers", {})[legacy_levers[name]] = value
        elif name not in known:
            problems.add("unknown_key", location)
        elif name in ("pushes", "strengths", "levers"):
            if not isinstance(value, dict):
                _type_problem(problems, location, "object", value)
            elif name == "levers":
                # an id that is not a main index is named here, where its key path is known
                for item in value:
                    if item not in study.lever_indices:
                        problems.add("unknown_key", f"{location}.{_safe_key(item)}")
                clean[name] = {k: v for k, v in value.items() if k in study.lever_indices}
            else:
                clean[name] = value
        elif value is None or isinstance(value, bool | dict | list):
            _type_problem(problems, location, "scalar", value)
        else:
            clean[name] = value
    scenario, param_problems = scenario_from_dict(study, clean)
    for p in param_problems:
        code = "unknown_key" if p.reason == "unknown" else p.reason
        if code not in CODES:
            code = "bad_value"
        number = re.fullmatch(r"[-+]?\d{1,12}(\.\d{1,12})?", p.value)  # a plain number is shown as it is
        problems.add(code, _scenario_location(p), value=p.value if number else _safe_key(p.value))
    return scenario


def _read_observations(
    data: Any, known_indicators: Mapping[str, str], problems: _Problems
) -> pd.DataFrame | None:
    if data is None:
        return None
    if not isinstance(data, list):
        _type_problem(problems, "observations", "list", data)
        return None
    if len(data) > MAX_ROWS:
        problems.add("too_many_rows", "observations", n=len(data), max=MAX_ROWS)
        return None
    if not data:
        return None
    rows: list[dict[str, Any]] = []
    positions: list[int] = []  # table row i → index in the file's list
    n_before = len(problems.items)
    for i, obs in enumerate(data):
        where = f"observations[{i}]"
        if not isinstance(obs, dict):
            _type_problem(problems, where, "object", obs)
            continue
        bad = False
        for key, value in obs.items():
            if key not in OBS_KEYS:
                problems.add("unknown_key", f"{where}.{_safe_key(key)}")
                bad = True
            elif isinstance(value, dict | list):
                _type_problem(problems, f"{where}.{key}", "scalar", value)
                bad = True
        for key in REQUIRED_OBS_KEYS:
            if obs.get(key) is None:  # absent or null: a figure needs all three
                problems.add("missing_key", f"{where}.{key}")
                bad = True
        note = obs.get("note")
        if note is not None and not isinstance(note, str):
            _type_problem(problems, f"{where}.note", "text", note)
            bad = True
        source = obs.get("source")
        if source is not None and source != USER_SOURCE:
            problems.add("bad_value", f"{where}.source", value=_shown(source))
            bad = True
        if not bad:
            rows.append({c: obs.get(c) for c in ("indicator_id", "year", "value", "note")})
            positions.append(i)
    if len(problems.items) > n_before:
        return None
    table = pd.DataFrame(
        {c: pd.Series([r[c] for r in rows], dtype=object) for c in ("indicator_id", "year", "value", "note")}
    )
    checked = validate_table(table, known_indicators)
    for err in checked.errors:
        problems.add(err.code, "observations", kind="figures_file", **err.params)
    for rp in checked.rejected:
        index = positions[rp.row - 2] if 0 <= rp.row - 2 < len(positions) else rp.row - 2
        location = f"observations[{index}]" + (f".{rp.column}" if rp.column else "")
        problems.add(rp.reason_code, location, kind="figures_row", **rp.params)
    if checked.errors or checked.rejected or len(checked.good) != len(rows):
        return None
    return checked.good.reset_index(drop=True)


def load_scenario_file(
    data: bytes, *, study: Study, known_indicators: Mapping[str, str]
) -> ScenarioFileResult:
    """Read a scenario file; never raises on any bytes.

    Parameters
    ----------
    data : the file's bytes.
    study : the study (its target ids are the keys allowed under ``scenario.pushes`` /
        ``strengths``; its units, years and levers bound the scenario).
    known_indicators : {indicator_id: unit} that planners may enter
        (:func:`model.userdata.known_indicators_from`).

    Returns
    -------
    ScenarioFileResult: the scenario and the observations, or ``None`` for both with the
    problems (all-or-nothing).
    """
    problems = _Problems()

    def refused() -> ScenarioFileResult:
        return ScenarioFileResult(None, None, problems.result())

    if not isinstance(data, bytes | bytearray | memoryview):
        _type_problem(problems, "file", "object", type(data).__name__)
        return refused()
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        problems.add("too_large", "file", size=len(data))
        return refused()
    offset = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[offset:]
    if not data.strip():
        problems.add("empty_file", "file")
        return refused()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add("not_utf8", f"byte {exc.start + offset}", where=exc.start + offset)
        return refused()
    doc = _parse_json(text, problems)
    if problems:
        return refused()
    if _depth(doc) > MAX_DEPTH:
        problems.add("too_deep", "file", max=MAX_DEPTH)
        return refused()
    if not isinstance(doc, dict):
        problems.add("not_an_object", "file")
        return refused()

    fmt = doc.get("format")
    if fmt != FORMAT_NAME:
        problems.add("wrong_format", "format", value=_shown(fmt), expected=FORMAT_NAME)
        return refused()
    version = doc.get("version")
    if isinstance(version, bool) or version not in READ_VERSIONS:
        problems.add("wrong_version", "version", value=_shown(version), expected=FORMAT_VERSION)
        return refused()
    for key in doc:
        if key not in TOP_KEYS:
            problems.add("unknown_key", _safe_key(key))
    for key in REQUIRED_TOP_KEYS:
        if key not in doc:
            problems.add("missing_key", key)

    saved_at = doc.get("saved_at")
    if saved_at is not None:
        if not isinstance(saved_at, str):
            _type_problem(problems, "saved_at", "text", saved_at)
        else:
            try:
                ok = len(saved_at) <= MAX_SAVED_AT_CHARS and bool(datetime.fromisoformat(saved_at))
            except ValueError:
                ok = False
            if not ok:
                problems.add("bad_value", "saved_at", value=_shown(saved_at))

    scenario = _read_scenario(doc["scenario"], study, int(version), problems) if "scenario" in doc else None
    observations = _read_observations(doc.get("observations"), known_indicators, problems)
    if problems or scenario is None:
        return refused()
    return ScenarioFileResult(scenario, observations, (), saved_at)

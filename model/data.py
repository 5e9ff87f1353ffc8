"""Load, type and validate the sourced data files in ``data/``.

Every CSV in ``data/`` is a byte-for-byte copy of a curated file described in
``data/README.md``, with a provenance sidecar beside it (``x.csv`` → ``x.csv.json``: the file's full name + ``.json``)
(source, publisher, retrieved date, confidence, caveats, column units, sha256).

Pure: pandas and numpy only, no streamlit, and nothing is read at import time;
:func:`load_dataset` reads the files when it is called. Any problem in a file
raises :class:`DataValidationError` naming the file, the line (1-based, header =
line 1) and the column, so a planner who edits a CSV sees where it broke.

Glossary (codes used in the files):

- DTI: provincial digital transformation index (Chỉ số chuyển đổi số cấp tỉnh),
  0–1, four decimals, published by the Ministry of Information and
  Communications, now the Ministry of Science and Technology (dti.gov.vn).
- universe: the ranking frame, 63 pre-merger provinces or the 34 provincial
  units in place since 1 July 2025.
- main indices: the 8 sub-indices of the DTI, ids in :data:`MAIN_INDICES`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .ranking import SCORE_DECIMALS, competition_rank

__all__ = [
    "DATA_FILES",
    "MAIN_INDICES",
    "NATIONAL",
    "PROJECT_FILES",
    "DataValidationError",
    "Dataset",
    "components_wide",
    "default_data_dir",
    "load_dataset",
    "score_panel",
    "study_setting",
    "weights_for",
]

MAIN_INDICES: tuple[str, ...] = (
    "awareness",  # Nhận thức số
    "institutions",  # Thể chế số
    "infrastructure",  # Hạ tầng số
    "human_resources",  # Nhân lực số
    "cybersecurity",  # An toàn thông tin mạng
    "gov_activity",  # Hoạt động chính quyền số
    "econ_activity",  # Hoạt động kinh tế số
    "society_activity",  # Hoạt động xã hội số
)
"""The 8 DTI main indices, in the order of ``dti_weights.csv``."""

NATIONAL = "vn"
"""Geography code of the national (Vietnam) reference series in ``indicators.csv``."""

DATA_FILES: tuple[str, ...] = (
    "dti_scores.csv",
    "dti_components.csv",
    "dti_weights.csv",
    "provinces_2025_merger.csv",
    "dti_history_partial.csv",
    "hatinh_pci.csv",
    "indicators.csv",
    "targets.csv",
    "study.csv",
)
"""The curated files :func:`load_dataset` reads, each with a provenance record (:func:`meta_path`)."""

UNIVERSES: tuple[int, ...] = (63, 34)
YEAR_RANGE: tuple[int, int] = (2000, 2035)
CONFIDENCE_LEVELS = frozenset({"high", "medium", "low"})
#: Files written for this project rather than copied from the shared research tables.
PROJECT_FILES: tuple[str, ...] = ("study.csv",)
#: The keys of ``study.csv`` (model.study reads them).
STUDY_KEYS: tuple[str, ...] = ("plan_unit", "goal_target")
COMPARATORS = frozenset({">=", ">", "<=", "group"})
N_PROVINCES_63 = 63  # PCI ranks are out of 63 provinces

# Weights are stored rounded to 6 decimals: each may differ from points / total
# by half a unit in the 6th decimal, and their sum by 8 such half-units (the 2024
# weights as printed sum to 0.999998). The weights the model uses are
# points / total, which sum to 1 within floating-point error.
WEIGHT_DECIMALS = 6
_WEIGHT_ROUNDING = 0.5 * 10.0**-WEIGHT_DECIMALS + 1e-12
WEIGHT_SUM_TOL = 1e-6

META_REQUIRED_FIELDS: tuple[str, ...] = (
    "file",
    "title",
    "description",
    "publisher",
    "sources",
    "retrieved",
    "confidence",
    "caveats",
    "licence_note",
    "columns",
    "sha256",
    "derived_from",
)
_ISO_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_INT = re.compile(r"^[+-]?\d+$")


class DataValidationError(ValueError):
    """A data file failed a check on load.

    Attributes
    ----------
    file : file name (e.g. ``"dti_scores.csv"`` or ``"dti_scores.csv.json"``).
    row : 1-based line number in the file (header = line 1), or None when the
        problem is not on one line (a missing column, a missing file).
    column : the CSV column, or the provenance record's field, concerned; or None.
    problem : what is wrong, in words.

    ``str(err)`` reads like
    ``"dti_scores.csv, line 14, column dti_score: value 1.7 is outside [0, 1]"``.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            label = "field" if self.file.endswith(".json") else "column"
            where.append(f"{label} {self.column}")
        return f"{', '.join(where)}: {self.problem}"

    def __str__(self) -> str:
        return self._message()

    def __reduce__(self):  # picklable despite the 4-argument constructor
        return (type(self), (self.file, self.row, self.column, self.problem))


@dataclass(frozen=True, eq=False)
class Dataset:
    """Every curated data file, typed and validated.

    Frames keep the files' columns and row order. Integer columns without gaps
    are ``int64``; integer columns with gaps (ranks not published) are pandas
    ``Int64``; numeric columns are ``float64`` with NaN for empty cells.

    ``eq=False``: DataFrames have no single truth value, so equality and hashing
    are by identity (a loaded Dataset can key a cache).

    Attributes
    ----------
    scores : dti_scores.csv. unit_id, unit_name, universe (63 | 34), year,
        dti_score [0–1], dti_rank [1 = highest, competition ranking], source_id.
    components : dti_components.csv, long: unit_id, unit_name, universe, year,
        component (one of MAIN_INDICES), value [0–1], source_id.
    weights : dti_weights.csv: year, component, points, weight [fraction,
        rounded to 6 decimals], status (verified | inferred), note.
    merger : provinces_2025_merger.csv: unit34_id, unit34_name, province63_id,
        province63_name (63 rows, 34 units).
    history : dti_history_partial.csv: DTI 2020–2021 (different methodology);
        dti_score NaN where only a rank was published; dti_rank Int64.
    pci : hatinh_pci.csv: Hà Tĩnh's PCI (VCCI) 2006–2024, score [points of
        100], rank of 63 (Int64), 10 sub-indices [points of 10].
    indicators : indicators.csv: indicator_id, geography (ha-tinh | vn), year,
        period, value [in ``unit``], unit, confidence, source, note.
    study : study.csv: key, value, source, note (keys :data:`STUDY_KEYS`: the plan's
        unit and the target id of its headline ranking goal; see model.study).
    targets : targets.csv. ``target_value`` is float (NaN for comparator
        "group"); ``target_group`` (added) holds the group's name, e.g. "good",
        for comparator "group" and is missing otherwise.
    provenance : CSV file name -> its parsed provenance record (plain dicts
        and lists so that a Dataset pickles, e.g. through ``st.cache_data``;
        treat them as read-only).
    """

    scores: pd.DataFrame
    components: pd.DataFrame
    weights: pd.DataFrame
    merger: pd.DataFrame
    history: pd.DataFrame
    pci: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    study: pd.DataFrame
    provenance: Mapping[str, Mapping]


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class _Col:
    kind: str  # "str" | "int" | "float"
    required: bool = True  # every cell must be non-empty


_S, _I, _F = _Col("str"), _Col("int"), _Col("float")
_S0, _I0, _F0 = _Col("str", False), _Col("int", False), _Col("float", False)

_PCI_SUBINDICES: tuple[str, ...] = (
    "entry_costs",
    "land_access",
    "transparency",
    "time_costs",
    "informal_charges",
    "policy_bias_fair_competition",
    "proactivity",
    "business_support",
    "labor_training",
    "legal_institutions",
)

SCHEMAS: dict[str, dict[str, _Col]] = {
    "dti_scores.csv": {
        "unit_id": _S,
        "unit_name": _S,
        "universe": _I,
        "year": _I,
        "dti_score": _F,
        "dti_rank": _I,
        "source_id": _S,
    },
    "dti_components.csv": {
        "unit_id": _S,
        "unit_name": _S,
        "universe": _I,
        "year": _I,
        "component": _S,
        "value": _F,
        "source_id": _S,
    },
    "dti_weights.csv": {
        "year": _I,
        "component": _S,
        "points": _F,
        "weight": _F,
        "status": _S,
        "note": _S0,
    },
    "provinces_2025_merger.csv": {
        "unit34_id": _S,
        "unit34_name": _S,
        "province63_id": _S,
        "province63_name": _S,
    },
    "dti_history_partial.csv": {
        "unit_id": _S,
        "unit_name": _S,
        "universe": _I,
        "year": _I,
        "dti_score": _F0,
        "dti_rank": _I0,
        "confidence": _S,
        "note": _S0,
        "source": _S,
    },
    "hatinh_pci.csv": {
        "province": _S,
        "year": _I,
        "pci_score": _F0,
        "pci_rank": _I0,
        **{name: _F0 for name in _PCI_SUBINDICES},
        "source": _S0,
        "notes": _S0,
    },
    "indicators.csv": {
        "indicator_id": _S,
        "geography": _S,
        "year": _I,
        "period": _S0,
        "value": _F,
        "unit": _S,
        "confidence": _S,
        "source": _S,
        "note": _S0,
    },
    "targets.csv": {
        "target_id": _S,
        "pillar": _S,
        "indicator_id": _S,
        "target_year": _I,
        "comparator": _S,
        "target_value": _S,  # numeric unless comparator is "group"; typed in _check_targets
        "unit": _S,
        "dti_component": _S0,
        "label_vi": _S,
        "label_en": _S0,
        "source": _S,
        "reference_series": _S0,
        "note": _S0,
    },
    "study.csv": {"key": _S, "value": _S, "source": _S, "note": _S0},
}
"""Required columns of each file and their types; extra columns are kept as text."""


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Table:
    """One parsed CSV: typed frame, each row's line number, the raw text cells."""

    name: str
    df: pd.DataFrame
    lines: np.ndarray  # (n_rows,) int, 1-based line of each record
    raw: dict[str, list[str]]

    def fail(self, i: int | None, column: str | None, problem: str) -> DataValidationError:
        line = None if i is None else int(self.lines[i])
        return DataValidationError(self.name, line, column, problem)

    def cell(self, i: int, column: str) -> str:
        return self.raw[column][i]


def _read_records(path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DataValidationError(name, None, None, f"cannot read the file ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise DataValidationError(name, None, None, f"not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    try:
        for record in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue  # blank line
            records.append(record)
            lines.append(start)
    except csv.Error as exc:
        raise DataValidationError(name, reader.line_num, None, f"malformed CSV ({exc})") from exc
    if not records:
        raise DataValidationError(name, None, None, "the file is empty (no header)")
    header = [h.strip() for h in records[0]]
    if lines[0] != 1:
        raise DataValidationError(name, lines[0], None, "the header must be on line 1")
    return header, records[1:], lines[1:]


def _parse_int(text: str) -> int | None:
    return int(text) if _INT.match(text) else None


def _parse_float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _read_table(path: Path, schema: Mapping[str, _Col]) -> _Table:
    name = path.name
    header, records, lines = _read_records(path)
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataValidationError(name, 1, column, "column appears twice in the header")
        seen.add(column)
    for column in schema:
        if column not in seen:
            raise DataValidationError(name, None, column, "required column is missing")
    for record, line in zip(records, lines, strict=True):
        if len(record) != len(header):
            raise DataValidationError(
                name, line, None, f"expected {len(header)} fields, found {len(record)}"
            )

    raw = {column: [record[j].strip() for record in records] for j, column in enumerate(header)}
    data: dict[str, object] = {}
    for column in header:
        spec = schema.get(column, _S0)
        cells = raw[column]
        values: list[object] = []
        for i, text in enumerate(cells):
            if text == "":
                if spec.required:
                    raise DataValidationError(name, lines[i], column, "empty value")
                values.append(None)
                continue
            if spec.kind == "int":
                parsed = _parse_int(text)
                if parsed is None:
                    raise DataValidationError(
                        name, lines[i], column, f"value {text!r} is not an integer"
                    )
                values.append(parsed)
            elif spec.kind == "float":
                parsed = _parse_float(text)
                if parsed is None:
                    raise DataValidationError(
                        name, lines[i], column, f"value {text!r} is not a number"
                    )
                values.append(parsed)
            else:
                values.append(text)
        if spec.kind == "int":
            data[column] = pd.array(values, dtype="int64" if spec.required else "Int64")
        elif spec.kind == "float":
            data[column] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            data[column] = pd.array(values, dtype="str")
    df = pd.DataFrame(data, columns=header)
    return _Table(name, df, np.asarray(lines, dtype=np.int64), raw)


# --------------------------------------------------------------------------- checks


def _check_range(t: _Table, column: str, lo: float, hi: float) -> None:
    """Every non-missing value of ``column`` in [lo, hi]."""
    values = pd.to_numeric(t.df[column]).to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isnan(values) & ((values < lo) | (values > hi)))
    if bad.size:
        i = int(bad[0])
        raise t.fail(i, column, f"value {t.cell(i, column)} is outside [{lo:g}, {hi:g}]")


def _check_in(t: _Table, column: str, allowed, what: str) -> None:
    values = t.df[column]
    for i, value in enumerate(values):
        if pd.notna(value) and value not in allowed:
            choices = ", ".join(sorted(str(a) for a in allowed))
            raise t.fail(i, column, f"{what} {t.cell(i, column)!r} is not one of {{{choices}}}")


def _check_years(t: _Table, column: str = "year") -> None:
    _check_range(t, column, *YEAR_RANGE)


def _check_unique(t: _Table, keys: list[str]) -> None:
    dup = t.df.duplicated(subset=keys, keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        row_key = tuple(t.df[k].iloc[i] for k in keys)
        first = t.df[keys].eq(t.df[keys].iloc[i]).all(axis=1).to_numpy().argmax()
        raise t.fail(
            i,
            keys[0],
            f"duplicate ({', '.join(keys)}) = {row_key}; first on line {int(t.lines[first])}",
        )


def _check_ranks(t: _Table, rank_col: str = "dti_rank") -> None:
    """Ranks are positive integers no larger than the row's universe."""
    ranks = t.df[rank_col].to_numpy(dtype=float, na_value=np.nan)
    universe = t.df["universe"].to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isnan(ranks) & ((ranks < 1) | (ranks > universe)))
    if bad.size:
        i = int(bad[0])
        raise t.fail(i, rank_col, f"value {t.cell(i, rank_col)} is outside [1, {int(universe[i])}]")


def _check_units_known(t: _Table, merger: pd.DataFrame) -> None:
    """unit_id of universe-34 rows in merger.unit34_id; universe-63 in province63_id."""
    known = {34: set(merger["unit34_id"]), 63: set(merger["province63_id"])}
    column = {34: "unit34_id", 63: "province63_id"}
    for i, (unit, universe) in enumerate(zip(t.df["unit_id"], t.df["universe"], strict=True)):
        if unit not in known[int(universe)]:
            raise t.fail(
                i,
                "unit_id",
                f"unit {unit!r} (universe {int(universe)}) is not a "
                f"{column[int(universe)]} in provinces_2025_merger.csv",
            )


def _check_merger(t: _Table) -> None:
    _check_unique(t, ["province63_id"])
    names = t.df.groupby("unit34_id", sort=False)["unit34_name"].nunique()
    if (names > 1).any():
        unit = names[names > 1].index[0]
        i = int(np.flatnonzero((t.df["unit34_id"] == unit).to_numpy())[-1])
        raise t.fail(i, "unit34_name", f"unit {unit!r} has more than one unit34_name")
    n_units, n_provinces = t.df["unit34_id"].nunique(), len(t.df)
    if n_units != 34:
        raise t.fail(None, "unit34_id", f"expected 34 distinct units, found {n_units}")
    if n_provinces != 63:
        raise t.fail(None, "province63_id", f"expected 63 provinces, found {n_provinces}")


def _check_scores(t: _Table, merger: pd.DataFrame) -> None:
    _check_in(t, "universe", set(UNIVERSES), "universe")
    _check_years(t)
    _check_range(t, "dti_score", 0.0, 1.0)
    _check_ranks(t)
    _check_unique(t, ["unit_id", "universe", "year"])
    _check_units_known(t, merger)


def _check_components(t: _Table, merger: pd.DataFrame, scores: pd.DataFrame) -> None:
    _check_in(t, "universe", set(UNIVERSES), "universe")
    _check_years(t)
    _check_in(t, "component", set(MAIN_INDICES), "main index")
    _check_range(t, "value", 0.0, 1.0)
    _check_unique(t, ["unit_id", "universe", "year", "component"])
    _check_units_known(t, merger)
    scored = set(zip(scores["unit_id"], scores["universe"], scores["year"], strict=True))
    keys = zip(t.df["unit_id"], t.df["universe"], t.df["year"], strict=True)
    for i, key in enumerate(keys):
        if key not in scored:
            raise t.fail(i, "unit_id", f"no dti_scores.csv row for {key}")


def _check_weights(t: _Table) -> None:
    _check_years(t)
    _check_in(t, "component", set(MAIN_INDICES), "main index")
    _check_unique(t, ["year", "component"])
    _check_range(t, "points", 0.0, math.inf)
    _check_range(t, "weight", 0.0, 1.0)
    df = t.df
    for year, rows in df.groupby("year", sort=True).groups.items():
        idx = np.asarray(rows)
        last = int(idx[-1])
        missing = set(MAIN_INDICES) - set(df["component"].iloc[idx])
        if missing:
            raise t.fail(last, "component", f"year {year}: no weight for {sorted(missing)}")
        points = df["points"].to_numpy()[idx]
        total = points.sum()
        if total <= 0:
            raise t.fail(last, "points", f"year {year}: points sum to {total:g}")
        exact = points / total
        if abs(exact.sum() - 1.0) > WEIGHT_SUM_TOL:  # guards against NaN/inf
            raise t.fail(last, "points", f"year {year}: weights do not sum to 1")
        stored = df["weight"].to_numpy()[idx]
        off = np.flatnonzero(np.abs(stored - exact) > _WEIGHT_ROUNDING)
        if off.size:
            i = int(idx[off[0]])
            raise t.fail(
                i,
                "weight",
                f"value {t.cell(i, 'weight')} is not points / total points "
                f"({exact[off[0]]:.{WEIGHT_DECIMALS}f}) to {WEIGHT_DECIMALS} decimals",
            )
        tol = WEIGHT_SUM_TOL + len(idx) * _WEIGHT_ROUNDING
        if abs(stored.sum() - 1.0) > tol:
            raise t.fail(
                last,
                "weight",
                f"year {year}: weights sum to {stored.sum():.7f}, not 1 ± {tol:.1e}",
            )


def _check_history(t: _Table, merger: pd.DataFrame) -> None:
    _check_in(t, "universe", set(UNIVERSES), "universe")
    _check_years(t)
    _check_range(t, "dti_score", 0.0, 1.0)
    _check_ranks(t)
    _check_in(t, "confidence", CONFIDENCE_LEVELS, "confidence")
    _check_unique(t, ["unit_id", "universe", "year"])
    _check_units_known(t, merger)


def _check_pci(t: _Table) -> None:
    _check_years(t)
    _check_unique(t, ["province", "year"])
    _check_range(t, "pci_score", 0.0, 100.0)
    _check_range(t, "pci_rank", 1, N_PROVINCES_63)
    for column in _PCI_SUBINDICES:
        _check_range(t, column, 0.0, 10.0)


def _check_indicators(t: _Table, unit_ids: set[str]) -> None:
    _check_years(t)
    for i, value in enumerate(t.df["geography"]):
        if value != NATIONAL and value not in unit_ids:
            raise t.fail(i, "geography", f"geography {t.cell(i, 'geography')!r} is neither {NATIONAL!r} nor a unit_id of dti_scores.csv")
    _check_in(t, "confidence", CONFIDENCE_LEVELS, "confidence")
    df = t.df
    share = df["unit"].str.startswith("%").to_numpy(dtype=bool)
    values = df["value"].to_numpy()
    bad = np.flatnonzero(share & ((values < 0) | (values > 100)))
    if bad.size:
        i = int(bad[0])
        raise t.fail(
            i,
            "value",
            f"value {t.cell(i, 'value')} is outside [0, 100] (a share: unit {t.cell(i, 'unit')!r})",
        )


def _check_targets(t: _Table) -> pd.DataFrame:
    """Validate targets.csv; return the frame with target_value typed (see Dataset)."""
    _check_unique(t, ["target_id"])
    _check_years(t, "target_year")
    _check_in(t, "comparator", COMPARATORS, "comparator")
    _check_in(t, "dti_component", set(MAIN_INDICES), "main index")
    df = t.df
    values: list[float] = []
    groups: list[str | None] = []
    for i, (comparator, text) in enumerate(zip(df["comparator"], df["target_value"], strict=True)):
        if comparator == "group":
            values.append(np.nan)
            groups.append(text)
            continue
        parsed = _parse_float(text)
        if parsed is None:
            raise t.fail(i, "target_value", f"value {text!r} is not a number")
        values.append(parsed)
        groups.append(None)
    out = df.copy()
    out["target_value"] = np.asarray(values, dtype=float)
    position = out.columns.get_loc("target_value") + 1
    out.insert(position, "target_group", pd.array(groups, dtype="str"))
    return out


def _check_study(t: _Table, unit_ids: set[str], targets: pd.DataFrame) -> None:
    """study.csv: each key of :data:`STUDY_KEYS` once; the plan unit is a scored unit; the
    goal is a rank target of targets.csv ("<=" a rank)."""
    _check_in(t, "key", frozenset(STUDY_KEYS), "key")
    _check_unique(t, ["key"])
    keys = list(t.df["key"])
    for key in STUDY_KEYS:
        if key not in keys:
            raise DataValidationError(t.name, None, "key", f"the key {key!r} is missing")
    i = keys.index("plan_unit")
    if t.df["value"].iloc[i] not in unit_ids:
        raise t.fail(i, "value", f"plan_unit {t.cell(i, 'value')!r} is not a unit_id of dti_scores.csv")
    i = keys.index("goal_target")
    goal = targets[targets["target_id"] == t.df["value"].iloc[i]]
    if goal.empty or goal["unit"].iloc[0] != "rank" or goal["comparator"].iloc[0] != "<=":
        raise t.fail(i, "value", f"goal_target {t.cell(i, 'value')!r} is not a rank target ('<=' a rank) of targets.csv")


# --------------------------------------------------------------------------- provenance


def meta_path(csv_path: Path) -> Path:
    """``data/x.csv`` -> ``data/x.csv.json``, the file's provenance sidecar (full name + ``.json``)."""
    return csv_path.with_name(csv_path.name + ".json")


def file_sha256(path: Path) -> str:
    """Hex sha256 of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_meta(csv_path: Path) -> dict:
    path = meta_path(csv_path)
    name = path.name
    if not path.is_file():
        raise DataValidationError(
            name, None, None, f"provenance record missing for {csv_path.name}"
        )
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataValidationError(name, exc.lineno, None, f"invalid JSON ({exc.msg})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataValidationError(name, None, None, f"cannot read the record ({exc})") from exc
    if not isinstance(meta, dict):
        raise DataValidationError(name, None, None, "the record must be a JSON object")
    if "publisher" not in meta and "publishers" in meta:
        meta["publisher"] = meta["publishers"]

    def fail(field: str, problem: str) -> DataValidationError:
        return DataValidationError(name, None, field, problem)

    for field in META_REQUIRED_FIELDS:
        value = meta.get(field)
        if value is None or (isinstance(value, str | list | dict) and len(value) == 0):
            if field == "caveats" and value == []:
                continue  # a file may have no caveat; the key must still be there
            raise fail(field, "required field is missing or empty")
    if meta["file"] != csv_path.name:
        raise fail("file", f"names {meta['file']!r}, not {csv_path.name!r}")
    sources = meta["sources"]
    if not isinstance(sources, list):
        raise fail("sources", "must be a list of {name, url_or_reference, note}")
    for k, source in enumerate(sources):
        if not isinstance(source, dict):
            raise fail("sources", f"entry {k + 1} is not an object")
        for key in ("name", "url_or_reference"):
            if not isinstance(source.get(key), str) or not source[key].strip():
                raise fail("sources", f"entry {k + 1} has no {key}")
        if "note" not in source:
            raise fail("sources", f"entry {k + 1} has no note")
    if not isinstance(meta["retrieved"], str) or not _ISO_PARTIAL_DATE.match(meta["retrieved"]):
        raise fail("retrieved", f"{meta['retrieved']!r} is not an ISO date (YYYY[-MM[-DD]])")
    if not isinstance(meta["caveats"], list) or not all(
        isinstance(c, str) and c.strip() for c in meta["caveats"]
    ):
        raise fail("caveats", "must be a list of non-empty strings")
    if not isinstance(meta["columns"], dict):
        raise fail("columns", "must map each column name to its description")
    if not isinstance(meta["sha256"], str) or not _SHA256.match(meta["sha256"]):
        raise fail("sha256", "must be 64 lowercase hex digits")
    return meta


def _check_meta_columns(meta: Mapping, header: list[str], csv_name: str) -> None:
    name = meta_path(Path(csv_name)).name
    documented = list(meta["columns"])
    missing = [c for c in header if c not in documented]
    extra = [c for c in documented if c not in header]
    if missing or extra:
        raise DataValidationError(
            name,
            None,
            "columns",
            f"does not match the header of {csv_name}: undocumented {missing}, unknown {extra}",
        )


# --------------------------------------------------------------------------- public API


#: Environment variable naming another data folder of the same layout (e.g. a copy with a new
#: DTI year, or a test's generated copy); read when :func:`default_data_dir` is called.
DATA_DIR_ENV = "MODEL_DATA_DIR"


def default_data_dir() -> Path:
    """``$MODEL_DATA_DIR`` when set, else ``<repo>/data`` (resolved from this module's
    location); read when called, never at import."""
    import os

    folder = os.environ.get(DATA_DIR_ENV)
    return Path(folder) if folder else Path(__file__).resolve().parent.parent / "data"


def load_dataset(data_dir: Path | None = None, verify_checksums: bool = True) -> Dataset:
    """Read, type and validate every file in :data:`DATA_FILES`.

    Parameters
    ----------
    data_dir : folder holding the CSVs and their provenance records;
        default :func:`default_data_dir`.
    verify_checksums : compare each CSV's sha256 with its record's ``sha256``.

    Order of the checks: provenance records present and complete; each CSV's
    columns and cell types; value ranges and cross-file consistency (see
    ``data/README.md``); the records' ``columns`` match the headers; checksums.
    Content errors are reported before checksum mismatches, so an edited cell
    is named precisely.

    Raises
    ------
    DataValidationError : the first problem found, naming file, line, column.
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    paths = {name: folder / name for name in DATA_FILES}
    for name, path in paths.items():
        if not path.is_file():
            raise DataValidationError(name, None, None, f"file not found in {folder}")
    metas = {name: _read_meta(path) for name, path in paths.items()}
    tables = {name: _read_table(paths[name], SCHEMAS[name]) for name in DATA_FILES}

    merger_t = tables["provinces_2025_merger.csv"]
    _check_merger(merger_t)
    merger = merger_t.df
    scores_t = tables["dti_scores.csv"]
    _check_scores(scores_t, merger)
    _check_components(tables["dti_components.csv"], merger, scores_t.df)
    _check_weights(tables["dti_weights.csv"])
    _check_history(tables["dti_history_partial.csv"], merger)
    _check_pci(tables["hatinh_pci.csv"])
    _check_indicators(tables["indicators.csv"], set(scores_t.df["unit_id"]))
    targets = _check_targets(tables["targets.csv"])
    _check_study(tables["study.csv"], set(scores_t.df["unit_id"]), targets)

    for name in DATA_FILES:
        _check_meta_columns(metas[name], list(tables[name].df.columns), name)
    if verify_checksums:
        for name, path in paths.items():
            actual = file_sha256(path)
            if actual != metas[name]["sha256"]:
                raise DataValidationError(
                    meta_path(path).name,
                    None,
                    "sha256",
                    f"checksum of {name} is {actual}, the record says {metas[name]['sha256']} "
                    "(the file changed since its provenance was recorded)",
                )

    return Dataset(
        scores=scores_t.df,
        components=tables["dti_components.csv"].df,
        weights=tables["dti_weights.csv"].df,
        merger=merger,
        history=tables["dti_history_partial.csv"].df,
        pci=tables["hatinh_pci.csv"].df,
        indicators=tables["indicators.csv"].df,
        targets=targets,
        study=tables["study.csv"].df,
        provenance={name: metas[name] for name in DATA_FILES},
    )


def study_setting(study_table: pd.DataFrame, key: str) -> str:
    """The value of ``key`` (one of :data:`STUDY_KEYS`) in the ``study.csv`` table."""
    hit = study_table.loc[study_table["key"] == key, "value"]
    if hit.empty:
        raise KeyError(f"study.csv has no key {key!r}")
    return str(hit.iloc[0])


def weights_for(ds: Dataset, year: int) -> pd.Series:
    """Weights of the main indices in the DTI composite for ``year``.

    Uses the latest methodology year in ``dti_weights.csv`` not after ``year``
    (so 2025–2030 use the 2024 weights). Computed as points / total points,
    which sum to exactly 1 (the file's ``weight`` column is rounded to 6
    decimals). 2022–2023: 0.1 × 5, 0.2, 0.15, 0.15 (verified against the
    published composite); 2024: 50/50/140/100/100/200/150/150 of 940 (inferred
    by least squares from the published 2024 table; not published).

    Returns
    -------
    Series indexed by :data:`MAIN_INDICES` (name "component"), values [fraction].

    Raises
    ------
    ValueError : ``year`` is before the first methodology year in the file.
    """
    w = ds.weights
    years = sorted(int(y) for y in w["year"].unique())
    eligible = [y for y in years if y <= int(year)]
    if not eligible:
        raise ValueError(
            f"no DTI weights for {year}: the weights file starts in {years[0]} "
            "(earlier DTIs used another methodology)"
        )
    rows = w[w["year"] == eligible[-1]].set_index("component")
    points = rows["points"].reindex(list(MAIN_INDICES)).astype(float)
    out = points / points.sum()
    out.index.name = "component"
    return out.rename("weight")


def components_wide(ds: Dataset, universe: int, year: int) -> pd.DataFrame:
    """Main indices of every unit published for (universe, year), one row per unit.

    Returns
    -------
    DataFrame indexed by unit_id (file order, i.e. rank order), columns
    :data:`MAIN_INDICES` [0–1] then ``unit_name``. Units whose row lacks an
    index have NaN there. Empty (same columns) when nothing was published, e.g.
    (63, 2024); 2022 and 2023 hold only the top and bottom rows of the 63.
    """
    c = ds.components
    sub = c[(c["universe"] == int(universe)) & (c["year"] == int(year))]
    units = pd.Index(pd.unique(sub["unit_id"]), name="unit_id", dtype="str")
    wide = (
        sub.pivot(index="unit_id", columns="component", values="value")
        .reindex(index=units, columns=list(MAIN_INDICES))
        .astype(float)
    )
    wide.columns.name = None
    names = sub.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    wide["unit_name"] = names.reindex(units).astype("str")
    return wide


_PANEL_COLUMNS = ["unit_id", "unit_name", "year", "dti_score", "dti_rank", "kind"]


def _backcast_34(ds: Dataset, year: int) -> pd.DataFrame:
    """34-unit scores for ``year`` from the 63 provinces' published scores.

    The ministry's rule for DTI 2024: a merged unit's main indices are the mean
    of its former provinces', so its composite is the mean of theirs. Here the
    mean is taken of the published 4-decimal scores in integer units of 1e-4 and
    rounded half up to 4 decimals (exact arithmetic, no float ties). On 2024 this
    reproduces the published 34-unit scores to ±0.0001 (the ministry averages
    unrounded indices).
    """
    s = ds.scores
    p = s[(s["universe"] == 63) & (s["year"] == year)].set_index("unit_id")["dti_score"]
    m = ds.merger
    missing = sorted(set(m["province63_id"]) - set(p.index))
    if missing:
        raise ValueError(f"cannot back-cast {year}: no 63-province score for {missing}")
    scale = 10**SCORE_DECIMALS
    units = np.rint(p.reindex(m["province63_id"]).to_numpy() * scale).astype(np.int64)
    grouped = (
        pd.DataFrame({"unit_id": m["unit34_id"].to_numpy(), "u": units})
        .groupby("unit_id", sort=False)["u"]
        .agg(["sum", "count"])
    )
    total, n = grouped["sum"].to_numpy(), grouped["count"].to_numpy()
    mean_units = (2 * total + n) // (2 * n)  # round half up
    score = mean_units / scale
    names = m.drop_duplicates("unit34_id").set_index("unit34_id")["unit34_name"]
    return pd.DataFrame(
        {
            "unit_id": grouped.index.astype("str"),
            "unit_name": names.reindex(grouped.index).to_numpy(),
            "year": year,
            "dti_score": score,
            "dti_rank": competition_rank(score).astype(np.int64),
            "kind": "backcast",
        }
    )


def score_panel(ds: Dataset, frame: int) -> pd.DataFrame:
    """DTI scores and ranks of every unit in one ranking frame, all years.

    Parameters
    ----------
    frame : 63 (the pre-merger provinces) or 34 (the units since 1 July 2025).

    Returns
    -------
    Long DataFrame: unit_id, unit_name, year, dti_score [0–1], dti_rank
    [1 = highest, competition ranking], kind; sorted by year, rank, unit_id.

    - frame 63: the published 63-province rows (2022–2024), kind "published".
    - frame 34: the published 34-unit rows (2024), kind "published"; for the
      other years with a 63-province table (2022, 2023), a back-cast by the
      ministry's mean rule: each unit's score is the mean of its former
      provinces' scores (``provinces_2025_merger.csv``), rounded to 4 decimals,
      ranked by :func:`model.ranking.competition_rank`, kind "backcast".
      Unmerged provinces (Hà Tĩnh among them) keep their own score.
    """
    if frame not in UNIVERSES:
        raise ValueError(f"frame must be one of {UNIVERSES}, got {frame!r}")
    s = ds.scores
    published = s[s["universe"] == frame].assign(kind="published")[_PANEL_COLUMNS]
    parts = [published]
    if frame == 34:
        done = set(published["year"])
        for year in sorted(set(s.loc[s["universe"] == 63, "year"]) - done):
            parts.append(_backcast_34(ds, int(year)))
    panel = pd.concat(parts, ignore_index=True)
    panel = panel.astype(
        {
            "unit_id": "str",
            "unit_name": "str",
            "year": "int64",
            "dti_score": "float64",
            "dti_rank": "int64",
            "kind": "str",
        }
    )
    return panel.sort_values(["year", "dti_rank", "unit_id"], ignore_index=True)

"""load_dataset rejects a broken data folder and says where it broke.

Each test copies data/ to a temporary folder, breaks one thing (a cell, a
column, a row, a checksum, a provenance record) and checks that the
DataValidationError names the file, the line (1-based, header = line 1) and the
column.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from model.data import (
    DATA_FILES,
    DataValidationError,
    default_data_dir,
    load_dataset,
    meta_path,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


# ---------------------------------------------------------------- helpers


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _parse(line: str) -> list[str]:
    return next(csv.reader([line]))


def _format(fields: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(fields)
    return buffer.getvalue()


def line_of(path: Path, **match) -> int:
    """1-based line number (header = 1) of the first row whose cells equal ``match``."""
    lines = _lines(path)
    header = _parse(lines[0])
    for number, line in enumerate(lines[1:], start=2):
        row = dict(zip(header, _parse(line), strict=True))
        if all(row[k] == str(v) for k, v in match.items()):
            return number
    raise LookupError(match)


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Replace one cell; every other line keeps its bytes."""
    lines = _lines(path)
    header = _parse(lines[0])
    fields = _parse(lines[line - 1])
    fields[header.index(column)] = value
    lines[line - 1] = _format(fields)
    path.write_text("".join(lines), encoding="utf-8")


def drop_column(path: Path, column: str) -> None:
    lines = _lines(path)
    j = _parse(lines[0]).index(column)
    out = []
    for line in lines:
        fields = _parse(line)
        del fields[j]
        out.append(_format(fields))
    path.write_text("".join(out), encoding="utf-8")


def edit_meta(folder: Path, csv_name: str, **changes) -> None:
    path = meta_path(folder / csv_name)
    meta = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            del meta[key]
        else:
            meta[key] = value
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def assert_error(err: DataValidationError, file: str, line: int | None, column: str | None):
    assert err.file == file
    assert err.row == line
    assert err.column == column
    message = str(err)
    assert message.startswith(file)
    if line is not None:
        assert f"line {line}" in message
    if column is not None:
        label = "field" if file.endswith(".json") else "column"
        assert f"{label} {column}" in message


# ---------------------------------------------------------------- pristine


def test_pristine_copy_loads(data_copy):
    ds = load_dataset(data_copy)
    assert len(ds.scores) == 223
    assert len(ds.components) == 392
    assert len(ds.weights) == 24
    assert len(ds.merger) == 63
    assert len(ds.history) == 29
    assert len(ds.pci) == 19
    assert len(ds.indicators) == 42
    assert len(ds.targets) == 19
    assert set(ds.provenance) == set(DATA_FILES)
    assert str(ds.scores["dti_rank"].dtype) == "int64"
    assert str(ds.scores["year"].dtype) == "int64"
    assert str(ds.scores["universe"].dtype) == "int64"
    assert str(ds.scores["dti_score"].dtype) == "float64"


def test_error_message_format():
    err = DataValidationError("dti_scores.csv", 14, "dti_score", "value 1.7 is outside [0, 1]")
    assert str(err) == "dti_scores.csv, line 14, column dti_score: value 1.7 is outside [0, 1]"
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert (again.file, again.row, again.column, again.problem) == (
        "dti_scores.csv",
        14,
        "dti_score",
        "value 1.7 is outside [0, 1]",
    )
    json_err = DataValidationError("x.csv.json", None, "sha256", "mismatch")
    assert str(json_err) == "x.csv.json, field sha256: mismatch"


# ---------------------------------------------------------------- one broken cell at a time


def test_score_out_of_range(data_copy):
    path = data_copy / "dti_scores.csv"
    line = line_of(path, unit_id="ha-tinh", universe=63, year=2024)
    set_cell(path, line, "dti_score", "1.7")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv", line, "dti_score")
    assert str(info.value) == (
        f"dti_scores.csv, line {line}, column dti_score: value 1.7 is outside [0, 1]"
    )


def test_non_numeric_rank(data_copy):
    path = data_copy / "dti_scores.csv"
    line = line_of(path, unit_id="yen-bai", universe=63, year=2022)
    set_cell(path, line, "dti_rank", "15th")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv", line, "dti_rank")
    assert "'15th'" in str(info.value) and "integer" in str(info.value)


def test_missing_column(data_copy):
    drop_column(data_copy / "dti_scores.csv", "dti_score")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv", None, "dti_score")
    assert "missing" in str(info.value)


def test_duplicate_row(data_copy):
    path = data_copy / "dti_scores.csv"
    lines = _lines(path)
    first = line_of(path, unit_id="ha-tinh", universe=34, year=2024)
    path.write_text("".join(lines) + lines[first - 1], encoding="utf-8")
    duplicate_line = len(lines) + 1
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv", duplicate_line, "unit_id")
    assert "duplicate" in str(info.value) and f"first on line {first}" in str(info.value)


def test_share_above_100_in_indicators(data_copy):
    path = data_copy / "indicators.csv"
    line = line_of(path, indicator_id="fiber_households", geography="vn", year=2023)
    set_cell(path, line, "value", "130")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "indicators.csv", line, "value")
    assert "130" in str(info.value) and "[0, 100]" in str(info.value)


@pytest.mark.parametrize(
    ("file", "match", "column", "value", "words"),
    [
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 63, "year": 2022},
            "dti_rank",
            "64",
            "[1, 63]",
        ),
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 34, "year": 2024},
            "dti_rank",
            "35",
            "[1, 34]",
        ),
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 63, "year": 2022},
            "dti_rank",
            "0",
            "[1, 63]",
        ),
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 63, "year": 2022},
            "year",
            "1999",
            "[2000, 2035]",
        ),
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 34, "year": 2024},
            "unit_id",
            "ha-tinh-x",
            "unit34_id",
        ),
        (
            "dti_scores.csv",
            {"unit_id": "ha-tinh", "universe": 63, "year": 2023},
            "dti_score",
            "",
            "empty",
        ),
        (
            "dti_components.csv",
            {"unit_id": "ha-tinh", "component": "awareness"},
            "value",
            "-0.1",
            "[0, 1]",
        ),
        (
            "dti_components.csv",
            {"unit_id": "ha-tinh", "component": "awareness"},
            "unit_id",
            "thua-thien-hue",
            "unit34_id",
        ),
        (
            "dti_components.csv",
            {"unit_id": "ha-tinh", "component": "awareness"},
            "component",
            "digital_awareness",
            "main index",
        ),
        (
            "dti_weights.csv",
            {"year": 2023, "component": "gov_activity"},
            "weight",
            "0.25",
            "points / total",
        ),
        (
            "dti_history_partial.csv",
            {"unit_id": "ha-tinh", "year": 2021},
            "dti_rank",
            "70",
            "[1, 63]",
        ),
        ("hatinh_pci.csv", {"year": 2022}, "pci_score", "167.18", "[0, 100]"),
        ("hatinh_pci.csv", {"year": 2022}, "pci_rank", "64", "[1, 63]"),
        ("hatinh_pci.csv", {"year": 2022}, "land_access", "16.85", "[0, 10]"),
        (
            "dti_history_partial.csv",
            {"unit_id": "ha-tinh", "year": 2021},
            "confidence",
            "certain",
            "confidence",
        ),
        (
            "provinces_2025_merger.csv",
            {"province63_id": "ha-tinh"},
            "province63_id",
            "nghe-an",
            "duplicate",
        ),
        (
            "indicators.csv",
            {"indicator_id": "smartphone_share", "year": 2023},
            "value",
            "n/a",
            "not a number",
        ),
        (
            "indicators.csv",
            {"indicator_id": "smartphone_share", "year": 2023},
            "geography",
            "hn",
            "geography",
        ),
        ("targets.csv", {"target_id": "dti_top15"}, "comparator", "=<", "comparator"),
        ("targets.csv", {"target_id": "dti_top15"}, "target_value", "fifteen", "not a number"),
    ],
)
def test_other_bad_cells(data_copy, file, match, column, value, words):
    path = data_copy / file
    line = line_of(path, **match)
    set_cell(path, line, column, value)
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, file, line, column)
    assert words in str(info.value)


def test_weight_points_changed_without_weights(data_copy):
    # gov_activity 200 -> 300 points: the year's total becomes 1100, so the first
    # printed weight of 2022 (0.1) is no longer its points' share (100/1100).
    path = data_copy / "dti_weights.csv"
    set_cell(path, line_of(path, year=2022, component="gov_activity"), "points", "300")
    first_2022 = line_of(path, year=2022, component="awareness")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_weights.csv", first_2022, "weight")
    assert "0.090909" in str(info.value)


def test_weights_year_missing_a_main_index(data_copy):
    path = data_copy / "dti_weights.csv"
    lines = _lines(path)
    gone = line_of(path, year=2024, component="society_activity")
    del lines[gone - 1]
    path.write_text("".join(lines), encoding="utf-8")
    last_2024 = line_of(path, year=2024, component="econ_activity")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_weights.csv", last_2024, "component")
    assert "society_activity" in str(info.value)


# ---------------------------------------------------------------- provenance


def test_bad_checksum(data_copy):
    edit_meta(data_copy, "dti_scores.csv", sha256="0" * 64)
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv.json", None, "sha256")
    assert "dti_scores.csv" in str(info.value)
    # Without checksum verification the (unchanged) data loads.
    assert len(load_dataset(data_copy, verify_checksums=False).scores) == 223


def test_valid_edit_without_new_checksum_is_caught(data_copy):
    path = data_copy / "dti_scores.csv"
    line = line_of(path, unit_id="ha-tinh", universe=63, year=2024)
    set_cell(path, line, "dti_score", "0.7630")  # plausible, passes every content check
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_scores.csv.json", None, "sha256")
    ds = load_dataset(data_copy, verify_checksums=False)
    ht = ds.scores[(ds.scores["unit_id"] == "ha-tinh") & (ds.scores["year"] == 2024)]
    assert ht["dti_score"].tolist() == [0.763, 0.7629]


def test_missing_meta_json(data_copy):
    (data_copy / "indicators.csv.json").unlink()
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "indicators.csv.json", None, None)
    assert "indicators.csv" in str(info.value) and "missing" in str(info.value)


@pytest.mark.parametrize(
    "field", ["publisher", "sources", "retrieved", "confidence", "caveats", "sha256"]
)
def test_meta_missing_required_field(data_copy, field):
    edit_meta(data_copy, "targets.csv", **{field: None})
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "targets.csv.json", None, field)


def test_meta_retrieved_must_be_iso_date(data_copy):
    edit_meta(data_copy, "dti_weights.csv", retrieved="Nov 2025")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "dti_weights.csv.json", None, "retrieved")


def test_meta_columns_must_match_header(data_copy):
    path = data_copy / "hatinh_pci.csv.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    del meta["columns"]["notes"]
    path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "hatinh_pci.csv.json", None, "columns")
    assert "notes" in str(info.value)


def test_missing_csv(data_copy):
    (data_copy / "provinces_2025_merger.csv").unlink()
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "provinces_2025_merger.csv", None, None)


# ---------------------------------------------------------------- study.csv (the study set-up)


@pytest.mark.parametrize(
    ("match", "column", "value", "words"),
    [
        ({"key": "plan_unit"}, "value", "atlantis", "plan_unit"),
        ({"key": "goal_target"}, "value", "fiber_households", "goal_target"),
        ({"key": "goal_target"}, "value", "no_such_target", "goal_target"),
        ({"key": "goal_target"}, "key", "plan_unit", "duplicate"),
        ({"key": "plan_unit"}, "key", "focus", "key"),
    ],
)
def test_bad_study_cells(data_copy, match, column, value, words):
    path = data_copy / "study.csv"
    line = line_of(path, **match)
    set_cell(path, line, column, value)
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert info.value.file == "study.csv"
    assert words in str(info.value)
    if info.value.row is not None:
        assert info.value.row == line


def test_study_missing_key(data_copy):
    path = data_copy / "study.csv"
    lines = _lines(path)
    path.write_text("".join(line for line in lines if not line.startswith("goal_target,")), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy)
    assert_error(info.value, "study.csv", None, "key")
    assert "goal_target" in str(info.value) and "missing" in str(info.value)


def test_indicator_geography_may_be_any_scored_unit_but_nothing_else(data_copy):
    path = data_copy / "indicators.csv"
    line = line_of(path, indicator_id="smartphone_share", year=2023)
    set_cell(path, line, "geography", "ha-noi")  # a unit_id of dti_scores.csv: accepted
    ds = load_dataset(data_copy, verify_checksums=False)
    assert "ha-noi" in set(ds.indicators["geography"])
    set_cell(path, line, "geography", "hanoi")
    with pytest.raises(DataValidationError) as info:
        load_dataset(data_copy, verify_checksums=False)
    assert_error(info.value, "indicators.csv", line, "geography")
    assert "'vn'" in str(info.value) and "unit_id" in str(info.value)


# ---------------------------------------------------------------- layering


def test_import_does_not_load_streamlit_or_read_files():
    code = (
        "import builtins, sys\n"
        "opened = []\n"
        "real_open = builtins.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file))\n"
        "    return real_open(file, *a, **k)\n"
        "builtins.open = spy\n"
        "import model.data\n"
        "builtins.open = real_open\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported'\n"
        "assert not [f for f in opened if f.endswith(('.csv', '.json'))], opened\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr

"""Issue 13: the study set-up is data (model/study.py, data/study.csv), the Scenario checks
itself, no literal of focus, year, goal or lever set is left in the code, a new DTI year is
a data drop, the CLI answers for every unit, and the backtest covers every origin and frame.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cli.main import main
from model import backtest, engine
from model.data import (
    MAIN_INDICES,
    components_wide,
    default_data_dir,
    load_dataset,
)
from model.scenario import (
    MAX_DRAWS,
    MIN_DRAWS,
    Scenario,
    ScenarioError,
    check_scenario,
    default_scenario,
    scenario_from_params,
)
from model.study import build_study
from tests.generated import NEW_YEAR, write_generated_year
from text.notes import note_text

ROOT = Path(__file__).resolve().parents[2]
#: Hà Tĩnh's unit id: the plan's unit of data/study.csv (a test may name it).
HA_TINH = "ha-tinh"


# ============================================================================ the study of data/
def test_the_study_is_read_from_the_data(study):
    assert study.plan_unit == HA_TINH and study.goal_target == "dti_top15"
    assert (study.goal_rank, study.goal_year) == (15, 2030)
    assert study.frames == (34, 63) and study.default_frame == 34
    assert {f: study.frame_info[f].size for f in study.frames} == {34: 34, 63: 63}
    assert {f: len(study.units(f)) for f in study.frames} == {34: 34, 63: 63}
    assert study.last_year == 2024
    assert {f: study.frame_info[f].last_year for f in study.frames} == {34: 2024, 63: 2024}
    assert study.horizon == 2030 and study.years == tuple(range(2025, 2031))
    assert study.sim_years(34) == study.sim_years(63) == study.years
    assert study.lever_indices == MAIN_INDICES and len(MAIN_INDICES) == 8
    # the model is estimated on the 63 real provinces 2022→2024 (method notes §2)
    assert (study.estimation_frame, study.estimation_years) == (63, (2022, 2023, 2024))
    # units in rank order of the last year: Hà Tĩnh 7th of 34, 11th of 63
    assert study.units(34).index(HA_TINH) == 6 and study.units(63).index(HA_TINH) == 10
    assert study.unit_name(HA_TINH) == "Hà Tĩnh"


def test_goal_and_plan_unit_follow_the_files(ds, study):
    goal = ds.targets.set_index("target_id").loc[study.goal_target]
    assert (goal["unit"], goal["comparator"]) == ("rank", "<=")
    assert (study.goal_rank, study.goal_year) == (int(goal["target_value"]), int(goal["target_year"]))
    assert study.last_year == int(ds.scores["year"].max())
    assert study.target_ids == tuple(ds.targets["target_id"])


@pytest.mark.parametrize("frame", [34, 63])
def test_lever_caps_of_ha_tinh_are_its_2024_headroom(ds, study, frame):
    caps = study.lever_caps(frame, HA_TINH)
    assert caps == {
        "awareness": 0.0,
        "institutions": 0.0,
        "infrastructure": 0.25,
        "human_resources": 0.0,
        "cybersecurity": 0.0,
        "gov_activity": 0.37,
        "econ_activity": 0.28,
        "society_activity": 0.49,
    }
    own = components_wide(ds, 34, 2024).loc[HA_TINH]  # Hà Tĩnh was not merged: one set of values
    for index, cap in caps.items():
        assert cap == round(1.0 - float(own[index]), 2), index


def test_a_merged_province_maps_to_its_unit_and_back(study):
    assert study.to_unit34["ha-giang"] == "tuyen-quang"
    assert "ha-giang" in study.units(63) and "ha-giang" not in study.units(34)
    assert study.unit_in_frame("ha-giang", 34) == "tuyen-quang"
    # back: the 63 province of the same id (the merged unit kept its name)
    assert study.unit_in_frame("tuyen-quang", 63) == "tuyen-quang"
    # a unit with a new id has no province of that id: the first of its provinces
    assert "hue" in study.units(34) and "hue" not in study.units(63)
    back = study.unit_in_frame("hue", 63)
    assert study.to_unit34[back] == "hue" and study.unit_in_frame(back, 34) == "hue"
    # a unit in the frame is itself, in both directions
    for frame in study.frames:
        assert study.unit_in_frame(HA_TINH, frame) == HA_TINH
    with pytest.raises(KeyError):
        study.unit_in_frame("atlantis", 34)


def test_a_merged_province_has_no_levers_in_the_63_frame(study):
    # its main indices were not published for 2024 in the 63 frame
    assert not study.has_main_indices(63, "ha-giang")
    assert set(study.lever_caps(63, "ha-giang").values()) == {0.0}


# ============================================================================ Scenario checks
def _full(study, **changes) -> dict:
    """Every field of the default scenario, with ``changes``."""
    base = {f: getattr(default_scenario(study), f) for f in Scenario.__dataclass_fields__}
    return {**base, **changes}


#: (changes, the field the error names). Caught on construction: needs no data.
STATIC_CASES = [
    ({"frame": 7}, "top_n"),  # the default Top 15 cannot be in a frame of 7 (default_scenario: "frame")
    ({"frame": 0, "top_n": 1}, "frame"),
    ({"frame": True}, "frame"),
    ({"top_n": 500}, "top_n"),
    ({"top_n": 0}, "top_n"),
    ({"top_n": 35}, "top_n"),  # the default frame has 34 units
    ({"top_n": 10.0}, "top_n"),
    ({"draws": 10**9}, "draws"),
    ({"draws": MIN_DRAWS - 1}, "draws"),
    ({"draws": 4000.0}, "draws"),
    ({"seed": -1}, "seed"),
    ({"year": 2030.0}, "year"),
    ({"year": "2030"}, "year"),
    ({"push_start": None}, "push_start"),
    ({"focus": ""}, "focus"),
    ({"focus": 5}, "focus"),
    ({"others_pace": 3.0}, "others_pace"),
    ({"shock_scale": float("nan")}, "shock_scale"),
    ({"persistence": 0.1}, "persistence"),
    ({"status_method": "eyeball"}, "status_method"),
    ({"trend_multiplier": -1.0}, "trend_multiplier"),
    ({"levers": {"infrastructure": 1.5}}, "levers[infrastructure]"),
    ({"levers": {"infrastructure": -0.1}}, "levers[infrastructure]"),
    ({"levers": {"infrastructure": float("inf")}}, "levers[infrastructure]"),
    ({"levers": 0.1}, "levers"),
    ({"pushes": {"fiber_households": 99.0}}, "pushes[fiber_households]"),
    ({"strengths": {"dvc_level4": 2.0}}, "strengths[dvc_level4]"),
]

#: Caught by the study's rules (check_scenario): the frame, its units, the years, the caps.
STUDY_CASES = [
    ({"frame": 7, "top_n": 5}, "frame"),
    ({"frame": 50, "top_n": 5}, "frame"),
    ({"focus": "atlantis"}, "focus"),
    ({"focus": "ha-giang"}, "focus"),  # a 63-frame province, merged: not a unit of the 34 frame
    ({"year": 2024}, "year"),
    ({"year": 2031}, "year"),
    ({"push_start": 2099}, "push_start"),
    ({"push_start": 2020}, "push_start"),
    ({"levers": {"infrastructure": 0.3}}, "levers[infrastructure]"),  # Hà Tĩnh's headroom: 0.25
    ({"levers": {"awareness": 0.1}}, "levers[awareness]"),  # at 1.0 already: cap 0
    ({"levers": {"colour": 0.1}}, "levers"),
    ({"pushes": {"nope": 1.0}}, "pushes"),
    ({"strengths": {"nope": 0.5}}, "strengths"),
]


def _says_what_is_allowed(error: ScenarioError, field: str) -> None:
    """The error's message (a note the CLI words in English, a page in Vietnamese) names the
    field, its value and what it allows."""
    en, vi = note_text(error.note, "en"), note_text(error.note, "vi")
    assert en == f"Scenario.{field} = {error.value!r} is not allowed: {note_text(error.allowed, 'en')}"
    assert vi.startswith(f"Scenario.{field} = ") and vi.endswith(note_text(error.allowed, "vi"))


@pytest.mark.parametrize(("changes", "field"), STATIC_CASES, ids=[str(c) for c, _ in STATIC_CASES])
def test_scenario_refuses_an_out_of_range_field_on_construction(study, changes, field):
    with pytest.raises(ScenarioError) as info:
        Scenario(**_full(study, **changes))
    assert info.value.field == field
    _says_what_is_allowed(info.value, field)
    with pytest.raises(ScenarioError) as info:
        default_scenario(study, **changes)
    # default_scenario caps the default Top-N at a new frame's size: then the frame is named
    assert info.value.field == ("frame" if changes == {"frame": 7} else field)


@pytest.mark.parametrize(("changes", "field"), STUDY_CASES, ids=[str(c) for c, _ in STUDY_CASES])
def test_scenario_outside_the_study_is_refused_by_its_checks(ds, study, changes, field):
    built = Scenario(**_full(study, **changes))  # nothing in the fields alone is wrong
    with pytest.raises(ScenarioError) as info:
        check_scenario(study, built)
    assert info.value.field == field
    _says_what_is_allowed(info.value, field)
    with pytest.raises(ScenarioError) as info:
        default_scenario(study, **changes)
    assert info.value.field == field
    with pytest.raises(ScenarioError):  # the model refuses it too
        engine.rank_forecast(ds, study, built)


def test_error_messages_say_the_allowed_range(study):
    cases = {
        "draws": ({"draws": 10**9}, (str(MIN_DRAWS), str(MAX_DRAWS))),
        "top_n": ({"top_n": 500}, ("1", "34")),
        "year": ({"year": 2024}, ("2025", "2030")),
        "levers[infrastructure]": ({"levers": {"infrastructure": 0.3}}, ("0.25", HA_TINH)),
        "frame": ({"frame": 7, "top_n": 5}, ("34", "63")),
    }
    for field, (changes, words) in cases.items():
        with pytest.raises(ScenarioError) as info:
            default_scenario(study, **changes)
        assert info.value.field == field
        allowed = note_text(info.value.allowed, "en")
        for word in words:
            assert word in allowed, (field, word, allowed)


@pytest.mark.parametrize("frame", ["34", 34.0, None])
def test_default_scenario_names_a_frame_that_is_not_a_whole_number(study, frame):
    # "34" once raised TypeError (the Top-N cap compared it with an int)
    with pytest.raises(ScenarioError) as info:
        default_scenario(study, frame=frame)
    assert info.value.field == "frame" and info.value.value == frame


def test_scenario_error_survives_pickling(study):
    import pickle

    with pytest.raises(ScenarioError) as info:
        default_scenario(study, top_n=500)
    again = pickle.loads(pickle.dumps(info.value))
    assert (again.field, again.value, again.allowed) == (info.value.field, 500, info.value.allowed)


def test_every_unit_of_every_frame_is_a_valid_focus(study):
    for frame in study.frames:
        for unit in study.units(frame):
            s = default_scenario(study, frame=frame, focus=unit)
            assert s.focus == unit and s.top_n == min(study.goal_rank, frame)


def test_switching_frame_maps_the_focus_by_the_merger_rule(study):
    assert default_scenario(study, frame=63, focus="ha-giang").with_values().focus == "ha-giang"
    s, problems = scenario_from_params(study, {"frame": "34", "unit": "ha-giang"})
    assert s.focus == "tuyen-quang" and [p.key for p in problems] == ["unit"]
    s, problems = scenario_from_params(study, {"frame": "63", "unit": "hue"})
    assert study.to_unit34[s.focus] == "hue" and [p.key for p in problems] == ["unit"]


# ============================================================================ no literals in the code
SCANNED = sorted([*(ROOT / "model").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "app.py"])
YEAR_LIKE = range(2000, 2036)
#: The only year-like constants allowed outside the data: (file, name assigned, value) → why.
ALLOWED_YEAR_LIKE: dict[tuple[str, str, int], str] = {
    ("model/scenario.py", "DEFAULT_SEED", 2030): "a random seed, not a year (kept so that old links reproduce)",
    ("model/targets/vocabulary.py", "PROJECTION_YEARS", 2025): "the plan's target years; a test keeps them equal to targets.csv",
    ("model/targets/vocabulary.py", "PROJECTION_YEARS", 2030): "the plan's target years; a test keeps them equal to targets.csv",
    ("model/data.py", "YEAR_RANGE", 2000): "bounds of a plausible year when validating data files",
    ("model/data.py", "YEAR_RANGE", 2035): "bounds of a plausible year when validating data files",
    ("model/userdata/codes.py", "YEAR_MIN", 2000): "bounds of a plausible year of a planner's figure",
    ("model/userdata/codes.py", "YEAR_MAX", 2035): "bounds of a plausible year of a planner's figure",
    ("model/userdata/codes.py", "ABOLISHED_AFTER", 2025): "an administrative fact: the district level ended on 1 July 2025",
    ("ui/slots.py", "SLOT_MAX_CHARS", 2000): "a length in characters, not a year",
}
#: Names whose value is a goal rank when assigned a literal, e.g. ``GOAL_TOP = 15``.
GOAL_NAMES = ("goal", "top")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function, attribute)."""
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _assigned_names(tree: ast.AST) -> dict[int, str]:
    """id of every node inside an assignment or keyword argument → the innermost name it is
    assigned to (``A, B = 1, 2`` gives each value its own name)."""
    out: dict[int, str] = {}
    for node in ast.walk(tree):  # outer nodes first: an inner assignment or keyword overrides
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id if isinstance(t, ast.Name) else getattr(t, "attr", "") for t in targets]
            for inner in ast.walk(node.value):
                out[id(inner)] = next((n for n in names if n), "")
            first = targets[0]
            if isinstance(first, ast.Tuple) and isinstance(node.value, ast.Tuple) and len(first.elts) == len(node.value.elts):
                for target, item in zip(first.elts, node.value.elts, strict=True):
                    for inner in ast.walk(item):
                        out[id(inner)] = getattr(target, "id", "")
        elif isinstance(node, ast.keyword) and node.arg:
            for inner in ast.walk(node.value):
                out[id(inner)] = node.arg
    return out


def literal_findings(paths: list[Path] | None = None) -> list[str]:
    """Every literal of the focus unit, a year, the goal or a lever set in ``paths`` (default:
    :data:`SCANNED`)."""
    main = set(MAIN_INDICES)
    found = []
    for path in SCANNED if paths is None else paths:
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs, names = _docstrings(tree), _assigned_names(tree)
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Constant) and id(node) not in docs and not isinstance(node.value, bool):
                value, name = node.value, names.get(id(node), "")
                if isinstance(value, str) and (HA_TINH in value or "dti_top15" in value):
                    found.append(f"{where}: string {value[:60]!r}")
                elif isinstance(value, int | float) and value in YEAR_LIKE and float(value).is_integer():
                    if (rel, name, int(value)) not in ALLOWED_YEAR_LIKE:
                        found.append(f"{where}: year-like {value!r} (in {name or 'an expression'})")
                elif isinstance(value, int) and value == 15 and any(g in name.lower() for g in GOAL_NAMES):
                    found.append(f"{where}: goal rank {value!r} assigned to {name}")
            elif isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
                items = node.keys if isinstance(node, ast.Dict) else node.elts
                ids = {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)} & main
                if len(ids) >= 2 and ids != main:  # some main indices but not the catalogue of all 8
                    found.append(f"{where}: lever set {sorted(ids)}")
    return found


def test_the_scanner_finds_what_it_looks_for(tmp_path, monkeypatch):
    # each kind of literal, and what is allowed, on a small file scanned the same way
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstring naming ha-tinh and 2024 is fine."""\n'
        'FOCUS = "ha-tinh"\n'
        "BASE_YEAR = 2024\n"
        "GOAL_TOP = 15\n"
        "FONT_SIZE = 15\n"
        'LEVERS = ("infrastructure", "gov_activity")\n'
        "def f(x):\n"
        '    """2023 in a docstring."""\n'
        "    return x == 2023.0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.SCANNED", [sample])
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    found = literal_findings()
    assert [line.split(": ", 1)[0] for line in found] == ["sample.py:2", "sample.py:3", "sample.py:4", "sample.py:6", "sample.py:9"]


def test_no_literal_of_focus_year_goal_or_lever_set_in_the_model():
    found = literal_findings([p for p in SCANNED if p.is_relative_to(ROOT / "model")])
    assert found == [], "literals outside the study and the data:\n" + "\n".join(found)


def test_no_literal_of_focus_year_goal_or_lever_set_in_the_ui_and_pages():
    found = literal_findings([p for p in SCANNED if not p.is_relative_to(ROOT / "model")])
    assert found == [], "literals outside the study and the data:\n" + "\n".join(found)


def test_every_allowed_year_like_constant_still_exists():
    # an entry of the allow-list that matches nothing is stale: remove it
    seen = set()
    for path in SCANNED:
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _assigned_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
                seen.add((rel, names.get(id(node), ""), node.value))
    assert set(ALLOWED_YEAR_LIKE) <= seen, set(ALLOWED_YEAR_LIKE) - seen


def test_projection_years_are_the_target_years_of_targets_csv(ds):
    from model.targets.vocabulary import PROJECTION_YEARS

    assert PROJECTION_YEARS == tuple(sorted(set(ds.targets["target_year"].astype(int))))


def test_the_seed_default_is_a_seed_not_the_goal_year(study):
    from model.scenario import DEFAULT_SEED, STATIC_BY_NAME

    assert STATIC_BY_NAME["seed"].default == DEFAULT_SEED == 2030
    assert default_scenario(study).seed == DEFAULT_SEED  # the first release's default: old links


# ============================================================================ a new DTI year is data
@pytest.fixture(scope="module")
def new_year(tmp_path_factory):
    """(folder, dataset, study, generated main indices) of a copy of data/ with a generated year."""
    folder = tmp_path_factory.mktemp("new-year") / "data"
    shutil.copytree(default_data_dir(), folder)
    generated = write_generated_year(folder)
    ds = load_dataset(folder)  # checksums verified: the sidecars were updated
    return folder, ds, build_study(ds), generated


def test_the_generated_year_never_lands_in_data():
    shipped = load_dataset()
    assert NEW_YEAR not in set(shipped.scores["year"]) and NEW_YEAR not in set(shipped.components["year"])
    assert "generated" not in (default_data_dir() / "dti_scores.csv").read_text(encoding="utf-8")


def test_a_new_year_becomes_the_last_observed_year(new_year):
    _, _, study, _ = new_year
    assert study.last_year == NEW_YEAR
    assert study.frame_info[34].last_year == NEW_YEAR and study.frame_info[34].years == (2022, 2023, 2024, 2025)
    assert study.sim_years(34) == tuple(range(NEW_YEAR + 1, 2031))
    # the 63 frame has no 2025 table: it still starts from its own last year
    assert study.frame_info[63].last_year == 2024 and study.sim_years(63) == tuple(range(2025, 2031))
    assert study.years == tuple(range(2026, 2031)) and study.horizon == 2030
    # the only frame reaching the last year is the 34 one: the estimation uses it
    assert study.estimation_frame == 34 and study.estimation_years == (2022, 2023, 2024, 2025)
    assert study.lever_indices == MAIN_INDICES
    # the units' order is the new year's ranking
    ds = new_year[1]
    ranks = ds.scores[(ds.scores["universe"] == 34) & (ds.scores["year"] == NEW_YEAR)].set_index("unit_id")["dti_rank"]
    assert [int(ranks[u]) for u in study.units(34)] == sorted(int(r) for r in ranks)


def test_lever_caps_follow_the_new_year(new_year, study):
    _, _, new_study, generated = new_year
    caps = new_study.lever_caps(34, HA_TINH)
    assert caps == {k: max(0.0, round(1.0 - float(generated.loc[HA_TINH, k]), 2)) for k in MAIN_INDICES}
    assert caps != study.lever_caps(34, HA_TINH)  # the generated values moved
    assert new_study.lever_caps(63, HA_TINH) == study.lever_caps(63, HA_TINH)  # the 63 frame: still 2024


@pytest.mark.parametrize("frame", [34, 63])
def test_the_forecast_runs_from_each_frame_s_last_year(new_year, frame):
    _, ds, study, _ = new_year
    scenario = default_scenario(study, frame=frame, focus=HA_TINH, draws=1000)
    setup = engine.setup_for(ds, study, scenario)
    assert setup.base_year == study.frame_info[frame].last_year and setup.years == study.sim_years(frame)
    result = engine.rank_forecast(ds, study, scenario)
    assert list(result.baseline.years) == list(study.sim_years(frame))
    for s in (result.baseline, result.scenario):
        assert ((s.p_top >= 0) & (s.p_top <= 1)).all()
        assert (s.rank_p10 <= s.median_rank).all() and (s.median_rank <= s.rank_p90).all() and (s.rank_p90 <= frame).all()
    lever = default_scenario(study, frame=frame, focus=HA_TINH, draws=1000, levers={"society_activity": 0.2})
    moved = engine.rank_forecast(ds, study, lever)
    assert (moved.scenario.p_top >= result.scenario.p_top).all() and moved.scenario.p_top[-1] > result.scenario.p_top[-1]


def test_the_default_link_opens_on_the_new_year(new_year):
    _, _, study, _ = new_year
    s, problems = scenario_from_params(study, {})
    assert problems == [] and s == default_scenario(study)
    assert (s.focus, s.frame, s.top_n, s.year) == (HA_TINH, 34, 15, 2030)
    assert s.push_start == NEW_YEAR + 2 and s.to_params(study) == {}
    # a first-release link still opens (its levers within the new headroom)
    old, problems = scenario_from_params(study, {"lv_infra": "0.1", "frame": "63", "year": "2028"})
    assert problems == [] and old.lever("infrastructure") == 0.1 and old.frame == 63


def test_the_backtest_gains_the_new_origin(new_year):
    _, ds, study, _ = new_year
    pooled = backtest.backtest_all(ds, study, n_draws=2000)
    origins = {(r.frame, r.year) for r in pooled.results}
    assert origins == {(34, 2024), (34, NEW_YEAR), (63, 2024)}
    new = next(r for r in pooled.results if (r.frame, r.year) == (34, NEW_YEAR))
    assert new.fit_years == (2022, 2023, 2024) and new.n_units == 34
    assert 0.0 <= new.coverage_80 <= 1.0 and 0.0 <= new.brier_model <= 1.0


def run_cli(*args: str) -> list[dict]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["forecast", *args]) == 0
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def test_the_cli_reads_another_data_folder(new_year, monkeypatch):
    folder, _, study, _ = new_year
    monkeypatch.setenv("MODEL_DATA_DIR", str(folder))
    rows = run_cli("--draws", "500", "--seed", "3")
    assert [r["year"] for r in rows] == list(range(NEW_YEAR + 1, 2031))
    assert {(r["focus"], r["frame"], r["top_n"]) for r in rows} == {(HA_TINH, 34, 15)}
    assert all(0 <= r["p_top"] <= 1 for r in rows)
    rows63 = run_cli("--frame", "63", "--draws", "500", "--seed", "3")
    assert [r["year"] for r in rows63] == list(range(2025, 2031))
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["units", "--frame", "34"]) == 0
    units = [json.loads(line)["unit_id"] for line in buf.getvalue().splitlines()]
    assert units == list(study.units(34))


# ============================================================================ the CLI for every unit
def test_cli_forecast_for_every_unit_of_the_34_frame(study):
    units = study.units(34)
    assert len(units) == 34
    for i, unit in enumerate(units):
        top = 1 + i % 31  # N and N + 3 within the frame
        low = run_cli("--frame", "34", "--focus", unit, "--top", str(top), "--draws", "500", "--seed", "11")
        high = run_cli("--frame", "34", "--focus", unit, "--top", str(top + 3), "--draws", "500", "--seed", "11")
        assert [r["year"] for r in low] == list(study.sim_years(34))
        for a, b in zip(low, high, strict=True):
            assert a["focus"] == b["focus"] == unit and a["frame"] == 34 and (a["top_n"], b["top_n"]) == (top, top + 3)
            assert 0.0 <= a["p_top"] <= b["p_top"] <= 1.0, (unit, a, b)
            assert 1 <= a["rank_p10"] <= a["median_rank"] <= a["rank_p90"] <= 34
            # the rank band does not depend on N
            assert (a["median_rank"], a["rank_p10"], a["rank_p90"]) == (b["median_rank"], b["rank_p10"], b["rank_p90"])
        if i in (0, 16, 33):  # top, middle and bottom of the ranking: deterministic by seed
            assert run_cli("--frame", "34", "--focus", unit, "--top", str(top), "--draws", "500", "--seed", "11") == low
            other = run_cli("--frame", "34", "--focus", unit, "--top", str(top), "--draws", "500", "--seed", "12")
            assert other != low


def test_cli_refuses_a_focus_outside_the_frame(capsys):
    assert main(["forecast", "--frame", "34", "--focus", "ha-giang"]) == 2
    err = capsys.readouterr().err
    assert "ha-giang" in err and "tuyen-quang" in err
    assert main(["forecast", "--focus", "atlantis"]) == 2
    assert "atlantis" in capsys.readouterr().err
    assert main(["forecast", "--draws", str(10**9)]) == 2
    assert "--draws" in capsys.readouterr().err


# ============================================================================ backtest of every origin
@pytest.fixture(scope="module")
def pooled(ds, study):
    return backtest.backtest_all(ds, study)  # the README's settings: 10,000 draws, seed 2030


def test_backtest_covers_every_frame_and_origin(pooled):
    assert {(r.frame, r.year, r.fit_years) for r in pooled.results} == {(34, 2024, (2022, 2023)), (63, 2024, (2022, 2023))}
    for r in pooled.results:
        assert r.n_units == r.frame == len(r.per_unit) and r.top_n == 15 and r.n_draws == 10_000
        assert list(r.per_unit.columns) == ["unit_id", "rank_last", "rank_actual", "median", "p10", "p90", "p_top"]


def test_backtest_63_frame_figures_are_the_readme_s(ds, study, pooled):
    r = next(r for r in pooled.results if r.frame == 63)
    assert round(r.coverage_80, 3) == 0.778
    assert (round(r.mae_model, 2), round(r.mae_persistence, 2)) == (9.70, 9.62)
    assert (round(r.brier_model, 3), round(r.brier_persistence, 3), round(r.brier_base_rate, 3)) == (0.104, 0.127, 0.181)
    # the single backtest of the estimation frame is the same computation
    single = backtest.backtest(ds, study)
    assert (single.frame, single.year) == (63, 2024) and single.as_dict() == r.as_dict()


def test_pooled_figures_are_the_unit_weighted_means(pooled):
    n = np.array([r.n_units for r in pooled.results], dtype=float)
    assert pooled.n_cases == int(n.sum()) == 97
    for name in ("coverage_80", "brier_model", "brier_persistence", "brier_base_rate", "mae_model", "mae_persistence"):
        expected = float(np.sum(n * [getattr(r, name) for r in pooled.results]) / n.sum())
        assert getattr(pooled, name) == pytest.approx(expected, abs=1e-12), name
        # a mean of the cases: the same as pooling the per-unit rows
    cases = pd.concat([r.per_unit for r in pooled.results])
    hit = (cases["rank_actual"] >= cases["p10"]) & (cases["rank_actual"] <= cases["p90"])
    assert pooled.coverage_80 == pytest.approx(float(hit.mean()), abs=1e-12)
    outcome = (cases["rank_actual"] <= 15).astype(float)
    assert pooled.brier_model == pytest.approx(float(((cases["p_top"] - outcome) ** 2).mean()), abs=1e-12)
    assert pooled.brier_model < pooled.brier_persistence < pooled.brier_base_rate
    as_dict = pooled.as_dict()
    assert set(as_dict) == {"pooled", "origins"} and len(as_dict["origins"]) == 2

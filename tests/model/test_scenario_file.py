"""The scenario file: round trip, every rejection with its code and location, fuzzing."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.scenario import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DRAWS,
    Scenario,
    ScenarioError,
    default_scenario,
)
from model.scenario_file import (
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    ScenarioFileResult,
    dump_scenario_file,
    load_scenario_file,
)
from model.userdata.codes import MAX_ROWS, USER_SOURCE
from model.userdata.reading import parse_upload
from model.userdata.validation import known_indicators_from
from text.problems import message

CORPUS = Path(__file__).parents[1] / "corpus" / "uploads"
SAVED_AT = "2026-11-20T09:30:00+07:00"


@pytest.fixture(scope="module")
def known(ds) -> dict[str, str]:
    return known_indicators_from(ds.targets, ds.indicators)


@pytest.fixture(scope="module")
def figures(known) -> pd.DataFrame:
    """Five good figures as an upload gives them (one note with Vietnamese text)."""
    data = (CORPUS / "good_vi_excel.csv").read_bytes()
    good = parse_upload(data, "good_vi_excel.csv", known).good
    assert len(good) == 5
    return good


#: A scenario with every kind of field away from its default (written out in full: a
#: Scenario has no study-dependent defaults; loading it checks it against the study).
SCENARIO = Scenario(
    focus="ha-tinh",
    frame=63,
    top_n=20,
    year=2028,
    push_start=2027,
    seed=7,
    draws=8000,
    levers={"infrastructure": 0.12, "society_activity": 0.3},
    others_pace=1.25,
    status_method="un2023",
    trend_multiplier=0.7,
    pushes=(("fiber_households", 1.5), ("smartphones", -2.0)),
    strengths=(("dvc_level4", 0.4),),
)


def load(data: bytes, study, known) -> ScenarioFileResult:
    return load_scenario_file(data, study=study, known_indicators=known)


def valid_doc(figures: pd.DataFrame | None = None) -> dict:
    return json.loads(dump_scenario_file(SCENARIO, figures, saved_at=SAVED_AT))


def encode(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def assert_refused(result: ScenarioFileResult) -> None:
    """All-or-nothing: nothing is returned, and every problem is explained in both languages."""
    assert result.scenario is None and result.observations is None and not result.ok
    assert result.problems
    for p in result.problems:
        assert p.code and p.location and message(p, "vi") and message(p, "en")
        assert message(p, "vi") != message(p, "en")


# ----------------------------------------------------------------------------- round trip


def test_round_trip_restores_scenario_and_figures_byte_for_byte(figures, study, known):
    data = dump_scenario_file(SCENARIO, figures, saved_at=SAVED_AT)
    result = load(data, study, known)
    assert result.ok and result.problems == ()
    assert result.scenario == SCENARIO
    assert result.saved_at == SAVED_AT
    pd.testing.assert_frame_equal(result.observations, figures.reset_index(drop=True))
    again = dump_scenario_file(result.scenario, result.observations, saved_at=result.saved_at)
    assert again == data


def test_file_layout_is_sorted_utf8_json_with_the_format_name(figures):
    data = dump_scenario_file(SCENARIO, figures, saved_at=None)
    text = data.decode("utf-8")
    assert text.endswith("}\n") and "ước tính của Sở KH&CN" in text  # readable, not \u escapes
    doc = json.loads(text)
    assert list(doc) == ["format", "observations", "saved_at", "scenario", "version"]
    assert doc["format"] == FORMAT_NAME and doc["version"] == FORMAT_VERSION
    assert doc["saved_at"] is None
    assert doc["scenario"] == SCENARIO.to_dict()
    assert doc["observations"][0] == {
        "indicator_id": "fiber_households",
        "year": 2023,
        "value": 79.4,
        "note": "ước tính của Sở KH&CN",
        "source": USER_SOURCE,
    }
    assert dump_scenario_file(SCENARIO, figures) == data  # deterministic


def test_numbers_are_written_in_their_declared_types(study, scenario, known):
    # what a careless caller might pass: whole numbers for float fields
    loose = scenario(others_pace=1, levers={"gov_activity": 0.2}, pushes={"fiber_households": 2})
    doc = json.loads(dump_scenario_file(loose, None))
    assert doc["scenario"]["draws"] == 4000 and isinstance(doc["scenario"]["draws"], int)
    for name in ("frame", "top_n", "year", "push_start", "seed"):
        assert type(doc["scenario"][name]) is int, name
    assert type(doc["scenario"]["others_pace"]) is float
    assert doc["scenario"]["levers"] == {"gov_activity": 0.2}
    assert type(doc["scenario"]["pushes"]["fiber_households"]) is float
    result = load(dump_scenario_file(loose, None), study, known)
    assert result.ok and result.scenario == loose
    # a float where a whole number belongs is refused on construction, naming the field
    for name, value in (("draws", 6000.0), ("frame", 63.0), ("year", 2028.0)):
        with pytest.raises(ScenarioError) as info:
            loose.with_values(**{name: value})
        assert info.value.field == name


@pytest.mark.parametrize("figures_in", [None, "empty"])
def test_no_figures_give_none(figures_in, figures, study, scenario, known):
    obs = figures.iloc[0:0] if figures_in == "empty" else None
    result = load(dump_scenario_file(scenario(), obs), study, known)
    assert result.ok and result.scenario == scenario() and result.observations is None
    assert json.loads(dump_scenario_file(scenario(), obs))["observations"] == []


def test_optional_parts_may_be_left_out(study, scenario, known):
    minimal = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "scenario": {"draws": 2000}}
    result = load(encode(minimal), study, known)
    assert result.ok
    assert result.scenario == scenario(draws=2000)  # missing fields take their defaults
    assert result.observations is None and result.saved_at is None
    with_bom = b"\xef\xbb\xbf" + encode(minimal)  # Notepad on Windows adds one
    assert load(with_bom, study, known).scenario == scenario(draws=2000)


def test_formula_in_a_note_is_neutralised_not_executed(figures, study, known):
    doc = valid_doc(figures)
    doc["observations"][1]["note"] = '=HYPERLINK("http://evil.example","x")'
    result = load(encode(doc), study, known)
    assert result.ok
    assert result.observations["note"].iloc[1] == '\'=HYPERLINK("http://evil.example","x")'


def test_dump_refuses_a_non_finite_figure(figures):
    bad = figures.copy()
    bad.loc[0, "value"] = math.nan
    with pytest.raises(ValueError, match="not finite"):
        dump_scenario_file(SCENARIO, bad)
    assert not figures["value"].isna().any()  # the caller's frame is untouched


# ----------------------------------------------------------------------------- rejections


def _set(path: tuple, value):
    """A mutation of the valid document: set ``path`` (keys / list indices) to ``value``."""

    def apply(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return doc

    return apply


def _delete(path: tuple):
    def apply(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
        return doc

    return apply


def _append_copy(index: int, **changes):
    def apply(doc):
        doc["observations"].append({**doc["observations"][index], **changes})
        return doc

    return apply


DOC_CASES = {
    # name: (mutation of the valid document, expected (code, location) pairs, in order)
    "wrong format name": (_set(("format",), "excel"), [("wrong_format", "format")]),
    "format missing": (_delete(("format",)), [("wrong_format", "format")]),
    "newer version": (_set(("version",), FORMAT_VERSION + 1), [("wrong_version", "version")]),
    "version 0": (_set(("version",), 0), [("wrong_version", "version")]),
    "version as text": (_set(("version",), "1"), [("wrong_version", "version")]),
    "version true": (_set(("version",), True), [("wrong_version", "version")]),
    "unknown top-level key": (_set(("colour",), "red"), [("unknown_key", "colour")]),
    "empty top-level key": (_set(("",), 1), [("unknown_key", '""')]),
    "scenario missing": (_delete(("scenario",)), [("missing_key", "scenario")]),
    "scenario not an object": (_set(("scenario",), [1, 2]), [("bad_type", "scenario")]),
    "unknown scenario field": (
        _set(("scenario", "colour"), "red"),
        [("unknown_key", "scenario.colour")],
    ),
    "draws above the cap": (
        _set(("scenario", "draws"), MAX_DRAWS + 500),
        [("out_of_range", "scenario.draws")],
    ),
    "huge draws": (_set(("scenario", "draws"), 10**30), [("out_of_range", "scenario.draws")]),
    "negative draws": (_set(("scenario", "draws"), -500), [("out_of_range", "scenario.draws")]),
    "draws as words": (_set(("scenario", "draws"), "many"), [("not_a_number", "scenario.draws")]),
    "draws null": (_set(("scenario", "draws"), None), [("bad_type", "scenario.draws")]),
    "lever as a list": (
        _set(("scenario", "levers", "infrastructure"), [0.1]),
        [("not_a_number", "scenario.levers.infrastructure")],
    ),
    "lever above 1": (
        _set(("scenario", "levers", "infrastructure"), 1.5),
        [("out_of_range", "scenario.levers.infrastructure")],
    ),
    "lever above the focus unit's headroom": (
        _set(("scenario", "levers", "infrastructure"), 0.3),  # Hà Tĩnh's 2024 headroom: 0.25
        [("above_headroom", "scenario.levers.infrastructure")],
    ),
    "unknown lever id": (
        _set(("scenario", "levers", "colour"), 0.1),
        [("unknown_key", "scenario.levers.colour")],
    ),
    "unknown lever id that looks like a first-release key": (
        _set(("scenario", "levers", "aware"), 0.1),  # lv_aware is awareness's URL key
        [("unknown_key", "scenario.levers.aware")],
    ),
    "levers not an object": (
        _set(("scenario", "levers"), [0.1]),
        [("bad_type", "scenario.levers")],
    ),
    "focus not a unit": (
        _set(("scenario", "focus"), "atlantis"),
        [("not_a_choice", "scenario.focus")],
    ),
    "year outside the forecast years": (
        _set(("scenario", "year"), 2024),
        [("out_of_range", "scenario.year")],
    ),
    "frame not a choice": (_set(("scenario", "frame"), 35), [("not_a_choice", "scenario.frame")]),
    "top N above the frame": (
        _set(("scenario", "top_n"), 40),  # the valid document has frame 63: use 34
        None,
    ),
    "unknown push target": (
        _set(("scenario", "pushes", "nope"), 1.0),
        [("unknown_key", "scenario.pushes.nope")],
    ),
    "push out of range": (
        _set(("scenario", "pushes", "fiber_households"), 99.0),
        [("out_of_range", "scenario.pushes.fiber_households")],
    ),
    "pushes not an object": (
        _set(("scenario", "pushes"), [1]),
        [("bad_type", "scenario.pushes")],
    ),
    "strength as text": (
        _set(("scenario", "strengths", "dvc_level4"), "0.4"),
        [("not_a_number", "scenario.strengths.dvc_level4")],
    ),
    "saved_at not a date": (_set(("saved_at",), "yesterday"), [("bad_value", "saved_at")]),
    "saved_at a number": (_set(("saved_at",), 20261120), [("bad_type", "saved_at")]),
    "observations not a list": (
        _set(("observations",), {"a": 1}),
        [("bad_type", "observations")],
    ),
    "observation not an object": (
        _set(("observations", 2), "fiber_households,2024,1"),
        [("bad_type", "observations[2]")],
    ),
    "share above 100": (
        _set(("observations", 1, "value"), 130.0),
        [("share_out_of_range", "observations[1].value")],
    ),
    "negative share": (
        _set(("observations", 1, "value"), -0.5),
        [("share_out_of_range", "observations[1].value")],
    ),
    "value as a formula": (
        _set(("observations", 3, "value"), "=1+1"),
        [("formula", "observations[3].value")],
    ),
    "unknown indicator": (
        _set(("observations", 0, "indicator_id"), "<script>alert(1)</script>"),
        [("unknown_indicator", "observations[0].indicator_id")],
    ),
    "future year": (
        _set(("observations", 4, "year"), 2099),
        [("year_out_of_range", "observations[4].year")],
    ),
    "value missing": (
        _set(("observations", 0, "value"), None),
        [("missing_key", "observations[0].value")],
    ),
    "year key missing": (
        _delete(("observations", 0, "year")),
        [("missing_key", "observations[0].year")],
    ),
    "unknown observation key": (
        _set(("observations", 0, "colour"), "red"),
        [("unknown_key", "observations[0].colour")],
    ),
    "source not the user's": (
        _set(("observations", 0, "source"), "shipped"),
        [("bad_value", "observations[0].source")],
    ),
    "note not text": (_set(("observations", 0, "note"), 5), [("bad_type", "observations[0].note")]),
    "duplicate figure": (
        _append_copy(1, value=50.0),
        [("duplicate", "observations[1].year"), ("duplicate", "observations[5].year")],
    ),
}


@pytest.mark.parametrize("name", list(DOC_CASES))
def test_each_bad_document_is_refused_with_code_and_location(name, figures, study, known):
    mutate, expected = DOC_CASES[name]
    doc = mutate(valid_doc(figures))
    if name == "top N above the frame":
        doc["scenario"]["frame"] = 34
        expected = [("out_of_range", "scenario.top_n")]
    result = load(encode(doc), study, known)
    assert_refused(result)
    assert [(p.code, p.location) for p in result.problems] == expected
    for p in result.problems:  # the message names the place, in both languages
        if p.code not in ("wrong_format", "wrong_version"):
            assert p.location in message(p, "en") and p.location in message(p, "vi")


def test_several_problems_are_all_named(figures, study, known):
    doc = valid_doc(figures)
    doc["scenario"]["draws"] = 10**9
    doc["scenario"]["seed"] = "abc"
    doc["observations"][2]["value"] = "n/a"
    result = load(encode(doc), study, known)
    assert_refused(result)
    assert {(p.code, p.location) for p in result.problems} == {
        ("out_of_range", "scenario.draws"),
        ("not_a_number", "scenario.seed"),
        ("not_numeric", "observations[2].value"),
    }


BYTE_CASES = {
    "empty": (b"", "empty_file", "file"),
    "blank": (b" \n\t ", "empty_file", "file"),
    "not JSON": (b"frame=34&draws=4000", "not_json", "line 1, column 1"),
    "truncated JSON": (b'{"format": "hatinh-dx-scenario", "vers', "not_json", "line 1, column 34"),
    "JSON list": (b"[1, 2, 3]", "not_an_object", "file"),
    "JSON string": (b'"hatinh-dx-scenario"', "not_an_object", "file"),
    "deeply nested": (b'{"a":' * 40 + b"1" + b"}" * 40, "too_deep", "file"),
    "nested past the recursion limit": (b"[" * 100_000 + b"]" * 100_000, "too_deep", "file"),
    "a 5000-digit number": (b'{"format": ' + b"9" * 5000 + b"}", "not_json", "file"),
    "a binary file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not_utf8", "byte 0"),
    "UTF-16": ('{"format": "hatinh-dx-scenario"}'.encode("utf-16"), "not_utf8", "byte 0"),
    "empty key": (b'{"": 1}', "wrong_format", "format"),
    "duplicated key": (
        b'{"format": "hatinh-dx-scenario", "format": "hatinh-dx-scenario"}',
        "duplicate_key",
        "format",
    ),
}


@pytest.mark.parametrize("name", list(BYTE_CASES))
def test_unreadable_bytes_are_refused_with_code_and_location(name, study, known):
    data, code, location = BYTE_CASES[name]
    result = load(data, study, known)
    assert_refused(result)
    assert [(p.code, p.location) for p in result.problems] == [(code, location)]


def test_a_bad_byte_inside_a_valid_file_is_located(figures, study, known):
    data = dump_scenario_file(SCENARIO, figures)
    at = data.index(b"hatinh-dx")
    broken = data[:at] + b"\xff" + data[at + 1 :]
    result = load(broken, study, known)
    assert [(p.code, p.location) for p in result.problems] == [("not_utf8", f"byte {at}")]
    with_bom = b"\xef\xbb\xbf" + broken  # counted in the file's own bytes
    result = load(with_bom, study, known)
    assert [(p.code, p.location) for p in result.problems] == [("not_utf8", f"byte {at + 3}")]


def test_too_large_and_too_many_figures(figures, study, known):
    big = dump_scenario_file(SCENARIO, figures)[:-2] + b" " * MAX_FILE_BYTES + b"}\n"
    result = load(big, study, known)
    assert_refused(result)
    assert [(p.code, p.location) for p in result.problems] == [("too_large", "file")]
    assert f"{len(big):,}" in message(result.problems[0], "en")

    doc = valid_doc(None)
    row = {"indicator_id": "fiber_households", "year": 2024, "value": 1.0}
    doc["observations"] = [row] * (MAX_ROWS + 1)
    result = load(encode(doc), study, known)
    assert [(p.code, p.location) for p in result.problems] == [("too_many_rows", "observations")]


def test_problem_list_is_capped(study, known):
    doc = valid_doc(None)
    doc["scenario"]["pushes"] = {f"nope{i}": 1.0 for i in range(500)}
    result = load(encode(doc), study, known)
    assert_refused(result)
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert result.problems[-1].code == "too_many_problems"


def test_keys_from_the_file_are_shown_as_safe_text(figures, study, known):
    doc = valid_doc(figures)
    doc["scenario"]["<script>\u202e" + "x" * 100] = 1
    result = load(encode(doc), study, known)
    (problem,) = result.problems
    assert problem.code == "unknown_key"
    assert problem.location == "scenario.?script??" + "x" * 28 + "..."
    assert "<" not in message(problem, "en") and "\u202e" not in message(problem, "vi")


# ----------------------------------------------------------------------------- fuzzing


def assert_all_or_nothing(result: ScenarioFileResult, study, known) -> None:
    if result.ok:
        assert result.problems == () and isinstance(result.scenario, Scenario)
        assert result.scenario.draws <= MAX_DRAWS
        obs = result.observations
        if obs is not None:
            assert list(obs.columns) == ["indicator_id", "year", "value", "note", "source"]
            assert obs["indicator_id"].isin(list(known)).all()
            assert obs["year"].between(2000, 2035).all() and obs["value"].map(math.isfinite).all()
        # what was accepted writes back and reads back to the same thing
        again = dump_scenario_file(result.scenario, obs, saved_at=result.saved_at)
        second = load(again, study, known)
        assert second.ok and second.scenario == result.scenario
        assert dump_scenario_file(second.scenario, second.observations, saved_at=second.saved_at) == again
    else:
        assert_refused(result)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(data, study, known):
    assert_all_or_nothing(load(data, study, known), study, known)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


def _paths(node, prefix=()):
    """Every (path) to a container member of a parsed document."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*prefix, key))
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.append((*prefix, i))
            out.extend(_paths(value, (*prefix, i)))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_valid_files_are_fully_valid_or_fully_refused(data, figures, study, known):
    doc = valid_doc(figures)
    n_mutations = data.draw(st.integers(1, 3), label="mutations")
    for _ in range(n_mutations):
        paths = _paths(doc)
        path = data.draw(st.sampled_from(paths), label="path")
        action = data.draw(st.sampled_from(["replace", "delete", "add"]), label="action")
        node = doc
        for key in path[:-1]:
            node = node[key]
        if action == "replace":
            node[path[-1]] = data.draw(JSON_VALUES, label="value")
        elif action == "delete":
            del node[path[-1]]
        elif isinstance(node, dict):
            node[data.draw(st.text(max_size=12), label="key")] = data.draw(JSON_VALUES)
        else:
            node.append(data.draw(JSON_VALUES, label="item"))
    raw = json.dumps(doc, allow_nan=True).encode("utf-8")
    if data.draw(st.booleans(), label="byte damage"):
        at = data.draw(st.integers(0, len(raw)), label="at")
        raw = raw[:at] + data.draw(st.binary(max_size=4), label="bytes") + raw[at + 2 :]
    assert_all_or_nothing(load(raw, study, known), study, known)


@settings(max_examples=60, deadline=None)
@given(
    draws=st.integers(500, MAX_DRAWS).map(lambda d: d - d % 500),
    lever=st.floats(0, 1),
    pace=st.floats(0.5, 1.5),
    push=st.floats(-10, 20),
    value=st.floats(0, 100),
    note=st.text(max_size=50),
)
def test_valid_scenarios_round_trip(draws, lever, pace, push, value, note, study, known):
    cap = study.lever_caps(study.default_frame, study.plan_unit)["econ_activity"]
    scenario = default_scenario(
        study,
        draws=max(500, draws),
        levers={"econ_activity": lever * cap},
        others_pace=pace,
        pushes=(("fiber_households", push),),
    )
    raw = pd.DataFrame(
        {"indicator_id": ["fiber_households"], "year": [2024], "value": [value], "note": [note]}
    )
    from model.userdata.validation import validate_table

    checked = validate_table(raw, known)
    obs = checked.good if len(checked.good) else None
    data = dump_scenario_file(scenario, obs, saved_at=SAVED_AT)
    result = load(data, study, known)
    assert result.ok and result.scenario == scenario
    if obs is None:
        assert result.observations is None
    else:
        pd.testing.assert_frame_equal(result.observations, obs)
    assert dump_scenario_file(result.scenario, result.observations, saved_at=SAVED_AT) == data


# ----------------------------------------------------------------------------- version 1 files
#: A file saved by the first release (written by its code on f64fb3d): version 1, one
#: ``lever_<main index>`` field per lever, no focus unit (it was always the plan's unit).
V1_FILE = Path(__file__).parents[1] / "fixtures" / "scenario_v1.json"


def test_a_first_release_file_opens_to_the_same_scenario(figures, study, known):
    data = V1_FILE.read_bytes()
    assert json.loads(data)["version"] == 1 and "lever_infrastructure" in json.loads(data)["scenario"]
    result = load(data, study, known)
    assert result.ok and result.problems == ()
    assert result.scenario == SCENARIO.with_values(push_start=2026)  # the first release's default
    assert result.scenario.focus == study.plan_unit
    assert result.saved_at == SAVED_AT
    pd.testing.assert_frame_equal(result.observations, figures.reset_index(drop=True))
    # written back, it is a current-version file of the same scenario
    again = json.loads(dump_scenario_file(result.scenario, result.observations, saved_at=result.saved_at))
    assert again["version"] == FORMAT_VERSION and again["scenario"]["levers"] == {"infrastructure": 0.12, "society_activity": 0.3}


def test_a_first_release_file_with_a_bad_lever_is_refused_and_named(study, known):
    doc = json.loads(V1_FILE.read_bytes())
    doc["scenario"]["lever_infrastructure"] = 1.5
    result = load(encode(doc), study, known)
    assert_refused(result)
    assert [(p.code, p.location) for p in result.problems] == [("out_of_range", "scenario.levers.infrastructure")]
    doc = json.loads(V1_FILE.read_bytes())
    doc["scenario"]["focus"] = "ha-noi"  # not a field of version 1
    result = load(encode(doc), study, known)
    assert_refused(result)
    assert [(p.code, p.location) for p in result.problems] == [("unknown_key", "scenario.focus")]

"""The register (store/) on both engines: migrations from empty, append-only history, keys,
all-or-nothing imports, review, scenario library, dump/restore, bad configuration."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

from model.scenario import scenario_from_params
from model.userdata import known_indicators_from
from store import ImportRefused, KeyRefused, Register, StoreError, parse_url, resolve
from store import db as store_db
from tests.registers import new_register
from text.problems import message as problem_message
from text.register import store_message


@pytest.fixture(scope="module")
def known(ds) -> dict[str, str]:
    return known_indicators_from(ds.targets, ds.indicators)


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request, tmp_path) -> Register:
    return new_register(request.param, request, tmp_path)


def figures(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "year", "value", "note"])


def test_migrations_from_empty_create_every_table_once(register: Register) -> None:
    assert register.migrate() == [1, 2]
    assert register.migrate() == []  # nothing left to apply
    assert register.schema_versions() == [1, 2]
    assert register.current().empty and register.scenarios().empty
    assert register.departments() == []


def test_correction_adds_a_version_and_history_keeps_the_old_value(register: Register, known) -> None:
    key = register.add_editor("Sở TT&TT")
    writer = register.writer("Sở TT&TT", key)
    writer.add_figures(figures(("fiber_households", 2024, 82.4, "ước tính của Sở")), known)
    writer.add_figures(figures(("fiber_households", 2024, 83.1, "số chính thức")), known)
    current = register.current()
    assert len(current) == 1
    row = current.iloc[0]
    assert row["value"] == pytest.approx(83.1, abs=0)
    assert (row["department"], row["status"], row["unit"]) == ("Sở TT&TT", "entered", "%")
    assert row["entered_at"].endswith("Z")
    history = register.history("fiber_households", 2024)
    assert history["value"].tolist() == [82.4, 83.1]
    assert history["version"].tolist() == [1, 2]
    assert history["source_note"].tolist() == ["ước tính của Sở", "số chính thức"]


def test_database_refuses_to_edit_or_delete_a_figure(register: Register, known) -> None:
    writer = register.writer("Sở Tài chính", register.add_editor("Sở Tài chính"))
    writer.add_figures(figures(("epayment_accounts", 2024, 70.0, "")), known)
    with register.connect() as db:
        for sql in ("UPDATE observations SET value = 1", "DELETE FROM observations"):
            with pytest.raises(Exception, match="append-only"):
                with db.transaction():
                    db.execute(sql)
    assert register.current()["value"].tolist() == [70.0]


def test_wrong_key_is_refused_and_nothing_is_written(register: Register, known) -> None:
    key = register.add_editor("Sở TT&TT")
    register.add_editor("Cục Thống kê")
    for department, wrong in (("Sở TT&TT", key + "x"), ("Cục Thống kê", key), ("Sở Nội vụ", key), ("Sở TT&TT", "")):
        with pytest.raises(KeyRefused) as refused:
            register.writer(department, wrong)
        assert refused.value.params == {"role": "editor", "department": department}
        assert store_message(refused.value, "en") == f"Wrong editor key for '{department}': nothing was written."
        assert store_message(refused.value, "vi") == f"Khóa biên tập không đúng cho '{department}': không có gì được ghi."
    with pytest.raises(KeyRefused):
        register.reviewer("Sở TT&TT", key)  # an editor key is not a reviewer key
    assert register.current().empty
    # a new key replaces the old one
    new = register.add_editor("Sở TT&TT")
    with pytest.raises(KeyRefused):
        register.writer("Sở TT&TT", key)
    assert register.writer("Sở TT&TT", new).department == "Sở TT&TT"


def test_import_is_all_or_nothing_with_the_upload_messages(register: Register, known) -> None:
    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    bad = "mã chỉ tiêu;năm;giá trị;ghi chú\nfiber_households;2024;82,4;\nfiber_households;2023;182,0;\n".encode()
    with pytest.raises(ImportRefused) as refused:
        writer.import_file(bad, "so-lieu.csv", known)
    problems = refused.value.result.rejected
    assert [(p.row, p.column, p.reason_code) for p in problems] == [(3, "value", "share_out_of_range")]
    assert "0–100" in problem_message(problems[0], "vi")
    assert register.current().empty  # the good line 2 was not written either
    good = "mã chỉ tiêu;năm;giá trị;ghi chú\nfiber_households;2024;82,4;Sở\nfiber_communes;2024;100;\n".encode()
    receipt = writer.import_file(good, "so-lieu.csv", known)
    assert len(receipt.ids) == 2 and receipt.import_id is not None
    assert register.current()[["indicator_id", "value"]].values.tolist() == [["fiber_communes", 100.0], ["fiber_households", 82.4]]
    with pytest.raises(ImportRefused) as empty:
        writer.import_file(b"", "rong.csv", known)
    assert store_message(empty.value, "en") == "File 'rong.csv' was not written to the register: The file is empty."
    assert store_message(empty.value, "vi") == "Tệp 'rong.csv' không được ghi vào sổ: Tệp rỗng."


def test_failure_mid_import_leaves_none_of_the_file(register: Register, known, monkeypatch) -> None:
    """A write that dies after some rows (here: the 3rd insert raises) rolls back the file."""
    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    real_insert = store_db.Database.insert
    calls = itertools.count()

    def failing_insert(self, sql, params):
        if "INTO observations" in sql and next(calls) == 2:
            raise RuntimeError("server killed")
        return real_insert(self, sql, params)

    monkeypatch.setattr(store_db.Database, "insert", failing_insert)
    table = figures(*[("fiber_households", 2015 + i, 50.0 + i, "") for i in range(5)])
    with pytest.raises(StoreError) as failed:
        writer.add_figures(table, known, file_name="f.csv", file_bytes=b"x")
    assert store_message(failed.value, "en") == "Database error (ghi/write): RuntimeError: server killed. Nothing was written."
    monkeypatch.undo()
    assert register.current().empty
    assert register.dump()["tables"]["imports"] == []


def test_review_adds_a_reviewed_version_and_refuses_a_superseded_one(register: Register, known) -> None:
    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    reviewer_key = register.add_editor("Văn phòng UBND tỉnh", role="reviewer")
    first = writer.add_figures(figures(("fiber_households", 2024, 82.4, "")), known).ids[0]
    second = writer.add_figures(figures(("fiber_households", 2024, 83.0, "")), known).ids[0]
    reviewer = register.reviewer("Văn phòng UBND tỉnh", reviewer_key)
    with pytest.raises(StoreError) as superseded:
        reviewer.mark_reviewed([first])
    assert superseded.value.code == "superseded"
    assert f"fiber_households 2024 was corrected after version {first}" in store_message(superseded.value, "en")
    reviewer.mark_reviewed([second])
    row = register.current().iloc[0]
    assert (row["status"], row["reviewed_by"], row["department"], row["value"]) == ("reviewed", "Văn phòng UBND tỉnh", "Sở TT&TT", 83.0)
    assert register.history()["status"].tolist() == ["entered", "entered", "reviewed"]


def test_saved_scenario_reopens_to_the_same_scenario_and_numbers(register: Register, ds, study, scenario) -> None:
    from model import engine

    target_ids = tuple(ds.targets["target_id"])
    scenario = scenario(draws=600, levers={"infrastructure": 0.05}, others_pace=1.2, top_n=12, pushes=((target_ids[0], 3.5),))
    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    link = "http://localhost:8501/?" + "&".join(f"{k}={v}" for k, v in scenario.to_params(study).items())
    scenario_id = writer.save_scenario("Kịch bản Sở TT&TT, tháng 11", scenario.to_params(study), link)
    listed = register.scenarios()
    assert listed[["name", "department", "link"]].values.tolist() == [["Kịch bản Sở TT&TT, tháng 11", "Sở TT&TT", link]]
    saved = register.scenario(scenario_id)
    reopened, problems = scenario_from_params(study, saved.params)
    assert problems == [] and reopened == scenario
    a = engine.rank_forecast(ds, study, scenario).scenario.p_top
    b = engine.rank_forecast(ds, study, reopened).scenario.p_top
    assert a.tolist() == b.tolist()  # to the digit


def test_scenario_is_deleted_only_by_its_owner(register: Register) -> None:
    tt = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    tc = register.writer("Sở Tài chính", register.add_editor("Sở Tài chính"))
    scenario_id = tt.save_scenario("A", {"lever_infra": "0.05"}, "?lever_infra=0.05")
    with pytest.raises(KeyRefused) as refused:
        tc.delete_scenario(scenario_id)
    assert store_message(refused.value, "en") == "Scenario 'A' was saved by Sở TT&TT; Sở Tài chính's key cannot delete it."
    assert len(register.scenarios()) == 1
    tt.delete_scenario(scenario_id)
    assert register.scenarios().empty


def test_dump_restore_round_trips_exactly(register: Register, known, tmp_path, request) -> None:
    tt = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    register.add_editor("Văn phòng UBND tỉnh", role="reviewer", key="reviewer-key-0001")
    tt.import_file(b"indicator_id,year,value,note\nfiber_households,2024,82.4,\"a, \"\"quoted\"\" note\"\n", "a.csv", known)
    ids = tt.add_figures(figures(("epayment_accounts", 2023, 1 / 3, "một phần ba")), known).ids
    register.reviewer("Văn phòng UBND tỉnh", "reviewer-key-0001").mark_reviewed(ids)
    tt.save_scenario("Kịch bản", {"top": "12"}, "?top=12")
    dump = register.dump()
    text = json.dumps(dump, ensure_ascii=False, sort_keys=True)
    for engine in ("sqlite", "postgresql"):  # into either engine
        target = new_register(engine, request, tmp_path / engine)
        target.migrate()
        counts = target.restore(json.loads(text))
        assert counts == {"editors": 2, "imports": 1, "observations": 3, "scenarios": 1}
        assert json.dumps(target.dump(), ensure_ascii=False, sort_keys=True) == text
        assert target.current()["value"].tolist() == [1 / 3, 82.4]
        # restored keys still work; new rows continue after the restored ids
        new_id = target.writer("Sở TT&TT", tt_key_of(register, target)).add_figures(
            figures(("fiber_households", 2025, 90.0, "")), known).ids[0]
        assert new_id == 4
        with pytest.raises(StoreError) as not_empty:
            target.restore(json.loads(text))
        assert "restore only into an empty register" in store_message(not_empty.value, "en")


def tt_key_of(source: Register, target: Register) -> str:
    """Keys are only stored hashed: give the department a known key in both registers."""
    for reg in (source, target):
        reg.add_editor("Sở TT&TT", key="known-key-for-tests")
    return "known-key-for-tests"


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("mysql://u@h/db", "only postgresql://"),
        ("postgresql://u@h:notaport/db", "invalid port"),
        ("postgresql://u@h:5432/", "database name is missing"),
        ("postgresql:///db", "host name is missing"),
        ("sqlite:///", "file name is missing"),
        ("localhost:5432", "only postgresql://"),
    ],
)
def test_malformed_url_says_what_is_wrong(url: str, fragment: str) -> None:
    with pytest.raises(StoreError) as bad:
        Register(url)
    assert bad.value.code == "bad_url" and fragment in store_message(bad.value, "en")
    assert f"'{url}' không hợp lệ" in store_message(bad.value, "vi")


def test_database_down_is_a_clear_error() -> None:
    from tests.postgres import _free_port

    register = Register(f"postgresql://postgres@127.0.0.1:{_free_port()}/register")
    with pytest.raises(StoreError) as down:
        register.current()
    assert down.value.code == "unreachable"
    assert store_message(down.value, "en").startswith("Cannot reach the PostgreSQL server (")


def test_full_disk_writes_nothing_and_keeps_what_is_stored(tmp_path, known, monkeypatch) -> None:
    register = Register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    writer.add_figures(figures(("fiber_households", 2024, 82.4, "")), known)
    before = register.dump()
    with register.connect() as db:
        pages = db.query("PRAGMA page_count")[0][0]
    # the file may not grow any more: SQLite answers "database or disk is full"
    monkeypatch.setattr(store_db, "SQLITE_PRAGMAS", (*store_db.SQLITE_PRAGMAS, f"PRAGMA max_page_count = {pages}"))
    big = figures(*[("fiber_households", 2000 + i, 50.0, "x" * 200) for i in range(36)])
    with pytest.raises(StoreError) as full:
        writer.add_figures(big, known)
    assert full.value.code == "disk_full"
    assert store_message(full.value, "en") == "The database's disk is full (ghi/write); nothing was written. Tell the administrator."
    monkeypatch.undo()
    assert register.dump() == before


def test_config_order_env_secrets_default(tmp_path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[register]\nurl = "postgresql://u:pw@db.example:5432/reg"\n')
    assert resolve({"HT_REGISTER_URL": "session"}, tmp_path).mode == "session"
    from_secrets = resolve({}, tmp_path)
    assert (from_secrets.mode, from_secrets.display()) == ("postgresql", "postgresql://u:***@db.example:5432/reg")
    default = resolve({"HT_DATA_DIR": str(tmp_path / "data")}, tmp_path / "elsewhere")
    assert default.url == f"sqlite:///{(tmp_path / 'data' / 'register.sqlite3').resolve()}"
    assert parse_url("session").mode == "session"
    with pytest.raises(StoreError) as session:
        Register("session")
    assert store_message(session.value, "en") == "No database is configured: figures stay in this session only."


def test_errors_carry_a_code_and_values_and_survive_pickling(register: Register, known) -> None:
    """The store says what went wrong as a code and values (the words are text/'s); the app's
    cache pickles them, so they must come back whole."""
    import pickle

    writer = register.writer("Sở TT&TT", register.add_editor("Sở TT&TT"))
    bad = figures(("fiber_households", 2024, 82.4, ""), ("fiber_households", 2023, 182.0, ""))
    with pytest.raises(ImportRefused) as refused:
        writer.add_figures(bad, known)
    assert (refused.value.code, refused.value.params) == ("rows_rejected", {"file_name": None, "rows": 1})
    assert store_message(refused.value, "vi").startswith("bảng/table có 1 dòng bị từ chối: không có dòng nào được ghi vào sổ")
    again = pickle.loads(pickle.dumps(refused.value))
    assert type(again) is ImportRefused and again.params == refused.value.params
    assert [p.reason_code for p in again.result.rejected] == ["share_out_of_range"]
    with pytest.raises(StoreError) as no_scenario:
        register.scenario(42)
    assert str(no_scenario.value) == "no_scenario(scenario_id=42)"  # for logs: the code and its values
    assert store_message(pickle.loads(pickle.dumps(no_scenario.value)), "vi") == "Không có kịch bản số 42."


def test_a_long_bad_url_is_cut_in_the_message_not_in_the_error() -> None:
    url = "mysql://" + "x" * 120
    with pytest.raises(StoreError) as bad:
        Register(url)
    assert bad.value.params["url"] == url
    shown = store_message(bad.value, "en")
    assert f"'{url[:79]}…' is not valid: only postgresql://" in shown and url not in shown

"""AppTest: the register page and the register's figures on the target page and briefing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from store import Register

APP = "../../app.py"


@pytest.fixture
def register_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    monkeypatch.setenv("HT_REGISTER_URL", url)
    return url


def open_page(page: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(map(str, parts))


def table_text(at: AppTest) -> str:
    return "\n".join(tbl.value.to_string() for tbl in at.table) + "\n".join(df.value.to_string() for df in at.dataframe)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_register_page_renders_empty_with_instructions(register_url, lang) -> None:
    at = open_page("pages/register.py", lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == ("Sổ đăng ký số liệu của các sở, ngành" if lang == "vi" else "Register of the departments' figures")
    assert "add-editor" in texts(at)


def test_editor_writes_a_figure_wrong_key_refused_target_page_labels_it(register_url) -> None:
    key = Register(register_url).add_editor("Sở TT&TT")
    at = open_page("pages/register.py", "en")
    at.selectbox(key="register_department").set_value("Sở TT&TT")
    at.text_input(key="register_editor_key").set_value("not-the-key-at-all")
    at.selectbox(key="register_indicator").set_value("fiber_households")
    at.number_input(key="register_year").set_value(2025)
    at.number_input(key="register_value").set_value(91.5)
    at.text_input(key="register_note").set_value("Sở TT&TT báo cáo quý III")
    at.button[0].click()  # the figure form's submit (first button on the page)
    at.run()
    assert "Wrong editor key for 'Sở TT&TT': nothing was written." in [e.value for e in at.error]
    assert Register(register_url).current().empty
    at.text_input(key="register_editor_key").set_value(key)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1 figures written to the register, entered by Sở TT" in s.value for s in at.success)
    assert Register(register_url).current()["value"].tolist() == [91.5]
    shown = table_text(at)
    assert ("91.50" in shown or "91,50" in shown) and "Sở TT&TT báo cáo quý III" in shown

    targets = open_page("pages/targets.py", "en")
    assert not targets.exception, [e.value for e in targets.exception]
    assert "Using 1 figures from the register" in texts(targets)
    shown = table_text(targets)
    assert "91.5 % (2025) 📒 register: Sở TT&TT, " in shown


def test_bad_url_or_server_down_is_a_message_and_the_pages_still_work(monkeypatch) -> None:
    from tests.postgres import _free_port

    for url, fragment in (("postgresql://u@h:nope/db", "is not valid"), (f"postgresql://postgres@127.0.0.1:{_free_port()}/r", "Cannot reach")):
        monkeypatch.setenv("HT_REGISTER_URL", url)
        for page in ("pages/register.py", "pages/targets.py"):
            at = open_page(page, "en")
            assert not at.exception, [e.value for e in at.exception]
            warnings = [w.value for w in at.warning]
            assert any(fragment in w and "keeps working on the shipped data" in w for w in warnings), warnings
        assert len(at.table) >= 4  # the target tables are drawn from the shipped data


def test_session_mode_keeps_figures_in_the_session(monkeypatch) -> None:
    monkeypatch.setenv("HT_REGISTER_URL", "session")
    at = open_page("pages/register.py", "en")
    assert "figures entered on the Targets page stay in this session" in texts(at)


def test_full_disk_on_write_is_a_message_and_nothing_changes(register_url, monkeypatch) -> None:
    """SQLite's own error for a full disk (a real one is made in tests/store/test_store.py) reaches
    the page as a message; the figure is not written."""
    import sqlite3

    from store import db as store_db

    register = Register(register_url)
    key = register.add_editor("Sở TT&TT")
    before = register.dump()

    def disk_full(self, sql, params):
        raise sqlite3.OperationalError("database or disk is full")

    at = open_page("pages/register.py", "en")
    monkeypatch.setattr(store_db.Database, "insert", disk_full)
    at.text_input(key="register_editor_key").set_value(key)
    at.number_input(key="register_value").set_value(50.0)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("disk is full" in e.value and "nothing was written" in e.value for e in at.error), [e.value for e in at.error]
    assert at.title[0].value == "Register of the departments' figures"  # the page still draws
    monkeypatch.undo()
    assert register.dump() == before


def test_briefing_rows_say_which_figures_come_from_the_register(ds) -> None:
    import pandas as pd

    from model.targets.assess import assess_targets
    from model.userdata import observations_key
    from store.layers import layered, register_observations
    from ui.export import target_lines

    current = pd.DataFrame(
        {
            "indicator_id": ["fiber_households"], "year": [2025], "value": [91.5], "source_note": ["quý III"],
            "department": ["Sở TT&TT"], "entered_at": ["2026-12-01T08:00:00.000000Z"],
        }
    )
    session = pd.DataFrame({"indicator_id": ["fiber_communes"], "year": [2025], "value": [97.0], "note": [""], "source": ["entered by user"]})
    obs = layered(register_observations(current), session)
    table = assess_targets(ds, user_obs=obs, dti_top15_probability=0.9)
    key = observations_key(obs)
    vi = {line.label: line.latest for line in target_lines(table, "vi", key)}
    en = {line.label: line.latest for line in target_lines(table, "en", key)}
    label_vi = dict(zip(ds.targets["indicator_id"], ds.targets["label_vi"], strict=True))
    label_en = dict(zip(ds.targets["indicator_id"], ds.targets["label_en"], strict=True))
    assert vi[label_vi["fiber_households"]] == "91,5 % (2025) 📒 sổ đăng ký: Sở TT&TT, 2026-12-01"
    assert en[label_en["fiber_households"]] == "91.5% (2025) 📒 register: Sở TT&TT, 2026-12-01"
    assert en[label_en["fiber_communes"]] == "97.0% (2025) ✎"  # the sign alone; the notes say what it means


def test_scenario_saved_from_the_page_keeps_its_link_and_is_deleted_by_its_owner(register_url) -> None:
    from model.scenario import scenario_from_params

    register = Register(register_url)
    key = register.add_editor("Sở TT&TT")
    other = register.add_editor("Sở Tài chính")
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lv_infra"] = "0.05"  # Vietnamese (AppTest drops a lang=en after st.rerun; a browser keeps it)
    at.run()
    at.switch_page("pages/register.py").run()

    def button(label: str):
        return next(b for b in at.button if b.label == label)

    at.text_input(key="register_save_editor_key").set_value(key)
    at.text_input(key="register_scenario_name").set_value("Kịch bản Sở TT&TT, tháng 11")
    button("Lưu kịch bản").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    saved = register.scenarios()
    assert saved[["name", "department"]].values.tolist() == [["Kịch bản Sở TT&TT, tháng 11", "Sở TT&TT"]]
    params = register.scenario(int(saved["id"][0])).params
    from model.data import load_dataset
    from model.study import build_study

    scenario, problems = scenario_from_params(build_study(load_dataset()), params)
    assert problems == [] and scenario.lever("infrastructure") == 0.05
    from urllib.parse import parse_qsl, urlsplit

    assert dict(parse_qsl(urlsplit(saved["link"][0]).query)) == params  # the link opens it

    at.selectbox(key="register_delete_department").set_value("Sở Tài chính")
    at.text_input(key="register_delete_editor_key").set_value(other)
    button("Xóa kịch bản").click()
    at.run()
    assert any("khóa của Sở Tài chính không xóa được" in e.value for e in at.error), [e.value for e in at.error]
    assert len(register.scenarios()) == 1
    at.selectbox(key="register_delete_department").set_value("Sở TT&TT")
    at.text_input(key="register_delete_editor_key").set_value(key)
    button("Xóa kịch bản").click()
    at.run()
    assert register.scenarios().empty


def test_file_import_refused_row_by_row_then_written_and_reviewed(register_url) -> None:
    """The file form: a file with a bad row is refused whole (the reason and the rejected rows
    are shown, nothing is written); the good file is written; a reviewer marks it reviewed
    (a wrong reviewer key changes nothing)."""
    register = Register(register_url)
    key = register.add_editor("Sở TT&TT")
    reviewer_key = register.add_editor("Văn phòng UBND tỉnh", role="reviewer")
    at = open_page("pages/register.py", "en")

    def button(label: str):
        return next(b for b in at.button if b.label == label)

    bad = b"indicator_id,year,value\nfiber_households,2025,88.5\nfiber_households,2024,x\n"
    at.text_input(key="register_file_editor_key").set_value(key)
    at.file_uploader(key="register_upload").upload("bad.csv", bad, "text/csv")
    button("Import the file").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "'bad.csv' has 1 rejected rows: nothing was written to the register (the whole file or nothing). Fix the rows below and upload again." in [
        e.value for e in at.error
    ]
    assert "Rejected rows:" in texts(at)
    rejected = [df.value for df in at.dataframe if list(df.value.columns) == ["Line", "Column", "Reason"]]
    assert [r.values.tolist() for r in rejected] == [[[3, "value", "Line 3, column value: 'x' is not a number"]]]
    assert register.current().empty

    at.file_uploader(key="register_upload").set_value(("good.csv", bad.splitlines(keepends=True)[0] + b"fiber_households,2025,88.5\n", "text/csv"))
    at.text_input(key="register_file_editor_key").set_value(key)
    button("Import the file").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert register.current()["value"].tolist() == [88.5]
    figure_id = int(register.current()["id"][0])

    at.text_input(key="register_reviewer_key").set_value("not-the-reviewer-key")
    at.multiselect(key="register_review_ids").set_value([figure_id])
    button("Mark reviewed").click()
    at.run()
    assert [e.value for e in at.error] == ["Wrong reviewer key for 'Văn phòng UBND tỉnh': nothing was written."]
    assert register.current()["status"].tolist() == ["entered"]
    at.text_input(key="register_reviewer_key").set_value(reviewer_key)
    at.multiselect(key="register_review_ids").set_value([figure_id])
    button("Mark reviewed").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["1 figures marked reviewed."]
    current = register.current()
    assert (current["status"].tolist(), current["reviewed_by"].tolist()) == (["reviewed"], ["Văn phòng UBND tỉnh"])
    assert "Văn phòng UBND tỉnh" in table_text(at)  # the tables show who reviewed it

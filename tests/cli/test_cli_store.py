"""``python -m model store …`` and ``python -m model targets --store URL`` on both engines
(the command line run in process: tests/cli_runner.py)."""

from __future__ import annotations

import json

import pytest

from tests.cli_runner import CliRun, run_cli
from tests.registers import new_register


def model(*args: str, env: dict | None = None) -> CliRun:
    return run_cli(*args, env=env)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_editor_import_targets_dump_restore(engine: str, request, tmp_path) -> None:
    url = new_register(engine, request, tmp_path).config.url
    added = model("store", "--store", url, "add-editor", "Sở TT&TT")
    assert added.code == 0, added.err
    key = added.out.strip()
    assert len(key) >= 16 and "only its hash is stored" in added.err
    figures = tmp_path / "so-lieu.csv"
    figures.write_text("mã chỉ tiêu;năm;giá trị;ghi chú\nfiber_households;2025;88,5;báo cáo quý III\n", encoding="utf-8")

    refused = model("store", "--store", url, "import", "Sở TT&TT", str(figures), env={"HT_EDITOR_KEY": key[::-1]})
    assert refused.code == 1 and "Wrong editor key for 'Sở TT&TT': nothing was written." in refused.err
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,year,value\nfiber_households,2025,88.5\nfiber_households,2024,x\n", encoding="utf-8")
    rejected = model("store", "--store", url, "import", "Sở TT&TT", str(bad), env={"HT_EDITOR_KEY": key})
    assert rejected.code == 1 and "rejected: bad.csv: Line 3, column value: 'x' is not a number" in rejected.err
    imported = model("store", "--store", url, "import", "Sở TT&TT", str(figures), env={"HT_EDITOR_KEY": key})
    assert imported.code == 0, imported.err
    assert json.loads(imported.out)["imported"] == 1

    out = model("targets", "--store", url)
    assert out.code == 0, out.err
    rows = {r["target_id"]: r for r in map(json.loads, out.out.splitlines())}
    fibre = rows["fiber_households"]
    assert (fibre["latest_value"], fibre["latest_year"]) == (88.5, 2025)
    assert fibre["latest_origin"]["label"] == "sổ đăng ký / register"
    assert fibre["latest_origin"]["department"] == "Sở TT&TT"
    # --obs on top of the register: the file's figure wins and is marked as entered by user
    mine = tmp_path / "mine.csv"
    mine.write_text("indicator_id,year,value\nfiber_households,2025,90\n", encoding="utf-8")
    layered = {r["target_id"]: r for r in map(json.loads, model("targets", "--store", url, "--obs", str(mine)).out.splitlines())}
    assert layered["fiber_households"]["latest_value"] == 90.0
    assert layered["fiber_households"]["latest_origin"] == {"label": "entered by user"}

    dump_file = tmp_path / "backup.json"
    assert model("store", "--store", url, "dump", "--out", str(dump_file)).code == 0
    other = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restored = model("store", "--store", other, "restore", str(dump_file))
    assert restored.code == 0, restored.err
    assert json.loads(restored.out)["observations"] == 1
    assert model("store", "--store", other, "dump").out == dump_file.read_text(encoding="utf-8")
    again = model("store", "--store", other, "restore", str(dump_file))
    assert again.code == 1 and "restore only into an empty register" in again.err


def test_bad_store_url_and_unreachable_server_are_clear_errors() -> None:
    from tests.postgres import _free_port

    bad = model("targets", "--store", "postgres://u@host:port/db")
    assert bad.code == 1 and "is not valid: invalid port" in bad.err and bad.out == ""
    down = model("store", "--store", f"postgresql://postgres@127.0.0.1:{_free_port()}/register", "editors")
    assert down.code == 1 and "Cannot reach the PostgreSQL server" in down.err

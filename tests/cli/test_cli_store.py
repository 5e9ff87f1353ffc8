"""``python -m model store …`` and ``python -m model targets --store URL`` on both engines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.registers import new_register

ROOT = Path(__file__).parents[2]


def model(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "model", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env=dict(os.environ, **(env or {})),
    )


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_editor_import_targets_dump_restore(engine: str, request, tmp_path) -> None:
    url = new_register(engine, request, tmp_path).config.url
    added = model("store", "--store", url, "add-editor", "Sở TT&TT")
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    assert len(key) >= 16 and "only its hash is stored" in added.stderr
    figures = tmp_path / "so-lieu.csv"
    figures.write_text("mã chỉ tiêu;năm;giá trị;ghi chú\nfiber_households;2025;88,5;báo cáo quý III\n", encoding="utf-8")

    refused = model("store", "--store", url, "import", "Sở TT&TT", str(figures), env={"HT_EDITOR_KEY": key[::-1]})
    assert refused.returncode == 1 and "Wrong editor key for 'Sở TT&TT': nothing was written." in refused.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,year,value\nfiber_households,2025,88.5\nfiber_households,2024,x\n", encoding="utf-8")
    rejected = model("store", "--store", url, "import", "Sở TT&TT", str(bad), env={"HT_EDITOR_KEY": key})
    assert rejected.returncode == 1 and "rejected: bad.csv: Line 3, column value: 'x' is not a number" in rejected.stderr
    imported = model("store", "--store", url, "import", "Sở TT&TT", str(figures), env={"HT_EDITOR_KEY": key})
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["imported"] == 1

    out = model("targets", "--store", url)
    assert out.returncode == 0, out.stderr
    rows = {r["target_id"]: r for r in map(json.loads, out.stdout.splitlines())}
    fibre = rows["fiber_households"]
    assert (fibre["latest_value"], fibre["latest_year"]) == (88.5, 2025)
    assert fibre["latest_origin"]["label"] == "sổ đăng ký / register"
    assert fibre["latest_origin"]["department"] == "Sở TT&TT"
    # --obs on top of the register: the file's figure wins and is marked as entered by user
    mine = tmp_path / "mine.csv"
    mine.write_text("indicator_id,year,value\nfiber_households,2025,90\n", encoding="utf-8")
    layered = {r["target_id"]: r for r in map(json.loads, model("targets", "--store", url, "--obs", str(mine)).stdout.splitlines())}
    assert layered["fiber_households"]["latest_value"] == 90.0
    assert layered["fiber_households"]["latest_origin"] == {"label": "entered by user"}

    dump_file = tmp_path / "backup.json"
    assert model("store", "--store", url, "dump", "--out", str(dump_file)).returncode == 0
    other = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    restored = model("store", "--store", other, "restore", str(dump_file))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["observations"] == 1
    assert model("store", "--store", other, "dump").stdout == dump_file.read_text(encoding="utf-8")
    again = model("store", "--store", other, "restore", str(dump_file))
    assert again.returncode == 1 and "restore only into an empty register" in again.stderr


def test_bad_store_url_and_unreachable_server_are_clear_errors() -> None:
    from tests.postgres import _free_port

    bad = model("targets", "--store", "postgres://u@host:port/db")
    assert bad.returncode == 1 and "is not valid: invalid port" in bad.stderr and bad.stdout == ""
    down = model("store", "--store", f"postgresql://postgres@127.0.0.1:{_free_port()}/register", "editors")
    assert down.returncode == 1 and "Cannot reach the PostgreSQL server" in down.stderr

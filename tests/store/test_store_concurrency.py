"""Nothing is lost: 20 writers × 50 figures at once, and a process killed mid-import, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from store import Register
from tests.registers import new_register

WRITERS, FIGURES = 20, 50
SHARE_INDICATORS = ("fiber_households", "fiber_communes", "epayment_accounts", "level4_services_share", "smartphone_share")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request, tmp_path) -> Register:
    return new_register(request.param, request, tmp_path)


def test_twenty_writers_fifty_figures_each_every_row_exactly_once(register: Register, ds) -> None:
    from model.userdata import known_indicators_from

    known = known_indicators_from(ds.targets, ds.indicators)
    writer_keys = {f"Sở thử nghiệm {w:02d}": register.add_editor(f"Sở thử nghiệm {w:02d}") for w in range(WRITERS)}
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(w: int, department: str, key: str) -> None:
        try:
            writer = register.writer(department, key)
            start.wait()
            for i in range(FIGURES):  # one transaction per figure: as many commits as possible
                row = pd.DataFrame(
                    {"indicator_id": [SHARE_INDICATORS[i % 5]], "year": [2000 + (w + i) % 36], "value": [w + i / 100], "note": [f"w{w} i{i}"]}
                )
                writer.add_figures(row, known)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w, d, k)) for w, (d, k) in enumerate(writer_keys.items())]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=240)
    assert not errors, errors[:3]
    history = register.history()
    assert len(history) == WRITERS * FIGURES
    assert history["id"].is_unique
    written = set(zip(history["department"], history["indicator_id"], history["year"], history["value"], history["source_note"], strict=True))
    expected = {
        (f"Sở thử nghiệm {w:02d}", SHARE_INDICATORS[i % 5], 2000 + (w + i) % 36, w + i / 100, f"w{w} i{i}")
        for w in range(WRITERS)
        for i in range(FIGURES)
    }
    assert written == expected
    # the current value of each figure is its last write
    current = register.current().set_index(["indicator_id", "year"])["id"]
    last = history.groupby(["indicator_id", "year"])["id"].max()
    assert current.sort_index().tolist() == last.sort_index().tolist()


KILLED_IMPORT = textwrap.dedent(
    """
    import os, signal, sys
    import pandas as pd
    from store import Register
    from store import db as store_db

    url, key = sys.argv[1], sys.argv[2]
    register = Register(url)
    writer = register.writer("Sở TT&TT", key)
    real_insert = store_db.Database.insert
    count = [0]

    def insert_then_die(self, sql, params):
        new_id = real_insert(self, sql, params)
        if "INTO observations" in sql:
            count[0] += 1
            if count[0] == 30:  # 30 of 36 rows sent: the process is killed, no clean-up runs
                print("killing", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        return new_id

    store_db.Database.insert = insert_then_die
    rows = "\\n".join(f"fiber_households,{2000 + i},{50 + i / 10}," for i in range(36))
    data = ("indicator_id,year,value,note\\n" + rows + "\\n").encode()
    known = {"fiber_households": "%"}
    writer.import_file(data, "figures.csv", known)
    print("finished", flush=True)
    """
)


def test_process_killed_mid_import_leaves_none_of_the_file(register: Register, ds) -> None:
    from model.userdata import known_indicators_from

    known = known_indicators_from(ds.targets, ds.indicators)
    key = register.add_editor("Sở TT&TT")
    register.writer("Sở TT&TT", key).add_figures(
        pd.DataFrame({"indicator_id": ["epayment_accounts"], "year": [2024], "value": [70.0], "note": [""]}), known
    )
    before = register.dump()
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, register.config.url, key], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -9, proc.stderr
    assert "killing" in proc.stdout and "finished" not in proc.stdout
    assert register.dump() == before  # none of the 30 rows sent, no import record
    # the same file afterwards goes in whole
    rows = "\n".join(f"fiber_households,{2000 + i},{50 + i / 10}," for i in range(36))
    receipt = register.writer("Sở TT&TT", key).import_file(f"indicator_id,year,value,note\n{rows}\n".encode(), "figures.csv", known)
    assert len(receipt.ids) == 36 and len(register.current()) == 37

"""Register figures under the session's (store/layers.py) and the register's CSV export."""

from __future__ import annotations

import csv
import io

import pandas as pd

from model.userdata import USER_SOURCE
from store.export import EXPORT_COLUMNS, register_csv
from store.layers import layered, origin_at, origin_of_source, register_observations
from text.register import export_headers


def current_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2], "indicator_id": ["fiber_households", "epayment_accounts"], "year": [2024, 2024],
            "value": [82.4, 1 / 3], "unit": ["%", "% of population"], "source_note": ["=cmd()", "báo cáo; quý\r\nIII"],
            "department": ["Sở TT&TT", "Ngân hàng Nhà nước | chi nhánh"], "entered_at": ["2026-12-01T08:00:00.000001Z"] * 2,
            "status": ["entered", "reviewed"], "reviewed_by": [None, "Văn phòng UBND tỉnh"], "import_id": [None, None],
            "version": [1, 2],
        }
    )


def test_session_figure_wins_register_figure_keeps_its_department_and_date() -> None:
    register = register_observations(current_frame())
    session = pd.DataFrame({"indicator_id": ["fiber_households"], "year": [2024], "value": [90.0], "note": [""], "source": [USER_SOURCE]})
    both = layered(register, session)
    assert both.set_index("indicator_id")["value"].to_dict() == {"epayment_accounts": 1 / 3, "fiber_households": 90.0}
    assert origin_at(both, "fiber_households", 2024).kind == "session"
    bank = origin_at(both, "epayment_accounts", 2024)
    assert (bank.kind, bank.department, bank.date) == ("register", "Ngân hàng Nhà nước | chi nhánh", "2026-12-01")
    assert origin_at(both, "epayment_accounts", 2023) is None
    assert layered(None, None) is None and layered(register, None)["value"].tolist() == [82.4, 1 / 3]
    assert origin_of_source(USER_SOURCE).kind == "session"


def test_csv_export_vietnamese_excel_and_standard() -> None:
    frame = current_frame()
    vi = register_csv(frame, vietnamese=True, headers=export_headers(EXPORT_COLUMNS, vietnamese=True))
    en = register_csv(frame, vietnamese=False, headers=export_headers(EXPORT_COLUMNS, vietnamese=False))
    assert vi.startswith("\ufeff".encode()) and en.startswith("\ufeff".encode())
    vi_rows = list(csv.reader(io.StringIO(vi.decode("utf-8-sig")), delimiter=";"))
    en_rows = list(csv.reader(io.StringIO(en.decode("utf-8-sig"))))
    assert vi_rows[0][:4] == ["mã chỉ tiêu", "năm", "phiên bản", "giá trị"]
    assert en_rows[0][:4] == ["indicator_id", "year", "version", "value"]
    assert [r[3] for r in vi_rows[1:]] == ["82,4", "0,3333333333333333"]
    assert [float(r[3]) for r in en_rows[1:]] == [82.4, 1 / 3]  # the exact value reads back
    assert vi_rows[1][5] == "'=cmd()"  # formula neutralised
    assert vi_rows[2][5] == "báo cáo; quý\nIII" and len(vi_rows) == 3  # no cell spills into a row
    assert frame["source_note"].tolist()[0] == "=cmd()"  # input unchanged

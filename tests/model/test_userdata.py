"""Planners' own figures: template, upload corpus, table validation, merge, safe export."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.userdata.codes import MAX_CELL_CHARS, MAX_ROWS, USER_SOURCE
from model.userdata.observations import merge_observations
from model.userdata.reading import parse_upload
from model.userdata.template import neutralise_formula, to_safe_csv
from model.userdata.validation import (
    decimal_style,
    known_indicators_from,
    normalise_header,
    parse_number,
    validate_table,
)
from text.problems import message
from ui.uploads import template_csv

CORPUS = Path(__file__).parents[1] / "corpus" / "uploads"
GOOD_COLUMNS = ["indicator_id", "year", "value", "note", "source"]


@pytest.fixture(scope="module")
def known(ds) -> dict[str, str]:
    return known_indicators_from(ds.targets, ds.indicators)


def load(name: str, known: dict[str, str]):
    return parse_upload((CORPUS / name).read_bytes(), name, known)


def triples(result) -> list[tuple[str, int, float]]:
    g = result.good
    return list(zip(g["indicator_id"], g["year"].astype(int), g["value"].round(6), strict=True))


# ----------------------------------------------------------------------------- known ids


def test_known_indicators_cover_the_targets_and_skip_computed_ones(ds, known):
    for ind, unit in zip(ds.targets["indicator_id"], ds.targets["unit"], strict=True):
        if unit == "group" or ind == "dti_rank":
            assert ind not in known
        else:
            assert known[ind] == unit
    assert known["online_dossier_rate"] == "% of dossiers"  # from indicators.csv


# ----------------------------------------------------------------------------- good files


def test_good_vi_excel_csv_semicolon_decimal_comma_bom(known):
    raw = (CORPUS / "good_vi_excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    r = load("good_vi_excel.csv", known)
    assert r.ok and r.rejected == () and r.errors == ()
    assert r.delimiter == ";" and r.encoding == "utf-8-sig"
    assert list(r.good.columns) == GOOD_COLUMNS
    assert triples(r) == [
        ("fiber_households", 2023, 79.4),
        ("fiber_households", 2024, 82.4),
        ("mobile_4g_coverage", 2024, 98.6),
        ("online_dossier_rate", 2024, 55.5),
        ("labour_productivity_growth", 2024, 6.2),
    ]
    assert r.good["note"].iloc[0] == "ước tính của Sở KH&CN"
    assert (r.good["source"] == USER_SOURCE).all()
    assert str(r.good["year"].dtype) == "int64" and str(r.good["value"].dtype) == "float64"


def test_good_en_csv(known):
    r = load("good_en.csv", known)
    assert r.ok and r.rejected == () and r.delimiter == ","
    assert triples(r) == [
        ("epayment_accounts", 2023, 28.5),
        ("epayment_accounts", 2024, 33.1),
        ("records_online_commune", 2024, 55.0),
    ]
    assert r.good["note"].iloc[0] == "survey, provincial"


def test_good_xlsx_first_sheet_and_formula_read_as_its_saved_value(known):
    r = load("good.xlsx", known)
    assert r.ok and r.rejected == ()
    assert triples(r) == [
        ("records_online_province", 2023, 85.5),
        ("records_online_province", 2024, 42.0),
        ("depts_shared_db_lgsp", 2024, 64.0),
    ]
    codes = {n.code for n in r.notices}
    assert {"formula_values", "other_sheets_ignored"} <= codes
    assert "3" in message(next(n for n in r.notices if n.code == "formula_values"), "en")


def test_xlsx_built_in_the_test_matches_the_csv_reading(known):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Năm", "Giá trị", "Ghi chú"])
    ws.append(["fiber_households", 2023, 79.4, "x"])
    ws.append(["fiber_households", 2024.0, "82,4", None])
    ws.append([None, None, None, None])
    ws.append(["smartphone_share", 2024, 130, None])
    buf = io.BytesIO()
    wb.save(buf)
    r = parse_upload(buf.getvalue(), "mine.xlsx", known)
    assert triples(r) == [("fiber_households", 2023, 79.4), ("fiber_households", 2024, 82.4)]
    assert [(p.row, p.column, p.reason_code) for p in r.rejected] == [
        (5, "value", "share_out_of_range")
    ]


def test_formula_without_saved_value_is_rejected(known):
    r = load("formula_nocache.xlsx", known)
    assert triples(r) == [("fiber_communes", 2023, 90.0)]
    assert [(p.row, p.column, p.reason_code) for p in r.rejected] == [
        (2, "value", "formula_no_value")
    ]


def test_utf16_with_bom_tab_separated(known):
    r = load("utf16.csv", known)
    assert r.ok and r.encoding == "utf-16" and r.delimiter == "\t"
    assert triples(r) == [("smartphone_share", 2024, 88.5), ("fiber_communes", 2024, 100.0)]
    assert r.good["note"].iloc[0] == "Sở Thông tin"
    assert [n.code for n in r.notices] == ["decoded_utf16"]


def test_cp1258_is_read_with_a_notice(known):
    raw = (CORPUS / "cp1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    r = load("cp1258.csv", known)
    assert r.ok and r.encoding == "cp1258"
    assert triples(r) == [("videoconf_commune", 2024, 45.5), ("videoconf_commune", 2023, 30.0)]
    assert r.good["note"].iloc[0] == unicodedata.normalize("NFC", "Hội nghị truyền hình cấp xã")
    notice = next(n for n in r.notices if n.code == "decoded_cp1258")
    assert "Windows-1258" in message(notice, "en") and "Windows-1258" in message(notice, "vi")


# ----------------------------------------------------------------------------- bad rows


def test_bad_rows_keep_the_good_ones_and_name_each_bad_line(known):
    r = load("bad_rows.csv", known)
    assert r.ok
    assert triples(r) == [("fiber_households", 2022, 74.5), ("fiber_households", 2024, 82.4)]
    got = [(p.row, p.column, p.reason_code) for p in r.rejected]
    assert got == [
        (3, "indicator_id", "unknown_indicator"),
        (4, "value", "not_numeric"),
        (5, "value", "share_out_of_range"),
        (6, "year", "duplicate"),
        (7, "year", "duplicate"),
        (8, "year", "year_out_of_range"),
    ]
    by_row = {p.row: p for p in r.rejected}
    assert (
        message(by_row[3], "en") == "Line 3, column indicator_id: unknown indicator id 'unknown_thing'"
    )
    assert message(by_row[3], "vi").startswith("Dòng 3, cột indicator_id")
    assert "130" in message(by_row[5], "en") and "0–100" in message(by_row[5], "en")
    assert "line 7" in message(by_row[6], "en") and "line 6" in message(by_row[7], "en")
    assert "1990" in message(by_row[8], "en") and "2000–2035" in message(by_row[8], "en")
    assert r.n_data_rows == 8
    frame = r.rejected_frame()
    assert list(frame["row"]) == [3, 4, 5, 6, 7, 8]


def test_formula_csv_neutralises_notes_and_rejects_formulas_elsewhere(known):
    r = load("formula.csv", known)
    assert triples(r) == [("fiber_households", 2023, 79.4)]
    assert r.good["note"].iloc[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert [(p.row, p.column, p.reason_code) for p in r.rejected] == [
        (3, "value", "formula"),
        (4, "indicator_id", "formula"),
    ]
    assert any(n.code == "formula_neutralised" and "2" in message(n, "en") for n in r.notices)


# ----------------------------------------------------------------------------- file-level errors


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("empty.csv", "empty_file", "empty"),
        ("header_only.csv", "no_data_rows", "no data rows"),
        ("binary_renamed.csv", "binary_file", "binary"),
        ("corrupt.xlsx", "corrupt_xlsx", "damaged"),
    ],
)
def test_unreadable_files_get_a_clear_file_level_error(known, name, code, words):
    r = load(name, known)
    assert not r.ok
    assert [e.code for e in r.errors] == [code]
    assert words in message(r.errors[0], "en")
    assert message(r.errors[0], "vi") and message(r.errors[0], "vi") != message(r.errors[0], "en")
    assert r.good.empty and list(r.good.columns) == GOOD_COLUMNS
    assert r.file_errors == r.errors


def test_column_problems(known):
    r = parse_upload(b"indicator_id,year,amount\nfiber_households,2024,1\n", "x.csv", known)
    codes = {e.code for e in r.errors}
    assert codes == {"unknown_column", "missing_column"}
    assert "'amount'" in message(next(e for e in r.errors if e.code == "unknown_column"), "en")
    assert "value" in message(next(e for e in r.errors if e.code == "missing_column"), "en")
    dup = parse_upload(b"indicator_id,year,value,gia tri\nx,2024,1,2\n", "x.csv", known)
    assert [e.code for e in dup.errors] == ["duplicate_column"]


def test_header_aliases_in_any_case_and_accent(known):
    for header in (
        "MÃ CHỈ TIÊU;NĂM;GIÁ TRỊ",
        "ma chi tieu;nam;gia tri",
        "Mã_chỉ_tiêu ; Năm ; Giá-trị",
    ):
        data = f"{header}\nfiber_households;2024;82,4\n".encode()
        r = parse_upload(data, "x.csv", known)
        assert triples(r) == [("fiber_households", 2024, 82.4)], header
    assert normalise_header(" Đơn vị ") == "don_vi"


def test_too_many_rows_is_a_file_level_error(known):
    body = "".join(f"fiber_households,{2000 + i % 36},{i % 100}\n" for i in range(MAX_ROWS + 1))
    r = parse_upload(("indicator_id,year,value\n" + body).encode(), "big.csv", known)
    assert [e.code for e in r.errors] == ["too_many_rows"]
    assert "10,000" in message(r.errors[0], "en")


def test_long_cells_future_years_and_other_row_rules(known):
    long_note = "x" * (MAX_CELL_CHARS + 1)
    data = (
        "indicator_id,year,value,note\n"
        f"fiber_households,2020,50,{long_note}\n"  # 2 too long
        "fiber_households,2036,50,\n"  # 3 beyond 2035
        "fiber_households,2021.5,50,\n"  # 4 not a whole year
        "fiber_households,2022,inf,\n"  # 5 not finite
        "fiber_households,2023,#N/A,\n"  # 6 excel error
        "fiber_households,2024,,\n"  # 7 missing value
        "records_online_district,2026,50,\n"  # 8 district abolished
        "pci_rank,2024,0,\n"  # 9 rank out of range
        "fixed_broadband_per_100,2024,-3,\n"  # 10 negative
        "dti_rank,2024,11,\n"  # 11 computed from the official tables
        "labour_productivity_growth,2024,-1.5,\n"  # 12 good: rates may be negative
        "fiber_households,2025,81,a,b\n"  # 13 extra cell
        ",2024,5,\n"  # 14 missing id
    ).encode()
    r = parse_upload(data, "x.csv", known)
    got = [(p.row, p.column, p.reason_code) for p in r.rejected]
    assert got == [
        (2, "note", "cell_too_long"),
        (3, "year", "year_out_of_range"),
        (4, "year", "year_not_integer"),
        (5, "value", "not_finite"),
        (6, "value", "excel_error"),
        (7, "value", "missing_value"),
        (8, "year", "district_abolished"),
        (9, "value", "rank_out_of_range"),
        (10, "value", "negative_value"),
        (11, "indicator_id", "not_enterable"),
        (13, None, "too_many_fields"),
        (14, "indicator_id", "missing_indicator"),
    ]
    assert triples(r) == [("labour_productivity_growth", 2024, -1.5)]


def test_xls_and_excel_sep_line(known):
    old = parse_upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", known)
    assert [e.code for e in old.errors] == ["xls_not_supported"]
    sep = parse_upload(
        b"sep=;\nindicator_id;year;value\nfiber_households;2024;82,4\n", "x.csv", known
    )
    assert triples(sep) == [("fiber_households", 2024, 82.4)] and sep.delimiter == ";"


def test_a_note_is_trimmed_after_its_invisible_characters_are_removed(known):
    """A space left in front of a removed control or unassigned character is trimmed too, so
    the kept note reads back unchanged (scenario file round trip)."""
    raw = pd.DataFrame(
        {"indicator_id": ["fiber_households"] * 2, "year": [2023, 2024], "value": [79.0, 80.0],
         "note": ["0 \U00018cd6", "a\u200b b \x07"]}
    )
    checked = validate_table(raw, known)
    assert list(checked.good["note"]) == ["0", "a b"]


def test_quoted_multiline_note_keeps_line_numbers(known):
    data = b'indicator_id,year,value,note\nfiber_households,2023,79,"two\nlines"\nbogus,2024,1,\n'
    r = parse_upload(data, "x.csv", known)
    assert triples(r) == [("fiber_households", 2023, 79.0)]
    assert [p.row for p in r.rejected] == [4]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("97,02", (97.02, None)),
        ("97.02", (97.02, None)),
        ("1.234,5", (1234.5, None)),
        ("1,234.5", (1234.5, None)),
        ("1.234.567", (1234567.0, None)),
        (" 55 % ", (55.0, None)),
        ("-3", (-3.0, None)),
        (12, (12.0, None)),
        ("abc", (None, "not_numeric")),
        ("nan", (None, "not_finite")),
        (float("inf"), (None, "not_finite")),
        ("#DIV/0!", (None, "excel_error")),
        ("=A1*2", (None, "formula")),
        ("", (None, "missing_value")),
        (True, (None, "not_numeric")),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("1,234", ",", (1.234, None)),
        ("1,234", ".", (1234.0, None)),
        ("1.234", ",", (1234.0, None)),
        ("1.234", ".", (1.234, None)),
        ("-1.234", ",", (-1234.0, None)),
        ("1,234", "?", (None, "ambiguous_number")),
        ("1,23", "?", (1.23, None)),  # not ambiguous: two decimals
        ("12,345.6", "?", (12345.6, None)),  # both marks: never ambiguous
        (10**400, None, (None, "not_finite")),  # an int beyond the float range
    ],
)
def test_parse_number_with_the_files_decimal_mark(raw, decimal, expected):
    assert parse_number(raw, decimal) == expected


@pytest.mark.parametrize(
    ("raw", "style"),
    [
        ("82,4", ","),
        ("82.4", "."),
        ("1.234,5", ","),
        ("1,234.5", "."),
        ("1.234.567", ","),
        ("1,234,567", "."),
        ("1,234", "?"),
        ("1.234", "?"),
        ("1234", None),
        ("abc", None),
        (82.4, None),
    ],
)
def test_decimal_style(raw, style):
    assert decimal_style(raw) == style


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_parse_upload_never_raises_on_arbitrary_bytes(data, name):
    r = parse_upload(data, name, {"fiber_households": "%"})
    assert list(r.good.columns) == GOOD_COLUMNS
    assert r.ok or r.good.empty


# ----------------------------------------------------------------------------- table path


def test_validate_table_applies_the_same_rules_and_does_not_mutate(known):
    df = pd.DataFrame(
        {
            "mã chỉ tiêu": ["fiber_households", "fiber_households", "nope", "smartphone_share"],
            "năm": [2023, 2024, 2024, 2024],
            "giá trị": [79.4, "82,4", 5, 101],
            "ghi chú": ["=cmd", None, None, None],
        }
    )
    before = df.copy()
    r = validate_table(df, known)
    pd.testing.assert_frame_equal(df, before)
    assert triples(r) == [("fiber_households", 2023, 79.4), ("fiber_households", 2024, 82.4)]
    assert r.good["note"].iloc[0] == "'=cmd"
    assert [(p.row, p.reason_code) for p in r.rejected] == [
        (4, "unknown_indicator"),
        (5, "share_out_of_range"),
    ]
    empty = validate_table(df.iloc[0:0], known)
    assert [e.code for e in empty.errors] == ["no_data_rows"]


# ----------------------------------------------------------------------------- template


def test_template_csv_round_trip(known):
    vi = template_csv("vi", known)
    en = template_csv("en", known)
    assert vi.startswith(b"\xef\xbb\xbf") and en.startswith(b"\xef\xbb\xbf")
    vi_text = vi.decode("utf-8-sig")
    assert vi_text.splitlines()[0] == "mã chỉ tiêu;năm;giá trị;ghi chú"
    assert en.decode("utf-8-sig").splitlines()[0] == "indicator_id,year,value,note"
    for ind in known:
        assert f"\r\n{ind};" in vi_text
    # the untouched template has no data: a clear error, not silent success
    blank = parse_upload(vi, "mau.csv", known)
    assert [e.code for e in blank.errors] == ["no_data_rows"]
    # filling one row in the way Vietnamese Excel writes it gives one good row
    filled = vi_text.replace("fiber_households;;;", "fiber_households;2024;82,4;")
    r = parse_upload(filled.encode("utf-8-sig"), "mau.csv", known)
    assert triples(r) == [("fiber_households", 2024, 82.4)]
    assert any(n.code == "blank_rows_skipped" for n in r.notices)


# ----------------------------------------------------------------------------- merge and export


def test_merge_observations_user_wins_for_ha_tinh_only_and_shipped_is_untouched(ds, study):
    assert study.plan_unit == "ha-tinh"
    shipped = ds.indicators
    before = shipped.copy()
    user = pd.DataFrame(
        {
            "indicator_id": ["mobile_4g_coverage", "fiber_households"],
            "year": [2025, 2025],
            "value": [100.0, 88.0],
            "note": ["", "ước tính"],
            "source": [USER_SOURCE, USER_SOURCE],
        }
    )
    user_before = user.copy()
    merged = merge_observations(shipped, user, study.plan_unit)
    pd.testing.assert_frame_equal(shipped, before)
    pd.testing.assert_frame_equal(user, user_before)
    four_g = merged[(merged["indicator_id"] == "mobile_4g_coverage") & (merged["year"] == 2025)]
    assert len(four_g) == 1
    assert four_g["value"].iloc[0] == 100.0 and four_g["source"].iloc[0] == USER_SOURCE
    assert four_g["origin"].iloc[0] == USER_SOURCE and four_g["geography"].iloc[0] == "ha-tinh"
    fiber = merged[(merged["indicator_id"] == "fiber_households") & (merged["year"] == 2025)]
    assert set(fiber["geography"]) == {"vn", "ha-tinh"}  # the national row stays
    assert fiber.loc[fiber["geography"] == "vn", "value"].iloc[0] == 85.1
    assert len(merged) == len(shipped) + 1
    assert (merged.loc[merged["source"] != USER_SOURCE, "origin"] == "shipped").all()


def test_merge_observations_follows_the_plan_unit_it_is_given(ds):
    # The user's rows become rows of the unit passed in (the plan's unit of study.csv),
    # and replace that unit's shipped rows only.
    shipped = ds.indicators.copy()
    hit = shipped["geography"] == "ha-tinh"
    shipped.loc[hit, "geography"] = "nghe-an"
    row = shipped[hit].iloc[0]
    user = pd.DataFrame(
        {"indicator_id": [row["indicator_id"]], "year": [int(row["year"])], "value": [1.5], "note": [""], "source": [USER_SOURCE]}
    )
    merged = merge_observations(shipped, user, "nghe-an")
    same = merged[(merged["indicator_id"] == row["indicator_id"]) & (merged["year"] == int(row["year"])) & (merged["geography"] == "nghe-an")]
    assert same["value"].tolist() == [1.5] and same["origin"].tolist() == [USER_SOURCE]
    assert len(merged) == len(shipped)
    assert "ha-tinh" not in set(merged["geography"])


def test_neutralise_formula_and_safe_csv():
    assert neutralise_formula("=1+1") == "'=1+1"
    assert neutralise_formula("+84 912") == "'+84 912"
    assert neutralise_formula("-x") == "'-x"
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_formula("bình thường") == "bình thường"
    assert neutralise_formula(-5.0) == -5.0
    df = pd.DataFrame({"note": ['=HYPERLINK("x")', "ok"], "value": [-1.5, 2.0]})
    before = df.copy()
    out = to_safe_csv(df)
    pd.testing.assert_frame_equal(df, before)
    assert out.startswith(b"\xef\xbb\xbf")
    text = out.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "-1.5" in text and "'-1.5" not in text

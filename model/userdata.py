"""Planners' own figures: template, upload parsing, validation, merge, safe export.

The template has four columns (English names, Vietnamese aliases accepted in any case, with or
without diacritics, spaces or underscores):

=============== ================================ ==========================================
column          Vietnamese aliases               content
=============== ================================ ==========================================
indicator_id    mã chỉ tiêu, chỉ tiêu, mã         an id from the list of known indicators
year            năm                              calendar year, 2000–2035
value           giá trị, số liệu                 number; decimal point or decimal comma
note            ghi chú, chú thích               free text (≤ 200 characters), optional
=============== ================================ ==========================================

Accepted files: CSV (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258 as a fallback
with a notice; comma, semicolon or tab separated; an Excel ``sep=;`` first line is honoured)
and .xlsx (first sheet; formulas are read as their cached values, or the row is rejected when
the workbook holds no cached value). Good rows are kept; each bad row is listed with its line
number (header = line 1), column, a reason code and the reason's arguments: no text (the UI
words them in Vietnamese or English, ``text/catalogue/userdata.py``; the CLI in English).
Inputs are never mutated.

Broken files are named, not guessed at: a header split by another character (``|``) is a
``wrong_delimiter`` file error and a row split by another separator than the header a
``wrong_delimiter`` row; a value like "1,234" follows the decimal mark the rest of the file
uses and is refused (``ambiguous_number``) when the file uses both marks; a quote left open
that swallows further rows rejects that row (``unclosed_quote``) and a cell beyond the csv
module's limit the file (``csv_unreadable``). Workbooks are streamed read-only: at most
``XLSX_MAX_COLUMNS`` columns, nothing below ``XLSX_MAX_ROW``, at most ``MAX_UNZIPPED_BYTES``
unpacked, so that a small hostile .xlsx cannot exhaust memory.

Security: formula-like text (starting with = + - @ or a tab/CR) is rejected where a number or
id is expected and neutralised (prefixed with ') in notes and in every CSV this module writes
(OWASP "CSV injection"); values shown in messages have control and direction characters
replaced by U+FFFD.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from model.projection import is_share_unit

# ----------------------------------------------------------------------------- constants

COLUMNS = ("indicator_id", "year", "value", "note")
REQUIRED_COLUMNS = ("indicator_id", "year", "value")
USER_SOURCE = "entered by user"
SHIPPED_SOURCE = "shipped"

MAX_ROWS = 10_000
"""More data rows than this → the whole file is refused (file-level error)."""
MAX_BYTES = 2 * 1024 * 1024
"""Largest accepted upload [bytes]: the app's ``server.maxUploadSize`` (2 MB, as Streamlit
counts it) in ``.streamlit/config.toml``."""
MAX_UNZIPPED_BYTES = 10_000_000
"""Largest total uncompressed size of an .xlsx [bytes] (zip-bomb guard; a 10,000-row table
unpacks to about 1.5 MB)."""
XLSX_MAX_COLUMNS = 50
"""Columns of the first sheet that are read (the table has four)."""
XLSX_MAX_ROW = 50_000
"""Last sheet row read: a sheet with cells further down is refused rather than read in part
(openpyxl would otherwise fill every missing row up to the last one)."""
MAX_CELL_CHARS = 200
"""Longest accepted cell [characters]."""
YEAR_MIN, YEAR_MAX = 2000, 2035
"""Accepted observation years (the plan's horizon ends in 2030; 2035 leaves room)."""
RANK_MAX = 63
"""Largest rank accepted for a rank indicator (63 provinces were ranked until 2024)."""
ABOLISHED_AFTER = {"records_online_district": 2025}
"""Indicators whose unit of measurement ceased to exist: no figure after this year (the
district level was abolished on 1 July 2025)."""
NOT_ENTERABLE = frozenset({"dti_rank", "cybersecurity_index"})
"""Target indicators computed from the official DTI tables, not entered by hand."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet treat a cell as a formula (OWASP)."""

HEADER_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "indicator_id",
            "indicator",
            "indicatorid",
            "id",
            "ma_chi_tieu",
            "machitieu",
            "ma",
            "chi_tieu",
            "ma_chi_so",
        ],
        "indicator_id",
    ),
    **dict.fromkeys(["year", "nam", "nam_so_lieu"], "year"),
    **dict.fromkeys(["value", "gia_tri", "giatri", "so_lieu", "solieu"], "value"),
    **dict.fromkeys(["note", "notes", "ghi_chu", "ghichu", "chu_thich", "comment"], "note"),
}
"""Normalised header (lower case, no diacritics, ``_`` between words) → canonical column."""


ROW_CODES = (
    "missing_indicator",
    "unknown_indicator",
    "not_enterable",
    "missing_year",
    "year_not_integer",
    "year_out_of_range",
    "district_abolished",
    "missing_value",
    "not_numeric",
    "not_finite",
    "ambiguous_number",
    "wrong_delimiter",
    "unclosed_quote",
    "excel_error",
    "formula",
    "formula_no_value",
    "share_out_of_range",
    "negative_value",
    "rank_out_of_range",
    "duplicate",
    "cell_too_long",
    "too_many_fields",
)
"""Reason codes of a rejected row (:class:`RowProblem`); ``text/catalogue/userdata.py`` words
each one (``userdata.row.<code>``) from the problem's arguments."""

FILE_CODES = (
    "empty_file",
    "too_large",
    "unzipped_too_large",
    "sheet_too_large",
    "wrong_delimiter",
    "csv_unreadable",
    "binary_file",
    "unknown_encoding",
    "xls_not_supported",
    "corrupt_xlsx",
    "no_header",
    "no_data_rows",
    "missing_column",
    "unknown_column",
    "duplicate_column",
    "too_many_rows",
)
"""Codes of a refused file (:class:`FileProblem`, kind ``error``): ``userdata.file.<code>``."""

NOTICE_CODES = (
    "decoded_cp1258",
    "decoded_utf16",
    "formula_neutralised",
    "formula_values",
    "blank_rows_skipped",
    "other_sheets_ignored",
    "mixed_decimal_marks",
    "columns_ignored",
    "xlsx_named_csv",
)
"""Codes of a notice on how a file was read (kind ``notice``): ``userdata.notice.<code>``."""

_EXCEL_ERRORS = re.compile(
    r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$", re.I
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NONFINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowProblem:
    """One rejected row: ``row`` is the 1-based line in the file (header = 1; for .xlsx the
    sheet row), ``column`` the canonical column name (None for the whole row), ``value`` the
    cell as shown in a message (control characters replaced, at most 60 characters),
    ``reason_code`` one of ``ROW_CODES`` and ``args`` its other arguments as (name, value)
    pairs (e.g. ``other`` for a duplicate). No text: the UI words it (:mod:`text.problems`)."""

    row: int
    column: str | None
    value: str
    reason_code: str
    args: tuple[tuple[str, object], ...] = ()

    @property
    def params(self) -> dict[str, object]:
        """Every argument of the message: ``value`` and ``args``."""
        return {"value": self.value, **dict(self.args)}


@dataclass(frozen=True)
class FileProblem:
    """A file-level error (``kind = "error"``: nothing imported; ``code`` in ``FILE_CODES``)
    or notice (``kind = "notice"``: imported, but read this way; ``NOTICE_CODES``), with the
    message's arguments as (name, value) pairs."""

    code: str
    args: tuple[tuple[str, object], ...] = ()
    kind: str = "error"

    @property
    def params(self) -> dict[str, object]:
        return dict(self.args)


@dataclass(frozen=True, eq=False)
class UploadResult:
    """Outcome of reading planners' figures.

    good : DataFrame with columns indicator_id (str), year (int64), value (float64),
        note (str), source (= "entered by user").
    rejected : the rejected rows with reasons. errors : file-level errors (then ``good`` is
        empty). notices : how the file was read (encoding fallback, formulas, …).
    n_data_rows : data rows read (excluding header and blank rows).
    encoding, delimiter : as detected (None for .xlsx / table input).
    """

    good: pd.DataFrame
    rejected: tuple[RowProblem, ...] = ()
    errors: tuple[FileProblem, ...] = ()
    notices: tuple[FileProblem, ...] = ()
    n_data_rows: int = 0
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def file_errors(self) -> tuple[FileProblem, ...]:
        """Alias of ``errors`` (file-level problems)."""
        return self.errors

    @property
    def ok(self) -> bool:
        """True when the file was readable (rows may still have been rejected)."""
        return not self.errors

    def rejected_frame(self) -> pd.DataFrame:
        """The rejected rows as a table (row, column, value, reason_code)."""
        cols = ["row", "column", "value", "reason_code"]
        return pd.DataFrame([[getattr(p, c) for c in cols] for p in self.rejected], columns=cols)


def _empty_good() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": pd.Series([], dtype=object),
            "year": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
            "note": pd.Series([], dtype=object),
            "source": pd.Series([], dtype=object),
        }
    )


def _file_problem(code: str, kind: str = "error", **kw: object) -> FileProblem:
    if code not in (FILE_CODES if kind == "error" else NOTICE_CODES):
        raise KeyError(code)
    return FileProblem(code, tuple(sorted(kw.items())), kind)


def _failed(code: str, **kw: object) -> UploadResult:
    return UploadResult(good=_empty_good(), errors=(_file_problem(code, **kw),))


# ----------------------------------------------------------------------------- small helpers


def normalise_header(text: object) -> str:
    """Header cell → lower-case ASCII words joined by ``_`` ("Mã chỉ tiêu" → "ma_chi_tieu")."""
    s = "" if text is None else str(text)
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s.strip().lower())
    return s.strip("_")


def neutralise_formula(text: object) -> object:
    """Prefix ``'`` to a string starting with = + - @ (or tab/CR) so spreadsheets show it as
    text instead of running it (OWASP CSV injection). Non-strings are returned unchanged."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _export_cell(x: object) -> object:
    """A text cell made safe for a CSV export: neutralised, and a bare carriage return turned
    into a line feed (the CSV writer quotes cells holding a line feed, not a lone CR, which
    a spreadsheet would read as the end of the row: the rest would start a new row)."""
    x = neutralise_formula(x)
    return x.replace("\r\n", "\n").replace("\r", "\n") if isinstance(x, str) else x


def to_safe_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel opens Vietnamese text correctly) with every text
    cell passed through :func:`neutralise_formula` (and a carriage return inside a cell
    written as a line feed, so that no cell can spill into a row of its own). ``df`` is not
    modified."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(_export_cell).astype(object)
    return out.to_csv(index=False).encode("utf-8-sig")


def _is_blank(x: object) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    if x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, str) and x.strip() == ""


def _text(x: object) -> str:
    if _is_blank(x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x).strip()


_AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")


def _clean_number_text(raw: object) -> str:
    return re.sub(r"[\s\u00a0\u202f]", "", str(raw).strip()).rstrip("%")


def decimal_style(raw: object) -> str | None:
    """Which decimal mark a text cell shows: ``","``, ``"."``, ``"?"`` when it could be either
    ("1,234", "1.234": a decimal or a thousands separator), None when it shows none."""
    if not isinstance(raw, str):
        return None
    s = _clean_number_text(raw)
    if not re.fullmatch(r"[+-]?[\d.,]*\d[\d.,]*", s):
        return None
    if "," in s and "." in s:
        return "," if s.rfind(",") > s.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if mark in s:
            if s.count(mark) > 1:
                return other  # repeated: digit grouping, so the decimal mark is the other one
            return "?" if _AMBIGUOUS.match(s) else mark
    return None


def parse_number(raw: object, decimal: str | None = None) -> tuple[float | None, str | None]:
    """A cell → (number, None) or (None, reason code).

    Accepts ints/floats and text with a decimal point or a decimal comma ("97,02"); when both
    marks appear the last one is the decimal mark ("1.234,5" / "1,234.5"); several identical
    marks are digit grouping ("1.234.567"). A single mark followed by exactly three digits
    ("1,234", "1.234") is read with ``decimal`` as the decimal mark ("," or "."): the mark the
    rest of the file uses. Without it a single comma is a decimal comma (the Vietnamese
    convention) and a single point a decimal point: both read as 1.234. ``decimal="?"``
    refuses such a value (reason ``ambiguous_number``). A trailing % and spaces are ignored.
    """
    if _is_blank(raw):
        return None, "missing_value"
    if isinstance(raw, bool):
        return None, "not_numeric"
    if isinstance(raw, int | float):
        try:
            v = float(raw)
        except OverflowError:  # an int beyond the float range
            return None, "not_finite"
        return (v, None) if math.isfinite(v) else (None, "not_finite")
    s = str(raw).strip()
    if s.startswith(("=", "@")):
        return None, "formula"
    if _EXCEL_ERRORS.match(s):
        return None, "excel_error"
    s = _clean_number_text(s)
    if s.lower() in _NONFINITE:
        return None, "not_finite"
    if _AMBIGUOUS.match(s) and decimal is not None:
        if decimal == "?":
            return None, "ambiguous_number"
        s = s.replace(decimal, ".") if decimal in s else s.replace("," if decimal == "." else ".", "")
    elif "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        s = s.replace(grp, "").replace(dec, ".")
    elif "," in s:
        s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    if not _NUMBER.match(s):
        if str(raw).strip().startswith(("+", "-")):
            return None, "formula"
        return None, "not_numeric"
    v = float(s)
    return (v, None) if math.isfinite(v) else (None, "not_finite")


def _printable(text: str) -> str:
    """``text`` with control and format characters (tabs, bidi overrides, zero-width
    spaces…) shown as U+FFFD, so a message reads as what the cell holds."""
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def _problem(row: int, column: str | None, value: object, code: str, **kw: object) -> RowProblem:
    shown = _printable(_text(value))
    if len(shown) > 60:
        shown = shown[:57] + "…"
    if code not in ROW_CODES:
        raise KeyError(code)
    return RowProblem(row, column, shown, code, tuple(sorted(kw.items())))


# ----------------------------------------------------------------------------- validation core


def _map_header(cells: list[object]) -> tuple[dict[int, str], list[FileProblem]]:
    """Header cells → {position: canonical column}; file problems for unknown/missing/dupes."""
    mapping: dict[int, str] = {}
    unknown, dupes = [], []
    for i, cell in enumerate(cells):
        key = normalise_header(cell)
        if key == "":
            continue  # empty header cell (e.g. trailing separator): its cells must be empty
        canon = HEADER_ALIASES.get(key)
        if canon is None:
            unknown.append(_text(cell)[:40])
        elif canon in mapping.values():
            dupes.append(_text(cell)[:40])
        else:
            mapping[i] = canon
    filled = [c for c in cells if normalise_header(c)]
    if len(filled) == 1 and len(mapping) < len(REQUIRED_COLUMNS):
        sep = _foreign_separator(_text(filled[0]))
        if sep is not None:
            return {}, [_file_problem("wrong_delimiter", sep=_sep_name(sep))]
    problems = []
    if unknown:
        problems.append(
            _file_problem("unknown_column", columns=", ".join(repr(u) for u in unknown))
        )
    if dupes:
        problems.append(
            _file_problem("duplicate_column", columns=", ".join(repr(d) for d in dupes))
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        problems.append(_file_problem("missing_column", columns=", ".join(missing)))
    return mapping, problems


_SEPARATOR_CANDIDATES = (",", ";", "\t", "|", ":", "/", "#", "~", "^")
_SEPARATOR_NAMES = {"\t": "tab", " ": "space"}
_ROW_SEPARATORS = (",", ";", "\t", "|")
"""Characters that never occur in an indicator id: one there means the row was split with
another separator than the header."""


def _sep_name(sep: str) -> str:
    return _SEPARATOR_NAMES.get(sep, _printable(sep))


def _lines_text(lines: list[int], limit: int = 10) -> str:
    shown = ", ".join(map(str, lines[:limit]))
    return shown + (", …" if len(lines) > limit else "")


def _foreign_separator(text: str) -> str | None:
    """The character that splits one header cell into the required columns, if any
    (``indicator_id|year|value`` → ``|``)."""
    for sep in _SEPARATOR_CANDIDATES:
        if sep in text:
            names = {HEADER_ALIASES.get(normalise_header(part)) for part in text.split(sep)}
            if set(REQUIRED_COLUMNS) <= names:
                return sep
    return None


def _check_value(indicator: str, value: float, unit: str) -> str | None:
    if is_share_unit(unit):
        return None if 0.0 <= value <= 100.0 else "share_out_of_range"
    if str(unit).strip().lower() == "rank":
        return None if value.is_integer() and 1 <= value <= RANK_MAX else "rank_out_of_range"
    if "/yr" in str(unit) or "/year" in str(unit):
        return None  # growth rates may be negative
    return None if value >= 0 else "negative_value"


def _decimal_convention(records: list[tuple[int, dict[str, object]]]) -> tuple[str | None, dict]:
    """The decimal mark the value cells show: "," or "." (one mark throughout), "?" (both
    marks), None (no evidence); and the lines showing each mark."""
    lines: dict[str, list[int]] = {",": [], ".": []}
    for line, rec in records:
        style = decimal_style(rec.get("value"))
        if style in lines:
            lines[style].append(line)
    if lines[","] and lines["."]:
        return "?", lines
    return ("," if lines[","] else "." if lines["."] else None), lines


def _validate_records(
    records: Iterable[tuple[int, dict[str, object]]],
    known_indicators: Mapping[str, str],
    formula_cells: Mapping[int, set[str]] | None = None,
    delimiter: str | None = None,
) -> tuple[pd.DataFrame, list[RowProblem], list[FileProblem], int]:
    """Validate canonical records (line, {column: raw cell}) → good frame, problems, notices.

    ``delimiter``: the CSV separator of the header (None for .xlsx and tables); an
    indicator id holding another separator marks a row split the wrong way.
    """
    records = list(records)
    known = {str(k).strip().lower(): (str(k), u) for k, u in known_indicators.items()}
    problems: list[RowProblem] = []
    good: list[tuple[int, str, int, float, str]] = []
    neutralised: list[int] = []
    blank = 0
    n_rows = 0
    decimal, decimal_lines = _decimal_convention(records)
    for line, rec in records:
        if delimiter is not None:
            raw_id = _text(rec.get("indicator_id"))
            sep = next((c for c in _ROW_SEPARATORS if c != delimiter and c in raw_id), None)
            if sep is not None:
                n_rows += 1
                problems.append(
                    _problem(
                        line,
                        None,
                        raw_id,
                        "wrong_delimiter",
                        sep=_sep_name(sep),
                        header_sep=_sep_name(delimiter),
                    )
                )
                continue
        if all(_is_blank(rec.get(c)) for c in ("year", "value")):
            if not all(_is_blank(v) for v in rec.values()):
                blank += 1
            continue
        n_rows += 1
        row_problems: list[RowProblem] = []
        for col, raw in rec.items():
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
                row_problems.append(_problem(line, col, raw, "cell_too_long"))
        if row_problems:
            problems.extend(row_problems)
            continue
        if formula_cells and line in formula_cells and "__no_value__" in formula_cells[line]:
            col = next(c for c in formula_cells[line] if c != "__no_value__")
            problems.append(_problem(line, col, "", "formula_no_value"))
            continue

        raw_id = _text(rec.get("indicator_id"))
        ind_key = raw_id.lower()
        if raw_id == "":
            row_problems.append(_problem(line, "indicator_id", raw_id, "missing_indicator"))
        elif raw_id.startswith(FORMULA_PREFIXES):
            row_problems.append(_problem(line, "indicator_id", raw_id, "formula"))
        elif ind_key in NOT_ENTERABLE:
            row_problems.append(_problem(line, "indicator_id", raw_id, "not_enterable"))
        elif ind_key not in known:
            row_problems.append(_problem(line, "indicator_id", raw_id, "unknown_indicator"))

        raw_year = rec.get("year")
        year_num, reason = parse_number(raw_year)
        year: int | None = None
        if reason is not None:
            code = {"missing_value": "missing_year", "not_numeric": "year_not_integer"}.get(
                reason, reason
            )
            row_problems.append(_problem(line, "year", raw_year, code))
        elif not float(year_num).is_integer():  # type: ignore[arg-type]
            row_problems.append(_problem(line, "year", raw_year, "year_not_integer"))
        elif not YEAR_MIN <= year_num <= YEAR_MAX:  # type: ignore[operator]
            row_problems.append(_problem(line, "year", _text(raw_year), "year_out_of_range"))
        else:
            year = int(year_num)  # type: ignore[arg-type]

        raw_value = rec.get("value")
        value, reason = parse_number(raw_value, decimal)
        if reason is not None:
            row_problems.append(_problem(line, "value", raw_value, reason))
        elif ind_key in known and not row_problems:
            bad = _check_value(ind_key, value, known[ind_key][1])  # type: ignore[arg-type]
            if bad:
                row_problems.append(_problem(line, "value", raw_value, bad))
        if year is not None and ind_key in ABOLISHED_AFTER and year > ABOLISHED_AFTER[ind_key]:
            row_problems.append(_problem(line, "year", year, "district_abolished"))

        if row_problems:
            problems.extend(row_problems)
            continue
        note = _text(rec.get("note"))
        # stripped again after: a removed character may have followed a space
        note = "".join(ch for ch in note if ch in "\t" or unicodedata.category(ch)[0] != "C").strip()
        if note.startswith(FORMULA_PREFIXES):
            note = "'" + note
            neutralised.append(line)
        good.append((line, known[ind_key][0], year, float(value), note))  # type: ignore[arg-type]

    # duplicates (indicator, year) among otherwise good rows: all copies rejected
    by_key: dict[tuple[str, int], list[int]] = {}
    for line, ind, yr, _, _ in good:
        by_key.setdefault((ind, yr), []).append(line)
    dup_lines = {ln for lines in by_key.values() if len(lines) > 1 for ln in lines}
    kept = []
    for rec_ in good:
        line, ind, yr, _, _ = rec_
        if line in dup_lines:
            others = _lines_text([x for x in by_key[(ind, yr)] if x != line], limit=5)
            problems.append(_problem(line, "year", f"{ind} {yr}", "duplicate", other=others))
        else:
            kept.append(rec_)
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 9))

    notices: list[FileProblem] = []
    if decimal == "?":
        notices.append(
            _file_problem(
                "mixed_decimal_marks",
                "notice",
                comma=_lines_text(decimal_lines[","]),
                dot=_lines_text(decimal_lines["."]),
            )
        )
    if neutralised:
        notices.append(
            _file_problem(
                "formula_neutralised", "notice", lines=", ".join(map(str, neutralised))
            )
        )
    if blank:
        notices.append(_file_problem("blank_rows_skipped", "notice", n=blank))
    frame = _empty_good()
    if kept:
        frame = pd.DataFrame(
            {
                "indicator_id": pd.Series([k[1] for k in kept], dtype=object),
                "year": pd.Series([k[2] for k in kept], dtype="int64"),
                "value": pd.Series([k[3] for k in kept], dtype="float64"),
                "note": pd.Series([k[4] for k in kept], dtype=object),
                "source": pd.Series([USER_SOURCE] * len(kept), dtype=object),
            }
        )
    return frame, problems, notices, n_rows


def _records_from_rows(
    rows: list[tuple[int, list[object]]],
    broken: Mapping[int, RowProblem] | None = None,
) -> tuple[list[tuple[int, dict[str, object]]], list[FileProblem], list[RowProblem]]:
    """First non-empty row = header; returns canonical records, file problems, row problems.
    Rows in ``broken`` (line → problem found while reading, e.g. an unclosed quote) are
    rejected with that problem."""
    rows = [(ln, cells) for ln, cells in rows if any(not _is_blank(c) for c in cells)]
    if not rows:
        return [], [_file_problem("no_header")], []
    header_line, header = rows[0]
    mapping, problems = _map_header(header)
    if problems:
        return [], problems, []
    records: list[tuple[int, dict[str, object]]] = []
    extra: list[RowProblem] = []
    for line, cells in rows[1:]:
        if broken and line in broken:
            extra.append(broken[line])
            continue
        outside = [c for i, c in enumerate(cells) if i not in mapping and not _is_blank(c)]
        if outside:
            extra.append(_problem(line, None, outside[0], "too_many_fields"))
            continue
        records.append(
            (line, {col: (cells[i] if i < len(cells) else None) for i, col in mapping.items()})
        )
    return records, [], extra


def _finish(
    rows: list[tuple[int, list[object]]],
    known_indicators: Mapping[str, str],
    notices: list[FileProblem],
    *,
    encoding: str | None,
    delimiter: str | None,
    formula_cells: Mapping[int, set[str]] | None = None,
    broken: Mapping[int, RowProblem] | None = None,
) -> UploadResult:
    records, file_problems, extra = _records_from_rows(rows, broken)
    if file_problems:
        return UploadResult(good=_empty_good(), errors=tuple(file_problems), notices=tuple(notices))
    n_candidate = sum(1 for _, r in records if not all(_is_blank(v) for v in r.values()))
    if n_candidate + len(extra) > MAX_ROWS:
        return UploadResult(
            good=_empty_good(),
            errors=(_file_problem("too_many_rows", n=f"{n_candidate + len(extra):,}"),),
            notices=tuple(notices),
        )
    good, problems, more_notices, n_rows = _validate_records(
        records, known_indicators, formula_cells, delimiter
    )
    problems = sorted(problems + extra, key=lambda p: p.row)
    n_rows += len(extra)
    if n_rows == 0:
        return UploadResult(
            good=_empty_good(),
            errors=(_file_problem("no_data_rows"),),
            notices=tuple(notices + more_notices),
        )
    return UploadResult(
        good=good,
        rejected=tuple(problems),
        notices=tuple(notices + more_notices),
        n_data_rows=n_rows,
        encoding=encoding,
        delimiter=delimiter,
    )


# ----------------------------------------------------------------------------- readers


def _decode(data: bytes) -> tuple[str | None, str | None, list[FileProblem], str | None]:
    """bytes → (text, encoding, notices, error code)."""
    notices: list[FileProblem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", notices, None
        except UnicodeDecodeError:
            return None, None, notices, "unknown_encoding"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, None, notices, "unknown_encoding"
        notices.append(_file_problem("decoded_utf16", "notice"))
        return text, "utf-16", notices, None
    if b"\x00" in data:
        sample = data[:4000]
        even, odd = sample[0::2], sample[1::2]
        for enc, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if zeros and zeros.count(0) / len(zeros) > 0.9:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    break
                notices.append(_file_problem("decoded_utf16", "notice"))
                return text, enc, notices, None
        return None, None, notices, "binary_file"
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, enc = data.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            return None, None, notices, "unknown_encoding"
        notices.append(_file_problem("decoded_cp1258", "notice"))
    controls = sum(
        1 for ch in text[:4000] if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n"
    )
    if controls > max(2, 0.01 * min(len(text), 4000)):
        return None, None, [], "binary_file"
    return unicodedata.normalize("NFC", text), enc, notices, None


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t")}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


_YEARISH = re.compile(r"^\s*\"?\s*(19|20)\d\d(\.0+)?\s*$")


def _swallows_rows(cells: list[str], delimiter: str) -> bool:
    """True when a cell spanning several lines holds what looks like further data rows
    (two separators and a year on one of its inner lines): a quote was left open."""
    for cell in cells:
        for inner in re.split(r"\r\n|\r|\n", cell)[1:]:
            parts = inner.split(delimiter)
            if len(parts) >= 3 and any(_YEARISH.match(p) for p in parts):
                return True
    return False


def _read_csv_rows(
    text: str,
) -> tuple[list[tuple[int, list[object]]], str, dict[int, RowProblem], FileProblem | None]:
    """CSV text → (rows as (first line, cells), delimiter, rows broken by an unclosed quote,
    file-level error when the text cannot be read to its end)."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    skip_first = False
    m = re.match(r"^\s*sep=(.)\s*$", first, re.I)
    if m:
        delimiter, skip_first = m.group(1), True
    else:
        delimiter = _sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    broken: dict[int, RowProblem] = {}
    prev = 0
    filled = 0
    try:
        for cells in reader:
            start, prev = prev + 1, reader.line_num
            if skip_first and not rows and re.match(r"^\s*sep=", ";".join(cells), re.I):
                skip_first = False
                continue
            if prev > start and rows and _swallows_rows(cells, delimiter):
                broken[start] = _problem(start, None, "", "unclosed_quote", first=start, end=prev)
            stripped = [c.strip() for c in cells]
            rows.append((start, stripped))
            filled += any(stripped)
            if filled > MAX_ROWS + 1:  # header + more data rows than allowed: enough to refuse
                break
    except csv.Error:  # a field beyond the csv module's limit (131,072 characters)
        return rows, delimiter, broken, _file_problem("csv_unreadable", line=prev + 1)
    return rows, delimiter, broken, None


def _read_xlsx_rows(
    data: bytes,
) -> tuple[
    list[tuple[int, list[object]]] | None,
    list[FileProblem],
    dict[int, set[int | str]],
    FileProblem | None,
]:
    """→ (rows, notices, formula cells {line: {column index or marker}}, file error).

    Both workbooks (formulas, cached values) are opened read-only: rows are streamed, at
    most ``XLSX_MAX_COLUMNS`` columns are read, and a sheet reaching below ``XLSX_MAX_ROW``
    is refused (a tiny file may claim a million rows).
    """
    import openpyxl  # local import: keeps the model's import light

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unzipped = sum(i.file_size for i in zf.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                return None, [], {}, _file_problem("unzipped_too_large", size=f"{unzipped:,}")
            if zf.testzip() is not None:
                return None, [], {}, _file_problem("corrupt_xlsx")
    except Exception:  # noqa: BLE001 - not a readable zip archive
        return None, [], {}, _file_problem("corrupt_xlsx")
    workbooks = []
    try:
        for data_only in (False, True):
            workbooks.append(
                openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
            )
        return _xlsx_rows(*workbooks)
    except Exception:  # noqa: BLE001 - any failure to parse means a damaged workbook
        return None, [], {}, _file_problem("corrupt_xlsx")
    finally:
        for wb in workbooks:
            wb.close()


def _xlsx_rows(wb_f, wb_v):  # noqa: ANN001, ANN202 - openpyxl workbooks; see _read_xlsx_rows
    notices: list[FileProblem] = []
    if not wb_f.worksheets or not wb_v.worksheets:
        return None, [], {}, _file_problem("corrupt_xlsx")
    ws_f, ws_v = wb_f.worksheets[0], wb_v.worksheets[0]
    if len(wb_f.worksheets) > 1:
        notices.append(_file_problem("other_sheets_ignored", "notice", sheet=ws_f.title))
    if (ws_f.max_column or 0) > XLSX_MAX_COLUMNS:
        notices.append(_file_problem("columns_ignored", "notice", n=XLSX_MAX_COLUMNS))
    for ws in (ws_f, ws_v):
        ws.reset_dimensions()  # the declared size may be false: read the rows that exist
    rows: list[tuple[int, list[object]]] = []
    formula_lines: dict[int, set[int | str]] = {}
    filled = 0
    pairs = zip(
        ws_f.iter_rows(max_col=XLSX_MAX_COLUMNS, values_only=True),
        ws_v.iter_rows(max_col=XLSX_MAX_COLUMNS, values_only=True),
        strict=False,
    )
    width = 0  # the header's width: cells right of it are only kept when not empty
    for r_idx, (row_f, row_v) in enumerate(pairs, start=1):
        if r_idx > XLSX_MAX_ROW:
            return None, notices, {}, _file_problem("sheet_too_large")
        n = len(row_v)
        if row_f.count(None) == n and row_v.count(None) == n:  # blank (tuple.count: fast)
            continue
        if not width:
            width = 1 + max(i for i in range(n) if row_f[i] is not None or row_v[i] is not None)
        if row_f[width:].count(None) == n - width and row_v[width:].count(None) == n - width:
            row_f, row_v = row_f[:width], row_v[:width]
        if row_f == row_v:  # no formula in this row: formulas differ from their values
            cells: list[object] = [cv.strip() if isinstance(cv, str) else cv for cv in row_v]
        else:
            cells = []
            for c_idx, (cf, cv) in enumerate(zip(row_f, row_v, strict=False)):
                is_formula = (isinstance(cf, str) and cf.startswith("=")) or type(
                    cf
                ).__name__ in ("ArrayFormula", "DataTableFormula")
                if is_formula:
                    formula_lines.setdefault(r_idx, set()).add(c_idx)
                    if cv is None:
                        formula_lines[r_idx].add("__no_value__")
                    cells.append(cv)
                else:
                    cells.append(cv.strip() if isinstance(cv, str) else cv)
        rows.append((r_idx, cells))
        filled += 1
        if filled > MAX_ROWS + 1:  # header + more data rows than allowed: enough to refuse
            break
    return rows, notices, formula_lines, None


def parse_upload(data: bytes, filename: str, known_indicators: Mapping[str, str]) -> UploadResult:
    """Read an uploaded CSV or .xlsx of planners' figures and validate every row.

    Parameters
    ----------
    data : the file's bytes (not modified).
    filename : the uploaded name (its extension is a hint; the content decides).
    known_indicators : {indicator_id: unit} of indicators that may be entered (units decide
        the range checks: shares in [0, 100], ranks 1–63, others ≥ 0 except rates per year).

    Returns
    -------
    UploadResult. File-level problems (empty, binary, undecodable, damaged workbook, header
    only, unknown or missing columns, more than ``MAX_ROWS`` rows) leave ``good`` empty; row
    problems reject only their rows.
    """
    if not data:
        return _failed("empty_file")
    if len(data) > MAX_BYTES:
        return _failed("too_large", size=f"{len(data):,}")
    name = (filename or "").lower()
    is_zip = data.startswith(b"PK\x03\x04")
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        return _failed("xls_not_supported")
    if name.endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            return _failed("corrupt_xlsx")
        rows, notices, formula_lines, error = _read_xlsx_rows(data)
        if error:
            return UploadResult(good=_empty_good(), errors=(error,), notices=tuple(notices))
        if not name.endswith((".xlsx", ".xlsm")):
            notices.insert(0, _file_problem("xlsx_named_csv", "notice"))
        assert rows is not None
        header_cells = next((c for _, c in rows if any(not _is_blank(x) for x in c)), [])
        mapping, _ = _map_header(list(header_cells))
        formula_cells: dict[int, set[str]] = {}
        used: list[int] = []
        for line, idxs in formula_lines.items():
            cols = {mapping[i] for i in idxs if isinstance(i, int) and i in mapping}
            if not cols:
                continue
            if "__no_value__" in idxs:
                cols.add("__no_value__")
            else:
                used.append(line)
            formula_cells[line] = cols
        if used:
            notices.append(
                _file_problem(
                    "formula_values", "notice", lines=", ".join(map(str, sorted(used)))
                )
            )
        return _finish(
            rows,
            known_indicators,
            notices,
            encoding=None,
            delimiter=None,
            formula_cells=formula_cells,
        )
    text, encoding, notices, error = _decode(data)
    if error:
        return _failed(error)
    assert text is not None
    if text.strip() == "":
        return _failed("empty_file")
    rows, delimiter, broken, error = _read_csv_rows(text)
    if error:
        return UploadResult(good=_empty_good(), errors=(error,), notices=tuple(notices))
    return _finish(
        rows, known_indicators, notices, encoding=encoding, delimiter=delimiter, broken=broken
    )


def validate_table(df: pd.DataFrame, known_indicators: Mapping[str, str]) -> UploadResult:
    """Validate the editable table (same rules as :func:`parse_upload`).

    Column names may be canonical or any alias; ``row`` in problems is the table row + 1
    (first row = 2, as if the header were line 1). ``df`` is not modified.
    """
    header = [str(c) for c in df.columns]
    rows: list[tuple[int, list[object]]] = [(1, list(header))]
    for pos, tup in enumerate(df.itertuples(index=False, name=None), start=2):
        rows.append((pos, [None if _is_blank(v) else v for v in tup]))
    if len(rows) == 1:
        return _failed("no_data_rows")
    return _finish(rows, known_indicators, [], encoding=None, delimiter=None)


# ----------------------------------------------------------------------------- template & merge


def known_indicators_from(
    targets: pd.DataFrame, indicators: pd.DataFrame | None = None
) -> dict[str, str]:
    """{indicator_id: unit} that planners may enter: every target indicator with a numeric
    unit (not the "group" judgement, not the DTI rank computed from the official tables), plus
    every indicator in ``indicators.csv``. The unit of targets.csv wins when both have one."""
    out: dict[str, str] = {}
    if indicators is not None and len(indicators):
        for ind, unit in indicators[["indicator_id", "unit"]].itertuples(index=False):
            out.setdefault(str(ind), str(unit))
    for ind, unit in targets[["indicator_id", "unit"]].itertuples(index=False):
        if str(unit).strip().lower() == "group":
            continue
        out[str(ind)] = str(unit)
    for ind in NOT_ENTERABLE:
        out.pop(ind, None)
    return dict(sorted(out.items()))


def template_csv(
    known_indicators: Mapping[str, str] | None = None,
    *,
    headers: tuple[str, ...] = COLUMNS,
    delimiter: str = ",",
    unit_note: str = "{unit}",
) -> bytes:
    """The upload template (UTF-8 with BOM so that Excel shows accented text correctly): the
    ``headers`` row (default the canonical column names; the UI passes each language's,
    :func:`ui.uploads.template_csv`), then one row per valid indicator id with year and value
    left blank and ``unit_note.format(unit=…)`` as its note (rows left blank are skipped on
    upload). Every text cell is neutralised against formulas."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for ind, unit in (known_indicators or {}).items():
        writer.writerow([neutralise_formula(ind), "", "", neutralise_formula(unit_note.format(unit=unit))])
    return buf.getvalue().encode("utf-8-sig")


def add_observations(previous: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Planners' figures ``previous`` with the ``new`` ones added (both frames as in
    :attr:`UploadResult.good`); a new figure replaces a previous one for the same (indicator,
    year). Sorted by indicator and year; neither input is modified."""
    if previous is None or len(previous) == 0:
        return new.copy()
    return (
        pd.concat([previous, new], ignore_index=True)
        .drop_duplicates(["indicator_id", "year"], keep="last")
        .sort_values(["indicator_id", "year"], kind="stable")
        .reset_index(drop=True)
    )


def merge_observations(shipped: pd.DataFrame, user: pd.DataFrame, plan_unit: str) -> pd.DataFrame:
    """Shipped observations with planners' figures on top (neither input is modified).

    ``shipped`` has the columns of ``indicators.csv``; ``user`` those of
    :attr:`UploadResult.good`. User rows become rows of the plan's unit (``geography =
    plan_unit``, ``study.csv``) with ``source = "entered by user"`` and replace any shipped
    row of that unit with the same
    (indicator_id, year); national rows are never replaced. A column ``origin`` says
    "shipped" or "entered by user" for every row.
    """
    base = shipped.copy()
    base["origin"] = SHIPPED_SOURCE
    if user is None or len(user) == 0:
        return base.reset_index(drop=True)
    u = user.copy()
    u["year"] = u["year"].astype("int64")
    keys = set(zip(u["indicator_id"].astype(str), u["year"].astype(int), strict=True))
    is_prov = base["geography"].astype(str) == plan_unit
    hit = [
        bool(p) and (str(i), int(y)) in keys
        for p, i, y in zip(is_prov, base["indicator_id"], base["year"], strict=True)
    ]
    kept = base.loc[~pd.Series(hit, index=base.index)]
    units = (
        shipped.drop_duplicates("indicator_id").set_index("indicator_id")["unit"].to_dict()
        if "unit" in shipped
        else {}
    )
    new = pd.DataFrame(
        {
            "indicator_id": u["indicator_id"].astype(str).to_numpy(),
            "geography": plan_unit,
            "year": u["year"].to_numpy(),
            "period": u["year"].astype(str).to_numpy(),
            "value": u["value"].astype(float).to_numpy(),
            "unit": [units.get(i) for i in u["indicator_id"].astype(str)],
            "confidence": "user",
            "source": USER_SOURCE,
            "note": u["note"].to_numpy() if "note" in u else "",
            "origin": USER_SOURCE,
        }
    )
    new = new[
        [c for c in kept.columns if c in new.columns]
        + [c for c in new.columns if c not in kept.columns]
    ]
    out = pd.concat([kept, new], ignore_index=True)
    return out.sort_values(["indicator_id", "geography", "year"], kind="stable").reset_index(
        drop=True
    )


#: Columns of a figures frame as the caches key it (:func:`observations_key`).
OBS_COLUMNS = ("indicator_id", "year", "value", "note", "source")


def observations_key(df: pd.DataFrame | None) -> tuple:
    """A hashable, order-independent key of ``df`` for the caches (empty tuple: none)."""
    if df is None or len(df) == 0:
        return ()
    rows = zip(*(df[c].tolist() if c in df else [None] * len(df) for c in OBS_COLUMNS), strict=True)
    return tuple(sorted((str(i), int(y), float(v), str(n or ""), str(s or "")) for i, y, v, n, s in rows))


def observations_from_key(key: tuple) -> pd.DataFrame | None:
    """The frame :func:`observations_key` was built from (None for the empty key)."""
    if not key:
        return None
    df = pd.DataFrame(list(key), columns=list(OBS_COLUMNS))
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df

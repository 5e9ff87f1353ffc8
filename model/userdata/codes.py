"""Planners' figures: the types, codes and limits every part of the upload shares.

The template's columns (:data:`COLUMNS`; Vietnamese and English header aliases,
:data:`HEADER_ALIASES`), the limits of an accepted file [rows, bytes, characters, years], the
reason codes of a rejected row (:data:`ROW_CODES`), of a refused file (:data:`FILE_CODES`) and
of a notice (:data:`NOTICE_CODES`), and the results that carry them (:class:`RowProblem`,
:class:`FileProblem`, :class:`UploadResult`): codes and arguments, no text (the UI words them
in Vietnamese or English, ``text/catalogue/userdata.py``; the CLI in English). Also the few
rules of a cell every step uses (blank, shown text).

Sources of the limits: the app's upload size (``.streamlit/config.toml``), the plan's horizon
(years), the DTI's 63 provinces until 2024 (ranks), the end of the district level on
1 July 2025 (data/README.md).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import pandas as pd

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


def empty_good() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": pd.Series([], dtype=object),
            "year": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
            "note": pd.Series([], dtype=object),
            "source": pd.Series([], dtype=object),
        }
    )


def file_problem(code: str, kind: str = "error", **kw: object) -> FileProblem:
    if code not in (FILE_CODES if kind == "error" else NOTICE_CODES):
        raise KeyError(code)
    return FileProblem(code, tuple(sorted(kw.items())), kind)


def failed(code: str, **kw: object) -> UploadResult:
    return UploadResult(good=empty_good(), errors=(file_problem(code, **kw),))


def is_blank(x: object) -> bool:
    if x is None:
        return True
    if isinstance(x, float) and math.isnan(x):
        return True
    if x is pd.NA or x is pd.NaT:
        return True
    return isinstance(x, str) and x.strip() == ""


def cell_text(x: object) -> str:
    if is_blank(x):
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x).strip()


def printable(text: str) -> str:
    """``text`` with control and format characters (tabs, bidi overrides, zero-width
    spaces…) shown as U+FFFD, so a message reads as what the cell holds."""
    return "".join("\ufffd" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def row_problem(row: int, column: str | None, value: object, code: str, **kw: object) -> RowProblem:
    shown = printable(cell_text(value))
    if len(shown) > 60:
        shown = shown[:57] + "…"
    if code not in ROW_CODES:
        raise KeyError(code)
    return RowProblem(row, column, shown, code, tuple(sorted(kw.items())))

"""Planners' figures: the rules that decide what a row means and whether it is kept.

Rows of cells (from a file, :mod:`model.userdata.reading`, or from the editable table) →
canonical records by their header (Vietnamese or English names, any case, with or without
diacritics) → good figures and rejected rows, each with its line, column, reason code and
arguments (:mod:`model.userdata.codes`). The rules, in one place: numbers with a decimal point
or a decimal comma (the mark the rest of the file uses decides "1,234"; a file using both
marks refuses such a value), years 2000–2035, shares in [0, 100] %, ranks 1–63, other values
≥ 0 except rates per year, no figure of the district level after 2025, one figure per
(indicator, year), formula-like text refused where a number or id is expected and neutralised
(prefixed with ') in notes (OWASP "CSV injection").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd

from model.projection import is_share_unit
from model.userdata.codes import (
    ABOLISHED_AFTER,
    COLUMNS,
    FORMULA_PREFIXES,
    HEADER_ALIASES,
    MAX_CELL_CHARS,
    MAX_ROWS,
    NOT_ENTERABLE,
    RANK_MAX,
    REQUIRED_COLUMNS,
    USER_SOURCE,
    YEAR_MAX,
    YEAR_MIN,
    FileProblem,
    RowProblem,
    UploadResult,
    cell_text,
    empty_good,
    failed,
    file_problem,
    is_blank,
    printable,
    row_problem,
)

_EXCEL_ERRORS = re.compile(
    r"^#(N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$", re.I
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_NONFINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def normalise_header(text: object) -> str:
    """Header cell → lower-case ASCII words joined by ``_`` ("Mã chỉ tiêu" → "ma_chi_tieu")."""
    s = "" if text is None else str(text)
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[^0-9a-zA-Z]+", "_", s.strip().lower())
    return s.strip("_")



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
    if is_blank(raw):
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



# ----------------------------------------------------------------------------- validation core


def map_header(cells: list[object]) -> tuple[dict[int, str], list[FileProblem]]:
    """Header cells → {position: canonical column}; file problems for unknown/missing/dupes."""
    mapping: dict[int, str] = {}
    unknown, dupes = [], []
    for i, cell in enumerate(cells):
        key = normalise_header(cell)
        if key == "":
            continue  # empty header cell (e.g. trailing separator): its cells must be empty
        canon = HEADER_ALIASES.get(key)
        if canon is None:
            unknown.append(cell_text(cell)[:40])
        elif canon in mapping.values():
            dupes.append(cell_text(cell)[:40])
        else:
            mapping[i] = canon
    filled = [c for c in cells if normalise_header(c)]
    if len(filled) == 1 and len(mapping) < len(REQUIRED_COLUMNS):
        sep = _foreign_separator(cell_text(filled[0]))
        if sep is not None:
            return {}, [file_problem("wrong_delimiter", sep=_sep_name(sep))]
    problems = []
    if unknown:
        problems.append(
            file_problem("unknown_column", columns=", ".join(repr(u) for u in unknown))
        )
    if dupes:
        problems.append(
            file_problem("duplicate_column", columns=", ".join(repr(d) for d in dupes))
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        problems.append(file_problem("missing_column", columns=", ".join(missing)))
    return mapping, problems


_SEPARATOR_CANDIDATES = (",", ";", "\t", "|", ":", "/", "#", "~", "^")
_SEPARATOR_NAMES = {"\t": "tab", " ": "space"}
_ROW_SEPARATORS = (",", ";", "\t", "|")
"""Characters that never occur in an indicator id: one there means the row was split with
another separator than the header."""


def _sep_name(sep: str) -> str:
    return _SEPARATOR_NAMES.get(sep, printable(sep))


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
            raw_id = cell_text(rec.get("indicator_id"))
            sep = next((c for c in _ROW_SEPARATORS if c != delimiter and c in raw_id), None)
            if sep is not None:
                n_rows += 1
                problems.append(
                    row_problem(
                        line,
                        None,
                        raw_id,
                        "wrong_delimiter",
                        sep=_sep_name(sep),
                        header_sep=_sep_name(delimiter),
                    )
                )
                continue
        if all(is_blank(rec.get(c)) for c in ("year", "value")):
            if not all(is_blank(v) for v in rec.values()):
                blank += 1
            continue
        n_rows += 1
        row_problems: list[RowProblem] = []
        for col, raw in rec.items():
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
                row_problems.append(row_problem(line, col, raw, "cell_too_long"))
        if row_problems:
            problems.extend(row_problems)
            continue
        if formula_cells and line in formula_cells and "__no_value__" in formula_cells[line]:
            col = next(c for c in formula_cells[line] if c != "__no_value__")
            problems.append(row_problem(line, col, "", "formula_no_value"))
            continue

        raw_id = cell_text(rec.get("indicator_id"))
        ind_key = raw_id.lower()
        if raw_id == "":
            row_problems.append(row_problem(line, "indicator_id", raw_id, "missing_indicator"))
        elif raw_id.startswith(FORMULA_PREFIXES):
            row_problems.append(row_problem(line, "indicator_id", raw_id, "formula"))
        elif ind_key in NOT_ENTERABLE:
            row_problems.append(row_problem(line, "indicator_id", raw_id, "not_enterable"))
        elif ind_key not in known:
            row_problems.append(row_problem(line, "indicator_id", raw_id, "unknown_indicator"))

        raw_year = rec.get("year")
        year_num, reason = parse_number(raw_year)
        year: int | None = None
        if reason is not None:
            code = {"missing_value": "missing_year", "not_numeric": "year_not_integer"}.get(
                reason, reason
            )
            row_problems.append(row_problem(line, "year", raw_year, code))
        elif not float(year_num).is_integer():  # type: ignore[arg-type]
            row_problems.append(row_problem(line, "year", raw_year, "year_not_integer"))
        elif not YEAR_MIN <= year_num <= YEAR_MAX:  # type: ignore[operator]
            row_problems.append(row_problem(line, "year", cell_text(raw_year), "year_out_of_range"))
        else:
            year = int(year_num)  # type: ignore[arg-type]

        raw_value = rec.get("value")
        value, reason = parse_number(raw_value, decimal)
        if reason is not None:
            row_problems.append(row_problem(line, "value", raw_value, reason))
        elif ind_key in known and not row_problems:
            bad = _check_value(ind_key, value, known[ind_key][1])  # type: ignore[arg-type]
            if bad:
                row_problems.append(row_problem(line, "value", raw_value, bad))
        if year is not None and ind_key in ABOLISHED_AFTER and year > ABOLISHED_AFTER[ind_key]:
            row_problems.append(row_problem(line, "year", year, "district_abolished"))

        if row_problems:
            problems.extend(row_problems)
            continue
        note = cell_text(rec.get("note"))
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
            problems.append(row_problem(line, "year", f"{ind} {yr}", "duplicate", other=others))
        else:
            kept.append(rec_)
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 9))

    notices: list[FileProblem] = []
    if decimal == "?":
        notices.append(
            file_problem(
                "mixed_decimal_marks",
                "notice",
                comma=_lines_text(decimal_lines[","]),
                dot=_lines_text(decimal_lines["."]),
            )
        )
    if neutralised:
        notices.append(
            file_problem(
                "formula_neutralised", "notice", lines=", ".join(map(str, neutralised))
            )
        )
    if blank:
        notices.append(file_problem("blank_rows_skipped", "notice", n=blank))
    frame = empty_good()
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
    rows = [(ln, cells) for ln, cells in rows if any(not is_blank(c) for c in cells)]
    if not rows:
        return [], [file_problem("no_header")], []
    header_line, header = rows[0]
    mapping, problems = map_header(header)
    if problems:
        return [], problems, []
    records: list[tuple[int, dict[str, object]]] = []
    extra: list[RowProblem] = []
    for line, cells in rows[1:]:
        if broken and line in broken:
            extra.append(broken[line])
            continue
        outside = [c for i, c in enumerate(cells) if i not in mapping and not is_blank(c)]
        if outside:
            extra.append(row_problem(line, None, outside[0], "too_many_fields"))
            continue
        records.append(
            (line, {col: (cells[i] if i < len(cells) else None) for i, col in mapping.items()})
        )
    return records, [], extra


def finish(
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
        return UploadResult(good=empty_good(), errors=tuple(file_problems), notices=tuple(notices))
    n_candidate = sum(1 for _, r in records if not all(is_blank(v) for v in r.values()))
    if n_candidate + len(extra) > MAX_ROWS:
        return UploadResult(
            good=empty_good(),
            errors=(file_problem("too_many_rows", n=f"{n_candidate + len(extra):,}"),),
            notices=tuple(notices),
        )
    good, problems, more_notices, n_rows = _validate_records(
        records, known_indicators, formula_cells, delimiter
    )
    problems = sorted(problems + extra, key=lambda p: p.row)
    n_rows += len(extra)
    if n_rows == 0:
        return UploadResult(
            good=empty_good(),
            errors=(file_problem("no_data_rows"),),
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



def validate_table(df: pd.DataFrame, known_indicators: Mapping[str, str]) -> UploadResult:
    """Validate the editable table (same rules as :func:`parse_upload`).

    Column names may be canonical or any alias; ``row`` in problems is the table row + 1
    (first row = 2, as if the header were line 1). ``df`` is not modified.
    """
    header = [str(c) for c in df.columns]
    rows: list[tuple[int, list[object]]] = [(1, list(header))]
    for pos, tup in enumerate(df.itertuples(index=False, name=None), start=2):
        rows.append((pos, [None if is_blank(v) else v for v in tup]))
    if len(rows) == 1:
        return failed("no_data_rows")
    return finish(rows, known_indicators, [], encoding=None, delimiter=None)



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

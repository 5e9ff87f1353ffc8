"""Planners' figures: reading an uploaded file into rows of cells.

Accepted files: CSV (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258 as a fallback
with a notice; comma, semicolon or tab separated; an Excel ``sep=;`` first line is honoured)
and .xlsx (first sheet; formulas are read as their cached values, or the row is rejected when
the workbook holds no cached value). A quote left open that swallows further rows rejects
that row (``unclosed_quote``) and a cell beyond the csv module's limit the file
(``csv_unreadable``). Workbooks are streamed read-only: at most ``XLSX_MAX_COLUMNS`` columns,
nothing below ``XLSX_MAX_ROW``, at most ``MAX_UNZIPPED_BYTES`` unpacked [bytes], so that a
small hostile .xlsx cannot exhaust memory. The rows go to :mod:`model.userdata.validation`;
:func:`parse_upload` is the whole path, bytes → :class:`~model.userdata.codes.UploadResult`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping

from model.userdata.codes import (
    MAX_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROW,
    FileProblem,
    RowProblem,
    UploadResult,
    empty_good,
    failed,
    file_problem,
    is_blank,
    row_problem,
)
from model.userdata.validation import finish, map_header

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
        notices.append(file_problem("decoded_utf16", "notice"))
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
                notices.append(file_problem("decoded_utf16", "notice"))
                return text, enc, notices, None
        return None, None, notices, "binary_file"
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, enc = data.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            return None, None, notices, "unknown_encoding"
        notices.append(file_problem("decoded_cp1258", "notice"))
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
                broken[start] = row_problem(start, None, "", "unclosed_quote", first=start, end=prev)
            stripped = [c.strip() for c in cells]
            rows.append((start, stripped))
            filled += any(stripped)
            if filled > MAX_ROWS + 1:  # header + more data rows than allowed: enough to refuse
                break
    except csv.Error:  # a field beyond the csv module's limit (131,072 characters)
        return rows, delimiter, broken, file_problem("csv_unreadable", line=prev + 1)
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
                return None, [], {}, file_problem("unzipped_too_large", size=f"{unzipped:,}")
            if zf.testzip() is not None:
                return None, [], {}, file_problem("corrupt_xlsx")
    except Exception:  # noqa: BLE001 - not a readable zip archive
        return None, [], {}, file_problem("corrupt_xlsx")
    workbooks = []
    try:
        for data_only in (False, True):
            workbooks.append(
                openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
            )
        return _xlsx_rows(*workbooks)
    except Exception:  # noqa: BLE001 - any failure to parse means a damaged workbook
        return None, [], {}, file_problem("corrupt_xlsx")
    finally:
        for wb in workbooks:
            wb.close()


def _xlsx_rows(wb_f, wb_v):  # noqa: ANN001, ANN202 - openpyxl workbooks; see _read_xlsx_rows
    notices: list[FileProblem] = []
    if not wb_f.worksheets or not wb_v.worksheets:
        return None, [], {}, file_problem("corrupt_xlsx")
    ws_f, ws_v = wb_f.worksheets[0], wb_v.worksheets[0]
    if len(wb_f.worksheets) > 1:
        notices.append(file_problem("other_sheets_ignored", "notice", sheet=ws_f.title))
    if (ws_f.max_column or 0) > XLSX_MAX_COLUMNS:
        notices.append(file_problem("columns_ignored", "notice", n=XLSX_MAX_COLUMNS))
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
            return None, notices, {}, file_problem("sheet_too_large")
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
        return failed("empty_file")
    if len(data) > MAX_BYTES:
        return failed("too_large", size=f"{len(data):,}")
    name = (filename or "").lower()
    is_zip = data.startswith(b"PK\x03\x04")
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        return failed("xls_not_supported")
    if name.endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            return failed("corrupt_xlsx")
        rows, notices, formula_lines, error = _read_xlsx_rows(data)
        if error:
            return UploadResult(good=empty_good(), errors=(error,), notices=tuple(notices))
        if not name.endswith((".xlsx", ".xlsm")):
            notices.insert(0, file_problem("xlsx_named_csv", "notice"))
        assert rows is not None
        header_cells = next((c for _, c in rows if any(not is_blank(x) for x in c)), [])
        mapping, _ = map_header(list(header_cells))
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
                file_problem(
                    "formula_values", "notice", lines=", ".join(map(str, sorted(used)))
                )
            )
        return finish(
            rows,
            known_indicators,
            notices,
            encoding=None,
            delimiter=None,
            formula_cells=formula_cells,
        )
    text, encoding, notices, error = _decode(data)
    if error:
        return failed(error)
    assert text is not None
    if text.strip() == "":
        return failed("empty_file")
    rows, delimiter, broken, error = _read_csv_rows(text)
    if error:
        return UploadResult(good=empty_good(), errors=(error,), notices=tuple(notices))
    return finish(
        rows, known_indicators, notices, encoding=encoding, delimiter=delimiter, broken=broken
    )

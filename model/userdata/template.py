"""Planners' figures: the files this room writes, made safe for a spreadsheet.

The upload template (one row per indicator that may be entered, year and value left blank)
and any table written as CSV: UTF-8 with BOM (Excel opens Vietnamese text correctly), every
text cell neutralised against formulas (prefixed with ' when it starts with = + - @ or a
tab/CR: OWASP "CSV injection"), and a carriage return inside a cell written as a line feed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pandas as pd

from model.userdata.codes import COLUMNS, FORMULA_PREFIXES


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

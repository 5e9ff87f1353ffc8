"""CSV export of the whole register (every version), for Excel.

``vietnamese=True`` writes what Vietnamese Excel reads by default: ``;`` between columns and
a decimal comma; otherwise ``,`` and a decimal point. The header row is the caller's (the
catalogue's: Vietnamese headers or the column ids, :func:`text.register.export_headers`).
Both UTF-8 with BOM; text cells are neutralised against formula injection as every CSV of
the app is (model.userdata.neutralise_formula).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

import pandas as pd

from model.userdata import neutralise_formula

EXPORT_COLUMNS = (
    "indicator_id", "year", "version", "value", "unit", "source_note", "department",
    "entered_at", "status", "reviewed_by", "id",
)
"""The export's columns, in order; their headers are the caller's (``headers``)."""


def _number(value: float, vietnamese: bool) -> str:
    text = repr(float(value))  # shortest text that reads back to the same float
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",") if vietnamese else text


def register_csv(history: pd.DataFrame, *, vietnamese: bool, headers: Mapping[str, str]) -> bytes:
    """``history`` (:meth:`store.Register.history`) as CSV bytes, ``headers[column]`` above
    each of EXPORT_COLUMNS; ``history`` is not modified."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if vietnamese else ",", lineterminator="\r\n")
    writer.writerow([headers[column] for column in EXPORT_COLUMNS])
    for record in history.to_dict("records"):
        row = []
        for column in EXPORT_COLUMNS:
            value = record.get(column)
            if column == "value":
                row.append(_number(value, vietnamese))
            elif value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append("")
            else:
                text = str(value).replace("\r\n", "\n").replace("\r", "\n")
                row.append(neutralise_formula(text))
        writer.writerow(row)
    return buf.getvalue().encode("utf-8-sig")

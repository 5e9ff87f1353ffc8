"""Planners' own figures: template, upload reading, validation, merge, safe export.

One module per subject (the public names are re-exported here so that ``from
model.userdata import parse_upload`` keeps working; new code names the module):

- :mod:`model.userdata.codes`: the types, reason codes and limits every step shares;
- :mod:`model.userdata.reading`: an uploaded file's bytes → rows of cells (:func:`parse_upload`);
- :mod:`model.userdata.validation`: rows → good figures and rejected rows (:func:`validate_table`);
- :mod:`model.userdata.observations`: planners' figures merged with the shipped ones, cache keys;
- :mod:`model.userdata.template`: the template and CSV written safe for a spreadsheet.

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

Good rows are kept; each bad row is listed with its line number (header = line 1), column, a
reason code and the reason's arguments: no text (the UI words them in Vietnamese or English,
``text/catalogue/userdata.py``; the CLI in English). Inputs are never mutated. Broken files are
named, not guessed at: a header split by another character (``|``) is a ``wrong_delimiter``
file error and a row split by another separator than the header a ``wrong_delimiter`` row; a
value like "1,234" follows the decimal mark the rest of the file uses and is refused
(``ambiguous_number``) when the file uses both marks.

Security: formula-like text (starting with = + - @ or a tab/CR) is rejected where a number or
id is expected and neutralised (prefixed with ') in notes and in every CSV this room writes
(OWASP "CSV injection"); values shown in messages have control and direction characters
replaced by U+FFFD.
"""

from model.userdata.codes import (
    ABOLISHED_AFTER,
    COLUMNS,
    FILE_CODES,
    FORMULA_PREFIXES,
    HEADER_ALIASES,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    NOT_ENTERABLE,
    NOTICE_CODES,
    RANK_MAX,
    REQUIRED_COLUMNS,
    ROW_CODES,
    SHIPPED_SOURCE,
    USER_SOURCE,
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROW,
    YEAR_MAX,
    YEAR_MIN,
    FileProblem,
    RowProblem,
    UploadResult,
)
from model.userdata.observations import (
    OBS_COLUMNS,
    add_observations,
    merge_observations,
    observations_from_key,
    observations_key,
)
from model.userdata.reading import parse_upload
from model.userdata.template import neutralise_formula, template_csv, to_safe_csv
from model.userdata.validation import (
    decimal_style,
    known_indicators_from,
    normalise_header,
    parse_number,
    validate_table,
)

__all__ = [
    "ABOLISHED_AFTER", "COLUMNS", "FILE_CODES", "FORMULA_PREFIXES", "HEADER_ALIASES", "MAX_BYTES", "MAX_CELL_CHARS",
    "MAX_ROWS", "MAX_UNZIPPED_BYTES", "NOTICE_CODES", "NOT_ENTERABLE", "OBS_COLUMNS", "RANK_MAX", "REQUIRED_COLUMNS",
    "ROW_CODES", "SHIPPED_SOURCE", "USER_SOURCE", "XLSX_MAX_COLUMNS", "XLSX_MAX_ROW", "YEAR_MAX", "YEAR_MIN",
    "FileProblem", "RowProblem", "UploadResult", "add_observations", "decimal_style", "known_indicators_from",
    "merge_observations", "neutralise_formula", "normalise_header", "observations_from_key", "observations_key",
    "parse_number", "parse_upload", "template_csv", "to_safe_csv", "validate_table",
]  # fmt: skip

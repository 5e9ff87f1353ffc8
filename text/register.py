"""The register's errors and its export's headers, worded in the chosen language.

The register (``store/``) raises :class:`store.StoreError` with a stable ``code`` and the
message's values in ``params``; the words are the catalogue's (``text/catalogue/register.py``,
keys ``register.error.<code>[.<variant>]``). The pages word an error in the page's language,
the command line in English. The errors are read by their fields (``code``, ``params``), so this
layer imports nothing of the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from text.catalogue import CATALOGUE
from text.problems import message as problem_message

URL_SHOWN = 80
"""Longest database address quoted in a message [characters]; a longer one is cut with "…"."""


def _text(key: str, lang: str, **values: Any) -> str:
    """The catalogue's string, always formatted (extra values are ignored)."""
    vi, en = CATALOGUE[key]
    return (en if lang == "en" else vi).format(**values)


def store_message(error: Any, lang: str) -> str:
    """A :class:`store.StoreError` (or KeyRefused, ImportRefused) as the user reads it:
    "Wrong editor key for 'Sở TT&TT': nothing was written." (en) / "Khóa biên tập …" (vi)."""
    code, values = error.code, dict(error.params)
    key = f"register.error.{code}"
    if code == "bad_url":
        url = str(values["url"])
        values["url"] = url if len(url) <= URL_SHOWN else url[: URL_SHOWN - 1] + "…"
        values["why"] = _text(f"register.error.bad_url.{values['why']}", lang, **values)
    elif code in ("disk_full", "database_error"):
        values["where"] = _text(f"register.error.where.{values['where']}", lang)
        if values.get("engine") == "sqlite":
            key += ".sqlite"
    elif code == "key_refused":
        key += f".{values['role']}"
    elif code == "bad_name":
        key += f".{values['what']}"
    elif code == "bad_dump" and "table" in values:
        key += ".row"
    elif code in ("file_refused", "rows_rejected"):
        name = values.get("file_name")
        values["what"] = _text("register.error.what.file", lang, file_name=name) if name else _text("register.error.what.table", lang)
        if code == "file_refused":  # the file's first problem, as the target page words it
            values["message"] = problem_message(values.pop("problem"), lang)
    return _text(key, lang, **values)


def export_headers(columns: Iterable[str], vietnamese: bool) -> dict[str, str]:
    """The header of each of the register export's ``columns`` (``store.export.EXPORT_COLUMNS``):
    Vietnamese words for Vietnamese Excel, else the column ids."""
    return {column: _text(f"register.export.col.{column}", "vi" if vietnamese else "en") for column in columns}

"""The model's notes worded in the chosen language.

The model returns sentences as notes (:class:`model.notes.Note`: a ``code`` and its
``params``); the words are the catalogue's (``text/catalogue/model.py``, key
``model.<code>``). This layer imports nothing of the model: a note is recognised by its class
attribute ``is_note``.

An argument that is itself a note is worded first; a list of notes or values is worded item by
item and joined (with the catalogue's ``model.<code>.<argument>_sep`` when there is one, else
", "). In Vietnamese a decimal number is written with the decimal comma ("0,001", and "12 %"
with a no-break space); the English keeps Python's own format, which is what the command line
has always printed. For the same reason an argument ``index`` (a DTI main index id) is written
as the index's name in Vietnamese ("An toàn thông tin mạng") and as the id in English.

:func:`worded` words every note in a JSON-ready structure (the command line's output);
:func:`worded_frame` every note of a table (a cell holding several notes is one text, joined
by "; " as the target table's notes always were), and :func:`target_table` also the target
table's ``method`` codes, for a download.
"""

from __future__ import annotations

from typing import Any

from text.catalogue import CATALOGUE

#: Separator of a list argument without a ``_sep`` key, and of several notes in one cell.
LIST_SEP = ", "
NOTES_SEP = "; "


def is_note(value: Any) -> bool:
    """Whether ``value`` is a model note (duck-typed: the text layer does not import the model)."""
    return getattr(type(value), "is_note", False) is True


def _pick(key: str, lang: str) -> str:
    vi, en = CATALOGUE[key]
    return en if lang == "en" else vi


class _DecimalComma(float):
    """A float that formats with the Vietnamese marks: "0,7629", "1.234,5", "12 %"."""

    def __format__(self, spec: str) -> str:
        text = float.__format__(self, spec) if spec else float.__repr__(self)
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text[:-1].rstrip() + "\u00a0%" if spec.endswith("%") else text

    def __str__(self) -> str:
        return self.__format__("")


def _argument(code: str, name: str, value: Any, lang: str) -> Any:
    if is_note(value):
        return note_text(value, lang)
    if isinstance(value, tuple | list):
        sep_key = f"model.{code}.{name}_sep"
        sep = _pick(sep_key, lang) if sep_key in CATALOGUE else LIST_SEP
        return sep.join(str(_argument(code, name, item, lang)) for item in value)
    if lang != "en" and isinstance(value, float):
        return _DecimalComma(value)
    if lang != "en" and name == "index" and f"common.index.{value}" in CATALOGUE:
        return _pick(f"common.index.{value}", lang)
    return value


def note_text(note: Any, lang: str) -> str:
    """One note in ``lang``; a missing key raises ``KeyError`` (a test words every code)."""
    values = {name: _argument(note.code, name, value, lang) for name, value in note.params.items()}
    return _pick(f"model.{note.code}", lang).format(**values)


def notes_text(notes: Any, lang: str) -> str:
    """Several notes as one text, joined by "; "."""
    return NOTES_SEP.join(note_text(n, lang) for n in notes)


def target_method_text(code: str, lang: str) -> str:
    """How a target's figures were read (column ``method`` of the target table: a projection
    method or a rank method) in ``lang``."""
    return _pick(f"model.target_method.{code}", lang)


def worded(value: Any, lang: str) -> Any:
    """``value`` with every note in it worded (dicts, lists and tuples walked; the rest as is)."""
    if is_note(value):
        return note_text(value, lang)
    if isinstance(value, dict):
        return {k: worded(v, lang) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(worded(v, lang) for v in value)
    return value


def _cell(value: Any, lang: str) -> Any:
    if is_note(value):
        return note_text(value, lang)
    if isinstance(value, tuple) and all(is_note(v) for v in value):
        return notes_text(value, lang)
    return value


def worded_frame(frame: Any, lang: str) -> Any:
    """A copy of the DataFrame ``frame`` with every note in its text columns worded (a cell of
    several notes as one "; "-joined text); other cells and ``frame`` itself unchanged."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and any(is_note(v) or isinstance(v, tuple) for v in out[column]):
            out[column] = [_cell(v, lang) for v in out[column]]
    return out


def target_table(table: Any, lang: str) -> Any:
    """The target table (:func:`model.targets.assess.assess_targets`) with its notes, status
    methods, evidence and method codes worded in ``lang``, for a download."""
    out = worded_frame(table, lang)
    out["method"] = [target_method_text(code, lang) if isinstance(code, str) else code for code in out["method"]]
    return out

"""File names of uploads: what the app refuses before it reads a file.

A name with a control character (NUL, line breaks, escape…), a bidirectional-text
control (which can make ``evil‮vsc.exe`` read as ``evil‭exe.csv``) or U+FFFD is refused
with a message saying where the character is; the file is not read and nothing the
user entered changes. U+FFFD is what the server entry (``server/guard.py``) puts
in place of a control character, which Streamlit 1.67 would otherwise refuse with its
generic error ("Filename cannot contain null bytes") before the app sees the upload.
"""

from __future__ import annotations

import unicodedata

from model.userdata import COLUMNS, FileProblem, UploadResult, parse_upload
from model.userdata import template_csv as write_template
from text.i18n import t

#: Bidirectional controls (embeddings, overrides, isolates, marks).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
REPLACEMENT = "\ufffd"
#: How a refused character is shown in the message (the name itself is never echoed raw).
SHOWN_AS = "�"
MAX_SHOWN_CHARS = 80


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) == "Cc" or char in BIDI_CONTROLS or char == REPLACEMENT


def unsafe_position(name: str) -> int | None:
    """1-based position of the first unsafe character of ``name``, or None."""
    return next((i for i, c in enumerate(name, start=1) if _unsafe(c)), None)


def shown_name(name: str) -> str:
    """``name`` safe to show: unsafe characters as �, at most :data:`MAX_SHOWN_CHARS`."""
    cleaned = "".join(SHOWN_AS if _unsafe(c) else c for c in str(name))
    return cleaned if len(cleaned) <= MAX_SHOWN_CHARS else cleaned[: MAX_SHOWN_CHARS - 1] + "…"


def name_problem(name: str) -> FileProblem | None:
    """A file-level problem (code ``bad_file_name``, worded by :mod:`text.problems` with the
    catalogue's ``common.upload.bad_name``) if ``name`` has an unsafe character."""
    position = unsafe_position(name or "")
    if position is None:
        return None
    return FileProblem("bad_file_name", (("position", position),))


def read_figures_file(data: bytes, name: str, known: dict[str, str]) -> UploadResult:
    """Planners' figures from an upload: refused on an unsafe name, else
    :func:`model.userdata.parse_upload` (which checks the content whatever the extension says)."""
    problem = name_problem(name)
    if problem is not None:
        return UploadResult(good=parse_upload(b"", "", known).good, errors=(problem,))
    return parse_upload(data, name, known)


#: The separator of each language's template: what its Excel writes (Vietnamese Excel, with a
#: decimal comma, separates with ";").
TEMPLATE_DELIMITERS = {"vi": ";", "en": ","}


def template_csv(lang: str, known: dict[str, str] | None = None) -> bytes:
    """The figures template in ``lang``: its column names, separator and unit note
    (``userdata.template.*``); the English headers are the canonical column names."""
    return write_template(
        known,
        headers=tuple(t(f"userdata.template.header.{c}", lang) for c in COLUMNS),
        delimiter=TEMPLATE_DELIMITERS.get(lang, ","),
        unit_note=t("userdata.template.unit_note", lang, unit="{unit}"),
    )

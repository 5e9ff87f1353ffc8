"""Errors of the register: a stable code and the values a message needs, no words.

The words are the catalogue's (``text/catalogue/register.py``): the pages word an error in
the page's language and the command line in English with :func:`text.store_errors.store_message`.
"""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """Something the user or the administrator must be told (a bad URL, a database that
    is down, a full disk, a refused key). ``code`` is stable (tests, logs, the catalogue's
    key ``register.error.<code>``); ``params`` are the message's values (names, numbers, the
    driver's own text). Nothing was written when this is raised from a write."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:  # for logs and tracebacks: the code and its values
        values = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        return f"{self.code}({values})"

    def __reduce__(self) -> tuple:  # pickled with its keyword values (Streamlit's caches, processes)
        return _rebuild, (type(self), self.code, self.params)


def _rebuild(cls: type[StoreError], code: str, params: dict[str, Any]) -> StoreError:
    return cls(code, **params)


class KeyRefused(StoreError):
    """A wrong or unknown editor / reviewer key: nothing was written."""


class ImportRefused(StoreError):
    """A file or table that did not pass the upload validation: nothing was written.

    ``result`` is the validation's :class:`model.userdata.UploadResult`: its ``errors`` (the
    file's problems) and ``rejected`` rows (row, column, reason) for the caller to word."""

    def __init__(self, code: str, result: Any = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.result = result

    def __reduce__(self) -> tuple:
        return _rebuild_refusal, (type(self), self.code, self.result, self.params)


def _rebuild_refusal(cls: type[ImportRefused], code: str, result: Any, params: dict[str, Any]) -> ImportRefused:
    return cls(code, result, **params)

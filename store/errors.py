"""Errors of the register, each with a message in Vietnamese and English for the app."""

from __future__ import annotations


class StoreError(Exception):
    """Something the user or the administrator must be told (a bad URL, a database that
    is down, a full disk, a refused key). ``code`` is stable (tests, logs); nothing was
    written when this is raised from a write."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


class KeyRefused(StoreError):
    """A wrong or unknown editor / reviewer key: nothing was written."""


class ImportRefused(StoreError):
    """A file that did not pass the upload validation: nothing was written."""

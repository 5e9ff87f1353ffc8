"""Shared register of planners' figures and saved scenarios (SQLite or PostgreSQL).

Pages and the command line use :class:`Register` (reading) and the :class:`Writer` /
:class:`Reviewer` it returns for a valid key; SQL stays inside this package. No Streamlit
here. With no database (``HT_REGISTER_URL=session``) the app keeps figures per session.
"""

from store.config import StoreConfig, parse_url, resolve
from store.errors import ImportRefused, KeyRefused, StoreError
from store.register import ImportReceipt, Register, Reviewer, SavedScenario, Writer

__all__ = [
    "ImportReceipt",
    "ImportRefused",
    "KeyRefused",
    "Register",
    "Reviewer",
    "SavedScenario",
    "StoreConfig",
    "StoreError",
    "Writer",
    "parse_url",
    "resolve",
]

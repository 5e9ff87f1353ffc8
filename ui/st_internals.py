"""What the app reads from Streamlit 1.67's internals, each read guarded.

There is no public way to ask whether a run was started by the browser's Back/Forward
(``ui/url_sync.py``) or whether the user has already asked for a new run
(``ui/figures.py``). If a Streamlit upgrade moves these internals, each function gives the
answer that changes nothing (no context, False) instead of failing the page; tests check
that the pinned version still has them.
"""

from __future__ import annotations

from typing import Any


def run_context() -> Any:
    """The current script run's context, or None (outside a run, or if it moved)."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:
        return None
    return get_script_run_ctx(suppress_warning=True)


def is_history_navigation() -> bool:
    """True on a run started by the browser's Back/Forward (the URL decides there)."""
    return bool(getattr(run_context(), "is_history_navigation", False))


def rerun_requested() -> bool:
    """True when this script run has a pending rerun or stop request (a new widget value):
    its ``ScriptRequests`` state is no longer CONTINUE."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
    except ImportError:
        return False
    state = getattr(getattr(run_context(), "script_requests", None), "_state", None)
    return state is not None and state != ScriptRequestType.CONTINUE


def declare_navigation_app() -> bool:
    """Tell Streamlit, before any session, that the app declares its pages with ``st.navigation``.

    Streamlit 1.67 sees the ``pages/`` folder beside ``app.py`` and runs the first session of
    a process in its legacy multipage mode, which looks the requested URL path up among the
    file names (``ranking``), fails for ``/xep-hang`` and shows an English "Page not found"
    dialog over the right page. ``st.navigation`` clears the same flag on its first call,
    too late for that first session. Returns False if the flag has moved (nothing done).
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return False
    if not hasattr(PagesManager, "uses_pages_directory"):
        return False
    PagesManager.uses_pages_directory = False
    return True

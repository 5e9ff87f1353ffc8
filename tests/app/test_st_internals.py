"""Fast checks that every Streamlit internal ``ui/st_internals.py`` reads still exists on the
pinned Streamlit (requirements.txt). If an upgrade moves one, ``ui/st_internals.py`` falls
back to the answer that changes nothing; these tests say which read to mend."""

from __future__ import annotations

import dataclasses
import inspect

import streamlit

from ui import st_internals


def test_pinned_streamlit_is_the_one_checked():
    pinned = next(line.split("==")[1].strip() for line in open("requirements.txt") if line.startswith("streamlit=="))
    assert streamlit.__version__ == pinned


def test_run_context_lookup_exists_and_takes_suppress_warning():
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    assert "suppress_warning" in inspect.signature(get_script_run_ctx).parameters
    assert st_internals.run_context() is None  # outside a script run: no context, no warning


def test_run_context_has_the_fields_read():
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

    names = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"is_history_navigation", "script_requests"} <= names


def test_script_requests_state_and_continue_exist():
    from streamlit.runtime.scriptrunner_utils.script_requests import (
        ScriptRequests,
        ScriptRequestType,
    )

    requests = ScriptRequests()
    assert requests._state == ScriptRequestType.CONTINUE
    requests.request_stop()
    assert requests._state != ScriptRequestType.CONTINUE


def test_outside_a_run_the_guarded_reads_change_nothing():
    assert st_internals.is_history_navigation() is False
    assert st_internals.rerun_requested() is False

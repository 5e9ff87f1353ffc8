"""Keep every bound scenario input in the address bar across page changes.

The scenario widgets drawn by ``app.py`` (the frame) are bound to the URL with
``bind="query-params"``: a value that differs from the widget's default is in the URL, a
default value is not. Streamlit 1.67 can break that rule on a page change:

- The browser builds the new page's query string from the bound widgets it has *mounted*
  (``filterParamsForPageChange`` in ``static/static/js/index.*.js``). Each widget type is a
  lazily loaded chunk (``Slider``, ``NumberInput``, ``ButtonGroup``...) mounted some time
  after the run that drew it has finished. A page link clicked before then (the server
  answered fast, the browser is still loading chunks) sends the new page a query string
  without those parameters, and the address bar shows it.
- The server takes that query string as the truth for the new page
  (``ScriptRunner._run_script`` → ``QueryParams.populate_from_query_string``). The widgets
  keep their values, so the figures stay right, but Streamlit writes a lost non-default
  value back only when it kept it under the widget's key (``SessionState.register_widget``,
  "Non-default restore"): not for values seeded from the link on the session's first run,
  the usual case of a shared link.

The workaround: at the end of the frame, :func:`remember` notes the bound values in the
URL (widget value and URL text). At the start of the next run, :func:`restore` finds those
the URL lost although their widget still holds the same value, and puts the remembered
text back, all in one URL update. Rules that keep it from fighting the binding:

- only a value equal to the remembered one is re-asserted: a value the user changed (to
  its default or anything else) or a preset changed is Streamlit's to sync, and a default
  (never remembered: Streamlit keeps defaults out of the URL) stays out;
- nothing on a browser Back/Forward run: there the URL is the truth and Streamlit lets it
  override the widgets;
- one ``page_info_changed`` message for all keys, before the widgets are drawn: the
  browser adds one history entry per URL update, and Streamlit's own per-widget restore
  would add one per key (Back would then step through partial URLs, each resetting the
  missing inputs to their defaults). The widgets then find their parameter present and
  send nothing more; no rerun follows (the message only updates the address bar).

Writing a bound parameter needs Streamlit's internal ``QueryParams`` (``st.query_params``
refuses bound keys). If those internals change, :func:`restore` falls back to the public
route: assigning the same value through ``st.session_state``, which Streamlit syncs to the
URL itself (one history entry per key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import streamlit as st

from model.scenario import FOCUS_KEY, PUSH_PREFIX, STRENGTH_PREFIX
from ui import st_internals, state
from ui.state import UI_KEYS

#: Session key of the bound values in the URL at the end of the last frame:
#: ``{key: (widget value, [URL text, ...])}``.
RECORD_KEY = "_url_sync_record"

Record = dict[str, tuple[Any, list[str]]]


def is_frame_key(key: str) -> bool:
    """True for the URL parameters of the widgets ``app.py`` binds: the scenario
    parameters, each target's push and mapping strength, the language and the A/B/C slots."""
    from ui import cache

    return key in cache.specs() or key in UI_KEYS or key.startswith((PUSH_PREFIX, STRENGTH_PREFIX))


def url_record(
    url: Mapping[str, list[str]], values: Mapping[str, Any], is_bound: Callable[[str], bool] = is_frame_key
) -> Record:
    """``{key: (widget value, URL texts)}`` for each parameter of ``url`` (key → texts)
    that belongs to a bound widget (``is_bound``) with a value in ``values``."""
    return {key: (values[key], list(texts)) for key, texts in url.items() if is_bound(key) and key in values}


def dropped_params(record: Mapping[str, tuple[Any, list[str]]], url_keys: Iterable[str], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The parameters to put back: ``{key: URL texts}`` for each key of ``record`` that
    the URL (``url_keys``) lost while its widget still holds the recorded value."""
    present = set(url_keys)
    return {
        key: list(texts)
        for key, (value, texts) in record.items()
        if key not in present and texts and key in values and _same(values[key], value)
    }


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:  # a value whose comparison is not a bool: leave it alone
        return False


def restore() -> list[str]:
    """Put back the bound parameters the URL lost since the last frame; returns their keys.

    Call it at the start of ``app.py``, before any bound widget is drawn (the fallback
    assigns widget values, allowed only before the widget is created in the run).
    """
    record = st.session_state.get(RECORD_KEY) or {}
    if not record or st_internals.is_history_navigation():
        return []
    params = dropped_params(record, list(st.query_params), st.session_state)
    if params and not _write_bound_params(params):
        for key in params:  # public route: Streamlit syncs an assigned value to the URL
            st.session_state[key] = st.session_state[key]
    return list(params)


def remember(is_bound: Callable[[str], bool] = is_frame_key) -> None:
    """Note the bound values in the URL; call it once the frame's widgets are drawn.

    At that point ``st.query_params`` is what the browser shows: the query string it sent
    with this run, as corrected by this run's widgets.
    """
    url = {key: st.query_params.get_all(key) for key in st.query_params}
    st.session_state[RECORD_KEY] = url_record(url, st.session_state, is_bound)


def name_focus_in_url() -> bool:
    """Write the focus unit into the URL as the focus select writes it (its name).

    A link may name the unit by its id (``unit=lai-chau``) or by a unit of the other frame
    (mapped by the merger rule, :func:`ui.state.capture_initial_url`). The select shows the
    unit's name, so Streamlit finds no option for the link's text and drops the parameter:
    the figures are right but the address bar no longer names the unit, and a copy of it
    opens the plan's unit. Call it on a session's first run once the select is drawn
    (Streamlit drops the link's text when the select registers). Returns True when the URL
    was rewritten. The plan's unit (the default) stays out, as Streamlit keeps defaults out.
    """
    from ui import cache

    linked = st.session_state.get(state.INITIAL_URL_KEY, {}).get(FOCUS_KEY)
    texts = st.query_params.get_all(FOCUS_KEY)
    unit = st.session_state.get(FOCUS_KEY)
    if not linked or unit is None:  # the link named no unit: the plan's unit, nothing to write
        return False
    study = cache.study()
    frame = state.current_frame()
    try:
        name = study.unit_name(str(unit))
        default = study.unit_in_frame(study.plan_unit, frame)
    except KeyError:
        return False
    if texts == [name] or unit == default:
        return False
    return _write_bound_params({FOCUS_KEY: [name]})


# -- Streamlit internals (1.67), guarded (see also ui/st_internals.py) -----------------------


def _write_bound_params(params: Mapping[str, list[str]]) -> bool:
    """Set ``params`` in the session's query parameters and tell the browser once.

    The same update Streamlit makes when it corrects a bound value in the URL
    (``QueryParams.set_corrected_value``), for several keys in one message. Returns False,
    having changed nothing, if this Streamlit has no such internals.
    """
    ctx = st_internals.run_context()
    session_state = getattr(ctx, "session_state", None)
    if session_state is None or not hasattr(session_state, "query_params"):
        return False
    with session_state.query_params() as qp:
        if not (hasattr(qp, "set_with_no_forward_msg") and hasattr(qp, "_send_query_param_msg")):
            return False
        for key, texts in params.items():
            qp.set_with_no_forward_msg(key, texts[0] if len(texts) == 1 else list(texts))
        qp._send_query_param_msg()
    return True

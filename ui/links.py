"""Links to a scenario: the sidebar's copyable link (with the saved A/B/C slots) and the app
link that downloads and the briefing carry.

Both are the scenario's non-default inputs as query parameters (``Scenario.to_params``); they
differ only as each has always been written, so old links keep opening the same view: the
copyable link is the address of the page shown, with ``lang=EN`` as the language switch
writes it; the app link (:func:`app_link`) can point at the app's first page and writes
``lang=en``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from model.scenario import Scenario
from text.i18n import t
from ui import cache, state


def link_params(scenario: Scenario, lang: str, slots: Mapping[str, str] | None = None) -> dict[str, str]:
    """The query parameters of a link to ``scenario``: language (EN only; VI is the default,
    written as the language switch writes it), the non-default inputs, the saved slots."""
    params: dict[str, str] = {}
    if lang == "en":
        params["lang"] = "EN"
    params.update(scenario.to_params(cache.study()))
    for key, value in (slots or {}).items():
        if value:
            params[key] = value
    return params


def share_link(scenario: Scenario, lang: str) -> str:
    """The full link: the page's address (``st.context.url``, without its query) + parameters."""
    slots = {key: str(state.bound_value(key) or "") for key in state.COMPARE_SLOT_KEYS.values()}  # drawn after this
    query = urlencode(link_params(scenario, lang, slots))
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


def link_popover(container: Any, lang: str, scenario: Scenario) -> None:
    """Sidebar: a "copy link" button opening the link in a code box (with its copy button).

    The code box sits in a popover because the browser mounts a popover's content only when
    it opens: Streamlit's code component costs about 0.4 s of a new session's first render.
    """
    with container.popover(t("sharing.share.copy", lang), icon=":material/link:", width="stretch"):
        st.caption(t("sharing.share.link", lang))
        st.code(share_link(scenario, lang), language=None, wrap_lines=True)
        st.caption(t("sharing.share.link_note", lang))


def app_link(scenario: Scenario, lang: str, *, current_path: str = "") -> str:
    """Link that opens the app with ``scenario`` (and ``lang=en`` in English).

    Built from the address the browser used (``st.context.url``): the current page, or
    the app's first page when the current page's ``current_path`` (e.g. ``"bao-cao"``)
    is given. Returns only the query (``?…``) when the address is unknown (tests, bare
    mode).
    """
    params = dict(scenario.to_params(cache.study()))
    if lang == "en":
        params["lang"] = "en"
    query = urlencode(params)
    url = st.context.url
    if not url:
        return "?" + query if query else ""
    parts = urlsplit(url)
    path = parts.path
    if current_path and path.rstrip("/").endswith("/" + current_path.strip("/")):
        path = path.rstrip("/")[: -len(current_path.strip("/"))]
    path = path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))

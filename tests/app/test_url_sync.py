"""ui/url_sync.py: bound inputs the URL lost on a page change come back, nothing else does.

The browser drops the parameters of widgets it has not mounted yet from a page change's
query string (tests/browser/test_direct_link_browser.py shows it in Chromium). Here AppTest
plays that browser: it sends the widgets' states with a query string that lacks them.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui import st_internals, url_sync

APP = "../../app.py"
INPUTS = {"as_pace": "1.2", "push_mobile_4g5g": "1.5", "map_mobile_4g5g": "0.5", "trend": "1.5", "lang": "EN", "cmp_a": "Plan|frame=63"}


# -- pure helpers -------------------------------------------------------------------------


def test_frame_keys_are_the_scenario_the_language_and_the_slots():
    for key in ("as_pace", "lv_soc", "frame", "push_mobile_4g5g", "map_mobile_4g5g", "lang", "cmp_b"):
        assert url_sync.is_frame_key(key)
    for key in ("cmp_name", "embed", "utm_source", "_url_sync_record"):
        assert not url_sync.is_frame_key(key)


def test_the_record_holds_bound_values_in_the_url_only():
    url = {"as_pace": ["1.2"], "lang": ["EN"], "utm_source": ["mail"], "trend": ["1.5"]}
    values = {"as_pace": 1.2, "lang": "en", "utm_source": "x"}  # trend: no widget value (yet)
    assert url_sync.url_record(url, values) == {"as_pace": (1.2, ["1.2"]), "lang": ("en", ["EN"])}


def test_only_lost_keys_whose_value_is_unchanged_are_put_back():
    record = {"as_pace": (1.2, ["1.2"]), "trend": (1.5, ["1.5"]), "lang": ("en", ["EN"]), "top": (10, ["10"])}
    url_keys = ["lang"]  # the URL kept lang, lost the others
    values = {"as_pace": 1.2, "trend": 1.0, "lang": "en"}  # trend reset by the user, top unknown
    assert url_sync.dropped_params(record, url_keys, values) == {"as_pace": ["1.2"]}
    assert url_sync.dropped_params({}, [], values) == {}


# -- the app (AppTest) --------------------------------------------------------------------


def open_link(page: str, **params: str) -> AppTest:
    """The session opened by a link to ``page`` (first run on the default page, as the
    browser's first run has no other page to come from)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def change_page(at: AppTest, page: str, kept: tuple[str, ...] = ("lang",)) -> dict[str, str]:
    """Change page with a query string holding only ``kept`` (what a browser that has not
    mounted the other widgets sends); returns the URL the browser is told to show."""
    at.switch_page(page)
    at.query_params = {key: at.query_params[key] for key in kept if key in at.query_params}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return dict(at.query_params)


def test_inputs_lost_on_a_page_change_come_back_to_the_url():
    at = open_link("pages/ranking.py", **INPUTS)
    assert dict(at.query_params) == INPUTS
    url = change_page(at, "pages/overview.py")
    assert url == INPUTS
    # the widgets kept their values all along
    assert at.session_state["as_pace"] == 1.2
    assert at.slider(key="map_mobile_4g5g").value == 0.5
    # and again on the next page (the record follows the URL)
    assert change_page(at, "pages/targets.py", kept=()) == INPUTS


def test_a_value_reset_by_the_user_is_not_put_back():
    at = open_link("pages/ranking.py", **INPUTS)
    at.slider(key="as_pace").set_value(1.0)  # the default: the browser removes as_pace
    at.query_params.pop("as_pace")
    at.run()
    url = change_page(at, "pages/overview.py")
    assert "as_pace" not in url
    assert at.session_state["as_pace"] == 1.0
    assert url == {k: v for k, v in INPUTS.items() if k != "as_pace"}


def test_defaults_and_invalid_values_stay_out_and_the_notice_stays():
    at = open_link("pages/ranking.py", lang="EN", as_shock="1", as_persist="9", trend="1.5")
    assert dict(at.query_params) == {"lang": "EN", "trend": "1.5"}
    assert change_page(at, "pages/overview.py") == {"lang": "EN", "trend": "1.5"}
    notice = " ".join(w.value for w in at.warning)
    assert "as_persist" in notice and "as_shock" not in notice


def test_nothing_is_put_back_on_browser_back_or_forward(monkeypatch):
    at = open_link("pages/ranking.py", **INPUTS)
    monkeypatch.setattr(st_internals, "is_history_navigation", lambda: True)
    assert "as_pace" not in change_page(at, "pages/overview.py")


def test_without_streamlit_internals_the_public_route_restores_too(monkeypatch):
    """If a Streamlit upgrade removes the internals, the values are assigned again through
    st.session_state and Streamlit writes them back to the URL itself."""
    at = open_link("pages/ranking.py", **INPUTS)
    monkeypatch.setattr(url_sync, "_write_bound_params", lambda params: False)
    assert change_page(at, "pages/overview.py") == INPUTS
    assert not at.exception


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/presenter.py"])
def test_pages_with_their_own_url_rules_keep_the_inputs(page):
    at = open_link("pages/ranking.py", **INPUTS)
    assert change_page(at, page) == INPUTS


# -- a link that names its unit by id or by a unit of the other frame ---------------------


@pytest.mark.parametrize(
    ("params", "unit", "shown"),
    [
        ({"unit": "lai-chau", "frame": "63"}, "lai-chau", "Lai Châu"),  # an id, as older links wrote it
        ({"unit": "ha-giang"}, "tuyen-quang", "Tuyên Quang"),  # a 63-frame unit, mapped into the 34 frame
        ({"unit": "Lai Châu"}, "lai-chau", "Lai Châu"),  # the name, as the select writes it
    ],
)
def test_the_address_bar_names_the_linked_unit_as_the_select_does(params, unit, shown):
    """Streamlit drops a link's unit text that is not an option's name; the app writes the
    name back so that a copy of the address bar opens the same unit."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="unit").value == unit
    assert at.query_params["unit"] == shown
    at.run()  # a later run leaves it as it is
    assert at.query_params["unit"] == shown


def test_no_unit_in_the_link_keeps_the_plans_unit_out_of_the_address_bar():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", "frame": "63"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "unit" not in at.query_params

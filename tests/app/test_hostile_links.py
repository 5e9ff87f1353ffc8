"""Issue 6: hostile links. The app opens with defaults for bad values and a notice naming
the (sanitised) keys; nothing raises, no markup from the link is reflected, draws stay
capped. AppTest for representative query strings and a small hypothesis run; one test sends
raw, non-UTF-8 percent-encoded query strings to a served app over the websocket, the way a
browser does.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from model.data import load_dataset
from model.scenario import MAX_DRAWS, param_specs
from model.study import build_study

#: Every scenario input by URL key, with the shipped study's defaults and bounds (read here,
#: at collection, because the hypothesis strategies below need the keys).
PARAM_BY_KEY = param_specs(build_study(load_dataset()))

APP = "../../app.py"
MARKUP = re.compile(r"<\s*/?\s*(script|img|iframe|svg|a|b)\b", re.I)


def open_app(params: dict[str, str | list[str]], page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


#: Protobuf fields whose text Streamlit renders as Markdown (or shows as a label/tooltip);
#: widget values (a text box holding the link's text) are data, not markup, and are left out.
SHOWN_FIELDS = re.compile(r"^\s*(body|label|help|caption|captions|options|placeholder|title|message)\s*:")


def rendered_text(at: AppTest) -> str:
    """The text of every field the browser renders as Markdown or shows as a label."""
    lines = []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None:
            lines += [ln for ln in str(proto).splitlines() if SHOWN_FIELDS.match(ln)]
    return "\n".join(lines)


def notices(at: AppTest) -> list[str]:
    """The link notices among the page's warnings (the rank page's stress-test box is one too)."""
    from text.catalogue import CATALOGUE

    starts = tuple(text.split("{items}")[0] for text in CATALOGUE["common.url_notice"])
    return [w.value for w in at.warning if w.value.startswith(starts)]


def safe(key: str) -> str:
    """The key as the notice shows it (ui.state.url_problems)."""
    return re.sub(r"[^A-Za-z0-9_]", "?", key)[:32]


def assert_survives(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    text = rendered_text(at)
    assert not MARKUP.search(text), MARKUP.search(text).group(0)
    if "draws" in at.session_state:
        assert at.session_state["draws"] <= MAX_DRAWS


def assert_named(at: AppTest, *keys: str) -> None:
    shown = notices(at)
    assert len(shown) == 1, shown
    for key in keys:
        assert f"`{safe(key)}`" in shown[0], (key, shown[0])


NON_UTF8 = "\ufffd\ufffd"  # what '%FF%FE' decodes to (parse_qs replaces invalid UTF-8)

CASES: dict[str, tuple[dict[str, str | list[str]], tuple[str, ...]]] = {
    "unknown key": ({"zzz": "1", "lv_soc": "0.2"}, ("zzz",)),
    "repeated key": ({"draws": ["1000", "2000"]}, ("draws",)),
    "huge number": ({"draws": "1e308", "seed": "99999999999999999999999"}, ("draws", "seed")),
    "NaN and inf": ({"lv_infra": "NaN", "as_pace": "inf", "as_shock": "-Infinity"}, ("lv_infra", "as_pace", "as_shock")),
    "negative draws": ({"draws": "-500"}, ("draws",)),
    "draws above the cap": ({"draws": str(MAX_DRAWS + 500)}, ("draws",)),
    "10 kB value": ({"top": "9" * 10_000}, ("top",)),
    "10 kB key": ({"k" * 10_000: "1"}, ("k" * 10_000,)),
    "script tags": (
        {"<script>alert(1)</script>": "1", "lv_gov": "<script>alert(1)</script>"},
        ("<script>alert(1)</script>", "lv_gov"),
    ),
    "markup in the language": ({"lang": "<img src=x onerror=alert(1)>"}, ("lang",)),
    "non-UTF-8 percent-encoding": ({NON_UTF8: NON_UTF8, "frame": NON_UTF8}, (NON_UTF8, "frame")),
    "top above the frame": ({"frame": "34", "top": "60"}, ("top",)),
    "unknown target push": ({"push_nope": "5", "map_dvc_level4": "7"}, ("push_nope", "map_dvc_level4")),
    "markup as the focus unit": ({"unit": "<script>alert(1)</script>"}, ("unit",)),
    "lever above the focus unit's headroom": ({"lv_infra": "0.9"}, ("lv_infra",)),
    "year outside the forecast years": ({"year": "2024", "push_start": "2099"}, ("year", "push_start")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_link_opens_with_defaults_and_a_notice(name):
    params, keys = CASES[name]
    at = open_app(params)
    assert_survives(at)
    assert_named(at, *keys)
    for key in keys:  # a rejected value never reaches the widget
        if key in PARAM_BY_KEY and key in at.session_state:
            assert at.session_state[key] == PARAM_BY_KEY[key].default


def test_draws_from_a_link_are_capped_on_the_simulation_page():
    at = open_app({"draws": str(10**9), "lang": "en"}, "pages/ranking.py")
    assert_survives(at)
    assert at.slider(key="draws").value == PARAM_BY_KEY["draws"].default
    assert_named(at, "draws")
    at = open_app({"draws": str(MAX_DRAWS), "lang": "en"}, "pages/ranking.py")
    assert_survives(at)
    assert at.slider(key="draws").value == MAX_DRAWS  # the cap itself is allowed
    assert not notices(at)


def test_hostile_comparison_slots_do_not_reflect_markup():
    params = {"cmp_a": "<script>alert(1)</script>", "cmp_b": "draws=1e9&<b>x</b>=1", "lang": "en"}
    at = open_app(params, "pages/compare.py")
    assert_survives(at)


KEYS = st.one_of(
    st.sampled_from([*PARAM_BY_KEY, "lang", "push_fiber_households", "map_dvc_level4"]),
    st.text(min_size=1, max_size=40),
    st.sampled_from(["<script>", "push_", "map_", " ", "%", "&", "=", "\u202e", NON_UTF8]),
)
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["NaN", "inf", "-inf", "1e308", "-1", "0", "", "<script>alert(1)</script>", "9" * 5000]),
    st.integers(-(10**25), 10**25).map(str),
    st.floats().map(repr),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(params=st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3)), max_size=5))
def test_fuzzed_links_never_break_the_app(params):
    params = {k: v for k, v in params.items() if k.strip() and not k.startswith("cmp_")}
    at = open_app(params)
    assert_survives(at)
    known = set(PARAM_BY_KEY) | {"lang"}
    unknown = [k for k in params if k not in known and not k.startswith(("push_", "map_"))]
    if unknown:
        assert_named(at, *unknown)


# ----------------------------------------------------------------------------- served app


@pytest.mark.slow
def test_raw_hostile_query_strings_over_the_websocket(tmp_path):
    """The browser sends the query string undecoded; Streamlit decodes it on the server."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    from server.serve import LOOPBACK, free_port, start_server, stop_server, wait_healthy
    from tools.loadtest import client_state, ws_url

    queries = [
        "draws=%FF%FE&%C3%28=1&lv_infra=%E0%80%80",  # invalid UTF-8 in keys and values
        "%3Cscript%3Ealert(1)%3C/script%3E=1&lv_gov=%3Cscript%3E",
        "draws=1e999&draws=5&seed=-1&top=" + "9" * 10_000,
        "frame=%00&year=%0A%0D&lang=%FF",
        "&&&==&%&%%&=%zz&a=" + "%41" * 3000,
    ]

    async def run(url: str) -> list[tuple[list[str], list[str]]]:
        out = []
        for query in queries:
            async with connect(ws_url(url), subprotocols=["streamlit"], max_size=None) as ws:
                await ws.send(client_state(query_string=query, page_script_hash="", page_name="", widgets=[]))
                texts, errors = [], []
                async with asyncio.timeout(90):
                    while True:
                        msg = ForwardMsg()
                        msg.ParseFromString(await ws.recv())
                        kind = msg.WhichOneof("type")
                        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                            element = msg.delta.new_element
                            if element.WhichOneof("type") == "exception":
                                errors.append(element.exception.message)
                            texts += [ln for ln in str(element).splitlines() if SHOWN_FIELDS.match(ln)]
                        elif kind == "script_finished":
                            break
                out.append((texts, errors))
        return out

    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    with open(tmp_path / "server.log", "wb") as log:
        proc = start_server(port, log=log)
        try:
            wait_healthy(url, proc, timeout=60)
            # its own thread: Playwright's sync API (browser tests in the same pytest run)
            # leaves an event loop running in the main thread
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                results = pool.submit(asyncio.run, run(url)).result(timeout=600)
        finally:
            stop_server(proc)
    for query, (texts, errors) in zip(queries, results, strict=True):
        assert not errors, (query, errors)
        joined = "\n".join(texts)
        assert not MARKUP.search(joined), (query, MARKUP.search(joined).group(0))
        assert "url_notice" not in joined  # a translated notice, not a catalogue key
    notice_texts = ["\n".join(t) for t, _ in results]
    assert "`draws`" in notice_texts[0] and "`lv_infra`" in notice_texts[0]
    assert "`draws`" in notice_texts[2] and "`top`" in notice_texts[2]

"""A minimal client of Streamlit's websocket protocol (``/_stcore/stream``), on loopback.

What the server's warm-up (:mod:`server.proxy`) and the measurement tools (``tools/``) use to
ask for a script run like a browser does and read what comes back: a ``BackMsg`` whose
``rerun_script`` names the page and the widget states (:func:`client_state`), then
``ForwardMsg`` frames until ``script_finished`` (:func:`run_once`). The protobuf classes ship
with streamlit; ``websockets`` is one of its dependencies.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

__all__ = ["RunResult", "SliderInfo", "WidgetState", "client_state", "connect", "run_once", "user_key", "ws_url"]

FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR


@dataclass
class SliderInfo:
    """What the client needs to move a slider: its current id, range and step."""

    widget_id: str
    minimum: float
    maximum: float
    step: float


@dataclass
class RunResult:
    """What one ``rerun_script`` round trip brought back."""

    latency_s: float
    first_chart_s: float | None = None  # send -> first chart element received
    errors: list[str] = field(default_factory=list)
    sliders: dict[str, SliderInfo] = field(default_factory=dict)  # by user key
    page_script_hash: str = ""
    pages: list[tuple[str, str]] = field(default_factory=list)  # (page_script_hash, url path)


def user_key(element_id: str) -> str | None:
    """The user key inside a widget id (``$$ID-<hash>-<key>``), or None without one."""
    parts = element_id.split("-", maxsplit=2)
    key = parts[-1] if len(parts) == 3 else None
    return None if key in (None, "", "None") else key


def client_state(
    *, query_string: str, page_script_hash: str, page_name: str, widgets: list[WidgetState]
) -> bytes:
    """A serialised ``BackMsg`` asking for a rerun with these widget states."""
    state = ClientState(
        query_string=query_string, page_script_hash=page_script_hash, page_name=page_name
    )
    state.widget_states.widgets.extend(widgets)
    msg = BackMsg()
    msg.rerun_script.CopyFrom(state)  # sets the oneof: an empty BackMsg would be ignored
    return msg.SerializeToString()


async def run_once(ws, request: bytes, timeout: float) -> RunResult:
    """Send one rerun request and read ForwardMsgs until the script run has finished."""
    start = time.perf_counter()
    result = RunResult(latency_s=float("nan"))
    await ws.send(request)
    async with asyncio.timeout(timeout):
        while True:
            raw = await ws.recv()
            if isinstance(raw, str):
                result.errors.append("text frame from server")
                continue
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                result.page_script_hash = msg.new_session.page_script_hash or (
                    result.page_script_hash
                )
            elif kind == "navigation":
                result.page_script_hash = msg.navigation.page_script_hash
                result.pages = [
                    (p.page_script_hash, p.url_pathname) for p in msg.navigation.app_pages
                ]
            elif kind == "delta":
                _read_delta(msg, result)
                if result.first_chart_s is None and _is_chart(msg):
                    result.first_chart_s = time.perf_counter() - start
            elif kind == "session_event":
                if msg.session_event.HasField("script_compilation_exception"):
                    exc = msg.session_event.script_compilation_exception
                    result.errors.append(f"compile error: {exc.type}: {exc.message}")
            elif kind == "page_not_found":
                result.errors.append(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "script_finished":
                if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                    continue  # the app called st.rerun() or switched page: another run follows
                if msg.script_finished == FINISHED_WITH_COMPILE_ERROR:
                    result.errors.append("script finished with a compile error")
                break
    result.latency_s = time.perf_counter() - start
    return result


def _is_chart(msg: ForwardMsg) -> bool:
    delta = msg.delta
    return delta.WhichOneof("type") == "new_element" and (
        delta.new_element.WhichOneof("type") == "vega_lite_chart"
    )


def _read_delta(msg: ForwardMsg, result: RunResult) -> None:
    delta = msg.delta
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        exc = element.exception
        text = ": ".join(part for part in (exc.type, exc.message) if part) or "exception"
        result.errors.append(f"exception element: {text}")
    elif kind == "slider":
        slider = element.slider
        key = user_key(slider.id)
        if key is not None:
            result.sliders[key] = SliderInfo(slider.id, slider.min, slider.max, slider.step)


def ws_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"

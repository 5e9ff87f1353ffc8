"""Server entry middleware (server/guard.py) and the app's upload-name check (ui/uploads.py).

The middleware is driven as plain ASGI here (a tiny downstream app records what it gets);
tests/browser/test_security_browser.py checks the same behaviour on the served app.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from model.userdata import known_indicators_from
from server import guard
from text.problems import message
from ui import uploads

BOUNDARY = b"----WebKitFormBoundaryAbC123"


def multipart(filename: bytes, content: bytes, boundary: bytes = BOUNDARY) -> bytes:
    return (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n--" + boundary + b"--\r\n"
    )


class Downstream:
    """An ASGI app that reads the whole body and answers 204 with one header of its own."""

    def __init__(self) -> None:
        self.body = b""
        self.scope: dict = {}

    async def __call__(self, scope, receive, send) -> None:
        self.scope = scope
        if scope["type"] == "http":
            while True:
                message = await receive()
                self.body += message.get("body", b"")
                if not message.get("more_body"):
                    break
        await send({"type": "http.response.start", "status": 204, "headers": [(b"x-own", b"1"), (b"x-frame-options", b"ALLOWALL")]})
        await send({"type": "http.response.body", "body": b""})


def call(app, scope: dict, chunks: list[bytes]) -> list[dict]:
    """Run ``app`` on ``scope`` with the body in ``chunks``; return what it sent."""
    sent: list[dict] = []
    queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive():
        if queue:
            return queue.pop(0)
        await asyncio.sleep(3600)  # a client that stays: never reached in these tests

    async def send(message):
        sent.append(message)

    run_coroutine(app(scope, receive, send))
    return sent


def run_coroutine(coroutine):
    """``asyncio.run`` in a thread of its own: the test session may already run an event
    loop in the main thread (Playwright's sync API does)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def upload_scope(body: bytes, path: str = "/_stcore/upload_file/sess/file") -> dict:
    return {
        "type": "http",
        "method": "PUT",
        "path": path,
        "root_path": "",
        "headers": [
            (b"content-type", b"multipart/form-data; boundary=" + BOUNDARY),
            (b"content-length", str(len(body)).encode()),
        ],
    }


# ----------------------------------------------------------------------------- upload names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (b"a\x00b.csv", "a\ufffdb.csv"),
        (b"x\x00.json", "x\ufffd.json"),
        (b"tab\there\x1b[31m.csv", "tab\ufffdhere\ufffd[31m.csv"),
        (b"del\x7f.csv", "del\ufffd.csv"),
        ("c1\u0085.csv".encode(), "c1\ufffd.csv"),
        ("số liệu Hà Tĩnh 2024.csv".encode(), "số liệu Hà Tĩnh 2024.csv"),  # untouched
    ],
)
def test_control_characters_in_the_file_name_are_replaced(name, expected):
    body = multipart(name, b"indicator_id,year,value\n")
    cleaned = guard.clean_multipart_filenames(body, BOUNDARY)
    header = cleaned.split(b"\r\n")[1].decode("utf-8")
    assert header == f'Content-Disposition: form-data; name="file"; filename="{expected}"'


def test_file_content_is_left_byte_for_byte():
    content = b'\x00\x01binary; filename="a\x00b"\r\n\x7f' * 50
    body = multipart(b"a\x00b.csv", content)
    cleaned = guard.clean_multipart_filenames(body, BOUNDARY)
    assert cleaned.endswith(content + b"\r\n--" + BOUNDARY + b"--\r\n")
    assert len(cleaned) == len(body) + len(guard.REPLACEMENT) - 1


def test_upload_guard_passes_the_cleaned_body_with_its_length():
    body = multipart(b"a\x00b.csv", b"x" * 5000)
    downstream = Downstream()
    app = guard.UploadNameGuard(downstream, max_body_bytes=10_000)
    sent = call(app, upload_scope(body), [body[:100], body[100:3000], body[3000:]])
    assert sent[0]["status"] == 204
    assert b"\x00" not in downstream.body.split(b"\r\n\r\n")[0]
    assert b'filename="a\xef\xbf\xbdb.csv"' in downstream.body
    length = dict(downstream.scope["headers"])[b"content-length"]
    assert int(length) == len(downstream.body) == len(body) + 2


def test_upload_guard_refuses_a_body_over_the_cap_and_leaves_other_requests_alone():
    body = multipart(b"big.csv", b"x" * 5000)
    downstream = Downstream()
    app = guard.UploadNameGuard(downstream, max_body_bytes=1000)
    sent = call(app, upload_scope(body), [body[:600], body[600:]])
    assert sent[0]["status"] == 413 and downstream.scope == {}

    get = {"type": "http", "method": "GET", "path": "/_stcore/health", "headers": []}
    call(app, get, [b""])
    assert downstream.scope is get  # passed through as it was


# ----------------------------------------------------------------------------- headers


def test_every_response_gets_the_security_headers_and_they_win():
    downstream = Downstream()
    app = guard.SecurityHeaders(downstream)
    sent = call(app, {"type": "http", "method": "GET", "path": "/static/js/index.js", "headers": []}, [b""])
    headers = dict(sent[0]["headers"])
    csp = headers[b"content-security-policy"].decode()
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp.replace("https?", "")  # no external origin
    assert "'unsafe-eval'" not in csp
    assert headers[b"x-frame-options"] == b"DENY"  # the app's own ALLOWALL was replaced
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"referrer-policy"] == b"same-origin"
    assert headers[b"x-own"] == b"1"
    assert [k for k, _ in sent[0]["headers"]].count(b"x-frame-options") == 1


def test_csp_allows_exactly_the_inline_script_of_streamlits_page():
    html = "<html><script>window.prerenderReady = false</script><script src='x.js'></script></html>"
    assert guard.inline_script_hashes(html) == ["'sha256-" + _b64_sha256("window.prerenderReady = false") + "'"]
    shipped = guard.inline_script_hashes()  # the installed Streamlit's index.html
    assert len(shipped) >= 1
    assert all(h in guard.content_security_policy() for h in shipped)


def _b64_sha256(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_metrics_are_hidden_unless_asked_for():
    scope = {"type": "http", "method": "GET", "path": "/_stcore/metrics", "headers": []}
    hidden = Downstream()
    sent = call(guard.SecurityHeaders(hidden), scope, [b""])
    assert sent[0]["status"] == 404 and hidden.scope == {}
    assert dict(sent[0]["headers"])[b"x-content-type-options"] == b"nosniff"
    public = Downstream()
    sent = call(guard.SecurityHeaders(public, metrics_public=True), scope, [b""])
    assert sent[0]["status"] == 204 and public.scope is scope


@pytest.mark.parametrize(
    ("value", "csp", "xfo"),
    [
        ("'none'", "frame-ancestors 'none'", b"DENY"),
        ("'self'", "frame-ancestors 'self'", b"SAMEORIGIN"),
        ("'self'  https://portal.hatinh.gov.vn", "frame-ancestors 'self' https://portal.hatinh.gov.vn", None),
    ],
)
def test_frame_ancestors_is_configurable(value, csp, xfo):
    downstream = Downstream()
    sent = call(guard.SecurityHeaders(downstream, frame_ancestors=value), {"type": "http", "path": "/", "headers": []}, [b""])
    headers = dict(sent[0]["headers"])
    assert headers[b"content-security-policy"].decode().endswith(csp)
    assert headers.get(b"x-frame-options") == xfo


@pytest.mark.parametrize(
    "value",
    ["", "'none' 'self'", "https://a.example; script-src *", "javascript:alert(1)", "https://a.example,https://b.example", "'unsafe-inline'"],
)
def test_frame_ancestors_refuses_what_is_not_a_source(value):
    with pytest.raises(ValueError, match="frame-ancestors"):
        guard.parse_frame_ancestors(value)


def test_serve_refuses_a_bad_frame_ancestors_value(capsys):
    from server.serve import parse_args

    assert parse_args(["--frame-ancestors", "'self'"]).frame_ancestors == "'self'"
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--frame-ancestors", "https://a.example; script-src *"])
    assert exit_info.value.code == 2
    assert "not a source" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the app's check


@pytest.mark.parametrize(
    ("name", "position"),
    [
        ("a\x00b.csv", 2),
        ("x\x00.json", 2),
        ("line\nbreak.csv", 5),
        ("evil\u202evsc.exe", 5),  # right-to-left override: reads as evil‮exe.csv
        ("a\ufffdb.csv", 2),  # what the server entry leaves for a control character
        ("số liệu Hà Tĩnh 2024.csv", None),
        ("kịch bản (bản 2) – 80%.json", None),
    ],
)
def test_unsafe_position(name, position):
    assert uploads.unsafe_position(name) == position


def test_a_bad_name_is_refused_in_both_languages_without_reading_the_file(ds):
    known = known_indicators_from(ds.targets, ds.indicators)
    good = b"indicator_id,year,value\nfiber_households,2024,80\n"
    refused = uploads.read_figures_file(good, "a\ufffdb.csv", known)
    assert not refused.ok and len(refused.good) == 0
    (problem,) = refused.errors
    assert problem.code == "bad_file_name"
    assert "vị trí 2" in message(problem, "vi") and "position 2" in message(problem, "en")
    assert uploads.read_figures_file(good, "good.csv", known).ok  # same bytes, good name
    assert uploads.shown_name("a\x00b\u202e.csv") == "a�b�.csv"
    assert len(uploads.shown_name("x" * 500)) == uploads.MAX_SHOWN_CHARS

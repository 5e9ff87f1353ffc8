"""ASGI middleware that ``server/serve.py`` puts in front of Streamlit's own app.

- :class:`SecurityHeaders`: on every HTTP response (pages, static files, ``/_stcore/*``,
  media, uploads) a Content-Security-Policy with no external origin, ``frame-ancestors``
  (default ``'none'``, configurable for a host that embeds the app on purpose),
  ``X-Frame-Options`` when it can say the same, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy`` and ``Permissions-Policy``; ``/_stcore/metrics`` answers 404 unless
  asked for (it tells anyone the server's cache and session figures).
- :class:`UploadNameGuard`: control characters in an upload's multipart file name are
  replaced by U+FFFD before Streamlit reads the request. Streamlit 1.67 stores the name as
  sent and raises ``Filename cannot contain null bytes`` inside ``st.file_uploader`` of the
  *next script run*, before any app code can look at the file, so the page would end in
  the generic error box on every run until the file is removed. With the name neutralised
  here, the upload reaches the app, which refuses it with its own message
  (``ui/uploads.py``).

Both are plain ASGI (no Starlette dependency beyond what Streamlit ships) and are passed
to ``st.App(middleware=...)``, a public argument of Streamlit 1.67.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Where the app's content may come from: only this server. What needs more than 'self'
#: (each found in Chromium as a violation of the plain policy):
#: - script-src: the hash of each inline <script> of Streamlit's index.html (read from the
#:   installed package at start, :func:`inline_script_hashes`) and 'wasm-unsafe-eval' for
#:   the WebAssembly module of Streamlit's front end (not 'unsafe-eval': the Vega charts
#:   draw without it);
#: - style-src 'unsafe-inline': Streamlit's front end (Emotion) writes its CSS into <style>
#:   elements at run time, and the app's big numbers carry style attributes;
#: - img-src data:: the page icon (an SVG data URL built from the emoji); font-src data::
#:   an icon font the front end embeds; blob: for images a chart or download builds.
#: Checked in Chromium on every page: no CSP violation (tests/browser/test_security_browser.py).
CSP_DIRECTIVES: tuple[tuple[str, str], ...] = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),  # the websocket too: CSP 3 'self' matches ws(s) to this host
    ("media-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
DEFAULT_FRAME_ANCESTORS = "'none'"
REFERRER_POLICY = "same-origin"  # the link carries the scenario: never send it to other sites
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
METRICS_PATH = "/_stcore/metrics"
UPLOAD_PATH = "/_stcore/upload_file/"

_SOURCE = re.compile(
    r"^(?:'none'|'self'|\*|https?://(?:\*\.)?[A-Za-z0-9.-]+(?::\d{1,5})?|https?:)$"
)


def parse_frame_ancestors(value: str) -> str:
    """Validated ``frame-ancestors`` sources (space separated), e.g. ``'self' https://intranet.example``.

    Only ``'none'``, ``'self'``, ``*``, schemes and http(s) origins are accepted, so the
    value cannot add another directive to the policy. Raises ValueError otherwise.
    """
    sources = value.split()
    if not sources:
        raise ValueError("frame-ancestors: give at least one source ('none' to forbid framing)")
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise ValueError(
            f"frame-ancestors: not a source: {' '.join(bad)} "
            "(use 'none', 'self' or origins like https://portal.example.gov.vn)"
        )
    if "'none'" in sources and len(sources) > 1:
        raise ValueError("frame-ancestors: 'none' cannot be combined with other sources")
    return " ".join(sources)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def inline_script_hashes(html: str | None = None) -> list[str]:
    """CSP sources (``'sha256-…'``) of the inline scripts of Streamlit's ``index.html``.

    Streamlit 1.67's page has one (``window.prerenderReady = false``); hashing what the
    installed version ships keeps the policy right after an upgrade.
    """
    if html is None:
        import streamlit

        html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


def content_security_policy(frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> str:
    hashes = " ".join(inline_script_hashes())
    directives = [
        (name, f"{sources} {hashes}" if name == "script-src" and hashes else sources)
        for name, sources in CSP_DIRECTIVES
    ]
    directives.append(("frame-ancestors", frame_ancestors))
    return "; ".join(f"{name} {sources}" for name, sources in directives)


def security_headers(frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> list[tuple[str, str]]:
    """The headers every HTTP response gets (name, value)."""
    headers = [
        ("Content-Security-Policy", content_security_policy(frame_ancestors)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", REFERRER_POLICY),
        ("Permissions-Policy", PERMISSIONS_POLICY),
    ]
    # X-Frame-Options can only say "nowhere" or "this origin"; for a list of hosts the
    # CSP's frame-ancestors (which browsers prefer when both are present) says it alone.
    legacy = {"'none'": "DENY", "'self'": "SAMEORIGIN"}.get(frame_ancestors)
    if legacy:
        headers.append(("X-Frame-Options", legacy))
    return headers


def _strip_root(path: str, root_path: str) -> str:
    return path[len(root_path) :] if root_path and path.startswith(root_path) else path


class SecurityHeaders:
    """Adds :func:`security_headers` to every HTTP response; hides ``/_stcore/metrics``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        frame_ancestors: str = DEFAULT_FRAME_ANCESTORS,
        metrics_public: bool = False,
    ) -> None:
        self.app = app
        self.metrics_public = metrics_public
        self.headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in security_headers(parse_frame_ancestors(frame_ancestors))
        ]
        # Replaced wherever set downstream; X-Frame-Options even when this sends none (a
        # list of hosts): another value would contradict frame-ancestors.
        self.names = {name for name, _ in self.headers} | {b"x-frame-options"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = _strip_root(scope.get("path", ""), scope.get("root_path", ""))
        if not self.metrics_public and path.rstrip("/").endswith(METRICS_PATH):
            await self._not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self.names]
                message["headers"] = kept + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _not_found(self, send: Send) -> None:
        body = b"Not Found"
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"9")]
        await send({"type": "http.response.start", "status": 404, "headers": headers + self.headers})
        await send({"type": "http.response.body", "body": body})


# ----------------------------------------------------------------------------- upload names

#: Replaces each control character of a file name (UTF-8 of U+FFFD, the replacement character).
REPLACEMENT = "\ufffd".encode()
# C0 controls except CR/LF (which cannot occur inside a header line), DEL, and the C1
# controls as UTF-8 (U+0080..U+009F = C2 80..C2 9F).
_CONTROL = re.compile(rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
_FILENAME_PARAM = re.compile(rb'(;\s*filename\s*=\s*)("(?:[^"\\\r\n]|\\[^\r\n])*"|[^;\r\n]*)', re.I)
_BOUNDARY = re.compile(rb'boundary="?([^";]+)"?', re.I)


def clean_filename_bytes(value: bytes) -> bytes:
    """``value`` with every control character replaced by U+FFFD (UTF-8)."""
    return _CONTROL.sub(REPLACEMENT, value)


def clean_multipart_filenames(body: bytes, boundary: bytes) -> bytes:
    """The multipart ``body`` with control characters in each part's ``filename=`` replaced.

    Only the part headers (between a boundary line and the blank line after it) are
    looked at; file contents are left byte for byte as they are.
    """
    delimiter = b"--" + boundary
    out: list[bytes] = []
    position = 0
    while True:
        start = body.find(delimiter, position)
        if start < 0:
            break
        header_start = start + len(delimiter)
        header_end = body.find(b"\r\n\r\n", header_start)
        if header_end < 0:
            break
        headers = body[header_start:header_end]
        cleaned = _FILENAME_PARAM.sub(lambda m: m.group(1) + clean_filename_bytes(m.group(2)), headers)
        out.append(body[position:header_start])
        out.append(cleaned)
        position = header_end
    out.append(body[position:])
    return b"".join(out)


class UploadNameGuard:
    """Neutralises control characters in the file name of uploads (see the module docstring).

    The request body of an upload (``PUT /_stcore/upload_file/...``) is read here, up to
    ``max_body_bytes`` (the upload limit plus the multipart framing); a larger body is
    refused with 413, as Streamlit itself would. The app then gets the body with its
    Content-Length adjusted.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = _strip_root(scope.get("path", ""), scope.get("root_path", ""))
        if scope["type"] != "http" or scope.get("method") != "PUT" or UPLOAD_PATH not in path:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        match = _BOUNDARY.search(headers.get(b"content-type", b""))
        if match is None:  # not multipart: Streamlit answers it
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await _plain(send, 413, b"File too large")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = clean_multipart_filenames(b"".join(chunks), match.group(1))
        scope = dict(scope)
        scope["headers"] = [
            (k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"
        ] + [(b"content-length", str(len(body)).encode("ascii"))]
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the client to go away

        await self.app(scope, replay, send)


async def _plain(send: Send, status: int, body: bytes) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def middleware(
    *, frame_ancestors: str, metrics_public: bool, max_upload_mb: int
) -> Iterable[tuple[type, dict[str, Any]]]:
    """(class, options) of the middleware in the order they wrap the app (outermost first)."""
    return [
        (SecurityHeaders, {"frame_ancestors": frame_ancestors, "metrics_public": metrics_public}),
        # Streamlit's own cap on the raw body is the upload limit plus 1 MiB of framing.
        (UploadNameGuard, {"max_body_bytes": max_upload_mb * 2**20 + 2**20}),
    ]

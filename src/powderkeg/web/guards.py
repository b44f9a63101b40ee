"""ASGI middleware that guards every request: body size, security headers, unexpected errors.

Plain ASGI rather than Starlette's BaseHTTPMiddleware, so a body is never buffered before its
size is known and a response is never rewritten after it started.
"""

from __future__ import annotations

import json
import logging
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from powderkeg.web.errors import BodyTooLargeError, error_body

LIMIT_BYTES: Final = 2_000_000  # 2 MB: an article is a few hundred kB at most
LIMIT_TEXT: Final = "2 MB (2,000,000 bytes)"
SECURITY_HEADERS: Final = {
    # Only this server's own scripts, styles and images; no framing, no plugins, no <base>.
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}
_log = logging.getLogger("powderkeg.web")


class SecurityHeaders:
    """Adds the CSP and the other security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in SECURITY_HEADERS.items()
                    if name.encode("latin-1") not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses a body over `limit` bytes with 413: by its Content-Length, or while it arrives."""

    def __init__(self, app: ASGIApp, limit: int = LIMIT_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _send_json(send, 413, "request too large", _too_large(declared))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLargeError(_too_large(received))
            return message

        await self.app(scope, counted, send)


class InternalErrors:
    """Any exception no handler knew: logged here, answered with a 500 that reveals nothing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except BodyTooLargeError as error:  # raised while the body was read outside any endpoint
            if started:
                raise
            await _send_json(send, error.status, error.error, error.detail)
        except Exception:
            _log.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            if started:
                raise
            detail = "the server could not answer this request; the error has been logged"
            await _send_json(send, 500, "internal error", detail)


def _too_large(size: int) -> str:
    return f"the body is {size:,} bytes or more; the limit is {LIMIT_TEXT}"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _send_json(send: Send, status: int, error: str, detail: str) -> None:
    body = json.dumps(error_body(error, detail)).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("latin-1")),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

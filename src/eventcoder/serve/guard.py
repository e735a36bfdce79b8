"""ASGI middleware: the request body limit (413) and the security headers."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException

from .limits import MAX_BODY, SECURITY_HEADERS

Scope = dict[str, Any]
Message = dict[str, Any]


def too_large_text(limit: int = MAX_BODY) -> str:
    return f"the request body is larger than {limit:,} bytes"


class BodyTooLarge(HTTPException):
    """Raised while the body is read; an HTTPException so that FastAPI's body parsing
    passes it on (413) instead of calling it a malformed body."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=too_large_text(limit))


class Guard:
    """Adds the security headers to every response; answers 413 to a body over
    `max_body` bytes, whether it declares its length or is sent in chunks."""

    def __init__(self, app: Any, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in names]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._refuse(send_with_headers, self.max_body)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            await self.app(scope, counted, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send_with_headers, self.max_body)

    @staticmethod
    async def _refuse(send: Any, limit: int) -> None:
        body = json.dumps({"message": too_large_text(limit)}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

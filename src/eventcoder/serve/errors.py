"""Every error as a JSON body with a message (`{"message": ...}`), or an HTML page for the
pages; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

log = logging.getLogger("eventcoder.serve")


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    kinds = {"query": "query parameter", "path": "path parameter", "body": "body field",
             "header": "header"}
    if not loc:
        return "request"
    head, *rest = [str(x) for x in loc]
    if head == "body" and not rest:
        return "body"
    return f"{kinds.get(head, head)} '{'.'.join(rest)}'" if rest else kinds.get(head, head)


def validation_messages(exc: RequestValidationError) -> list[dict[str, str]]:
    return [{"where": _where(e.get("loc", ())), "message": str(e.get("msg", "invalid"))}
            for e in exc.errors()]


def error_response(request: Request, status: int, message: str,
                   extra: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"message": message, **(extra or {})}, status_code=status,
                            headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html",
                                      {"status": status, "message": message},
                                      status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        headers = dict(exc.headers) if exc.headers else None
        return error_response(request, exc.status_code, message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = validation_messages(exc)
        message = "; ".join(f"{p['where']}: {p['message']}" for p in problems)
        return error_response(request, 422, message or "invalid request",
                              {"errors": problems})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("error on %s %s", request.method, request.url.path)
        message = "internal error; the server's log has the details"
        if wants_json(request):
            return JSONResponse({"message": message}, status_code=500)
        return HTMLResponse("<!doctype html><title>500</title><p>internal error</p>",
                            status_code=500)

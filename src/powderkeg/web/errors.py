"""Every failure answers with a status and a JSON body {"error", "detail"}, never a traceback.

Browsers asking for a page (not /api/…) get the same error as a small HTML page instead.
Known errors map to 4xx: an unknown entity is 404, a question the store cannot answer or a bad
input is 400, a malformed request is 422, a body over the limit is 413. Anything unexpected is
logged and answered with a generic 500 (see `guards.InternalErrors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from powderkeg.errors import InputError, PowderkegError, QueryError, StoreError
from powderkeg.web.templating import render


class WebError(Exception):
    """A request the dashboard refuses, with the status and a short error name."""

    status = 400
    error = "bad request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(WebError):
    status = 404
    error = "not found"


class BodyTooLargeError(WebError):
    status = 413
    error = "request too large"


class UnsupportedMediaTypeError(WebError):
    status = 415
    error = "unsupported media type"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every known exception into a JSON (or HTML) error."""
    app.add_exception_handler(WebError, _web_error)
    app.add_exception_handler(PowderkegError, _powderkeg_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)


def error_body(error: str, detail: str) -> dict[str, str]:
    return {"error": error, "detail": detail}


def error_response(request: Request, status: int, error: str, detail: str) -> Response:
    """The error as JSON, or as an HTML page when a browser asked for a page."""
    if _wants_html(request):
        context = {"title": f"{status} {error}", "status": status, "error": error}
        return render(request, "error.html", {**context, "detail": detail}, status=status)
    return JSONResponse(error_body(error, detail), status_code=status)


async def _web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return error_response(request, exc.status, exc.error, exc.detail)


async def _powderkeg_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, QueryError):
        return error_response(request, 400, "bad query", str(exc))
    if isinstance(exc, InputError):
        return error_response(request, 400, "bad input", str(exc))
    if isinstance(exc, StoreError):
        return error_response(request, 503, "store unavailable", str(exc))
    return error_response(request, 400, "bad request", str(exc))


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(_problem(error) for error in exc.errors())
    return error_response(request, 422, "invalid request", problems or "the request is malformed")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    error = _phrase(status)
    detail = f"no page at {request.url.path}" if status == 404 else str(exc.detail)
    response = error_response(request, status, error, detail)
    response.headers.update(exc.headers or {})
    return response


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


def _problem(error: dict[str, Any]) -> str:
    """'query parameter year: Input should be a valid integer' (the input is not echoed)."""
    return f"{_place(error.get('loc', ()))}: {error.get('msg', 'invalid')}"


def _place(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location]
    if len(parts) >= 2 and parts[0] in {"query", "path", "header"}:
        return f"{parts[0]} parameter {'.'.join(parts[1:])}"
    return ".".join(parts) or "request"


def _wants_html(request: Request) -> bool:
    is_api = request.url.path == "/api" or request.url.path.startswith("/api/")
    return not is_api and "text/html" in request.headers.get("accept", "")

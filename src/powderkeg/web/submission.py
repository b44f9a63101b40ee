"""An article sent to the claim checker: pasted text or an uploaded file, read within the limit.

Accepted bodies: a form (multipart or urlencoded) with exactly one of the fields `text` (pasted)
or `file` (an upload: .txt, .md or .html), JSON `{"text": …}`, or the raw text as text/plain.
Anything else is refused with a clear 4xx before the checker runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.types import Message

from powderkeg.web.errors import BodyTooLargeError, UnsupportedMediaTypeError, WebError
from powderkeg.web.guards import LIMIT_BYTES, LIMIT_TEXT

FIELDS: Final = ("text", "file")
_FORMS: Final = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
_ASK: Final = "send the article as form field 'text' (pasted) or 'file' (an upload)"


@dataclass(frozen=True)
class Submission:
    """The article as sent: text (pasted) or bytes (a file, decoded by the checker)."""

    content: str | bytes
    filename: str | None = None


async def submission(request: Request) -> Submission:
    """Read and validate the request body; WebError (4xx) for anything that is not an article."""
    body = await _limited_body(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in _FORMS:
        return _from_form(await _form(request, body))
    if kind == "application/json":
        return _from_json(body)
    if kind == "text/plain":
        return Submission(body, "body.txt")
    raise UnsupportedMediaTypeError(
        f"content type {kind or '(none)'} is not accepted; use multipart/form-data, "
        "application/x-www-form-urlencoded, application/json or text/plain"
    )


async def _limited_body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > LIMIT_BYTES:
            raise BodyTooLargeError(f"the article is over the limit of {LIMIT_TEXT}")
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Request, body: bytes) -> FormData:
    """The form parsed from the body already read (a fresh request replays it)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        return await Request(request.scope, replay).form(
            max_files=1, max_fields=len(FIELDS), max_part_size=LIMIT_BYTES
        )
    except (MultiPartException, UnicodeDecodeError, ValueError) as error:
        raise WebError(f"the form could not be read: {error}; {_ASK}") from None


def _from_form(form: FormData) -> Submission:
    unknown = sorted(set(form.keys()) - set(FIELDS))
    if unknown:
        raise WebError(f"unknown form field(s) {', '.join(map(repr, unknown))}: {_ASK}")
    text, upload = form.get("text"), form.get("file")
    if isinstance(text, UploadFile) or (isinstance(upload, str) and upload):
        raise WebError(f"'text' must be text and 'file' a file: {_ASK}")
    pasted = text if isinstance(text, str) and text.strip() else None
    uploaded = upload if isinstance(upload, UploadFile) and upload.filename else None
    if pasted is not None and uploaded is not None:
        raise WebError("give either pasted text or a file, not both")
    if uploaded is not None:
        return Submission(_file_bytes(uploaded), uploaded.filename)
    if pasted is None:
        raise WebError(f"there is no text to check: {_ASK}")
    return Submission(pasted)


def _file_bytes(upload: UploadFile) -> bytes:
    upload.file.seek(0)
    return upload.file.read(LIMIT_BYTES + 1)


def _from_json(body: bytes) -> Submission:
    try:
        sent = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WebError(f"the body is not valid JSON: {error}") from None
    if not isinstance(sent, dict) or set(sent) != {"text"} or not isinstance(sent["text"], str):
        raise WebError('send a JSON object with one key: {"text": "the article"}')
    if not sent["text"].strip():
        raise WebError("there is no text to check: 'text' is empty")
    return Submission(sent["text"])

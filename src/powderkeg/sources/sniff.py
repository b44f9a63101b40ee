"""Cheap checks that a raw file is what its parser expects, before any parser library sees it.

A download that failed often leaves a saved HTML error page, an empty file or half a zip behind;
parsers call `sniff` first so such files end in one clear FormatError instead of a traceback from
openpyxl, zipfile or csv.
"""

from __future__ import annotations

import codecs
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any, Literal

from powderkeg.errors import FormatError

FileKind = Literal["xlsx", "csv", "zip"]

ZIP_MAGIC = b"PK\x03\x04"
_HEAD_BYTES = 64 * 1024
_BOM = b"\xef\xbb\xbf"
_HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body")


def sniff(path: Path, *, expect: FileKind) -> None:
    """Raise FormatError unless `path` plausibly holds an `expect` file (xlsx, zip or CSV text)."""
    head = _read_head(path)
    if not head:
        raise FormatError("file is empty", path=path)
    _reject_html(head, path=path)
    if expect == "csv":
        check_text(head, path=path)
    else:
        _check_zip(path, head, want_xlsx=expect == "xlsx")


def is_zip(path: Path) -> bool:
    """True when the file starts with the zip local-header magic."""
    return _read_head(path)[: len(ZIP_MAGIC)] == ZIP_MAGIC


def check_text(head: bytes, *, path: Path, where: str | None = None) -> None:
    """Raise FormatError when `head` (the first bytes of a text file) is HTML or binary."""
    _reject_html(head, path=path, where=where)
    if b"\x00" in head:
        raise FormatError(
            "binary data (NUL bytes) where CSV text was expected", path=path, where=where
        )
    # An incremental decoder tolerates a character cut in half at the end of the sample.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not UTF-8 text: undecodable byte at offset {error.start}", path=path, where=where
        ) from None


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None


def _reject_html(head: bytes, *, path: Path, where: str | None = None) -> None:
    start = head.removeprefix(_BOM).lstrip()[:16].lower()
    if start.startswith(_HTML_STARTS):
        raise FormatError(
            "file is an HTML page (a saved error or login page?), not data", path=path, where=where
        )


def _check_zip(path: Path, head: bytes, *, want_xlsx: bool) -> None:
    kind = "xlsx workbook" if want_xlsx else "zip archive"
    if not head.startswith(ZIP_MAGIC):
        raise FormatError(f"not an {kind}: it does not start with the zip signature", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise FormatError(f"truncated or corrupt {kind}: {error}", path=path) from None
    if broken is not None:
        raise FormatError(f"corrupt {kind}: member {broken!r} fails its CRC check", path=path)
    if want_xlsx and "xl/workbook.xml" not in names:
        raise FormatError("a zip archive, but not an xlsx workbook (no xl/workbook.xml)", path=path)


def read_json(path: Path) -> Any:
    """The JSON document in `path`; FormatError (with line and column) for anything else."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    check_text(raw[: 64 * 1024], path=path)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FormatError(f"not UTF-8 text: {error.reason}", path=path) from None
    except json.JSONDecodeError as error:
        where = f"line={error.lineno};column={error.colno}"
        raise FormatError(f"not valid JSON: {error.msg}", path=path, where=where) from None

"""Download a public file once, check it is the data we asked for, and keep it in a local cache.

Every source goes through `fetch`. It never trusts a server: a 200 answer that is an HTML error
page, a truncated body or a "spreadsheet" that is not a zip is refused, and nothing is kept. A
file is written to a temporary name, flushed to disk and renamed, so the final name only ever
holds a complete, checked download. Each cached file has a sidecar `<name>.meta.json` that
records where and when it came from; the cache trusts a file only when its sidecar is there and
agrees with it.

Callers create the `httpx.Client` (`make_client` for real use, a `MockTransport` in tests), so this
module opens no connection of its own.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import os
import re
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, Literal, get_args
from urllib.parse import unquote, urlsplit

import httpx
import platformdirs

from powderkeg.errors import FetchError

Expect = Literal["xlsx", "csv", "zip", "any"]
Progress = Callable[[int, int | None], None]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT_SECONDS = 60.0
SNIFF_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
META_SUFFIX = ".meta.json"

_CHUNK = 64 * 1024
_NAME_PART = re.compile(r"[^A-Za-z0-9._-]+")
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class Download:
    """A file on local disk and what the server told us about it."""

    url: str
    path: Path
    sha256: str
    byte_size: int
    retrieved: datetime
    from_cache: bool
    content_type: str | None
    etag: str | None
    last_modified: str | None


class _TransientError(Exception):
    """A failure worth another try (timeouts, dropped connections, 429 and 5xx answers)."""

    def __init__(self, reason: str, *, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class _PermanentError(Exception):
    """A failure that another try would only repeat (404, HTML instead of data, bad zip)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Request:
    url: str
    target: Path
    expect: Expect
    cached: Download | None
    headers: dict[str, str]
    on_progress: Progress | None


# --- public API -----------------------------------------------------------------------------------


def fetch(
    url: str,
    *,
    client: httpx.Client,
    cache_dir: Path,
    expect: Expect = "any",
    retries: int = 3,
    backoff: float = 0.5,
    refresh: bool = False,
    sleep: Callable[[float], None] = time.sleep,
    on_progress: Progress | None = None,
) -> Download:
    """Return `url` as a checked local file, downloading it only if the cache does not hold it.

    `retries` is the number of extra tries after the first; waits grow as backoff, 2×backoff, …
    With `refresh`, the server is asked whether the cached copy is still current (ETag /
    Last-Modified) and the copy is kept on 304 Not Modified.
    """
    if retries < 0 or expect not in get_args(Expect):
        raise ValueError(f"bad fetch arguments: retries={retries}, expect={expect!r}")
    target = cache_dir / cache_name(url)
    cached = read_cached(url, cache_dir)
    if cached is not None and not refresh:
        return cached
    request = _Request(url, target, expect, cached, _request_headers(cached), on_progress)
    return _with_retries(lambda: _attempt(client, request), retries, backoff, sleep)


def read_cached(url: str, cache_dir: Path) -> Download | None:
    """The cached download of `url`, or None when there is none we can trust."""
    target = cache_dir / cache_name(url)
    sidecar = _sidecar(target)
    if not target.is_file() or not sidecar.is_file():
        return None
    try:
        download = _from_record(json.loads(sidecar.read_text(encoding="utf-8")), target)
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable sidecar only costs a new download
    if download.url != url or target.stat().st_size != download.byte_size:
        return None
    return download


def cache_name(url: str) -> str:
    """A readable file name for `url`: host, short hash of the full URL, last path segment."""
    parts = urlsplit(url)
    host = _NAME_PART.sub("-", parts.hostname or "local")
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or "index"
    segment = _NAME_PART.sub("-", segment).strip(".-")[-80:] or "index"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]
    return f"{host}_{digest}_{segment}"


def default_cache_dir() -> Path:
    """`$POWDERKEG_HOME/cache` when POWDERKEG_HOME is set, else the user's cache folder."""
    home = os.environ.get("POWDERKEG_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir("powderkeg"))


def make_client(timeout: float = 60.0) -> httpx.Client:
    """An HTTP client for real downloads: follows redirects, names itself, bounded waits."""
    return httpx.Client(
        follow_redirects=True,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
        headers={"User-Agent": user_agent()},
    )


def user_agent() -> str:
    """`powderkeg/<version> (+<project URL>)`, so publishers can see who is downloading."""
    url = _project_url()
    return f"powderkeg/{_version()} (+{url})" if url else f"powderkeg/{_version()}"


# --- retries --------------------------------------------------------------------------------------


def _with_retries(
    attempt: Callable[[], Download],
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> Download:
    tries = retries + 1
    for number in range(1, tries + 1):
        try:
            return attempt()
        except _PermanentError as problem:
            raise FetchError(f"{problem.reason} (after {_count(number)})") from problem
        except _TransientError as problem:
            if number == tries:
                raise FetchError(f"{problem.reason} (after {_count(number)})") from problem
            sleep(_wait_before_retry(problem, number, backoff))
    raise AssertionError("unreachable: the last try returns or raises")


def _wait_before_retry(problem: _TransientError, number: int, backoff: float) -> float:
    if problem.wait is not None:
        return problem.wait
    return float(min(backoff * 2 ** (number - 1), MAX_WAIT_SECONDS))


def _count(tries: int) -> str:
    return "1 try" if tries == 1 else f"{tries} tries"


def _retry_after(response: httpx.Response) -> float | None:
    """A numeric Retry-After in seconds, capped; dates and junk fall back to our own backoff."""
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    if not 0 <= seconds < float("inf"):
        return None
    return min(seconds, MAX_WAIT_SECONDS)


# --- one try --------------------------------------------------------------------------------------


def _attempt(client: httpx.Client, request: _Request) -> Download:
    url = request.url
    try:
        with client.stream("GET", url, headers=request.headers, follow_redirects=True) as response:
            return _receive(response, request)
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as error:
        raise _PermanentError(f"GET {url} failed: {error}") from error
    except httpx.TransportError as error:
        raise _TransientError(f"GET {url} failed: {type(error).__name__}: {error}") from error
    except httpx.RequestError as error:  # too many redirects, undecodable body
        raise _PermanentError(f"GET {url} failed: {type(error).__name__}: {error}") from error
    except OSError as error:  # our side: cache folder not writable, disk full
        raise _PermanentError(f"could not keep {url} in the cache: {error}") from error


def _receive(response: httpx.Response, request: _Request) -> Download:
    if response.status_code == 304 and request.cached is not None:
        return request.cached
    status = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
    if response.status_code in RETRY_STATUSES:
        raise _TransientError(f"GET {request.url} failed: {status}", wait=_retry_after(response))
    if not response.is_success:
        raise _PermanentError(f"GET {request.url} failed: {status}")
    return _store(response, request)


def _request_headers(cached: Download | None) -> dict[str, str]:
    headers = {"User-Agent": user_agent()}
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    return headers


def _expected_size(response: httpx.Response) -> int | None:
    """Content-Length, when it counts the bytes we will write (not the compressed ones)."""
    length = response.headers.get("Content-Length")
    if length is None or not length.isdigit():
        return None
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    return int(length) if encoding in ("", "identity") else None


# --- writing --------------------------------------------------------------------------------------


def _store(response: httpx.Response, request: _Request) -> Download:
    total = _expected_size(response)
    content_type = response.headers.get("Content-Type")
    request.target.parent.mkdir(parents=True, exist_ok=True)
    with _partial_file(request.target) as partial:
        with partial.open("wb") as handle:
            sha256, size = _copy_body(response, handle, total, request.on_progress)
        if total is not None and size != total:
            raise _TransientError(f"GET {request.url} was cut short: {size} of {total} bytes")
        _check_content(partial, url=request.url, expect=request.expect, content_type=content_type)
        download = Download(
            url=request.url,
            path=request.target,
            sha256=sha256,
            byte_size=size,
            retrieved=datetime.now(UTC),
            from_cache=False,
            content_type=content_type,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
        _commit(partial, download)
    return download


@contextmanager
def _partial_file(target: Path) -> Iterator[Path]:
    """A fresh temporary path beside `target`, removed on the way out unless it was renamed."""
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    os.close(descriptor)
    partial = Path(name)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)


def _copy_body(
    response: httpx.Response, handle: IO[bytes], total: int | None, on_progress: Progress | None
) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    for chunk in response.iter_bytes(_CHUNK):
        handle.write(chunk)
        sha.update(chunk)
        size += len(chunk)
        if on_progress is not None:
            on_progress(size, total)
    handle.flush()
    os.fsync(handle.fileno())
    return sha.hexdigest(), size


def _commit(partial: Path, download: Download) -> None:
    """Move the checked file into place, then describe it.

    The old sidecar goes first: a crash in between leaves a file without a sidecar, which the
    cache ignores, rather than a sidecar that describes other bytes.
    """
    sidecar = _sidecar(download.path)
    sidecar.unlink(missing_ok=True)
    os.replace(partial, download.path)
    record = json.dumps(_to_record(download), indent=2, sort_keys=True).encode("utf-8")
    with _partial_file(sidecar) as partial_sidecar:
        with partial_sidecar.open("wb") as handle:
            handle.write(record)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial_sidecar, sidecar)


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + META_SUFFIX)


def _to_record(download: Download) -> dict[str, Any]:
    return {
        "url": download.url,
        "sha256": download.sha256,
        "byte_size": download.byte_size,
        "retrieved": download.retrieved.isoformat(),
        "etag": download.etag,
        "last_modified": download.last_modified,
        "content_type": download.content_type,
    }


def _from_record(record: dict[str, Any], target: Path) -> Download:
    retrieved = datetime.fromisoformat(record["retrieved"])
    return Download(
        url=str(record["url"]),
        path=target,
        sha256=str(record["sha256"]),
        byte_size=int(record["byte_size"]),
        retrieved=retrieved if retrieved.tzinfo else retrieved.replace(tzinfo=UTC),
        from_cache=True,
        content_type=record.get("content_type"),
        etag=record.get("etag"),
        last_modified=record.get("last_modified"),
    )


# --- content checks -------------------------------------------------------------------------------


def _check_content(path: Path, *, url: str, expect: Expect, content_type: str | None) -> None:
    """Refuse a body that is not what `expect` names: HTML, empty, not UTF-8 text, not a zip."""
    if expect == "any":
        return
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise _PermanentError(f"{url} returned an empty body, not {expect} data")
    if _is_html(head, content_type):
        raise _PermanentError(_html_message(url, head))
    if expect == "csv":
        _check_csv(head, whole=len(head) < SNIFF_BYTES, url=url)
    else:
        _check_zip(path, head, url=url, expect=expect)


def _is_html(head: bytes, content_type: str | None) -> bool:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith((b"<!doctype", b"<html")):
        return True
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    # Some servers label every download text/html; a zip signature outranks that label.
    return declared in _HTML_TYPES and not head.startswith(ZIP_MAGIC)


def _html_message(url: str, head: bytes) -> str:
    message = f"{url} returned an HTML page, not data"
    found = _TITLE.search(head)
    if found is None:
        return message
    title = " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split())
    return f"{message}: page title {title[:120]!r}" if title else message


def _check_csv(head: bytes, *, whole: bool, url: str) -> None:
    if b"\x00" in head:
        raise _PermanentError(
            f"{url} did not return CSV text: it contains NUL bytes (binary or UTF-16)"
        )
    try:
        # Unless we hold the whole body, the 64 KB cut may split a character at the very end.
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=whole)
    except UnicodeDecodeError as error:
        raise _PermanentError(
            f"{url} did not return UTF-8 CSV text: byte {error.start} is not valid UTF-8"
        ) from error


def _check_zip(path: Path, head: bytes, *, url: str, expect: Expect) -> None:
    if not head.startswith(ZIP_MAGIC):
        raise _PermanentError(
            f"{url} did not return {expect} data: it does not start with the zip signature"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        raise _PermanentError(f"{url} did not return a valid {expect} file: {error}") from error
    if broken is not None:
        raise _PermanentError(f"{url} did not return a valid {expect} file: {broken!r} is corrupt")
    if expect == "xlsx" and "[Content_Types].xml" not in names:
        raise _PermanentError(f"{url} returned a zip that is not an xlsx workbook")


# --- identity -------------------------------------------------------------------------------------


def _version() -> str:
    try:
        return metadata.version("powderkeg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _project_url() -> str | None:
    """The first Project-URL (or Home-page) in the installed metadata, if any."""
    try:
        meta = metadata.metadata("powderkeg")
    except metadata.PackageNotFoundError:
        return None
    urls = meta.get_all("Project-URL") or []  # entries read "Label, https://..."
    homes = meta.get_all("Home-page") or []
    candidates = [entry.split(",", 1)[-1].strip() for entry in urls] + homes
    return next((url for url in candidates if url), None)

"""The downloader, against scripted in-memory servers: no test here opens a network connection."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import openpyxl
import platformdirs
import pytest

from powderkeg.errors import FetchError
from powderkeg.sources import fetch as fetch_module
from powderkeg.sources.fetch import (
    Download,
    cache_name,
    default_cache_dir,
    fetch,
    make_client,
    read_cached,
)

URL = "https://data.example.org/files/SIPRI-Milex-data-1949-2023.xlsx"
CSV_URL = "https://data.example.org/api/MS.MIL.XPND.CD.csv"

Reply = Callable[[httpx.Request], httpx.Response] | Exception


class Server:
    """A MockTransport handler: plays replies in order (the last repeats) and logs requests."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def answer(
    status: int = 200, content: bytes = b"", headers: dict[str, str] | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: httpx.Response(status, content=content, headers=headers)


class Sleeps(list[float]):
    """Records the waits fetch asks for, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture(scope="module")
def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Country", "Notes", 2022, 2023])
    sheet.append(["Kosovo", None, 101.5, 120.25])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# --- success and the cache ------------------------------------------------------------------------


def test_fetch_stores_the_file_and_a_sidecar_describing_it(cache: Path, xlsx_bytes: bytes) -> None:
    headers = {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ETag": '"v1"',
        "Last-Modified": "Mon, 28 Apr 2025 08:00:00 GMT",
    }
    server = Server(answer(200, xlsx_bytes, headers))
    before = datetime.now(UTC)

    download = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert download.path.read_bytes() == xlsx_bytes
    assert download.path.parent == cache
    assert (download.sha256, download.byte_size) == (sha256_of(xlsx_bytes), len(xlsx_bytes))
    assert not download.from_cache
    assert (download.etag, download.last_modified) == ('"v1"', "Mon, 28 Apr 2025 08:00:00 GMT")
    assert before <= download.retrieved <= datetime.now(UTC)
    meta = json.loads(download.path.with_name(download.path.name + ".meta.json").read_text())
    assert meta["url"] == URL
    assert meta["sha256"] == sha256_of(xlsx_bytes)
    assert meta["byte_size"] == len(xlsx_bytes)
    assert meta["etag"] == '"v1"'
    assert meta["content_type"] == headers["Content-Type"]
    assert datetime.fromisoformat(meta["retrieved"]) == download.retrieved


def test_fetch_names_itself_with_a_powderkeg_user_agent(cache: Path) -> None:
    server = Server(answer(200, b"a,b\n1,2\n"))
    fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")
    assert server.requests[0].headers["User-Agent"].startswith("powderkeg/")


def test_second_fetch_is_served_from_the_cache_without_a_request(
    cache: Path, xlsx_bytes: bytes
) -> None:
    server = Server(answer(200, xlsx_bytes))
    first = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    second = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert len(server.requests) == 1
    assert second.from_cache
    assert (second.path, second.sha256, second.retrieved) == (
        first.path,
        first.sha256,
        first.retrieved,
    )
    assert read_cached(URL, cache) == second


def test_refresh_sends_validators_and_keeps_the_cached_file_on_304(
    cache: Path, xlsx_bytes: bytes
) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Mon, 28 Apr 2025 08:00:00 GMT"}
    server = Server(answer(200, xlsx_bytes, validators), answer(304))
    first = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    again = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx", refresh=True)

    conditional = server.requests[1].headers
    assert conditional["If-None-Match"] == '"v1"'
    assert conditional["If-Modified-Since"] == "Mon, 28 Apr 2025 08:00:00 GMT"
    assert again.from_cache
    assert again.sha256 == first.sha256
    assert again.path.read_bytes() == xlsx_bytes


def test_refresh_replaces_the_cached_file_when_the_server_has_a_new_one(cache: Path) -> None:
    server = Server(answer(200, b"year,value\n2023,1\n"), answer(200, b"year,value\n2024,2\n"))
    fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    newer = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv", refresh=True)

    assert not newer.from_cache
    assert newer.path.read_bytes() == b"year,value\n2024,2\n"
    assert read_cached(CSV_URL, cache) == Download(**{**newer.__dict__, "from_cache": True})


def test_a_cached_file_that_no_longer_matches_its_sidecar_is_downloaded_again(
    cache: Path,
) -> None:
    server = Server(answer(200, b"a,b\n1,2\n"))
    first = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")
    first.path.write_bytes(b"a,b\n1,2\n3,4\n")  # edited by hand: different size

    again = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    assert len(server.requests) == 2
    assert again.path.read_bytes() == b"a,b\n1,2\n"


def test_an_unreadable_sidecar_means_a_new_download_not_a_crash(cache: Path) -> None:
    server = Server(answer(200, b"a,b\n1,2\n"))
    first = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")
    first.path.with_name(first.path.name + ".meta.json").write_text("{not json")

    fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    assert len(server.requests) == 2


def test_a_crash_while_describing_a_new_file_leaves_no_stale_description(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = Server(answer(200, b"year\n2023\n"), answer(200, b"year\n2024\n"))  # same size
    fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    def disk_full(_download: Download) -> dict[str, object]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fetch_module, "_to_record", disk_full)
    with pytest.raises(FetchError, match="No space left"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv", refresh=True)

    assert read_cached(CSV_URL, cache) is None  # the old sidecar must not vouch for new bytes
    assert not [name for name in files_in(cache) if name.endswith(".part")]


def test_an_unwritable_cache_is_reported_as_a_fetch_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    server = Server(answer(200, b"a,b\n"))

    with pytest.raises(FetchError, match="could not keep"):
        fetch(CSV_URL, client=server.client(), cache_dir=blocker / "cache", expect="csv")


def test_redirects_are_followed_even_when_the_client_does_not_by_default(cache: Path) -> None:
    def moved_or_served(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old.csv":
            return httpx.Response(302, headers={"Location": "/new.csv"})
        return httpx.Response(200, content=b"a,b\n1,2\n")

    server = Server(moved_or_served)
    download = fetch(
        "https://data.example.org/old.csv", client=server.client(), cache_dir=cache, expect="csv"
    )

    assert [request.url.path for request in server.requests] == ["/old.csv", "/new.csv"]
    assert download.url == "https://data.example.org/old.csv"
    assert download.path.read_bytes() == b"a,b\n1,2\n"


def test_progress_is_reported_with_growing_byte_counts_up_to_the_total(cache: Path) -> None:
    body = b"x," * 100_000
    server = Server(answer(200, body))
    seen: list[tuple[int, int | None]] = []

    fetch(
        URL + ".bin",
        client=server.client(),
        cache_dir=cache,
        on_progress=lambda done, total: seen.append((done, total)),
    )

    counts = [done for done, _ in seen]
    assert len(counts) > 1
    assert counts == sorted(set(counts))
    assert counts[-1] == len(body)
    assert {total for _, total in seen} == {len(body)}


# --- retries --------------------------------------------------------------------------------------


def test_a_503_is_retried_after_a_backoff_and_then_succeeds(
    cache: Path, sleeps: Sleeps, xlsx_bytes: bytes
) -> None:
    server = Server(answer(503), answer(200, xlsx_bytes))

    download = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx", sleep=sleeps)

    assert len(server.requests) == 2
    assert sleeps == [0.5]
    assert download.path.read_bytes() == xlsx_bytes


def test_a_404_fails_at_once_naming_the_url_and_the_status(cache: Path, sleeps: Sleeps) -> None:
    server = Server(answer(404))

    with pytest.raises(FetchError) as raised:
        fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx", sleep=sleeps)

    assert len(server.requests) == 1
    assert sleeps == []
    message = str(raised.value)
    assert URL in message
    assert "404" in message
    assert "1 try" in message


def test_a_persistent_500_gives_up_after_all_tries_with_growing_waits(
    cache: Path, sleeps: Sleeps
) -> None:
    server = Server(answer(500))

    with pytest.raises(FetchError, match=r"HTTP 500 .*after 3 tries"):
        fetch(URL, client=server.client(), cache_dir=cache, retries=2, backoff=0.5, sleep=sleeps)

    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]
    assert files_in(cache) == []


def test_a_connection_error_is_retried_then_reported(cache: Path, sleeps: Sleeps) -> None:
    server = Server(httpx.ConnectError("connection refused"))

    with pytest.raises(FetchError) as raised:
        fetch(URL, client=server.client(), cache_dir=cache, retries=3, sleep=sleeps)

    assert len(server.requests) == 4
    assert len(sleeps) == 3
    assert "ConnectError" in str(raised.value)
    assert "connection refused" in str(raised.value)
    assert "4 tries" in str(raised.value)


def test_a_read_timeout_is_retried_and_the_next_try_can_succeed(
    cache: Path, sleeps: Sleeps
) -> None:
    server = Server(httpx.ReadTimeout("timed out"), answer(200, b"a,b\n1,2\n"))

    download = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv", sleep=sleeps)

    assert download.path.read_bytes() == b"a,b\n1,2\n"
    assert sleeps == [0.5]


def test_a_numeric_retry_after_is_honoured(cache: Path, sleeps: Sleeps) -> None:
    server = Server(answer(429, headers={"Retry-After": "7"}), answer(200, b"a,b\n"))

    fetch(CSV_URL, client=server.client(), cache_dir=cache, sleep=sleeps)

    assert sleeps == [7.0]


def test_a_retry_after_longer_than_a_minute_is_capped(cache: Path, sleeps: Sleeps) -> None:
    server = Server(answer(503, headers={"Retry-After": "3600"}), answer(200, b"a,b\n"))

    fetch(CSV_URL, client=server.client(), cache_dir=cache, sleep=sleeps)

    assert sleeps == [60.0]


def test_a_retry_after_date_falls_back_to_the_own_backoff(cache: Path, sleeps: Sleeps) -> None:
    later = {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}
    server = Server(answer(503, headers=later), answer(200, b"a,b\n"))

    fetch(CSV_URL, client=server.client(), cache_dir=cache, backoff=2.0, sleep=sleeps)

    assert sleeps == [2.0]


def test_a_body_shorter_than_its_content_length_is_retried_as_cut_short(
    cache: Path, sleeps: Sleeps
) -> None:
    server = Server(answer(200, b"a,b\n1,", {"Content-Length": "100"}))

    with pytest.raises(FetchError, match="cut short: 6 of 100 bytes"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, retries=1, sleep=sleeps)

    assert len(server.requests) == 2
    assert files_in(cache) == []


def test_a_connection_dropped_mid_body_leaves_no_temporary_file(
    cache: Path, sleeps: Sleeps
) -> None:
    def dropped_body() -> Iterator[bytes]:
        yield b"PK\x03\x04" + b"\x00" * 1000
        raise httpx.ReadError("connection reset by peer")

    server = Server(lambda _request: httpx.Response(200, content=dropped_body()))

    with pytest.raises(FetchError, match="ReadError"):
        fetch(URL, client=server.client(), cache_dir=cache, retries=2, sleep=sleeps)

    assert len(server.requests) == 3
    assert files_in(cache) == []


# --- content checks -------------------------------------------------------------------------------


def test_an_html_error_page_with_status_200_is_refused_and_not_cached(cache: Path) -> None:
    page = b"<!DOCTYPE html><html><head><title>Access  denied</title></head><body>No</body></html>"
    server = Server(answer(200, page, {"Content-Type": "text/html; charset=utf-8"}))

    with pytest.raises(FetchError, match="returned an HTML page, not data") as raised:
        fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert "Access denied" in str(raised.value)
    assert len(server.requests) == 1
    assert files_in(cache) == []


def test_an_html_body_is_recognised_even_under_a_data_content_type(cache: Path) -> None:
    page = b"\r\n  <!doctype HTML>\n<html><title>Just a moment...</title></html>"
    server = Server(answer(200, page, {"Content-Type": "text/csv"}))

    with pytest.raises(FetchError, match="Just a moment"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    assert files_in(cache) == []


def test_a_text_html_label_alone_refuses_a_csv(cache: Path) -> None:
    server = Server(answer(200, b"<p>Service unavailable</p>", {"Content-Type": "text/html"}))

    with pytest.raises(FetchError, match="HTML page"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")


def test_a_real_workbook_mislabelled_as_text_html_is_still_accepted(
    cache: Path, xlsx_bytes: bytes
) -> None:
    server = Server(answer(200, xlsx_bytes, {"Content-Type": "text/html"}))

    download = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert download.sha256 == sha256_of(xlsx_bytes)


def test_expect_any_keeps_whatever_the_server_sent(cache: Path) -> None:
    page = b"<html><title>Index</title></html>"
    server = Server(answer(200, page, {"Content-Type": "text/html"}))

    download = fetch("https://data.example.org/", client=server.client(), cache_dir=cache)

    assert download.path.read_bytes() == page


def test_a_body_that_is_not_a_zip_is_refused_for_xlsx(cache: Path) -> None:
    server = Server(answer(200, b"Country,2023\nKosovo,120\n"))

    with pytest.raises(
        FetchError, match="did not return xlsx data: it does not start with the zip signature"
    ):
        fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert files_in(cache) == []


def test_a_zip_signature_followed_by_garbage_is_refused(cache: Path) -> None:
    server = Server(answer(200, b"PK\x03\x04" + b"not really a zip" * 10))

    with pytest.raises(FetchError, match="not return a valid zip"):
        fetch(URL + ".zip", client=server.client(), cache_dir=cache, expect="zip")

    assert files_in(cache) == []


def test_a_zip_with_a_corrupt_member_is_refused(cache: Path) -> None:
    noise = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(200))
    body = bytearray(zip_of({"data.bin": noise}))  # member data starts at byte 30 + len(name)
    body[200] ^= 0xFF
    server = Server(answer(200, bytes(body)))

    with pytest.raises(FetchError, match="valid zip"):
        fetch(URL + ".zip", client=server.client(), cache_dir=cache, expect="zip")


def test_a_plain_zip_is_accepted_as_zip_but_refused_as_xlsx(cache: Path) -> None:
    body = zip_of({"data.csv": b"a,b\n1,2\n"})
    server = Server(answer(200, body))

    download = fetch(URL + ".zip", client=server.client(), cache_dir=cache, expect="zip")
    assert download.path.read_bytes() == body

    with pytest.raises(FetchError, match="not an xlsx workbook"):
        fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")


def test_an_empty_body_is_refused(cache: Path) -> None:
    server = Server(answer(200, b""))

    with pytest.raises(FetchError, match="empty body"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")


def test_csv_with_nul_bytes_is_refused(cache: Path) -> None:
    server = Server(answer(200, "Country,2023\nKosovo,120\n".encode("utf-16")))

    with pytest.raises(FetchError, match="NUL"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")


def test_csv_that_is_not_utf8_is_refused(cache: Path) -> None:
    server = Server(answer(200, "Country,2023\nTürkiye,120\n".encode("latin-1")))

    with pytest.raises(FetchError, match="UTF-8"):
        fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")


def test_csv_whose_first_64kb_end_inside_a_character_is_accepted(cache: Path) -> None:
    body = b"a" * (64 * 1024 - 1) + "é\n".encode()  # 'é' straddles the 64 KB mark
    server = Server(answer(200, body))

    download = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    assert download.byte_size == len(body)


# --- real public files, served from memory --------------------------------------------------------


def test_the_real_sipri_workbook_passes_the_xlsx_check_byte_for_byte(
    cache: Path, shared_data: Path
) -> None:
    original = (shared_data / "sipri_milex" / "SIPRI-Milex-data-1949-2023.xlsx").read_bytes()
    server = Server(answer(200, original, {"Content-Type": "application/octet-stream"}))

    download = fetch(URL, client=server.client(), cache_dir=cache, expect="xlsx")

    assert download.byte_size == 740_351
    assert download.sha256.startswith("0cbbe317")  # as recorded in shared/data/SOURCES.md
    assert download.path.read_bytes() == original


def test_the_real_world_bank_csv_with_a_bom_passes_the_csv_check(
    cache: Path, shared_data: Path
) -> None:
    source = shared_data / "worldbank_wdi" / "API_MS.MIL.XPND.CD_DS2_en_csv_v2_47475.csv"
    original = source.read_bytes()
    assert original.startswith(b"\xef\xbb\xbf")
    server = Server(answer(200, original, {"Content-Type": "text/csv"}))

    download = fetch(CSV_URL, client=server.client(), cache_dir=cache, expect="csv")

    assert download.sha256 == sha256_of(original)


# --- names, places and clients --------------------------------------------------------------------


def test_cache_names_are_readable_and_distinct_per_full_url() -> None:
    name = cache_name(URL)
    with_query = cache_name(URL + "?v=2")

    assert name.startswith("data.example.org_")
    assert name.endswith("_SIPRI-Milex-data-1949-2023.xlsx")
    assert with_query != name
    assert cache_name("https://ourworldindata.org/").startswith("ourworldindata.org_")
    assert "/" not in cache_name("https://x.org/a%2Fb%20c.csv")


def test_default_cache_dir_lives_under_powderkeg_home(powderkeg_home: Path) -> None:
    assert default_cache_dir() == powderkeg_home / "cache"


def test_default_cache_dir_without_powderkeg_home_is_the_user_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POWDERKEG_HOME", raising=False)
    assert default_cache_dir() == Path(platformdirs.user_cache_dir("powderkeg"))


def test_make_client_follows_redirects_and_names_itself() -> None:
    with make_client(timeout=12.0) as client:
        assert client.follow_redirects
        assert client.headers["User-Agent"].startswith("powderkeg/")
        assert client.timeout.read == 12.0


def test_nonsense_arguments_are_a_programming_error(cache: Path) -> None:
    server = Server(answer(200, b""))
    with pytest.raises(ValueError, match="retries"):
        fetch(URL, client=server.client(), cache_dir=cache, retries=-1)
    assert server.requests == []

"""Reading articles: files, stdin and URLs, and clear refusals of what is not an article."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest

from powderkeg.claims import LIMIT_BYTES, check, read_article
from powderkeg.claims.text_input import markdown_to_text
from powderkeg.errors import FetchError, FormatError, InputError

SENTENCE = "In 2024 Kosovo spent 165.6 million USD on defence."
PAGE = f"""<!doctype html><html><head><title>Kosovo</title><script>var x = 999;</script></head>
<body><nav>Home 1 2 3</nav><article><h1>Budgets</h1><p>{SENTENCE}</p>
<p>It was a 24.3% hike over the year before, according to the ministry of defence.</p>
</article><footer>© 2025</footer></body></html>"""


def test_a_text_file_is_read_as_is(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SENTENCE, "utf-8")
    article = read_article(path)
    assert (article.text, article.form, article.origin) == (SENTENCE, "text", str(path))


def test_a_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SENTENCE.encode())
    assert read_article(path).text == SENTENCE


def test_html_is_reduced_to_its_main_text_and_offsets_refer_to_it(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(PAGE, "utf-8")
    article = read_article(path)
    assert article.form == "html"
    assert SENTENCE in article.text
    assert "999" not in article.text
    claim = check(article.text).claims[0]
    assert article.text[claim.start : claim.end] == "165.6 million USD"


def test_unbalanced_html_still_gives_its_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.htm"
    path.write_text(f"<div><p><b>{SENTENCE}<i>unclosed", "utf-8")
    assert SENTENCE in read_article(path).text


def test_a_txt_file_holding_html_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, "utf-8")
    assert read_article(path).form == "html"


def test_markdown_loses_its_markup(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "# Budget\n\n**Kosovo** spent [165.6 million USD](https://x.org/2024/05) in 2024.\n",
        "utf-8",
    )
    article = read_article(path)
    assert article.text == "Budget\n\nKosovo spent 165.6 million USD in 2024.\n"
    assert markdown_to_text("![chart 5](a.png) `42` _x_") == "chart 5 42 x"


def test_stdin_is_read(tmp_path: Path) -> None:
    article = read_article("-", stdin=io.BytesIO(SENTENCE.encode()))
    assert (article.text, article.origin) == (SENTENCE, "<stdin>")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        read_article(path)


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(FormatError, match="binary"):
        read_article(path)


def test_bytes_that_are_not_utf8_are_refused_with_their_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Kosovo spent 5 € here".encode("cp1252"))
    with pytest.raises(FormatError, match="UTF-8") as raised:
        read_article(path)
    assert raised.value.where == "byte 15"


def test_ten_megabytes_of_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * LIMIT_BYTES)
    with pytest.raises(FormatError, match="too large"):
        read_article(path)
    with pytest.raises(FormatError, match="too large"):
        read_article("-", stdin=io.BytesIO(b"a" * (10 * 1024 * 1024)))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_article(tmp_path / "nope.txt")


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>1</script></head><body></body></html>", "utf-8")
    with pytest.raises(FormatError, match="no readable text"):
        read_article(path)


def _client(handler: httpx.MockTransport) -> httpx.Client:
    return httpx.Client(transport=handler)


def test_a_url_is_fetched_through_the_client() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url == "https://example.org/essay"
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html; charset=utf-8"})

    with _client(httpx.MockTransport(answer)) as client:
        article = read_article("https://example.org/essay", client=client)
    assert (article.form, article.origin) == ("html", "https://example.org/essay")
    assert SENTENCE in article.text


def test_a_plain_text_url_keeps_its_text() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=SENTENCE.encode(), headers={"content-type": "text/plain"}
        )

    with _client(httpx.MockTransport(answer)) as client:
        assert read_article("http://example.org/a.txt", client=client).text == SENTENCE


def test_a_url_answering_with_an_error_is_a_fetch_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="not here")

    with _client(httpx.MockTransport(answer)) as client, pytest.raises(FetchError, match="404"):
        read_article("https://example.org/gone", client=client)


def test_an_unreachable_url_is_a_fetch_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with _client(httpx.MockTransport(answer)) as client, pytest.raises(FetchError, match="refused"):
        read_article("https://example.org/", client=client)


def test_a_url_that_is_not_a_text_page_is_refused() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"%PDF-1.7", headers={"content-type": "application/pdf"})

    with _client(httpx.MockTransport(answer)) as client, pytest.raises(FormatError, match="pdf"):
        read_article("https://example.org/a.pdf", client=client)


def test_a_url_without_a_client_is_refused() -> None:
    with pytest.raises(FetchError, match="no HTTP client"):
        read_article("https://example.org/")

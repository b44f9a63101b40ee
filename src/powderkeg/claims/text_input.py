"""Reading the text to check: a file (plain text, Markdown, HTML), standard input, or a URL.

Every reader returns an `Article` whose `text` is the plain text that will be checked: claim
offsets refer to it, not to the HTML or Markdown source. HTML goes through trafilatura (main
content, tables kept, comments dropped), with a plain tag-stripping fallback when trafilatura finds
nothing (a fragment, unbalanced markup). Markdown loses its markup (links keep their text, images
their alt text, emphasis and heading marks go).

Refused with an `InputError` (a `FormatError`) and a message that says why: an empty input, a
binary file (NUL bytes), bytes that are not UTF-8 (or UTF-16 with a BOM), 10 MB or more
(`LIMIT_BYTES`; an article is a few hundred kB at most), HTML without readable text. A URL is
fetched through an injected `httpx.Client` (tests use `httpx.MockTransport`); an HTTP error status
or a failed connection is a `FetchError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:  # httpx loads only when a URL is read
    import httpx

from powderkeg.errors import FetchError, FormatError

Form = Literal["text", "markdown", "html"]

LIMIT_BYTES: Final = 10_000_000
_SNIFF: Final = 8192
_HTML_SUFFIXES: Final = frozenset({".html", ".htm", ".xhtml"})
_MARKDOWN_SUFFIXES: Final = frozenset({".md", ".markdown", ".mdown"})
_HTML_START: Final = re.compile(rb"\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """The plain text to check, where it came from, and what form it was in."""

    text: str
    origin: str
    form: Form


def read_article(
    source: str | Path, *, client: httpx.Client | None = None, stdin: IO[bytes] | None = None
) -> Article:
    """Read "-" (stdin), an http(s) URL (needs `client`), or a file path."""
    if str(source) == "-":
        if stdin is None:
            raise FormatError("no standard input to read", path="-")
        return read_stream(stdin)
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        if client is None:
            raise FetchError(f"cannot fetch {source}: no HTTP client (offline?)")
        return read_url(source, client)
    return read_file(Path(source))


def read_file(path: Path) -> Article:
    """A text, Markdown or HTML file (by suffix, or HTML when it starts like HTML)."""
    try:
        size = path.stat().st_size
        if size >= LIMIT_BYTES:
            raise _too_large(str(path), size)
        data = path.read_bytes()
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror or error}", path=path) from error
    return from_bytes(data, origin=str(path), form=_form_of(path.suffix.lower(), data))


def read_stream(stream: IO[bytes], origin: str = "<stdin>") -> Article:
    """Standard input or any byte stream, read up to the size limit."""
    data = stream.read(LIMIT_BYTES)
    if isinstance(data, str):  # a text stream was passed; its bytes are UTF-8 by construction
        data = data.encode("utf-8")
    if len(data) >= LIMIT_BYTES:
        raise _too_large(origin, len(data))
    return from_bytes(data, origin=origin, form=_form_of("", data))


def read_url(url: str, client: httpx.Client) -> Article:
    """A web page through `client`; HTML pages lose their markup."""
    import httpx

    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(f"{url} returned HTTP {response.status_code} {reason}")
            data = _bounded_body(response, url)
            content_type = response.headers.get("content-type", "")
    except httpx.HTTPError as error:
        raise FetchError(f"could not fetch {url}: {error}") from error
    form = _form_of_content_type(content_type, data, url)
    return from_bytes(data, origin=url, form=form, charset=_charset(content_type))


def from_bytes(data: bytes, *, origin: str, form: Form, charset: str | None = None) -> Article:
    """Decode, refuse what is not text, and reduce HTML or Markdown to plain text."""
    if not data.strip():
        raise FormatError("the input is empty: there is no text to check", path=origin)
    text = _decode(data, origin, charset)
    if form == "html":
        text = html_to_text(text)
    elif form == "markdown":
        text = markdown_to_text(text)
    if not text.strip():
        raise FormatError("no readable text found in the input", path=origin)
    return Article(text=text, origin=origin, form=form)


def html_to_text(html: str) -> str:
    """The main text of an HTML page (trafilatura), or every text node when it finds none."""
    import trafilatura  # slow to import; only HTML needs it

    extracted = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True
    )
    if extracted and extracted.strip():
        return extracted
    return _strip_tags(html)


_MD_IMAGE: Final = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK: Final = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REFERENCE: Final = re.compile(r"(?m)^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$")
_MD_HEADING: Final = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
_MD_QUOTE: Final = re.compile(r"(?m)^[ \t]{0,3}>[ \t]?")
_MD_EMPHASIS: Final = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_MD_CODE: Final = re.compile(r"`+([^`]*)`+")
_MD_AUTOLINK: Final = re.compile(r"<(?:https?://|mailto:)[^>]*>")
_MD_TAG: Final = re.compile(r"</?[A-Za-z][^>]*>")


def markdown_to_text(markdown: str) -> str:
    """Markdown without its markup; the words and numbers stay as written."""
    text = _MD_REFERENCE.sub("", markdown)
    for pattern, replacement in (
        (_MD_IMAGE, r"\1"),
        (_MD_LINK, r"\1"),
        (_MD_AUTOLINK, ""),
        (_MD_TAG, ""),
        (_MD_CODE, r"\1"),
        (_MD_EMPHASIS, r"\2"),
        (_MD_HEADING, ""),
        (_MD_QUOTE, ""),
    ):
        text = pattern.sub(replacement, text)
    return text


class _TextOnly(HTMLParser):
    """Collects text nodes outside script and style; block elements break lines."""

    _SKIP: Final = frozenset({"script", "style", "noscript", "template"})
    _BLOCKS: Final = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _strip_tags(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _decode(data: bytes, origin: str, charset: str | None) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FormatError(
                "starts like UTF-16 text but does not decode as UTF-16",
                path=origin,
                where=f"byte {error.start}",
            ) from error
    if b"\x00" in data[:_SNIFF]:
        raise FormatError("this is a binary file, not text", path=origin)
    encoding = _known_encoding(charset) or "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise FormatError(
            f"not {encoding.removesuffix('-sig').upper()} text: undecodable byte "
            f"{data[error.start : error.start + 1]!r} (a binary file?)",
            path=origin,
            where=f"byte {error.start}",
        ) from error


def _known_encoding(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    return "utf-8-sig" if name == "utf-8" else name


def _form_of(suffix: str, data: bytes) -> Form:
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    return "html" if _HTML_START.match(data[:_SNIFF]) else "text"


def _form_of_content_type(content_type: str, data: bytes, url: str) -> Form:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    if kind in ("text/markdown", "text/x-markdown"):
        return "markdown"
    if kind in ("", "text/plain"):
        return _form_of("", data)
    raise FormatError(f"not a text page (content type {kind})", path=url)


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _bounded_body(response: httpx.Response, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size >= LIMIT_BYTES:
            raise _too_large(url, size)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(origin: str, size: int) -> FormatError:
    return FormatError(
        f"the input is too large to be an article ({size:,} bytes or more; it must be under "
        f"{LIMIT_BYTES:,})",
        path=origin,
    )

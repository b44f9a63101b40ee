"""Format sniffing: broken downloads end in one FormatError before any parser library runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from powderkeg.errors import FormatError
from powderkeg.sources.sniff import FileKind, check_text, is_zip, sniff

HTML_PAGE = b"\xef\xbb\xbf  \n<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _minimal_xlsx(path: Path) -> Path:
    return _zip(path, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>" * 500})


@pytest.mark.parametrize("expect", ["xlsx", "csv", "zip"])
def test_sniff_rejects_an_empty_file(tmp_path: Path, expect: FileKind) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match="empty"):
        sniff(path, expect=expect)


@pytest.mark.parametrize("expect", ["xlsx", "csv", "zip"])
def test_sniff_rejects_a_saved_html_page_after_bom_and_whitespace(
    tmp_path: Path, expect: FileKind
) -> None:
    path = tmp_path / "data.file"
    path.write_bytes(HTML_PAGE)
    with pytest.raises(FormatError, match="HTML") as caught:
        sniff(path, expect=expect)
    assert caught.value.path == str(path)


def test_sniff_rejects_lowercase_html_without_doctype(tmp_path: Path) -> None:
    path = tmp_path / "page.csv"
    path.write_text("<html>\n<head><title>404</title></head></html>")
    with pytest.raises(FormatError, match="HTML"):
        sniff(path, expect="csv")


def test_sniff_accepts_a_real_xlsx_zip(tmp_path: Path) -> None:
    sniff(_minimal_xlsx(tmp_path / "book.xlsx"), expect="xlsx")


def test_sniff_rejects_text_where_an_xlsx_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("Country,2023\nKosovo,133.2\n")
    with pytest.raises(FormatError, match="zip signature"):
        sniff(path, expect="xlsx")


def test_sniff_rejects_a_truncated_xlsx(tmp_path: Path) -> None:
    whole = _minimal_xlsx(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(FormatError, match="truncated or corrupt"):
        sniff(cut, expect="xlsx")


def test_sniff_rejects_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = _zip(tmp_path / "wdi.xlsx", {"API_X.csv": b"a,b\n"})
    with pytest.raises(FormatError, match=r"no xl/workbook\.xml"):
        sniff(path, expect="xlsx")
    sniff(path, expect="zip")  # the same file is a fine zip archive


def test_sniff_rejects_a_zip_member_that_fails_its_crc(tmp_path: Path) -> None:
    path = tmp_path / "stored.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("API_X.csv", b"A" * 1000)
    data = bytearray(path.read_bytes())
    data[data.index(b"A" * 1000) + 10] = ord("B")  # flip one stored byte: the CRC no longer holds
    path.write_bytes(bytes(data))
    with pytest.raises(FormatError, match="CRC"):
        sniff(path, expect="zip")


def test_sniff_rejects_binary_data_where_csv_is_expected(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"Entity,Code\x00\x01\x02")
    with pytest.raises(FormatError, match="NUL"):
        sniff(path, expect="csv")


def test_sniff_rejects_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("Entity,Year\nTürkiye,2024\n".encode("latin-1"))
    with pytest.raises(FormatError, match="not UTF-8"):
        sniff(path, expect="csv")


def test_check_text_tolerates_a_character_cut_at_the_end_of_the_sample(tmp_path: Path) -> None:
    sample = "Entity\nTürkiye".encode()[:-5]  # ends inside the two bytes of "ü"
    check_text(sample, path=tmp_path / "x.csv")


def test_sniff_accepts_utf8_csv_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "Entity,Year\nTürkiye,2024\n".encode())
    sniff(path, expect="csv")


def test_sniff_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read"):
        sniff(tmp_path / "absent.csv", expect="csv")


def test_is_zip_looks_at_the_magic_not_the_name(tmp_path: Path) -> None:
    zipped = _zip(tmp_path / "download.csv", {"API_X.csv": b"a\n"})
    text = tmp_path / "download.zip"
    text.write_text("a,b\n")
    assert is_zip(zipped)
    assert not is_zip(text)

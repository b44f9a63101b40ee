"""Raw event tables: delimiter detection, zipped CSVs, date styles and collected cell errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from powderkeg.errors import FormatError, ValidationError
from powderkeg.sources.raw_table import (
    CellErrors,
    dates,
    guess_date_style,
    integers,
    read_delimited,
    table_from_records,
)


def _csv(tmp_path: Path, text: str, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_read_delimited_finds_the_delimiter_from_the_header(
    tmp_path: Path, delimiter: str, name: str
) -> None:
    text = delimiter.join(["id", "when", "note"]) + "\n" + delimiter.join(["1", "2001", "x"]) + "\n"
    table, found = read_delimited(_csv(tmp_path, text), required=["id", "when"], what="test table")
    assert found == delimiter
    assert list(table.cells.columns) == ["id", "when"]
    assert table.places.tolist() == ["line=2"]


def test_read_delimited_counts_lines_of_quoted_line_breaks(tmp_path: Path) -> None:
    text = 'id,note\n1,"two\nlines"\n2,one\n'
    table, _ = read_delimited(_csv(tmp_path, text), required=["id", "note"], what="test table")
    assert table.places.tolist() == ["line=2", "line=4"]


def test_read_delimited_refuses_a_zip_with_two_csvs(tmp_path: Path) -> None:
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("a.csv", "id\n1\n")
        handle.writestr("b.csv", "id\n2\n")
    with pytest.raises(FormatError, match="expected one CSV"):
        read_delimited(archive, required=["id"], what="test table")


def test_read_delimited_refuses_a_truncated_zip(tmp_path: Path) -> None:
    archive = tmp_path / "whole.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("a.csv", "id\n" + "1\n" * 1000)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[:60])
    with pytest.raises(FormatError):
        read_delimited(cut, required=["id"], what="test table")


def test_read_delimited_refuses_a_header_only_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no records"):
        read_delimited(_csv(tmp_path, "id,when\n"), required=["id"], what="test table")


def test_read_delimited_refuses_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Pri\u0161tina\n".encode("cp1250"))
    with pytest.raises(FormatError, match="UTF-8"):
        read_delimited(path, required=["id"], what="test table")


@pytest.mark.parametrize(
    ("samples", "style", "ambiguous"),
    [
        (["1996-04-22", "2001-05-03"], "iso", False),
        (["22-4-1996", "3-5-2001"], "d-m-y", False),
        (["4/22/1996", "5/3/2001"], "m-d-y", False),
        (["3-5-2001", "1-2-2002"], "d-m-y", True),
        (["", ""], "iso", False),
    ],
)
def test_guess_date_style_reads_the_evidence(
    samples: list[str], style: str, ambiguous: bool
) -> None:
    assert guess_date_style(pd.Series(samples, dtype=object)) == (style, ambiguous)


def test_dates_reads_each_cell_by_the_first_style_that_fits(tmp_path: Path) -> None:
    table = table_from_records(
        [
            {"d": "2019-03-06"},
            {"d": "06 March 2019"},
            {"d": "6 mar 2019"},
            {"d": "31 February 2019"},
        ],
        path=tmp_path / "x.json",
        required=["d"],
        what="test table",
    )
    errors = CellErrors(table)
    parsed = dates(table, "d", errors, styles=("iso", "d month y"))
    assert parsed.iloc[:3].tolist() == [pd.Timestamp("2019-03-06")] * 3
    assert errors.offenders == [
        "record=4;column=d: '31 February 2019' (not a valid date (iso or d month y))"
    ]


def test_cell_errors_are_raised_once_with_every_offender(tmp_path: Path) -> None:
    table = table_from_records(
        [{"n": "1"}, {"n": "x"}, {"n": ""}, {"n": "2.5"}],
        path=tmp_path / "x.json",
        required=["n"],
        what="test table",
    )
    errors = CellErrors(table)
    values = integers(table, "n", errors)
    assert values.iloc[0] == 1
    with pytest.raises(ValidationError, match="3 bad cell") as caught:
        errors.raise_if_any("bad numbers")
    assert caught.value.offenders == [
        "record=2;column=n: 'x' (not an integer)",
        "record=4;column=n: '2.5' (not an integer)",
        "record=3;column=n: '' (empty)",
    ]

"""`powderkeg.api.briefs`: the brief as HTML, Markdown with its charts, or PDF; the structured
brief; bad requests refused before anything is read or written."""

from __future__ import annotations

import importlib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from powderkeg import api
from powderkeg.api.briefs import brief, brief_document
from powderkeg.cli import briefs as brief_command
from powderkeg.errors import QueryError
from powderkeg.reports.brief import Fig, Paragraph, PdfError

# The package exports the function `render_pdf`, which hides the module of that name.
pdf_module = importlib.import_module("powderkeg.reports.brief.render_pdf")

GENERATED = date(2026, 11, 30)
PILLARS = ["spending", "rearmament", "force-plans", "industry", "alliances", "incidents"]


def test_an_unknown_suffix_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"\.html, \.md or \.pdf"):
        brief("XKX", out=tmp_path / "brief.docx", db=tmp_path / "never.duckdb")
    assert not (tmp_path / "never.duckdb").exists()


def test_a_country_is_not_compared_with_itself(default_db: Path) -> None:
    with pytest.raises(QueryError, match="itself"):
        brief_document("kosovo", vs="XKX", db=default_db)


def test_since_must_be_a_year_with_data(default_db: Path) -> None:
    with pytest.raises(QueryError, match="since"):
        brief_document("XKX", since=1066, db=default_db)


def test_the_document_has_every_pillar_then_sources(default_db: Path) -> None:
    document = brief_document("kosovo", since=2018, generated=GENERATED, db=default_db)
    assert (document.entity, document.vs, document.title) == ("XKX", None, "Kosovo")
    assert [section.key for section in document.sections] == [*PILLARS, "sources"]
    assert document.footnotes
    assert document.generated == GENERATED


def test_tiv_totals_agree_with_the_transfers_api(default_db: Path) -> None:
    """The brief's window sums (its own weighting) give SIPRI-register totals like `transfers`."""
    document = brief_document("SRB", since=2014, db=default_db)
    rearmament = next(s for s in document.sections if s.key == "rearmament")
    first = rearmament.blocks[0]
    assert isinstance(first, Paragraph)
    figures = [part.text for part in first.parts if isinstance(part, Fig)]
    total = float(figures[0].removeprefix("TIV ").removesuffix(" million").replace(",", ""))
    expected = api.transfers(recipient="SRB", start=2014, db=default_db)["tiv"].sum()
    assert total == pytest.approx(expected, abs=0.05)
    dependency = api.supplier_dependency("SRB", start=2014, end=2024, db=default_db)
    assert float(figures[-1].replace(",", "")) == pytest.approx(dependency["hhi"].iloc[0], abs=0.5)


def test_a_country_without_data_gets_a_brief_that_says_so(default_db: Path) -> None:
    document = brief_document("NZL", db=default_db)
    spending = document.sections[0].blocks[0]
    assert isinstance(spending, Paragraph)
    assert spending.parts == ("The store holds no military expenditure for New Zealand.",)
    assert not document.all_charts()


def test_html_is_the_same_bytes_for_the_same_store(default_db: Path, tmp_path: Path) -> None:
    first = brief("XKX", out=tmp_path / "a.html", since=2020, generated=GENERATED, db=default_db)
    second = brief("XKX", out=tmp_path / "b.html", since=2020, generated=GENERATED, db=default_db)
    assert first.read_bytes() == second.read_bytes()
    assert "30 November 2026" in first.read_text(encoding="utf-8")


def test_markdown_keeps_its_charts_as_svg_files_beside_it(default_db: Path, tmp_path: Path) -> None:
    written = brief("XKX", vs="SRB", out=tmp_path / "note.md", since=2018, db=default_db)
    text = written.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", text)
    assert links
    assert all(link.startswith("note_charts/") for link in links)
    for link in links:
        assert (tmp_path / link).read_text(encoding="utf-8").startswith("<svg")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("[^"))
    used = set(re.findall(r"\[\^(\d+)\]", body))
    defined = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.MULTILINE))
    assert used == defined


@pytest.mark.skipif(
    not any(shutil.which(name) for name in pdf_module.BROWSERS), reason="no Chromium installed"
)
def test_pdf_is_printed_by_headless_chromium(default_db: Path, tmp_path: Path) -> None:
    written = brief("XKX", out=tmp_path / "brief.pdf", since=2022, db=default_db)
    assert written.read_bytes().startswith(b"%PDF")


def test_pdf_without_chromium_says_what_to_install(
    default_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda _name: None)
    with pytest.raises(PdfError, match="apt-get install chromium"):
        brief("XKX", out=tmp_path / "brief.pdf", since=2022, db=default_db)
    assert not (tmp_path / "brief.pdf").exists()


def test_the_command_writes_the_brief(default_db: Path, tmp_path: Path) -> None:
    app = typer.Typer()
    app.command()(brief_command.brief)
    app.command("other", hidden=True)(lambda: None)  # two commands: `brief` is a subcommand
    out = tmp_path / "cli.html"
    args = ["brief", "XKX", "--vs", "SRB", "--out", str(out), "--since", "2020"]
    result = CliRunner().invoke(app, [*args, "--date", "2026-11-30", "--db", str(default_db)])
    assert result.exit_code == 0, result.output
    assert "30 November 2026" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, [*args, "--date", "yesterday", "--db", str(default_db)])
    assert bad.exit_code == 2

"""Rendering a hand-made brief: the markup of figures, dates and quotations, escaping, Markdown
footnotes and chart links, and PDF printing failures (no store needed)."""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path

import pytest

from powderkeg.reports.brief import (
    Brief,
    Bullets,
    Chart,
    Citation,
    Fig,
    Footnote,
    Mark,
    Paragraph,
    PdfError,
    Quote,
    Section,
    Table,
    render_html,
    render_markdown,
    render_pdf,
    when,
)

pdf_module = importlib.import_module("powderkeg.reports.brief.render_pdf")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" role="graphics-document document"></svg>'


def small_brief() -> Brief:
    citation = Citation(
        source="SIPRI Military Expenditure Database (SIPRI)",
        vintage="2024",
        locator="sheet=Current US$!BY141",
        file="SIPRI-Milex.xlsx",
        identity="observation 1081",
        sha256="0cbbe3173f722f99e1e4843530cfd1773f0cb1659ea3f5e94a5dc5e5614e1234",
        url="https://www.sipri.org/databases/milex",
        value="133185465.9 USD",
    )
    spending = Section(
        "spending",
        "Spending",
        (
            Paragraph(("Kosovo spent ", Fig("US$ 133.2 million", 1), " in ", when("2023"), ".")),
            Bullets((Paragraph(("a <b>bold</b> *claim*", Mark(1))),)),
            Chart("spending_current", "Military expenditure", SVG),
        ),
    )
    article = Section(
        "article", "The article", (Paragraph(("It says ", Quote("<script>1</script>"))),)
    )
    sources = Section(
        "sources",
        "Sources and method",
        (Table(("Source", "sha256"), (("SIPRI", citation.sha256),), (citation.url,)),),
    )
    note = Footnote(1, {"kind": "observation", "key": "1081"}, "", (citation,))
    return Brief(
        entity="XKX",
        entity_name="Kosovo",
        vs=None,
        vs_name=None,
        since=2014,
        title="Kosovo",
        subtitle=("Since ", when("2014")),
        sections=(spending, article, sources),
        footnotes=(note,),
        generated=date(2026, 11, 30),
    )


def test_html_marks_figures_dates_and_quotations() -> None:
    html = render_html(small_brief())
    assert (
        '<span class="fig" data-fn="1" data-field="value">US$ 133.2 million</span>'
        '<sup class="fn"><a href="#fn-1">1</a></sup>'
    ) in html
    assert '<time datetime="2023">2023</time>' in html
    assert '<time datetime="2026-11-30">30 November 2026</time>' in html
    assert '<q class="quote">&lt;script&gt;1&lt;/script&gt;</q>' in html
    assert "a &lt;b&gt;bold&lt;/b&gt;" in html


def test_html_footnotes_carry_their_identity_and_digest() -> None:
    html = render_html(small_brief())
    start = html.index('<li id="fn-1" data-ref="') + len('<li id="fn-1" data-ref="')
    ref = html[start : html.index('"', start)].replace("&quot;", '"')
    assert json.loads(ref) == {"key": "1081", "kind": "observation"}
    assert "release 2024, SIPRI-Milex.xlsx: sheet=Current US$!BY141 (observation 1081" in html
    assert '<code title="0cbbe3173f72' in html
    assert '<a href="https://www.sipri.org/databases/milex">' in html


def test_html_inlines_charts_and_has_no_script() -> None:
    html = render_html(small_brief())
    assert f'<figure class="chart" id="chart-spending_current">{SVG}' in html
    assert "<script" not in html


def test_markdown_uses_footnotes_and_links_the_charts_folder() -> None:
    rendered = render_markdown(small_brief(), charts_dir="kosovo_charts")
    assert "Kosovo spent US\\$ 133.2 million[^1] in 2023." in rendered.text
    assert "a <b>bold</b>" not in rendered.text
    assert "\\*claim\\*[^1]" in rendered.text
    assert "![Military expenditure](kosovo_charts/spending_current.svg)" in rendered.text
    assert rendered.charts == {"spending_current.svg": SVG}
    head = "\n[^1]: SIPRI Military Expenditure Database (SIPRI), release 2024, SIPRI-Milex.xlsx: "
    assert head in rendered.text
    assert "“\\<script\\>1\\</script\\>”" in rendered.text


def test_a_browser_that_fails_is_a_clear_pdf_error(tmp_path: Path) -> None:
    failing = tmp_path / "chromium"
    failing.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    failing.chmod(0o755)
    with pytest.raises(PdfError, match="exit 3"):
        render_pdf("<p>x</p>", tmp_path / "out.pdf", browser=str(failing))
    assert not (tmp_path / "out.pdf").exists()


def test_a_browser_that_writes_nothing_is_a_pdf_error(tmp_path: Path) -> None:
    silent = tmp_path / "chromium"
    silent.write_text("#!/bin/sh\nexit 0\n")
    silent.chmod(0o755)
    with pytest.raises(PdfError, match="no PDF"):
        render_pdf("<p>x</p>", tmp_path / "out.pdf", browser=str(silent))


def test_without_chromium_the_error_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda _name: None)
    with pytest.raises(PdfError, match="apt-get install chromium"):
        pdf_module.chromium()

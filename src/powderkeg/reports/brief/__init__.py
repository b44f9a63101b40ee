"""Briefs: an analyst's note on a country (or a pair) whose every figure is footnoted to the store.

`build_brief(store, entity, vs=..., since=..., article=...)` assembles the structured `Brief`
(sections of paragraphs, lists and charts, and the footnotes); `render_html`, `render_markdown`
and `render_pdf` write it out. See docs/briefs.md for the rule the text keeps and how it is
tested.
"""

from powderkeg.reports.brief.build import build_brief
from powderkeg.reports.brief.document import (
    Brief,
    Bullets,
    Chart,
    Citation,
    Fig,
    Footnote,
    Mark,
    Paragraph,
    Quote,
    Section,
    Table,
    Time,
)
from powderkeg.reports.brief.footnotes import Footnotes, Ref, Sourced, when, year
from powderkeg.reports.brief.render_html import render_html
from powderkeg.reports.brief.render_markdown import MarkdownBrief, render_markdown
from powderkeg.reports.brief.render_pdf import PdfError, chromium, render_pdf
from powderkeg.reports.brief.sections import CheckedArticle

__all__ = [
    "Brief",
    "Bullets",
    "Chart",
    "CheckedArticle",
    "Citation",
    "Fig",
    "Footnote",
    "Footnotes",
    "Mark",
    "MarkdownBrief",
    "Paragraph",
    "PdfError",
    "Quote",
    "Ref",
    "Section",
    "Sourced",
    "Table",
    "Time",
    "build_brief",
    "chromium",
    "render_html",
    "render_markdown",
    "render_pdf",
    "when",
    "year",
]

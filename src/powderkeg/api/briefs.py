"""Briefs: an analyst's note on a country, or a pair, with every figure footnoted to the store.

`brief(...)` writes it as HTML (one self-contained file), Markdown (charts as SVG files in a
`<stem>_charts/` folder beside it) or PDF (the HTML printed by headless Chromium), chosen by the
suffix of `out`; `brief_document(...)` returns the structured `Brief` for other front ends.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path
from typing import Final

from powderkeg.api.core import DbPath, entity_ids, opened
from powderkeg.claims import Article, read_article
from powderkeg.claims.with_store import check_against_store
from powderkeg.errors import QueryError
from powderkeg.reports.brief import (
    Brief,
    CheckedArticle,
    build_brief,
    render_html,
    render_markdown,
    render_pdf,
)
from powderkeg.sources.fetch import make_client
from powderkeg.store import Store

SUFFIXES: Final = (".html", ".md", ".pdf")


def brief_document(
    entity: str,
    *,
    vs: str | None = None,
    check: str | Path | None = None,
    since: int = 2014,
    generated: date | None = None,
    db: DbPath = None,
) -> Brief:
    """The brief on `entity` (and `vs`) from `since` on; with `check`, that article checked."""
    sides = entity_ids([entity] if vs is None else [entity, vs])
    article = _read(check) if check is not None else None
    with opened(db) as store:
        checked = _checked(article, store) if article is not None else None
        return build_brief(
            store,
            sides[0],
            vs=sides[1] if len(sides) > 1 else None,
            since=since,
            article=checked,
            generated=generated,
        )


def brief(
    entity: str,
    *,
    vs: str | None = None,
    out: Path | str,
    check: str | Path | None = None,
    since: int = 2014,
    generated: date | None = None,
    db: DbPath = None,
) -> Path:
    """Write the brief to `out` (.html, .md or .pdf); return the path written."""
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise QueryError(f"write the brief to a .html, .md or .pdf file (got {target.name!r})")
    document = brief_document(entity, vs=vs, check=check, since=since, generated=generated, db=db)
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".md":
        return _write_markdown(document, target)
    if suffix == ".pdf":
        return render_pdf(render_html(document), target)
    target.write_text(render_html(document), encoding="utf-8")
    return target


def _write_markdown(document: Brief, target: Path) -> Path:
    folder = target.with_name(f"{target.stem}_charts")
    rendered = render_markdown(document, charts_dir=folder.name)
    folder.mkdir(exist_ok=True)
    for name, svg in rendered.charts.items():
        (folder / name).write_text(svg, encoding="utf-8")
    target.write_text(rendered.text, encoding="utf-8")
    return target


def _read(source: str | Path) -> Article:
    """The article from a file, "-" (standard input) or a URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        with make_client() as client:
            return read_article(text, client=client)
    return read_article(source, stdin=sys.stdin.buffer if text == "-" else None)


def _checked(article: Article, store: Store) -> CheckedArticle:
    report = check_against_store(article.text, store)
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    return CheckedArticle(report=report, origin=article.origin, sha256=digest)

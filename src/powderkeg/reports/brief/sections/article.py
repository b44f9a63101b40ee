"""What the checked article got right and wrong: its claim checks grouped by verdict.

The article's own numbers appear only as quotations (`Quote`). A recomputed value is a figure
footnoted to the check (kind and claim ids), whose footnote gives the checker's explanation and
the evidence it used (source, release, locator, value). An unchecked claim carries a bare marker
to the check that says why.
"""

from __future__ import annotations

import math
from typing import Final

from powderkeg.claims import Check, CheckReport, Claim
from powderkeg.money import ECB_SOURCE
from powderkeg.reports.brief import formats
from powderkeg.reports.brief.document import (
    Block,
    Bullets,
    Citation,
    Inline,
    Paragraph,
    Quote,
    Section,
)
from powderkeg.reports.brief.footnotes import Ref, Sourced
from powderkeg.reports.brief.sections.context import CheckedArticle, Context

GROUPS: Final = (
    ("inconsistent", "Wrong", "figures the data or the article's own arithmetic contradict"),
    ("consistent", "Right", "figures that hold"),
    ("unverifiable", "Not checkable", "figures neither the article nor the store can settle"),
)
_PERCENT_KINDS: Final = {"percent_change": "change", "data_growth": "change", "share": "level"}
_UNIT_KINDS: Final = {"pp_change": "pp", "multiple": "multiple"}
_LABELS: Final = {
    "percent_change": "Percent change",
    "pp_change": "Change in percentage points",
    "conversion": "Currency conversion",
    "projection": "Projection",
    "repeated": "Figure stated twice",
}


def article_section(ctx: Context) -> Section | None:
    if ctx.article is None:
        return None
    article = ctx.article
    source = _article_source(article)
    lead: list[Inline] = ["powderkeg read the article", ctx.notes.mark(source)]
    lead += [", found its numeric claims and recomputed what it could: from the article's own"]
    lead += [
        " figures (arithmetic) and against the store (data). Quoted numbers are the article's."
    ]
    blocks: list[Block] = [Paragraph(tuple(lead))]
    for verdict, title, meaning in GROUPS:
        checks = [c for c in article.report.checks if c.verdict == verdict]
        if checks:
            items = tuple(Paragraph(tuple(_check(ctx, article, c))) for c in checks)
            blocks += [Paragraph((f"{title}: {meaning}.",)), Bullets(items)]
    if not article.report.checks:
        blocks.append(Paragraph(("The checker found no claim it could check.",)))
    return Section("article", "What the article got right and wrong", tuple(blocks))


def _article_source(article: CheckedArticle) -> Sourced:
    citation = Citation(
        source="the checked article",
        vintage="",
        locator=article.origin,
        identity="text as checked",
        sha256=article.sha256,
    )
    return Sourced(article.sha256, Ref("check", f"article:{article.sha256}"), (citation,))


def _check(ctx: Context, article: CheckedArticle, check: Check) -> list[Inline]:
    report = article.report
    quotes = [Quote(report.text[start:end]) for start, end in check.spans]
    label = _LABELS.get(check.kind, check.kind.removeprefix("data_").replace("_", " ").capitalize())
    basis = "the article's own figures" if check.basis == "internal" else "the store"
    parts: list[Inline] = [f"{label}, against {basis}: "]
    parts += _quoted(quotes)
    sourced = _check_source(ctx, check)
    if check.recomputed is None or not math.isfinite(check.recomputed):
        return [*parts, " cannot be recomputed", ctx.notes.mark(sourced), "."]
    shown = _shown(check, report, check.recomputed)
    parts += ["; recomputed: ", ctx.notes.fig(sourced, shown)]
    stated = _stated_claim(check, report)
    if stated is not None:
        parts += [", stated: ", Quote(report.text[stated.start : stated.end])]
    elif check.stated is None:
        parts += [" (the article states none)"]
    return [*parts, "."]


def _quoted(quotes: list[Quote]) -> list[Inline]:
    out: list[Inline] = []
    for position, quote in enumerate(quotes):
        if position:
            out.append(" and " if position == len(quotes) - 1 else ", ")
        out.append(quote)
    return out


def _check_source(ctx: Context, check: Check) -> Sourced:
    """The check as a source: its explanation and the evidence it used."""
    citations = tuple(
        Citation(
            source=item.source,
            vintage=item.vintage or "",
            locator=item.locator,
            identity="evidence",
            value="" if item.value is None else f"{item.value:.10g}",
        )
        for item in check.evidence
    )
    if any(item.source == ECB_SOURCE for item in check.evidence):
        ctx.ledger.other_sources[ECB_SOURCE] = None
    method = f"powderkeg claim check “{check.kind}” ({check.basis}): {check.explanation}"
    key = f"{check.kind}:{','.join(check.claim_ids)}"
    value = check.recomputed if check.recomputed is not None else check.verdict
    return Sourced(value, Ref("check", key), citations, method)


def _stated_claim(check: Check, report: CheckReport) -> Claim | None:
    """The claim whose value is the check's stated value (the last such)."""
    if check.stated is None:
        return None
    found = None
    for claim_id in check.claim_ids:
        claim = report.claim(claim_id)
        if math.isclose(claim.value, check.stated, rel_tol=1e-9, abs_tol=1e-12):
            found = claim
    return found


def _shown(check: Check, report: CheckReport, value: float) -> str:
    if check.kind in _PERCENT_KINDS:
        return (
            formats.change(value, digits=2)
            if _PERCENT_KINDS[check.kind] == "change"
            else formats.percent(value)
        )
    if check.kind in _UNIT_KINDS:
        return formats.in_unit(value, _UNIT_KINDS[check.kind])
    claim = _stated_claim(check, report) or report.claim(check.claim_ids[-1])
    return formats.in_unit(value, claim.unit)

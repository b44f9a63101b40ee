"""An article with each claim highlighted by verdict and the explanation on hover (HTML).

All text is escaped: an article containing `<script>` shows it as text. The page is one file with
inline CSS and no external request.
"""

from __future__ import annotations

from html import escape
from typing import Final

from powderkeg.claims import Check, CheckReport, Claim

VERDICT_ORDER: Final = ("inconsistent", "consistent", "unverifiable")
_CSS: Final = """
body { font: 16px/1.6 Georgia, serif; max-width: 46em; margin: 2em auto; color: #222; }
mark { padding: 0 .15em; border-radius: .2em; cursor: help; }
mark.consistent { background: #d8f0d8; border-bottom: 2px solid #2e7d32; }
mark.inconsistent { background: #fbdada; border-bottom: 2px solid #c62828; }
mark.unverifiable { background: #eeeeee; border-bottom: 2px dotted #757575; }
mark.unchecked { background: none; border-bottom: 1px dotted #999; }
.legend span { margin-right: 1em; } p.article { white-space: pre-wrap; }
"""


def claim_verdict(claim: Claim, checks: tuple[Check, ...]) -> str:
    """A claim's overall verdict: inconsistent if any check says so, then consistent, …"""
    verdicts = {check.verdict for check in checks if claim.id in check.claim_ids}
    return next((v for v in VERDICT_ORDER if v in verdicts), "unchecked")


def claim_explanations(claim: Claim, checks: tuple[Check, ...]) -> str:
    lines = [f"{c.verdict}: {c.explanation}" for c in checks if claim.id in c.claim_ids]
    return "\n".join(lines) or "no check could be made"


def annotated_body(report: CheckReport) -> str:
    """The article's text as HTML, each claim span in a <mark> with its verdict and explanations."""
    by_claim: dict[str, list[Check]] = {}
    for check in report.checks:  # index once: claims × checks would be quadratic on long texts
        for claim_id in check.claim_ids:
            by_claim.setdefault(claim_id, []).append(check)
    parts: list[str] = []
    cursor = 0
    for claim in sorted(report.claims, key=lambda c: c.start):
        if claim.start < cursor:
            continue  # overlapping spans: the first one wins
        parts.append(escape(report.text[cursor : claim.start]))
        checks = tuple(by_claim.get(claim.id, ()))
        verdict = claim_verdict(claim, checks)
        title = escape(claim_explanations(claim, checks), quote=True)
        text = escape(report.text[claim.start : claim.end])
        parts.append(
            f'<mark class="{verdict}" data-claim="{claim.id}" title="{title}">{text}</mark>'
        )
        cursor = claim.end
    parts.append(escape(report.text[cursor:]))
    return f'<p class="article">{"".join(parts)}</p>'


def annotated_page(report: CheckReport, *, title: str = "Claims checked by powderkeg") -> str:
    """A standalone HTML page of the annotated article with a legend and counts."""
    counts = {v: sum(1 for c in report.checks if c.verdict == v) for v in VERDICT_ORDER}
    legend = " ".join(
        f'<span><mark class="{v}">{v}</mark> {counts[v]} checks</span>' for v in VERDICT_ORDER
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="legend">{legend}</p>'
        f"{annotated_body(report)}"
        "<p><small>Hover a highlighted number for its checks. Data: SIPRI, World Bank, OWID; "
        "see <code>powderkeg sources</code>.</small></p></body></html>\n"
    )

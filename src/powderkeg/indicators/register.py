"""The register seen per country or pair: transfers summaries, supplier dependency, profile, timeline.

Every row names its source: curated records their first cited source (publisher, date, URL) and
their file and line; transfer records the SIPRI register's release and line; conflict-years the
UCDP/PRIO version and line; spending values their dataset, vintage and cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Final, Literal

import pandas as pd

from powderkeg.errors import QueryError
from powderkeg.indicators import arms
from powderkeg.indicators.series import Selection
from powderkeg.indicators.spending import spending
from powderkeg.store import Store
from powderkeg.store.conflicts import conflict_years
from powderkeg.store.register import records, transfers

CURATED_KINDS: Final = (
    "acquisitions",
    "force_plans",
    "facilities",
    "agreements",
    "exercises",
    "incidents",
)
TIMELINE_KINDS: Final = (*CURATED_KINDS, "transfers", "conflicts")
TIMELINE_COLUMNS: Final = [
    "date", "kind", "entities", "title", "source", "confidence", "record_id", "locator",
]  # fmt: skip
PROFILE_COLUMNS: Final = ["pillar", "date", "item", "source", "reference"]
Side = Literal["recipient", "supplier"]


def register_frame(store: Store, entity: str, side: Side) -> pd.DataFrame:
    """The newest register's records for `entity` as recipient or supplier, ids as names."""
    if side == "recipient":
        rows = transfers(store, recipients=[entity])
    else:
        rows = transfers(store, suppliers=[entity])
    return rows.rename(columns={"recipient_id": "recipient", "supplier_id": "supplier"})


def transfer_summary(
    store: Store,
    entity: str,
    *,
    side: Side = "recipient",
    by: str = "supplier",
    start: int | None = None,
    end: int | None = None,
    basis: Literal["delivered", "ordered"] = "delivered",
) -> pd.DataFrame:
    """TIV (not US$) of `entity`'s imports (or exports) grouped by supplier, category or year."""
    frame = register_frame(store, entity, side)
    if frame.empty:
        raise QueryError(f"the store holds no transfer records with {entity} as {side}")
    flows = arms.imports_by if side == "recipient" else arms.exports_by
    result = flows(frame, entity, by, start=start, end=end, basis=basis)  # type: ignore[arg-type]
    return result.assign(vintage=frame["vintage"].iloc[0], source="sipri_arms")


def supplier_dependency(store: Store, recipient: str, *, start: int, end: int) -> pd.DataFrame:
    """Supplier shares of delivered TIV in [start, end] with the Herfindahl–Hirschman index."""
    frame = register_frame(store, recipient, "recipient")
    shares = arms.supplier_shares(frame, recipient, start=start, end=end)
    hhi = arms.herfindahl(frame, recipient, start=start, end=end)
    return shares.assign(hhi=hhi, start=start, end=end, vintage=frame["vintage"].iloc[0])


def timeline(
    store: Store,
    entities: Sequence[str],
    *,
    since: int | None = None,
    kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Curated records, arms orders/deliveries and armed conflicts of `entities`, by date."""
    chosen = list(kinds or TIMELINE_KINDS)
    unknown = sorted(set(chosen) - set(TIMELINE_KINDS))
    if unknown:
        raise QueryError(f"unknown kinds {unknown}; known: {', '.join(TIMELINE_KINDS)}")
    parts = [_curated_rows(store, entities, [k for k in chosen if k in CURATED_KINDS])]
    if "transfers" in chosen:
        parts.append(_transfer_rows(store, entities))
    if "conflicts" in chosen:
        parts.append(_conflict_rows(store, entities))
    rows = pd.concat([p for p in parts if not p.empty] or [_empty()], ignore_index=True)
    if since is not None:
        rows = rows[rows["date"].str.slice(0, 4).astype(int) >= since]
    return rows.sort_values(["date", "kind", "record_id"], kind="stable").reset_index(drop=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in TIMELINE_COLUMNS})


def _curated_rows(store: Store, entities: Sequence[str], kinds: list[str]) -> pd.DataFrame:
    if not kinds:
        return _empty()
    found = records(store, entities=list(entities), kinds=kinds)
    if found.empty:
        return _empty()
    found = found[found["date"].notna()]
    return pd.DataFrame(
        {
            "date": found["date"],
            "kind": found["kind"],
            "entities": found["entities"].map(lambda ids: ", ".join(ids)),
            "title": found["title"],
            "source": found["sources"].map(cited),
            "confidence": found["confidence"],
            "record_id": found["record_id"],
            "locator": found["locator"],
        }
    )


def cited(sources: list[dict[str, str]]) -> str:
    """The first source of a record as "Publisher, date, URL" (+N more)."""
    first = sources[0]
    more = f" (+{len(sources) - 1} more)" if len(sources) > 1 else ""
    return f"{first['publisher']}, {first['date']}, {first['url']}{more}"


def _transfer_rows(store: Store, entities: Sequence[str]) -> pd.DataFrame:
    """One row per order and per delivered batch year of each entity's imports."""
    frames = [register_frame(store, entity, "recipient") for entity in entities]
    deals = pd.concat([f for f in frames if not f.empty] or [pd.DataFrame()], ignore_index=True)
    if deals.empty:
        return _empty()
    rows = [row for deal in deals.to_dict(orient="records") for row in _deal_events(deal)]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS) if rows else _empty()


def _deal_events(deal: Mapping[Hashable, Any]) -> list[dict[str, Any]]:
    source = f"SIPRI Arms Transfers Database, release {deal['vintage']}, {deal['file_name']}"
    base = {
        "kind": "transfers",
        "entities": f"{deal['recipient']}, {deal['supplier']}",
        "source": source,
        "confidence": "high",
        "record_id": deal["record_id"],
        "locator": deal["locator"],
    }
    events = []
    if pd.notna(deal["order_year"]):
        ordered = _count_text(deal["number_ordered"], bool(deal["number_ordered_uncertain"]))
        title = f"ordered {ordered}{deal['designation']} ({deal['description']}) from {deal['supplier']}"
        events.append({**base, "date": str(int(deal["order_year"])), "title": title})
    delivered = str(deal["delivery_years"]) if pd.notna(deal["delivery_years"]) else ""
    if delivered:
        count = _count_text(deal["number_delivered"], bool(deal["number_delivered_uncertain"]))
        title = f"delivered {count}{deal['designation']} from {deal['supplier']} ({delivered})"
        first = delivered.split(";")[0].strip()
        events.append({**base, "date": first, "title": title})
    return events


_INTENSITIES: Final = {
    1: "minor (25–999 battle-related deaths)",
    2: "war (≥ 1,000 battle-related deaths)",
}


def _conflict_rows(store: Store, entities: Sequence[str]) -> pd.DataFrame:
    """One row per conflict-year involving any of `entities` (UCDP/PRIO, at least 25 deaths)."""
    years = conflict_years(store, list(entities))
    if years.empty:
        return _empty()
    rows = [
        {
            "date": _conflict_date(year),
            "kind": "conflicts",
            "entities": ", ".join(year["entities"]),
            "title": f"{_conflict_name(year)} — {_INTENSITIES[int(year['intensity_level'])]}",
            "source": _conflict_source(year),
            "confidence": "high",
            "record_id": f"ucdp-prio-{int(year['conflict_id'])}-{int(year['year'])}",
            "locator": year["locator"],
        }
        for year in years.to_dict(orient="records")
    ]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


def _conflict_date(year: Mapping[Hashable, Any]) -> str:
    """The episode's start date in the year it began; otherwise just the year."""
    episode = year["start_date2"]
    if pd.notna(episode) and pd.Timestamp(episode).year == int(year["year"]):
        return pd.Timestamp(episode).strftime("%Y-%m-%d")
    return str(int(year["year"]))


def _conflict_name(year: Mapping[Hashable, Any]) -> str:
    territory = year["territory_name"] if pd.notna(year["territory_name"]) else "territory"
    stake = {1: territory, 2: "government", 3: f"government and {territory}"}
    over = stake[int(year["incompatibility"])]
    return (
        f"UCDP/PRIO armed conflict {int(year['conflict_id'])}: "
        f"{year['side_a']} vs {year['side_b']} over {over}"
    )


def _conflict_source(year: Mapping[Hashable, Any]) -> str:
    return f"{year['dataset']} v{year['vintage']}, {year['file_name']}"


def _count_text(number: Any, uncertain: bool) -> str:
    if number is None or pd.isna(number):
        return ""
    return f"{int(number)}{'?' if uncertain else ''} "


def profile(store: Store, entity: str, *, recent: int = 2010) -> pd.DataFrame:
    """Every pillar of `entity`'s militarization on one table, each line with its source."""
    parts = [
        _spending_lines(store, entity),
        _import_lines(store, entity, recent),
        *[_record_lines(store, entity, kind) for kind in CURATED_KINDS],
        _conflict_lines(store, entity),
    ]
    found = [p for p in parts if not p.empty]
    if not found:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    return pd.concat(found, ignore_index=True).loc[:, PROFILE_COLUMNS]


_PILLARS: Final = {
    "acquisitions": "rearmament",
    "force_plans": "force plans",
    "facilities": "defence industry",
    "agreements": "alliances",
    "exercises": "drills",
    "incidents": "incidents",
}


def _spending_lines(store: Store, entity: str) -> pd.DataFrame:
    lines = []
    for measure, label in (
        ("current_usd", "military expenditure"),
        ("share_gdp", "share of GDP"),
        ("growth_real", "real growth"),
    ):
        values = spending(store, [entity], measure, selection=Selection())
        if values.empty:
            continue
        last = values.iloc[-1]
        lines.append(
            {
                "pillar": "spending",
                "date": str(int(last["year"])),
                "item": f"{label}: {_shown(float(last['value']), str(last['unit']))}",
                "source": f"{last['dataset']}, release {last['vintage']}",
                "reference": str(last["locator"]),
            }
        )
    return pd.DataFrame(lines)


def _shown(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:.2f} %"
    return f"{value / 1e6:,.2f} M {unit}"


def _import_lines(store: Store, entity: str, recent: int) -> pd.DataFrame:
    frame = register_frame(store, entity, "recipient")
    if frame.empty:
        return pd.DataFrame()
    frame = frame[frame["order_year"].fillna(0) >= recent]
    events = [event for deal in frame.to_dict(orient="records") for event in _deal_events(deal)[:1]]
    return pd.DataFrame(
        {
            "pillar": "rearmament",
            "date": [e["date"] for e in events],
            "item": [e["title"] for e in events],
            "source": [e["source"] for e in events],
            "reference": [e["locator"] for e in events],
        }
    )


def _record_lines(store: Store, entity: str, kind: str) -> pd.DataFrame:
    found = records(store, entities=[entity], kinds=[kind])
    if found.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "pillar": _PILLARS[kind],
            "date": found["date"].fillna(""),
            "item": found["title"],
            "source": found["sources"].map(cited),
            "reference": found["locator"],
        }
    )


def _conflict_lines(store: Store, entity: str) -> pd.DataFrame:
    """One "armed conflict" line per UCDP/PRIO conflict of `entity`: its years and intensity."""
    years = conflict_years(store, [entity])
    if years.empty:
        return pd.DataFrame()
    lines = [_conflict_line(group) for _id, group in years.groupby("conflict_id", sort=False)]
    return pd.DataFrame(lines)


def _conflict_line(group: pd.DataFrame) -> dict[str, str]:
    latest = group.iloc[-1].to_dict()
    first, last = int(group["year"].min()), int(group["year"].max())
    wars = int((group["intensity_level"] == 2).sum())
    return {
        "pillar": "armed conflict",
        "date": str(first) if first == last else f"{first}–{last}",
        "item": f"{_conflict_name(latest)} — {len(group)} conflict-year(s), {wars} at war level",
        "source": _conflict_source(latest),
        "reference": "; ".join(group["locator"]),
    }

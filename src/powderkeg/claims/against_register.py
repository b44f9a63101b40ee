"""Checks of claims against the register: quantities and values of acquisitions, capacities of
defence-industry facilities, and personnel figures against force plans.

A claim matches a record of its entity when the record's wording holds the distinctive words of the
claim's thing ("246 Javelin … missiles" ↔ a Javelin acquisition). A money claim in the same
sentence as a matched quantity is read as that deal's value.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from powderkeg.claims.against_data import Stored, judge
from powderkeg.claims.layout import Layout
from powderkeg.claims.model import Check, Claim, Evidence
from powderkeg.indicators.memo import remembered
from powderkeg.money import RateBook
from powderkeg.store import Store
from powderkeg.store.register import records

Record = Mapping[Hashable, Any]

# Words too common in weapon descriptions to identify a deal.
_GENERIC = frozenset((
    "anti", "tank", "missile", "missiles", "system", "systems", "launch", "units", "unit",
    "vehicle", "vehicles", "armoured", "armored", "drones", "drone", "aircraft", "helicopters",
    "helicopter", "the", "of", "and", "active", "personnel",
))  # fmt: skip


def register_checks(
    store: Store, book: RateBook, text: str, claims: Sequence[Claim]
) -> list[Check]:
    layout = Layout.of(text)
    checks: list[Check] = []
    deals: dict[int, Record] = {}  # sentence → the acquisition a quantity matched
    for claim in claims:
        if claim.entity is None:
            continue
        if claim.measure == "quantity" and claim.thing:
            record = _matching(store, claim, "acquisitions", ("system",))
            if record is not None:
                deals[layout.sentence_of(claim.start)] = record
                checks.append(_versus_field(claim, record, "quantity", "data_quantity"))
        elif claim.measure == "capacity" and claim.thing:
            record = _matching(store, claim, "facilities", ("capacity_unit", "product"))
            if record is not None:
                checks.append(_versus_field(claim, record, "capacity", "data_capacity"))
        elif claim.measure == "personnel":
            checks.append(_personnel(store, claim))
    for claim in claims:
        deal = deals.get(layout.sentence_of(claim.start))
        if claim.kind == "money" and deal is not None and "value" in deal["fields"]:
            checks.append(_deal_value(book, claim, deal))
    return checks


def _records(store: Store, entity: str, kind: str) -> Sequence[Record]:
    """One entity's curated records of one kind, remembered while the store is unchanged."""
    key = ("claims-records", entity, kind)
    return remembered(
        store,
        key,
        lambda: records(store, entities=[entity], kinds=[kind]).to_dict(orient="records"),
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _GENERIC and len(w) > 2}


def _matching(store: Store, claim: Claim, kind: str, fields: Sequence[str]) -> Record | None:
    wanted = _words(str(claim.thing))
    if not wanted:
        return None
    for record in _records(store, str(claim.entity), kind):
        wording = " ".join(str(record["fields"].get(name, "")) for name in fields)
        if wanted & _words(wording):
            return record
    return None


def _evidence(record: Record, value: float | None) -> Evidence:
    first = record["sources"][0]
    source = f"register {record['record_id']}: {first['publisher']}, {first['url']}"
    return Evidence(
        source=source, vintage=str(first["date"]), value=value, locator=str(record["locator"])
    )


def _versus_field(claim: Claim, record: Record, field: str, kind: str) -> Check:
    value = record["fields"].get(field)
    if value is None:
        return judge(claim, f"register record {record['record_id']} gives no {field}", kind=kind)
    evidence = (_evidence(record, float(value)),)
    stored = Stored(float(value), evidence, note=str(record["title"]), dated="source of")
    return judge(claim, stored, kind=kind)


def _deal_value(book: RateBook, claim: Claim, deal: Record) -> Check:
    fields = deal["fields"]
    value, currency = float(fields["value"]), str(fields["currency"])
    note = f"{fields.get('value_basis', 'value')} of {deal['title']}"
    if claim.currency and claim.currency != currency:
        year = int(str(deal["date"])[:4])
        converted = book.convert(value, currency, claim.currency, year)
        note += f"; converted at {converted.rate.value:.4f} ({converted.rate.source})"
        value = converted.value
    stored = Stored(value, (_evidence(deal, value),), note=note, dated="source of")
    return judge(claim, stored, kind="data_value")


def _personnel(store: Store, claim: Claim) -> Check:
    """The store holds force plans (targets) and, where the World Bank has it, strength."""
    plans = _records(store, str(claim.entity), "force_plans")
    said_targets = [_target_text(p) for p in plans if _has_target(p)]
    matched = [p for p in plans if _target_is(p, claim.value)]
    if matched:
        plan = matched[0]
        reason = (
            f"the store holds {claim.value:,.0f} as a target, not a strength: "
            f"{plan['title']} (register {plan['record_id']}); no personnel strength is stored "
            f"for {claim.entity}"
        )
        check = judge(claim, reason, kind="data_personnel")
        return _with_evidence(check, (_evidence(plan, claim.value),))
    reason = f"no personnel strength for {claim.entity} in the store"
    if said_targets:
        reason += f"; force plans: {'; '.join(said_targets)}"
    return judge(claim, reason, kind="data_personnel")


def _has_target(plan: Record) -> bool:
    return plan["fields"].get("target_active") is not None


def _target_is(plan: Record, value: float) -> bool:
    return _has_target(plan) and float(plan["fields"]["target_active"]) == value


def _target_text(plan: Record) -> str:
    return str(plan["title"])


def _with_evidence(check: Check, evidence: tuple[Evidence, ...]) -> Check:
    return replace(check, evidence=evidence)

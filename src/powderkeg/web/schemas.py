"""The shapes of the JSON API, for its OpenAPI description (tests hold the views to them).

Records are objects whose columns come from the store: a spending record has entity, year,
measure, value, unit, currency, price_basis, base_year and the provenance columns dataset,
source, vintage, locator, sha256, flags, method, inputs; a register item has its source, record
id and locator. They are typed loosely here; docs/web.md lists their columns.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Record = dict[str, Any]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Shape):
    error: str = Field(description="A short name: not found, bad query, invalid request, …")
    detail: str = Field(description="What was wrong, in words.")


class Entity(_Shape):
    id: str = Field(description="powderkeg entity id (ISO 3166 alpha-3; Kosovo is XKX)")
    name: str


class Latest(_Shape):
    id: str
    name: str
    latest: dict[str, Record | None] = Field(
        description="The latest current_usd and share_gdp records (null when none is held)."
    )


class Ranking(_Shape):
    year: int
    measure: str
    rows: list[Record] = Field(description="Spending records with rank, percentile, median.")


class OverviewView(_Shape):
    page: str
    title: str
    region: str
    default_pair: list[str]
    countries: list[Latest]
    ranking: Ranking | None


class Pillar(_Shape):
    pillar: str = Field(description="spending, rearmament, force plans, defence industry, …")
    items: list[Record] = Field(description="Lines with date, item, source and reference.")


class CountryView(_Shape):
    page: str
    title: str
    entity: Entity
    measures: dict[str, str]
    spending: list[Record] = Field(description="One record per year and measure, every year.")
    profile: list[Pillar]


class DyadView(_Shape):
    page: str
    title: str
    a: Entity
    b: Entity
    spending: list[Record] = Field(description="constant_usd and share_gdp of both sides.")
    timeline: list[Record] = Field(description="Register items of both sides by date.")
    arms_imports: list[Record] = Field(description="TIV (not US$) by recipient, year, supplier.")
    incidents: list[Record] = Field(description="Curated incidents with coordinates.")


class CompareView(_Shape):
    page: str
    title: str
    region: str
    year: int
    measure: str
    measure_label: str
    measures: dict[str, str]
    years: list[int] = Field(description="Years with values for some member, newest first.")
    region_median: float
    members_without_value: list[str]
    ranking: list[Record]


class RegisterView(_Shape):
    page: str
    title: str
    entities: list[Entity]
    since: int | None
    kinds: list[str]
    known_kinds: list[str]
    timeline: list[Record]


class Licence(_Shape):
    dataset: str
    publisher: str
    licence: str
    vintages: list[str]


class SourcesView(_Shape):
    page: str
    title: str
    snapshots: list[Record] = Field(
        description="Raw files: publisher, vintage, licence, sha256, values held."
    )
    collections: list[Record] = Field(description="Collections of curated register records.")
    licences: list[Licence]


class CheckView(_Shape):
    page: str
    title: str
    origin: str = Field(description="The uploaded file's name, or 'pasted text'.")
    counts: dict[str, int] = Field(description="Checks per verdict.")
    text: str = Field(description="The plain text checked; claim spans index into it.")
    claims: list[Record] = Field(description="id, span, value, unit, entity, period, measure.")
    checks: list[Record] = Field(
        description="kind, basis, verdict, claim_ids, spans, stated, recomputed, explanation, "
        "evidence (source, vintage, value, locator)."
    )


class CheckRequest(_Shape):
    text: str = Field(description="The article's plain text.")

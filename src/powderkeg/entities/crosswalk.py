"""Powderkeg's own crosswalk of countries, former states, aggregates and non-state actors.

Every entity has one id, kept in the ``iso3`` column: the ISO 3166-1 alpha-3 code where one exists
(XKX for Kosovo, user-assigned), the ISO 3166-3 code for a former state that has one, the World Bank
code for a World Bank aggregate, and otherwise an id defined here that contains an underscore
(AGG_SIPRI_AFRICA, NSA_NLA_MACEDONIA, ...). docs/entities.md explains the schemes and the choices.

Names are matched exactly after normalising both sides (case, diacritics, typographic apostrophes
and dashes, runs of whitespace); nothing is guessed. Close spellings appear only as suggestions in
error messages.
"""

from __future__ import annotations

import csv
import difflib
import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal, cast, get_args

from powderkeg.errors import PowderkegError, QueryError, UnmappedEntityError

EntityKind = Literal["country", "former_state", "aggregate", "non_state"]
KINDS: tuple[str, ...] = get_args(EntityKind)
CODE_SCHEMES: tuple[str, ...] = ("iso3", "iso2", "iso_numeric", "fips", "cameo", "gw", "wb")
_NUMERIC_SCHEMES = frozenset({"iso_numeric", "gw"})
_NAME_SCHEME = "name"

# The special-note symbols of the SIPRI Milex workbook (see its "Footnotes" sheet) plus '*'.
SIPRI_FOOTNOTE_MARKS = "†‡§¶‖*"

_TYPOGRAPHY = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "′": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
    }
)

REGIONS: dict[str, tuple[str, ...]] = {
    "western-balkans": ("ALB", "BIH", "HRV", "XKX", "MNE", "MKD", "SRB"),
}


@dataclass(frozen=True)
class Entity:
    """One row of entities.csv; a code is None where the scheme has no code for the entity."""

    iso3: str
    iso2: str | None
    iso_numeric: int | None
    fips: str | None
    cameo: str | None
    gw: int | None
    wb: str | None
    name: str
    kind: EntityKind
    region: str | None

    @property
    def id(self) -> str:
        """The entity id used everywhere in powderkeg (the ``iso3`` column)."""
        return self.iso3


def normalise_name(text: str) -> str:
    """The form both sides of a name comparison are reduced to before an exact match."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def strip_footnote_marks(name: str) -> str:
    """Remove trailing SIPRI special-note symbols (and whitespace) from a SIPRI Milex country name.

    Only for the Milex workbook: in the arms-transfers files a trailing '*' is part of the name
    (non-state actor) and '**' marks an international organisation.
    """
    stripped = name.rstrip()
    while stripped and stripped[-1] in SIPRI_FOOTNOTE_MARKS:
        stripped = stripped[:-1].rstrip()
    return stripped


def _code_key(scheme: str, code: str | int) -> str | int | None:
    text = str(code).strip()
    if scheme in _NUMERIC_SCHEMES:
        return int(text) if text.isdigit() else None
    return text.upper() or None


class Crosswalk:
    """Look entities up by id, code, or any known spelling of their name."""

    def __init__(
        self, entities: Iterable[Entity], aliases: Iterable[tuple[str, str, str]] = ()
    ) -> None:
        """``aliases`` are (id, scheme, text): scheme "name" for a spelling, else a code scheme."""
        self._by_id: dict[str, Entity] = {}
        self._by_name: dict[str, str] = {}
        self._by_code: dict[str, dict[str | int, str]] = {scheme: {} for scheme in CODE_SCHEMES}
        for entity in entities:
            self._add_entity(entity)
        for iso3, scheme, text in aliases:
            self._add_alias(iso3, scheme, text)
        self._ordered = tuple(sorted(self._by_id.values(), key=lambda entity: entity.iso3))

    @classmethod
    def bundled(cls) -> Crosswalk:
        """The crosswalk shipped with powderkeg (loaded once, then cached)."""
        return _load_bundled()

    def _add_entity(self, entity: Entity) -> None:
        if entity.iso3 in self._by_id:
            raise PowderkegError(f"entity crosswalk: id {entity.iso3} appears twice")
        self._by_id[entity.iso3] = entity
        self._index_name(entity.name, entity.iso3)
        for scheme in CODE_SCHEMES:
            code = getattr(entity, scheme)
            if code is not None:
                self._index_code(scheme, code, entity.iso3)

    def _add_alias(self, iso3: str, scheme: str, text: str) -> None:
        if iso3 not in self._by_id:
            raise PowderkegError(f"entity crosswalk: alias {text!r} names unknown id {iso3!r}")
        if scheme == _NAME_SCHEME:
            self._index_name(text, iso3)
        elif scheme in CODE_SCHEMES:
            self._index_code(scheme, text, iso3)
        else:
            raise PowderkegError(f"entity crosswalk: unknown alias scheme {scheme!r}")

    def _index_name(self, text: str, iso3: str) -> None:
        key = normalise_name(text)
        if self._by_name.setdefault(key, iso3) != iso3:
            other = self._by_name[key]
            raise PowderkegError(f"entity crosswalk: {text!r} names both {other} and {iso3}")

    def _index_code(self, scheme: str, code: str | int, iso3: str) -> None:
        key = _code_key(scheme, code)
        index = self._by_code[scheme]
        if key is None or index.setdefault(key, iso3) != iso3:
            raise PowderkegError(f"entity crosswalk: bad or shared {scheme} code {code!r}")

    def entity(self, iso3: str) -> Entity:
        """The entity with this id; QueryError (with suggestions) if there is none."""
        found = self._by_id.get(iso3.strip().upper())
        if found is None:
            raise QueryError(f"unknown entity id {iso3!r}{self._hint(iso3)}")
        return found

    def find(self, name_or_code: str) -> Entity | None:
        """Match an id, then a name or alias, then (two letters only) an ISO alpha-2 code."""
        text = name_or_code.strip()
        found = self._by_id.get(text.upper())
        if found is not None:
            return found
        iso3 = self._by_name.get(normalise_name(text))
        if iso3 is not None:
            return self._by_id[iso3]
        if len(text) == 2 and text.isalpha():
            return self.by_code("iso2", text)
        return None

    def by_code(self, scheme: str, code: str | int) -> Entity | None:
        """The entity holding ``code`` in ``scheme`` (one of CODE_SCHEMES), or None."""
        index = self._by_code.get(scheme)
        if index is None:
            schemes = ", ".join(CODE_SCHEMES)
            raise QueryError(f"unknown code scheme {scheme!r}; use one of {schemes}")
        key = _code_key(scheme, code)
        iso3 = index.get(key) if key is not None else None
        return self._by_id[iso3] if iso3 is not None else None

    def resolve_names(self, names: Iterable[str], *, path: str, where: str) -> dict[str, str]:
        """Map each distinct name to an entity id; unknown names are all reported in one error."""
        mapping: dict[str, str] = {}
        unmapped: set[str] = set()
        for name in names:
            if name in mapping or name in unmapped:
                continue
            found = self.find(name)
            if found is None:
                unmapped.add(name)
            else:
                mapping[name] = found.iso3
        if unmapped:
            raise UnmappedEntityError(
                f"{len(unmapped)} name(s) unknown to the entity crosswalk "
                "(add them to src/powderkeg/entities/aliases.csv)",
                path=path,
                where=where,
                offenders=sorted(unmapped),
            )
        return mapping

    def entities(self, kind: str | None = None) -> list[Entity]:
        """All entities sorted by id, or only those of one kind."""
        if kind is None:
            return list(self._ordered)
        if kind not in KINDS:
            raise QueryError(f"unknown entity kind {kind!r}; use one of {', '.join(KINDS)}")
        return [entity for entity in self._ordered if entity.kind == kind]

    def parse_query(self, token: str) -> str:
        """Turn a user's token ("kosovo", "XK", "xkx") into an entity id, or raise QueryError."""
        found = self.find(token)
        if found is None:
            raise QueryError(f"unknown country or entity {token!r}{self._hint(token)}")
        return found.iso3

    def _hint(self, token: str) -> str:
        suggestions = self._suggest(token)
        return f"; did you mean {', '.join(suggestions)}?" if suggestions else ""

    def _suggest(self, token: str, limit: int = 5) -> list[str]:
        """Close spellings as "Name (ID)", for error messages only; never used to resolve."""
        keys = {**self._by_name, **{iso3.casefold(): iso3 for iso3 in self._by_id}}
        close = difflib.get_close_matches(normalise_name(token), list(keys), n=limit * 3)
        ids = dict.fromkeys(keys[key] for key in close)
        return [f"{self._by_id[iso3].name} ({iso3})" for iso3 in list(ids)[:limit]]


def region_members(name: str, extra: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """Entity ids of a named region; ``extra`` adds user-defined regions (overriding built-ins)."""
    regions = {_region_key(key): tuple(members) for key, members in REGIONS.items()}
    regions.update({_region_key(key): tuple(members) for key, members in (extra or {}).items()})
    members = regions.get(_region_key(name))
    if members is None:
        known = ", ".join(sorted(regions))
        raise QueryError(f"unknown region {name!r}; known regions: {known}")
    crosswalk = Crosswalk.bundled()
    return tuple(dict.fromkeys(_region_member(crosswalk, name, member) for member in members))


def _region_key(name: str) -> str:
    return "-".join(name.strip().casefold().replace("_", " ").split())


def _region_member(crosswalk: Crosswalk, region: str, member: str) -> str:
    try:
        return crosswalk.parse_query(member)
    except QueryError as error:
        raise QueryError(f"region {region!r}: {error}") from None


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files("powderkeg.entities").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _optional_int(cell: str) -> int | None:
    return int(cell) if cell else None


def _kind(row: Mapping[str, str]) -> EntityKind:
    kind = row["kind"]
    if kind not in KINDS:
        raise PowderkegError(f"entities.csv: {row['iso3']} has unknown kind {kind!r}")
    return cast(EntityKind, kind)


def _entity_from_row(row: Mapping[str, str]) -> Entity:
    return Entity(
        iso3=row["iso3"],
        iso2=row["iso2"] or None,
        iso_numeric=_optional_int(row["iso_numeric"]),
        fips=row["fips"] or None,
        cameo=row["cameo"] or None,
        gw=_optional_int(row["gw"]),
        wb=row["wb"] or None,
        name=row["name"],
        kind=_kind(row),
        region=row["region"] or None,
    )


@functools.cache
def _load_bundled() -> Crosswalk:
    entities = [_entity_from_row(row) for row in _read_csv("entities.csv")]
    aliases = [(row["iso3"], row["scheme"], row["alias"]) for row in _read_csv("aliases.csv")]
    return Crosswalk(entities, aliases)

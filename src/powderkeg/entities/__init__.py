"""Powderkeg's entity crosswalk: countries, former states, aggregates and non-state actors.

The data are entities.csv (one row per entity, its codes in each scheme) and aliases.csv (every
other spelling, plus a few secondary codes); docs/entities.md describes both.
"""

from powderkeg.entities.crosswalk import (
    CODE_SCHEMES,
    KINDS,
    REGIONS,
    SIPRI_FOOTNOTE_MARKS,
    Crosswalk,
    Entity,
    EntityKind,
    normalise_name,
    region_members,
    strip_footnote_marks,
)

__all__ = [
    "CODE_SCHEMES",
    "KINDS",
    "REGIONS",
    "SIPRI_FOOTNOTE_MARKS",
    "Crosswalk",
    "Entity",
    "EntityKind",
    "normalise_name",
    "region_members",
    "strip_footnote_marks",
]

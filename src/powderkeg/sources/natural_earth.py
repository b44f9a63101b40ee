"""Parser for Natural Earth "Admin 0 – Countries" (GeoJSON), and the extract powderkeg bundles.

Natural Earth keys each unit by ADM0_A3. Its ISO_A3 is "-99" for units without an ISO code
(Kosovo: ADM0_A3 KOS, ISO_A3 -99), so units are joined to entities on ADM0_A3 through the
crosswalk, which knows KOS as Kosovo (XKX).

The bundled extract (powderkeg/data/geo) is a few countries of the 1:110m file with the
properties cut to id (entity id), name (powderkeg's display name) and ADM0_A3, geometry
unchanged. Rebuild it with `python -m powderkeg.sources.natural_earth SOURCE.geojson DEST`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
import shapely
from shapely.geometry import shape

from powderkeg.entities import Crosswalk
from powderkeg.errors import FormatError, UnmappedEntityError, ValidationError
from powderkeg.provenance import SourceCard
from powderkeg.sources.frame import ParsedFile
from powderkeg.sources.sniff import read_json

SOURCE_ID: Final = "natural_earth"
CARD: Final = SourceCard(
    source_id=SOURCE_ID,
    dataset="Natural Earth Admin 0 – Countries",
    publisher="Natural Earth",
    title="Admin 0 – Countries, 1:110m, GeoJSON",
    url="https://www.naturalearthdata.com/downloads/110m-cultural-vectors/110m-admin-0-countries/",
    licence="Public domain",
    citation="Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
)
DOWNLOAD_URLS: Final = (
    "https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson/"
    "ne_110m_admin_0_countries.geojson",
)
# The Western Balkans and the states around them (the USA is left out: no land border here).
EXTRACT_IDS: Final = (
    "ALB",
    "AUT",
    "BGR",
    "BIH",
    "GRC",
    "HRV",
    "HUN",
    "ITA",
    "MKD",
    "MNE",
    "ROU",
    "SRB",
    "SVN",
    "TUR",
    "XKX",
)
_USAGE: Final = "usage: python -m powderkeg.sources.natural_earth SOURCE.geojson DEST.geojson"
COLUMNS: Final = ("entity_id", "adm0_a3", "admin", "geometry", "locator")


def parse(path: Path, *, vintage: str | None = None) -> ParsedFile:
    """Read a Natural Earth Admin 0 GeoJSON: one row per unit, its geometry as a shapely object.

    The file does not say its Natural Earth version: pass it as `vintage` ("unknown" otherwise).
    """
    features = _features(path)
    ids = _entity_ids(features, path)
    rows = [
        {
            "entity_id": entity_id,
            "adm0_a3": feature["properties"]["ADM0_A3"],
            "admin": feature["properties"].get("ADMIN"),
            "geometry": _geometry(feature, number, path),
            "locator": f"feature={number}",
        }
        for number, (feature, entity_id) in enumerate(zip(features, ids, strict=True), start=1)
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("entity_id", "adm0_a3", "admin", "locator"):
        frame[column] = frame[column].astype("string")
    notes = [] if vintage else ["the file does not state its Natural Earth version"]
    return ParsedFile(frame=frame, vintage=vintage or "unknown", notes=notes)


def extract_text(src: Path, ids: Iterable[str] = EXTRACT_IDS) -> str:
    """The extract of `src` for the entity `ids` as GeoJSON text, one feature per line, by id."""
    features = _features(src)
    by_id = dict(zip(_entity_ids(features, src), features, strict=True))
    wanted = sorted(set(ids))
    missing = [entity_id for entity_id in wanted if entity_id not in by_id]
    if missing:
        raise ValidationError("ids not in the Natural Earth file", path=src, offenders=missing)
    crosswalk = Crosswalk.bundled()
    lines = [
        json.dumps(
            _extract_feature(by_id[entity_id], crosswalk.entity(entity_id).name, entity_id),
            ensure_ascii=False,
        )
        for entity_id in wanted
    ]
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"


def write_extract(src: Path, dest: Path, ids: Iterable[str] = EXTRACT_IDS) -> Path:
    """Write the extract of `src` for `ids` to `dest` (UTF-8, LF) and return `dest`."""
    dest.write_text(extract_text(src, ids), encoding="utf-8", newline="\n")
    return dest


def _extract_feature(feature: dict[str, Any], name: str, entity_id: str) -> dict[str, Any]:
    properties = {"id": entity_id, "name": name, "ADM0_A3": feature["properties"]["ADM0_A3"]}
    return {"type": "Feature", "properties": properties, "geometry": feature["geometry"]}


def _features(path: Path) -> list[dict[str, Any]]:
    document = read_json(path)
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise FormatError("not a GeoJSON FeatureCollection with features", path=path)
    _check_features(features, path)
    return features


def _check_features(features: Sequence[object], path: Path) -> None:
    bad = [
        f"feature={number}"
        for number, feature in enumerate(features, start=1)
        if not _is_unit(feature)
    ]
    if bad:
        raise FormatError(
            "features without an ADM0_A3 property or a geometry", path=path, offenders=bad
        )


def _is_unit(feature: object) -> bool:
    if not isinstance(feature, dict):
        return False
    properties = feature.get("properties")
    return (
        isinstance(properties, dict)
        and isinstance(properties.get("ADM0_A3"), str)
        and isinstance(feature.get("geometry"), dict)
    )


def _entity_ids(features: Sequence[dict[str, Any]], path: Path) -> list[str]:
    """Each unit's entity id, via its ADM0_A3 code; unknown codes and doubles all raise."""
    crosswalk = Crosswalk.bundled()
    ids: list[str] = []
    unknown: list[str] = []
    for number, feature in enumerate(features, start=1):
        code = feature["properties"]["ADM0_A3"]
        entity = crosswalk.find(code)
        if entity is None:
            unknown.append(
                f"feature={number}: ADM0_A3 {code!r} ({feature['properties'].get('ADMIN')})"
            )
        ids.append(entity.id if entity is not None else "")
    if unknown:
        raise UnmappedEntityError(
            "Natural Earth units unknown to the entity crosswalk", path=path, offenders=unknown
        )
    doubles = sorted({entity_id for entity_id in ids if ids.count(entity_id) > 1})
    if doubles:
        raise ValidationError("entities with more than one unit", path=path, offenders=doubles)
    return ids


def _geometry(feature: dict[str, Any], number: int, path: Path) -> shapely.Geometry:
    try:
        return shape(feature["geometry"])
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.GEOSException) as error:
        raise FormatError(
            f"unusable geometry: {error}", path=path, where=f"feature={number}"
        ) from None


def main(argv: Sequence[str]) -> int:
    """Write the bundled extract's ids from a Natural Earth file (see _USAGE)."""
    if len(argv) != 2:
        print(_USAGE, file=sys.stderr)
        return 2
    write_extract(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

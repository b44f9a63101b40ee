"""The bundled country outlines are exactly the extract written from the shared Natural Earth file."""

from __future__ import annotations

from pathlib import Path

import pytest

from powderkeg.geo import bundled_extract, load_countries
from powderkeg.sources import natural_earth

pytestmark = pytest.mark.shared_data

REAL = "natural_earth/ne_110m_admin_0_countries.geojson"


def test_bundled_extract_equals_what_write_extract_makes(shared_data: Path, tmp_path: Path) -> None:
    written = natural_earth.write_extract(shared_data / REAL, tmp_path / "extract.geojson")
    assert bundled_extract().read_bytes() == written.read_bytes()


def test_bundled_extract_holds_the_western_balkans_and_neighbours() -> None:
    countries = load_countries()
    assert set(countries) == set(natural_earth.EXTRACT_IDS)
    assert {"ALB", "BIH", "HRV", "XKX", "MNE", "MKD", "SRB"} <= set(countries)

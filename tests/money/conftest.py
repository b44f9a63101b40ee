"""Hand-built frames in the frame contract, so money tests do not depend on any parser."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import pytest

from powderkeg.sources.frame import COLUMNS

# (entity_name, year, measure, value, currency); value None means missing.
Row = tuple[str, int, str, float | None, str]
FrameMaker = Callable[[Sequence[Row]], pd.DataFrame]


def _frame(rows: Sequence[Row]) -> pd.DataFrame:
    records = [
        {
            "entity_name": entity,
            "entity_code": entity[:3].upper(),
            "period": year,
            "measure": measure,
            "value": value,
            "unit": "currency",
            "currency": currency,
            "price_basis": "current",
            "base_year": None,
            "flags": "",
            "locator": f"sheet={measure}!{entity}:{year}",
        }
        for entity, year, measure, value, currency in rows
    ]
    return pd.DataFrame(records, columns=list(COLUMNS))


@pytest.fixture
def sipri_frame() -> FrameMaker:
    """Build a frame-contract DataFrame from (entity, year, measure, value, currency) rows."""
    return _frame

"""Measures computed from the store: spending series, growth, constant dollars, peers, lineage."""

from powderkeg.indicators.explain import explain
from powderkeg.indicators.growth import cagr
from powderkeg.indicators.peers import compare
from powderkeg.indicators.series import RESULT_COLUMNS, Selection
from powderkeg.indicators.spending import ALL_MEASURES, DERIVED_MEASURES, spending

__all__ = [
    "ALL_MEASURES",
    "DERIVED_MEASURES",
    "RESULT_COLUMNS",
    "Selection",
    "cagr",
    "compare",
    "explain",
    "spending",
]

"""Money: yearly exchange rates (ECB, SIPRI-implied) and constant dollars (US CPI).

Every converted value carries the YearlyRate that produced it, and every rate says where it came
from (`source`) and how it was computed (`method`). See docs/money.md for which rate is used when.
"""

from powderkeg.money.deflator import PriceIndex, inflation_from_frame
from powderkeg.money.ecb_rates import (
    ECB_SOURCE,
    YearlyRate,
    ecb_currencies,
    ecb_history_info,
    ecb_yearly_rate,
)
from powderkeg.money.implied_rates import IMPLIED_COLUMNS, IMPLIED_SOURCE, implied_rates
from powderkeg.money.rates import IDENTITY_SOURCE, Converted, RateBook

__all__ = [
    "ECB_SOURCE",
    "IDENTITY_SOURCE",
    "IMPLIED_COLUMNS",
    "IMPLIED_SOURCE",
    "Converted",
    "PriceIndex",
    "RateBook",
    "YearlyRate",
    "ecb_currencies",
    "ecb_history_info",
    "ecb_yearly_rate",
    "implied_rates",
    "inflation_from_frame",
]

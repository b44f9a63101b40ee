"""The documented ways a brief computes a figure from stored values, and nothing else.

Every derived figure names one of these methods and its inputs (each a stored value or another
derived figure), so a reader, or a test, can recompute it from the store:

| method       | value                                                          |
| ------------ | -------------------------------------------------------------- |
| `growth`     | (a ÷ b − 1) × 100: the change from b to a, percent             |
| `ratio`      | a ÷ b                                                          |
| `share`      | a ÷ b × 100                                                    |
| `difference` | a − b                                                          |
| `sum`        | Σ weightᵢ × xᵢ (weights 1 unless given)                        |
| `median`     | the median of the inputs                                       |
| `hhi`        | Σ (xᵢ ÷ Σx × 100)²: Herfindahl–Hirschman index, 0 to 10,000    |
| `count`      | the number of inputs                                           |
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Final

from powderkeg.reports.brief.document import Citation
from powderkeg.reports.brief.footnotes import Ref, Sourced

Formula = Callable[[Sequence[float], Sequence[float]], float]


def _growth(x: Sequence[float], _w: Sequence[float]) -> float:
    return (x[0] / x[1] - 1.0) * 100.0


def _ratio(x: Sequence[float], _w: Sequence[float]) -> float:
    return x[0] / x[1]


def _share(x: Sequence[float], _w: Sequence[float]) -> float:
    return x[0] / x[1] * 100.0


def _difference(x: Sequence[float], _w: Sequence[float]) -> float:
    return x[0] - x[1]


def _sum(x: Sequence[float], w: Sequence[float]) -> float:
    return float(sum(value * weight for value, weight in zip(x, w, strict=True)))


def _median(x: Sequence[float], _w: Sequence[float]) -> float:
    return float(statistics.median(x))


def _hhi(x: Sequence[float], _w: Sequence[float]) -> float:
    total = sum(x)
    return float(sum((value / total * 100.0) ** 2 for value in x))


def _count(x: Sequence[float], _w: Sequence[float]) -> float:
    return float(len(x))


FORMULAS: Final[dict[str, Formula]] = {
    "growth": _growth,
    "ratio": _ratio,
    "share": _share,
    "difference": _difference,
    "sum": _sum,
    "median": _median,
    "hhi": _hhi,
    "count": _count,
}
DESCRIPTIONS: Final = {
    "growth": "change from the second value to the first: (a ÷ b − 1) × 100",
    "ratio": "the first value divided by the second",
    "share": "the first value as a percent of the second: a ÷ b × 100",
    "difference": "the first value minus the second",
    "sum": "sum of the values",
    "median": "median of the values",
    "hhi": "Herfindahl–Hirschman index: sum of the squared percent shares (0 to 10,000)",
    "count": "number of records",
}


def compute(method: str, values: Sequence[float], weights: Sequence[float] = ()) -> float:
    """The value of `method` over `values` (KeyError for an unknown method)."""
    formula = FORMULAS[method]
    return formula(values, weights or [1.0] * len(values))


def derive(
    method: str,
    inputs: Sequence[Sourced],
    *,
    weights: Sequence[float] = (),
    how: str = "",
) -> Sourced:
    """A derived value over `inputs`; `how` adds what the inputs are ("delivered TIV, …")."""
    values = [item.number() if method != "count" else 0.0 for item in inputs]
    description = DESCRIPTIONS[method] + (f" ({how})" if how else "")
    return Sourced(
        value=compute(method, values, weights),
        ref=Ref("derived", method, inputs=tuple(i.ref for i in inputs), weights=tuple(weights)),
        citations=_citations(inputs),
        method=description,
    )


def _citations(inputs: Sequence[Sourced]) -> tuple[Citation, ...]:
    """Every input's citations once, in order."""
    return tuple(dict.fromkeys(c for item in inputs for c in item.citations))

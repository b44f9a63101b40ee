"""What the claim checker finds and concludes: claims, checks, evidence, and the report.

`CheckReport.to_dict()` is the JSON contract other tools rely on (issue 4, part 5):

    {"text": str,
     "claims": [{"id", "span": [start, end], "value", "unit", "entity", "period", "measure",
                 "hedge"}],
     "checks": [{"kind", "basis": "internal"|"data",
                 "verdict": "consistent"|"inconsistent"|"unverifiable",
                 "claim_ids": [...], "spans": [[start, end], ...], "stated", "recomputed",
                 "explanation", "evidence": [{"source", "vintage", "value", "locator"}]}]}

It carries exactly these keys; the other fields of a claim (currency, precision, bound, …) are in
`Claim.details()`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Verdict = Literal["consistent", "inconsistent", "unverifiable"]
Basis = Literal["internal", "data"]
Span = tuple[int, int]

# What kind of number a claim is; `unit` says more ("EUR", "count:cartridges").
ClaimKind = Literal["money", "percent", "pp", "count", "quantity", "multiple"]


@dataclass(frozen=True)
class Claim:
    """One numeric statement of the text, in base units, with what it is about.

    `value` is in base units (208 million EUR → 208e6); a range has `low` and `high` and its
    midpoint as `value`. `precision` is half a unit of the last stated digit, in base units.
    `number` is the number as written ("5,000", "six", "24–36"); `raw` is `text[span]`.
    """

    id: str
    span: Span
    raw: str
    number: str
    kind: ClaimKind
    value: float
    unit: str
    precision: float
    currency: str | None = None
    scale: str | None = None
    thing: str | None = None
    low: float | None = None
    high: float | None = None
    hedge: str | None = None
    bound: str | None = None
    # Written as the starting point of a change ("up from 153 million", "compared with 2022").
    is_base: bool = False
    entity: str | None = None
    mentions: tuple[str, ...] = ()
    period: str | None = None
    measure: str | None = None
    direction: Literal["up", "down"] | None = None

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]

    def to_dict(self) -> dict[str, Any]:
        """The claim as the JSON contract has it."""
        return {
            "id": self.id,
            "span": [self.span[0], self.span[1]],
            "value": self.value,
            "unit": self.unit,
            "entity": self.entity,
            "period": self.period,
            "measure": self.measure,
            "hedge": self.hedge,
        }

    def details(self) -> dict[str, Any]:
        """Every field, for tools that want more than the contract."""
        found = asdict(self)
        found["span"] = [self.span[0], self.span[1]]
        found["mentions"] = list(self.mentions)
        return found


@dataclass(frozen=True)
class Evidence:
    """A number from outside the text that a check used, with where it came from."""

    source: str
    vintage: str | None
    value: float | None
    locator: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "vintage": self.vintage,
            "value": self.value,
            "locator": self.locator,
        }


@dataclass(frozen=True)
class Check:
    """One recomputation and its verdict.

    `spans` are the spans of every claim the check used, in text order. `stated` and `recomputed`
    are in the unit the explanation names; either may be None (nothing stated, nothing computable).
    """

    kind: str
    basis: Basis
    verdict: Verdict
    claim_ids: tuple[str, ...]
    spans: tuple[Span, ...]
    stated: float | None
    recomputed: float | None
    explanation: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "basis": self.basis,
            "verdict": self.verdict,
            "claim_ids": list(self.claim_ids),
            "spans": [[start, end] for start, end in self.spans],
            "stated": self.stated,
            "recomputed": self.recomputed,
            "explanation": self.explanation,
            "evidence": [item.to_dict() for item in self.evidence],
        }


@dataclass(frozen=True)
class CheckReport:
    """The checked text, every claim found in it and every check made."""

    text: str
    claims: tuple[Claim, ...]
    checks: tuple[Check, ...] = field(default=())

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; KeyError when there is none."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "claims": [claim.to_dict() for claim in self.claims],
            "checks": [check.to_dict() for check in self.checks],
        }

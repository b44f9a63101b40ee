"""The dyad escalation index: how relations between two actors move, period by period.

The index is written once, as Ibis expressions over a table of GDELT events with the columns of
powderkeg.sources.gdelt_events (GLOBALEVENTID, SQLDATE, Actor1CountryCode, Actor2CountryCode,
QuadClass, GoldsteinScale, NumMentions, AvgTone, SOURCEURL …), so the same expression runs on
DuckDB and on Spark (powderkeg.store.engines) and gives the same numbers.

An event belongs to the dyad (a, b) when one actor's CAMEO country code is a's and the other's
is b's, in either direction. It falls in the period (day, ISO week starting Monday, or calendar
month) of its event date SQLDATE, not of the day GDELT added it. Per period:

- `events`: how many events (and `events_a_to_b`, `events_b_to_a` by direction);
- `goldstein_mean`: the mention-weighted Goldstein score, sum(Goldstein × NumMentions) /
  sum(NumMentions). Weighting by mentions lets an event reported by hundreds of articles count
  for more than a one-line mention, and damps GDELT's many single-mention coding errors;
- `material_conflict_share`, `verbal_conflict_share`, `cooperation_share`: the share of events of
  QuadClass 4, of QuadClass 3, and of QuadClass 1 or 2 (event counts, not mentions);
- `tone_mean`: the plain mean of AvgTone. AvgTone already averages every article that mentions
  the event, so weighting it by mentions again would count coverage twice;
- `composite`: the mean of three z-scores, each taken against the pair's own history (every
  period with events that the table holds, before `start`/`end` are applied, so a shorter view
  does not change the numbers): z(material_conflict_share), −z(goldstein_mean) and −z(tone_mean).
  Higher means more escalation. A z-score is 0 when its metric never varied (or is unknown for
  the period, which GDELT's always-filled mentions and tone make theoretical). Event volume is
  left out on purpose: a summit raises it as much as a clash does; alerts watch it separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final, Literal, cast, get_args

import pandas as pd

from powderkeg.entities import Crosswalk
from powderkeg.errors import QueryError

if TYPE_CHECKING:
    import ibis.expr.types as ir

Freq = Literal["day", "week", "month"]
FREQUENCIES: Final[tuple[str, ...]] = get_args(Freq)
INDEX_COLUMNS: Final = (
    "period",
    "events",
    "events_a_to_b",
    "events_b_to_a",
    "mentions",
    "goldstein_mean",
    "material_conflict_share",
    "verbal_conflict_share",
    "cooperation_share",
    "tone_mean",
    "composite",
)
# The components of the composite and their sign: +1 where a higher value means escalation.
COMPOSITE_PARTS: Final = {
    "material_conflict_share": 1,
    "goldstein_mean": -1,
    "tone_mean": -1,
}
TOP_EVENT_COLUMNS: Final = (
    "period",
    "rank",
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1CountryCode",
    "Actor2CountryCode",
    "EventCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "AvgTone",
    "weight",
    "SOURCEURL",
)
_TRUNCATE_UNIT: Final = {"day": "D", "week": "W", "month": "M"}
_INTEGER_COLUMNS: Final = ("events", "events_a_to_b", "events_b_to_a", "mentions")


@dataclass(frozen=True)
class Dyad:
    """Two entities and the CAMEO country codes that stand for each in GDELT's actor fields."""

    a: str
    b: str
    codes_a: tuple[str, ...]
    codes_b: tuple[str, ...]


def dyad(a: str, b: str, crosswalk: Crosswalk | None = None) -> Dyad:
    """The dyad of entity ids `a` and `b` (XKX → KOS, SRB → SRB); QueryError without a CAMEO code."""
    if a == b:
        raise QueryError(f"a dyad needs two different actors, got {a} twice")
    known = crosswalk or Crosswalk.bundled()
    return Dyad(a, b, (cameo_code(a, known),), (cameo_code(b, known),))


def cameo_code(entity_id: str, crosswalk: Crosswalk | None = None) -> str:
    """The CAMEO country code GDELT uses for `entity_id`; QueryError if it has none."""
    code = (crosswalk or Crosswalk.bundled()).entity(entity_id).cameo
    if not code:
        raise QueryError(f"{entity_id} has no CAMEO country code, so GDELT cannot name it")
    return code


def check_freq(freq: str) -> Freq:
    """`freq` as a Freq; QueryError if it is not day, week or month."""
    if freq not in FREQUENCIES:
        raise QueryError(f"unknown frequency {freq!r}; choose one of {', '.join(FREQUENCIES)}")
    return cast(Freq, freq)


# --- the index ------------------------------------------------------------------------------------


def escalation_index(
    events: ir.Table,
    pair: Dyad,
    *,
    freq: Freq = "week",
    start: date | None = None,
    end: date | None = None,
    root_only: bool = False,
) -> ir.Table:
    """The index of `pair`, one row per period with events (INDEX_COLUMNS), by period.

    `start` and `end` limit the periods shown (a period is kept when it starts within them);
    the composite's history is always every period of the table. `root_only` keeps only
    GDELT's root events (the main event of a sentence).
    """
    metrics = _period_metrics(dyad_events(events, pair, freq=freq, root_only=root_only))
    index = metrics.mutate(composite=_composite(metrics))
    if start is not None:
        index = index.filter(index.period >= period_start(start, freq))
    if end is not None:
        index = index.filter(index.period <= end)
    return index.select(*INDEX_COLUMNS).order_by("period")


def dyad_events(
    events: ir.Table, pair: Dyad, *, freq: Freq = "week", root_only: bool = False
) -> ir.Table:
    """The events between the pair's actors, either way, with their `period` and direction."""
    first, second = events.Actor1CountryCode, events.Actor2CountryCode
    a_to_b = first.isin(pair.codes_a) & second.isin(pair.codes_b)
    b_to_a = first.isin(pair.codes_b) & second.isin(pair.codes_a)
    chosen = events.filter(a_to_b | b_to_a)
    if root_only:
        chosen = chosen.filter(chosen.IsRootEvent)
    return chosen.mutate(
        period=chosen.SQLDATE.truncate(_TRUNCATE_UNIT[freq]),
        a_to_b=chosen.Actor1CountryCode.isin(pair.codes_a),
    )


def _period_metrics(pair_events: ir.Table) -> ir.Table:
    import ibis

    t = pair_events
    weighted = (t.GoldsteinScale * t.NumMentions).sum()
    return t.group_by("period").aggregate(
        events=t.count(),
        events_a_to_b=ibis.ifelse(t.a_to_b, 1, 0).sum().cast("int64"),
        events_b_to_a=ibis.ifelse(t.a_to_b, 0, 1).sum().cast("int64"),
        mentions=t.NumMentions.sum().cast("int64"),
        goldstein_mean=weighted / t.NumMentions.sum().cast("float64").nullif(0.0),
        material_conflict_share=_share(t.QuadClass == 4),
        verbal_conflict_share=_share(t.QuadClass == 3),
        cooperation_share=_share(t.QuadClass.isin([1, 2])),
        tone_mean=t.AvgTone.mean(),
    )


def _share(condition: ir.BooleanValue) -> ir.FloatingScalar:
    import ibis

    # Integers cast to double: Spark reads a literal 1.0 as a DECIMAL and rounds its mean.
    return ibis.ifelse(condition, 1, 0).cast("float64").mean()


def _composite(metrics: ir.Table) -> ir.FloatingValue:
    parts = [sign * _zscore(metrics[name]) for name, sign in COMPOSITE_PARTS.items()]
    return sum(parts[1:], parts[0]) / len(parts)


def _zscore(value: ir.FloatingColumn) -> ir.FloatingValue:
    """(value − mean) / sample standard deviation over the whole series; 0 when it never varies.

    Dividing by a NULL (not by zero) keeps Spark's ANSI mode from raising on a flat series.
    """
    import ibis

    everything = ibis.window()
    spread = value.std(how="sample").over(everything).nullif(0.0)
    return ((value - value.mean().over(everything)) / spread).fill_null(0.0)


def period_start(day: date, freq: Freq) -> date:
    """The first day of the period holding `day` (weeks start on Monday)."""
    if freq == "week":
        return date.fromordinal(day.toordinal() - day.weekday())
    if freq == "month":
        return day.replace(day=1)
    return day


# --- the events behind a period -------------------------------------------------------------------


def top_events(
    events: ir.Table,
    pair: Dyad,
    periods: Sequence[date],
    *,
    freq: Freq = "week",
    per_period: int = 5,
    root_only: bool = False,
) -> ir.Table:
    """The pair's `per_period` weightiest events of each of `periods` (TOP_EVENT_COLUMNS).

    Weight = |Goldstein| × NumMentions: the most intense events, reported most widely. Ties go
    to the lower GLOBALEVENTID, so every engine picks the same events.
    """
    import ibis

    starts = sorted({period_start(day, freq) for day in periods})
    t = dyad_events(events, pair, freq=freq, root_only=root_only)
    if not starts:
        return t.limit(0).mutate(weight=0.0, rank=0).select(*TOP_EVENT_COLUMNS)
    # The date range lets the engine skip row groups before comparing periods.
    t = t.filter(t.SQLDATE.between(starts[0], starts[-1] + timedelta(days=31)))
    t = t.filter(t.period.isin(starts))
    t = t.mutate(weight=t.GoldsteinScale.abs() * t.NumMentions)
    order = [ibis.desc(t.weight), ibis.asc(t.GLOBALEVENTID)]
    ranked = t.mutate(rank=ibis.row_number().over(group_by=t.period, order_by=order) + 1)
    chosen = ranked.filter(ranked["rank"] <= per_period)
    return chosen.select(*TOP_EVENT_COLUMNS).order_by(["period", "rank"])


def counterparts(events: ir.Table, codes: Sequence[str], *, min_events: int = 1) -> ir.Table:
    """The other side's CAMEO country `code` and its `events` with `codes`, most events first."""
    import ibis

    first, second = events.Actor1CountryCode, events.Actor2CountryCode
    involved = events.filter(first.isin(codes) | second.isin(codes))
    first, second = involved.Actor1CountryCode, involved.Actor2CountryCode
    named = involved.mutate(code=ibis.ifelse(first.isin(codes), second, first))
    named = named.filter(named.code.notnull())
    counted = named.group_by("code").aggregate(events=named.count())
    counted = counted.filter(counted.events >= min_events)
    return counted.order_by([ibis.desc("events"), "code"])


# --- results as pandas ----------------------------------------------------------------------------


def collect(expression: ir.Table) -> pd.DataFrame:
    """Run `expression` on its engine; dates as datetime64[ns], counts as int64, the rest float.

    Through Arrow rather than Ibis' own pandas conversion, which costs more than the query
    itself on a small result.
    """
    frame: pd.DataFrame = expression.to_pyarrow().to_pandas()
    for column in ("period", "SQLDATE"):
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in (*_INTEGER_COLUMNS, "rank", "GLOBALEVENTID"):
        if column in frame.columns:
            frame[column] = frame[column].astype("int64")
    return frame.reset_index(drop=True)


def collect_plain(expression: ir.Table) -> pd.DataFrame:
    """Run `expression` on its engine, as it comes."""
    frame: pd.DataFrame = expression.to_pandas()
    return frame


def empty_index() -> pd.DataFrame:
    """An index with no periods, in the dtypes `collect` gives."""
    columns: dict[str, pd.Series] = {"period": pd.Series(dtype="datetime64[ns]")}
    for name in INDEX_COLUMNS[1:]:
        columns[name] = pd.Series(dtype="int64" if name in _INTEGER_COLUMNS else "float64")
    return pd.DataFrame(columns)

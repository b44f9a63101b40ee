"""Escalation index benchmark (issue 6): our Ibis expression on DuckDB against two baselines.

Writes synthetic GDELT events (default 2 M rows; `--rows 5000000` for the issue's size) as the
ingest writes them — at GDELT's pace of 150,000 a day, one part per 15-minute export file in
`day=YYYY-MM-DD/part-<stamp>-0.parquet`, the 22 kept columns, event dates mostly the day they were
added with a tail reaching a year back — then computes the weekly XKX–SRB index (events,
mention-weighted Goldstein, QuadClass shares, tone, composite) on the same Parquet, `--repeat`
times each, alternating:

- ours: `escalation_index` (powderkeg.indicators.escalation) on the DuckDB backend, to pandas:
  building the expression, compiling it, running it and converting the result; the events table
  is opened once, as the baselines' connection is (also timed with the opening, for reference);
- baseline 1: the same computation written by hand as one DuckDB SQL query, to pandas;
- baseline 2: pandas, reading the needed columns with pyarrow, filtering and grouping;
- Spark local[2]: the same Ibis expression (start-up timed apart); correctness only.

Both layouts of the events folder are measured (`--layouts`): "compacted", one part per day,
and "ingest", one part per 15-minute export file as the ingest writes them (96 small files a
day, where opening files dominates every engine). Every result is checked against the
hand-written SQL (floats to 1e-9). Prints one JSON object. Goals, as medians of the ratios of
each round's runs: ours ≤ 1.2 × the hand-written query's time; ours ≥ 2.5 × faster than pandas.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from powderkeg.indicators import escalation as index
from powderkeg.sources.gdelt_events import EVENT_SCHEMA
from powderkeg.store import engines

GOAL_VS_SQL = 1.2
GOAL_VS_PANDAS = 2.5
ISSUE_ROWS = 5_000_000
FIRST_MOMENT = np.datetime64("2024-01-01T00:00")
EVENTS_PER_DAY = 150_000  # GDELT 2.0 adds some 100-200 thousand events a day
LAYOUTS = {
    "compacted": "one Parquet part per day",
    "ingest": "one Parquet part per 15-minute export file (96 a day), as the ingest writes them",
}
# CAMEO country codes and draw weights (Balkan pairs frequent, as in a regional extract).
COUNTRIES = {
    "SRB": 14, "KOS": 10, "ALB": 5, "BIH": 4, "HRV": 3, "MNE": 2, "MKD": 2, "USA": 16,
    "RUS": 10, "UKR": 6, "DEU": 4, "FRA": 3, "GBR": 4, "CHN": 5, "TUR": 3,
}  # fmt: skip
QUAD_WEIGHTS = (0.55, 0.12, 0.18, 0.15)
GOLDSTEIN_RANGE = {1: (0.0, 4.0), 2: (6.0, 8.3), 3: (-6.0, -0.3), 4: (-10.0, -5.0)}
INDEX_SQL = """
WITH pair AS (
    SELECT date_trunc('week', SQLDATE) AS period,
           Actor1CountryCode = 'KOS' AS a_to_b,
           QuadClass, GoldsteinScale, NumMentions, AvgTone
    FROM read_parquet('{parts}', hive_partitioning = true)
    WHERE (Actor1CountryCode = 'KOS' AND Actor2CountryCode = 'SRB')
       OR (Actor1CountryCode = 'SRB' AND Actor2CountryCode = 'KOS')
), weekly AS (
    SELECT period,
           count(*) AS events,
           count(*) FILTER (WHERE a_to_b) AS events_a_to_b,
           count(*) FILTER (WHERE NOT a_to_b) AS events_b_to_a,
           sum(NumMentions) AS mentions,
           sum(GoldsteinScale * NumMentions) / nullif(sum(NumMentions), 0) AS goldstein_mean,
           avg((QuadClass = 4)::DOUBLE) AS material_conflict_share,
           avg((QuadClass = 3)::DOUBLE) AS verbal_conflict_share,
           avg((QuadClass IN (1, 2))::DOUBLE) AS cooperation_share,
           avg(AvgTone) AS tone_mean
    FROM pair GROUP BY period
)
SELECT *,
       (coalesce((material_conflict_share - avg(material_conflict_share) OVER ())
                 / nullif(stddev_samp(material_conflict_share) OVER (), 0), 0)
        - coalesce((goldstein_mean - avg(goldstein_mean) OVER ())
                 / nullif(stddev_samp(goldstein_mean) OVER (), 0), 0)
        - coalesce((tone_mean - avg(tone_mean) OVER ())
                 / nullif(stddev_samp(tone_mean) OVER (), 0), 0)) / 3 AS composite
FROM weekly ORDER BY period
"""
PANDAS_COLUMNS = [
    "SQLDATE", "Actor1CountryCode", "Actor2CountryCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "AvgTone",
]  # fmt: skip


def main() -> int:
    args = _arguments()
    figures: dict[str, Any] = {
        "benchmark": "escalation index, weekly, XKX–SRB",
        "rows": args.rows,
        "events_per_day": args.events_per_day,
        "layouts": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-escalation-", dir=args.workdir) as work:
        reference = pd.DataFrame()
        for layout in args.layouts:
            events_dir = Path(work) / layout
            began = time.perf_counter()
            parts = write_synthetic(
                events_dir,
                args.rows,
                seed=args.seed,
                events_per_day=args.events_per_day,
                layout=layout,
            )
            result, reference = compare(events_dir, args.repeat)
            figures["layouts"][layout] = {
                "description": LAYOUTS[layout],
                "part_files": parts,
                "parquet_mb": round(_size(events_dir) / 1e6, 1),
                "generate_s": round(time.perf_counter() - began, 2),
                **result,
            }
        if not args.no_spark:
            figures["spark_local_2"] = spark_figures(events_dir, reference)
            figures["spark_local_2"]["layout"] = args.layouts[-1]
    figures["met"] = all(layout["met"] for layout in figures["layouts"].values())
    if args.rows < ISSUE_ROWS:
        figures["note"] = (
            f"the issue's goals are set for {ISSUE_ROWS:,} events; on fewer, Ibis' fixed cost of "
            "building and compiling the expression (~20 ms) weighs more against the query"
        )
    print(json.dumps(figures, indent=1))
    return 0  # goals are reported in the JSON ("met"); a miss is a figure, not a crash


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--events-per-day", type=int, default=EVENTS_PER_DAY)
    parser.add_argument("--no-spark", action="store_true", help="skip the Spark timing")
    parser.add_argument(
        "--layouts", nargs="+", choices=list(LAYOUTS), default=["compacted", "ingest"]
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where the Parquet goes")
    return parser.parse_args()


# --- synthetic events -----------------------------------------------------------------------------


def write_synthetic(
    folder: Path, rows: int, *, seed: int, events_per_day: int, layout: str = "ingest"
) -> int:
    """`rows` events in the events-folder layout; returns the number of part files.

    GDELT's pace: `events_per_day` events a day, one export file every quarter hour. Layout
    "ingest": each export file is one part `day=YYYY-MM-DD/part-<stamp>-0.parquet` (96 parts a
    day), as gdelt_events.ingest_files writes them; "compacted": one part per day.
    """
    per_file = max(1, events_per_day // 96)
    table = synthetic_events(rows, np.random.default_rng(seed), per_file=per_file)
    step = per_file if layout == "ingest" else per_file * 96
    parts = 0
    for start in range(0, rows, step):
        chunk = table.slice(start, step)
        moment = chunk["DATEADDED"][0].as_py()
        target = folder / f"day={moment:%Y-%m-%d}" / f"part-{moment:%Y%m%d%H%M%S}-0.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(chunk, target)
        parts += 1
    return parts


def synthetic_events(rows: int, rng: np.random.Generator, *, per_file: int) -> pa.Table:
    """Events in DATEADDED order; event dates mostly that day, a tail reaching a year back."""
    codes = np.array(list(COUNTRIES), dtype=object)
    weights = np.array(list(COUNTRIES.values()), dtype=float)
    actor1 = _actors(rng, codes, weights / weights.sum(), rows)
    actor2 = _actors(rng, codes, weights / weights.sum(), rows)
    quad = rng.choice(np.arange(1, 5), size=rows, p=QUAD_WEIGHTS).astype(np.int8)
    low = np.array([GOLDSTEIN_RANGE[q][0] for q in (1, 2, 3, 4)])[quad - 1]
    high = np.array([GOLDSTEIN_RANGE[q][1] for q in (1, 2, 3, 4)])[quad - 1]
    quarter = (np.arange(rows) // per_file).astype("timedelta64[m]") * 15
    added = FIRST_MOMENT + quarter
    lag = np.where(rng.random(rows) < 0.85, rng.integers(0, 2, rows), rng.integers(2, 366, rows))
    root = np.array(["01", "07", "11", "19"], dtype=object)[quad - 1]
    code = np.array(["010", "070", "110", "190"], dtype=object)[quad - 1]
    ids = pa.array(np.arange(1_100_000_000, 1_100_000_000 + rows, dtype=np.int64))
    columns: dict[str, Any] = {
        "GLOBALEVENTID": ids,
        "SQLDATE": added.astype("datetime64[D]") - lag.astype("timedelta64[D]"),
        "Actor1Code": actor1,
        "Actor1CountryCode": actor1,
        "Actor2Code": actor2,
        "Actor2CountryCode": actor2,
        "IsRootEvent": rng.random(rows) < 0.4,
        "EventCode": code,
        "EventBaseCode": code,
        "EventRootCode": root,
        "QuadClass": quad,
        "GoldsteinScale": np.round(low + (high - low) * rng.random(rows), 1),
        "NumMentions": rng.geometric(0.3, size=rows).astype(np.int32),
        "NumSources": rng.geometric(0.6, size=rows).astype(np.int32),
        "NumArticles": rng.geometric(0.3, size=rows).astype(np.int32),
        "AvgTone": rng.normal(-1.5, 3.0, size=rows),
        "ActionGeo_Type": rng.integers(1, 5, size=rows).astype(np.int8),
        "ActionGeo_CountryCode": np.full(rows, "RI", dtype=object),
        "ActionGeo_Lat": rng.uniform(41.0, 46.0, size=rows),
        "ActionGeo_Long": rng.uniform(18.0, 23.0, size=rows),
        "DATEADDED": added.astype("datetime64[us]"),
        "SOURCEURL": pc.binary_join_element_wise(
            "https://example.org/news/", pc.cast(ids, pa.string()), ""
        ),
    }
    schema = pa.schema([_plain(field) for field in EVENT_SCHEMA.to_arrow()])
    return pa.Table.from_arrays([_array(columns[f.name], f.type) for f in schema], schema=schema)


def _array(values: Any, kind: pa.DataType) -> pa.Array:
    return values.cast(kind) if isinstance(values, pa.Array) else pa.array(values, type=kind)


def _plain(field: pa.Field) -> pa.Field:
    """Polars' string_view as plain string, as the ingest's Parquet parts hold it."""
    return field.with_type(pa.string()) if pa.types.is_string_view(field.type) else field


def _actors(rng: np.random.Generator, codes: Any, p: Any, rows: int) -> Any:
    drawn = rng.choice(codes, size=rows, p=p)
    drawn[rng.random(rows) < 0.25] = None  # a quarter of actors have no country
    return drawn


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.parquet"))


# --- the three computations -----------------------------------------------------------------------


def ours(table: Any) -> pd.DataFrame:
    return index.collect(index.escalation_index(table, index.dyad("XKX", "SRB"), freq="week"))


def hand_sql(con: duckdb.DuckDBPyConnection, events_dir: Path) -> pd.DataFrame:
    parts = (events_dir / engines.EVENT_PARTS_GLOB).as_posix()
    return con.execute(INDEX_SQL.format(parts=parts)).df()


def with_pandas(events_dir: Path) -> pd.DataFrame:
    frame = pd.read_parquet(events_dir, columns=PANDAS_COLUMNS)
    first, second = frame["Actor1CountryCode"], frame["Actor2CountryCode"]
    a_to_b = (first == "KOS") & (second == "SRB")
    pair = frame[a_to_b | ((first == "SRB") & (second == "KOS"))]
    dates = pd.to_datetime(pair["SQLDATE"])
    pair = pair.assign(
        period=dates - pd.to_timedelta(dates.dt.day_of_week, unit="D"),
        a_to_b=a_to_b[pair.index],
        weighted=pair["GoldsteinScale"] * pair["NumMentions"],
        material=(pair["QuadClass"] == 4).astype(float),
        verbal=(pair["QuadClass"] == 3).astype(float),
        cooperation=pair["QuadClass"].isin([1, 2]).astype(float),
    )
    weekly = pair.groupby("period").agg(
        events=("a_to_b", "size"),
        events_a_to_b=("a_to_b", "sum"),
        mentions=("NumMentions", "sum"),
        weighted=("weighted", "sum"),
        material_conflict_share=("material", "mean"),
        verbal_conflict_share=("verbal", "mean"),
        cooperation_share=("cooperation", "mean"),
        tone_mean=("AvgTone", "mean"),
    )
    weekly["events_b_to_a"] = weekly["events"] - weekly["events_a_to_b"]
    weekly["goldstein_mean"] = weekly.pop("weighted") / weekly["mentions"]
    weekly["composite"] = _composite(weekly)
    return weekly.reset_index()


def _composite(weekly: pd.DataFrame) -> pd.Series:
    def z(column: str) -> pd.Series:
        values = weekly[column]
        spread = values.std()
        return (values - values.mean()) / spread if spread > 0 else values * 0.0

    return (z("material_conflict_share") - z("goldstein_mean") - z("tone_mean")) / 3


# --- timing and checking --------------------------------------------------------------------------


def compare(events_dir: Path, repeat: int) -> tuple[dict[str, Any], pd.DataFrame]:
    """Time every computation, alternating; check every answer against the hand-written SQL."""
    backend = engines.duckdb_engine()
    table = engines.events_table(backend, events_dir)  # opened once, like the SQL connection
    con = duckdb.connect()
    compiled = backend.compile(index.escalation_index(table, index.dyad("XKX", "SRB")))
    runs: dict[str, Callable[[], pd.DataFrame]] = {
        "ours_ibis_duckdb": lambda: ours(table),
        "ours_opening_the_events_table_too": lambda: ours(
            engines.events_table(backend, events_dir)
        ),
        # Our compiled SQL run as it is: the query alone, without Ibis' building and compiling.
        "ours_sql_without_ibis": lambda: backend.con.sql(compiled).to_arrow_table().to_pandas(),
        "hand_written_duckdb_sql": lambda: hand_sql(con, events_dir),
        "pandas": lambda: with_pandas(events_dir),
    }
    results = {name: run() for name, run in runs.items()}  # warm-up, and the answers
    times: dict[str, list[float]] = {name: [] for name in runs}
    order = list(runs)
    shuffle = random.Random(repeat)
    for _ in range(repeat):
        shuffle.shuffle(order)  # no computation always runs right after the same other one
        for name in order:
            began = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - began)
    reference = results["hand_written_duckdb_sql"]
    # Ratios are taken round by round (the runs of one round are seconds apart, under the same
    # load from other processes), then their median: steadier than a ratio of medians.
    ratio = _paired(times["ours_ibis_duckdb"], times["hand_written_duckdb_sql"])
    speedup = _paired(times["pandas"], times["ours_ibis_duckdb"])
    same = {name: same_index(result, reference) for name, result in results.items()}
    figures: dict[str, Any] = {
        name: {
            "median_s": round(statistics.median(values), 4),
            "best_s": round(min(values), 4),
        }
        for name, values in times.items()
    }
    figures.update(
        weeks=len(reference),
        pair_events=int(reference["events"].sum()),
        repeat=repeat,
        ours_vs_hand_sql={"ratio": round(ratio, 3), "goal_max": GOAL_VS_SQL},
        ours_vs_pandas={"speedup": round(speedup, 2), "goal_min": GOAL_VS_PANDAS},
        same_numbers=same,
        met=ratio <= GOAL_VS_SQL and speedup >= GOAL_VS_PANDAS and all(same.values()),
    )
    return figures, reference


def _paired(numerators: list[float], denominators: list[float]) -> float:
    """The median of the round-by-round ratios."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def same_index(result: pd.DataFrame, reference: pd.DataFrame) -> bool:
    """The same periods and values (floats to 1e-9) whatever the engine's dtypes."""
    columns = list(index.INDEX_COLUMNS)
    left = result[columns].sort_values("period", ignore_index=True)
    right = reference[columns].sort_values("period", ignore_index=True)
    left["period"] = pd.to_datetime(left["period"]).astype("datetime64[ns]")
    right["period"] = pd.to_datetime(right["period"]).astype("datetime64[ns]")
    try:
        pd.testing.assert_frame_equal(
            left.astype(dict.fromkeys(columns[1:], "float64")),
            right.astype(dict.fromkeys(columns[1:], "float64")),
            check_exact=False,
            rtol=0,
            atol=1e-9,
        )
    except AssertionError:
        return False
    return True


def spark_figures(events_dir: Path, reference: pd.DataFrame) -> dict[str, Any]:
    """Spark local[2]: start-up, the index twice (the first pays for JIT and file listing)."""
    try:
        began = time.perf_counter()
        backend = engines.spark_engine("local[2]")
        started = time.perf_counter() - began
    except Exception as error:  # a missing extra or Java is reported, not fatal
        return {"skipped": str(error)}
    runs = []
    result = pd.DataFrame()
    for _ in range(2):
        began = time.perf_counter()
        result = ours(engines.events_table(backend, events_dir))
        runs.append(time.perf_counter() - began)
    engines.stop_spark()
    return {
        "startup_s": round(started, 2),
        "first_run_s": round(runs[0], 3),
        "second_run_s": round(runs[1], 3),
        "same_numbers_as_duckdb": same_index(result, reference),
    }


if __name__ == "__main__":
    sys.exit(main())

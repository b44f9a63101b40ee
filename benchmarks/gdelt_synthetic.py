"""Write synthetic GDELT 2.0 event export files (61 tab-separated columns, no header).

The values follow the shapes of the real data, not its content: events added quarter hour by
quarter hour at GDELT's pace (150,000 a day by default, so 5 M rows cover about a month; rows in
DATEADDED order, as GDELT publishes them), event dates mostly the day they were added with a tail
reaching a year back, actor codes built from CAMEO country codes (SRB, KOS,
ALB, USA, RUS …) and roles, event codes with their leading zeros drawn with a realistic skew
towards statements and consultations, QuadClass and Goldstein score taken from GDELT's codebook
for the drawn code, tone, mention counts, geography (FIPS codes, coordinates) and source URLs.
Every value is a deterministic hash of the row number, so a seed always writes the same bytes.

    python benchmarks/gdelt_synthetic.py --rows 5000000 --out /tmp/synthetic.export.CSV
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import polars as pl

from powderkeg.sources.cameo import Codebook, load_codebook
from powderkeg.sources.gdelt_events import COLUMNS_V2

DEFAULT_CODEBOOK_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt"
BATCH_ROWS = 250_000
FIRST_EVENT_ID = 1_150_000_000
FIRST_ADDED = datetime(2024, 1, 1)
EVENTS_PER_DAY = 150_000  # GDELT 2.0 adds some 100-200 thousand events a day

# CAMEO country code, name, FIPS code, capital, latitude, longitude, GNS feature id, draw weight.
COUNTRIES: tuple[tuple[str, str, str, str, float, float, str, int], ...] = (
    ("SRB", "SERBIA", "RI", "Belgrade", 44.8186, 20.4681, "-74897", 14),
    ("KOS", "KOSOVO", "KV", "Pristina", 42.6727, 21.1669, "-95066", 10),
    ("ALB", "ALBANIA", "AL", "Tirana", 41.3275, 19.8189, "-3198", 5),
    ("BIH", "BOSNIA", "BK", "Sarajevo", 43.8486, 18.3564, "-81408", 4),
    ("HRV", "CROATIA", "HR", "Zagreb", 45.8144, 15.978, "-101597", 3),
    ("MNE", "MONTENEGRO", "MJ", "Podgorica", 42.4411, 19.2636, "-88001", 2),
    ("MKD", "MACEDONIA", "MK", "Skopje", 41.9964, 21.4314, "-1068411", 2),
    ("USA", "UNITED STATES", "US", "Washington", 38.8951, -77.0364, "531871", 16),
    ("RUS", "RUSSIA", "RS", "Moscow", 55.7522, 37.6156, "-2960561", 10),
    ("UKR", "UKRAINE", "UP", "Kyiv", 50.4333, 30.5167, "-1044367", 6),
    ("DEU", "GERMANY", "GM", "Berlin", 52.5167, 13.4, "-1746443", 4),
    ("FRA", "FRANCE", "FR", "Paris", 48.8667, 2.3333, "-1456928", 3),
    ("GBR", "UNITED KINGDOM", "UK", "London", 51.5, -0.1167, "-2601889", 4),
    ("CHN", "CHINA", "CH", "Beijing", 39.9289, 116.388, "-1898541", 5),
    ("TUR", "TURKEY", "TU", "Ankara", 39.9272, 32.8644, "-736092", 3),
)
ROLES = ("", "", "GOV", "GOV", "MIL", "COP", "OPP", "BUS", "MED", "LEG", "JUD", "CVL")
# Relative frequency of each root code, roughly as in the real export files.
ROOT_WEIGHTS = {
    "01": 20, "02": 5, "03": 6, "04": 20, "05": 6, "06": 2, "07": 2, "08": 3, "09": 1, "10": 2,
    "11": 5, "12": 2, "13": 2, "14": 2, "15": 1, "16": 2, "17": 6, "18": 3, "19": 6, "20": 1,
}  # fmt: skip
SITES = (
    "b92.net", "rts.rs", "koha.net", "balkaninsight.com", "reuters.com", "apnews.com", "tass.com",
    "rferl.org", "euronews.com", "n1info.rs", "top-channel.tv", "nytimes.com", "dw.com",
)  # fmt: skip
SECTIONS = ("news", "world/europe", "politics", "eng/news", "region", "article")
SLUGS = (
    "leaders-meet-in-brussels", "border-crossing-closed", "police-deployed-in-north",
    "talks-resume-on-normalisation", "troops-on-alert", "protest-in-capital",
    "minister-condemns-attack", "sanctions-announced", "aid-convoy-arrives", "election-results",
)  # fmt: skip
EMPTY_ACTOR_PER_MILLE = 250


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--out", type=Path, required=True, help="the .export.CSV file to write")
    parser.add_argument("--seed", type=int, default=20240101)
    parser.add_argument("--events-per-day", type=int, default=EVENTS_PER_DAY)
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip, as GDELT does")
    parser.add_argument("--codebook-dir", type=Path, default=DEFAULT_CODEBOOK_DIR)
    args = parser.parse_args(argv)
    codebook = read_codebook(args.codebook_dir)
    write_export(
        args.out, args.rows, codebook=codebook, seed=args.seed, events_per_day=args.events_per_day
    )
    if args.zip:
        zip_export(args.out)
    return 0


def read_codebook(folder: Path) -> Codebook:
    return load_codebook(folder / "CAMEO.eventcodes.txt", folder / "CAMEO.goldsteinscale.txt")


def write_export(
    path: Path,
    rows: int,
    *,
    codebook: Codebook,
    seed: int = 20240101,
    events_per_day: int = EVENTS_PER_DAY,
) -> None:
    """Write `rows` synthetic events to `path` (tab-separated, no header, LF line ends)."""
    codes = code_table(codebook)
    with path.open("wb") as handle:
        for start in range(0, rows, BATCH_ROWS):
            size = min(BATCH_ROWS, rows - start)
            batch = synthetic_batch(start, size, codes, seed=seed, events_per_day=events_per_day)
            batch.write_csv(
                handle,
                separator="\t",
                include_header=False,
                quote_style="never",
                line_terminator="\n",
            )


def zip_export(path: Path) -> Path:
    """`<path>.zip` holding `path` under its own name, as GDELT packs each export."""
    target = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, arcname=path.name)
    return target


# --- lookup tables --------------------------------------------------------------------------------


def code_table(codebook: Codebook) -> pl.DataFrame:
    """One row per draw slot: a code repeats in proportion to its root's weight over its size."""
    rows: list[tuple[str, str, str, int, float]] = []
    for root, weight in ROOT_WEIGHTS.items():
        members = [entry for entry in codebook.codes.values() if entry.root == root]
        slots = max(1, round(weight * 600 / len(members)))
        for entry in members:
            row = (entry.code, entry.base, entry.root, entry.quad_class, entry.goldstein)
            rows.extend([row] * slots)
    return pl.DataFrame(
        rows,
        schema={
            "EventCode": pl.String,
            "EventBaseCode": pl.String,
            "EventRootCode": pl.String,
            "QuadClass": pl.Int8,
            "GoldsteinScale": pl.Float64,
        },
        orient="row",
    )


def _countries() -> pl.DataFrame:
    rows = [row for row in COUNTRIES for _ in range(row[-1])]
    names = ("cc", "name", "fips", "city", "lat", "long", "feature", "weight")
    return pl.DataFrame(rows, schema=list(names), orient="row").drop("weight")


# --- one batch ------------------------------------------------------------------------------------


def _draw(salt: int, seed: int) -> pl.Expr:
    """A pseudo-random unsigned integer per row, fixed by the row number, `salt` and `seed`."""
    return (pl.col("row") * 1_000_003 + salt).hash(seed)


def _pick(table: pl.DataFrame, salt: int, seed: int) -> pl.Expr:
    return (_draw(salt, seed) % table.height).cast(pl.Int64)


def synthetic_batch(
    start: int, size: int, codes: pl.DataFrame, *, seed: int, events_per_day: int
) -> pl.DataFrame:
    frame = pl.DataFrame({"row": pl.int_range(start, start + size, eager=True)})
    countries = _countries()
    frame = frame.with_columns(
        _pick(codes, 1, seed).alias("code_slot"),
        _pick(countries, 2, seed).alias("a1"),
        _pick(countries, 3, seed).alias("a2"),
        _pick(countries, 4, seed).alias("geo"),
    )
    frame = _join_slot(frame, codes, "code_slot", "")
    for slot, prefix in (("a1", "a1_"), ("a2", "a2_"), ("geo", "g_")):
        frame = _join_slot(frame, countries, slot, prefix)
    batch = frame.select(_columns(seed, events_per_day))
    assert tuple(batch.columns) == COLUMNS_V2, "the columns must be GDELT 2.0's, in order"
    return batch


def _join_slot(frame: pl.DataFrame, table: pl.DataFrame, slot: str, prefix: str) -> pl.DataFrame:
    indexed = table.rename({name: prefix + name for name in table.columns}).with_row_index(slot)
    return frame.join(indexed.with_columns(pl.col(slot).cast(pl.Int64)), on=slot, how="left")


def _columns(seed: int, events_per_day: int) -> list[pl.Expr]:
    added = _date_added(events_per_day)
    event_day = (added.dt.date() - pl.duration(days=_lag_days(seed))).alias("event_day")
    return [
        (pl.col("row") + FIRST_EVENT_ID).alias("GLOBALEVENTID"),
        event_day.dt.strftime("%Y%m%d").alias("SQLDATE"),
        event_day.dt.strftime("%Y%m").alias("MonthYear"),
        event_day.dt.year().alias("Year"),
        (event_day.dt.year() + (event_day.dt.ordinal_day() - 1) / 365)
        .round(4)
        .alias("FractionDate"),
        *_actor("Actor1", "a1_", 10, seed),
        *_actor("Actor2", "a2_", 20, seed),
        (_draw(30, seed) % 3 == 0).cast(pl.Int8).alias("IsRootEvent"),
        pl.col("EventCode"),
        pl.col("EventBaseCode"),
        pl.col("EventRootCode"),
        pl.col("QuadClass"),
        pl.col("GoldsteinScale"),
        *_counts(seed),
        ((_draw(34, seed) % 2_000_000).cast(pl.Float64) / 100_000 - 12.0).alias("AvgTone"),
        *_geo("Actor1Geo", "a1_", 40, seed),
        *_geo("Actor2Geo", "a2_", 50, seed),
        *_geo("ActionGeo", "g_", 60, seed),
        added.dt.strftime("%Y%m%d%H%M%S").alias("DATEADDED"),
        _source_url(seed).alias("SOURCEURL"),
    ]


def _date_added(events_per_day: int) -> pl.Expr:
    """Rows in order over consecutive quarter hours, `events_per_day` a day, as GDELT adds them."""
    slot = pl.col("row") * 96 // max(events_per_day, 1)
    return pl.lit(FIRST_ADDED) + pl.duration(minutes=slot * 15)


def _lag_days(seed: int) -> pl.Expr:
    """Days between the event and its report: 0 mostly, 1 often, up to a year rarely."""
    draw = _draw(7, seed) % 1000
    spread = _draw(8, seed)
    return (
        pl.when(draw < 700)
        .then(0)
        .when(draw < 900)
        .then(1)
        .when(draw < 970)
        .then(spread % 29 + 2)
        .otherwise(spread % 335 + 31)
    )


def _actor(name: str, prefix: str, salt: int, seed: int) -> list[pl.Expr]:
    empty = _draw(salt, seed) % 1000 < EMPTY_ACTOR_PER_MILLE
    role = pl.lit(pl.Series(ROLES)).get((_draw(salt + 1, seed) % len(ROLES)).cast(pl.Int64))
    country = pl.when(empty).then(pl.lit("")).otherwise(pl.col(prefix + "cc"))
    blank = pl.lit("")
    return [
        pl.concat_str(country, role).alias(f"{name}Code"),
        pl.when(empty).then(blank).otherwise(pl.col(prefix + "name")).alias(f"{name}Name"),
        country.alias(f"{name}CountryCode"),
        blank.alias(f"{name}KnownGroupCode"),
        blank.alias(f"{name}EthnicCode"),
        blank.alias(f"{name}Religion1Code"),
        blank.alias(f"{name}Religion2Code"),
        role.alias(f"{name}Type1Code"),
        blank.alias(f"{name}Type2Code"),
        blank.alias(f"{name}Type3Code"),
    ]


def _counts(seed: int) -> list[pl.Expr]:
    articles = (pl.lit(1) + (_draw(31, seed) % 64) // ((_draw(32, seed) % 8) + 1)).cast(pl.Int32)
    return [
        (articles + _draw(33, seed) % 3).cast(pl.Int32).alias("NumMentions"),
        pl.max_horizontal(pl.lit(1), articles // 2).alias("NumSources"),
        articles.alias("NumArticles"),
    ]


def _geo(name: str, prefix: str, salt: int, seed: int) -> list[pl.Expr]:
    """Country-level (type 1) or city-level (type 4) places; one in ten rows without a place."""
    draw = _draw(salt, seed) % 10
    missing, country_level = draw == 0, draw < 5

    def cell(suffix: str, country: pl.Expr, city: pl.Expr) -> pl.Expr:
        value = pl.when(country_level).then(country).otherwise(city)
        return pl.when(missing).then(None).otherwise(value).alias(f"{name}_{suffix}")

    fips, title = pl.col(prefix + "fips"), pl.col(prefix + "name").str.to_titlecase()
    city = pl.concat_str(pl.col(prefix + "city"), pl.lit(", "), title)
    adm2 = (_draw(salt + 2, seed) % 90000).cast(pl.String)
    jitter = (_draw(salt + 1, seed) % 2000).cast(pl.Float64) / 10_000
    latitude = (pl.col(prefix + "lat") + jitter).round(4)
    longitude = (pl.col(prefix + "long") - jitter).round(4)
    return [
        pl.when(missing).then(0).when(country_level).then(1).otherwise(4).alias(f"{name}_Type"),
        cell("FullName", title, city),
        cell("CountryCode", fips, fips),
        cell("ADM1Code", fips, fips + "00"),
        cell("ADM2Code", pl.lit(""), adm2),
        cell("Lat", latitude, latitude),
        cell("Long", longitude, longitude),
        cell("FeatureID", fips, pl.col(prefix + "feature")),
    ]


def _source_url(seed: int) -> pl.Expr:
    def one_of(values: Sequence[str], salt: int) -> pl.Expr:
        return pl.lit(pl.Series(values)).get((_draw(salt, seed) % len(values)).cast(pl.Int64))

    return pl.concat_str(
        pl.lit("https://www."),
        one_of(SITES, 70),
        pl.lit("/"),
        one_of(SECTIONS, 71),
        pl.lit("/"),
        one_of(SLUGS, 72),
        pl.lit("-"),
        (_draw(73, seed) % 10_000_000).cast(pl.String),
        pl.lit(".html"),
    )


if __name__ == "__main__":
    sys.exit(main())

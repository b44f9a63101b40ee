"""The public Python API. The CLI and the web app are thin wrappers over these functions.

Every function opens the store (default: $POWDERKEG_HOME or the user data dir; `db=` moves it), builds
it from the bundled offline extract on first use, and returns pandas DataFrames or plain dicts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from powderkeg import indicators
from powderkeg.bundle import build_bundle as write_bundle
from powderkeg.bundle import bundle_dir, ensure_bundled_records, ensure_default_store, load_bundle
from powderkeg.claims import CheckReport, read_article
from powderkeg.claims.with_store import check_against_store
from powderkeg.entities import Crosswalk
from powderkeg.errors import QueryError
from powderkeg.indicators import Selection, register
from powderkeg.pipeline import IngestReport
from powderkeg.pipeline import add_records as add_records_file
from powderkeg.pipeline import ingest as ingest_file
from powderkeg.pipeline import remove_records as remove_records_file
from powderkeg.reports.annotated_article import annotated_page
from powderkeg.sources.registry import source_ids, source_spec
from powderkeg.store import Store
from powderkeg.store.queries import snapshots
from powderkeg.store.register import RecordsLoad, collections

if TYPE_CHECKING:  # httpx loads only for downloads
    import httpx

DbPath = Path | str | None


_SESSION: ContextVar[Store | None] = ContextVar("powderkeg_session", default=None)


@contextmanager
def opened(db: DbPath = None) -> Iterator[Store]:
    """The store at `db` (or the default), filled from the bundled extract if it is empty.

    Inside `session()` for the same store, the session's open store is used.
    """
    active = _SESSION.get()
    if active is not None and (db is None or Path(db) == active.path):
        yield active
        return
    with Store(Path(db) if db is not None else None) as store:
        ensure_default_store(store)
        yield store


@contextmanager
def session(db: DbPath = None) -> Iterator[None]:
    """Keep one store open for every API call inside the block: many calls, one open.

    Faster for batches (checking many articles); the store stays locked for writes by other
    processes until the block ends.
    """
    with Store(Path(db) if db is not None else None) as store:
        ensure_default_store(store)
        token = _SESSION.set(store)
        try:
            yield
        finally:
            _SESSION.reset(token)


def entity_ids(tokens: Sequence[str]) -> list[str]:
    """Ids for user tokens such as "kosovo", "XK", "SRB" (QueryError with suggestions if unknown)."""
    crosswalk = Crosswalk.bundled()
    return [crosswalk.parse_query(token) for token in tokens]


def measures() -> dict[str, str]:
    """Every measure `spending` answers, with a one-line description."""
    return dict(indicators.ALL_MEASURES)


def spending(
    *entities: str,
    measure: str = "current_usd",
    start: int | None = None,
    end: int | None = None,
    year: int | None = None,
    vintage: str | None = None,
    all_vintages: bool = False,
    base_year: int | None = None,
    currency: str | None = None,
    db: DbPath = None,
) -> pd.DataFrame:
    """Military spending (or a related measure) of `entities`, one row per entity-year."""
    if year is not None:
        start = end = year
    selection = Selection(vintage=vintage, all_vintages=all_vintages)
    with opened(db) as store:
        return indicators.spending(
            store,
            entity_ids(entities),
            measure,
            start=start,
            end=end,
            selection=selection,
            base_year=base_year,
            currency=currency,
        )


def compare(
    region: str = "western-balkans",
    *,
    year: int,
    measure: str = "share_gdp",
    vintage: str | None = None,
    regions: Mapping[str, Sequence[str]] | None = None,
    db: DbPath = None,
) -> pd.DataFrame:
    """Members of `region` ranked on `measure` in `year`, with the regional median."""
    user_regions = {name: entity_ids(members) for name, members in (regions or {}).items()}
    with opened(db) as store:
        return indicators.compare(
            store,
            region=region,
            year=year,
            measure=measure,
            selection=Selection(vintage=vintage),
            regions=user_regions,
        )


def cagr(
    *entities: str, start: int, end: int, measure: str = "constant_usd", db: DbPath = None
) -> pd.DataFrame:
    """Compound annual growth rate of `measure` from `start` to `end`, per entity."""
    with opened(db) as store:
        return indicators.cagr(store, entity_ids(entities), start=start, end=end, measure=measure)


def explain(
    entity: str,
    measure: str,
    year: int,
    *,
    vintage: str | None = None,
    base_year: int | None = None,
    db: DbPath = None,
) -> dict[str, Any]:
    """A value with its lineage: raw file, sha256, sheet/row/column or line, and inputs."""
    (entity_id,) = entity_ids([entity])
    with opened(db) as store:
        return indicators.explain(
            store,
            entity_id,
            measure,
            year,
            selection=Selection(vintage=vintage),
            base_year=base_year,
        )


def source_files(db: DbPath = None) -> pd.DataFrame:
    """Every raw file the store holds values from: publisher, vintage, licence, sha256, count."""
    with opened(db) as store:
        return snapshots(store)


def ingest(
    source_id: str,
    path: Path | str,
    *,
    vintage: str | None = None,
    db: DbPath = None,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Load a public file you already have; the same file twice adds nothing."""
    with opened(db) as store:
        return ingest_file(store, source_id, Path(path), vintage=vintage, progress=progress)


def fetch(
    source_id: str,
    *,
    client: httpx.Client | None = None,
    cache_dir: Path | None = None,
    refresh: bool = False,
    db: DbPath = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> list[IngestReport]:
    """Download a source's public files (cached) and ingest them."""
    from powderkeg.sources.fetch import default_cache_dir, make_client
    from powderkeg.sources.fetch import fetch as download

    spec = source_spec(source_id)
    own_client = client is None
    http = client or make_client()
    try:
        paths = [
            download(
                url,
                client=http,
                cache_dir=cache_dir or default_cache_dir(),
                expect=spec.expect,
                refresh=refresh,
                on_progress=on_progress,
            ).path
            for url in spec.download_urls
        ]
    finally:
        if own_client:
            http.close()
    with opened(db) as store:
        return [ingest_file(store, source_id, path) for path in paths]


def rebuild(db: DbPath = None) -> int:
    """Create or refresh the store from the bundled extract; return the values added."""
    with Store(Path(db) if db is not None else None) as store:
        return load_bundle(store) + ensure_bundled_records(store)


def known_sources() -> list[str]:
    """The source ids `ingest` and `fetch` accept."""
    return source_ids()


def build_bundle(
    shared_data: Path, out: Path | None = None, *, progress: Callable[[str], None] | None = None
) -> tuple[int, Path]:
    """Rebuild the offline extract from the public files; return (values written, folder)."""
    target = out or bundle_dir()
    return write_bundle(shared_data, target, progress=progress), target


def profile(entity: str, *, db: DbPath = None) -> pd.DataFrame:
    """Every pillar of a country's militarization, one line per item, each with its source."""
    (entity_id,) = entity_ids([entity])
    with opened(db) as store:
        return register.profile(store, entity_id)


def timeline(
    *entities: str,
    since: int | None = None,
    kinds: Sequence[str] | None = None,
    db: DbPath = None,
) -> pd.DataFrame:
    """Register items (curated records and arms orders/deliveries) of one or two sides, by date."""
    with opened(db) as store:
        return register.timeline(store, entity_ids(entities), since=since, kinds=kinds)


def transfers(
    *,
    recipient: str | None = None,
    supplier: str | None = None,
    by: str = "supplier",
    start: int | None = None,
    end: int | None = None,
    basis: Literal["delivered", "ordered"] = "delivered",
    db: DbPath = None,
) -> pd.DataFrame:
    """Arms imports of `recipient` (or exports of `supplier`) in SIPRI TIV — not US$ — grouped."""
    if (recipient is None) == (supplier is None):
        raise QueryError("give exactly one of recipient or supplier")
    side: Literal["recipient", "supplier"] = "recipient" if recipient else "supplier"
    (entity_id,) = entity_ids([recipient or supplier or ""])
    with opened(db) as store:
        return register.transfer_summary(
            store, entity_id, side=side, by=by, start=start, end=end, basis=basis
        )


def supplier_dependency(recipient: str, *, start: int, end: int, db: DbPath = None) -> pd.DataFrame:
    """Supplier shares of delivered arms (TIV) and the Herfindahl–Hirschman index (0–10,000)."""
    (entity_id,) = entity_ids([recipient])
    with opened(db) as store:
        return register.supplier_dependency(store, entity_id, start=start, end=end)


def add_records(path: Path | str, *, db: DbPath = None) -> RecordsLoad:
    """Validate your own records file and load it (provenance "user"); bundled records untouched."""
    with opened(db) as store:
        return add_records_file(store, Path(path))


def remove_records(name: str, *, db: DbPath = None) -> int:
    """Remove the records loaded from your file `name`; return how many were removed."""
    with opened(db) as store:
        return remove_records_file(store, name)


def record_collections(db: DbPath = None) -> pd.DataFrame:
    """The record collections in the store: the bundled one and each user file."""
    with opened(db) as store:
        return collections(store)


def check(text: str, *, db: DbPath = None) -> CheckReport:
    """Every numeric claim of `text` and every check made: internal arithmetic and the store."""
    with opened(db) as store:
        return check_against_store(text, store)


def check_source(
    source: str, *, client: httpx.Client | None = None, db: DbPath = None
) -> CheckReport:
    """Check an article from a file (.txt, .md, .html), a URL, or "-" for standard input."""
    from powderkeg.sources.fetch import make_client

    is_url = source.startswith(("http://", "https://"))
    http = client or (make_client() if is_url else None)
    try:
        article = read_article(
            source, client=http, stdin=sys.stdin.buffer if source == "-" else None
        )
    finally:
        if http is not None and client is None:
            http.close()
    return check(article.text, db=db)


def annotated_article(report: CheckReport, *, title: str = "Claims checked by powderkeg") -> str:
    """The checked article as a standalone HTML page, claims highlighted by verdict."""
    return annotated_page(report, title=title)
